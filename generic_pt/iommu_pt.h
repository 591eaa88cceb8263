/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IOMMU page table algorithms, written once and compiled once per
 * format by fmt/iommu_template.h: init/deinit, info, map_pages,
 * unmap_pages, iova_to_phys and dirty tracking. Everything here reaches the
 * entries only through the format accessors (pt_common.h). The contracts
 * each exported function keeps are in Documentation/operations.rst. The
 * whole-range helpers built on these walks are in iommu_range.h.
 */
#include <asm/barrier.h>
#include <linux/iommu.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/scatterlist.h>
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

/* --- table memory --- */

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

/*
 * Zeroed memory for a table of @level that the format's walker can address
 * (PT_TABLE_GFP, PT_TABLE_PHYS_MASK), not yet DMA mapped: for a map, a
 * reserve or init alike. Memory beyond the limit is freed, with one line
 * in dmesg, and the caller fails with -ENOMEM.
 */
static void *NS(table_mem_alloc)(struct pt_iommu *iommu_table,
				 unsigned int level, gfp_t gfp)
{
	void *table = pt_iommu_alloc_table(iommu_table->nid,
					   NS(table_lg2sz)(iommu_table, level),
					   gfp | PT_TABLE_GFP);

	if (table && NS(table_beyond_limit)(table)) {
		pt_iommu_free_table(table);
		return NULL;
	}
	return table;
}

/*
 * A zeroed table for @level, from NS(table_mem_alloc)(). For a walker that
 * does not snoop, the table is DMA mapped, which also cleans it from the
 * CPU cache; the walker must see it at its physical address.
 */
static struct pt_table_p *NS(table_alloc)(struct pt_iommu *iommu_table,
					  unsigned int level, gfp_t gfp)
{
	unsigned int lg2sz = NS(table_lg2sz)(iommu_table, level);
	void *table = NS(table_mem_alloc)(iommu_table, level, gfp);

	if (!table)
		return NULL;
	if (pt_feature(common_from_iommu(iommu_table), PT_FEAT_DMA_INCOHERENT) &&
	    pt_iommu_table_dma_map(iommu_table->iommu_device, table,
				   1UL << lg2sz)) {
		pt_iommu_free_table(table);
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

/* Free a table the hardware never saw */
static void NS(table_free)(struct pt_iommu *iommu_table,
			   struct pt_table_p *table, unsigned int level)
{
	NS(table_unmap_dma)(iommu_table, table, level);
	pt_iommu_free_table(table);
}

/* Queue a table the hardware may still cache, freed after the flush */
static void NS(table_to_list)(struct pt_iommu *iommu_table,
			      struct pt_table_p *table, unsigned int level,
			      struct list_head *list)
{
	NS(table_unmap_dma)(iommu_table, table, level);
	pt_iommu_table_to_list(table, list);
}

static_assert(PT_MAX_TOP_LEVEL < PT_IOMMU_MAX_LEVELS);

/*
 * The one place a map gets a new table: from @reserve when the map has
 * one, and then the page allocator is never called, else from the
 * allocator with @gfp.
 */
static struct pt_table_p *NS(map_table_alloc)(struct pt_iommu *iommu_table,
					      unsigned int level, gfp_t gfp,
					      struct pt_iommu_reserve *reserve)
{
	unsigned int lg2sz = NS(table_lg2sz)(iommu_table, level);
	struct page *page;
	void *table;

	if (!reserve)
		return NS(table_alloc)(iommu_table, level, gfp);
	if (list_empty(&reserve->tables[level]))
		return NULL;
	page = list_first_entry(&reserve->tables[level], struct page, lru);
	list_del(&page->lru);
	reserve->num[level]--;
	table = page_address(page);
	/* A reserve filled some other way than by reserve_fill() */
	if (NS(table_beyond_limit)(table) ||
	    (pt_feature(common_from_iommu(iommu_table), PT_FEAT_DMA_INCOHERENT) &&
	     pt_iommu_table_dma_map(iommu_table->iommu_device, table,
				    1UL << lg2sz))) {
		list_add(&page->lru, &reserve->tables[level]);
		reserve->num[level]++;
		return NULL;
	}
	return table;
}

/* Undo NS(map_table_alloc)() for a table the hardware never saw */
static void NS(map_table_free)(struct pt_iommu *iommu_table,
			       struct pt_table_p *table, unsigned int level,
			       struct pt_iommu_reserve *reserve)
{
	unsigned int lg2sz = NS(table_lg2sz)(iommu_table, level);

	if (!reserve) {
		NS(table_free)(iommu_table, table, level);
		return;
	}
	NS(table_unmap_dma)(iommu_table, table, level);
	/* A new top may hold the old one as item 0: hand it back zeroed */
	memset(table, 0, 1UL << lg2sz);
	pt_iommu_table_to_list(table, &reserve->tables[level]);
	reserve->num[level]++;
}

/*
 * Clean items [start, start + count) of the table from the CPU cache so a
 * walker that does not snoop sees them. Folds away for coherent formats.
 */
static inline void NS(flush_items)(const struct pt_state *pts,
				   unsigned int start, unsigned int count)
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
static inline void NS(clean_table_entry)(struct pt_state *pts)
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

/* Is every item of @table, and of every table below it, empty? */
static bool NS(table_is_empty)(struct pt_range *range, unsigned int level,
			       struct pt_table_p *table)
{
	struct pt_state pts = { .range = range, .table = table, .level = level };
	unsigned int num_items = 1U << pt_num_items_lg2(&pts);

	for (pts.index = 0; pts.index != num_items; pts.index++) {
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_OA)
			return false;
		if (pts.type == PT_ENTRY_TABLE &&
		    (!level ||
		     !NS(table_is_empty)(range, level - 1, pts.table_lower)))
			return false;
	}
	return true;
}

/* Put @table and every table below it on @list */
static void NS(collect_tables)(struct pt_iommu *iommu_table,
			       struct pt_range *range, unsigned int level,
			       struct pt_table_p *table, struct list_head *list)
{
	struct pt_state pts = { .range = range, .table = table, .level = level };
	unsigned int num_items = 1U << pt_num_items_lg2(&pts);

	for (pts.index = 0; level && pts.index != num_items; pts.index++) {
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_TABLE)
			NS(collect_tables)(iommu_table, range, level - 1,
					   pts.table_lower, list);
	}
	NS(table_to_list)(iommu_table, table, level, list);
}

