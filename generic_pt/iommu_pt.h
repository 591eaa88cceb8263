/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IOMMU page table algorithms, written once and compiled once per
 * format by fmt/iommu_template.h: init/deinit, info, map_pages,
 * unmap_pages and iova_to_phys. Everything here reaches the
 * entries only through the format accessors (pt_common.h), and walks the
 * tables only with the level iterator (pt_iter.h). Each exported function
 * is documented once, with the function type it is declared with, in
 * <linux/generic_pt/iommu.h>; Documentation/operations.rst has the
 * contracts at length. The tables these walks allocate and free come
 * from iommu_tables.h; dirty tracking is in iommu_dirty.h and the
 * whole-range helpers built on the walks are in iommu_range.h.
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

		table = NS(table_alloc)(map->iommu_table, pts->level - 1,
					map->attrs.gfp, map->reserve);
		if (!table)
			return -ENOMEM;
		if (!pt_install_table(pts, virt_to_phys(table), &map->attrs))
			NS(table_free)(map->iommu_table, table, pts->level - 1,
				       map->reserve);
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
					   unsigned int pgsize_lg2)
{
	struct iommu_domain *domain = &map->iommu_table->domain;
	struct pt_range leaf = *pts->range;
	struct iommu_iotlb_gather gather;
	struct pt_state cur;
	bool tables = false;

	/* The leaf's items, with the iterator over a range of just the leaf */
	leaf.last_va = leaf.va + va_lg2max(pgsize_lg2);
	for (pt_init(&cur, &leaf, pts->level, pts->table); pt_iter_more(&cur);
	     pt_iter_next(&cur)) {
		pt_load_entry(&cur);
		if (cur.type == PT_ENTRY_OA ||
		    (cur.type == PT_ENTRY_TABLE &&
		     !NS(table_is_empty)(&leaf, cur.level - 1, cur.table_lower)))
			return -EADDRINUSE;
		tables |= cur.type == PT_ENTRY_TABLE;
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
	leaf.va = pts->range->va;
	for (pt_init(&cur, &leaf, pts->level, pts->table); pt_iter_more(&cur);
	     pt_iter_next(&cur)) {
		pt_load_entry(&cur);
		if (cur.type != PT_ENTRY_TABLE)
			continue;
		iommu_iotlb_gather_add_range(&gather, leaf.va,
					     va_lg2int(pt_table_item_lg2sz(&cur)));
		NS(collect_tables)(map->iommu_table, &leaf, cur.level - 1,
				   cur.table_lower, &gather.freelist);
		pt_clear_entries(&cur, 0);
	}
	NS(flush_items)(pts, pts->index, 1U << (pgsize_lg2 -
						pt_table_item_lg2sz(pts)));
	domain->ops->iotlb_sync(domain, &gather);
	/* For a driver whose iotlb_sync leaves the freeing to the caller */
	pt_iommu_put_pages_list(&gather.freelist);
	return 0;
}

/*
 * Are the @n items from the cursor all empty? The common case of a leaf
 * of several items, found with a plain scan before anything looks at what
 * is in the way.
 */
static __always_inline bool NS(items_empty)(const struct pt_state *pts,
					    unsigned int n)
{
	struct pt_state cur = *pts;

	for (; cur.index != pts->index + n; cur.index++)
		if (pt_load_entry_raw(&cur) != PT_ENTRY_EMPTY)
			return false;
	return true;
}

/*
 * Install a leaf of 2^@pgsize_lg2 at the cursor, at least one item, and
 * account for it in @map.
 */
static __always_inline int NS(map_leaf)(struct pt_state *pts,
					struct pt_iommu_map_args *map,
					unsigned int pgsize_lg2)
{
	unsigned int num_items =
		1U << (pgsize_lg2 - pt_table_item_lg2sz(pts));
	int ret;

	if (pts->type != PT_ENTRY_EMPTY ||
	    (num_items != 1 && !NS(items_empty)(pts, num_items))) {
		ret = NS(clear_way_for_leaf)(pts, map, pgsize_lg2);
		if (ret)
			return ret;
	}
	pt_install_leaf_entry(pts, map->oa, pgsize_lg2, &map->attrs);
	NS(flush_items)(pts, pts->index, num_items);
	map->oa += oa_lg2int(pgsize_lg2);
	map->mapped += va_lg2int(pgsize_lg2);
	return 0;
}

/*
 * A run of up to @n single-item leaves of the item size from pts->index,
 * into empty items only: the batch case of a map (many granule pages, or
 * many blocks of one level), without choosing a size per item. Stops at
 * the first item that is not empty, which the caller handles one at a
 * time. Returns the number of leaves installed, accounted for in @map;
 * the caller moves the cursor on.
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
	 * otherwise clobber *pts or *map). The batch steps its own index for
	 * that reason, the one walk loop not on the iterator.
	 */
	struct pt_state cur = *pts;
	struct pt_write_attrs attrs = map->attrs;
	pt_oaddr_t oa = map->oa;
	unsigned int item_lg2, end, i;

	/* The caller's constant, which *pts may no longer show the compiler */
	cur.level = level;
	item_lg2 = pt_table_item_lg2sz(&cur);

	/*
	 * Tested at the bottom, with the index as the only counter: one
	 * block, one taken branch per item. As a for loop with a break, the
	 * compiler put the store out of line (two taken branches per item),
	 * and its speed depended on where the linker placed the two halves.
	 */
	end = cur.index + n;
	if (n && pt_load_entry_raw(&cur) == PT_ENTRY_EMPTY) {
		do {
			pt_install_leaf_entry(&cur, oa, item_lg2, &attrs);
			oa += oa_lg2int(item_lg2);
			cur.index++;
		} while (likely(cur.index != end &&
				pt_load_entry_raw(&cur) == PT_ENTRY_EMPTY));
	}
	i = cur.index - pts->index;
	if (i)
		NS(flush_items)(pts, pts->index, i);
	map->oa = oa;
	map->mapped += (u64)i << item_lg2;
	return i;
}

