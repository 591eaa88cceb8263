/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Arm VMSAv8-64 descriptors as the Arm Architecture Reference Manual
 * describes them (and the Mali variant as the Mali drivers program it),
 * written for the KUnit suites without using fmt/armv8.h. Levels count
 * from 0 at the granule, like the format; Arm counts the other way.
 *
 * Every kunit/spec_<fmt>.h provides the same set of kspec_*() functions
 * and literal facts; this one adds kspec_arm_*() helpers for the
 * armv8 suites (the differential suite walks io-pgtable's tables with
 * them).
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_ARMV8_H
#define __GENERIC_PT_KUNIT_SPEC_ARMV8_H

#include <linux/bits.h>

#define KSPEC_GRANULE_LG2 ARMV8_GRANULE_LG2SZ
/* A granule of 8-byte descriptors */
#define KSPEC_LEVEL_BITS (KSPEC_GRANULE_LG2 - 3)
#if KSPEC_GRANULE_LG2 == 16
#define KSPEC_MAX_LEVELS 3
#define KSPEC_MAX_OA_LG2 52
#define KSPEC_MAX_VA_LG2 52
#else
#define KSPEC_MAX_LEVELS 4
#define KSPEC_MAX_OA_LG2 48
#define KSPEC_MAX_VA_LG2 48
#endif

/* Descriptor fields */
#define KSPEC_VALID BIT_ULL(0)
#define KSPEC_TABLE_BIT BIT_ULL(1)
#define KSPEC_AF BIT_ULL(10)
#define KSPEC_NG BIT_ULL(11)
#define KSPEC_AP1 BIT_ULL(6)
#define KSPEC_AP2 BIT_ULL(7)
#define KSPEC_NS BIT_ULL(5)
#define KSPEC_DBM BIT_ULL(51)
#define KSPEC_CONT BIT_ULL(52)
#define KSPEC_PXN BIT_ULL(53)
#define KSPEC_UXN BIT_ULL(54)
#define KSPEC_NSTABLE BIT_ULL(63)

#ifdef ARMV8_MALI
#define KSPEC_MALI 1
#define KSPEC_FEATURES                                                 \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS))
#else
#define KSPEC_MALI 0
#define KSPEC_FEATURES                                                 \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) | BIT(PT_FEAT_ARMV8_S2) |    \
	 BIT(PT_FEAT_ARMV8_TTBR1) | BIT(PT_FEAT_ARMV8_NS) |            \
	 BIT(PT_FEAT_ARMV8_CONTIG) | BIT(PT_FEAT_ARMV8_DBM))
#endif
#define KSPEC_FORCED_FEATURES 0
/* Table descriptor bits 58:55 are ignored by the walker */
#define KSPEC_SW_BITS GENMASK_ULL(58, 55)
#define KSPEC_NO_FMT_FIELDS
/* DBM marks a written leaf by clearing AP[2], not by setting a bit */
#define kspec_item_is_dirty kspec_item_is_dirty

#include "spec_common.h"

/* Items of a contiguous run (log2) the architecture allows at @level */
static inline unsigned int kspec_arm_contig_lg2(unsigned int level)
{
	if (KSPEC_GRANULE_LG2 == 12 && level <= 1)
		return 4;
	if (KSPEC_GRANULE_LG2 == 14 && level == 0)
		return 7;
	if (KSPEC_GRANULE_LG2 == 14 && level == 1)
		return 5;
	if (KSPEC_GRANULE_LG2 == 16 && level == 0)
		return 5;
	return 0;
}

/*
 * Page and block sizes of a table: 4K 2M 1G; 16K 32M; 64K 512M and 4T
 * (the last only with a 52-bit OA); contiguous runs when asked for.
 */
static inline u64 kspec_arm_level_sizes(unsigned int level, bool contig,
					unsigned int oasz_lg2)
{
	u64 sizes;

	if (level == 0 || level == 1)
		sizes = BIT_ULL(kspec_item_lg2(level));
	else if (level == 2 && KSPEC_GRANULE_LG2 == 12)
		sizes = SZ_1G;
	else if (level == 2 && KSPEC_GRANULE_LG2 == 16 && oasz_lg2 > 48)
		sizes = BIT_ULL(42);
	else
		return 0;
	if (contig && kspec_arm_contig_lg2(level))
		sizes |= BIT_ULL(kspec_item_lg2(level) +
				 kspec_arm_contig_lg2(level));
	return sizes;
}

