/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AMD IOMMU v1 host page table as the AMD I/O Virtualization
 * Technology specification describes it, written for the KUnit suites
 * without using fmt/amdv1.h: the suites compare what the format accessors
 * and the exported functions produce with what these functions say the
 * hardware expects. The mock variant keeps the layout with a 2K granule:
 * the address field then holds output address bit 11 in entry bit 12.
 *
 * Every kunit/spec_<fmt>.h provides the same set of kspec_*() functions
 * and KSPEC_FMT_CASES, the format-specific cases of the format suite.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_AMDV1_H
#define __GENERIC_PT_KUNIT_SPEC_AMDV1_H

#include <linux/bits.h>
#include <linux/mem_encrypt.h>

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
#else
#define KSPEC_GRANULE_LG2 12
#endif
/* 4K tables of 8-byte entries: 512 entries, 9 VA bits per level */
#define KSPEC_LEVEL_BITS 9
/* DTE Mode 1 to 6: one to six levels */
#define KSPEC_MAX_LEVELS 6
/* The address field ends at bit 51 */
#define KSPEC_MAX_OA_LG2 (52 - (12 - KSPEC_GRANULE_LG2))
/* Level (counted from 0) whose default page size, 512G, does not exist */
#define KSPEC_NO_DEFAULT_LEAF_LEVEL 3

/* log2 of the default page size of a level, which is also its item size */
static inline unsigned int kspec_item_lg2(unsigned int level)
{
	return KSPEC_GRANULE_LG2 + KSPEC_LEVEL_BITS * level;
}

/* VA bits a table of @level translates, at most the 64 bits of an IOVA */
static inline unsigned int kspec_level_va_lg2(unsigned int level)
{
	return min_t(unsigned int, kspec_item_lg2(level) + KSPEC_LEVEL_BITS,
		     64);
}

/*
 * Leaf sizes a level holds: its default size (NextLevel 0) and, with
 * NextLevel 7, the larger powers of two below the next level's default
 * size, limited by the width of the address field.
 */
static inline u64 kspec_level_sizes(unsigned int level)
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

static inline u64 kspec_pgsize_bitmap(void)
{
	u64 sizes = 0;
	unsigned int level;

	for (level = 0; level != KSPEC_MAX_LEVELS; level++)
		sizes |= kspec_level_sizes(level);
	return sizes;
}

static inline u64 kspec_addr_field(u64 oa)
{
	return (oa << (12 - KSPEC_GRANULE_LG2)) & KSPEC_ADDR_MASK;
}

static inline u64 kspec_sme_bit(const struct pt_common *common)
{
	if (common->features & BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES))
		return __sme_set(0ULL);
	return 0;
}

/* Permission and attribute bits of a leaf mapped with @prot */
static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot)
{
	u64 bits = 0;

	if (prot & IOMMU_READ)
		bits |= KSPEC_IR;
	if (prot & IOMMU_WRITE)
		bits |= KSPEC_IW;
	if (common->features & BIT(PT_FEAT_AMDV1_FORCE_COHERENCE))
		bits |= KSPEC_FC;
	if (!(prot & IOMMU_MMIO))
		bits |= kspec_sme_bit(common);
	return bits;
}

/* Every prot with read or write permission has an encoding */
static inline bool kspec_prot_ok(unsigned int prot)
{
	return prot & (IOMMU_READ | IOMMU_WRITE);
}

/*
 * Every item of a leaf of 2^@size_lg2 bytes at @oa in a table of @level:
 * NextLevel 0 for the default size, else NextLevel 7 with the address
 * bits below size_lg2 - 1 set and bit size_lg2 - 1 clear.
 */
static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits)
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
 * An item of a table of @level pointing to the table at @pa: NextLevel is
 * the level of the lower table counted from 1, which is @level counted
 * from 0. Readable and writable; only leaves restrict access.
 */
static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level)
{
	return KSPEC_PR | KSPEC_IR | KSPEC_IW |
	       (u64)level << KSPEC_NEXT_LEVEL_SHIFT | kspec_addr_field(pa) |
	       kspec_sme_bit(common);
}

/* The bit the IOMMU sets in a leaf it wrote through */
static inline u64 kspec_dirty_bit(void)
{
	return KSPEC_D;
}

/* Level of the top table a configuration starts with */
static inline unsigned int kspec_start_level(const PT_IOMMU_CFG_T *cfg)
{
	return cfg->starting_level;
}

/* Make the format part of a configuration invalid */
static inline void kspec_bad_fmt_cfg(PT_IOMMU_CFG_T *cfg)
{
	cfg->starting_level = KSPEC_MAX_LEVELS;
}

/*
 * The DTE values hw_info reports: Mode is the number of levels and the
 * root pointer is the top table (bits 51:12, plus the SME bit when tables
 * are encrypted). @top_pa 0 skips the root check.
 */
static void kspec_check_hw_info(struct kunit *test, PT_IOMMU_TABLE_T *table,
				unsigned int top_level, phys_addr_t top_pa)
{
	struct pt_iommu_table_hw_info info = {};
	u64 sme = kspec_sme_bit(&table->PT_FMT_MEMBER.common);

	PT_API(hw_info)(table, &info);
	KUNIT_EXPECT_EQ(test, info.mode, top_level + 1);
	KUNIT_EXPECT_EQ(test, info.host_pt_root & ~(KSPEC_ADDR_MASK | sme), 0);
	if (top_pa)
		KUNIT_EXPECT_EQ(test, info.host_pt_root & KSPEC_ADDR_MASK,
				top_pa);
}

