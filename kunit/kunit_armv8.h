/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suites of an armv8 build (kunit/test_armv8_*.c): "<fmt>_diff"
 * against the kernel's io-pgtable (kunit/kunit_armv8_diff.h) and
 * "<fmt>_arm", the behaviours io-pgtable does not have or where our
 * contract deliberately differs: contiguous runs, DBM dirty tracking,
 * upper-half tables, concatenated stage-2 tops, literal register values,
 * and map over an existing table or leaf. Expected values come from
 * kunit/spec_armv8.h and literal facts of the architecture, never from
 * fmt/armv8.h. Every case checks that no table page is left afterwards.
 */
#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "spec_armv8.h"

#include "kunit_domain.h"
#include "kunit_armv8_diff.h"

#define KARM_S2 BIT(PT_FEAT_ARMV8_S2)
#define KARM_TTBR1 BIT(PT_FEAT_ARMV8_TTBR1)
#define KARM_CONTIG BIT(PT_FEAT_ARMV8_CONTIG)
#define KARM_DBM BIT(PT_FEAT_ARMV8_DBM)

/* Configurations of the behaviour suite: enum pt_armv8_features bits */
static const struct kpt_case_cfg karm_cfgs[] = {
#if KSPEC_MALI
	{ "mali_ias48_oas40", 0, 48, 40 },
	{ "mali_ias39_oas40", 0, 39, 40 },
#else
	{ "s1_ias48_contig_dbm", KARM_CONTIG | KARM_DBM, 48,
	  KSPEC_MAX_OA_LG2 },
#if BITS_PER_LONG == 64
	/* Beyond a 32-bit unsigned long: karm_test_upper_half_api */
	{ "s1_ias36_ttbr1_contig", KARM_TTBR1 | KARM_CONTIG, 36, 40 },
	{ "s1_ias40_ttbr1_dbm", KARM_TTBR1 | KARM_DBM, 40, 44 },
#endif
	{ "s2_ias40_contig", KARM_S2 | KARM_CONTIG, 40, 40 },
	{ "s2_ias48", KARM_S2, 48, 48 },
#endif
};

KPT_NAMED_PARAMS(karm_cfg, karm_cfgs, kpt_case_cfg);

/* A case: the table of the parameter, IOVAs in its half of the space */
static int karm_init(struct kunit *test)
{
	int ret = kpt_case_init(test);
	struct kpt_case *a = test->priv;

	if (a && a->kd && (a->c->features & KARM_TTBR1))
		a->kd->iova_prefix = ~(BIT_ULL(a->c->ias) - 1);
	return ret;
}

static bool karm_s2(struct kpt_case *a)
{
	return a->c->features & KARM_S2;
}

static struct pt_common *karm_common(struct kpt_case *a)
{
	return kpt_common(a->kd);
}

static u64 *karm_top(struct kpt_case *a)
{
	return kpt_top_table(a->kd);
}

/*
 * The leaf item holding @iova, found by walking the table with the spec's
 * decoder; NULL when nothing maps it.
 */
static u64 *karm_find_item(struct kpt_case *a, u64 iova, unsigned int *level)
{
	unsigned int lvl = kspec_arm_start_level(a->c->ias, karm_s2(a));
	unsigned int bits = kspec_arm_top_items_lg2(a->c->ias, karm_s2(a));
	u64 *table = karm_top(a);

	while (true) {
		u64 *item = &table[(iova >> kspec_item_lg2(lvl)) &
				   (BIT_ULL(bits) - 1)];

		if (!(*item & KSPEC_VALID))
			return NULL;
		if (kspec_arm_is_leaf(*item, lvl)) {
			*level = lvl;
			return item;
		}
		table = phys_to_virt(kspec_arm_addr(*item));
		bits = KSPEC_LEVEL_BITS;
		lvl--;
	}
}

/*
 * The page sizes: the architecture's for the granule, plus the contiguous
 * runs with PT_FEAT_ARMV8_CONTIG, within the input width.
 */
