/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What an IOMMU driver includes to use a generic page table: the table
 * structs it embeds in its domain, the per-format cfg and hw_info, the
 * exported functions and the macros that fill struct iommu_domain_ops.
 */
#ifndef __GENERIC_PT_IOMMU_H
#define __GENERIC_PT_IOMMU_H

#include <linux/generic_pt/common.h>
#include <linux/generic_pt/compat.h>
#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/spinlock.h>

struct scatterlist;

struct pt_iommu_ops;
struct pt_iommu_driver_ops;

/**
 * struct pt_iommu - the IOMMU side of a generic page table
 * @domain: the iommu_domain; it aliases the driver's own domain member,
 *   see PT_IOMMU_CHECK_DOMAIN()
 * @ops: table operations, set by a successful pt_iommu_<fmt>_init()
 * @driver_ops: callbacks into the driver, set by the driver before init;
 *   may be NULL when the format has no dynamic top
 * @nid: NUMA node to allocate table memory on (NUMA_NO_NODE for any)
 * @iommu_device: the device that walks the table; used for DMA mapping of
 *   table memory with PT_FEAT_DMA_INCOHERENT
 */
struct pt_iommu {
	struct iommu_domain domain;
	const struct pt_iommu_ops *ops;
	const struct pt_iommu_driver_ops *driver_ops;
	int nid;
	struct device *iommu_device;
};

/**
 * struct pt_iommu_info - what get_info reports
 * @pgsize_bitmap: every leaf size the table can install
 */
struct pt_iommu_info {
	u64 pgsize_bitmap;
};

/**
 * struct pt_iommu_ops - operations on an initialised table
 * @get_info: fill a struct pt_iommu_info
 * @set_dirty: mark the leaf holding @iova dirty as the hardware would;
 *   for tests. Returns 0, -ENOENT when nothing is mapped there, -EPERM
 *   for a read-only leaf, or -EOPNOTSUPP when the format has no dirty
 *   bit.
 * @deinit: free every table page; use pt_iommu_deinit()
 */
struct pt_iommu_ops {
	void (*get_info)(struct pt_iommu *iommu_table,
			 struct pt_iommu_info *info);
	int (*set_dirty)(struct pt_iommu *iommu_table, dma_addr_t iova);
	void (*deinit)(struct pt_iommu *iommu_table);
};

/**
 * struct pt_iommu_driver_ops - what the table asks of the driver
 * @change_top: a table with PT_FEAT_DYNAMIC_TOP grew a new top level. The
 *   driver points its hardware at @top_paddr with @top_level + 1 levels
 *   before returning. Called with the lock from @get_top_lock held.
 * @get_top_lock: the spinlock that serialises changes of the top level
 */
struct pt_iommu_driver_ops {
	void (*change_top)(struct pt_iommu *iommu_table, phys_addr_t top_paddr,
			   unsigned int top_level);
	spinlock_t *(*get_top_lock)(struct pt_iommu *iommu_table);
};

/**
 * pt_iommu_deinit() - free a table
 * @iommu_table: table to free
 *
 * Frees every table page. Safe on a zeroed struct, before init and after
 * a failed init. The hardware must no longer walk the table.
 */
static inline void pt_iommu_deinit(struct pt_iommu *iommu_table)
{
	if (iommu_table->ops)
		iommu_table->ops->deinit(iommu_table);
}

/**
 * struct pt_iommu_cfg - configuration common to every format
 * @features: bitmap of enum pt_features and format features requested
 * @hw_max_vasz_lg2: input address width the hardware supports
 * @hw_max_oasz_lg2: output address width the hardware supports
 */
struct pt_iommu_cfg {
	unsigned long features;
	u8 hw_max_vasz_lg2;
	u8 hw_max_oasz_lg2;
};

/**
 * struct pt_iommu_dirty_bitmap - where read_and_clear_dirty reports
 * @record: called once per dirty leaf with its IOVA and its full size
 * @gather: collects the IOVA ranges whose dirty bit was cleared; the caller
 *   flushes it. May be NULL with PT_IOMMU_DIRTY_NO_CLEAR.
 *
 * Linux 6.1 has no struct iommu_dirty_bitmap; this is the minimal
 * equivalent. Embed it in a larger struct to carry context.
 */
