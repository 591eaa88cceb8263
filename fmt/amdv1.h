/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AMD IOMMU v1 host page table entries (AMD I/O Virtualization Technology
 * specification, "I/O Page Tables for Host Translations").
 *
 * Levels here count from 0 (4K leaves); the AMD documents count from 1.
 * An entry with NextLevel 1-6 points to a lower table; NextLevel 0 is a
 * leaf of the level's natural size; NextLevel 7 is a leaf whose size is
 * coded in the address bits: for a 2^n byte page, address bits below n-1
 * are ones and bit n-1 is zero, and the entry is replicated into every
 * item the page covers. Each level holds sizes from its item size up to
 * 256 items; the default-size leaf of level 3 (512G) does not exist.
 *
 * The mock variant (PT_FMT_VARIANT mock) keeps this layout with a 2K
 * granule: the address field then holds OA bit 11 in bit 12, and so on.
 */
#ifndef __GENERIC_PT_FMT_AMDV1_H
#define __GENERIC_PT_FMT_AMDV1_H

#include "defs_amdv1.h"
#include "../generic_pt/pt_defs.h"
#include "../generic_pt/pt_fmt_helpers.h"

#include <linux/bitfield.h>
#include <linux/mem_encrypt.h>
#include <linux/generic_pt/iommu.h>
#include <asm/page.h>

#ifdef AMDV1_MOCK_GRANULE
#define PT_GRANULE_LG2SZ 11
#else
#define PT_GRANULE_LG2SZ 12
#endif
#define PT_ITEM_WORD_SIZE sizeof(u64)
#define PT_TABLEMEM_LG2SZ 12
#define PT_MAX_VA_ADDRESS_LG2 64
/* The address field is bits 51:12, shifted when the granule is smaller */
#define PT_MAX_OUTPUT_ADDRESS_LG2 (52 - (12 - PT_GRANULE_LG2SZ))
#define PT_MAX_TOP_LEVEL 5
/* The DTE root pointer holds bits 51:12 */
#define PT_TOP_PHYS_MASK GENMASK_ULL(51, 12)

#define AMDV1PT_FMT_PR BIT_ULL(0)
#define AMDV1PT_FMT_A BIT_ULL(5)
#define AMDV1PT_FMT_D BIT_ULL(6)
#define AMDV1PT_FMT_NEXT_LEVEL GENMASK_ULL(11, 9)
#define AMDV1PT_FMT_OA GENMASK_ULL(51, 12)
#define AMDV1PT_FMT_FC BIT_ULL(60)
#define AMDV1PT_FMT_IR BIT_ULL(61)
#define AMDV1PT_FMT_IW BIT_ULL(62)

/*
 * Dirty tracking, in any replicated item of a sized leaf: see
 * pt_fmt_defaults.h
 */
#define PT_FMT_DIRTY_BIT AMDV1PT_FMT_D
#define PT_FMT_WRITABLE_BIT AMDV1PT_FMT_IW

/* NextLevel value of a leaf whose size is coded in the address */
#define AMDV1PT_NEXT_LEVEL_SIZED 7
/* Largest run of replicated items: up to the next level's item size */
#define AMDV1PT_MAX_CONTIG_LG2 8
/* Level whose natural-size leaf the hardware does not have (512G) */
#define AMDV1PT_NO_DEFAULT_LEAF_LEVEL 3

/* Address field <-> output address, shifted for a sub-4K granule */
static inline u64 amdv1pt_oa_to_field(pt_oaddr_t oa)
{
	return (oa << (12 - PT_GRANULE_LG2SZ)) & AMDV1PT_FMT_OA;
}

static inline pt_oaddr_t amdv1pt_field_to_oa(u64 entry)
{
	return (__sme_clr(entry) & AMDV1PT_FMT_OA) >> (12 - PT_GRANULE_LG2SZ);
}

/* SME bits for a table pointer or a non-MMIO leaf */
static inline u64 amdv1pt_sme_bits(const struct pt_common *common)
{
	if (pt_feature(common, PT_FEAT_AMDV1_ENCRYPT_TABLES))
		return __sme_set(0ULL);
	return 0;
}

static inline enum pt_entry_type amdv1pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = pt_read_item64(pt_item64(pts));
	unsigned int next;

	pts->entry = entry;
	if (!(entry & AMDV1PT_FMT_PR))
		return PT_ENTRY_EMPTY;
	if (pts->level == 0)
		return PT_ENTRY_OA;
	next = FIELD_GET(AMDV1PT_FMT_NEXT_LEVEL, entry);
	if (next == 0 || next == AMDV1PT_NEXT_LEVEL_SIZED)
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw amdv1pt_load_entry_raw

static inline pt_oaddr_t amdv1pt_table_pa(const struct pt_state *pts)
{
	return amdv1pt_field_to_oa(pts->entry);
}

#define pt_table_pa amdv1pt_table_pa

