/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Arm VMSAv8-64 descriptors as the Arm Architecture Reference Manual
 * describes them (and the Mali variant as the Mali drivers program it),
 * written for the KUnit suites without using fmt/armv8.h. Levels count
 * from 0 at the granule, like the format; Arm counts the other way.
 *
 * Every kunit/spec_<fmt>.h provides the same set of kspec_*() functions
 * and KSPEC_FMT_CASES; this one adds kspec_arm_*() helpers for the
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
#else
#define KSPEC_MALI 0
#endif

/* log2 of the size one item of @level maps */
static inline unsigned int kspec_item_lg2(unsigned int level)
{
	return KSPEC_GRANULE_LG2 + KSPEC_LEVEL_BITS * level;
}

static inline unsigned int kspec_level_va_lg2(unsigned int level)
{
	return min_t(unsigned int, kspec_item_lg2(level) + KSPEC_LEVEL_BITS,
		     64);
}

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

#endif
