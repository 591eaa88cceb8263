// SPDX-License-Identifier: GPL-2.0-only
/*
 * The io-pgtable front end: struct io_pgtable_ops and struct
 * io_pgtable_cfg, with the contract of the kernel's io-pgtable, on top of
 * the generic page table formats. One table row per io_pgtable_fmt says
 * which of our builds serves it and how its cfg is translated; adding a
 * format is one row plus its cfg translation.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io-pgtable.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/generic_pt/io_pgtable.h>

/* One line in dmesg for a refused cfg or a caller's mistake */
#define pt_iopt_err(fmt, ...) \
	pr_err_ratelimited("%s: " fmt, __func__, ##__VA_ARGS__)

/* The functions of one compiled build that take a domain */
struct pt_iopt_domain_fns {
	phys_addr_t (*iova_to_phys)(struct iommu_domain *domain,
				    dma_addr_t iova);
	unsigned int (*leaf_lg2sz)(struct iommu_domain *domain,
				   dma_addr_t iova, unsigned int *item_lg2sz);
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather);
	int (*map_range)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t len, int prot, gfp_t gfp,
			 struct pt_iommu_reserve *reserve);
	size_t (*unmap_range)(struct iommu_domain *domain, unsigned long iova,
			      size_t len, struct iommu_iotlb_gather *gather);
	int (*map_sg)(struct iommu_domain *domain, unsigned long iova,
		      struct scatterlist *sgl, unsigned int nents, int prot,
		      gfp_t gfp, struct pt_iommu_reserve *reserve);
	int (*reserve_count)(struct iommu_domain *domain, unsigned long iova,
			     size_t len, unsigned int *need);
	int (*reserve_fill)(struct iommu_domain *domain,
			    struct pt_iommu_reserve *reserve,
			    unsigned long iova, size_t len, gfp_t gfp);
};

#define PT_IOPT_DOMAIN_FNS(b)                                   \
	{                                                       \
		.iova_to_phys = pt_iommu_##b##_iova_to_phys,    \
		.leaf_lg2sz = pt_iommu_##b##_leaf_lg2sz,        \
		.map_pages = pt_iommu_##b##_map_pages,          \
		.unmap_pages = pt_iommu_##b##_unmap_pages,      \
		.map_range = pt_iommu_##b##_map_range,          \
		.unmap_range = pt_iommu_##b##_unmap_range,      \
		.map_sg = pt_iommu_##b##_map_sg,                \
		.reserve_count = pt_iommu_##b##_reserve_count,  \
		.reserve_fill = pt_iommu_##b##_reserve_fill,    \
	}

/**
 * struct pt_io_pgtable - what pt_io_pgtable_alloc_ops() returns the ops of
 * @iop: the kernel's struct, so io_pgtable_ops_to_pgtable() works
 * @fns: the build serving the table
 * @granule: smallest page size, the granule of walk flushes
 * @iommu: the table's struct pt_iommu, first member of every format's
 *   table struct below
 * @armv8: the table of the Arm LPAE formats and Mali
 * @armv7s: the table of ARM_V7S
 * @dart: the table of APPLE_DART and APPLE_DART2
 */
struct pt_io_pgtable {
	struct io_pgtable iop;
	const struct pt_iopt_domain_fns *fns;
	size_t granule;
	union {
		struct pt_iommu iommu;
		struct pt_iommu_armv8 armv8;
		struct pt_iommu_armv7s armv7s;
		struct pt_iommu_dart dart;
	};
};

static struct pt_io_pgtable *pt_iopt_from_ops(struct io_pgtable_ops *ops)
{
	return container_of(io_pgtable_ops_to_pgtable(ops),
			    struct pt_io_pgtable, iop);
}

static struct iommu_domain *pt_iopt_domain(struct io_pgtable_ops *ops)
{
	return &pt_iopt_from_ops(ops)->iommu.domain;
}

/*
 * Tables a map replaced by a leaf are freed only after the walk caches
 * were flushed, as io-pgtable does before it frees a table.
 */
static void pt_iopt_iotlb_sync(struct iommu_domain *domain,
			       struct iommu_iotlb_gather *gather)
{
	struct pt_io_pgtable *p =
		container_of(domain, struct pt_io_pgtable, iommu.domain);