static __always_inline unsigned int
amdv1pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	pt_oaddr_t coded;

	if (FIELD_GET(AMDV1PT_FMT_NEXT_LEVEL, pts->entry) !=
	    AMDV1PT_NEXT_LEVEL_SIZED)
		return 0;
	/*
	 * The lowest zero address bit is one below the page size; searched
	 * in all 64 bits (ffz() takes an unsigned long, 32 bits on a 32-bit
	 * kernel, where sizes from 2^45 were misread)
	 */
	coded = amdv1pt_field_to_oa(pts->entry) >> PT_GRANULE_LG2SZ;
	return __ffs64(~coded) + 1 - pts->level * (PT_TABLEMEM_LG2SZ - 3);
}

#define pt_entry_num_contig_lg2 amdv1pt_entry_num_contig_lg2

static inline unsigned int amdv1pt_table_item_lg2sz(const struct pt_state *pts)
{
	return PT_GRANULE_LG2SZ + (PT_TABLEMEM_LG2SZ - 3) * pts->level;
}

#define pt_table_item_lg2sz amdv1pt_table_item_lg2sz

static inline pt_oaddr_t amdv1pt_entry_oa(const struct pt_state *pts)
{
	unsigned int lg2sz = amdv1pt_table_item_lg2sz(pts) +
			     amdv1pt_entry_num_contig_lg2(pts);

	return amdv1pt_field_to_oa(pts->entry) & ~oa_lg2max(lg2sz);
}

#define pt_entry_oa amdv1pt_entry_oa

static inline bool amdv1pt_can_have_leaf(const struct pt_state *pts)
{
	return amdv1pt_table_item_lg2sz(pts) < PT_MAX_OUTPUT_ADDRESS_LG2;
}

#define pt_can_have_leaf amdv1pt_can_have_leaf

static inline pt_vaddr_t amdv1pt_possible_sizes(const struct pt_state *pts)
{
	unsigned int item_lg2 = amdv1pt_table_item_lg2sz(pts);
	unsigned int top_lg2 = min(item_lg2 + AMDV1PT_MAX_CONTIG_LG2,
				   PT_MAX_OUTPUT_ADDRESS_LG2 - 1);
	pt_vaddr_t sizes;

	if (!amdv1pt_can_have_leaf(pts))
		return 0;
	sizes = GENMASK_ULL(top_lg2, item_lg2);
	if (pts->level == AMDV1PT_NO_DEFAULT_LEAF_LEVEL)
		sizes &= ~va_lg2int(item_lg2);
	return sizes;
}

#define pt_possible_sizes amdv1pt_possible_sizes

static inline void amdv1pt_install_leaf_entry(struct pt_state *pts,
					      pt_oaddr_t oa,
					      unsigned int oasz_lg2,
					      const struct pt_write_attrs *attrs)
{
	unsigned int contig_lg2 = oasz_lg2 - amdv1pt_table_item_lg2sz(pts);
	u64 entry = attrs->descriptor_bits | AMDV1PT_FMT_PR;

	if (contig_lg2) {
		/* Ones below bit oasz_lg2 - 1 code the page size */
		entry |= FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL,
				    AMDV1PT_NEXT_LEVEL_SIZED) |
			 amdv1pt_oa_to_field(oa | oa_lg2max(oasz_lg2 - 1));
	} else {
		entry |= amdv1pt_oa_to_field(oa);
	}
	pt_write_leaf64(pts, entry, 1U << contig_lg2);
}

#define pt_install_leaf_entry amdv1pt_install_leaf_entry

static inline bool amdv1pt_install_table(struct pt_state *pts,
					 pt_oaddr_t table_pa,
					 const struct pt_write_attrs *attrs)
{
	/* Permissions are only restricted by the leaves */
	u64 entry = AMDV1PT_FMT_PR | AMDV1PT_FMT_IR | AMDV1PT_FMT_IW |
		    FIELD_PREP(AMDV1PT_FMT_NEXT_LEVEL, pts->level) |
		    amdv1pt_oa_to_field(table_pa) |
		    amdv1pt_sme_bits(pts->range->common);

	return pt_table_install64(pts, entry);
}

#define pt_install_table amdv1pt_install_table

static inline void amdv1pt_attr_from_entry(const struct pt_state *pts,
					   struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits =
		pts->entry & (AMDV1PT_FMT_IR | AMDV1PT_FMT_IW | AMDV1PT_FMT_FC |
			      amdv1pt_sme_bits(pts->range->common));
}

#define pt_attr_from_entry amdv1pt_attr_from_entry

/* For the debugfs dump: IR/IW, force coherence, encryption, accessed */
static inline void amdv1pt_entry_attr_names(const struct pt_state *pts,
					    struct pt_attr_names *names)
{
	u64 sme = amdv1pt_sme_bits(pts->range->common);

	pt_attr_name(names, pts->entry & AMDV1PT_FMT_IR, "r");
	pt_attr_name(names, pts->entry & AMDV1PT_FMT_IW, "w");
	pt_attr_name(names, pts->entry & AMDV1PT_FMT_FC, "fc");
	pt_attr_name(names, sme && (pts->entry & sme) == sme, "enc");
	pt_attr_name(names, pts->entry & AMDV1PT_FMT_A, "accessed");
}

#define pt_entry_attr_names amdv1pt_entry_attr_names

