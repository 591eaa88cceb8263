/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one driver domain of every KUnit suite, and the map, unmap and
 * translate wrappers they all use. The compiled build's table sits beside
 * its iommu_domain in the union pattern of Documentation/architecture.rst,
 * the ops come from IOMMU_PT_DOMAIN_OPS() of the build, iotlb_sync
 * records what it was asked to flush and frees the gather's tables, and
 * the driver ops hand out a top lock and record each new top.
 *
 * Included after the format's spec (kunit/spec_<fmt>.h): the wrappers
 * that take a length pass it as pages of the spec's granule, and hw_info
 * is read with the spec's decoder of the root value.
 */
#ifndef __GENERIC_PT_KUNIT_DOMAIN_H
#define __GENERIC_PT_KUNIT_DOMAIN_H

#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/spinlock.h>
#include <linux/string.h>

/*
 * Operations of the random cases (the iommu suites' random test, the
 * io-pgtable differential sequence), per configuration; a build may size
 * them (make sanitize and the cross kernels run under emulation)
 */
#ifdef CONFIG_GENERIC_PT_KUNIT_RANDOM_OPS
#define KPT_RANDOM_OPS CONFIG_GENERIC_PT_KUNIT_RANDOM_OPS
#else
#define KPT_RANDOM_OPS 10000
#endif

#define KPT_G KSPEC_GRANULE_LG2
#define KPT_GSZ BIT(KSPEC_GRANULE_LG2)
#define KPT_RW (IOMMU_READ | IOMMU_WRITE)

