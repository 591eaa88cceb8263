/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "<fmt>_fmt": the format accessors tested directly on tables
 * the test allocates. fmt/iommu_template.h includes this file instead of
 * the algorithms when GENERIC_PT_KUNIT is defined, so the suite is compiled
 * once per format exactly like the implementation and sees the same inline
 * accessors. Expected values come from kunit/spec_<fmt>.h, an independent
 * description of the hardware format, or from brute-force references.
 *
 * The format header provides kunit_fmt_cfgs[], the configurations (a name
 * and a PT_IOMMU_CFG_T) every case of the generic suites runs over.
 *
 * Includes go one way: this file includes the spec, which includes
 * spec_common.h, and then the driver domain of every suite
 * (kunit_domain.h); neither includes a suite.
 */
#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/math64.h>
#include <linux/log2.h>
#include <linux/prandom.h>
#include <linux/string.h>

#define _KPT_SPEC_H(x) __stringify(x.h)
#define KPT_SPEC_H _KPT_SPEC_H(CONCATENATE(spec_, PT_FMT))
#include KPT_SPEC_H

#include "kunit_domain.h"

KPT_NAMED_PARAMS(kpt_cfg, kunit_fmt_cfgs, pt_kunit_fmt_cfg);

/* 64 random bits */
static u64 kpt_rand64(struct rnd_state *rnd)
{
	u64 hi = prandom_u32_state(rnd);

	return hi << 32 | prandom_u32_state(rnd);
}

/* Random number in [lo, hi] */
static u64 kpt_rand_range(struct rnd_state *rnd, u64 lo, u64 hi)
{
	u64 rem;

	if (lo == 0 && hi == U64_MAX)
		return kpt_rand64(rnd);
	/* div64: a 32-bit kernel has no 64-bit % */
	div64_u64_rem(kpt_rand64(rnd), hi - lo + 1, &rem);
	return lo + rem;
}

#define KPT_FMT_MAX_TABLES 16

/**
 * struct kpt_fmt - state of one format suite case
 * @common: the table header the accessors read, filled from the cfg
 * @range: a range pointing at @common, for struct pt_state
 * @start_pages: table pages allocated before the case
 * @num_tables: entries used in @tables
 * @tables: tables the case allocated, freed by the exit hook
 */
struct kpt_fmt {
	struct pt_common common;
	struct pt_range range;
	long start_pages;
	unsigned int num_tables;
	struct pt_table_p *tables[KPT_FMT_MAX_TABLES];
};

static int kpt_fmt_init(struct kunit *test)
{
	const struct pt_kunit_fmt_cfg *p = test->param_value;
	struct kpt_fmt *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->common.features = p->cfg.common.features | PT_FORCE_ENABLED_FEATURES;
	f->common.max_vasz_lg2 = p->cfg.common.hw_max_vasz_lg2;
	f->common.max_oasz_lg2 = p->cfg.common.hw_max_oasz_lg2;
	/* Init keeps the top level with the (here absent) top table */
	f->common.top_of_table = kspec_start_level(&p->cfg);
	f->range.common = &f->common;
	f->start_pages = pt_iommu_table_pages();
	test->priv = f;
	return 0;
}

static void kpt_fmt_exit(struct kunit *test)
{
	struct kpt_fmt *f = test->priv;

	while (f->num_tables)
		pt_iommu_free_table(f->tables[--f->num_tables]);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), f->start_pages);
}

static struct pt_state kpt_fmt_pts(struct kpt_fmt *f, struct pt_table_p *table,
				   unsigned int level, unsigned int index)
{
	struct pt_state pts = {
		.range = &f->range,
		.table = table,
		.level = level,
		.index = index,
	};

	return pts;
}

/* A zeroed table for @level, freed after the case */
static struct pt_table_p *kpt_fmt_table(struct kunit *test,
					unsigned int level)
{
	struct kpt_fmt *f = test->priv;
	struct pt_state pts = kpt_fmt_pts(f, NULL, level, 0);
	struct pt_table_p *table;

	KUNIT_ASSERT_LT(test, f->num_tables, KPT_FMT_MAX_TABLES);
	table = pt_iommu_alloc_table(NUMA_NO_NODE, pt_table_mem_lg2sz(&pts),
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	f->tables[f->num_tables++] = table;
	return table;
}

static unsigned int kpt_num_items(struct kpt_fmt *f, unsigned int level)
{
	struct pt_state pts = kpt_fmt_pts(f, NULL, level, 0);

	return 1U << pt_num_items_lg2(&pts);
}

/* Number of items of @table that load as @type */
static unsigned int kpt_count_type(struct kpt_fmt *f, struct pt_table_p *table,
				   unsigned int level, enum pt_entry_type type)
{
	unsigned int n = kpt_num_items(f, level);
	unsigned int count = 0;
	struct pt_state pts;
	unsigned int i;

	for (i = 0; i != n; i++) {
		pts = kpt_fmt_pts(f, table, level, i);
		pt_load_entry(&pts);
		count += pts.type == type;
	}
	return count;
}

static void kpt_set_prot(struct kunit *test, struct pt_write_attrs *attrs,
			 unsigned int prot)
{
	struct kpt_fmt *f = test->priv;

	memset(attrs, 0, sizeof(*attrs));
	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(&f->common, attrs, prot), 0);
}

