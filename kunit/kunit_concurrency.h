/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "<fmt>_concurrency": many threads on one table at once, as
 * the DMA API drives a domain from every CPU. It reuses the domain, the
 * model and the device view of the "<fmt>_iommu" suite (kunit_iommu.h).
 *
 * Per configuration, in rounds on a fresh table: one mapper thread per
 * CPU (at least four), each mapping, unmapping and translating random
 * ranges of mixed page sizes in its own slices of the IOVA space. The
 * slices of the threads interleave, so they share the upper tables and
 * race to install a table at the same index: in the "fine" round several
 * slices share each lowest table, in the "coarse" round a slice holds
 * whole lowest tables (which unmaps free) and the threads share the
 * tables above. Half of the mappers use iommu_map()/iommu_unmap(), the
 * other half the whole-range helpers, a third of their maps from a
 * reserve. Beside them a reader translates every slice all along, a
 * harvester reads and clears dirty bits that the mappers set (where the
 * format tracks dirty), and with a dynamic top a grower maps above
 * everything so that the top grows while the others work.
 *
 * Every mapping maps IOVA x to kpt_pa(x), so any translation anyone sees
 * is either nothing or that. Each thread checks its own results (errno,
 * length, translations of its slices against the model); when all have
 * stopped, the leaves the device reads are exactly the union of the
 * threads' mappings in the model, the device's view holds for walkers
 * that do not snoop, and the exit hook finds every table page back after
 * deinit. Tables that iotlb_sync gets are freed only after the threads
 * stop, as a driver would once no CPU walker can be in them.
 *
 * Work is sized by operations per mapper (Kconfig
 * GENERIC_PT_KUNIT_CONCURRENCY_OPS, module parameter concurrency_ops),
 * never by time. UML has one CPU and does not preempt: the threads sleep
 * for a moment at points inside their loops so that they interleave.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>

#ifdef CONFIG_GENERIC_PT_KUNIT_CONCURRENCY_OPS
#define KCC_DEFAULT_OPS CONFIG_GENERIC_PT_KUNIT_CONCURRENCY_OPS
#else
#define KCC_DEFAULT_OPS 100
#endif

static unsigned int kcc_ops = KCC_DEFAULT_OPS;
module_param_named(concurrency_ops, kcc_ops, uint, 0444);
MODULE_PARM_DESC(concurrency_ops,
		 "operations per mapper thread and round of the concurrency suite");

#define KCC_MIN_MAPPERS 4
/* Slices per mapper; a power of two */
#define KCC_SLICES 8
#define KCC_ROUNDS 2
#define KCC_ERR_LEN 160

enum kcc_kind { KCC_MAPPER, KCC_READER, KCC_HARVESTER, KCC_GROWER };

/**
 * struct kcc_run - one round, shared by its threads
 * @t: the case
 * @slice_lg2: size of a slice
 * @num_mappers: mapper threads
 * @region_end: the slices cover [0, region_end)
 * @ops: operations per mapper
 * @dirty: the table tracks dirty leaves
 * @start: released when every thread exists
 * @live_mappers: mappers still working
 * @progress: operations the mappers did so far
 * @failed: a thread failed; all stop
 * @grow_iova: IOVAs the grower maps, each growing the top
 * @num_grow: entries of @grow_iova
 */
struct kcc_run {
	struct kpt_iommu *t;
	unsigned int slice_lg2;
	unsigned int num_mappers;
	unsigned long region_end;
	unsigned int ops;
	bool dirty;
	struct completion start;
	atomic_t live_mappers;
	atomic_t progress;
	atomic_t failed;
	unsigned long grow_iova[PT_MAX_TOP_LEVEL + 1];
	unsigned int num_grow;
};

/**
 * struct kcc_thread - one thread and what it saw
 * @run: the round
 * @id: index among the threads of its kind
 * @kind: what it does
 * @done: completed when the thread function ends
 * @rnd: its random state
 * @dirty: its read_and_clear_dirty reports
 * @failed: it found something wrong, described in @err
 * @err: the first failure
 * @maps: maps that succeeded
 * @overlaps: maps refused with -EADDRINUSE, as the model said
 * @reserve_maps: maps from a reserve
 * @unmaps: unmaps of one mapping
 * @slice_unmaps: whole-range unmaps of a whole slice
 * @probes: translations checked
 * @busy_probes: translations by the reader while mappers were working
 * @seen: translations by the reader that found a mapping
 * @set_dirty: leaves a mapper made dirty
 * @harvests: read_and_clear_dirty calls
 * @reports: dirty leaves reported
 * @grown: maps by the grower
 */
