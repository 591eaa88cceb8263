// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites of the io-pgtable front end (io_pgtable/pt_io_pgtable.c):
 * "pt_iopt_contract" checks the io-pgtable contract the way io-pgtable's
 * own selftest does, once on our front end and once on the kernel's
 * io-pgtable built in the same UML kernel (the oracle run proves the test
 * asks only what io-pgtable itself does); "pt_iopt_cfg" compares the cfg
 * each fills, the refusals, and the flush callbacks a driver relies on.
 */
#include <kunit/test.h>
#include <linux/io-pgtable.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/generic_pt/io_pgtable.h>

#define KIO_RW (IOMMU_READ | IOMMU_WRITE)

/**
 * struct kio_cfg - one configuration of the contract
 * @name: parameter name
 * @fmt: io-pgtable format
 * @sizes: pgsize_bitmap asked for
 * @ias: input bits
 * @oas: output bits
 * @quirks: quirks asked for
 * @ours: run on our front end, else on the kernel's io-pgtable
 */
struct kio_cfg {
	const char *name;
	enum io_pgtable_fmt fmt;
	unsigned long sizes;
	u8 ias;
	u8 oas;
	unsigned long quirks;
	bool ours;
};

#define KIO_4K (SZ_4K | SZ_2M | SZ_1G)
#define KIO_16K (SZ_16K | SZ_32M)
#define KIO_64K (SZ_64K | SZ_512M)
#define KIO_64K_4T (SZ_64K | SZ_512M | (unsigned long)BIT_ULL(42))
#define KIO_V7S (SZ_4K | SZ_64K | SZ_1M | SZ_16M)
#define KIO_V7S_NP_MTK (IO_PGTABLE_QUIRK_NO_PERMS | IO_PGTABLE_QUIRK_ARM_MTK_EXT)

#define KIO(f, s, i, o, q, qn, theirs)                                 \
	{ .name = #f "_" #s "_ias" #i "_oas" #o qn, .fmt = f, .sizes = s, \
	  .ias = i, .oas = o, .quirks = q, .ours = !(theirs) }

/* Each configuration on ours, then on the kernel's io-pgtable */
static const struct kio_cfg kio_cfgs[] = {
	KIO(ARM_64_LPAE_S1, KIO_4K, 48, 48, 0, "", 0),
	KIO(ARM_64_LPAE_S1, KIO_4K, 48, 48, 0, "", 1),
	KIO(ARM_64_LPAE_S1, KIO_16K, 48, 48, 0, "", 0),
	KIO(ARM_64_LPAE_S1, KIO_16K, 48, 48, 0, "", 1),
	KIO(ARM_64_LPAE_S1, KIO_64K, 48, 48, 0, "", 0),
	KIO(ARM_64_LPAE_S1, KIO_64K, 48, 48, 0, "", 1),
	KIO(ARM_64_LPAE_S1, KIO_64K_4T, 52, 52, 0, "", 0),
	KIO(ARM_64_LPAE_S1, KIO_64K_4T, 52, 52, 0, "", 1),
	KIO(ARM_64_LPAE_S1, KIO_4K, 48, 48, IO_PGTABLE_QUIRK_ARM_NS, "_ns", 0),
	KIO(ARM_64_LPAE_S1, KIO_4K, 48, 48, IO_PGTABLE_QUIRK_ARM_NS, "_ns", 1),
#if BITS_PER_LONG == 64 /* TTBR1 IOVAs need 64 bits */
	KIO(ARM_64_LPAE_S1, KIO_4K, 39, 44, IO_PGTABLE_QUIRK_ARM_TTBR1,
	    "_ttbr1", 0),
	KIO(ARM_64_LPAE_S1, KIO_4K, 39, 44, IO_PGTABLE_QUIRK_ARM_TTBR1,
	    "_ttbr1", 1),
#endif
	KIO(ARM_64_LPAE_S2, KIO_4K, 48, 48, 0, "", 0),
	KIO(ARM_64_LPAE_S2, KIO_4K, 48, 48, 0, "", 1),
	KIO(ARM_64_LPAE_S2, KIO_4K, 40, 40, 0, "", 0),
	KIO(ARM_64_LPAE_S2, KIO_4K, 40, 40, 0, "", 1),
	KIO(ARM_64_LPAE_S2, KIO_16K, 40, 40, 0, "", 0),
	KIO(ARM_64_LPAE_S2, KIO_16K, 40, 40, 0, "", 1),
	KIO(ARM_64_LPAE_S2, KIO_64K, 48, 48, 0, "", 0),
	KIO(ARM_64_LPAE_S2, KIO_64K, 48, 48, 0, "", 1),
	KIO(ARM_32_LPAE_S1, KIO_4K, 32, 40, 0, "", 0),
	KIO(ARM_32_LPAE_S1, KIO_4K, 32, 40, 0, "", 1),
	KIO(ARM_32_LPAE_S2, KIO_4K, 40, 40, 0, "", 0),
	KIO(ARM_32_LPAE_S2, KIO_4K, 40, 40, 0, "", 1),
	KIO(ARM_MALI_LPAE, KIO_4K, 48, 40, 0, "", 0),
	KIO(ARM_MALI_LPAE, KIO_4K, 48, 40, 0, "", 1),
	KIO(ARM_MALI_LPAE, KIO_4K, 39, 40, 0, "", 0),
	KIO(ARM_MALI_LPAE, KIO_4K, 39, 40, 0, "", 1),
	KIO(ARM_V7S, KIO_V7S, 32, 32, 0, "", 0),
	KIO(ARM_V7S, KIO_V7S, 32, 32, 0, "", 1),
	KIO(ARM_V7S, KIO_V7S, 32, 32, IO_PGTABLE_QUIRK_ARM_NS, "_ns", 0),
	KIO(ARM_V7S, KIO_V7S, 32, 32, IO_PGTABLE_QUIRK_ARM_NS, "_ns", 1),
#ifdef CONFIG_PHYS_ADDR_T_64BIT /* the kernel's v7s has MTK only so */
	KIO(ARM_V7S, KIO_V7S, 32, 35, KIO_V7S_NP_MTK, "_np_mtk", 0),
	KIO(ARM_V7S, KIO_V7S, 32, 35, KIO_V7S_NP_MTK, "_np_mtk", 1),
#endif
	KIO(APPLE_DART, SZ_4K, 32, 36, 0, "", 0),
	KIO(APPLE_DART, SZ_4K, 32, 36, 0, "", 1),
	KIO(APPLE_DART2, SZ_16K, 36, 42, 0, "", 0),
	KIO(APPLE_DART2, SZ_16K, 36, 42, 0, "", 1),
};

