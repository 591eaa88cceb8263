/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Apple DART descriptors as io-pgtable-dart.c and apple-dart.c of
 * Linux 6.1 define them, written for the KUnit suites without using
 * fmt/dart.h: two hardware levels (L1 table pointers, L2 pages) of one
 * granule each, up to four TTBRs above them, DART1 and DART2 encodings.
 *
 * For the generic suites (the interface of spec_common.h) the TTBRs are
 * level 2, a table of 1, 2 or 4 items cut to the input width whose items
 * are what the TTBR registers hold; hw_info must give the same values.
 * Its L1 tables exist from init.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_DART_H
#define __GENERIC_PT_KUNIT_SPEC_DART_H

#include <linux/bits.h>
#include <linux/iommu.h>
#include <linux/types.h>

#define KSPEC_GRANULE_LG2 DART_GRANULE_LG2SZ
/* A hardware table is one granule of 8-byte descriptors */
#define KSPEC_TABLE_ITEMS_LG2 (KSPEC_GRANULE_LG2 - 3)
/* IOVA bits below the TTBR index: page offset, L2 index, L1 index */
#define KSPEC_TTBR_SHIFT (KSPEC_GRANULE_LG2 + 2 * KSPEC_TABLE_ITEMS_LG2)
#define KSPEC_MAX_TTBRS 4
#define KSPEC_TTBR_BITS 2

/* L2, L1 and the TTBRs */
#define KSPEC_MAX_LEVELS 3
#define KSPEC_MAX_VA_LG2 (KSPEC_TTBR_SHIFT + KSPEC_TTBR_BITS)
#define KSPEC_INIT_TABLES_LEVEL 1
#define KSPEC_MAX_LEAF_LEVEL 0
#define KSPEC_NO_FMT_FIELDS
/* No descriptor bit is documented as ignored */
#define KSPEC_SW_BITS 0ULL
#define KSPEC_FORCED_FEATURES 0
#if KSPEC_GRANULE_LG2 == 12
/* DART2 has no 4K pages: its descriptors hold PA bits 41:14 only */
#define KSPEC_FEATURES 0
#define KSPEC_MAX_OA_LG2 36
#else
#define KSPEC_FEATURES BIT(PT_FEAT_DART_V2)
#define KSPEC_MAX_OA_LG2 42
#endif
/* The encoding of the generic suites' tables in this build */
#define KSPEC_GENERIC_V2 (KSPEC_GRANULE_LG2 == 14)

/* Bit 0 of every descriptor, table or page */
#define KSPEC_DART_VALID 0x1ULL
/* Every leaf: subpage end 0xfff in bits 51:40, subpage start 0 */
#define KSPEC_DART_SUBPAGE_ALL 0x000fff0000000000ULL
/* DART1: bit 1 subpage protection off, bit 7 no write, bit 8 no read */
#define KSPEC_DART1_SP_DIS 0x2ULL
#define KSPEC_DART1_NO_WRITE 0x80ULL
#define KSPEC_DART1_NO_READ 0x100ULL
/* DART2: bit 1 not cached, bit 2 no write, bit 3 no read */
#define KSPEC_DART2_NO_CACHE 0x2ULL
#define KSPEC_DART2_NO_WRITE 0x4ULL
#define KSPEC_DART2_NO_READ 0x8ULL

/* DART1: PA bits 35:12 stand in place; DART2: PA >> 4 in bits 37:10 */
static inline u64 kspec_dart_pa_to_desc(u64 pa, bool v2)
{
	if (v2)
		return (pa >> 4) & 0x0000003ffffffc00ULL;
	return pa & 0x0000000ffffff000ULL;
}

static inline u64 kspec_dart_desc_to_pa(u64 desc, bool v2)
{
	if (v2)
		return (desc & 0x0000003ffffffc00ULL) << 4;
	return desc & 0x0000000ffffff000ULL;
}

/* Largest output address width of an encoding */
static inline unsigned int kspec_dart_max_oa_lg2(bool v2)
{
	return v2 ? 42 : 36;
}

/* TTBRs a table of @ias input bits uses: 1, 2, 4, or 0 if more */
static inline unsigned int kspec_dart_n_ttbrs(unsigned int ias)
{
	unsigned int n;

	if (ias <= KSPEC_TTBR_SHIFT)
		return 1;
	n = 1U << (ias - KSPEC_TTBR_SHIFT);
	return n > KSPEC_MAX_TTBRS ? 0 : n;
}