/* Every page size the format's levels offer */
static inline u64 kpt_fmt_sizes(struct kunit *test)
{
	struct pt_state pts = kpt_fmt_pts(test->priv, NULL, 0, 0);
	u64 sizes = 0;

	for (pts.level = 0; pts.level <= PT_MAX_TOP_LEVEL; pts.level++)
		sizes |= pt_possible_sizes(&pts);
	return sizes;
}

/* Write through the leaf at item @index as the walker would; the item */
static inline u64 kpt_fmt_dirty(struct kunit *test, struct pt_table_p *table,
				unsigned int level, unsigned int index)
{
	struct pt_state pts = kpt_fmt_pts(test->priv, table, level, index);

	pt_load_entry(&pts);
	KUNIT_EXPECT_TRUE(test, pt_entry_make_write_dirty(&pts));
	return kspec_item(table, index);
}

/* Point the empty item @index to a table at @pa; the item */
static inline u64 kpt_fmt_pointer(struct kunit *test, struct pt_table_p *table,
				  unsigned int level, unsigned int index,
				  u64 pa, const struct pt_write_attrs *attrs)
{
	struct pt_state pts = kpt_fmt_pts(test->priv, table, level, index);

	pt_load_entry(&pts);
	KUNIT_EXPECT_TRUE(test, pt_install_table(&pts, pa, attrs));
	return kspec_item(table, index);
}

/*
 * Install a leaf of 2^@lg2 bytes at @oa with @attrs at item @index of
 * @table through the format, and return the first item as the hardware
 * reads it.
 */
static inline u64 kpt_fmt_leaf(struct kunit *test, struct pt_table_p *table,
			       unsigned int level, unsigned int index, u64 oa,
			       unsigned int lg2,
			       const struct pt_write_attrs *attrs)
{
	struct pt_state pts = kpt_fmt_pts(test->priv, table, level, index);

	pt_install_leaf_entry(&pts, oa, lg2, attrs);
	return kspec_item(table, index);
}

#ifdef KSPEC_OWN_FACTS
/* The spec's own facts case, kunit_<fmt>_facts.h */
#define KPT_FACTS_NAME CONCATENATE(kunit_, CONCATENATE(PT_FMT, _facts))
#include _KPT_SPEC_H(KPT_FACTS_NAME)
#else
/*
 * The spec's literal facts (see spec_common.h) on entries the format
 * writes: the page sizes; each leaf's items at item 32 * i of a table of
 * its level, the item after them empty, and the item once dirty; each
 * pointer in the last item of a table.
 */
static void kpt_fmt_test_facts(struct kunit *test)
{
	struct pt_table_p *tables[PT_MAX_TOP_LEVEL + 1] = {};
	struct kpt_fmt *f = test->priv;
	struct pt_write_attrs attrs;
	unsigned int i, j, index;
	struct pt_table_p *table;
	int ret;

	f->common.features = 0;
	KUNIT_EXPECT_EQ(test, kpt_fmt_sizes(test), KSPEC_FACT_SIZES);
	f->common.features = KSPEC_FEATURES;
	KUNIT_EXPECT_EQ(test, kpt_fmt_sizes(test), KSPEC_FACT_SIZES_ALL);

	static_assert(ARRAY_SIZE(kspec_leaf_facts) < 16);
	for (i = 0; i != ARRAY_SIZE(kspec_leaf_facts); i++) {
		const struct kspec_leaf_fact *leaf = &kspec_leaf_facts[i];

		f->common.features = leaf->features;
		memset(&attrs, 0, sizeof(attrs));
		ret = pt_iommu_set_prot(&f->common, &attrs, leaf->prot);
		if (!leaf->items) {
			KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "fact %u", i);
			continue;
		}
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "fact %u", i);
		if (!tables[leaf->level])
			tables[leaf->level] = kpt_fmt_table(test, leaf->level);
		table = tables[leaf->level];
		index = 32 * i;
		kpt_fmt_leaf(test, table, leaf->level, index, leaf->oa,
			     leaf->lg2, &attrs);
		for (j = 0; j != leaf->items; j++)
			KUNIT_EXPECT_EQ_MSG(test, kspec_item(table, index + j),
					    leaf->entry + j * leaf->step,
					    "fact %u item %u", i, j);
		KUNIT_EXPECT_EQ_MSG(test, kspec_item(table, index + leaf->items),
				    0, "fact %u", i);
		if (leaf->dirty)
			KUNIT_EXPECT_EQ_MSG(test,
					    kpt_fmt_dirty(test, table,
							  leaf->level, index),
					    leaf->dirty, "fact %u", i);
	}

	f->common.features = 0;
	kpt_set_prot(test, &attrs, IOMMU_READ | IOMMU_WRITE);
	for (i = 0; i != ARRAY_SIZE(kspec_pointer_facts); i++) {
		const struct kspec_pointer_fact *ptr = &kspec_pointer_facts[i];

		table = kpt_fmt_table(test, ptr->level);
		KUNIT_EXPECT_EQ_MSG(test,
				    kpt_fmt_pointer(test, table, ptr->level,
						    kpt_num_items(f, ptr->level) - 1,
						    ptr->pa, &attrs),
				    ptr->entry, "pointer fact %u", i);
	}
}
#endif

