/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AMD IOMMU v1 host page table as the AMD I/O Virtualization
 * Technology specification describes it, written for the KUnit suites
 * without using fmt/amdv1.h: the suites compare what the format accessors
 * and the exported functions produce with what these functions say the
 * hardware expects. The mock variant keeps the layout with a 2K granule:
 * the address field then holds output address bit 11 in entry bit 12.
 *
 * See spec_common.h for the interface every spec provides; this one's
 * literal facts are a case of their own (KSPEC_OWN_FACTS), in
 * kunit/kunit_amdv1_facts.h.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_AMDV1_H
#define __GENERIC_PT_KUNIT_SPEC_AMDV1_H

/* Entry fields: PR, D, NextLevel, address, FC, IR, IW */
#define KSPEC_PR BIT_ULL(0)
#define KSPEC_D BIT_ULL(6)
#define KSPEC_NEXT_LEVEL_SHIFT 9
#define KSPEC_ADDR_MASK GENMASK_ULL(51, 12)
#define KSPEC_FC BIT_ULL(60)
#define KSPEC_IR BIT_ULL(61)
#define KSPEC_IW BIT_ULL(62)
/* NextLevel 7: a leaf whose size is coded in the address field */
#define KSPEC_NEXT_LEVEL_SIZED 7ULL

#ifdef AMDV1_MOCK_GRANULE
#define KSPEC_GRANULE_LG2 11
#define KSPEC_ENCRYPT 0
#else
#define KSPEC_GRANULE_LG2 12
#define KSPEC_ENCRYPT BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES)
#endif
/* 4K tables of 8-byte entries: 512 entries, 9 VA bits per level */
#define KSPEC_LEVEL_BITS 9
/* DTE Mode 1 to 6: one to six levels */
#define KSPEC_MAX_LEVELS 6
#define KSPEC_MAX_VA_LG2 64
/* The address field ends at bit 51 */
#define KSPEC_MAX_OA_LG2 (52 - (12 - KSPEC_GRANULE_LG2))
/* The format keeps no software marks */
#define KSPEC_SW_BITS 0ULL
/* The table grows its top; the walker snoops; tables may be encrypted */
#define KSPEC_FEATURES                                                 \
	(BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE) |         \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) | KSPEC_ENCRYPT |            \
	 BIT(PT_FEAT_AMDV1_FORCE_COHERENCE))
#define KSPEC_FORCED_FEATURES 0
/* Its literal facts need more than the tables of spec_common.h */
#define KSPEC_OWN_FACTS 1
/* Level (counted from 0) whose default page size, 512G, does not exist */
#define KSPEC_NO_DEFAULT_LEAF_LEVEL 3

#include "spec_common.h"

/*
 * Leaf sizes a level holds: its default size (NextLevel 0) and, with
 * NextLevel 7, the larger powers of two below the next level's default
 * size, limited by the width of the address field.
 */
static inline u64 kspec_level_sizes(const struct pt_common *common,
				    unsigned int level)
{
	unsigned int lo = kspec_item_lg2(level);
	unsigned int hi = min_t(unsigned int, kspec_item_lg2(level + 1) - 1,
				KSPEC_MAX_OA_LG2 - 1);
	u64 sizes;

	if (lo > hi)
		return 0;
	sizes = GENMASK_ULL(hi, lo);
	if (level == KSPEC_NO_DEFAULT_LEAF_LEVEL)
		sizes &= ~BIT_ULL(lo);
	return sizes;
}

static inline u64 kspec_addr_field(u64 oa)
{
	return (oa << (12 - KSPEC_GRANULE_LG2)) & KSPEC_ADDR_MASK;
}

static inline u64 kspec_sme_bit(const struct pt_common *common)
{
	return kspec_sme_if(common, PT_FEAT_AMDV1_ENCRYPT_TABLES);
}

static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot)
{
	u64 bits = kspec_rw_bits(prot, KSPEC_IR, KSPEC_IW);

	/* FC with forced coherence; MMIO is never encrypted */
	if (common->features & BIT(PT_FEAT_AMDV1_FORCE_COHERENCE))
		bits |= KSPEC_FC;
	return bits | (prot & IOMMU_MMIO ? 0 : kspec_sme_bit(common));
}

