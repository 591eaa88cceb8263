/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arm VMSAv8-64 translation table descriptors (Arm Architecture Reference
 * Manual, "VMSAv8-64 translation table format descriptors"), as used by
 * the SMMUs for stage 1 and stage 2, and the Mali Midgard/Bifrost variant
 * of the same tables.
 *
 * One header for every granule: the .c file of each build defines
 * ARMV8_GRANULE_LG2SZ (12, 14 or 16) and, for Mali, ARMV8_MALI. Levels here
 * count from 0 (granule-sized leaves) upwards; the Arm documents count
 * the other way, from the start of the walk.
 *
 * The top table is sized by the configured input width: it has exactly
 * the items the walk's first lookup indexes, so an upper-half (TTBR1)
 * table indexes it with the low bits only. A stage-2 table that would
 * need four levels but uses at most 16 items of its top starts one level
 * lower with up to 16 granule tables concatenated instead.
 *
 * Leaves are pages (type 3) at level 0 and blocks (type 1) above; Mali
 * uses type 1 at every level. A run of items with the contiguous bit
 * holds consecutive output addresses, one item's worth each. Dirty
 * tracking uses the hardware DBM scheme: a writable leaf is written
 * read-only with DBM set, and the walker clears AP[2] when it writes.
 */
#ifndef __GENERIC_PT_FMT_ARMV8_H
#define __GENERIC_PT_FMT_ARMV8_H

#include "defs_armv8.h"
#include "../generic_pt/pt_defs.h"
#include "../generic_pt/pt_fmt_helpers.h"

#include <linux/bitfield.h>
#include <linux/generic_pt/iommu.h>

#if ARMV8_GRANULE_LG2SZ != 12 && ARMV8_GRANULE_LG2SZ != 14 && \
	ARMV8_GRANULE_LG2SZ != 16
#error "ARMV8_GRANULE_LG2SZ must be 12, 14 or 16"
#endif
#if defined(ARMV8_MALI) && ARMV8_GRANULE_LG2SZ != 12
#error "Mali tables only exist with a 4K granule"
#endif

#define PT_GRANULE_LG2SZ ARMV8_GRANULE_LG2SZ
#define PT_ITEM_WORD_SIZE sizeof(u64)
#define PT_TABLEMEM_LG2SZ ARMV8_GRANULE_LG2SZ
/* VA bits one full table decodes */
#define ARMV8PT_LEVEL_BITS (ARMV8_GRANULE_LG2SZ - 3)
#if ARMV8_GRANULE_LG2SZ == 16
/* Three levels; OA bits 51:48 live in descriptor bits 15:12 */
#define PT_MAX_VA_ADDRESS_LG2 52
#define PT_MAX_OUTPUT_ADDRESS_LG2 52
#define PT_MAX_TOP_LEVEL 2
#else
#define PT_MAX_VA_ADDRESS_LG2 48
#define PT_MAX_OUTPUT_ADDRESS_LG2 48
#define PT_MAX_TOP_LEVEL 3
#endif
/* TTBR/VTTBR/TRANSTAB hold a 48-bit table address */
#define PT_TOP_PHYS_MASK GENMASK_ULL(47, 4)