/* Every leaf size the table can install, limited by its VA and OA */
static pt_vaddr_t NS(pgsize_bitmap)(struct pt_common *common)
{
	struct pt_range range = { .common = common };
	struct pt_state pts = { .range = &range };
	pt_vaddr_t bitmap = 0;

	for (pts.level = 0; pts.level <= PT_MAX_TOP_LEVEL; pts.level++)
		bitmap |= pt_possible_sizes(&pts);
	/* Leaves fit in the lower half (a sign-extended half too) */
	bitmap &= pt_lower_half_last_va(common);
	if (common->max_oasz_lg2 < PT_VADDR_BITS - 1)
		bitmap &= va_lg2max(common->max_oasz_lg2 + 1);
	return bitmap;
}

/* --- map --- */

struct pt_iommu_map_args {
	struct pt_iommu *iommu_table;
	struct pt_write_attrs attrs;
	pt_oaddr_t oa;
	pt_vaddr_t pgsize_bitmap;
	/* u64: a whole 32-bit VA space does not fit in a 32-bit pt_vaddr_t */
	u64 mapped;
	/* Where new tables come from when the map must not allocate */
	struct pt_iommu_reserve *reserve;
};

/*
 * Make the item at pts->index point to a lower table, allocating one when
 * it is empty. Another thread mapping a neighbouring range may install a
 * table first; then ours is freed and theirs is used.
 */
static __always_inline int NS(ensure_table)(struct pt_state *pts,
					    struct pt_iommu_map_args *map)
{
	struct pt_table_p *table;

	while (pts->type != PT_ENTRY_TABLE) {
		if (pts->type == PT_ENTRY_OA)
			return -EADDRINUSE;

		table = NS(map_table_alloc)(map->iommu_table, pts->level - 1,
					    map->attrs.gfp, map->reserve);
		if (!table)
			return -ENOMEM;
		if (!pt_install_table(pts, virt_to_phys(table), &map->attrs))
			NS(map_table_free)(map->iommu_table, table,
					   pts->level - 1, map->reserve);
		pt_load_entry(pts);
	}
	NS(clean_table_entry)(pts);
	return 0;
}

/*
 * Slow path of a leaf install: the leaf spans several items or the item is
 * not empty. Every item must be empty or an empty table. Replacing a table
 * by a leaf is break-before-make: the table pointers are cleared, the
 * walker's caches are invalidated through the domain's iotlb_sync (which
 * also frees the tables), and only then may the caller write the leaf, so
 * that no walker ever holds the table and the leaf for the same IOVA at
 * once. A domain without iotlb_sync cannot invalidate: its tables stay and
 * -EBUSY tells the caller to map inside them with smaller leaves. Nothing
 * changes when this fails.
 */
static noinline int NS(clear_way_for_leaf)(const struct pt_state *pts,
					   struct pt_iommu_map_args *map,
					   unsigned int num_items)
{
	struct iommu_domain *domain = &map->iommu_table->domain;
	struct iommu_iotlb_gather gather;
	struct pt_state cur = *pts;
	bool tables = false;
	unsigned int i;

	for (i = 0; i != num_items; i++) {
		cur.index = pts->index + i;
		pt_load_entry(&cur);
		if (cur.type == PT_ENTRY_OA)
			return -EADDRINUSE;
		if (cur.type != PT_ENTRY_TABLE)
			continue;
		if (!NS(table_is_empty)(cur.range, cur.level - 1,
					cur.table_lower))
			return -EADDRINUSE;
		tables = true;
	}
	if (!tables)
		return 0;
	if (!domain->ops || !domain->ops->iotlb_sync)
		return -EBUSY;

	/*
	 * A fresh gather holding only this leaf's range: no gap for a
	 * PT_FEAT_FLUSH_RANGE_NO_GAPS driver, nothing of the caller's.
	 */
	iommu_iotlb_gather_init(&gather);
	for (i = 0; i != num_items; i++) {
		cur.index = pts->index + i;
		pt_load_entry(&cur);
		if (cur.type != PT_ENTRY_TABLE)
			continue;
		NS(collect_tables)(map->iommu_table, cur.range, cur.level - 1,
				   cur.table_lower, &gather.freelist);
		pt_clear_entries(&cur, 0);
		iommu_iotlb_gather_add_range(&gather, pt_index_to_va(&cur),
					     va_lg2int(pt_table_item_lg2sz(&cur)));
	}
	NS(flush_items)(pts, pts->index, num_items);
	domain->ops->iotlb_sync(domain, &gather);
	/* For a driver whose iotlb_sync leaves the freeing to the caller */
	pt_iommu_put_pages_list(&gather.freelist);
	return 0;
}

static __always_inline int NS(map_leaf)(struct pt_state *pts,
					struct pt_iommu_map_args *map,
					unsigned int pgsize_lg2)
{
	unsigned int num_items =
		1U << (pgsize_lg2 - pt_table_item_lg2sz(pts));
	int ret;

	if (num_items != 1 || pts->type != PT_ENTRY_EMPTY) {
		ret = NS(clear_way_for_leaf)(pts, map, num_items);
		if (ret)
			return ret;
	}
	pt_install_leaf_entry(pts, map->oa, pgsize_lg2, &map->attrs);
	NS(flush_items)(pts, pts->index, num_items);
	return 0;
}

/*
 * A run of up to @n single-item leaves of the item size from pts->index,
 * into empty items only: the batch case of a map (many granule pages, or
 * many blocks of one level), without choosing a size per item. Stops at
 * the first item that is not empty, which the caller handles one at a
 * time. Returns the number of leaves installed.
 */
static __always_inline unsigned int NS(map_items)(struct pt_state *pts,
						  struct pt_iommu_map_args *map,
						  unsigned int level,
						  unsigned int n)
{
	/*
	 * A private cursor and attributes: their address never leaves the
	 * inlined code, so the compiler may keep them in registers (the
	 * kernel builds without strict aliasing, so any item store could
	 * otherwise clobber *pts or *map).
	 */
	struct pt_state cur = *pts;
	struct pt_write_attrs attrs = map->attrs;
	pt_oaddr_t oa = map->oa;
	unsigned int item_lg2, i;

	/* The caller's constant, which *pts may no longer show the compiler */
	cur.level = level;
	item_lg2 = pt_table_item_lg2sz(&cur);

	for (i = 0; i != n; i++) {
		if (pt_load_entry_raw(&cur) != PT_ENTRY_EMPTY)
			break;
		pt_install_leaf_entry(&cur, oa, item_lg2, &attrs);
		oa += oa_lg2int(item_lg2);
		cur.index++;
	}
	if (i)
		NS(flush_items)(pts, pts->index, i);
	pts->index = cur.index;
	return i;
}