static void kio_cfg_desc(const struct kio_cfg *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s_%s",
		 c->ours ? "ours" : "kernel", c->name);
}

KUNIT_ARRAY_PARAM(kio_cfg, kio_cfgs, kio_cfg_desc);

/* Invalidations kio_test_unmap_invalidation() keeps in order */
#define KIO_LOG 32

/**
 * struct kio_inval - one tlb_add_page or tlb_flush_walk call
 * @iova: its IOVA
 * @size: its size (the granule of tlb_add_page)
 * @walk: a tlb_flush_walk
 */
struct kio_inval {
	unsigned long iova;
	size_t size;
	bool walk;
};

/**
 * struct kio_flush - what the flush callbacks saw
 * @all: tlb_flush_all calls
 * @walks: tlb_flush_walk calls
 * @walk_start: lowest IOVA a walk flush covered
 * @walk_end: end of the highest
 * @pages_at_walk: table pages allocated at the last walk flush
 * @pages: tlb_add_page calls
 * @add_bytes: bytes passed to tlb_add_page
 * @nlog: tlb_add_page and tlb_flush_walk calls
 * @log: NULL, or room for the first KIO_LOG of them
 */
struct kio_flush {
	unsigned int all;
	unsigned int walks;
	unsigned long walk_start;
	unsigned long walk_end;
	long pages_at_walk;
	unsigned long pages;
	unsigned long add_bytes;
	unsigned int nlog;
	struct kio_inval *log;
};

static void kio_log(struct kio_flush *f, unsigned long iova, size_t size,
		    bool walk)
{
	if (f->log && f->nlog < KIO_LOG)
		f->log[f->nlog] = (struct kio_inval){ iova, size, walk };
	f->nlog++;
}

static void kio_flush_all(void *cookie)
{
	struct kio_flush *f = cookie;

	f->all++;
}

static void kio_flush_walk(unsigned long iova, size_t size, size_t granule,
			   void *cookie)
{
	struct kio_flush *f = cookie;

	f->walks++;
	kio_log(f, iova, size, true);
	f->walk_start = min(f->walk_start, iova);
	f->walk_end = max(f->walk_end, iova + size);
	f->pages_at_walk = pt_iommu_table_pages();
}

static void kio_add_page(struct iommu_iotlb_gather *gather,
			 unsigned long iova, size_t granule, void *cookie)
{
	struct kio_flush *f = cookie;

	f->pages++;
	f->add_bytes += granule;
	kio_log(f, iova, granule, false);
}

static const struct iommu_flush_ops kio_flush_ops = {
	.tlb_flush_all = kio_flush_all,
	.tlb_flush_walk = kio_flush_walk,
	.tlb_add_page = kio_add_page,
};

/**
 * struct kio - state of one case
 * @c: the configuration
 * @cfg: the cfg as the implementation filled it
 * @ops: the table
 * @flush: callbacks seen; the cookie
 * @dev: device handed over (never used for DMA: walks are coherent)
 * @start_pages: our table pages before the case
 */
struct kio {
	const struct kio_cfg *c;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	struct kio_flush flush;
	struct device dev;
	long start_pages;
};

static void kio_fill_cfg(struct io_pgtable_cfg *cfg, const struct kio_cfg *c,
			 struct kio_flush *flush, struct device *dev)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->quirks = c->quirks;
	cfg->pgsize_bitmap = c->sizes;
	cfg->ias = c->ias;
	cfg->oas = c->oas;
	cfg->coherent_walk = true;
	cfg->tlb = &kio_flush_ops;
	cfg->iommu_dev = dev;
	flush->walk_start = ULONG_MAX;
}

static struct io_pgtable_ops *kio_alloc(bool ours, enum io_pgtable_fmt fmt,
					struct io_pgtable_cfg *cfg,
					void *cookie)
{
	if (ours)
		return pt_io_pgtable_alloc_ops(fmt, cfg, cookie);
	return alloc_io_pgtable_ops(fmt, cfg, cookie);
}

static void kio_free(bool ours, struct io_pgtable_ops *ops)
{
	if (ours)
		pt_io_pgtable_free_ops(ops);
	else
		free_io_pgtable_ops(ops);
}

static int kio_init(struct kunit *test)
{
	const struct kio_cfg *c = test->param_value;
	struct kio *k;

	k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	test->priv = k;
	k->c = c;
	k->start_pages = pt_iommu_table_pages();
	kio_fill_cfg(&k->cfg, c, &k->flush, &k->dev);
	k->ops = kio_alloc(c->ours, c->fmt, &k->cfg, &k->flush);
	return k->ops ? 0 : -EINVAL;
}

static void kio_exit(struct kunit *test)
{
	struct kio *k = test->priv;

	if (!k || !k->ops)
		return;
	kio_free(k->c->ours, k->ops);
	KUNIT_EXPECT_EQ(test, k->flush.all, 1);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), k->start_pages,
			    "table pages leaked");
}