	if (gather->end > gather->start)
		io_pgtable_tlb_flush_walk(&p->iop, gather->start,
					  gather->end - gather->start + 1,
					  p->granule);
	pt_iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops pt_iopt_domain_ops = {
	.iotlb_sync = pt_iopt_iotlb_sync,
};

/* --- the io_pgtable_ops --- */

static int pt_iopt_map_pages(struct io_pgtable_ops *ops, unsigned long iova,
			     phys_addr_t paddr, size_t pgsize, size_t pgcount,
			     int prot, gfp_t gfp, size_t *mapped)
{
	struct pt_io_pgtable *p = pt_iopt_from_ops(ops);

	return p->fns->map_pages(&p->iommu.domain, iova, paddr, pgsize,
				 pgcount, prot, gfp, mapped);
}

/**
 * struct pt_iopt_leaves - the leaves an unmap is about to remove
 * @bytes: how far from its start they reach without a hole
 * @item_lg2: log2 of the item size of the first; that of all unless @mixed
 * @mixed: items of different sizes
 */
struct pt_iopt_leaves {
	u64 bytes;
	unsigned int item_lg2;
	bool mixed;
};

/*
 * Look up, before the unmap, the leaves it removes: from @iova on, one
 * after the other, until @len is covered (the last leaf may stick out),
 * a hole, or a leaf that starts before the IOVA reached (the unmap stops
 * at both). Stops early at the first item size that differs.
 *
 * One walk from the top per leaf. Nothing outside the core can replace
 * it: neither the request nor the bytes removed tell a 2M block from 512
 * 4K pages in a table the request does not cover whole, nor 2M + 4K from
 * a run of 4K. What would: the unmap walk recording, in its arguments, the
 * item size of the first leaf it removes and whether any later one had
 * another (one compare per table visited, the item size is constant per
 * level), returned through an unmap variant taking a pointer to that pair
 * (unmap_pages passing NULL). This front end would then skip the lookup
 * and the bytes comparison, as the removed leaves always reach from @iova
 * to the bytes returned.
 */
static void pt_iopt_find_leaves(struct pt_io_pgtable *p, unsigned long iova,
				u64 len, struct pt_iopt_leaves *leaves)
{
	struct iommu_domain *domain = &p->iommu.domain;
	unsigned int lg2, item_lg2;

	leaves->bytes = 0;
	leaves->mixed = false;
	while (leaves->bytes < len) {
		unsigned long va = iova + leaves->bytes;

		lg2 = p->fns->leaf_lg2sz(domain, va, &item_lg2);
		if (!lg2 || (va & (BIT_ULL(lg2) - 1)))
			return;
		if (!leaves->bytes) {
			leaves->item_lg2 = item_lg2;
		} else if (item_lg2 != leaves->item_lg2) {
			leaves->mixed = true;
			return;
		}
		leaves->bytes += BIT_ULL(lg2);
	}
}

/*
 * The invalidations io-pgtable makes for the same leaves: every item of
 * each removed leaf goes to tlb_add_page() with its own size (a 2M block
 * as one 2M page, an ARM_V7S 64K large page as 16 4K items), unless the
 * gather is queued for a full flush. A table freed is flushed from the
 * walk caches before it is freed, with one tlb_flush_walk() over the
 * range unmapped; that invalidates the leaves in it too, so they are not
 * added. Leaves of different item sizes get that walk flush as well: the
 * page size a driver derives its invalidation (or, on SMMUv3, the level
 * hint) from would be wrong for some of them.
 */
static size_t pt_iopt_unmap_pages(struct io_pgtable_ops *ops,
				  unsigned long iova, size_t pgsize,
				  size_t pgcount,
				  struct iommu_iotlb_gather *gather)
{
	struct pt_io_pgtable *p = pt_iopt_from_ops(ops);
	bool add = !iommu_iotlb_gather_queued(gather);
	struct pt_iopt_leaves leaves = { .mixed = true };
	struct iommu_iotlb_gather freed;
	size_t unmapped, done, item;
	u64 len;