/* KUNIT_ARRAY_PARAM() over @array of struct @type, named by their @name */
#define KPT_NAMED_PARAMS(prefix, array, type)                      \
	static void prefix##_desc(const struct type *p, char *desc) \
	{                                                           \
		strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);       \
	}                                                           \
	KUNIT_ARRAY_PARAM(prefix, array, prefix##_desc)

/**
 * struct kpt_domain - a driver domain in the union pattern
 * @domain: the domain the IOMMU core sees
 * @fmt_table: the page table, whose iommu.domain aliases @domain
 * @start_pages: table pages allocated before kpt_domain_init()
 * @iova_prefix: bits every IOVA given to the wrappers gets above the
 *   input width (an upper-half table), 0 for most tables
 * @top_lock: serialises growth of the top, handed out by get_top_lock
 * @change_top_calls: times the table reported a new top
 * @top_paddr: top table of the last change_top
 * @top_level: top level of the last change_top
 * @syncs: iotlb_sync calls
 * @sync_start: lowest IOVA flushed since kpt_sync_reset()
 * @sync_end: highest IOVA flushed since kpt_sync_reset()
 * @freed_tables: tables freed from a gather in iotlb_sync
 * @early_tops: change_top calls that found the new top already published
 * @probe_iova: IOVA whose translation iotlb_sync records, when @probing
 * @probing: record the translation of @probe_iova at each iotlb_sync
 * @probe_phys: its translation at the last iotlb_sync
 * @sync_lock: serialises iotlb_sync of concurrent threads
 * @defer_free: iotlb_sync keeps the gather's tables on @deferred instead
 *   of freeing them, as a driver whose CPU walkers may still be in them
 *   would until they are done (kpt_free_deferred())
 * @deferred: the tables kept
 */
struct kpt_domain {
	union {
		struct iommu_domain domain;
		PT_IOMMU_TABLE_T fmt_table;
	};
	long start_pages;
	u64 iova_prefix;
	spinlock_t top_lock; /* the table's top lock */
	unsigned int change_top_calls;
	phys_addr_t top_paddr;
	unsigned int top_level;
	unsigned int syncs;
	unsigned long sync_start;
	unsigned long sync_end;
	unsigned long freed_tables;
	unsigned int early_tops;
	unsigned long probe_iova;
	bool probing;
	phys_addr_t probe_phys;
	spinlock_t sync_lock; /* the sync record and @deferred */
	bool defer_free;
	struct list_head deferred;
};

PT_IOMMU_CHECK_DOMAIN(struct kpt_domain, fmt_table.iommu, domain);

static inline void kpt_sync_reset(struct kpt_domain *kd)
{
	kd->syncs = 0;
	kd->sync_start = ULONG_MAX;
	kd->sync_end = 0;
}

/* Flushes nothing, records what it was asked to flush, frees the tables */
static void kpt_iotlb_sync(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *gather)
{
	struct kpt_domain *kd = container_of(domain, struct kpt_domain, domain);
	struct list_head *pos;
	unsigned long flags;

	spin_lock_irqsave(&kd->sync_lock, flags);
	kd->syncs++;
	if (gather->start <= gather->end) {
		kd->sync_start = min(kd->sync_start, gather->start);
		kd->sync_end = max(kd->sync_end, gather->end);
	}
	list_for_each(pos, &gather->freelist)
		kd->freed_tables++;
	if (kd->probing)
		kd->probe_phys = PT_API(iova_to_phys)(domain, kd->probe_iova);
	if (kd->defer_free)
		list_splice_tail_init(&gather->freelist, &kd->deferred);
	spin_unlock_irqrestore(&kd->sync_lock, flags);
	pt_iommu_put_pages_list(&gather->freelist);
}

/* Free the tables iotlb_sync kept while @kd->defer_free was set */
static inline void kpt_free_deferred(struct kpt_domain *kd)
{
	unsigned long flags;
	LIST_HEAD(list);

	spin_lock_irqsave(&kd->sync_lock, flags);
	list_splice_init(&kd->deferred, &list);
	spin_unlock_irqrestore(&kd->sync_lock, flags);
	pt_iommu_put_pages_list(&list);
}

/* IOMMU_PT_DOMAIN_OPS() of this format, e.g. amdv1 or amdv1_mock */
#ifdef PT_FMT_VARIANT
#define KPT_FMT_ID CONCATENATE(PT_FMT, CONCATENATE(_, PT_FMT_VARIANT))
#else
#define KPT_FMT_ID PT_FMT
#endif
#define KPT_DOMAIN_OPS(fmt) IOMMU_PT_DOMAIN_OPS(fmt)

static const struct iommu_domain_ops kpt_domain_ops = {
	KPT_DOMAIN_OPS(KPT_FMT_ID),
	.iotlb_sync = kpt_iotlb_sync,
};

/* A driver that never invalidates: the table must not free behind it */
static const struct iommu_domain_ops kpt_domain_ops_nosync = {
	KPT_DOMAIN_OPS(KPT_FMT_ID),
};

static inline struct kpt_domain *kpt_from_table(struct pt_iommu *iommu_table)
{
	return container_of(iommu_table, struct kpt_domain, fmt_table.iommu);
}

static void kpt_change_top(struct pt_iommu *iommu_table, phys_addr_t top_paddr,
			   unsigned int top_level)
{
	struct kpt_domain *kd = kpt_from_table(iommu_table);

	lockdep_assert_held(&kd->top_lock);
	/* The table may publish the new top only once the hardware has it */
	if ((READ_ONCE(kd->fmt_table.PT_FMT_MEMBER.common.top_of_table) &
	     ~(uintptr_t)PT_TOP_LEVEL_MASK) ==
	    (uintptr_t)phys_to_virt(top_paddr))
		kd->early_tops++;
	kd->change_top_calls++;
	kd->top_paddr = top_paddr;
	kd->top_level = top_level;
}

static spinlock_t *kpt_get_top_lock(struct pt_iommu *iommu_table)
{
	return &kpt_from_table(iommu_table)->top_lock;
}

static const struct pt_iommu_driver_ops kpt_driver_ops = {
	.change_top = kpt_change_top,
	.get_top_lock = kpt_get_top_lock,
};

/*
 * Set up @kd as a driver does and initialise its table; with
 * @with_driver_ops the table may grow its top, with @iommu_device a
 * walker that does not snoop has a device to DMA map tables for.
 */
static inline int kpt_domain_init(struct kpt_domain *kd,
				  const PT_IOMMU_CFG_T *cfg,
				  bool with_driver_ops,
				  struct device *iommu_device)
{
	memset(kd, 0, sizeof(*kd));
	spin_lock_init(&kd->top_lock);
	spin_lock_init(&kd->sync_lock);
	INIT_LIST_HEAD(&kd->deferred);
	kpt_sync_reset(kd);
	kd->domain.type = IOMMU_DOMAIN_UNMANAGED;
	kd->domain.ops = &kpt_domain_ops;
	if (with_driver_ops)
		kd->fmt_table.iommu.driver_ops = &kpt_driver_ops;
	kd->fmt_table.iommu.nid = NUMA_NO_NODE;
	kd->fmt_table.iommu.iommu_device = iommu_device;
	kd->start_pages = pt_iommu_table_pages();
	return PT_API(init)(&kd->fmt_table, cfg, GFP_KERNEL);
}

/*
 * Free the table (safe after a failed init) and expect every table page
 * allocated since kpt_domain_init() back.
 */
static inline void kpt_domain_release(struct kunit *test, struct kpt_domain *kd)
{
	kpt_free_deferred(kd);
	pt_iommu_deinit(&kd->fmt_table.iommu);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), kd->start_pages,
			    "table pages leaked");
}