/* What NS(map_step)() leaves to its caller: descend into the lower table */
enum { PT_MAP_DESCEND = 1, PT_MAP_DESCEND_IN_THE_WAY };

/*
 * The step of a map at the item under the cursor: a leaf of 2^@pgsize_lg2 when that is at least an
 * item of @level, else a lower table to continue in. Returns 0 with the
 * leaf installed; PT_MAP_DESCEND with a lower table at the cursor,
 * cleaned; PT_MAP_DESCEND_IN_THE_WAY when that table is in the way of the
 * leaf and the domain cannot flush it (the general walk maps inside it
 * with smaller leaves); or an errno, -EBUSY when tables are in the way of
 * a leaf from an empty item.
 */
static __always_inline int NS(map_step)(struct pt_state *pts,
					struct pt_iommu_map_args *map,
					unsigned int level,
					unsigned int pgsize_lg2)
{
	struct pt_state probe = { .range = pts->range, .level = level };
	int ret, descend = PT_MAP_DESCEND;

	pt_load_entry(pts);
	/* The probe: @level is a constant the compiler sees, pts->level not */
	if (pgsize_lg2 >= pt_table_item_lg2sz(&probe)) {
		ret = NS(map_leaf)(pts, map, pgsize_lg2);
		if (ret != -EBUSY || pts->type != PT_ENTRY_TABLE)
			return ret;
		descend = PT_MAP_DESCEND_IN_THE_WAY;
	}
	/* Checked by the caller: a granule always fits */
	if (!level || !pgsize_lg2)
		return -EINVAL;
	ret = NS(ensure_table)(pts, map);
	return ret ? ret : descend;
}

