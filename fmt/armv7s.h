/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arm short-descriptor translation tables (Arm Architecture Reference
 * Manual ARMv7-A/R, "Short-descriptor translation table format"), as the
 * MediaTek IOMMUs and 32-bit SMMU contexts walk them.
 *
 * 32-bit items, two levels. Level 1 here (the manual's first level) has
 * 2^(input width - 20) items, 4096 and 16K of memory for a 32-bit input;
 * each maps 1M as a section or points to a level 0 table (the second
 * level) of 256 items in 1K, each mapping a 4K small page. The large
 * sizes are runs of 16 items holding the same descriptor: a 64K large
 * page at level 0 and a 16M supersection at level 1. A large page moves
 * TEX and XN to other bits than a small page; a section keeps its memory
 * attributes 6 bits higher than a small page.
 *
 * Leaves use the simplified access permissions (AF in AP[0]) and TEX
 * remap: TEX[0]:C:B index 1 is device memory, 4 normal non-cacheable, 7
 * normal write-back. Options: non-secure leaves and tables, no
 * permission bits at all, and MediaTek's output address bits 32-34 in
 * descriptor bits 9, 4 and 5 (which needs no permissions). Every table
 * lives below 4G: a table descriptor and TTBR hold 32 address bits.
 */
#ifndef __GENERIC_PT_FMT_ARMV7S_H
#define __GENERIC_PT_FMT_ARMV7S_H

#include "defs_armv7s.h"
#include "../generic_pt/pt_defs.h"
#include "../generic_pt/pt_fmt_helpers.h"

#include <linux/bitfield.h>
#include <linux/generic_pt/iommu.h>

#define PT_GRANULE_LG2SZ 12
#define PT_ITEM_WORD_SIZE sizeof(u32)
/* The first-level table of a 32-bit input; the per-level functions rule */
#define PT_TABLEMEM_LG2SZ 14
#define PT_MAX_VA_ADDRESS_LG2 32
/* 32 bits, 35 with the MediaTek extension */
#define PT_MAX_OUTPUT_ADDRESS_LG2 35
#define PT_MAX_TOP_LEVEL 1
#define PT_MAX_LEAF_LEVEL 1
/* TTBR and table descriptors hold 32-bit table addresses */
#define PT_TOP_PHYS_MASK GENMASK_ULL(31, 0)
#define PT_TABLE_PHYS_MASK GENMASK_ULL(31, 0)
#define PT_TABLE_GFP GFP_DMA32
/* Four 1K second-level tables to a 4K page, as the hardware allows */
#define PT_SHARED_TABLE_LEVEL 0

/* Bits 1:0 of every item */
#define ARMV7S_TYPE GENMASK(1, 0)
#define ARMV7S_L1_TYPE_TABLE 1
#define ARMV7S_L1_TYPE_SECTION 2
#define ARMV7S_L0_TYPE_LARGE 1
#define ARMV7S_L0_TYPE_SMALL 2
/* Level 1 table descriptor */
#define ARMV7S_TABLE_NS BIT(3)
#define ARMV7S_TABLE_ADDR GENMASK(31, 10)
/* Section and supersection; also the layout of struct pt_write_attrs */
#define ARMV7S_B BIT(2)
#define ARMV7S_C BIT(3)
#define ARMV7S_SECT_XN BIT(4)
#define ARMV7S_SECT_ATTRS GENMASK(17, 10)
#define ARMV7S_SECT_TEX GENMASK(14, 12)
#define ARMV7S_SECT_SUPER BIT(18)
#define ARMV7S_SECT_NS BIT(19)
#define ARMV7S_SECT_ADDR GENMASK(31, 20)
#define ARMV7S_SUPER_ADDR GENMASK(31, 24)
/*
 * The memory attribute and permission block, bits 17:10 of a section and
 * 11:4 of a page: AP[0] (the access flag), AP[1] (unprivileged), TEX,
 * AP[2] (read only), S, nG
 */
#define ARMV7S_ATTR_AP0 BIT(0)
#define ARMV7S_ATTR_AP1 BIT(1)
#define ARMV7S_ATTR_TEX GENMASK(4, 2)
#define ARMV7S_ATTR_AP2 BIT(5)
#define ARMV7S_ATTR_S BIT(6)
#define ARMV7S_ATTR_NG BIT(7)
/* Small and large pages */
#define ARMV7S_SMALL_XN BIT(0)
#define ARMV7S_PAGE_ATTRS GENMASK(11, 4)
#define ARMV7S_SMALL_TEX GENMASK(8, 6)
#define ARMV7S_LARGE_TEX GENMASK(14, 12)
#define ARMV7S_LARGE_XN BIT(15)
#define ARMV7S_SMALL_ADDR GENMASK(31, 12)
#define ARMV7S_LARGE_ADDR GENMASK(31, 16)
/* MediaTek: output address bits 32, 33, 34 */
#define ARMV7S_MTK_PA32 BIT(9)
#define ARMV7S_MTK_PA33 BIT(4)
#define ARMV7S_MTK_PA34 BIT(5)
/* A run of 16 items: large page, supersection */
#define ARMV7S_CONTIG_LG2 4

/* TEX remap: the three memory types of TEX[0]:C:B and their index */
#define ARMV7S_IDX_DEVICE 1
#define ARMV7S_IDX_NC 4
#define ARMV7S_IDX_WB 7
/* PRRR: TRn memory type, DS0/DS1 device shareable, NS1, NOSn */
#define ARMV7S_PRRR_TR(idx, type) ((u32)(type) << (2 * (idx)))
#define ARMV7S_PRRR_DEVICE 1
#define ARMV7S_PRRR_NORMAL 2
#define ARMV7S_PRRR_DS0 BIT(16)
#define ARMV7S_PRRR_DS1 BIT(17)
#define ARMV7S_PRRR_NS1 BIT(19)
#define ARMV7S_PRRR_NOS(idx) BIT(24 + (idx))
/* NMRR: IRn and ORn cacheability, write-back write-allocate */
#define ARMV7S_NMRR_IR(idx, rgn) ((u32)(rgn) << (2 * (idx)))
#define ARMV7S_NMRR_OR(idx, rgn) ((u32)(rgn) << (16 + 2 * (idx)))
#define ARMV7S_RGN_WBWA 1
/* TTBR walk attributes: shareable, not outer shareable, IRGN, RGN */
#define ARMV7S_TTBR_S BIT(1)
#define ARMV7S_TTBR_RGN GENMASK(4, 3)
#define ARMV7S_TTBR_NOS BIT(5)
#define ARMV7S_TTBR_IRGN0 BIT(6)
#define ARMV7S_TTBR_IRGN1 BIT(0)

static inline bool armv7spt_mtk(const struct pt_common *common)
{
	return pt_feature(common, PT_FEAT_ARMV7S_MTK_EXT);
}

static inline u32 *armv7spt_item(const struct pt_state *pts)
{
	return (u32 *)pts->table + pts->index;
}

/* Level 0 items map 4K, every other level 1M (levels above 1 never run) */
static inline unsigned int armv7spt_table_item_lg2sz(const struct pt_state *pts)
{
	return pts->level ? 20 : 12;
}

#define pt_table_item_lg2sz armv7spt_table_item_lg2sz

/* 256 items at level 0; at level 1 what the input width needs */
static __always_inline unsigned int
armv7spt_num_items_lg2(const struct pt_state *pts)
{
	unsigned int vasz = pts->range->common->max_vasz_lg2;

	if (!pts->level)
		return 8;
	return vasz > 20 ? vasz - 20 : 0;
}

#define pt_num_items_lg2 armv7spt_num_items_lg2

static inline unsigned int armv7spt_table_mem_lg2sz(const struct pt_state *pts)
{
	return armv7spt_num_items_lg2(pts) + ilog2(sizeof(u32));
}

#define pt_table_mem_lg2sz armv7spt_table_mem_lg2sz

static inline pt_vaddr_t armv7spt_possible_sizes(const struct pt_state *pts)
{
	unsigned int item_lg2 = armv7spt_table_item_lg2sz(pts);

	if (pts->level > PT_MAX_LEAF_LEVEL)
		return 0;
	return va_lg2int(item_lg2) | va_lg2int(item_lg2 + ARMV7S_CONTIG_LG2);
}

#define pt_possible_sizes armv7spt_possible_sizes

static inline enum pt_entry_type armv7spt_load_entry_raw(struct pt_state *pts)
{
	u32 entry = READ_ONCE(*armv7spt_item(pts));
	u32 type = FIELD_GET(ARMV7S_TYPE, entry);

	pts->entry = entry;
	if (!type)
		return PT_ENTRY_EMPTY;
	if (pts->level && type == ARMV7S_L1_TYPE_TABLE)
		return PT_ENTRY_TABLE;
	return PT_ENTRY_OA;
}

#define pt_load_entry_raw armv7spt_load_entry_raw

static inline pt_oaddr_t armv7spt_table_pa(const struct pt_state *pts)
{
	return pts->entry & ARMV7S_TABLE_ADDR;
}

#define pt_table_pa armv7spt_table_pa

static __always_inline unsigned int
armv7spt_entry_num_contig_lg2(const struct pt_state *pts)
{
	u32 type = FIELD_GET(ARMV7S_TYPE, pts->entry);

	if (pts->level)
		return (pts->entry & ARMV7S_SECT_SUPER) ? ARMV7S_CONTIG_LG2 : 0;
	return type == ARMV7S_L0_TYPE_LARGE ? ARMV7S_CONTIG_LG2 : 0;
}

#define pt_entry_num_contig_lg2 armv7spt_entry_num_contig_lg2

/* MediaTek's output address bits above 31, in a leaf descriptor */
static inline u32 armv7spt_mtk_field(pt_oaddr_t oa)
{
	return (oa & BIT_ULL(32) ? ARMV7S_MTK_PA32 : 0) |
	       (oa & BIT_ULL(33) ? ARMV7S_MTK_PA33 : 0) |
	       (oa & BIT_ULL(34) ? ARMV7S_MTK_PA34 : 0);
}

static inline pt_oaddr_t armv7spt_entry_oa(const struct pt_state *pts)
{
	bool contig = armv7spt_entry_num_contig_lg2(pts);
	u32 entry = pts->entry;
	pt_oaddr_t oa;

	if (pts->level)
		oa = entry & (contig ? ARMV7S_SUPER_ADDR : ARMV7S_SECT_ADDR);
	else
		oa = entry & (contig ? ARMV7S_LARGE_ADDR : ARMV7S_SMALL_ADDR);
	if (armv7spt_mtk(pts->range->common)) {
		if (entry & ARMV7S_MTK_PA32)
			oa |= BIT_ULL(32);
		if (entry & ARMV7S_MTK_PA33)
			oa |= BIT_ULL(33);
		if (entry & ARMV7S_MTK_PA34)
			oa |= BIT_ULL(34);
	}
	return oa;
}

#define pt_entry_oa armv7spt_entry_oa

/*
 * A leaf descriptor without its address, from attributes in the section
 * layout: a section keeps them, a page takes the attribute block 6 bits
 * lower, XN at bit 0, and a large page TEX and XN higher up again.
 */
static inline u32 armv7spt_leaf_bits(u32 attrs, unsigned int level,
				     bool contig)
{
	bool xn = attrs & ARMV7S_SECT_XN;
	u32 block = FIELD_GET(ARMV7S_SECT_ATTRS, attrs);
	u32 pte = attrs & (ARMV7S_B | ARMV7S_C);

	if (level)
		return attrs | ARMV7S_L1_TYPE_SECTION |
		       (contig ? ARMV7S_SECT_SUPER : 0);
	/* Pages have no NS bit: the table descriptor above says it */
	if (!contig)
		return pte | FIELD_PREP(ARMV7S_PAGE_ATTRS, block) |
		       ARMV7S_L0_TYPE_SMALL | (xn ? ARMV7S_SMALL_XN : 0);
	pte |= FIELD_PREP(ARMV7S_PAGE_ATTRS, block & ~ARMV7S_ATTR_TEX);
	pte |= FIELD_PREP(ARMV7S_LARGE_TEX, FIELD_GET(ARMV7S_ATTR_TEX, block));
	return pte | ARMV7S_L0_TYPE_LARGE | (xn ? ARMV7S_LARGE_XN : 0);
}

/* The other way: the section-layout attributes of a leaf */
static inline void armv7spt_attr_from_entry(const struct pt_state *pts,
					    struct pt_write_attrs *attrs)
{
	bool mtk = armv7spt_mtk(pts->range->common);
	bool contig = armv7spt_entry_num_contig_lg2(pts);
	u32 entry = pts->entry;
	u32 block, bits;

	if (pts->level) {
		bits = entry & (ARMV7S_B | ARMV7S_C | ARMV7S_SECT_XN |
				ARMV7S_SECT_ATTRS);
		/* Bit 4 is output address bit 33 there */
		if (mtk)
			bits &= ~ARMV7S_SECT_XN;
		attrs->descriptor_bits = bits;
		return;
	}
	block = FIELD_GET(ARMV7S_PAGE_ATTRS, entry);
	if (contig) {
		block &= ~ARMV7S_ATTR_TEX;
		block |= FIELD_PREP(ARMV7S_ATTR_TEX,
				    FIELD_GET(ARMV7S_LARGE_TEX, entry));
	}
	/* Bits 4, 5 and 9 hold output address bits, AP is unused */
	if (mtk)
		block &= ~(ARMV7S_ATTR_AP0 | ARMV7S_ATTR_AP1 | ARMV7S_ATTR_AP2);
	bits = (entry & (ARMV7S_B | ARMV7S_C)) |
	       FIELD_PREP(ARMV7S_SECT_ATTRS, block);
	if (entry & (contig ? ARMV7S_LARGE_XN : ARMV7S_SMALL_XN))
		bits |= ARMV7S_SECT_XN;
	attrs->descriptor_bits = bits;
}

#define pt_attr_from_entry armv7spt_attr_from_entry

/*
 * For the debugfs dump, from the section layout every leaf size converts
 * to: B, C, XN, AP[2:0], TEX, S, nG; and NS of a first-level leaf.
 */
static inline void armv7spt_entry_attr_names(const struct pt_state *pts,
					     struct pt_attr_names *names)
{
	struct pt_write_attrs attrs;
	u32 block;

	armv7spt_attr_from_entry(pts, &attrs);
	block = FIELD_GET(ARMV7S_SECT_ATTRS, attrs.descriptor_bits);
	pt_attr_field(names, "ap",
		      FIELD_GET(ARMV7S_ATTR_AP0 | ARMV7S_ATTR_AP1, block) |
			      (block & ARMV7S_ATTR_AP2 ? 4 : 0));
	pt_attr_field(names, "tex", FIELD_GET(ARMV7S_ATTR_TEX, block));
	pt_attr_name(names, attrs.descriptor_bits & ARMV7S_B, "b");
	pt_attr_name(names, attrs.descriptor_bits & ARMV7S_C, "c");
	pt_attr_name(names, attrs.descriptor_bits & ARMV7S_SECT_XN, "xn");
	pt_attr_name(names, block & ARMV7S_ATTR_S, "s");
	pt_attr_name(names, block & ARMV7S_ATTR_NG, "ng");
	pt_attr_name(names, pts->level && (pts->entry & ARMV7S_SECT_NS), "ns");
}

#define pt_entry_attr_names armv7spt_entry_attr_names

/*
 * A walker that does not snoop: no descriptor bit is free to record that
 * a table entry was cleaned to memory (bit 9 is IMPLEMENTATION DEFINED,
 * bit 4 should be zero), so no entry ever counts as cleaned and every
 * descent through a table entry cleans it again. That costs one cache
 * line clean per level of each map, and covers the case of a thread that
 * uses a table another thread installed but has not cleaned yet.
 */
static inline bool armv7spt_entry_sw_cleaned(const struct pt_state *pts)
{
	return false;
}

#define pt_entry_sw_cleaned armv7spt_entry_sw_cleaned

static inline void armv7spt_entry_set_sw_cleaned(struct pt_state *pts)
{
}

#define pt_entry_set_sw_cleaned armv7spt_entry_set_sw_cleaned

/*
 * Every item of a large page or supersection holds the same descriptor,
 * the address of the start of the run.
 */
static inline void armv7spt_install_leaf_entry(struct pt_state *pts,
					       pt_oaddr_t oa,
					       unsigned int oasz_lg2,
					       const struct pt_write_attrs *attrs)
{
	unsigned int num_lg2 = oasz_lg2 - armv7spt_table_item_lg2sz(pts);
	u32 *item = armv7spt_item(pts);
	u32 entry;
	unsigned int i;

	entry = armv7spt_leaf_bits(attrs->descriptor_bits, pts->level,
				   num_lg2) |
		lower_32_bits(oa);
	/* A table-wide option, not an attribute of the leaf */
	if (pts->level && pt_feature(pts->range->common, PT_FEAT_ARMV7S_NS))
		entry |= ARMV7S_SECT_NS;
	if (armv7spt_mtk(pts->range->common))
		entry |= armv7spt_mtk_field(oa);
	for (i = 0; i != 1U << num_lg2; i++)
		WRITE_ONCE(item[i], entry);
	pts->entry = entry;
}

#define pt_install_leaf_entry armv7spt_install_leaf_entry

static inline bool armv7spt_install_table(struct pt_state *pts,
					  pt_oaddr_t table_pa,
					  const struct pt_write_attrs *attrs)
{
	u32 entry = lower_32_bits(table_pa) | ARMV7S_L1_TYPE_TABLE;

	if (pt_feature(pts->range->common, PT_FEAT_ARMV7S_NS))
		entry |= ARMV7S_TABLE_NS;
	return pt_table_install32(pts, entry);
}

#define pt_install_table armv7spt_install_table

/* IOMMU glue: prot bits, init and the register values */
static inline int armv7spt_iommu_set_prot(struct pt_common *common,
					  struct pt_write_attrs *attrs,
					  unsigned int iommu_prot)
{
	bool perms = !pt_feature(common, PT_FEAT_ARMV7S_NO_PERMS);
	u32 block = ARMV7S_ATTR_S | ARMV7S_ATTR_NG;
	u32 bits = 0;

	/* TEX[0] selects the normal memory indexes 4 and 7 */
	if (!(iommu_prot & IOMMU_MMIO))
		block |= FIELD_PREP(ARMV7S_ATTR_TEX, 1);
	if (perms) {
		block |= ARMV7S_ATTR_AP0;
		if (!(iommu_prot & IOMMU_PRIV))
			block |= ARMV7S_ATTR_AP1;
		if (!(iommu_prot & IOMMU_WRITE))
			block |= ARMV7S_ATTR_AP2;
		if (iommu_prot & IOMMU_NOEXEC)
			bits |= ARMV7S_SECT_XN;
	}
	if (iommu_prot & IOMMU_MMIO)
		bits |= ARMV7S_B;
	else if (iommu_prot & IOMMU_CACHE)
		bits |= ARMV7S_B | ARMV7S_C;
	attrs->descriptor_bits = bits | FIELD_PREP(ARMV7S_SECT_ATTRS, block);
	return 0;
}

#define pt_iommu_set_prot armv7spt_iommu_set_prot

static inline int armv7spt_iommu_fmt_init(struct pt_iommu_armv7s *table,
					  const struct pt_iommu_armv7s_cfg *cfg)
{
	struct pt_common *common = &table->armv7s_pt.common;

	/* MediaTek's address bits take the places of AP[0], AP[1], AP[2] */
	if (armv7spt_mtk(common) &&
	    !pt_feature(common, PT_FEAT_ARMV7S_NO_PERMS))
		return -EINVAL;
	if (!armv7spt_mtk(common) && common->max_oasz_lg2 > 32)
		return -ERANGE;
	common->top_of_table = 1;
	return 0;
}

#define pt_iommu_fmt_init armv7spt_iommu_fmt_init

static inline void
armv7spt_iommu_fmt_hw_info(struct pt_iommu_armv7s *table,
			   const struct pt_range *top_range,
			   struct pt_iommu_armv7s_hw_info *info)
{
	u64 top_pa = virt_to_phys(top_range->top_table);

	memset(info, 0, sizeof(*info));
	info->ttbr = lower_32_bits(top_pa);
	if (armv7spt_mtk(top_range->common))
		info->ttbr |= upper_32_bits(top_pa);
	else if (pt_feature(top_range->common, PT_FEAT_DMA_INCOHERENT))
		/* Walks go to memory: inner and outer non-cacheable */
		info->ttbr |= ARMV7S_TTBR_S;
	else
		info->ttbr |= ARMV7S_TTBR_S | ARMV7S_TTBR_NOS |
			      ARMV7S_TTBR_IRGN0 |
			      FIELD_PREP(ARMV7S_TTBR_RGN, ARMV7S_RGN_WBWA);
	/* TTBCR: N = 0, every IOVA through TTBR0 */
	info->tcr = 0;
	info->prrr = ARMV7S_PRRR_TR(ARMV7S_IDX_DEVICE, ARMV7S_PRRR_DEVICE) |
		     ARMV7S_PRRR_TR(ARMV7S_IDX_NC, ARMV7S_PRRR_NORMAL) |
		     ARMV7S_PRRR_TR(ARMV7S_IDX_WB, ARMV7S_PRRR_NORMAL) |
		     ARMV7S_PRRR_DS0 | ARMV7S_PRRR_DS1 | ARMV7S_PRRR_NS1 |
		     ARMV7S_PRRR_NOS(ARMV7S_IDX_WB);
	info->nmrr = ARMV7S_NMRR_IR(ARMV7S_IDX_WB, ARMV7S_RGN_WBWA) |
		     ARMV7S_NMRR_OR(ARMV7S_IDX_WB, ARMV7S_RGN_WBWA);
}

#define pt_iommu_fmt_hw_info armv7spt_iommu_fmt_hw_info

#ifdef GENERIC_PT_KUNIT
/* The generic suites run on full and cut first-level tables, every option */
static const struct pt_kunit_fmt_cfg kunit_fmt_cfgs[] = {
	PT_KUNIT_CFG("va32_oa32", 0, 32, 32),
	PT_KUNIT_CFG("va32_oa32_ns", BIT(PT_FEAT_ARMV7S_NS), 32, 32),
	PT_KUNIT_CFG("va32_oa32_incoherent", BIT(PT_FEAT_DMA_INCOHERENT), 32,
		     32),
	PT_KUNIT_CFG("va28_oa30_noperms", BIT(PT_FEAT_ARMV7S_NO_PERMS), 28,
		     30),
	PT_KUNIT_CFG("va32_oa35_mtk_ns",
		     BIT(PT_FEAT_ARMV7S_MTK_EXT) |
			     BIT(PT_FEAT_ARMV7S_NO_PERMS) |
			     BIT(PT_FEAT_ARMV7S_NS),
		     32, 35),
};
#endif

#endif
