/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The table as the IOMMU sees it, for the "<fmt>_iommu" suite. A walker
 * that does not snoop the CPU caches (PT_FEAT_DMA_INCOHERENT) reads table
 * memory as it was when last cleaned, so the test installs a DMA hook
 * (pt_iommu_set_dma_hook()) that keeps one shadow copy per table: a table
 * that becomes DMA visible is copied whole, a flush copies its range, an
 * unmap drops the copy. The walker below then starts at the top table
 * hw_info reports and reads only shadows, decoding items with the spec's
 * kspec_decode(), never with the format under test. For a walker that
 * snoops, it reads CPU memory, and the hook must never be called.
 */
#include <kunit/resource.h>
#include <linux/maple_tree.h>
#include <linux/overflow.h>
#include <linux/slab.h>

/* The IOMMU device of every domain of the suite; only the hook sees it */
static struct device kpt_walker_dev;

/**
 * struct kpt_shadow - the device's copy of one table
 * @cpu: the table in CPU memory
 * @len: its size in bytes
 * @data: the table as of its last clean
 */
struct kpt_shadow {
	void *cpu;
	size_t len;
	u8 data[];
};

/**
 * struct kpt_view - what the device can see, kept by the DMA hook
 * @shadows: the shadow of every DMA visible table, by CPU address range
 * @maps: tables made DMA visible
 * @flushes: ranges cleaned
 * @flushed_bytes: bytes cleaned
 * @unmaps: tables no longer DMA visible
 * @walks: full walks by kpt_view_check()
 * @walked_tables: tables those walks reached
 * @bad: description of the first hook call the view could not follow
 *   (a flush outside a visible table, an unknown unmap, no memory)
 * @lock: serialises the hook of threads mapping concurrently
 */
struct kpt_view {
	struct maple_tree shadows;
	unsigned long maps;
	unsigned long flushes;
	unsigned long flushed_bytes;
	unsigned long unmaps;
	unsigned long walks;
	unsigned long walked_tables;
	const char *bad;
	spinlock_t lock; /* the hook's updates */
};

/* The view the hook updates; one case runs at a time */
static struct kpt_view *kpt_active_view;

static struct kpt_shadow *kpt_shadow_of(struct kpt_view *v, const void *addr)
{
	return mtree_load(&v->shadows, (unsigned long)addr);
}

static void kpt_view_update(struct kpt_view *v, struct device *dev, void *addr,
			    size_t len, enum pt_iommu_dma_op op)
{
	unsigned long start = (unsigned long)addr;
	struct kpt_shadow *s;

	if (v->bad)
		return;
	if (dev != &kpt_walker_dev || !len) {
		v->bad = "a DMA operation for another device or of no bytes";
		return;
	}
	switch (op) {
	case PT_IOMMU_DMA_MAP:
		v->maps++;
		s = kmalloc(struct_size(s, data, len), GFP_ATOMIC);
		if (!s) {
			v->bad = "no memory for a shadow";
			return;
		}
		s->cpu = addr;
		s->len = len;
		memcpy(s->data, addr, len);
		if (mtree_insert_range(&v->shadows, start, start + len - 1, s,
				       GFP_ATOMIC)) {
			kfree(s);
			v->bad = "a table mapped twice, or no memory";
		}
		return;
	case PT_IOMMU_DMA_FLUSH:
		v->flushes++;
		v->flushed_bytes += len;
		s = kpt_shadow_of(v, addr);
		if (!s || start + len > (unsigned long)s->cpu + s->len) {
			v->bad = "a flush outside every DMA visible table";
			return;
		}
		/*
		 * The device reads while other CPUs may write other items
		 * of the table, or set a software bit in this one: a racy
		 * read by design, which the walks after the operations
		 * check.
		 */
		data_race(memcpy(s->data + (start - (unsigned long)s->cpu),
				 addr, len));
		return;
	case PT_IOMMU_DMA_UNMAP:
		v->unmaps++;
		s = kpt_shadow_of(v, addr);
		if (!s || s->cpu != addr || s->len != len) {
			v->bad = "an unmap of something that was not mapped";
			return;
		}
		mtree_erase(&v->shadows, start);
		kfree(s);
		return;
	}
	v->bad = "an unknown DMA operation";
}