#define ARMV8PT_FMT_VALID BIT_ULL(0)
#define ARMV8PT_FMT_TYPE GENMASK_ULL(1, 0)
#define ARMV8PT_TYPE_BLOCK 1
#define ARMV8PT_TYPE_TABLE 3
#define ARMV8PT_TYPE_PAGE 3
/* Stage 1: AttrIndx, NS, AP[1] (unprivileged), AP[2] (read only), nG */
#define ARMV8PT_FMT_ATTRINDX GENMASK_ULL(4, 2)
#define ARMV8PT_FMT_NS BIT_ULL(5)
#define ARMV8PT_FMT_AP_UNPRIV BIT_ULL(6)
#define ARMV8PT_FMT_AP_RDONLY BIT_ULL(7)
#define ARMV8PT_FMT_NG BIT_ULL(11)
/* Stage 2 (and Mali): MemAttr, S2AP read and write */
#define ARMV8PT_FMT_MEMATTR GENMASK_ULL(5, 2)
#define ARMV8PT_FMT_S2AP_R BIT_ULL(6)
#define ARMV8PT_FMT_S2AP_W BIT_ULL(7)
#define ARMV8PT_FMT_SH GENMASK_ULL(9, 8)
#define ARMV8PT_FMT_AF BIT_ULL(10)
#define ARMV8PT_FMT_OA GENMASK_ULL(47, ARMV8_GRANULE_LG2SZ)
#define ARMV8PT_FMT_OA52 GENMASK_ULL(15, 12)
#define ARMV8PT_FMT_DBM BIT_ULL(51)
#define ARMV8PT_FMT_CONT BIT_ULL(52)
/* PXN and UXN of stage 1, XN[1:0] of stage 2: both set never executes */
#define ARMV8PT_FMT_XN GENMASK_ULL(54, 53)
/* Ignored by the walker: this table entry was cleaned to memory */
#define ARMV8PT_FMT_SW_CLEANED BIT_ULL(55)
#define ARMV8PT_FMT_NSTABLE BIT_ULL(63)
/* What a leaf carries besides its address, type and contiguous bit */
#define ARMV8PT_FMT_ATTRS                                          \
	((GENMASK_ULL(11, 2) | GENMASK_ULL(63, 50)) & ~ARMV8PT_FMT_CONT)

#define ARMV8PT_SH_OUTER 2
#define ARMV8PT_SH_INNER 3
/* MAIR indexes and their attributes (stage 1) */
#define ARMV8PT_MAIR_IDX_NC 0
#define ARMV8PT_MAIR_IDX_CACHE 1
#define ARMV8PT_MAIR_IDX_DEV 2
#define ARMV8PT_MAIR_IDX_INC_OCACHE 3
#define ARMV8PT_MAIR_NC 0x44
#define ARMV8PT_MAIR_WBRWA 0xff
#define ARMV8PT_MAIR_DEV 0x04
#define ARMV8PT_MAIR_INC_OWBRWA 0xf4
/* Stage 2 MemAttr: device nGnRE, normal non-cacheable, normal write-back */
#define ARMV8PT_MEMATTR_DEV 0x1
#define ARMV8PT_MEMATTR_NC 0x5
#define ARMV8PT_MEMATTR_WB 0xf
/* Mali MEMATTR bytes: implementation defined, write allocate */
#define ARMV8PT_MALI_MEMATTR_IMPL 0x88
#define ARMV8PT_MALI_MEMATTR_WA 0x8d
/* Mali TRANSTAB flags: table walk mode, inner read, outer shareable */
#define ARMV8PT_MALI_TRANSTAB_ADRMODE_TABLE 3
#define ARMV8PT_MALI_TRANSTAB_READ_INNER BIT(2)
#define ARMV8PT_MALI_TRANSTAB_SHARE_OUTER BIT(4)
/* TCR/VTCR region cacheability */
#define ARMV8PT_RGN_NC 0
#define ARMV8PT_RGN_WBWA 1

/* Most granule tables a stage-2 top may concatenate, log2 */
#define ARMV8PT_MAX_CONCAT_LG2 4

#ifdef ARMV8_MALI
#define armv8pt_is_mali() true
#else
#define armv8pt_is_mali() false
#endif

static inline bool armv8pt_is_s2(const struct pt_common *common)
{
	return pt_feature(common, PT_FEAT_ARMV8_S2);
}

static inline u64 *armv8pt_item(const struct pt_state *pts)
{
	return (u64 *)pts->table + pts->index;
}

/*
 * VA bits one item of @level maps. The core compiles a walker for six
 * levels; the ones above PT_MAX_TOP_LEVEL are never entered, and are
 * given the top's size so that no shift there exceeds 64 bits.
 */
static inline unsigned int armv8pt_item_lg2(unsigned int level)
{
	return ARMV8_GRANULE_LG2SZ +
	       ARMV8PT_LEVEL_BITS * min_t(unsigned int, level,
					  PT_MAX_TOP_LEVEL);
}

