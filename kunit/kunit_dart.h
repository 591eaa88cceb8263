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

#define KDART_G KSPEC_GRANULE_LG2
#define KDART_GSZ BIT_ULL(KSPEC_GRANULE_LG2)
#define KDART_RW (IOMMU_READ | IOMMU_WRITE)
/* Table pages one table of a granule takes (PAGE_SIZE is 4K or more) */
#define KDART_TABLE_PAGES (KDART_GSZ / min_t(u64, KDART_GSZ, PAGE_SIZE))

#include "kunit_fmt_domain.h"

/* Our table for an input width, an output width and an encoding */
static int kdart_domain_init(struct kfmt_domain *kd, unsigned int ias,
			     unsigned int oas, bool v2)
{
	struct pt_iommu_dart_cfg cfg = {
		.common.hw_max_vasz_lg2 = ias,
		.common.hw_max_oasz_lg2 = oas,
		.common.features = v2 ? BIT(PT_FEAT_DART_V2) : 0,
	};

	return kfmt_domain_init(kd, &cfg);
}

#include "kunit_dart_diff.h"

/**
 * struct kdart_cfg - a configuration of the behaviour suite
 * @name: parameter name
 * @v2: DART2 encoding
 * @ias: input bits
 * @oas: output bits
 */
struct kdart_cfg {
	const char *name;
	bool v2;
	u8 ias;
	u8 oas;
};

static const struct kdart_cfg kdart_cfgs[] = {
#if KSPEC_GRANULE_LG2 == 12
	{ "dart1_ias30", false, 30, 36 },
	{ "dart1_ias31", false, 31, 36 },
	{ "dart1_ias32", false, 32, 36 },
	{ "dart1_ias24", false, 24, 36 },
#else
	{ "dart1_ias36", false, 36, 36 },
	{ "dart1_ias38", false, 38, 36 },
	{ "dart2_ias36", true, 36, 42 },
	{ "dart2_ias37", true, 37, 42 },
	{ "dart2_ias38", true, 38, 42 },
	{ "dart2_ias32", true, 32, 42 },
#endif
};

static void kdart_cfg_desc(const struct kdart_cfg *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kdart_cfg, kdart_cfgs, kdart_cfg_desc);

/**
 * struct kdart - state of one behaviour case
 * @c: the configuration
 * @kd: the domain
 */
struct kdart {
	const struct kdart_cfg *c;
	struct kfmt_domain kd;
};

static int kdart_init(struct kunit *test)
{
	const struct kdart_cfg *c = test->param_value;
	struct kdart *a;

	a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->c = c;
	test->priv = a;
	return kdart_domain_init(&a->kd, c->ias, c->oas, c->v2);
}

static void kdart_exit(struct kunit *test)
{
	struct kdart *a = test->priv;

	if (a)
		kfmt_domain_release(test, &a->kd);
}

static int kdart_map(struct kdart *a, u64 iova, u64 pa, u64 len, int prot,
		     size_t *mapped)
{
	*mapped = 0;
	return a->kd.domain.ops->map_pages(&a->kd.domain, iova, pa,
					    KDART_GSZ, len >> KDART_G, prot,
					    GFP_KERNEL, mapped);
}

static u64 kdart_unmap(struct kdart *a, u64 iova, u64 len)
{
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_iotlb_gather_init(&gather);
	ret = a->kd.domain.ops->unmap_pages(&a->kd.domain, iova, KDART_GSZ,
					     len >> KDART_G, &gather);
	iommu_iotlb_sync(&a->kd.domain, &gather);
	return ret;
}

static phys_addr_t kdart_phys(struct kdart *a, u64 iova)
{
	return a->kd.domain.ops->iova_to_phys(&a->kd.domain, iova);
}

/*
 * The L2 item the hardware reads for @iova, walked as the DART does:
 * the TTBR that hw_info gives, then the L1 item. NULL when no L2 table.
 */