/* One level of a map: install leaves here or descend to a lower table */
static __always_inline int __map_range(struct pt_range *range, void *arg,
				       unsigned int level,
				       struct pt_table_p *table,
				       pt_level_fn_t descend_fn)
{
	struct pt_iommu_map_args *map = arg;
	unsigned int pgsize_lg2, item_lg2, n;
	pt_vaddr_t all_sizes, sizes, left;
	struct pt_state pts;
	bool one_size;
	int ret;

	pt_init(&pts, range, level, table);
	all_sizes = pt_sizes_at_or_below(&pts, map->pgsize_bitmap);
	sizes = all_sizes;
	item_lg2 = pt_table_item_lg2sz(&pts);
	/* Is the item size the only leaf size of this level? */
	one_size = (all_sizes >> item_lg2) == 1;
	do {
		pgsize_lg2 = pt_best_pgsize_lg2(sizes, range->va,
						range->last_va, map->oa);
		if (one_size && pgsize_lg2 == item_lg2) {
			/* Every whole item left in the range and the table */
			left = range->last_va - range->va;
			left = (left >> item_lg2) +
			       (va_lg2mod(left + 1, item_lg2) == 0);
			n = NS(map_items)(&pts, map, level,
					  min_t(pt_vaddr_t, left,
						pts.end_index - pts.index));
			if (n) {
				range->va += (pt_vaddr_t)n << item_lg2;
				map->oa += (pt_oaddr_t)n << item_lg2;
				map->mapped += (u64)n << item_lg2;
				continue;
			}
		}
		pt_load_entry(&pts);
		if (pgsize_lg2 >= item_lg2) {
			ret = NS(map_leaf)(&pts, map, pgsize_lg2);
			if (!ret) {
				pts.index += 1U << (pgsize_lg2 - item_lg2);
				range->va += va_lg2int(pgsize_lg2);
				map->oa += oa_lg2int(pgsize_lg2);
				map->mapped += va_lg2int(pgsize_lg2);
				sizes = all_sizes;
				continue;
			}
			if (ret != -EBUSY)
				return ret;
			/*
			 * -EBUSY: tables in the leaf's way that the domain
			 * cannot flush. From an empty item, try again with
			 * the smaller sizes, which reach fewer items; a table
			 * here is mapped inside with smaller leaves.
			 */
			if (pts.type != PT_ENTRY_TABLE) {
				sizes &= va_lg2max(pgsize_lg2);
				continue;
			}
		}

		/* Checked by the caller: a granule always fits */
		if (!descend_fn || !pgsize_lg2)
			return -EINVAL;
		ret = NS(ensure_table)(&pts, map);
		if (ret)
			return ret;
		ret = descend_fn(range, arg, level - 1, pts.table_lower);
		if (ret)
			return ret;
		pts.index++;
		sizes = all_sizes;
	} while (pts.index < pts.end_index);
	return 0;
}

PT_MAKE_LEVELS(NS(map_range), __map_range);

/*
 * A map of exactly one leaf (a page, a block or one contiguous run): the
 * common case, straight down to the level of its size, no size choice.
 * Returns 1, having changed nothing, when the leaf is not one this walk
 * installs: a page as large as the whole top table (which the general
 * walk maps with smaller leaves, as the top table cannot hold it), or
 * tables in the way that the domain cannot flush.
 */
static int NS(map_one)(struct pt_range *range, struct pt_iommu_map_args *map,
		       unsigned int pgsize_lg2)
{
	struct pt_state pts;
	int ret;

	pt_init_top(&pts, range);
	if (pgsize_lg2 >= pt_table_oa_lg2sz(&pts))
		return 1;
	while (pt_table_item_lg2sz(&pts) > pgsize_lg2) {
		pt_load_entry(&pts);
		ret = NS(ensure_table)(&pts, map);
		if (ret)
			return ret;
		pt_step_down(&pts);
	}
	pt_load_entry(&pts);
	ret = NS(map_leaf)(&pts, map, pgsize_lg2);
	if (ret == -EBUSY)
		return 1;
	if (!ret)
		map->mapped += va_lg2int(pgsize_lg2);
	return ret;
}

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
		pts.table = NS(map_table_alloc)(iommu_table, pts.level,
						attrs->gfp, reserve);
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
		NS(map_table_free)(iommu_table, added[num_added],
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

/* Checks of map_pages arguments; on failure says why in dmesg */
static int NS(check_map_args)(struct pt_iommu *iommu_table, u64 iova,
			      u64 paddr, size_t pgsize, size_t pgcount,
			      u64 *len)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	u64 last_oa;

	if (!pgsize || !pgcount) {
		pt_caller_err("zero length at iova %#llx\n", iova);
		return -EINVAL;
	}
	if (!is_power_of_2(pgsize) ||
	    !(pgsize & iommu_table->domain.pgsize_bitmap)) {
		pt_caller_err("page size %#zx is not supported\n", pgsize);
		return -EINVAL;
	}
	if ((iova | paddr) & (pgsize - 1)) {
		pt_caller_err("iova %#llx or paddr %#llx not aligned to %#zx\n",
			      iova, paddr, pgsize);
		return -EINVAL;
	}
	if (check_mul_overflow((u64)pgsize, (u64)pgcount, len) ||
	    check_add_overflow(iova, *len - 1, &last_oa) ||
	    pt_beyond_api_iova(last_oa) ||
	    check_add_overflow(paddr, *len - 1, &last_oa) ||
	    pt_beyond_phys_addr(last_oa)) {
		pt_caller_err("length %#zx * %zu overflows\n", pgsize, pgcount);
		return -EOVERFLOW;
	}
	if (common->max_oasz_lg2 < 64 &&
	    last_oa > oa_lg2max(common->max_oasz_lg2)) {
		pt_caller_err("paddr %#llx+%#llx is beyond the %u-bit output\n",
			      paddr, *len, common->max_oasz_lg2);
		return -ERANGE;
	}
	return 0;
}