static inline unsigned int armv8pt_table_item_lg2sz(const struct pt_state *pts)
{
	return armv8pt_item_lg2(pts->level);
}

#define pt_table_item_lg2sz armv8pt_table_item_lg2sz

/*
 * Level of the top table: the lowest whose full table decodes the input
 * width, one lower for a stage-2 table that may concatenate instead, and
 * always the fourth for Mali.
 */
static inline unsigned int armv8pt_top_level(const struct pt_common *common)
{
	unsigned int vasz = common->max_vasz_lg2;
	unsigned int level;

	if (armv8pt_is_mali())
		return PT_MAX_TOP_LEVEL;
	level = pt_radix_top_level(ARMV8_GRANULE_LG2SZ, ARMV8PT_LEVEL_BITS,
				   vasz, 0, PT_MAX_TOP_LEVEL);
	if (armv8pt_is_s2(common) && level == 3 &&
	    vasz <= armv8pt_item_lg2(3) + ARMV8PT_MAX_CONCAT_LG2)
		level--;
	return level;
}

static __always_inline unsigned int
armv8pt_num_items_lg2(const struct pt_state *pts)
{
	const struct pt_common *common = pts->range->common;
	unsigned int item_lg2 = armv8pt_item_lg2(pts->level);

	/* The level init chose, kept with the top pointer: asked every step */
	if (pts->level != (common->top_of_table & PT_TOP_LEVEL_MASK))
		return ARMV8PT_LEVEL_BITS;
	if (common->max_vasz_lg2 <= item_lg2)
		return 0;
	return common->max_vasz_lg2 - item_lg2;
}

#define pt_num_items_lg2 armv8pt_num_items_lg2

static inline unsigned int armv8pt_table_mem_lg2sz(const struct pt_state *pts)
{
	return armv8pt_num_items_lg2(pts) + ilog2(sizeof(u64));
}

#define pt_table_mem_lg2sz armv8pt_table_mem_lg2sz

/* Output address <-> address field of a descriptor */
static inline u64 armv8pt_oa_to_field(pt_oaddr_t oa)
{
	u64 field = oa & ARMV8PT_FMT_OA;

	if (PT_MAX_OUTPUT_ADDRESS_LG2 > 48)
		field |= FIELD_PREP(ARMV8PT_FMT_OA52, oa >> 48);
	return field;
}

static inline pt_oaddr_t armv8pt_field_to_oa(u64 entry)
{
	pt_oaddr_t oa = entry & ARMV8PT_FMT_OA;

	if (PT_MAX_OUTPUT_ADDRESS_LG2 > 48)
		oa |= (pt_oaddr_t)FIELD_GET(ARMV8PT_FMT_OA52, entry) << 48;
	return oa;
}

static inline enum pt_entry_type armv8pt_load_entry_raw(struct pt_state *pts)
{
	u64 entry = pt_read_item64(armv8pt_item(pts));

	pts->entry = entry;
	if (!(entry & ARMV8PT_FMT_VALID))
		return PT_ENTRY_EMPTY;
	if (pts->level == 0 ||
	    FIELD_GET(ARMV8PT_FMT_TYPE, entry) == ARMV8PT_TYPE_BLOCK)
		return PT_ENTRY_OA;
	return PT_ENTRY_TABLE;
}

#define pt_load_entry_raw armv8pt_load_entry_raw

static inline pt_oaddr_t armv8pt_table_pa(const struct pt_state *pts)
{
	return armv8pt_field_to_oa(pts->entry);
}

#define pt_table_pa armv8pt_table_pa

/* Items of a contiguous run at @level, log2; 0 where there is none */
static inline unsigned int armv8pt_contig_lg2(unsigned int level)
{
	switch (ARMV8_GRANULE_LG2SZ) {
	case 12:
		/* 16 x 4K = 64K, 16 x 2M = 32M */
		return level <= 1 ? 4 : 0;
	case 14:
		/* 128 x 16K = 2M, 32 x 32M = 1G */
		return level == 0 ? 7 : level == 1 ? 5 : 0;
	default:
		/* 32 x 64K = 2M */
		return level == 0 ? 5 : 0;
	}
}

