/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The format-independent half of a differential KUnit suite: our table
 * and the kernel's io-pgtable of the same configuration are driven
 * through the same random maps (into empty ranges, every page size,
 * every prot) and unmaps, every step probed with iova_to_phys on both
 * and against a model of the live mappings, and both trees are walked
 * side by side: leaves bit-identical, table descriptors identical but
 * for the address, and a table io-pgtable kept after its leaves went may
 * stand against an empty item of ours.
 *
 * How to use it, from a format's suite header (see kunit_armv8_diff.h):
 *  - the suite's parameters are struct kdiff_cfg;
 *  - in the case init allocate the state with kdiff_alloc() (a struct
 *    whose first member is struct kdiff, when the format keeps more),
 *    which points test->priv at it, then call kdiff_setup() with our
 *    table's configuration and the page sizes; optionally set
 *    d->region_lg2, the size of the four regions maps fall in (default:
 *    twice the largest page);
 *  - use kdiff_exit() as the suite's exit, or call it from the exit;
 *  - add KUNIT_CASE_PARAM(kdiff_test_sequence, ...) to the suite;
 *  - define these hooks (prototypes below), all about descriptors of one
 *    level, levels numbered as in our core (0 holds the smallest leaves):
 *
 *    kdiff_fmt_item(table, index)     item @index of a table, zero-extended
 *    kdiff_fmt_valid(d, item, level)  the item maps something
 *    kdiff_fmt_is_leaf(d, item, level) a valid item is a leaf
 *    kdiff_fmt_table(d, item, level)  CPU address of a table item's table
 *    kdiff_fmt_table_addr(d, level)   the bits of a table item holding the
 *                                     address, ignored by the compare
 *    kdiff_fmt_items_lg2(d, level, top) items of a table at @level, log2
 *    kdiff_fmt_top_level(d)           the level of the top table
 *    kdiff_fmt_their_top(d)           io-pgtable's top table, found from
 *                                     the register value it computed
 *
 * The suite header also names the deliberate differences between the two
 * contracts; the sequence avoids them: maps only go into empty ranges,
 * unmaps remove whole mappings, io-pgtable is given the greedy split the
 * IOMMU core makes while our table gets granules and picks its own sizes.
 */
#include <linux/io-pgtable.h>
#include <linux/math64.h>
#include <linux/prandom.h>
#include <linux/sched.h>

#include "kunit_domain.h"
#include "kunit_model.h"

/* Random maps of the sequence, per configuration */
#define KDIFF_MAPS KPT_RANDOM_OPS
/* Mappings alive at once */
#define KDIFF_LIVE 256
/* A full tree comparison every so many operations */
#define KDIFF_WALK_EVERY 500

/**
 * struct kdiff_cfg - one configuration both implementations have
 * @name: parameter name
 * @fmt: io-pgtable format
 * @ias: input address bits, both sides
 * @oas: output address bits of ours, and of io-pgtable's unless
 *   @their_oas is set
 * @their_oas: io-pgtable's output address bits where they differ
 * @quirks: IO_PGTABLE_QUIRK_* bits of io-pgtable's table
 */
struct kdiff_cfg {
	const char *name;
	enum io_pgtable_fmt fmt;
	u8 ias;
	u8 oas;
	u8 their_oas;
	unsigned long quirks;
};

/**
 * struct kdiff - state of one differential case
 * @test: the case
 * @c: the configuration, the case's parameter
 * @kd: our domain and table; IOVAs of the sequence get its iova_prefix
 * @icfg: io-pgtable's cfg, as it filled it
 * @ops: io-pgtable's table
 * @dev: the device handed to io-pgtable (never used for DMA)
 * @rnd: random state
 * @sizes: the page sizes both offer
 * @region_lg2: size of each of the four regions maps fall in
 * @model: live mappings, IOVAs without the prefix
 * @ops_done: maps and unmaps made on both tables
 * @mapped: maps made
 * @leaves: leaves installed, per page size
 * @prots: prot values used, as a bitmap
 * @probes: iova_to_phys comparisons
 * @leaves_cmp: leaf descriptors compared
 * @tables_cmp: table descriptors compared
 * @kept: io-pgtable tables with no leaf where we have none
 */
