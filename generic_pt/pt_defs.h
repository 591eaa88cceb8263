/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The language the algorithms and the formats share: the walk range, the
 * per-level cursor, typed log2 helpers and the compile-time feature test.
 * Included after the format's defs header, which supplies pt_vaddr_t,
 * pt_oaddr_t and struct pt_write_attrs. Helpers only formats use are in
 * pt_fmt_helpers.h.
 */
#ifndef __GENERIC_PT_PT_DEFS_H
#define __GENERIC_PT_PT_DEFS_H

#include <linux/types.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <asm/barrier.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/generic_pt/common.h>

/* Opaque type for table memory, never dereferenced as a struct */
struct pt_table_p;

/**
 * enum pt_entry_type - what one loaded item is
 * @PT_ENTRY_EMPTY: nothing is mapped through this item
 * @PT_ENTRY_TABLE: the item points to a lower table
 * @PT_ENTRY_OA: the item is a leaf (possibly one of a contiguous run)
 */
enum pt_entry_type {
	PT_ENTRY_EMPTY,
	PT_ENTRY_TABLE,
	PT_ENTRY_OA,
};

/**
 * struct pt_range - one walk's view of the table
 * @common: the table
 * @top_table: top table, read once from common->top_of_table
 * @va: first VA of the walk
 * @last_va: last VA of the walk, inclusive
 * @top_level: level of @top_table
 * @max_vasz_lg2: VA bits the current top decodes
 */
struct pt_range {
	struct pt_common *common;
	struct pt_table_p *top_table;
	pt_vaddr_t va;
	pt_vaddr_t last_va;
	u8 top_level;
	u8 max_vasz_lg2;
};

/**
 * struct pt_state - cursor over the items of one table
 * @range: the walk this cursor belongs to
 * @table: the table being walked
 * @table_lower: lower table of a TABLE entry, filled by pt_load_entry()
 * @entry: raw value of the item at @index, filled by pt_load_entry()
 * @type: classification of @entry
 * @index: current item
 * @end_index: one past the last item of the walk in this table
 * @level: level of @table, 0 holds the smallest leaves
 * @table_va: first VA of @table, for a walk of its items (pt_init())
 */
struct pt_state {
	struct pt_range *range;
	struct pt_table_p *table;
	struct pt_table_p *table_lower;
	u64 entry;
	enum pt_entry_type type;
	unsigned int index;
	unsigned int end_index;
	u8 level;
	pt_vaddr_t table_va;
};

/*
 * Log2 helpers, written once and typed by the caller. lg2 may equal the
 * width of the type only where stated.
 */
#define pt_log2_to_int_t(type, lg2) ((type)1 << (lg2))
/* valid for 0 < lg2 <= width of type */
#define pt_log2_to_max_int_t(type, lg2) \
	((type)(~(type)0) >> (sizeof(type) * 8 - (lg2)))
#define pt_log2_mod_t(type, a, lg2) \
	((type)(a) & (pt_log2_to_int_t(type, lg2) - 1))
#define pt_log2_div_t(type, a, lg2) ((type)(a) >> (lg2))

#define va_lg2int(lg2) pt_log2_to_int_t(pt_vaddr_t, lg2)
#define va_lg2max(lg2) pt_log2_to_max_int_t(pt_vaddr_t, lg2)
#define va_lg2mod(a, lg2) pt_log2_mod_t(pt_vaddr_t, a, lg2)
#define va_lg2div(a, lg2) pt_log2_div_t(pt_vaddr_t, a, lg2)
#define oa_lg2int(lg2) pt_log2_to_int_t(pt_oaddr_t, lg2)
#define oa_lg2max(lg2) pt_log2_to_max_int_t(pt_oaddr_t, lg2)
#define oa_lg2mod(a, lg2) pt_log2_mod_t(pt_oaddr_t, a, lg2)

/* Index of the lowest set bit; the width of the type when @a is 0 */
static inline unsigned int pt_ffs64(u64 a)
{
	return a ? __ffs64(a) : 64;
}

/* Index of the highest set bit plus one; 0 when @a is 0 */
static inline unsigned int pt_fls64(u64 a)
{
	return fls64(a);
}

/* Default feature sets, a format's .c file normally overrides them */
#ifndef PT_SUPPORTED_FEATURES
#define PT_SUPPORTED_FEATURES 0
#endif
#ifndef PT_FORCE_ENABLED_FEATURES
#define PT_FORCE_ENABLED_FEATURES 0
#endif

/**
 * pt_feature() - is a feature on for this table?
 * @common: the table
 * @feature: an enum pt_features or format feature bit
 *
 * Folds to a constant when the compiled format cannot support the feature
 * or always forces it.
 *
 * Return: true when @feature is on.
 */
static __always_inline bool pt_feature(const struct pt_common *common,
				       unsigned int feature)
{
	if (PT_FORCE_ENABLED_FEATURES & BIT(feature))
		return true;
	if (!(PT_SUPPORTED_FEATURES & BIT(feature)))
		return false;
	return common->features & BIT(feature);
}

#endif
