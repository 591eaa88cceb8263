// SPDX-License-Identifier: GPL-2.0-only
/*
 * Table memory for every format: zeroed pages on the requested node, counted
 * so that tests can prove each page comes back. Linux 6.1 has no iommu-pages
 * library; this is the small part of it the page tables need. A table
 * smaller than a page takes a whole page, unless its format shares pages
 * between such tables (struct pt_iommu_frags, below). The hooks that let KUnit
 * fail an allocation or watch table DMA exist only in a build with the
 * suites (CONFIG_GENERIC_PT_TEST_HOOKS).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/llist.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/generic_pt/compat.h>
#include <linux/generic_pt/iommu.h>

static atomic_long_t pt_table_pages = ATOMIC_LONG_INIT(0);

#if IS_ENABLED(CONFIG_GENERIC_PT_TEST_HOOKS)
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
 * pt_iommu_fail_alloc_after() - inject an allocation failure, for tests
 * @nth: make the nth table allocation from now fail; 0 cancels
 *
 * Only in a build with the KUnit suites (CONFIG_GENERIC_PT_TEST_HOOKS).
 */
void pt_iommu_fail_alloc_after(int nth)
{
	atomic_set(&pt_fail_countdown, nth);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_fail_alloc_after);

static pt_iommu_dma_hook_t pt_dma_hook;

/**
 * pt_iommu_set_dma_hook() - observe table DMA operations, for tests
 * @hook: called instead of the DMA API for every table DMA operation of
 *   tables with PT_FEAT_DMA_INCOHERENT, of every table in the system;
 *   NULL restores the DMA API
 *
 * Lets a test without a non-coherent device record what was cleaned and
 * when. Only in a build with the KUnit suites
 * (CONFIG_GENERIC_PT_TEST_HOOKS).
 */
void pt_iommu_set_dma_hook(pt_iommu_dma_hook_t hook)
{
	WRITE_ONCE(pt_dma_hook, hook);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_set_dma_hook);

static atomic_long_t pt_deferred_frees = ATOMIC_LONG_INIT(0);

static void pt_count_deferred_free(void)
{
	atomic_long_inc(&pt_deferred_frees);
}

/**
 * pt_iommu_deferred_frees() - pages freed after an RCU grace period so far
 *
 * Context: Any context. Only in a build with the KUnit suites
 * (CONFIG_GENERIC_PT_TEST_HOOKS).
 * Return: how many table pages pt_iommu_put_pages_list() has kept from
 * the page allocator for a debugfs reader since boot, of every table in
 * the system; a test compares it before and after an unmap.
 */
long pt_iommu_deferred_frees(void)
{
	return atomic_long_read(&pt_deferred_frees);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_deferred_frees);

/* The test's hook, if one is set: it replaces the DMA API */
static bool pt_dma_hooked(struct device *dev, void *addr, size_t len,
			  enum pt_iommu_dma_op op)
{
	pt_iommu_dma_hook_t hook = READ_ONCE(pt_dma_hook);

	if (!hook)
		return false;
	hook(dev, addr, len, op);
	return true;
}
#else
static inline bool pt_should_fail(void)
{
	return false;
}

static inline void pt_count_deferred_free(void)
{
}

static inline bool pt_dma_hooked(struct device *dev, void *addr, size_t len,
				 enum pt_iommu_dma_op op)
{
	return false;
}
#endif

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

/*
 * A page carved into small tables has in its private word PT_FRAG_PAGE,
 * log2 of the table size and how many of its slots are retired: handed
 * out and removed, or never to be handed out. A whole table page has its
 * order there, which never has PT_FRAG_PAGE.
 */
#define PT_FRAG_PAGE BIT(BITS_PER_LONG - 1)
/*
 * A page queued for freeing (its slots all retired, or a whole table
 * page) has its order there, and this bit when it is to be freed after an
 * RCU grace period (pt_iommu_frags::free_after_rcu).
 */
#define PT_FREE_AFTER_RCU BIT(BITS_PER_LONG - 2)
#define PT_FRAG_LG2SZ GENMASK(23, 16)
#define PT_FRAG_RETIRED GENMASK(15, 0)

static bool pt_is_frag_page(struct page *page)
{
	return page_private(page) & PT_FRAG_PAGE;
}

static unsigned int pt_frag_lg2sz(unsigned long priv)
{
	return FIELD_GET(PT_FRAG_LG2SZ, priv);
}

