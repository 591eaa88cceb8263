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
#include <linux/gfp.h>
#include <linux/glob.h>
#include <linux/io-pgtable.h>
#include <linux/mmzone.h>
#include <linux/moduleparam.h>
#include <linux/vmstat.h>
#include <linux/ktime.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/sizes.h>
#include <linux/generic_pt/iommu.h>

#include "pt_bench.h"

#define PTB_ROUNDS 7

/*
 * For a profile of a few rows (e.g. under perf on the UML binary): the
 * rows to run, a glob over "<our format>/<row>" such as "armv8_4k/1x4K",
 * "dart_4k/iova_to_phys" or "armv8_*k/dma mix" (the floors are
 * "<floor>/256 entries"), and the least length of a round of the
 * calibrated rows.
 */
static char *ptb_only = "*";
module_param_named(only, ptb_only, charp, 0444);
MODULE_PARM_DESC(only, "glob over <format>/<row> of the rows to run");
static unsigned int ptb_round_ms = 1;
module_param_named(round_ms, ptb_round_ms, uint, 0444);
MODULE_PARM_DESC(round_ms, "least length of a round of a map row, in ms");
/* IOVA where every row starts */
#define PTB_IOVA_BASE ((unsigned long)SZ_1G)
#define PTB_PA_BASE ((phys_addr_t)SZ_1G)
/* Output addresses wrap within the pair's window */
#define PTB_PA(p, off) (PTB_PA_BASE + ((off) & (BIT_ULL((p)->pa_lg2) - 1)))

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
	size_t ret, done = 0;

	/* io-pgtable also stops unmapping at a table boundary */
	while (done != count * pgsize) {
		iommu_iotlb_gather_init(&gather);
		ret = ops->unmap_pages(ops, iova + done, pgsize,
				       count - done / pgsize, &gather);
		t->flushes++;
		if (!ret)
			break;
		done += ret;
	}
	return done;
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
					     unsigned long pgsizes,
					     unsigned int ias, unsigned int oas)
{
	struct ptb_iop_table *it = kzalloc(sizeof(*it), GFP_KERNEL);

	if (!it)
		return NULL;
	it->cfg = (struct io_pgtable_cfg){
		.pgsize_bitmap = pgsizes,
		.ias = ias,
		.oas = oas,
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

#define PTB_IOP_TARGET(_id, _name, _fmt, _sizes)                       \
	static struct pt_bench_table *ptb_##_id##_create(unsigned int va, \
							 unsigned int oa) \
	{                                                              \
		return ptb_iop_create(_fmt, _sizes, va, oa);           \
	}                                                              \
	static const struct pt_bench_target ptb_##_id##_target = {     \
		.name = _name,                                         \
		.create = ptb_##_id##_create,                          \
		.destroy = ptb_iop_destroy,                            \
		.map = ptb_iop_map,                                    \
		.unmap = ptb_iop_unmap,                                \
		.iova_to_phys = ptb_iop_iova_to_phys,                  \
	}

PTB_IOP_TARGET(lpae_4k, "io-pgtable ARM_64_LPAE_S1 4K", ARM_64_LPAE_S1,
	       SZ_4K | SZ_2M | SZ_1G);
PTB_IOP_TARGET(lpae_16k, "io-pgtable ARM_64_LPAE_S1 16K", ARM_64_LPAE_S1,
	       SZ_16K | SZ_32M);
PTB_IOP_TARGET(lpae_64k, "io-pgtable ARM_64_LPAE_S1 64K", ARM_64_LPAE_S1,
	       SZ_64K | SZ_512M);
PTB_IOP_TARGET(mali, "io-pgtable ARM_MALI_LPAE", ARM_MALI_LPAE,
	       SZ_4K | SZ_2M | SZ_1G);
PTB_IOP_TARGET(v7s, "io-pgtable ARM_V7S", ARM_V7S,
	       SZ_4K | SZ_64K | SZ_1M | SZ_16M);
PTB_IOP_TARGET(dart_4k, "io-pgtable APPLE_DART 4K", APPLE_DART, SZ_4K);
PTB_IOP_TARGET(dart2_16k, "io-pgtable APPLE_DART2 16K", APPLE_DART2,
	       SZ_16K);

/* --- the runner --- */

