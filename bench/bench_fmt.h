/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The benchmark target of one of our formats, compiled per format with
 * the KUnit suites (the template includes this when the benchmark is
 * configured): the domain and config helpers of kunit/kunit_iommu.h, the
 * exported functions for the direct layer, the domain for iommu_map().
 */
#include "../bench/pt_bench.h"

/**
 * struct kpt_bench_table - our table behind a bench table
 * @bench: what the runner sees
 * @kd: the driver-style domain holding the table
 */
struct kpt_bench_table {
	struct pt_bench_table bench;
	struct kpt_domain kd;
};

static struct kpt_bench_table *kpt_bench(struct pt_bench_table *t)
{
	return container_of(t, struct kpt_bench_table, bench);
}

/*
 * What a driver's iotlb_sync does after its (here: no) flush: count it
 * and free the tables the unmap gathered. As light as the io-pgtable
 * side's, rather than the KUnit fixture's checking one.
 */
static void kpt_bench_iotlb_sync(struct iommu_domain *domain,
				 struct iommu_iotlb_gather *gather)
{
	struct kpt_bench_table *kt =
		container_of(domain, struct kpt_bench_table, kd.domain);

	kt->bench.flushes++;
	pt_iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops kpt_bench_domain_ops = {
	KPT_DOMAIN_OPS(KPT_FMT_ID),
	.iotlb_sync = kpt_bench_iotlb_sync,
};

/*
 * The first KUnit config of the format that needs no growth and walks
 * coherently, preferably one of the VA width of the other side of the
 * pair (a format may tie the top level to it), set to that side's widths.
 */
static bool kpt_bench_cfg(PT_IOMMU_CFG_T *cfg, unsigned int va_lg2,
			  unsigned int oa_lg2)
{
	unsigned long skip = BIT(PT_FEAT_DYNAMIC_TOP) |
			     BIT(PT_FEAT_DMA_INCOHERENT);
	unsigned int i, pass;

	for (pass = 0; pass != 2; pass++) {
		for (i = 0; i != ARRAY_SIZE(kunit_fmt_cfgs); i++) {
			*cfg = kunit_fmt_cfgs[i].cfg;
			if ((cfg->common.features & skip) ||
			    (!pass && cfg->common.hw_max_vasz_lg2 != va_lg2))
				continue;
			cfg->common.hw_max_vasz_lg2 = va_lg2;
			cfg->common.hw_max_oasz_lg2 = oa_lg2;
			return true;
		}
	}
	return false;
}

static struct pt_bench_table *kpt_bench_create(unsigned int va_lg2,
					       unsigned int oa_lg2)
{
	struct kpt_bench_table *kt = kzalloc(sizeof(*kt), GFP_KERNEL);
	PT_IOMMU_CFG_T cfg;

	if (!kt)
		return NULL;
	if (!kpt_bench_cfg(&cfg, va_lg2, oa_lg2) ||
	    kpt_domain_init(&kt->kd, &cfg, true, NULL)) {
		kfree(kt);
		return NULL;
	}
	kt->kd.domain.ops = &kpt_bench_domain_ops;
	kt->bench.domain = &kt->kd.domain;
	return &kt->bench;
}

static void kpt_bench_destroy(struct pt_bench_table *t)
{
	struct kpt_bench_table *kt = kpt_bench(t);

	pt_iommu_deinit(&kt->kd.fmt_table.iommu);
	kfree(kt);
}

static int kpt_bench_map(struct pt_bench_table *t, unsigned long iova,
			 phys_addr_t pa, size_t pgsize, size_t count)
{
	size_t mapped = 0;

	return PT_API(map_pages)(t->domain, iova, pa, pgsize, count,
				 IOMMU_READ | IOMMU_WRITE, GFP_KERNEL, &mapped);
}

static size_t kpt_bench_unmap(struct pt_bench_table *t, unsigned long iova,
			      size_t pgsize, size_t count)
{
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_iotlb_gather_init(&gather);
	ret = PT_API(unmap_pages)(t->domain, iova, pgsize, count, &gather);
	kpt_bench_iotlb_sync(t->domain, &gather);
	return ret;
}

static phys_addr_t kpt_bench_iova_to_phys(struct pt_bench_table *t,
					  unsigned long iova)
{
	return PT_API(iova_to_phys)(t->domain, iova);
}

const struct pt_bench_target CONCATENATE(KPT_FMT_ID, _bench_target) = {
	.name = PT_FMT_NAME,
	.create = kpt_bench_create,
	.destroy = kpt_bench_destroy,
	.map = kpt_bench_map,
	.unmap = kpt_bench_unmap,
	.iova_to_phys = kpt_bench_iova_to_phys,
	.counts_pages = true,
};