/*
 * The spec's walker reads @entry of @level as a @type at @pa, of 2^@lg2
 * bytes for a leaf and pointing one level down for a table.
 */
static void kpt_expect_decode(struct kunit *test, u64 entry,
			      unsigned int level, int type, u64 pa,
			      unsigned int lg2)
{
	struct kpt_fmt *f = test->priv;
	struct kspec_pte pte;

	kspec_decode(&f->common, entry, level, &pte);
	KUNIT_ASSERT_EQ_MSG(test, pte.type, type, "level %u entry %#llx",
			    level, entry);
	KUNIT_EXPECT_EQ_MSG(test, pte.pa, pa, "level %u entry %#llx", level,
			    entry);
	if (type == KSPEC_LEAF)
		KUNIT_EXPECT_EQ(test, pte.size_lg2, lg2);
	else
		KUNIT_EXPECT_EQ(test, pte.next_level, level - 1);
}

/*
 * Every level that can point to a lower table: an empty item takes the
 * pointer, loads back as TABLE with the same physical address, holds the
 * bits the spec gives a table pointer, and refuses a second installer
 * that loaded the item while it was empty.
 */
static void kpt_fmt_test_table_install(struct kunit *test)
{
	struct kpt_fmt *f = test->priv;
	struct pt_write_attrs attrs;
	struct pt_state pts, stale;
	unsigned int level, i;

	kpt_set_prot(test, &attrs, IOMMU_READ | IOMMU_WRITE);
	for (level = 1; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_table_p *table = kpt_fmt_table(test, level);
		struct pt_table_p *lower = kpt_fmt_table(test, level - 1);
		unsigned int n = kpt_num_items(f, level);
		unsigned int idx[] = { 0, 1, n / 2 + 3, n - 1 };
		unsigned int used = 0;
		u64 pa = virt_to_phys(lower);

		for (i = 0; i != ARRAY_SIZE(idx); i++) {
			/* A top cut to a few items has fewer distinct ones */
			if (idx[i] >= n)
				continue;
			pts = kpt_fmt_pts(f, table, level, idx[i]);
			pt_load_entry(&pts);
			if (n < ARRAY_SIZE(idx) && pts.type == PT_ENTRY_TABLE)
				continue;
			used++;
			KUNIT_ASSERT_EQ(test, pts.type, PT_ENTRY_EMPTY);
			stale = pts;

			KUNIT_ASSERT_TRUE(test,
					  pt_install_table(&pts, pa, &attrs));
			pt_load_entry(&pts);
			KUNIT_ASSERT_EQ(test, pts.type, PT_ENTRY_TABLE);
			KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), pa);
			KUNIT_EXPECT_PTR_EQ(test, pts.table_lower, lower);
			KUNIT_EXPECT_EQ(test, pts.entry,
					kspec_table(&f->common, pa, level));
			kpt_expect_decode(test, pts.entry, level, KSPEC_TABLE,
					  pa, 0);

			KUNIT_EXPECT_FALSE(test,
					   pt_install_table(&stale,
							    virt_to_phys(table),
							    &attrs));
			pt_load_entry(&pts);
			KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), pa);
		}
		KUNIT_EXPECT_EQ(test,
				kpt_count_type(f, table, level, PT_ENTRY_TABLE),
				used);

		for (i = 0; i != ARRAY_SIZE(idx); i++) {
			if (idx[i] >= n)
				continue;
			pts = kpt_fmt_pts(f, table, level, idx[i]);
			pt_clear_entries(&pts, 0);
		}
		KUNIT_EXPECT_EQ(test,
				kpt_count_type(f, table, level, PT_ENTRY_EMPTY),
				n);
	}
}

/*
 * Install one leaf of 2^@lg2 bytes at @oa on items [index, index + run)
 * and check every item of the run, its neighbours, and that clearing the
 * run empties it.
 */