/*
 * Retire @num slots of a carved page. True for the caller that retired
 * the last one: the page is then a whole free page of order 0, the
 * caller's to queue or free.
 */
static bool pt_frag_retire(struct page *page, unsigned int num)
{
	unsigned long old = READ_ONCE(page->private), new;

	do {
		new = old + num;
	} while (!try_cmpxchg(&page->private, &old, new));
	if (FIELD_GET(PT_FRAG_RETIRED, new) !=
	    PAGE_SIZE >> pt_frag_lg2sz(new))
		return false;
	set_page_private(page, 0);
	return true;
}

/*
 * Stop carving @page when every slot handed out of it is retired: the
 * slots never handed out are retired too, and true says the caller now
 * holds the whole page. A page without tables is not kept for later.
 */
static bool pt_frag_stop_carving(struct pt_iommu_frags *frags,
				 struct page *page)
{
	unsigned long cur = READ_ONCE(frags->next), priv;
	unsigned int lg2, handed;

	if (!cur || virt_to_page((void *)cur) != page)
		return false;
	priv = READ_ONCE(page->private);
	lg2 = pt_frag_lg2sz(priv);
	handed = (cur & ~PAGE_MASK) >> lg2;
	/* A slot handed out meanwhile changes frags->next */
	if (FIELD_GET(PT_FRAG_RETIRED, priv) != handed ||
	    !try_cmpxchg(&frags->next, &cur, 0))
		return false;
	return pt_frag_retire(page, (PAGE_SIZE >> lg2) - handed);
}

/**
 * pt_iommu_frag_to_list() - queue a table for freeing after a flush
 * @frags: the table's carved pages, or NULL
 * @table: address returned by pt_iommu_alloc_table() or
 *   pt_iommu_frag_alloc()
 * @list: usually &gather->freelist
 *
 * A table sharing its page retires its slot; the page joins @list only
 * once no slot of it holds a table, so @list never holds a page with a
 * table in use.
 *
 * Context: Any context.
 */
void pt_iommu_frag_to_list(struct pt_iommu_frags *frags, void *table,
			   struct list_head *list)
{
	struct page *page = virt_to_page(table);

	if (pt_is_frag_page(page) && !pt_frag_retire(page, 1) &&
	    (!frags || !pt_frag_stop_carving(frags, page)))
		return;
	/* No other user of the page is left to race with this store */
	if (frags && READ_ONCE(frags->free_after_rcu))
		set_page_private(page, page_private(page) | PT_FREE_AFTER_RCU);
	list_add_tail(&page->lru, list);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_frag_to_list);

/**
 * pt_iommu_table_to_list() - queue a table for freeing after a flush
 * @table: address returned by pt_iommu_alloc_table()
 * @list: usually &gather->freelist
 *
 * Context: Any context.
 */
void pt_iommu_table_to_list(void *table, struct list_head *list)
{
	pt_iommu_frag_to_list(NULL, table, list);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_table_to_list);

/* A zeroed slot the walker never reached, or NULL */
static void *pt_frag_take_spare(struct pt_iommu_frags *frags)
{
	struct llist_node *first = llist_del_all(&frags->spare), *node;

	if (!first)
		return NULL;
	/* Only one taker may delete a single node: give the others back */
	while ((node = first->next)) {
		first->next = node->next;
		llist_add(node, &frags->spare);
	}
	first->next = NULL;
	return first;
}

/**
 * pt_iommu_frag_alloc() - allocate a zeroed table that may share its page
 * @frags: the table's carved pages
 * @nid: NUMA node, or NUMA_NO_NODE
 * @lg2sz: log2 of the table size in bytes, below PAGE_SHIFT; one size per
 *   @frags
 * @gfp: allocation flags; __GFP_ZERO is added
 *
 * Hands out a slot the walker never reached, else the next slot of the
 * page being carved, else carves a new page. Retired slots are not
 * handed out again.
 *
 * Context: As @gfp allows; concurrent callers are fine.
 * Return: CPU address of the table, aligned to its size, or NULL.
 */
