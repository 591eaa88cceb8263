/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The RISC-V Sv39/Sv48/Sv57 table as the privileged specification
 * ("Sv39", "Sv48", "Sv57", "Svnapot") and the IOMMU specification (the
 * iosatp/fsc MODE and PPN) describe it, written for the KUnit suites
 * without using fmt/riscv64.h. See spec_common.h for the interface.
 *
 * IOVAs are always sign extended. A valid entry with none of R, W, X
 * points to the next table; with any of them it is a page of the level's
 * size (4K, 2M, 1G, 512G, 256T), which must be aligned to it. W without R
 * is reserved. With Svnapot a 4K-level entry with N set and PPN[3:0] =
 * 1000b is one of sixteen identical entries mapping a 64K page.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_RISCV64_H
#define __GENERIC_PT_KUNIT_SPEC_RISCV64_H

#define KSPEC_V BIT_ULL(0)
#define KSPEC_R BIT_ULL(1)
#define KSPEC_W BIT_ULL(2)
#define KSPEC_X BIT_ULL(3)
#define KSPEC_U BIT_ULL(4)
#define KSPEC_A BIT_ULL(6)
#define KSPEC_D BIT_ULL(7)
#define KSPEC_PPN_SHIFT 10
#define KSPEC_PPN_MASK GENMASK_ULL(53, 10)
/* Reserved (bits 60:54) and, without Svpbmt, PBMT (62:61) */
#define KSPEC_RESERVED GENMASK_ULL(62, 54)
#define KSPEC_N BIT_ULL(63)
/* PPN[3:0] of a 64K NAPOT entry */
#define KSPEC_NAPOT_64K_PPN 0x8ULL
#define KSPEC_NAPOT_64K_LG2 16
/* Literally: without and with the optional sizes */
#define KSPEC_FACT_SIZES 0x1008040201000ULL
#define KSPEC_FACT_SIZES_ALL 0x1008040211000ULL

/* 4K pages and a page of PTEs per level; Sv57 has 5 levels, 57 bits */
#define KSPEC_RADIX_4K_5LEVEL
/* A 44-bit PPN */
#define KSPEC_MAX_OA_LG2 56
/* RSW: reserved for software */
#define KSPEC_SW_BITS GENMASK_ULL(9, 8)
#define KSPEC_FEATURES                                                 \
	(BIT(PT_FEAT_SIGN_EXTEND) | BIT(PT_FEAT_FLUSH_RANGE) |         \
	 BIT(PT_FEAT_RISCV_SVNAPOT_64K))
#define KSPEC_FORCED_FEATURES BIT(PT_FEAT_SIGN_EXTEND)
/* Sv39, the fewest levels, has MODE 8 */
#define KSPEC_MIN_TOP_LEVEL 2
#define KSPEC_HW_SIGN_EXTENDS 1
#define KSPEC_MODE_SV39 8
/* The root's PPN field is 44 bits */
#define KSPEC_ROOT_PPN_MASK GENMASK_ULL(43, 0)
#define KSPEC_NO_FMT_FIELDS

#include "spec_common.h"

/* Every level holds a page of its item size; level 0 also 64K NAPOT */
static inline u64 kspec_level_sizes(const struct pt_common *common,
				    unsigned int level)
{
	u64 sizes = BIT_ULL(kspec_item_lg2(level));

	if (!level && common->features & BIT(PT_FEAT_RISCV_SVNAPOT_64K))
		sizes |= BIT_ULL(KSPEC_NAPOT_64K_LG2);
	return sizes;
}

/* Readable always (W needs R), W for IOMMU_WRITE, U unless privileged */
static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot)
{
	return KSPEC_R | kspec_rw_bits(prot, 0, KSPEC_W) |
	       (prot & IOMMU_PRIV ? 0 : KSPEC_U);
}

static inline u64 kspec_ppn(u64 pa)
{
	return (pa >> KSPEC_GRANULE_LG2) << KSPEC_PPN_SHIFT & KSPEC_PPN_MASK;
}