static void karm_test_pgsizes(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	u64 expect = 0, start, end, sizes;
	unsigned int level;
	int ret;

	for (level = 0; level != KSPEC_MAX_LEVELS; level++)
		expect |= kspec_arm_level_sizes(level,
						a->c->features & KARM_CONTIG,
						a->c->oas);
	expect &= BIT_ULL(a->c->ias) - 1;
	/* No page longer than an unsigned long (a 32-bit kernel) */
	expect &= ULONG_MAX;
	KUNIT_EXPECT_EQ(test, a->kd->domain.pgsize_bitmap, expect);
	/* Literal: with the contiguous hint 4K offers 64K and 32M */
	if (KSPEC_GRANULE_LG2 == 12 && (a->c->features & KARM_CONTIG))
		KUNIT_EXPECT_EQ(test, expect & (SZ_64K | SZ_32M),
				SZ_64K | SZ_32M);
	KUNIT_EXPECT_EQ(test, a->kd->domain.geometry.aperture_start,
			a->kd->iova_prefix);
	KUNIT_EXPECT_EQ(test, a->kd->domain.geometry.aperture_end,
			min_t(u64, a->kd->iova_prefix | (BIT_ULL(a->c->ias) - 1),
			      ULONG_MAX));

	/*
	 * With 32-bit IOVA types: an upper-half table is refused, a lower
	 * half one ends at 4G - 1
	 */
	sizes = a->kd->domain.pgsize_bitmap;
	ret = pt_api_geometry(karm_common(a), U32_MAX, &start, &end, &sizes);
	if (a->kd->iova_prefix) {
		KUNIT_EXPECT_EQ(test, ret, -EOVERFLOW);
		return;
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, start, 0);
	KUNIT_EXPECT_EQ(test, end, min_t(u64, BIT_ULL(a->c->ias) - 1,
					 U32_MAX));
	KUNIT_EXPECT_EQ(test, sizes, expect & U32_MAX);
}

/*
 * Every contiguous size: all items of the run carry the contiguous bit
 * and their own consecutive output address, the translation holds across
 * the run, an unmap of one granule removes all of it, and a run whose
 * items are not all empty is refused.
 */
static void karm_test_contig(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	u64 sizes = a->kd->domain.pgsize_bitmap;
	u64 bits = kspec_arm_prot_bits(karm_s2(a), false, a->c->features & KARM_DBM,
				       KPT_RW);
	unsigned int level, tested = 0;

	for (level = 0; level != KSPEC_MAX_LEVELS; level++) {
		unsigned int run_lg2 = kspec_arm_contig_lg2(level);
		unsigned int lg2 = kspec_item_lg2(level) + run_lg2;
		u64 size = BIT_ULL(lg2), iova = 3 * size;
		u64 pa = BIT_ULL(a->oa_lg2 - 2) + 5 * size;
		unsigned int i, item_level;
		u64 *item;

		/* Within the IOVAs and PAs this kernel's types hold */
		if (!run_lg2 || !(sizes & size) ||
		    4 * size > BIT_ULL(a->va_lg2) ||
		    6 * size > BIT_ULL(a->oa_lg2 - 1))
			continue;
		KUNIT_ASSERT_TRUE(test, a->c->features & KARM_CONTIG);
		KUNIT_ASSERT_EQ(test,
				kpt_map_pages(a->kd, iova, pa, size, KPT_RW),
				0);
		item = karm_find_item(a, iova, &item_level);
		KUNIT_ASSERT_NOT_NULL(test, item);
		KUNIT_ASSERT_EQ(test, item_level, level);
		for (i = 0; i != BIT(run_lg2); i++)
			KUNIT_EXPECT_EQ_MSG(test, item[i],
					    kspec_arm_leaf_item(pa, lg2, level,
								bits, i),
					    "level %u item %u", level, i);
		KUNIT_EXPECT_EQ(test, item[BIT(run_lg2)], 0);
		KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova + size - 1),
				pa + size - 1);
		KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova + size / 2 + 8),
				pa + size / 2 + 8);

		/* A granule in the last item: the run cannot go there */
		KUNIT_ASSERT_EQ(test, kpt_unmap_pages(a->kd, iova, KPT_GSZ),
				size);
		KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova + size - 1), 0);
		KUNIT_ASSERT_EQ(test,
				kpt_map_pages(a->kd, iova + size - KPT_GSZ, pa,
					      KPT_GSZ, KPT_RW),
				0);
		KUNIT_EXPECT_EQ(test,
				kpt_map_pages(a->kd, iova, pa, size, KPT_RW),
				-EADDRINUSE);
		KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova), 0);
		KUNIT_EXPECT_EQ(test,
				kpt_unmap_pages(a->kd, iova + size - KPT_GSZ,
						KPT_GSZ),
				KPT_GSZ);
		tested++;
	}
	KUNIT_EXPECT_EQ(test, tested > 0, !!(a->c->features & KARM_CONTIG));
}