/*
 * map_pages once its arguments are checked: @len bytes, in pages of at
 * least 2^@pgsize_lg2. New tables come from @reserve when it is not NULL.
 */
static int NS(map)(struct pt_iommu *iommu_table, u64 iova, u64 paddr,
		   u64 len, unsigned int pgsize_lg2, int prot, gfp_t gfp,
		   struct pt_iommu_reserve *reserve, size_t *mapped)
{
	struct iommu_domain *domain = &iommu_table->domain;
	struct pt_common *common = common_from_iommu(iommu_table);
	struct pt_iommu_map_args map;
	struct pt_range range;
	int ret;

	/* Field by field: only what the walk reads needs a value */
	map.iommu_table = iommu_table;
	map.oa = paddr;
	map.pgsize_bitmap = domain->pgsize_bitmap;
	map.mapped = 0;
	map.reserve = reserve;
	memset(&map.attrs, 0, sizeof(map.attrs));
	if (!(prot & (IOMMU_READ | IOMMU_WRITE))) {
		pt_caller_err("prot %#x has neither IOMMU_READ nor IOMMU_WRITE\n",
			      prot);
		return -EINVAL;
	}
	ret = pt_iommu_set_prot(common, &map.attrs, prot);
	if (ret) {
		pt_caller_err("prot %#x refused by the format\n", prot);
		return ret;
	}
	map.attrs.gfp = gfp;

	ret = NS(map_make_range)(iommu_table, &range, iova, iova + (len - 1),
				 &map.attrs, reserve);
	if (ret) {
		if (ret == -ERANGE)
			pt_caller_err("iova %#llx+%#llx is beyond the %u-bit table\n",
				      iova, len, common->max_vasz_lg2);
		return ret;
	}

	ret = 1;
	if (len == va_lg2int(pgsize_lg2))
		ret = NS(map_one)(&range, &map, pgsize_lg2);
	if (ret == 1)
		ret = pt_walk_range(&range, NS(map_range), &map);
	if (ret == -EADDRINUSE)
		pt_caller_err("iova %#llx+%#llx overlaps an existing mapping\n",
			      iova, len);
	*mapped += map.mapped;
	return ret;
}

/*
 * pt_iommu_<fmt>_map_pages() - map a physically contiguous range
 * @domain: the domain of the table
 * @iova: first IOVA, aligned to @pgsize
 * @paddr: first physical address, aligned to @pgsize
 * @pgsize: a page size from the domain's pgsize_bitmap
 * @pgcount: number of @pgsize pages
 * @prot: IOMMU_READ and/or IOMMU_WRITE, plus IOMMU_CACHE/NOEXEC/MMIO/PRIV
 * @gfp: allocation flags for new tables
 * @mapped: the bytes installed are added here, also on error
 *
 * Installs the largest leaves that iova, paddr and the length allow, which
 * may be larger than @pgsize. Never overwrites a mapping. Empty tables in
 * the way of a larger leaf are replaced break-before-make: cleared, then
 * flushed and freed by the domain's iotlb_sync (called from inside this
 * function with a gather of their range only), then the leaf is written.
 * A domain without iotlb_sync keeps such tables and gets smaller leaves
 * inside them.
 *
 * Return: 0 when everything was mapped. On error a prefix may have been
 * mapped (reported in @mapped) and the caller must unmap it: -EINVAL for
 * zero length, an unsupported @pgsize, unaligned @iova/@paddr or @prot
 * without READ or WRITE; -EOVERFLOW when the length wraps; -ERANGE when the
 * IOVA or the output address is beyond what the table holds; -EADDRINUSE
 * when something is already mapped in the range; -ENOMEM.
 */
int PT_API(map_pages)(struct iommu_domain *domain, unsigned long iova,
		      phys_addr_t paddr, size_t pgsize, size_t pgcount,
		      int prot, gfp_t gfp, size_t *mapped)
{
	struct pt_iommu *iommu_table =
		container_of(domain, struct pt_iommu, domain);
	u64 len;
	int ret;

	ret = NS(check_map_args)(iommu_table, iova, paddr, pgsize, pgcount,
				 &len);
	if (ret)
		return ret;
	return NS(map)(iommu_table, iova, paddr, len, ilog2(pgsize), prot, gfp,
		       NULL, mapped);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(map_pages));

/* --- unmap --- */

struct pt_iommu_unmap_args {
	struct pt_iommu *iommu_table;
	struct list_head free_list;
	u64 unmapped;
	/* Set by a level that removed every item of its table */
	bool table_emptied;
	/*
	 * Whole-range unmap: holes are skipped, and leaves that stick out of
	 * either end of the range are kept, instead of ending the walk
	 */
	bool skip_holes;
};

/*
 * One level of an unmap. Leaves are removed whole; a hole, or a leaf that
 * starts before range->va, ends the walk with -ENOENT (unless skip_holes).
 * A lower table whose every item was removed is itself removed and queued
 * for freeing; one that keeps anything keeps its parent too.
 */