static __always_inline unsigned int
armv8pt_entry_num_contig_lg2(const struct pt_state *pts)
{
	if (!(pts->entry & ARMV8PT_FMT_CONT))
		return 0;
	return armv8pt_contig_lg2(pts->level);
}

#define pt_entry_num_contig_lg2 armv8pt_entry_num_contig_lg2

static inline pt_oaddr_t armv8pt_entry_oa(const struct pt_state *pts)
{
	unsigned int lg2 = armv8pt_item_lg2(pts->level) +
			   armv8pt_entry_num_contig_lg2(pts);

	return armv8pt_field_to_oa(pts->entry) & ~oa_lg2max(lg2);
}

#define pt_entry_oa armv8pt_entry_oa

/*
 * Blocks: 2M and 1G with a 4K granule, 32M with 16K, 512M with 64K, and
 * 4T with 64K only when the OA is wider than 48 bits.
 */
static inline bool armv8pt_can_have_leaf(const struct pt_state *pts)
{
	switch (pts->level) {
	case 0:
	case 1:
		return true;
	case 2:
		if (ARMV8_GRANULE_LG2SZ == 12)
			return true;
		if (ARMV8_GRANULE_LG2SZ == 16)
			return pts->range->common->max_oasz_lg2 > 48;
		return false;
	default:
		return false;
	}
}

#define pt_can_have_leaf armv8pt_can_have_leaf

static inline pt_vaddr_t armv8pt_possible_sizes(const struct pt_state *pts)
{
	unsigned int item_lg2 = armv8pt_item_lg2(pts->level);
	unsigned int contig_lg2 = armv8pt_contig_lg2(pts->level);
	pt_vaddr_t sizes;

	if (!armv8pt_can_have_leaf(pts))
		return 0;
	sizes = va_lg2int(item_lg2);
	if (contig_lg2 &&
	    pt_feature(pts->range->common, PT_FEAT_ARMV8_CONTIG))
		sizes |= va_lg2int(item_lg2 + contig_lg2);
	return sizes;
}

#define pt_possible_sizes armv8pt_possible_sizes

static inline void armv8pt_install_leaf_entry(struct pt_state *pts,
					      pt_oaddr_t oa,
					      unsigned int oasz_lg2,
					      const struct pt_write_attrs *attrs)
{
	unsigned int item_lg2 = armv8pt_item_lg2(pts->level);
	unsigned int num = 1U << (oasz_lg2 - item_lg2);
	u64 *item = armv8pt_item(pts);
	u64 entry = attrs->descriptor_bits;
	unsigned int i;

	if (pts->level == 0 && !armv8pt_is_mali())
		entry |= FIELD_PREP(ARMV8PT_FMT_TYPE, ARMV8PT_TYPE_PAGE);
	else
		entry |= FIELD_PREP(ARMV8PT_FMT_TYPE, ARMV8PT_TYPE_BLOCK);
	if (num != 1)
		entry |= ARMV8PT_FMT_CONT;
	/* Each item of a contiguous run maps its own part of the OA */
	for (i = 0; i != num; i++)
		pt_write_item64(&item[i],
				entry | armv8pt_oa_to_field(oa + ((pt_oaddr_t)i
								  << item_lg2)));
	pts->entry = entry | armv8pt_oa_to_field(oa);
}

#define pt_install_leaf_entry armv8pt_install_leaf_entry

static inline bool armv8pt_install_table(struct pt_state *pts,
					 pt_oaddr_t table_pa,
					 const struct pt_write_attrs *attrs)
{
	u64 entry = FIELD_PREP(ARMV8PT_FMT_TYPE, ARMV8PT_TYPE_TABLE) |
		    armv8pt_oa_to_field(table_pa);

	/* Lower tables of a non-secure table are non-secure too */
	if (pt_feature(pts->range->common, PT_FEAT_ARMV8_NS))
		entry |= ARMV8PT_FMT_NSTABLE;
	return pt_table_install64(pts, entry);
}

