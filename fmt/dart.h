/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Apple DART page tables, both descriptor encodings (DART1 as on t8103,
 * DART2 as on t8110), as io-pgtable-dart.c and the apple-dart driver of
 * Linux 6.1 program them.
 *
 * The hardware walks two levels of granule-sized tables of 64-bit items:
 * an L1 table of table pointers and L2 tables of page leaves; there are
 * no blocks. Up to four TTBR registers select the L1 table by the IOVA
 * bits above the two levels. Here the TTBRs are a level of their own,
 * level 2, above the hardware's levels 1 (L1) and 0 (L2): a small table
 * with one item per TTBR that the hardware never walks. Its items are
 * fixed (pt_fixed_items()): the core gives each its L1 table at init,
 * never removes them on unmap and frees them in deinit, and hw_info
 * reads the TTBR values back from them. The items use the table
 * descriptor encoding, so one decoder serves every level.
 *
 * Builds: the granule (4K or 16K) is a build, like the armv8 granules,
 * so every shift is a constant; a DART reports its page size in
 * DART_PARAMS and the driver picks the build at probe. The encoding is
 * the feature PT_FEAT_DART_V2, one branch on a constant-per-table bit:
 * DART2 stores PA bits 41:14, so it exists only in the 16K build and
 * the 4K build refuses the feature.
 */
#ifndef __GENERIC_PT_FMT_DART_H
#define __GENERIC_PT_FMT_DART_H

#include "defs_dart.h"
#include "../generic_pt/pt_defs.h"
#include "../generic_pt/pt_fmt_helpers.h"

#include <linux/bitfield.h>
#include <linux/generic_pt/iommu.h>

#if DART_GRANULE_LG2SZ != 12 && DART_GRANULE_LG2SZ != 14
#error "DART_GRANULE_LG2SZ must be 12 or 14"
#endif

#define PT_GRANULE_LG2SZ DART_GRANULE_LG2SZ
#define PT_ITEM_WORD_SIZE sizeof(u64)
#define PT_TABLEMEM_LG2SZ DART_GRANULE_LG2SZ
/* VA bits one hardware table decodes */
#define DARTPT_LEVEL_BITS (DART_GRANULE_LG2SZ - 3)
/* VA bits the two hardware levels decode: 30 with 4K, 36 with 16K */
#define DARTPT_HW_VA_LG2 (DART_GRANULE_LG2SZ + 2 * DARTPT_LEVEL_BITS)
/* Four TTBRs at most */
#define DARTPT_MAX_TTBRS_LG2 2
#define DARTPT_TTBR_LEVEL 2
#define PT_MAX_VA_ADDRESS_LG2 (DARTPT_HW_VA_LG2 + DARTPT_MAX_TTBRS_LG2)
/* DART1 stops at 36 bits; DART2, only in the 16K build, at 42 */
#define DARTPT_V1_MAX_OA_LG2 36
#if DART_GRANULE_LG2SZ == 12
#define PT_MAX_OUTPUT_ADDRESS_LG2 DARTPT_V1_MAX_OA_LG2
#else
#define PT_MAX_OUTPUT_ADDRESS_LG2 42
#endif
#define PT_MAX_TOP_LEVEL DARTPT_TTBR_LEVEL
/* Pages only */
#define PT_MAX_LEAF_LEVEL 0
/* The top is the TTBR level, which no hardware walker reads */
#define PT_TOP_PHYS_MASK GENMASK_ULL(63, 0)

#define DARTPT_FMT_VALID BIT_ULL(0)
/*
 * DART1 holds PA bits 35:12 in place. DART2 holds PA bits 41:14 in
 * descriptor bits 37:10.
 */
#define DARTPT_FMT_V1_OA GENMASK_ULL(35, 12)
#define DARTPT_FMT_V2_OA GENMASK_ULL(37, 10)
#define DARTPT_V1_OA_SHIFT 12
#define DARTPT_V2_OA_SHIFT 14
/* Leaf permissions: DART1 */
#define DARTPT_FMT_V1_SP_DIS BIT_ULL(1)
#define DARTPT_FMT_V1_NO_WRITE BIT_ULL(7)
#define DARTPT_FMT_V1_NO_READ BIT_ULL(8)
/* Leaf permissions: DART2 */
#define DARTPT_FMT_V2_NO_CACHE BIT_ULL(1)
#define DARTPT_FMT_V2_NO_WRITE BIT_ULL(2)
#define DARTPT_FMT_V2_NO_READ BIT_ULL(3)
/* Subpage protection: first and last accessible part, 0..0xfff is all */
#define DARTPT_FMT_SUBPAGE_END GENMASK_ULL(51, 40)
#define DARTPT_FMT_SUBPAGE_START GENMASK_ULL(63, 52)
#define DARTPT_SUBPAGE_LAST 0xfff