static u64 *kdart_hw_item(struct kdart *a, u64 iova)
{
	struct pt_iommu_dart_hw_info info;
	u64 *l1, l1e;

	PT_API(hw_info)(&a->kd.table, &info);
	if (kspec_dart_ttbr_index(iova) >= info.n_ttbrs)
		return NULL;
	l1 = phys_to_virt(info.ttbr[kspec_dart_ttbr_index(iova)]);
	l1e = READ_ONCE(l1[kspec_dart_l1_index(iova)]);
	if (!(l1e & KSPEC_DART_VALID))
		return NULL;
	/* Nothing but the valid bit and the address in a table descriptor */
	if (l1e != kspec_dart_table(kspec_dart_desc_to_pa(l1e, a->c->v2),
				    a->c->v2))
		return NULL;
	return (u64 *)phys_to_virt(kspec_dart_desc_to_pa(l1e, a->c->v2)) +
	       kspec_dart_l2_index(iova);
}

/* One L2 table maps this much */
#define KDART_L2_SPAN BIT_ULL(KDART_G + KSPEC_TABLE_ITEMS_LG2)

/* End of the IOVAs TTBR @i translates */
static u64 kdart_ttbr_end(struct kdart *a, unsigned int i)
{
	return min(BIT_ULL(a->c->ias), (u64)(i + 1) << KSPEC_TTBR_SHIFT);
}

/* A PA of the encoding, 16K aligned, with high and low address bits set */
static u64 kdart_test_pa(struct kdart *a)
{
	u64 pa = a->c->v2 ? 0x2a812344000ULL : 0x812344000ULL;

	/* The high bits only where phys_addr_t holds them */
	return (phys_addr_t)pa == pa ? pa : lower_32_bits(pa);
}

/* Every prot gives the leaf of the spec, found by the hardware's walk */
static void kdart_test_leaf_literal(struct kunit *test)
{
	static const int prots[] = {
		IOMMU_READ, IOMMU_WRITE, KDART_RW,
		KDART_RW | IOMMU_CACHE | IOMMU_NOEXEC | IOMMU_MMIO | IOMMU_PRIV,
		IOMMU_WRITE | IOMMU_CACHE,
	};
	struct kdart *a = test->priv;
	/* In the last TTBR, some L1 and L2 index other than 0 */
	u64 iova = (u64)(kspec_dart_n_ttbrs(a->c->ias) - 1)
			   << KSPEC_TTBR_SHIFT |
		   (5ULL << KDART_G);
	u64 pa = kdart_test_pa(a);
	unsigned int i;
	size_t mapped;
	u64 *item;

	if (a->c->ias < KSPEC_TTBR_SHIFT)
		iova = 5ULL << KDART_G;
	for (i = 0; i != ARRAY_SIZE(prots); i++) {
		KUNIT_ASSERT_EQ(test, kdart_map(a, iova, pa, KDART_GSZ,
						prots[i], &mapped), 0);
		KUNIT_ASSERT_EQ(test, mapped, KDART_GSZ);
		item = kdart_hw_item(a, iova);
		KUNIT_ASSERT_NOT_NULL(test, item);
		KUNIT_EXPECT_EQ_MSG(test, READ_ONCE(*item),
				    kspec_dart_leaf(pa, prots[i], a->c->v2),
				    "prot %#x", prots[i]);
		KUNIT_EXPECT_EQ(test, kdart_phys(a, iova + 0x123), pa + 0x123);
		KUNIT_EXPECT_EQ(test, kdart_unmap(a, iova, KDART_GSZ),
				KDART_GSZ);
		KUNIT_EXPECT_EQ(test, kdart_phys(a, iova), 0);
	}
	/* Two literal leaves, read or write, written out by hand */
	KUNIT_ASSERT_EQ(test, kdart_map(a, iova, pa, KDART_GSZ, KDART_RW,
					&mapped), 0);
	item = kdart_hw_item(a, iova);
	KUNIT_ASSERT_NOT_NULL(test, item);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*item),
			a->c->v2 ? 0x000fff2a81234403ULL : 0x000fff0812344003ULL);
	KUNIT_EXPECT_EQ(test, kdart_unmap(a, iova, KDART_GSZ), KDART_GSZ);
}

/*
 * hw_info names one L1 table per TTBR, each a distinct granule; they are
 * the only tables after init, a map goes through the TTBR of its IOVA,
 * and unmapping everything leaves exactly those tables, unchanged.
 */
