/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "<fmt>_diff": an armv8 build against the kernel's own
 * io-pgtable (io-pgtable-arm.c) for every configuration both implement.
 * Both tables get the same configuration and the same sequence of random
 * maps into empty ranges (every page size, every prot) and unmaps; then
 * both trees are walked with the spec's decoder (kunit/spec_armv8.h):
 * every leaf must be bit-identical, every table descriptor identical but
 * for its address, iova_to_phys must agree on every probe, and hw_info
 * must give the register values io-pgtable put in its cfg.
 *
 * Where our contract deliberately differs, the sequence avoids the case
 * and kunit/kunit_armv8.h checks our behaviour instead:
 *  - io-pgtable keeps a lower table whose leaves were all unmapped; we
 *    free a table an unmap covers entirely. The walk accepts an empty
 *    item of ours against a table of theirs with no leaf below it.
 *  - io-pgtable installs exactly the page size it is given; we choose
 *    the largest leaves alignment and length allow. io-pgtable is driven
 *    with the greedy split the IOMMU core makes, ours with granules.
 *  - io-pgtable replaces a table with a block silently (freeing live
 *    leaves) and WARNs on a map over a leaf; we refuse both with
 *    -EADDRINUSE. The sequence only maps into empty ranges.
 *  - io-pgtable splits a block on a partial unmap; we remove the whole
 *    leaf. The sequence unmaps whole mappings.
 *  - io-pgtable never writes the contiguous hint; our tables run with
 *    PT_FEAT_ARMV8_CONTIG off here.
 */
#include <linux/io-pgtable.h>
#include <linux/sizes.h>

/**
 * struct kdiff_cfg - one configuration both implementations have
 * @name: parameter name
 * @fmt: io-pgtable format
 * @ias: input address bits
 * @oas: output address bits
 * @quirks: IO_PGTABLE_QUIRK_ARM_NS / _TTBR1
 */
struct kdiff_cfg {
	const char *name;
	enum io_pgtable_fmt fmt;
	u8 ias;
	u8 oas;
	unsigned long quirks;
};