#define pt_install_table armv8pt_install_table

static inline void armv8pt_attr_from_entry(const struct pt_state *pts,
					   struct pt_write_attrs *attrs)
{
	attrs->descriptor_bits = pts->entry & ARMV8PT_FMT_ATTRS;
}

#define pt_attr_from_entry armv8pt_attr_from_entry

/*
 * For the debugfs dump: stage 1 AP (writable with DBM even while
 * read-only), nG, NS, AttrIndx; stage 2 and Mali S2AP and MemAttr or
 * AttrIndx; then SH, XN, AF, DBM and the contiguous hint.
 */
static inline void armv8pt_entry_attr_names(const struct pt_state *pts,
					    struct pt_attr_names *names)
{
	const struct pt_common *common = pts->range->common;
	u64 entry = pts->entry;

	if (!armv8pt_is_mali() && !armv8pt_is_s2(common)) {
		pt_attr_name(names, true, "r");
		/* DBM: writable, read-only only while clean */
		pt_attr_name(names,
			     !(entry & ARMV8PT_FMT_AP_RDONLY) ||
				     (entry & ARMV8PT_FMT_DBM),
			     "w");
		pt_attr_name(names, entry & ARMV8PT_FMT_AP_UNPRIV, "user");
		pt_attr_name(names, entry & ARMV8PT_FMT_NG, "ng");
		pt_attr_name(names, entry & ARMV8PT_FMT_NS, "ns");
	} else {
		pt_attr_name(names, entry & ARMV8PT_FMT_S2AP_R, "r");
		pt_attr_name(names, entry & ARMV8PT_FMT_S2AP_W, "w");
	}
	if (armv8pt_is_s2(common))
		pt_attr_field(names, "memattr",
			      FIELD_GET(ARMV8PT_FMT_MEMATTR, entry));
	else
		pt_attr_field(names, "attrindx",
			      FIELD_GET(ARMV8PT_FMT_ATTRINDX, entry));
	pt_attr_field(names, "sh", FIELD_GET(ARMV8PT_FMT_SH, entry));
	pt_attr_name(names, entry & ARMV8PT_FMT_XN, "xn");
	pt_attr_name(names, entry & ARMV8PT_FMT_AF, "af");
	pt_attr_name(names, entry & ARMV8PT_FMT_DBM, "dbm");
	pt_attr_name(names, entry & ARMV8PT_FMT_CONT, "cont");
}

#define pt_entry_attr_names armv8pt_entry_attr_names

static inline bool armv8pt_entry_sw_cleaned(const struct pt_state *pts)
{
	return pts->entry & ARMV8PT_FMT_SW_CLEANED;
}

#define pt_entry_sw_cleaned armv8pt_entry_sw_cleaned

static inline void armv8pt_entry_set_sw_cleaned(struct pt_state *pts)
{
	atomic64_or(ARMV8PT_FMT_SW_CLEANED, (atomic64_t *)armv8pt_item(pts));
	pts->entry |= ARMV8PT_FMT_SW_CLEANED;
}

#define pt_entry_set_sw_cleaned armv8pt_entry_set_sw_cleaned

/*
 * DBM: a writable leaf is DBM with AP[2] set while clean; the walker clears
 * AP[2] in the item it writes through. Any item of a run may be the one.
 */
static inline bool armv8pt_item_dirty(u64 entry)
{
	return (entry & (ARMV8PT_FMT_DBM | ARMV8PT_FMT_AP_RDONLY)) ==
	       ARMV8PT_FMT_DBM;
}

static inline bool armv8pt_entry_is_write_dirty(const struct pt_state *pts)
{
	unsigned int num = 1U << armv8pt_entry_num_contig_lg2(pts);
	const u64 *item = armv8pt_item(pts);
	unsigned int i;

	for (i = 0; i != num; i++)
		if (armv8pt_item_dirty(pt_read_item64(&item[i])))
			return true;
	return false;
}

#define pt_entry_is_write_dirty armv8pt_entry_is_write_dirty