static void kdart_test_ttbrs(struct kunit *test)
{
	struct kdart *a = test->priv;
	unsigned int n = kspec_dart_n_ttbrs(a->c->ias);
	struct pt_iommu_dart_hw_info before, after;
	/* The top table of TTBR items takes one page */
	long init_pages = 1 + n * KDART_TABLE_PAGES;
	unsigned int i, j;
	size_t mapped;
	u64 *l1;

	PT_API(hw_info)(&a->kd.table, &before);
	KUNIT_ASSERT_EQ(test, before.n_ttbrs, n);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - a->kd.start_pages,
			init_pages);
	for (i = 0; i != KSPEC_MAX_TTBRS; i++) {
		if (i >= n) {
			KUNIT_EXPECT_EQ(test, before.ttbr[i], 0);
			continue;
		}
		KUNIT_EXPECT_NE(test, before.ttbr[i], 0);
		KUNIT_EXPECT_EQ(test, before.ttbr[i] & (KDART_GSZ - 1), 0);
		for (j = 0; j != i; j++)
			KUNIT_EXPECT_NE(test, before.ttbr[i], before.ttbr[j]);
		l1 = phys_to_virt(before.ttbr[i]);
		KUNIT_EXPECT_NULL(test, memchr_inv(l1, 0, KDART_GSZ));
	}

	/*
	 * A full L2 table at the end of every TTBR's range; unmapping it
	 * frees that L2 table and nothing else
	 */
	for (i = 0; i != n; i++) {
		u64 iova = kdart_ttbr_end(a, i) - KDART_L2_SPAN;

		KUNIT_ASSERT_EQ(test, kdart_map(a, iova, kdart_test_pa(a),
						KDART_L2_SPAN, KDART_RW,
						&mapped),
				0);
		l1 = phys_to_virt(before.ttbr[i]);
		KUNIT_EXPECT_TRUE(test,
				  READ_ONCE(l1[kspec_dart_l1_index(iova)]) &
					  KSPEC_DART_VALID);
		KUNIT_EXPECT_EQ(test, kdart_phys(a, iova + KDART_L2_SPAN - 1),
				kdart_test_pa(a) + KDART_L2_SPAN - 1);
	}
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - a->kd.start_pages,
			init_pages + n * KDART_TABLE_PAGES);
	for (i = 0; i != n; i++)
		KUNIT_EXPECT_EQ(test,
				kdart_unmap(a, kdart_ttbr_end(a, i) -
						       KDART_L2_SPAN,
					    KDART_L2_SPAN),
				KDART_L2_SPAN);

	/*
	 * All of TTBR 0's range where that is only 1G: the unmap covers
	 * every item of the L1 table, which stays nonetheless
	 */
	if (KDART_G == 12 && a->c->ias >= KSPEC_TTBR_SHIFT) {
		KUNIT_ASSERT_EQ(test, kdart_map(a, 0, 0, kdart_ttbr_end(a, 0),
						IOMMU_READ, &mapped),
				0);
		KUNIT_EXPECT_EQ(test, kdart_unmap(a, 0, kdart_ttbr_end(a, 0)),
				kdart_ttbr_end(a, 0));
	}

	PT_API(hw_info)(&a->kd.table, &after);
	KUNIT_EXPECT_EQ(test, after.n_ttbrs, before.n_ttbrs);
	for (i = 0; i != KSPEC_MAX_TTBRS; i++) {
		KUNIT_EXPECT_EQ(test, after.ttbr[i], before.ttbr[i]);
		if (i < n)
			KUNIT_EXPECT_NULL(test,
					  memchr_inv(phys_to_virt(after.ttbr[i]),
						     0, KDART_GSZ));
	}
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - a->kd.start_pages,
			init_pages);
}

