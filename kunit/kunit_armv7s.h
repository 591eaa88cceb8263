/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suites of the armv7s build (kunit/test_armv7s.c) beside the
 * generic ones: "armv7s_diff" against the kernel's io-pgtable
 * (kunit/kunit_armv7s_diff.h) and "armv7s_desc", what io-pgtable does
 * not show or where our contract
 * deliberately differs: every descriptor type and prot against the
 * manual's layouts in kunit/spec_armv7s.h (never fmt/armv7s.h), the
 * 16-item runs of large pages and supersections, table memory below 4G,
 * literal register values, refused configurations and IOVAs beyond 32
 * bits, and map over an existing table or leaf. Every case checks that no
 * table page is left afterwards.
 */
#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "spec_armv7s.h"

#define KV7S_RW (IOMMU_READ | IOMMU_WRITE)

/*
 * Our tables live in the generic suites' driver domain (struct kpt_domain
 * of kunit_iommu.h, in the union pattern), set up without driver ops.
 */
static int kv7s_domain_init(struct kpt_domain *kd,
			    const struct pt_iommu_armv7s_cfg *cfg)
{
	return kpt_domain_init(kd, cfg, false, NULL);
}

#include "kunit_armv7s_diff.h"

/**
 * struct kv7s_cfg - a configuration of the descriptor suite
 * @name: parameter name
 * @features: enum pt_armv7s_features bits
 * @ias: input bits
 * @oas: output bits
 */
struct kv7s_cfg {
	const char *name;
	unsigned int features;
	u8 ias;
	u8 oas;
};

#define KV7S_NS BIT(PT_FEAT_ARMV7S_NS)
#define KV7S_NO_PERMS BIT(PT_FEAT_ARMV7S_NO_PERMS)
#define KV7S_MTK BIT(PT_FEAT_ARMV7S_MTK_EXT)

static const struct kv7s_cfg kv7s_cfgs[] = {
	{ "ias32", 0, 32, 32 },
	{ "ias32_ns", KV7S_NS, 32, 32 },
	{ "ias32_noperms", KV7S_NO_PERMS, 32, 32 },
	{ "ias32_mtk35", KV7S_MTK | KV7S_NO_PERMS, 32, 35 },
	{ "ias25_ns_mtk33", KV7S_NS | KV7S_MTK | KV7S_NO_PERMS, 25, 33 },
};

static void kv7s_cfg_desc(const struct kv7s_cfg *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kv7s_cfg, kv7s_cfgs, kv7s_cfg_desc);

/**
 * struct kv7s - state of one descriptor case
 * @c: the configuration
 * @kd: the domain
 * @start_pages: table pages allocated before the case
 */
struct kv7s {
	const struct kv7s_cfg *c;
	struct kpt_domain kd;
	long start_pages;
};

static int kv7s_init(struct kunit *test)
{
	const struct kv7s_cfg *c = test->param_value;
	struct pt_iommu_armv7s_cfg cfg = {};
	struct kv7s *v;

	v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->c = c;
	test->priv = v;
	cfg.common.features = c->features;
	cfg.common.hw_max_vasz_lg2 = c->ias;
	cfg.common.hw_max_oasz_lg2 = c->oas;
	v->start_pages = pt_iommu_table_pages();
	return kv7s_domain_init(&v->kd, &cfg);
}

static void kv7s_exit(struct kunit *test)
{
	struct kv7s *v = test->priv;

	if (!v)
		return;
	pt_iommu_deinit(&v->kd.fmt_table.iommu);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), v->start_pages,
			    "table pages leaked");
}

static u32 *kv7s_top(struct kv7s *v)
{
	return (u32 *)(v->kd.fmt_table.armv7s_pt.common.top_of_table &
		       ~(uintptr_t)PT_TOP_LEVEL_MASK);
}