static u64 kio_prefix(const struct kio *k)
{
	if (k->c->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
		return ~(BIT_ULL(k->cfg.ias) - 1);
	return 0;
}

static int kio_map(struct kio *k, u64 iova, u64 pa, size_t size, int prot)
{
	size_t mapped = 0;
	int ret;

	ret = k->ops->map_pages(k->ops, iova, pa, size, 1, prot, GFP_KERNEL,
				&mapped);
	if (!ret && mapped != size)
		return -EIO;
	return ret;
}

static size_t kio_unmap(struct kio *k, u64 iova, size_t size)
{
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	return k->ops->unmap_pages(k->ops, iova, size, 1, &gather);
}

/*
 * The steps of io-pgtable's selftest that both implementations share:
 * an empty table translates nothing; every page size maps and translates;
 * the whole unmap of each returns its size and leaves nothing; a remap
 * works. The overlapping map is asked only of ours: io-pgtable refuses
 * it too, but WARNs outside its own selftest.
 */
static void kio_test_selftest(struct kunit *test)
{
	struct kio *k = test->priv;
	struct io_pgtable *iop = io_pgtable_ops_to_pgtable(k->ops);
	u64 prefix = kio_prefix(k), step = SZ_1G, iova;
	unsigned long sizes = k->cfg.pgsize_bitmap;
	unsigned int lg2;

	KUNIT_EXPECT_EQ(test, iop->fmt, k->c->fmt);
	KUNIT_EXPECT_PTR_EQ(test, iop->cookie, (void *)&k->flush);
	KUNIT_EXPECT_EQ(test, iop->cfg.pgsize_bitmap, sizes);
	KUNIT_ASSERT_NE(test, sizes, 0);
	step = max_t(u64, step, BIT_ULL(__fls(sizes)));

	KUNIT_EXPECT_EQ(test, k->ops->iova_to_phys(k->ops, prefix | 42), 0);

	iova = 0;
	for_each_set_bit(lg2, &sizes, BITS_PER_LONG) {
		size_t size = BIT(lg2);

		KUNIT_ASSERT_EQ_MSG(test, kio_map(k, prefix | iova, iova, size,
						  KIO_RW | IOMMU_NOEXEC), 0,
				    "size %#zx", size);
		if (k->c->ours)
			KUNIT_EXPECT_NE(test, kio_map(k, prefix | iova,
						      iova + size, size,
						      IOMMU_READ | IOMMU_NOEXEC),
					0);
		KUNIT_EXPECT_EQ(test,
				k->ops->iova_to_phys(k->ops, prefix | (iova + 42)),
				iova + 42);
		iova += step;
	}

	iova = 0;
	for_each_set_bit(lg2, &sizes, BITS_PER_LONG) {
		size_t size = BIT(lg2);

		KUNIT_EXPECT_EQ_MSG(test, kio_unmap(k, prefix | iova, size),
				    size, "size %#zx", size);
		KUNIT_EXPECT_EQ(test,
				k->ops->iova_to_phys(k->ops, prefix | (iova + 42)),
				0);
		/* Remap of the full size */
		KUNIT_EXPECT_EQ(test, kio_map(k, prefix | iova, iova, size,
					      KIO_RW), 0);
		KUNIT_EXPECT_EQ(test,
				k->ops->iova_to_phys(k->ops, prefix | (iova + 42)),
				iova + 42);
		KUNIT_EXPECT_EQ(test, kio_unmap(k, prefix | iova, size), size);
		iova += step;
	}
	/* Leaves removed by unmap_pages went through the gather */
	KUNIT_EXPECT_GT(test, k->flush.pages, 0);
}

/* map and unmap of the single-size ops where the kernel has them */
static void kio_test_single_ops(struct kunit *test)
{
#ifdef PT_HAVE_IO_PGTABLE_MAP_UNMAP
	struct kio *k = test->priv;
	struct iommu_iotlb_gather gather;
	u64 prefix = kio_prefix(k);
	size_t size = BIT(__ffs(k->cfg.pgsize_bitmap));

	/* io-pgtable's DART has only the _pages ops; ours always has both */
	if (!k->ops->map || !k->ops->unmap) {
		KUNIT_EXPECT_FALSE(test, k->c->ours);
		return;
	}
	KUNIT_ASSERT_EQ(test, k->ops->map(k->ops, prefix | SZ_1G, SZ_1G, size,
					  KIO_RW, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, k->ops->iova_to_phys(k->ops, prefix | SZ_1G),
			SZ_1G);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, k->ops->unmap(k->ops, prefix | SZ_1G, size,
					    &gather), size);
	KUNIT_EXPECT_EQ(test, k->ops->iova_to_phys(k->ops, prefix | SZ_1G), 0);
#endif
}

static struct kunit_case kio_contract_cases[] = {
	KUNIT_CASE_PARAM(kio_test_selftest, kio_cfg_gen_params),
	KUNIT_CASE_PARAM(kio_test_single_ops, kio_cfg_gen_params),
	{}
};

static struct kunit_suite kio_contract_suite = {
	.name = "pt_iopt_contract",
	.init = kio_init,
	.exit = kio_exit,
	.test_cases = kio_contract_cases,
};

/* --- cfg, refusals, flushes --- */

/* Both fill the cfg alike, but for table addresses */
static void kio_test_cfg_out(struct kunit *test)
{
	struct io_pgtable_cfg ours, theirs;
	struct kio_flush fo = {}, ft = {};
	struct io_pgtable_ops *o, *t;
	struct device dev = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kio_cfgs); i += 2) {
		const struct kio_cfg *c = &kio_cfgs[i];

		kio_fill_cfg(&ours, c, &fo, &dev);
		kio_fill_cfg(&theirs, c, &ft, &dev);
		o = pt_io_pgtable_alloc_ops(c->fmt, &ours, &fo);
		t = alloc_io_pgtable_ops(c->fmt, &theirs, &ft);
		KUNIT_ASSERT_NOT_NULL(test, o);
		KUNIT_ASSERT_NOT_NULL(test, t);
		KUNIT_EXPECT_EQ_MSG(test, ours.pgsize_bitmap,
				    theirs.pgsize_bitmap, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ours.ias, theirs.ias, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, ours.oas, theirs.oas, "%s", c->name);
		switch (c->fmt) {
		case ARM_64_LPAE_S1:
		case ARM_32_LPAE_S1:
			KUNIT_EXPECT_EQ_MSG(test,
					    memcmp(&ours.arm_lpae_s1_cfg.tcr,
						   &theirs.arm_lpae_s1_cfg.tcr,
						   sizeof(ours.arm_lpae_s1_cfg.tcr)),
					    0, "%s tcr", c->name);
			KUNIT_EXPECT_EQ_MSG(test, ours.arm_lpae_s1_cfg.mair,
					    theirs.arm_lpae_s1_cfg.mair, "%s",
					    c->name);
			KUNIT_EXPECT_EQ(test, ours.arm_lpae_s1_cfg.ttbr & 0xfff,
					theirs.arm_lpae_s1_cfg.ttbr & 0xfff);
			break;
		case ARM_64_LPAE_S2:
		case ARM_32_LPAE_S2:
			KUNIT_EXPECT_EQ_MSG(test,
					    memcmp(&ours.arm_lpae_s2_cfg.vtcr,
						   &theirs.arm_lpae_s2_cfg.vtcr,
						   sizeof(ours.arm_lpae_s2_cfg.vtcr)),
					    0, "%s vtcr", c->name);
			break;
		case ARM_V7S:
			KUNIT_EXPECT_EQ_MSG(test, ours.arm_v7s_cfg.tcr,
					    theirs.arm_v7s_cfg.tcr, "%s",
					    c->name);
			KUNIT_EXPECT_EQ_MSG(test, ours.arm_v7s_cfg.nmrr,
					    theirs.arm_v7s_cfg.nmrr, "%s",
					    c->name);
			KUNIT_EXPECT_EQ_MSG(test, ours.arm_v7s_cfg.prrr,
					    theirs.arm_v7s_cfg.prrr, "%s",
					    c->name);
			/* The walk attributes below the 16K-aligned address */
			KUNIT_EXPECT_EQ_MSG(test, ours.arm_v7s_cfg.ttbr & 0x7f,
					    theirs.arm_v7s_cfg.ttbr & 0x7f, "%s",
					    c->name);
			break;
		case APPLE_DART:
		case APPLE_DART2:
			KUNIT_EXPECT_EQ_MSG(test, ours.apple_dart_cfg.n_ttbrs,
					    theirs.apple_dart_cfg.n_ttbrs, "%s",
					    c->name);
			break;
		default:
			KUNIT_EXPECT_EQ_MSG(test,
					    ours.arm_mali_lpae_cfg.memattr,
					    theirs.arm_mali_lpae_cfg.memattr,
					    "%s", c->name);
			KUNIT_EXPECT_EQ_MSG(test,
					    ours.arm_mali_lpae_cfg.transtab & 0xfff,
					    theirs.arm_mali_lpae_cfg.transtab & 0xfff,
					    "%s", c->name);
			break;
		}
		pt_io_pgtable_free_ops(o);
		free_io_pgtable_ops(t);
	}
}

