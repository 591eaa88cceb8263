/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Arm short-descriptor formats as the ARMv7-A/R Architecture Reference
 * Manual lays them out (B3.5.1, first-level and second-level descriptor
 * formats), plus MediaTek's three extra output address bits, written for
 * the armv7s KUnit suites without using fmt/armv7s.h. Each descriptor type
 * is built field by field from the manual's bit positions.
 *
 * Levels count like the core: 0 is the manual's second level (small and
 * large pages), 1 its first level (sections, supersections, page tables).
 *
 * The kspec_v7s_*() helpers serve the armv7s suites; the end of the file
 * gives the generic suites the interface of spec_common.h, whose
 * prot_bits value is the attributes of struct kspec_v7s_attr packed
 * together with the table's NS and MediaTek options.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_ARMV7S_H
#define __GENERIC_PT_KUNIT_SPEC_ARMV7S_H

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/iommu.h>

/*
 * What a prot becomes, in the manual's terms: the memory region
 * attributes TEX, C, B (with TEX remap: index TEX[0]:C:B, 1 device,
 * 4 normal non-cacheable, 7 normal write-back), the access permissions
 * AP[2:0] with AP[0] as access flag, XN, S and nG.
 */
struct kspec_v7s_attr {
	u8 tex;
	bool c;
	bool b;
	u8 ap;
	bool xn;
	bool s;
	bool ng;
};

/*
 * The mapping both implementations use: every leaf shareable and not
 * global; unless @no_perms, the access flag set, AP[1] for unprivileged
 * access, AP[2] for read only and XN for no-exec.
 */
static inline struct kspec_v7s_attr kspec_v7s_prot(int prot, bool no_perms)
{
	struct kspec_v7s_attr a = { .s = true, .ng = true };

	if (prot & IOMMU_MMIO) {
		a.b = true;		/* index 1: device */
	} else if (prot & IOMMU_CACHE) {
		a.tex = 1;		/* index 7: write-back */
		a.c = true;
		a.b = true;
	} else {
		a.tex = 1;		/* index 4: non-cacheable */
	}
	if (no_perms)
		return a;
	a.ap = 1;
	if (!(prot & IOMMU_PRIV))
		a.ap |= 2;
	if (!(prot & IOMMU_WRITE))
		a.ap |= 4;
	a.xn = prot & IOMMU_NOEXEC;
	return a;
}

/* MediaTek: PA[32] in bit 9, PA[33] in bit 4, PA[34] in bit 5 */
static inline u32 kspec_v7s_mtk(u64 pa)
{
	return (u32)((pa >> 32) & 1) << 9 | (u32)((pa >> 33) & 1) << 4 |
	       (u32)((pa >> 34) & 1) << 5;
}

/*
 * First level, section (bit 18 clear) or supersection (set): PXN 0,
 * 1 in bit 1, B 2, C 3, XN 4, domain 8:5 (0), AP[1:0] 11:10, TEX 14:12,
 * AP[2] 15, S 16, nG 17, NS 19, base 31:20 (31:24).
 */
static inline u32 kspec_v7s_section(u64 pa, struct kspec_v7s_attr a,
				    bool super, bool ns, bool mtk)
{
	u32 d = BIT(1);

	d |= (u32)a.b << 2 | (u32)a.c << 3 | (u32)a.xn << 4;
	d |= (u32)(a.ap & 3) << 10 | (u32)a.tex << 12;
	d |= (u32)(a.ap >> 2) << 15 | (u32)a.s << 16 | (u32)a.ng << 17;
	d |= (u32)super << 18 | (u32)ns << 19;
	d |= (u32)pa & (super ? 0xff000000 : 0xfff00000);
	return mtk ? d | kspec_v7s_mtk(pa) : d;
}

/*
 * Second level, small page: XN 0, 1 in bit 1, B 2, C 3, AP[1:0] 5:4,
 * TEX 8:6, AP[2] 9, S 10, nG 11, base 31:12.
 */
static inline u32 kspec_v7s_small(u64 pa, struct kspec_v7s_attr a, bool mtk)
{
	u32 d = BIT(1);

	d |= (u32)a.xn | (u32)a.b << 2 | (u32)a.c << 3;
	d |= (u32)(a.ap & 3) << 4 | (u32)a.tex << 6 | (u32)(a.ap >> 2) << 9;
	d |= (u32)a.s << 10 | (u32)a.ng << 11;
	d |= (u32)pa & 0xfffff000;
	return mtk ? d | kspec_v7s_mtk(pa) : d;
}

/*
 * Second level, large page: 01 in bits 1:0, B 2, C 3, AP[1:0] 5:4,
 * AP[2] 9, S 10, nG 11, TEX 14:12, XN 15, base 31:16.
 */
