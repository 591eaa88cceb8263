/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Apple DART descriptors as io-pgtable-dart.c and apple-dart.c of
 * Linux 6.1 define them, written for the KUnit suites without using
 * fmt/dart.h: two hardware levels (L1 table pointers, L2 pages) of one
 * granule each, up to four TTBRs above them, DART1 and DART2 encodings.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_DART_H
#define __GENERIC_PT_KUNIT_SPEC_DART_H

#include <linux/bits.h>
#include <linux/types.h>

#define KSPEC_GRANULE_LG2 DART_GRANULE_LG2SZ
/* A hardware table is one granule of 8-byte descriptors */
#define KSPEC_TABLE_ITEMS_LG2 (KSPEC_GRANULE_LG2 - 3)
/* IOVA bits below the TTBR index: page offset, L2 index, L1 index */
#define KSPEC_TTBR_SHIFT (KSPEC_GRANULE_LG2 + 2 * KSPEC_TABLE_ITEMS_LG2)
#define KSPEC_MAX_TTBRS 4

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

/* A leaf as the hardware expects it for @pa with IOMMU_* @prot */
static inline u64 kspec_dart_leaf(u64 pa, int prot, bool v2)
{
	u64 desc = KSPEC_DART_VALID | KSPEC_DART_SUBPAGE_ALL |
		   kspec_dart_pa_to_desc(pa, v2);

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

/* A table descriptor: the valid bit and the address, nothing else */
static inline u64 kspec_dart_table(u64 table_pa, bool v2)
{
	return KSPEC_DART_VALID | kspec_dart_pa_to_desc(table_pa, v2);
}

#endif