/* Item @index of an AMD table, as the IOMMU reads it */
static u64 kspec_item(struct pt_table_p *table, unsigned int index)
{
	return READ_ONCE(((u64 *)table)[index]);
}

#ifdef AMDV1_MOCK_GRANULE
/* 2K is the smallest page: one item, OA bit 11 in entry bit 12 */
static void kspec_facts(struct kunit *test, u64 sizes,
			const struct pt_write_attrs *attrs)
{
	struct kpt_fmt *f = test->priv;
	struct pt_table_p *t0 = kpt_fmt_table(test, 0);
	struct pt_state pts;
	unsigned int i;
	u64 raw;

	KUNIT_EXPECT_EQ(test, __ffs64(sizes), 11);
	pts = kpt_fmt_pts(f, t0, 0, 5);
	pt_install_leaf_entry(&pts, 0x12345800ULL, 11, attrs);
	raw = kspec_item(t0, 5);
	KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
	KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 0);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12), 0x12345800ULL << 1);
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 4), 0);
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 6), 0);

	/* 4K is two 2K items, sized with NextLevel 7 */
	pts = kpt_fmt_pts(f, t0, 0, 8);
	pt_install_leaf_entry(&pts, 0x12345000ULL, 12, attrs);
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
	struct kpt_fmt *f = test->priv;
	struct pt_table_p *t0 = kpt_fmt_table(test, 0);
	struct pt_state pts;
	unsigned int i;
	u64 raw;

	/* 8K: two items, NextLevel 7, address bit 12 clear */
	pts = kpt_fmt_pts(f, t0, 0, 4);
	pt_install_leaf_entry(&pts, 0x123456000ULL, 13, attrs);
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
	pts = kpt_fmt_pts(f, t0, 0, 16);
	pt_install_leaf_entry(&pts, 0x7650000ULL, 16, attrs);
	for (i = 16; i != 32; i++) {
		raw = kspec_item(t0, i);
		KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 7);
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12),
				0x7650000ULL | 0x7000);
	}
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 32), 0);

	/* D is bit 6, set by the IOMMU on a write */
	pts = kpt_fmt_pts(f, t0, 0, 20);
	pt_load_entry(&pts);
	KUNIT_EXPECT_TRUE(test, pt_entry_make_write_dirty(&pts));
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 20) & BIT_ULL(6), BIT_ULL(6));
}

/* Level 1 and 2: the 2M default page, read-only, a table pointer */
static void kspec_facts(struct kunit *test, u64 sizes,
			const struct pt_write_attrs *attrs)
{
	struct kpt_fmt *f = test->priv;
	struct pt_table_p *t1 = kpt_fmt_table(test, 1);
	struct pt_table_p *t2 = kpt_fmt_table(test, 2);
	struct pt_write_attrs ro;
	struct pt_state pts;
	u64 raw;

	/* Every power of two from 4K to 2^51 but 512G */
	KUNIT_EXPECT_EQ(test, sizes, GENMASK_ULL(51, 12) & ~BIT_ULL(39));
	kspec_facts_level0(test, attrs);

	/* 2M at level 1: NextLevel 0, the address is the OA */
	pts = kpt_fmt_pts(f, t1, 1, 7);
	pt_install_leaf_entry(&pts, 0x40200000ULL, 21, attrs);
	raw = kspec_item(t1, 7);
	KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
	KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 0);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12), 0x40200000ULL);

	/* Read only: IR without IW */
	memset(&ro, 0, sizeof(ro));
	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(&f->common, &ro, IOMMU_READ),
			0);
	pts = kpt_fmt_pts(f, t1, 1, 9);
	pt_install_leaf_entry(&pts, 0x80000000ULL, 21, &ro);
	raw = kspec_item(t1, 9);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(62, 61), BIT_ULL(61));

	/* A table pointer in a level 2 table has NextLevel 2 */
	pts = kpt_fmt_pts(f, t2, 2, 3);
	pt_load_entry(&pts);
	KUNIT_ASSERT_TRUE(test, pt_install_table(&pts, virt_to_phys(t1),
						 attrs));
	raw = kspec_item(t2, 3);
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
	struct pt_state pts;
	unsigned int level;
	u64 sizes = 0;

	/* FC is only written with the force coherence feature */
	f->common.features |= BIT(PT_FEAT_AMDV1_FORCE_COHERENCE);
	f->common.features &= ~BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES);
	memset(&attrs, 0, sizeof(attrs));
	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(&f->common, &attrs,
						IOMMU_READ | IOMMU_WRITE), 0);

	for (level = 0; level <= PT_MAX_TOP_LEVEL; level++) {
		pts = kpt_fmt_pts(f, NULL, level, 0);
		sizes |= pt_possible_sizes(&pts);
	}
	kspec_facts(test, sizes, &attrs);
}

#define KSPEC_FMT_CASES KUNIT_CASE_PARAM(kspec_test_facts, kpt_cfg_gen_params)

#endif
