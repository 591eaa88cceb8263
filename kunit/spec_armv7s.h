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
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_ARMV7S_H
#define __GENERIC_PT_KUNIT_SPEC_ARMV7S_H

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

#endif