struct kdiff {
	struct kunit *test;
	const struct kdiff_cfg *c;
	struct kpt_domain kd;
	struct io_pgtable_cfg icfg;
	struct io_pgtable_ops *ops;
	struct device *dev;
	struct rnd_state rnd;
	u64 sizes;
	unsigned int region_lg2;
	struct kpt_model model;
	unsigned long ops_done;
	unsigned long mapped;
	unsigned long leaves[64];
	u64 prots;
	unsigned long probes;
	unsigned long leaves_cmp;
	unsigned long tables_cmp;
	unsigned long kept;
};

/* The hooks a format defines, see the top of this file */
static u64 kdiff_fmt_item(const void *table, unsigned int index);
static bool kdiff_fmt_valid(struct kdiff *d, u64 item, unsigned int level);
static bool kdiff_fmt_is_leaf(struct kdiff *d, u64 item, unsigned int level);
static void *kdiff_fmt_table(struct kdiff *d, u64 item, unsigned int level);
static u64 kdiff_fmt_table_addr(struct kdiff *d, unsigned int level);
static unsigned int kdiff_fmt_items_lg2(struct kdiff *d, unsigned int level,
					bool top);
static unsigned int kdiff_fmt_top_level(struct kdiff *d);
static void *kdiff_fmt_their_top(struct kdiff *d);

static void kdiff_tlb_flush_all(void *cookie)
{
}

static void kdiff_tlb_flush_walk(unsigned long iova, size_t size,
				 size_t granule, void *cookie)
{
}

static void kdiff_tlb_add_page(struct iommu_iotlb_gather *gather,
			       unsigned long iova, size_t granule,
			       void *cookie)
{
}

/* Nothing to invalidate: no hardware walks either table */
static const struct iommu_flush_ops kdiff_tlb_ops = {
	.tlb_flush_all = kdiff_tlb_flush_all,
	.tlb_flush_walk = kdiff_tlb_flush_walk,
	.tlb_add_page = kdiff_tlb_add_page,
};

/*
 * The state of a case: @size bytes (of a struct whose first member is
 * struct kdiff), zeroed, freed with the case, and the case's test->priv.
 */
static struct kdiff *kdiff_alloc(struct kunit *test, size_t size)
{
	struct kdiff *d = kunit_kzalloc(test, size, GFP_KERNEL);

	if (d) {
		d->test = test;
		d->c = test->param_value;
		kpt_model_init(&d->model);
	}
	test->priv = d;
	return d;
}

/*
 * Both tables of the case: ours from @cfg, IOVAs with @prefix above the
 * input width (0 unless an upper-half table); io-pgtable's of the same
 * configuration with page sizes @sizes, a coherent walker and no-op
 * flushes.
 */
static int kdiff_setup(struct kdiff *d, const PT_IOMMU_CFG_T *cfg,
		       u64 prefix, u64 sizes)
{
	const struct kdiff_cfg *c = d->c;

	if (kpt_domain_init(&d->kd, cfg, false, NULL))
		return -EINVAL;
	d->kd.iova_prefix = prefix;
	d->dev = kunit_kzalloc(d->test, sizeof(*d->dev), GFP_KERNEL);
	if (!d->dev)
		return -ENOMEM;
	d->icfg.quirks = c->quirks;
	d->icfg.pgsize_bitmap = sizes;
	d->icfg.ias = c->ias;
	d->icfg.oas = c->their_oas ? c->their_oas : c->oas;
	d->icfg.coherent_walk = true;
	d->icfg.tlb = &kdiff_tlb_ops;
	d->icfg.iommu_dev = d->dev;
	d->ops = alloc_io_pgtable_ops(c->fmt, &d->icfg, d);
	/* io-pgtable has its copy; PAs of the sequence fit our output */
	d->icfg.oas = c->oas;
	return d->ops ? 0 : -EINVAL;
}