static inline u32 kspec_v7s_large(u64 pa, struct kspec_v7s_attr a, bool mtk)
{
	u32 d = BIT(0);

	d |= (u32)a.b << 2 | (u32)a.c << 3 | (u32)(a.ap & 3) << 4;
	d |= (u32)(a.ap >> 2) << 9 | (u32)a.s << 10 | (u32)a.ng << 11;
	d |= (u32)a.tex << 12 | (u32)a.xn << 15;
	d |= (u32)pa & 0xffff0000;
	return mtk ? d | kspec_v7s_mtk(pa) : d;
}

/* First level, page table: 01 in bits 1:0, NS 3, base 31:10 */
static inline u32 kspec_v7s_table(u64 pa, bool ns)
{
	return BIT(0) | (u32)ns << 3 | ((u32)pa & 0xfffffc00);
}

/* The leaf descriptor of a page or section of 2^@lg2 bytes */
static inline u32 kspec_v7s_leaf(u64 pa, unsigned int lg2,
				 struct kspec_v7s_attr a, bool ns, bool mtk)
{
	switch (lg2) {
	case 12:
		return kspec_v7s_small(pa, a, mtk);
	case 16:
		return kspec_v7s_large(pa, a, mtk);
	default:
		return kspec_v7s_section(pa, a, lg2 == 24, ns, mtk);
	}
}

/* Type bits 1:0 zero: a fault entry */
static inline bool kspec_v7s_valid(u32 d)
{
	return d & 3;
}

/* Everything valid is a leaf but a first-level 01 */
static inline bool kspec_v7s_is_leaf(u32 d, unsigned int level)
{
	return level == 0 || (d & 3) != 1;
}

static inline u32 kspec_v7s_table_addr(u32 d)
{
	return d & 0xfffffc00;
}

/* Items of a table: 2^(ias - 20) at the first level, 256 at the second */
static inline unsigned int kspec_v7s_items_lg2(unsigned int level,
					       unsigned int ias)
{
	return level ? ias - 20 : 8;
}

/* Level and size (log2) of each leaf size, and the items it spans */
static inline unsigned int kspec_v7s_level(unsigned int lg2)
{
	return lg2 >= 20;
}

static inline unsigned int kspec_v7s_items(unsigned int lg2)
{
	return lg2 == 16 || lg2 == 24 ? 16 : 1;
}

/*
 * TEX remap and walk registers for the three memory types: PRRR TR1
 * device, TR4 and TR7 normal, DS0 DS1 NS1 set, NOS7; NMRR IR7 and OR7
 * write-back write-allocate; TTBR0 walks shareable, not outer shareable,
 * inner and outer write-back write-allocate (IRGN 01, RGN 01).
 */
#define KSPEC_V7S_PRRR 0x800b8204
#define KSPEC_V7S_NMRR 0x40004000
#define KSPEC_V7S_TTBR_ATTRS 0x6a
/* A walker that does not snoop: shareable, inner and outer non-cacheable */
#define KSPEC_V7S_TTBR_ATTRS_NC 0x02

/* The interface of spec_common.h */

#define KSPEC_GRANULE_LG2 12
/* Items of a full first-level table; the second level has 8 bits */
#define KSPEC_LEVEL_BITS 12
#define KSPEC_MAX_LEVELS 2
#define KSPEC_MAX_VA_LG2 32
/* 32 bits, MediaTek's 35 */
#define KSPEC_MAX_OA_LG2 35
/* 32-bit items */
#define KSPEC_ITEM_LG2SZ 2
/* A table descriptor and the TTBR hold 32 address bits */
#define KSPEC_TABLE_PHYS_LG2 32
/* Four 1K second-level tables to a 4K page */
#define KSPEC_SHARED_TABLE_LEVEL 0
/* No descriptor bit is left for software */
#define KSPEC_SW_BITS 0
#define KSPEC_FEATURES                                                    \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |         \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) | BIT(PT_FEAT_ARMV7S_NS) |      \
	 BIT(PT_FEAT_ARMV7S_NO_PERMS) | BIT(PT_FEAT_ARMV7S_MTK_EXT))
#define KSPEC_FORCED_FEATURES 0
#define KSPEC_NO_FMT_FIELDS
/* 4K 64K 1M 16M, whatever the options */
#define KSPEC_FACT_SIZES 0x1111000ULL
#define KSPEC_FACT_SIZES_ALL 0x1111000ULL
#define kspec_item_lg2 kspec_item_lg2
#define kspec_level_bits kspec_level_bits
#define kspec_max_oa_lg2 kspec_max_oa_lg2