	if (add && !check_mul_overflow((u64)pgsize, (u64)pgcount, &len))
		pt_iopt_find_leaves(p, iova, len, &leaves);
	iommu_iotlb_gather_init(&freed);
	unmapped = p->fns->unmap_pages(&p->iommu.domain, iova, pgsize, pgcount,
				       &freed);
	if (!unmapped)
		return 0;
	if (!list_empty(&freed.freelist) ||
	    (add && (leaves.mixed || leaves.bytes != unmapped))) {
		io_pgtable_tlb_flush_walk(&p->iop, iova, unmapped, p->granule);
		pt_iommu_put_pages_list(&freed.freelist);
		return unmapped;
	}
	if (add) {
		item = 1UL << leaves.item_lg2;
		for (done = 0; done < unmapped; done += item)
			io_pgtable_tlb_add_page(&p->iop, gather, iova + done,
						item);
	}
	return unmapped;
}

static phys_addr_t pt_iopt_iova_to_phys(struct io_pgtable_ops *ops,
					unsigned long iova)
{
	struct pt_io_pgtable *p = pt_iopt_from_ops(ops);

	return p->fns->iova_to_phys(&p->iommu.domain, iova);
}

#ifdef PT_HAVE_IO_PGTABLE_MAP_UNMAP
static int pt_iopt_map(struct io_pgtable_ops *ops, unsigned long iova,
		       phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	size_t mapped = 0;

	return pt_iopt_map_pages(ops, iova, paddr, size, 1, prot, gfp,
				 &mapped);
}

static size_t pt_iopt_unmap(struct io_pgtable_ops *ops, unsigned long iova,
			    size_t size, struct iommu_iotlb_gather *gather)
{
	return pt_iopt_unmap_pages(ops, iova, size, 1, gather);
}
#endif

/* --- cfg translation --- */

/**
 * struct pt_iopt_fmt - how one io_pgtable_fmt is served
 * @fmt: the io-pgtable format
 * @name: its name, for dmesg
 * @setup: translate the cfg, initialise the table, fill the cfg's
 *   register values; NULL when no build serves the format yet
 * @why_not: with no @setup, what dmesg says
 * @quirks: quirks the format honours; any other is refused
 * @max_ias: input bits the format is limited to before clamping
 * @max_oas: output bits the format is limited to before clamping
 * @pgsizes: page sizes the format is limited to, or 0
 * @s2: Arm stage 2
 * @mali: Arm Mali LPAE
 */
struct pt_iopt_fmt {
	enum io_pgtable_fmt fmt;
	const char *name;
	int (*setup)(struct pt_io_pgtable *p, const struct pt_iopt_fmt *f,
		     struct io_pgtable_cfg *cfg);
	const char *why_not;
	unsigned long quirks;
	u8 max_ias;
	u8 max_oas;
	unsigned long pgsizes;
	bool s2;
	bool mali;
};

/**
 * struct pt_iopt_armv8_build - one compiled armv8 build
 * @granule: its granule
 * @init: its init
 * @hw_info: its hw_info
 * @fns: its domain functions
 */
struct pt_iopt_armv8_build {
	unsigned long granule;
	int (*init)(struct pt_iommu_armv8 *table,
		    const struct pt_iommu_armv8_cfg *cfg, gfp_t gfp);
	void (*hw_info)(struct pt_iommu_armv8 *table,
			struct pt_iommu_armv8_hw_info *info);
	struct pt_iopt_domain_fns fns;
};

static const struct pt_iopt_armv8_build pt_iopt_armv8_builds[] = {
	{ SZ_4K, pt_iommu_armv8_4k_init, pt_iommu_armv8_4k_hw_info,
	  PT_IOPT_DOMAIN_FNS(armv8_4k) },
	{ SZ_16K, pt_iommu_armv8_16k_init, pt_iommu_armv8_16k_hw_info,
	  PT_IOPT_DOMAIN_FNS(armv8_16k) },
	{ SZ_64K, pt_iommu_armv8_64k_init, pt_iommu_armv8_64k_hw_info,
	  PT_IOPT_DOMAIN_FNS(armv8_64k) },
};

static const struct pt_iopt_armv8_build pt_iopt_mali_build = {
	SZ_4K, pt_iommu_armv8_mali_init, pt_iommu_armv8_mali_hw_info,
	PT_IOPT_DOMAIN_FNS(armv8_mali)
};

/* Largest input and output width of the Arm LPAE formats */
#define PT_IOPT_LPAE_MAX_BITS 52
/* TCR/VTCR region attribute: write-back write-allocate */
#define PT_IOPT_LPAE_RGN_WBWA 1

/*
 * The granule an LPAE table uses: the CPU page size when allowed, else the
 * largest allowed size below it, else the smallest above it; and the page
 * sizes and widths that come with it.
 */
static unsigned long pt_iopt_lpae_granule(struct io_pgtable_cfg *cfg)
{
	unsigned long sizes = cfg->pgsize_bitmap, granule;
	unsigned int max_bits = 48;

	if (sizes & PAGE_SIZE)
		granule = PAGE_SIZE;
	else if (sizes & ~PAGE_MASK)
		granule = 1UL << __fls(sizes & ~PAGE_MASK);
	else if (sizes & PAGE_MASK)
		granule = 1UL << __ffs(sizes & PAGE_MASK);
	else
		granule = 0;

	switch (granule) {
	case SZ_4K:
		sizes &= SZ_4K | SZ_2M | SZ_1G;
		break;
	case SZ_16K:
		sizes &= SZ_16K | SZ_32M;
		break;
	case SZ_64K:
		max_bits = 52;
		sizes &= SZ_64K | SZ_512M |
			 (cfg->oas > 48 ? (unsigned long)BIT_ULL(42) : 0);
		break;
	default:
		sizes = 0;
	}
	cfg->pgsize_bitmap = sizes;
	cfg->ias = min(cfg->ias, max_bits);
	cfg->oas = min(cfg->oas, max_bits);
	return granule;
}

/* TCR (I)PS / VTCR PS: io-pgtable takes only these exact widths */
static bool pt_iopt_lpae_oas_ok(unsigned int oas)
{
	switch (oas) {
	case 32: case 36: case 40: case 42: case 44: case 48: case 52:
		return true;
	}
	return false;
}

/*
 * The MAIR value io-pgtable computes: the attribute of index 3 is shifted
 * as an int, which sign-extends into indexes 4-7. No leaf uses those
 * indexes; drivers program the value as it is.
 */
static u64 pt_iopt_lpae_mair(u64 mair)
{
	if (mair & BIT_ULL(31))
		mair |= GENMASK_ULL(63, 32);
	return mair;
}

static int pt_iopt_armv8_setup(struct pt_io_pgtable *p,
			       const struct pt_iopt_fmt *f,
			       struct io_pgtable_cfg *cfg)
{
	const struct pt_iopt_armv8_build *build = NULL;
	struct pt_iommu_armv8_hw_info info;
	struct pt_iommu_armv8_cfg our = {};
	unsigned long granule;
	unsigned int i;
	int ret;

