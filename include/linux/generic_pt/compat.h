/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one place that knows which kernel we are built against. Everything
 * that differs between Linux 6.1 (the baseline) and newer kernels is hidden
 * here: token pasting, the symbol namespace spelling, the gfp argument of
 * iommu_map(), the dirty tracking ops, and the table page allocator that
 * newer kernels call iommu-pages.
 */
#ifndef __GENERIC_PT_COMPAT_H
#define __GENERIC_PT_COMPAT_H

#include <linux/version.h>
#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/io.h>

struct device;
struct iommu_domain;

/*
 * The only kernel version test of the project; everything below uses it.
 * True when building against Linux maj.min or newer.
 */
#define PT_KERNEL_AT_LEAST(maj, min) \
	(KERNEL_VERSION(maj, min, 0) <= LINUX_VERSION_CODE)

/*
 * Not a kernel version difference but an architecture one, checked here
 * for the out-of-tree build that has no Kconfig: items are updated with
 * atomic64 and cmpxchg64 while a device walks them, and the spinlock
 * emulation of GENERIC_ATOMIC64 is not atomic against a device.
 */
#ifdef CONFIG_GENERIC_ATOMIC64
#error "generic page tables need native 64-bit atomics (not GENERIC_ATOMIC64)"
#endif

/* CONCATENATE() moved from <linux/kernel.h> to <linux/args.h> in 6.6 */
#if PT_KERNEL_AT_LEAST(6, 6)
#include <linux/args.h>
#else
#include <linux/kernel.h>
#endif

/*
 * Symbol namespaces are a bare token up to 6.12 and a string literal from
 * 6.13 on.
 */
#if PT_KERNEL_AT_LEAST(6, 13)
#define EXPORT_SYMBOL_GENERIC_PT(sym) \
	EXPORT_SYMBOL_NS_GPL(sym, "GENERIC_PT_IOMMU")
#define PT_IMPORT_NS() MODULE_IMPORT_NS("GENERIC_PT_IOMMU")
#else
#define EXPORT_SYMBOL_GENERIC_PT(sym) \
	EXPORT_SYMBOL_NS_GPL(sym, GENERIC_PT_IOMMU)
#define PT_IMPORT_NS() MODULE_IMPORT_NS(GENERIC_PT_IOMMU)
#endif

/* iommu_map() takes a gfp argument from 6.3 on */
#if PT_KERNEL_AT_LEAST(6, 3)
#define pt_compat_iommu_map(domain, iova, paddr, size, prot, gfp) \
	iommu_map(domain, iova, paddr, size, prot, gfp)
#else
#define pt_compat_iommu_map(domain, iova, paddr, size, prot, gfp) \
	iommu_map(domain, iova, paddr, size, prot)
#endif

/*
 * struct io_pgtable_ops has the single-size map and unmap beside
 * map_pages and unmap_pages until they were removed (6.5 assumed; only
 * 6.1 is built here).
 */
#if !PT_KERNEL_AT_LEAST(6, 5)
#define PT_HAVE_IO_PGTABLE_MAP_UNMAP 1
#endif

/* struct iommu_dirty_ops and IOMMU_DIRTY_NO_CLEAR appeared in 6.7 */
#if PT_KERNEL_AT_LEAST(6, 7)
#define PT_HAVE_IOMMU_DIRTY_OPS 1
#endif

/*
 * Table memory. 6.1 has no iommu-pages library, so tables come from here:
 * zeroed pages on the table's NUMA node, counted so that tests can prove
 * that every table page is given back. A table freed after unmap is put on
 * the gather freelist; the driver returns it with pt_iommu_put_pages_list()
 * from its iotlb_sync once the IOTLB no longer references it.
 */
void *pt_iommu_alloc_table(int nid, unsigned int lg2sz, gfp_t gfp);
void pt_iommu_free_table(void *table);
void pt_iommu_put_pages_list(struct list_head *list);
void pt_iommu_table_to_list(void *table, struct list_head *list);
long pt_iommu_table_pages(void);

/*
 * Tables smaller than a page that share pages (struct pt_iommu_frags): a
 * table goes back with pt_iommu_frag_free() while the walker never
 * reached it, else with pt_iommu_frag_to_list().
 */
struct pt_iommu_frags;
void *pt_iommu_frag_alloc(struct pt_iommu_frags *frags, int nid,
			  unsigned int lg2sz, gfp_t gfp);
void pt_iommu_frag_free(struct pt_iommu_frags *frags, void *table);
void pt_iommu_frag_to_list(struct pt_iommu_frags *frags, void *table,
			   struct list_head *list);
void pt_iommu_frags_release(struct pt_iommu_frags *frags,
			    struct list_head *list);

/*
 * The address a format's table limits (PT_TABLE_PHYS_MASK) are checked
 * against. KUnit builds can shift it, as if the allocator had returned
 * memory above the limit, which UML never does.
 */
#if IS_ENABLED(CONFIG_GENERIC_PT_TEST_HOOKS)
u64 pt_iommu_table_limit_pa(void *table);
void pt_iommu_test_table_pa_offset(u64 offset);
#else
static inline u64 pt_iommu_table_limit_pa(void *table)
{
	return virt_to_phys(table);
}
#endif

/*
 * Table memory read by a walker that does not snoop the CPU caches: mapped
 * for DMA while it is a table (the walker must see it at its physical
 * address), and cleaned after every CPU write the walker may read.
 */
int pt_iommu_table_dma_map(struct device *dev, void *table, size_t size);
void pt_iommu_table_dma_unmap(struct device *dev, void *table, size_t size);
void pt_iommu_table_flush(struct device *dev, void *addr, size_t len);

/**
 * enum pt_iommu_dma_op - what a DMA hook is told
 * @PT_IOMMU_DMA_MAP: a new table became DMA visible (it is all clean)
 * @PT_IOMMU_DMA_FLUSH: a range of a table was cleaned
 * @PT_IOMMU_DMA_UNMAP: a table stops being a table
 */
enum pt_iommu_dma_op {
	PT_IOMMU_DMA_MAP,
	PT_IOMMU_DMA_FLUSH,
	PT_IOMMU_DMA_UNMAP,
};

/*
 * Test hooks, only in a build with the KUnit suites: they act on every
 * table in the system, so a production module has neither.
 */
#if IS_ENABLED(CONFIG_GENERIC_PT_TEST_HOOKS)
void pt_iommu_fail_alloc_after(int nth);

typedef void (*pt_iommu_dma_hook_t)(struct device *dev, void *addr,
				    size_t len, enum pt_iommu_dma_op op);
void pt_iommu_set_dma_hook(pt_iommu_dma_hook_t hook);
long pt_iommu_deferred_frees(void);
#endif

#endif
