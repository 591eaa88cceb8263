/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RISC-V Sv39/Sv48/Sv57 page table entries as walked by the RISC-V IOMMU
 * (RISC-V privileged specification, "Sv39/Sv48/Sv57", and the IOMMU
 * specification). VAs are sign extended. Every level may hold a leaf
 * (4K, 2M, 1G, 512G, 256T); a leaf has any of R/W/X set, a table has none.
 * With PT_FEAT_RISCV_SVNAPOT_64K a 64K leaf is 16 level-0 items with N set
 * and the low four PPN bits coding the size (1000b).
 */
#ifndef __GENERIC_PT_FMT_RISCV64_H
#define __GENERIC_PT_FMT_RISCV64_H

#include "defs_riscv64.h"
#include "../generic_pt/pt_defs.h"
#include "../generic_pt/pt_fmt_helpers.h"

#include <linux/bitfield.h>
#include <linux/generic_pt/iommu.h>

#define PT_GRANULE_LG2SZ 12
#define PT_ITEM_WORD_SIZE sizeof(u64)
#define PT_TABLEMEM_LG2SZ 12
#define PT_MAX_VA_ADDRESS_LG2 57
#define PT_MAX_OUTPUT_ADDRESS_LG2 56
#define PT_MAX_TOP_LEVEL 4
#define PT_TOP_PHYS_MASK GENMASK_ULL(55, 12)

#define RISCV64_FMT_V BIT_ULL(0)
#define RISCV64_FMT_R BIT_ULL(1)
#define RISCV64_FMT_W BIT_ULL(2)
#define RISCV64_FMT_X BIT_ULL(3)
#define RISCV64_FMT_U BIT_ULL(4)
#define RISCV64_FMT_A BIT_ULL(6)
#define RISCV64_FMT_D BIT_ULL(7)
#define RISCV64_FMT_PPN GENMASK_ULL(53, 10)
#define RISCV64_FMT_N BIT_ULL(63)
#define RISCV64_FMT_LEAF (RISCV64_FMT_R | RISCV64_FMT_W | RISCV64_FMT_X)

/* Dirty tracking, in every item of a NAPOT run: see pt_fmt_defaults.h */
#define PT_FMT_DIRTY_BIT RISCV64_FMT_D
#define PT_FMT_WRITABLE_BIT RISCV64_FMT_W

/* Sv39 is the smallest mode: 3 levels */
#define RISCV64_MIN_TOP_LEVEL 2
/* Svnapot 64K: 16 items, PPN[3:0] = 1000b */
#define RISCV64_NAPOT_64K_LG2 16
#define RISCV64_NAPOT_CONTIG_LG2 4
/* satp/iohgatp/fsc MODE values of Sv39, Sv48, Sv57 */
#define RISCV64_MODE_SV39 8

static inline u64 riscv64_pt_oa_to_ppn(pt_oaddr_t oa)
{
	return FIELD_PREP(RISCV64_FMT_PPN, oa >> PT_GRANULE_LG2SZ);
}

static inline pt_oaddr_t riscv64_pt_ppn_to_oa(u64 entry)
{
	return (pt_oaddr_t)FIELD_GET(RISCV64_FMT_PPN, entry)
	       << PT_GRANULE_LG2SZ;
}

#define pt_load_entry_raw riscv64_pt_load_entry_raw
static inline enum pt_entry_type
riscv64_pt_load_entry_raw(struct pt_state *pts)
{
	return pt_load_entry64(pts, RISCV64_FMT_V, RISCV64_FMT_LEAF);
}

#define pt_table_pa riscv64_pt_table_pa
static inline pt_oaddr_t riscv64_pt_table_pa(const struct pt_state *pts)
{
	return riscv64_pt_ppn_to_oa(pts->entry);
}

#define pt_entry_num_contig_lg2 riscv64_pt_entry_num_contig_lg2
static __always_inline unsigned int
riscv64_pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	if (pt_feature(pts->range->common, PT_FEAT_RISCV_SVNAPOT_64K) &&
	    (pts->entry & RISCV64_FMT_N))
		return RISCV64_NAPOT_CONTIG_LG2;
	return 0;
}

#define pt_entry_oa riscv64_pt_entry_oa
static inline pt_oaddr_t riscv64_pt_entry_oa(const struct pt_state *pts)
{
	pt_oaddr_t oa = riscv64_pt_ppn_to_oa(pts->entry);

	if (riscv64_pt_entry_num_contig_lg2(pts))
		oa &= ~oa_lg2max(RISCV64_NAPOT_64K_LG2);
	return oa;
}

#define pt_can_have_leaf riscv64_pt_can_have_leaf
static inline bool riscv64_pt_can_have_leaf(const struct pt_state *pts)
{
	return true;
}

#define pt_possible_sizes riscv64_pt_possible_sizes
static inline pt_vaddr_t riscv64_pt_possible_sizes(const struct pt_state *pts)
{
	pt_vaddr_t sizes = va_lg2int(PT_GRANULE_LG2SZ +
				     (PT_TABLEMEM_LG2SZ - 3) * pts->level);

	if (pts->level == 0 &&
	    pt_feature(pts->range->common, PT_FEAT_RISCV_SVNAPOT_64K))
		sizes |= va_lg2int(RISCV64_NAPOT_64K_LG2);
	return sizes;
}

