/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "<fmt>_diff": a dart build against the kernel's own
 * io-pgtable (io-pgtable-dart.c, APPLE_DART and APPLE_DART2) with the
 * same granule, input width and encoding, for 1, 2 and 4 TTBRs (with
 * 16K pages on a 32-bit kernel only 1: see KDART_DIFF_TTBRS). The
 * random sequence, the model and the side-by-side walk are those of
 * kunit/kunit_iopt_diff.h; this file has the DART configurations, the
 * descriptor hooks (from kunit/spec_dart.h), the TTBR comparison and
 * maps across L2 table and TTBR boundaries, which the shared sequence's
 * clustered small maps do not reach.
 *
 * Our TTBR level has no io-pgtable counterpart in memory: io-pgtable
 * keeps the L1 tables in an array and reports them in apple_dart_cfg.
 * The walk compares our TTBR items with table descriptors made from
 * those ttbr[] values, so each of ours must point to a table whose
 * whole subtree matches the one io-pgtable reached through that TTBR.
 *
 * Where our contract deliberately differs, the sequence avoids the case
 * and kunit/kunit_dart.h checks our behaviour instead:
 *  - io-pgtable never frees an L2 table before the whole table goes; we
 *    free one an unmap empties. The walk accepts an empty item of ours
 *    against a table of theirs with no leaf below it.
 *  - io-pgtable accepts DART2 with 4K pages and drops PA bits 13:12; we
 *    refuse PT_FEAT_DART_V2 in the 4K build (-EOPNOTSUPP).
 *  - io-pgtable accepts APPLE_DART with a 42-bit output and truncates
 *    addresses above bit 35; we refuse a DART1 output beyond 36 bits
 *    (-ERANGE). It also refuses an input wider than the output, so the
 *    16K DART1 cases with 2 and 4 TTBRs give io-pgtable a 42-bit output
 *    while ours has 36, and every PA of the sequence stays below 2^35.
 *  - io-pgtable WARNs on a map over a leaf and on an unmap of a hole;
 *    we return -EADDRINUSE and stop at the hole. The sequence only maps
 *    into empty ranges and unmaps whole mappings.
 *  - io-pgtable maps and unmaps at most to the end of one L2 table per
 *    call; ours takes the whole range. io-pgtable is called again for
 *    the rest, as the IOMMU core does.
 */
#include "kunit_iopt_diff.h"

