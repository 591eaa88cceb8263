/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table memory of every format, compiled with it before iommu_pt.h, whose
 * walks are its only users: where a table comes from (the page allocator,
 * pages shared by small tables, or a caller's reserve) and where it goes
 * (back unused, or onto the gather's list once the hardware may have
 * cached it), the DMA mapping and cache cleaning a walker that does not
 * snoop needs, the search for tables an unmap has emptied, and the new
 * top levels a PT_FEAT_DYNAMIC_TOP table grows.
 */
#include <asm/barrier.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/string.h>

/* One line in dmesg for a caller's mistake, never a WARN */
#define pt_caller_err(fmt, ...) \
	pr_err_ratelimited("%s: " fmt, __func__, ##__VA_ARGS__)

static inline struct pt_iommu *iommu_from_common(struct pt_common *common)
{
	return &container_of(common, struct pt_iommu_table,
			     PT_FMT_MEMBER.common)->iommu;
}

static inline struct pt_common *common_from_iommu(struct pt_iommu *iommu_table)
{
	return &container_of(iommu_table, struct pt_iommu_table,
			     iommu)->PT_FMT_MEMBER.common;
}

static inline struct pt_common *common_from_domain(struct iommu_domain *domain)
{
	return common_from_iommu(container_of(domain, struct pt_iommu, domain));
}

static unsigned int NS(table_lg2sz)(struct pt_iommu *iommu_table,
				    unsigned int level)
{
	PT_LEVEL_PROBE(pts, common_from_iommu(iommu_table), level);

	return pt_table_mem_lg2sz(&pts);
}

/* Is @table beyond what the walker addresses? Says so in dmesg */
static bool NS(table_beyond_limit)(void *table)
{
	u64 pa = pt_iommu_table_limit_pa(table);

	if (!(pa & ~(u64)PT_TABLE_PHYS_MASK))
		return false;
	pr_err_ratelimited("%s: table memory at %#llx is beyond what the walker addresses\n",
			   PT_FMT_NAME, pa);
	return true;
}

/* Do tables of @level share pages with each other (PT_SHARED_TABLE_LEVEL)? */
static bool NS(table_shared)(struct pt_iommu *iommu_table, unsigned int level)
{
	return level == PT_SHARED_TABLE_LEVEL &&
	       NS(table_lg2sz)(iommu_table, level) < PAGE_SHIFT;
}

/*
 * Zeroed memory for a table of @level that the format's walker can address
 * (PT_TABLE_GFP, PT_TABLE_PHYS_MASK), not yet DMA mapped: for a map, a
 * reserve or init alike. With @shared the table may share its page with
 * other tables of the level (a reserve needs whole pages). Memory beyond
 * the limit is freed, with one line in dmesg, and the caller fails with
 * -ENOMEM.
 */
static void *NS(table_mem_alloc)(struct pt_iommu *iommu_table,
				 unsigned int level, gfp_t gfp, bool shared)
{
	unsigned int lg2sz = NS(table_lg2sz)(iommu_table, level);
	void *table;

	if (shared && NS(table_shared)(iommu_table, level))
		table = pt_iommu_frag_alloc(&iommu_table->frags,
					    iommu_table->nid, lg2sz,
					    gfp | PT_TABLE_GFP);
	else
		table = pt_iommu_alloc_table(iommu_table->nid, lg2sz,
					     gfp | PT_TABLE_GFP);
	if (table && NS(table_beyond_limit)(table)) {
		pt_iommu_frag_free(&iommu_table->frags, table);
		return NULL;
	}
	return table;
}

static void NS(table_unmap_dma)(struct pt_iommu *iommu_table,
				struct pt_table_p *table, unsigned int level)
{
	unsigned int lg2sz = NS(table_lg2sz)(iommu_table, level);

	if (pt_feature(common_from_iommu(iommu_table), PT_FEAT_DMA_INCOHERENT))
		pt_iommu_table_dma_unmap(iommu_table->iommu_device, table,
					 1UL << lg2sz);
}

/* Hand back a table the hardware never saw, not DMA mapped */
static void NS(table_put)(struct pt_iommu *iommu_table,
			  struct pt_table_p *table, unsigned int level,
			  struct pt_iommu_reserve *reserve)
{
	if (!reserve) {
		pt_iommu_frag_free(&iommu_table->frags, table);
		return;
	}
	/* A new top may hold the old one as item 0: hand it back zeroed */
	memset(table, 0, 1UL << NS(table_lg2sz)(iommu_table, level));
	pt_iommu_table_to_list(table, &reserve->tables[level]);
	reserve->num[level]++;
}

/*
 * The one place a new table comes from, zeroed: from @reserve when the
 * caller has one, and then the page allocator is never called, else from
 * NS(table_mem_alloc)() with @gfp. For a walker that does not snoop it is
 * DMA mapped, which also cleans it from the CPU cache; the walker must
 * see it at its physical address.
 */
static struct pt_table_p *NS(table_alloc)(struct pt_iommu *iommu_table,
					  unsigned int level, gfp_t gfp,
					  struct pt_iommu_reserve *reserve)
{
	struct page *page;
	void *table;

	if (!reserve) {
		table = NS(table_mem_alloc)(iommu_table, level, gfp, true);
		if (!table)
			return NULL;
	} else {
		if (list_empty(&reserve->tables[level]))
			return NULL;
		page = list_first_entry(&reserve->tables[level], struct page,
					lru);
		list_del(&page->lru);
		reserve->num[level]--;
		table = page_address(page);
	}
	/* The limit again for a reserve filled other than by reserve_fill() */
	if ((reserve && NS(table_beyond_limit)(table)) ||
	    (pt_feature(common_from_iommu(iommu_table), PT_FEAT_DMA_INCOHERENT) &&
	     pt_iommu_table_dma_map(iommu_table->iommu_device, table,
				    1UL << NS(table_lg2sz)(iommu_table, level)))) {
		NS(table_put)(iommu_table, table, level, reserve);
		return NULL;
	}
	return table;
}

/* Undo NS(table_alloc)(), for a table the hardware never saw */
static void NS(table_free)(struct pt_iommu *iommu_table,
			   struct pt_table_p *table, unsigned int level,
			   struct pt_iommu_reserve *reserve)
{
	NS(table_unmap_dma)(iommu_table, table, level);
	NS(table_put)(iommu_table, table, level, reserve);
}

/* Queue a table the hardware may still cache, freed after the flush */
static void NS(table_to_list)(struct pt_iommu *iommu_table,
			      struct pt_table_p *table, unsigned int level,
			      struct list_head *list)
{
	NS(table_unmap_dma)(iommu_table, table, level);
	pt_iommu_frag_to_list(&iommu_table->frags, table, list);
}

static_assert(PT_MAX_TOP_LEVEL < PT_IOMMU_MAX_LEVELS);

/*
 * Clean items [start, start + count) of the table from the CPU cache so a
 * walker that does not snoop sees them. Folds away for coherent formats.
 */
static __always_inline void NS(flush_items)(const struct pt_state *pts,
					    unsigned int start,
					    unsigned int count)
{
	struct pt_common *common = pts->range->common;

	if (!pt_feature(common, PT_FEAT_DMA_INCOHERENT))
		return;
	pt_iommu_table_flush(iommu_from_common(common)->iommu_device,
			     (u8 *)pts->table + start * pt_item_size(pts),
			     count * pt_item_size(pts));
}

/*
 * A table entry is reachable by the walker once its cache line is clean.
 * The thread that installs it cleans it and then sets a software bit;
 * a thread that descends through an entry without the bit may be racing
 * the installer, so it cleans the line itself before relying on it.
 */
static __always_inline void NS(clean_table_entry)(struct pt_state *pts)
{
	if (!pt_feature(pts->range->common, PT_FEAT_DMA_INCOHERENT))
		return;
	if (pt_entry_sw_cleaned(pts)) {
		/*
		 * Whoever set the bit had cleaned the item first (the barrier
		 * below); what this thread does next,
		 * installing below or returning to a caller who starts DMA,
		 * comes after seeing the bit.
		 */
		smp_acquire__after_ctrl_dep();
		return;
	}
	NS(flush_items)(pts, pts->index, 1);
	/*
	 * The clean before the bit, for a thread that sees the bit and skips
	 * its own clean; setting the bit is an atomic RMW (pt_common.h).
	 */
	smp_mb__before_atomic();
	pt_entry_set_sw_cleaned(pts);
}

/* Is every item of @table, which the range covers, and below it empty? */
static bool NS(table_is_empty)(struct pt_range *range, unsigned int level,
			       struct pt_table_p *table)
{
	struct pt_state pts;

	for (pt_init(&pts, range, level, table); pt_iter_more(&pts);
	     pt_iter_next(&pts)) {
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_OA ||
		    (pts.type == PT_ENTRY_TABLE &&
		     (!level ||
		      !NS(table_is_empty)(range, level - 1, pts.table_lower))))
			return false;
	}
	return true;
}

/* Put @table, which the range covers, and every table below it on @list */
static void NS(collect_tables)(struct pt_iommu *iommu_table,
			       struct pt_range *range, unsigned int level,
			       struct pt_table_p *table, struct list_head *list)
{
	struct pt_state pts;

	for (pt_init(&pts, range, level, table); level && pt_iter_more(&pts);
	     pt_iter_next(&pts)) {
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_TABLE)
			NS(collect_tables)(iommu_table, range, level - 1,
					   pts.table_lower, list);
	}
	NS(table_to_list)(iommu_table, table, level, list);
}