static void kpt_check_leaf(struct kunit *test, struct pt_table_p *table,
			   unsigned int level, unsigned int index, u64 oa,
			   unsigned int lg2, const struct pt_write_attrs *attrs,
			   u64 prot_bits)
{
	struct kpt_fmt *f = test->priv;
	unsigned int contig_lg2 = lg2 - kspec_item_lg2(level);
	unsigned int n = kpt_num_items(f, level);
	struct pt_state pts;
	unsigned int i;

	pts = kpt_fmt_pts(f, table, level, index);
	pt_install_leaf_entry(&pts, oa, lg2, attrs);

	for (i = 0; i != 1U << contig_lg2; i++) {
		pts = kpt_fmt_pts(f, table, level, index + i);
		pt_load_entry(&pts);
		KUNIT_ASSERT_EQ_MSG(test, pts.type, PT_ENTRY_OA,
				    "level %u size 2^%u item %u", level, lg2, i);
		KUNIT_ASSERT_EQ_MSG(test, pt_entry_oa(&pts), oa,
				    "level %u size 2^%u item %u", level, lg2, i);
		KUNIT_ASSERT_EQ(test, pt_entry_num_contig_lg2(&pts), contig_lg2);
		KUNIT_ASSERT_EQ(test, pt_entry_oa_lg2sz(&pts), lg2);
		KUNIT_ASSERT_EQ_MSG(test, pts.entry,
				    kspec_leaf(oa, lg2, level, prot_bits, i),
				    "level %u size 2^%u oa %#llx item %u",
				    level, lg2, oa, i);
		kpt_expect_decode(test, pts.entry, level, KSPEC_LEAF, oa, lg2);
	}
	if (index) {
		pts = kpt_fmt_pts(f, table, level, index - 1);
		pt_load_entry(&pts);
		KUNIT_ASSERT_EQ(test, pts.type, PT_ENTRY_EMPTY);
	}
	if (index + (1U << contig_lg2) < n) {
		pts = kpt_fmt_pts(f, table, level, index + (1U << contig_lg2));
		pt_load_entry(&pts);
		KUNIT_ASSERT_EQ(test, pts.type, PT_ENTRY_EMPTY);
	}

	pts = kpt_fmt_pts(f, table, level, index);
	pt_clear_entries(&pts, contig_lg2);
	KUNIT_ASSERT_EQ(test, kpt_count_type(f, table, level, PT_ENTRY_EMPTY),
			n);
}

/*
 * Every page size of every level, including the sizes made of several
 * items, at the first and the last aligned position of the table, at OA 0,
 * at the highest aligned OA below the configured and the format's OA
 * width, and at two complementary bit patterns.
 */
static void kpt_fmt_test_leaf_sizes(struct kunit *test)
{
	struct kpt_fmt *f = test->priv;
	u64 prot_bits = kspec_prot_bits(&f->common, IOMMU_READ | IOMMU_WRITE);
	unsigned int max_oa_lg2 = kspec_max_oa_lg2(&f->common);
	unsigned int oa_widths[] = { f->common.max_oasz_lg2, max_oa_lg2 };
	struct pt_write_attrs attrs;
	unsigned int level, lg2, i;

	KUNIT_ASSERT_EQ(test, PT_MAX_OUTPUT_ADDRESS_LG2, KSPEC_MAX_OA_LG2);
	kpt_set_prot(test, &attrs, IOMMU_READ | IOMMU_WRITE);
	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kpt_fmt_pts(f, NULL, level, 0);
		u64 sizes = pt_possible_sizes(&pts);
		unsigned int n = kpt_num_items(f, level);
		struct pt_table_p *table;

		KUNIT_EXPECT_EQ_MSG(test, sizes,
				    kspec_level_sizes(&f->common, level),
				    "level %u", level);
		if (!sizes)
			continue;
		table = kpt_fmt_table(test, level);

		for (lg2 = 0; lg2 != 64; lg2++) {
			unsigned int run;
			u64 align = GENMASK_ULL(max_oa_lg2 - 1, lg2);
			u64 oas[6] = { 0, 0xa5a5a5a5a5a5a5a5ULL & align,
				       0x5a5a5a5a5a5a5a5aULL & align };
			unsigned int num_oas = 3;

			if (!(sizes & BIT_ULL(lg2)))
				continue;
			/* Items of the leaf: only now is lg2 a leaf size */
			run = 1U << (lg2 - kspec_item_lg2(level));
			for (i = 0; i != ARRAY_SIZE(oa_widths); i++)
				if (lg2 < oa_widths[i])
					oas[num_oas++] = BIT_ULL(oa_widths[i]) -
							 BIT_ULL(lg2);

			for (i = 0; i != num_oas; i++) {
				kpt_check_leaf(test, table, level, 0, oas[i],
					       lg2, &attrs, prot_bits);
				kpt_check_leaf(test, table, level, n - run,
					       oas[i], lg2, &attrs, prot_bits);
			}
		}
	}
}

/*
 * Install a leaf of 2^@lg2 at items 0 and @second of @table with the
 * attributes of @prot: the first holds the spec's bits, the attributes
 * read back from it equal those set_prot produced, and installing the
 * read-back attributes writes the identical entry. Both are cleared.
 */
