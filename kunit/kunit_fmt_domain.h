/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver domain of the format-specific KUnit suites (armv8, dart):
 * the compiled build's table embedded beside its iommu_domain in the
 * union pattern, ops from IOMMU_PT_DOMAIN_OPS() of the build, an
 * iotlb_sync that frees the gather's tables, and the table page count at
 * init so that a case can prove every page came back.
 */
#ifndef __GENERIC_PT_KUNIT_FMT_DOMAIN_H
#define __GENERIC_PT_KUNIT_FMT_DOMAIN_H

#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/string.h>

/**
 * struct kfmt_domain - a driver domain in the union pattern
 * @domain: the domain the IOMMU core sees
 * @table: the page table, whose iommu.domain aliases @domain
 * @start_pages: table pages allocated before init
 */
struct kfmt_domain {
	union {
		struct iommu_domain domain;
		PT_IOMMU_TABLE_T table;
	};
	long start_pages;
};

PT_IOMMU_CHECK_DOMAIN(struct kfmt_domain, table.iommu, domain);

static void kfmt_iotlb_sync(struct iommu_domain *domain,
			    struct iommu_iotlb_gather *gather)
{
	pt_iommu_put_pages_list(&gather->freelist);
}

#ifdef PT_FMT_VARIANT
#define KFMT_FMT_ID CONCATENATE(PT_FMT, CONCATENATE(_, PT_FMT_VARIANT))
#else
#define KFMT_FMT_ID PT_FMT
#endif
#define KFMT_DOMAIN_OPS(fmt) IOMMU_PT_DOMAIN_OPS(fmt)

static const struct iommu_domain_ops kfmt_domain_ops = {
	KFMT_DOMAIN_OPS(KFMT_FMT_ID),
	.iotlb_sync = kfmt_iotlb_sync,
};

static int kfmt_domain_init(struct kfmt_domain *kd, const PT_IOMMU_CFG_T *cfg)
{
	memset(kd, 0, sizeof(*kd));
	kd->domain.type = IOMMU_DOMAIN_UNMANAGED;
	kd->domain.ops = &kfmt_domain_ops;
	kd->table.iommu.nid = NUMA_NO_NODE;
	kd->start_pages = pt_iommu_table_pages();
	return PT_API(init)(&kd->table, cfg, GFP_KERNEL);
}

/* Free the table and expect every table page since init back */
static void kfmt_domain_release(struct kunit *test, struct kfmt_domain *kd)
{
	pt_iommu_deinit(&kd->table.iommu);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), kd->start_pages,
			    "table pages leaked");
}

#endif