/* One level of a map: install leaves here or descend to a lower table */
static __always_inline int __map_range(struct pt_range *range, void *arg,
				       unsigned int level,
				       struct pt_table_p *table,
				       pt_level_fn_t descend_fn)
{
	struct pt_iommu_map_args *map = arg;
	unsigned int pgsize_lg2, item_lg2, n;
	pt_vaddr_t all_sizes, sizes;
	struct pt_state pts;
	int ret;

	pt_init(&pts, range, level, table);
	all_sizes = pt_sizes_at_or_below(&pts, map->pgsize_bitmap);
	sizes = all_sizes;
	item_lg2 = pt_table_item_lg2sz(&pts);
	do {
		pgsize_lg2 = pt_best_pgsize_lg2(sizes, range->va,
						range->last_va, map->oa);
		/*
		 * One item is the best size here: so it is for the items up
		 * to where a larger leaf (a contiguous run) could start, in
		 * one batch.
		 */
		if (pgsize_lg2 == item_lg2) {
			n = min(pt_iter_whole_items(&pts),
				pt_iter_items_before_larger(&pts, all_sizes,
							    map->oa));
			n = NS(map_items)(&pts, map, level, n);
			if (n) {
				pt_iter_skip(&pts, n);
				continue;
			}
		}
		ret = NS(map_step)(&pts, map, level, pgsize_lg2);
		if (!ret) {
			pt_iter_skip(&pts, 1U << (pgsize_lg2 - item_lg2));
			sizes = all_sizes;
			continue;
		}
		/* From an empty item, try the smaller sizes, fewer items */
		if (ret == -EBUSY) {
			sizes &= va_lg2max(pgsize_lg2);
			continue;
		}
		if (ret < 0)
			return ret;
		ret = descend_fn(range, arg, level - 1, pts.table_lower);
		if (ret)
			return ret;
		pt_iter_next(&pts);
		sizes = all_sizes;
	} while (pt_iter_more(&pts));
	return 0;
}

PT_MAKE_LEVELS(NS(map_range), __map_range);

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
 * The prot cache: the DMA API maps with IOMMU_READ and/or IOMMU_WRITE,
 * IOMMU_CACHE for a coherent device and IOMMU_PRIV for privileged
 * buffers, sixteen combinations the format converts once at init
 * (NS(prot_cache_init)()). A map with one of them copies the stored
 * attributes; any other prot is converted on the call.
 */
#define PT_PROT_CACHED (IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE | IOMMU_PRIV)
static_assert((IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE) == 7 &&
	      IOMMU_PRIV == 32);

/* The slot of a cached prot: READ, WRITE and CACHE as they are, PRIV as 8 */
static __always_inline unsigned int NS(prot_slot)(int prot)
{
	return (prot & 7) | ((prot & IOMMU_PRIV) >> 2);
}

/* Convert @prot into @attrs->descriptor_bits; on failure says why */
static noinline int NS(prot_convert)(struct pt_iommu *iommu_table, int prot,
				     struct pt_write_attrs *attrs, bool quiet)
{
	int ret;

	memset(attrs, 0, sizeof(*attrs));
	if (!(prot & (IOMMU_READ | IOMMU_WRITE))) {
		if (!quiet)
			pt_caller_err("prot %#x has neither IOMMU_READ nor IOMMU_WRITE\n",
				      prot);
		return -EINVAL;
	}
	ret = pt_iommu_set_prot(common_from_iommu(iommu_table), attrs, prot);
	if (ret && !quiet)
		pt_caller_err("prot %#x refused by the format\n", prot);
	return ret;
}

/* Fill the prot cache; init calls it once the format's fields are set */
static void NS(prot_cache_init)(struct pt_iommu *iommu_table)
{
	struct pt_write_attrs attrs;
	unsigned int slot;
	int prot;

	iommu_table->prot_valid = 0;
	for (slot = 0; slot != PT_IOMMU_PROT_SLOTS; slot++) {
		prot = (slot & 7) | (slot & 8 ? IOMMU_PRIV : 0);
		if (NS(prot_convert)(iommu_table, prot, &attrs, true))
			continue;
		iommu_table->prot_bits[slot] = attrs.descriptor_bits;
		iommu_table->prot_valid |= BIT(slot);
	}
}

/*
 * The attributes of @prot, from the prot cache when it holds them;
 * only @attrs->descriptor_bits is set. On failure says why in dmesg.
 */
static __always_inline int NS(prot_attrs)(struct pt_iommu *iommu_table,
					  int prot,
					  struct pt_write_attrs *attrs)
{
	unsigned int slot = NS(prot_slot)(prot);

