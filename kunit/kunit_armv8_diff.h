/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "<fmt>_diff": an armv8 build against the kernel's own
 * io-pgtable (io-pgtable-arm.c) for every configuration both implement.
 * Both tables get the same configuration and the same sequence of random
 * maps into empty ranges (every page size, every prot) and unmaps; then
 * both trees are walked with the spec's decoder (kunit/spec_armv8.h):
 * every leaf must be bit-identical, every table descriptor identical but
 * for its address, iova_to_phys must agree on every probe, and hw_info
 * must give the register values io-pgtable put in its cfg. The sequence,
 * the model and the walk are shared with the other formats compared
 * with io-pgtable (kunit/kunit_iopt_diff.h); this file has the armv8
 * configurations and descriptor hooks, and the register comparison.
 *
 * Where our contract deliberately differs, the sequence avoids the case
 * and kunit/kunit_armv8.h checks our behaviour instead:
 *  - io-pgtable keeps a lower table whose leaves were all unmapped; we
 *    free a table an unmap covers entirely. The walk accepts an empty
 *    item of ours against a table of theirs with no leaf below it.
 *  - io-pgtable installs exactly the page size it is given; we choose
 *    the largest leaves alignment and length allow. io-pgtable is driven
 *    with the greedy split the IOMMU core makes, ours with granules.
 *  - io-pgtable replaces a table with a block silently (freeing live
 *    leaves) and WARNs on a map over a leaf; we refuse both with
 *    -EADDRINUSE. The sequence only maps into empty ranges.
 *  - io-pgtable splits a block on a partial unmap; we remove the whole
 *    leaf. The sequence unmaps whole mappings.
 *  - io-pgtable never writes the contiguous hint; our tables run with
 *    PT_FEAT_ARMV8_CONTIG off here.
 */
#include <linux/sizes.h>

#include "kunit_iopt_diff.h"