static void kpt_check_attrs(struct kunit *test, struct pt_table_p *table,
			    unsigned int level, unsigned int lg2,
			    unsigned int prot, const struct pt_write_attrs *set)
{
	struct kpt_fmt *f = test->priv;
	unsigned int contig_lg2 = lg2 - kspec_item_lg2(level);
	unsigned int second = max(64U, 1U << contig_lg2);
	u64 oa = 0x5a5a5a5a5a5a5a5aULL &
		 GENMASK_ULL(kspec_max_oa_lg2(&f->common) - 1, lg2);
	struct pt_write_attrs got;
	struct pt_state pts;
	u64 first;

	pts = kpt_fmt_pts(f, table, level, 0);
	pt_install_leaf_entry(&pts, oa, lg2, set);
	pt_load_entry(&pts);
	first = pts.entry;
	KUNIT_EXPECT_EQ_MSG(test, first,
			    kspec_leaf(oa, lg2, level,
				       kspec_prot_bits(&f->common, prot), 0),
			    "prot %#x level %u size 2^%u", prot, level, lg2);

	memset(&got, 0, sizeof(got));
	pt_attr_from_entry(&pts, &got);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(set, &got, sizeof(got)), 0,
			    "prot %#x level %u size 2^%u", prot, level, lg2);

	pts = kpt_fmt_pts(f, table, level, second);
	pt_install_leaf_entry(&pts, oa, lg2, &got);
	pt_load_entry(&pts);
	KUNIT_EXPECT_EQ_MSG(test, pts.entry, first,
			    "prot %#x level %u size 2^%u", prot, level, lg2);

	pt_clear_entries(&pts, contig_lg2);
	pts.index = 0;
	pt_clear_entries(&pts, contig_lg2);
}

/*
 * Every combination of IOMMU_* prot flags: those the spec refuses fail
 * with -EINVAL, the others round-trip (kpt_check_attrs()) on the smallest
 * and the largest leaf of levels 0 and 1 (where level 1 has leaves).
 */
static void kpt_fmt_test_attrs(struct kunit *test)
{
	const unsigned int all = IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE |
				 IOMMU_NOEXEC | IOMMU_MMIO | IOMMU_PRIV;
	struct kpt_fmt *f = test->priv;
	struct pt_table_p *tables[] = { kpt_fmt_table(test, 0),
					kpt_fmt_table(test, 1) };
	unsigned int prot, level;
	struct pt_write_attrs set;
	int ret;

	for (prot = 0; prot <= all; prot++) {
		/* The core refuses prot without READ and WRITE first */
		if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
			continue;
		memset(&set, 0, sizeof(set));
		ret = pt_iommu_set_prot(&f->common, &set, prot);
		if (!kspec_prot_ok(&f->common, prot)) {
			KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "prot %#x", prot);
			continue;
		}
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "prot %#x", prot);

		for (level = 0; level != ARRAY_SIZE(tables); level++) {
			u64 sizes = kspec_level_sizes(&f->common, level);

			/* Level 1 may hold no leaves (pages-only formats) */
			if (level && !sizes)
				continue;
			KUNIT_ASSERT_NE(test, sizes, 0);
			kpt_check_attrs(test, tables[level], level,
					__ffs64(sizes), prot, &set);
			kpt_check_attrs(test, tables[level], level,
					fls64(sizes) - 1, prot, &set);
		}
	}
	for (level = 0; level != ARRAY_SIZE(tables); level++)
		KUNIT_EXPECT_EQ(test,
				kpt_count_type(f, tables[level], level,
					       PT_ENTRY_EMPTY),
				kpt_num_items(f, level));
}

/* The raw dirty bit of every item of a run, as a count */
static unsigned int kpt_dirty_items(struct kpt_fmt *f, struct pt_table_p *table,
				    unsigned int level, unsigned int run)
{
	unsigned int count = 0;
	struct pt_state pts;
	unsigned int i;

	for (i = 0; i != run; i++) {
		pts = kpt_fmt_pts(f, table, level, i);
		pt_load_entry(&pts);
		count += kspec_item_is_dirty(pts.entry);
	}
	return count;
}

/*
 * One writable and one read-only leaf of 2^@lg2 at item 0 of @table; where
 * the configuration has no read-only leaves, set_prot refuses them.
 */