void *pt_iommu_frag_alloc(struct pt_iommu_frags *frags, int nid,
			  unsigned int lg2sz, gfp_t gfp)
{
	unsigned long cur, next, size = 1UL << lg2sz;
	void *table = pt_frag_take_spare(frags);

	if (table)
		return table;
	cur = READ_ONCE(frags->next);
	while (cur) {
		next = (cur + size) & ~PAGE_MASK ? cur + size : 0;
		if (try_cmpxchg(&frags->next, &cur, next))
			return (void *)cur;
	}

	table = pt_iommu_alloc_table(nid, PAGE_SHIFT, gfp);
	if (!table)
		return NULL;
	set_page_private(virt_to_page(table),
			 PT_FRAG_PAGE | FIELD_PREP(PT_FRAG_LG2SZ, lg2sz));
	/*
	 * Carve it from the second slot on, unless another caller started
	 * a page meanwhile: then this page serves this table alone.
	 */
	cur = 0;
	if (!try_cmpxchg(&frags->next, &cur, (unsigned long)table + size))
		pt_frag_retire(virt_to_page(table),
			       (PAGE_SIZE >> lg2sz) - 1);
	return table;
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_frag_alloc);

/**
 * pt_iommu_frag_free() - free a table the walker never reached
 * @frags: the table's carved pages
 * @table: address returned by pt_iommu_frag_alloc() or
 *   pt_iommu_alloc_table(), or NULL
 *
 * A slot of a carved page is zeroed and handed out again by the next
 * pt_iommu_frag_alloc(): its page may hold tables whose removal waits
 * for a flush, so it is not freed here, unless it is the only slot ever
 * handed out of its page. A whole page is freed.
 *
 * Context: Any context.
 */
void pt_iommu_frag_free(struct pt_iommu_frags *frags, void *table)
{
	unsigned long slot = (unsigned long)table, cur;
	struct page *page;
	unsigned int lg2;

	if (!table || !pt_is_frag_page(virt_to_page(table))) {
		pt_iommu_free_table(table);
		return;
	}
	page = virt_to_page(table);
	lg2 = pt_frag_lg2sz(page_private(page));
	memset(table, 0, 1UL << lg2);
	/* The last slot handed out goes back to the page being carved */
	cur = slot + (1UL << lg2);
	if (slot & ~PAGE_MASK) {
		if (try_cmpxchg(&frags->next, &cur, slot))
			return;
	} else if (try_cmpxchg(&frags->next, &cur, 0)) {
		/* The page's only slot handed out: nothing else ever in it */
		set_page_private(page, 0);
		pt_iommu_free_table(table);
		return;
	}
	llist_add(table, &frags->spare);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_frag_free);

/**
 * pt_iommu_frags_release() - retire the slots no table holds
 * @frags: the table's carved pages; empty afterwards, and no longer
 *   freeing after an RCU grace period (its debugfs file is gone by now)
 * @list: where the pages that become free go, with the tables of the
 *   table being destroyed
 *
 * Called when the table is destroyed, after every table it holds went
 * to @list with pt_iommu_table_to_list().
 *
 * Context: No concurrent use of @frags.
 */
void pt_iommu_frags_release(struct pt_iommu_frags *frags,
			    struct list_head *list)
{
	struct llist_node *node, *next;
	unsigned long cur = frags->next, priv;
	struct page *page;

	llist_for_each_safe(node, next, llist_del_all(&frags->spare))
		pt_iommu_frag_to_list(NULL, node, list);
	frags->next = 0;
	frags->free_after_rcu = false;
	if (!cur)
		return;
	page = virt_to_page((void *)cur);
	priv = page_private(page);
	if (pt_frag_retire(page, (PAGE_SIZE - (cur & ~PAGE_MASK)) >>
					 pt_frag_lg2sz(priv)))
		list_add_tail(&page->lru, list);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_frags_release);

static void pt_free_page_rcu(struct rcu_head *head)
{
	struct page *page = container_of(head, struct page, rcu_head);
	unsigned int order = page_private(page);

	set_page_private(page, 0);
	__free_pages(page, order);
}

/**
 * pt_iommu_put_pages_list() - free every table on a list
 * @list: tables queued by pt_iommu_table_to_list(); empty afterwards
 *
 * A driver calls this from its iotlb_sync on gather->freelist, once the
 * IOTLB no longer holds the freed tables. The pages of a table that has a
 * debugfs file go back to the page allocator only after an RCU grace
 * period, so that a reader of the file never walks freed memory; they
 * leave the pt_iommu_table_pages() count at once. Every other page is
 * freed at once.
 *
 * Context: Any context.
 */