/*
 * Free both tables, expecting every table page of ours back (io-pgtable's
 * are not counted); the suite's exit, safe after a failed init
 */
static void kdiff_exit(struct kunit *test)
{
	struct kdiff *d = test->priv;

	if (!d)
		return;
	kpt_model_destroy(&d->model);
	if (d->ops)
		free_io_pgtable_ops(d->ops);
	if (d->kd.domain.ops)
		kpt_domain_release(test, &d->kd);
}

/* Largest size of @sizes that @va and @pa allow and that fits in @len */
static u64 kdiff_best(u64 sizes, u64 va, u64 pa, u64 len)
{
	int lg2;

	for (lg2 = 63; lg2 >= 0; lg2--) {
		u64 size = BIT_ULL(lg2);

		if ((sizes & size) && !((va | pa) & (size - 1)) && size <= len)
			return size;
	}
	return 0;
}

/* Pages of @size the IOMMU core would pass in one call from @iova */
static size_t kdiff_run(struct kdiff *d, u64 size, u64 iova, u64 pa, u64 len)
{
	size_t count = 1;

	while ((count + 1) * size <= len &&
	       kdiff_best(d->sizes, iova + count * size, pa + count * size,
			  len - count * size) == size)
		count++;
	return count;
}

/*
 * Map [iova, iova + len) to @pa in io-pgtable as the IOMMU core would:
 * runs of the largest page size that fits, each passed as (size, count).
 */
static void kdiff_io_map(struct kdiff *d, u64 iova, u64 pa, u64 len, int prot)
{
	struct kunit *test = d->test;

	while (len) {
		u64 size = kdiff_best(d->sizes, iova, pa, len);
		size_t count, mapped = 0;
		int ret;

		KUNIT_ASSERT_NE(test, size, 0);
		count = kdiff_run(d, size, iova, pa, len);
		d->leaves[ilog2(size)] += count;
		while (mapped < count * size) {
			size_t done = 0;

			ret = d->ops->map_pages(d->ops,
						d->kd.iova_prefix | (iova + mapped),
						pa + mapped, size,
						count - div64_u64(mapped, size),
						prot,
						GFP_KERNEL, &done);
			KUNIT_ASSERT_EQ(test, ret, 0);
			KUNIT_ASSERT_NE(test, done, 0);
			mapped += done;
		}
		iova += mapped;
		pa += mapped;
		len -= mapped;
	}
}

/* Unmap what kdiff_io_map() mapped, in the same runs */
static void kdiff_io_unmap(struct kdiff *d, const struct kpt_model_map *m)
{
	struct kunit *test = d->test;
	u64 iova = m->iova, pa = m->pa, len = m->len;
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	while (len) {
		u64 size = kdiff_best(d->sizes, iova, pa, len);
		size_t count = kdiff_run(d, size, iova, pa, len), done = 0;

		while (done < count * size) {
			size_t got;

			got = d->ops->unmap_pages(d->ops,
						  d->kd.iova_prefix | (iova + done),
						  size,
						  count - div64_u64(done, size),
						  &gather);
			KUNIT_ASSERT_NE(test, got, 0);
			done += got;
		}
		iova += done;
		pa += done;
		len -= done;
	}
}

static void kdiff_probe(struct kdiff *d, u64 iova, u64 expect)
{
	struct kunit *test = d->test;
	u64 va = d->kd.iova_prefix | iova;
	phys_addr_t ours = kpt_phys(&d->kd, iova);
	phys_addr_t theirs = d->ops->iova_to_phys(d->ops, va);

	KUNIT_ASSERT_EQ_MSG(test, ours, theirs, "iova %#llx", va);
	KUNIT_ASSERT_EQ_MSG(test, ours, expect, "iova %#llx", va);
	d->probes++;
}