static __always_inline int __unmap_range(struct pt_range *range, void *arg,
					 unsigned int level,
					 struct pt_table_p *table,
					 pt_level_fn_t descend_fn)
{
	struct pt_iommu_unmap_args *unmap = arg;
	unsigned int contig_lg2, leaf_lg2, start_index, table_lg2;
	struct pt_state pts, cur;
	bool kept = false, to_end;
	int ret;

	pt_init(&pts, range, level, table);
	start_index = pts.index;
	/*
	 * Does the request reach the last VA of this table? Only a table the
	 * request covers from its first item to its last may be freed: a leaf
	 * removed whole past the request's end does not make the rest of the
	 * table the caller's.
	 */
	table_lg2 = pt_table_oa_lg2sz(&pts);
	to_end = table_lg2 >= PT_VADDR_BITS ||
		 range->last_va >= (range->va | va_lg2max(table_lg2));
	do {
		if (unmap->skip_holes && pts.index != start_index)
			range->va = pt_index_to_va(&pts);
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_TABLE && descend_fn) {
			ret = descend_fn(range, arg, level - 1, pts.table_lower);
			if (ret)
				return ret;
			if (unmap->table_emptied && !pt_fixed_items(&pts)) {
				pt_clear_entries(&pts, 0);
				NS(flush_items)(&pts, pts.index, 1);
				NS(table_to_list)(unmap->iommu_table,
						  pts.table_lower, level - 1,
						  &unmap->free_list);
			} else if (!unmap->table_emptied) {
				kept = true;
			}
			pts.index++;
			continue;
		}
		if (pts.type != PT_ENTRY_OA) {
			if (!unmap->skip_holes)
				return -ENOENT;
			pts.index++;
			continue;
		}

		contig_lg2 = pt_entry_num_contig_lg2(&pts);
		leaf_lg2 = pt_table_item_lg2sz(&pts) + contig_lg2;
		if (va_lg2mod(range->va, leaf_lg2) ||
		    (unmap->skip_holes &&
		     range->va + (va_lg2int(leaf_lg2) - 1) > range->last_va)) {
			if (!unmap->skip_holes)
				return -ENOENT;
			kept = true;
			pts.index = pt_contig_start(&pts, contig_lg2) +
				    (1U << contig_lg2);
			continue;
		}
		/* A whole-range unmap checks every leaf against the range end */
		if (contig_lg2 || unmap->skip_holes) {
			pt_clear_entries(&pts, contig_lg2);
			NS(flush_items)(&pts, pts.index, 1U << contig_lg2);
			unmap->unmapped += va_lg2int(leaf_lg2);
			range->va += va_lg2int(leaf_lg2);
			pts.index += 1U << contig_lg2;
			continue;
		}

		/*
		 * A run of single-item leaves is cleared and flushed at once,
		 * with a private cursor as in map_items()
		 */
		cur = pts;
		do {
			pt_clear_entries(&cur, 0);
			cur.index++;
		} while (cur.index < cur.end_index &&
			 pt_load_entry_raw(&cur) == PT_ENTRY_OA &&
			 !pt_entry_num_contig_lg2(&cur));
		NS(flush_items)(&pts, pts.index, cur.index - pts.index);
		unmap->unmapped += (u64)(cur.index - pts.index) << leaf_lg2;
		range->va += (pt_vaddr_t)(cur.index - pts.index) << leaf_lg2;
		pts.index = cur.index;
	} while (pts.index < pts.end_index);

	/* A table of fixed items stays, whatever was removed below it */
	unmap->table_emptied = start_index == 0 && to_end && !kept &&
			       !pt_fixed_items(&pts) &&
			       pts.index >= 1U << pt_num_items_lg2(&pts);
	return 0;
}

PT_MAKE_LEVELS(NS(unmap_range), __unmap_range);

/*
 * Range of an operation that only reads or removes: a range past the top of
 * a table that has not grown that far is clipped, as nothing is mapped
 * there. Returns -ENOENT when nothing of it is inside the top.
 */
static int NS(make_existing_range)(struct pt_common *common,
				   struct pt_range *range, u64 iova, u64 len)
{
	int ret;

	if (!len || check_add_overflow(iova, len - 1, &len) ||
	    pt_beyond_api_iova(len))
		return -EOVERFLOW;
	ret = pt_make_range(common, range, iova, len);
	if (ret)
		return ret;
	if (pt_range_needs_growth(range)) {
		if (range->va > va_lg2max(range->max_vasz_lg2))
			return -ENOENT;
		range->last_va = va_lg2max(range->max_vasz_lg2);
	}
	return 0;
}

/*
 * Walk straight down to the leaf holding range->va, leaving @pts on it;
 * false at a hole.
 */
static __always_inline bool NS(walk_to_leaf)(struct pt_range *range,
					     struct pt_state *pts)
{
	pt_init_top(pts, range);
	while (true) {
		pt_load_entry(pts);
		if (pts->type == PT_ENTRY_OA)
			return true;
		if (pts->type != PT_ENTRY_TABLE || !pts->level)
			return false;
		pt_step_down(pts);
	}
}

/*
 * An unmap of at most one leaf, the common case: walk straight down to the
 * leaf at range->va and remove it, or find a hole or a leaf starting
 * before range->va, which removes nothing. Returns false, having changed
 * nothing, when the range may cover more than that leaf; and when the
 * leaf's table has one item, which the full walk would also free.
 */
static bool NS(unmap_one)(struct pt_range *range, u64 len,
			  struct pt_iommu_unmap_args *unmap)
{
	unsigned int contig_lg2, leaf_lg2;
	struct pt_state pts;

	if (!NS(walk_to_leaf)(range, &pts))
		return true;
	contig_lg2 = pt_entry_num_contig_lg2(&pts);
	leaf_lg2 = pt_table_item_lg2sz(&pts) + contig_lg2;
	if (va_lg2mod(range->va, leaf_lg2))
		return true;
	if (len > va_lg2int(leaf_lg2) || !pt_num_items_lg2(&pts))
		return false;
	pts.index = pt_contig_start(&pts, contig_lg2);
	pt_clear_entries(&pts, contig_lg2);
	NS(flush_items)(&pts, pts.index, 1U << contig_lg2);
	unmap->unmapped = va_lg2int(leaf_lg2);
	return true;
}

/*
 * pt_iommu_<fmt>_unmap_pages() - remove the mappings of a range
 * @domain: the domain of the table
 * @iova: first IOVA; must be the start of a mapping
 * @pgsize: page size the caller unmaps in
 * @pgcount: number of @pgsize pages
 * @iotlb_gather: receives the IOVA range to invalidate and the freed tables
 *
 * The range may span several mappings of any size. The walk stops at the
 * first hole. A range that starts inside a leaf removes nothing; one that
 * ends inside a leaf removes the whole leaf. Lower tables emptied by the
 * unmap are queued on @iotlb_gather->freelist.
 *
 * Return: the number of bytes removed, which can exceed the request when
 * the last leaf is larger, and is 0 on bad arguments (logged).
 */
size_t PT_API(unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			   size_t pgsize, size_t pgcount,
			   struct iommu_iotlb_gather *iotlb_gather)
{
	struct pt_common *common = common_from_domain(domain);
	struct pt_iommu_unmap_args unmap = {
		.iommu_table = iommu_from_common(common),
		.free_list = LIST_HEAD_INIT(unmap.free_list),
	};
	struct pt_range range;
	u64 len;
	int ret;