	if (f->max_ias && (cfg->ias > f->max_ias || cfg->oas > f->max_oas)) {
		pt_iopt_err("%s: ias %u / oas %u beyond %u / %u bits\n",
			    f->name, cfg->ias, cfg->oas, f->max_ias,
			    f->max_oas);
		return -EINVAL;
	}
	if (f->pgsizes)
		cfg->pgsize_bitmap &= f->pgsizes;
	granule = pt_iopt_lpae_granule(cfg);
	if (!(cfg->pgsize_bitmap & (SZ_4K | SZ_16K | SZ_64K))) {
		pt_iopt_err("%s: no 4K, 16K or 64K granule in pgsize_bitmap %#lx\n",
			    f->name, cfg->pgsize_bitmap);
		return -EINVAL;
	}
	if (cfg->ias > PT_IOPT_LPAE_MAX_BITS ||
	    cfg->oas > PT_IOPT_LPAE_MAX_BITS) {
		pt_iopt_err("%s: ias %u / oas %u beyond 52 bits\n", f->name,
			    cfg->ias, cfg->oas);
		return -EINVAL;
	}
	if (!f->mali && !pt_iopt_lpae_oas_ok(cfg->oas)) {
		pt_iopt_err("%s: oas %u has no PS encoding\n", f->name,
			    cfg->oas);
		return -EINVAL;
	}
	if (cfg->coherent_walk && (cfg->quirks & IO_PGTABLE_QUIRK_ARM_OUTER_WBWA)) {
		pt_iopt_err("%s: IO_PGTABLE_QUIRK_ARM_OUTER_WBWA is for non-coherent walks only\n",
			    f->name);
		return -EINVAL;
	}

	if (f->mali) {
		build = &pt_iopt_mali_build;
	} else {
		for (i = 0; i != ARRAY_SIZE(pt_iopt_armv8_builds); i++)
			if (pt_iopt_armv8_builds[i].granule == granule)
				build = &pt_iopt_armv8_builds[i];
	}
	if (!build || build->granule != granule) {
		pt_iopt_err("%s: no build for granule %#lx\n", f->name, granule);
		return -EINVAL;
	}

	our.common.hw_max_vasz_lg2 = cfg->ias;
	our.common.hw_max_oasz_lg2 = cfg->oas;
	if (f->s2)
		our.common.features |= BIT(PT_FEAT_ARMV8_S2);
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS)
		our.common.features |= BIT(PT_FEAT_ARMV8_NS);
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
		our.common.features |= BIT(PT_FEAT_ARMV8_TTBR1);
	if (!cfg->coherent_walk)
		our.common.features |= BIT(PT_FEAT_DMA_INCOHERENT);
	p->iommu.iommu_device = cfg->iommu_dev;
	p->iommu.nid = NUMA_NO_NODE;
	p->iommu.domain.ops = &pt_iopt_domain_ops;
	ret = build->init(&p->armv8, &our, GFP_KERNEL);
	if (ret) {
		pt_iopt_err("%s: table init failed: %d\n", f->name, ret);
		return ret;
	}
	p->fns = &build->fns;
	p->granule = granule;
	cfg->pgsize_bitmap &= p->iommu.domain.pgsize_bitmap;
	p->iommu.domain.pgsize_bitmap = cfg->pgsize_bitmap;

	build->hw_info(&p->armv8, &info);
	if (f->mali) {
		cfg->arm_mali_lpae_cfg.transtab = info.ttbr;
		cfg->arm_mali_lpae_cfg.memattr = info.mair;
	} else if (f->s2) {
		typeof(cfg->arm_lpae_s2_cfg.vtcr) *vtcr =
			&cfg->arm_lpae_s2_cfg.vtcr;

		cfg->arm_lpae_s2_cfg.vttbr = info.ttbr;
		vtcr->ps = info.ps;
		vtcr->tg = info.tg;
		vtcr->sh = info.sh;
		vtcr->irgn = info.irgn;
		vtcr->orgn = info.orgn;
		vtcr->sl = info.sl;
		vtcr->tsz = info.tsz;
	} else {
		typeof(cfg->arm_lpae_s1_cfg.tcr) *tcr = &cfg->arm_lpae_s1_cfg.tcr;

		cfg->arm_lpae_s1_cfg.ttbr = info.ttbr;
		tcr->ips = info.ps;
		tcr->tg = info.tg;
		tcr->sh = info.sh;
		tcr->irgn = info.irgn;
		tcr->orgn = info.orgn;
		if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_OUTER_WBWA)
			tcr->orgn = PT_IOPT_LPAE_RGN_WBWA;
		tcr->tsz = info.tsz;
		cfg->arm_lpae_s1_cfg.mair = pt_iopt_lpae_mair(info.mair);
	}
	return 0;
}