struct kcc_thread {
	struct kcc_run *run;
	unsigned int id;
	enum kcc_kind kind;
	struct completion done;
	struct rnd_state rnd;
	struct pt_iommu_dirty_bitmap dirty;
	bool failed;
	char err[KCC_ERR_LEN];
	unsigned int maps;
	unsigned int overlaps;
	unsigned int reserve_maps;
	unsigned int unmaps;
	unsigned int slice_unmaps;
	unsigned int probes;
	unsigned int busy_probes;
	unsigned int seen;
	unsigned int set_dirty;
	unsigned int harvests;
	unsigned int reports;
	unsigned int grown;
};

static const char *const kcc_kind_names[] = {
	[KCC_MAPPER] = "mapper",
	[KCC_READER] = "reader",
	[KCC_HARVESTER] = "harvester",
	[KCC_GROWER] = "grower",
};

/* Record the first failure of @th and stop every thread; returns false */
static __printf(2, 3) bool kcc_fail(struct kcc_thread *th, const char *fmt,
				    ...)
{
	va_list args;

	if (!th->failed) {
		va_start(args, fmt);
		vsnprintf(th->err, sizeof(th->err), fmt, args);
		va_end(args);
		th->failed = true;
	}
	atomic_set(&th->run->failed, 1);
	return false;
}

/* Let the other threads run: UML has one CPU and never preempts */
static void kcc_yield(void)
{
	if (num_online_cpus() == 1)
		usleep_range(1, 2);
	else
		cond_resched();
}

/* Slice @k of mapper @id */
static unsigned long kcc_slice(struct kcc_thread *th, unsigned int k)
{
	struct kcc_run *run = th->run;

	return ((unsigned long)k * run->num_mappers + th->id) << run->slice_lg2;
}

/* A random slice of @th: its first IOVA */
static unsigned long kcc_pick_slice(struct kcc_thread *th)
{
	return kcc_slice(th, prandom_u32_state(&th->rnd) % KCC_SLICES);
}

/* The table's translation of @iova must be the model's */
static bool kcc_probe(struct kcc_thread *th, unsigned long iova)
{
	struct kpt_iommu *t = th->run->t;
	phys_addr_t got = kpt_phys(t->kd, iova);
	phys_addr_t want = kpt_model_phys(&t->model, iova);

	th->probes++;
	if (got != want)
		return kcc_fail(th, "iova %#lx translates to %#llx, not %#llx",
				iova, (u64)got, (u64)want);
	return true;
}

/* Add [iova, iova + len) at kpt_pa(iova) to the shared model */
static bool kcc_model_add(struct kcc_thread *th, unsigned long iova,
			  unsigned long len)
{
	struct kpt_iommu *t = th->run->t;
	int ret = kpt_model_add(&t->model, iova, len, kpt_pa(t, iova));

	if (ret)
		return kcc_fail(th, "the model refused %#lx+%#lx: %d", iova,
				len, ret);
	return true;
}

/* Map [iova, iova + len) to kpt_pa() the way mapper @th does */
static int kcc_do_map(struct kcc_thread *th, unsigned long iova,
		      unsigned long len)
{
	struct kpt_iommu *t = th->run->t;
	struct iommu_domain *domain = &t->kd->domain;
	struct pt_iommu_reserve reserve;
	int ret;

	if (!(th->id & 1))
		return kpt_map(t->kd, iova, kpt_pa(t, iova), len, KPT_RW);
	if (prandom_u32_state(&th->rnd) % 3)
		return PT_API(map_range)(domain, iova, kpt_pa(t, iova), len,
					 KPT_RW, GFP_KERNEL, NULL);
	pt_iommu_reserve_init(&reserve);
	ret = PT_API(reserve_fill)(domain, &reserve, iova, len, GFP_KERNEL);
	if (ret)
		return ret;
	/* Only the tables that are not there yet can be missing */
	ret = PT_API(map_range)(domain, iova, kpt_pa(t, iova), len, KPT_RW,
				GFP_KERNEL, &reserve);
	pt_iommu_reserve_release(&reserve);
	th->reserve_maps += !ret;
	return ret;
}