	if (check_mul_overflow((u64)pgsize, (u64)pgcount, &len) ||
	    ((iova | len) & va_lg2max(PT_GRANULE_LG2SZ))) {
		pt_caller_err("bad range iova %#lx pgsize %#zx count %zu\n",
			      iova, pgsize, pgcount);
		return 0;
	}
	ret = NS(make_existing_range)(common, &range, iova, len);
	if (ret) {
		if (ret != -ENOENT)
			pt_caller_err("iova %#lx+%#llx is outside the table\n",
				      iova, len);
		return 0;
	}

	if (pgcount != 1 || !NS(unmap_one)(&range, len, &unmap))
		pt_walk_range(&range, NS(unmap_range), &unmap);
	if (!unmap.unmapped)
		return 0;

	if (pt_feature(common, PT_FEAT_FLUSH_RANGE_NO_GAPS) &&
	    iommu_iotlb_gather_is_disjoint(iotlb_gather, iova, unmap.unmapped))
		iommu_iotlb_sync(domain, iotlb_gather);
	iommu_iotlb_gather_add_range(iotlb_gather, iova, unmap.unmapped);
	list_splice_tail(&unmap.free_list, &iotlb_gather->freelist);
	return unmap.unmapped;
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(unmap_pages));

/* --- lookups --- */

/* Walk to the leaf holding @iova; false when it is not mapped */
static __always_inline bool NS(find_leaf)(struct pt_common *common,
					  struct pt_range *range, u64 iova,
					  struct pt_state *pts)
{
	if (NS(make_existing_range)(common, range, iova, 1))
		return false;
	return NS(walk_to_leaf)(range, pts);
}

/*
 * pt_iommu_<fmt>_iova_to_phys() - translate an IOVA
 * @domain: the domain of the table
 * @iova: the IOVA
 *
 * Return: the physical address @iova maps to, including the offset inside
 * a large or contiguous leaf, or 0 when nothing is mapped there.
 */
phys_addr_t PT_API(iova_to_phys)(struct iommu_domain *domain, dma_addr_t iova)
{
	struct pt_common *common = common_from_domain(domain);
	struct pt_range range;
	struct pt_state pts;

	if (!NS(find_leaf)(common, &range, iova, &pts))
		return 0;
	return pt_entry_oa(&pts) + va_lg2mod(iova, pt_entry_oa_lg2sz(&pts));
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(iova_to_phys));

/*
 * pt_iommu_<fmt>_leaf_lg2sz() - the size of the leaf that maps an IOVA
 * @domain: the domain of the table
 * @iova: the IOVA
 * @item_lg2sz: receives log2 of the size of one item of the leaf, smaller
 *   than the leaf when the format repeats it over several items
 *
 * Context: reads the table without a lock, like iova_to_phys(); the
 * caller keeps the leaf from being removed meanwhile.
 * Return: log2 of the leaf's size (it starts at @iova rounded down to
 * it), or 0 when nothing is mapped at @iova.
 */
unsigned int PT_API(leaf_lg2sz)(struct iommu_domain *domain, dma_addr_t iova,
				unsigned int *item_lg2sz)
{
	struct pt_common *common = common_from_domain(domain);
	struct pt_range range;
	struct pt_state pts;

	if (!NS(find_leaf)(common, &range, iova, &pts))
		return 0;
	*item_lg2sz = pt_table_item_lg2sz(&pts);
	return pt_entry_oa_lg2sz(&pts);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(leaf_lg2sz));

/* --- dirty tracking --- */

struct pt_iommu_dirty_args {
	struct pt_iommu_dirty_bitmap *dirty;
	unsigned long flags;
	/* The request: a dirty leaf is reported only where it overlaps it */
	pt_vaddr_t first_va;
	pt_vaddr_t last_va;
};

/* One level of read_and_clear_dirty; holes are skipped. Not unrolled */
static inline int __dirty_range(struct pt_range *range, void *arg,
				unsigned int level, struct pt_table_p *table,
				pt_level_fn_t descend_fn)
{
	struct pt_iommu_dirty_args *dirty = arg;
	unsigned int contig_lg2, start_index;
	struct iommu_iotlb_gather *gather;
	pt_vaddr_t leaf_va, leaf_last;
	struct pt_state pts;
	u64 len;
	int ret;

	pt_init(&pts, range, level, table);
	start_index = pts.index;
	do {
		if (pts.index != start_index)
			range->va = pt_index_to_va(&pts);
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_TABLE && descend_fn) {
			ret = descend_fn(range, arg, level - 1, pts.table_lower);
			if (ret)
				return ret;
			pts.index++;
			continue;
		}
		if (pts.type != PT_ENTRY_OA) {
			pts.index++;
			continue;
		}

		contig_lg2 = pt_entry_num_contig_lg2(&pts);
		pts.index = pt_contig_start(&pts, contig_lg2);
		if (pt_entry_is_write_dirty(&pts)) {
			unsigned int leaf_lg2 =
				pt_table_item_lg2sz(&pts) + contig_lg2;

			/* A large leaf may stick out of either end */
			leaf_va = max(pt_index_to_va(&pts), dirty->first_va);
			leaf_last = min(pt_index_to_va(&pts) +
						(va_lg2int(leaf_lg2) - 1),
					dirty->last_va);
			len = (u64)(leaf_last - leaf_va) + 1;
			dirty->dirty->record(dirty->dirty, leaf_va, len);
			if (!(dirty->flags & PT_IOMMU_DIRTY_NO_CLEAR)) {
				pt_entry_make_write_clean(&pts);
				NS(flush_items)(&pts, pts.index, 1U << contig_lg2);
				gather = dirty->dirty->gather;
				if (gather)
					iommu_iotlb_gather_add_range(gather,
								     leaf_va,
								     len);
			}
		}
		pts.index += 1U << contig_lg2;
	} while (pts.index < pts.end_index);
	return 0;
}

PT_MAKE_ONE_LEVEL_FN(NS(dirty_range), __dirty_range);

/*
 * pt_iommu_<fmt>_read_and_clear_dirty() - harvest the dirty bits of a range
 * @domain: the domain of the table
 * @iova: first IOVA
 * @size: length of the range in bytes
 * @flags: PT_IOMMU_DIRTY_NO_CLEAR to leave the dirty bits set
 * @dirty: receives every dirty leaf touching the range, clipped to the
 *   range (a large leaf that sticks out of it is reported only where it
 *   overlaps, though its dirty bit covers, and is cleared for, all of
 *   it); the same clipped ranges of the leaves that were cleaned are
 *   added to @dirty->gather for invalidation
 *
 * Return: 0, -EINVAL for a bad range, or -EOPNOTSUPP when the format has no
 * dirty bit.
 */