/* The descriptor's output address field, OA[51:48] in bits 15:12 at 64K */
static inline u64 kspec_arm_addr(u64 entry)
{
	u64 pa = entry & GENMASK_ULL(47, KSPEC_GRANULE_LG2);

	if (KSPEC_GRANULE_LG2 == 16)
		pa |= (entry & GENMASK_ULL(15, 12)) << 36;
	return pa;
}

static inline u64 kspec_arm_addr_field(u64 pa)
{
	u64 field = pa & GENMASK_ULL(47, KSPEC_GRANULE_LG2);

	if (KSPEC_GRANULE_LG2 == 16)
		field |= (pa >> 36) & GENMASK_ULL(15, 12);
	return field;
}

/*
 * Is @entry, valid and at @level, a leaf? At level 0 every valid entry is
 * (a page, type 3; Mali writes type 1); above, type 1 is a block and
 * type 3 a table.
 */
static inline bool kspec_arm_is_leaf(u64 entry, unsigned int level)
{
	return level == 0 || !(entry & KSPEC_TABLE_BIT);
}

/*
 * Bits of a leaf for IOMMU_* @prot. Stage 1: nG, AP[1] unless
 * privileged, AP[2] when read only (with DBM: DBM and AP[2] when
 * writable), NS. Stage 2 and Mali: S2AP read bit 6, write bit 7.
 * Attributes: stage 1 and Mali index MAIR 2 for MMIO, 1 for cacheable,
 * 0 otherwise; stage 2 MemAttr 0b0001, 0b1111, 0b0101. Shareability inner
 * for cacheable (never for Mali), else outer. XN for no-exec. AF always
 * but on Mali.
 */
static inline u64 kspec_arm_prot_bits(bool s2, bool ns, bool dbm,
				      unsigned int prot)
{
	u64 bits = 0;

	if (!s2 && !KSPEC_MALI) {
		bits |= KSPEC_NG;
		if (!(prot & IOMMU_PRIV))
			bits |= KSPEC_AP1;
		if (!(prot & IOMMU_WRITE))
			bits |= KSPEC_AP2;
		else if (dbm)
			bits |= KSPEC_DBM | KSPEC_AP2;
		if (ns)
			bits |= KSPEC_NS;
	} else {
		if (prot & IOMMU_READ)
			bits |= BIT_ULL(6);
		if (prot & IOMMU_WRITE)
			bits |= BIT_ULL(7);
	}
	if (s2)
		bits |= (prot & IOMMU_MMIO) ? 0x1 << 2 :
			(prot & IOMMU_CACHE) ? 0xf << 2 : 0x5 << 2;
	else
		bits |= (prot & IOMMU_MMIO) ? 2 << 2 :
			(prot & IOMMU_CACHE) ? 1 << 2 : 0;
	bits |= ((prot & IOMMU_CACHE) && !KSPEC_MALI) ? 3 << 8 : 2 << 8;
	if (prot & IOMMU_NOEXEC)
		bits |= KSPEC_PXN | KSPEC_UXN;
	if (!KSPEC_MALI)
		bits |= KSPEC_AF;
	return bits;
}

/* Item @i of a leaf of 2^@size_lg2 at @oa in a table of @level */
static inline u64 kspec_arm_leaf_item(u64 oa, unsigned int size_lg2,
				      unsigned int level, u64 prot_bits,
				      unsigned int i)
{
	unsigned int item_lg2 = kspec_item_lg2(level);
	u64 type = (level == 0 && !KSPEC_MALI) ? 3 : 1;

	if (size_lg2 != item_lg2)
		type |= KSPEC_CONT;
	return type | prot_bits | kspec_arm_addr_field(oa + ((u64)i << item_lg2));
}

/*
 * The input width one level decodes, and the level the walk starts at:
 * the lowest whose full table covers the input; at stage 2 one lower when
 * a four-level walk would index at most 16 items of its first table
 * (those tables are concatenated); always four levels on Mali.
 */
static inline unsigned int kspec_arm_start_level(unsigned int vasz, bool s2)
{
	unsigned int level = 0;

	if (KSPEC_MALI)
		return 3;
	while (level < KSPEC_MAX_LEVELS - 1 && kspec_level_va_lg2(level) < vasz)
		level++;
	if (s2 && level == 3 && vasz - kspec_item_lg2(3) <= 4)
		level = 2;
	return level;
}

/* Items the first lookup indexes */
static inline unsigned int kspec_arm_top_items_lg2(unsigned int vasz, bool s2)
{
	unsigned int level = kspec_arm_start_level(vasz, s2);

	if (vasz <= kspec_item_lg2(level))
		return 0;
	return vasz - kspec_item_lg2(level);
}