/*
 * A map of random length up to a slice, aligned to a random power of two,
 * in a random slice of @th: refused with -EADDRINUSE when the model has a
 * mapping there, else mapped and translating; some leaves made dirty.
 */
static bool kcc_map(struct kcc_thread *th)
{
	struct kcc_run *run = th->run;
	struct kpt_iommu *t = run->t;
	struct rnd_state *rnd = &th->rnd;
	unsigned long slice = BIT_ULL(run->slice_lg2);
	unsigned long base = kcc_pick_slice(th);
	unsigned int s = kpt_rand_range(rnd, KPT_G, run->slice_lg2);
	unsigned long len = kpt_rand_range(rnd, 1, BIT_ULL(s - KPT_G)) << KPT_G;
	unsigned int a = kpt_rand_range(rnd, KPT_G, s);
	unsigned long iova = base + (kpt_rand_range(rnd, 0, slice - len) &
				     ~(BIT_ULL(a) - 1));
	struct pt_iommu *iommu_table = &t->kd->fmt_table.iommu;
	bool busy;
	int ret;

	busy = kpt_model_busy(&t->model, iova, iova + (len - 1));
	ret = kcc_do_map(th, iova, len);
	if (busy) {
		if (ret != -EADDRINUSE)
			return kcc_fail(th, "map %#lx+%#lx over a mapping: %d",
					iova, len, ret);
		th->overlaps++;
		/* All or nothing: what was there is still there */
		return kcc_probe(th, iova) && kcc_probe(th, iova + len - 1);
	}
	if (ret)
		return kcc_fail(th, "map %#lx+%#lx: %d", iova, len, ret);
	if (!kcc_model_add(th, iova, len))
		return false;
	th->maps++;
	kcc_yield();
	if (run->dirty && !(prandom_u32_state(rnd) % 2)) {
		ret = iommu_table->ops->set_dirty(iommu_table,
						  iova + kpt_rand_range(rnd, 0,
									len - 1));
		if (ret)
			return kcc_fail(th, "set_dirty in %#lx+%#lx: %d", iova,
					len, ret);
		th->set_dirty++;
	}
	return kcc_probe(th, iova) && kcc_probe(th, iova + len - 1) &&
	       kcc_probe(th, iova + kpt_rand_range(rnd, 0, len - 1));
}

/*
 * Unmap a mapping of a random slice of @th; a quarter of the whole-range
 * unmaps take the whole slice, freeing the tables inside it.
 */
static bool kcc_unmap(struct kcc_thread *th)
{
	struct kcc_run *run = th->run;
	struct kpt_iommu *t = run->t;
	struct rnd_state *rnd = &th->rnd;
	unsigned long slice = BIT_ULL(run->slice_lg2);
	unsigned long base = kcc_pick_slice(th);
	unsigned long last = base + (slice - 1);
	unsigned long iova, len, want, got;
	struct kpt_model_map m;

	iova = base + kpt_rand_range(rnd, 0, slice - 1);
	if (!kpt_model_find(&t->model, iova, last, &m) &&
	    !kpt_model_find(&t->model, base, last, &m))
		return true;
	iova = m.iova;
	len = m.len;
	if (!(th->id & 1)) {
		got = kpt_unmap(t->kd, iova, len);
		want = kpt_model_remove(&t->model, iova, iova + (len - 1));
		th->unmaps++;
	} else {
		if (!(prandom_u32_state(rnd) % 4)) {
			iova = base;
			len = slice;
			th->slice_unmaps++;
		} else {
			th->unmaps++;
		}
		got = kpt_unmap_range(t->kd, iova, len);
		want = kpt_model_remove(&t->model, iova, iova + (len - 1));
	}
	if (got != want)
		return kcc_fail(th, "unmap %#lx+%#lx removed %#lx, not %#lx",
				iova, len, got, want);
	kcc_yield();
	return kcc_probe(th, iova) && kcc_probe(th, iova + len - 1) &&
	       kcc_probe(th, iova + kpt_rand_range(rnd, 0, len - 1));
}

