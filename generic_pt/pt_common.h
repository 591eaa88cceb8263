/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The format contract. Included after the format header and the defaults:
 * the prototypes below make the compiler check the signature of every
 * function a format provides, and the helpers after them derive what the
 * algorithms need from those functions.
 *
 * Required of every format (see Documentation/format-contract.rst):
 *  pt_load_entry_raw()    read the item at pts->index into pts->entry and
 *                         classify it
 *  pt_table_pa()          physical address of the lower table of a TABLE
 *  pt_entry_oa()          output address of the first byte of a leaf,
 *                         for a contiguous run the start of the whole run
 *  pt_can_have_leaf()     may this level hold leaves at all
 *  pt_install_leaf_entry() write a leaf of 2^oasz_lg2 bytes at pts->index,
 *                         spanning several items when larger than one item
 *  pt_install_table()     compare-and-exchange a table pointer against
 *                         pts->entry; false when another thread won
 *  pt_attr_from_entry()   recover the write attributes of a leaf, so that
 *                         installing them again gives the same bits
 *  pt_iommu_set_prot()    IOMMU_* prot (always with READ or WRITE, the
 *                         core checks that) to write attributes; may
 *                         refuse a combination the format cannot hold
 *  pt_iommu_fmt_init()    set the top level, check format cfg fields
 *  pt_iommu_fmt_hw_info() fill the format's hw_info
 *  pt_entry_attr_names()  name the attributes of a leaf for the debugfs
 *                         dump (permissions, cacheability, the format's
 *                         own bits); the core adds "dirty"
 */
#ifndef __GENERIC_PT_PT_COMMON_H
#define __GENERIC_PT_PT_COMMON_H

#include <asm/page.h>

static inline enum pt_entry_type pt_load_entry_raw(struct pt_state *pts);
static inline pt_oaddr_t pt_table_pa(const struct pt_state *pts);
static inline pt_oaddr_t pt_entry_oa(const struct pt_state *pts);
static inline bool pt_can_have_leaf(const struct pt_state *pts);
static inline unsigned int pt_num_items_lg2(const struct pt_state *pts);
static inline unsigned int pt_table_item_lg2sz(const struct pt_state *pts);
static inline unsigned int pt_table_mem_lg2sz(const struct pt_state *pts);
static inline unsigned int pt_entry_num_contig_lg2(const struct pt_state *pts);
static inline pt_vaddr_t pt_possible_sizes(const struct pt_state *pts);
static inline bool pt_fixed_items(const struct pt_state *pts);
static inline void pt_install_leaf_entry(struct pt_state *pts, pt_oaddr_t oa,
					 unsigned int oasz_lg2,
					 const struct pt_write_attrs *attrs);
static inline bool pt_install_table(struct pt_state *pts, pt_oaddr_t table_pa,
				    const struct pt_write_attrs *attrs);
static inline void pt_attr_from_entry(const struct pt_state *pts,
				      struct pt_write_attrs *attrs);
static inline void pt_clear_entries(struct pt_state *pts,
				    unsigned int num_contig_lg2);
static inline bool pt_entry_is_write_dirty(const struct pt_state *pts);
static inline void pt_entry_make_write_clean(struct pt_state *pts);
static inline bool pt_entry_make_write_dirty(struct pt_state *pts);
static inline bool pt_dirty_supported(const struct pt_common *common);
static inline pt_vaddr_t pt_full_va_prefix(const struct pt_common *common);
static inline bool pt_entry_sw_cleaned(const struct pt_state *pts);
/* An atomic RMW of the item: the core orders it with smp_mb__before_atomic() */
static inline void pt_entry_set_sw_cleaned(struct pt_state *pts);
static inline void pt_entry_attr_names(const struct pt_state *pts,
				       struct pt_attr_names *names);

/*
 * VA bits one item of this level covers, including a contiguous run.
 * This and the other helpers the one-leaf walks pass their cursor to are
 * __always_inline: called out of line, the cursor must live on the stack,
 * and the compiler copies it there with wide loads of fields it just
 * stored, a store-forwarding stall at every level (amdv1's unmap of one
 * page took 87 ns instead of 34).
 */
static __always_inline unsigned int
pt_entry_oa_lg2sz(const struct pt_state *pts)
{
	return pt_table_item_lg2sz(pts) + pt_entry_num_contig_lg2(pts);
}

/* VA bits a whole table of this level covers */
static inline unsigned int pt_table_oa_lg2sz(const struct pt_state *pts)
{
	return pt_table_item_lg2sz(pts) + pt_num_items_lg2(pts);
}

/* Number of bytes of one item */
static inline unsigned int pt_item_size(const struct pt_state *pts)
{
	return PT_ITEM_WORD_SIZE;
}

/* CPU pointer to the lower table of a loaded TABLE entry */
static inline struct pt_table_p *pt_table_ptr(const struct pt_state *pts)
{
	return (struct pt_table_p *)phys_to_virt(pt_table_pa(pts));
}

/* Load the item at pts->index, and find its lower table */
static inline void pt_load_entry(struct pt_state *pts)
{
	pts->type = pt_load_entry_raw(pts);
	if (pts->type == PT_ENTRY_TABLE)
		pts->table_lower = pt_table_ptr(pts);
}

/* Items of a contiguous run start at an index aligned to the run */
static inline unsigned int pt_contig_start(const struct pt_state *pts,
					   unsigned int num_contig_lg2)
{
	return pts->index & ~((1U << num_contig_lg2) - 1);
}

#endif