static inline void armv8pt_entry_make_write_clean(struct pt_state *pts)
{
	unsigned int num = 1U << armv8pt_entry_num_contig_lg2(pts);
	u64 *item = armv8pt_item(pts);
	unsigned int i;

	for (i = 0; i != num; i++)
		if (armv8pt_item_dirty(pt_read_item64(&item[i])))
			atomic64_or(ARMV8PT_FMT_AP_RDONLY,
				    (atomic64_t *)&item[i]);
}

#define pt_entry_make_write_clean armv8pt_entry_make_write_clean

static inline bool armv8pt_entry_make_write_dirty(struct pt_state *pts)
{
	if (!(pts->entry & ARMV8PT_FMT_DBM))
		return false;
	atomic64_andnot(ARMV8PT_FMT_AP_RDONLY,
			(atomic64_t *)armv8pt_item(pts));
	return true;
}

#define pt_entry_make_write_dirty armv8pt_entry_make_write_dirty

/* Only a stage-1 table asked for DBM tracks dirty leaves */
static inline bool armv8pt_dirty_supported(const struct pt_common *common)
{
	return pt_feature(common, PT_FEAT_ARMV8_DBM);
}

#define pt_dirty_supported armv8pt_dirty_supported

/* An upper-half (TTBR1) table decodes the top 2^max_vasz_lg2 of the VA */
static inline pt_vaddr_t armv8pt_full_va_prefix(const struct pt_common *common)
{
	if (!pt_feature(common, PT_FEAT_ARMV8_TTBR1))
		return 0;
	return ~va_lg2max(common->max_vasz_lg2);
}

#define pt_full_va_prefix armv8pt_full_va_prefix

/* IOMMU glue: prot bits, init and the register values */
static inline int armv8pt_iommu_set_prot(struct pt_common *common,
					 struct pt_write_attrs *attrs,
					 unsigned int iommu_prot)
{
	bool s1_perms = !armv8pt_is_mali() && !armv8pt_is_s2(common);
	u64 bits = 0;

	if (s1_perms) {
		bits |= ARMV8PT_FMT_NG;
		if (!(iommu_prot & IOMMU_PRIV))
			bits |= ARMV8PT_FMT_AP_UNPRIV;
		if (!(iommu_prot & IOMMU_WRITE))
			bits |= ARMV8PT_FMT_AP_RDONLY;
		else if (pt_feature(common, PT_FEAT_ARMV8_DBM))
			bits |= ARMV8PT_FMT_DBM | ARMV8PT_FMT_AP_RDONLY;
		if (pt_feature(common, PT_FEAT_ARMV8_NS))
			bits |= ARMV8PT_FMT_NS;
	} else {
		/* Mali takes the permissions of stage 2 */
		if (iommu_prot & IOMMU_READ)
			bits |= ARMV8PT_FMT_S2AP_R;
		if (iommu_prot & IOMMU_WRITE)
			bits |= ARMV8PT_FMT_S2AP_W;
	}

	/* ... and the memory attributes of stage 1 */
	if (armv8pt_is_s2(common)) {
		if (iommu_prot & IOMMU_MMIO)
			bits |= FIELD_PREP(ARMV8PT_FMT_MEMATTR,
					   ARMV8PT_MEMATTR_DEV);
		else if (iommu_prot & IOMMU_CACHE)
			bits |= FIELD_PREP(ARMV8PT_FMT_MEMATTR,
					   ARMV8PT_MEMATTR_WB);
		else
			bits |= FIELD_PREP(ARMV8PT_FMT_MEMATTR,
					   ARMV8PT_MEMATTR_NC);
	} else if (iommu_prot & IOMMU_MMIO) {
		bits |= FIELD_PREP(ARMV8PT_FMT_ATTRINDX, ARMV8PT_MAIR_IDX_DEV);
	} else if (iommu_prot & IOMMU_CACHE) {
		bits |= FIELD_PREP(ARMV8PT_FMT_ATTRINDX,
				   ARMV8PT_MAIR_IDX_CACHE);
	}

	/* Mali's inner domain is the GPU itself: always outer shareable */
	if ((iommu_prot & IOMMU_CACHE) && !armv8pt_is_mali())
		bits |= FIELD_PREP(ARMV8PT_FMT_SH, ARMV8PT_SH_INNER);
	else
		bits |= FIELD_PREP(ARMV8PT_FMT_SH, ARMV8PT_SH_OUTER);
	if (iommu_prot & IOMMU_NOEXEC)
		bits |= ARMV8PT_FMT_XN;
	/* Mali has no access flag; elsewhere leaves are born accessed */
	if (!armv8pt_is_mali())
		bits |= ARMV8PT_FMT_AF;
	attrs->descriptor_bits = bits;
	return 0;
}

