/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers the format headers share, so that no format repeats another:
 * choosing the top level of a radix table, loading, writing and
 * installing items of 64-bit and 32-bit tables, and naming a leaf's
 * attributes for the debugfs dump. A format header includes it after
 * pt_defs.h. The walks never call these: only the format accessors
 * (pt_common.h), their defaults, and the dump adding its own "dirty".
 */
#ifndef __GENERIC_PT_PT_FMT_HELPERS_H
#define __GENERIC_PT_PT_FMT_HELPERS_H

#include <asm/barrier.h>
#include <linux/atomic.h>
#include <linux/kernel.h>

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

/* The item at pts->index of a table of 64-bit items */
static inline u64 *pt_item64(const struct pt_state *pts)
{
	return (u64 *)pts->table + pts->index;
}

/*
 * Every load and store of a 64-bit item that another thread may access
 * at the same time goes through pt_read_item64() and pt_write_item64(),
 * so that no walker ever sees a torn item: one 32-bit half of the old
 * value beside the other half of the new one, e.g. a present leaf whose
 * upper output address bits are still those of the empty item it
 * replaced. The readers that take no lock are iova_to_phys, the map and
 * unmap of other ranges of the same table, and the dirty harvest.
 *
 * A 64-bit kernel loads and stores an aligned u64 with one instruction:
 * READ_ONCE() and WRITE_ONCE(), exactly as before, nothing added. A
 * 32-bit kernel (arm with or without LPAE, i386 with PAE) would split
 * them into two 32-bit accesses, and no order of the two halves is safe
 * for both a map (empty to present) and an unmap (present to empty)
 * without the reader retrying. There the items are accessed with the
 * architecture's atomic64_read() and atomic64_set(), which it implements
 * as single-copy atomic 64-bit accesses (ldrd/strd with LPAE,
 * ldrexd/strexd without, cmpxchg8b on x86), and which are atomic with
 * respect to the cmpxchg64 of pt_table_install64() and the atomic64
 * dirty-bit updates on the same item. An item is an aligned u64 in a
 * page-aligned table, the layout of atomic64_t (as those updates already
 * assume).
 *
 * Ordering is that of READ_ONCE()/WRITE_ONCE(): none beyond the access
 * itself. A walker's address dependency from a table item to the table
 * it points to, which pairs with the release of pt_table_install64(),
 * holds as well: the 32-bit read is an asm whose result the next load's
 * address is computed from.
 */
static inline u64 pt_read_item64(const u64 *item)
{
#if BITS_PER_LONG == 64
	return READ_ONCE(*item);
#else
	return atomic64_read((const atomic64_t *)item);
#endif
}

static inline void pt_write_item64(u64 *item, u64 value)
{
#if BITS_PER_LONG == 64
	WRITE_ONCE(*item, value);
#else
	atomic64_set((atomic64_t *)item, value);
#endif
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
	u64 entry = pt_read_item64(pt_item64(pts));

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
		pt_write_item64(&item[i], entry);
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
 * paired with the address dependency of their pt_read_item64() of the
 * item.
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