	if (likely(!(prot & ~PT_PROT_CACHED) &&
		   (iommu_table->prot_valid & BIT(slot)))) {
		attrs->descriptor_bits = iommu_table->prot_bits[slot];
		return 0;
	}
	return NS(prot_convert)(iommu_table, prot, attrs, false);
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
	ret = NS(prot_attrs)(iommu_table, prot, &map.attrs);
	if (ret)
		return ret;
	map.attrs.gfp = gfp;

	ret = NS(map_make_range)(iommu_table, &range, iova, iova + (len - 1),
				 &map.attrs, reserve);
	if (ret) {
		if (ret == -ERANGE)
			pt_caller_err("iova %#llx+%#llx is beyond the %u-bit table\n",
				      iova, len, common->max_vasz_lg2);
		return ret;
	}

	ret = pt_walk_range(&range, NS(map_range), &map);
	if (ret == -EADDRINUSE)
		pt_caller_err("iova %#llx+%#llx overlaps an existing mapping\n",
			      iova, len);
	*mapped += map.mapped;
	return ret;
}

/* What the fast map installs, and how far it got */
struct pt_iommu_map_fast_args {
	/* attrs, oa and mapped, as NS(map_items)() uses them */
	struct pt_iommu_map_args map;
	unsigned int pgsize_lg2;
	unsigned int count;
};

/*
 * The fast map of one leaf of several items (a contiguous run) at the
 * cursor, of a size the level has (not, for one, a run filling a top
 * table): every item must be empty, as NS(map_leaf)() requires of a run.
 * The walk got here only while the leaf was smaller than an item of the
 * level above, so the aligned run lies inside this table.
 */
static noinline int NS(map_fast_contig)(struct pt_range *range,
					struct pt_iommu_map_fast_args *fast,
					unsigned int level,
					struct pt_table_p *table)
{
	struct pt_state pts = pt_cursor_at(range, level, table);
	unsigned int num_items;

	num_items = 1U << (fast->pgsize_lg2 - pt_table_item_lg2sz(&pts));
	if (fast->count != 1 ||
	    fast->pgsize_lg2 >= pt_table_oa_lg2sz(&pts) ||
	    !(pt_possible_sizes(&pts) & va_lg2int(fast->pgsize_lg2)))
		return 1;
	if (!NS(items_empty)(&pts, num_items))
		return 1;
	pt_install_leaf_entry(&pts, fast->map.oa, fast->pgsize_lg2,
			      &fast->map.attrs);
	NS(flush_items)(&pts, pts.index, num_items);
	fast->map.mapped = va_lg2int(fast->pgsize_lg2);
	return 0;
}

/*
 * One level of the fast map: down through existing tables, each level a
 * constant, to the level of the leaves, and there into empty items up to
 * the end of that table, with the general walk's NS(map_items)(). Returns
 * 0 when every leaf is installed, else 1 with fast->map.mapped installed: the checks and
 * walk of NS(map)() take over from there (a table to allocate, an item in
 * use, the next table).
 */
static __always_inline int __map_fast(struct pt_range *range, void *arg,
				      unsigned int level,
				      struct pt_table_p *table,
				      pt_level_fn_t descend_fn)
{
	struct pt_iommu_map_fast_args *fast = arg;
	struct pt_state pts = pt_cursor_at(range, level, table);
	unsigned int item_lg2 = pt_table_item_lg2sz(&pts);
	unsigned int n;

	if (fast->pgsize_lg2 > item_lg2)
		return NS(map_fast_contig)(range, fast, level, table);
	if (fast->pgsize_lg2 == item_lg2) {
		if (!(pt_possible_sizes(&pts) & va_lg2int(item_lg2)))
			return 1;
		/* One page, the common case, always fits at the cursor */
		n = fast->count == 1 ? 1 :
			min(fast->count,
			    (1U << pt_num_items_lg2(&pts)) - pts.index);
		return NS(map_items)(&pts, &fast->map, level, n) != fast->count;
	}
	pt_load_entry(&pts);
	if (pts.type != PT_ENTRY_TABLE || !descend_fn)
		return 1;
	NS(clean_table_entry)(&pts);
	return descend_fn(range, arg, level - 1, pts.table_lower);
}

PT_MAKE_LEVELS(NS(map_fast_range), __map_fast);