static int kv7s_map(struct kv7s *v, u64 iova, u64 pa, u64 len, int prot)
{
	size_t mapped = 0;
	int ret;

	ret = v->kd.domain.ops->map_pages(&v->kd.domain, iova, pa, SZ_4K,
					  len / SZ_4K, prot, GFP_KERNEL,
					  &mapped);
	return ret ? ret : (mapped == len ? 0 : -EIO);
}

static u64 kv7s_unmap(struct kv7s *v, u64 iova, u64 len)
{
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_iotlb_gather_init(&gather);
	ret = v->kd.domain.ops->unmap_pages(&v->kd.domain, iova, SZ_4K,
					    len / SZ_4K, &gather);
	iommu_iotlb_sync(&v->kd.domain, &gather);
	return ret;
}

static phys_addr_t kv7s_phys(struct kv7s *v, u64 iova)
{
	return iommu_iova_to_phys(&v->kd.domain, iova);
}

/* The item of @level for @iova, walking with the spec's decoder */
static u32 *kv7s_item(struct kv7s *v, u64 iova, unsigned int level)
{
	u32 *top = kv7s_top(v);
	u32 *l1 = &top[(iova >> 20) & (BIT(kspec_v7s_items_lg2(1, v->c->ias)) - 1)];

	if (level)
		return l1;
	if (!kspec_v7s_valid(*l1) || kspec_v7s_is_leaf(*l1, 1))
		return NULL;
	return (u32 *)phys_to_virt(kspec_v7s_table_addr(*l1)) +
	       ((iova >> 12) & 0xff);
}

static struct kspec_v7s_attr kv7s_attr(struct kv7s *v, int prot)
{
	return kspec_v7s_prot(prot, v->c->features & KV7S_NO_PERMS);
}

/* A PA of @lg2 alignment using the top output bit when there is one */
static u64 kv7s_pa(struct kv7s *v, unsigned int lg2)
{
	/* The top OA bit, within phys_addr_t (32 bits without LPAE) */
	return BIT_ULL(min_t(unsigned int, v->c->oas,
			     sizeof(phys_addr_t) * 8) - 1) | (0x5ULL << lg2);
}

/* Literal: 4K 64K 1M 16M within the input width, from 0 */
static void kv7s_test_pgsizes(struct kunit *test)
{
	struct kv7s *v = test->priv;
	u64 expect = (SZ_4K | SZ_64K | SZ_1M | SZ_16M) &
		     (BIT_ULL(v->c->ias) - 1);

	KUNIT_EXPECT_EQ(test, v->kd.domain.pgsize_bitmap, expect);
	KUNIT_EXPECT_EQ(test, v->kd.domain.geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, v->kd.domain.geometry.aperture_end,
			BIT_ULL(v->c->ias) - 1);
	KUNIT_EXPECT_EQ(test, kv7s_top(v)[0], 0);
}

/*
 * Each leaf size once: the descriptor of the manual in every item of
 * its run (16 equal items for 64K and 16M), nothing after the run, the
 * translation across it, and one granule's unmap removes all of it.
 */