static void kcc_mapper(struct kcc_thread *th)
{
	struct kcc_run *run = th->run;
	struct rnd_state *rnd = &th->rnd;
	unsigned int op;
	bool ok = true;

	for (op = 0; op != run->ops && ok && !atomic_read(&run->failed);
	     op++) {
		unsigned int dice = prandom_u32_state(rnd) % 100;
		unsigned long any = kcc_slice(th, dice % KCC_SLICES) +
				    kpt_rand_range(rnd, 0,
						   BIT_ULL(run->slice_lg2) - 1);

		if (dice < 50)
			ok = kcc_map(th);
		else if (dice < 80)
			ok = kcc_unmap(th);
		else
			ok = kcc_probe(th, any);
		atomic_inc(&run->progress);
		kcc_yield();
	}
}

/* Translate anywhere: nothing, or what every mapping maps there */
static bool kcc_read_one(struct kcc_thread *th, unsigned long iova)
{
	struct kpt_iommu *t = th->run->t;
	phys_addr_t got = kpt_phys(t->kd, iova);

	th->probes++;
	th->seen += !!got;
	if (got && got != kpt_pa(t, iova))
		return kcc_fail(th, "iova %#lx translates to %#llx, not %#llx",
				iova, (u64)got, (u64)kpt_pa(t, iova));
	return true;
}

static void kcc_reader(struct kcc_thread *th)
{
	struct kcc_run *run = th->run;
	unsigned int i;

	while (atomic_read(&run->live_mappers) && !atomic_read(&run->failed)) {
		for (i = 0; i != 8; i++)
			if (!kcc_read_one(th, kpt_rand_range(&th->rnd, 0,
							     run->region_end - 1)))
				return;
		for (i = 0; i != run->num_grow; i++)
			if (!kcc_read_one(th, run->grow_iova[i] + 5))
				return;
		th->busy_probes += 8;
		kcc_yield();
	}
}

/* A dirty leaf: whole, aligned, and where mappings are made */
static void kcc_dirty_record(struct pt_iommu_dirty_bitmap *dirty, u64 iova,
			     u64 len)
{
	struct kcc_thread *th = container_of(dirty, struct kcc_thread, dirty);
	struct kcc_run *run = th->run;

	th->reports++;
	if (!is_power_of_2(len) || len < KPT_GSZ || (iova & (len - 1)) ||
	    iova + len > run->region_end)
		kcc_fail(th, "dirty report %#llx+%#llx is not a leaf of a slice",
			 iova, len);
}

static void kcc_harvester(struct kcc_thread *th)
{
	struct kcc_run *run = th->run;
	struct iommu_domain *domain = &run->t->kd->domain;
	struct iommu_iotlb_gather gather;
	unsigned long flags;
	int ret;

	th->dirty.record = kcc_dirty_record;
	while (atomic_read(&run->live_mappers) && !atomic_read(&run->failed)) {
		flags = prandom_u32_state(&th->rnd) % 4 ?
				0 : PT_IOMMU_DIRTY_NO_CLEAR;
		iommu_iotlb_gather_init(&gather);
		th->dirty.gather = &gather;
		ret = PT_API(read_and_clear_dirty)(domain, 0, run->region_end,
						   flags, &th->dirty);
		iommu_iotlb_sync(domain, &gather);
		if (ret) {
			kcc_fail(th, "read_and_clear_dirty: %d", ret);
			return;
		}
		th->harvests++;
		kcc_yield();
	}
}

/*
 * Grow the top while the mappers work: the i-th IOVA once the mappers
 * did i / (num_grow + 1) of their work.
 */
static void kcc_grower(struct kcc_thread *th)
{
	struct kcc_run *run = th->run;
	struct kpt_iommu *t = run->t;
	unsigned int total = run->ops * run->num_mappers;
	unsigned long iova;
	unsigned int i;
	int ret;

	for (i = 0; i != run->num_grow; i++) {
		while (atomic_read(&run->progress) <
			       total / (run->num_grow + 1) * (i + 1) &&
		       atomic_read(&run->live_mappers) &&
		       !atomic_read(&run->failed))
			kcc_yield();
		if (atomic_read(&run->failed))
			return;
		iova = run->grow_iova[i];
		ret = kpt_map(t->kd, iova, kpt_pa(t, iova), KPT_GSZ, KPT_RW);
		if (ret) {
			kcc_fail(th, "map %#lx growing the top: %d", iova, ret);
			return;
		}
		if (!kcc_model_add(th, iova, KPT_GSZ))
			return;
		th->grown++;
		if (!kcc_probe(th, iova + KPT_GSZ - 1))
			return;
	}
}