/* Both tables translate @iova as the model does */
static void kdiff_probe_model(struct kdiff *d, u64 iova)
{
	kdiff_probe(d, iova, kpt_model_phys(&d->model, iova));
}

static void kdiff_probe_range(struct kdiff *d, u64 iova, u64 len)
{
	u64 off = kpt_rand_range(&d->rnd, 0, len - 1);

	kdiff_probe_model(d, iova);
	kdiff_probe_model(d, iova + len - 1);
	kdiff_probe_model(d, iova + off);
}

/*
 * Map [iova, iova + len) to @pa with @prot on both sides: io-pgtable as
 * the IOMMU core would, ours in granules; a live mapping of the model
 */
static void kdiff_map(struct kdiff *d, u64 iova, u64 pa, u64 len, int prot)
{
	struct kunit *test = d->test;
	size_t mapped;
	int ret;

	kdiff_io_map(d, iova, pa, len, prot);
	ret = kpt_map_pages_partial(&d->kd, iova, pa, len, prot, &mapped);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "iova %#llx pa %#llx len %#llx", iova,
			    pa, len);
	KUNIT_ASSERT_EQ(test, mapped, len);
	KUNIT_ASSERT_EQ(test, kpt_model_add(&d->model, iova, len, pa), 0);
	kdiff_probe_range(d, iova, len);
}

/* A prot with read or write, every other flag at random */
static int kdiff_rand_prot(struct kdiff *d)
{
	int prot;

	do {
		prot = prandom_u32_state(&d->rnd) &
		       (IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE | IOMMU_NOEXEC |
			IOMMU_MMIO | IOMMU_PRIV);
	} while (!(prot & (IOMMU_READ | IOMMU_WRITE)));
	return prot;
}

/*
 * One map into an empty range: a page size of the table, one to four
 * such pages and sometimes a few granules more, at an IOVA and PA aligned
 * to the size or, a quarter of the time, less, so that the split mixes
 * sizes. IOVAs fall in four regions; small maps cluster in eight slices
 * of a region so that the tables stay few.
 */
static bool kdiff_random_map(struct kdiff *d)
{
	struct rnd_state *rnd = &d->rnd;
	unsigned int g = KPT_G;
	unsigned int n = hweight64(d->sizes), pick, lg2, a, b;
	u64 region, off, len, iova, pa, span;
	int prot;

	pick = prandom_u32_state(rnd) % n;
	for (lg2 = 0; lg2 != 64; lg2++)
		if ((d->sizes & BIT_ULL(lg2)) && !pick--)
			break;
	len = kpt_rand_range(rnd, 1, 4) << lg2;
	if (!(prandom_u32_state(rnd) % 3))
		len += kpt_rand_range(rnd, 1, 3) << g;
	/* Less aligned by at most 9 bits: at most ~2K leaves per map */
	a = prandom_u32_state(rnd) % 4 ?
		    lg2 :
		    kpt_rand_range(rnd, max(g, lg2 - 9), lg2);
	b = prandom_u32_state(rnd) % 4 ?
		    lg2 :
		    kpt_rand_range(rnd, max(g, lg2 - 9), lg2);

	span = BIT_ULL(d->region_lg2);
	region = (u64)(prandom_u32_state(rnd) % 4) << d->region_lg2;
	if (lg2 + 4 < d->region_lg2 - 3)
		off = ((u64)(prandom_u32_state(rnd) % 8)
		       << (d->region_lg2 - 3)) |
		      (kpt_rand64(rnd) & (BIT_ULL(lg2 + 4) - 1));
	else
		off = kpt_rand64(rnd) & (span - 1);
	off &= ~(BIT_ULL(a) - 1);
	if (len > span)
		return false;
	if (off + len > span)
		off = (span - len) & ~(BIT_ULL(a) - 1);
	iova = region + off;
	if (kpt_model_busy(&d->model, iova, iova + (len - 1)))
		return false;
	/*
	 * In the lower half of the OA, so that pa + len stays inside, and of
	 * phys_addr_t (32 bits on some 32-bit kernels)
	 */
	pa = kpt_rand64(rnd) &
	     (BIT_ULL(min_t(unsigned int, d->icfg.oas,
			    sizeof(phys_addr_t) * 8) - 1) - 1) &
	     ~(BIT_ULL(b) - 1);
	if (!pa)
		pa = BIT_ULL(b);
	prot = kdiff_rand_prot(d);

	d->prots |= BIT_ULL(prot);
	d->mapped++;
	d->ops_done++;
	kdiff_map(d, iova, pa, len, prot);
	return true;
}

