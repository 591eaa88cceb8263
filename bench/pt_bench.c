// SPDX-License-Identifier: GPL-2.0-only
/*
 * The benchmark (suite pt_bench, never run by make check, asserts nothing
 * about speed): our formats and the kernel's io-pgtable, timed side by
 * side in one UML kernel. For every row the two sides of a pair run the
 * same operations interleaved, A then B then B then A..., for several
 * rounds, each lasting at least a millisecond; the runner prints one
 * "BENCH," line per row and layer that scripts/bench.sh turns into a
 * table, a CSV and a plot. Formats without an in-kernel counterpart are
 * timed alone.
 */
#define pr_fmt(fmt) "pt_bench: " fmt

#include <kunit/test.h>
#include <linux/io-pgtable.h>
#include <linux/ktime.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/sizes.h>
#include <linux/generic_pt/iommu.h>

#include "pt_bench.h"

#define PTB_ROUNDS 7
#define PTB_MIN_NS (1000 * 1000ULL)
/* IOVA where every row starts; the rows stay below 129T */
#define PTB_IOVA_BASE ((unsigned long)SZ_1G)
#define PTB_PA_BASE ((phys_addr_t)SZ_1G)

/* --- io-pgtable as a target --- */

/**
 * struct ptb_iop_table - an io-pgtable behind a bench table
 * @bench: what the runner sees
 * @domain: a driver-style domain whose ops call into @ops
 * @cfg: the io-pgtable config
 * @ops: the io-pgtable
 */
struct ptb_iop_table {
	struct pt_bench_table bench;
	struct iommu_domain domain;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
};

static struct device ptb_iop_dev;

static struct ptb_iop_table *ptb_iop(struct pt_bench_table *t)
{
	return container_of(t, struct ptb_iop_table, bench);
}

static void ptb_tlb_flush_all(void *cookie)
{
	((struct pt_bench_table *)cookie)->flushes++;
}

static void ptb_tlb_flush_walk(unsigned long iova, size_t size,
			       size_t granule, void *cookie)
{
	((struct pt_bench_table *)cookie)->flushes++;
}

static void ptb_tlb_add_page(struct iommu_iotlb_gather *gather,
			     unsigned long iova, size_t granule, void *cookie)
{
	((struct pt_bench_table *)cookie)->flushes++;
}

static const struct iommu_flush_ops ptb_flush_ops = {
	.tlb_flush_all = ptb_tlb_flush_all,
	.tlb_flush_walk = ptb_tlb_flush_walk,
	.tlb_add_page = ptb_tlb_add_page,
};

static int ptb_iop_map(struct pt_bench_table *t, unsigned long iova,
		       phys_addr_t pa, size_t pgsize, size_t count)
{
	struct io_pgtable_ops *ops = ptb_iop(t)->ops;
	size_t mapped;
	int ret;

	/* io-pgtable stops at each table boundary: loop as the core does */
	while (count) {
		mapped = 0;
		ret = ops->map_pages(ops, iova, pa, pgsize, count,
				     IOMMU_READ | IOMMU_WRITE, GFP_KERNEL,
				     &mapped);
		if (ret)
			return ret;
		iova += mapped;
		pa += mapped;
		count -= mapped / pgsize;
	}
	return 0;
}

static size_t ptb_iop_unmap(struct pt_bench_table *t, unsigned long iova,
			    size_t pgsize, size_t count)
{
	struct io_pgtable_ops *ops = ptb_iop(t)->ops;
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_iotlb_gather_init(&gather);
	ret = ops->unmap_pages(ops, iova, pgsize, count, &gather);
	t->flushes++;
	return ret;
}

static phys_addr_t ptb_iop_iova_to_phys(struct pt_bench_table *t,
					unsigned long iova)
{
	struct io_pgtable_ops *ops = ptb_iop(t)->ops;

	return ops->iova_to_phys(ops, iova);
}