static inline struct pt_common *kpt_common(struct kpt_domain *kd)
{
	return &kd->fmt_table.PT_FMT_MEMBER.common;
}

/* The top table's CPU address */
static inline void *kpt_top_table(struct kpt_domain *kd)
{
	return (void *)(READ_ONCE(kpt_common(kd)->top_of_table) &
			~(uintptr_t)PT_TOP_LEVEL_MASK);
}

/* --- the wrappers: IOVAs get @kd->iova_prefix --- */

/* Map through the IOMMU core, which splits into the largest pages */
static inline int kpt_map(struct kpt_domain *kd, unsigned long iova,
			  phys_addr_t pa, size_t len, int prot)
{
	return pt_compat_iommu_map(&kd->domain, kd->iova_prefix | iova, pa,
				   len, prot, GFP_KERNEL);
}

/* Unmap through the IOMMU core, which syncs */
static inline size_t kpt_unmap(struct kpt_domain *kd, unsigned long iova,
			       size_t len)
{
	return iommu_unmap(&kd->domain, kd->iova_prefix | iova, len);
}

static inline phys_addr_t kpt_phys(struct kpt_domain *kd, unsigned long iova)
{
	return iommu_iova_to_phys(&kd->domain, kd->iova_prefix | iova);
}

/*
 * The domain's map_pages as granule pages, the table choosing its leaf
 * sizes: its result, and in @mapped what it mapped
 */
static inline int kpt_map_pages_partial(struct kpt_domain *kd, u64 iova, u64 pa,
					u64 len, int prot, size_t *mapped)
{
	*mapped = 0;
	return kd->domain.ops->map_pages(&kd->domain, kd->iova_prefix | iova,
					 pa, KPT_GSZ, len >> KPT_G, prot,
					 GFP_KERNEL, mapped);
}

/* The same, 0 only when all of @len was mapped (-EIO when short) */
static inline int kpt_map_pages(struct kpt_domain *kd, u64 iova, u64 pa,
				u64 len, int prot)
{
	size_t mapped;
	int ret = kpt_map_pages_partial(kd, iova, pa, len, prot, &mapped);

	return ret ? ret : (mapped == len ? 0 : -EIO);
}

/* The domain's unmap_pages as granule pages, then iotlb_sync */
static inline size_t kpt_unmap_pages(struct kpt_domain *kd, u64 iova, u64 len)
{
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_iotlb_gather_init(&gather);
	ret = kd->domain.ops->unmap_pages(&kd->domain, kd->iova_prefix | iova,
					  KPT_GSZ, len >> KPT_G, &gather);
	iommu_iotlb_sync(&kd->domain, &gather);
	return ret;
}

/* The whole-range unmap, then iotlb_sync; the bytes it unmapped */
static inline size_t kpt_unmap_range(struct kpt_domain *kd, u64 iova, u64 len)
{
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_iotlb_gather_init(&gather);
	ret = PT_API(unmap_range)(&kd->domain, kd->iova_prefix | iova, len,
				  &gather);
	iommu_iotlb_sync(&kd->domain, &gather);
	return ret;
}

/*
 * Where our contract differs from io-pgtable's on purpose, for a @block
 * leaf at @iova (a table of granule leaves below it when split): a block
 * over a table holding a live leaf is refused and the leaf still
 * translates, a map over that leaf is refused, and once the leaf is
 * unmapped the emptied table gives way to the block, mapped on return.
 */
static inline void kpt_check_block_over_table(struct kunit *test,
					      struct kpt_domain *kd, u64 iova,
					      u64 pa, u64 block)
{
	KUNIT_ASSERT_EQ(test,
			kpt_map_pages(kd, iova + KPT_GSZ, pa, KPT_GSZ, KPT_RW),
			0);
	KUNIT_EXPECT_EQ(test, kpt_map_pages(kd, iova, pa, block, KPT_RW),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kpt_phys(kd, iova + KPT_GSZ), pa);
	KUNIT_EXPECT_EQ(test,
			kpt_map_pages(kd, iova + KPT_GSZ, pa, KPT_GSZ,
				      IOMMU_READ),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(kd, iova + KPT_GSZ, KPT_GSZ),
			KPT_GSZ);

	/* The emptied table gives way to the block */
	KUNIT_EXPECT_EQ(test, kpt_map_pages(kd, iova, pa, block, KPT_RW), 0);
	KUNIT_EXPECT_EQ(test, kpt_phys(kd, iova + block - 1), pa + block - 1);
}