/* 4K and 1M; a level above the first would have one 4G item */
static inline unsigned int kspec_item_lg2(unsigned int level)
{
	return level ? (level == 1 ? 20 : 32) : 12;
}

static inline unsigned int kspec_level_bits(unsigned int level)
{
	return level ? (level == 1 ? 12 : 0) : 8;
}

#include "spec_common.h"

static inline bool kspec_v7s_has(const struct pt_common *common,
				 unsigned int feature)
{
	return common->features & BIT(feature);
}

/* Without MediaTek's bits a descriptor holds a 32-bit address */
static inline unsigned int kspec_max_oa_lg2(const struct pt_common *common)
{
	return kspec_v7s_has(common, PT_FEAT_ARMV7S_MTK_EXT) ? 35 : 32;
}

/* Pages at the second level, sections at the first, each also as 16 */
static inline u64 kspec_level_sizes(const struct pt_common *common,
				    unsigned int level)
{
	return BIT_ULL(kspec_item_lg2(level)) |
	       BIT_ULL(kspec_item_lg2(level) + 4);
}

/* The packing of prot_bits */
#define KSPEC_V7S_B BIT_ULL(0)
#define KSPEC_V7S_C BIT_ULL(1)
#define KSPEC_V7S_TEX GENMASK_ULL(4, 2)
#define KSPEC_V7S_AP GENMASK_ULL(7, 5)
#define KSPEC_V7S_XN BIT_ULL(8)
#define KSPEC_V7S_S BIT_ULL(9)
#define KSPEC_V7S_NG BIT_ULL(10)
#define KSPEC_V7S_NS BIT_ULL(11)
#define KSPEC_V7S_MTK BIT_ULL(12)

static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot)
{
	struct kspec_v7s_attr a =
		kspec_v7s_prot(prot, kspec_v7s_has(common,
						   PT_FEAT_ARMV7S_NO_PERMS));

	return (a.b ? KSPEC_V7S_B : 0) | (a.c ? KSPEC_V7S_C : 0) |
	       FIELD_PREP(KSPEC_V7S_TEX, a.tex) |
	       FIELD_PREP(KSPEC_V7S_AP, a.ap) | (a.xn ? KSPEC_V7S_XN : 0) |
	       (a.s ? KSPEC_V7S_S : 0) | (a.ng ? KSPEC_V7S_NG : 0) |
	       (kspec_v7s_has(common, PT_FEAT_ARMV7S_NS) ? KSPEC_V7S_NS : 0) |
	       (kspec_v7s_has(common, PT_FEAT_ARMV7S_MTK_EXT) ?
			KSPEC_V7S_MTK : 0);
}

/* Every item of a 16-item leaf is the same descriptor */
static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits,
			     unsigned int i)
{
	struct kspec_v7s_attr a = {
		.b = prot_bits & KSPEC_V7S_B,
		.c = prot_bits & KSPEC_V7S_C,
		.tex = FIELD_GET(KSPEC_V7S_TEX, prot_bits),
		.ap = FIELD_GET(KSPEC_V7S_AP, prot_bits),
		.xn = prot_bits & KSPEC_V7S_XN,
		.s = prot_bits & KSPEC_V7S_S,
		.ng = prot_bits & KSPEC_V7S_NG,
	};

	return kspec_v7s_leaf(oa, size_lg2, a, prot_bits & KSPEC_V7S_NS,
			      prot_bits & KSPEC_V7S_MTK);
}

static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level)
{
	return kspec_v7s_table(pa, kspec_v7s_has(common, PT_FEAT_ARMV7S_NS));
}

/* No access flag or dirty state is kept by the walker */
static inline u64 kspec_dirty_bit(void)
{
	return 0;
}

/* Always the two levels; the first-level table decodes the input width */
static inline unsigned int kspec_start_level(const PT_IOMMU_CFG_T *cfg)
{
	return 1;
}

static inline unsigned int kspec_va_lg2(const PT_IOMMU_CFG_T *cfg)
{
	return cfg->common.hw_max_vasz_lg2;
}

/*
 * TTBR0: bits 6:0 are the walk attributes S, RGN, NOS, IRGN (0x6a here,
 * 0x02 for a walker that does not snoop); with MediaTek's extension none,
 * and bits 2:0 hold table address bits 34:32 instead. Two levels always.
 */