/* The domain ops a driver on io-pgtable writes: a call into the ops */
static int ptb_dom_map_pages(struct iommu_domain *domain, unsigned long iova,
			     phys_addr_t pa, size_t pgsize, size_t count,
			     int prot, gfp_t gfp, size_t *mapped)
{
	struct io_pgtable_ops *ops =
		container_of(domain, struct ptb_iop_table, domain)->ops;

	return ops->map_pages(ops, iova, pa, pgsize, count, prot, gfp, mapped);
}

static size_t ptb_dom_unmap_pages(struct iommu_domain *domain,
				  unsigned long iova, size_t pgsize,
				  size_t count,
				  struct iommu_iotlb_gather *gather)
{
	struct io_pgtable_ops *ops =
		container_of(domain, struct ptb_iop_table, domain)->ops;

	return ops->unmap_pages(ops, iova, pgsize, count, gather);
}

static phys_addr_t ptb_dom_iova_to_phys(struct iommu_domain *domain,
					dma_addr_t iova)
{
	struct io_pgtable_ops *ops =
		container_of(domain, struct ptb_iop_table, domain)->ops;

	return ops->iova_to_phys(ops, iova);
}

static void ptb_dom_iotlb_sync(struct iommu_domain *domain,
			       struct iommu_iotlb_gather *gather)
{
	container_of(domain, struct ptb_iop_table, domain)->bench.flushes++;
}

static const struct iommu_domain_ops ptb_iop_domain_ops = {
	.map_pages = ptb_dom_map_pages,
	.unmap_pages = ptb_dom_unmap_pages,
	.iova_to_phys = ptb_dom_iova_to_phys,
	.iotlb_sync = ptb_dom_iotlb_sync,
};

static struct pt_bench_table *ptb_iop_create(enum io_pgtable_fmt fmt,
					     unsigned long pgsizes)
{
	struct ptb_iop_table *it = kzalloc(sizeof(*it), GFP_KERNEL);

	if (!it)
		return NULL;
	it->cfg = (struct io_pgtable_cfg){
		.pgsize_bitmap = pgsizes,
		.ias = 48,
		.oas = 48,
		.coherent_walk = true,
		.tlb = &ptb_flush_ops,
		.iommu_dev = &ptb_iop_dev,
	};
	it->ops = alloc_io_pgtable_ops(fmt, &it->cfg, &it->bench);
	if (!it->ops) {
		kfree(it);
		return NULL;
	}
	it->domain.type = IOMMU_DOMAIN_UNMANAGED;
	it->domain.ops = &ptb_iop_domain_ops;
	it->domain.pgsize_bitmap = it->cfg.pgsize_bitmap;
	it->bench.domain = &it->domain;
	return &it->bench;
}

static void ptb_iop_destroy(struct pt_bench_table *t)
{
	free_io_pgtable_ops(ptb_iop(t)->ops);
	kfree(ptb_iop(t));
}

static struct pt_bench_table *ptb_lpae_4k_create(void)
{
	return ptb_iop_create(ARM_64_LPAE_S1, SZ_4K | SZ_2M | SZ_1G);
}

static const struct pt_bench_target ptb_lpae_4k_target = {
	.name = "io-pgtable ARM_64_LPAE_S1 4K",
	.create = ptb_lpae_4k_create,
	.destroy = ptb_iop_destroy,
	.map = ptb_iop_map,
	.unmap = ptb_iop_unmap,
	.iova_to_phys = ptb_iop_iova_to_phys,
};

/* --- the runner --- */

/**
 * struct ptb_pair - what is compared
 * @ours: our format
 * @theirs: the in-kernel implementation of the same format, or NULL
 */
struct ptb_pair {
	const struct pt_bench_target *ours;
	const struct pt_bench_target *theirs;
};

/*
 * Until our armv8 formats exist, no pair has an in-kernel counterpart:
 * every implementation is timed alone.
 */
