/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suites of a dart build (kunit/test_dart_*.c): "<fmt>_diff"
 * against the kernel's io-pgtable (kunit/kunit_dart_diff.h) and
 * "<fmt>_dart", what io-pgtable does not show or where our contract
 * deliberately differs: literal leaf and table descriptors, the TTBR
 * tables kept through a full unmap, map over a leaf, IOVAs beyond the
 * TTBRs, refused configurations and allocation failures in init.
 * Expected values come from kunit/spec_dart.h and literal facts, never
 * from fmt/dart.h. Every case checks that no table page is left.
 */
#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "spec_dart.h"

/* Table pages one table of a granule takes (PAGE_SIZE is 4K or more) */
#define KDART_TABLE_PAGES (KPT_GSZ / min_t(u64, KPT_GSZ, PAGE_SIZE))

#include "kunit_domain.h"

#define KDART_V2 BIT(PT_FEAT_DART_V2)

/* Our table for an input width, an output width and an encoding */
static int kdart_domain_init(struct kpt_domain *kd, unsigned int ias,
			     unsigned int oas, bool v2)
{
	struct pt_iommu_dart_cfg cfg = {
		.common.hw_max_vasz_lg2 = ias,
		.common.hw_max_oasz_lg2 = oas,
		.common.features = v2 ? KDART_V2 : 0,
	};

	return kpt_domain_init(kd, &cfg, false, NULL);
}

#include "kunit_dart_diff.h"

/* Configurations of the behaviour suite: DART1, or the DART2 encoding */
static const struct kpt_case_cfg kdart_cfgs[] = {
#if KSPEC_GRANULE_LG2 == 12
	{ "dart1_ias30", 0, 30, 36 },
	{ "dart1_ias31", 0, 31, 36 },
	{ "dart1_ias32", 0, 32, 36 },
	{ "dart1_ias24", 0, 24, 36 },
#else
	{ "dart1_ias36", 0, 36, 36 },
	{ "dart1_ias38", 0, 38, 36 },
	{ "dart2_ias36", KDART_V2, 36, 42 },
	{ "dart2_ias37", KDART_V2, 37, 42 },
	{ "dart2_ias38", KDART_V2, 38, 42 },
	{ "dart2_ias32", KDART_V2, 32, 42 },
#endif
};

KPT_NAMED_PARAMS(kdart_cfg, kdart_cfgs, kpt_case_cfg);

/* Does the case's table use the DART2 encoding? */
static bool kdart_v2(struct kpt_case *a)
{
	return a->c->features & KDART_V2;
}

/*
 * The L2 item the hardware reads for @iova, walked as the DART does:
 * the TTBR that hw_info gives, then the L1 item. NULL when no L2 table.
 */
static u64 *kdart_hw_item(struct kpt_case *a, u64 iova)
{
	struct pt_iommu_dart_hw_info info;
	u64 *l1, l1e;

	PT_API(hw_info)(&a->kd->fmt_table, &info);
	if (kspec_dart_ttbr_index(iova) >= info.n_ttbrs)
		return NULL;
	l1 = phys_to_virt(info.ttbr[kspec_dart_ttbr_index(iova)]);
	l1e = READ_ONCE(l1[kspec_dart_l1_index(iova)]);
	if (!(l1e & KSPEC_DART_VALID))
		return NULL;
	/* Nothing but the valid bit and the address in a table descriptor */
	if (l1e != kspec_dart_table(kspec_dart_desc_to_pa(l1e, kdart_v2(a)),
				    kdart_v2(a)))
		return NULL;
	return (u64 *)phys_to_virt(kspec_dart_desc_to_pa(l1e, kdart_v2(a))) +
	       kspec_dart_l2_index(iova);
}

/* One L2 table maps this much */
#define KDART_L2_SPAN BIT_ULL(KPT_G + KSPEC_TABLE_ITEMS_LG2)

/*
 * End of the IOVAs TTBR @i translates, or of those an unsigned long holds
 * (a 32-bit kernel reaches only the TTBRs below 4G)
 */
static u64 kdart_ttbr_end(struct kpt_case *a, unsigned int i)
{
	return min(BIT_ULL(a->va_lg2), (u64)(i + 1) << KSPEC_TTBR_SHIFT);
}

/* A PA of the encoding, 16K aligned, with high and low address bits set */
static u64 kdart_test_pa(struct kpt_case *a)
{
	u64 pa = kdart_v2(a) ? 0x2a812344000ULL : 0x812344000ULL;

	/* The high bits only where phys_addr_t holds them */
	return (phys_addr_t)pa == pa ? pa : lower_32_bits(pa);
}