/* --- the top of a table that grows --- */

/*
 * Grow a PT_FEAT_DYNAMIC_TOP table until its top decodes range->last_va.
 * New top tables are built aside with the old top as item 0, then, under
 * the driver's top lock, handed to the hardware with change_top() and only
 * after that published in top_of_table. Returns -EAGAIN when another
 * thread changed the top meanwhile.
 */
static int NS(increase_top)(struct pt_iommu *iommu_table,
			    struct pt_range *range,
			    const struct pt_write_attrs *attrs,
			    struct pt_iommu_reserve *reserve)
{
	struct pt_common *common = range->common;
	uintptr_t old_top = (uintptr_t)range->top_table | range->top_level;
	struct pt_table_p *added[PT_MAX_TOP_LEVEL + 1];
	struct pt_table_p *new_top = range->top_table;
	unsigned int new_level = range->top_level;
	unsigned int num_added = 0;
	unsigned long flags;
	spinlock_t *lock; /* the driver's top lock */
	int ret;

	while (pt_level_va_lg2(common, new_level) < PT_VADDR_BITS &&
	       range->last_va >
		       va_lg2max(pt_level_va_lg2(common, new_level))) {
		struct pt_state pts = { .range = range, .level = new_level + 1 };

		if (new_level == PT_MAX_TOP_LEVEL) {
			ret = -ERANGE;
			goto err_free;
		}
		pts.table = NS(table_alloc)(iommu_table, pts.level, attrs->gfp,
					    reserve);
		if (!pts.table) {
			ret = -ENOMEM;
			goto err_free;
		}
		added[num_added++] = pts.table;
		pt_install_table(&pts, virt_to_phys(new_top), attrs);
		pt_load_entry(&pts);
		NS(clean_table_entry)(&pts);
		new_top = pts.table;
		new_level = pts.level;
	}

