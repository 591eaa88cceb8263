/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AMD IOMMU v1 host page table as the AMD I/O Virtualization
 * Technology specification describes it, written for the KUnit suites
 * without using fmt/amdv1.h: the suites compare what the format accessors
 * and the exported functions produce with what these functions say the
 * hardware expects. The mock variant keeps the layout with a 2K granule:
 * the address field then holds output address bit 11 in entry bit 12.
 *
 * See spec_common.h for the interface every spec provides; this one also
 * has its own literal-facts case (KSPEC_FMT_CASES).
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

#ifdef AMDV1_MOCK_GRANULE
/* 2K is the smallest page: one item, OA bit 11 in entry bit 12 */
static void kspec_facts(struct kunit *test, u64 sizes,
			const struct pt_write_attrs *attrs)
{
	struct pt_table_p *t0 = kpt_fmt_table(test, 0);
	unsigned int i;
	u64 raw;

	KUNIT_EXPECT_EQ(test, __ffs64(sizes), 11);
	raw = kspec_fmt_leaf(test, t0, 0, 5, 0x12345800ULL, 11, attrs);
	KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
	KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 0);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12), 0x12345800ULL << 1);
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 4), 0);
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 6), 0);

	/* 4K is two 2K items, sized with NextLevel 7 */
	kspec_fmt_leaf(test, t0, 0, 8, 0x12345000ULL, 12, attrs);
	for (i = 8; i != 10; i++) {
		raw = kspec_item(t0, i);
		KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 7);
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12),
				0x12345000ULL << 1);
	}
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 10), 0);
}
#else
/* Level 0 leaves: the sized coding of 8K and 64K, the IR/IW/FC/D bits */
static void kspec_facts_level0(struct kunit *test,
			       const struct pt_write_attrs *attrs)
{
	struct pt_table_p *t0 = kpt_fmt_table(test, 0);
	unsigned int i;
	u64 raw;

	/* 8K: two items, NextLevel 7, address bit 12 clear */
	kspec_fmt_leaf(test, t0, 0, 4, 0x123456000ULL, 13, attrs);
	for (i = 4; i != 6; i++) {
		raw = kspec_item(t0, i);
		KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
		KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 7);
		KUNIT_EXPECT_EQ(test, raw & BIT_ULL(12), 0);
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 13),
				0x123456000ULL);
		/* IR is bit 61, IW bit 62, FC bit 60 */
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(63, 52),
				BIT_ULL(60) | BIT_ULL(61) | BIT_ULL(62));
	}
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 3), 0);
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 6), 0);

	/* 64K: sixteen items, address bits 14:12 set and bit 15 clear */
	kspec_fmt_leaf(test, t0, 0, 16, 0x7650000ULL, 16, attrs);
	for (i = 16; i != 32; i++) {
		raw = kspec_item(t0, i);
		KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 7);
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12),
				0x7650000ULL | 0x7000);
	}
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 32), 0);

	/* D is bit 6, set by the IOMMU on a write */
	KUNIT_EXPECT_EQ(test, kspec_fmt_dirty(test, t0, 0, 20) & BIT_ULL(6),
			BIT_ULL(6));
}

/* Level 1 and 2: the 2M default page, read-only, a table pointer */
static void kspec_facts(struct kunit *test, u64 sizes,
			const struct pt_write_attrs *attrs)
{
	struct kpt_fmt *f = test->priv;
	struct pt_table_p *t1 = kpt_fmt_table(test, 1);
	struct pt_table_p *t2 = kpt_fmt_table(test, 2);
	struct pt_write_attrs ro;
	u64 raw;

	/* Every power of two from 4K to 2^51 but 512G */
	KUNIT_EXPECT_EQ(test, sizes, GENMASK_ULL(51, 12) & ~BIT_ULL(39));
	kspec_facts_level0(test, attrs);

	/* 2M at level 1: NextLevel 0, the address is the OA */
	raw = kspec_fmt_leaf(test, t1, 1, 7, 0x40200000ULL, 21, attrs);
	KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
	KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 0);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12), 0x40200000ULL);

	/* Read only: IR without IW */
	memset(&ro, 0, sizeof(ro));
	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(&f->common, &ro, IOMMU_READ),
			0);
	raw = kspec_fmt_leaf(test, t1, 1, 9, 0x80000000ULL, 21, &ro);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(62, 61), BIT_ULL(61));

	/* A table pointer in a level 2 table has NextLevel 2 */
	raw = kspec_fmt_pointer(test, t2, 2, 3, virt_to_phys(t1), attrs);
	KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
	KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 2);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12), virt_to_phys(t1));
}
#endif

/*
 * Facts of the specification with literal values, checked on entries the
 * format writes: bit positions, the NextLevel coding of page sizes, the
 * replication of sized leaves and the page sizes the format offers.
 */
static void kspec_test_facts(struct kunit *test)
{
	struct kpt_fmt *f = test->priv;
	struct pt_write_attrs attrs;

	/* FC is only written with the force coherence feature */
	f->common.features |= BIT(PT_FEAT_AMDV1_FORCE_COHERENCE);
	f->common.features &= ~BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES);
	memset(&attrs, 0, sizeof(attrs));
	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(&f->common, &attrs,
						IOMMU_READ | IOMMU_WRITE), 0);

	kspec_facts(test, kspec_fmt_sizes(test), &attrs);
}

#define KSPEC_FMT_CASES KUNIT_CASE_PARAM(kspec_test_facts, kpt_cfg_gen_params)

#endif