#define KDIFF(f, i, o) \
	{ .name = #f "_ias" #i "_oas" #o, .fmt = f, .ias = i, .oas = o }
#define KDIFF_Q(f, i, o, q, qname) \
	{ .name = #f "_ias" #i "_oas" #o "_" qname, .fmt = f, .ias = i, \
	  .oas = o, .quirks = q }

static const struct kdiff_cfg kdiff_cfgs[] = {
#if KSPEC_MALI
	KDIFF(ARM_MALI_LPAE, 48, 40),
	KDIFF(ARM_MALI_LPAE, 39, 40),
	KDIFF(ARM_MALI_LPAE, 33, 36),
#elif KSPEC_GRANULE_LG2 == 12
	KDIFF(ARM_64_LPAE_S1, 48, 48),
	KDIFF(ARM_64_LPAE_S1, 39, 44),
	KDIFF(ARM_64_LPAE_S1, 36, 40),
	KDIFF_Q(ARM_64_LPAE_S1, 48, 48, IO_PGTABLE_QUIRK_ARM_NS, "ns"),
	KDIFF_Q(ARM_64_LPAE_S1, 39, 48, IO_PGTABLE_QUIRK_ARM_TTBR1, "ttbr1"),
	KDIFF_Q(ARM_64_LPAE_S1, 36, 40, IO_PGTABLE_QUIRK_ARM_TTBR1, "ttbr1"),
	KDIFF(ARM_64_LPAE_S2, 48, 48),
	KDIFF(ARM_64_LPAE_S2, 44, 48),
	KDIFF(ARM_64_LPAE_S2, 42, 44),
	KDIFF(ARM_64_LPAE_S2, 40, 40),
	KDIFF(ARM_64_LPAE_S2, 32, 40),
	KDIFF(ARM_32_LPAE_S1, 32, 40),
	KDIFF(ARM_32_LPAE_S2, 40, 40),
	KDIFF(ARM_32_LPAE_S2, 35, 40),
#elif KSPEC_GRANULE_LG2 == 14
	KDIFF(ARM_64_LPAE_S1, 48, 48),
	KDIFF(ARM_64_LPAE_S1, 47, 44),
	KDIFF(ARM_64_LPAE_S1, 36, 40),
	KDIFF_Q(ARM_64_LPAE_S1, 47, 48, IO_PGTABLE_QUIRK_ARM_TTBR1, "ttbr1"),
	KDIFF(ARM_64_LPAE_S2, 48, 48),
	KDIFF(ARM_64_LPAE_S2, 40, 40),
	KDIFF(ARM_64_LPAE_S2, 36, 42),
#else
	KDIFF(ARM_64_LPAE_S1, 48, 48),
	KDIFF(ARM_64_LPAE_S1, 52, 52),
	KDIFF(ARM_64_LPAE_S1, 42, 40),
	KDIFF_Q(ARM_64_LPAE_S1, 48, 48, IO_PGTABLE_QUIRK_ARM_TTBR1, "ttbr1"),
	KDIFF(ARM_64_LPAE_S2, 48, 48),
	KDIFF(ARM_64_LPAE_S2, 52, 52),
	KDIFF(ARM_64_LPAE_S2, 40, 40),
#endif
};

static void kdiff_cfg_desc(const struct kdiff_cfg *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kdiff_cfg, kdiff_cfgs, kdiff_cfg_desc);

/* Random maps of the sequence, per configuration */
#define KDIFF_MAPS 10000
/* Mappings alive at once */
#define KDIFF_LIVE 256
/* A full tree comparison every so many operations */
#define KDIFF_WALK_EVERY 500

static bool kdiff_is_s2(const struct kdiff_cfg *c)
{
	return c->fmt == ARM_64_LPAE_S2 || c->fmt == ARM_32_LPAE_S2;
}

/* The cfg of our table that matches @c */
static void kdiff_our_cfg(const struct kdiff_cfg *c, PT_IOMMU_CFG_T *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->common.hw_max_vasz_lg2 = c->ias;
	cfg->common.hw_max_oasz_lg2 = c->oas;
	if (kdiff_is_s2(c))
		cfg->common.features |= BIT(PT_FEAT_ARMV8_S2);
	if (c->quirks & IO_PGTABLE_QUIRK_ARM_NS)
		cfg->common.features |= BIT(PT_FEAT_ARMV8_NS);
	if (c->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
		cfg->common.features |= BIT(PT_FEAT_ARMV8_TTBR1);
}

static void kdiff_tlb_flush_all(void *cookie)
{
}

static void kdiff_tlb_flush_walk(unsigned long iova, size_t size,
				 size_t granule, void *cookie)
{
}

static void kdiff_tlb_add_page(struct iommu_iotlb_gather *gather,
			       unsigned long iova, size_t granule,
			       void *cookie)
{
}

static const struct iommu_flush_ops kdiff_tlb_ops = {
	.tlb_flush_all = kdiff_tlb_flush_all,
	.tlb_flush_walk = kdiff_tlb_flush_walk,
	.tlb_add_page = kdiff_tlb_add_page,
};

/**
 * struct kdiff_map - one live mapping of the sequence
 * @iova: first IOVA, without the TTBR1 prefix
 * @len: length
 * @pa: first physical address
 */
struct kdiff_map {
	u64 iova;
	u64 len;
	u64 pa;
};

/**
 * struct kdiff - state of one differential case
 * @test: the case
 * @c: the configuration
 * @kd: our domain
 * @icfg: io-pgtable's cfg, as it filled it
 * @ops: io-pgtable's table
 * @dev: the device handed to io-pgtable (never used for DMA)
 * @rnd: random state
 * @prefix: the TTBR1 prefix of every IOVA, or 0
 * @sizes: the page sizes both offer
 * @region_lg2: size of each of the four regions maps fall in
 * @maps: live mappings
 * @num_maps: entries of @maps
 * @ops_done: maps and unmaps made on both tables
 * @mapped: maps made
 * @leaves: leaves installed, per page size
 * @prots: prot values used, as a bitmap
 * @probes: iova_to_phys comparisons
 * @leaves_cmp: leaf descriptors compared
 * @tables_cmp: table descriptors compared
 * @kept: io-pgtable tables with no leaf where we have none
 */
struct kdiff {
	struct kunit *test;
	const struct kdiff_cfg *c;
	struct karm_domain *kd;
	struct io_pgtable_cfg icfg;
	struct io_pgtable_ops *ops;
	struct device *dev;
	struct rnd_state rnd;
	u64 prefix;
	u64 sizes;
	unsigned int region_lg2;
	struct kdiff_map maps[KDIFF_LIVE];
	unsigned int num_maps;
	unsigned long ops_done;
	unsigned long mapped;
	unsigned long leaves[64];
	u64 prots;
	unsigned long probes;
	unsigned long leaves_cmp;
	unsigned long tables_cmp;
	unsigned long kept;
};

static u64 kdiff_granule_sizes(void)
{
	switch (KSPEC_GRANULE_LG2) {
	case 12:
		return SZ_4K | SZ_2M | SZ_1G;
	case 14:
		return SZ_16K | SZ_32M;
	default:
		return SZ_64K | SZ_512M | BIT_ULL(42);
	}
}

static int kdiff_init(struct kunit *test)
{
	const struct kdiff_cfg *c = test->param_value;
	PT_IOMMU_CFG_T cfg;
	struct kdiff *d;

	d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->test = test;
	d->c = c;
	d->kd = kunit_kzalloc(test, sizeof(*d->kd), GFP_KERNEL);
	d->dev = kunit_kzalloc(test, sizeof(*d->dev), GFP_KERNEL);
	if (!d->kd || !d->dev)
		return -ENOMEM;
	test->priv = d;

	kdiff_our_cfg(c, &cfg);
	if (karm_domain_init(d->kd, &cfg))
		return -EINVAL;

	d->icfg.quirks = c->quirks;
	d->icfg.pgsize_bitmap = kdiff_granule_sizes();
	d->icfg.ias = c->ias;
	d->icfg.oas = c->oas;
	d->icfg.coherent_walk = true;
	d->icfg.tlb = &kdiff_tlb_ops;
	d->icfg.iommu_dev = d->dev;
	d->ops = alloc_io_pgtable_ops(c->fmt, &d->icfg, d);
	if (!d->ops)
		return -EINVAL;
	if (c->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
		d->prefix = ~(BIT_ULL(c->ias) - 1);
	return 0;
}

static void kdiff_exit(struct kunit *test)
{
	struct kdiff *d = test->priv;

	if (!d)
		return;
	if (d->ops)
		free_io_pgtable_ops(d->ops);
	pt_iommu_deinit(&d->kd->table.iommu);
}

/* Largest size of @sizes that @va and @pa allow and that fits in @len */
static u64 kdiff_best(u64 sizes, u64 va, u64 pa, u64 len)
{
	int lg2;

	for (lg2 = 63; lg2 >= 0; lg2--) {
		u64 size = BIT_ULL(lg2);

		if ((sizes & size) && !((va | pa) & (size - 1)) && size <= len)
			return size;
	}
	return 0;
}

/*
 * Map [iova, iova + len) to @pa in io-pgtable as the IOMMU core would:
 * runs of the largest page size that fits, each passed as (size, count).
 */
static void kdiff_io_map(struct kdiff *d, u64 iova, u64 pa, u64 len, int prot)
{
	struct kunit *test = d->test;

	while (len) {
		u64 size = kdiff_best(d->sizes, iova, pa, len);
		size_t count = 1, mapped = 0;
		int ret;

		KUNIT_ASSERT_NE(test, size, 0);
		while ((count + 1) * size <= len &&
		       kdiff_best(d->sizes, iova + count * size,
				  pa + count * size, len - count * size) == size)
			count++;
		d->leaves[ilog2(size)] += count;
		while (mapped < count * size) {
			size_t done = 0;

			ret = d->ops->map_pages(d->ops, d->prefix | (iova + mapped),
						pa + mapped, size,
						count - mapped / size, prot,
						GFP_KERNEL, &done);
			KUNIT_ASSERT_EQ(test, ret, 0);
			KUNIT_ASSERT_NE(test, done, 0);
			mapped += done;
		}
		iova += mapped;
		pa += mapped;
		len -= mapped;
	}
}

/* Unmap what kdiff_io_map() mapped, in the same runs */
static void kdiff_io_unmap(struct kdiff *d, const struct kdiff_map *m)
{
	struct kunit *test = d->test;
	u64 iova = m->iova, pa = m->pa, len = m->len;
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	while (len) {
		u64 size = kdiff_best(d->sizes, iova, pa, len);
		size_t count = 1, done = 0;

		while ((count + 1) * size <= len &&
		       kdiff_best(d->sizes, iova + count * size,
				  pa + count * size, len - count * size) == size)
			count++;
		while (done < count * size) {
			size_t got;

			got = d->ops->unmap_pages(d->ops, d->prefix | (iova + done),
						  size, count - done / size,
						  &gather);
			KUNIT_ASSERT_NE(test, got, 0);
			done += got;
		}
		iova += done;
		pa += done;
		len -= done;
	}
}

static void kdiff_probe(struct kdiff *d, u64 iova, u64 expect)
{
	struct kunit *test = d->test;
	u64 va = d->prefix | iova;
	phys_addr_t ours = iommu_iova_to_phys(&d->kd->domain, va);
	phys_addr_t theirs = d->ops->iova_to_phys(d->ops, va);

	KUNIT_ASSERT_EQ_MSG(test, ours, theirs, "iova %#llx", va);
	KUNIT_ASSERT_EQ_MSG(test, ours, expect, "iova %#llx", va);
	d->probes++;
}

static u64 kdiff_model_phys(struct kdiff *d, u64 iova)
{
	unsigned int i;

	for (i = 0; i != d->num_maps; i++)
		if (iova >= d->maps[i].iova &&
		    iova - d->maps[i].iova < d->maps[i].len)
			return d->maps[i].pa + (iova - d->maps[i].iova);
	return 0;
}

static void kdiff_probe_range(struct kdiff *d, u64 iova, u64 len)
{
	u64 off = karm_rand_range(&d->rnd, 0, len - 1);

	kdiff_probe(d, iova, kdiff_model_phys(d, iova));
	kdiff_probe(d, iova + len - 1, kdiff_model_phys(d, iova + len - 1));
	kdiff_probe(d, iova + off, kdiff_model_phys(d, iova + off));
}

static bool kdiff_overlaps(struct kdiff *d, u64 iova, u64 len)
{
	unsigned int i;

	for (i = 0; i != d->num_maps; i++)
		if (iova < d->maps[i].iova + d->maps[i].len &&
		    d->maps[i].iova < iova + len)
			return true;
	return false;
}

/* A prot with read or write, every other flag at random */
static int kdiff_rand_prot(struct kdiff *d)
{
	int prot;

	do {
		prot = prandom_u32_state(&d->rnd) &
		       (IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE | IOMMU_NOEXEC |
			IOMMU_MMIO | IOMMU_PRIV);
	} while (!(prot & (IOMMU_READ | IOMMU_WRITE)));
	return prot;
}

/*
 * One map into an empty range: a page size of the table, one to four
 * such pages and sometimes a few granules more, at an IOVA and PA aligned
 * to the size or, a quarter of the time, less, so that the split mixes
 * sizes. IOVAs fall in four regions; small maps cluster in eight slices
 * of a region so that the tables stay few.
 */
static bool kdiff_random_map(struct kdiff *d)
{
	struct kunit *test = d->test;
	struct rnd_state *rnd = &d->rnd;
	unsigned int g = KSPEC_GRANULE_LG2;
	unsigned int n = hweight64(d->sizes), pick, lg2, a, b;
	u64 region, off, len, iova, pa, span;
	struct kdiff_map *m;
	size_t mapped = 0;
	int prot, ret;

	pick = prandom_u32_state(rnd) % n;
	for (lg2 = 0; lg2 != 64; lg2++)
		if ((d->sizes & BIT_ULL(lg2)) && !pick--)
			break;
	len = karm_rand_range(rnd, 1, 4) << lg2;
	if (!(prandom_u32_state(rnd) % 3))
		len += karm_rand_range(rnd, 1, 3) << g;
	/* Less aligned by at most 9 bits: at most ~2K leaves per map */
	a = prandom_u32_state(rnd) % 4 ? lg2 :
		karm_rand_range(rnd, max(g, lg2 - 9), lg2);
	b = prandom_u32_state(rnd) % 4 ? lg2 :
		karm_rand_range(rnd, max(g, lg2 - 9), lg2);

	span = BIT_ULL(d->region_lg2);
	region = (u64)(prandom_u32_state(rnd) % 4) << d->region_lg2;
	if (lg2 + 4 < d->region_lg2 - 3)
		off = ((u64)(prandom_u32_state(rnd) % 8) << (d->region_lg2 - 3)) |
		      (karm_rand64(rnd) & (BIT_ULL(lg2 + 4) - 1));
	else
		off = karm_rand64(rnd) & (span - 1);
	off &= ~(BIT_ULL(a) - 1);
	if (len > span)
		return false;
	if (off + len > span)
		off = (span - len) & ~(BIT_ULL(a) - 1);
	iova = region + off;
	if (kdiff_overlaps(d, iova, len))
		return false;
	/* In the lower half of the OA, so that pa + len stays inside */
	pa = karm_rand64(rnd) & (BIT_ULL(d->icfg.oas - 1) - 1) &
	     ~(BIT_ULL(b) - 1);
	if (!pa)
		pa = BIT_ULL(b);
	prot = kdiff_rand_prot(d);

	kdiff_io_map(d, iova, pa, len, prot);
	ret = d->kd->domain.ops->map_pages(&d->kd->domain, d->prefix | iova, pa,
					   BIT_ULL(g), len >> g, prot,
					   GFP_KERNEL, &mapped);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "iova %#llx pa %#llx len %#llx",
			    iova, pa, len);
	KUNIT_ASSERT_EQ(test, mapped, len);

	m = &d->maps[d->num_maps++];
	m->iova = iova;
	m->len = len;
	m->pa = pa;
	d->prots |= BIT_ULL(prot);
	d->mapped++;
	d->ops_done++;
	kdiff_probe_range(d, iova, len);
	return true;
}

/* Unmap one live mapping, with the mapping right after it when there is one */
static void kdiff_random_unmap(struct kdiff *d)
{
	struct kunit *test = d->test;
	unsigned int i = prandom_u32_state(&d->rnd) % d->num_maps, j, num = 1;
	struct kdiff_map run[2];
	struct iommu_iotlb_gather gather;
	u64 total;

	run[0] = d->maps[i];
	d->maps[i] = d->maps[--d->num_maps];
	for (j = 0; j != d->num_maps; j++) {
		if (d->maps[j].iova == run[0].iova + run[0].len) {
			run[num++] = d->maps[j];
			d->maps[j] = d->maps[--d->num_maps];
			break;
		}
	}
	total = run[0].len + (num == 2 ? run[1].len : 0);

	for (j = 0; j != num; j++)
		kdiff_io_unmap(d, &run[j]);
	iommu_iotlb_gather_init(&gather);
	KUNIT_ASSERT_EQ(test,
			d->kd->domain.ops->unmap_pages(&d->kd->domain,
						       d->prefix | run[0].iova,
						       BIT_ULL(KSPEC_GRANULE_LG2),
						       total >> KSPEC_GRANULE_LG2,
						       &gather),
			total);
	iommu_iotlb_sync(&d->kd->domain, &gather);
	d->ops_done++;
	kdiff_probe_range(d, run[0].iova, total);
}

/* Does the table at @table of @level (theirs) hold any leaf? */
static bool kdiff_has_leaf(u64 *table, unsigned int level)
{
	unsigned int i;

	for (i = 0; i != BIT(KSPEC_LEVEL_BITS); i++) {
		u64 e = READ_ONCE(table[i]);

		if (!(e & KSPEC_VALID))
			continue;
		if (kspec_arm_is_leaf(e, level) ||
		    kdiff_has_leaf(phys_to_virt(kspec_arm_addr(e)), level - 1))
			return true;
	}
	return false;
}

/*
 * Walk @ours and @theirs, tables of @level with 2^@items_lg2 items:
 * leaves bit-identical, tables identical but for the address.
 */
static void kdiff_walk(struct kdiff *d, u64 *ours, u64 *theirs,
		       unsigned int level, unsigned int items_lg2)
{
	struct kunit *test = d->test;
	u64 addr = kspec_arm_addr_field(GENMASK_ULL(KSPEC_MAX_OA_LG2 - 1, 0));
	unsigned int i;

	for (i = 0; i != BIT(items_lg2); i++) {
		u64 o = READ_ONCE(ours[i]), t = READ_ONCE(theirs[i]);
		bool o_valid = o & KSPEC_VALID, t_valid = t & KSPEC_VALID;

		if (!o_valid && !t_valid) {
			KUNIT_ASSERT_EQ(test, o, t);
			continue;
		}
		if (!o_valid && !kspec_arm_is_leaf(t, level)) {
			/* A table io-pgtable kept after its leaves went */
			KUNIT_ASSERT_EQ(test, o, 0);
			KUNIT_ASSERT_FALSE_MSG(test,
					       kdiff_has_leaf(phys_to_virt(kspec_arm_addr(t)),
							      level - 1),
					       "level %u item %u", level, i);
			d->kept++;
			continue;
		}
		KUNIT_ASSERT_TRUE_MSG(test, o_valid && t_valid,
				      "level %u item %u ours %#llx theirs %#llx",
				      level, i, o, t);
		if (kspec_arm_is_leaf(o, level) || kspec_arm_is_leaf(t, level)) {
			KUNIT_ASSERT_EQ_MSG(test, o, t, "leaf at level %u item %u",
					    level, i);
			d->leaves_cmp++;
			continue;
		}
		KUNIT_ASSERT_EQ_MSG(test, o & ~addr, t & ~addr,
				    "table at level %u item %u", level, i);
		d->tables_cmp++;
		kdiff_walk(d, phys_to_virt(kspec_arm_addr(o)),
			   phys_to_virt(kspec_arm_addr(t)), level - 1,
			   KSPEC_LEVEL_BITS);
	}
}

/* io-pgtable's top table, from the register value it computed */
static u64 *kdiff_their_top(struct kdiff *d)
{
	u64 reg;

	if (d->c->fmt == ARM_MALI_LPAE)
		reg = d->icfg.arm_mali_lpae_cfg.transtab & GENMASK_ULL(47, 12);
	else if (kdiff_is_s2(d->c))
		reg = d->icfg.arm_lpae_s2_cfg.vttbr;
	else
		reg = d->icfg.arm_lpae_s1_cfg.ttbr;
	return phys_to_virt(reg);
}

static void kdiff_compare_trees(struct kdiff *d)
{
	struct pt_common *common = &d->kd->table.PT_FMT_MEMBER.common;
	bool s2 = kdiff_is_s2(d->c);
	unsigned int level = kspec_arm_start_level(d->c->ias, s2);
	u64 *ours = (u64 *)(READ_ONCE(common->top_of_table) &
			    ~(uintptr_t)PT_TOP_LEVEL_MASK);

	KUNIT_ASSERT_EQ(d->test, READ_ONCE(common->top_of_table) &
				 PT_TOP_LEVEL_MASK, level);
	kdiff_walk(d, ours, kdiff_their_top(d), level,
		   kspec_arm_top_items_lg2(d->c->ias, s2));
}

/* hw_info gives the values io-pgtable put in its cfg */
static void kdiff_test_hw_info(struct kunit *test)
{
	struct kdiff *d = test->priv;
	struct pt_iommu_armv8_hw_info info;
	u64 our_top = virt_to_phys((void *)(d->kd->table.PT_FMT_MEMBER.common
						    .top_of_table &
					    ~(uintptr_t)PT_TOP_LEVEL_MASK));
	u64 their_top = virt_to_phys(kdiff_their_top(d));

	PT_API(hw_info)(&d->kd->table, &info);
	KUNIT_EXPECT_EQ(test, info.levels,
			kspec_arm_start_level(d->c->ias, kdiff_is_s2(d->c)) + 1);
	if (d->c->fmt == ARM_MALI_LPAE) {
		struct io_pgtable_cfg *i = &d->icfg;

		KUNIT_EXPECT_EQ(test, info.ttbr - our_top,
				i->arm_mali_lpae_cfg.transtab - their_top);
		KUNIT_EXPECT_EQ(test, info.mair, i->arm_mali_lpae_cfg.memattr);
	} else if (kdiff_is_s2(d->c)) {
		typeof(d->icfg.arm_lpae_s2_cfg) *s2 = &d->icfg.arm_lpae_s2_cfg;

		KUNIT_EXPECT_EQ(test, info.ttbr, our_top);
		KUNIT_EXPECT_EQ(test, s2->vttbr, their_top);
		KUNIT_EXPECT_EQ(test, info.ps, (u8)s2->vtcr.ps);
		KUNIT_EXPECT_EQ(test, info.tg, (u8)s2->vtcr.tg);
		KUNIT_EXPECT_EQ(test, info.sh, (u8)s2->vtcr.sh);
		KUNIT_EXPECT_EQ(test, info.orgn, (u8)s2->vtcr.orgn);
		KUNIT_EXPECT_EQ(test, info.irgn, (u8)s2->vtcr.irgn);
		KUNIT_EXPECT_EQ(test, info.sl, (u8)s2->vtcr.sl);
		KUNIT_EXPECT_EQ(test, info.tsz, (u8)s2->vtcr.tsz);
		KUNIT_EXPECT_EQ(test, info.mair, 0);
	} else {
		typeof(d->icfg.arm_lpae_s1_cfg) *s1 = &d->icfg.arm_lpae_s1_cfg;

		KUNIT_EXPECT_EQ(test, info.ttbr, our_top);
		KUNIT_EXPECT_EQ(test, s1->ttbr, their_top);
		KUNIT_EXPECT_EQ(test, info.ps, (u8)s1->tcr.ips);
		KUNIT_EXPECT_EQ(test, info.tg, (u8)s1->tcr.tg);
		KUNIT_EXPECT_EQ(test, info.sh, (u8)s1->tcr.sh);
		KUNIT_EXPECT_EQ(test, info.orgn, (u8)s1->tcr.orgn);
		KUNIT_EXPECT_EQ(test, info.irgn, (u8)s1->tcr.irgn);
		KUNIT_EXPECT_EQ(test, info.tsz, (u8)s1->tcr.tsz);
		/*
		 * Named difference: 6.1 computes the MAIR byte of index 3
		 * (0xf4 << 24) in int, which sign-extends into bits 63:32,
		 * the attributes of indexes 4-7 that no leaf uses. Ours
		 * leaves them 0; the used bytes must match.
		 */
		KUNIT_EXPECT_EQ(test, info.mair, s1->mair & GENMASK_ULL(31, 0));
		KUNIT_EXPECT_EQ(test, info.mair >> 32, 0);
	}
	/* The same page sizes, and the same aperture */
	KUNIT_EXPECT_EQ(test, d->kd->domain.pgsize_bitmap,
			d->icfg.pgsize_bitmap);
	KUNIT_EXPECT_EQ(test, d->kd->domain.geometry.aperture_start,
			d->prefix);
	KUNIT_EXPECT_EQ(test, d->kd->domain.geometry.aperture_end,
			d->prefix | (BIT_ULL(d->c->ias) - 1));
}

/*
 * The random sequence: KDIFF_MAPS maps and about as many unmaps, every
 * one probed on both tables, the trees compared every KDIFF_WALK_EVERY
 * operations and after everything is unmapped.
 */
static void kdiff_test_sequence(struct kunit *test)
{
	struct kdiff *d = test->priv;
	unsigned int lg2, ias = d->c->ias;
	unsigned long walks = 0;
	u64 usable, probe;

	d->sizes = d->kd->domain.pgsize_bitmap;
	KUNIT_ASSERT_EQ(test, d->sizes, d->icfg.pgsize_bitmap);
	/* Four regions, each twice the largest page where the VA allows */
	d->region_lg2 = min(ias - 2, (unsigned int)fls64(d->sizes));
	usable = d->sizes & GENMASK_ULL(d->region_lg2, 0);
	d->sizes = usable;
	prandom_seed_state(&d->rnd, 0xa4f0d1ffULL + test->param_index);

	while (d->mapped < KDIFF_MAPS) {
		unsigned int dice = prandom_u32_state(&d->rnd) % 100;

		if (d->num_maps && (dice < 45 || d->num_maps == KDIFF_LIVE))
			kdiff_random_unmap(d);
		else
			kdiff_random_map(d);
		if (!(d->ops_done % KDIFF_WALK_EVERY)) {
			kdiff_compare_trees(d);
			walks++;
		}
		probe = karm_rand64(&d->rnd) & (BIT_ULL(ias) - 1);
		kdiff_probe(d, probe, kdiff_model_phys(d, probe));
	}
	kdiff_compare_trees(d);
	while (d->num_maps)
		kdiff_random_unmap(d);
	kdiff_compare_trees(d);
	walks += 2;

	/* Every page size and every prot with read or write was used */
	for (lg2 = 0; lg2 != 64; lg2++)
		if (usable & BIT_ULL(lg2))
			KUNIT_EXPECT_GT_MSG(test, d->leaves[lg2], 0,
					    "no leaf of 2^%u", lg2);
	KUNIT_EXPECT_EQ(test, hweight64(d->prots), 48);
	KUNIT_EXPECT_GT(test, d->leaves_cmp, 0);
	kunit_info(test,
		   "%lu ops (%lu maps), %lu probes, %lu walks comparing %lu leaf and %lu table entries (%lu kept empty tables)\n",
		   d->ops_done, d->mapped, d->probes, walks, d->leaves_cmp,
		   d->tables_cmp, d->kept);
}

static struct kunit_case kdiff_cases[] = {
	KUNIT_CASE_PARAM(kdiff_test_hw_info, kdiff_cfg_gen_params),
	KUNIT_CASE_PARAM(kdiff_test_sequence, kdiff_cfg_gen_params),
	{}
};

static struct kunit_suite kdiff_suite = {
	.name = __stringify(PTPFX) "diff",
	.init = kdiff_init,
	.exit = kdiff_exit,
	.test_cases = kdiff_cases,
};

kunit_test_suites(&kdiff_suite);