static void kpt_check_dirty(struct kunit *test, struct pt_table_p *table,
			    unsigned int level, unsigned int lg2)
{
	struct kpt_fmt *f = test->priv;
	unsigned int run = 1U << (lg2 - kspec_item_lg2(level));
	u64 oa = BIT_ULL(kspec_max_oa_lg2(&f->common) - 1);
	struct pt_write_attrs rw, ro;
	struct pt_state start, pts;
	unsigned int i;

	kpt_set_prot(test, &rw, IOMMU_READ | IOMMU_WRITE);

	start = kpt_fmt_pts(f, table, level, 0);
	pt_install_leaf_entry(&start, oa, lg2, &rw);
	pt_load_entry(&start);
	KUNIT_ASSERT_FALSE(test, pt_entry_is_write_dirty(&start));

	/* The IOMMU may set D in any item of the run; try the last one */
	pts = kpt_fmt_pts(f, table, level, run - 1);
	pt_load_entry(&pts);
	KUNIT_ASSERT_TRUE(test, pt_entry_make_write_dirty(&pts));
	KUNIT_EXPECT_EQ(test, kpt_dirty_items(f, table, level, run), 1);
	pt_load_entry(&start);
	KUNIT_EXPECT_TRUE(test, pt_entry_is_write_dirty(&start));

	/* Cleaning from the first item cleans the whole run */
	pt_entry_make_write_clean(&start);
	KUNIT_EXPECT_EQ(test, kpt_dirty_items(f, table, level, run), 0);
	KUNIT_EXPECT_FALSE(test, pt_entry_is_write_dirty(&start));

	/* Dirty everywhere, then clean */
	for (i = 0; i != run; i++) {
		pts = kpt_fmt_pts(f, table, level, i);
		pt_load_entry(&pts);
		KUNIT_ASSERT_TRUE(test, pt_entry_make_write_dirty(&pts));
	}
	KUNIT_EXPECT_EQ(test, kpt_dirty_items(f, table, level, run), run);
	pt_load_entry(&start);
	pt_entry_make_write_clean(&start);
	KUNIT_EXPECT_EQ(test, kpt_dirty_items(f, table, level, run), 0);
	for (i = 0; i != run; i++) {
		pts = kpt_fmt_pts(f, table, level, i);
		pt_load_entry(&pts);
		KUNIT_EXPECT_EQ(test, pts.entry,
				kspec_leaf(oa, lg2, level,
					   kspec_prot_bits(&f->common,
							   IOMMU_READ |
							   IOMMU_WRITE), i));
	}
	pt_clear_entries(&start, lg2 - kspec_item_lg2(level));

	/* A read-only leaf never becomes dirty */
	if (!kspec_prot_ok(&f->common, IOMMU_READ)) {
		KUNIT_EXPECT_EQ(test,
				pt_iommu_set_prot(&f->common, &ro, IOMMU_READ),
				-EINVAL);
		return;
	}
	kpt_set_prot(test, &ro, IOMMU_READ);
	pt_install_leaf_entry(&start, oa, lg2, &ro);
	for (i = 0; i != run; i++) {
		pts = kpt_fmt_pts(f, table, level, i);
		pt_load_entry(&pts);
		KUNIT_EXPECT_FALSE(test, pt_entry_make_write_dirty(&pts));
	}
	KUNIT_EXPECT_EQ(test, kpt_dirty_items(f, table, level, run), 0);
	pt_load_entry(&start);
	KUNIT_EXPECT_FALSE(test, pt_entry_is_write_dirty(&start));
	pt_clear_entries(&start, lg2 - kspec_item_lg2(level));
}

/* Dirty set and clean on the smallest and largest leaf of every level */
static void kpt_fmt_test_dirty(struct kunit *test)
{
	struct kpt_fmt *f = test->priv;
	unsigned int level;

	/* The format tracks dirty leaves when the hardware marks them */
	KUNIT_ASSERT_EQ(test, pt_dirty_supported(&f->common),
			kspec_has_dirty(&f->common));
	if (!kspec_has_dirty(&f->common))
		return;
	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kpt_fmt_pts(f, NULL, level, 0);
		u64 sizes = pt_possible_sizes(&pts);
		struct pt_table_p *table;

		if (!sizes)
			continue;
		table = kpt_fmt_table(test, level);
		kpt_check_dirty(test, table, level, __ffs64(sizes));
		kpt_check_dirty(test, table, level, fls64(sizes) - 1);
	}
}

/*
 * The levels form a radix tree over the VA: item sizes chain from one
 * level to the next as the spec says, every VA bit above the granule is
 * decoded by exactly one level, each level's page sizes lie between its
 * item size and the next level's, no size is offered by two levels, and
 * together they are the spec's page sizes. pt_init() and pt_index_to_va()
 * agree with the spec's index of random VAs.
 */