/* Every prot gives the leaf of the spec, found by the hardware's walk */
static void kdart_test_leaf_literal(struct kunit *test)
{
	static const int prots[] = {
		IOMMU_READ,
		IOMMU_WRITE,
		KPT_RW,
		KPT_RW | IOMMU_CACHE | IOMMU_NOEXEC | IOMMU_MMIO | IOMMU_PRIV,
		IOMMU_WRITE | IOMMU_CACHE,
	};
	struct kpt_case *a = test->priv;
	/*
	 * In the last TTBR an unsigned long reaches (every one but on a
	 * 32-bit kernel), some L1 and L2 index other than 0
	 */
	u64 iova = (u64)(kspec_dart_n_ttbrs(a->va_lg2) - 1)
			   << KSPEC_TTBR_SHIFT |
		   (5ULL << KPT_G);
	u64 pa = kdart_test_pa(a);
	unsigned int i;
	size_t mapped;
	u64 *item;

	if (a->va_lg2 < KSPEC_TTBR_SHIFT)
		iova = 5ULL << KPT_G;
	for (i = 0; i != ARRAY_SIZE(prots); i++) {
		KUNIT_ASSERT_EQ(test,
				kpt_map_pages_partial(a->kd, iova, pa, KPT_GSZ,
						      prots[i], &mapped),
				0);
		KUNIT_ASSERT_EQ(test, mapped, KPT_GSZ);
		item = kdart_hw_item(a, iova);
		KUNIT_ASSERT_NOT_NULL(test, item);
		KUNIT_EXPECT_EQ_MSG(test, READ_ONCE(*item),
				    kspec_dart_leaf(pa, prots[i], kdart_v2(a)),
				    "prot %#x", prots[i]);
		KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova + 0x123),
				pa + 0x123);
		KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, iova, KPT_GSZ),
				KPT_GSZ);
		KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova), 0);
	}
	/*
	 * Two literal leaves, read or write, written out by hand: PA
	 * 0x812344000 (DART1) or 0x2a812344000 (DART2), or their low 32 bits
	 * where phys_addr_t has no more
	 */
	KUNIT_ASSERT_EQ(test,
			kpt_map_pages_partial(a->kd, iova, pa, KPT_GSZ, KPT_RW,
					      &mapped),
			0);
	item = kdart_hw_item(a, iova);
	KUNIT_ASSERT_NOT_NULL(test, item);
	if (sizeof(phys_addr_t) == sizeof(u64))
		KUNIT_EXPECT_EQ(test, READ_ONCE(*item),
				kdart_v2(a) ? 0x000fff2a81234403ULL :
					      0x000fff0812344003ULL);
	else
		KUNIT_EXPECT_EQ(test, READ_ONCE(*item),
				kdart_v2(a) ? 0x000fff0001234403ULL :
					      0x000fff0012344003ULL);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, iova, KPT_GSZ), KPT_GSZ);
}

/*
 * hw_info names one L1 table per TTBR, each a distinct granule; they are
 * the only tables after init, a map goes through the TTBR of its IOVA,
 * and unmapping everything leaves exactly those tables, unchanged.
 */
