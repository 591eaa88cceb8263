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
#include <linux/llist.h>
#include <linux/spinlock.h>

struct dentry;
struct scatterlist;
struct seq_file;
struct iommu_dirty_bitmap;

/* The table structs of each format, declared with their format below */
struct pt_iommu_amdv1;
struct pt_iommu_vtdss;
struct pt_iommu_x86_64;
struct pt_iommu_riscv64;
struct pt_iommu_armv8;
struct pt_iommu_dart;
struct pt_iommu_armv7s;
struct pt_iommu_ops;
struct pt_iommu_driver_ops;

/**
 * struct pt_iommu_frags - one table's pages carved into small tables
 * @next: address of the next slot never handed out of the page being
 *   carved, 0 when there is none
 * @spare: slots handed out that the walker never reached (a map that lost
 *   a race to install its table), handed out again first
 * @free_after_rcu: the table has a debugfs file (pt_iommu_debugfs_create()),
 *   whose reader walks it under rcu_read_lock(): its pages queued for
 *   freeing go back to the page allocator only after an RCU grace period
 *
 * A page holds several tables of one size. A slot whose table was
 * removed is never handed out again: the walker may cache it until the
 * IOTLB flush, and only the gather's freelist knows when that is. The
 * page is freed after its last slot is retired, so a freelist only ever
 * holds pages whose every table is free.
 */
struct pt_iommu_frags {
	unsigned long next;
	struct llist_head spare;
	bool free_after_rcu;
};

/* Combinations of the four prot bits a table converts at init */
#define PT_IOMMU_PROT_SLOTS 16

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
 * @frags: pages shared by the table's tables smaller than a page, for a
 *   format that shares them; owned by the table code
 * @prot_bits: the entry attributes the format makes of each combination
 *   of IOMMU_READ, IOMMU_WRITE, IOMMU_CACHE and IOMMU_PRIV (the prot
 *   values of the DMA API), converted once by init; owned by the table
 *   code and read-only after init, so mappers on any CPU may read it
 * @prot_valid: bit i set when @prot_bits[i] holds a combination the
 *   format accepts
 */