static const struct ptb_pair ptb_pairs[] = {
	{ &amdv1_bench_target, NULL },
	{ &ptb_lpae_4k_target, NULL },
};

static void ptb_pair_desc(const struct ptb_pair *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s%s%s", p->ours->name,
		 p->theirs ? " vs " : "", p->theirs ? p->theirs->name : "");
}

/**
 * struct ptb_row - one measured operation
 * @name: row label
 * @pgsize: page size per call
 * @count: pages per call
 */
struct ptb_row {
	const char *name;
	size_t pgsize;
	size_t count;
};

static const struct ptb_row ptb_map_rows[] = {
	{ "1x4K", SZ_4K, 1 },
	{ "256x4K", SZ_4K, 256 },
	{ "1x2M", SZ_2M, 1 },
	{ "256x2M", SZ_2M, 256 },
	{ "1x1G", SZ_1G, 1 },
};

/* ns per op of one timed phase */
struct ptb_sample {
	u64 map_ns;
	u64 unmap_ns;
};

static bool ptb_use_domain;

static int ptb_map(const struct pt_bench_target *tg, struct pt_bench_table *t,
		   unsigned long iova, phys_addr_t pa, size_t pgsize,
		   size_t count)
{
	if (ptb_use_domain)
		return pt_compat_iommu_map(t->domain, iova, pa, pgsize * count,
					   IOMMU_READ | IOMMU_WRITE,
					   GFP_KERNEL);
	return tg->map(t, iova, pa, pgsize, count);
}

static size_t ptb_unmap(const struct pt_bench_target *tg,
			struct pt_bench_table *t, unsigned long iova,
			size_t pgsize, size_t count)
{
	if (ptb_use_domain)
		return iommu_unmap(t->domain, iova, pgsize * count);
	return tg->unmap(t, iova, pgsize, count);
}

/*
 * One run of a map row on a fresh table: @iters calls mapping consecutive
 * ranges, then @iters calls unmapping them. Returns false on any failure.
 */
static bool ptb_run_map_row(const struct pt_bench_target *tg,
			    const struct ptb_row *row, unsigned int iters,
			    struct ptb_sample *s)
{
	size_t len = row->pgsize * row->count;
	struct pt_bench_table *t = tg->create();
	unsigned int i;
	u64 start;
	bool ok = true;

	if (!t)
		return false;
	start = ktime_get_ns();
	for (i = 0; i != iters; i++)
		ok &= !ptb_map(tg, t, PTB_IOVA_BASE + (u64)i * len,
			       PTB_PA_BASE + (u64)i * len, row->pgsize,
			       row->count);
	s->map_ns = (ktime_get_ns() - start) / iters;
	start = ktime_get_ns();
	for (i = 0; i != iters; i++)
		ok &= ptb_unmap(tg, t, PTB_IOVA_BASE + (u64)i * len,
				row->pgsize, row->count) == len;
	s->unmap_ns = (ktime_get_ns() - start) / iters;
	tg->destroy(t);
	return ok;
}

/* The smallest power-of-two iteration count whose run lasts PTB_MIN_NS */
static unsigned int ptb_calibrate(const struct pt_bench_target *tg,
				  const struct ptb_row *row)
{
	/* Keep every row below 256T of IOVA */
	u64 max_iters = div64_u64(128 * SZ_1T, row->pgsize * row->count);
	struct ptb_sample s;
	unsigned int iters;

	for (iters = 4; iters < max_iters; iters *= 2) {
		if (!ptb_run_map_row(tg, row, iters, &s))
			return 0;
		if ((s.map_ns + s.unmap_ns) * iters >= PTB_MIN_NS)
			break;
	}
	return iters;
}