/* Configurations both have; quirks IO_PGTABLE_QUIRK_ARM_NS / _TTBR1 */
#define KDIFF(f, i, o) \
	{ .name = #f "_ias" #i "_oas" #o, .fmt = f, .ias = i, .oas = o }
#define KDIFF_Q(f, i, o, q, qname) \
	{ .name = #f "_ias" #i "_oas" #o "_" qname, .fmt = f, .ias = i, \
	  .oas = o, .quirks = q }

static const struct kdiff_cfg kdiff_cfgs[] = {
#if KSPEC_MALI
	KDIFF(ARM_MALI_LPAE, 48, 40),
	KDIFF(ARM_MALI_LPAE, 39, 40),
	KDIFF(ARM_MALI_LPAE, 33, 36),
#elif KSPEC_GRANULE_LG2 == 12
	KDIFF(ARM_64_LPAE_S1, 48, 48),
	KDIFF(ARM_64_LPAE_S1, 39, 44),
	KDIFF(ARM_64_LPAE_S1, 36, 40),
	KDIFF_Q(ARM_64_LPAE_S1, 48, 48, IO_PGTABLE_QUIRK_ARM_NS, "ns"),
#if BITS_PER_LONG == 64 /* TTBR1 IOVAs need 64 bits */
	KDIFF_Q(ARM_64_LPAE_S1, 39, 48, IO_PGTABLE_QUIRK_ARM_TTBR1, "ttbr1"),
	KDIFF_Q(ARM_64_LPAE_S1, 36, 40, IO_PGTABLE_QUIRK_ARM_TTBR1, "ttbr1"),
#endif
	KDIFF(ARM_64_LPAE_S2, 48, 48),
	KDIFF(ARM_64_LPAE_S2, 44, 48),
	KDIFF(ARM_64_LPAE_S2, 42, 44),
	KDIFF(ARM_64_LPAE_S2, 40, 40),
	KDIFF(ARM_64_LPAE_S2, 32, 40),
	KDIFF(ARM_32_LPAE_S1, 32, 40),
	KDIFF(ARM_32_LPAE_S2, 40, 40),
	KDIFF(ARM_32_LPAE_S2, 35, 40),
#elif KSPEC_GRANULE_LG2 == 14
	KDIFF(ARM_64_LPAE_S1, 48, 48),
	KDIFF(ARM_64_LPAE_S1, 47, 44),
	KDIFF(ARM_64_LPAE_S1, 36, 40),
#if BITS_PER_LONG == 64 /* TTBR1 IOVAs need 64 bits */
	KDIFF_Q(ARM_64_LPAE_S1, 47, 48, IO_PGTABLE_QUIRK_ARM_TTBR1, "ttbr1"),
#endif
	KDIFF(ARM_64_LPAE_S2, 48, 48),
	KDIFF(ARM_64_LPAE_S2, 40, 40),
	KDIFF(ARM_64_LPAE_S2, 36, 42),
#else
	KDIFF(ARM_64_LPAE_S1, 48, 48),
	KDIFF(ARM_64_LPAE_S1, 52, 52),
	KDIFF(ARM_64_LPAE_S1, 42, 40),
#if BITS_PER_LONG == 64 /* TTBR1 IOVAs need 64 bits */
	KDIFF_Q(ARM_64_LPAE_S1, 48, 48, IO_PGTABLE_QUIRK_ARM_TTBR1, "ttbr1"),
#endif
	KDIFF(ARM_64_LPAE_S2, 48, 48),
	KDIFF(ARM_64_LPAE_S2, 52, 52),
	KDIFF(ARM_64_LPAE_S2, 40, 40),
#endif
};

KPT_NAMED_PARAMS(kdiff_cfg, kdiff_cfgs, kdiff_cfg);

static bool kdiff_is_s2(const struct kdiff_cfg *c)
{
	return c->fmt == ARM_64_LPAE_S2 || c->fmt == ARM_32_LPAE_S2;
}

/* The cfg of our table that matches @c */
static void kdiff_our_cfg(const struct kdiff_cfg *c, PT_IOMMU_CFG_T *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->common.hw_max_vasz_lg2 = c->ias;
	cfg->common.hw_max_oasz_lg2 = c->oas;
	if (kdiff_is_s2(c))
		cfg->common.features |= BIT(PT_FEAT_ARMV8_S2);
	if (c->quirks & IO_PGTABLE_QUIRK_ARM_NS)
		cfg->common.features |= BIT(PT_FEAT_ARMV8_NS);
	if (c->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
		cfg->common.features |= BIT(PT_FEAT_ARMV8_TTBR1);
}

static u64 kdiff_granule_sizes(void)
{
	switch (KSPEC_GRANULE_LG2) {
	case 12:
		return SZ_4K | SZ_2M | SZ_1G;
	case 14:
		return SZ_16K | SZ_32M;
	default:
		return SZ_64K | SZ_512M | BIT_ULL(42);
	}
}

static int kdiff_init(struct kunit *test)
{
	const struct kdiff_cfg *c = test->param_value;
	struct kdiff *d = kdiff_alloc(test, sizeof(*d));
	PT_IOMMU_CFG_T cfg;
	u64 prefix = 0;

	if (!d)
		return -ENOMEM;
	kdiff_our_cfg(c, &cfg);
	if (c->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
		prefix = ~(BIT_ULL(c->ias) - 1);
	return kdiff_setup(d, &cfg, prefix, kdiff_granule_sizes());
}

/* The hooks of kunit_iopt_diff.h, from the spec's decoder */
static u64 kdiff_fmt_item(const void *table, unsigned int index)
{
	return READ_ONCE(((const u64 *)table)[index]);
}

static bool kdiff_fmt_valid(struct kdiff *d, u64 item, unsigned int level)
{
	return item & KSPEC_VALID;
}

static bool kdiff_fmt_is_leaf(struct kdiff *d, u64 item, unsigned int level)
{
	return kspec_arm_is_leaf(item, level);
}

static void *kdiff_fmt_table(struct kdiff *d, u64 item, unsigned int level)
{
	return phys_to_virt(kspec_arm_addr(item));
}

static u64 kdiff_fmt_table_addr(struct kdiff *d, unsigned int level)
{
	return kspec_arm_addr_field(GENMASK_ULL(KSPEC_MAX_OA_LG2 - 1, 0));
}

static unsigned int kdiff_fmt_items_lg2(struct kdiff *d, unsigned int level,
					bool top)
{
	const struct kdiff_cfg *c = d->c;

	if (top)
		return kspec_arm_top_items_lg2(c->ias, kdiff_is_s2(c));
	return KSPEC_LEVEL_BITS;
}

static unsigned int kdiff_fmt_top_level(struct kdiff *d)
{
	const struct kdiff_cfg *c = d->c;

	return kspec_arm_start_level(c->ias, kdiff_is_s2(c));
}

/* io-pgtable's top table, from the register value it computed */
static void *kdiff_fmt_their_top(struct kdiff *d)
{
	const struct kdiff_cfg *c = d->c;
	u64 reg;

	if (c->fmt == ARM_MALI_LPAE)
		reg = d->icfg.arm_mali_lpae_cfg.transtab & GENMASK_ULL(47, 12);
	else if (kdiff_is_s2(c))
		reg = d->icfg.arm_lpae_s2_cfg.vttbr;
	else
		reg = d->icfg.arm_lpae_s1_cfg.ttbr;
	return phys_to_virt(reg);
}

/* hw_info gives the values io-pgtable put in its cfg */
static void kdiff_test_hw_info(struct kunit *test)
{
	struct kdiff *d = test->priv;
	const struct kdiff_cfg *c = d->c;
	struct pt_iommu_armv8_hw_info info;
	u64 our_top = virt_to_phys((void *)(kpt_common(&d->kd)->top_of_table &
					    ~(uintptr_t)PT_TOP_LEVEL_MASK));
	u64 their_top = virt_to_phys(kdiff_fmt_their_top(d));

	PT_API(hw_info)(&d->kd.fmt_table, &info);
	KUNIT_EXPECT_EQ(test, info.levels,
			kspec_arm_start_level(c->ias, kdiff_is_s2(c)) + 1);
	if (c->fmt == ARM_MALI_LPAE) {
		struct io_pgtable_cfg *i = &d->icfg;

		KUNIT_EXPECT_EQ(test, info.ttbr - our_top,
				i->arm_mali_lpae_cfg.transtab - their_top);
		KUNIT_EXPECT_EQ(test, info.mair, i->arm_mali_lpae_cfg.memattr);
	} else if (kdiff_is_s2(c)) {
		typeof(d->icfg.arm_lpae_s2_cfg) *s2 = &d->icfg.arm_lpae_s2_cfg;

		KUNIT_EXPECT_EQ(test, info.ttbr, our_top);
		KUNIT_EXPECT_EQ(test, s2->vttbr, their_top);
		KUNIT_EXPECT_EQ(test, info.ps, (u8)s2->vtcr.ps);
		KUNIT_EXPECT_EQ(test, info.tg, (u8)s2->vtcr.tg);
		KUNIT_EXPECT_EQ(test, info.sh, (u8)s2->vtcr.sh);
		KUNIT_EXPECT_EQ(test, info.orgn, (u8)s2->vtcr.orgn);
		KUNIT_EXPECT_EQ(test, info.irgn, (u8)s2->vtcr.irgn);
		KUNIT_EXPECT_EQ(test, info.sl, (u8)s2->vtcr.sl);
		KUNIT_EXPECT_EQ(test, info.tsz, (u8)s2->vtcr.tsz);
		KUNIT_EXPECT_EQ(test, info.mair, 0);
	} else {
		typeof(d->icfg.arm_lpae_s1_cfg) *s1 = &d->icfg.arm_lpae_s1_cfg;

		KUNIT_EXPECT_EQ(test, info.ttbr, our_top);
		KUNIT_EXPECT_EQ(test, s1->ttbr, their_top);
		KUNIT_EXPECT_EQ(test, info.ps, (u8)s1->tcr.ips);
		KUNIT_EXPECT_EQ(test, info.tg, (u8)s1->tcr.tg);
		KUNIT_EXPECT_EQ(test, info.sh, (u8)s1->tcr.sh);
		KUNIT_EXPECT_EQ(test, info.orgn, (u8)s1->tcr.orgn);
		KUNIT_EXPECT_EQ(test, info.irgn, (u8)s1->tcr.irgn);
		KUNIT_EXPECT_EQ(test, info.tsz, (u8)s1->tcr.tsz);
		/*
		 * Named difference: 6.1 computes the MAIR byte of index 3
		 * (0xf4 << 24) in int, which sign-extends into bits 63:32,
		 * the attributes of indexes 4-7 that no leaf uses. Ours
		 * leaves them 0; the used bytes must match.
		 */
		KUNIT_EXPECT_EQ(test, info.mair, s1->mair & GENMASK_ULL(31, 0));
		KUNIT_EXPECT_EQ(test, info.mair >> 32, 0);
	}
	/* The same page sizes, and the same aperture */
	KUNIT_EXPECT_EQ(test, d->kd.domain.pgsize_bitmap,
			d->icfg.pgsize_bitmap);
	KUNIT_EXPECT_EQ(test, d->kd.domain.geometry.aperture_start,
			d->kd.iova_prefix);
	KUNIT_EXPECT_EQ(test, d->kd.domain.geometry.aperture_end,
			min_t(u64, d->kd.iova_prefix | (BIT_ULL(c->ias) - 1),
			      ULONG_MAX));
}

static struct kunit_case kdiff_cases[] = {
	KUNIT_CASE_PARAM(kdiff_test_hw_info, kdiff_cfg_gen_params),
	KUNIT_CASE_PARAM(kdiff_test_sequence, kdiff_cfg_gen_params),
	{}
};

static struct kunit_suite kdiff_suite = {
	.name = __stringify(PTPFX) "diff",
	.init = kdiff_init,
	.exit = kdiff_exit,
	.test_cases = kdiff_cases,
};

kunit_test_suites(&kdiff_suite);