/* The interface of spec_common.h */

static inline bool kspec_arm_s2(const struct pt_common *common)
{
	return common->features & BIT(PT_FEAT_ARMV8_S2);
}

static inline u64 kspec_level_sizes(const struct pt_common *common,
				    unsigned int level)
{
	return kspec_arm_level_sizes(level,
				     common->features & BIT(PT_FEAT_ARMV8_CONTIG),
				     common->max_oasz_lg2);
}

static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot)
{
	return kspec_arm_prot_bits(kspec_arm_s2(common),
				   common->features & BIT(PT_FEAT_ARMV8_NS),
				   common->features & BIT(PT_FEAT_ARMV8_DBM),
				   prot);
}

static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits,
			     unsigned int i)
{
	return kspec_arm_leaf_item(oa, size_lg2, level, prot_bits, i);
}

/* Type 3 with the address; NSTable when the leaves below are NS */
static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level)
{
	u64 entry = KSPEC_VALID | KSPEC_TABLE_BIT | kspec_arm_addr_field(pa);

	if (common->features & BIT(PT_FEAT_ARMV8_NS))
		entry |= KSPEC_NSTABLE;
	return entry;
}

static inline bool kspec_has_dirty(const struct pt_common *common)
{
	return common->features & BIT(PT_FEAT_ARMV8_DBM);
}

/* Writable-clean is DBM with AP[2]; the walker's write clears AP[2] */
static inline bool kspec_item_is_dirty(u64 entry)
{
	return (entry & (KSPEC_DBM | KSPEC_AP2)) == KSPEC_DBM;
}

static inline unsigned int kspec_start_level(const PT_IOMMU_CFG_T *cfg)
{
	return kspec_arm_start_level(cfg->common.hw_max_vasz_lg2,
				     cfg->common.features &
					     BIT(PT_FEAT_ARMV8_S2));
}

static inline unsigned int kspec_va_lg2(const PT_IOMMU_CFG_T *cfg)
{
	return cfg->common.hw_max_vasz_lg2;
}

/*
 * TTBR/VTTBR hold the table address in bits 47:4 (bit 0 is CnP, never
 * set here); Mali's TRANSTAB adds its mode and cache bits 0x17.
 */
static u64 kspec_hw_info_root(const struct pt_iommu_table_hw_info *info,
			      const struct pt_common *common, u64 *top_pa,
			      unsigned int *levels)
{
	u64 flags = KSPEC_MALI ? 0x17 : 0;

	*top_pa = info->ttbr & GENMASK_ULL(47, 4) & ~flags;
	*levels = info->levels;
	return info->ttbr & ~(GENMASK_ULL(47, 4) | flags);
}

/*
 * Valid type 3 is a table above level 0 and a page at level 0 (Mali
 * writes its pages as type 1); type 1 above level 0 is a block where the
 * level has blocks. The contiguous hint makes the item part of a run,
 * which the walker may cache as one translation.
 */
static void kspec_decode(const struct pt_common *common, u64 entry,
			 unsigned int level, struct kspec_pte *pte)
{
	u64 type = entry & (KSPEC_VALID | KSPEC_TABLE_BIT);
	unsigned int size_lg2 = kspec_item_lg2(level);

	memset(pte, 0, sizeof(*pte));
	if (!(entry & KSPEC_VALID)) {
		pte->type = KSPEC_EMPTY;
		return;
	}
	if (level && type == 3) {
		pte->type = KSPEC_TABLE;
		pte->pa = kspec_arm_addr(entry);
		pte->next_level = level - 1;
		return;
	}
	if ((level == 0 && type != (KSPEC_MALI ? 1 : 3)) ||
	    (level && !(kspec_arm_level_sizes(level, false, 52) &
			BIT_ULL(size_lg2)))) {
		pte->type = KSPEC_FAULT;
		return;
	}
	if (entry & KSPEC_CONT)
		size_lg2 += kspec_arm_contig_lg2(level);
	pte->type = KSPEC_LEAF;
	pte->size_lg2 = size_lg2;
	pte->pa = kspec_arm_addr(entry) & ~(BIT_ULL(size_lg2) - 1);
}

/*
 * Literal descriptors. Stage 1 read/write: page type 3, AF, nG, AP[1],
 * SH outer; read-only adds AP[2]; cacheable is AttrIndx 1 and SH inner;
 * no-exec sets PXN and UXN. Stage 2: S2AP 6/7, MemAttr 0b0101 (normal
 * non-cacheable) or 0b0001 (device). Mali: type 1 pages, no AF or nG.
 */