static int kcc_thread_fn(void *data)
{
	struct kcc_thread *th = data;
	struct kcc_run *run = th->run;

	wait_for_completion(&run->start);
	switch (th->kind) {
	case KCC_MAPPER:
		kcc_mapper(th);
		atomic_dec(&run->live_mappers);
		break;
	case KCC_READER:
		kcc_reader(th);
		break;
	case KCC_HARVESTER:
		kcc_harvester(th);
		break;
	case KCC_GROWER:
		kcc_grower(th);
		break;
	}
	complete(&th->done);
	return 0;
}

/* One harvest of the whole region that clears every dirty bit */
static void kcc_harvest_all(struct kunit *test, struct kcc_run *run)
{
	struct iommu_domain *domain = &run->t->kd->domain;
	struct kcc_thread th = { .run = run };
	struct iommu_iotlb_gather gather;

	th.dirty.record = kcc_dirty_record;
	iommu_iotlb_gather_init(&gather);
	th.dirty.gather = &gather;
	KUNIT_EXPECT_EQ(test, PT_API(read_and_clear_dirty)(domain, 0,
							   run->region_end, 0,
							   &th.dirty), 0);
	iommu_iotlb_sync(domain, &gather);
	KUNIT_EXPECT_FALSE_MSG(test, th.failed, "%s", th.err);
}

/**
 * struct kcc_union - the leaves the device reads against the model
 * @t: the case
 * @bytes: bytes of leaf items found
 * @bad: leaf items outside the model or elsewhere than it says
 */
struct kcc_union {
	struct kpt_iommu *t;
	u64 bytes;
	unsigned long bad;
};

static void kcc_union_leaf(struct kpt_walker *w, u64 va, unsigned int item_lg2,
			   const struct kspec_pte *pte)
{
	struct kcc_union *u = w->priv;
	u64 pa = pte->pa + (va & (BIT_ULL(pte->size_lg2) - 1));
	struct kpt_model_map m;

	u->bytes += BIT_ULL(item_lg2);
	if (kpt_model_find(&u->t->model, va, va + (BIT_ULL(item_lg2) - 1),
			   &m) &&
	    m.iova <= va &&
	    va + (BIT_ULL(item_lg2) - 1) <= m.iova + (m.len - 1) &&
	    pa == m.pa + (va - m.iova))
		return;
	if (!u->bad++)
		KUNIT_FAIL(w->test,
			   "leaf item %#llx+%#llx -> %#llx is not in the model",
			   va, BIT_ULL(item_lg2), pa);
}

/*
 * When every thread stopped: the device reads exactly the union of the
 * threads' mappings, through tables it can all see, and the top is the
 * one the driver was told.
 */
static void kcc_check_union(struct kunit *test, struct kpt_iommu *t)
{
	struct kcc_union u = { .t = t };
	struct kpt_domain *kd = t->kd;
	struct kpt_model_map *m;
	unsigned long index = 0;
	u64 model_bytes = 0;

	kpt_model_for_each(&t->model, m, index)
		model_bytes += m->len;
	kpt_view_check_leaves(test, t->view, &kd->fmt_table, kcc_union_leaf,
			      &u);
	KUNIT_EXPECT_EQ(test, u.bad, 0);
	KUNIT_EXPECT_EQ(test, u.bytes, model_bytes);
	kpt_check_hw_info(test, &kd->fmt_table,
			  kd->change_top_calls ? kd->top_level : t->top_level,
			  kd->change_top_calls ? kd->top_paddr : 0);
}

/*
 * The geometry of round @round: fine rounds share each lowest table among
 * the slices of all mappers, coarse rounds give each slice whole lowest
 * tables. The slices stay in the lower quarter of the OA so that kpt_pa()
 * keeps every alignment.
 */