/* A non-coherent walker with the outer write-back quirk: literal TCR */
static void kio_dma_hook(struct device *dev, void *addr, size_t len,
			 enum pt_iommu_dma_op op)
{
}

static void kio_test_outer_wbwa(struct kunit *test)
{
	struct kio_flush f = {};
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *o;
	struct device dev = {};
	long pages = pt_iommu_table_pages();

	kio_fill_cfg(&cfg, &kio_cfgs[0], &f, &dev);
	cfg.coherent_walk = false;
	cfg.quirks = IO_PGTABLE_QUIRK_ARM_OUTER_WBWA;
	pt_iommu_set_dma_hook(kio_dma_hook);
	o = pt_io_pgtable_alloc_ops(ARM_64_LPAE_S1, &cfg, &f);
	KUNIT_EXPECT_NOT_NULL(test, o);
	if (o) {
		/* Outer shareable, inner non-cacheable, outer WBWA */
		KUNIT_EXPECT_EQ(test, (u32)cfg.arm_lpae_s1_cfg.tcr.sh, 2);
		KUNIT_EXPECT_EQ(test, (u32)cfg.arm_lpae_s1_cfg.tcr.irgn, 0);
		KUNIT_EXPECT_EQ(test, (u32)cfg.arm_lpae_s1_cfg.tcr.orgn, 1);
		pt_io_pgtable_free_ops(o);
	}
	pt_iommu_set_dma_hook(NULL);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

/* Table DMA operations of a non-coherent walk, counted by kio_count_hook */
static unsigned int kio_dma_ops[PT_IOMMU_DMA_UNMAP + 1];

static void kio_count_hook(struct device *dev, void *addr, size_t len,
			   enum pt_iommu_dma_op op)
{
	if (op <= PT_IOMMU_DMA_UNMAP)
		kio_dma_ops[op]++;
}

/*
 * ARM_V7S for a walker that does not snoop (MediaTek, Qualcomm): the
 * TTBR walk attributes are those io-pgtable gives (shareable, inner and
 * outer non-cacheable), every table is DMA mapped, the entries a map
 * writes are cleaned, and every table is unmapped again when freed. The
 * kernel's io-pgtable cannot run here (no DMA in UML): the value is the
 * manual's.
 */
static void kio_test_v7s_incoherent(struct kunit *test)
{
	struct kio_flush f = {};
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *o;
	struct iommu_iotlb_gather gather;
	struct device dev = {};
	long pages = pt_iommu_table_pages();
	size_t mapped = 0;
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(kio_dma_ops); i++)
		kio_dma_ops[i] = 0;
	for (i = 0; i != ARRAY_SIZE(kio_cfgs); i++)
		if (kio_cfgs[i].fmt == ARM_V7S && !kio_cfgs[i].quirks)
			break;
	KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(kio_cfgs));
	kio_fill_cfg(&cfg, &kio_cfgs[i], &f, &dev);
	cfg.coherent_walk = false;
	pt_iommu_set_dma_hook(kio_count_hook);
	o = pt_io_pgtable_alloc_ops(ARM_V7S, &cfg, &f);
	KUNIT_EXPECT_NOT_NULL(test, o);
	if (o) {
		KUNIT_EXPECT_EQ(test, cfg.arm_v7s_cfg.ttbr & 0x7f, 0x02);
		KUNIT_EXPECT_EQ(test, kio_dma_ops[PT_IOMMU_DMA_MAP], 1);
		/* A page needs a second-level table and two entries cleaned */
		KUNIT_EXPECT_EQ(test, o->map_pages(o, SZ_1M + SZ_4K, SZ_2M,
						   SZ_4K, 1, KIO_RW,
						   GFP_KERNEL, &mapped), 0);
		KUNIT_EXPECT_EQ(test, o->iova_to_phys(o, SZ_1M + SZ_4K), SZ_2M);
		KUNIT_EXPECT_EQ(test, kio_dma_ops[PT_IOMMU_DMA_MAP], 2);
		KUNIT_EXPECT_GE(test, kio_dma_ops[PT_IOMMU_DMA_FLUSH], 2);
		/* A map through the table cleans its entry again */
		i = kio_dma_ops[PT_IOMMU_DMA_FLUSH];
		KUNIT_EXPECT_EQ(test, o->map_pages(o, SZ_1M, SZ_2M, SZ_4K, 1,
						   KIO_RW, GFP_KERNEL, &mapped),
				0);
		KUNIT_EXPECT_GE(test, kio_dma_ops[PT_IOMMU_DMA_FLUSH], i + 2);
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test, o->unmap_pages(o, SZ_1M, SZ_4K, 2,
						     &gather), SZ_8K);
		pt_io_pgtable_free_ops(o);
		KUNIT_EXPECT_EQ(test, kio_dma_ops[PT_IOMMU_DMA_UNMAP],
				kio_dma_ops[PT_IOMMU_DMA_MAP]);
	}
	pt_iommu_set_dma_hook(NULL);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

