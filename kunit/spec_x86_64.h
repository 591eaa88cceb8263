/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 64-bit 4- and 5-level table as the Intel SDM ("4-Level Paging
 * and 5-Level Paging") and the AMD IOMMU specification (guest page
 * tables) describe it, written for the KUnit suites without using
 * fmt/x86_64.h. See spec_common.h for the interface.
 *
 * The hardware always sign extends: 4 levels translate the 48-bit
 * canonical IOVAs (bits 63:47 all equal), 5 levels the 57-bit ones. A
 * table without PT_FEAT_SIGN_EXTEND uses only the lower half, so it has
 * at most 47 or 56 bits. A PDE or PDPE with PS holds a 2M or 1G page whose
 * bit 12 is PAT; PS is reserved above the PDPE.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_X86_64_H
#define __GENERIC_PT_KUNIT_SPEC_X86_64_H

#define KSPEC_P BIT_ULL(0)
#define KSPEC_RW BIT_ULL(1)
#define KSPEC_US BIT_ULL(2)
#define KSPEC_A BIT_ULL(5)
#define KSPEC_D BIT_ULL(6)
#define KSPEC_PS BIT_ULL(7)
#define KSPEC_PAT_LARGE BIT_ULL(12)
#define KSPEC_XD BIT_ULL(63)
#define KSPEC_ADDR_MASK GENMASK_ULL(51, 12)

/* A PTE maps 4K, paging structures are 4K; PML5 decodes 57 bits */
#define KSPEC_RADIX_4K_5LEVEL
/* MAXPHYADDR is at most 52 */
#define KSPEC_MAX_OA_LG2 52
/* Available to software in every entry (AMD: AVL) */
#define KSPEC_SW_BITS GENMASK_ULL(11, 9)
#define KSPEC_FEATURES                                                 \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_SIGN_EXTEND) |      \
	 BIT(PT_FEAT_FLUSH_RANGE) | BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) | \
	 BIT(PT_FEAT_X86_64_AMD_ENCRYPT_TABLES))
#define KSPEC_FORCED_FEATURES 0
/* 4 levels (PML4) or 5 (PML5), canonical IOVAs only */
#define KSPEC_MIN_TOP_LEVEL 3
#define KSPEC_HW_SIGN_EXTENDS 1
/* Pages of 4K, 2M (PDE) and 1G (PDPE) */
#define KSPEC_MAX_LEAF_LEVEL 2
/* Literally: without and with the optional sizes */
#define KSPEC_FACT_SIZES 0x40201000ULL
#define KSPEC_FACT_SIZES_ALL 0x40201000ULL
#define KSPEC_NO_FMT_FIELDS

#include "spec_common.h"

static inline u64 kspec_sme_bit(const struct pt_common *common)
{
	return kspec_sme_if(common, PT_FEAT_X86_64_AMD_ENCRYPT_TABLES);
}

/*
 * Present entries are readable; RW for IOMMU_WRITE, US unless the access
 * is privileged, XD for IOMMU_NOEXEC, and the SME bit except for MMIO.
 */
static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot)
{
	return kspec_rw_bits(prot, 0, KSPEC_RW) |
	       (prot & IOMMU_PRIV ? 0 : KSPEC_US) |
	       (prot & IOMMU_NOEXEC ? KSPEC_XD : 0) |
	       (prot & IOMMU_MMIO ? 0 : kspec_sme_bit(common));
}

/* Accessed is set up front, dirty is left to the walker */
static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits,
			     unsigned int i)
{
	return KSPEC_P | KSPEC_A | (level ? KSPEC_PS : 0) |
	       (oa & KSPEC_ADDR_MASK) | prot_bits;
}

/* A pointer grants everything: only leaves restrict access */
static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level)
{
	return KSPEC_P | KSPEC_RW | KSPEC_US | KSPEC_A |
	       (pa & KSPEC_ADDR_MASK) | kspec_sme_bit(common);
}

static inline u64 kspec_dirty_bit(void)
{
	return KSPEC_D;
}

/* CR3-like root: the top table's address (plus SME), and the level count */
static u64 kspec_hw_info_root(const struct pt_iommu_table_hw_info *info,
			      const struct pt_common *common, u64 *top_pa,
			      unsigned int *levels)
{
	*levels = info->levels;
	*top_pa = __sme_clr(info->gcr3_pt) & KSPEC_ADDR_MASK;
	return info->gcr3_pt & ~(KSPEC_ADDR_MASK | kspec_sme_bit(common));
}

/*
 * P clear: not present. A PTE, or a PDE/PDPE with PS, is a page; address
 * bits below a large page's size other than PAT are reserved, and PS is
 * reserved above the PDPE. Otherwise the entry points to the next table.
 */
static void kspec_decode(const struct pt_common *common, u64 entry,
			 unsigned int level, struct kspec_pte *pte)
{
	u64 low;

	memset(pte, 0, sizeof(*pte));
	pte->pa = __sme_clr(entry) & KSPEC_ADDR_MASK;
	if (!(entry & KSPEC_P)) {
		pte->type = KSPEC_EMPTY;
		return;
	}
	if (level && !(entry & KSPEC_PS)) {
		pte->type = KSPEC_TABLE;
		pte->next_level = level - 1;
		return;
	}
	pte->size_lg2 = kspec_item_lg2(level);
	low = pte->pa & (BIT_ULL(pte->size_lg2) - 1);
	if (level)
		low &= ~KSPEC_PAT_LARGE;
	pte->type = level > KSPEC_MAX_LEAF_LEVEL || low ? KSPEC_FAULT :
							 KSPEC_LEAF;
}

/*
 * Facts of the specifications with literal values: P bit 0, R/W bit 1,
 * U/S bit 2, A bit 5, D bit 6, PS bit 7, XD bit 63, the address bits
 * 51:12; pages of 4K, 2M and 1G. A PML4E pointer has P, R/W, U/S and A.
 */
static const struct kspec_leaf_fact kspec_leaf_facts[] = {
	{ 0, IOMMU_READ | IOMMU_WRITE, 0, 12, 0xfedcb000ULL, 1,
	  0xfedcb027ULL, 0xfedcb067ULL },
	{ 0, IOMMU_READ | IOMMU_PRIV | IOMMU_NOEXEC, 1, 21, 0x40200000ULL, 1,
	  0x80000000402000a1ULL },
	{ 0, IOMMU_WRITE | IOMMU_CACHE, 2, 30, 0x000fffffc0000000ULL, 1,
	  0x000fffffc00000a7ULL },
};

static const struct kspec_pointer_fact kspec_pointer_facts[] = {
	{ 3, 0x123456789000ULL, 0x123456789027ULL },
};

#endif