#if KSPEC_GRANULE_LG2 == 12
/* 4K: 4K 2M 1G, contiguous 64K and 32M */
#define KSPEC_FACT_SIZES 0x40201000ULL
#define KSPEC_FACT_SIZES_ALL (KSPEC_MALI ? 0x40201000ULL : 0x42211000ULL)
#define KSPEC_FACT_CONT_LG2 16
#elif KSPEC_GRANULE_LG2 == 14
/* 16K: 16K 32M, contiguous 2M (128 pages) and 1G (32 blocks) */
#define KSPEC_FACT_SIZES 0x2004000ULL
#define KSPEC_FACT_SIZES_ALL 0x42204000ULL
#define KSPEC_FACT_CONT_LG2 21
#else
/* 64K: 64K 512M (4T needs a 52-bit OA), contiguous 2M */
#define KSPEC_FACT_SIZES 0x20010000ULL
#define KSPEC_FACT_SIZES_ALL 0x20210000ULL
#define KSPEC_FACT_CONT_LG2 21
#endif

#define KSPEC_S2 BIT(PT_FEAT_ARMV8_S2)
#define KSPEC_RW (IOMMU_READ | IOMMU_WRITE)

static const struct kspec_leaf_fact kspec_leaf_facts[] = {
#if KSPEC_MALI
	{ .prot = KSPEC_RW, .level = 0, .lg2 = 12, .oa = 0x12340000,
	  .items = 1, .entry = 0x123402c1 },
	{ .prot = IOMMU_READ | IOMMU_NOEXEC, .level = 1, .lg2 = 21,
	  .oa = 0x40000000, .items = 1, .entry = 0x0060000040000241 },
#else
	{ .prot = KSPEC_RW, .level = 0, .lg2 = KSPEC_GRANULE_LG2,
	  .oa = 0x12340000, .items = 1, .entry = 0x12340e43 },
	{ .prot = IOMMU_READ | IOMMU_CACHE | IOMMU_NOEXEC, .level = 1,
	  .lg2 = KSPEC_GRANULE_LG2 + KSPEC_LEVEL_BITS, .oa = 0x40000000,
	  .items = 1, .entry = 0x0060000040000fc5 },
	{ .prot = KSPEC_RW | IOMMU_PRIV | IOMMU_MMIO, .level = 0,
	  .lg2 = KSPEC_GRANULE_LG2, .oa = 0x12340000, .items = 1,
	  .entry = 0x12340e0b },
	{ .features = BIT(PT_FEAT_ARMV8_DBM), .prot = KSPEC_RW, .level = 0,
	  .lg2 = KSPEC_GRANULE_LG2, .oa = 0x12340000, .items = 1,
	  .entry = 0x0008000012340ec3, .dirty = 0x0008000012340e43 },
	{ .features = BIT(PT_FEAT_ARMV8_NS), .prot = KSPEC_RW, .level = 0,
	  .lg2 = KSPEC_GRANULE_LG2, .oa = 0x12340000, .items = 1,
	  .entry = 0x12340e63 },
	{ .features = KSPEC_S2, .prot = KSPEC_RW, .level = 0,
	  .lg2 = KSPEC_GRANULE_LG2, .oa = 0x12340000, .items = 1,
	  .entry = 0x123406d7 },
	{ .features = KSPEC_S2, .prot = IOMMU_READ | IOMMU_MMIO, .level = 1,
	  .lg2 = KSPEC_GRANULE_LG2 + KSPEC_LEVEL_BITS, .oa = 0x40000000,
	  .items = 1, .entry = 0x40000645 },
	/* Last: a run of up to 128 items overlaps the next fact's slot */
	{ .features = BIT(PT_FEAT_ARMV8_CONTIG), .prot = KSPEC_RW,
	  .level = 0, .lg2 = KSPEC_FACT_CONT_LG2, .oa = 0x80200000,
	  .items = 1U << (KSPEC_FACT_CONT_LG2 - KSPEC_GRANULE_LG2),
	  .entry = 0x0010000080200e43, .step = BIT_ULL(KSPEC_GRANULE_LG2) },
#endif
};

static const struct kspec_pointer_fact kspec_pointer_facts[] = {
	{ .level = 1, .pa = 0x12340000, .entry = 0x12340003 },
	{ .level = 2, .pa = 0x00ff00ff0000, .entry = 0x00ff00ff0003 },
};

#endif