static void kpt_fmt_test_radix(struct kunit *test)
{
	const struct pt_kunit_fmt_cfg *p = test->param_value;
	unsigned int top = kspec_start_level(&p->cfg);
	unsigned int va_lg2 = kspec_va_lg2(&p->cfg);
	struct kpt_fmt *f = test->priv;
	struct rnd_state rnd;
	u64 all_sizes = 0;
	unsigned int level, bit, i;

	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_state pts = kpt_fmt_pts(f, NULL, level, 0);
		u64 sizes = pt_possible_sizes(&pts);
		unsigned int item = pt_table_item_lg2sz(&pts);
		unsigned int table = pt_table_oa_lg2sz(&pts);

		KUNIT_EXPECT_EQ(test, item, kspec_item_lg2(level));
		/* A top table may be cut to the configured VA */
		if (level == top) {
			KUNIT_EXPECT_LE(test, table - item,
					kspec_level_bits(level));
			/* unless it grows: it decodes the configured VA */
			if (!(p->cfg.common.features &
			      BIT(PT_FEAT_DYNAMIC_TOP)))
				KUNIT_EXPECT_GE(test, table, va_lg2);
		} else {
			KUNIT_EXPECT_EQ(test, table - item,
					kspec_level_bits(level));
		}
		if (level < PT_MAX_TOP_LEVEL) {
			struct pt_state up = kpt_fmt_pts(f, NULL, level + 1, 0);

			KUNIT_EXPECT_EQ(test, pt_table_item_lg2sz(&up), table);
		}
		if (sizes) {
			KUNIT_EXPECT_GE(test, __ffs64(sizes), item);
			KUNIT_EXPECT_LT(test, fls64(sizes) - 1, table);
		}
		KUNIT_EXPECT_EQ(test, sizes & all_sizes, 0);
		all_sizes |= sizes;
	}
	KUNIT_EXPECT_EQ(test, all_sizes, kspec_pgsize_bitmap(&f->common));
	/* The largest top decodes the format's whole VA */
	KUNIT_EXPECT_EQ(test, PT_MAX_TOP_LEVEL + 1, KSPEC_MAX_LEVELS);
	KUNIT_EXPECT_EQ(test, PT_MAX_VA_ADDRESS_LG2, KSPEC_MAX_VA_LG2);
	KUNIT_EXPECT_GE(test, kspec_level_va_lg2(PT_MAX_TOP_LEVEL),
			KSPEC_MAX_VA_LG2);
	if (PT_MAX_TOP_LEVEL)
		KUNIT_EXPECT_LT(test, kspec_level_va_lg2(PT_MAX_TOP_LEVEL - 1),
				KSPEC_MAX_VA_LG2);

	for (bit = 0; bit != f->common.max_vasz_lg2; bit++) {
		unsigned int decoders = 0;

		for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
			struct pt_state pts = kpt_fmt_pts(f, NULL, level, 0);

			decoders += pt_va_to_index(&pts, BIT_ULL(bit)) != 0;
		}
		KUNIT_EXPECT_EQ_MSG(test, decoders,
				    bit < KSPEC_GRANULE_LG2 ? 0 : 1,
				    "VA bit %u", bit);
	}

	prandom_seed_state(&rnd, 0x7261646978ULL);
	for (i = 0; i != 1000; i++) {
		u64 va = kpt_rand64(&rnd);

		for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
			unsigned int item = kspec_item_lg2(level);
			struct pt_range range = f->range;
			/* A VA beyond pt_vaddr_t never reaches a walk */
			u64 lva = (pt_vaddr_t)va;
			struct pt_state pts;
			u64 index;

			/* The top only sees VAs of the configuration */
			if (level == top && va_lg2 < 64)
				lva &= BIT_ULL(va_lg2) - 1;
			index = lva >> item;
			if (kspec_level_va_lg2(level) < 64)
				index &= BIT_ULL(kspec_level_bits(level)) - 1;
			range.va = lva;
			range.last_va = lva;
			pt_init(&pts, &range, level, NULL);
			KUNIT_ASSERT_EQ(test, pts.index, index);
			KUNIT_ASSERT_EQ(test, pts.end_index, index + 1);
			KUNIT_ASSERT_EQ(test, pt_index_to_va(&pts),
					lva & ~(BIT_ULL(item) - 1));
		}
	}
}

/*
 * The mark a table entry gets once its cache line is clean for a walker
 * that does not snoop: a new pointer has none, setting it changes only
 * bits the hardware ignores (KSPEC_SW_BITS) and the hardware still reads
 * the same pointer. A format whose walker always snoops never needs it:
 * every entry counts as clean. A format with no bit for software
 * (KSPEC_SW_BITS 0) has no mark: no entry ever counts as clean, so every
 * descent cleans it again, and setting the mark changes nothing.
 */
static void kpt_fmt_test_sw_bits(struct kunit *test)
{
	bool incoherent = KSPEC_FEATURES & BIT(PT_FEAT_DMA_INCOHERENT);
	struct kpt_fmt *f = test->priv;
	struct pt_write_attrs attrs;
	struct pt_state pts;
	unsigned int level;
	u64 before;

	KUNIT_ASSERT_EQ(test,
			!!(PT_SUPPORTED_FEATURES & BIT(PT_FEAT_DMA_INCOHERENT)),
			incoherent);
	kpt_set_prot(test, &attrs, IOMMU_READ | IOMMU_WRITE);
	for (level = 1; level <= PT_MAX_TOP_LEVEL; level++) {
		struct pt_table_p *table = kpt_fmt_table(test, level);
		u64 pa = virt_to_phys(kpt_fmt_table(test, level - 1));

		pts = kpt_fmt_pts(f, table, level, 7);
		pt_load_entry(&pts);
		KUNIT_ASSERT_TRUE(test, pt_install_table(&pts, pa, &attrs));
		pt_load_entry(&pts);
		before = pts.entry;
		if (!incoherent) {
			KUNIT_EXPECT_TRUE(test, pt_entry_sw_cleaned(&pts));
			pt_clear_entries(&pts, 0);
			continue;
		}
		KUNIT_EXPECT_FALSE(test, pt_entry_sw_cleaned(&pts));
		pt_entry_set_sw_cleaned(&pts);
		pt_load_entry(&pts);
		KUNIT_EXPECT_EQ(test, pt_entry_sw_cleaned(&pts), !!KSPEC_SW_BITS);
		if (KSPEC_SW_BITS)
			KUNIT_EXPECT_NE(test, pts.entry, before);
		else
			KUNIT_EXPECT_EQ(test, pts.entry, before);
		KUNIT_EXPECT_EQ_MSG(test, (pts.entry ^ before) & ~KSPEC_SW_BITS,
				    0, "level %u", level);
		KUNIT_ASSERT_EQ(test, pts.type, PT_ENTRY_TABLE);
		KUNIT_EXPECT_EQ(test, pt_table_pa(&pts), pa);
		kpt_expect_decode(test, pts.entry, level, KSPEC_TABLE, pa, 0);
		pt_clear_entries(&pts, 0);
	}
}