/**
 * struct kio_refusal - a cfg io-pgtable refuses
 * @fmt: format
 * @sizes: pgsize_bitmap
 * @ias: input bits
 * @oas: output bits
 * @quirks: quirks
 * @coherent: coherent_walk
 */
struct kio_refusal {
	enum io_pgtable_fmt fmt;
	unsigned long sizes;
	u8 ias;
	u8 oas;
	unsigned long quirks;
	bool coherent;
};

static const struct kio_refusal kio_refusals[] = {
	{ ARM_64_LPAE_S2, KIO_4K, 48, 48, IO_PGTABLE_QUIRK_ARM_NS, true },
	{ ARM_64_LPAE_S2, KIO_4K, 48, 48, IO_PGTABLE_QUIRK_ARM_TTBR1, true },
	{ ARM_64_LPAE_S1, KIO_4K, 48, 48, IO_PGTABLE_QUIRK_ARM_MTK_EXT, true },
	{ ARM_64_LPAE_S1, KIO_4K, 48, 48, IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT,
	  true },
	{ ARM_64_LPAE_S1, KIO_4K, 48, 48, IO_PGTABLE_QUIRK_NO_PERMS, true },
	{ ARM_64_LPAE_S1, KIO_4K, 48, 48, IO_PGTABLE_QUIRK_ARM_OUTER_WBWA,
	  true },
	{ ARM_MALI_LPAE, KIO_4K, 48, 40, IO_PGTABLE_QUIRK_ARM_TTBR1, true },
	{ ARM_MALI_LPAE, KIO_4K, 48, 44, 0, true },
	{ ARM_32_LPAE_S1, KIO_4K, 40, 40, 0, true },
	{ ARM_32_LPAE_S2, KIO_4K, 40, 44, 0, true },
	{ ARM_64_LPAE_S1, KIO_4K, 48, 46, 0, true },
	{ ARM_64_LPAE_S1, SZ_2M | SZ_1G, 48, 48, 0, true },
	{ ARM_V7S, KIO_V7S, 32, 32, IO_PGTABLE_QUIRK_ARM_TTBR1, true },
	{ ARM_V7S, KIO_V7S, 32, 32, IO_PGTABLE_QUIRK_ARM_OUTER_WBWA, true },
	{ ARM_V7S, KIO_V7S, 32, 35, IO_PGTABLE_QUIRK_ARM_MTK_EXT, true },
	{ ARM_V7S, KIO_V7S, 32, 36, KIO_V7S_NP_MTK, true },
	{ ARM_V7S, KIO_V7S, 32, 32, IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT, true },
	{ APPLE_DART, SZ_4K, 32, 36, 0, false },
	{ APPLE_DART, SZ_4K, 32, 40, 0, true },
	{ APPLE_DART, SZ_4K | SZ_16K, 32, 36, 0, true },
	{ APPLE_DART2, SZ_16K, 42, 36, 0, true },
};