/**
 * struct ptb_pair - what is compared
 * @ours: our format
 * @theirs: the in-kernel implementation of the same format, or NULL
 * @va_lg2: input width both sides are created with
 * @oa_lg2: output width both sides are created with
 * @sizes: the granule and the two next leaf sizes both offer (0: none),
 *   the sizes the map rows use
 * @iova_end: end of the IOVA window the rows use
 * @pa_lg2: output addresses wrap within 2^@pa_lg2 above PTB_PA_BASE
 */
struct ptb_pair {
	const struct pt_bench_target *ours;
	const struct pt_bench_target *theirs;
	unsigned int va_lg2;
	unsigned int oa_lg2;
	unsigned long sizes[3];
	u64 iova_end;
	unsigned int pa_lg2;
};

/* A 48-bit table: the rows stay in a 47-bit lower half */
#define PTB_END_48 BIT_ULL(46)
#define PTB_RADIX_4K { SZ_4K, SZ_2M, SZ_1G }

/*
 * Each of our formats with the io-pgtable format of the same hardware,
 * where the kernel has one; the others alone. Mali output addresses
 * have at most 40 bits; DART1 has four TTBRs of 1G each.
 */
static const struct ptb_pair ptb_pairs[] = {
	{ &armv8_4k_bench_target, &ptb_lpae_4k_target, 48, 48, PTB_RADIX_4K,
	  PTB_END_48, 39 },
	{ &armv8_16k_bench_target, &ptb_lpae_16k_target, 48, 48,
	  { SZ_16K, SZ_32M, 0 }, PTB_END_48, 39 },
	{ &armv8_64k_bench_target, &ptb_lpae_64k_target, 48, 48,
	  { SZ_64K, SZ_512M, 0 }, PTB_END_48, 39 },
	{ &armv8_mali_bench_target, &ptb_mali_target, 48, 40, PTB_RADIX_4K,
	  PTB_END_48, 39 },
	{ &armv7s_bench_target, &ptb_v7s_target, 32, 32,
	  { SZ_4K, SZ_1M, SZ_16M }, SZ_4G, 31 },
	{ &dart_4k_bench_target, &ptb_dart_4k_target, 32, 36, { SZ_4K, 0, 0 },
	  SZ_4G, 34 },
	{ &dart_16k_bench_target, &ptb_dart2_16k_target, 36, 42,
	  { SZ_16K, 0, 0 }, BIT_ULL(36), 34 },
	{ &amdv1_bench_target, NULL, 48, 48, PTB_RADIX_4K, PTB_END_48, 39 },
	{ &vtdss_bench_target, NULL, 48, 48, PTB_RADIX_4K, PTB_END_48, 39 },
	{ &x86_64_bench_target, NULL, 48, 48, PTB_RADIX_4K, PTB_END_48, 39 },
	{ &riscv64_bench_target, NULL, 48, 48, PTB_RADIX_4K, PTB_END_48, 39 },
};

static void ptb_pair_desc(const struct ptb_pair *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s%s%s", p->ours->name,
		 p->theirs ? " vs " : "", p->theirs ? p->theirs->name : "");
}

/**
 * struct ptb_row - one measured map/unmap operation
 * @pgsize: page size per call
 * @count: pages per call
 * @pa_skew: added to every output address; a granule keeps the output
 *   misaligned to every larger leaf, so that each side writes @count
 *   leaves of @pgsize (a format may otherwise pick larger leaves)
 * @name: label, e.g. "256x4K"
 */
struct ptb_row {
	size_t pgsize;
	size_t count;
	size_t pa_skew;
	char name[16];
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
 * Items one pass of a map row maps before it unmaps them: 256 KiB of
 * 8-byte leaf entries, well inside the L2 cache of any machine we run on.
 * A pass bounded only by the window and the calibrated count made the
 * memory a row touches depend on how fast our side is (a faster side
 * gets more calls per round, so larger passes): around 1024 pages per
 * call the tables then outgrew the cache or not from run to run, and the
 * row measured cache misses, not the code.
 */
#define PTB_PASS_ITEMS 32768

/*
 * One run of a map row on a fresh table: @iters calls, each mapping the
 * next range of the window; when a pass is full (the window, or
 * PTB_PASS_ITEMS), or after the last call, every range is unmapped again,
 * each with one call. The map and unmap phases are timed apart. Returns
 * false on any failure.
 */
static bool ptb_run_map_row(const struct ptb_pair *p,
			    const struct pt_bench_target *tg,
			    const struct ptb_row *row, unsigned int iters,
			    struct ptb_sample *s)
{
	u64 len = (u64)row->pgsize * row->count;
	u64 slots = min(div64_u64(p->iova_end - PTB_IOVA_BASE, len),
			max_t(u64, PTB_PASS_ITEMS / row->count, 1));
	struct pt_bench_table *t = tg->create(p->va_lg2, p->oa_lg2);
	u64 map_ns = 0, unmap_ns = 0, start;
	unsigned int done = 0, i, n;
	bool ok = true;

