// SPDX-License-Identifier: GPL-2.0-only
/*
 * A consumer of the generic page tables built outside their tree, against
 * an installed copy only (samples/external/Makefile). It keeps an x86
 * 64-bit table in a driver domain and maps, translates and unmaps through
 * the exported functions directly, without the IOMMU core, so that every
 * call crosses the module boundary. Prints "pt_external: N passed, M
 * failed" on load; make qemu-test loads it next to our modules.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/generic_pt/iommu.h>

struct ext_domain {
	union {
		struct iommu_domain domain;
		struct pt_iommu_x86_64 x86;
	};
	unsigned int syncs;
};

PT_IOMMU_CHECK_DOMAIN(struct ext_domain, x86.iommu, domain);

static unsigned int ext_passed;
static unsigned int ext_failed;

static void ext_check(bool ok, const char *what)
{
	if (ok) {
		ext_passed++;
	} else {
		ext_failed++;
		pr_err("FAIL: %s\n", what);
	}
}

static void ext_iotlb_sync(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *gather)
{
	container_of(domain, struct ext_domain, domain)->syncs++;
	pt_iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops ext_ops = {
	PT_IOMMU_DOMAIN_OPS(x86_64),
	.iotlb_sync = ext_iotlb_sync,
};

static void ext_run(struct ext_domain *ed)
{
	struct pt_iommu_x86_64_cfg cfg = {
		.common.features = BIT(PT_FEAT_SIGN_EXTEND),
		.common.hw_max_vasz_lg2 = 48,
		.common.hw_max_oasz_lg2 = 52,
	};
	const struct iommu_domain_ops *ops = &ext_ops;
	struct iommu_domain *domain = &ed->domain;
	long start_pages = pt_iommu_table_pages();
	struct pt_iommu_x86_64_hw_info info;
	struct iommu_iotlb_gather gather;
	size_t mapped = 0;
	size_t unmapped;
	int ret;

	domain->type = IOMMU_DOMAIN_UNMANAGED;
	domain->ops = &ext_ops;
	ed->x86.iommu.nid = NUMA_NO_NODE;
	ret = pt_iommu_x86_64_init(&ed->x86, &cfg, GFP_KERNEL);
	ext_check(!ret, "init");
	if (ret)
		return;
	pt_iommu_x86_64_hw_info(&ed->x86, &info);
	ext_check(info.levels == 4, "4 levels for 48 bits");

	/* 2M + 4K at a 2M aligned IOVA and address: one 2M leaf and a 4K */
	ret = ops->map_pages(domain, SZ_2M, 0x40000000, SZ_4K,
			     (SZ_2M + SZ_4K) / SZ_4K, IOMMU_READ | IOMMU_WRITE,
			     GFP_KERNEL, &mapped);
	ext_check(!ret && mapped == SZ_2M + SZ_4K, "map 2M + 4K");
	ext_check(ops->iova_to_phys(domain, SZ_2M + 0x1234) == 0x40001234,
		  "translate inside the 2M leaf");
	ext_check(ops->iova_to_phys(domain, SZ_4M + 0x10) == 0x40200010,
		  "translate the 4K page");
	ext_check(!ops->iova_to_phys(domain, SZ_4M + SZ_4K), "hole is 0");

	mapped = 0;
	ret = ops->map_pages(domain, SZ_4M, 0x50000000, SZ_4K, 1, IOMMU_READ,
			     GFP_KERNEL, &mapped);
	ext_check(ret == -EADDRINUSE && !mapped, "no overwrite");

	iommu_iotlb_gather_init(&gather);
	unmapped = ops->unmap_pages(domain, SZ_2M, SZ_4K,
				    (SZ_2M + SZ_4K) / SZ_4K, &gather);
	ext_check(unmapped == SZ_2M + SZ_4K, "unmap both leaves");
	ext_check(gather.start == SZ_2M && gather.end == SZ_4M + SZ_4K - 1,
		  "gather covers the unmap");
	ext_iotlb_sync(domain, &gather);
	ext_check(!ops->iova_to_phys(domain, SZ_2M), "unmapped is 0");

	pt_iommu_deinit(&ed->x86.iommu);
	ext_check(pt_iommu_table_pages() == start_pages, "no table page left");
}

static int __init pt_external_init(void)
{
	struct ext_domain *ed = kzalloc(sizeof(*ed), GFP_KERNEL);

	if (!ed)
		return -ENOMEM;
	ext_run(ed);
	kfree(ed);
	pr_info("%u passed, %u failed\n", ext_passed, ext_failed);
	return 0;
}

static void __exit pt_external_exit(void)
{
}

module_init(pt_external_init);
module_exit(pt_external_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Out-of-tree consumer of the installed generic page tables");
PT_IMPORT_NS();