/* Index of @iova's TTBR, its L1 item and its L2 item */
static inline unsigned int kspec_dart_ttbr_index(u64 iova)
{
	return iova >> KSPEC_TTBR_SHIFT;
}

static inline unsigned int kspec_dart_l1_index(u64 iova)
{
	return (iova >> (KSPEC_GRANULE_LG2 + KSPEC_TABLE_ITEMS_LG2)) &
	       (BIT(KSPEC_TABLE_ITEMS_LG2) - 1);
}

static inline unsigned int kspec_dart_l2_index(u64 iova)
{
	return (iova >> KSPEC_GRANULE_LG2) & (BIT(KSPEC_TABLE_ITEMS_LG2) - 1);
}

/* Bits of a leaf besides valid and address for IOMMU_* @prot */
static inline u64 kspec_dart_prot_bits(int prot, bool v2)
{
	u64 desc = KSPEC_DART_SUBPAGE_ALL;

	if (v2) {
		/* Linux 6.1 writes bit 1 into every leaf of both encodings */
		desc |= KSPEC_DART2_NO_CACHE;
		if (!(prot & IOMMU_READ))
			desc |= KSPEC_DART2_NO_READ;
		if (!(prot & IOMMU_WRITE))
			desc |= KSPEC_DART2_NO_WRITE;
	} else {
		desc |= KSPEC_DART1_SP_DIS;
		if (!(prot & IOMMU_READ))
			desc |= KSPEC_DART1_NO_READ;
		if (!(prot & IOMMU_WRITE))
			desc |= KSPEC_DART1_NO_WRITE;
	}
	return desc;
}

/* A leaf as the hardware expects it for @pa with IOMMU_* @prot */
static inline u64 kspec_dart_leaf(u64 pa, int prot, bool v2)
{
	return KSPEC_DART_VALID | kspec_dart_prot_bits(prot, v2) |
	       kspec_dart_pa_to_desc(pa, v2);
}

/* A table descriptor: the valid bit and the address, nothing else */
static inline u64 kspec_dart_table(u64 table_pa, bool v2)
{
	return KSPEC_DART_VALID | kspec_dart_pa_to_desc(table_pa, v2);
}

#ifdef GENERIC_PT_KUNIT
/* Level 2 holds the TTBRs, the L1 tables' pointers */
static inline unsigned int kspec_item_lg2(unsigned int level)
{
	return KSPEC_GRANULE_LG2 +
	       KSPEC_TABLE_ITEMS_LG2 * min_t(unsigned int, level, 2);
}

#define kspec_item_lg2 kspec_item_lg2

static inline unsigned int kspec_level_bits(unsigned int level)
{
	return level < 2 ? KSPEC_TABLE_ITEMS_LG2 : KSPEC_TTBR_BITS;
}

#define kspec_level_bits kspec_level_bits

#include "spec_common.h"

static inline bool kspec_dart_v2(const struct pt_common *common)
{
	return common->features & BIT(PT_FEAT_DART_V2);
}

static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot)
{
	return kspec_dart_prot_bits(prot, kspec_dart_v2(common));
}

/* Pages only; their encoding is the build's (see KSPEC_GENERIC_V2) */
static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits,
			     unsigned int i)
{
	return KSPEC_DART_VALID | prot_bits |
	       kspec_dart_pa_to_desc(oa, KSPEC_GENERIC_V2);
}

static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level)
{
	return kspec_dart_table(pa, kspec_dart_v2(common));
}

/* The DART has no dirty bit */
static inline u64 kspec_dirty_bit(void)
{
	return 0;
}

/* The TTBR level is the top whatever the input width */
static inline unsigned int kspec_start_level(const PT_IOMMU_CFG_T *cfg)
{
	return 2;
}

static inline unsigned int kspec_va_lg2(const PT_IOMMU_CFG_T *cfg)
{
	return cfg->common.hw_max_vasz_lg2;
}

/*
 * The TTBR registers are the items of level 2: hw_info must name as many
 * as the input width needs, each the L1 table that item points to, and
 * no other. The root is the table of those items, 3 levels. Returns the
 * bits in which hw_info differs from them.
 */