	if (!t)
		return false;
	while (done != iters) {
		n = min_t(u64, iters - done, slots);
		start = ktime_get_ns();
		for (i = 0; i != n; i++)
			ok &= !ptb_map(tg, t, PTB_IOVA_BASE + i * len,
				       PTB_PA(p, i * len) + row->pa_skew,
				       row->pgsize, row->count);
		map_ns += ktime_get_ns() - start;
		start = ktime_get_ns();
		for (i = 0; i != n; i++)
			ok &= ptb_unmap(tg, t, PTB_IOVA_BASE + i * len,
					row->pgsize, row->count) == len;
		unmap_ns += ktime_get_ns() - start;
		done += n;
	}
	s->map_ns = map_ns / iters;
	s->unmap_ns = unmap_ns / iters;
	tg->destroy(t);
	return ok;
}

/* Fresh tables per batch of a first-touch run */
#define PTB_TOUCH_BATCH 16

/*
 * One run of a first-touch row: @iters maps of the row, each into a
 * table created empty just before (untimed), so every map allocates the
 * tables below the top; then each is unmapped (timed apart) and its table
 * destroyed (untimed). Returns false on any failure.
 */
static bool ptb_run_first_touch(const struct ptb_pair *p,
				const struct pt_bench_target *tg,
				const struct ptb_row *row, unsigned int iters,
				struct ptb_sample *s)
{
	struct pt_bench_table *t[PTB_TOUCH_BATCH];
	u64 len = (u64)row->pgsize * row->count;
	u64 map_ns = 0, unmap_ns = 0, start;
	unsigned int done = 0, i, n;
	bool ok = true;