static int ptb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* median, min, max of @n samples, sorted in place */
static void ptb_stats(u64 *v, unsigned int n, u64 *med, u64 *min, u64 *max)
{
	sort(v, n, sizeof(*v), ptb_cmp_u64, NULL);
	*med = v[n / 2];
	*min = v[0];
	*max = v[n - 1];
}

static void ptb_report(const char *pair, const char *layer, const char *row,
		       u64 *ours, u64 *theirs, bool have_theirs)
{
	u64 om, on, ox, tm = 0, tn = 0, tx = 0;

	ptb_stats(ours, PTB_ROUNDS, &om, &on, &ox);
	if (have_theirs)
		ptb_stats(theirs, PTB_ROUNDS, &tm, &tn, &tx);
	pr_info("BENCH,%s,%s,%s,%llu,%llu,%llu,%llu,%llu,%llu\n", pair, layer,
		row, om, on, ox, tm, tn, tx);
}

static void ptb_bench_map_rows(struct kunit *test, const struct ptb_pair *p)
{
	const char *layer = ptb_use_domain ? "iommu_map" : "format";
	u64 om[PTB_ROUNDS], ou[PTB_ROUNDS], tm[PTB_ROUNDS], tu[PTB_ROUNDS];
	unsigned int r, i, iters;
	struct ptb_sample s;
	char name[32];

	for (i = 0; i != ARRAY_SIZE(ptb_map_rows); i++) {
		const struct ptb_row *row = &ptb_map_rows[i];
		bool ok = true;

		/* Same iteration count on both sides, from ours */
		iters = ptb_calibrate(p->ours, row);
		KUNIT_ASSERT_NE_MSG(test, iters, 0, "%s %s fails", p->ours->name,
				    row->name);
		for (r = 0; r != PTB_ROUNDS; r++) {
			/* Alternate who goes first */
			bool ours_first = !(r & 1);

			if (ours_first) {
				ok &= ptb_run_map_row(p->ours, row, iters, &s);
				om[r] = s.map_ns;
				ou[r] = s.unmap_ns;
			}
			if (p->theirs) {
				ok &= ptb_run_map_row(p->theirs, row, iters, &s);
				tm[r] = s.map_ns;
				tu[r] = s.unmap_ns;
			}
			if (!ours_first) {
				ok &= ptb_run_map_row(p->ours, row, iters, &s);
				om[r] = s.map_ns;
				ou[r] = s.unmap_ns;
			}
		}
		KUNIT_EXPECT_TRUE_MSG(test, ok, "%s: a map or unmap failed",
				      row->name);
		snprintf(name, sizeof(name), "map %s", row->name);
		ptb_report(p->ours->name, layer, name, om, tm, p->theirs);
		snprintf(name, sizeof(name), "unmap %s", row->name);
		ptb_report(p->ours->name, layer, name, ou, tu, p->theirs);
	}
}

/*
 * Random lookups in a GiB populated with 4K pages. Neighbouring pages get
 * swapped physical pages so that no implementation can use larger leaves.
 */
#define PTB_LOOKUP_LEN ((unsigned long)SZ_1G)
#define PTB_LOOKUPS 65536

static phys_addr_t ptb_lookup_pa(unsigned long iova)
{
	return PTB_PA_BASE + ((iova - PTB_IOVA_BASE) ^ SZ_4K);
}

static bool ptb_populate(const struct pt_bench_target *tg,
			 struct pt_bench_table *t)
{
	unsigned long iova;
	bool ok = true;

	for (iova = PTB_IOVA_BASE; iova != PTB_IOVA_BASE + PTB_LOOKUP_LEN;
	     iova += SZ_4K)
		ok &= !tg->map(t, iova, ptb_lookup_pa(iova), SZ_4K, 1);
	return ok;
}

static bool ptb_run_lookups(const struct pt_bench_target *tg,
			    struct pt_bench_table *t, u64 *ns)
{
	struct rnd_state rnd;
	unsigned long iova;
	u64 start;
	bool ok = true;
	unsigned int i;

