// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample IOMMU driver domain on the generic AMD v1 page table: the union
 * pattern a driver uses, PT_IOMMU_DOMAIN_OPS(), an iotlb_sync that frees
 * the gather list, and a dynamic top that reprograms a (pretend) device
 * table entry. On load it maps, translates and unmaps a few ranges through
 * the kernel's iommu_map()/iommu_unmap() and prints what the table chose,
 * then one summary line "N passed, M failed". A second table stays mapped
 * while the module is loaded and can be read in debugfs as
 * pt_sample/amdv1 (make run prints it). No hardware is touched.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/generic_pt/iommu.h>

struct sample_domain {
	union {
		struct iommu_domain domain;
		struct pt_iommu_amdv1 amdv1;
	};
	spinlock_t top_lock; /* serialises growth of the table top */
	/* What a real driver would write into its device table entry */
	u64 dte_root;
	u8 dte_mode;
	unsigned int flushes;
};

PT_IOMMU_CHECK_DOMAIN(struct sample_domain, amdv1.iommu, domain);

static struct sample_domain *to_sample(struct iommu_domain *domain)
{
	return container_of(domain, struct sample_domain, domain);
}

static void sample_iotlb_sync(struct iommu_domain *domain,
			      struct iommu_iotlb_gather *gather)
{
	/* A real driver invalidates gather->start..end here first */
	to_sample(domain)->flushes++;
	pt_iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops sample_domain_ops = {
	PT_IOMMU_DOMAIN_OPS(amdv1),
	.iotlb_sync = sample_iotlb_sync,
};

static void sample_change_top(struct pt_iommu *iommu_table,
			      phys_addr_t top_paddr, unsigned int top_level)
{
	struct sample_domain *sd =
		container_of(iommu_table, struct sample_domain, amdv1.iommu);

	sd->dte_root = top_paddr;
	sd->dte_mode = top_level + 1;
	pr_info("top grew: %u levels\n", top_level + 1);
}

static spinlock_t *sample_get_top_lock(struct pt_iommu *iommu_table)
{
	return &container_of(iommu_table, struct sample_domain,
			     amdv1.iommu)->top_lock;
}

static const struct pt_iommu_driver_ops sample_driver_ops = {
	.change_top = sample_change_top,
	.get_top_lock = sample_get_top_lock,
};

static unsigned int passed;
static unsigned int failed;

static void check(bool ok, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		pr_err("FAIL: %s\n", what);
	}
}

/* Levels the table has now, from hw_info */
static unsigned int sample_levels(struct sample_domain *sd)
{
	struct pt_iommu_amdv1_hw_info info;

	pt_iommu_amdv1_hw_info(&sd->amdv1, &info);
	return info.mode;
}

/* A power-of-two leaf size in the largest unit that divides it */
static size_t sample_units(size_t size)
{
	if (size >= SZ_1G)
		return size / SZ_1G;
	if (size >= SZ_1M)
		return size / SZ_1M;
	return size / SZ_1K;
}

static char sample_unit_char(size_t size)
{
	if (size >= SZ_1G)
		return 'G';
	if (size >= SZ_1M)
		return 'M';
	return 'K';
}

/*
 * Map [iova, iova + len) to paddr, report the leaf sizes the table chose
 * (unmapping one granule removes the whole leaf holding it, so the return
 * value is that leaf's size), then map it again and check translations.
 */
