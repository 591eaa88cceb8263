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
#include "kunit_domain.h"

/* Our tables live in the one driver domain, set up without driver ops */
static int kv7s_domain_init(struct kpt_domain *kd,
			    const struct pt_iommu_armv7s_cfg *cfg)
{
	return kpt_domain_init(kd, cfg, false, NULL);
}

#include "kunit_armv7s_diff.h"

#define KV7S_NS BIT(PT_FEAT_ARMV7S_NS)
#define KV7S_NO_PERMS BIT(PT_FEAT_ARMV7S_NO_PERMS)
#define KV7S_MTK BIT(PT_FEAT_ARMV7S_MTK_EXT)

/* Configurations of the descriptor suite: enum pt_armv7s_features bits */
static const struct kpt_case_cfg kv7s_cfgs[] = {
	{ "ias32", 0, 32, 32 },
	{ "ias32_ns", KV7S_NS, 32, 32 },
	{ "ias32_noperms", KV7S_NO_PERMS, 32, 32 },
	{ "ias32_mtk35", KV7S_MTK | KV7S_NO_PERMS, 32, 35 },
	{ "ias25_ns_mtk33", KV7S_NS | KV7S_MTK | KV7S_NO_PERMS, 25, 33 },
};

KPT_NAMED_PARAMS(kv7s_cfg, kv7s_cfgs, kpt_case_cfg);

static u32 *kv7s_top(struct kpt_case *v)
{
	return kpt_top_table(v->kd);
}

/* The item of @level for @iova, walking with the spec's decoder */
static u32 *kv7s_item(struct kpt_case *v, u64 iova, unsigned int level)
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

static struct kspec_v7s_attr kv7s_attr(struct kpt_case *v, int prot)
{
	return kspec_v7s_prot(prot, v->c->features & KV7S_NO_PERMS);
}

/* A PA of @lg2 alignment using the top output bit when there is one */
static u64 kv7s_pa(struct kpt_case *v, unsigned int lg2)
{
	/* The top OA bit, within phys_addr_t (32 bits without LPAE) */
	return BIT_ULL(v->oa_lg2 - 1) | (0x5ULL << lg2);
}

/* Literal: 4K 64K 1M 16M within the input width, from 0 */
static void kv7s_test_pgsizes(struct kunit *test)
{
	struct kpt_case *v = test->priv;
	u64 expect = (SZ_4K | SZ_64K | SZ_1M | SZ_16M) &
		     (BIT_ULL(v->c->ias) - 1);

	KUNIT_EXPECT_EQ(test, v->kd->domain.pgsize_bitmap, expect);
	KUNIT_EXPECT_EQ(test, v->kd->domain.geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, v->kd->domain.geometry.aperture_end,
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
	struct kpt_case *v = test->priv;
	bool ns = v->c->features & KV7S_NS;
	bool mtk = v->c->features & KV7S_MTK;
	unsigned int i, j;

	for (i = 0; i != ARRAY_SIZE(sizes); i++) {
		unsigned int lg2 = sizes[i], n = kspec_v7s_items(lg2);
		unsigned int item_level = kspec_v7s_level(lg2);
		u64 size = BIT_ULL(lg2), iova = size, pa = kv7s_pa(v, lg2);
		u32 expect =
			kspec_v7s_leaf(pa, lg2, kv7s_attr(v, KPT_RW), ns, mtk);
		u32 *item;

		if (2 * size > BIT_ULL(v->c->ias))
			continue;
		KUNIT_ASSERT_EQ(test,
				kpt_map_pages(v->kd, iova, pa, size, KPT_RW),
				0);
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
		KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, iova), pa);
		KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, iova + size - 1),
				pa + size - 1);
		KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, iova + size / 2 + 0x44),
				pa + size / 2 + 0x44);
		KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, iova + size), 0);
		KUNIT_EXPECT_EQ(test, kpt_unmap_pages(v->kd, iova, SZ_4K),
				size);
		KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, iova + size - 1), 0);
	}
}

/*
 * Every prot on a small page and on a section against the manual's
 * layouts; a prot with neither read nor write is refused.
 */