/*
 * Called by the table code instead of the DMA API, possibly by several
 * threads at once; may run in atomic context
 */
static void kpt_view_hook(struct device *dev, void *addr, size_t len,
			  enum pt_iommu_dma_op op)
{
	struct kpt_view *v = READ_ONCE(kpt_active_view);
	unsigned long flags;

	if (!v)
		return;
	spin_lock_irqsave(&v->lock, flags);
	kpt_view_update(v, dev, addr, len, op);
	spin_unlock_irqrestore(&v->lock, flags);
}

static unsigned long kpt_view_num_shadows(struct kpt_view *v)
{
	struct kpt_shadow *s;
	unsigned long index = 0, n = 0;

	mt_for_each(&v->shadows, s, index, ULONG_MAX)
		n++;
	return n;
}

static int kpt_view_res_init(struct kunit_resource *res, void *context)
{
	struct kpt_view *v = kzalloc(sizeof(*v), GFP_KERNEL);

	if (!v)
		return -ENOMEM;
	mt_init(&v->shadows);
	spin_lock_init(&v->lock);
	res->data = v;
	WRITE_ONCE(kpt_active_view, v);
	pt_iommu_set_dma_hook(kpt_view_hook);
	return 0;
}

/* Runs after the suite's exit hook, also when the case failed */
static void kpt_view_res_free(struct kunit_resource *res)
{
	struct kpt_view *v = res->data;
	struct kpt_shadow *s;
	unsigned long index = 0;

	pt_iommu_set_dma_hook(NULL);
	WRITE_ONCE(kpt_active_view, NULL);
	mt_for_each(&v->shadows, s, index, ULONG_MAX)
		kfree(s);
	mtree_destroy(&v->shadows);
	kfree(v);
}

/* Install the hook for the rest of the case; NULL when out of memory */
static struct kpt_view *kpt_view_start(struct kunit *test)
{
	return kunit_alloc_resource(test, kpt_view_res_init, kpt_view_res_free,
				    GFP_KERNEL, NULL);
}

/**
 * struct kpt_walker - one walk of the device's view
 * @test: the case
 * @view: the shadows
 * @common: the table's header, for kspec_decode()
 * @incoherent: read shadows; otherwise CPU memory
 * @tables: tables reached
 * @leaf: called for every item of every leaf the walk reads, with the
 *   item's IOVA and size and the leaf's decoding; may be NULL
 * @priv: for @leaf
 */
struct kpt_walker {
	struct kunit *test;
	struct kpt_view *view;
	const struct pt_common *common;
	bool incoherent;
	unsigned long tables;
	void (*leaf)(struct kpt_walker *w, u64 va, unsigned int item_lg2,
		     const struct kspec_pte *pte);
	void *priv;
};

/*
 * The items the device reads for the table at @pa: its shadow, which must
 * exist when it does not snoop.
 */
static const void *kpt_walker_items(struct kpt_walker *w, u64 pa,
				    unsigned int level)
{
	const void *cpu = phys_to_virt(pa);
	struct kpt_shadow *s;

	if (!w->incoherent)
		return cpu;
	s = kpt_shadow_of(w->view, cpu);
	KUNIT_ASSERT_NOT_NULL_MSG(w->test, s,
				  "level %u table %#llx is reachable but was never made DMA visible",
				  level, pa);
	KUNIT_ASSERT_PTR_EQ(w->test, s->cpu, cpu);
	return s->data;
}

/*
 * Every table reachable from the one at @pa, which translates from @va:
 * what the device reads equals what the CPU wrote except for software
 * bits, and holds nothing the hardware faults on.
 */