#define KDART_DIFF(f, i, o, io) \
	{ .name = #f "_ias" #i, .fmt = f, .ias = i, .oas = o, .their_oas = io }

/*
 * io-pgtable-dart finds an IOVA's TTBR by shifting the unsigned long IOVA
 * right by KSPEC_TTBR_SHIFT (dart_get_table()), 36 with 16K pages. On a
 * 32-bit kernel that is a shift by more than the type's width, undefined
 * in C: i386 shifts by 36 mod 32 = 4 and so looks an IOVA with bit 4 or 5
 * set up in TTBR 1 to 3, where nothing is mapped, while arm happens to
 * give 0. With one TTBR the index is masked to 0 whatever the shift gave;
 * with several the kernel has no defined answer, so there is nothing to
 * compare with. Our own dart suite runs those widths on every kernel.
 */
#define KDART_DIFF_TTBRS (KSPEC_TTBR_SHIFT < BITS_PER_LONG)

/* Configurations both have; DART1 above 36 bits of ours is 42 of theirs */
static const struct kdiff_cfg kdart_diff_cfgs[] = {
#if KSPEC_GRANULE_LG2 == 12
	KDART_DIFF(APPLE_DART, 30, 36, 36),
	KDART_DIFF(APPLE_DART, 31, 36, 36),
	KDART_DIFF(APPLE_DART, 32, 36, 36),
#else
	KDART_DIFF(APPLE_DART, 36, 36, 36),
#if KDART_DIFF_TTBRS
	KDART_DIFF(APPLE_DART, 37, 36, 42),
	KDART_DIFF(APPLE_DART, 38, 36, 42),
#endif
	KDART_DIFF(APPLE_DART2, 36, 42, 42),
#if KDART_DIFF_TTBRS
	KDART_DIFF(APPLE_DART2, 37, 42, 42),
	KDART_DIFF(APPLE_DART2, 38, 42, 42),
#endif
#endif
};

KPT_NAMED_PARAMS(kdart_diff_cfg, kdart_diff_cfgs, kdiff_cfg);

/**
 * struct kdart_diff - state of one dart differential case
 * @d: the shared part with our domain, test->priv points here
 * @their_ttbrs: io-pgtable's ttbr[] as table descriptors, the top of
 *   their side of the walk
 */
struct kdart_diff {
	struct kdiff d;
	u64 their_ttbrs[KSPEC_MAX_TTBRS];
};

static struct kdart_diff *kdart_diff(struct kdiff *d)
{
	return container_of(d, struct kdart_diff, d);
}

static bool kdart_diff_v2(struct kdiff *d)
{
	return d->c->fmt == APPLE_DART2;
}

static int kdart_diff_init(struct kunit *test)
{
	const struct kdiff_cfg *c = test->param_value;
	struct kdiff *d = kdiff_alloc(test, sizeof(struct kdart_diff));
	struct pt_iommu_dart_cfg cfg = {
		.common.hw_max_vasz_lg2 = c->ias,
		.common.hw_max_oasz_lg2 = c->oas,
		.common.features = c->fmt == APPLE_DART2 ? KDART_V2 : 0,
	};

	if (!d)
		return -ENOMEM;
	/* Four regions of the whole input space: every TTBR is used */
	d->region_lg2 = c->ias - 2;
	return kdiff_setup(d, &cfg, 0, KPT_GSZ);
}

/* The hooks of kunit_iopt_diff.h; level 2 is the TTBR level */
static u64 kdiff_fmt_item(const void *table, unsigned int index)
{
	return READ_ONCE(((const u64 *)table)[index]);
}

static bool kdiff_fmt_valid(struct kdiff *d, u64 item, unsigned int level)
{
	return item & KSPEC_DART_VALID;
}

static bool kdiff_fmt_is_leaf(struct kdiff *d, u64 item, unsigned int level)
{
	return level == 0;
}

static void *kdiff_fmt_table(struct kdiff *d, u64 item, unsigned int level)
{
	return phys_to_virt(kspec_dart_desc_to_pa(item, kdart_diff_v2(d)));
}

static u64 kdiff_fmt_table_addr(struct kdiff *d, unsigned int level)
{
	return kspec_dart_pa_to_desc(U64_MAX, kdart_diff_v2(d));
}

static unsigned int kdiff_fmt_items_lg2(struct kdiff *d, unsigned int level,
					bool top)
{
	if (top)
		return ilog2(kspec_dart_n_ttbrs(d->c->ias));
	return KSPEC_TABLE_ITEMS_LG2;
}

static unsigned int kdiff_fmt_top_level(struct kdiff *d)
{
	return 2;
}

static void *kdiff_fmt_their_top(struct kdiff *d)
{
	struct kdart_diff *a = kdart_diff(d);
	unsigned int i;

	for (i = 0; i != d->icfg.apple_dart_cfg.n_ttbrs; i++)
		a->their_ttbrs[i] =
			kspec_dart_table(d->icfg.apple_dart_cfg.ttbr[i],
					 kdart_diff_v2(d));
	return a->their_ttbrs;
}

/*
 * hw_info gives what io-pgtable put in apple_dart_cfg: as many TTBRs,
 * each a bare table address, and each the table the TTBR's IOVAs reach
 * on its side: a page mapped in every TTBR's range on both shows up in
 * the L1 table that TTBR names, on both.
 */
static void kdiff_test_hw_info(struct kunit *test)
{
	struct kdiff *d = test->priv;
	unsigned int n = kspec_dart_n_ttbrs(d->c->ias), i;
	const u64 *ours_top = (const u64 *)(kpt_common(&d->kd)->top_of_table &
					    ~(uintptr_t)PT_TOP_LEVEL_MASK);
	struct pt_iommu_dart_hw_info info;
	u64 *theirs = d->icfg.apple_dart_cfg.ttbr;

	d->sizes = KPT_GSZ;
	prandom_seed_state(&d->rnd, 0xda27ULL);
	PT_API(hw_info)(&d->kd.fmt_table, &info);
	KUNIT_ASSERT_EQ(test, info.n_ttbrs, d->icfg.apple_dart_cfg.n_ttbrs);
	KUNIT_ASSERT_EQ(test, info.n_ttbrs, n);
	for (i = 0; i != KSPEC_MAX_TTBRS; i++) {
		u64 iova = (u64)i << KSPEC_TTBR_SHIFT | KPT_GSZ;
		u64 l1 = kspec_dart_l1_index(iova);

		/* Non-address bits: none on either side */
		KUNIT_EXPECT_EQ(test, info.ttbr[i] & (KPT_GSZ - 1),
				theirs[i] & (KPT_GSZ - 1));
		if (i >= n) {
			KUNIT_EXPECT_EQ(test, info.ttbr[i], 0);
			KUNIT_EXPECT_EQ(test, theirs[i], 0);
			continue;
		}
		KUNIT_EXPECT_EQ(test, info.ttbr[i],
				kspec_dart_desc_to_pa(ours_top[i],
						      kdart_diff_v2(d)));
		kdiff_map(d, iova, KPT_GSZ, KPT_GSZ, IOMMU_READ);
		KUNIT_EXPECT_TRUE(test, kdiff_fmt_item(phys_to_virt(info.ttbr[i]),
						       l1) & KSPEC_DART_VALID);
		KUNIT_EXPECT_TRUE(test, kdiff_fmt_item(phys_to_virt(theirs[i]),
						       l1) & KSPEC_DART_VALID);
		kdiff_compare_trees(d);
	}
	while (d->model.num)
		kdiff_random_unmap(d);
	kdiff_compare_trees(d);
	KUNIT_EXPECT_EQ(test, d->kd.domain.pgsize_bitmap,
			d->icfg.pgsize_bitmap);
	KUNIT_EXPECT_EQ(test, d->kd.domain.geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, d->kd.domain.geometry.aperture_end,
			min_t(u64, BIT_ULL(d->c->ias) - 1, ULONG_MAX));
}

/*
 * Maps across the end of an L2 table and across the end of a TTBR's
 * range (io-pgtable needs one call per L2 table there), and of a whole
 * L2 table, which our unmap frees and io-pgtable keeps; compared, probed
 * and unmapped on both; in every TTBR.
 */
static void kdiff_test_boundaries(struct kunit *test)
{
	struct kdiff *d = test->priv;
	unsigned int n = kspec_dart_n_ttbrs(d->c->ias), i, k = 0;
	/* One L2 table maps this much */
	u64 l2_span = BIT_ULL(KPT_G + KSPEC_TABLE_ITEMS_LG2);
	u64 ends[2 * KSPEC_MAX_TTBRS];

	d->sizes = KPT_GSZ;
	prandom_seed_state(&d->rnd, 0xda27ULL + test->param_index);
	for (i = 0; i != n; i++) {
		ends[k++] = ((u64)i << KSPEC_TTBR_SHIFT) + 3 * l2_span;
		if (i)
			ends[k++] = (u64)i << KSPEC_TTBR_SHIFT;
	}
	for (i = 0; i != k; i++) {
		int prot = i % 3 == 0 ? IOMMU_READ :
			   i % 3 == 1 ? IOMMU_WRITE :
					IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE;

		/* PAs from 1G up, within phys_addr_t */
		kdiff_map(d, ends[i] - 3 * KPT_GSZ,
			  (((u64)(i + 1) << 30) & PHYS_ADDR_MAX) +
				  5 * KPT_GSZ,
			  7 * KPT_GSZ, prot);
		kdiff_compare_trees(d);
	}
	/* A whole L2 table per TTBR: we free it on unmap, io-pgtable keeps it */
	for (i = 0; i != n; i++)
		kdiff_map(d, ((u64)i << KSPEC_TTBR_SHIFT) + 8 * l2_span,
			  BIT_ULL(30), l2_span, IOMMU_READ | IOMMU_WRITE);
	kdiff_compare_trees(d);
	while (d->model.num)
		kdiff_random_unmap(d);
	kdiff_compare_trees(d);
	KUNIT_EXPECT_GT(test, d->leaves_cmp, 0);
	KUNIT_EXPECT_EQ(test, d->kept, n);
	kunit_info(test, "%u boundary maps, %lu probes, %lu leaf and %lu table entries compared, %lu kept tables\n",
		   k + n, d->probes, d->leaves_cmp, d->tables_cmp, d->kept);
}

static struct kunit_case kdart_diff_cases[] = {
	KUNIT_CASE_PARAM(kdiff_test_hw_info, kdart_diff_cfg_gen_params),
	KUNIT_CASE_PARAM(kdiff_test_boundaries, kdart_diff_cfg_gen_params),
	KUNIT_CASE_PARAM(kdiff_test_sequence, kdart_diff_cfg_gen_params),
	{}
};

static struct kunit_suite kdart_diff_suite = {
	.name = __stringify(PTPFX) "diff",
	.init = kdart_diff_init,
	.exit = kdiff_exit,
	.test_cases = kdart_diff_cases,
};

kunit_test_suites(&kdart_diff_suite);