static void kcc_geometry(struct kunit *test, struct kcc_run *run,
			 unsigned int round)
{
	struct kpt_iommu *t = run->t;
	unsigned int item1 = kspec_item_lg2(1);
	unsigned int limit = min(t->va_lg2, t->oa_lg2 - 2) - 1;
	unsigned int count_lg2 = order_base_2(run->num_mappers * KCC_SLICES);
	unsigned int final = t->top_level, level;

	run->slice_lg2 = round & 1 ? item1 + 1 : max(item1 - 3, KPT_G + 2);
	while (run->slice_lg2 + count_lg2 > limit &&
	       run->slice_lg2 > KPT_G + 2)
		run->slice_lg2--;
	KUNIT_ASSERT_LE(test, run->slice_lg2 + count_lg2, limit);
	run->region_end = (unsigned long)run->num_mappers * KCC_SLICES
			  << run->slice_lg2;

	run->num_grow = 0;
	if (!kpt_has(t, PT_FEAT_DYNAMIC_TOP))
		return;
	while (kspec_level_va_lg2(final) < t->va_lg2)
		final++;
	/* Growth the mappers do not cause themselves */
	for (level = t->top_level + 1; level <= final; level++) {
		unsigned long boundary = BIT_ULL(kspec_level_va_lg2(level - 1));

		if (boundary >= run->region_end)
			run->grow_iova[run->num_grow++] = boundary;
	}
}

static void kcc_expect_thread(struct kunit *test, struct kcc_run *run,
			      struct kcc_thread *th)
{
	const char *name = kcc_kind_names[th->kind];

	KUNIT_EXPECT_FALSE_MSG(test, th->failed, "%s %u: %s", name, th->id,
			       th->err);
	if (atomic_read(&run->failed))
		return;
	switch (th->kind) {
	case KCC_MAPPER:
		KUNIT_EXPECT_GT_MSG(test, th->maps, run->ops / 8, "mapper %u",
				    th->id);
		KUNIT_EXPECT_GT_MSG(test, th->unmaps + th->slice_unmaps, 0,
				    "mapper %u", th->id);
		KUNIT_EXPECT_GT_MSG(test, th->probes, run->ops, "mapper %u",
				    th->id);
		if (th->id & 1)
			KUNIT_EXPECT_GT_MSG(test, th->reserve_maps, 0,
					    "mapper %u", th->id);
		if (run->dirty)
			KUNIT_EXPECT_GT_MSG(test, th->set_dirty, 0,
					    "mapper %u", th->id);
		break;
	case KCC_READER:
		/* It ran while the mappers worked, and saw their mappings */
		KUNIT_EXPECT_GT(test, th->busy_probes, 0);
		KUNIT_EXPECT_GT(test, th->seen, 0);
		break;
	case KCC_HARVESTER:
		KUNIT_EXPECT_GT(test, th->harvests, 0);
		break;
	case KCC_GROWER:
		KUNIT_EXPECT_EQ(test, th->grown, run->num_grow);
		break;
	}
}

/* Start every thread of @run, wait for all of them, check each */
static void kcc_run_threads(struct kunit *test, struct kcc_run *run,
			    struct kcc_thread *threads, unsigned int num)
{
	struct task_struct *task;
	unsigned int i, started = 0;

	for (i = 0; i != num; i++) {
		init_completion(&threads[i].done);
		task = kthread_run(kcc_thread_fn, &threads[i], "kcc_%s%u",
				   kcc_kind_names[threads[i].kind],
				   threads[i].id);
		if (IS_ERR(task)) {
			atomic_set(&run->failed, 1);
			break;
		}
		started++;
	}
	complete_all(&run->start);
	for (i = 0; i != started; i++)
		wait_for_completion(&threads[i].done);
	KUNIT_ASSERT_EQ_MSG(test, started, num, "threads not started");
	for (i = 0; i != num; i++)
		kcc_expect_thread(test, run, &threads[i]);
}