static void kv7s_test_prot(struct kunit *test)
{
	struct kpt_case *v = test->priv;
	bool ns = v->c->features & KV7S_NS;
	bool mtk = v->c->features & KV7S_MTK;
	unsigned int lg2;
	int prot;

	for (lg2 = 12; lg2 <= 20; lg2 += 8) {
		u64 iova = 3 * BIT_ULL(lg2), pa = kv7s_pa(v, lg2);

		for (prot = 0; prot != 64; prot++) {
			int ret = kpt_map_pages(v->kd, iova, pa, BIT_ULL(lg2),
						prot);
			u32 *item;

			if (!(prot & KPT_RW)) {
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
			KUNIT_EXPECT_EQ(test,
					kpt_unmap_pages(v->kd, iova,
							BIT_ULL(lg2)),
					BIT_ULL(lg2));
		}
	}
}

/*
 * Table memory: the first-level table and every second-level table lie
 * below 4G and second-level tables are pointed to by the manual's page
 * table descriptor; four 1K second-level tables share a 4K page.
 */
static void kv7s_test_tables(struct kunit *test)
{
	struct kpt_case *v = test->priv;
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

		KUNIT_ASSERT_EQ(test,
				kpt_map_pages(v->kd, iova, kv7s_pa(v, 12),
					      SZ_4K, KPT_RW),
				0);
		l1 = *kv7s_item(v, iova, 1);
		KUNIT_EXPECT_EQ(test, l1,
				kspec_v7s_table(kspec_v7s_table_addr(l1), ns));
		/* The 32-bit address in the descriptor is the table itself */
		item = kv7s_item(v, iova, 0);
		KUNIT_ASSERT_NOT_NULL(test, item);
		KUNIT_EXPECT_EQ(test, *item,
				kspec_v7s_small(kv7s_pa(v, 12),
						kv7s_attr(v, KPT_RW), mtk));
		KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, iova + 1),
				kv7s_pa(v, 12) + 1);
	}
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - pages,
			DIV_ROUND_UP(num, 4));
	/* The emptied tables stay until deinit, counted by kpt_case_exit() */
	for (i = 0; i != num; i++)
		KUNIT_EXPECT_EQ(test,
				kpt_unmap_pages(v->kd,
						(u64)i << (ias - ilog2(num)) |
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
	struct kpt_case *v = test->priv;
	u64 iova = BIT_ULL(v->c->ias - 1), pa = kv7s_pa(v, 24);

	KUNIT_ASSERT_GE(test, v->c->ias, 25);
	kpt_check_block_over_table(test, v->kd, iova, pa, SZ_1M);
	/* Then a supersection over the section */
	KUNIT_EXPECT_EQ(test, kpt_map_pages(v->kd, iova, pa, SZ_16M, KPT_RW),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(v->kd, iova, SZ_1M), SZ_1M);
	KUNIT_EXPECT_EQ(test, kpt_map_pages(v->kd, iova, pa, SZ_16M, KPT_RW),
			0);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(v->kd, iova + SZ_1M, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, iova + SZ_16M - 1),
			pa + SZ_16M - 1);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(v->kd, iova, SZ_4K), SZ_16M);
	KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, iova), 0);
}

/*
 * Second-level tables share pages, four 1K tables to a 4K page: four
 * neighbouring 1M regions mapped with 4K pages take one page. Removing
 * three of the tables (each unmap covers its whole 1M) queues no page on
 * the gather while the fourth still uses it, and the fourth still
 * translates after those gathers are freed; removing the fourth queues
 * exactly that page. A table made while a removed one waits for its flush
 * never takes the removed one's place: the walker may still cache it.
 */
static void kv7s_test_shared_pages(struct kunit *test)
{
	struct kpt_case *v = test->priv;
	struct iommu_domain *domain = &v->kd->domain;
	u64 base = BIT_ULL(v->c->ias - 1), pa = kv7s_pa(v, 12) + SZ_4K;
	long pages = pt_iommu_table_pages();
	struct iommu_iotlb_gather gather;
	struct page *shared, *page;
	unsigned int i;
	u32 *item, *first;

	KUNIT_ASSERT_GE(test, v->c->ias, 25);
	for (i = 0; i != 4; i++)
		KUNIT_ASSERT_EQ(test, kpt_map_pages(v->kd, base + i * SZ_1M, pa,
						    SZ_1M, KPT_RW), 0);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages() - pages, 1);
	first = kv7s_item(v, base, 0);
	KUNIT_ASSERT_NOT_NULL(test, first);
	shared = virt_to_page(first);
	for (i = 1; i != 4; i++) {
		item = kv7s_item(v, base + i * SZ_1M, 0);
		KUNIT_ASSERT_NOT_NULL(test, item);
		KUNIT_EXPECT_PTR_EQ(test, virt_to_page(item), shared);
	}

	for (i = 0; i != 4; i++) {
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test,
				domain->ops->unmap_pages(domain,
							 base + i * SZ_1M,
							 SZ_4K, SZ_1M / SZ_4K,
							 &gather),
				SZ_1M);
		KUNIT_EXPECT_NULL(test, kv7s_item(v, base + i * SZ_1M, 0));
		if (i != 3) {
			/* The page still holds a table in use */
			list_for_each_entry(page, &gather.freelist, lru)
				KUNIT_ASSERT_PTR_NE(test, page, shared);
		} else {
			KUNIT_EXPECT_EQ(test, list_count_nodes(&gather.freelist),
					1);
			KUNIT_EXPECT_PTR_EQ(test,
					    list_first_entry_or_null(&gather.freelist,
								     struct page,
								     lru),
					    shared);
		}
		if (!i) {
			KUNIT_ASSERT_EQ(test,
					kpt_map_pages(v->kd, base + 4 * SZ_1M,
						      pa, SZ_1M, KPT_RW), 0);
			KUNIT_EXPECT_PTR_NE(test,
					    kv7s_item(v, base + 4 * SZ_1M, 0),
					    first);
		}
		iommu_iotlb_sync(domain, &gather);
		if (i != 3)
			KUNIT_EXPECT_EQ(test,
					kpt_phys(v->kd, base + 3 * SZ_1M + 5),
					pa + 5);
	}
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(v->kd, base + 4 * SZ_1M, SZ_1M),
			SZ_1M);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