/* Most pages the fast map takes in one call: a table's worth */
#define PT_MAP_FAST_MAX_PAGES SZ_64K

/*
 * The DMA API's map: pages of a size the table has, aligned, inside the
 * output and the current top, all of that size (no larger leaf fits in
 * the length), with a cached prot, into tables that exist. Returns 0 with
 * every page mapped, or 1 with the first @done bytes mapped: the checks
 * and walk of NS(map)() take over for the rest.
 */
static __always_inline int NS(map_fast)(struct pt_iommu *iommu_table,
					unsigned long iova, phys_addr_t paddr,
					size_t pgsize, size_t pgcount,
					int prot, u64 *done)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	u64 bitmap = iommu_table->domain.pgsize_bitmap;
	unsigned int slot = NS(prot_slot)(prot);
	struct pt_iommu_map_fast_args fast;
	u64 len = (u64)pgsize * pgcount;
	struct pt_range range;
	u64 last_va, last_oa;
	int ret;

	*done = 0;
	if ((pgsize & (pgsize - 1)) || !(pgsize & bitmap) ||
	    ((iova | paddr) & (pgsize - 1)) || (prot & ~PT_PROT_CACHED) ||
	    !(iommu_table->prot_valid & BIT(slot)) || !pgcount ||
	    pgcount > PT_MAP_FAST_MAX_PAGES)
		return 1;
	/*
	 * A larger leaf the general walk would choose may fit: the length
	 * holds the next larger size, and the IOVA and the output address
	 * can both be aligned to it (none of the larger sizes fits if they
	 * cannot).
	 */
	bitmap &= ~(((u64)pgsize << 1) - 1);
	bitmap &= -bitmap;
	if (bitmap && len >= bitmap && !(((u64)iova ^ paddr) & (bitmap - 1)))
		return 1;
	if (check_add_overflow((u64)iova, len - 1, &last_va) ||
	    pt_beyond_api_iova(last_va) ||
	    check_add_overflow((u64)paddr, len - 1, &last_oa) ||
	    pt_beyond_phys_addr(last_oa) ||
	    (common->max_oasz_lg2 < 64 && (last_oa >> common->max_oasz_lg2)))
		return 1;
	if (pt_make_range(common, &range, iova, last_va) ||
	    pt_range_needs_growth(&range))
		return 1;
	fast.map.attrs.descriptor_bits = iommu_table->prot_bits[slot];
	fast.map.attrs.gfp = 0;
	fast.map.oa = paddr;
	fast.map.mapped = 0;
	fast.pgsize_lg2 = __ffs(pgsize);
	fast.count = pgcount;
	ret = pt_walk_range(&range, NS(map_fast_range), &fast);
	*done = fast.map.mapped;
	return ret;
}

/* Documented as pt_iommu_map_pages_t in linux/generic_pt/iommu.h */
int PT_API(map_pages)(struct iommu_domain *domain, unsigned long iova,
		      phys_addr_t paddr, size_t pgsize, size_t pgcount,
		      int prot, gfp_t gfp, size_t *mapped)
{
	struct pt_iommu *iommu_table =
		container_of(domain, struct pt_iommu, domain);
	u64 len, done;
	int ret;

	if (!NS(map_fast)(iommu_table, iova, paddr, pgsize, pgcount, prot,
			  &done)) {
		*mapped += done;
		return 0;
	}
	if (done) {
		/* The rest, from the first page the fast map left */
		*mapped += done;
		iova += done;
		paddr += done;
		pgcount -= done >> __ffs(pgsize);
	}
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
	 * Set by a level before it walks a lower table: whether that table
	 * goes once emptied. False for the top, which always stays.
	 */
	bool lower_removed;
};

/* The initialiser of @name, the arguments of an unmap of @common's table */
#define PT_UNMAP_ARGS_INIT(name, common)				\
	{								\
		.iommu_table = iommu_from_common(common),		\
		.free_list = LIST_HEAD_INIT((name).free_list),		\
	}

/* Remove the leaf at the cursor, all of its contiguous run */
static __always_inline void NS(unmap_leaf)(struct pt_state *pts,
					   struct pt_iommu_unmap_args *unmap)
{
	unsigned int contig_lg2 = pt_entry_num_contig_lg2(pts);