struct pt_iommu {
	struct iommu_domain domain;
	const struct pt_iommu_ops *ops;
	const struct pt_iommu_driver_ops *driver_ops;
	int nid;
	struct device *iommu_device;
	struct pt_iommu_frags frags;
	u64 prot_bits[PT_IOMMU_PROT_SLOTS];
	u16 prot_valid;
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
 * @dump: print every leaf and the tables per level into a seq_file, the
 *   text of the file pt_iommu_debugfs_create() makes
 */
struct pt_iommu_ops {
	void (*get_info)(struct pt_iommu *iommu_table,
			 struct pt_iommu_info *info);
	int (*set_dirty)(struct pt_iommu *iommu_table, dma_addr_t iova);
	void (*deinit)(struct pt_iommu *iommu_table);
	int (*dump)(struct pt_iommu *iommu_table, struct seq_file *s);
};

/**
 * struct pt_iommu_driver_ops - what the table asks of the driver
 * @change_top: a table with PT_FEAT_DYNAMIC_TOP grew a new top level.
 *   The new top tables are complete and visible to the walker when this
 *   is called, and the table publishes the new top to other mappers only
 *   after it returns. The driver must point every device using the table
 *   at @top_paddr with @top_level + 1 levels, and flush whatever caches
 *   the old root and level count (device table or context caches),
 *   before returning: a mapper may then install leaves that only the new
 *   top reaches and hand their IOVAs to a device at once. The old top
 *   stays mapped as item 0 of the new one, so a walk that still uses it
 *   keeps translating. It may not sleep, allocate with GFP_KERNEL, or call
 *   back into the table.
 * @get_top_lock: the spinlock that serialises changes of the top level;
 *   the table takes it with interrupts disabled around @change_top.
 *
 * Context: @change_top runs with the @get_top_lock spinlock held and
 * interrupts disabled, from whichever thread's map grew the table.
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

struct dentry *pt_iommu_debugfs_create(struct pt_iommu *iommu_table,
				       const char *name, struct dentry *parent);

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
 * @filled_top: the highest top level of the table when it was filled,
 *   PT_IOMMU_MAX_LEVELS before any fill: a map from the reserve counts
 *   what it may need as if the top had not grown since
 *
 * Fill it with pt_iommu_<fmt>_reserve_fill() where allocating is allowed,
 * pass it to pt_iommu_<fmt>_map_range() or _map_sg() where it is not, and
 * give back what was not used with pt_iommu_reserve_release(). A reserve
 * belongs to one table format build, and to one thread at a time.
 */
struct pt_iommu_reserve {
	struct list_head tables[PT_IOMMU_MAX_LEVELS];
	unsigned int num[PT_IOMMU_MAX_LEVELS];
	unsigned int filled_top;
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
	reserve->filled_top = PT_IOMMU_MAX_LEVELS;
}

void pt_iommu_reserve_release(struct pt_iommu_reserve *reserve);

/*
 * Every format build exports the same operations, named
 * pt_iommu_<build>_<operation>, e.g. pt_iommu_amdv1_map_pages(). Each
 * operation with the same signature in every build is documented once
 * below as a function type, and every build declares its functions with
 * that type, so the documented prototype is the one that is compiled.
 * Documentation/operations.rst has the contracts at length.
 */

/**
 * typedef pt_iommu_map_pages_t - map a physically contiguous range
 * @domain: the domain of the table
 * @iova: first IOVA, aligned to @pgsize
 * @paddr: first physical address, aligned to @pgsize
 * @pgsize: a page size from the domain's pgsize_bitmap
 * @pgcount: number of @pgsize pages
 * @prot: IOMMU_READ and/or IOMMU_WRITE, plus IOMMU_CACHE/NOEXEC/MMIO/PRIV
 * @gfp: allocation flags for new tables
 * @mapped: the bytes installed are added here, also on error
 *
 * pt_iommu_<build>_map_pages(), the .map_pages of struct
 * iommu_domain_ops. Installs the largest leaves that the IOVA, the
 * physical address and the length allow, which may be larger than
 * @pgsize. Never replaces a mapping. Empty lower tables in the way of a
 * larger leaf are replaced break-before-make: cleared, flushed and freed
 * by the domain's iotlb_sync (with a gather of their range only), then
 * the leaf is written. A domain without iotlb_sync keeps such tables and
 * gets smaller leaves inside them.
 *
 * Four outcomes: 0 with everything mapped; 0 with a prefix mapped (the
 * caller calls again for the rest); an errno with a prefix mapped (the
 * caller unmaps it); an errno with nothing mapped. 0 with nothing mapped
 * does not happen.
 *
 * Context: Any context @gfp allows. The caller keeps other operations off
 * this IOVA range meanwhile; operations on other ranges may run at the
 * same time. Growing a PT_FEAT_DYNAMIC_TOP table takes the driver's top
 * lock with interrupts off and calls its change_top(); replacing empty
 * tables calls its iotlb_sync.
 * Return: 0; -EINVAL for zero length, a page size the table lacks,
 * an unaligned @iova or @paddr, or @prot without READ or WRITE;
 * -EOVERFLOW when the length wraps; -ERANGE for an IOVA or output address
 * beyond the table; -EADDRINUSE when something is mapped in the range;
 * -ENOMEM.
 */
typedef int pt_iommu_map_pages_t(struct iommu_domain *domain,
				  unsigned long iova, phys_addr_t paddr,
				  size_t pgsize, size_t pgcount, int prot,
				  gfp_t gfp, size_t *mapped);

/**
 * typedef pt_iommu_unmap_pages_t - remove the mappings of a range
 * @domain: the domain of the table
 * @iova: first IOVA; the start of a mapping
 * @pgsize: page size the caller unmaps in
 * @pgcount: number of @pgsize pages
 * @iotlb_gather: receives the IOVA range to invalidate and the freed tables
 *
 * pt_iommu_<build>_unmap_pages(), the .unmap_pages of struct
 * iommu_domain_ops. The range may span several mappings of any size; the
 * walk stops at the first hole. A range that starts inside a leaf removes
 * nothing; one that ends inside a leaf removes the whole leaf. Lower
 * tables emptied by the unmap go on @iotlb_gather->freelist, for the
 * driver to free after the IOTLB invalidation.
 *
 * Context: Any context; never allocates and never sleeps. The caller keeps
 * other operations off this IOVA range meanwhile. With
 * PT_FEAT_FLUSH_RANGE_NO_GAPS the driver's iotlb_sync may be called
 * before a disjoint range is added to the gather.
 * Return: the bytes removed, more than asked when the last leaf is larger;
 * 0 for a hole at @iova and for bad arguments (logged).
 */
typedef size_t pt_iommu_unmap_pages_t(struct iommu_domain *domain,
				       unsigned long iova, size_t pgsize,
				       size_t pgcount,
				       struct iommu_iotlb_gather *iotlb_gather);

/**
 * typedef pt_iommu_iova_to_phys_t - translate an IOVA
 * @domain: the domain of the table
 * @iova: the IOVA
 *
 * pt_iommu_<build>_iova_to_phys(), the .iova_to_phys of struct
 * iommu_domain_ops.
 *
 * Context: Any context; lockless. A concurrent map or unmap of @iova gives
 * the old or the new translation.
 * Return: the physical address @iova maps to, including the offset inside
 * a large or contiguous leaf, or 0 when nothing is mapped there.
 */
typedef phys_addr_t pt_iommu_iova_to_phys_t(struct iommu_domain *domain,
					     dma_addr_t iova);

/**
 * typedef pt_iommu_leaf_lg2sz_t - the size of the leaf that maps an IOVA
 * @domain: the domain of the table
 * @iova: the IOVA
 * @item_lg2sz: receives log2 of the size of one item of the leaf, smaller
 *   than the leaf when the format repeats it over several items
 *
 * pt_iommu_<build>_leaf_lg2sz(). The io-pgtable front end uses it to
 * report each removed leaf at its own size.
 *
 * Context: Any context; lockless, like iova_to_phys. The caller keeps the
 * leaf from being removed meanwhile.
 * Return: log2 of the leaf's size (it starts at @iova rounded down to
 * it), or 0 when nothing is mapped at @iova.
 */
typedef unsigned int pt_iommu_leaf_lg2sz_t(struct iommu_domain *domain,
					   dma_addr_t iova,
					   unsigned int *item_lg2sz);

/**
 * typedef pt_iommu_read_and_clear_dirty_t - harvest the dirty bits
 * @domain: the domain of the table
 * @iova: first IOVA
 * @size: length of the range in bytes
 * @flags: PT_IOMMU_DIRTY_NO_CLEAR to leave the dirty bits set
 * @dirty: receives every dirty leaf touching the range, clipped to the
 *   range (the dirty bit of a leaf sticking out of it is still read and
 *   cleared for all of it); the clipped ranges of the leaves that were
 *   cleaned are added to @dirty->gather
 *
 * pt_iommu_<build>_read_and_clear_dirty().
 *
 * Context: Any context; never allocates. The caller keeps map and unmap
 * off the range meanwhile; the hardware may set dirty bits concurrently.
 * Return: 0, -EINVAL for a bad range, or -EOPNOTSUPP when the format has
 * no dirty bit.
 */
typedef int pt_iommu_read_and_clear_dirty_t(struct iommu_domain *domain,
					     unsigned long iova, size_t size,
					     unsigned long flags,
					     struct pt_iommu_dirty_bitmap *dirty);

/**
 * typedef pt_iommu_read_and_clear_dirty_ops_t - dirty bits for
 *   struct iommu_dirty_ops
 * @domain: the domain of the table
 * @iova: first IOVA
 * @size: length of the range in bytes
 * @flags: IOMMU_DIRTY_NO_CLEAR to leave the dirty bits set
 * @dirty: the kernel's dirty bitmap
 *
 * pt_iommu_<build>_read_and_clear_dirty_ops(), only on kernels that have
 * struct iommu_dirty_ops (see IOMMU_PT_DIRTY_OPS()); as
 * pt_iommu_read_and_clear_dirty_t otherwise.
 *
 * Context: as &typedef pt_iommu_read_and_clear_dirty_t.
 * Return: as &typedef pt_iommu_read_and_clear_dirty_t.
 */
typedef int pt_iommu_read_and_clear_dirty_ops_t(struct iommu_domain *domain,
						 unsigned long iova,
						 size_t size,
						 unsigned long flags,
						 struct iommu_dirty_bitmap *dirty);

/**
 * typedef pt_iommu_map_range_t - map a contiguous range, all or nothing
 * @domain: the domain of the table
 * @iova: first IOVA, granule aligned
 * @paddr: first physical address, granule aligned
 * @len: length in bytes, a multiple of the granule, of any size
 * @prot: IOMMU_READ and/or IOMMU_WRITE, plus IOMMU_CACHE/NOEXEC/MMIO/PRIV
 * @gfp: allocation flags for new tables, when @reserve is NULL
 * @reserve: NULL, or tables to take instead of calling the page allocator
 *
 * pt_iommu_<build>_map_range(). Folds the four outcomes of map_pages
 * into two: picks the largest page sizes, maps until the whole range is
 * mapped, and on error unmaps what it had mapped. Empty tables it created
 * may stay. With @reserve the page allocator is never called; a reserve
 * smaller than pt_iommu_<build>_reserve_count() gives -ENOMEM before
 * anything changes.
 *
 * Context: Any context @gfp allows; with @reserve also where allocating is
 * not allowed. The caller keeps other operations off this IOVA range
 * meanwhile. On error the driver's iotlb_sync is called for the unwind.
 * Return: 0 with everything mapped, or the errors of map_pages with
 * nothing mapped.
 */
typedef int pt_iommu_map_range_t(struct iommu_domain *domain,
				  unsigned long iova, phys_addr_t paddr,
				  size_t len, int prot, gfp_t gfp,
				  struct pt_iommu_reserve *reserve);

/**
 * typedef pt_iommu_unmap_range_t - unmap every mapping inside a range
 * @domain: the domain of the table
 * @iova: first IOVA, granule aligned
 * @len: length in bytes, a multiple of the granule
 * @gather: receives the IOVA range to invalidate and the freed tables
 *
 * pt_iommu_<build>_unmap_range(). Unlike unmap_pages, holes do not stop
 * the walk: every leaf entirely inside the range is removed and the holes
 * are skipped. A leaf that sticks out of either end stays mapped. Lower
 * tables the range covers, empty afterwards, go on @gather->freelist;
 * @gather gets the whole range.
 *
 * Context: Any context; never allocates. The caller keeps other operations
 * off this IOVA range meanwhile.
 * Return: the bytes unmapped; 0 when nothing was mapped or for bad
 * arguments (logged).
 */
typedef size_t pt_iommu_unmap_range_t(struct iommu_domain *domain,
				       unsigned long iova, size_t len,
				       struct iommu_iotlb_gather *gather);

/**
 * typedef pt_iommu_map_sg_t - map a scatterlist at consecutive IOVAs
 * @domain: the domain of the table
 * @iova: IOVA of the first segment, granule aligned
 * @sgl: the scatterlist, already DMA mapped: sg_dma_address() and
 *   sg_dma_len() of each segment are mapped
 * @nents: number of DMA segments
 * @prot: IOMMU_READ and/or IOMMU_WRITE, plus IOMMU_CACHE/NOEXEC/MMIO/PRIV
 * @gfp: allocation flags for new tables, when @reserve is NULL
 * @reserve: NULL, or tables covering the worst case of the whole range
 *
 * pt_iommu_<build>_map_sg(). Each segment, granule aligned in address
 * and length, is mapped with the largest page sizes it allows, one after
 * the other; on error everything already mapped is unmapped again.
 *
 * Context: as &typedef pt_iommu_map_range_t.
 * Return: 0 with everything mapped, or an errno with nothing mapped: the
 * errors of map_range, -EINVAL for an empty list or an unaligned segment,
 * -EOVERFLOW for a total length that overflows or an IOVA range that
 * wraps.
 */
typedef int pt_iommu_map_sg_t(struct iommu_domain *domain,
			       unsigned long iova, struct scatterlist *sgl,
			       unsigned int nents, int prot, gfp_t gfp,
			       struct pt_iommu_reserve *reserve);

/**
 * typedef pt_iommu_reserve_count_t - worst case of tables a map can need
 * @domain: the domain of the table
 * @iova: first IOVA of the map, granule aligned
 * @len: length of the map, a multiple of the granule
 * @need: NULL, or PT_IOMMU_MAX_LEVELS counters receiving the tables per
 *   level (level 0 holds the smallest leaves)
 *
 * pt_iommu_<build>_reserve_count(). Every table below the top that the
 * range touches, plus the top levels a PT_FEAT_DYNAMIC_TOP table would
 * grow, whatever the table holds now.
 *
 * Context: Any context; reads nothing but the table's configuration.
 * Return: the total number of tables; -EINVAL for a bad range, -ERANGE
 * outside the table, -EOVERFLOW beyond INT_MAX.
 */
typedef int pt_iommu_reserve_count_t(struct iommu_domain *domain,
				      unsigned long iova, size_t len,
				      unsigned int *need);

/**
 * typedef pt_iommu_reserve_fill_t - set aside the tables a map can need
 * @domain: the domain of the table
 * @reserve: a reserve of this build, see pt_iommu_reserve_init()
 * @iova: first IOVA of the map, granule aligned
 * @len: length of the map, a multiple of the granule
 * @gfp: allocation flags
 *
 * pt_iommu_<build>_reserve_fill(). Tops @reserve up to the worst case of
 * pt_iommu_<build>_reserve_count(); tables it holds already count.
 *
 * Context: Any context @gfp allows; the reserve belongs to the caller.
 * Return: 0; -ENOMEM with the reserve keeping what was allocated; the
 * errors of reserve_count.
 */
typedef int pt_iommu_reserve_fill_t(struct iommu_domain *domain,
				     struct pt_iommu_reserve *reserve,
				     unsigned long iova, size_t len, gfp_t gfp);

/* The operations every build exports with the same signature */
#define IOMMU_PROTOTYPES(fmt)                                               \
	pt_iommu_map_pages_t pt_iommu_##fmt##_map_pages;                   \
	pt_iommu_unmap_pages_t pt_iommu_##fmt##_unmap_pages;               \
	pt_iommu_iova_to_phys_t pt_iommu_##fmt##_iova_to_phys;             \
	pt_iommu_leaf_lg2sz_t pt_iommu_##fmt##_leaf_lg2sz;                 \
	pt_iommu_read_and_clear_dirty_t pt_iommu_##fmt##_read_and_clear_dirty; \
	pt_iommu_read_and_clear_dirty_ops_t                                \
		pt_iommu_##fmt##_read_and_clear_dirty_ops;                  \
	pt_iommu_map_range_t pt_iommu_##fmt##_map_range;                   \
	pt_iommu_unmap_range_t pt_iommu_##fmt##_unmap_range;               \
	pt_iommu_map_sg_t pt_iommu_##fmt##_map_sg;                         \
	pt_iommu_reserve_count_t pt_iommu_##fmt##_reserve_count;           \
	pt_iommu_reserve_fill_t pt_iommu_##fmt##_reserve_fill

/*
 * IOMMU_FORMAT_BUILD() declares the functions of one compiled build of a
 * format: the operations above, plus init and hw_info typed by the base
 * format's table, cfg and hw_info structs (a variant or granule build
 * shares them) and documented with the base format below.
 */
#define IOMMU_FORMAT_BUILD(build, base)                         \
	IOMMU_PROTOTYPES(build);                                \
	pt_iommu_##base##_init_t pt_iommu_##build##_init;       \
	pt_iommu_##base##_hw_info_t pt_iommu_##build##_hw_info

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
 * PT_IOMMU_DOMAIN_OPS() - fill struct iommu_domain_ops for a format build
 * @fmt: build name, e.g. amdv1 or armv8_4k
 *
 * Designated initialisers for .map_pages, .unmap_pages and .iova_to_phys;
 * the driver adds its own .iotlb_sync, which must free gather->freelist.
 */
#define PT_IOMMU_DOMAIN_OPS(fmt)                          \
	.iova_to_phys = &pt_iommu_##fmt##_iova_to_phys,   \
	.map_pages = &pt_iommu_##fmt##_map_pages,         \
	.unmap_pages = &pt_iommu_##fmt##_unmap_pages

/**
 * IOMMU_PT_DOMAIN_OPS() - PT_IOMMU_DOMAIN_OPS() in the upstream spelling
 * @fmt: build name, e.g. amdv1
 *
 * Kept so that driver code written against the upstream interface builds
 * unchanged.
 */
#define IOMMU_PT_DOMAIN_OPS(fmt) PT_IOMMU_DOMAIN_OPS(fmt)

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

/**
 * typedef pt_iommu_amdv1_init_t - initialise an AMD v1 table
 * @fmt_table: the table; the driver sets iommu.driver_ops, iommu.nid and
 *   iommu.iommu_device first
 * @cfg: the requested features and the hardware's address widths
 * @gfp: allocation flags for the top table
 *
 * pt_iommu_<build>_init() for an AMD v1 table (builds amdv1, amdv1_mock):
 * checks the features, the widths and @cfg->starting_level, allocates the
 * top table and sets the domain's pgsize_bitmap and aperture. On failure
 * nothing stays allocated and pt_iommu_deinit() is a no-op.
 *
 * Context: Process context when @gfp may sleep; the table is not yet in
 * use by anyone else.
 * Return: 0; -EOPNOTSUPP for a feature the format lacks, -ERANGE for
 * address widths beyond the format, -EINVAL for a bad combination or
 * format field, -EOVERFLOW when no IOVA of the table fits this kernel's
 * IOVA types, -ENOMEM.
 */
typedef int pt_iommu_amdv1_init_t(struct pt_iommu_amdv1 *fmt_table,
				   const struct pt_iommu_amdv1_cfg *cfg,
				   gfp_t gfp);

/**
 * typedef pt_iommu_amdv1_hw_info_t - what the driver programs
 * @fmt_table: an initialised table
 * @info: filled in
 *
 * pt_iommu_<build>_hw_info(): the DTE root pointer and mode.
 *
 * Context: Any context. With PT_FEAT_DYNAMIC_TOP, under the driver's top
 * lock, or use the values change_top() is given instead.
 */
typedef void pt_iommu_amdv1_hw_info_t(struct pt_iommu_amdv1 *fmt_table,
				       struct pt_iommu_amdv1_hw_info *info);

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

/**
 * typedef pt_iommu_vtdss_init_t - initialise a VT-d second-stage table
 * @fmt_table: the table; the driver sets iommu.driver_ops, iommu.nid and
 *   iommu.iommu_device first
 * @cfg: the requested features and the hardware's address widths
 * @gfp: allocation flags for the top table
 *
 * pt_iommu_<build>_init() for a VT-d second-stage table: picks 3, 4 or 5
 * levels from the input width, allocates the top table and sets the
 * domain's pgsize_bitmap and aperture. On failure nothing stays allocated
 * and pt_iommu_deinit() is a no-op.
 *
 * Context: Process context when @gfp may sleep; the table is not yet in
 * use by anyone else.
 * Return: 0; -EOPNOTSUPP for a feature the format lacks, -ERANGE for
 * address widths beyond the format, -EINVAL for a bad combination or
 * format field, -EOVERFLOW when no IOVA of the table fits this kernel's
 * IOVA types, -ENOMEM.
 */
typedef int pt_iommu_vtdss_init_t(struct pt_iommu_vtdss *fmt_table,
				   const struct pt_iommu_vtdss_cfg *cfg,
				   gfp_t gfp);

/**
 * typedef pt_iommu_vtdss_hw_info_t - what the driver programs
 * @fmt_table: an initialised table
 * @info: filled in
 *
 * pt_iommu_<build>_hw_info(): SSPTPTR and AW.
 *
 * Context: Any context. With PT_FEAT_DYNAMIC_TOP, under the driver's top
 * lock, or use the values change_top() is given instead.
 */
typedef void pt_iommu_vtdss_hw_info_t(struct pt_iommu_vtdss *fmt_table,
				       struct pt_iommu_vtdss_hw_info *info);

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

/**
 * typedef pt_iommu_x86_64_init_t - initialise an x86 64-bit table
 * @fmt_table: the table; the driver sets iommu.driver_ops, iommu.nid and
 *   iommu.iommu_device first
 * @cfg: the requested features and the hardware's address widths
 * @gfp: allocation flags for the top table
 *
 * pt_iommu_<build>_init() for an x86 64-bit table: picks 4 or 5 levels from
 * the input width, allocates the top table and sets the domain's
 * pgsize_bitmap and aperture. On failure nothing stays allocated and
 * pt_iommu_deinit() is a no-op.
 *
 * Context: Process context when @gfp may sleep; the table is not yet in
 * use by anyone else.
 * Return: 0; -EOPNOTSUPP for a feature the format lacks, -ERANGE for
 * address widths beyond the format, -EINVAL for a bad combination or
 * format field, -EOVERFLOW when no IOVA of the table fits this kernel's
 * IOVA types, -ENOMEM.
 */
typedef int pt_iommu_x86_64_init_t(struct pt_iommu_x86_64 *fmt_table,
				    const struct pt_iommu_x86_64_cfg *cfg,
				    gfp_t gfp);

/**
 * typedef pt_iommu_x86_64_hw_info_t - what the driver programs
 * @fmt_table: an initialised table
 * @info: filled in
 *
 * pt_iommu_<build>_hw_info(): the first-stage root and the level count.
 *
 * Context: Any context. With PT_FEAT_DYNAMIC_TOP, under the driver's top
 * lock, or use the values change_top() is given instead.
 */
typedef void pt_iommu_x86_64_hw_info_t(struct pt_iommu_x86_64 *fmt_table,
					struct pt_iommu_x86_64_hw_info *info);

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

/**
 * typedef pt_iommu_riscv64_init_t - initialise a RISC-V Sv39/48/57 table
 * @fmt_table: the table; the driver sets iommu.driver_ops, iommu.nid and
 *   iommu.iommu_device first
 * @cfg: the requested features and the hardware's address widths
 * @gfp: allocation flags for the top table
 *
 * pt_iommu_<build>_init() for a RISC-V Sv39/48/57 table: picks Sv39, Sv48
 * or Sv57 from the input width, allocates the top table and sets the
 * domain's pgsize_bitmap and aperture. On failure nothing stays allocated
 * and pt_iommu_deinit() is a no-op.
 *
 * Context: Process context when @gfp may sleep; the table is not yet in
 * use by anyone else.
 * Return: 0; -EOPNOTSUPP for a feature the format lacks, -ERANGE for
 * address widths beyond the format, -EINVAL for a bad combination or
 * format field, -EOVERFLOW when no IOVA of the table fits this kernel's
 * IOVA types, -ENOMEM.
 */
typedef int pt_iommu_riscv64_init_t(struct pt_iommu_riscv64 *fmt_table,
				     const struct pt_iommu_riscv64_cfg *cfg,
				     gfp_t gfp);

/**
 * typedef pt_iommu_riscv64_hw_info_t - what the driver programs
 * @fmt_table: an initialised table
 * @info: filled in
 *
 * pt_iommu_<build>_hw_info(): the root PPN and the MODE field.
 *
 * Context: Any context. With PT_FEAT_DYNAMIC_TOP, under the driver's top
 * lock, or use the values change_top() is given instead.
 */
typedef void pt_iommu_riscv64_hw_info_t(struct pt_iommu_riscv64 *fmt_table,
					 struct pt_iommu_riscv64_hw_info *info);

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

/**
 * typedef pt_iommu_armv8_init_t - initialise an Arm VMSAv8-64 table
 * @fmt_table: the table; the driver sets iommu.driver_ops, iommu.nid and
 *   iommu.iommu_device first
 * @cfg: the requested features and the hardware's address widths
 * @gfp: allocation flags for the top table
 *
 * pt_iommu_<build>_init() for an Arm VMSAv8-64 table (builds armv8_4k,
 * armv8_16k, armv8_64k, armv8_mali): picks the levels from the input width
 * and the build's granule, stage 1 or 2 from the features, allocates the
 * top table and sets the domain's pgsize_bitmap and aperture. On failure
 * nothing stays allocated and pt_iommu_deinit() is a no-op.
 *
 * Context: Process context when @gfp may sleep; the table is not yet in
 * use by anyone else.
 * Return: 0; -EOPNOTSUPP for a feature the format lacks, -ERANGE for
 * address widths beyond the format, -EINVAL for a bad combination or
 * format field, -EOVERFLOW when no IOVA of the table fits this kernel's
 * IOVA types, -ENOMEM.
 */
typedef int pt_iommu_armv8_init_t(struct pt_iommu_armv8 *fmt_table,
				   const struct pt_iommu_armv8_cfg *cfg,
				   gfp_t gfp);

/**
 * typedef pt_iommu_armv8_hw_info_t - what the driver programs
 * @fmt_table: an initialised table
 * @info: filled in
 *
 * pt_iommu_<build>_hw_info(): TTBR, MAIR and the TCR/VTCR fields.
 *
 * Context: Any context. With PT_FEAT_DYNAMIC_TOP, under the driver's top
 * lock, or use the values change_top() is given instead.
 */
typedef void pt_iommu_armv8_hw_info_t(struct pt_iommu_armv8 *fmt_table,
				       struct pt_iommu_armv8_hw_info *info);

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

/**
 * typedef pt_iommu_dart_init_t - initialise an Apple DART table
 * @fmt_table: the table; the driver sets iommu.driver_ops, iommu.nid and
 *   iommu.iommu_device first
 * @cfg: the requested features and the hardware's address widths
 * @gfp: allocation flags for the top table
 *
 * pt_iommu_<build>_init() for an Apple DART table (builds dart_4k,
 * dart_16k): picks the number of TTBRs from the input width, allocates the
 * top table and sets the domain's pgsize_bitmap and aperture. On failure
 * nothing stays allocated and pt_iommu_deinit() is a no-op.
 *
 * Context: Process context when @gfp may sleep; the table is not yet in
 * use by anyone else.
 * Return: 0; -EOPNOTSUPP for a feature the format lacks, -ERANGE for
 * address widths beyond the format, -EINVAL for a bad combination or
 * format field, -EOVERFLOW when no IOVA of the table fits this kernel's
 * IOVA types, -ENOMEM.
 */
typedef int pt_iommu_dart_init_t(struct pt_iommu_dart *fmt_table,
				  const struct pt_iommu_dart_cfg *cfg,
				  gfp_t gfp);

/**
 * typedef pt_iommu_dart_hw_info_t - what the driver programs
 * @fmt_table: an initialised table
 * @info: filled in
 *
 * pt_iommu_<build>_hw_info(): the TTBR of each used stream table.
 *
 * Context: Any context. With PT_FEAT_DYNAMIC_TOP, under the driver's top
 * lock, or use the values change_top() is given instead.
 */
typedef void pt_iommu_dart_hw_info_t(struct pt_iommu_dart *fmt_table,
				      struct pt_iommu_dart_hw_info *info);

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

/**
 * typedef pt_iommu_armv7s_init_t - initialise an Arm short-descriptor table
 * @fmt_table: the table; the driver sets iommu.driver_ops, iommu.nid and
 *   iommu.iommu_device first
 * @cfg: the requested features and the hardware's address widths
 * @gfp: allocation flags for the top table
 *
 * pt_iommu_<build>_init() for an Arm short-descriptor table: sizes the
 * first-level table from the input width, allocates the top table and sets
 * the domain's pgsize_bitmap and aperture. On failure nothing stays
 * allocated and pt_iommu_deinit() is a no-op.
 *
 * Context: Process context when @gfp may sleep; the table is not yet in
 * use by anyone else.
 * Return: 0; -EOPNOTSUPP for a feature the format lacks, -ERANGE for
 * address widths beyond the format, -EINVAL for a bad combination or
 * format field, -EOVERFLOW when no IOVA of the table fits this kernel's
 * IOVA types, -ENOMEM.
 */
typedef int pt_iommu_armv7s_init_t(struct pt_iommu_armv7s *fmt_table,
				    const struct pt_iommu_armv7s_cfg *cfg,
				    gfp_t gfp);

/**
 * typedef pt_iommu_armv7s_hw_info_t - what the driver programs
 * @fmt_table: an initialised table
 * @info: filled in
 *
 * pt_iommu_<build>_hw_info(): TTBR0, TTBCR, NMRR and PRRR.
 *
 * Context: Any context. With PT_FEAT_DYNAMIC_TOP, under the driver's top
 * lock, or use the values change_top() is given instead.
 */
typedef void pt_iommu_armv7s_hw_info_t(struct pt_iommu_armv7s *fmt_table,
					struct pt_iommu_armv7s_hw_info *info);

IOMMU_FORMAT(armv7s, armv7s_pt);
IOMMU_FORMAT_BUILD(armv7s, armv7s);

#endif
