/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86 64-bit page table entries, 4 or 5 levels, as walked by the AMD IOMMU
 * v2 (guest) table and the VT-d first stage (Intel SDM vol. 3, "4-Level
 * Paging and 5-Level Paging"). VAs are sign extended from bit 47 or 56;
 * without PT_FEAT_SIGN_EXTEND only the lower half (47 or 56 bits) is used.
 * Levels 1 and 2 hold a leaf when PS is set (2M, 1G).
 */
#ifndef __GENERIC_PT_FMT_X86_64_H
#define __GENERIC_PT_FMT_X86_64_H

#include "defs_x86_64.h"
#include "../generic_pt/pt_defs.h"
#include "../generic_pt/pt_fmt_helpers.h"

#include <linux/bitfield.h>
#include <linux/mem_encrypt.h>
#include <linux/generic_pt/iommu.h>

#define PT_GRANULE_LG2SZ 12
#define PT_ITEM_WORD_SIZE sizeof(u64)
#define PT_TABLEMEM_LG2SZ 12
#define PT_MAX_VA_ADDRESS_LG2 57
#define PT_MAX_OUTPUT_ADDRESS_LG2 52
#define PT_MAX_TOP_LEVEL 4
#define PT_TOP_PHYS_MASK GENMASK_ULL(51, 12)

#define X86_64_FMT_P BIT_ULL(0)
#define X86_64_FMT_RW BIT_ULL(1)
#define X86_64_FMT_US BIT_ULL(2)
#define X86_64_FMT_A BIT_ULL(5)
#define X86_64_FMT_D BIT_ULL(6)
#define X86_64_FMT_PS BIT_ULL(7)
/* Ignored by the hardware: marks a table entry as cleaned to memory */
#define X86_64_FMT_SW_CLEANED BIT_ULL(9)
#define X86_64_FMT_OA GENMASK_ULL(51, 12)
#define X86_64_FMT_XD BIT_ULL(63)

/*
 * Dirty tracking (the walker sets D only in writable leaves) and the
 * cleaned mark: see pt_fmt_defaults.h
 */
#define PT_FMT_DIRTY_BIT X86_64_FMT_D
#define PT_FMT_WRITABLE_BIT X86_64_FMT_RW
#define PT_FMT_SW_CLEANED_BIT X86_64_FMT_SW_CLEANED

/* 4 levels at least, leaves up to 1G */
#define X86_64_MIN_TOP_LEVEL 3
#define PT_MAX_LEAF_LEVEL 2

/* SME bits of a table pointer or of a leaf that does not map MMIO */
static inline u64 x86_64_pt_sme_bits(const struct pt_common *common)
{
	if (pt_feature(common, PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))
		return __sme_set(0ULL);
	return 0;
}

static inline pt_oaddr_t x86_64_pt_field_to_oa(u64 entry)
{
	return __sme_clr(entry) & X86_64_FMT_OA;
}

#define pt_load_entry_raw x86_64_pt_load_entry_raw
static inline enum pt_entry_type x86_64_pt_load_entry_raw(struct pt_state *pts)
{
	return pt_load_entry64(pts, X86_64_FMT_P, X86_64_FMT_PS);
}

#define pt_table_pa x86_64_pt_table_pa
static inline pt_oaddr_t x86_64_pt_table_pa(const struct pt_state *pts)
{
	return x86_64_pt_field_to_oa(pts->entry);
}

#define pt_entry_oa x86_64_pt_entry_oa
static inline pt_oaddr_t x86_64_pt_entry_oa(const struct pt_state *pts)
{
	return x86_64_pt_field_to_oa(pts->entry);
}

#define pt_install_leaf_entry x86_64_pt_install_leaf_entry
static inline void x86_64_pt_install_leaf_entry(struct pt_state *pts,
						pt_oaddr_t oa,
						unsigned int oasz_lg2,
						const struct pt_write_attrs *attrs)
{
	u64 entry = attrs->descriptor_bits | X86_64_FMT_P | X86_64_FMT_A |
		    (oa & X86_64_FMT_OA);

	/* Above level 0 a leaf is marked PS; A is set so no walker writes it */
	pt_write_leaf64(pts, pts->level ? entry | X86_64_FMT_PS : entry, 1);
}

#define pt_install_table x86_64_pt_install_table
static inline bool x86_64_pt_install_table(struct pt_state *pts,
					   pt_oaddr_t table_pa,
					   const struct pt_write_attrs *attrs)
{
	/* Permissions are only restricted by the leaves */
	u64 entry = X86_64_FMT_P | X86_64_FMT_RW | X86_64_FMT_US |
		    X86_64_FMT_A | (table_pa & X86_64_FMT_OA) |
		    x86_64_pt_sme_bits(pts->range->common);

	return pt_table_install64(pts, entry);
}

#define pt_attr_from_entry x86_64_pt_attr_from_entry

/* For the debugfs dump: present means readable; RW, U/S, XD, A, SME */
static inline void x86_64_pt_entry_attr_names(const struct pt_state *pts,
					      struct pt_attr_names *names)
{
	u64 sme = x86_64_pt_sme_bits(pts->range->common);

	pt_attr_name(names, true, "r");
	pt_attr_name(names, pts->entry & X86_64_FMT_RW, "w");
	pt_attr_name(names, pts->entry & X86_64_FMT_US, "user");
	pt_attr_name(names, pts->entry & X86_64_FMT_XD, "nx");
	pt_attr_name(names, sme && (pts->entry & sme) == sme, "enc");
	pt_attr_name(names, pts->entry & X86_64_FMT_A, "accessed");
}

#define pt_entry_attr_names x86_64_pt_entry_attr_names
static inline void x86_64_pt_attr_from_entry(const struct pt_state *pts,
					     struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits =
		pts->entry & (X86_64_FMT_RW | X86_64_FMT_US | X86_64_FMT_XD |
			      x86_64_pt_sme_bits(pts->range->common));
}

/* IOMMU glue: prot bits, init and the values a driver programs */
#define pt_iommu_set_prot x86_64_pt_iommu_set_prot
static inline int x86_64_pt_iommu_set_prot(struct pt_common *common,
					   struct pt_write_attrs *attrs,
					   unsigned int iommu_prot)
{
	u64 bits = 0;

	/* A present entry is always readable */
	if (iommu_prot & IOMMU_WRITE)
		bits |= X86_64_FMT_RW;
	if (!(iommu_prot & IOMMU_PRIV))
		bits |= X86_64_FMT_US;
	if (iommu_prot & IOMMU_NOEXEC)
		bits |= X86_64_FMT_XD;
	/* MMIO is never behind the memory encryption engine */
	if (!(iommu_prot & IOMMU_MMIO))
		bits |= x86_64_pt_sme_bits(common);
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_fmt_init x86_64_pt_iommu_fmt_init
static inline int x86_64_pt_iommu_fmt_init(struct pt_iommu_x86_64 *table,
					   const struct pt_iommu_x86_64_cfg *cfg)
{
	struct pt_common *common = &table->x86_64_pt.common;
	unsigned int vasz_lg2 = cfg->common.hw_max_vasz_lg2;
	unsigned int level, top_vasz_lg2;

	/*
	 * With sign extension the top bit only selects the half; the walker
	 * always sign extends, so the top must decode one bit more than the
	 * lower half uses.
	 */
	if (pt_feature(common, PT_FEAT_SIGN_EXTEND))
		vasz_lg2--;
	level = pt_radix_top_level(PT_GRANULE_LG2SZ, PT_TABLEMEM_LG2SZ - 3,
				   vasz_lg2 + 1, X86_64_MIN_TOP_LEVEL,
				   PT_MAX_TOP_LEVEL);
	common->top_of_table = level;

	/*
	 * The walker sign extends from the top table's highest VA bit, so a
	 * table that only uses the lower half has one bit less than its top
	 * decodes: 47 bits with 4 levels, 56 with 5.
	 */
	top_vasz_lg2 = PT_GRANULE_LG2SZ + (PT_TABLEMEM_LG2SZ - 3) * (level + 1);
	if (!pt_feature(common, PT_FEAT_SIGN_EXTEND))
		common->max_vasz_lg2 = min_t(unsigned int, common->max_vasz_lg2,
					     top_vasz_lg2 - 1);
	return 0;
}

#define pt_iommu_fmt_hw_info x86_64_pt_iommu_fmt_hw_info
static inline void
x86_64_pt_iommu_fmt_hw_info(struct pt_iommu_x86_64 *table,
			    const struct pt_range *top_range,
			    struct pt_iommu_x86_64_hw_info *info)
{
	info->gcr3_pt = virt_to_phys(top_range->top_table) |
			x86_64_pt_sme_bits(top_range->common);
	info->levels = top_range->top_level + 1;
}

#ifdef GENERIC_PT_KUNIT
/*
 * The configurations every KUnit case of this format runs over: 4 and 5
 * levels sign extended (48, 57 bits) and lower half only (47, 56 bits,
 * and 48 bits in 5 levels), 5-level hardware used for the lower half,
 * OA widths from 40 to 52 bits, each feature alone and combined.
 */
static const struct pt_kunit_fmt_cfg kunit_fmt_cfgs[] = {
	PT_KUNIT_CFG("se48_oa52",
		     BIT(PT_FEAT_SIGN_EXTEND),
		     48, 52),
	PT_KUNIT_CFG("se57_oa52_incoherent",
		     BIT(PT_FEAT_SIGN_EXTEND) | BIT(PT_FEAT_DMA_INCOHERENT),
		     57, 52),
	PT_KUNIT_CFG("lo47_oa46_incoherent_nogaps",
		     BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |
		     BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS),
		     47, 46),
	PT_KUNIT_CFG("lo56_oa52_enc",
		     BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES),
		     56, 52),
	PT_KUNIT_CFG("se48_oa40_enc_incoherent",
		     BIT(PT_FEAT_SIGN_EXTEND) |
		     BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES) |
		     BIT(PT_FEAT_DMA_INCOHERENT),
		     48, 40),
	PT_KUNIT_CFG("lo48_oa52_range",
		     BIT(PT_FEAT_FLUSH_RANGE),
		     48, 52),
	PT_KUNIT_CFG("lo57_oa48_nogaps",
		     BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS),
		     57, 48),
};
#endif

#endif