struct karm_dirty {
	struct pt_iommu_dirty_bitmap bitmap;
	unsigned int num;
	u64 iova;
	u64 len;
};

static void karm_dirty_record(struct pt_iommu_dirty_bitmap *bitmap, u64 iova,
			      u64 len)
{
	struct karm_dirty *d = container_of(bitmap, struct karm_dirty, bitmap);

	d->num++;
	d->iova = iova;
	d->len = len;
}

static unsigned int karm_harvest(struct kpt_case *a, u64 iova, u64 len,
				 unsigned long flags, struct karm_dirty *d)
{
	struct iommu_iotlb_gather gather;

	memset(d, 0, sizeof(*d));
	d->bitmap.record = karm_dirty_record;
	iommu_iotlb_gather_init(&gather);
	d->bitmap.gather = &gather;
	if (PT_API(read_and_clear_dirty)(&a->kd->domain, a->kd->iova_prefix | iova, len,
					 flags, &d->bitmap))
		return UINT_MAX;
	iommu_iotlb_sync(&a->kd->domain, &gather);
	return d->num;
}

/*
 * DBM: a writable leaf is written clean (DBM and AP[2] set); the walker's
 * write clears AP[2] (done here through set_dirty, as the hardware would,
 * in the last item of a run); the harvest reports the leaf once at full
 * size and sets AP[2] again. A read-only leaf has no DBM.
 */