/* The settings every format's table shares */
static void pt_iopt_table_init(struct pt_io_pgtable *p,
			       struct io_pgtable_cfg *cfg,
			       struct pt_iommu_cfg *common)
{
	if (!cfg->coherent_walk)
		common->features |= BIT(PT_FEAT_DMA_INCOHERENT);
	common->hw_max_vasz_lg2 = cfg->ias;
	common->hw_max_oasz_lg2 = cfg->oas;
	p->iommu.iommu_device = cfg->iommu_dev;
	p->iommu.nid = NUMA_NO_NODE;
	p->iommu.domain.ops = &pt_iopt_domain_ops;
}

/* After init: the page sizes both allow, and the build's functions */
static void pt_iopt_table_done(struct pt_io_pgtable *p,
			       struct io_pgtable_cfg *cfg,
			       const struct pt_iopt_domain_fns *fns,
			       size_t granule)
{
	p->fns = fns;
	p->granule = granule;
	cfg->pgsize_bitmap &= p->iommu.domain.pgsize_bitmap;
	p->iommu.domain.pgsize_bitmap = cfg->pgsize_bitmap;
}

static const struct pt_iopt_domain_fns pt_iopt_armv7s_fns =
	PT_IOPT_DOMAIN_FNS(armv7s);

static int pt_iopt_armv7s_setup(struct pt_io_pgtable *p,
				const struct pt_iopt_fmt *f,
				struct io_pgtable_cfg *cfg)
{
	bool mtk = cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT;
	struct pt_iommu_armv7s_hw_info info;
	struct pt_iommu_armv7s_cfg our = {};
	int ret;

	if (cfg->ias > 32 || cfg->oas > (mtk ? 35 : 32)) {
		pt_iopt_err("%s: ias %u / oas %u beyond 32 / %u bits\n", f->name,
			    cfg->ias, cfg->oas, mtk ? 35 : 32);
		return -EINVAL;
	}
	if (mtk && !(cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS)) {
		pt_iopt_err("%s: IO_PGTABLE_QUIRK_ARM_MTK_EXT needs IO_PGTABLE_QUIRK_NO_PERMS\n",
			    f->name);
		return -EINVAL;
	}
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT) {
		pt_iopt_err("%s: tables above 4G (IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT) are not supported\n",
			    f->name);
		return -EINVAL;
	}
	cfg->pgsize_bitmap &= SZ_4K | SZ_64K | SZ_1M | SZ_16M;
	if (!(cfg->pgsize_bitmap & SZ_4K)) {
		pt_iopt_err("%s: pgsize_bitmap %#lx lacks the 4K granule\n",
			    f->name, cfg->pgsize_bitmap);
		return -EINVAL;
	}

	pt_iopt_table_init(p, cfg, &our.common);
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS)
		our.common.features |= BIT(PT_FEAT_ARMV7S_NS);
	if (cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS)
		our.common.features |= BIT(PT_FEAT_ARMV7S_NO_PERMS);
	if (mtk)
		our.common.features |= BIT(PT_FEAT_ARMV7S_MTK_EXT);
	ret = pt_iommu_armv7s_init(&p->armv7s, &our, GFP_KERNEL);
	if (ret) {
		pt_iopt_err("%s: table init failed: %d\n", f->name, ret);
		return ret;
	}
	pt_iopt_table_done(p, cfg, &pt_iopt_armv7s_fns, SZ_4K);

	pt_iommu_armv7s_hw_info(&p->armv7s, &info);
	cfg->arm_v7s_cfg.ttbr = info.ttbr;
	cfg->arm_v7s_cfg.tcr = info.tcr;
	cfg->arm_v7s_cfg.nmrr = info.nmrr;
	cfg->arm_v7s_cfg.prrr = info.prrr;
	return 0;
}

/**
 * struct pt_iopt_dart_build - one compiled dart build
 * @granule: its page size, the only one
 * @init: its init
 * @hw_info: its hw_info
 * @fns: its domain functions
 */
struct pt_iopt_dart_build {
	unsigned long granule;
	int (*init)(struct pt_iommu_dart *table,
		    const struct pt_iommu_dart_cfg *cfg, gfp_t gfp);
	void (*hw_info)(struct pt_iommu_dart *table,
			struct pt_iommu_dart_hw_info *info);
	struct pt_iopt_domain_fns fns;
};

static const struct pt_iopt_dart_build pt_iopt_dart_builds[] = {
	{ SZ_4K, pt_iommu_dart_4k_init, pt_iommu_dart_4k_hw_info,
	  PT_IOPT_DOMAIN_FNS(dart_4k) },
	{ SZ_16K, pt_iommu_dart_16k_init, pt_iommu_dart_16k_hw_info,
	  PT_IOPT_DOMAIN_FNS(dart_16k) },
};