/* Refused by both, with NULL; and formats served another way */
static void kio_test_refuse(struct kunit *test)
{
	static const enum io_pgtable_fmt later[] = { AMD_IOMMU_V1,
						     AMD_IOMMU_V2 };
	struct io_pgtable_cfg cfg;
	struct kio_flush f = {};
	struct device dev = {};
	struct io_pgtable_ops *ops;
	long pages = pt_iommu_table_pages();
	unsigned int i;

	for (i = 0; i != ARRAY_SIZE(kio_refusals); i++) {
		const struct kio_refusal *r = &kio_refusals[i];
		const struct kio_cfg c = { .fmt = r->fmt, .sizes = r->sizes,
					   .ias = r->ias, .oas = r->oas,
					   .quirks = r->quirks };
		bool ours;

		for (ours = false; ; ours = true) {
			kio_fill_cfg(&cfg, &c, &f, &dev);
			cfg.coherent_walk = r->coherent;
			ops = kio_alloc(ours, r->fmt, &cfg, &f);
			KUNIT_EXPECT_NULL_MSG(test, ops, "refusal %u %s", i,
					      ours ? "ours" : "kernel");
			if (ops)
				kio_free(ours, ops);
			if (ours)
				break;
		}
	}
	for (i = 0; i != ARRAY_SIZE(later); i++) {
		kio_fill_cfg(&cfg, &kio_cfgs[0], &f, &dev);
		cfg.ias = 32;
		cfg.oas = 32;
		KUNIT_EXPECT_NULL(test,
				  pt_io_pgtable_alloc_ops(later[i], &cfg, &f));
	}
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

/*
 * A driver relies on: a table freed by unmap, or replaced by a block on
 * map, is flushed from the walk caches while still allocated (which
 * invalidates the leaves in it as well); free flushes all.
 */
static void kio_test_flush(struct kunit *test)
{
	struct io_pgtable_ops *ops;
	struct io_pgtable_cfg cfg;
	struct iommu_iotlb_gather gather;
	struct kio_flush f = {};
	struct device dev = {};
	long pages = pt_iommu_table_pages(), before;
	size_t mapped = 0;

	kio_fill_cfg(&cfg, &kio_cfgs[0], &f, &dev);
	ops = pt_io_pgtable_alloc_ops(ARM_64_LPAE_S1, &cfg, &f);
	KUNIT_ASSERT_NOT_NULL(test, ops);

	/* 512 4K leaves (the PA forbids a 2M one) in one lower table */
	KUNIT_ASSERT_EQ(test, ops->map_pages(ops, SZ_1G, SZ_1G + SZ_4K, SZ_4K,
					     512, KIO_RW, GFP_KERNEL, &mapped),
			0);
	KUNIT_EXPECT_EQ(test, mapped, SZ_2M);
	before = pt_iommu_table_pages();
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, ops->unmap_pages(ops, SZ_1G, SZ_4K, 512, &gather),
			SZ_2M);
	/* The walk flush before the table is freed covers its leaves too */
	KUNIT_EXPECT_EQ(test, f.pages, 0);
	KUNIT_EXPECT_EQ(test, f.walks, 1);
	KUNIT_EXPECT_LE(test, f.walk_start, SZ_1G);
	KUNIT_EXPECT_GE(test, f.walk_end, SZ_1G + SZ_2M);
	KUNIT_EXPECT_EQ(test, f.pages_at_walk, before);
	KUNIT_EXPECT_LT(test, pt_iommu_table_pages(), before);

	/* An empty lower table in the way of a 2M block */
	mapped = 0;
	KUNIT_ASSERT_EQ(test, ops->map_pages(ops, SZ_1G + SZ_4K, SZ_4K, SZ_4K,
					     1, KIO_RW, GFP_KERNEL, &mapped),
			0);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, ops->unmap_pages(ops, SZ_1G + SZ_4K, SZ_4K, 1,
					       &gather), SZ_4K);
	before = pt_iommu_table_pages();
	f.walks = 0;
	mapped = 0;
	KUNIT_ASSERT_EQ(test, ops->map_pages(ops, SZ_1G, SZ_2M, SZ_2M, 1,
					     KIO_RW, GFP_KERNEL, &mapped),
			0);
	KUNIT_EXPECT_EQ(test, f.walks, 1);
	KUNIT_EXPECT_EQ(test, f.pages_at_walk, before);
	KUNIT_EXPECT_LT(test, pt_iommu_table_pages(), before);
	KUNIT_EXPECT_EQ(test, ops->iova_to_phys(ops, SZ_1G + 42), SZ_2M + 42);

	/* The whole-range helpers on the ops */
	KUNIT_EXPECT_EQ(test, pt_io_pgtable_unmap_range(ops, 0, SZ_2G), SZ_2M);
	KUNIT_EXPECT_EQ(test, ops->iova_to_phys(ops, SZ_1G + 42), 0);
	KUNIT_EXPECT_EQ(test, pt_io_pgtable_map_range(ops, SZ_1G + SZ_4K,
						      SZ_4K, SZ_4M, KIO_RW,
						      GFP_KERNEL, NULL), 0);
	KUNIT_EXPECT_EQ(test, ops->iova_to_phys(ops, SZ_1G + SZ_4M), SZ_4M);
	KUNIT_EXPECT_EQ(test, pt_io_pgtable_unmap_range(ops, 0, SZ_2G), SZ_4M);

	pt_io_pgtable_free_ops(ops);
	KUNIT_EXPECT_EQ(test, f.all, 1);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

/**
 * struct kio_leaf - mappings of one page size, a leaf each on both sides
 * @va: first IOVA
 * @pa: first physical address
 * @size: page size
 * @count: pages
 */
struct kio_leaf {
	u64 va;
	u64 pa;
	size_t size;
	size_t count;
};

/**
 * struct kio_unmap_case - an unmap and the leaves it removes
 * @what: description
 * @cfg: index in kio_cfgs
 * @leaves: mapped before, on both sides; the first @removed go
 * @removed: how many of @leaves the unmap removes, whole
 * @iova: unmap_pages() IOVA
 * @pgsize: unmap_pages() page size
 * @pgcount: unmap_pages() page count
 * @queued: the gather is queued for a full flush
 */
struct kio_unmap_case {
	const char *what;
	unsigned int cfg;
	struct kio_leaf leaves[2];
	unsigned int removed;
	u64 iova;
	size_t pgsize;
	size_t pgcount;
	bool queued;
};

/*
 * kio_cfgs indexes: ours ARM_64_LPAE_S1 4K, ARM_V7S, APPLE_DART; a
 * 32-bit kernel's list has fewer entries before the last two
 */
#define KIO_N_TTBR1 (BITS_PER_LONG == 64 ? 2 : 0)
#define KIO_N_MTK (IS_ENABLED(CONFIG_PHYS_ADDR_T_64BIT) ? 2 : 0)
#define KIO_C_LPAE 0
#define KIO_C_V7S (26 + KIO_N_TTBR1)
#define KIO_C_DART (30 + KIO_N_TTBR1 + KIO_N_MTK)

static const struct kio_unmap_case kio_unmap_cases[] = {
	{ "4K unmap at a 2M block", KIO_C_LPAE,
	  { { SZ_1G, SZ_1G, SZ_2M, 1 } }, 1, SZ_1G, SZ_4K, 1 },
	{ "2M unmap at a 1G block", KIO_C_LPAE,
	  { { SZ_1G, SZ_1G, SZ_1G, 1 } }, 1, SZ_1G, SZ_2M, 1 },
	{ "2M unmap over two 4K pages", KIO_C_LPAE,
	  { { SZ_1G, SZ_1G + SZ_4K, SZ_4K, 2 } }, 1, SZ_1G, SZ_2M, 1 },
	{ "4K unmap of a 4K page and a 2M block", KIO_C_LPAE,
	  { { SZ_1G + SZ_2M - SZ_4K, SZ_4K, SZ_4K, 1 },
	    { SZ_1G + SZ_2M, SZ_2M, SZ_2M, 1 } },
	  2, SZ_1G + SZ_2M - SZ_4K, SZ_4K, 2 },
	{ "4K unmap at a 2M block, queued gather", KIO_C_LPAE,
	  { { SZ_1G, SZ_1G, SZ_2M, 1 } }, 1, SZ_1G, SZ_4K, 1, true },
	{ "4K unmap at a 1M section", KIO_C_V7S,
	  { { SZ_1M, SZ_1M, SZ_1M, 1 } }, 1, SZ_1M, SZ_4K, 1 },
	{ "1M unmap at a 16M supersection", KIO_C_V7S,
	  { { SZ_16M, SZ_16M, SZ_16M, 1 } }, 1, SZ_16M, SZ_1M, 1 },
	{ "4K unmap at a 64K large page", KIO_C_V7S,
	  { { SZ_1M, SZ_1M, SZ_64K, 1 } }, 1, SZ_1M, SZ_4K, 1 },
	{ "1M unmap over two 4K pages", KIO_C_V7S,
	  { { SZ_1M, SZ_2M + SZ_4K, SZ_4K, 2 } }, 1, SZ_1M, SZ_1M, 1 },
	{ "4K unmap of a 4K page and a 1M section", KIO_C_V7S,
	  { { SZ_1M - SZ_4K, SZ_4K, SZ_4K, 1 }, { SZ_1M, SZ_1M, SZ_1M, 1 } },
	  2, SZ_1M - SZ_4K, SZ_4K, 2 },
	{ "4K unmap of two pages", KIO_C_DART,
	  { { SZ_1M, SZ_2M, SZ_4K, 2 } }, 1, SZ_1M, SZ_4K, 2 },
};