static void karm_test_dirty(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	struct pt_iommu *pt = &a->kd->fmt_table.iommu;
	bool contig = a->c->features & KARM_CONTIG;
	u64 size = contig ? BIT_ULL(KPT_G + kspec_arm_contig_lg2(0)) : KPT_GSZ;
	u64 iova = 8 * size, pa = BIT_ULL(a->oa_lg2 - 1);
	unsigned int level, i;
	struct karm_dirty d;
	u64 *item;

	if (!(a->c->features & KARM_DBM)) {
		/* Without DBM the table does not track dirty leaves */
		KUNIT_ASSERT_EQ(test,
				kpt_map_pages(a->kd, iova, pa, KPT_GSZ, KPT_RW),
				0);
		KUNIT_EXPECT_EQ(test, pt->ops->set_dirty(pt, a->kd->iova_prefix | iova),
				-EOPNOTSUPP);
		KUNIT_EXPECT_EQ(test, karm_harvest(a, iova, KPT_GSZ, 0, &d),
				UINT_MAX);
		KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, iova, KPT_GSZ),
				KPT_GSZ);
		return;
	}
	KUNIT_ASSERT_EQ(test, kpt_map_pages(a->kd, iova, pa, size, KPT_RW), 0);
	item = karm_find_item(a, iova, &level);
	KUNIT_ASSERT_NOT_NULL(test, item);
	for (i = 0; i != size >> KPT_G; i++)
		KUNIT_EXPECT_EQ(test, item[i] & (KSPEC_DBM | KSPEC_AP2),
				KSPEC_DBM | KSPEC_AP2);
	/* The whole input range, or the longest a 32-bit size_t holds */
	KUNIT_EXPECT_EQ(test,
			karm_harvest(a, 0,
				     BIT_ULL(min_t(unsigned int, a->c->ias,
						   BITS_PER_LONG - 1)),
				     0, &d), 0);

	KUNIT_ASSERT_EQ(test, pt->ops->set_dirty(pt, a->kd->iova_prefix | (iova + size - 1)),
			0);
	KUNIT_EXPECT_EQ(test, item[(size >> KPT_G) - 1] & KSPEC_AP2, 0);
	KUNIT_EXPECT_EQ(test,
			karm_harvest(a, iova, KPT_GSZ, PT_IOMMU_DIRTY_NO_CLEAR,
				     &d), 1);
	/* Reported only where the leaf overlaps the range harvested */
	KUNIT_EXPECT_EQ(test, d.iova, a->kd->iova_prefix | iova);
	KUNIT_EXPECT_EQ(test, d.len, KPT_GSZ);
	KUNIT_EXPECT_EQ(test, karm_harvest(a, iova, size, 0, &d), 1);
	for (i = 0; i != size >> KPT_G; i++)
		KUNIT_EXPECT_EQ(test, item[i] & KSPEC_AP2, KSPEC_AP2);
	KUNIT_EXPECT_EQ(test, karm_harvest(a, iova, size, 0, &d), 0);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, iova, size), size);

	/* Read only: AP[2] without DBM, cannot become dirty */
	KUNIT_ASSERT_EQ(test,
			kpt_map_pages(a->kd, iova, pa, KPT_GSZ, IOMMU_READ), 0);
	item = karm_find_item(a, iova, &level);
	KUNIT_ASSERT_NOT_NULL(test, item);
	KUNIT_EXPECT_EQ(test, *item & (KSPEC_DBM | KSPEC_AP2), KSPEC_AP2);
	KUNIT_EXPECT_EQ(test, pt->ops->set_dirty(pt, a->kd->iova_prefix | iova), -EPERM);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, iova, KPT_GSZ), KPT_GSZ);
}

/*
 * The top table: an upper-half table indexes it with the bits below the
 * input width only (IOVAs below the prefix are refused), a concatenated
 * stage-2 top takes the last item of its last granule for the highest
 * IOVA, and the highest and lowest IOVAs translate.
 */
static void karm_test_top(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	unsigned int ias = a->c->ias;
	unsigned int start = kspec_arm_start_level(ias, karm_s2(a));
	unsigned int bits = kspec_arm_top_items_lg2(ias, karm_s2(a));
	/* The last IOVA an unsigned long holds, and its top item */
	u64 last = BIT_ULL(a->va_lg2) - KPT_GSZ, pa = BIT_ULL(a->oa_lg2 - 1);
	unsigned int idx = (last >> kspec_item_lg2(start)) & (BIT(bits) - 1);
	u64 *top = karm_top(a);
	size_t mapped = 0;

	KUNIT_ASSERT_EQ(test, karm_common(a)->top_of_table & PT_TOP_LEVEL_MASK,
			start);
	KUNIT_ASSERT_EQ(test, kpt_map_pages(a->kd, last, pa, KPT_GSZ, KPT_RW),
			0);
	KUNIT_ASSERT_EQ(test, kpt_map_pages(a->kd, 0, pa, KPT_GSZ, KPT_RW), 0);
	KUNIT_EXPECT_EQ(test, top[idx] & KSPEC_VALID, KSPEC_VALID);
	KUNIT_EXPECT_EQ(test, top[0] & KSPEC_VALID, KSPEC_VALID);
	KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, last + 7), pa + 7);
	KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, 9), pa + 9);
	if (karm_s2(a) && ias == 40 && KSPEC_GRANULE_LG2 == 12) {
		/* Literal: two concatenated 4K tables at Arm level 1 */
		KUNIT_EXPECT_EQ(test, start, 2);
		KUNIT_EXPECT_EQ(test, bits, 10);
	}
	if (a->kd->iova_prefix) {
		/* Below the upper half, and the lower half, are outside */
		KUNIT_EXPECT_EQ(test,
				a->kd->domain.ops->map_pages(&a->kd->domain,
							     last, pa, KPT_GSZ,
							     1, KPT_RW,
							     GFP_KERNEL,
							     &mapped),
				-ERANGE);
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&a->kd->domain, 9), 0);
		KUNIT_EXPECT_EQ(test, mapped, 0);
	}
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, last, KPT_GSZ), KPT_GSZ);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, 0, KPT_GSZ), KPT_GSZ);
}