static void kdart_test_ttbrs(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	unsigned int n = kspec_dart_n_ttbrs(a->c->ias);
	unsigned int reach = kspec_dart_n_ttbrs(a->va_lg2);
	struct pt_iommu_dart_hw_info before, after;
	/* The top table of TTBR items takes one page */
	long init_pages = 1 + n * KDART_TABLE_PAGES;
	unsigned int i, j;
	size_t mapped;
	u64 *l1;

	PT_API(hw_info)(&a->kd->fmt_table, &before);
	KUNIT_ASSERT_EQ(test, before.n_ttbrs, n);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - a->kd->start_pages,
			init_pages);
	for (i = 0; i != KSPEC_MAX_TTBRS; i++) {
		if (i >= n) {
			KUNIT_EXPECT_EQ(test, before.ttbr[i], 0);
			continue;
		}
		KUNIT_EXPECT_NE(test, before.ttbr[i], 0);
		KUNIT_EXPECT_EQ(test, before.ttbr[i] & (KPT_GSZ - 1), 0);
		for (j = 0; j != i; j++)
			KUNIT_EXPECT_NE(test, before.ttbr[i], before.ttbr[j]);
		l1 = phys_to_virt(before.ttbr[i]);
		KUNIT_EXPECT_NULL(test, memchr_inv(l1, 0, KPT_GSZ));
	}

	/*
	 * A full L2 table at the end of every TTBR's range the IOVA type
	 * reaches; unmapping it frees that L2 table and nothing else
	 */
	for (i = 0; i != reach; i++) {
		u64 iova = kdart_ttbr_end(a, i) - KDART_L2_SPAN;

		KUNIT_ASSERT_EQ(test,
				kpt_map_pages_partial(a->kd, iova,
						      kdart_test_pa(a),
						      KDART_L2_SPAN, KPT_RW,
						      &mapped), 0);
		l1 = phys_to_virt(before.ttbr[i]);
		KUNIT_EXPECT_TRUE(test,
				  READ_ONCE(l1[kspec_dart_l1_index(iova)]) &
					  KSPEC_DART_VALID);
		KUNIT_EXPECT_EQ(test,
				kpt_phys(a->kd, iova + KDART_L2_SPAN - 1),
				kdart_test_pa(a) + KDART_L2_SPAN - 1);
	}
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - a->kd->start_pages,
			init_pages + reach * KDART_TABLE_PAGES);
	for (i = 0; i != reach; i++)
		KUNIT_EXPECT_EQ(test,
				kpt_unmap_pages(a->kd,
						kdart_ttbr_end(a, i) - KDART_L2_SPAN,
						KDART_L2_SPAN), KDART_L2_SPAN);

	/*
	 * All of TTBR 0's range where that is only 1G: the unmap covers
	 * every item of the L1 table, which stays nonetheless
	 */
	if (KPT_G == 12 && a->c->ias >= KSPEC_TTBR_SHIFT) {
		KUNIT_ASSERT_EQ(test,
				kpt_map_pages_partial(a->kd, 0, 0,
						      kdart_ttbr_end(a, 0),
						      IOMMU_READ, &mapped),
				0);
		KUNIT_EXPECT_EQ(test,
				kpt_unmap_pages(a->kd, 0,
						kdart_ttbr_end(a, 0)),
				kdart_ttbr_end(a, 0));
	}

	PT_API(hw_info)(&a->kd->fmt_table, &after);
	KUNIT_EXPECT_EQ(test, after.n_ttbrs, before.n_ttbrs);
	for (i = 0; i != KSPEC_MAX_TTBRS; i++) {
		KUNIT_EXPECT_EQ(test, after.ttbr[i], before.ttbr[i]);
		if (i < n)
			KUNIT_EXPECT_NULL(test,
					  memchr_inv(phys_to_virt(after.ttbr[i]),
						     0, KPT_GSZ));
	}
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - a->kd->start_pages,
			init_pages);
}

/* Errors leave the table as it was; VAs past the last TTBR are refused */
static void kdart_test_contract(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	u64 top = BIT_ULL(a->c->ias);
	u64 pa = kdart_test_pa(a), iova = 8 * KPT_GSZ;
	size_t mapped;

	KUNIT_EXPECT_EQ(test, a->kd->domain.pgsize_bitmap, KPT_GSZ);
	KUNIT_EXPECT_EQ(test, a->kd->domain.geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, a->kd->domain.geometry.aperture_end,
			min_t(u64, top - 1, ULONG_MAX));

	KUNIT_ASSERT_EQ(test,
			kpt_map_pages_partial(a->kd, iova, pa, KPT_GSZ, KPT_RW,
					      &mapped),
			0);
	/* Over the leaf, and ending on it: nothing of it changes */
	KUNIT_EXPECT_EQ(test,
			kpt_map_pages_partial(a->kd, iova, 0, KPT_GSZ, KPT_RW,
					      &mapped),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, mapped, 0);
	KUNIT_EXPECT_EQ(test,
			kpt_map_pages_partial(a->kd, iova - KPT_GSZ, 0,
					      2 * KPT_GSZ, IOMMU_READ, &mapped),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova), pa);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*kdart_hw_item(a, iova)),
			kspec_dart_leaf(pa, KPT_RW, kdart_v2(a)));
	/* The caller unmaps the prefix an error left */
	if (mapped)
		KUNIT_EXPECT_EQ(test,
				kpt_unmap_pages(a->kd, iova - KPT_GSZ, mapped),
				mapped);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, iova, KPT_GSZ), KPT_GSZ);

	/*
	 * Past the last TTBR, and across its end; where that is beyond an
	 * unsigned long (a 32-bit kernel), across the end of the type
	 */
	if (a->c->ias < BITS_PER_LONG) {
		KUNIT_EXPECT_EQ(test,
				kpt_map_pages_partial(a->kd, top, pa, KPT_GSZ,
						      KPT_RW, &mapped),
				-ERANGE);
		KUNIT_EXPECT_EQ(test,
				kpt_map_pages_partial(a->kd, top - KPT_GSZ, pa,
						      2 * KPT_GSZ, KPT_RW,
						      &mapped),
				-ERANGE);
		KUNIT_EXPECT_EQ(test, mapped, 0);
		KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, top), 0);
		KUNIT_EXPECT_EQ(test, kpt_unmap_pages(a->kd, top, KPT_GSZ), 0);
	} else {
		KUNIT_EXPECT_EQ(test,
				kpt_map_pages_partial(a->kd,
						      ULONG_MAX - (KPT_GSZ - 1),
						      pa, 2 * KPT_GSZ, KPT_RW,
						      &mapped),
				-EOVERFLOW);
		KUNIT_EXPECT_EQ(test, mapped, 0);
	}
	/* An output address the encoding cannot hold, if phys_addr_t can */
	if (kspec_dart_max_oa_lg2(kdart_v2(a)) <
	    sizeof(phys_addr_t) * BITS_PER_BYTE)
		KUNIT_EXPECT_EQ(test,
				kpt_map_pages_partial(a->kd, iova,
						      BIT_ULL(kspec_dart_max_oa_lg2(kdart_v2(a))),
						      KPT_GSZ, KPT_RW, &mapped),
				-ERANGE);
	/* No blocks: twice the granule is not a page size */
	KUNIT_EXPECT_EQ(test,
			a->kd->domain.ops->map_pages(&a->kd->domain, 0, 0,
						    2 * KPT_GSZ, 1, KPT_RW,
						    GFP_KERNEL, &mapped),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kpt_phys(a->kd, iova), 0);
}