static void kv7s_test_leaves(struct kunit *test)
{
	static const unsigned int sizes[] = { 12, 16, 20, 24 };
	struct kv7s *v = test->priv;
	bool ns = v->c->features & KV7S_NS;
	bool mtk = v->c->features & KV7S_MTK;
	unsigned int i, j;

	for (i = 0; i != ARRAY_SIZE(sizes); i++) {
		unsigned int lg2 = sizes[i], n = kspec_v7s_items(lg2);
		unsigned int item_level = kspec_v7s_level(lg2);
		u64 size = BIT_ULL(lg2), iova = size, pa = kv7s_pa(v, lg2);
		u32 expect = kspec_v7s_leaf(pa, lg2, kv7s_attr(v, KV7S_RW),
					    ns, mtk);
		u32 *item;

		if (2 * size > BIT_ULL(v->c->ias))
			continue;
		KUNIT_ASSERT_EQ(test, kv7s_map(v, iova, pa, size, KV7S_RW), 0);
		item = kv7s_item(v, iova, item_level);
		KUNIT_ASSERT_NOT_NULL(test, item);
		for (j = 0; j != n; j++)
			KUNIT_EXPECT_EQ_MSG(test, item[j], expect,
					    "2^%u item %u", lg2, j);
		/* The items around the run, inside the table */
		if (3 * size <= BIT_ULL(v->c->ias))
			KUNIT_EXPECT_EQ(test, item[n], 0);
		/* An emptied table of a smaller size may stay before it */
		KUNIT_EXPECT_FALSE(test,
				   kspec_v7s_valid(item[-1]) &&
				   kspec_v7s_is_leaf(item[-1], item_level));
		KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova), pa);
		KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova + size - 1),
				pa + size - 1);
		KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova + size / 2 + 0x44),
				pa + size / 2 + 0x44);
		KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova + size), 0);
		KUNIT_EXPECT_EQ(test, kv7s_unmap(v, iova, SZ_4K), size);
		KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova + size - 1), 0);
	}
}

/*
 * Every prot on a small page and on a section against the manual's
 * layouts; a prot with neither read nor write is refused.
 */
static void kv7s_test_prot(struct kunit *test)
{
	struct kv7s *v = test->priv;
	bool ns = v->c->features & KV7S_NS;
	bool mtk = v->c->features & KV7S_MTK;
	unsigned int lg2;
	int prot;

	for (lg2 = 12; lg2 <= 20; lg2 += 8) {
		u64 iova = 3 * BIT_ULL(lg2), pa = kv7s_pa(v, lg2);

		for (prot = 0; prot != 64; prot++) {
			int ret = kv7s_map(v, iova, pa, BIT_ULL(lg2), prot);
			u32 *item;

			if (!(prot & KV7S_RW)) {
				KUNIT_EXPECT_EQ(test, ret, -EINVAL);
				continue;
			}
			KUNIT_ASSERT_EQ(test, ret, 0);
			item = kv7s_item(v, iova, lg2 == 20);
			KUNIT_ASSERT_NOT_NULL(test, item);
			KUNIT_EXPECT_EQ_MSG(test, *item,
					    kspec_v7s_leaf(pa, lg2,
							   kv7s_attr(v, prot),
							   ns, mtk),
					    "2^%u prot %#x", lg2, prot);
			KUNIT_EXPECT_EQ(test, kv7s_unmap(v, iova, BIT_ULL(lg2)),
					BIT_ULL(lg2));
		}
	}
}

/*
 * Table memory: the first-level table and every second-level table lie
 * below 4G and second-level tables are pointed to by the manual's page
 * table descriptor; one page of table memory per second-level table.
 */
static void kv7s_test_tables(struct kunit *test)
{
	struct kv7s *v = test->priv;
	bool ns = v->c->features & KV7S_NS;
	bool mtk = v->c->features & KV7S_MTK;
	unsigned int ias = v->c->ias, i, num = min(8U, BIT(ias - 20));
	long pages = pt_iommu_table_pages();
	u64 top = virt_to_phys(kv7s_top(v));

	KUNIT_EXPECT_LT(test, top, BIT_ULL(32));
	KUNIT_EXPECT_EQ(test, top & (BIT_ULL(ias - 18) - 1), 0);
	for (i = 0; i != num; i++) {
		u64 iova = (u64)i << (ias - ilog2(num)) | (u64)i << 12;
		u32 *item;
		u32 l1;

		KUNIT_ASSERT_EQ(test, kv7s_map(v, iova, kv7s_pa(v, 12), SZ_4K,
					       KV7S_RW), 0);
		l1 = *kv7s_item(v, iova, 1);
		KUNIT_EXPECT_EQ(test, l1,
				kspec_v7s_table(kspec_v7s_table_addr(l1), ns));
		/* The 32-bit address in the descriptor is the table itself */
		item = kv7s_item(v, iova, 0);
		KUNIT_ASSERT_NOT_NULL(test, item);
		KUNIT_EXPECT_EQ(test, *item,
				kspec_v7s_small(kv7s_pa(v, 12),
						kv7s_attr(v, KV7S_RW), mtk));
		KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova + 1),
				kv7s_pa(v, 12) + 1);
	}
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - pages, num);
	/* The emptied tables stay until deinit, counted by kv7s_exit() */
	for (i = 0; i != num; i++)
		KUNIT_EXPECT_EQ(test,
				kv7s_unmap(v, (u64)i << (ias - ilog2(num)) |
						      (u64)i << 12,
					   SZ_4K),
				SZ_4K);
}