	lock = iommu_table->driver_ops->get_top_lock(iommu_table);
	spin_lock_irqsave(lock, flags);
	if (READ_ONCE(common->top_of_table) != old_top) {
		spin_unlock_irqrestore(lock, flags);
		ret = -EAGAIN;
		goto err_free;
	}
	/*
	 * The hardware first: the new tables (zeroed, item 0 pointing at the
	 * old top) must reach memory before the driver points the device at
	 * them, whatever store change_top() uses to do it.
	 */
	dma_wmb();
	iommu_table->driver_ops->change_top(iommu_table, virt_to_phys(new_top),
					    new_level);
	/*
	 * Only now may a mapper see the new top: it may install leaves that
	 * only the new top reaches and return, and the device must already
	 * walk from there. Release pairs with the READ_ONCE() address
	 * dependency in pt_top_range(): a walker that loads the new top also
	 * sees the tables it points to as they were built above.
	 */
	smp_store_release(&common->top_of_table, (uintptr_t)new_top | new_level);
	spin_unlock_irqrestore(lock, flags);

	range->top_table = new_top;
	range->top_level = new_level;
	range->max_vasz_lg2 = min_t(unsigned int,
				    pt_level_va_lg2(common, new_level),
				    common->max_vasz_lg2);
	return 0;

err_free:
	while (num_added--)
		NS(table_free)(iommu_table, added[num_added],
			       range->top_level + num_added + 1, reserve);
	return ret;
}

/* Range for a map, growing the top first when needed */
static int NS(map_make_range)(struct pt_iommu *iommu_table,
			      struct pt_range *range, u64 va, u64 last_va,
			      const struct pt_write_attrs *attrs,
			      struct pt_iommu_reserve *reserve)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	int ret;

	do {
		ret = pt_make_range(common, range, va, last_va);
		if (ret || !pt_range_needs_growth(range))
			return ret;
		ret = NS(increase_top)(iommu_table, range, attrs, reserve);
	} while (ret == -EAGAIN);
	return ret;
}