#define pt_install_leaf_entry riscv64_pt_install_leaf_entry
static inline void riscv64_pt_install_leaf_entry(struct pt_state *pts,
						 pt_oaddr_t oa,
						 unsigned int oasz_lg2,
						 const struct pt_write_attrs *attrs)
{
	u64 entry = attrs->descriptor_bits | RISCV64_FMT_V | RISCV64_FMT_A;
	unsigned int num = 1;

	if (oasz_lg2 == RISCV64_NAPOT_64K_LG2) {
		/* PPN[3:0] = 1000b says 64K */
		entry |= RISCV64_FMT_N |
			 riscv64_pt_oa_to_ppn(oa | va_lg2int(PT_GRANULE_LG2SZ +
							    RISCV64_NAPOT_CONTIG_LG2 - 1));
		num = 1U << RISCV64_NAPOT_CONTIG_LG2;
	} else {
		entry |= riscv64_pt_oa_to_ppn(oa);
	}
	pt_write_leaf64(pts, entry, num);
}

#define pt_install_table riscv64_pt_install_table
static inline bool riscv64_pt_install_table(struct pt_state *pts,
					    pt_oaddr_t table_pa,
					    const struct pt_write_attrs *attrs)
{
	return pt_table_install64(pts, RISCV64_FMT_V |
					       riscv64_pt_oa_to_ppn(table_pa));
}

#define pt_attr_from_entry riscv64_pt_attr_from_entry

/* For the debugfs dump: R/W/X, U, accessed, NAPOT */
static inline void riscv64_pt_entry_attr_names(const struct pt_state *pts,
					       struct pt_attr_names *names)
{
	pt_attr_name(names, pts->entry & RISCV64_FMT_R, "r");
	pt_attr_name(names, pts->entry & RISCV64_FMT_W, "w");
	pt_attr_name(names, pts->entry & RISCV64_FMT_X, "x");
	pt_attr_name(names, pts->entry & RISCV64_FMT_U, "user");
	pt_attr_name(names, pts->entry & RISCV64_FMT_A, "accessed");
	pt_attr_name(names, pts->entry & RISCV64_FMT_N, "napot");
}

#define pt_entry_attr_names riscv64_pt_entry_attr_names
static inline void riscv64_pt_attr_from_entry(const struct pt_state *pts,
					      struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits = pts->entry & (RISCV64_FMT_LEAF | RISCV64_FMT_U);
}

/* IOMMU glue: prot bits, init and the values a driver programs */
#define pt_iommu_set_prot riscv64_pt_iommu_set_prot
static inline int riscv64_pt_iommu_set_prot(struct pt_common *common,
					    struct pt_write_attrs *attrs,
					    unsigned int iommu_prot)
{
	u64 bits = 0;

	/* W without R is reserved: a writable leaf is also readable */
	bits |= RISCV64_FMT_R;
	if (iommu_prot & IOMMU_WRITE)
		bits |= RISCV64_FMT_W;
	if (!(iommu_prot & IOMMU_PRIV))
		bits |= RISCV64_FMT_U;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_fmt_init riscv64_pt_iommu_fmt_init
static inline int riscv64_pt_iommu_fmt_init(struct pt_iommu_riscv64 *table,
					    const struct pt_iommu_riscv64_cfg *cfg)
{
	/* Sv39/48/57: the fewest levels that decode the whole VA */
	table->riscv_64pt.common.top_of_table =
		pt_radix_top_level(PT_GRANULE_LG2SZ, PT_TABLEMEM_LG2SZ - 3,
				   cfg->common.hw_max_vasz_lg2,
				   RISCV64_MIN_TOP_LEVEL, PT_MAX_TOP_LEVEL);
	return 0;
}

#define pt_iommu_fmt_hw_info riscv64_pt_iommu_fmt_hw_info
static inline void
riscv64_pt_iommu_fmt_hw_info(struct pt_iommu_riscv64 *table,
			     const struct pt_range *top_range,
			     struct pt_iommu_riscv64_hw_info *info)
{
	info->ppn = virt_to_phys(top_range->top_table) >> PT_GRANULE_LG2SZ;
	info->mode = RISCV64_MODE_SV39 + top_range->top_level -
		     RISCV64_MIN_TOP_LEVEL;
}

#ifdef GENERIC_PT_KUNIT
/*
 * The configurations every KUnit case of this format runs over: Sv39,
 * Sv48 and Sv57 (always sign extended, once also asked for explicitly),
 * each with and without Svnapot, OA widths from 40 to 56 bits.
 */
static const struct pt_kunit_fmt_cfg kunit_fmt_cfgs[] = {
	PT_KUNIT_CFG("sv39_oa56",
		     0,
		     39, 56),
	PT_KUNIT_CFG("sv39_oa44_napot",
		     BIT(PT_FEAT_RISCV_SVNAPOT_64K),
		     39, 44),
	PT_KUNIT_CFG("sv48_oa56_napot_range",
		     BIT(PT_FEAT_RISCV_SVNAPOT_64K) | BIT(PT_FEAT_FLUSH_RANGE),
		     48, 56),
	PT_KUNIT_CFG("sv48_oa40_se",
		     BIT(PT_FEAT_SIGN_EXTEND),
		     48, 40),
	PT_KUNIT_CFG("sv57_oa56_napot",
		     BIT(PT_FEAT_RISCV_SVNAPOT_64K),
		     57, 56),
	PT_KUNIT_CFG("sv57_oa48_range",
		     BIT(PT_FEAT_FLUSH_RANGE),
		     57, 48),
};
#endif

#endif