/* IOMMU glue: prot bits, init and the values a driver programs */
static inline int amdv1pt_iommu_set_prot(struct pt_common *common,
					 struct pt_write_attrs *attrs,
					 unsigned int iommu_prot)
{
	u64 bits = 0;

	if (iommu_prot & IOMMU_READ)
		bits |= AMDV1PT_FMT_IR;
	if (iommu_prot & IOMMU_WRITE)
		bits |= AMDV1PT_FMT_IW;
	if (pt_feature(common, PT_FEAT_AMDV1_FORCE_COHERENCE))
		bits |= AMDV1PT_FMT_FC;
	/* MMIO is never behind the memory encryption engine */
	if (!(iommu_prot & IOMMU_MMIO))
		bits |= amdv1pt_sme_bits(common);
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_set_prot amdv1pt_iommu_set_prot

static inline int amdv1pt_iommu_fmt_init(struct pt_iommu_amdv1 *table,
					 const struct pt_iommu_amdv1_cfg *cfg)
{
	if (cfg->starting_level > PT_MAX_TOP_LEVEL)
		return -EINVAL;
	table->amdpt.common.top_of_table = cfg->starting_level;
	return 0;
}

#define pt_iommu_fmt_init amdv1pt_iommu_fmt_init

static inline void
amdv1pt_iommu_fmt_hw_info(struct pt_iommu_amdv1 *table,
			  const struct pt_range *top_range,
			  struct pt_iommu_amdv1_hw_info *info)
{
	info->host_pt_root = virt_to_phys(top_range->top_table) |
			     amdv1pt_sme_bits(top_range->common);
	info->mode = top_range->top_level + 1;
}

#define pt_iommu_fmt_hw_info amdv1pt_iommu_fmt_hw_info

#ifdef GENERIC_PT_KUNIT
/*
 * The configurations every KUnit case of this format runs over (see
 * kunit/kunit_generic_pt.h): fixed tables of each starting level, tables
 * that grow their top, VA widths from 32 to 64 bits, OA widths from 40
 * bits to the format's maximum, and the optional features.
 */
#ifdef AMDV1_MOCK_GRANULE
#define AMDV1PT_KUNIT_ENCRYPT 0
#else
#define AMDV1PT_KUNIT_ENCRYPT BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES)
#endif

static const struct pt_kunit_fmt_cfg kunit_fmt_cfgs[] = {
	{
		.name = "dyn_l0_va64_oamax",
		.cfg.common.features = BIT(PT_FEAT_DYNAMIC_TOP),
		.cfg.common.hw_max_vasz_lg2 = 64,
		.cfg.common.hw_max_oasz_lg2 = PT_MAX_OUTPUT_ADDRESS_LG2,
		.cfg.starting_level = 0,
	},
	{
		.name = "dyn_l1_va57_oa48_fc",
		.cfg.common.features = BIT(PT_FEAT_DYNAMIC_TOP) |
				       BIT(PT_FEAT_AMDV1_FORCE_COHERENCE),
		.cfg.common.hw_max_vasz_lg2 = 57,
		.cfg.common.hw_max_oasz_lg2 = 48,
		.cfg.starting_level = 1,
	},
	{
		.name = "dyn_l2_va48_oa40_nogaps",
		.cfg.common.features = BIT(PT_FEAT_DYNAMIC_TOP) |
				       BIT(PT_FEAT_FLUSH_RANGE) |
				       BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS),
		.cfg.common.hw_max_vasz_lg2 = 48,
		.cfg.common.hw_max_oasz_lg2 = 40,
		.cfg.starting_level = 2,
	},
	{
		.name = "l0_va64_oa40",
		.cfg.common.hw_max_vasz_lg2 = 64,
		.cfg.common.hw_max_oasz_lg2 = 40,
		.cfg.starting_level = 0,
	},
	{
		.name = "l2_va32_oa40",
		.cfg.common.hw_max_vasz_lg2 = 32,
		.cfg.common.hw_max_oasz_lg2 = 40,
		.cfg.starting_level = 2,
	},
	{
		.name = "l3_va48_oamax_fc_enc",
		.cfg.common.features = BIT(PT_FEAT_AMDV1_FORCE_COHERENCE) |
				       AMDV1PT_KUNIT_ENCRYPT,
		.cfg.common.hw_max_vasz_lg2 = 48,
		.cfg.common.hw_max_oasz_lg2 = PT_MAX_OUTPUT_ADDRESS_LG2,
		.cfg.starting_level = 3,
	},
	{
		.name = "l4_va57_oa48_nogaps",
		.cfg.common.features = BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS),
		.cfg.common.hw_max_vasz_lg2 = 57,
		.cfg.common.hw_max_oasz_lg2 = 48,
		.cfg.starting_level = 4,
	},
	{
		.name = "l5_va64_oamax_range",
		.cfg.common.features = BIT(PT_FEAT_FLUSH_RANGE),
		.cfg.common.hw_max_vasz_lg2 = 64,
		.cfg.common.hw_max_oasz_lg2 = PT_MAX_OUTPUT_ADDRESS_LG2,
		.cfg.starting_level = 5,
	},
};
#endif

#endif