/* Unmap one live mapping, with the mapping right after it when there is one */
static void kdiff_random_unmap(struct kdiff *d)
{
	struct kunit *test = d->test;
	unsigned long i = prandom_u32_state(&d->rnd) % d->model.num;
	unsigned int j, num = 1;
	struct kpt_model_map run[2];
	u64 next, total;

	KUNIT_ASSERT_TRUE(test, kpt_model_nth(&d->model, i, &run[0]));
	next = run[0].iova + run[0].len;
	/* None after a mapping that ends at the top of the IOVA type */
	if (next - 1 < ULONG_MAX &&
	    kpt_model_find(&d->model, next, next, &run[1]))
		num++;
	total = run[0].len + (num == 2 ? run[1].len : 0);

	for (j = 0; j != num; j++)
		kdiff_io_unmap(d, &run[j]);
	KUNIT_ASSERT_EQ(test, kpt_unmap_pages(&d->kd, run[0].iova, total),
			total);
	KUNIT_ASSERT_EQ(test,
			kpt_model_remove(&d->model, run[0].iova,
					 run[0].iova + (total - 1)),
			total);
	d->ops_done++;
	kdiff_probe_range(d, run[0].iova, total);
}

/* Does io-pgtable's @table of @level hold any leaf? */
static bool kdiff_has_leaf(struct kdiff *d, void *table, unsigned int level)
{
	unsigned int i;

	for (i = 0; i != BIT(kdiff_fmt_items_lg2(d, level, false)); i++) {
		u64 e = kdiff_fmt_item(table, i);

		if (!kdiff_fmt_valid(d, e, level))
			continue;
		if (kdiff_fmt_is_leaf(d, e, level) ||
		    kdiff_has_leaf(d, kdiff_fmt_table(d, e, level), level - 1))
			return true;
	}
	return false;
}

/*
 * Walk @ours and @theirs, tables of @level with 2^@items_lg2 items:
 * leaves bit-identical, tables identical but for the address.
 */
static void kdiff_walk(struct kdiff *d, void *ours, void *theirs,
		       unsigned int level, unsigned int items_lg2)
{
	struct kunit *test = d->test;
	u64 addr = kdiff_fmt_table_addr(d, level);
	unsigned int i;

	for (i = 0; i != BIT(items_lg2); i++) {
		u64 o = kdiff_fmt_item(ours, i), t = kdiff_fmt_item(theirs, i);
		bool o_valid = kdiff_fmt_valid(d, o, level);
		bool t_valid = kdiff_fmt_valid(d, t, level);

		if (!o_valid && !t_valid) {
			KUNIT_ASSERT_EQ(test, o, t);
			continue;
		}
		if (!o_valid && !kdiff_fmt_is_leaf(d, t, level)) {
			/* A table io-pgtable kept after its leaves went */
			KUNIT_ASSERT_EQ(test, o, 0);
			KUNIT_ASSERT_FALSE_MSG(test,
					       kdiff_has_leaf(d,
							      kdiff_fmt_table(d, t, level),
							      level - 1),
					       "level %u item %u", level, i);
			d->kept++;
			continue;
		}
		KUNIT_ASSERT_TRUE_MSG(test, o_valid && t_valid,
				      "level %u item %u ours %#llx theirs %#llx",
				      level, i, o, t);
		if (kdiff_fmt_is_leaf(d, o, level) ||
		    kdiff_fmt_is_leaf(d, t, level)) {
			KUNIT_ASSERT_EQ_MSG(test, o, t, "leaf at level %u item %u",
					    level, i);
			d->leaves_cmp++;
			continue;
		}
		KUNIT_ASSERT_EQ_MSG(test, o & ~addr, t & ~addr,
				    "table at level %u item %u", level, i);
		d->tables_cmp++;
		kdiff_walk(d, kdiff_fmt_table(d, o, level),
			   kdiff_fmt_table(d, t, level), level - 1,
			   kdiff_fmt_items_lg2(d, level - 1, false));
	}
}