/*
 * Where io-pgtable differs on purpose: a block over a table with a live
 * leaf is refused (io-pgtable frees the table and its leaf), over an
 * emptied table it replaces the table, and a map over a leaf is
 * -EADDRINUSE without a WARN (io-pgtable: WARN and -EEXIST). A partial
 * unmap of a block removes the whole block (io-pgtable splits it).
 */
static void karm_test_contract(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	u64 block = BIT_ULL(kspec_item_lg2(1));
	u64 iova = 2 * block, pa = BIT_ULL(a->oa_lg2 - 2);

	KUNIT_ASSERT_LE(test, 4 * block, BIT_ULL(a->c->ias));
	kpt_check_block_over_table(test, a->kd, iova, pa, block);
	/* One granule at its end removes the whole block */
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, iova, KPT_GSZ), block);
	KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova + block - 1), 0);
}

/*
 * Register values as literal facts: for 4K stage 1 with 48 bits in and
 * out, T0SZ 16, TG0 0, IPS 0b101, inner shareable write-back walks and
 * MAIR 0xf404ff44; for 4K stage 2 with 40 bits a three-level walk from
 * SL0 1; for Mali TRANSTAB is the address with mode 3, inner read and
 * outer shareable, and MEMATTR 0x888d88.
 */
static void karm_test_hw_literal(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	struct pt_iommu_armv8_hw_info info;
	u64 top = virt_to_phys(karm_top(a));

	PT_API(hw_info)(&a->kd->fmt_table, &info);
	if (KSPEC_MALI) {
		KUNIT_EXPECT_EQ(test, info.ttbr, top | 0x17);
		KUNIT_EXPECT_EQ(test, info.mair, 0x888d88);
		KUNIT_EXPECT_EQ(test, info.levels, 4);
		return;
	}
	KUNIT_EXPECT_EQ(test, info.ttbr, top);
	KUNIT_EXPECT_EQ(test, info.tsz, 64 - a->c->ias);
	KUNIT_EXPECT_EQ(test, info.sh, 3);
	KUNIT_EXPECT_EQ(test, info.irgn, 1);
	KUNIT_EXPECT_EQ(test, info.orgn, 1);
	if (KSPEC_GRANULE_LG2 == 12 && !karm_s2(a) && a->c->ias == 48) {
		KUNIT_EXPECT_EQ(test, info.tsz, 16);
		KUNIT_EXPECT_EQ(test, info.tg, 0);
		KUNIT_EXPECT_EQ(test, info.ps, 5);
		KUNIT_EXPECT_EQ(test, info.mair, 0xf404ff44);
		KUNIT_EXPECT_EQ(test, info.levels, 4);
	}
	if (KSPEC_GRANULE_LG2 == 12 && karm_s2(a) && a->c->ias == 40) {
		KUNIT_EXPECT_EQ(test, info.sl, 1);
		KUNIT_EXPECT_EQ(test, info.levels, 3);
		KUNIT_EXPECT_EQ(test, info.ps, 2);
		KUNIT_EXPECT_EQ(test, info.mair, 0);
	}
	/* TG1 codes: 16K 1, 4K 2, 64K 3 */
	if (a->kd->iova_prefix)
		KUNIT_EXPECT_EQ(test, info.tg,
				KSPEC_GRANULE_LG2 == 12 ? 2 :
				KSPEC_GRANULE_LG2 == 14 ? 1 : 3);
}