struct pt_iommu_dirty_bitmap {
	void (*record)(struct pt_iommu_dirty_bitmap *dirty, u64 iova,
		       u64 length);
	struct iommu_iotlb_gather *gather;
};

/* read_and_clear_dirty flag: report dirty leaves but leave them dirty */
#define PT_IOMMU_DIRTY_NO_CLEAR BIT(0)

/* Levels a table can have; a reserve keeps its tables per level */
#define PT_IOMMU_MAX_LEVELS 6

/**
 * struct pt_iommu_reserve - table memory set aside for a map that must not
 *   allocate
 * @tables: zeroed tables for each level (0 holds the smallest leaves),
 *   linked through their struct page lru. Each entry is one table of the
 *   size the format uses at that level (e.g. ARMv7 short descriptors: 1K
 *   at level 0, 16K at the top), as pt_iommu_alloc_table() returns it.
 * @num: number of tables on each list
 *
 * Fill it with pt_iommu_<fmt>_reserve_fill() where allocating is allowed,
 * pass it to pt_iommu_<fmt>_map_range() or _map_sg() where it is not, and
 * give back what was not used with pt_iommu_reserve_release(). A reserve
 * belongs to one table format build, and to one thread at a time.
 */
struct pt_iommu_reserve {
	struct list_head tables[PT_IOMMU_MAX_LEVELS];
	unsigned int num[PT_IOMMU_MAX_LEVELS];
};

/**
 * pt_iommu_reserve_init() - make an empty reserve
 * @reserve: the reserve
 */
static inline void pt_iommu_reserve_init(struct pt_iommu_reserve *reserve)
{
	unsigned int i;

	for (i = 0; i != PT_IOMMU_MAX_LEVELS; i++) {
		INIT_LIST_HEAD(&reserve->tables[i]);
		reserve->num[i] = 0;
	}
}

void pt_iommu_reserve_release(struct pt_iommu_reserve *reserve);

/*
 * The whole-range helpers and the reserve of every format build; their
 * kernel-doc is with the implementation in generic_pt/iommu_pt.h.
 */
#define IOMMU_RANGE_PROTOTYPES(fmt)                                           \
	int pt_iommu_##fmt##_map_range(struct iommu_domain *domain,           \
				       unsigned long iova, phys_addr_t paddr, \
				       size_t len, int prot, gfp_t gfp,       \
				       struct pt_iommu_reserve *reserve);     \
	size_t pt_iommu_##fmt##_unmap_range(struct iommu_domain *domain,      \
					    unsigned long iova, size_t len,   \
					    struct iommu_iotlb_gather *gather); \
	int pt_iommu_##fmt##_map_sg(struct iommu_domain *domain,              \
				    unsigned long iova,                       \
				    struct scatterlist *sgl,                  \
				    unsigned int nents, int prot, gfp_t gfp,  \
				    struct pt_iommu_reserve *reserve);        \
	int pt_iommu_##fmt##_reserve_count(struct iommu_domain *domain,       \
					   unsigned long iova, size_t len,    \
					   unsigned int *need);               \
	int pt_iommu_##fmt##_reserve_fill(struct iommu_domain *domain,        \
					  struct pt_iommu_reserve *reserve,   \
					  unsigned long iova, size_t len,     \
					  gfp_t gfp)