/*
 * NextLevel 0 for the default size, else NextLevel 7 with the address
 * bits below size_lg2 - 1 set and bit size_lg2 - 1 clear, in every item.
 */
static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits,
			     unsigned int i)
{
	u64 next_level = 0;

	if (size_lg2 != kspec_item_lg2(level)) {
		next_level = KSPEC_NEXT_LEVEL_SIZED;
		if (size_lg2 - 1 > KSPEC_GRANULE_LG2)
			oa |= GENMASK_ULL(size_lg2 - 2, KSPEC_GRANULE_LG2);
	}
	return KSPEC_PR | next_level << KSPEC_NEXT_LEVEL_SHIFT |
	       kspec_addr_field(oa) | prot_bits;
}

/*
 * NextLevel is the level of the lower table counted from 1, which is
 * @level counted from 0. Readable and writable; only leaves restrict
 * access.
 */
static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level)
{
	return KSPEC_PR | KSPEC_IR | KSPEC_IW |
	       (u64)level << KSPEC_NEXT_LEVEL_SHIFT | kspec_addr_field(pa) |
	       kspec_sme_bit(common);
}

static inline u64 kspec_dirty_bit(void)
{
	return KSPEC_D;
}

static inline unsigned int kspec_start_level(const PT_IOMMU_CFG_T *cfg)
{
	return cfg->starting_level;
}

/* The width of the top, of the six-level top when it may grow */
static inline unsigned int kspec_va_lg2(const PT_IOMMU_CFG_T *cfg)
{
	unsigned int level = cfg->starting_level;

	if (cfg->common.features & BIT(PT_FEAT_DYNAMIC_TOP))
		level = KSPEC_MAX_LEVELS - 1;
	return min_t(unsigned int, cfg->common.hw_max_vasz_lg2,
		     kspec_level_va_lg2(level));
}

static inline bool kspec_bad_fmt_cfg(PT_IOMMU_CFG_T *cfg)
{
	cfg->starting_level = KSPEC_MAX_LEVELS;
	return true;
}

/*
 * The DTE: Mode is the number of levels and the root pointer is the top
 * table (bits 51:12, plus the SME bit when tables are encrypted).
 */
static u64 kspec_hw_info_root(const struct pt_iommu_table_hw_info *info,
			      const struct pt_common *common, u64 *top_pa,
			      unsigned int *levels)
{
	*levels = info->mode;
	*top_pa = info->host_pt_root & KSPEC_ADDR_MASK;
	return info->host_pt_root & ~(KSPEC_ADDR_MASK | kspec_sme_bit(common));
}

/*
 * PR clear: nothing. NextLevel 1-6: a lower table of that level (counted
 * from 1), below this one. NextLevel 0: a leaf of the level's default
 * size. NextLevel 7: a leaf whose size is one more than the number of
 * ones above the granule bit in the address.
 */
static void kspec_decode(const struct pt_common *common, u64 entry,
			 unsigned int level, struct kspec_pte *pte)
{
	u64 next = (entry >> KSPEC_NEXT_LEVEL_SHIFT) & 7;
	u64 addr = (__sme_clr(entry) & KSPEC_ADDR_MASK) >>
		   (12 - KSPEC_GRANULE_LG2);

	memset(pte, 0, sizeof(*pte));
	pte->type = KSPEC_FAULT;
	if (!(entry & KSPEC_PR)) {
		pte->type = KSPEC_EMPTY;
		return;
	}
	if (next != 0 && next != KSPEC_NEXT_LEVEL_SIZED) {
		if (next > level)
			return;
		pte->type = KSPEC_TABLE;
		pte->pa = addr;
		pte->next_level = next - 1;
		return;
	}
	pte->size_lg2 = kspec_item_lg2(level);
	if (next == KSPEC_NEXT_LEVEL_SIZED)
		pte->size_lg2 = KSPEC_GRANULE_LG2 + 1 +
				__ffs64(~(addr >> KSPEC_GRANULE_LG2));
	if (pte->size_lg2 < kspec_item_lg2(level))
		return;
	pte->type = KSPEC_LEAF;
	pte->pa = addr & ~(BIT_ULL(pte->size_lg2) - 1);
}

#endif
