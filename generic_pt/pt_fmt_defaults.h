/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Defaults for the optional format functions. Included right after the
 * format header: whatever the format did not #define gets the common
 * behaviour here. See pt_common.h for the full list and their contracts.
 */
#ifndef __GENERIC_PT_PT_FMT_DEFAULTS_H
#define __GENERIC_PT_PT_FMT_DEFAULTS_H

#include <linux/log2.h>

/* log2 of the item size in bytes */
#define PT_ITEM_WORD_LG2SZ ilog2(PT_ITEM_WORD_SIZE)

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
			WRITE_ONCE(item[i], 0);
	} else {
		u32 *item = (u32 *)pts->table + pts->index;

		for (i = 0; i != 1U << num_contig_lg2; i++)
			WRITE_ONCE(item[i], 0);
	}
}

#define pt_clear_entries pt_clear_entries
#endif

/*
 * Dirty tracking is optional: a format that has a hardware dirty bit
 * defines all three. Without them read_and_clear_dirty fails with
 * -EOPNOTSUPP.
 */
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

/*
 * A format whose walker may not snoop (PT_FEAT_DMA_INCOHERENT) keeps a
 * software bit in table entries recording that the entry was cleaned to
 * memory. Coherent formats never ask.
 */
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