#define IOMMU_PROTOTYPES(fmt)                                                  \
	phys_addr_t pt_iommu_##fmt##_iova_to_phys(struct iommu_domain *domain, \
						  dma_addr_t iova);            \
	unsigned int pt_iommu_##fmt##_leaf_lg2sz(struct iommu_domain *domain,  \
						 dma_addr_t iova,              \
						 unsigned int *item_lg2sz);    \
	int pt_iommu_##fmt##_map_pages(struct iommu_domain *domain,            \
				       unsigned long iova, phys_addr_t paddr,  \
				       size_t pgsize, size_t pgcount,          \
				       int prot, gfp_t gfp, size_t *mapped);   \
	size_t pt_iommu_##fmt##_unmap_pages(                                   \
		struct iommu_domain *domain, unsigned long iova,               \
		size_t pgsize, size_t pgcount,                                 \
		struct iommu_iotlb_gather *iotlb_gather);                      \
	int pt_iommu_##fmt##_read_and_clear_dirty(                             \
		struct iommu_domain *domain, unsigned long iova, size_t size,  \
		unsigned long flags, struct pt_iommu_dirty_bitmap *dirty);     \
	IOMMU_RANGE_PROTOTYPES(fmt)

/*
 * IOMMU_FORMAT_BUILD() declares the functions of one compiled build of a
 * format: the domain ops plus init and hw_info on the base format's
 * table, cfg and hw_info structs (a variant or granule build shares them).
 */
#define IOMMU_FORMAT_BUILD(build, base)                                     \
	IOMMU_PROTOTYPES(build);                                            \
	int pt_iommu_##build##_init(struct pt_iommu_##base *table,          \
				    const struct pt_iommu_##base##_cfg *cfg, \
				    gfp_t gfp);                             \
	void pt_iommu_##build##_hw_info(struct pt_iommu_##base *table,      \
					struct pt_iommu_##base##_hw_info *info)

/*
 * IOMMU_FORMAT() declares struct pt_iommu_<fmt>, the struct a driver
 * embeds: the iommu part first, then the format's table.
 */
#define IOMMU_FORMAT(fmt, member)       \
	struct pt_iommu_##fmt {         \
		struct pt_iommu iommu;  \
		struct pt_##fmt member; \
	}

/**
 * IOMMU_PT_DOMAIN_OPS() - fill struct iommu_domain_ops for a format
 * @fmt: format name, e.g. amdv1
 */
#define IOMMU_PT_DOMAIN_OPS(fmt)                          \
	.iova_to_phys = &pt_iommu_##fmt##_iova_to_phys,   \
	.map_pages = &pt_iommu_##fmt##_map_pages,         \
	.unmap_pages = &pt_iommu_##fmt##_unmap_pages

#ifdef PT_HAVE_IOMMU_DIRTY_OPS
/**
 * IOMMU_PT_DIRTY_OPS() - fill struct iommu_dirty_ops for a format
 * @fmt: format name, e.g. amdv1
 */
#define IOMMU_PT_DIRTY_OPS(fmt) \
	.read_and_clear_dirty = &pt_iommu_##fmt##_read_and_clear_dirty_ops
#endif

/**
 * PT_IOMMU_CHECK_DOMAIN() - prove the driver's domain aliases the table's
 * @s: the driver's domain struct
 * @pt_member: path to the struct pt_iommu inside @s
 * @domain_member: the struct iommu_domain member of @s
 */
#define PT_IOMMU_CHECK_DOMAIN(s, pt_member, domain_member) \
	static_assert(offsetof(s, pt_member.domain) ==     \
		      offsetof(s, domain_member))

/**
 * struct pt_iommu_amdv1_cfg - configuration of an AMD v1 table
 * @common: features and hardware address widths
 * @starting_level: level of the first top table (0 is a single 4K-leaf
 *   table); with PT_FEAT_DYNAMIC_TOP the table grows from there
 */
struct pt_iommu_amdv1_cfg {
	struct pt_iommu_cfg common;
	unsigned int starting_level;
};

/**
 * struct pt_iommu_amdv1_hw_info - values for the AMD device table entry
 * @host_pt_root: physical address of the top table (DTE Host Page Table
 *   Root Pointer), including the SME bit when tables are encrypted
 * @mode: number of levels (DTE Mode field, 1-6)
 */
struct pt_iommu_amdv1_hw_info {
	u64 host_pt_root;
	u8 mode;
};

IOMMU_FORMAT(amdv1, amdpt);
IOMMU_FORMAT_BUILD(amdv1, amdv1);