/* One side of an unmap case: map the leaves, unmap as the case says */
static struct io_pgtable_ops *kio_unmap_setup(struct kunit *test,
					      const struct kio_unmap_case *u,
					      bool ours, struct kio_flush *f,
					      struct io_pgtable_cfg *cfg,
					      struct device *dev)
{
	const struct kio_cfg *c = &kio_cfgs[u->cfg];
	struct io_pgtable_ops *ops;
	unsigned int i;
	size_t mapped;

	kio_fill_cfg(cfg, c, f, dev);
	ops = kio_alloc(ours, c->fmt, cfg, f);
	KUNIT_ASSERT_NOT_NULL_MSG(test, ops, "%s", u->what);
	for (i = 0; i != ARRAY_SIZE(u->leaves) && u->leaves[i].count; i++) {
		const struct kio_leaf *l = &u->leaves[i];

		mapped = 0;
		KUNIT_ASSERT_EQ_MSG(test, ops->map_pages(ops, l->va, l->pa,
							 l->size, l->count,
							 KIO_RW, GFP_KERNEL,
							 &mapped), 0,
				    "%s", u->what);
		KUNIT_ASSERT_EQ(test, mapped, l->size * l->count);
	}
	return ops;
}

/* Is [iova, iova + size) inside one walk flush of @f? */
static bool kio_walk_covers(const struct kio_flush *f, unsigned long iova,
			    size_t size)
{
	unsigned int i;

	for (i = 0; i != min_t(unsigned int, f->nlog, KIO_LOG); i++)
		if (f->log[i].walk && f->log[i].iova <= iova &&
		    iova + size - 1 <= f->log[i].iova + f->log[i].size - 1)
			return true;
	return false;
}

static bool kio_added(const struct kio_flush *f, const struct kio_inval *add)
{
	unsigned int i;

	for (i = 0; i != min_t(unsigned int, f->nlog, KIO_LOG); i++)
		if (!f->log[i].walk && f->log[i].iova == add->iova &&
		    f->log[i].size == add->size)
			return true;
	return false;
}

/*
 * The invalidations of an unmap are those io-pgtable makes for the same
 * leaves: each case maps the same leaves on ours and on the kernel's
 * io-pgtable; ours gets the case's unmap_pages() (which removes whole
 * leaves, where io-pgtable would split), the kernel's an unmap_pages() of
 * each removed leaf at its own size. Ours must then make the same
 * tlb_add_page() calls in the same order, or walk flushes that cover
 * every page the kernel added and only pages the kernel added besides.
 */