static inline bool dartpt_is_v2(const struct pt_common *common)
{
	return pt_feature(common, PT_FEAT_DART_V2);
}

static inline u64 dartpt_oa_mask(const struct pt_common *common)
{
	return dartpt_is_v2(common) ? DARTPT_FMT_V2_OA : DARTPT_FMT_V1_OA;
}

static inline u64 dartpt_oa_to_field(const struct pt_common *common,
				     pt_oaddr_t oa)
{
	if (dartpt_is_v2(common))
		return FIELD_PREP(DARTPT_FMT_V2_OA, oa >> DARTPT_V2_OA_SHIFT);
	return FIELD_PREP(DARTPT_FMT_V1_OA, oa >> DARTPT_V1_OA_SHIFT);
}

static inline pt_oaddr_t dartpt_field_to_oa(const struct pt_common *common,
					    u64 entry)
{
	if (dartpt_is_v2(common))
		return (pt_oaddr_t)FIELD_GET(DARTPT_FMT_V2_OA, entry)
		       << DARTPT_V2_OA_SHIFT;
	return (pt_oaddr_t)FIELD_GET(DARTPT_FMT_V1_OA, entry)
	       << DARTPT_V1_OA_SHIFT;
}

/* TTBRs in use, log2: the VA bits above the two hardware levels */
static inline unsigned int dartpt_ttbrs_lg2(const struct pt_common *common)
{
	if (common->max_vasz_lg2 <= DARTPT_HW_VA_LG2)
		return 0;
	return common->max_vasz_lg2 - DARTPT_HW_VA_LG2;
}

/*
 * VA bits one item of @level maps. The core compiles walkers for six
 * levels; those above the TTBR level are never entered and get its size.
 */
static inline unsigned int dartpt_table_item_lg2sz(const struct pt_state *pts)
{
	return DART_GRANULE_LG2SZ +
	       DARTPT_LEVEL_BITS *
		       min_t(unsigned int, pts->level, DARTPT_TTBR_LEVEL);
}

#define pt_table_item_lg2sz dartpt_table_item_lg2sz

static __always_inline unsigned int
dartpt_num_items_lg2(const struct pt_state *pts)
{
	if (pts->level >= DARTPT_TTBR_LEVEL)
		return dartpt_ttbrs_lg2(pts->range->common);
	return DARTPT_LEVEL_BITS;
}

#define pt_num_items_lg2 dartpt_num_items_lg2

static inline unsigned int dartpt_table_mem_lg2sz(const struct pt_state *pts)
{
	return dartpt_num_items_lg2(pts) + ilog2(sizeof(u64));
}

#define pt_table_mem_lg2sz dartpt_table_mem_lg2sz

/* The TTBR items, and only they, are fixed */
static inline bool dartpt_fixed_items(const struct pt_state *pts)
{
	return pts->level == DARTPT_TTBR_LEVEL;
}

#define pt_fixed_items dartpt_fixed_items

static inline enum pt_entry_type dartpt_load_entry_raw(struct pt_state *pts)
{
	return pt_load_entry64(pts, DARTPT_FMT_VALID, 0);
}

#define pt_load_entry_raw dartpt_load_entry_raw

static inline pt_oaddr_t dartpt_table_pa(const struct pt_state *pts)
{
	return dartpt_field_to_oa(pts->range->common, pts->entry);
}

#define pt_table_pa dartpt_table_pa

static inline pt_oaddr_t dartpt_entry_oa(const struct pt_state *pts)
{
	return dartpt_field_to_oa(pts->range->common, pts->entry);
}

#define pt_entry_oa dartpt_entry_oa

static inline void dartpt_install_leaf_entry(struct pt_state *pts,
					     pt_oaddr_t oa,
					     unsigned int oasz_lg2,
					     const struct pt_write_attrs *attrs)
{
	pt_write_leaf64(pts,
			attrs->descriptor_bits | DARTPT_FMT_VALID |
				dartpt_oa_to_field(pts->range->common, oa),
			1);
}

#define pt_install_leaf_entry dartpt_install_leaf_entry

static inline bool dartpt_install_table(struct pt_state *pts,
					pt_oaddr_t table_pa,
					const struct pt_write_attrs *attrs)
{
	return pt_table_install64(pts, DARTPT_FMT_VALID |
					       dartpt_oa_to_field(pts->range->common,
								  table_pa));
}

#define pt_install_table dartpt_install_table

static inline void dartpt_attr_from_entry(const struct pt_state *pts,
					  struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits =
		pts->entry &
		~(DARTPT_FMT_VALID | dartpt_oa_mask(pts->range->common));
}

#define pt_attr_from_entry dartpt_attr_from_entry