/*
 * The mock variant: the AMD v1 layout with a 2K granule, used to prove that
 * nothing in the core assumes PAGE_SIZE. It shares struct pt_iommu_amdv1.
 */
IOMMU_FORMAT_BUILD(amdv1_mock, amdv1);

/**
 * struct pt_iommu_vtdss_cfg - configuration of a VT-d second-stage table
 * @common: features and hardware address widths; the number of levels is
 *   the smallest of 3, 4, 5 that decodes hw_max_vasz_lg2
 */
struct pt_iommu_vtdss_cfg {
	struct pt_iommu_cfg common;
};

/**
 * struct pt_iommu_vtdss_hw_info - values for the VT-d context/PASID entry
 * @ssptptr: physical address of the top table (SSPTPTR / SLPTPTR)
 * @aw: adjusted guest address width (AW) encoding: 1, 2, 3 for 3, 4, 5
 *   levels
 */
struct pt_iommu_vtdss_hw_info {
	u64 ssptptr;
	u8 aw;
};

IOMMU_FORMAT(vtdss, vtdss_pt);
IOMMU_FORMAT_BUILD(vtdss, vtdss);

/**
 * struct pt_iommu_x86_64_cfg - configuration of an x86 64-bit table
 * @common: features and hardware address widths: 48 or 57 with
 *   PT_FEAT_SIGN_EXTEND, 47 or 56 without (lower half only)
 */
struct pt_iommu_x86_64_cfg {
	struct pt_iommu_cfg common;
};

/**
 * struct pt_iommu_x86_64_hw_info - values for the GCR3 / first-stage root
 * @gcr3_pt: physical address of the top table, with the SME bit when
 *   tables are encrypted
 * @levels: 4 or 5
 */
struct pt_iommu_x86_64_hw_info {
	u64 gcr3_pt;
	u8 levels;
};

IOMMU_FORMAT(x86_64, x86_64_pt);
IOMMU_FORMAT_BUILD(x86_64, x86_64);

/**
 * struct pt_iommu_riscv64_cfg - configuration of a RISC-V table
 * @common: features and hardware address widths (39, 48 or 57; the VA is
 *   always sign extended)
 */
struct pt_iommu_riscv64_cfg {
	struct pt_iommu_cfg common;
};

/**
 * struct pt_iommu_riscv64_hw_info - values for the RISC-V IOMMU iosatp/fsc
 * @ppn: physical page number of the top table
 * @mode: MODE field, 8 (Sv39), 9 (Sv48) or 10 (Sv57)
 */
struct pt_iommu_riscv64_hw_info {
	u64 ppn;
	u8 mode;
};

IOMMU_FORMAT(riscv64, riscv_64pt);
IOMMU_FORMAT_BUILD(riscv64, riscv64);

/**
 * struct pt_iommu_armv8_cfg - configuration of an Arm VMSAv8-64 table
 * @common: features (enum pt_armv8_features) and the input (IAS) and
 *   output (OAS) widths; the number of levels follows from the input
 *   width and the granule of the build
 *
 * Every granule build (armv8_4k, armv8_16k, armv8_64k) and the Mali
 * build (armv8_mali) share this cfg and struct pt_iommu_armv8, so a
 * driver picks the granule when it initialises the table.
 */
struct pt_iommu_armv8_cfg {
	struct pt_iommu_cfg common;
};

/**
 * struct pt_iommu_armv8_hw_info - what a driver programs for the table
 * @ttbr: stage 1 TTBR, stage 2 VTTBR: the top table's address. Mali: the
 *   TRANSTAB value, address and mode bits
 * @mair: stage 1 MAIR for the attribute indexes the leaves use. Mali: the
 *   MEMATTR value. 0 for stage 2
 * @levels: levels of the walk
 * @tsz: T0SZ/T1SZ or VTCR.T0SZ, 64 minus the input width
 * @tg: TCR TG0 (TG1 for an upper-half table) or VTCR TG0 granule code
 * @ps: TCR IPS or VTCR PS output size code
 * @sh: table walk shareability
 * @irgn: table walk inner cacheability
 * @orgn: table walk outer cacheability
 * @sl: VTCR SL0 start level code, stage 2 only
 *
 * The TCR/VTCR fields are the encodings the architecture defines, left
 * for the driver to place in its own register or context descriptor.
 */
