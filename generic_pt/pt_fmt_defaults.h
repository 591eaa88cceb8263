/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Defaults for the optional format functions. Included right after the
 * format header: whatever the format did not #define gets the common
 * behaviour here. See pt_common.h for the full list and their contracts.
 */
#ifndef __GENERIC_PT_PT_FMT_DEFAULTS_H
#define __GENERIC_PT_PT_FMT_DEFAULTS_H

#include <linux/log2.h>

#include "pt_fmt_helpers.h"

/* log2 of the item size in bytes */
#define PT_ITEM_WORD_LG2SZ ilog2(PT_ITEM_WORD_SIZE)

/*
 * Where table memory may live: a format whose walker addresses less than
 * every physical address defines PT_TABLE_GFP (e.g. GFP_DMA32) and the
 * mask of the table addresses it can hold. A table allocated outside the
 * mask is freed and the operation fails with -ENOMEM.
 */
#ifndef PT_TABLE_GFP
#define PT_TABLE_GFP 0
#endif
#ifndef PT_TABLE_PHYS_MASK
#define PT_TABLE_PHYS_MASK U64_MAX
#endif
/*
 * The one level whose tables, when smaller than a page, share pages
 * (pt_iommu_frag_alloc()); by default a level no table has
 */
#ifndef PT_SHARED_TABLE_LEVEL
#define PT_SHARED_TABLE_LEVEL PT_IOMMU_MAX_LEVELS
#endif

#ifndef pt_table_mem_lg2sz
static inline unsigned int pt_table_mem_lg2sz(const struct pt_state *pts)
{
	return PT_TABLEMEM_LG2SZ;
}

#define pt_table_mem_lg2sz pt_table_mem_lg2sz
#endif

#ifndef pt_num_items_lg2
static inline unsigned int pt_num_items_lg2(const struct pt_state *pts)
{
	return PT_TABLEMEM_LG2SZ - PT_ITEM_WORD_LG2SZ;
}

#define pt_num_items_lg2 pt_num_items_lg2
#endif

#ifndef pt_table_item_lg2sz
/* Every level has the same number of items, each level multiplies */
static inline unsigned int pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ +
	       (PT_TABLEMEM_LG2SZ - PT_ITEM_WORD_LG2SZ) * pts->level;
}

#define pt_table_item_lg2sz pt_table_item_lg2sz
#endif

#ifndef pt_entry_num_contig_lg2
/* Formats without contiguous runs: every leaf is one item */
static inline unsigned int pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	return 0;
}

#define pt_entry_num_contig_lg2 pt_entry_num_contig_lg2
#endif

#ifndef pt_can_have_leaf
/* Leaves at every level up to the format's PT_MAX_LEAF_LEVEL */
static inline bool pt_can_have_leaf(const struct pt_state *pts)
{
	return pts->level <= PT_MAX_LEAF_LEVEL;
}

#define pt_can_have_leaf pt_can_have_leaf
#endif

#ifndef pt_fixed_items
/*
 * Does this table hold fixed items? A fixed item is a table pointer the
 * core installs when the table is initialised and removes only in
 * deinit: unmap never clears it, even when everything below is gone,
 * and a table of fixed items never counts as emptied. A level with
 * fixed items must not hold leaves (pt_can_have_leaf() false), so map
 * never replaces one; init refuses a format that says otherwise.
 * Meant for registers that select among several top tables (Apple DART
 * TTBRs), modelled as a level above the hardware's. Most formats have
 * none and this folds away.
 */
static inline bool pt_fixed_items(const struct pt_state *pts)
{
	return false;
}

#define pt_fixed_items pt_fixed_items
#endif

#ifndef pt_possible_sizes
/* One leaf size per level: the item size, where leaves are allowed */
static inline pt_vaddr_t pt_possible_sizes(const struct pt_state *pts)
{
	if (!pt_can_have_leaf(pts))
		return 0;
	return va_lg2int(pt_table_item_lg2sz(pts));
}

#define pt_possible_sizes pt_possible_sizes
#endif

#ifndef pt_clear_entries
/* Zero a run of 2^num_contig_lg2 items starting at pts->index */
static inline void pt_clear_entries(struct pt_state *pts,
				    unsigned int num_contig_lg2)
{
	unsigned int i;

	if (sizeof(u64) == PT_ITEM_WORD_SIZE) {
		u64 *item = (u64 *)pts->table + pts->index;

		for (i = 0; i != 1U << num_contig_lg2; i++)
			pt_write_item64(&item[i], 0);
	} else {
		u32 *item = (u32 *)pts->table + pts->index;

		for (i = 0; i != 1U << num_contig_lg2; i++)
			WRITE_ONCE(item[i], 0);
	}
}

#define pt_clear_entries pt_clear_entries
#endif