/* Errors leave the table as it was; VAs past the last TTBR are refused */
static void kdart_test_contract(struct kunit *test)
{
	struct kdart *a = test->priv;
	u64 top = BIT_ULL(a->c->ias);
	u64 pa = kdart_test_pa(a), iova = 8 * KDART_GSZ;
	size_t mapped;

	KUNIT_EXPECT_EQ(test, a->kd.domain.pgsize_bitmap, KDART_GSZ);
	KUNIT_EXPECT_EQ(test, a->kd.domain.geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, a->kd.domain.geometry.aperture_end, top - 1);

	KUNIT_ASSERT_EQ(test, kdart_map(a, iova, pa, KDART_GSZ, KDART_RW,
					&mapped), 0);
	/* Over the leaf, and ending on it: nothing of it changes */
	KUNIT_EXPECT_EQ(test, kdart_map(a, iova, 0, KDART_GSZ, KDART_RW,
					&mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, mapped, 0);
	KUNIT_EXPECT_EQ(test, kdart_map(a, iova - KDART_GSZ, 0, 2 * KDART_GSZ,
					IOMMU_READ, &mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kdart_phys(a, iova), pa);
	KUNIT_EXPECT_EQ(test, READ_ONCE(*kdart_hw_item(a, iova)),
			kspec_dart_leaf(pa, KDART_RW, a->c->v2));
	/* The caller unmaps the prefix an error left */
	if (mapped)
		KUNIT_EXPECT_EQ(test, kdart_unmap(a, iova - KDART_GSZ, mapped),
				mapped);
	KUNIT_EXPECT_EQ(test, kdart_unmap(a, iova, KDART_GSZ), KDART_GSZ);

	/* Past the last TTBR, and across its end */
	KUNIT_EXPECT_EQ(test, kdart_map(a, top, pa, KDART_GSZ, KDART_RW,
					&mapped), -ERANGE);
	KUNIT_EXPECT_EQ(test, kdart_map(a, top - KDART_GSZ, pa, 2 * KDART_GSZ,
					KDART_RW, &mapped), -ERANGE);
	KUNIT_EXPECT_EQ(test, mapped, 0);
	KUNIT_EXPECT_EQ(test, kdart_phys(a, top), 0);
	KUNIT_EXPECT_EQ(test, kdart_unmap(a, top, KDART_GSZ), 0);
	/* An output address the encoding cannot hold */
	KUNIT_EXPECT_EQ(test, kdart_map(a, iova,
					BIT_ULL(kspec_dart_max_oa_lg2(a->c->v2)),
					KDART_GSZ, KDART_RW, &mapped), -ERANGE);
	/* No blocks: twice the granule is not a page size */
	KUNIT_EXPECT_EQ(test, a->kd.domain.ops->map_pages(&a->kd.domain, 0, 0,
							  2 * KDART_GSZ, 1,
							  KDART_RW, GFP_KERNEL,
							  &mapped),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kdart_phys(a, iova), 0);
}

/*
 * Configurations the hardware cannot have are refused, and init fails
 * cleanly at each of its allocations (the top, then each TTBR's table).
 */
static void kdart_test_init_errors(struct kunit *test)
{
	struct kdart *a = test->priv;
	unsigned int n = kspec_dart_n_ttbrs(a->c->ias), i;
	struct kfmt_domain *kd;
	long pages;

	kd = kunit_kzalloc(test, sizeof(*kd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	pages = pt_iommu_table_pages();

	/* DART2 holds no PA bits 13:12: no 4K pages */
	KUNIT_EXPECT_EQ(test, kdart_domain_init(kd, 32, 42, true),
			KDART_G == 12 ? -EOPNOTSUPP : 0);
	pt_iommu_deinit(&kd->table.iommu);
	/* DART1 holds 36 bits of output address */
	KUNIT_EXPECT_EQ(test, kdart_domain_init(kd, 30, 37, false), -ERANGE);
	pt_iommu_deinit(&kd->table.iommu);
	/* No fifth TTBR */
	KUNIT_EXPECT_EQ(test, kdart_domain_init(kd, KSPEC_TTBR_SHIFT + 3, 36,
						false), -ERANGE);
	pt_iommu_deinit(&kd->table.iommu);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);

	for (i = 1; i <= n + 1; i++) {
		pt_iommu_fail_alloc_after(i);
		KUNIT_EXPECT_EQ_MSG(test,
				    kdart_domain_init(kd, a->c->ias, a->c->oas,
						      a->c->v2),
				    -ENOMEM, "allocation %u", i);
		pt_iommu_fail_alloc_after(0);
		KUNIT_EXPECT_NULL(test, kd->table.iommu.ops);
		pt_iommu_deinit(&kd->table.iommu);
		KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), pages,
				    "allocation %u", i);
	}
	/* And with one allocation more it works */
	pt_iommu_fail_alloc_after(n + 2);
	KUNIT_EXPECT_EQ(test, kdart_domain_init(kd, a->c->ias, a->c->oas,
						a->c->v2), 0);
	pt_iommu_fail_alloc_after(0);
	pt_iommu_deinit(&kd->table.iommu);
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
	.init = kdart_init,
	.exit = kdart_exit,
	.test_cases = kdart_cases,
};

kunit_test_suites(&kdart_suite);
