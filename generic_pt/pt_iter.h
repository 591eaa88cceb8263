/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Walking a table: building and checking a range, the per-level cursor,
 * choosing the best page size, and PT_MAKE_LEVELS() which turns one
 * always-inlined level body into one function per level so that the
 * format accessors see a constant level on the hot paths.
 */
#ifndef __GENERIC_PT_PT_ITER_H
#define __GENERIC_PT_PT_ITER_H

#include <linux/errno.h>

#define PT_VADDR_BITS (sizeof(pt_vaddr_t) * 8)

/* Top table and level, read together from the one word that holds both */
static inline void pt_top_unpack(uintptr_t top_of_table,
				 struct pt_table_p **table, unsigned int *level)
{
	*table = (struct pt_table_p *)(top_of_table & ~PT_TOP_LEVEL_MASK);
	*level = top_of_table & PT_TOP_LEVEL_MASK;
}

/*
 * A cursor that only asks the format about the geometry of @level of the
 * table @common: it has no table. The per-level functions may depend on
 * the table's configuration (e.g. a top table of another size), so even
 * such a cursor carries a range pointing at @common.
 */
#define PT_LEVEL_PROBE(name, common_p, lvl)                         \
	struct pt_range name##_range = { .common = (common_p) };    \
	struct pt_state name = { .range = &name##_range, .level = (lvl) }

/* VA bits a table at @level decodes, capped to the VA type */
static __always_inline unsigned int pt_level_va_lg2(struct pt_common *common,
						    unsigned int level)
{
	PT_LEVEL_PROBE(pts, common, level);

	return min_t(unsigned int, pt_table_oa_lg2sz(&pts), PT_VADDR_BITS);
}

/*
 * The range of the whole current top, decoding @max_vasz_lg2 bits; filled
 * in place for the reason pt_init() gives.
 */
static inline void pt_top_range(struct pt_range *range,
				struct pt_common *common)
{
	unsigned int level;

	range->common = common;
	/*
	 * No acquire needed: every later read of the tables goes through the
	 * pointer loaded here, an address dependency that READ_ONCE() keeps
	 * ordered after the smp_store_release() in increase_top().
	 */
	pt_top_unpack(READ_ONCE(common->top_of_table), &range->top_table,
		      &level);
	range->top_level = level;
	/*
	 * Init already capped max_vasz_lg2 to what the top decodes; only a
	 * top that grows may decode less for now.
	 */
	if (pt_feature(common, PT_FEAT_DYNAMIC_TOP))
		range->max_vasz_lg2 =
			min_t(unsigned int, pt_level_va_lg2(common, level),
			      common->max_vasz_lg2);
	else
		range->max_vasz_lg2 = common->max_vasz_lg2;
	range->va = 0;
	range->last_va = va_lg2max(range->max_vasz_lg2);
}

/*
 * Check that [va, last_va] lies inside what the table can ever decode.
 * Returns -ERANGE outside it, also beyond the width of pt_vaddr_t. A
 * sign-extended table decodes a lower half
 * [0, 2^(n-1)) and an upper half [-2^(n-1), 0); a range must lie in one
 * half, the hole between them is never valid. A table whose
 * pt_full_va_prefix() is not 0 (an upper-half only table) decodes
 * [prefix, prefix + 2^max_vasz_lg2). The range may still be
 * beyond the current top of a PT_FEAT_DYNAMIC_TOP table;
 * pt_range_needs_growth() tells.
 */
static inline int pt_make_range(struct pt_common *common,
				struct pt_range *range, u64 va, u64 last_va)
{
	unsigned int vasz_lg2 = common->max_vasz_lg2;

	pt_top_range(range, common);
	if (last_va < va)
		return -EOVERFLOW;
	/* A format with a narrower VA type than the IOMMU API's */
	if ((pt_vaddr_t)last_va != last_va)
		return -ERANGE;
	if (pt_feature(common, PT_FEAT_SIGN_EXTEND)) {
		if (last_va > va_lg2max(vasz_lg2 - 1) &&
		    va < ~va_lg2max(vasz_lg2 - 1))
			return -ERANGE;
	} else if (vasz_lg2 < PT_VADDR_BITS) {
		/* Above the decoded bits every VA carries the table's prefix */
		pt_vaddr_t high = ~va_lg2max(vasz_lg2);
		pt_vaddr_t prefix = pt_full_va_prefix(common);

		if ((va & high) != prefix || (last_va & high) != prefix)
			return -ERANGE;
	}
	range->va = va;
	range->last_va = last_va;
	return 0;
}

static inline bool pt_range_needs_growth(const struct pt_range *range)
{
	return pt_feature(range->common, PT_FEAT_DYNAMIC_TOP) &&
	       range->max_vasz_lg2 < PT_VADDR_BITS &&
	       range->last_va > va_lg2max(range->max_vasz_lg2);
}

/* Last VA of the lower half, the part the DMA API may use */
static inline pt_vaddr_t pt_lower_half_last_va(const struct pt_common *common)
{
	if (pt_feature(common, PT_FEAT_SIGN_EXTEND))
		return va_lg2max(common->max_vasz_lg2 - 1);
	return va_lg2max(common->max_vasz_lg2);
}

/**
 * pt_api_geometry() - what the IOMMU API's types can use of a table
 * @common: the table, its format fields initialised
 * @api_max: the largest IOVA the API's types hold: ULONG_MAX and the
 *   largest dma_addr_t, whichever is smaller (a parameter so that the
 *   32-bit case can be tested on any kernel)
 * @start: receives the first IOVA of the aperture
 * @end: receives the last IOVA of the aperture
 * @pgsize_bitmap: the table's page sizes; those longer than @api_max are
 *   removed, as no length of the API could hold them
 *
 * A table decoding more VA than @api_max (48 bits on a 32-bit kernel) is
 * usable only up to @api_max: the aperture is clamped there. A table whose
 * IOVAs all lie above @api_max (an upper-half only table) is unusable.
 *
 * Return: 0, or -EOVERFLOW when the table's first IOVA is beyond @api_max.
 */
static inline int pt_api_geometry(const struct pt_common *common, u64 api_max,
				  u64 *start, u64 *end, u64 *pgsize_bitmap)
{
	u64 first = pt_full_va_prefix(common);

	if (first > api_max)
		return -EOVERFLOW;
	*start = first;
	*end = min_t(u64, first | pt_lower_half_last_va(common), api_max);
	*pgsize_bitmap &= api_max;
	return 0;
}

/*
 * Does a range ending at @last leave the IOMMU API's unsigned long IOVA
 * (only possible on a 32-bit kernel)? Its end would wrap in the caller's
 * type, so the operation is refused as a wrapping length is.
 */
static inline bool pt_beyond_api_iova(u64 last)
{
	return (unsigned long)last != last;
}

/* Does an output range ending at @last leave phys_addr_t? Likewise */
static inline bool pt_beyond_phys_addr(u64 last)
{
	return (phys_addr_t)last != last;
}

/* Index of @va in a table of this level */
static inline unsigned int pt_va_to_index(const struct pt_state *pts,
					  pt_vaddr_t va)
{
	return va_lg2mod(va_lg2div(va, pt_table_item_lg2sz(pts)),
			 pt_num_items_lg2(pts));
}

/* Does @a share the table of this level with @b? */
static inline bool pt_same_table(const struct pt_state *pts, pt_vaddr_t a,
				 pt_vaddr_t b)
{
	unsigned int lg2 = pt_table_oa_lg2sz(pts);

	return lg2 >= PT_VADDR_BITS || !va_lg2div(a ^ b, lg2);
}

/*
 * Point a cursor at the item for range->va in @table, in place, field by
 * field: building it aside and copying it makes the compiler load the
 * fields it just stored as one wide value, which stalls on every walk.
 */
static __always_inline void pt_init_at(struct pt_state *pts,
				       struct pt_range *range,
				       unsigned int level,
				       struct pt_table_p *table)
{
	pts->range = range;
	pts->table = table;
	pts->table_lower = NULL;
	pts->entry = 0;
	pts->type = PT_ENTRY_EMPTY;
	pts->level = level;
	pts->index = pt_va_to_index(pts, range->va);
}

/*
 * A cursor at the item for range->va in @table, for a walk of one
 * address, to initialise a declaration with: a compiler that fills stack
 * variables (INIT_STACK_ALL_ZERO, as distributions build) then keeps it
 * in registers instead of clearing it in memory on every level.
 */
static __always_inline struct pt_state pt_cursor_at(struct pt_range *range,
						    unsigned int level,
						    struct pt_table_p *table)
{
	struct pt_state pts = { .range = range, .table = table, .level = level };

	pts.index = pt_va_to_index(&pts, range->va);
	return pts;
}

/**
 * pt_init() - point a cursor at the part of @table that the range covers
 * @pts: the cursor to fill
 * @range: the walk; range->va must lie inside @table
 * @level: level of @table
 * @table: the table
 *
 * The start of a walker's loop over one table, see the level iterator
 * below.
 */
static __always_inline void pt_init(struct pt_state *pts,
				    struct pt_range *range, unsigned int level,
				    struct pt_table_p *table)
{
	unsigned int table_lg2;

	pt_init_at(pts, range, level, table);
	table_lg2 = pt_table_oa_lg2sz(pts);
	pts->table_va = table_lg2 >= PT_VADDR_BITS ?
				0 : range->va & ~va_lg2max(table_lg2);
	if (pt_same_table(pts, range->va, range->last_va))
		pts->end_index = pt_va_to_index(pts, range->last_va) + 1;
	else
		pts->end_index = 1U << pt_num_items_lg2(pts);
}

/*
 * A cursor at the top for a walk of the single address range->va, straight
 * down with pt_step_down(): no end of the walk to work out.
 */
static __always_inline void pt_init_top(struct pt_state *pts,
					struct pt_range *range)
{
	pt_init_at(pts, range, range->top_level, range->top_table);
	pts->end_index = pts->index + 1;
}

/*
 * Move a cursor from a TABLE entry to the entry for range->va in its lower
 * table, in place. For walks of a single address: end_index is not kept.
 */
static __always_inline void pt_step_down(struct pt_state *pts)
{
	pts->table = pts->table_lower;
	pts->level--;
	pts->index = pt_va_to_index(pts, pts->range->va);
}

/*
 * Walk straight down to the leaf holding range->va, leaving @pts on it;
 * false at a hole. The walk of lookups and of one-leaf unmaps.
 */
static __always_inline bool pt_walk_to_leaf(struct pt_range *range,
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

/* First VA of the item at pts->index, for a cursor set by pt_init() */
static inline pt_vaddr_t pt_index_to_va(const struct pt_state *pts)
{
	return pts->table_va |
	       ((pt_vaddr_t)pts->index << pt_table_item_lg2sz(pts));
}

/*
 * The level iterator: every walker handles one table per call with it.
 * pt_init() points the cursor at the item holding range->va, with
 * end_index one past the last item the range reaches in this table; the
 * walker looks at each item while pt_iter_more() and moves on with
 * pt_iter_next() or pt_iter_skip(). They keep range->va at the first VA
 * of the current item (of the walk's first item it may lie further in,
 * where the walk starts), whatever a lower walk did to it, so that a
 * lower walk starts at its first item and a leaf's VA is known without
 * going back from the index. Only the functions here do index and VA
 * arithmetic for a walk.
 */

/* Is an item of this table left in the range? */
static __always_inline bool pt_iter_more(const struct pt_state *pts)
{
	return pts->index < pts->end_index;
}

/* Move on by @n items: leaves of one item just installed, or a batch */
static __always_inline void pt_iter_skip(struct pt_state *pts, unsigned int n)
{
	pts->index += n;
	pts->range->va = pts->table_va +
			 ((pt_vaddr_t)pts->index << pt_table_item_lg2sz(pts));
}

/*
 * Move on past the item loaded at the cursor: past all of its contiguous
 * run when it is a leaf, else past the one item (a hole, or a table whose
 * lower walk may have moved range->va anywhere in it).
 */
static __always_inline void pt_iter_next(struct pt_state *pts)
{
	unsigned int contig_lg2;

	if (pts->type != PT_ENTRY_OA) {
		pt_iter_skip(pts, 1);
		return;
	}
	contig_lg2 = pt_entry_num_contig_lg2(pts);
	pts->index = pt_contig_start(pts, contig_lg2);
	pt_iter_skip(pts, 1U << contig_lg2);
}

/*
 * Put the cursor on the first item of the leaf's contiguous run, where
 * the format's leaf functions expect it. range->va stays inside the leaf.
 */
static __always_inline void pt_iter_leaf_start(struct pt_state *pts)
{
	pts->index = pt_contig_start(pts, pt_entry_num_contig_lg2(pts));
}

/* First VA of the leaf at the cursor, of its whole contiguous run */
static __always_inline pt_vaddr_t pt_iter_leaf_va(const struct pt_state *pts)
{
	return pts->range->va & ~va_lg2max(pt_entry_oa_lg2sz(pts));
}

/* Does the leaf at the cursor start at range->va, not before it? */
static __always_inline bool pt_iter_leaf_starts_here(const struct pt_state *pts)
{
	return !va_lg2mod(pts->range->va, pt_entry_oa_lg2sz(pts));
}

/* Does the leaf at the cursor lie entirely inside what is left of the range? */
static __always_inline bool pt_iter_leaf_inside(const struct pt_state *pts)
{
	const struct pt_range *range = pts->range;

	return pt_iter_leaf_starts_here(pts) &&
	       range->last_va - range->va >= va_lg2max(pt_entry_oa_lg2sz(pts));
}

/*
 * Whole items from the cursor that the range and the table hold, with
 * range->va at the start of the cursor's item.
 */
static __always_inline unsigned int pt_iter_whole_items(const struct pt_state *pts)
{
	unsigned int item_lg2 = pt_table_item_lg2sz(pts);
	pt_vaddr_t left = pts->range->last_va - pts->range->va;

	left = (left >> item_lg2) + (va_lg2mod(left + 1, item_lg2) == 0);
	return min_t(pt_vaddr_t, left, pts->end_index - pts->index);
}

/*
 * Items from the cursor that take the item's size as their best leaf size
 * among @sizes (a map's sizes at this level) when the output address is
 * @oa at the cursor: up to the next VA aligned to the smallest size above
 * the item's, where a larger leaf could start; all of them when there is
 * no larger size or when the VA and @oa never share its alignment. The
 * caller still bounds the count by pt_iter_whole_items().
 */
static __always_inline unsigned int
pt_iter_items_before_larger(const struct pt_state *pts, pt_vaddr_t sizes,
			    pt_oaddr_t oa)
{
	unsigned int item_lg2 = pt_table_item_lg2sz(pts);
	pt_vaddr_t va = pts->range->va;
	pt_vaddr_t larger = sizes & ~va_lg2max(item_lg2 + 1);
	unsigned int next_lg2;

	if (!larger)
		return UINT_MAX;
	next_lg2 = pt_ffs64(larger);
	if (va_lg2mod(va ^ (pt_vaddr_t)oa, next_lg2))
		return UINT_MAX;
	return (va_lg2int(next_lg2) - va_lg2mod(va, next_lg2)) >> item_lg2;
}

/*
 * Does the range cover the cursor's whole table, its first VA to its last?
 * Asked right after pt_init().
 */
static __always_inline bool pt_iter_covers_table(const struct pt_state *pts)
{
	unsigned int lg2 = pt_table_oa_lg2sz(pts);
	const struct pt_range *range = pts->range;

	if (lg2 >= PT_VADDR_BITS)
		return !range->va && range->last_va == (pt_vaddr_t)-1;
	return !va_lg2mod(range->va, lg2) &&
	       range->last_va - range->va >= va_lg2max(lg2);
}

/* Tables of @level that [va, last_va] reaches, were every one there */
static inline u64 pt_tables_spanned(struct pt_common *common,
				    unsigned int level, pt_vaddr_t va,
				    pt_vaddr_t last_va)
{
	unsigned int lg2 = pt_level_va_lg2(common, level);

	if (lg2 >= PT_VADDR_BITS)
		return 1;
	return (u64)(va_lg2div(last_va, lg2) - va_lg2div(va, lg2)) + 1;
}

/*
 * Page sizes installed at this level or below: everything smaller than one
 * item of the level above.
 */
static inline pt_vaddr_t pt_sizes_at_or_below(const struct pt_state *pts,
					      pt_vaddr_t pgsize_bitmap)
{
	unsigned int lg2 = pt_table_oa_lg2sz(pts);

	if (lg2 >= PT_VADDR_BITS)
		return pgsize_bitmap;
	return pgsize_bitmap & va_lg2max(lg2);
}

/**
 * pt_best_pgsize_lg2() - largest page for the next step of a map
 * @pgsize_bitmap: candidate sizes
 * @va: next VA
 * @last_va: last VA of the map, inclusive
 * @oa: next output address
 *
 * Return: the log2 of the largest size in @pgsize_bitmap that @va and @oa
 * are both aligned to and that fits in [va, last_va], or 0 when there is
 * none.
 */
static inline unsigned int pt_best_pgsize_lg2(pt_vaddr_t pgsize_bitmap,
					      pt_vaddr_t va, pt_vaddr_t last_va,
					      pt_oaddr_t oa)
{
	unsigned int align_lg2 = min(pt_ffs64(va), pt_ffs64(oa));
	pt_vaddr_t len_m1 = last_va - va;

	/* Sizes up to the alignment */
	if (align_lg2 + 1 < PT_VADDR_BITS)
		pgsize_bitmap &= va_lg2max(align_lg2 + 1);
	/* Sizes up to the length */
	if (len_m1 != (pt_vaddr_t)-1)
		pgsize_bitmap &= va_lg2max(pt_fls64(len_m1 + 1));
	if (!pgsize_bitmap)
		return 0;
	return pt_fls64(pgsize_bitmap) - 1;
}

/* A function handling one level of a walk */
typedef int (*pt_level_fn_t)(struct pt_range *range, void *arg,
			     unsigned int level, struct pt_table_p *table);

#define __PT_LEVEL_FN(fn, body, lvl, lower, decl)                            \
	decl int CONCATENATE(fn, _l##lvl)(struct pt_range *range,            \
					  void *arg, unsigned int level,     \
					  struct pt_table_p *table)          \
	{                                                                    \
		return body(range, arg, lvl, table, lower);                  \
	}

/* @decl: how the level functions are declared, "static" and attributes */
#define __PT_MAKE_LEVELS(fn, body, decl)                                     \
	__PT_LEVEL_FN(fn, body, 0, NULL, decl)                               \
	__PT_LEVEL_FN(fn, body, 1, CONCATENATE(fn, _l0), decl)               \
	__PT_LEVEL_FN(fn, body, 2, CONCATENATE(fn, _l1), decl)               \
	__PT_LEVEL_FN(fn, body, 3, CONCATENATE(fn, _l2), decl)               \
	__PT_LEVEL_FN(fn, body, 4, CONCATENATE(fn, _l3), decl)               \
	__PT_LEVEL_FN(fn, body, 5, CONCATENATE(fn, _l4), decl)               \
	static int fn(struct pt_range *range, void *arg, unsigned int level, \
		      struct pt_table_p *table)                              \
	{                                                                    \
		/* Constant conditions: the levels a format lacks fold away */ \
		if (PT_MAX_TOP_LEVEL >= 5 && level >= 5)                     \
			return CONCATENATE(fn, _l5)(range, arg, 5, table);   \
		if (PT_MAX_TOP_LEVEL >= 4 && level == 4)                     \
			return CONCATENATE(fn, _l4)(range, arg, 4, table);   \
		if (PT_MAX_TOP_LEVEL >= 3 && level == 3)                     \
			return CONCATENATE(fn, _l3)(range, arg, 3, table);   \
		if (PT_MAX_TOP_LEVEL >= 2 && level == 2)                     \
			return CONCATENATE(fn, _l2)(range, arg, 2, table);   \
		if (PT_MAX_TOP_LEVEL >= 1 && level == 1)                     \
			return CONCATENATE(fn, _l1)(range, arg, 1, table);   \
		return CONCATENATE(fn, _l0)(range, arg, 0, table);           \
	}                                                                    \
	static_assert(PT_MAX_TOP_LEVEL <= 5)

/**
 * PT_MAKE_LEVELS() - one function per level from one inlined body
 * @fn: name of the dispatcher to create, e.g. NS(map_range)
 * @body: __always_inline function (range, arg, level, table, descend_fn)
 *
 * Creates fn_l0 .. fn_l5, each with the level as a constant and a direct
 * call to the level below, and fn() that starts at any level with a
 * direct call too (an indirect one costs a retpoline on most kernels).
 * The dispatcher only calls the levels up to PT_MAX_TOP_LEVEL, so the
 * compiler drops the copies above it: a format of two levels carries two.
 */
#define PT_MAKE_LEVELS(fn, body) __PT_MAKE_LEVELS(fn, body, static)

/**
 * PT_MAKE_INLINE_LEVELS() - PT_MAKE_LEVELS(), all in the dispatcher
 * @fn: name of the dispatcher to create
 * @body: as for PT_MAKE_LEVELS()
 *
 * The level functions are always inline, so fn() holds, for each top
 * level, the whole walk down from it with no call between levels: a
 * copy of the body per level of each, 4-7 KB more text for a format of
 * four to six levels. For the fast unmap, the DMA API's unmap of a page,
 * where a call per level cost as much as the work of the level.
 */
#define PT_MAKE_INLINE_LEVELS(fn, body) \
	__PT_MAKE_LEVELS(fn, body, static __always_inline)

/**
 * PT_MAKE_ONE_LEVEL_FN() - one function for every level, for cold walks
 * @fn: name of the function to create
 * @body: the same kind of body as for PT_MAKE_LEVELS()
 *
 * The level is not a constant and the function calls itself for the
 * level below: one copy of the body instead of one per level, for walks
 * whose speed does not matter (dirty harvesting).
 */
#define PT_MAKE_ONE_LEVEL_FN(fn, body)                                       \
	static int fn(struct pt_range *range, void *arg, unsigned int level, \
		      struct pt_table_p *table)                              \
	{                                                                    \
		return body(range, arg, level, table, level ? fn : NULL);    \
	}

/* Start a PT_MAKE_LEVELS() walk at the top of @range */
static inline int pt_walk_range(struct pt_range *range, pt_level_fn_t fn,
				void *arg)
{
	return fn(range, arg, range->top_level, range->top_table);
}

#endif