void pt_iommu_put_pages_list(struct list_head *list)
{
	struct page *page, *next;
	unsigned long priv;

	list_for_each_entry_safe(page, next, list, lru) {
		list_del(&page->lru);
		priv = page_private(page);
		if (priv & PT_FREE_AFTER_RCU) {
			priv &= ~PT_FREE_AFTER_RCU;
			set_page_private(page, priv);
			atomic_long_sub(1L << priv, &pt_table_pages);
			pt_count_deferred_free();
			call_rcu(&page->rcu_head, pt_free_page_rcu);
		} else {
			pt_free_page(page);
		}
	}
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_put_pages_list);

/**
 * pt_iommu_reserve_release() - free the tables a reserve still holds
 * @reserve: a reserve made by pt_iommu_reserve_init(); empty afterwards
 *
 * The tables were never reachable by hardware, so they are freed at once.
 */
void pt_iommu_reserve_release(struct pt_iommu_reserve *reserve)
{
	unsigned int i;

	for (i = 0; i != PT_IOMMU_MAX_LEVELS; i++) {
		pt_iommu_put_pages_list(&reserve->tables[i]);
		reserve->num[i] = 0;
	}
	reserve->filled_top = PT_IOMMU_MAX_LEVELS;
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_reserve_release);

/**
 * pt_iommu_table_pages() - table pages currently allocated
 *
 * Context: Any context; the value may be stale by the time it is used.
 * Return: the number of pages held by every table of every format, a
 * read-only counter in every build: tests compare it before and after an
 * operation to find leaks, a driver or a user may watch it.
 */
long pt_iommu_table_pages(void)
{
	return atomic_long_read(&pt_table_pages);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_table_pages);

#if IS_ENABLED(CONFIG_GENERIC_PT_TEST_HOOKS)
static u64 pt_test_pa_offset;

/**
 * pt_iommu_table_limit_pa() - a table's address as its format's limits see it
 * @table: table memory
 *
 * Return: its physical address, plus the offset a test set with
 * pt_iommu_test_table_pa_offset().
 */
u64 pt_iommu_table_limit_pa(void *table)
{
	return (u64)virt_to_phys(table) + READ_ONCE(pt_test_pa_offset);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_table_limit_pa);

/**
 * pt_iommu_test_table_pa_offset() - pretend tables live higher, for tests
 * @offset: added to every table address checked against a format's limit;
 *   0 restores the real addresses
 */
void pt_iommu_test_table_pa_offset(u64 offset)
{
	WRITE_ONCE(pt_test_pa_offset, offset);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_test_table_pa_offset);
#endif

/**
 * pt_iommu_table_dma_map() - make a new table visible to the walker
 * @dev: the IOMMU device
 * @table: the zeroed table
 * @size: its size in bytes
 *
 * Return: 0, -ENOMEM when the mapping fails, -EINVAL when the device
 * would not see the table at its physical address.
 */
int pt_iommu_table_dma_map(struct device *dev, void *table, size_t size)
{
	dma_addr_t dma;

	if (pt_dma_hooked(dev, table, size, PT_IOMMU_DMA_MAP))
		return 0;
	dma = dma_map_single(dev, table, size, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		return -ENOMEM;
	if (dma != virt_to_phys(table)) {
		dma_unmap_single(dev, dma, size, DMA_TO_DEVICE);
		pr_err_ratelimited("%s: table memory is not DMA mapped 1:1\n",
				   dev_name(dev));
		return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_table_dma_map);

/**
 * pt_iommu_table_dma_unmap() - undo pt_iommu_table_dma_map()
 * @dev: the IOMMU device
 * @table: the table
 * @size: its size in bytes
 */
void pt_iommu_table_dma_unmap(struct device *dev, void *table, size_t size)
{
	if (!pt_dma_hooked(dev, table, size, PT_IOMMU_DMA_UNMAP))
		dma_unmap_single(dev, virt_to_phys(table), size, DMA_TO_DEVICE);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_table_dma_unmap);

/**
 * pt_iommu_table_flush() - clean CPU writes to a table for the walker
 * @dev: the IOMMU device
 * @addr: first byte written
 * @len: number of bytes
 */
void pt_iommu_table_flush(struct device *dev, void *addr, size_t len)
{
	if (!pt_dma_hooked(dev, addr, len, PT_IOMMU_DMA_FLUSH))
		dma_sync_single_for_device(dev, virt_to_phys(addr), len,
					   DMA_TO_DEVICE);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_table_flush);

/* Pages still waiting for their grace period go before the code does */
static void __exit pt_alloc_exit(void)
{
	rcu_barrier();
}
module_exit(pt_alloc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Table memory for the generic IOMMU page tables");