/* For the debugfs dump: the permissions are "no" bits; DART2 no-cache */
static inline void dartpt_entry_attr_names(const struct pt_state *pts,
					   struct pt_attr_names *names)
{
	bool v2 = dartpt_is_v2(pts->range->common);
	u64 no_read = v2 ? DARTPT_FMT_V2_NO_READ : DARTPT_FMT_V1_NO_READ;
	u64 no_write = v2 ? DARTPT_FMT_V2_NO_WRITE : DARTPT_FMT_V1_NO_WRITE;

	pt_attr_name(names, !(pts->entry & no_read), "r");
	pt_attr_name(names, !(pts->entry & no_write), "w");
	pt_attr_name(names, v2 && (pts->entry & DARTPT_FMT_V2_NO_CACHE),
		     "nocache");
}

#define pt_entry_attr_names dartpt_entry_attr_names

/*
 * IOMMU glue. Every leaf allows its whole page (subpage range 0..0xfff)
 * and has bit 1 set, which DART1 reads as "subpage protection off". In
 * DART2 that bit means "not cacheable"; Linux 6.1 sets it in every leaf
 * all the same, so IOMMU_CACHE changes nothing here either and the
 * leaves stay those the apple-dart driver has always run with.
 * IOMMU_NOEXEC, IOMMU_MMIO and IOMMU_PRIV have no DART encoding.
 */
static inline int dartpt_iommu_set_prot(struct pt_common *common,
					struct pt_write_attrs *attrs,
					unsigned int iommu_prot)
{
	u64 bits = FIELD_PREP(DARTPT_FMT_SUBPAGE_START, 0) |
		   FIELD_PREP(DARTPT_FMT_SUBPAGE_END, DARTPT_SUBPAGE_LAST);

	if (dartpt_is_v2(common)) {
		bits |= DARTPT_FMT_V2_NO_CACHE;
		if (!(iommu_prot & IOMMU_READ))
			bits |= DARTPT_FMT_V2_NO_READ;
		if (!(iommu_prot & IOMMU_WRITE))
			bits |= DARTPT_FMT_V2_NO_WRITE;
	} else {
		bits |= DARTPT_FMT_V1_SP_DIS;
		if (!(iommu_prot & IOMMU_READ))
			bits |= DARTPT_FMT_V1_NO_READ;
		if (!(iommu_prot & IOMMU_WRITE))
			bits |= DARTPT_FMT_V1_NO_WRITE;
	}
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_set_prot dartpt_iommu_set_prot

static inline int dartpt_iommu_fmt_init(struct pt_iommu_dart *table,
					const struct pt_iommu_dart_cfg *cfg)
{
	struct pt_common *common = &table->dartpt.common;

	/* DART1 descriptors hold 36 bits of output address */
	if (!dartpt_is_v2(common) &&
	    common->max_oasz_lg2 > DARTPT_V1_MAX_OA_LG2)
		return -ERANGE;
	common->top_of_table = DARTPT_TTBR_LEVEL;
	return 0;
}

#define pt_iommu_fmt_init dartpt_iommu_fmt_init

/* The TTBR values: the L1 tables of the TTBR level's fixed items */
static inline void dartpt_iommu_fmt_hw_info(struct pt_iommu_dart *table,
					    const struct pt_range *top_range,
					    struct pt_iommu_dart_hw_info *info)
{
	const struct pt_common *common = top_range->common;
	const u64 *items = (const u64 *)top_range->top_table;
	unsigned int i;

	memset(info, 0, sizeof(*info));
	info->n_ttbrs = 1U << dartpt_ttbrs_lg2(common);
	for (i = 0; i != info->n_ttbrs; i++)
		info->ttbr[i] = dartpt_field_to_oa(common, pt_read_item64(&items[i]));
}

#define pt_iommu_fmt_hw_info dartpt_iommu_fmt_hw_info

#ifdef GENERIC_PT_KUNIT
/*
 * The generic suites run on 1, 2 and 4 TTBRs with the encoding each
 * build has for all its output width: DART1 in the 4K build, DART2 in
 * the 16K one. DART1 with 16K pages is left to the dart suites, which
 * compare it with io-pgtable.
 */
static const struct pt_kunit_fmt_cfg kunit_fmt_cfgs[] = {
#if DART_GRANULE_LG2SZ == 12
	PT_KUNIT_CFG("dart1_va30_oa36", 0, 30, 36),
	PT_KUNIT_CFG("dart1_va31_oa36", 0, 31, 36),
	PT_KUNIT_CFG("dart1_va32_oa36", 0, 32, 36),
#else
	PT_KUNIT_CFG("dart2_va36_oa42", BIT(PT_FEAT_DART_V2), 36, 42),
	PT_KUNIT_CFG("dart2_va37_oa42", BIT(PT_FEAT_DART_V2), 37, 42),
	PT_KUNIT_CFG("dart2_va38_oa42", BIT(PT_FEAT_DART_V2), 38, 42),
#endif
};
#endif

#endif