int PT_API(read_and_clear_dirty)(struct iommu_domain *domain,
				 unsigned long iova, size_t size,
				 unsigned long flags,
				 struct pt_iommu_dirty_bitmap *dirty)
{
	struct pt_common *common = common_from_domain(domain);
	struct pt_iommu_dirty_args args = { .dirty = dirty, .flags = flags };
	struct pt_range range;
	int ret;

	if (!pt_dirty_supported(common))
		return -EOPNOTSUPP;
	ret = NS(make_existing_range)(common, &range, iova, size);
	if (ret == -ENOENT)
		return 0;
	if (ret) {
		pt_caller_err("bad range iova %#lx size %#zx\n", iova, size);
		return -EINVAL;
	}
	args.first_va = range.va;
	args.last_va = range.last_va;
	return pt_walk_range(&range, NS(dirty_range), &args);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(read_and_clear_dirty));

#ifdef PT_HAVE_IOMMU_DIRTY_OPS
struct pt_iommu_dirty_bridge {
	struct pt_iommu_dirty_bitmap pt;
	struct iommu_dirty_bitmap *kernel;
};

static void NS(dirty_bridge_record)(struct pt_iommu_dirty_bitmap *dirty,
				    u64 iova, u64 length)
{
	struct pt_iommu_dirty_bridge *bridge =
		container_of(dirty, struct pt_iommu_dirty_bridge, pt);

	/* The kernel's record also adds the range to its gather */
	iommu_dirty_bitmap_record(bridge->kernel, iova, length);
}

/* read_and_clear_dirty with the iommu_dirty_ops signature of newer kernels */
int PT_API(read_and_clear_dirty_ops)(struct iommu_domain *domain,
				     unsigned long iova, size_t size,
				     unsigned long flags,
				     struct iommu_dirty_bitmap *dirty)
{
	struct pt_iommu_dirty_bridge bridge = {
		.pt.record = NS(dirty_bridge_record),
		.kernel = dirty,
	};

	return PT_API(read_and_clear_dirty)(domain, iova, size,
					    (flags & IOMMU_DIRTY_NO_CLEAR) ?
						    PT_IOMMU_DIRTY_NO_CLEAR : 0,
					    &bridge.pt);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(read_and_clear_dirty_ops));
#endif

/* Mark the leaf holding @iova dirty as the hardware would, for tests */
static int NS(set_dirty)(struct pt_iommu *iommu_table, dma_addr_t iova)
{
	struct pt_range range;
	struct pt_state pts;

	if (!pt_dirty_supported(common_from_iommu(iommu_table)))
		return -EOPNOTSUPP;
	if (!NS(find_leaf)(common_from_iommu(iommu_table), &range, iova, &pts))
		return -ENOENT;
	if (!pt_entry_make_write_dirty(&pts))
		return -EPERM;
	return 0;
}

/* --- life cycle --- */

/*
 * Give every fixed item (pt_fixed_items()) of @table its lower table, and
 * so on down while the lower tables have fixed items too. Tables already
 * installed stay on failure; the caller frees the whole tree.
 */
static int NS(populate_fixed)(struct pt_iommu *iommu_table,
			      struct pt_range *range, unsigned int level,
			      struct pt_table_p *table, gfp_t gfp)
{
	struct pt_state pts = { .range = range, .table = table, .level = level };
	struct pt_write_attrs attrs = { .gfp = gfp };
	unsigned int num_items = 1U << pt_num_items_lg2(&pts);
	struct pt_table_p *lower;
	int ret;

	if (!pt_fixed_items(&pts))
		return 0;
	/* A format bug, not a caller's: fixed items are never leaves */
	if (!level || pt_can_have_leaf(&pts))
		return -EINVAL;
	for (pts.index = 0; pts.index != num_items; pts.index++) {
		lower = NS(table_alloc)(iommu_table, level - 1, gfp);
		if (!lower)
			return -ENOMEM;
		pt_load_entry(&pts);
		pt_install_table(&pts, virt_to_phys(lower), &attrs);
		pt_load_entry(&pts);
		NS(clean_table_entry)(&pts);
		ret = NS(populate_fixed)(iommu_table, range, level - 1, lower,
					 gfp);
		if (ret)
			return ret;
	}
	return 0;
}

static void NS(get_info)(struct pt_iommu *iommu_table,
			 struct pt_iommu_info *info)
{
	info->pgsize_bitmap = NS(pgsize_bitmap)(common_from_iommu(iommu_table));
}

static void NS(deinit)(struct pt_iommu *iommu_table)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	struct pt_range range;
	LIST_HEAD(pages);

	pt_top_range(&range, common);
	NS(collect_tables)(iommu_table, &range, range.top_level,
			   range.top_table, &pages);
	pt_iommu_put_pages_list(&pages);
	common->top_of_table = 0;
	iommu_table->ops = NULL;
}

static const struct pt_iommu_ops NS(ops) = {
	.get_info = NS(get_info),
	.set_dirty = NS(set_dirty),
	.deinit = NS(deinit),
	.dump = NS(dump),
};