#define pt_iommu_set_prot armv8pt_iommu_set_prot

static inline int armv8pt_iommu_fmt_init(struct pt_iommu_armv8 *table,
					 const struct pt_iommu_armv8_cfg *cfg)
{
	struct pt_common *common = &table->armpt.common;

	/* Stage 2 has no TTBR1, no security state and no DBM in this format */
	if (armv8pt_is_s2(common) &&
	    (pt_feature(common, PT_FEAT_ARMV8_TTBR1) ||
	     pt_feature(common, PT_FEAT_ARMV8_NS) ||
	     pt_feature(common, PT_FEAT_ARMV8_DBM)))
		return -EINVAL;
	common->top_of_table = armv8pt_top_level(common);
	return 0;
}

#define pt_iommu_fmt_init armv8pt_iommu_fmt_init

/* TCR/VTCR (I)PS encoding of the smallest size holding @oasz_lg2 bits */
static inline u8 armv8pt_ps(unsigned int oasz_lg2)
{
	static const u8 widths[] = { 32, 36, 40, 42, 44, 48, 52 };
	u8 ps;

	for (ps = 0; ps != ARRAY_SIZE(widths) - 1; ps++)
		if (oasz_lg2 <= widths[ps])
			break;
	return ps;
}

/* TCR TG0 (lower half) or TG1 (upper half) encoding of the granule */
static inline u8 armv8pt_tg(bool ttbr1)
{
	switch (ARMV8_GRANULE_LG2SZ) {
	case 12:
		return ttbr1 ? 2 : 0;
	case 14:
		return ttbr1 ? 1 : 2;
	default:
		return ttbr1 ? 3 : 1;
	}
}

static inline void
armv8pt_iommu_fmt_hw_info(struct pt_iommu_armv8 *table,
			  const struct pt_range *top_range,
			  struct pt_iommu_armv8_hw_info *info)
{
	struct pt_common *common = top_range->common;
	bool coherent = !pt_feature(common, PT_FEAT_DMA_INCOHERENT);
	u64 top_pa = virt_to_phys(top_range->top_table);

	memset(info, 0, sizeof(*info));
	info->levels = top_range->top_level + 1;
	if (armv8pt_is_mali()) {
		info->ttbr = top_pa | ARMV8PT_MALI_TRANSTAB_READ_INNER |
			     ARMV8PT_MALI_TRANSTAB_ADRMODE_TABLE;
		if (coherent)
			info->ttbr |= ARMV8PT_MALI_TRANSTAB_SHARE_OUTER;
		info->mair = ARMV8PT_MALI_MEMATTR_IMPL
				     << (8 * ARMV8PT_MAIR_IDX_NC) |
			     ARMV8PT_MALI_MEMATTR_WA
				     << (8 * ARMV8PT_MAIR_IDX_CACHE) |
			     ARMV8PT_MALI_MEMATTR_IMPL
				     << (8 * ARMV8PT_MAIR_IDX_DEV);
		return;
	}