/* The largest size of @bitmap that fits at va/oa, by trying each */
static unsigned int kpt_ref_best_pgsize(u64 bitmap, u64 va, u64 last_va,
					u64 oa)
{
	int lg2;

	for (lg2 = 63; lg2 >= 0; lg2--) {
		u64 size = BIT_ULL(lg2);

		if (!(bitmap & size) || ((va | oa) & (size - 1)))
			continue;
		if (last_va - va >= size - 1)
			return lg2;
	}
	return 0;
}

/* An address with its low @align_lg2 bits clear, otherwise random */
static u64 kpt_rand_aligned(struct rnd_state *rnd, unsigned int align_lg2)
{
	if (align_lg2 >= 64)
		return 0;
	return kpt_rand64(rnd) & ~(BIT_ULL(align_lg2) - 1);
}

/*
 * pt_best_pgsize_lg2() against kpt_ref_best_pgsize() over random page size
 * sets, alignments of va and oa (independent or with common low bits) and
 * lengths of every magnitude.
 */
static void kpt_fmt_test_best_pgsize(struct kunit *test)
{
	struct kpt_fmt *f = test->priv;
	u64 fmt_sizes = kspec_pgsize_bitmap(&f->common);
	struct rnd_state rnd;
	unsigned int i, hits = 0;

	prandom_seed_state(&rnd, 0xbe57ULL + test->param_index);
	for (i = 0; i != 50000; i++) {
		u64 bitmap, va, oa, len_m1, last_va;
		unsigned int len_lg2;

		switch (prandom_u32_state(&rnd) % 3) {
		case 0:
			bitmap = fmt_sizes;
			break;
		case 1:
			bitmap = kpt_rand64(&rnd) & fmt_sizes;
			break;
		default:
			bitmap = BIT_ULL(kpt_rand_range(&rnd, 1, 63)) |
				 BIT_ULL(kpt_rand_range(&rnd, 1, 63)) |
				 BIT_ULL(kpt_rand_range(&rnd, 1, 63));
			break;
		}
		va = kpt_rand_aligned(&rnd, kpt_rand_range(&rnd, 0, 64));
		if (prandom_u32_state(&rnd) & 1)
			oa = kpt_rand_aligned(&rnd,
					      kpt_rand_range(&rnd, 0, 64));
		else
			oa = (kpt_rand64(&rnd) &
			      ~(BIT_ULL(kpt_rand_range(&rnd, 1, 63)) - 1)) |
			     (va & (BIT_ULL(kpt_rand_range(&rnd, 1, 63)) - 1));
		len_lg2 = kpt_rand_range(&rnd, 0, 64);
		len_m1 = len_lg2 == 64 ? U64_MAX :
			 kpt_rand_range(&rnd, 0, BIT_ULL(len_lg2) - 1);
		/* Sizes and VAs within the format's VA type */
		bitmap = (pt_vaddr_t)bitmap;
		va = (pt_vaddr_t)va;
		if (check_add_overflow(va, len_m1, &last_va) ||
		    last_va != (pt_vaddr_t)last_va)
			last_va = (pt_vaddr_t)U64_MAX;

		KUNIT_ASSERT_EQ_MSG(test,
				    pt_best_pgsize_lg2(bitmap, va, last_va, oa),
				    kpt_ref_best_pgsize(bitmap, va, last_va, oa),
				    "bitmap %#llx va %#llx last %#llx oa %#llx",
				    bitmap, va, last_va, oa);
		hits += kpt_ref_best_pgsize(bitmap, va, last_va, oa) != 0;
	}
	/* The tuples must not all have been without a fitting size */
	KUNIT_EXPECT_GT(test, hits, 10000);
}

static struct kunit_case kpt_fmt_cases[] = {
	KUNIT_CASE_PARAM(kpt_fmt_test_table_install, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_fmt_test_leaf_sizes, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_fmt_test_attrs, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_fmt_test_dirty, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_fmt_test_radix, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_fmt_test_best_pgsize, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_fmt_test_sw_bits, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_fmt_test_facts, kpt_cfg_gen_params),
	{}
};

static struct kunit_suite kpt_fmt_suite = {
	.name = __stringify(PTPFX) "fmt",
	.init = kpt_fmt_init,
	.exit = kpt_fmt_exit,
	.test_cases = kpt_fmt_cases,
};

kunit_test_suites(&kpt_fmt_suite);