static u64 kspec_hw_info_root(const struct pt_iommu_table_hw_info *info,
			      const struct pt_common *common, u64 *top_pa,
			      unsigned int *levels)
{
	*levels = 2;
	*top_pa = info->ttbr & GENMASK(31, 7);
	if (kspec_v7s_has(common, PT_FEAT_ARMV7S_MTK_EXT)) {
		*top_pa |= (u64)(info->ttbr & 7) << 32;
		return info->ttbr & GENMASK(6, 3);
	}
	if (kspec_v7s_has(common, PT_FEAT_DMA_INCOHERENT))
		return (info->ttbr & GENMASK(6, 0)) &
		       ~(u64)KSPEC_V7S_TTBR_ATTRS_NC;
	return (info->ttbr & GENMASK(6, 0)) & ~(u64)KSPEC_V7S_TTBR_ATTRS;
}

/* Output address bits 34:32 of a MediaTek leaf */
static inline u64 kspec_v7s_mtk_pa(const struct pt_common *common, u64 d)
{
	if (!kspec_v7s_has(common, PT_FEAT_ARMV7S_MTK_EXT))
		return 0;
	return ((d >> 9) & 1) << 32 | ((d >> 4) & 1) << 33 |
	       ((d >> 5) & 1) << 34;
}

/*
 * First level: 00 fault, 01 page table, 10 section (supersection with
 * bit 18), 11 reserved without the large physical address extension.
 * Second level: 00 fault, 01 large page, 1x small page.
 */
static void kspec_decode(const struct pt_common *common, u64 entry,
			 unsigned int level, struct kspec_pte *pte)
{
	unsigned int type = entry & 3;

	memset(pte, 0, sizeof(*pte));
	if (!type) {
		pte->type = KSPEC_EMPTY;
	} else if (level && type == 1) {
		pte->type = KSPEC_TABLE;
		pte->pa = kspec_v7s_table_addr(entry);
	} else if (level && type == 3) {
		pte->type = KSPEC_FAULT;
	} else {
		if (level)
			pte->size_lg2 = entry & BIT(18) ? 24 : 20;
		else
			pte->size_lg2 = type == 1 ? 16 : 12;
		pte->type = KSPEC_LEAF;
		pte->pa = (entry & GENMASK_ULL(31, pte->size_lg2)) |
			  kspec_v7s_mtk_pa(common, entry);
	}
}

#define KSPEC_V7S_NO_PERMS BIT(PT_FEAT_ARMV7S_NO_PERMS)
#define KSPEC_V7S_MTK_FEAT (BIT(PT_FEAT_ARMV7S_MTK_EXT) | KSPEC_V7S_NO_PERMS)

/*
 * Literal descriptors: a read/write small page is type 1x with AP[1:0]
 * 11, TEX 001 (normal non-cacheable), S and nG: 0xc72 beside the address;
 * a read-only cacheable no-exec section has B, C, XN, AP 011 (AP[2] at
 * bit 15), TEX 001, S, nG; a privileged MMIO supersection with NS has B,
 * AP[0] only, TEX 000, S, nG, bit 18 and NS in all 16 items; a large page
 * has TEX at 14:12 and XN at 15; MediaTek's PA[32] is bit 9, PA[33] bit 4
 * and PA[34] bit 5.
 */
static const struct kspec_leaf_fact kspec_leaf_facts[] = {
	{ .prot = IOMMU_READ | IOMMU_WRITE, .level = 0, .lg2 = 12,
	  .oa = 0x12345000, .items = 1, .entry = 0x12345c72 },
	{ .prot = IOMMU_READ | IOMMU_CACHE | IOMMU_NOEXEC, .level = 1,
	  .lg2 = 20, .oa = 0x40100000, .items = 1, .entry = 0x40139c1e },
	{ .features = BIT(PT_FEAT_ARMV7S_NS),
	  .prot = IOMMU_READ | IOMMU_WRITE | IOMMU_PRIV | IOMMU_MMIO,
	  .level = 1, .lg2 = 24, .oa = 0x85000000, .items = 16,
	  .entry = 0x850f0406 },
	{ .prot = IOMMU_WRITE | IOMMU_NOEXEC, .level = 0, .lg2 = 16,
	  .oa = 0xabcd0000, .items = 16, .entry = 0xabcd9c31 },
	{ .features = KSPEC_V7S_MTK_FEAT,
	  .prot = IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE, .level = 0,
	  .lg2 = 12, .oa = 0x612345000ULL, .items = 1, .entry = 0x12345c7e },
	{ .features = KSPEC_V7S_MTK_FEAT | BIT(PT_FEAT_ARMV7S_NS),
	  .prot = IOMMU_READ, .level = 1, .lg2 = 20, .oa = 0x1fff00000ULL,
	  .items = 1, .entry = 0xfffb1202 },
};

static const struct kspec_pointer_fact kspec_pointer_facts[] = {
	{ .level = 1, .pa = 0x12345c00, .entry = 0x12345c01 },
};

#endif