	pt_iter_leaf_start(pts);
	unmap->unmapped += va_lg2int(pt_entry_oa_lg2sz(pts));
	pt_clear_entries(pts, contig_lg2);
	NS(flush_items)(pts, pts->index, 1U << contig_lg2);
}

/*
 * A run of single-item leaves from the cursor, removed and flushed at
 * once, with a private cursor as in map_items(). Returns their number; the
 * caller moves the cursor on.
 */
static __always_inline unsigned int NS(unmap_items)(struct pt_state *pts,
						    struct pt_iommu_unmap_args *unmap)
{
	struct pt_state cur = *pts;
	unsigned int n;

	do {
		pt_clear_entries(&cur, 0);
		cur.index++;
	} while (cur.index < cur.end_index &&
		 pt_load_entry_raw(&cur) == PT_ENTRY_OA &&
		 !pt_entry_num_contig_lg2(&cur));
	n = cur.index - pts->index;
	NS(flush_items)(pts, pts->index, n);
	unmap->unmapped += (u64)n << pt_table_item_lg2sz(pts);
	return n;
}

/*
 * The walk of a lower table that the range covers whole (the caller's
 * pt_iter_covers_table()) and that its parent removes once emptied
 * (unmap->lower_removed), when every item is a leaf, or with @holes also
 * empty: the leaves are counted as unmapped
 * and left in place, as io-pgtable leaves those of a table it frees whole.
 * No walker reaches them once the parent's item is cleared and the IOTLB
 * is flushed, and the table is freed only after that flush. Returns false,
 * having changed nothing, when the table holds anything else.
 */
static __always_inline bool NS(unmap_whole_table)(const struct pt_state *pts,
						  struct pt_iommu_unmap_args *unmap,
						  bool holes)
{
	/* All the items, a constant count where the level is one */
	unsigned int n = 1U << pt_num_items_lg2(pts), leaves = 0;
	struct pt_state cur = *pts;
	enum pt_entry_type type;

	if (!unmap->lower_removed)
		return false;
	for (cur.index = 0; cur.index != n; cur.index++) {
		type = pt_load_entry_raw(&cur);
		if (type == PT_ENTRY_OA)
			leaves++;
		else if (type != PT_ENTRY_EMPTY || !holes)
			return false;
	}
	unmap->unmapped += (u64)leaves << pt_table_item_lg2sz(pts);
	unmap->table_emptied = true;
	return true;
}

/*
 * After the walk of the lower table at the cursor: remove the table when
 * that walk emptied it. The items of a table of fixed items, the format's
 * hook pt_fixed_items(), keep their tables, so it never empties. Returns
 * true when the lower table stays.
 */
static __always_inline bool NS(unmap_lower_done)(struct pt_state *pts,
						 struct pt_iommu_unmap_args *unmap)
{
	if (!unmap->table_emptied || pt_fixed_items(pts))
		return true;
	pt_clear_entries(pts, 0);
	NS(flush_items)(pts, pts->index, 1);
	NS(table_to_list)(unmap->iommu_table, pts->table_lower, pts->level - 1,
			  &unmap->free_list);
	return false;
}

/*
 * Hand an unmap's result to @gather: [iova, iova + len) to invalidate, and
 * the tables to free after that.
 */
static __always_inline void
NS(unmap_gather)(struct iommu_domain *domain, struct iommu_iotlb_gather *gather,
		 struct pt_iommu_unmap_args *unmap, u64 iova, u64 len)
{
	if (pt_feature(common_from_domain(domain),
		       PT_FEAT_FLUSH_RANGE_NO_GAPS) &&
	    iommu_iotlb_gather_is_disjoint(gather, iova, len))
		iommu_iotlb_sync(domain, gather);
	iommu_iotlb_gather_add_range(gather, iova, len);
	list_splice_tail(&unmap->free_list, &gather->freelist);
}

/*
 * One level of unmap_pages. Leaves are removed whole; a hole, or a leaf
 * that starts before range->va, ends the walk with -ENOENT. A lower table
 * whose every item was removed is itself removed and queued for freeing;
 * one that keeps anything keeps its parent too. Only a table the request
 * covers from its first VA to its last may be freed: a leaf removed whole
 * past the request's end does not make the rest of the table the caller's.
 * Such a table of leaves only goes without a write to its items.
 */