/* Every leaf and table bit for every prot, against the spec */
static void karm_test_prot(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	bool dbm = a->c->features & KARM_DBM;
	u64 pa = BIT_ULL(a->oa_lg2 - 1) | (0x5aULL << KPT_G);
	u64 iova = 0x33ULL << KPT_G;
	unsigned int level;
	int prot;
	u64 *item;

	for (prot = 0; prot != 64; prot++) {
		int ret = kpt_map_pages(a->kd, iova, pa, KPT_GSZ, prot);

		if (!(prot & KPT_RW)) {
			KUNIT_EXPECT_EQ(test, ret, -EINVAL);
			continue;
		}
		KUNIT_ASSERT_EQ(test, ret, 0);
		item = karm_find_item(a, iova, &level);
		KUNIT_ASSERT_NOT_NULL(test, item);
		KUNIT_EXPECT_EQ_MSG(test, *item,
				    kspec_arm_leaf_item(pa, KPT_G, 0,
							kspec_arm_prot_bits(karm_s2(a),
									    false,
									    dbm,
									    prot),
							0), "prot %#x", prot);
		KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, iova, KPT_GSZ),
				KPT_GSZ);
	}
}

#if !KSPEC_MALI
/*
 * An upper-half (TTBR1) table: on a 64-bit kernel its aperture is the top
 * of the IOVA space; on a 32-bit one no unsigned long reaches it, and init
 * refuses it with -EOVERFLOW, allocating nothing.
 */
static void karm_test_upper_half_api(struct kunit *test)
{
	struct kpt_domain *kd = kunit_kzalloc(test, sizeof(*kd), GFP_KERNEL);
	const struct kpt_case_cfg c = { "ttbr1", KARM_TTBR1, 39, 40 };
	struct pt_iommu_armv8_cfg cfg;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, kd);
	kpt_case_cfg(&c, &cfg);
	ret = kpt_domain_init(kd, &cfg, false, NULL);
	if (BITS_PER_LONG == 32) {
		KUNIT_EXPECT_EQ(test, ret, -EOVERFLOW);
		KUNIT_EXPECT_NULL(test, kd->fmt_table.iommu.ops);
		KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), kd->start_pages);
	} else {
		KUNIT_ASSERT_EQ(test, ret, 0);
		KUNIT_EXPECT_EQ(test, kd->domain.geometry.aperture_start,
				~(BIT_ULL(39) - 1));
		KUNIT_EXPECT_EQ(test, kd->domain.geometry.aperture_end,
				U64_MAX);
	}
	kpt_domain_release(test, kd);
}
#endif

static struct kunit_case karm_cases[] = {
#if !KSPEC_MALI
	KUNIT_CASE(karm_test_upper_half_api),
#endif
	KUNIT_CASE_PARAM(karm_test_pgsizes, karm_cfg_gen_params),
	KUNIT_CASE_PARAM(karm_test_contig, karm_cfg_gen_params),
	KUNIT_CASE_PARAM(karm_test_dirty, karm_cfg_gen_params),
	KUNIT_CASE_PARAM(karm_test_top, karm_cfg_gen_params),
	KUNIT_CASE_PARAM(karm_test_contract, karm_cfg_gen_params),
	KUNIT_CASE_PARAM(karm_test_hw_literal, karm_cfg_gen_params),
	KUNIT_CASE_PARAM(karm_test_prot, karm_cfg_gen_params),
	{}
};

static struct kunit_suite karm_suite = {
	.name = __stringify(PTPFX) "arm",
	.init = karm_init,
	.exit = kpt_case_exit,
	.test_cases = karm_cases,
};

kunit_test_suites(&karm_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the generic IOMMU page table, format "
		   PT_FMT_NAME);
PT_IMPORT_NS();