static int pt_iopt_dart_setup(struct pt_io_pgtable *p,
			      const struct pt_iopt_fmt *f,
			      struct io_pgtable_cfg *cfg)
{
	const struct pt_iopt_dart_build *build = NULL;
	struct pt_iommu_dart_hw_info info;
	struct pt_iommu_dart_cfg our = {};
	unsigned int i;
	int ret;

	if (!cfg->coherent_walk) {
		pt_iopt_err("%s: the DART walker is always coherent\n", f->name);
		return -EINVAL;
	}
	if ((cfg->oas != 36 && cfg->oas != 42) || cfg->ias > cfg->oas) {
		pt_iopt_err("%s: ias %u / oas %u: oas must be 36 or 42, ias at most oas\n",
			    f->name, cfg->ias, cfg->oas);
		return -EINVAL;
	}
	for (i = 0; i != ARRAY_SIZE(pt_iopt_dart_builds); i++)
		if (cfg->pgsize_bitmap == pt_iopt_dart_builds[i].granule)
			build = &pt_iopt_dart_builds[i];
	if (!build) {
		pt_iopt_err("%s: pgsize_bitmap %#lx is neither 4K nor 16K\n",
			    f->name, cfg->pgsize_bitmap);
		return -EINVAL;
	}

	pt_iopt_table_init(p, cfg, &our.common);
	if (f->fmt == APPLE_DART2)
		our.common.features |= BIT(PT_FEAT_DART_V2);
	ret = build->init(&p->dart, &our, GFP_KERNEL);
	if (ret) {
		pt_iopt_err("%s: table init failed: %d\n", f->name, ret);
		return ret;
	}
	pt_iopt_table_done(p, cfg, &build->fns, build->granule);

	build->hw_info(&p->dart, &info);
	cfg->apple_dart_cfg.n_ttbrs = info.n_ttbrs;
	for (i = 0; i != ARRAY_SIZE(cfg->apple_dart_cfg.ttbr); i++)
		cfg->apple_dart_cfg.ttbr[i] = i < info.n_ttbrs ? info.ttbr[i] : 0;
	return 0;
}

#define PT_IOPT_LPAE_S1_QUIRKS                                 \
	(IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_ARM_TTBR1 | \
	 IO_PGTABLE_QUIRK_ARM_OUTER_WBWA)
#define PT_IOPT_LPAE32_SIZES (SZ_4K | SZ_2M | SZ_1G)

static const struct pt_iopt_fmt pt_iopt_fmts[] = {
	{ .fmt = ARM_32_LPAE_S1, .name = "ARM_32_LPAE_S1",
	  .setup = pt_iopt_armv8_setup, .quirks = PT_IOPT_LPAE_S1_QUIRKS,
	  .max_ias = 32, .max_oas = 40, .pgsizes = PT_IOPT_LPAE32_SIZES },
	{ .fmt = ARM_32_LPAE_S2, .name = "ARM_32_LPAE_S2",
	  .setup = pt_iopt_armv8_setup, .s2 = true,
	  .max_ias = 40, .max_oas = 40, .pgsizes = PT_IOPT_LPAE32_SIZES },
	{ .fmt = ARM_64_LPAE_S1, .name = "ARM_64_LPAE_S1",
	  .setup = pt_iopt_armv8_setup, .quirks = PT_IOPT_LPAE_S1_QUIRKS },
	{ .fmt = ARM_64_LPAE_S2, .name = "ARM_64_LPAE_S2",
	  .setup = pt_iopt_armv8_setup, .s2 = true },
	{ .fmt = ARM_MALI_LPAE, .name = "ARM_MALI_LPAE",
	  .setup = pt_iopt_armv8_setup, .mali = true,
	  .max_ias = 48, .max_oas = 40, .pgsizes = PT_IOPT_LPAE32_SIZES },
	{ .fmt = ARM_V7S, .name = "ARM_V7S", .setup = pt_iopt_armv7s_setup,
	  .quirks = IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS |
		    IO_PGTABLE_QUIRK_ARM_MTK_EXT |
		    IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT },
	{ .fmt = APPLE_DART, .name = "APPLE_DART", .setup = pt_iopt_dart_setup },
	{ .fmt = APPLE_DART2, .name = "APPLE_DART2",
	  .setup = pt_iopt_dart_setup },
	{ .fmt = AMD_IOMMU_V1, .name = "AMD_IOMMU_V1",
	  .why_not = "use pt_iommu_amdv1 through iommu_domain_ops" },
	{ .fmt = AMD_IOMMU_V2, .name = "AMD_IOMMU_V2",
	  .why_not = "use pt_iommu_x86_64 through iommu_domain_ops" },
};