/*
 * Where io-pgtable differs on purpose: a section over a table with a
 * live page is refused (io-pgtable unmaps the page), a map over a leaf is
 * -EADDRINUSE without a WARN (io-pgtable: WARN and -EEXIST), an emptied
 * table gives way to a section, a 16M supersection is refused over a
 * section, and an unmap of one granule removes the whole supersection
 * (io-pgtable splits it) while one starting inside it removes nothing.
 */
static void kv7s_test_contract(struct kunit *test)
{
	struct kv7s *v = test->priv;
	u64 iova = BIT_ULL(v->c->ias - 1), pa = kv7s_pa(v, 24);

	KUNIT_ASSERT_GE(test, v->c->ias, 25);
	KUNIT_ASSERT_EQ(test, kv7s_map(v, iova + SZ_4K, pa, SZ_4K, KV7S_RW),
			0);
	KUNIT_EXPECT_EQ(test, kv7s_map(v, iova, pa, SZ_1M, KV7S_RW),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova + SZ_4K), pa);
	KUNIT_EXPECT_EQ(test, kv7s_map(v, iova + SZ_4K, pa, SZ_4K, IOMMU_READ),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kv7s_unmap(v, iova + SZ_4K, SZ_4K), SZ_4K);

	/* The emptied table gives way to a section, then a supersection */
	KUNIT_EXPECT_EQ(test, kv7s_map(v, iova, pa, SZ_1M, KV7S_RW), 0);
	KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova + SZ_1M - 1), pa + SZ_1M - 1);
	KUNIT_EXPECT_EQ(test, kv7s_map(v, iova, pa, SZ_16M, KV7S_RW),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kv7s_unmap(v, iova, SZ_1M), SZ_1M);
	KUNIT_EXPECT_EQ(test, kv7s_map(v, iova, pa, SZ_16M, KV7S_RW), 0);
	KUNIT_EXPECT_EQ(test, kv7s_unmap(v, iova + SZ_1M, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova + SZ_16M - 1),
			pa + SZ_16M - 1);
	KUNIT_EXPECT_EQ(test, kv7s_unmap(v, iova, SZ_4K), SZ_16M);
	KUNIT_EXPECT_EQ(test, kv7s_phys(v, iova), 0);
}

/*
 * Register values as literal facts: TTBR0 is the first-level table with
 * the walk attributes 0x6a (none with MediaTek's extension, which puts
 * the address bits above 31 there), TTBCR 0, PRRR and NMRR for indexes
 * 1, 4 and 7.
 */
static void kv7s_test_hw_literal(struct kunit *test)
{
	struct kv7s *v = test->priv;
	struct pt_iommu_armv7s_hw_info info;
	u32 top = virt_to_phys(kv7s_top(v));

	pt_iommu_armv7s_hw_info(&v->kd.fmt_table, &info);
	if (v->c->features & KV7S_MTK)
		KUNIT_EXPECT_EQ(test, info.ttbr, top);
	else
		KUNIT_EXPECT_EQ(test, info.ttbr, top | KSPEC_V7S_TTBR_ATTRS);
	KUNIT_EXPECT_EQ(test, info.tcr, 0);
	KUNIT_EXPECT_EQ(test, info.prrr, KSPEC_V7S_PRRR);
	KUNIT_EXPECT_EQ(test, info.nmrr, KSPEC_V7S_NMRR);
}