static void kdiff_compare_trees(struct kdiff *d)
{
	uintptr_t top = READ_ONCE(kpt_common(&d->kd)->top_of_table);
	unsigned int level = kdiff_fmt_top_level(d);

	KUNIT_ASSERT_EQ(d->test, top & PT_TOP_LEVEL_MASK, level);
	kdiff_walk(d, (void *)(top & ~(uintptr_t)PT_TOP_LEVEL_MASK),
		   kdiff_fmt_their_top(d), level,
		   kdiff_fmt_items_lg2(d, level, true));
}

/*
 * The random sequence: KDIFF_MAPS maps and about as many unmaps, every
 * one probed on both tables, the trees compared every KDIFF_WALK_EVERY
 * operations and after everything is unmapped.
 */
static void kdiff_test_sequence(struct kunit *test)
{
	struct kdiff *d = test->priv;
	/* The IOVAs an unsigned long holds (all but on a 32-bit kernel) */
	unsigned int lg2, ias = min_t(unsigned int, d->icfg.ias, BITS_PER_LONG);
	unsigned long walks = 0;
	u64 usable, probe;

	d->sizes = d->kd.domain.pgsize_bitmap;
	KUNIT_ASSERT_EQ(test, d->sizes, d->icfg.pgsize_bitmap);
	/*
	 * Four regions, each twice the largest page where the VA allows,
	 * unless the format chose (a format of one page size wants more)
	 */
	if (!d->region_lg2)
		d->region_lg2 = min(ias - 2, (unsigned int)fls64(d->sizes));
	d->region_lg2 = min(d->region_lg2, ias - 2);
	usable = d->sizes & GENMASK_ULL(d->region_lg2, 0);
	d->sizes = usable;
	prandom_seed_state(&d->rnd, 0xa4f0d1ffULL + test->param_index);

	while (d->mapped < KDIFF_MAPS) {
		unsigned int dice = prandom_u32_state(&d->rnd) % 100;

		if (d->model.num && (dice < 45 || d->model.num == KDIFF_LIVE))
			kdiff_random_unmap(d);
		else
			kdiff_random_map(d);
		if (!(d->ops_done % KDIFF_WALK_EVERY)) {
			kdiff_compare_trees(d);
			walks++;
		}
		probe = kpt_rand64(&d->rnd) & (BIT_ULL(ias) - 1);
		kdiff_probe_model(d, probe);
		/* Minutes under TCG with KASAN: do not starve RCU */
		cond_resched();
	}
	kdiff_compare_trees(d);
	while (d->model.num)
		kdiff_random_unmap(d);
	kdiff_compare_trees(d);
	walks += 2;

	/* Every page size and every prot with read or write was used */
	for (lg2 = 0; lg2 != 64; lg2++)
		if (usable & BIT_ULL(lg2))
			KUNIT_EXPECT_GT_MSG(test, d->leaves[lg2], 0,
					    "no leaf of 2^%u", lg2);
	KUNIT_EXPECT_EQ(test, hweight64(d->prots), 48);
	KUNIT_EXPECT_GT(test, d->leaves_cmp, 0);
	kunit_info(test,
		   "%lu ops (%lu maps), %lu probes, %lu walks comparing %lu leaf and %lu table entries (%lu kept empty tables)\n",
		   d->ops_done, d->mapped, d->probes, walks, d->leaves_cmp,
		   d->tables_cmp, d->kept);
}