/**
 * pt_io_pgtable_alloc_ops() - a generic page table behind io_pgtable_ops
 * @fmt: the io-pgtable format
 * @cfg: in: quirks, pgsize_bitmap, ias, oas, coherent_walk, tlb,
 *   iommu_dev, as for alloc_io_pgtable_ops(); out: pgsize_bitmap
 *   restricted to the granule chosen, ias/oas clamped, and the register
 *   values of the format (TTBR/TCR/MAIR, VTTBR/VTCR, TRANSTAB/MEMATTR)
 *   filled as io-pgtable fills them
 * @cookie: passed to the @cfg->tlb callbacks
 *
 * A drop-in for alloc_io_pgtable_ops(). The ops behave as io-pgtable's:
 * map_pages() may map a prefix and return success (call again), unmap
 * frees a table only after tlb_flush_walk() over it, each leaf removed by
 * unmap_pages() is passed to tlb_add_page() with the caller's gather in
 * the item size io-pgtable uses for it (one tlb_flush_walk() over the
 * range instead when the items differ in size or a table was freed), and
 * io_pgtable_ops_to_pgtable() gives a struct io_pgtable with @fmt,
 * @cookie and the filled cfg. Deliberate differences: a map over an
 * existing mapping fails with -EADDRINUSE (no WARN, nothing replaced); an
 * unmap that starts inside a larger leaf removes
 * nothing and one that ends inside it removes the whole leaf (no split).
 *
 * Return: the ops, or NULL with a line in dmesg saying why: a quirk the
 * format does not honour, ias/oas/page sizes it cannot decode, a format
 * no build serves (AMD_IOMMU_V1/V2: use iommu_domain_ops), or no memory.
 */
struct io_pgtable_ops *pt_io_pgtable_alloc_ops(enum io_pgtable_fmt fmt,
					       struct io_pgtable_cfg *cfg,
					       void *cookie)
{
	const struct pt_iopt_fmt *f = NULL;
	struct pt_io_pgtable *p;
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(pt_iopt_fmts); i++)
		if (pt_iopt_fmts[i].fmt == fmt)
			f = &pt_iopt_fmts[i];
	if (!f) {
		pt_iopt_err("io-pgtable format %d is unknown\n", fmt);
		return NULL;
	}
	if (!f->setup) {
		pt_iopt_err("%s: %s\n", f->name, f->why_not);
		return NULL;
	}
	if (cfg->quirks & ~f->quirks) {
		pt_iopt_err("%s: quirks %#lx are not supported\n", f->name,
			    cfg->quirks & ~f->quirks);
		return NULL;
	}

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	if (f->setup(p, f, cfg)) {
		kfree(p);
		return NULL;
	}
	p->iop.fmt = fmt;
	p->iop.cookie = cookie;
	p->iop.cfg = *cfg;
	p->iop.ops = (struct io_pgtable_ops) {
#ifdef PT_HAVE_IO_PGTABLE_MAP_UNMAP
		.map = pt_iopt_map,
		.unmap = pt_iopt_unmap,
#endif
		.map_pages = pt_iopt_map_pages,
		.unmap_pages = pt_iopt_unmap_pages,
		.iova_to_phys = pt_iopt_iova_to_phys,
	};
	return &p->iop.ops;
}
EXPORT_SYMBOL_GENERIC_PT(pt_io_pgtable_alloc_ops);

/**
 * pt_io_pgtable_free_ops() - free what pt_io_pgtable_alloc_ops() returned
 * @ops: the ops, or NULL
 *
 * Like free_io_pgtable_ops(): tlb_flush_all(), then every table is freed.
 * The hardware must no longer walk the table.
 */
void pt_io_pgtable_free_ops(struct io_pgtable_ops *ops)
{
	struct pt_io_pgtable *p;

	if (!ops)
		return;
	p = pt_iopt_from_ops(ops);
	io_pgtable_tlb_flush_all(&p->iop);
	pt_iommu_deinit(&p->iommu);
	kfree(p);
}
EXPORT_SYMBOL_GENERIC_PT(pt_io_pgtable_free_ops);

/* --- whole-range helpers on the ops --- */

/**
 * pt_io_pgtable_map_range() - map a physically contiguous range, all or
 *   nothing
 * @ops: ops from pt_io_pgtable_alloc_ops()
 * @iova: first IOVA, granule aligned
 * @paddr: first physical address, granule aligned
 * @len: length, a multiple of the granule, of any size
 * @prot: IOMMU_READ and/or IOMMU_WRITE, plus IOMMU_CACHE/NOEXEC/MMIO/PRIV
 * @gfp: allocation flags for new tables when @reserve is NULL
 * @reserve: NULL, or tables to use instead of the page allocator
 *
 * map_pages() has four outcomes: all mapped; a prefix mapped and success
 * (call again); a prefix mapped and an error (unmap it); nothing mapped
 * and an error. This folds them into two: it picks the page sizes, loops
 * until all is mapped, and on any error unmaps what it mapped. With
 * @reserve the page allocator is never called; a reserve smaller than
 * pt_io_pgtable_reserve_count() gives -ENOMEM before anything changes.
 *
 * Return: 0 with everything mapped, or an errno with nothing mapped.
 */
