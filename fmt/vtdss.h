/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel VT-d second-stage page table entries (Intel Virtualization
 * Technology for Directed I/O specification, "Second-Stage Paging
 * Entries"). 3, 4 or 5 levels decode 39, 48 or 57 bits. There is no
 * present bit: an entry with R or W set is present. Levels 1 and 2 hold a
 * leaf when PS is set (2M, 1G), level 0 always (4K).
 */
#ifndef __GENERIC_PT_FMT_VTDSS_H
#define __GENERIC_PT_FMT_VTDSS_H

#include "defs_vtdss.h"
#include "../generic_pt/pt_defs.h"
#include "../generic_pt/pt_fmt_helpers.h"

#include <linux/bitfield.h>
#include <linux/generic_pt/iommu.h>

#define PT_GRANULE_LG2SZ 12
#define PT_ITEM_WORD_SIZE sizeof(u64)
#define PT_TABLEMEM_LG2SZ 12
#define PT_MAX_VA_ADDRESS_LG2 57
#define PT_MAX_OUTPUT_ADDRESS_LG2 52
#define PT_MAX_TOP_LEVEL 4
#define PT_TOP_PHYS_MASK GENMASK_ULL(51, 12)

#define VTDSS_FMT_R BIT_ULL(0)
#define VTDSS_FMT_W BIT_ULL(1)
#define VTDSS_FMT_PS BIT_ULL(7)
#define VTDSS_FMT_A BIT_ULL(8)
#define VTDSS_FMT_D BIT_ULL(9)
#define VTDSS_FMT_SNP BIT_ULL(11)
#define VTDSS_FMT_OA GENMASK_ULL(51, 12)
/* Ignored by the hardware: marks a table entry as cleaned to memory */
#define VTDSS_FMT_SW_CLEANED BIT_ULL(52)

/* Dirty tracking and the cleaned mark: see pt_fmt_defaults.h */
#define PT_FMT_DIRTY_BIT VTDSS_FMT_D
#define PT_FMT_WRITABLE_BIT VTDSS_FMT_W
#define PT_FMT_SW_CLEANED_BIT VTDSS_FMT_SW_CLEANED

/* Smallest top level: 3 levels */
#define VTDSS_MIN_TOP_LEVEL 2
/* Leaves exist up to 1G */
#define PT_MAX_LEAF_LEVEL 2

#define pt_load_entry_raw vtdss_pt_load_entry_raw
static inline enum pt_entry_type vtdss_pt_load_entry_raw(struct pt_state *pts)
{
	return pt_load_entry64(pts, VTDSS_FMT_R | VTDSS_FMT_W, VTDSS_FMT_PS);
}

#define pt_table_pa vtdss_pt_table_pa
static inline pt_oaddr_t vtdss_pt_table_pa(const struct pt_state *pts)
{
	return pts->entry & VTDSS_FMT_OA;
}

#define pt_entry_oa vtdss_pt_entry_oa
static inline pt_oaddr_t vtdss_pt_entry_oa(const struct pt_state *pts)
{
	return pts->entry & VTDSS_FMT_OA;
}

#define pt_install_leaf_entry vtdss_pt_install_leaf_entry
static inline void vtdss_pt_install_leaf_entry(struct pt_state *pts,
					       pt_oaddr_t oa,
					       unsigned int oasz_lg2,
					       const struct pt_write_attrs *attrs)
{
	/* Above level 0 a leaf is marked PS */
	pt_write_leaf64(pts, attrs->descriptor_bits | (oa & VTDSS_FMT_OA) |
				     (pts->level ? VTDSS_FMT_PS : 0),
			1);
}

#define pt_install_table vtdss_pt_install_table
static inline bool vtdss_pt_install_table(struct pt_state *pts,
					  pt_oaddr_t table_pa,
					  const struct pt_write_attrs *attrs)
{
	/* Permissions are only restricted by the leaves */
	return pt_table_install64(pts, VTDSS_FMT_R | VTDSS_FMT_W |
					       (table_pa & VTDSS_FMT_OA));
}

#define pt_attr_from_entry vtdss_pt_attr_from_entry

/* For the debugfs dump: R/W, snoop, accessed */
static inline void vtdss_pt_entry_attr_names(const struct pt_state *pts,
					     struct pt_attr_names *names)
{
	pt_attr_name(names, pts->entry & VTDSS_FMT_R, "r");
	pt_attr_name(names, pts->entry & VTDSS_FMT_W, "w");
	pt_attr_name(names, pts->entry & VTDSS_FMT_SNP, "snp");
	pt_attr_name(names, pts->entry & VTDSS_FMT_A, "accessed");
}

#define pt_entry_attr_names vtdss_pt_entry_attr_names
static inline void vtdss_pt_attr_from_entry(const struct pt_state *pts,
					    struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits =
		pts->entry & (VTDSS_FMT_R | VTDSS_FMT_W | VTDSS_FMT_SNP);
}

/* IOMMU glue: prot bits, init and the values a driver programs */
#define pt_iommu_set_prot vtdss_pt_iommu_set_prot
static inline int vtdss_pt_iommu_set_prot(struct pt_common *common,
					  struct pt_write_attrs *attrs,
					  unsigned int iommu_prot)
{
	u64 bits = 0;

	/* Some hardware cannot handle read-only second-stage leaves */
	if (pt_feature(common, PT_FEAT_VTDSS_FORCE_WRITEABLE) &&
	    !(iommu_prot & IOMMU_WRITE))
		return -EINVAL;
	if (iommu_prot & IOMMU_READ)
		bits |= VTDSS_FMT_R;
	if (iommu_prot & IOMMU_WRITE)
		bits |= VTDSS_FMT_W;
	if (pt_feature(common, PT_FEAT_VTDSS_FORCE_COHERENCE))
		bits |= VTDSS_FMT_SNP;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_fmt_init vtdss_pt_iommu_fmt_init
static inline int vtdss_pt_iommu_fmt_init(struct pt_iommu_vtdss *table,
					  const struct pt_iommu_vtdss_cfg *cfg)
{
	/* The fewest levels that decode the hardware's address width */
	table->vtdss_pt.common.top_of_table =
		pt_radix_top_level(PT_GRANULE_LG2SZ, PT_TABLEMEM_LG2SZ - 3,
				   cfg->common.hw_max_vasz_lg2,
				   VTDSS_MIN_TOP_LEVEL, PT_MAX_TOP_LEVEL);
	return 0;
}

#define pt_iommu_fmt_hw_info vtdss_pt_iommu_fmt_hw_info
static inline void
vtdss_pt_iommu_fmt_hw_info(struct pt_iommu_vtdss *table,
			   const struct pt_range *top_range,
			   struct pt_iommu_vtdss_hw_info *info)
{
	info->ssptptr = virt_to_phys(top_range->top_table);
	/* Adjusted guest address width: 1 for 3 levels, 2 for 4, 3 for 5 */
	info->aw = top_range->top_level - 1;
}

#ifdef GENERIC_PT_KUNIT
/*
 * The configurations every KUnit case of this format runs over: 3, 4 and
 * 5 levels (VA 39, 48, 57, and 40 bits in 4 levels), OA widths from 39 to
 * 52 bits, each feature alone and all together.
 */
static const struct pt_kunit_fmt_cfg kunit_fmt_cfgs[] = {
	PT_KUNIT_CFG("va39_oa39_range",
		     BIT(PT_FEAT_FLUSH_RANGE),
		     39, 39),
	PT_KUNIT_CFG("va48_oa52_fc",
		     BIT(PT_FEAT_VTDSS_FORCE_COHERENCE),
		     48, 52),
	PT_KUNIT_CFG("va57_oa48_incoherent",
		     BIT(PT_FEAT_DMA_INCOHERENT),
		     57, 48),
	PT_KUNIT_CFG("va40_oa46_fw",
		     BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE),
		     40, 46),
	PT_KUNIT_CFG("va39_oa52_incoherent_fc_fw",
		     BIT(PT_FEAT_DMA_INCOHERENT) |
		     BIT(PT_FEAT_VTDSS_FORCE_COHERENCE) |
		     BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE),
		     39, 52),
	PT_KUNIT_CFG("va48_oa40_incoherent_range",
		     BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE),
		     48, 40),
};
#endif

#endif