/* --- the case of a format's own suite (armv8, dart, armv7s) --- */

/**
 * struct kpt_case_cfg - a configuration of a format's own suite
 * @name: parameter name
 * @features: feature bits of the table
 * @ias: input address bits
 * @oas: output address bits
 */
struct kpt_case_cfg {
	const char *name;
	unsigned int features;
	u8 ias;
	u8 oas;
};

/**
 * struct kpt_case - state of one case of a format's own suite
 * @c: the configuration, the case's parameter
 * @kd: the domain, its table initialised from @c without driver ops
 * @va_lg2: input bits of @c an unsigned long holds (fewer on a 32-bit
 *   kernel): IOVAs the cases use stay below BIT_ULL(@va_lg2)
 * @oa_lg2: output bits of @c a phys_addr_t holds (fewer on a 32-bit
 *   kernel without 64-bit physical addresses): likewise for PAs
 */
struct kpt_case {
	const struct kpt_case_cfg *c;
	struct kpt_domain *kd;
	unsigned int va_lg2;
	unsigned int oa_lg2;
};

/* The table configuration @c describes */
static inline void kpt_case_cfg(const struct kpt_case_cfg *c,
				PT_IOMMU_CFG_T *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->common.features = c->features;
	cfg->common.hw_max_vasz_lg2 = c->ias;
	cfg->common.hw_max_oasz_lg2 = c->oas;
}

/*
 * The init of a format's own suite: test->priv is a struct kpt_case, or
 * NULL for a case without a parameter, which sets its table up itself.
 */
static inline int kpt_case_init(struct kunit *test)
{
	struct kpt_case *a;
	PT_IOMMU_CFG_T cfg;

	test->priv = NULL;
	if (!test->param_value)
		return 0;
	a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->kd = kunit_kzalloc(test, sizeof(*a->kd), GFP_KERNEL);
	if (!a->kd)
		return -ENOMEM;
	a->c = test->param_value;
	a->va_lg2 = min_t(unsigned int, a->c->ias, BITS_PER_LONG);
	a->oa_lg2 = min_t(unsigned int, a->c->oas, sizeof(phys_addr_t) * 8);
	test->priv = a;
	kpt_case_cfg(a->c, &cfg);
	return kpt_domain_init(a->kd, &cfg, false, NULL);
}

/* Its exit: every table page back */
static inline void kpt_case_exit(struct kunit *test)
{
	struct kpt_case *a = test->priv;

	if (a)
		kpt_domain_release(test, a->kd);
}

/* --- hw_info read as the hardware's registers take it --- */

/* The top table and the number of levels hw_info reports, see the spec */
static inline u64 kpt_hw_root(PT_IOMMU_TABLE_T *table, u64 *top_pa,
			      unsigned int *levels)
{
	struct pt_iommu_table_hw_info info = {};

	PT_API(hw_info)(table, &info);
	return kspec_hw_info_root(&info, &table->PT_FMT_MEMBER.common, top_pa,
				  levels);
}

/*
 * hw_info describes a top of @top_level at @top_pa (0 skips the address
 * check) with no stray bits in the root value.
 */
static inline void kpt_check_hw_info(struct kunit *test,
				     PT_IOMMU_TABLE_T *table,
				     unsigned int top_level, phys_addr_t top_pa)
{
	const struct pt_common *common = &table->PT_FMT_MEMBER.common;
	unsigned int bits = kspec_level_bits(top_level);
	unsigned int levels;
	u64 pa;

	/* Aligned to its size: a granule, or less for a cut top table */
	if (common->max_vasz_lg2 < kspec_level_va_lg2(top_level))
		bits = common->max_vasz_lg2 - kspec_item_lg2(top_level);
	KUNIT_EXPECT_EQ(test, kpt_hw_root(table, &pa, &levels), 0);
	KUNIT_EXPECT_EQ(test, levels, top_level + 1);
	KUNIT_EXPECT_EQ(test, pa & (BIT_ULL(bits + KSPEC_ITEM_LG2SZ) - 1), 0);
	if (top_pa)
		KUNIT_EXPECT_EQ(test, pa, top_pa);
}

#endif