/* What the threads of a round did, summed per kind */
static void kcc_info(struct kunit *test, struct kcc_run *run,
		     struct kcc_thread *threads, unsigned int num,
		     unsigned int round)
{
	struct kcc_thread sum = {};
	unsigned int i;

	for (i = 0; i != num; i++) {
		sum.maps += threads[i].maps;
		sum.overlaps += threads[i].overlaps;
		sum.reserve_maps += threads[i].reserve_maps;
		sum.unmaps += threads[i].unmaps;
		sum.slice_unmaps += threads[i].slice_unmaps;
		sum.set_dirty += threads[i].set_dirty;
		sum.busy_probes += threads[i].busy_probes;
		sum.seen += threads[i].seen;
		sum.harvests += threads[i].harvests;
		sum.reports += threads[i].reports;
		sum.grown += threads[i].grown;
	}
	kunit_info(test,
		   "%s round: %u mappers in slices of %#lx; %u maps (%u from a reserve, %u refused), %u unmaps, %u slice unmaps, %u set dirty; reader %u (%u mapped); %u harvests, %u reports; %u grown, %u top changes\n",
		   round & 1 ? "coarse" : "fine", run->num_mappers,
		   (unsigned long)BIT_ULL(run->slice_lg2), sum.maps, sum.reserve_maps,
		   sum.overlaps, sum.unmaps, sum.slice_unmaps, sum.set_dirty,
		   sum.busy_probes, sum.seen, sum.harvests, sum.reports,
		   sum.grown, run->t->kd->change_top_calls);
}

static void kcc_round(struct kunit *test, unsigned int round)
{
	struct kpt_iommu *t = test->priv;
	struct pt_common common = kpt_cfg_common(t);
	struct kcc_thread *threads;
	unsigned int num = 0, i;
	struct kcc_run *run;
	struct kpt_model_map m;

	run = kunit_kzalloc(test, sizeof(*run), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run);
	run->t = t;
	run->ops = kcc_ops;
	run->num_mappers = max_t(unsigned int, KCC_MIN_MAPPERS,
				 num_online_cpus());
	run->dirty = kspec_has_dirty(&common);
	init_completion(&run->start);
	atomic_set(&run->live_mappers, run->num_mappers);
	kcc_geometry(test, run, round);

	threads = kunit_kcalloc(test, run->num_mappers + 3, sizeof(*threads),
				GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, threads);
	for (i = 0; i != run->num_mappers; i++)
		threads[num++] = (struct kcc_thread){ .kind = KCC_MAPPER,
						      .id = i };
	threads[num++] = (struct kcc_thread){ .kind = KCC_READER };
	if (run->dirty)
		threads[num++] = (struct kcc_thread){ .kind = KCC_HARVESTER };
	if (run->num_grow)
		threads[num++] = (struct kcc_thread){ .kind = KCC_GROWER };
	for (i = 0; i != num; i++) {
		threads[i].run = run;
		prandom_seed_state(&threads[i].rnd,
				   0xc0c0a + test->param_index * 977 +
					   round * 131 + i);
	}

	t->kd->defer_free = true;
	kcc_run_threads(test, run, threads, num);
	kcc_info(test, run, threads, num, round);
	t->kd->defer_free = false;
	kpt_free_deferred(t->kd);
	if (atomic_read(&run->failed))
		return;
	/*
	 * set_dirty plays the walker setting dirty bits, but through the
	 * CPU: a device that does not snoop would have written them to
	 * memory, not to the CPU's copy the view compares with. Clear them
	 * before comparing.
	 */
	if (run->dirty)
		kcc_harvest_all(test, run);
	kcc_check_union(test, t);
	if (run->num_grow)
		KUNIT_EXPECT_GT(test, t->kd->change_top_calls, 0);

	/* Everything the threads left goes; the exit hook counts pages */
	while (kpt_model_find(&t->model, 0, ULONG_MAX, &m)) {
		KUNIT_ASSERT_EQ(test, kpt_unmap(t->kd, m.iova, m.len), m.len);
		kpt_model_remove(&t->model, m.iova, m.iova + (m.len - 1));
	}
	kpt_view_check(test, t->view, &t->kd->fmt_table);
}

/* KCC_ROUNDS rounds, each on a fresh table, the fine one first */
static void kcc_test_concurrency(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	unsigned int round;

	/* The threads share it; its functions lock it */
	kpt_model_init(&t->model);
	for (round = 0; round != KCC_ROUNDS; round++) {
		if (round)
			kpt_reinit(test);
		kcc_round(test, round);
		if (test->status == KUNIT_FAILURE)
			return;
	}
}

static struct kunit_case kcc_cases[] = {
	KUNIT_CASE_PARAM(kcc_test_concurrency, kpt_cfg_gen_params),
	{}
};

static struct kunit_suite kcc_suite = {
	.name = __stringify(PTPFX) "concurrency",
	.init = kpt_iommu_init,
	.exit = kpt_iommu_exit,
	.test_cases = kcc_cases,
};

kunit_test_suites(&kcc_suite);