	while (done != iters) {
		n = min(iters - done, PTB_TOUCH_BATCH);
		for (i = 0; i != n; i++) {
			t[i] = tg->create(p->va_lg2, p->oa_lg2);
			if (!t[i])
				break;
		}
		if (i != n) {
			while (i--)
				tg->destroy(t[i]);
			return false;
		}
		start = ktime_get_ns();
		for (i = 0; i != n; i++)
			ok &= !tg->map(t[i], PTB_IOVA_BASE,
				       PTB_PA(p, 0) + row->pa_skew, row->pgsize,
				       row->count);
		map_ns += ktime_get_ns() - start;
		start = ktime_get_ns();
		for (i = 0; i != n; i++)
			ok &= tg->unmap(t[i], PTB_IOVA_BASE, row->pgsize,
					row->count) == len;
		unmap_ns += ktime_get_ns() - start;
		for (i = 0; i != n; i++)
			tg->destroy(t[i]);
		done += n;
	}
	s->map_ns = map_ns / iters;
	s->unmap_ns = unmap_ns / iters;
	return ok;
}

/* How one row is run: ptb_run_map_row() or ptb_run_first_touch() */
typedef bool (*ptb_runner_t)(const struct ptb_pair *p,
			     const struct pt_bench_target *tg,
			     const struct ptb_row *row, unsigned int iters,
			     struct ptb_sample *s);

/* Is the row @label of @impl one of those pt_bench.only selects? */
static bool ptb_selected(const char *impl, const char *label)
{
	char name[64];

	snprintf(name, sizeof(name), "%s/%s", impl, label);
	return glob_match(ptb_only, name);
}

/* The smallest power-of-two iteration count whose run lasts a round */
static unsigned int ptb_calibrate(const struct ptb_pair *p,
				  const struct ptb_row *row, ptb_runner_t run)
{
	struct ptb_sample s;
	unsigned int iters;

	for (iters = 4; iters < (1U << 24); iters *= 2) {
		if (!run(p, p->ours, row, iters, &s))
			return 0;
		if ((s.map_ns + s.unmap_ns) * iters >=
		    (u64)ptb_round_ms * NSEC_PER_MSEC)
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

/* "4K", "2M", "1G", "64G" */
static void ptb_size_name(char *buf, size_t len, u64 size)
{
	static const char units[] = "KMGT";
	unsigned int u = 0;

	size >>= 10;
	while (u < 3 && size >= 1024 && !(size & 1023)) {
		size >>= 10;
		u++;
	}
	snprintf(buf, len, "%llu%c", size, units[u]);
}

/* 1 and 256 pages of the granule and of the next size, 1 of the third */
static unsigned int ptb_rows(const struct ptb_pair *p, struct ptb_row *rows)
{
	static const struct {
		unsigned int size;
		unsigned int count;
	} shape[] = { { 0, 1 }, { 0, 256 }, { 1, 1 }, { 1, 256 }, { 2, 1 } };
	unsigned int i, n = 0;
	char sz[8];

	for (i = 0; i != ARRAY_SIZE(shape); i++) {
		unsigned long size = p->sizes[shape[i].size];

		if (!size)
			continue;
		rows[n].pgsize = size;
		rows[n].count = shape[i].count;
		rows[n].pa_skew = 0;
		ptb_size_name(sz, sizeof(sz), size);
		snprintf(rows[n].name, sizeof(rows[n].name), "%ux%s",
			 shape[i].count, sz);
		n++;
	}
	return n;
}

/**
 * struct ptb_row_result - ns per call of one row, per round
 * @om: our map
 * @ou: our unmap
 * @tm: their map
 * @tu: their unmap
 */
struct ptb_row_result {
	u64 om[PTB_ROUNDS];
	u64 ou[PTB_ROUNDS];
	u64 tm[PTB_ROUNDS];
	u64 tu[PTB_ROUNDS];
};

/* @row on both sides of @p, interleaved rounds; false on any failure */
static bool ptb_measure_row(struct kunit *test, const struct ptb_pair *p,
			    const struct ptb_row *row, ptb_runner_t run,
			    struct ptb_row_result *res)
{
	unsigned int r, iters;
	struct ptb_sample s;
	bool ok = true;

	/* Same iteration count on both sides, from ours */
	iters = ptb_calibrate(p, row, run);
	KUNIT_ASSERT_NE_MSG(test, iters, 0, "%s %s fails", p->ours->name,
			    row->name);
	for (r = 0; r != PTB_ROUNDS; r++) {
		/* Alternate who goes first */
		bool ours_first = !(r & 1);

		if (ours_first) {
			ok &= run(p, p->ours, row, iters, &s);
			res->om[r] = s.map_ns;
			res->ou[r] = s.unmap_ns;
		}
		if (p->theirs) {
			ok &= run(p, p->theirs, row, iters, &s);
			res->tm[r] = s.map_ns;
			res->tu[r] = s.unmap_ns;
		}
		if (!ours_first) {
			ok &= run(p, p->ours, row, iters, &s);
			res->om[r] = s.map_ns;
			res->ou[r] = s.unmap_ns;
		}
	}
	KUNIT_EXPECT_TRUE_MSG(test, ok, "%s: a map or unmap failed", row->name);
	return ok;
}

/* The map and unmap lines of a measured row: "<op> <label>" */
static void ptb_report_row(const struct ptb_pair *p, const char *layer,
			   const char *label, struct ptb_row_result *res)
{
	char name[32];

	snprintf(name, sizeof(name), "map %s", label);
	ptb_report(p->ours->name, layer, name, res->om, res->tm, p->theirs);
	snprintf(name, sizeof(name), "unmap %s", label);
	ptb_report(p->ours->name, layer, name, res->ou, res->tu, p->theirs);
}

static void ptb_bench_map_rows(struct kunit *test, const struct ptb_pair *p)
{
	const char *layer = ptb_use_domain ? "iommu_map" : "format";
	struct ptb_row_result res;
	struct ptb_row rows[5];
	unsigned int i, num_rows = ptb_rows(p, rows);

	for (i = 0; i != num_rows; i++) {
		if (!ptb_selected(p->ours->name, rows[i].name))
			continue;
		ptb_measure_row(test, p, &rows[i], ptb_run_map_row, &res);
		ptb_report_row(p, layer, rows[i].name, &res);
	}
}

/*
 * A granule row whose output addresses are one granule off every larger
 * leaf, so that both sides write @count granule leaves
 */
static void ptb_granule_row(const struct ptb_pair *p, struct ptb_row *row,
			    size_t count)
{
	char sz[8];

	row->pgsize = p->sizes[0];
	row->count = count;
	row->pa_skew = p->sizes[0];
	ptb_size_name(sz, sizeof(sz), row->pgsize);
	snprintf(row->name, sizeof(row->name), "%zux%s", count, sz);
}

/*
 * The scaling curve: map and unmap of N granule pages in one call, as
 * ns per call under layer "scale", row "<op> N"; scripts/bench.sh
 * divides by N.
 */
static void ptb_bench_scaling(struct kunit *test, const struct ptb_pair *p)
{
	static const unsigned int counts[] = { 1, 4, 16, 64, 256, 1024, 4096 };
	struct ptb_row_result res;
	struct ptb_row row;
	unsigned int i;
	char label[8];

	for (i = 0; i != ARRAY_SIZE(counts); i++) {
		snprintf(label, sizeof(label), "%u", counts[i]);
		if (!ptb_selected(p->ours->name, label))
			continue;
		ptb_granule_row(p, &row, counts[i]);
		ptb_measure_row(test, p, &row, ptb_run_map_row, &res);
		ptb_report_row(p, "scale", label, &res);
	}
}

/* Map of 256 granule pages into an empty table, allocation included */
static void ptb_bench_first_touch(struct kunit *test,
				  const struct ptb_pair *p)
{
	struct ptb_row_result res;
	struct ptb_row row;
	char label[24];

	ptb_granule_row(p, &row, 256);
	snprintf(label, sizeof(label), "%s first touch", row.name);
	if (!ptb_selected(p->ours->name, label))
		return;
	ptb_measure_row(test, p, &row, ptb_run_first_touch, &res);
	ptb_report_row(p, "format", label, &res);
}

/*
 * A DMA-API-like mix: 256K slots of a window; each op maps a random
 * number of granules (4K-256K worth) at the start of a free slot while
 * fewer than half the slots are in use, else (and at random) unmaps a
 * used one. The sequence is made once and replayed on both sides.
 */
#define PTB_MIX_SLOTS 1024
#define PTB_MIX_OPS 8192
#define PTB_MIX_SLOT SZ_256K

/**
 * struct ptb_mix_op - one operation of the mix
 * @slot: the slot it maps or unmaps
 * @pages: granules mapped; 0 for an unmap
 */
struct ptb_mix_op {
	u16 slot;
	u16 pages;
};

/**
 * struct ptb_mix - the replayed sequence
 * @ops: the operations
 * @held: granules each slot holds, while making or replaying @ops
 */
struct ptb_mix {
	struct ptb_mix_op ops[PTB_MIX_OPS];
	u16 held[PTB_MIX_SLOTS];
};

static void ptb_mix_make(struct ptb_mix *mix, unsigned long granule)
{
	unsigned int max_pages = PTB_MIX_SLOT / granule;
	unsigned int used = 0, i;
	struct rnd_state rnd;
	u16 slot;

	memset(mix->held, 0, sizeof(mix->held));
	prandom_seed_state(&rnd, 0xd3a);
	for (i = 0; i != PTB_MIX_OPS; i++) {
		bool map = used < PTB_MIX_SLOTS / 2 &&
			   (used < PTB_MIX_SLOTS / 4 ||
			    prandom_u32_state(&rnd) & 1);

		do {
			slot = prandom_u32_state(&rnd) % PTB_MIX_SLOTS;
		} while (!mix->held[slot] != map);
		mix->ops[i].slot = slot;
		if (map) {
			mix->ops[i].pages =
				1 + prandom_u32_state(&rnd) % max_pages;
			mix->held[slot] = mix->ops[i].pages;
			used++;
		} else {
			mix->ops[i].pages = 0;
			mix->held[slot] = 0;
			used--;
		}
	}
}

/* Replay the mix on a fresh table; ns per operation */
static bool ptb_run_mix(const struct ptb_pair *p,
			const struct pt_bench_target *tg, struct ptb_mix *mix,
			unsigned long granule, u64 *ns)
{
	struct pt_bench_table *t = tg->create(p->va_lg2, p->oa_lg2);
	u16 *held = mix->held;
	unsigned int i;
	bool ok = true;
	u64 start;

	if (!t)
		return false;
	memset(mix->held, 0, sizeof(mix->held));
	start = ktime_get_ns();
	for (i = 0; i != PTB_MIX_OPS; i++) {
		const struct ptb_mix_op *op = &mix->ops[i];
		unsigned long iova = PTB_IOVA_BASE +
				     (unsigned long)op->slot * PTB_MIX_SLOT;

		if (op->pages) {
			ok &= !tg->map(t, iova, PTB_PA(p, iova), granule,
				       op->pages);
			held[op->slot] = op->pages;
		} else {
			ok &= tg->unmap(t, iova, granule, held[op->slot]) ==
			      held[op->slot] * granule;
			held[op->slot] = 0;
		}
	}
	*ns = (ktime_get_ns() - start) / PTB_MIX_OPS;
	tg->destroy(t);
	return ok;
}

static void ptb_bench_mix(struct kunit *test, const struct ptb_pair *p)
{
	struct ptb_mix *mix;
	u64 o[PTB_ROUNDS], th[PTB_ROUNDS];
	unsigned long g = p->sizes[0];
	unsigned int r;
	bool ok = true;

	if (!ptb_selected(p->ours->name, "dma mix"))
		return;
	mix = kmalloc(sizeof(*mix), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mix);
	ptb_mix_make(mix, g);
	for (r = 0; r != PTB_ROUNDS; r++) {
		if (!(r & 1))
			ok &= ptb_run_mix(p, p->ours, mix, g, &o[r]);
		if (p->theirs)
			ok &= ptb_run_mix(p, p->theirs, mix, g, &th[r]);
		if (r & 1)
			ok &= ptb_run_mix(p, p->ours, mix, g, &o[r]);
	}
	KUNIT_EXPECT_TRUE(test, ok);
	ptb_report(p->ours->name, "format", "dma mix", o, th, p->theirs);
	kfree(mix);
}

/*
 * Memory: free pages before and after populating, with the per-CPU lists
 * drained and the counters read with their per-CPU deltas, so that the
 * kernel's implementations (whose allocations we cannot count) are
 * measured the same way as ours. Frees still waiting for an RCU grace
 * period (slab pages, tables of earlier rows) are let through first: else
 * they land during the populate and the count comes out low, even
 * negative.
 */
static long ptb_free_pages(void)
{
	struct zone *zone;
	long pages = 0;

	rcu_barrier();
	drain_all_pages(NULL);
	for_each_populated_zone(zone)
		pages += zone_page_state_snapshot(zone, NR_FREE_PAGES);
	return pages;
}

/*
 * Random lookups in a GiB populated with 4K pages. Neighbouring pages get
 * swapped physical pages so that no implementation can use larger leaves.
 */
#define PTB_LOOKUP_LEN ((unsigned long)SZ_1G)
#define PTB_LOOKUPS 65536

static phys_addr_t ptb_lookup_pa(unsigned long iova, unsigned long g)
{
	return PTB_PA_BASE + ((iova - PTB_IOVA_BASE) ^ g);
}

static bool ptb_populate(const struct pt_bench_target *tg,
			 struct pt_bench_table *t, unsigned long g)
{
	unsigned long iova;
	bool ok = true;

	for (iova = PTB_IOVA_BASE; iova != PTB_IOVA_BASE + PTB_LOOKUP_LEN;
	     iova += g)
		ok &= !tg->map(t, iova, ptb_lookup_pa(iova, g), g, 1);
	return ok;
}

static bool ptb_run_lookups(const struct pt_bench_target *tg,
			    struct pt_bench_table *t, unsigned long g,
			    u64 *ns)
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
		       (prandom_u32_state(&rnd) % (PTB_LOOKUP_LEN / g)) * g;
		ok &= tg->iova_to_phys(t, iova) == ptb_lookup_pa(iova, g);
	}
	*ns = (ktime_get_ns() - start) / PTB_LOOKUPS;
	return ok;
}

/* A populated table of @tg and what it took from the page allocator */
static struct pt_bench_table *ptb_populated(struct kunit *test,
					    const struct ptb_pair *p,
					    const struct pt_bench_target *tg,
					    bool *ok)
{
	long pages = pt_iommu_table_pages();
	long free = ptb_free_pages();
	struct pt_bench_table *t;
	char sz[8];

	t = tg->create(p->va_lg2, p->oa_lg2);
	KUNIT_ASSERT_NOT_NULL_MSG(test, t, "%s", tg->name);
	*ok &= ptb_populate(tg, t, p->sizes[0]);
	ptb_size_name(sz, sizeof(sz), p->sizes[0]);
	pr_info("BENCH-MEM,%s,1G of %s pages,%ld,%ld\n", tg->name, sz,
		free - ptb_free_pages(),
		tg->counts_pages ? pt_iommu_table_pages() - pages : -1L);
	return t;
}

static void ptb_bench_lookup(struct kunit *test, const struct ptb_pair *p)
{
	struct pt_bench_table *ot, *tt = NULL;
	u64 o[PTB_ROUNDS], th[PTB_ROUNDS];
	unsigned long g = p->sizes[0];
	unsigned int r;
	bool ok = true;

	if (!ptb_selected(p->ours->name, "iova_to_phys"))
		return;
	ot = ptb_populated(test, p, p->ours, &ok);
	if (p->theirs)
		tt = ptb_populated(test, p, p->theirs, &ok);
	for (r = 0; r != PTB_ROUNDS; r++) {
		if (!(r & 1))
			ok &= ptb_run_lookups(p->ours, ot, g, &o[r]);
		if (tt)
			ok &= ptb_run_lookups(p->theirs, tt, g, &th[r]);
		if (r & 1)
			ok &= ptb_run_lookups(p->ours, ot, g, &o[r]);
	}
	KUNIT_EXPECT_TRUE(test, ok);
	ptb_report(p->ours->name, "format", "iova_to_phys", o, th, tt);
	p->ours->destroy(ot);
	if (tt)
		p->theirs->destroy(tt);
}

/*
 * The floors: the least a map of 256 granule pages must do, timed on a
 * table-sized buffer. memset64 stores 256 equal entries; the descriptor
 * loop stores 256 computed ones, output address | attributes, as every
 * map must. @seed varies per call so nothing is computed in advance.
 */
#define PTB_FLOOR_ITEMS 256

static noinline void ptb_floor_memset64(u64 *table, u64 seed)
{
	memset64(table, seed, PTB_FLOOR_ITEMS);
}

static noinline void ptb_floor_descriptors(u64 *table, u64 seed)
{
	u64 oa = seed & ~(u64)(SZ_4K - 1), attrs = seed & (SZ_4K - 1);
	unsigned int i;

	for (i = 0; i != PTB_FLOOR_ITEMS; i++)
		table[i] = (oa + ((u64)i << 12)) | attrs;
}

static void ptb_bench_floor(struct kunit *test, const char *name,
			    void (*fill)(u64 *table, u64 seed))
{
	u64 v[PTB_ROUNDS], start, *table;
	unsigned int r, i, iters = 16384;

	if (!ptb_selected(name, "256 entries"))
		return;
	table = (u64 *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	for (r = 0; r != PTB_ROUNDS; r++) {
		start = ktime_get_ns();
		for (i = 0; i != iters; i++) {
			fill(table, PTB_PA_BASE + ((u64)i << 21) + 0x747);
			barrier();
		}
		v[r] = (ktime_get_ns() - start) / iters;
	}
	ptb_report(name, "floor", "256 entries", v, NULL, false);
	free_page((unsigned long)table);
}

KUNIT_ARRAY_PARAM(ptb_pair, ptb_pairs, ptb_pair_desc);

static void ptb_test_format_ops(struct kunit *test)
{
	const struct ptb_pair *p = test->param_value;

	ptb_use_domain = false;
	ptb_bench_map_rows(test, p);
	ptb_bench_first_touch(test, p);
	ptb_bench_mix(test, p);
	ptb_bench_lookup(test, p);
}

static void ptb_test_iommu_map(struct kunit *test)
{
	ptb_use_domain = true;
	ptb_bench_map_rows(test, test->param_value);
	ptb_use_domain = false;
}

static void ptb_test_scaling(struct kunit *test)
{
	ptb_bench_scaling(test, test->param_value);
}

static void ptb_test_floor(struct kunit *test)
{
	ptb_bench_floor(test, "memset64", ptb_floor_memset64);
	ptb_bench_floor(test, "descriptors", ptb_floor_descriptors);
}

static struct kunit_case ptb_cases[] = {
	KUNIT_CASE_PARAM(ptb_test_format_ops, ptb_pair_gen_params),
	KUNIT_CASE_PARAM(ptb_test_iommu_map, ptb_pair_gen_params),
	KUNIT_CASE_PARAM(ptb_test_scaling, ptb_pair_gen_params),
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