int pt_io_pgtable_map_range(struct io_pgtable_ops *ops, unsigned long iova,
			    phys_addr_t paddr, size_t len, int prot,
			    gfp_t gfp, struct pt_iommu_reserve *reserve)
{
	struct pt_io_pgtable *p = pt_iopt_from_ops(ops);

	return p->fns->map_range(pt_iopt_domain(ops), iova, paddr, len, prot,
				 gfp, reserve);
}
EXPORT_SYMBOL_GENERIC_PT(pt_io_pgtable_map_range);

/**
 * pt_io_pgtable_unmap_range() - unmap every mapping inside a range
 * @ops: ops from pt_io_pgtable_alloc_ops()
 * @iova: first IOVA, granule aligned
 * @len: length, a multiple of the granule
 *
 * Removes every leaf entirely inside the range whatever its size, skips
 * holes, keeps a leaf sticking out of either end (no split), and frees
 * the lower tables the range covers that become empty. The range is
 * invalidated with one tlb_flush_walk() before any table is freed.
 *
 * Return: the bytes unmapped.
 */
size_t pt_io_pgtable_unmap_range(struct io_pgtable_ops *ops,
				 unsigned long iova, size_t len)
{
	struct pt_io_pgtable *p = pt_iopt_from_ops(ops);
	struct iommu_iotlb_gather gather;
	size_t unmapped;

	iommu_iotlb_gather_init(&gather);
	unmapped = p->fns->unmap_range(pt_iopt_domain(ops), iova, len, &gather);
	if (unmapped)
		io_pgtable_tlb_flush_walk(&p->iop, iova, len, p->granule);
	pt_iommu_put_pages_list(&gather.freelist);
	return unmapped;
}
EXPORT_SYMBOL_GENERIC_PT(pt_io_pgtable_unmap_range);

/**
 * pt_io_pgtable_map_sg() - map the DMA segments of a scatterlist, all or
 *   nothing
 * @ops: ops from pt_io_pgtable_alloc_ops()
 * @iova: IOVA of the first segment
 * @sgl: the scatterlist; sg_dma_address()/sg_dma_len() are mapped
 * @nents: number of DMA segments
 * @prot: IOMMU_READ and/or IOMMU_WRITE, plus IOMMU_CACHE/NOEXEC/MMIO/PRIV
 * @gfp: allocation flags for new tables when @reserve is NULL
 * @reserve: NULL, or tables to use instead of the page allocator
 *
 * Return: 0 with everything mapped, or an errno with nothing mapped.
 */
int pt_io_pgtable_map_sg(struct io_pgtable_ops *ops, unsigned long iova,
			 struct scatterlist *sgl, unsigned int nents, int prot,
			 gfp_t gfp, struct pt_iommu_reserve *reserve)
{
	struct pt_io_pgtable *p = pt_iopt_from_ops(ops);

	return p->fns->map_sg(pt_iopt_domain(ops), iova, sgl, nents, prot, gfp,
			      reserve);
}
EXPORT_SYMBOL_GENERIC_PT(pt_io_pgtable_map_sg);

/**
 * pt_io_pgtable_reserve_count() - worst case of tables a map can need
 * @ops: ops from pt_io_pgtable_alloc_ops()
 * @iova: first IOVA of the map
 * @len: length of the map
 * @need: NULL, or receives the count per level (PT_IOMMU_MAX_LEVELS)
 *
 * Return: the total number of tables, or a negative errno.
 */
int pt_io_pgtable_reserve_count(struct io_pgtable_ops *ops,
				unsigned long iova, size_t len,
				unsigned int *need)
{
	struct pt_io_pgtable *p = pt_iopt_from_ops(ops);

	return p->fns->reserve_count(pt_iopt_domain(ops), iova, len, need);
}
EXPORT_SYMBOL_GENERIC_PT(pt_io_pgtable_reserve_count);

/**
 * pt_io_pgtable_reserve_fill() - set aside the tables a map can need
 * @ops: ops from pt_io_pgtable_alloc_ops()
 * @reserve: the reserve, see pt_iommu_reserve_init()
 * @iova: first IOVA of the map
 * @len: length of the map
 * @gfp: allocation flags
 *
 * Return: 0, or a negative errno; the reserve keeps what it got.
 */
int pt_io_pgtable_reserve_fill(struct io_pgtable_ops *ops,
			       struct pt_iommu_reserve *reserve,
			       unsigned long iova, size_t len, gfp_t gfp)
{
	struct pt_io_pgtable *p = pt_iopt_from_ops(ops);

	return p->fns->reserve_fill(pt_iopt_domain(ops), reserve, iova, len,
				    gfp);
}
EXPORT_SYMBOL_GENERIC_PT(pt_io_pgtable_reserve_fill);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("io-pgtable front end of the generic IOMMU page tables");
PT_IMPORT_NS();