static __always_inline int __unmap_range(struct pt_range *range, void *arg,
					 unsigned int level,
					 struct pt_table_p *table,
					 pt_level_fn_t descend_fn)
{
	struct pt_iommu_unmap_args *unmap = arg;
	struct pt_state pts;
	bool kept = false, whole;
	int ret;

	pt_init(&pts, range, level, table);
	whole = pt_iter_covers_table(&pts);
	if (whole && NS(unmap_whole_table)(&pts, unmap, false))
		return 0;
	do {
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_TABLE && descend_fn) {
			unmap->lower_removed = !pt_fixed_items(&pts);
			ret = descend_fn(range, arg, level - 1, pts.table_lower);
			if (ret)
				return ret;
			kept |= NS(unmap_lower_done)(&pts, unmap);
			pt_iter_next(&pts);
			continue;
		}
		if (pts.type != PT_ENTRY_OA || !pt_iter_leaf_starts_here(&pts))
			return -ENOENT;
		if (pt_entry_num_contig_lg2(&pts)) {
			NS(unmap_leaf)(&pts, unmap);
			pt_iter_next(&pts);
		} else {
			pt_iter_skip(&pts, NS(unmap_items)(&pts, unmap));
		}
	} while (pt_iter_more(&pts));
	unmap->table_emptied = whole && !kept;
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
 * One level of the fast unmap, the DMA API's case: straight down, each
 * level a constant, to the leaf at range->va. One leaf covering the range
 * is removed with the general walk's NS(unmap_leaf)(); a run of
 * single-item leaves in one table that the range does not cover whole
 * (so no table is emptied) with its NS(unmap_items)(). A hole, or a leaf
 * starting before range->va, removes nothing, as in the general walk.
 * Returns 1 when the general walk must take over from
 * range->va + unmap->unmapped: a table of one item, a table to empty, or
 * a range reaching past this table or past what the run removed.
 */
static __always_inline int __unmap_fast(struct pt_range *range, void *arg,
					unsigned int level,
					struct pt_table_p *table,
					pt_level_fn_t descend_fn)
{
	struct pt_state pts = pt_cursor_at(range, level, table);
	pt_vaddr_t left = range->last_va - range->va;

	pt_load_entry(&pts);
	if (pts.type == PT_ENTRY_TABLE && descend_fn)
		return descend_fn(range, arg, level - 1, pts.table_lower);
	if (pts.type != PT_ENTRY_OA || !pt_iter_leaf_starts_here(&pts))
		return 0;
	if (!pt_num_items_lg2(&pts))
		return 1;
	if (left <= va_lg2max(pt_entry_oa_lg2sz(&pts))) {
		NS(unmap_leaf)(&pts, arg);
		return 0;
	}
	if (pt_entry_num_contig_lg2(&pts) || pt_iter_covers_table(&pts))
		return 1;
	if (pt_same_table(&pts, range->va, range->last_va))
		pts.end_index = pt_va_to_index(&pts, range->last_va) + 1;
	else
		pts.end_index = 1U << pt_num_items_lg2(&pts);
	return pts.index + NS(unmap_items)(&pts, arg) != pts.end_index ||
	       !pt_same_table(&pts, range->va, range->last_va);
}

PT_MAKE_INLINE_LEVELS(NS(unmap_fast), __unmap_fast);

/* Documented as pt_iommu_unmap_pages_t in linux/generic_pt/iommu.h */
size_t PT_API(unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			   size_t pgsize, size_t pgcount,
			   struct iommu_iotlb_gather *iotlb_gather)
{
	struct pt_common *common = common_from_domain(domain);
	struct pt_iommu_unmap_args unmap = PT_UNMAP_ARGS_INIT(unmap, common);
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

	if (pt_walk_range(&range, NS(unmap_fast), &unmap) &&
	    (!unmap.unmapped ||
	     !NS(make_existing_range)(common, &range, iova + unmap.unmapped,
				      len - unmap.unmapped)))
		pt_walk_range(&range, NS(unmap_range), &unmap);
	if (unmap.unmapped)
		NS(unmap_gather)(domain, iotlb_gather, &unmap, iova,
				 unmap.unmapped);
	return unmap.unmapped;
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(unmap_pages));

