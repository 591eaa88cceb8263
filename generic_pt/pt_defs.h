/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The language the algorithms and the formats share: the walk range, the
 * per-level cursor, typed log2 helpers, the compile-time feature test and
 * the lock-free table install. Included after the format's defs header,
 * which supplies pt_vaddr_t, pt_oaddr_t and struct pt_write_attrs.
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

/**
 * pt_radix_top_level() - top level of the fewest levels that decode a VA
 * @granule_lg2: the smallest page, which level 0 items map
 * @level_bits: VA bits a full table of every level decodes
 * @va_lg2: VA bits the table must decode
 * @min_level: the format's lowest top level
 * @max_level: its highest, PT_MAX_TOP_LEVEL
 *
 * For a format's init.
 *
 * Return: the lowest level whose full table decodes @va_lg2 bits, kept
 * within [@min_level, @max_level].
 */
static inline unsigned int pt_radix_top_level(unsigned int granule_lg2,
					      unsigned int level_bits,
					      unsigned int va_lg2,
					      unsigned int min_level,
					      unsigned int max_level)
{
	unsigned int level = 0;

	if (va_lg2 > granule_lg2 + level_bits)
		level = DIV_ROUND_UP(va_lg2 - granule_lg2, level_bits) - 1;
	return clamp(level, min_level, max_level);
}

/**
 * struct pt_attr_names - the attributes of one leaf, decoded as text
 * @buf: names separated by single spaces, NUL terminated
 * @len: characters used in @buf
 *
 * A format's pt_entry_attr_names() fills it for the debugfs dump with
 * pt_attr_name() and pt_attr_field(); what does not fit is cut off.
 */
struct pt_attr_names {
	char buf[96];
	unsigned int len;
};

/* Append @name when @set */
static inline void pt_attr_name(struct pt_attr_names *names, bool set,
				const char *name)
{
	if (set)
		names->len += scnprintf(names->buf + names->len,
					sizeof(names->buf) - names->len,
					"%s%s", names->len ? " " : "", name);
}

/* Append "@name=@value" for a multi-bit field */
static inline void pt_attr_field(struct pt_attr_names *names,
				 const char *name, unsigned int value)
{
	names->len += scnprintf(names->buf + names->len,
				sizeof(names->buf) - names->len, "%s%s=%u",
				names->len ? " " : "", name, value);
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

/* The item at pts->index of a table of 64-bit items */
static inline u64 *pt_item64(const struct pt_state *pts)
{
	return (u64 *)pts->table + pts->index;
}

/**
 * pt_load_entry64() - load and classify an item of a table of 64-bit items
 * @pts: cursor; the item at @pts->index is read into @pts->entry
 * @present: an item is present when one of these bits is set
 * @leaf: above level 0 a present item is a leaf when one of these is set
 *
 * For the formats whose level 0 items are always leaves (x86 PS, VT-d
 * second stage PS, RISC-V R/W/X).
 *
 * Return: the type of the item.
 */
static inline enum pt_entry_type pt_load_entry64(struct pt_state *pts,
						 u64 present, u64 leaf)
{
	u64 entry = READ_ONCE(*pt_item64(pts));

	pts->entry = entry;
	if (!(entry & present))
		return PT_ENTRY_EMPTY;
	if (pts->level == 0 || (entry & leaf))
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

/**
 * pt_write_leaf64() - write a leaf into items of a 64-bit table
 * @pts: cursor; the leaf starts at @pts->index and @pts->entry takes it
 * @entry: the value of every item of the leaf
 * @num_items: items the leaf spans (1 unless it is a contiguous run)
 */
static inline void pt_write_leaf64(struct pt_state *pts, u64 entry,
				   unsigned int num_items)
{
	u64 *item = pt_item64(pts);
	unsigned int i;

	for (i = 0; i != num_items; i++)
		WRITE_ONCE(item[i], entry);
	pts->entry = entry;
}

/**
 * pt_table_install64() - install a table pointer into an empty item
 * @pts: cursor; @pts->entry is the value that was loaded
 * @table_entry: the new item value
 *
 * The zeroed lower table must be visible before the pointer to it, to two
 * kinds of observer. The device: dma_wmb() orders the zeroing stores
 * before the pointer for a walker reading coherent memory, which no CPU
 * barrier promises (on a uniprocessor build the cmpxchg orders nothing at
 * all). Other CPUs walking without a lock: the release of the cmpxchg,
 * paired with the address dependency of their READ_ONCE() of the item.
 * (A walker that does not snoop gets the table by a DMA sync instead.)
 *
 * Return: false when another thread changed the item first; the caller
 * frees its table and reloads.
 */
static inline bool pt_table_install64(struct pt_state *pts, u64 table_entry)
{
	u64 old = pts->entry;

	dma_wmb();
	return try_cmpxchg64_release(pt_item64(pts), &old, table_entry);
}

/**
 * pt_table_install32() - pt_table_install64() for 32-bit items
 * @pts: cursor; @pts->entry is the value that was loaded
 * @table_entry: the new item value
 *
 * Return: false when another thread changed the item first.
 */
static inline bool pt_table_install32(struct pt_state *pts, u32 table_entry)
{
	u32 *item = (u32 *)pts->table + pts->index;
	u32 old = pts->entry;

	/* Ordered as in pt_table_install64() */
	dma_wmb();
	return try_cmpxchg_release(item, &old, table_entry);
}

#endif