/* Accessed is set up front, dirty is left to the walker */
static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits,
			     unsigned int i)
{
	u64 entry = KSPEC_V | KSPEC_A | prot_bits;

	if (size_lg2 == kspec_item_lg2(level))
		return entry | kspec_ppn(oa);
	return entry | KSPEC_N |
	       kspec_ppn(oa | KSPEC_NAPOT_64K_PPN << KSPEC_GRANULE_LG2);
}

/* V alone: a pointer to the next table */
static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level)
{
	return KSPEC_V | kspec_ppn(pa);
}

static inline u64 kspec_dirty_bit(void)
{
	return KSPEC_D;
}

/* iosatp/fsc: the top table's PPN and MODE 8, 9, 10 for 3, 4, 5 levels */
static u64 kspec_hw_info_root(const struct pt_iommu_table_hw_info *info,
			      const struct pt_common *common, u64 *top_pa,
			      unsigned int *levels)
{
	*levels = info->mode - KSPEC_MODE_SV39 + KSPEC_MIN_TOP_LEVEL + 1;
	*top_pa = (info->ppn & KSPEC_ROOT_PPN_MASK) << KSPEC_GRANULE_LG2;
	return info->ppn & ~KSPEC_ROOT_PPN_MASK;
}

/*
 * V clear: invalid. No R/W/X: a pointer (a fault at level 0 or with N).
 * Otherwise a page, faulting when W is without R, when it is misaligned,
 * or when N is set other than on a 64K NAPOT entry at level 0.
 */
static void kspec_decode(const struct pt_common *common, u64 entry,
			 unsigned int level, struct kspec_pte *pte)
{
	u64 ppn = (entry & KSPEC_PPN_MASK) >> KSPEC_PPN_SHIFT;

	memset(pte, 0, sizeof(*pte));
	pte->type = KSPEC_FAULT;
	pte->pa = ppn << KSPEC_GRANULE_LG2;
	if (!(entry & KSPEC_V)) {
		pte->type = KSPEC_EMPTY;
		return;
	}
	if (entry & KSPEC_RESERVED)
		return;
	if (!(entry & (KSPEC_R | KSPEC_W | KSPEC_X))) {
		if (level && !(entry & KSPEC_N)) {
			pte->type = KSPEC_TABLE;
			pte->next_level = level - 1;
		}
		return;
	}
	if ((entry & KSPEC_W) && !(entry & KSPEC_R))
		return;
	pte->size_lg2 = kspec_item_lg2(level);
	if (entry & KSPEC_N) {
		if (level || (ppn & 0xf) != KSPEC_NAPOT_64K_PPN)
			return;
		pte->size_lg2 = KSPEC_NAPOT_64K_LG2;
		pte->pa &= ~(BIT_ULL(KSPEC_NAPOT_64K_LG2) - 1);
	} else if (pte->pa & (BIT_ULL(pte->size_lg2) - 1)) {
		return;
	}
	pte->type = KSPEC_LEAF;
}

/*
 * Facts of the specifications with literal values: V bit 0, R 1, W 2,
 * U 4, A 6, D 7, the PPN from bit 10, N bit 63 with PPN[3:0] = 1000b for
 * 64K; pages of 4K, 2M, 1G, 512G and 256T, plus 64K with Svnapot. A
 * pointer is V alone.
 */
static const struct kspec_leaf_fact kspec_leaf_facts[] = {
	{ 0, IOMMU_READ | IOMMU_WRITE, 0, 12, 0x80001000ULL, 1,
	  0x20000457ULL, 0x200004d7ULL },
	{ BIT(PT_FEAT_RISCV_SVNAPOT_64K), IOMMU_READ | IOMMU_WRITE, 0, 16,
	  0x12340000ULL, 16, 0x80000000048d2057ULL, 0x80000000048d20d7ULL },
	{ 0, IOMMU_READ | IOMMU_PRIV, 1, 21, 0x40200000ULL, 1,
	  0x10080043ULL },
	{ 0, IOMMU_WRITE | IOMMU_NOEXEC, 3, 39, 0x8000000000ULL, 1,
	  0x2000000057ULL },
	{ 0, IOMMU_READ, 4, 48, 0x00ff000000000000ULL, 1,
	  0x003fc00000000053ULL },
};

static const struct kspec_pointer_fact kspec_pointer_facts[] = {
	{ 1, 0x123456789000ULL, 0x48d159e2401ULL },
};

#endif