/*
 * Dirty tracking is optional. A format whose walker sets one bit,
 * PT_FMT_DIRTY_BIT, in an item of a leaf it writes through, and only in
 * leaves with PT_FMT_WRITABLE_BIT, defines those two and gets the three
 * functions below; a format with another scheme defines the functions.
 * Without either read_and_clear_dirty fails with -EOPNOTSUPP.
 */
#if defined(PT_FMT_DIRTY_BIT) && !defined(pt_entry_is_write_dirty)
/* Any item of the leaf's contiguous run may hold the bit */
static inline bool pt_entry_is_write_dirty(const struct pt_state *pts)
{
	unsigned int n = 1U << pt_entry_num_contig_lg2(pts);
	const u64 *item = pt_item64(pts);
	unsigned int i;

	static_assert(sizeof(u64) == PT_ITEM_WORD_SIZE);
	for (i = 0; i != n; i++)
		if (pt_read_item64(&item[i]) & PT_FMT_DIRTY_BIT)
			return true;
	return false;
}

#define pt_entry_is_write_dirty pt_entry_is_write_dirty

/* Clean every item of the run, from its first item at pts->index */
static inline void pt_entry_make_write_clean(struct pt_state *pts)
{
	unsigned int n = 1U << pt_entry_num_contig_lg2(pts);
	u64 *item = pt_item64(pts);
	unsigned int i;

	/* The walker sets the bit atomically; clear it the same way */
	for (i = 0; i != n; i++)
		if (pt_read_item64(&item[i]) & PT_FMT_DIRTY_BIT)
			atomic64_andnot(PT_FMT_DIRTY_BIT,
					(atomic64_t *)&item[i]);
}

#define pt_entry_make_write_clean pt_entry_make_write_clean

/* What the walker does on a write through the item: false if read-only */
static inline bool pt_entry_make_write_dirty(struct pt_state *pts)
{
	if (!(pts->entry & PT_FMT_WRITABLE_BIT))
		return false;
	atomic64_or(PT_FMT_DIRTY_BIT, (atomic64_t *)pt_item64(pts));
	return true;
}

#define pt_entry_make_write_dirty pt_entry_make_write_dirty
#endif

#ifdef pt_entry_is_write_dirty
#define PT_HAS_DIRTY_TRACKING 1
#else
#define PT_HAS_DIRTY_TRACKING 0
static inline bool pt_entry_is_write_dirty(const struct pt_state *pts)
{
	return false;
}

#define pt_entry_is_write_dirty pt_entry_is_write_dirty

static inline void pt_entry_make_write_clean(struct pt_state *pts)
{
}

#define pt_entry_make_write_clean pt_entry_make_write_clean

static inline bool pt_entry_make_write_dirty(struct pt_state *pts)
{
	return false;
}

#define pt_entry_make_write_dirty pt_entry_make_write_dirty
#endif

#ifndef pt_dirty_supported
/* Does this table track dirty leaves? By default, when the format can */
static inline bool pt_dirty_supported(const struct pt_common *common)
{
	return PT_HAS_DIRTY_TRACKING;
}

#define pt_dirty_supported pt_dirty_supported
#endif

/*
 * A format whose walker may not snoop (PT_FEAT_DMA_INCOHERENT) keeps a
 * software bit in table entries recording that the entry was cleaned to
 * memory: PT_FMT_SW_CLEANED_BIT, a bit the hardware ignores. Coherent
 * formats never ask.
 */
#if defined(PT_FMT_SW_CLEANED_BIT) && !defined(pt_entry_sw_cleaned)
static inline bool pt_entry_sw_cleaned(const struct pt_state *pts)
{
	return pts->entry & PT_FMT_SW_CLEANED_BIT;
}

#define pt_entry_sw_cleaned pt_entry_sw_cleaned

/* Atomic: the walker may be setting A or D in the same item */
static inline void pt_entry_set_sw_cleaned(struct pt_state *pts)
{
	atomic64_or(PT_FMT_SW_CLEANED_BIT, (atomic64_t *)pt_item64(pts));
}

#define pt_entry_set_sw_cleaned pt_entry_set_sw_cleaned
#endif

#ifndef pt_entry_sw_cleaned
static inline bool pt_entry_sw_cleaned(const struct pt_state *pts)
{
	static_assert(!(PT_SUPPORTED_FEATURES & BIT(PT_FEAT_DMA_INCOHERENT)));
	return true;
}

#define pt_entry_sw_cleaned pt_entry_sw_cleaned

static inline void pt_entry_set_sw_cleaned(struct pt_state *pts)
{
}

#define pt_entry_set_sw_cleaned pt_entry_set_sw_cleaned
#endif

#ifndef pt_full_va_prefix
/* Tables that do not decode an upper half have no VA prefix */
static inline pt_vaddr_t pt_full_va_prefix(const struct pt_common *common)
{
	return 0;
}

#define pt_full_va_prefix pt_full_va_prefix
#endif

#endif