static void sample_map(struct sample_domain *sd, unsigned long iova,
		       phys_addr_t paddr, size_t len, const char *what)
{
	struct iommu_domain *domain = &sd->domain;
	long pages = pt_iommu_table_pages();
	char sizes[96] = "";
	size_t off = 0;
	size_t leaf;
	int ret;

	ret = pt_compat_iommu_map(domain, iova, paddr, len,
				  IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	check(!ret, what);
	if (ret)
		return;

	while (off < len) {
		leaf = iommu_unmap(domain, iova + off, SZ_4K);
		if (!leaf)
			break;
		scnprintf(sizes + strlen(sizes), sizeof(sizes) - strlen(sizes),
			  "%s%zu%c", off ? "+" : "", sample_units(leaf),
			  sample_unit_char(leaf));
		off += leaf;
	}
	check(off == len, "leaves cover the range exactly");

	ret = pt_compat_iommu_map(domain, iova, paddr, len,
				  IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	check(!ret, "map again");
	check(iommu_iova_to_phys(domain, iova) == paddr, "translate first byte");
	check(iommu_iova_to_phys(domain, iova + len - 1) == paddr + len - 1,
	      "translate last byte");
	check(iommu_iova_to_phys(domain, iova + len / 2) == paddr + len / 2,
	      "translate middle");
	pr_info("%s: iova %#lx len %#zx -> leaves %s, %u levels, %ld table pages now (+%ld)\n",
		what, iova, len, sizes, sample_levels(sd),
		pt_iommu_table_pages(), pt_iommu_table_pages() - pages);
}

static void sample_run(struct sample_domain *sd)
{
	struct iommu_domain *domain = &sd->domain;
	struct pt_iommu_amdv1_cfg cfg = {
		.common = {
			.features = BIT(PT_FEAT_DYNAMIC_TOP),
			.hw_max_vasz_lg2 = 64,
			.hw_max_oasz_lg2 = 52,
		},
		.starting_level = 2,
	};
	long start_pages = pt_iommu_table_pages();
	size_t len;
	int ret;

	spin_lock_init(&sd->top_lock);
	sd->domain.type = IOMMU_DOMAIN_UNMANAGED;
	sd->domain.ops = &sample_domain_ops;
	sd->amdv1.iommu.driver_ops = &sample_driver_ops;
	sd->amdv1.iommu.nid = NUMA_NO_NODE;

	ret = pt_iommu_amdv1_init(&sd->amdv1, &cfg, GFP_KERNEL);
	check(!ret, "init");
	if (ret)
		return;
	pr_info("init: %u levels, page sizes %#lx\n", sample_levels(sd),
		domain->pgsize_bitmap);
	check(sample_levels(sd) == 3, "starts with 3 levels");

	sample_map(sd, SZ_4K, 0x1000000, SZ_4K, "one 4K page");
	sample_map(sd, SZ_64K, 0x2010000, SZ_64K, "64K contiguous");
	sample_map(sd, SZ_2M, 0x40200000, SZ_2M, "one 2M page");
	sample_map(sd, SZ_1G, 0x80000000, SZ_1G + SZ_2M + SZ_8K,
		   "1G + 2M + 8K");

	/* Mapping over something mapped fails and changes nothing */
	ret = pt_compat_iommu_map(domain, SZ_2M, 0x50000000, SZ_4K,
				  IOMMU_READ, GFP_KERNEL);
	check(ret == -EADDRINUSE, "overlap refused");
	check(iommu_iova_to_phys(domain, SZ_2M) == 0x40200000,
	      "overlap left the old mapping");

#if BITS_PER_LONG == 64
	/* Beyond 39 bits the top grows to 4 levels, then 5 beyond 48 */
	sample_map(sd, 1UL << 40, 0x100000000ULL, SZ_2M, "2M at 1T");
	check(sd->dte_mode == 4, "top grew to 4 levels");
	sample_map(sd, 1UL << 50, 0x200000000ULL, SZ_4K, "4K at 1P");
	check(sd->dte_mode == 5, "top grew to 5 levels");
	check(iommu_iova_to_phys(domain, SZ_4K) == 0x1000000,
	      "old mapping survives growth");
#else
	/* 32-bit IOVAs all fit the first 3 levels: the top never grows */
	check(domain->geometry.aperture_end == ULONG_MAX,
	      "aperture clamped to 32-bit IOVAs");
#endif

	len = iommu_unmap(domain, SZ_1G, SZ_1G + SZ_2M + SZ_8K);
	check(len == SZ_1G + SZ_2M + SZ_8K, "unmap across three leaves");
	check(!iommu_iova_to_phys(domain, SZ_1G), "unmapped translates to 0");

	pt_iommu_deinit(&sd->amdv1.iommu);
	check(pt_iommu_table_pages() == start_pages, "every table page freed");
	pr_info("%u IOTLB syncs\n", sd->flushes);
}

/* The table shown in debugfs while the module is loaded */
static struct sample_domain *shown;
static struct dentry *sample_dir;

/*
 * A small fixed table for the debugfs file: a 4K read-only page, 64K
 * that becomes one contiguous leaf, a 2M leaf and 8K of 4K pages.
 */
static void sample_show_table(void)
{
	static const struct {
		unsigned long iova;
		phys_addr_t paddr;
		size_t len;
		int prot;
	} maps[] = {
		{ SZ_4K, 0x1000000, SZ_4K, IOMMU_READ },
		{ SZ_64K, 0x2010000, SZ_64K, IOMMU_READ | IOMMU_WRITE },
		{ SZ_2M, 0x40200000, SZ_2M, IOMMU_READ | IOMMU_WRITE },
		{ SZ_1G, 0x80000000, SZ_8K, IOMMU_WRITE },
	};
	struct pt_iommu_amdv1_cfg cfg = {
		.common.hw_max_vasz_lg2 = 48,
		.common.hw_max_oasz_lg2 = 52,
		.starting_level = 3,
	};
	struct dentry *file;
	unsigned int i;
	int ret;

	shown = kzalloc(sizeof(*shown), GFP_KERNEL);
	if (!shown) {
		check(false, "debugfs table allocation");
		return;
	}
	shown->domain.type = IOMMU_DOMAIN_UNMANAGED;
	shown->domain.ops = &sample_domain_ops;
	shown->amdv1.iommu.nid = NUMA_NO_NODE;
	ret = pt_iommu_amdv1_init(&shown->amdv1, &cfg, GFP_KERNEL);
	check(!ret, "init of the debugfs table");
	for (i = 0; !ret && i != ARRAY_SIZE(maps); i++) {
		ret = pt_compat_iommu_map(&shown->domain, maps[i].iova,
					  maps[i].paddr, maps[i].len,
					  maps[i].prot, GFP_KERNEL);
		check(!ret, "map into the debugfs table");
	}
	sample_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	file = pt_iommu_debugfs_create(&shown->amdv1.iommu, "amdv1",
				       sample_dir);
	/* A kernel without debugfs (the UML KUnit one) has no file to make */
	if (IS_ENABLED(CONFIG_DEBUG_FS))
		check(!IS_ERR(file), "debugfs file");
}

static int __init pt_sample_init(void)
{
	struct sample_domain *sd = kzalloc(sizeof(*sd), GFP_KERNEL);

	if (!sd)
		return -ENOMEM;
	sample_run(sd);
	kfree(sd);
	sample_show_table();
	pr_info("%u passed, %u failed\n", passed, failed);
	return 0;
}

static void __exit pt_sample_exit(void)
{
	/* Waits for readers of the file: then the table can go */
	debugfs_remove(sample_dir);
	if (shown)
		pt_iommu_deinit(&shown->amdv1.iommu);
	kfree(shown);
}

module_init(pt_sample_init);
module_exit(pt_sample_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sample IOMMU domain on the generic AMD v1 page table");
PT_IMPORT_NS();