/* --- lookups --- */

/* What a lookup finds: the output address of the IOVA and its leaf */
struct pt_iommu_lookup_args {
	pt_oaddr_t pa;
	unsigned int oa_lg2sz;
	unsigned int item_lg2sz;
};

/* One level of a lookup: straight down, each level a constant */
static __always_inline int __lookup(struct pt_range *range, void *arg,
				    unsigned int level,
				    struct pt_table_p *table,
				    pt_level_fn_t descend_fn)
{
	struct pt_iommu_lookup_args *found = arg;
	struct pt_state pts = pt_cursor_at(range, level, table);

	pt_load_entry(&pts);
	if (pts.type == PT_ENTRY_TABLE && descend_fn)
		return descend_fn(range, arg, level - 1, pts.table_lower);
	if (pts.type != PT_ENTRY_OA)
		return -ENOENT;
	found->oa_lg2sz = pt_entry_oa_lg2sz(&pts);
	found->item_lg2sz = pt_table_item_lg2sz(&pts);
	found->pa = pt_entry_oa(&pts) + va_lg2mod(range->va, found->oa_lg2sz);
	return 0;
}

PT_MAKE_LEVELS(NS(lookup), __lookup);

/* Find the leaf holding @iova; -ENOENT when it is not mapped */
static __always_inline int NS(find_leaf)(struct pt_common *common, u64 iova,
					 struct pt_iommu_lookup_args *found)
{
	struct pt_range range;

	if (NS(make_existing_range)(common, &range, iova, 1))
		return -ENOENT;
	return pt_walk_range(&range, NS(lookup), found);
}

/* Documented as pt_iommu_iova_to_phys_t in linux/generic_pt/iommu.h */
phys_addr_t PT_API(iova_to_phys)(struct iommu_domain *domain, dma_addr_t iova)
{
	struct pt_iommu_lookup_args found;

	if (NS(find_leaf)(common_from_domain(domain), iova, &found))
		return 0;
	return found.pa;
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(iova_to_phys));

/* Documented as pt_iommu_leaf_lg2sz_t in linux/generic_pt/iommu.h */
unsigned int PT_API(leaf_lg2sz)(struct iommu_domain *domain, dma_addr_t iova,
				unsigned int *item_lg2sz)
{
	struct pt_iommu_lookup_args found;

	if (NS(find_leaf)(common_from_domain(domain), iova, &found))
		return 0;
	*item_lg2sz = found.item_lg2sz;
	return found.oa_lg2sz;
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(leaf_lg2sz));

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
	struct pt_write_attrs attrs = { .gfp = gfp };
	struct pt_table_p *lower;
	struct pt_state pts;
	int ret;

	pt_init(&pts, range, level, table);
	if (!pt_fixed_items(&pts))
		return 0;
	/* A format bug, not a caller's: fixed items are never leaves */
	if (!level || pt_can_have_leaf(&pts))
		return -EINVAL;
	for (; pt_iter_more(&pts); pt_iter_next(&pts)) {
		lower = NS(table_alloc)(iommu_table, level - 1, gfp, NULL);
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
	pt_iommu_frags_release(&iommu_table->frags, &pages);
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

/* Documented as pt_iommu_<fmt>_init_t in linux/generic_pt/iommu.h */
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

	top = NS(table_alloc)(iommu_table, top_level, gfp, NULL);
	if (!top) {
		ret = -ENOMEM;
		goto err_clear;
	}
	if (virt_to_phys(top) & ~(phys_addr_t)PT_TOP_PHYS_MASK) {
		pt_caller_err("top table is not addressable by the hardware\n");
		NS(table_free)(iommu_table, top, top_level, NULL);
		ret = -ENOMEM;
		goto err_clear;
	}
	common->top_of_table = (uintptr_t)top | top_level;
	NS(prot_cache_init)(iommu_table);

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

/* Documented as pt_iommu_<fmt>_hw_info_t in linux/generic_pt/iommu.h */
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