/*
 * Bad inputs: an IOVA or a range beyond 32 bits (the IOMMU API passes
 * 64), an output address beyond the output width, and configurations the
 * hardware cannot have, each with its errno and nothing allocated.
 */
static void kv7s_test_refused(struct kunit *test)
{
	struct kv7s *v = test->priv;
	struct pt_iommu_armv7s_cfg cfg = {};
	struct kpt_domain *other;
	u64 high = BIT_ULL(32) | SZ_1M;
	long pages = pt_iommu_table_pages();
	struct iommu_iotlb_gather gather;

	KUNIT_EXPECT_EQ(test, kv7s_map(v, high, SZ_1M, SZ_4K, KV7S_RW),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, kv7s_map(v, U32_MAX - SZ_4K + 1, SZ_1M, SZ_64K,
				       KV7S_RW),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, kv7s_map(v, SZ_1M, BIT_ULL(v->c->oas), SZ_4K,
				       KV7S_RW),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
	KUNIT_ASSERT_EQ(test, kv7s_map(v, SZ_1M, SZ_1M, SZ_4K, KV7S_RW), 0);
	KUNIT_EXPECT_EQ(test, kv7s_phys(v, high), 0);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, v->kd.domain.ops->unmap_pages(&v->kd.domain, high,
							    SZ_4K, 1, &gather),
			0);
	KUNIT_EXPECT_EQ(test, kv7s_phys(v, SZ_1M), SZ_1M);
	KUNIT_EXPECT_EQ(test, kv7s_unmap(v, SZ_1M, SZ_4K), SZ_4K);

	pages = pt_iommu_table_pages();
	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	cfg.common.hw_max_vasz_lg2 = 32;
	cfg.common.hw_max_oasz_lg2 = 33;
	KUNIT_EXPECT_EQ(test, kv7s_domain_init(other, &cfg), -ERANGE);
	cfg.common.hw_max_oasz_lg2 = 35;
	cfg.common.features = KV7S_MTK;
	KUNIT_EXPECT_EQ(test, kv7s_domain_init(other, &cfg), -EINVAL);
	cfg.common.features = KV7S_MTK | KV7S_NO_PERMS;
	cfg.common.hw_max_oasz_lg2 = 36;
	KUNIT_EXPECT_EQ(test, kv7s_domain_init(other, &cfg), -ERANGE);
	cfg.common.hw_max_oasz_lg2 = 32;
	cfg.common.hw_max_vasz_lg2 = 33;
	KUNIT_EXPECT_EQ(test, kv7s_domain_init(other, &cfg), -ERANGE);
	pt_iommu_deinit(&other->fmt_table.iommu);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

static struct kunit_case kv7s_cases[] = {
	KUNIT_CASE_PARAM(kv7s_test_pgsizes, kv7s_cfg_gen_params),
	KUNIT_CASE_PARAM(kv7s_test_leaves, kv7s_cfg_gen_params),
	KUNIT_CASE_PARAM(kv7s_test_prot, kv7s_cfg_gen_params),
	KUNIT_CASE_PARAM(kv7s_test_tables, kv7s_cfg_gen_params),
	KUNIT_CASE_PARAM(kv7s_test_contract, kv7s_cfg_gen_params),
	KUNIT_CASE_PARAM(kv7s_test_hw_literal, kv7s_cfg_gen_params),
	KUNIT_CASE_PARAM(kv7s_test_refused, kv7s_cfg_gen_params),
	{}
};

static struct kunit_suite kv7s_suite = {
	.name = "armv7s_desc",
	.init = kv7s_init,
	.exit = kv7s_exit,
	.test_cases = kv7s_cases,
};

kunit_test_suites(&kv7s_suite);
