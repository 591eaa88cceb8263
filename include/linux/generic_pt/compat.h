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

struct device;
struct iommu_domain;

#if __has_include(<linux/args.h>)
#include <linux/args.h>
#endif
#ifndef CONCATENATE
#define __PT_CONCAT(a, b) a##b
#define CONCATENATE(a, b) __PT_CONCAT(a, b)
#endif

/*
 * Symbol namespaces are a bare token up to 6.12 and a string literal from
 * 6.13 on.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define PT_EXPORT_SYMBOL(sym) EXPORT_SYMBOL_NS_GPL(sym, "GENERIC_PT_IOMMU")
#define PT_IMPORT_NS() MODULE_IMPORT_NS("GENERIC_PT_IOMMU")
#else
#define PT_EXPORT_SYMBOL(sym) EXPORT_SYMBOL_NS_GPL(sym, GENERIC_PT_IOMMU)
#define PT_IMPORT_NS() MODULE_IMPORT_NS(GENERIC_PT_IOMMU)
#endif

/* iommu_map() takes a gfp argument from 6.3 on */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define pt_compat_iommu_map(domain, iova, paddr, size, prot, gfp) \
	iommu_map(domain, iova, paddr, size, prot, gfp)
#else
#define pt_compat_iommu_map(domain, iova, paddr, size, prot, gfp) \
	iommu_map(domain, iova, paddr, size, prot)
#endif

/* struct iommu_dirty_ops and IOMMU_DIRTY_NO_CLEAR appeared in 6.7 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
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
void pt_iommu_fail_alloc_after(int nth);

#endif