/*
 * Configurations the hardware cannot have are refused, and init fails
 * cleanly at each of its allocations (the top, then each TTBR's table).
 */
static void kdart_test_init_errors(struct kunit *test)
{
	struct kpt_case *a = test->priv;
	unsigned int n = kspec_dart_n_ttbrs(a->c->ias), i;
	struct kpt_domain *kd;
	long pages;

	kd = kunit_kzalloc(test, sizeof(*kd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	pages = pt_iommu_table_pages();

	/* DART2 holds no PA bits 13:12: no 4K pages */
	KUNIT_EXPECT_EQ(test, kdart_domain_init(kd, 32, 42, true),
			KPT_G == 12 ? -EOPNOTSUPP : 0);
	pt_iommu_deinit(&kd->fmt_table.iommu);
	/* DART1 holds 36 bits of output address */
	KUNIT_EXPECT_EQ(test, kdart_domain_init(kd, 30, 37, false), -ERANGE);
	pt_iommu_deinit(&kd->fmt_table.iommu);
	/* No fifth TTBR */
	KUNIT_EXPECT_EQ(test, kdart_domain_init(kd, KSPEC_TTBR_SHIFT + 3, 36,
						false), -ERANGE);
	pt_iommu_deinit(&kd->fmt_table.iommu);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);

	for (i = 1; i <= n + 1; i++) {
		pt_iommu_fail_alloc_after(i);
		KUNIT_EXPECT_EQ_MSG(test,
				    kdart_domain_init(kd, a->c->ias, a->c->oas,
						      kdart_v2(a)),
				    -ENOMEM, "allocation %u", i);
		pt_iommu_fail_alloc_after(0);
		KUNIT_EXPECT_NULL(test, kd->fmt_table.iommu.ops);
		pt_iommu_deinit(&kd->fmt_table.iommu);
		KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), pages,
				    "allocation %u", i);
	}
	/* And with one allocation more it works */
	pt_iommu_fail_alloc_after(n + 2);
	KUNIT_EXPECT_EQ(test, kdart_domain_init(kd, a->c->ias, a->c->oas,
						kdart_v2(a)), 0);
	pt_iommu_fail_alloc_after(0);
	pt_iommu_deinit(&kd->fmt_table.iommu);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

static struct kunit_case kdart_cases[] = {
	KUNIT_CASE_PARAM(kdart_test_leaf_literal, kdart_cfg_gen_params),
	KUNIT_CASE_PARAM(kdart_test_ttbrs, kdart_cfg_gen_params),
	KUNIT_CASE_PARAM(kdart_test_contract, kdart_cfg_gen_params),
	KUNIT_CASE_PARAM(kdart_test_init_errors, kdart_cfg_gen_params),
	{}
};

static struct kunit_suite kdart_suite = {
	.name = __stringify(PTPFX) "dart",
	.init = kpt_case_init,
	.exit = kpt_case_exit,
	.test_cases = kdart_cases,
};

kunit_test_suites(&kdart_suite);