struct pt_iommu_armv8_hw_info {
	u64 ttbr;
	u64 mair;
	u8 levels;
	u8 tsz;
	u8 tg;
	u8 ps;
	u8 sh;
	u8 irgn;
	u8 orgn;
	u8 sl;
};

/*
 * The table a driver embeds, shared by every armv8 build (there is no
 * build without a granule, so no IOMMU_FORMAT() and no pt_iommu_armv8_*
 * functions).
 */
struct pt_iommu_armv8 {
	struct pt_iommu iommu;
	struct pt_armv8 armpt;
};

/* One build per granule, and Mali on the 4K granule */
IOMMU_FORMAT_BUILD(armv8_4k, armv8);
IOMMU_FORMAT_BUILD(armv8_16k, armv8);
IOMMU_FORMAT_BUILD(armv8_64k, armv8);
IOMMU_FORMAT_BUILD(armv8_mali, armv8);

/**
 * struct pt_iommu_dart_cfg - configuration of an Apple DART table
 * @common: PT_FEAT_DART_V2 for DART2 descriptors; the input width, which
 *   sets the number of TTBRs (4K pages: 30 bits per TTBR, up to 32 bits;
 *   16K pages: 36 bits per TTBR, up to 38 bits); the output width, at
 *   most 36 for DART1 and 42 for DART2
 *
 * Both granule builds (dart_4k, dart_16k) share this cfg and struct
 * pt_iommu_dart; the driver picks the build from the DART's page size.
 */
struct pt_iommu_dart_cfg {
	struct pt_iommu_cfg common;
};

/* Most TTBRs a DART stream has */
#define PT_DART_MAX_TTBRS 4

/**
 * struct pt_iommu_dart_hw_info - what a driver programs for the table
 * @ttbr: physical address of the L1 table of each TTBR, for
 *   IOVA bits above the two levels equal to the index
 * @n_ttbrs: TTBRs in use (1, 2 or 4); the others stay invalid
 */
struct pt_iommu_dart_hw_info {
	u64 ttbr[PT_DART_MAX_TTBRS];
	u32 n_ttbrs;
};

/*
 * The table a driver embeds, shared by both granule builds (there is no
 * build without a granule, so no pt_iommu_dart_* functions).
 */
IOMMU_FORMAT(dart, dartpt);
IOMMU_FORMAT_BUILD(dart_4k, dart);
IOMMU_FORMAT_BUILD(dart_16k, dart);

/**
 * struct pt_iommu_armv7s_cfg - configuration of an Arm short-descriptor table
 * @common: features (enum pt_armv7s_features), the input width (up to 32;
 *   the first-level table has 2^(width - 20) items) and the output width
 *   (32, or up to 35 with PT_FEAT_ARMV7S_MTK_EXT)
 */
struct pt_iommu_armv7s_cfg {
	struct pt_iommu_cfg common;
};

/**
 * struct pt_iommu_armv7s_hw_info - what a driver programs for the table
 * @ttbr: TTBR0: the first-level table's address with the walk attributes
 *   (inner and outer write-back, shareable); with MediaTek's extension the
 *   address bits above 31 in the low bits instead
 * @tcr: TTBCR, 0: every IOVA is translated through TTBR0
 * @nmrr: NMRR for the TEX remap indexes the leaves use
 * @prrr: PRRR for the TEX remap indexes the leaves use
 *
 * The same values io-pgtable's ARM_V7S puts in cfg->arm_v7s_cfg.
 */
struct pt_iommu_armv7s_hw_info {
	u32 ttbr;
	u32 tcr;
	u32 nmrr;
	u32 prrr;
};

IOMMU_FORMAT(armv7s, armv7s_pt);
IOMMU_FORMAT_BUILD(armv7s, armv7s);

#endif