	info->ttbr = top_pa;
	info->tsz = 64 - common->max_vasz_lg2;
	info->tg = armv8pt_tg(pt_feature(common, PT_FEAT_ARMV8_TTBR1));
	info->ps = armv8pt_ps(common->max_oasz_lg2);
	info->sh = coherent ? ARMV8PT_SH_INNER : ARMV8PT_SH_OUTER;
	info->irgn = coherent ? ARMV8PT_RGN_WBWA : ARMV8PT_RGN_NC;
	info->orgn = info->irgn;
	if (armv8pt_is_s2(common)) {
		/*
		 * SL0 names the start level: with a 4K granule 0, 1, 2 start
		 * at Arm levels 2, 1, 0; with 16K and 64K at levels 3, 2, 1.
		 */
		if (ARMV8_GRANULE_LG2SZ == 12)
			info->sl = (top_range->top_level + 3) % 4;
		else
			info->sl = top_range->top_level;
		return;
	}
	info->mair = (u64)ARMV8PT_MAIR_NC << (8 * ARMV8PT_MAIR_IDX_NC) |
		     (u64)ARMV8PT_MAIR_WBRWA << (8 * ARMV8PT_MAIR_IDX_CACHE) |
		     (u64)ARMV8PT_MAIR_DEV << (8 * ARMV8PT_MAIR_IDX_DEV) |
		     (u64)ARMV8PT_MAIR_INC_OWBRWA
			     << (8 * ARMV8PT_MAIR_IDX_INC_OCACHE);
}

#define pt_iommu_fmt_hw_info armv8pt_iommu_fmt_hw_info

#ifdef GENERIC_PT_KUNIT
/*
 * The generic suites run on tables whose top is a full granule or a cut
 * one, at both stages, with every feature; upper-half (TTBR1) tables and
 * concatenated stage-2 tops are left to the armv8 suites, which compare
 * them with io-pgtable.
 */
#define ARMV8_K_S2 BIT(PT_FEAT_ARMV8_S2)
#define ARMV8_K_CONTIG BIT(PT_FEAT_ARMV8_CONTIG)
#define ARMV8_K_DBM BIT(PT_FEAT_ARMV8_DBM)
#define ARMV8_K_NC BIT(PT_FEAT_DMA_INCOHERENT)

static const struct pt_kunit_fmt_cfg kunit_fmt_cfgs[] = {
#if defined(ARMV8_MALI)
	PT_KUNIT_CFG("mali_va48_oa40", 0, 48, 40),
	PT_KUNIT_CFG("mali_va48_oa48_incoherent", ARMV8_K_NC, 48, 48),
#elif ARMV8_GRANULE_LG2SZ == 12
	PT_KUNIT_CFG("s1_va48_oa48", 0, 48, 48),
	PT_KUNIT_CFG("s1_va39_oa44_contig_dbm", ARMV8_K_CONTIG | ARMV8_K_DBM,
		     39, 44),
	PT_KUNIT_CFG("s1_va48_oa40_ns_incoherent",
		     BIT(PT_FEAT_ARMV8_NS) | ARMV8_K_NC, 48, 40),
	PT_KUNIT_CFG("s2_va48_oa48_contig", ARMV8_K_S2 | ARMV8_K_CONTIG, 48,
		     48),
	PT_KUNIT_CFG("s2_va39_oa40_incoherent", ARMV8_K_S2 | ARMV8_K_NC, 39,
		     40),
#elif ARMV8_GRANULE_LG2SZ == 14
	PT_KUNIT_CFG("s1_va47_oa48", 0, 47, 48),
	PT_KUNIT_CFG("s1_va36_oa40_contig_dbm", ARMV8_K_CONTIG | ARMV8_K_DBM,
		     36, 40),
	PT_KUNIT_CFG("s2_va47_oa44_contig_incoherent",
		     ARMV8_K_S2 | ARMV8_K_CONTIG | ARMV8_K_NC, 47, 44),
#else
	PT_KUNIT_CFG("s1_va42_oa48", 0, 42, 48),
	PT_KUNIT_CFG("s1_va52_oa48_contig_dbm", ARMV8_K_CONTIG | ARMV8_K_DBM,
		     52, 48),
	PT_KUNIT_CFG("s2_va42_oa40_contig_incoherent",
		     ARMV8_K_S2 | ARMV8_K_CONTIG | ARMV8_K_NC, 42, 40),
#endif
};
#endif

#endif