static void kpt_walk_table(struct kpt_walker *w, u64 pa, unsigned int level,
			   u64 va)
{
	const void *cpu = phys_to_virt(pa);
	const void *dev = kpt_walker_items(w, pa, level);
	unsigned int bits = kspec_level_bits(level);
	unsigned int va_lg2 = w->common->max_vasz_lg2;
	struct kspec_pte pte;
	unsigned int i;

	/* A top table may be cut to the table's VA */
	if (va_lg2 < kspec_level_va_lg2(level))
		bits = va_lg2 > kspec_item_lg2(level) ?
			       va_lg2 - kspec_item_lg2(level) : 0;
	w->tables++;
	for (i = 0; i != BIT(bits); i++) {
		u64 now = kspec_item(cpu, i);
		u64 got = kspec_item(dev, i);

		KUNIT_ASSERT_EQ_MSG(w->test, (got ^ now) & ~KSPEC_SW_BITS, 0,
				    "level %u table %#llx item %u: the device reads %#llx, the CPU wrote %#llx",
				    level, pa, i, got, now);
		kspec_decode(w->common, got, level, &pte);
		KUNIT_ASSERT_NE_MSG(w->test, pte.type, KSPEC_FAULT,
				    "level %u item %u %#llx", level, i, got);
		/* A leaf of a size the spec allows at this level */
		if (pte.type == KSPEC_LEAF)
			KUNIT_ASSERT_TRUE_MSG(w->test,
					      kspec_level_sizes(w->common, level) &
					      BIT_ULL(pte.size_lg2),
					      "level %u item %u %#llx: a leaf of 2^%u bytes",
					      level, i, got, pte.size_lg2);
		if (pte.type == KSPEC_LEAF && w->leaf)
			w->leaf(w, va + ((u64)i << kspec_item_lg2(level)),
				kspec_item_lg2(level), &pte);
		if (pte.type != KSPEC_TABLE)
			continue;
		KUNIT_ASSERT_LT(w->test, pte.next_level, level);
		kpt_walk_table(w, pte.pa, pte.next_level,
			       va + ((u64)i << kspec_item_lg2(level)));
	}
}

static void kpt_walker_init(struct kpt_walker *w, struct kunit *test,
			    struct kpt_view *view, PT_IOMMU_TABLE_T *table)
{
	w->test = test;
	w->view = view;
	w->common = &table->PT_FMT_MEMBER.common;
	w->incoherent = w->common->features & BIT(PT_FEAT_DMA_INCOHERENT);
	w->tables = 0;
	w->leaf = NULL;
	w->priv = NULL;
}

/*
 * Walk everything the device can reach from the top hw_info gives; every
 * DMA visible table is reachable (none is left mapped after it was
 * dropped). @leaf, when not NULL, sees every leaf item the device reads.
 */
static void kpt_view_check_leaves(struct kunit *test, struct kpt_view *view,
				  PT_IOMMU_TABLE_T *table,
				  void (*leaf)(struct kpt_walker *w, u64 va,
					       unsigned int item_lg2,
					       const struct kspec_pte *pte),
				  void *priv)
{
	struct kpt_walker w;
	unsigned int levels;
	u64 top;

	kpt_walker_init(&w, test, view, table);
	w.leaf = leaf;
	w.priv = priv;
	KUNIT_ASSERT_NULL_MSG(test, view->bad, "%s", view->bad);
	kpt_hw_root(table, &top, &levels);
	kpt_walk_table(&w, top, levels - 1, 0);
	if (w.incoherent)
		KUNIT_ASSERT_EQ(test, kpt_view_num_shadows(view), w.tables);
	view->walks++;
	view->walked_tables += w.tables;
}

static void kpt_view_check(struct kunit *test, struct kpt_view *view,
			   PT_IOMMU_TABLE_T *table)
{
	kpt_view_check_leaves(test, view, table, NULL, NULL);
}

/* The device's translation of @iova, 0 when it faults */
static u64 kpt_view_translate(struct kunit *test, struct kpt_view *view,
			      PT_IOMMU_TABLE_T *table, u64 iova)
{
	struct kpt_walker w;
	struct kspec_pte pte;
	unsigned int levels, level;
	u64 pa;

	kpt_walker_init(&w, test, view, table);
	kpt_hw_root(table, &pa, &levels);
	level = levels - 1;
	while (true) {
		const void *items = kpt_walker_items(&w, pa, level);

		kspec_decode(w.common, kspec_item(items, kspec_index(iova, level)),
			     level, &pte);
		if (pte.type == KSPEC_LEAF)
			return pte.pa + (iova & (BIT_ULL(pte.size_lg2) - 1));
		if (pte.type != KSPEC_TABLE || pte.next_level >= level)
			return 0;
		pa = pte.pa;
		level = pte.next_level;
	}
}