static void kio_test_unmap_invalidation(struct kunit *test)
{
	struct kio_flush *fo, *ft;
	struct kio_inval *log_o, *log_t;
	struct io_pgtable_ops *o, *t;
	struct io_pgtable_cfg cfg;
	struct iommu_iotlb_gather go, gt;
	struct device dev = {};
	long pages = pt_iommu_table_pages();
	unsigned int n, i, j;

	fo = kunit_kzalloc(test, sizeof(*fo), GFP_KERNEL);
	ft = kunit_kzalloc(test, sizeof(*ft), GFP_KERNEL);
	log_o = kunit_kcalloc(test, KIO_LOG, sizeof(*log_o), GFP_KERNEL);
	log_t = kunit_kcalloc(test, KIO_LOG, sizeof(*log_t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fo);
	KUNIT_ASSERT_NOT_NULL(test, ft);
	KUNIT_ASSERT_NOT_NULL(test, log_o);
	KUNIT_ASSERT_NOT_NULL(test, log_t);
	KUNIT_ASSERT_TRUE(test, kio_cfgs[KIO_C_LPAE].fmt == ARM_64_LPAE_S1 &&
			  kio_cfgs[KIO_C_V7S].fmt == ARM_V7S &&
			  kio_cfgs[KIO_C_DART].fmt == APPLE_DART);

	for (n = 0; n != ARRAY_SIZE(kio_unmap_cases); n++) {
		const struct kio_unmap_case *u = &kio_unmap_cases[n];
		size_t removed = 0, got;
		bool walked = false;

		memset(fo, 0, sizeof(*fo));
		memset(ft, 0, sizeof(*ft));
		o = kio_unmap_setup(test, u, true, fo, &cfg, &dev);
		t = kio_unmap_setup(test, u, false, ft, &cfg, &dev);
		fo->log = log_o;
		ft->log = log_t;
		fo->nlog = 0;
		ft->nlog = 0;

		iommu_iotlb_gather_init(&go);
		iommu_iotlb_gather_init(&gt);
		go.queued = u->queued;
		gt.queued = u->queued;
		got = o->unmap_pages(o, u->iova, u->pgsize, u->pgcount, &go);
		for (i = 0; i != u->removed; i++) {
			const struct kio_leaf *l = &u->leaves[i];

			for (j = 0; j != l->count; j++) {
				u64 va = l->va + j * l->size;

				KUNIT_EXPECT_EQ(test, t->unmap_pages(t, va, l->size,
								     1, &gt),
						l->size);
				KUNIT_EXPECT_EQ(test, o->iova_to_phys(o, va), 0);
				removed += l->size;
			}
		}
		KUNIT_EXPECT_EQ_MSG(test, got, removed, "%s", u->what);
		KUNIT_ASSERT_LE_MSG(test, ft->nlog, KIO_LOG, "%s", u->what);

		for (i = 0; i != min_t(unsigned int, fo->nlog, KIO_LOG); i++)
			walked |= fo->log[i].walk;
		for (i = 0; i != ft->nlog; i++)
			KUNIT_EXPECT_FALSE(test, ft->log[i].walk);
		if (!walked) {
			KUNIT_EXPECT_EQ_MSG(test, fo->nlog, ft->nlog,
					    "%s: tlb_add_page calls", u->what);
			for (i = 0; i != min(fo->nlog, ft->nlog); i++) {
				KUNIT_EXPECT_EQ_MSG(test, fo->log[i].iova,
						    ft->log[i].iova,
						    "%s: call %u", u->what, i);
				KUNIT_EXPECT_EQ_MSG(test, fo->log[i].size,
						    ft->log[i].size,
						    "%s: call %u", u->what, i);
			}
		} else {
			KUNIT_EXPECT_LE(test, fo->nlog, KIO_LOG);
			for (i = 0; i != ft->nlog; i++)
				KUNIT_EXPECT_TRUE_MSG(test,
						      kio_walk_covers(fo, ft->log[i].iova,
								      ft->log[i].size),
						      "%s: page %#lx+%#zx not invalidated",
						      u->what, ft->log[i].iova,
						      ft->log[i].size);
			for (i = 0; i != min_t(unsigned int, fo->nlog, KIO_LOG); i++)
				KUNIT_EXPECT_TRUE_MSG(test,
						      fo->log[i].walk ||
						      kio_added(ft, &fo->log[i]),
						      "%s: page %#lx+%#zx io-pgtable does not add",
						      u->what, fo->log[i].iova,
						      fo->log[i].size);
		}
		kio_free(true, o);
		kio_free(false, t);
	}
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

/*
 * The helpers on the ops, the fence-signalling way: reserve the worst
 * case, then map a scatterlist with the allocator failing; a map over a
 * live range changes nothing; one unmap_range removes all.
 */
static void kio_test_helpers(struct kunit *test)
{
	static const u64 lens[] = { 3 * SZ_4K, SZ_2M, 5 * SZ_4K };
	static const u64 pas[] = { SZ_1G + SZ_4K, 2ULL * SZ_1G, 3ULL * SZ_1G };
	const u64 iova = SZ_2M;
	unsigned int need[PT_IOMMU_MAX_LEVELS];
	struct scatterlist sgl[ARRAY_SIZE(lens)];
	struct pt_iommu_reserve reserve;
	struct io_pgtable_ops *ops;
	struct io_pgtable_cfg cfg;
	struct kio_flush f = {};
	struct device dev = {};
	long pages = pt_iommu_table_pages(), before;
	u64 total = 0, at;
	unsigned int i;
	int count;

	kio_fill_cfg(&cfg, &kio_cfgs[0], &f, &dev);
	ops = pt_io_pgtable_alloc_ops(ARM_64_LPAE_S1, &cfg, &f);
	KUNIT_ASSERT_NOT_NULL(test, ops);

	sg_init_table(sgl, ARRAY_SIZE(lens));
	for (i = 0; i != ARRAY_SIZE(lens); i++) {
		sg_dma_address(&sgl[i]) = pas[i];
		sg_dma_len(&sgl[i]) = lens[i];
		total += lens[i];
	}
	count = pt_io_pgtable_reserve_count(ops, iova, total, need);
	/* 4K leaves over [2M, 4M + 32K): two level-2 tables, one each above */
	KUNIT_EXPECT_EQ(test, count, 4);
	KUNIT_EXPECT_EQ(test, need[0], 2);
	pt_iommu_reserve_init(&reserve);
	KUNIT_ASSERT_EQ(test, pt_io_pgtable_reserve_fill(ops, &reserve, iova,
							 total, GFP_KERNEL), 0);
	before = pt_iommu_table_pages();
	pt_iommu_fail_alloc_after(1);
	KUNIT_EXPECT_EQ(test, pt_io_pgtable_map_sg(ops, iova, sgl,
						   ARRAY_SIZE(lens), KIO_RW,
						   GFP_KERNEL, &reserve), 0);
	pt_iommu_fail_alloc_after(0);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), before);
	pt_iommu_reserve_release(&reserve);

	at = iova;
	for (i = 0; i != ARRAY_SIZE(lens); i++) {
		KUNIT_EXPECT_EQ(test, ops->iova_to_phys(ops, at), pas[i]);
		KUNIT_EXPECT_EQ(test, ops->iova_to_phys(ops, at + lens[i] - 1),
				pas[i] + lens[i] - 1);
		at += lens[i];
	}

	/* Starts in a hole, runs into the first chunk: nothing stays */
	KUNIT_EXPECT_EQ(test, pt_io_pgtable_map_sg(ops, iova - SZ_1M, &sgl[1],
						   1, KIO_RW, GFP_KERNEL, NULL),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, ops->iova_to_phys(ops, iova - SZ_1M), 0);
	KUNIT_EXPECT_EQ(test, ops->iova_to_phys(ops, iova), pas[0]);

	f.walks = 0;
	KUNIT_EXPECT_EQ(test, pt_io_pgtable_unmap_range(ops, 0, SZ_1G), total);
	KUNIT_EXPECT_EQ(test, f.walks, 1);
	KUNIT_EXPECT_EQ(test, ops->iova_to_phys(ops, iova), 0);
	pt_io_pgtable_free_ops(ops);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
}

static struct kunit_case kio_cfg_cases[] = {
	KUNIT_CASE(kio_test_helpers),
	KUNIT_CASE(kio_test_cfg_out),
	KUNIT_CASE(kio_test_outer_wbwa),
	KUNIT_CASE(kio_test_v7s_incoherent),
	KUNIT_CASE(kio_test_refuse),
	KUNIT_CASE(kio_test_flush),
	KUNIT_CASE(kio_test_unmap_invalidation),
	{}
};

static struct kunit_suite kio_cfg_suite = {
	.name = "pt_iopt_cfg",
	.test_cases = kio_cfg_cases,
};

kunit_test_suites(&kio_contract_suite, &kio_cfg_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the io-pgtable front end");
PT_IMPORT_NS();