	prandom_seed_state(&rnd, 42);
	start = ktime_get_ns();
	for (i = 0; i != PTB_LOOKUPS; i++) {
		iova = PTB_IOVA_BASE +
		       (prandom_u32_state(&rnd) % (PTB_LOOKUP_LEN / SZ_4K)) *
			       SZ_4K;
		ok &= tg->iova_to_phys(t, iova) == ptb_lookup_pa(iova);
	}
	*ns = (ktime_get_ns() - start) / PTB_LOOKUPS;
	return ok;
}

static void ptb_bench_lookup(struct kunit *test, const struct ptb_pair *p)
{
	struct pt_bench_table *ot, *tt = NULL;
	u64 o[PTB_ROUNDS], th[PTB_ROUNDS];
	long pages = pt_iommu_table_pages();
	unsigned int r;
	bool ok = true;

	ot = p->ours->create();
	KUNIT_ASSERT_NOT_NULL(test, ot);
	ok &= ptb_populate(p->ours, ot);
	if (p->ours->counts_pages)
		pr_info("BENCH-MEM,%s,1G of 4K pages,%ld table pages\n",
			p->ours->name, pt_iommu_table_pages() - pages);
	if (p->theirs) {
		tt = p->theirs->create();
		KUNIT_ASSERT_NOT_NULL(test, tt);
		ok &= ptb_populate(p->theirs, tt);
	}
	for (r = 0; r != PTB_ROUNDS; r++) {
		if (!(r & 1))
			ok &= ptb_run_lookups(p->ours, ot, &o[r]);
		if (tt)
			ok &= ptb_run_lookups(p->theirs, tt, &th[r]);
		if (r & 1)
			ok &= ptb_run_lookups(p->ours, ot, &o[r]);
	}
	KUNIT_EXPECT_TRUE(test, ok);
	ptb_report(p->ours->name, "format", "iova_to_phys", o, th, tt);
	p->ours->destroy(ot);
	if (tt)
		p->theirs->destroy(tt);
}

/* The floor: writing as many 64-bit entries as the 256x4K row does */
static void ptb_bench_floor(struct kunit *test)
{
	u64 *buf = kzalloc(256 * sizeof(u64), GFP_KERNEL);
	u64 v[PTB_ROUNDS], start;
	unsigned int r, i, iters = 16384;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (r = 0; r != PTB_ROUNDS; r++) {
		start = ktime_get_ns();
		for (i = 0; i != iters; i++) {
			memset64(buf, i, 256);
			barrier();
		}
		v[r] = (ktime_get_ns() - start) / iters;
	}
	ptb_report("memset64", "floor", "256 entries", v, NULL, false);
	kfree(buf);
}

KUNIT_ARRAY_PARAM(ptb_pair, ptb_pairs, ptb_pair_desc);

static void ptb_test_format_ops(struct kunit *test)
{
	const struct ptb_pair *p = test->param_value;

	ptb_use_domain = false;
	ptb_bench_map_rows(test, p);
	ptb_bench_lookup(test, p);
}

static void ptb_test_iommu_map(struct kunit *test)
{
	ptb_use_domain = true;
	ptb_bench_map_rows(test, test->param_value);
	ptb_use_domain = false;
}

static void ptb_test_floor(struct kunit *test)
{
	ptb_bench_floor(test);
}

static struct kunit_case ptb_cases[] = {
	KUNIT_CASE_PARAM(ptb_test_format_ops, ptb_pair_gen_params),
	KUNIT_CASE_PARAM(ptb_test_iommu_map, ptb_pair_gen_params),
	KUNIT_CASE(ptb_test_floor),
	{}
};

static struct kunit_suite ptb_suite = {
	.name = "pt_bench",
	.test_cases = ptb_cases,
};

kunit_test_suites(&ptb_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Benchmark of the generic page tables against io-pgtable");
PT_IMPORT_NS();