/*
 * Register values as literal facts: TTBR0 is the first-level table with
 * the walk attributes 0x6a (none with MediaTek's extension, which puts
 * the address bits above 31 there), TTBCR 0, PRRR and NMRR for indexes
 * 1, 4 and 7.
 */
static void kv7s_test_hw_literal(struct kunit *test)
{
	struct kpt_case *v = test->priv;
	struct pt_iommu_armv7s_hw_info info;
	u32 top = virt_to_phys(kv7s_top(v));

	pt_iommu_armv7s_hw_info(&v->kd->fmt_table, &info);
	if (v->c->features & KV7S_MTK)
		KUNIT_EXPECT_EQ(test, info.ttbr, top);
	else
		KUNIT_EXPECT_EQ(test, info.ttbr, top | KSPEC_V7S_TTBR_ATTRS);
	KUNIT_EXPECT_EQ(test, info.tcr, 0);
	KUNIT_EXPECT_EQ(test, info.prrr, KSPEC_V7S_PRRR);
	KUNIT_EXPECT_EQ(test, info.nmrr, KSPEC_V7S_NMRR);
}

/*
 * Bad inputs: an IOVA or a range beyond 32 bits (the IOMMU API of a
 * 64-bit kernel passes 64), an output address beyond the output width, and configurations the
 * hardware cannot have, each with its errno and nothing allocated.
 */
static void kv7s_test_refused(struct kunit *test)
{
	struct kpt_case *v = test->priv;
	struct pt_iommu_armv7s_cfg cfg = {};
	struct kpt_domain *other;
	u64 high = BIT_ULL(32) | SZ_1M;
	long pages = pt_iommu_table_pages();
	struct iommu_iotlb_gather gather;

	/*
	 * On a 32-bit kernel no IOVA is beyond 32 bits, and a range crossing
	 * 4G wraps the caller's unsigned long instead
	 */
	if (BITS_PER_LONG == 64)
		KUNIT_EXPECT_EQ(test,
				kpt_map_pages(v->kd, high, SZ_1M, SZ_4K, KPT_RW),
				-ERANGE);
	KUNIT_EXPECT_EQ(test,
			kpt_map_pages(v->kd, U32_MAX - SZ_4K + 1, SZ_1M,
				      SZ_64K, KPT_RW),
			BITS_PER_LONG == 64 ? -ERANGE : -EOVERFLOW);
	/* Only a phys_addr_t wider than the output holds such an address */
	if (v->c->oas < sizeof(phys_addr_t) * BITS_PER_BYTE)
		KUNIT_EXPECT_EQ(test,
				kpt_map_pages(v->kd, SZ_1M, BIT_ULL(v->c->oas),
					      SZ_4K, KPT_RW),
				-ERANGE);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
	KUNIT_ASSERT_EQ(test,
			kpt_map_pages(v->kd, SZ_1M, SZ_1M, SZ_4K, KPT_RW), 0);
	if (BITS_PER_LONG == 64) {
		KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, high), 0);
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test,
				v->kd->domain.ops->unmap_pages(&v->kd->domain,
							       high, SZ_4K, 1,
							       &gather),
				0);
	}
	KUNIT_EXPECT_EQ(test, kpt_phys(v->kd, SZ_1M), SZ_1M);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(v->kd, SZ_1M, SZ_4K), SZ_4K);

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
	KUNIT_CASE_PARAM(kv7s_test_shared_pages, kv7s_cfg_gen_params),
	KUNIT_CASE_PARAM(kv7s_test_hw_literal, kv7s_cfg_gen_params),
	KUNIT_CASE_PARAM(kv7s_test_refused, kv7s_cfg_gen_params),
	{}
};

static struct kunit_suite kv7s_suite = {
	.name = "armv7s_desc",
	.init = kpt_case_init,
	.exit = kpt_case_exit,
	.test_cases = kv7s_cases,
};

kunit_test_suites(&kv7s_suite);
