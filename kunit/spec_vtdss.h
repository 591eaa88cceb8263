/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Intel VT-d second-stage table as the VT-d specification describes
 * it ("Second-Stage Paging Entries", "Context Entry"), written for the
 * KUnit suites without using fmt/vtdss.h. See spec_common.h for the
 * interface.
 *
 * Entries have no present bit: R or W set makes one present. A table of
 * level 1 or 2 (PDE, PDPE) holds a 2M or 1G page when PS (bit 7) is set;
 * level 0 (PTE) always holds 4K pages and ignores bit 7. The context
 * entry's AW field codes 3, 4 and 5 levels as 1, 2 and 3.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_VTDSS_H
#define __GENERIC_PT_KUNIT_SPEC_VTDSS_H

#define KSPEC_R BIT_ULL(0)
#define KSPEC_W BIT_ULL(1)
#define KSPEC_PS BIT_ULL(7)
#define KSPEC_D BIT_ULL(9)
#define KSPEC_SNP BIT_ULL(11)
#define KSPEC_ADDR_MASK GENMASK_ULL(51, 12)

/* 4K pages and tables; AW 3 is 5 levels and a 57-bit guest address */
#define KSPEC_RADIX_4K_5LEVEL
/* The host address width (HAW) is at most 52 bits */
#define KSPEC_MAX_OA_LG2 52
/* Ignored by the hardware in every second-stage entry */
#define KSPEC_SW_BITS GENMASK_ULL(61, 52)
#define KSPEC_FEATURES                                                 \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_VTDSS_FORCE_COHERENCE) |                          \
	 BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE))
#define KSPEC_FORCED_FEATURES 0
/* The fewest levels: 3 (AW 1, 39 bits) */
#define KSPEC_MIN_TOP_LEVEL 2
/* A guest physical address: never sign extended */
#define KSPEC_HW_SIGN_EXTENDS 0
/* Pages of 4K, 2M (PDE) and 1G (PDPE) */
#define KSPEC_MAX_LEAF_LEVEL 2
/* Literally: without and with the optional sizes */
#define KSPEC_FACT_SIZES 0x40201000ULL
#define KSPEC_FACT_SIZES_ALL 0x40201000ULL
#define KSPEC_NO_FMT_FIELDS
#define kspec_prot_ok kspec_prot_ok

#include "spec_common.h"

/* R and W as asked; SNP on every leaf when coherence is forced */
static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot)
{
	bool snoop = common->features & BIT(PT_FEAT_VTDSS_FORCE_COHERENCE);

	return kspec_rw_bits(prot, KSPEC_R, KSPEC_W) | (snoop ? KSPEC_SNP : 0);
}

/* A leaf needs R or W; with FORCE_WRITEABLE read-only leaves are refused */
static inline bool kspec_prot_ok(const struct pt_common *common,
				 unsigned int prot)
{
	if (common->features & BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE))
		return prot & IOMMU_WRITE;
	return prot & (IOMMU_READ | IOMMU_WRITE);
}

static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits,
			     unsigned int i)
{
	return (oa & KSPEC_ADDR_MASK) | prot_bits | (level ? KSPEC_PS : 0);
}

/* A pointer grants R and W: only leaves restrict access */
static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level)
{
	return KSPEC_R | KSPEC_W | (pa & KSPEC_ADDR_MASK);
}

static inline u64 kspec_dirty_bit(void)
{
	return KSPEC_D;
}

/* SSPTPTR holds the top table's address; AW + 2 is the number of levels */
static u64 kspec_hw_info_root(const struct pt_iommu_table_hw_info *info,
			      const struct pt_common *common, u64 *top_pa,
			      unsigned int *levels)
{
	*levels = info->aw + 2;
	*top_pa = info->ssptptr & KSPEC_ADDR_MASK;
	return info->ssptptr & ~KSPEC_ADDR_MASK;
}

/*
 * Neither R nor W: not present. A PTE, or a PDE/PDPE with PS, is a page;
 * address bits below a large page's size are reserved, and PS is reserved
 * above the PDPE. Otherwise the entry points to the next table.
 */
static void kspec_decode(const struct pt_common *common, u64 entry,
			 unsigned int level, struct kspec_pte *pte)
{
	memset(pte, 0, sizeof(*pte));
	pte->pa = entry & KSPEC_ADDR_MASK;
	if (!(entry & (KSPEC_R | KSPEC_W))) {
		pte->type = KSPEC_EMPTY;
	} else if (level && !(entry & KSPEC_PS)) {
		pte->type = KSPEC_TABLE;
		pte->next_level = level - 1;
	} else if (level > KSPEC_MAX_LEAF_LEVEL ||
		   pte->pa & (BIT_ULL(kspec_item_lg2(level)) - 1)) {
		pte->type = KSPEC_FAULT;
	} else {
		pte->type = KSPEC_LEAF;
		pte->size_lg2 = kspec_item_lg2(level);
	}
}

/*
 * Facts of the specification with literal values: R is bit 0, W bit 1,
 * PS bit 7, D bit 9, SNP bit 11, the address bits 51:12; the page sizes
 * are 4K, 2M and 1G. Read-only leaves are refused when W is forced.
 */
static const struct kspec_leaf_fact kspec_leaf_facts[] = {
	{ BIT(PT_FEAT_VTDSS_FORCE_COHERENCE), IOMMU_READ | IOMMU_WRITE, 0, 12,
	  0xfedcb000ULL, 1, 0xfedcb803ULL, 0xfedcba03ULL },
	{ BIT(PT_FEAT_VTDSS_FORCE_COHERENCE), IOMMU_READ | IOMMU_WRITE, 2, 30,
	  0x7c0000000ULL, 1, 0x7c0000883ULL },
	{ 0, IOMMU_READ, 0, 12, 0x000fffffffe00000ULL, 1,
	  0x000fffffffe00001ULL },
	{ 0, IOMMU_WRITE | IOMMU_NOEXEC | IOMMU_PRIV, 1, 21, 0x40200000ULL, 1,
	  0x40200082ULL },
	{ BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE), IOMMU_READ, 0, 12 },
	{ BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE), IOMMU_WRITE, 0, 12, 0x1000ULL, 1,
	  0x1002ULL },
};

static const struct kspec_pointer_fact kspec_pointer_facts[] = {
	{ 2, 0x123456789000ULL, 0x123456789003ULL },
};

#endif