static u64 kspec_hw_info_root(const struct pt_iommu_table_hw_info *info,
			      const struct pt_common *common, u64 *top_pa,
			      unsigned int *levels)
{
	const u64 *items = (const u64 *)(common->top_of_table &
					 ~(uintptr_t)PT_TOP_LEVEL_MASK);
	unsigned int n = kspec_dart_n_ttbrs(common->max_vasz_lg2), i;
	u64 diff = info->n_ttbrs ^ n;

	*top_pa = virt_to_phys((void *)items);
	*levels = 3;
	for (i = 0; i != KSPEC_MAX_TTBRS; i++) {
		u64 want = 0;

		if (i < n)
			want = kspec_dart_desc_to_pa(READ_ONCE(items[i]),
						     kspec_dart_v2(common));
		diff |= info->ttbr[i] ^ want;
	}
	return diff;
}

/*
 * Valid above level 0: a table descriptor, which holds nothing but the
 * address; valid at level 0: a page.
 */
static void kspec_decode(const struct pt_common *common, u64 entry,
			 unsigned int level, struct kspec_pte *pte)
{
	bool v2 = kspec_dart_v2(common);

	memset(pte, 0, sizeof(*pte));
	if (!(entry & KSPEC_DART_VALID)) {
		pte->type = KSPEC_EMPTY;
		return;
	}
	pte->pa = kspec_dart_desc_to_pa(entry, v2);
	if (level) {
		pte->type = entry == kspec_dart_table(pte->pa, v2) ?
				    KSPEC_TABLE : KSPEC_FAULT;
		pte->next_level = level - 1;
		return;
	}
	pte->type = KSPEC_LEAF;
	pte->size_lg2 = KSPEC_GRANULE_LG2;
}

/*
 * Literal descriptors. DART1: subpage end 0xfff, bit 1, the PA in place,
 * bit 7 no write, bit 8 no read. DART2: the same but the PA >> 4 and
 * bit 2 no write, bit 3 no read.
 */
#define KSPEC_FACT_SIZES BIT_ULL(KSPEC_GRANULE_LG2)
#define KSPEC_FACT_SIZES_ALL BIT_ULL(KSPEC_GRANULE_LG2)

static const struct kspec_leaf_fact kspec_leaf_facts[] = {
	{ .prot = IOMMU_READ | IOMMU_WRITE, .level = 0,
	  .lg2 = KSPEC_GRANULE_LG2, .oa = 0x812344000, .items = 1,
	  .entry = 0x000fff0812344003 },
	{ .prot = IOMMU_READ | IOMMU_NOEXEC, .level = 0,
	  .lg2 = KSPEC_GRANULE_LG2, .oa = 0x812344000, .items = 1,
	  .entry = 0x000fff0812344083 },
	{ .prot = IOMMU_WRITE | IOMMU_CACHE | IOMMU_MMIO | IOMMU_PRIV,
	  .level = 0, .lg2 = KSPEC_GRANULE_LG2, .oa = 0x812344000,
	  .items = 1, .entry = 0x000fff0812344103 },
#if KSPEC_GRANULE_LG2 == 14
	{ .features = BIT(PT_FEAT_DART_V2), .prot = IOMMU_READ | IOMMU_WRITE,
	  .level = 0, .lg2 = 14, .oa = 0x2a812344000, .items = 1,
	  .entry = 0x000fff2a81234403 },
	{ .features = BIT(PT_FEAT_DART_V2), .prot = IOMMU_READ, .level = 0,
	  .lg2 = 14, .oa = 0x2a812344000, .items = 1,
	  .entry = 0x000fff2a81234407 },
	{ .features = BIT(PT_FEAT_DART_V2),
	  .prot = IOMMU_WRITE | IOMMU_CACHE, .level = 0, .lg2 = 14,
	  .oa = 0x2a812344000, .items = 1, .entry = 0x000fff2a8123440b },
#endif
};

static const struct kspec_pointer_fact kspec_pointer_facts[] = {
	{ .level = 1, .pa = 0x812344000, .entry = 0x812344001 },
	{ .level = 2, .pa = 0x123450000, .entry = 0x123450001 },
};
#endif

#endif