/* Validate the common part of the cfg and fill struct pt_common */
static int NS(init_common)(struct pt_iommu *iommu_table,
			   const struct pt_iommu_cfg *cfg)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	unsigned long unknown = cfg->features & ~(unsigned long)PT_SUPPORTED_FEATURES;

	if (unknown) {
		pt_caller_err("features %#lx are not supported by this format\n",
			      unknown);
		return -EOPNOTSUPP;
	}
	if (cfg->hw_max_vasz_lg2 < PT_GRANULE_LG2SZ ||
	    cfg->hw_max_vasz_lg2 > PT_MAX_VA_ADDRESS_LG2 ||
	    cfg->hw_max_oasz_lg2 < PT_GRANULE_LG2SZ ||
	    cfg->hw_max_oasz_lg2 > PT_MAX_OUTPUT_ADDRESS_LG2) {
		pt_caller_err("VA %u / OA %u bits outside this format's %u/%u\n",
			      cfg->hw_max_vasz_lg2, cfg->hw_max_oasz_lg2,
			      PT_MAX_VA_ADDRESS_LG2, PT_MAX_OUTPUT_ADDRESS_LG2);
		return -ERANGE;
	}
	common->features = cfg->features | PT_FORCE_ENABLED_FEATURES;
	common->max_vasz_lg2 = cfg->hw_max_vasz_lg2;
	common->max_oasz_lg2 = cfg->hw_max_oasz_lg2;

	if (pt_feature(common, PT_FEAT_DYNAMIC_TOP) &&
	    pt_feature(common, PT_FEAT_FULL_VA)) {
		pt_caller_err("PT_FEAT_DYNAMIC_TOP and PT_FEAT_FULL_VA exclude each other\n");
		return -EINVAL;
	}
	if (pt_feature(common, PT_FEAT_DYNAMIC_TOP) &&
	    (!iommu_table->driver_ops || !iommu_table->driver_ops->change_top ||
	     !iommu_table->driver_ops->get_top_lock)) {
		pt_caller_err("PT_FEAT_DYNAMIC_TOP needs change_top and get_top_lock\n");
		return -EINVAL;
	}
	if (pt_feature(common, PT_FEAT_DMA_INCOHERENT) &&
	    !iommu_table->iommu_device) {
		pt_caller_err("PT_FEAT_DMA_INCOHERENT needs iommu_device\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * pt_iommu_<fmt>_init() - initialise a table
 * @fmt_table: the table; the driver sets iommu.driver_ops, iommu.nid and
 *   iommu.iommu_device first
 * @cfg: the requested features and the hardware's address widths
 * @gfp: allocation flags for the top table
 *
 * Allocates the top table, sets the domain's pgsize_bitmap and aperture.
 * On failure nothing is allocated and pt_iommu_deinit() is a no-op.
 *
 * On a kernel whose unsigned long or dma_addr_t is narrower than the
 * table's VA (a 32-bit kernel), the aperture ends at the largest IOVA
 * those types hold and page sizes longer than that are left out of
 * pgsize_bitmap.
 *
 * Return: 0, -EOPNOTSUPP for a feature the format does not have, -ERANGE
 * for address widths beyond the format, -EINVAL for a bad combination or
 * format field, -EOVERFLOW when every IOVA of the table is beyond what
 * this kernel's IOVA types hold, -ENOMEM.
 */
int PT_API(init)(struct pt_iommu_table *fmt_table, const struct pt_iommu_table_cfg *cfg,
		 gfp_t gfp)
{
	struct pt_iommu *iommu_table = &fmt_table->iommu;
	struct pt_common *common = &fmt_table->PT_FMT_MEMBER.common;
	struct iommu_domain *domain = &iommu_table->domain;
	u64 aperture_start, aperture_end, pgsize_bitmap;
	struct pt_table_p *top;
	struct pt_range range;
	unsigned int top_level;
	u8 va_lg2;
	int ret;

	iommu_table->ops = NULL;
	memset(&fmt_table->PT_FMT_MEMBER, 0, sizeof(fmt_table->PT_FMT_MEMBER));

	ret = NS(init_common)(iommu_table, &cfg->common);
	if (ret)
		return ret;
	ret = pt_iommu_fmt_init(fmt_table, cfg);
	if (ret) {
		pt_caller_err("format configuration refused: %d\n", ret);
		goto err_clear;
	}
	top_level = common->top_of_table & PT_TOP_LEVEL_MASK;
	/* The VA the top can ever decode: grown to the maximum, or as is */
	if (pt_feature(common, PT_FEAT_DYNAMIC_TOP))
		va_lg2 = pt_level_va_lg2(common, PT_MAX_TOP_LEVEL);
	else
		va_lg2 = pt_level_va_lg2(common, top_level);
	common->max_vasz_lg2 = min(common->max_vasz_lg2, va_lg2);

	pgsize_bitmap = NS(pgsize_bitmap)(common);
	ret = pt_api_geometry(common,
			      min_t(u64, ULONG_MAX, (dma_addr_t)~(dma_addr_t)0),
			      &aperture_start, &aperture_end, &pgsize_bitmap);
	if (ret) {
		pt_caller_err("IOVAs from %#llx are beyond this kernel's IOVA types\n",
			      (u64)pt_full_va_prefix(common));
		goto err_clear;
	}

	top = NS(table_alloc)(iommu_table, top_level, gfp);
	if (!top) {
		ret = -ENOMEM;
		goto err_clear;
	}
	if (virt_to_phys(top) & ~(phys_addr_t)PT_TOP_PHYS_MASK) {
		pt_caller_err("top table is not addressable by the hardware\n");
		NS(table_free)(iommu_table, top, top_level);
		ret = -ENOMEM;
		goto err_clear;
	}
	common->top_of_table = (uintptr_t)top | top_level;

	pt_top_range(&range, common);
	ret = NS(populate_fixed)(iommu_table, &range, top_level, top, gfp);
	if (ret) {
		NS(deinit)(iommu_table);
		goto err_clear;
	}

	iommu_table->ops = &NS(ops);
	/* Each fits: pt_api_geometry() kept them within the API's types */
	domain->pgsize_bitmap = pgsize_bitmap;
	domain->geometry.aperture_start = aperture_start;
	domain->geometry.aperture_end = aperture_end;
	domain->geometry.force_aperture = true;
	return 0;

err_clear:
	memset(&fmt_table->PT_FMT_MEMBER, 0, sizeof(fmt_table->PT_FMT_MEMBER));
	return ret;
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(init));

/*
 * pt_iommu_<fmt>_hw_info() - what the driver programs into the hardware
 * @fmt_table: an initialised table
 * @info: filled with the root pointer and the format's register values
 *
 * With PT_FEAT_DYNAMIC_TOP call it under the top lock, or use the values
 * passed to change_top().
 */
void PT_API(hw_info)(struct pt_iommu_table *fmt_table, struct pt_iommu_table_hw_info *info)
{
	struct pt_range top;

	pt_top_range(&top, &fmt_table->PT_FMT_MEMBER.common);
	pt_iommu_fmt_hw_info(fmt_table, &top, info);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(hw_info));

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Generic IOMMU page table, format " PT_FMT_NAME);
PT_IMPORT_NS();
