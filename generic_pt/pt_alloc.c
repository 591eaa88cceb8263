// SPDX-License-Identifier: GPL-2.0-only
/*
 * Table memory for every format: zeroed pages on the requested node, counted
 * so that tests can prove each page comes back. Linux 6.1 has no iommu-pages
 * library; this is the small part of it the page tables need. A table
 * smaller than a page still takes a whole page.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/generic_pt/compat.h>

static atomic_long_t pt_table_pages = ATOMIC_LONG_INIT(0);
static atomic_t pt_fail_countdown = ATOMIC_INIT(0);

/* Test hook: fail the nth allocation from now */
static bool pt_should_fail(void)
{
	int old = atomic_read(&pt_fail_countdown);

	while (old > 0) {
		if (atomic_try_cmpxchg(&pt_fail_countdown, &old, old - 1))
			return old == 1;
	}
	return false;
}

/**
 * pt_iommu_alloc_table() - allocate zeroed table memory
 * @nid: NUMA node, or NUMA_NO_NODE
 * @lg2sz: log2 of the table size in bytes
 * @gfp: allocation flags; __GFP_ZERO is added
 *
 * Return: CPU address of the table, aligned to its size, or NULL.
 */
void *pt_iommu_alloc_table(int nid, unsigned int lg2sz, gfp_t gfp)
{
	unsigned int order = lg2sz > PAGE_SHIFT ? lg2sz - PAGE_SHIFT : 0;
	struct page *page;

	if (pt_should_fail())
		return NULL;
	page = alloc_pages_node(nid, gfp | __GFP_ZERO, order);
	if (!page)
		return NULL;
	set_page_private(page, order);
	atomic_long_add(1L << order, &pt_table_pages);
	return page_address(page);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_alloc_table);

static void pt_free_page(struct page *page)
{
	unsigned int order = page_private(page);

	atomic_long_sub(1L << order, &pt_table_pages);
	set_page_private(page, 0);
	__free_pages(page, order);
}

/**
 * pt_iommu_free_table() - free a table the hardware cannot reach
 * @table: address returned by pt_iommu_alloc_table(), or NULL
 */
void pt_iommu_free_table(void *table)
{
	if (table)
		pt_free_page(virt_to_page(table));
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_free_table);

/**
 * pt_iommu_table_to_list() - queue a table for freeing after a flush
 * @table: address returned by pt_iommu_alloc_table()
 * @list: usually &gather->freelist
 */
void pt_iommu_table_to_list(void *table, struct list_head *list)
{
	list_add_tail(&virt_to_page(table)->lru, list);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_table_to_list);

/**
 * pt_iommu_put_pages_list() - free every table on a list
 * @list: tables queued by pt_iommu_table_to_list(); empty afterwards
 *
 * A driver calls this from its iotlb_sync on gather->freelist, once the
 * IOTLB no longer holds the freed tables.
 */
void pt_iommu_put_pages_list(struct list_head *list)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		pt_free_page(page);
	}
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_put_pages_list);

/**
 * pt_iommu_table_pages() - table pages currently allocated
 *
 * Return: the number of pages held by every table of every format; tests
 * compare it before and after an operation to find leaks.
 */
long pt_iommu_table_pages(void)
{
	return atomic_long_read(&pt_table_pages);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_table_pages);

/**
 * pt_iommu_fail_alloc_after() - inject an allocation failure, for tests
 * @nth: make the nth table allocation from now fail; 0 cancels
 */
void pt_iommu_fail_alloc_after(int nth)
{
	atomic_set(&pt_fail_countdown, nth);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_fail_alloc_after);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Table memory for the generic IOMMU page tables");
