/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "<fmt>_iommu": the format's exported functions driven the way
 * a driver and the kernel drive them. The domain embeds the table in the
 * union pattern of Documentation/architecture.rst and its ops come from
 * IOMMU_PT_DOMAIN_OPS(); most cases go through the 6.1 core's iommu_map(),
 * iommu_unmap() and iommu_iova_to_phys(), and call the domain ops directly
 * only where the core would hide a contract (bad arguments, partial maps,
 * the gather). Expected values come from a reference model of the
 * mappings (a maple tree), from kunit/spec_<fmt>.h and from walking the
 * table as the device sees it (kunit_device_view.h), never from the code
 * under test. Every case checks that no table page is left afterwards,
 * and that no table stays DMA mapped (or, for a walker that snoops, that
 * the DMA API was never used).
 */
#include <linux/debugfs.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "kunit_domain.h"
#include "kunit_model.h"
#include "kunit_device_view.h"

/* Bits of phys_addr_t: output addresses the API can carry */
#define KPT_PHYS_LG2 (sizeof(phys_addr_t) * BITS_PER_BYTE)

/**
 * struct kpt_iommu - state of one iommu suite case
 * @kd: the domain under test
 * @p: the configuration
 * @top_level: top level the configuration starts with, per the spec
 * @va_lg2: VA bits of the lower half the table can ever translate, per
 *   the spec, and at most BITS_PER_LONG: [0, 2^va_lg2)
 * @sign_extend: the table also translates the upper half [-2^va_lg2, 0)
 *   (never on a 32-bit kernel: it is beyond unsigned long)
 * @oa_lg2: OA bits of the configuration, at most those of phys_addr_t
 * @start_pages: table pages allocated before the case
 * @view: the device's view of the table, kept by the DMA hook
 * @model: the mappings of the random tests, emptied by the exit hook
 * @ext: state of a suite built on this fixture (kunit_range.h)
 */
struct kpt_iommu {
	struct kpt_domain *kd;
	const struct pt_kunit_fmt_cfg *p;
	unsigned int top_level;
	unsigned int va_lg2;
	bool sign_extend;
	unsigned int oa_lg2;
	long start_pages;
	struct kpt_view *view;
	struct kpt_model model;
	void *ext;
};

/* All ones below bit @lg2; every bit for 64 */
static u64 kpt_lg2max(unsigned int lg2)
{
	return lg2 >= 64 ? U64_MAX : BIT_ULL(lg2) - 1;
}

static bool kpt_has(struct kpt_iommu *t, unsigned int feature)
{
	return t->p->cfg.common.features & BIT(feature);
}

/* The configuration's features as the spec functions take them */
static struct pt_common kpt_cfg_common(struct kpt_iommu *t)
{
	struct pt_common common = { .features = t->p->cfg.common.features };

	return common;
}

/* First IOVA of the upper half of a sign-extended table */
static u64 kpt_upper_start(struct kpt_iommu *t)
{
	return ~kpt_lg2max(t->va_lg2);
}

/* Does the configuration translate @iova, by the spec? */
static bool kpt_iova_valid(struct kpt_iommu *t, u64 iova)
{
	return iova <= kpt_lg2max(t->va_lg2) ||
	       (t->sign_extend && iova >= kpt_upper_start(t));
}

static int kpt_iommu_init(struct kunit *test)
{
	const struct pt_kunit_fmt_cfg *p = test->param_value;
	struct kpt_iommu *t;

	test->priv = NULL;
	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->kd = kunit_kzalloc(test, sizeof(*t->kd), GFP_KERNEL);
	if (!t->kd)
		return -ENOMEM;
	t->p = p;
	t->top_level = kspec_start_level(&p->cfg);
	/*
	 * What the API's types reach of the table: on a 32-bit kernel the
	 * IOVAs of unsigned long (the aperture is clamped there, and the
	 * upper half of a sign-extended table is out of reach) and the
	 * output addresses of phys_addr_t
	 */
	t->va_lg2 = min_t(unsigned int, kspec_va_lg2(&p->cfg), BITS_PER_LONG);
	t->sign_extend = kspec_sign_extended(&p->cfg) &&
			 t->va_lg2 < BITS_PER_LONG;
	t->oa_lg2 = min_t(unsigned int, p->cfg.common.hw_max_oasz_lg2,
			  KPT_PHYS_LG2);
	t->start_pages = pt_iommu_table_pages();
	t->view = kpt_view_start(test);
	if (!t->view)
		return -ENOMEM;
	test->priv = t;
	return kpt_domain_init(t->kd, &p->cfg, true, &kpt_walker_dev);
}

static void kpt_iommu_exit(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;

	pt_iommu_fail_alloc_after(0);
	pt_iommu_test_table_pa_offset(0);
	if (!t)
		return;
	kpt_model_destroy(&t->model);
	kpt_free_deferred(t->kd);
	pt_iommu_deinit(&t->kd->fmt_table.iommu);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), t->start_pages,
			    "table pages leaked");
	/* The DMA hook is still installed: the view's resource goes later */
	KUNIT_EXPECT_NULL_MSG(test, t->view->bad, "%s", t->view->bad);
	KUNIT_EXPECT_EQ_MSG(test, kpt_view_num_shadows(t->view), 0,
			    "tables left DMA mapped");
	KUNIT_EXPECT_EQ(test, t->view->maps, t->view->unmaps);
	if (!kpt_has(t, PT_FEAT_DMA_INCOHERENT))
		KUNIT_EXPECT_EQ_MSG(test,
				    t->view->maps + t->view->flushes, 0,
				    "DMA API used for a walker that snoops");
}

/*
 * A physical address for @iova with the same alignment, in the second
 * quarter of the configuration's OA: never 0, and a range a little past it
 * stays inside the OA.
 */
static phys_addr_t kpt_pa(struct kpt_iommu *t, unsigned long iova)
{
	u64 quarter = BIT_ULL(t->oa_lg2 - 2);

	return quarter | (iova & (quarter - 1));
}

/*
 * The largest page size of the domain at most 2^@max_lg2 of which 2^@room
 * fit in the VA.
 */
static unsigned long kpt_pick_size(struct kunit *test, unsigned int max_lg2,
				   unsigned int room)
{
	struct kpt_iommu *t = test->priv;
	u64 sizes = t->kd->domain.pgsize_bitmap & kpt_lg2max(max_lg2 + 1);

	sizes &= kpt_lg2max(t->va_lg2 - room + 1);
	KUNIT_ASSERT_NE(test, sizes, 0);
	return BIT_ULL(fls64(sizes) - 1);
}

/*
 * Allocations of @n tables below the top on a fresh table: one each, or
 * one per page where they share pages
 */
static unsigned int kpt_table_allocs(unsigned int n)
{
	unsigned int lg2 = kspec_level_bits(0) + KSPEC_ITEM_LG2SZ;

	if (KSPEC_SHARED_TABLE_LEVEL != 0 || lg2 >= PAGE_SHIFT)
		return n;
	return DIV_ROUND_UP(n, 1U << (PAGE_SHIFT - lg2));
}

/* Allocator pages of @allocs allocations of tables below the top */
static long kpt_alloc_pages(unsigned int allocs)
{
	unsigned int lg2 = kspec_level_bits(0) + KSPEC_ITEM_LG2SZ;

	return (long)allocs << (lg2 > PAGE_SHIFT ? lg2 - PAGE_SHIFT : 0);
}

/* Allocator pages of @n tables below the top, on a fresh table */
static long kpt_table_pages(unsigned int n)
{
	return kpt_alloc_pages(kpt_table_allocs(n));
}

/* The geometry and page sizes init reports match the spec */
static void kpt_test_geometry(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct iommu_domain *domain = &t->kd->domain;
	struct pt_common common = kpt_cfg_common(t);
	u64 bitmap = domain->pgsize_bitmap;
	u64 spec = kspec_pgsize_bitmap(&common);
	u64 start, end;

	KUNIT_EXPECT_EQ(test, domain->geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, domain->geometry.aperture_end,
			kpt_lg2max(t->va_lg2));
	KUNIT_EXPECT_TRUE(test, domain->geometry.force_aperture);
	/* A VA wider than unsigned long (a 32-bit kernel) is clamped there */
	if (kspec_va_lg2(&t->p->cfg) >= BITS_PER_LONG)
		KUNIT_EXPECT_EQ(test, domain->geometry.aperture_end, ULONG_MAX);
	/* Only the format's sizes, below the VA width, at most the OA */
	KUNIT_EXPECT_EQ(test, bitmap & ~spec, 0);
	KUNIT_EXPECT_EQ(test, bitmap & ~kpt_lg2max(t->va_lg2), 0);
	KUNIT_EXPECT_EQ(test, bitmap & ~kpt_lg2max(t->oa_lg2 + 1), 0);
	/* and every one of them that is smaller than both */
	KUNIT_EXPECT_EQ(test,
			spec & kpt_lg2max(min(t->va_lg2, t->oa_lg2)) & ~bitmap,
			0);
	KUNIT_EXPECT_EQ(test, bitmap & KPT_GSZ, KPT_GSZ);
	kpt_check_hw_info(test, &t->kd->fmt_table, t->top_level, 0);
	KUNIT_EXPECT_EQ(test, t->kd->change_top_calls, 0);

	/*
	 * The same table on a kernel with 32-bit IOVA types: the aperture
	 * ends at 4G - 1 and no page size is longer than that
	 */
	bitmap = domain->pgsize_bitmap;
	KUNIT_ASSERT_EQ(test,
			pt_api_geometry(&t->kd->fmt_table.PT_FMT_MEMBER.common,
					U32_MAX, &start, &end, &bitmap),
			0);
	KUNIT_EXPECT_EQ(test, start, 0);
	KUNIT_EXPECT_EQ(test, end, min_t(u64, kpt_lg2max(t->va_lg2), U32_MAX));
	KUNIT_EXPECT_EQ(test, bitmap, spec & domain->pgsize_bitmap & U32_MAX);
}

/* Is 2^@lg2 the item size of one of the spec's levels? */
static bool kpt_is_item_lg2(unsigned int lg2)
{
	unsigned int level;

	for (level = 0; level != KSPEC_MAX_LEVELS; level++)
		if (kspec_item_lg2(level) == lg2)
			return true;
	return false;
}

/*
 * Map one page of @size, check translations inside and around it, then
 * unmap it: with its length, or with one granule, which must take the
 * whole leaf. pt_iommu_<fmt>_leaf_lg2sz() sees one leaf of @size.
 */
static void kpt_map_one_size(struct kunit *test, unsigned long iova,
			     phys_addr_t pa, unsigned long size, bool whole)
{
	struct kpt_iommu *t = test->priv;
	unsigned long offs[] = { 0, KPT_GSZ - 8, size / 2 + 0x18, size - 1 };
	unsigned int i;

	KUNIT_ASSERT_EQ_MSG(test, kpt_map(t->kd, iova, pa, size, KPT_RW), 0,
			    "size %#lx iova %#lx pa %#llx", size, iova, pa);
	for (i = 0; i != ARRAY_SIZE(offs); i++) {
		unsigned int item = 0;

		KUNIT_EXPECT_EQ_MSG(test, kpt_phys(t->kd, iova + offs[i]),
				    pa + offs[i], "size %#lx iova %#lx", size,
				    iova + offs[i]);
		/* One leaf of that size, made of items of one of the levels */
		KUNIT_EXPECT_EQ(test,
				PT_API(leaf_lg2sz)(&t->kd->domain,
						   iova + offs[i], &item),
				ilog2(size));
		KUNIT_EXPECT_LE(test, item, ilog2(size));
		KUNIT_EXPECT_TRUE_MSG(test, kpt_is_item_lg2(item),
				      "item 2^%u", item);
	}
	if (iova)
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova - 1), 0);
	if (iova + (size - 1) != ULONG_MAX)
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova + size), 0);

	if (whole)
		KUNIT_EXPECT_EQ_MSG(test, kpt_unmap(t->kd, iova, size), size,
				    "size %#lx iova %#lx", size, iova);
	else
		KUNIT_EXPECT_EQ_MSG(test, kpt_unmap(t->kd, iova, KPT_GSZ), size,
				    "size %#lx iova %#lx", size, iova);
	for (i = 0; i != ARRAY_SIZE(offs); i++) {
		unsigned int item = 0;

		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova + offs[i]), 0);
		KUNIT_EXPECT_EQ(test,
				PT_API(leaf_lg2sz)(&t->kd->domain,
						   iova + offs[i], &item),
				0);
	}
}

/*
 * Every page size of the domain at the bottom of the VA with the highest
 * OA, and at the top of the VA with a low OA; the same in the upper half
 * of a sign-extended table.
 */
static void kpt_test_map_all_sizes(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	u64 sizes = t->kd->domain.pgsize_bitmap;
	u64 va_end = kpt_lg2max(t->va_lg2);
	u64 oa_end = kpt_lg2max(t->oa_lg2);
	unsigned int lg2, tested = 0;

	for (lg2 = 0; lg2 != 64; lg2++) {
		unsigned long size = BIT_ULL(lg2);
		phys_addr_t high_pa = 0, low_pa = 0;

		if (!(sizes & size))
			continue;
		if (size - 1 < oa_end)
			high_pa = oa_end - (size - 1);
		if (size <= oa_end - (size - 1))
			low_pa = size;

		kpt_map_one_size(test, size - 1 <= va_end - size ? size : 0,
				 high_pa, size, lg2 & 1);
		kpt_map_one_size(test, va_end - (size - 1), low_pa, size,
				 !(lg2 & 1));
		if (t->sign_extend) {
			kpt_map_one_size(test, kpt_upper_start(t), high_pa,
					 size, !(lg2 & 1));
			kpt_map_one_size(test, ULONG_MAX - (size - 1), low_pa,
					 size, lg2 & 1);
		}
		tested++;
	}
	KUNIT_EXPECT_EQ(test, tested, hweight64(sizes));
	/* More than one size wherever the format has more */
	KUNIT_EXPECT_GE(test, tested,
			min_t(unsigned int, 2,
			      hweight_long(t->kd->domain.pgsize_bitmap)));
}

/*
 * Tables a map needs below its leaves: for granule pages at @vas[] under
 * a leaf of level @leaf_level, the distinct tables of every lower level.
 */
static unsigned int kpt_tables_below(const u64 *vas, unsigned int num,
				     unsigned int leaf_level)
{
	unsigned int level, i, j, count = 0;

	for (level = 0; level < leaf_level; level++) {
		unsigned int lg2 = kspec_level_va_lg2(level);

		for (i = 0; i != num; i++) {
			for (j = 0; j != i; j++)
				if (vas[j] >> lg2 == vas[i] >> lg2)
					break;
			count += j == i;
		}
	}
	return count;
}

/*
 * Granule pages inside the region of a leaf of 2^@size_lg2 at
 * @leaf_level are mapped and unmapped, which leaves their tables; the
 * leaf then mapped over the region replaces the empty tables, which must
 * all be freed through the gather. At level 0 there are none to free.
 */
static void kpt_table_to_leaf(struct kunit *test, unsigned int leaf_level,
			      unsigned int size_lg2)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_domain *kd = t->kd;
	unsigned long size = BIT_ULL(size_lg2);
	unsigned long region = size;
	u64 vas[] = { region, region + size / 2 + 3 * KPT_GSZ,
		      region + size - KPT_GSZ };
	unsigned int expect = kpt_tables_below(vas, ARRAY_SIZE(vas),
					       leaf_level);
	unsigned int i, pass;
	unsigned long freed;
	long pages;

	KUNIT_ASSERT_LE(test, size_lg2 + 1, t->va_lg2);
	for (pass = 0; pass != 2; pass++) {
		for (i = 0; i != ARRAY_SIZE(vas); i++)
			KUNIT_ASSERT_EQ(test,
					kpt_map(t->kd, vas[i],
						kpt_pa(t, vas[i]), KPT_GSZ,
						KPT_RW),
					0);
		pages = pt_iommu_table_pages();
		for (i = 0; i != ARRAY_SIZE(vas); i++)
			KUNIT_ASSERT_EQ(test, kpt_unmap(t->kd, vas[i], KPT_GSZ),
					KPT_GSZ);
		/* No unmap covered a whole table, so none was freed */
		KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
		if (pass)
			break;

		/*
		 * A domain that cannot invalidate keeps its tables: the map
		 * uses smaller leaves inside them and frees nothing
		 */
		kd->domain.ops = &kpt_domain_ops_nosync;
		KUNIT_ASSERT_EQ(test,
				kpt_map(t->kd, region, kpt_pa(t, 0), size,
					KPT_RW), 0);
		kd->domain.ops = &kpt_domain_ops;
		KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
		kpt_view_check(test, t->view, &kd->fmt_table);
		for (i = 0; i != ARRAY_SIZE(vas); i++)
			KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, vas[i] + 5),
					kpt_pa(t, 0) + (vas[i] - region) + 5);
		/* Every leaf inside, whatever their sizes */
		KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, region, size), size);
	}

	/*
	 * With iotlb_sync, break-before-make: the flush of the replaced
	 * tables happens while nothing is mapped at the leaf's IOVAs
	 */
	kpt_sync_reset(kd);
	freed = kd->freed_tables;
	kd->probe_iova = vas[1];
	kd->probe_phys = 1;
	kd->probing = true;
	KUNIT_ASSERT_EQ(test,
			kpt_map(t->kd, region, kpt_pa(t, 0), size, KPT_RW), 0);
	kd->probing = false;
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(),
			pages - kpt_table_pages(expect));
	KUNIT_EXPECT_EQ(test, kd->freed_tables - freed, expect);
	if (expect) {
		KUNIT_EXPECT_LE(test, kd->sync_start, region);
		KUNIT_EXPECT_GE(test, kd->sync_end, region + size - 1);
		KUNIT_EXPECT_EQ_MSG(test, kd->probe_phys, 0,
				    "the leaf was written before the flush");
	}
	for (i = 0; i != ARRAY_SIZE(vas); i++)
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, vas[i] + 5),
				kpt_pa(t, 0) + (vas[i] - region) + 5);
	/* It is one leaf */
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, region, KPT_GSZ), size);
}

/*
 * Table to leaf at levels 1 and 2 where the VA has room; a table of one
 * level has no lower tables, and there a leaf of many items over the
 * emptied items must neither allocate nor free one.
 */
static void kpt_test_table_to_leaf(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	unsigned int level, tested = 0;
	unsigned long size;

	for (level = 1; level <= 2; level++) {
		unsigned int lg2 = kspec_item_lg2(level);

		if (!(t->kd->domain.pgsize_bitmap & BIT_ULL(lg2)) ||
		    lg2 + 1 > t->va_lg2)
			continue;
		kpt_table_to_leaf(test, level, lg2);
		tested++;
	}
	if (tested)
		return;
	size = kpt_pick_size(test, kspec_item_lg2(1), 1);
	/* A format of one page size never puts a leaf over a table */
	if (size == KPT_GSZ) {
		KUNIT_EXPECT_EQ(test, t->kd->domain.pgsize_bitmap, KPT_GSZ);
		return;
	}
	kpt_table_to_leaf(test, 0, ilog2(size));
}

/*
 * Unmap and large leaves: a range starting inside a leaf removes nothing,
 * one ending inside a leaf removes all of it and says so, a range over
 * mappings of several sizes removes them all, and an unmap stops at the
 * first hole. A format of one page size checks the last two with runs of
 * pages.
 */
static void kpt_test_unmap_large_leaf(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_domain *kd = t->kd;
	struct iommu_domain *domain = &kd->domain;
	unsigned long big = kpt_pick_size(test, kspec_item_lg2(1), 3);
	unsigned long g = KPT_GSZ;
	/* A format of one page size has no leaf to start or end inside */
	bool large = domain->pgsize_bitmap != g;
	unsigned long b, sizes[6];
	struct iommu_iotlb_gather gather;
	unsigned long iova, total;
	unsigned int i;

	if (large)
		KUNIT_ASSERT_GE(test, big, 16 * g);
	else
		big = 16 * g;
	b = 4 * big;
	sizes[0] = big;
	sizes[1] = big / 2;
	sizes[2] = g;
	sizes[3] = g;
	sizes[4] = 2 * g;
	sizes[5] = 4 * g;
	if (!large)
		goto several;

	/* Starts inside: nothing happens */
	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, b, kpt_pa(t, b), big, KPT_RW), 0);
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, b + g, g), 0);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, domain->ops->unmap_pages(domain, b + big / 2, g,
						       2, &gather), 0);
	iommu_iotlb_sync(domain, &gather);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, b), kpt_pa(t, b));
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, b + big - 1),
			kpt_pa(t, b + big - 1));

	/* Ends inside: the whole leaf goes, and is flushed */
	KUNIT_ASSERT_EQ(test,
			kpt_map(t->kd, b - g, kpt_pa(t, b - g), g, KPT_RW), 0);
	kpt_sync_reset(kd);
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, b - g, 2 * g), big + g);
	KUNIT_EXPECT_LE(test, kd->sync_start, b - g);
	KUNIT_EXPECT_GE(test, kd->sync_end, b + big - 1);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, b - g), 0);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, b + big - 1), 0);

	/* Several mappings of different sizes in one unmap */
several:
	iova = b;
	for (i = 0; i != ARRAY_SIZE(sizes); i++) {
		KUNIT_ASSERT_EQ(test,
				kpt_map(t->kd, iova, kpt_pa(t, iova) ^ big,
					sizes[i], KPT_RW),
				0);
		iova += sizes[i];
	}
	total = iova - b;
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, b, total), total);
	for (iova = b; iova < b + total; iova += g)
		KUNIT_ASSERT_EQ(test, kpt_phys(t->kd, iova), 0);

	/* A hole stops the unmap, directly and through the core */
	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, b, kpt_pa(t, b), 2 * g, KPT_RW),
			0);
	KUNIT_ASSERT_EQ(test,
			kpt_map(t->kd, b + 3 * g, kpt_pa(t, b), g, KPT_RW), 0);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, domain->ops->unmap_pages(domain, b, g, 4,
						       &gather), 2 * g);
	iommu_iotlb_sync(domain, &gather);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, b), 0);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, b + 3 * g), kpt_pa(t, b));
	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, b, kpt_pa(t, b), 2 * g, KPT_RW),
			0);
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, b, 4 * g), 2 * g);
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, b + 2 * g, g), 0);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, b + 3 * g), kpt_pa(t, b));
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, b + 3 * g, g), g);
}

/*
 * Two unmaps into one gather: adjacent ranges merge; a disjoint range is
 * added after a sync with PT_FEAT_FLUSH_RANGE_NO_GAPS, merged over the gap
 * without it.
 */
static void kpt_test_gather(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_domain *kd = t->kd;
	struct iommu_domain *domain = &kd->domain;
	unsigned long big = kpt_pick_size(test, kspec_item_lg2(1), 3);
	unsigned long g = KPT_GSZ;
	unsigned long d1 = 2 * big, d2 = 6 * big;
	struct iommu_iotlb_gather gather;

	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, d1, kpt_pa(t, d1), g, KPT_RW), 0);
	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, d1 + g, kpt_pa(t, d1), g, KPT_RW),
			0);
	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, d2, kpt_pa(t, d2), g, KPT_RW), 0);

	iommu_iotlb_gather_init(&gather);
	kpt_sync_reset(kd);
	KUNIT_EXPECT_EQ(test, domain->ops->unmap_pages(domain, d1, g, 1,
						       &gather), g);
	KUNIT_EXPECT_EQ(test, domain->ops->unmap_pages(domain, d1 + g, g, 1,
						       &gather), g);
	KUNIT_EXPECT_EQ(test, kd->syncs, 0);
	KUNIT_EXPECT_EQ(test, gather.start, d1);
	KUNIT_EXPECT_EQ(test, gather.end, d1 + 2 * g - 1);

	KUNIT_EXPECT_EQ(test, domain->ops->unmap_pages(domain, d2, g, 1,
						       &gather), g);
	if (kpt_has(t, PT_FEAT_FLUSH_RANGE_NO_GAPS)) {
		KUNIT_EXPECT_EQ(test, kd->syncs, 1);
		KUNIT_EXPECT_EQ(test, kd->sync_start, d1);
		KUNIT_EXPECT_EQ(test, kd->sync_end, d1 + 2 * g - 1);
		KUNIT_EXPECT_EQ(test, gather.start, d2);
	} else {
		KUNIT_EXPECT_EQ(test, kd->syncs, 0);
		KUNIT_EXPECT_EQ(test, gather.start, d1);
	}
	KUNIT_EXPECT_EQ(test, gather.end, d2 + g - 1);
	iommu_iotlb_sync(domain, &gather);
	KUNIT_EXPECT_EQ(test, kd->sync_end, d2 + g - 1);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, d1), 0);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, d2), 0);
}

#define KPT_DYN_MAPS 16

/*
 * With PT_FEAT_DYNAMIC_TOP the top grows one level when a map needs one
 * more level: change_top reports each new top, hw_info agrees, the map
 * just below the boundary does not grow it, and earlier mappings keep
 * translating. A fixed top never grows and refuses VAs beyond it.
 */
static void kpt_test_dynamic_top(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_domain *kd = t->kd;
	unsigned long vas[KPT_DYN_MAPS];
	unsigned int level, num = 0, i, calls;
	unsigned int final = t->top_level;
	u64 va_end = kpt_lg2max(t->va_lg2);

	if (!kpt_has(t, PT_FEAT_DYNAMIC_TOP)) {
		KUNIT_ASSERT_EQ(test,
				kpt_map(t->kd, va_end - (KPT_GSZ - 1),
					kpt_pa(t, 0), KPT_GSZ, KPT_RW),
				0);
		if (t->va_lg2 < BITS_PER_LONG)
			KUNIT_EXPECT_EQ(test,
					kpt_map(t->kd, va_end + 1, kpt_pa(t, 0),
						KPT_GSZ, KPT_RW),
					-ERANGE);
		KUNIT_EXPECT_EQ(test, kd->change_top_calls, 0);
		kpt_check_hw_info(test, &kd->fmt_table, t->top_level, 0);
		KUNIT_EXPECT_EQ(test,
				kpt_unmap(t->kd, va_end - (KPT_GSZ - 1),
					  KPT_GSZ), KPT_GSZ);
		return;
	}

	while (kspec_level_va_lg2(final) < t->va_lg2)
		final++;
	vas[num++] = 0;
	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, 0, kpt_pa(t, 0), KPT_GSZ, KPT_RW),
			0);
	kpt_check_hw_info(test, &kd->fmt_table, t->top_level, 0);
	KUNIT_EXPECT_EQ(test, kd->change_top_calls, 0);

	for (level = t->top_level + 1; level <= final; level++) {
		unsigned long boundary = BIT_ULL(kspec_level_va_lg2(level - 1));

		calls = kd->change_top_calls;
		vas[num] = boundary - KPT_GSZ;
		KUNIT_ASSERT_EQ(test,
				kpt_map(t->kd, vas[num], kpt_pa(t, vas[num]),
					KPT_GSZ, KPT_RW),
				0);
		num++;
		KUNIT_EXPECT_EQ(test, kd->change_top_calls, calls);

		vas[num] = boundary;
		KUNIT_ASSERT_EQ(test,
				kpt_map(t->kd, vas[num], kpt_pa(t, vas[num]),
					KPT_GSZ, KPT_RW),
				0);
		num++;
		KUNIT_EXPECT_EQ(test, kd->change_top_calls, calls + 1);
		KUNIT_EXPECT_EQ(test, kd->top_level, level);
		kpt_check_hw_info(test, &kd->fmt_table, level, kd->top_paddr);
		for (i = 0; i != num; i++)
			KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, vas[i] + 7),
					kpt_pa(t, vas[i]) + 7);
	}
	KUNIT_EXPECT_EQ(test, kd->change_top_calls, final - t->top_level);
	KUNIT_EXPECT_EQ_MSG(test, kd->early_tops, 0,
			    "a new top was published before change_top");

	if (t->va_lg2 < BITS_PER_LONG) {
		calls = kd->change_top_calls;
		KUNIT_EXPECT_EQ(test,
				kpt_map(t->kd, va_end + 1, kpt_pa(t, 0),
					KPT_GSZ, KPT_RW),
				-ERANGE);
		KUNIT_EXPECT_EQ(test, kd->change_top_calls, calls);
	}
	for (i = 0; i != num; i++)
		KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, vas[i], KPT_GSZ),
				KPT_GSZ);
}

/* --- random map/unmap against a reference model --- */

/* Windows of the random tests: one in each half the table translates */
#define KPT_MAX_WINDOWS 2

/**
 * struct kpt_random - a random sequence of operations
 * @t: the case
 * @rnd: the random state, seeded per configuration
 * @base: first IOVA of the window the current operation works in
 * @last: last IOVA of that window
 * @win: index of that window
 * @num_wins: windows in use
 * @win_base: first IOVA of each window
 * @win_last: last IOVA of each window
 * @win_maps: maps that succeeded in each window
 * @max_lg2: largest mapping, log2
 * @after_op: called after every map and unmap, may be NULL
 * @maps: maps that succeeded
 * @overlaps: maps refused with -EADDRINUSE
 * @unmaps: unmaps
 * @multi: unmaps over several mappings
 * @holes: unmaps that ran into a hole
 * @probes: iova_to_phys checks, each also through the device's view
 */
struct kpt_random {
	struct kpt_iommu *t;
	struct rnd_state rnd;
	unsigned long base;
	unsigned long last;
	unsigned int win;
	unsigned int num_wins;
	unsigned long win_base[KPT_MAX_WINDOWS];
	unsigned long win_last[KPT_MAX_WINDOWS];
	unsigned int win_maps[KPT_MAX_WINDOWS];
	unsigned int max_lg2;
	void (*after_op)(struct kunit *test, struct kpt_random *r);
	unsigned int maps;
	unsigned int overlaps;
	unsigned int unmaps;
	unsigned int multi;
	unsigned int holes;
	unsigned int probes;
};

/* Some mapping of the window in @m; false when it has none */
static bool kpt_model_any(struct kpt_random *r, struct kpt_model_map *m)
{
	unsigned long at = kpt_rand_range(&r->rnd, r->base, r->last);

	return kpt_model_find(&r->t->model, at, r->last, m) ||
	       kpt_model_find(&r->t->model, r->base, r->last, m);
}

/* The table and the device agree with the model at @iova */
static void kpt_probe(struct kunit *test, struct kpt_random *r,
		      unsigned long iova)
{
	struct kpt_iommu *t = r->t;
	phys_addr_t want = kpt_model_phys(&t->model, iova);

	KUNIT_ASSERT_EQ_MSG(test, kpt_phys(t->kd, iova), want, "iova %#lx",
			    iova);
	KUNIT_ASSERT_EQ_MSG(test,
			    kpt_view_translate(test, t->view, &t->kd->fmt_table,
					       iova),
			    want, "the device's view of iova %#lx", iova);
	r->probes++;
}

/* Probe the ends and a random byte of [iova, iova + len) */
static void kpt_probe_range(struct kunit *test, struct kpt_random *r,
			    unsigned long iova, unsigned long len)
{
	kpt_probe(test, r, iova);
	kpt_probe(test, r, iova + len - 1);
	kpt_probe(test, r, iova + kpt_rand_range(&r->rnd, 0, len - 1));
}

/*
 * A map of random length (up to 2^max_lg2), IOVA alignment and
 * congruence of IOVA and PA, so that it needs from one to about a
 * thousand leaves of mixed sizes; a quarter aim at an existing mapping
 * and an eighth start right after one.
 * The model decides whether it must succeed or fail with -EADDRINUSE;
 * a failed map must leave every translation as it was.
 */
static void kpt_random_map(struct kunit *test, struct kpt_random *r)
{
	struct kpt_iommu *t = r->t;
	struct rnd_state *rnd = &r->rnd;
	unsigned int s = kpt_rand_range(rnd, KPT_G, r->max_lg2);
	unsigned long len = kpt_rand_range(rnd, 1, BIT_ULL(s - KPT_G)) << KPT_G;
	unsigned int min_align = s > KPT_G + 10 ? s - 10 : KPT_G;
	unsigned int a = kpt_rand_range(rnd, min_align, s + 1);
	unsigned int b = kpt_rand_range(rnd, min_align, s + 1);
	u64 slots = BIT_ULL(t->oa_lg2 - s - 2);
	struct kpt_model_map m;
	unsigned int dice;
	unsigned long iova;
	phys_addr_t pa;
	bool near;
	int ret;

	iova = kpt_rand_range(rnd, r->base, r->last - (len - 1));
	near = kpt_model_any(r, &m);
	dice = prandom_u32_state(rnd) % 8;
	if (near && dice < 2) {
		/* Start somewhere in or before an existing mapping */
		iova = m.iova + kpt_rand_range(rnd, 0, m.len - 1);
		iova -= min_t(unsigned long, iova - r->base,
			      kpt_rand_range(rnd, 0, len - 1));
		iova = min(iova, r->last - (len - 1));
	}
	if (near && dice == 2 && m.iova + (m.len - 1) < r->last - (len - 1))
		/* Right after an existing mapping, making runs to unmap */
		iova = m.iova + m.len;
	else
		iova = max_t(unsigned long, iova & ~(BIT_ULL(a) - 1), r->base);
	/*
	 * A slot but the first and the last; slot 1 where there are fewer
	 * than three (a 32-bit phys_addr_t), which still ends below the OA
	 * for any s up to oa_lg2 - 3
	 */
	pa = (kpt_rand_range(rnd, 1, max_t(u64, slots, 3) - 2) << (s + 2)) |
	     (iova & (BIT_ULL(b) - 1));

	near = kpt_model_find(&t->model, iova, iova + (len - 1), &m);
	ret = kpt_map(t->kd, iova, pa, len, KPT_RW);
	if (near) {
		KUNIT_ASSERT_EQ_MSG(test, ret, -EADDRINUSE,
				    "iova %#lx len %#lx over %#lx+%#lx", iova,
				    len, m.iova, m.len);
		r->overlaps++;
		kpt_probe_range(test, r, iova, len);
		kpt_probe_range(test, r, m.iova, m.len);
		return;
	}
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "iova %#lx pa %#llx len %#lx", iova,
			    pa, len);
	KUNIT_ASSERT_EQ_MSG(test, kpt_model_add(&t->model, iova, len, pa), 0,
			    "the model refused %#lx+%#lx", iova, len);
	r->maps++;
	r->win_maps[r->win]++;
	kpt_probe_range(test, r, iova, len);
}

/*
 * Remove [iova, iova + len) from the model, which must hold whole
 * mappings there: @len bytes of them
 */
static void kpt_random_forget(struct kunit *test, struct kpt_iommu *t,
			      unsigned long iova, unsigned long len)
{
	struct kpt_model_map m;

	KUNIT_ASSERT_EQ(test,
			kpt_model_remove(&t->model, iova, iova + (len - 1)),
			len);
	KUNIT_ASSERT_FALSE_MSG(test,
			       kpt_model_find(&t->model, iova, iova + (len - 1),
					      &m),
			       "%#lx+%#lx sticks out of %#lx+%#lx", m.iova,
			       m.len, iova, len);
}

/*
 * Unmap a mapping of the model, sometimes with the mappings that follow
 * it without a gap, sometimes with a request running past the end into a
 * hole; the unmap must remove exactly the mappings before the hole.
 */
static void kpt_random_unmap(struct kunit *test, struct kpt_random *r)
{
	struct kpt_iommu *t = r->t;
	unsigned int extra = 0;
	unsigned long first, total, req;
	struct kpt_model_map m;

	if (!kpt_model_any(r, &m))
		return;
	first = m.iova;
	total = m.len;
	if (!(prandom_u32_state(&r->rnd) % 4))
		extra = 1 + prandom_u32_state(&r->rnd) % 3;
	while (extra-- && first + (total - 1) < r->last) {
		if (!kpt_model_find(&t->model, first + total, first + total,
				    &m))
			break;
		total += m.len;
		r->multi++;
	}
	req = total;
	if (!(prandom_u32_state(&r->rnd) % 8) &&
	    first + (total - 1) < r->last &&
	    !kpt_model_busy(&t->model, first + total, first + total)) {
		req += min_t(unsigned long, r->last - (first + total - 1),
			     kpt_rand_range(&r->rnd, 1, 4) << KPT_G);
		r->holes++;
	}

	KUNIT_ASSERT_EQ_MSG(test, kpt_unmap(t->kd, first, req), total,
			    "unmap %#lx+%#lx", first, req);
	kpt_random_forget(test, t, first, total);
	r->unmaps++;
	kpt_probe_range(test, r, first, total);
}

/* Every mapping of the model translates at both ends */
static void kpt_random_check_all(struct kunit *test, struct kpt_random *r)
{
	struct kpt_model_map *m;
	unsigned long index = 0;

	kpt_model_for_each(&r->t->model, m, index) {
		kpt_probe(test, r, m->iova);
		kpt_probe(test, r, m->iova + (m->len - 1));
	}
}

/*
 * One window of 2^@win_lg2 bytes in each half the table translates: at
 * the bottom of the lower half and the top of the upper half for even
 * configurations, the other ends for odd ones. Mappings up to 2^@max_lg2.
 */
static void kpt_random_setup(struct kunit *test, struct kpt_random *r,
			     unsigned int win_lg2, unsigned int max_lg2,
			     u64 seed)
{
	struct kpt_iommu *t = test->priv;
	unsigned long span = kpt_lg2max(win_lg2);
	bool odd = test->param_index & 1;
	unsigned int i;

	r->t = t;
	prandom_seed_state(&r->rnd, seed + test->param_index);
	r->win_base[0] = odd ? kpt_lg2max(t->va_lg2) - span : 0;
	r->num_wins = 1;
	if (t->sign_extend) {
		r->win_base[1] = odd ? kpt_upper_start(t) : ULONG_MAX - span;
		r->num_wins = 2;
	}
	for (i = 0; i != r->num_wins; i++)
		r->win_last[i] = r->win_base[i] + span;
	r->base = r->win_base[0];
	r->last = r->win_last[0];
	r->max_lg2 = max_lg2;
	kpt_model_init(&t->model);
}

/*
 * @ops random maps, unmaps and translations, each in a random window and
 * checked against the model.
 */
static void kpt_random_run(struct kunit *test, struct kpt_random *r,
			   unsigned int ops)
{
	struct kpt_model_map m;
	unsigned int op;

	for (op = 0; op != ops; op++) {
		unsigned int dice;

		if (r->num_wins > 1) {
			r->win = prandom_u32_state(&r->rnd) % r->num_wins;
			r->base = r->win_base[r->win];
			r->last = r->win_last[r->win];
		}
		dice = prandom_u32_state(&r->rnd) % 100;
		if (dice < 45) {
			kpt_random_map(test, r);
		} else if (dice < 75) {
			kpt_random_unmap(test, r);
		} else if (dice < 88) {
			kpt_probe(test, r, kpt_rand_range(&r->rnd, r->base,
							  r->last));
			continue;
		} else {
			if (kpt_model_any(r, &m))
				kpt_probe_range(test, r, m.iova, m.len);
			continue;
		}
		if (r->after_op)
			r->after_op(test, r);
		if (!(op % 1000))
			kpt_random_check_all(test, r);
		/*
		 * A non-preemptible SMP kernel (make sanitize) under TCG
		 * takes minutes for this loop: let RCU and the other CPUs'
		 * work make progress.
		 */
		cond_resched();
	}
	kpt_random_check_all(test, r);
}

/* Unmap everything the model holds, one mapping at a time */
static void kpt_random_teardown(struct kunit *test, struct kpt_random *r)
{
	struct kpt_iommu *t = r->t;
	struct kpt_model_map m;

	while (kpt_model_find(&t->model, 0, ULONG_MAX, &m)) {
		unsigned long iova = m.iova, len = m.len;

		KUNIT_ASSERT_EQ(test, kpt_unmap(t->kd, iova, len), len);
		kpt_random_forget(test, t, iova, len);
		kpt_probe(test, r, iova);
		kpt_probe(test, r, iova + (len - 1));
		if (r->after_op)
			r->after_op(test, r);
	}
	KUNIT_EXPECT_EQ(test, t->model.num, 0);
}

/* The mix must have exercised every path, in every window */
static void kpt_random_expect_mix(struct kunit *test, struct kpt_random *r,
				  unsigned int ops)
{
	unsigned int i;

	KUNIT_EXPECT_GT(test, r->maps, ops / 10);
	KUNIT_EXPECT_GT(test, r->overlaps, ops / 100);
	KUNIT_EXPECT_GT(test, r->unmaps, ops / 10);
	KUNIT_EXPECT_GT(test, r->multi, 0);
	KUNIT_EXPECT_GT(test, r->holes, 0);
	KUNIT_EXPECT_GT(test, r->probes, ops);
	for (i = 0; i != r->num_wins; i++)
		KUNIT_EXPECT_GT_MSG(test, r->win_maps[i], ops / 40,
				    "window %u at %#lx", i, r->win_base[i]);
}

/*
 * KPT_RANDOM_OPS random operations of up to 1G in windows of 16G (or the
 * whole VA when smaller), in both halves of a sign-extended table; then
 * everything is unmapped.
 */
static void kpt_test_random(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	unsigned int win_lg2 = min(t->va_lg2, 34U);
	struct kpt_random *r;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	/* A map's PA needs a few slots of its size below the OA width */
	kpt_random_setup(test, r, win_lg2,
			 min3(30U, win_lg2 - 3, t->oa_lg2 - 4U),
			 0x9e3779b97f4a7c15ULL);
	kpt_random_run(test, r, KPT_RANDOM_OPS);
	kpt_random_teardown(test, r);
	kpt_random_expect_mix(test, r, KPT_RANDOM_OPS);
}

/*
 * Operations of the device view test, each followed by a full walk; at
 * least a thousand, which unmaps runs of several mappings in every
 * configuration (a few hundred do not always)
 */
#define KPT_VIEW_OPS max(KPT_RANDOM_OPS / 5, 1000)

static void kpt_view_after_op(struct kunit *test, struct kpt_random *r)
{
	kpt_view_check(test, r->t->view, &r->t->kd->fmt_table);
}

/*
 * After every map and unmap of a random sequence (in both halves of a
 * sign-extended table), walk the table as the device does: from the top
 * hw_info gives, through what the device can read. With a walker that
 * does not snoop that is the shadow of each table as of its last clean:
 * every reachable table must be DMA visible, its shadow must equal the
 * CPU's copy but for software bits (every entry the walker can reach was
 * cleaned before the operation returned), no table may stay DMA visible
 * once unreachable, and the device's translation of every probed IOVA
 * must be the model's. A walker that snoops reads CPU memory, and the DMA
 * API must never be used.
 */
static void kpt_test_device_view(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_view *v = t->view;
	/* Room for maps that cover (and so free) whole lowest tables */
	unsigned int leaf1_lg2 = kspec_item_lg2(1);
	unsigned int win_lg2 = min(t->va_lg2, max(30U, leaf1_lg2 + 4));
	struct kpt_random *r;
	unsigned long base;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	kpt_view_check(test, v, &t->kd->fmt_table);
	kpt_random_setup(test, r, win_lg2,
			 min(max(24U, leaf1_lg2 + 1), win_lg2 - 3),
			 0x5eed0f5eed0fULL);
	r->after_op = kpt_view_after_op;
	kpt_random_run(test, r, KPT_VIEW_OPS);
	kpt_random_teardown(test, r);
	kpt_random_expect_mix(test, r, KPT_VIEW_OPS);

	/*
	 * One lowest table freed whatever the random mix did (in a 32-bit
	 * window a 64K granule's 512M tables are rarely covered whole): a
	 * granule in an empty table's span, then the whole span unmapped
	 */
	base = ALIGN(r->win_base[0], BIT_ULL(leaf1_lg2));
	KUNIT_ASSERT_LE(test, base + (BIT_ULL(leaf1_lg2) - 1), r->win_last[0]);
	KUNIT_ASSERT_EQ(test,
			kpt_map(t->kd, base, kpt_pa(t, base), KPT_GSZ, KPT_RW),
			0);
	kpt_view_check(test, v, &t->kd->fmt_table);
	KUNIT_EXPECT_EQ(test, kpt_unmap_range(t->kd, base, BIT_ULL(leaf1_lg2)),
			KPT_GSZ);
	kpt_view_check(test, v, &t->kd->fmt_table);

	kunit_info(test,
		   "%lu tables made visible, %lu flushes (%lu bytes), %lu dropped; %lu walks over %lu tables; %u translations\n",
		   v->maps, v->flushes, v->flushed_bytes, v->unmaps, v->walks,
		   v->walked_tables, r->probes);
	KUNIT_EXPECT_GE(test, v->walks, r->maps + r->unmaps);
	if (!kpt_has(t, PT_FEAT_DMA_INCOHERENT)) {
		KUNIT_EXPECT_EQ(test, v->maps + v->flushes + v->unmaps, 0);
		return;
	}
	/* Every new table, every installed leaf and every removal */
	KUNIT_EXPECT_GT(test, v->maps, 1);
	KUNIT_EXPECT_GT(test, v->unmaps, 0);
	KUNIT_EXPECT_GE(test, v->flushes, r->maps + r->unmaps);
}

/* --- bad arguments --- */

/*
 * Call map_pages directly (iommu_map() checks some arguments itself) and
 * expect @err with nothing mapped, no table allocated, the sentinel
 * mapping at @sentinel intact and no change of the top.
 */
static void kpt_bad_map(struct kunit *test, unsigned long sentinel,
			unsigned long iova, phys_addr_t pa, size_t pgsize,
			size_t pgcount, int prot, int err, const char *what)
{
	struct kpt_iommu *t = test->priv;
	struct iommu_domain *domain = &t->kd->domain;
	unsigned int calls = t->kd->change_top_calls;
	long pages = pt_iommu_table_pages();
	size_t mapped = 0;
	int ret;

	ret = domain->ops->map_pages(domain, iova, pa, pgsize, pgcount, prot,
				     GFP_KERNEL, &mapped);
	KUNIT_EXPECT_EQ_MSG(test, ret, err, "%s at %#lx", what, iova);
	KUNIT_EXPECT_EQ_MSG(test, mapped, 0, "%s at %#lx", what, iova);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), pages, "%s at %#lx",
			    what, iova);
	KUNIT_EXPECT_EQ_MSG(test, t->kd->change_top_calls, calls, "%s at %#lx",
			    what, iova);
	KUNIT_EXPECT_EQ_MSG(test, kpt_phys(t->kd, sentinel),
			    kpt_pa(t, sentinel), "%s at %#lx", what, iova);
	if (iova != sentinel)
		KUNIT_EXPECT_EQ_MSG(test, kpt_phys(t->kd, iova), 0,
				    "%s at %#lx", what, iova);
}

/* A page size between the smallest and the largest that is not offered */
static u64 kpt_missing_size(struct kpt_iommu *t)
{
	u64 sizes = t->kd->domain.pgsize_bitmap;
	unsigned int lg2;

	for (lg2 = KPT_G; lg2 < fls64(sizes); lg2++)
		if (!(sizes & BIT_ULL(lg2)))
			return BIT_ULL(lg2);
	return 0;
}

/* Each bad argument of Documentation/operations.rst gets its errno */
static void kpt_test_bad_map(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct iommu_domain *domain = &t->kd->domain;
	unsigned long g = KPT_GSZ;
	unsigned long a = BIT_ULL(t->va_lg2 - 2);
	unsigned long x = a + 16 * g;
	unsigned long big = kpt_pick_size(test, kspec_item_lg2(1), 3);
	phys_addr_t px = kpt_pa(t, x);
	u64 missing = kpt_missing_size(t);
	size_t mapped;

	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, a, kpt_pa(t, a), g, KPT_RW), 0);

	kpt_bad_map(test, a, x, px, g, 0, KPT_RW, -EINVAL, "zero count");
	kpt_bad_map(test, a, x, px, 0, 1, KPT_RW, -EINVAL, "zero size");
	kpt_bad_map(test, a, x, px, g, 1, 0, -EINVAL, "no prot");
	kpt_bad_map(test, a, x, px, g, 1,
		    IOMMU_CACHE | IOMMU_NOEXEC | IOMMU_MMIO | IOMMU_PRIV,
		    -EINVAL, "prot without read or write");
	kpt_bad_map(test, a, x + g, px, 2 * g, 1, KPT_RW, -EINVAL,
		    "unaligned iova");
	kpt_bad_map(test, a, x, px + g, 2 * g, 1, KPT_RW, -EINVAL,
		    "unaligned pa");
	kpt_bad_map(test, a, x, px, g / 2, 2, KPT_RW, -EINVAL,
		    "size below the granule");
	kpt_bad_map(test, a, x, px, 3 * g, 1, KPT_RW, -EINVAL,
		    "size not a power of two");
	if (missing)
		kpt_bad_map(test, a, 0, 0, missing, 1, KPT_RW, -EINVAL,
			    "size the format lacks");
	if (t->va_lg2 < BITS_PER_LONG) {
		kpt_bad_map(test, a, BIT_ULL(t->va_lg2), px, g, 1, KPT_RW,
			    -ERANGE, "iova beyond the table");
		kpt_bad_map(test, a, BIT_ULL(t->va_lg2) - g, px, g, 2, KPT_RW,
			    -ERANGE, "range crossing the end of the table");
		kpt_bad_map(test, a, 0, 0, BIT_ULL(t->va_lg2), 1, KPT_RW,
			    -EINVAL, "page as large as the VA");
	}
	if (t->oa_lg2 < KPT_PHYS_LG2) {
		kpt_bad_map(test, a, x, BIT_ULL(t->oa_lg2), g, 1, KPT_RW,
			    -ERANGE, "pa beyond the OA");
		kpt_bad_map(test, a, x, BIT_ULL(t->oa_lg2) - g, g, 2, KPT_RW,
			    -ERANGE, "range crossing the end of the OA");
	}
	/* Whether or not the table's OA is wider than phys_addr_t */
	kpt_bad_map(test, a, x, PHYS_ADDR_MAX - (g - 1), g, 2, KPT_RW,
		    -EOVERFLOW, "pa range wraps phys_addr_t");
	kpt_bad_map(test, a, x, px, g, (SIZE_MAX >> KPT_G) + 1, KPT_RW,
		    -EOVERFLOW, "length overflows");
	kpt_bad_map(test, a, ULONG_MAX - (g - 1), px, g, 2, KPT_RW,
		    -EOVERFLOW, "iova wraps");

	/* Over the sentinel: nothing mapped */
	kpt_bad_map(test, a, a, px, g, 1, KPT_RW, -EADDRINUSE, "overlap");
	kpt_bad_map(test, a, a, kpt_pa(t, a), big, 1, KPT_RW, -EADDRINUSE,
		    "large page over the sentinel");

	/* Into the sentinel: the prefix is mapped and reported */
	mapped = 0;
	KUNIT_EXPECT_EQ(test, domain->ops->map_pages(domain, a - g,
						     kpt_pa(t, a - g), g, 2,
						     KPT_RW, GFP_KERNEL,
						     &mapped), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, mapped, g);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, a - g), kpt_pa(t, a - g));
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, a - g, mapped), g);

	/* The 6.1 core undoes the prefix itself */
	KUNIT_EXPECT_EQ(test,
			kpt_map(t->kd, a - 2 * g, kpt_pa(t, a - 2 * g), 3 * g,
				KPT_RW),
			-EADDRINUSE);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, a - 2 * g), 0);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, a - g), 0);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, a), kpt_pa(t, a));
	KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, a, g), g);

	/*
	 * An unmap whose end wraps the IOVA type removes nothing, also where
	 * the table decodes more than an unsigned long (a 32-bit kernel)
	 */
	if (t->sign_extend || t->va_lg2 == BITS_PER_LONG) {
		unsigned long top = ULONG_MAX - (g - 1);
		struct iommu_iotlb_gather gather;

		KUNIT_ASSERT_EQ(test,
				kpt_map(t->kd, top, kpt_pa(t, top), g, KPT_RW),
				0);
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test,
				domain->ops->unmap_pages(domain, top, g, 2,
							 &gather),
				0);
		iommu_iotlb_sync(domain, &gather);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, top), kpt_pa(t, top));
		KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, top, g), g);
	}
}

/* An init that must fail with @err and leave nothing behind */
static void kpt_bad_init(struct kunit *test, struct kpt_domain *kd,
			 const PT_IOMMU_CFG_T *cfg, bool driver_ops,
			 struct device *dev, int err, const char *what)
{
	long pages = pt_iommu_table_pages();

	KUNIT_EXPECT_EQ_MSG(test, kpt_domain_init(kd, cfg, driver_ops, dev),
			    err, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), pages, "%s", what);
	KUNIT_EXPECT_NULL_MSG(test, kd->fmt_table.iommu.ops, "%s", what);
	pt_iommu_deinit(&kd->fmt_table.iommu);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), pages, "%s", what);
}

/*
 * Every way a configuration can be wrong gets its errno, allocates
 * nothing and leaves deinit safe; the same struct then initialises. The
 * features the format accepts are the spec's.
 */
static void kpt_test_bad_init(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_domain *kd = kunit_kzalloc(test, sizeof(*kd), GFP_KERNEL);
	struct device *dev = &kpt_walker_dev;
	PT_IOMMU_CFG_T cfg;
	unsigned int bit, unknown = 0;
	long pages;

	KUNIT_ASSERT_NOT_NULL(test, kd);
	KUNIT_EXPECT_EQ(test, PT_SUPPORTED_FEATURES | PT_FORCE_ENABLED_FEATURES,
			KSPEC_FEATURES);
	for (bit = 0; bit != BITS_PER_LONG; bit++) {
		if (KSPEC_FEATURES & BIT_ULL(bit))
			continue;
		cfg = t->p->cfg;
		cfg.common.features |= BIT(bit);
		kpt_bad_init(test, kd, &cfg, true, dev, -EOPNOTSUPP,
			     "unknown feature");
		unknown++;
	}
	KUNIT_EXPECT_GT(test, unknown, 0);

	cfg = t->p->cfg;
	cfg.common.hw_max_vasz_lg2 = KSPEC_MAX_VA_LG2 + 1;
	kpt_bad_init(test, kd, &cfg, true, dev, -ERANGE,
		     "VA beyond the format");

	cfg = t->p->cfg;
	cfg.common.hw_max_oasz_lg2 = KSPEC_MAX_OA_LG2 + 1;
	kpt_bad_init(test, kd, &cfg, true, dev, -ERANGE,
		     "OA beyond the format");

	if (KSPEC_FEATURES & BIT(PT_FEAT_DYNAMIC_TOP)) {
		cfg = t->p->cfg;
		cfg.common.features |= BIT(PT_FEAT_DYNAMIC_TOP);
		kpt_bad_init(test, kd, &cfg, false, dev, -EINVAL,
			     "dynamic top without driver ops");
	}

	if (KSPEC_FEATURES & BIT(PT_FEAT_DMA_INCOHERENT)) {
		cfg = t->p->cfg;
		cfg.common.features |= BIT(PT_FEAT_DMA_INCOHERENT);
		kpt_bad_init(test, kd, &cfg, true, NULL, -EINVAL,
			     "non-coherent walker without a device");
	}

	cfg = t->p->cfg;
	if (kspec_bad_fmt_cfg(&cfg))
		kpt_bad_init(test, kd, &cfg, true, dev, -EINVAL,
			     "bad format fields");

	pages = pt_iommu_table_pages();
	KUNIT_ASSERT_EQ(test, kpt_domain_init(kd, &t->p->cfg, true, dev), 0);
	KUNIT_EXPECT_GT(test, pt_iommu_table_pages(), pages);
	pt_iommu_deinit(&kd->fmt_table.iommu);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
	pt_iommu_deinit(&kd->fmt_table.iommu);
}

/* --- allocation failure --- */

/*
 * Tables a map of granule pages over [va, last] allocates in a table that
 * holds only its top of @top_level: a new top for each level it grows,
 * and every table a page needs below the final top, except those the old
 * and the new tops already are (the tables at index 0 of their level).
 */
static unsigned int kpt_tables_needed(unsigned int top_level, u64 va,
				      u64 last)
{
	unsigned int final = top_level, level, count;

	while (kspec_level_va_lg2(final) < 64 &&
	       last >> kspec_level_va_lg2(final))
		final++;
	count = final - top_level;
	/* Tables that exist from init are never allocated by a map */
	for (level = 0;
	     level < min_t(unsigned int, final, KSPEC_INIT_TABLES_LEVEL);
	     level++) {
		unsigned int lg2 = kspec_level_va_lg2(level);

		count += (last >> lg2) - (va >> lg2) + 1;
		if (level >= top_level && !(va >> lg2))
			count--;
	}
	return count;
}

static void kpt_reinit(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;

	pt_iommu_deinit(&t->kd->fmt_table.iommu);
	KUNIT_ASSERT_EQ(test, kpt_domain_init(t->kd, &t->p->cfg, true,
					      &kpt_walker_dev), 0);
}

/*
 * A map of two granule pages at @iova needs k table allocations on a
 * fresh table (kpt_tables_needed()). Failing the i-th of them for each i
 * fails the map with -ENOMEM, with what was mapped reported in @mapped
 * and translating; after unmapping that the range translates nothing, the
 * top is consistent with what change_top reported, and the same map then
 * succeeds. Failing allocation k + 1 does not affect it. Every attempt
 * starts from a fresh table so that each allocation point is reached.
 */
static void kpt_alloc_fail_at(struct kunit *test, unsigned long iova)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_domain *kd = t->kd;
	struct iommu_domain *domain = &kd->domain;
	unsigned long g = KPT_GSZ;
	phys_addr_t pa = kpt_pa(t, iova);
	unsigned int k, i;
	size_t mapped;
	long pages;
	int ret;

	kpt_reinit(test);
	k = kpt_tables_needed(t->top_level, iova, iova + 2 * g - 1);
	pages = pt_iommu_table_pages();
	mapped = 0;
	KUNIT_ASSERT_EQ(test, domain->ops->map_pages(domain, iova, pa, g, 2,
						     KPT_RW, GFP_KERNEL,
						     &mapped), 0);
	KUNIT_EXPECT_EQ(test, mapped, 2 * g);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages() - pages,
			    kpt_table_pages(k),
			    "tables for iova %#lx", iova);

	k = kpt_table_allocs(k);
	for (i = 1; i <= k + 1; i++) {
		kpt_reinit(test);
		pages = pt_iommu_table_pages();
		mapped = 0;
		pt_iommu_fail_alloc_after(i);
		ret = domain->ops->map_pages(domain, iova, pa, g, 2, KPT_RW,
					     GFP_KERNEL, &mapped);
		pt_iommu_fail_alloc_after(0);
		KUNIT_EXPECT_EQ_MSG(test, ret, i <= k ? -ENOMEM : 0,
				    "failing allocation %u of %u at %#lx", i,
				    k, iova);
		KUNIT_ASSERT_LE(test, mapped, 2 * g);
		KUNIT_EXPECT_EQ(test, mapped % g, 0);
		/* At most the allocations before the failing one were kept */
		KUNIT_EXPECT_LE(test, pt_iommu_table_pages() - pages,
				kpt_alloc_pages(i - 1));
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova), mapped ? pa : 0);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova + g),
				mapped == 2 * g ? pa + g : 0);
		kpt_check_hw_info(test, &kd->fmt_table,
				  kd->change_top_calls ? kd->top_level :
							 t->top_level,
				  kd->change_top_calls ? kd->top_paddr : 0);
		if (mapped)
			KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, iova, mapped),
					mapped);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova), 0);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova + g), 0);

		mapped = 0;
		KUNIT_EXPECT_EQ(test, domain->ops->map_pages(domain, iova, pa,
							     g, 2, KPT_RW,
							     GFP_KERNEL,
							     &mapped), 0);
		KUNIT_EXPECT_EQ(test, mapped, 2 * g);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova + g + 1),
				pa + g + 1);
		KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, iova, 2 * g), 2 * g);
	}
}

/*
 * Allocation failure at every allocation point of two maps: one that
 * straddles the largest table boundary of the starting top (growing the
 * top by one level when it can), and one at the very end of the VA
 * (growing the top by as many levels as it can in one map).
 */
static void kpt_test_alloc_fail(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	unsigned long x;

	if (kpt_has(t, PT_FEAT_DYNAMIC_TOP) &&
	    kspec_level_va_lg2(t->top_level) < t->va_lg2)
		x = BIT_ULL(kspec_level_va_lg2(t->top_level));
	else
		x = BIT_ULL(t->va_lg2 - 1);
	kpt_alloc_fail_at(test, x - KPT_GSZ);
	kpt_alloc_fail_at(test, kpt_lg2max(t->va_lg2) - (2 * KPT_GSZ - 1));
}

/* --- dirty tracking --- */

#define KPT_MAX_DIRTY 16

/**
 * struct kpt_dirty - read_and_clear_dirty's reports
 * @bitmap: what the table calls
 * @num: reports
 * @iova: IOVA of each report
 * @len: length of each report
 */
struct kpt_dirty {
	struct pt_iommu_dirty_bitmap bitmap;
	unsigned int num;
	u64 iova[KPT_MAX_DIRTY];
	u64 len[KPT_MAX_DIRTY];
};

static void kpt_dirty_record(struct pt_iommu_dirty_bitmap *bitmap, u64 iova,
			     u64 len)
{
	struct kpt_dirty *d = container_of(bitmap, struct kpt_dirty, bitmap);

	if (d->num < KPT_MAX_DIRTY) {
		d->iova[d->num] = iova;
		d->len[d->num] = len;
	}
	d->num++;
}

/* Harvest [iova, iova + len) and expect exactly the leaves @expect[] */
static void kpt_harvest(struct kunit *test, unsigned long iova,
			unsigned long len, unsigned long flags,
			u64 (*expect)[2], unsigned int num)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_dirty d = { .bitmap.record = kpt_dirty_record };
	struct iommu_iotlb_gather gather;
	unsigned int i, j, found;

	iommu_iotlb_gather_init(&gather);
	d.bitmap.gather = &gather;
	KUNIT_ASSERT_EQ(test, PT_API(read_and_clear_dirty)(&t->kd->domain,
							   iova, len, flags,
							   &d.bitmap), 0);
	KUNIT_ASSERT_EQ(test, d.num, num);
	for (i = 0; i != num; i++) {
		found = 0;
		for (j = 0; j != num; j++)
			found += d.iova[j] == expect[i][0] &&
				 d.len[j] == expect[i][1];
		KUNIT_EXPECT_EQ_MSG(test, found, 1, "leaf %#llx+%#llx",
				    expect[i][0], expect[i][1]);
		if (flags & PT_IOMMU_DIRTY_NO_CLEAR)
			continue;
		KUNIT_EXPECT_LE(test, gather.start, expect[i][0]);
		KUNIT_EXPECT_GE(test, gather.end,
				expect[i][0] + expect[i][1] - 1);
	}
	iommu_iotlb_sync(&t->kd->domain, &gather);
}

/*
 * Leaves of several sizes (the granule, the largest size below a level 1
 * leaf or that leaf, a level 1 leaf), writable and read-only, some made
 * dirty (for the large ones through an IOVA in their middle): each dirty
 * leaf is reported once at its full size, stays dirty with
 * PT_IOMMU_DIRTY_NO_CLEAR and is clean after a harvest without it; a
 * read-only leaf cannot be made dirty, or cannot be mapped at all where
 * the spec has no read-only leaves.
 */
static void kpt_test_dirty(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct pt_iommu *iommu_table = &t->kd->fmt_table.iommu;
	struct pt_common common = kpt_cfg_common(t);
	unsigned long big = kpt_pick_size(test, kspec_item_lg2(1), 3);
	unsigned long g = KPT_GSZ;
	u64 between = t->kd->domain.pgsize_bitmap & (big - 1) & ~(2 * g - 1);
	unsigned long mid = between ? BIT_ULL(fls64(between) - 1) : big;
	/* slot, size, prot, IOVA offset made dirty (-1: none) */
	const struct {
		unsigned long size;
		int prot;
		long dirty_off;
	} maps[] = {
		{ g, KPT_RW, 0 },
		{ g, KPT_RW, -1 },
		{ mid, KPT_RW, mid / 2 + 3 },
		{ big, KPT_RW, big / 2 + g },
		{ g, IOMMU_READ, 0 },
		{ mid, IOMMU_READ, mid / 2 - g },
		{ big, KPT_RW, 3 * g },
	};
	u64 expect[ARRAY_SIZE(maps)][2];
	unsigned long span = ARRAY_SIZE(maps) * big;
	unsigned int i, num = 0;
	int ret;

	KUNIT_ASSERT_EQ(test, pt_dirty_supported(&common),
			kspec_has_dirty(&common));
	if (!kspec_has_dirty(&common)) {
		struct kpt_dirty d = { .bitmap.record = kpt_dirty_record };

		ret = PT_API(read_and_clear_dirty)(&t->kd->domain, 0, g, 0,
						   &d.bitmap);
		KUNIT_EXPECT_EQ(test, ret, -EOPNOTSUPP);
		ret = iommu_table->ops->set_dirty(iommu_table, 0);
		KUNIT_EXPECT_EQ(test, ret, -EOPNOTSUPP);
		return;
	}
	for (i = 0; i != ARRAY_SIZE(maps); i++) {
		unsigned long iova = i * big;

		KUNIT_ASSERT_TRUE(test, t->kd->domain.pgsize_bitmap &
					maps[i].size);
		if (!kspec_prot_ok(&common, maps[i].prot)) {
			KUNIT_EXPECT_EQ(test,
					kpt_map(t->kd, iova, kpt_pa(t, iova),
						maps[i].size, maps[i].prot),
					-EINVAL);
			KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova), 0);
			KUNIT_ASSERT_EQ(test,
					kpt_map(t->kd, iova, kpt_pa(t, iova),
						maps[i].size, KPT_RW),
					0);
			continue;
		}
		KUNIT_ASSERT_EQ(test,
				kpt_map(t->kd, iova, kpt_pa(t, iova),
					maps[i].size, maps[i].prot),
				0);
		if (maps[i].dirty_off < 0)
			continue;
		ret = iommu_table->ops->set_dirty(iommu_table,
						  iova + maps[i].dirty_off);
		if (!(maps[i].prot & IOMMU_WRITE)) {
			KUNIT_EXPECT_NE(test, ret, 0);
			continue;
		}
		KUNIT_ASSERT_EQ(test, ret, 0);
		expect[num][0] = iova;
		expect[num][1] = maps[i].size;
		num++;
	}
	/* Twice into the same leaf is still one dirty leaf */
	KUNIT_ASSERT_EQ(test, iommu_table->ops->set_dirty(iommu_table,
							  6 * big + big - 1),
			0);
	KUNIT_EXPECT_EQ(test, iommu_table->ops->set_dirty(iommu_table,
							  span + 5 * g),
			-ENOENT);

	kpt_harvest(test, 0, span, PT_IOMMU_DIRTY_NO_CLEAR, expect, num);
	kpt_harvest(test, 0, span, PT_IOMMU_DIRTY_NO_CLEAR, expect, num);
	kpt_harvest(test, 0, span, 0, expect, num);
	kpt_harvest(test, 0, span, 0, expect, 0);

	/*
	 * A range inside a large leaf reports only the range, never the
	 * part of the leaf before or after it
	 */
	KUNIT_ASSERT_EQ(test, iommu_table->ops->set_dirty(iommu_table,
							  3 * big + 2 * g),
			0);
	expect[0][0] = 3 * big + big / 2;
	expect[0][1] = g;
	kpt_harvest(test, 3 * big + big / 2, g, 0, expect, 1);
	kpt_harvest(test, 0, span, 0, expect, 0);

	for (i = 0; i != ARRAY_SIZE(maps); i++) {
		unsigned long iova = i * big;

		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova + maps[i].size - 1),
				kpt_pa(t, iova + maps[i].size - 1));
		KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, iova, maps[i].size),
				maps[i].size);
	}
}

/* --- the debugfs dump --- */

/* Random operations before the dump, and the room for its text */
#define KPT_DUMP_OPS 300
#define KPT_DUMP_BUF SZ_2M

/* "4K", "64K", "2M": how the dump writes a leaf size of 2^@lg2 */
static void kpt_size_text(char *buf, size_t len, unsigned int lg2)
{
	static const char *const units[] = { "", "K", "M", "G", "T", "P",
					     "E" };

	snprintf(buf, len, "%llu%s", 1ULL << (lg2 % 10), units[lg2 / 10]);
}

/*
 * One leaf line of the dump: "first-last size -> oa attributes". Every
 * leaf lies inside one mapping of the model, translates as the model
 * does, is a power of two aligned to itself with the size written as the
 * dump promises, and follows the previous leaf.
 */
static void kpt_dump_leaf(struct kunit *test, struct kpt_iommu *t,
			  const char *line, unsigned long *next,
			  unsigned long *total)
{
	unsigned long long first, last, oa;
	struct kpt_model_map m;
	char size[16], want[16];
	unsigned long len;

	KUNIT_ASSERT_EQ_MSG(test,
			    sscanf(line, "%llx-%llx %15s -> %llx", &first,
				   &last, size, &oa),
			    4, "line '%s'", line);
	KUNIT_ASSERT_LT_MSG(test, first, last, "line '%s'", line);
	KUNIT_ASSERT_GE_MSG(test, first, *next, "out of order: '%s'", line);
	len = last - first + 1;
	KUNIT_ASSERT_TRUE_MSG(test, is_power_of_2(len), "line '%s'", line);
	KUNIT_EXPECT_EQ_MSG(test, first & (len - 1), 0, "line '%s'", line);
	kpt_size_text(want, sizeof(want), ilog2(len));
	KUNIT_EXPECT_STREQ_MSG(test, size, want, "line '%s'", line);

	KUNIT_ASSERT_TRUE_MSG(test, kpt_model_find(&t->model, first, first, &m),
			      "not in the model: '%s'", line);
	KUNIT_EXPECT_LE_MSG(test, last, m.iova + (m.len - 1),
			    "sticks out of %#lx+%#lx: '%s'", m.iova, m.len,
			    line);
	KUNIT_EXPECT_EQ_MSG(test, oa, m.pa + (first - m.iova), "line '%s'",
			    line);
	*next = last + 1;
	*total += len;
}

/*
 * The text of ops->dump after random maps and unmaps, parsed and held
 * against the model: the leaves cover exactly what the model maps (each
 * inside one mapping, in order, so equal totals mean equal coverage), and
 * the tables counted per level are the pages the table holds.
 */
static void kpt_test_debugfs_dump(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct pt_iommu *iommu_table = &t->kd->fmt_table.iommu;
	unsigned long next = 0, leaves = 0, mapped = 0, tables = 0;
	unsigned long index = 0, count, shared = 0, shared_min = 0;
	struct seq_file s = { .size = KPT_DUMP_BUF };
	unsigned int headers = 0, bytes;
	struct kpt_model_map *m;
	struct kpt_random *r;
	char *text, *line;
	int level;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	s.buf = kunit_kzalloc(test, KPT_DUMP_BUF + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s.buf);
	kpt_random_setup(test, r, min(t->va_lg2, 34U),
			 min3(KPT_G + 9, t->va_lg2 - 3, t->oa_lg2 - 4U),
			 0x5851f42d4c957f2dULL);
	kpt_random_run(test, r, KPT_DUMP_OPS);
	kpt_model_for_each(&t->model, m, index)
		mapped += m->len;
	KUNIT_ASSERT_GT(test, mapped, 0);

	KUNIT_ASSERT_EQ(test, iommu_table->ops->dump(iommu_table, &s), 0);
	KUNIT_ASSERT_LT_MSG(test, s.count, s.size, "dump overflowed");
	text = s.buf;
	while ((line = strsep(&text, "\n")) && *line) {
		if (line[0] != '#') {
			kpt_dump_leaf(test, t, line, &next, &leaves);
			continue;
		}
		if (sscanf(line, "# level %d tables: %lu of %u bytes", &level,
			   &count, &bytes) == 3) {
			KUNIT_EXPECT_LT_MSG(test, level, PT_IOMMU_MAX_LEVELS,
					    "line '%s'", line);
			if (level == KSPEC_SHARED_TABLE_LEVEL &&
			    bytes < PAGE_SIZE) {
				shared = count;
				shared_min = DIV_ROUND_UP(count * bytes,
							  PAGE_SIZE);
			} else {
				tables += count * DIV_ROUND_UP(bytes,
							       PAGE_SIZE);
			}
		}
		headers++;
	}
	KUNIT_EXPECT_EQ(test, leaves, mapped);
	KUNIT_EXPECT_GE(test, headers, 2);
	/* Shared tables take at least their bytes' pages, at most one each */
	KUNIT_EXPECT_LE_MSG(test, tables + shared_min,
			    pt_iommu_table_pages() - t->start_pages,
			    "tables in the dump against table pages held");
	KUNIT_EXPECT_GE_MSG(test, tables + shared,
			    pt_iommu_table_pages() - t->start_pages,
			    "tables in the dump against table pages held");
	kpt_random_teardown(test, r);
}

/* --- the halves of the VA --- */

/*
 * An IOVA the table does not translate: iova_to_phys gives 0, a map of
 * one granule there fails with -ERANGE changing nothing (the sentinel
 * included), an unmap removes nothing.
 */
static void kpt_check_invalid_iova(struct kunit *test, unsigned long sentinel,
				   unsigned long iova)
{
	struct kpt_iommu *t = test->priv;
	struct iommu_domain *domain = &t->kd->domain;
	unsigned long page = iova & ~(KPT_GSZ - 1);
	struct iommu_iotlb_gather gather;

	KUNIT_EXPECT_EQ_MSG(test, kpt_phys(t->kd, iova), 0, "iova %#lx", iova);
	kpt_bad_map(test, sentinel, page, kpt_pa(t, 0), KPT_GSZ, 1, KPT_RW,
		    -ERANGE, "map outside the table");
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ_MSG(test, domain->ops->unmap_pages(domain, page, KPT_GSZ,
							   1, &gather),
			    0, "unmap at %#lx", page);
	iommu_iotlb_sync(domain, &gather);
}

/* Where @iova goes when granules at @pages[] are mapped to kpt_pa() */
static phys_addr_t kpt_pages_phys(struct kpt_iommu *t,
				  const unsigned long *pages, unsigned int num,
				  unsigned long iova)
{
	unsigned int i;

	for (i = 0; i != num; i++)
		if (iova - pages[i] < KPT_GSZ)
			return kpt_pa(t, iova);
	return 0;
}

/*
 * The spec's VA: the lower half [0, 2^va_lg2) and, sign extended, the
 * upper half [-2^va_lg2, 0); nothing else (the non-canonical hole between
 * the halves, or everything past the lower half). With a granule mapped
 * at each end of each half, every IOVA that differs from one of them in
 * one bit, or in all bits from one up, translates as the spec says: those
 * inside the VA as the sentinels do, the others not at all, and maps
 * there fail with -ERANGE changing nothing. Ranges that cross from a half
 * into what lies beyond it are refused whole: a map with -ERANGE and
 * nothing mapped, an unmap with nothing removed, also when it spans the
 * hole from one half into the other. A harvest of dirty bits there is
 * refused.
 */
static void kpt_test_va_halves(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct iommu_domain *domain = &t->kd->domain;
	unsigned long g = KPT_GSZ;
	unsigned long lower_end = kpt_lg2max(t->va_lg2);
	unsigned long upper = kpt_upper_start(t);
	unsigned long sent[4], beyond_last, first, c;
	unsigned int num_sent = 0, valid = 0, invalid = 0, i, j, b;
	struct kpt_dirty d = { .bitmap.record = kpt_dirty_record };
	struct pt_common common = kpt_cfg_common(t);
	struct iommu_iotlb_gather gather;
	struct rnd_state rnd;

	sent[num_sent++] = 0;
	sent[num_sent++] = lower_end - (g - 1);
	if (t->sign_extend) {
		sent[num_sent++] = upper;
		sent[num_sent++] = ULONG_MAX - (g - 1);
	}
	for (i = 0; i != num_sent; i++)
		KUNIT_ASSERT_EQ(test,
				kpt_map(t->kd, sent[i], kpt_pa(t, sent[i]), g,
					KPT_RW),
				0);

	for (i = 0; i != num_sent; i++) {
		for (b = KPT_G; b != BITS_PER_LONG; b++) {
			unsigned long aliases[] = { sent[i] ^ BIT_ULL(b),
						    sent[i] ^ ~kpt_lg2max(b) };

			for (j = 0; j != ARRAY_SIZE(aliases); j++) {
				c = aliases[j] + 5;
				if (!kpt_iova_valid(t, c)) {
					kpt_check_invalid_iova(test, sent[0], c);
					invalid++;
					continue;
				}
				KUNIT_EXPECT_EQ_MSG(test, kpt_phys(t->kd, c),
						    kpt_pages_phys(t, sent,
								   num_sent, c),
						    "iova %#lx", c);
				valid++;
			}
		}
	}
	KUNIT_EXPECT_GT(test, valid, 0);

	if (t->va_lg2 < BITS_PER_LONG) {
		beyond_last = t->sign_extend ? upper - 1 : ULONG_MAX;
		kpt_check_invalid_iova(test, sent[0], lower_end + 1);
		kpt_check_invalid_iova(test, sent[0], beyond_last);
		prandom_seed_state(&rnd, 0x401e + test->param_index);
		for (i = 0; i != 32; i++)
			kpt_check_invalid_iova(test, sent[0],
					       kpt_rand_range(&rnd,
							      lower_end + 1,
							      beyond_last));
		KUNIT_EXPECT_EQ(test,
				PT_API(read_and_clear_dirty)(domain,
							     lower_end + 1, g,
							     0, &d.bitmap),
				kspec_has_dirty(&common) ? -EINVAL :
							   -EOPNOTSUPP);

		kpt_bad_map(test, sent[0], lower_end - 3 * g + 1,
			    kpt_pa(t, 0), g, 4, KPT_RW, -ERANGE,
			    "map from the lower half past its end");
		first = lower_end - (g - 1);
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test, domain->ops->unmap_pages(domain, first, g,
							       2, &gather), 0);
		if (t->sign_extend) {
			kpt_bad_map(test, sent[0], upper - 2 * g, kpt_pa(t, 0),
				    g, 4, KPT_RW, -ERANGE,
				    "map from the hole into the upper half");
			KUNIT_EXPECT_EQ(test,
					domain->ops->unmap_pages(domain,
								 upper - g, g,
								 2, &gather),
					0);
			KUNIT_EXPECT_EQ(test,
					domain->ops->unmap_pages(domain, first,
								 g,
								 (upper - first) / g + 1,
								 &gather),
					0);
		}
		iommu_iotlb_sync(domain, &gather);
		KUNIT_EXPECT_GT(test, invalid, 0);
	} else {
		KUNIT_EXPECT_EQ(test, invalid, 0);
	}

	for (i = 0; i != num_sent; i++) {
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, sent[i] + g - 1),
				kpt_pa(t, sent[i]) + g - 1);
		KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, sent[i], g), g);
	}
}

/* --- review fixes: leaves per level, table limits, unmap ownership --- */

/*
 * On a fresh table, every page size of the domain mapped at IOVA 0: the
 * device's walk finds only leaves the spec allows at their level (a page
 * as large as the whole top table must not become a run of its items),
 * and the page translates and unmaps whole.
 */
static void kpt_test_fresh_leaf_sizes(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	u64 sizes = t->kd->domain.pgsize_bitmap;
	u64 oa_end = kpt_lg2max(t->oa_lg2);
	unsigned int lg2, tested = 0;

	for (lg2 = 0; lg2 != 64; lg2++) {
		unsigned long size = BIT_ULL(lg2);
		/* Aligned to the size, and the whole page inside the OA */
		phys_addr_t pa = size <= oa_end / 2 ? size : 0;

		if (!(sizes & size))
			continue;
		kpt_reinit(test);
		KUNIT_ASSERT_EQ_MSG(test, kpt_map(t->kd, 0, pa, size, KPT_RW),
				    0, "size %#lx", size);
		kpt_view_check(test, t->view, &t->kd->fmt_table);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, size - 1), pa + size - 1);
		KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, 0, size), size);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, 0), 0);
		tested++;
	}
	KUNIT_EXPECT_EQ(test, tested, hweight64(sizes));
}

/*
 * One map_pages of granule pages from a granule below a boundary of each
 * larger page size, with the output address as aligned as the IOVA: the
 * table puts a granule leaf below the boundary and the larger leaf above
 * it. Where the larger size is a contiguous run of the granule's level,
 * both go into one table, after a batch of single items that must stop
 * at the boundary.
 */
static void kpt_test_larger_after_granule(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	u64 sizes = t->kd->domain.pgsize_bitmap;
	unsigned int lg2, item, tested = 0;

	for (lg2 = KPT_G + 1; lg2 != 64; lg2++) {
		u64 size = BIT_ULL(lg2), iova = size - KPT_GSZ;
		/* Congruent with @iova modulo @size, two sizes up */
		u64 pa = iova + size;

		if (!(sizes & size) ||
		    lg2 + 1 >= t->va_lg2 - t->sign_extend ||
		    lg2 + 1 >= t->oa_lg2)
			continue;
		kpt_reinit(test);
		KUNIT_ASSERT_EQ_MSG(test,
				    kpt_map_pages(t->kd, iova, pa,
						  size + KPT_GSZ, KPT_RW),
				    0, "size %#llx", size);
		KUNIT_EXPECT_EQ_MSG(test,
				    PT_API(leaf_lg2sz)(&t->kd->domain,
						       t->kd->iova_prefix | iova,
						       &item),
				    KPT_G, "size %#llx", size);
		KUNIT_EXPECT_EQ_MSG(test,
				    PT_API(leaf_lg2sz)(&t->kd->domain,
						       t->kd->iova_prefix | size,
						       &item),
				    lg2, "size %#llx", size);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, size + 8),
				pa + KPT_GSZ + 8);
		KUNIT_EXPECT_EQ(test,
				kpt_unmap_pages(t->kd, iova, size + KPT_GSZ),
				size + KPT_GSZ);
		tested++;
	}
	/* Every size but the granule and the largest one or two */
	KUNIT_EXPECT_GE(test, tested + 2, hweight64(sizes) - 1);
}

/*
 * Table memory beyond what the format's walker addresses (the test offset
 * makes every table look 4G higher; UML has no memory there): a map that
 * needs a new table fails with -ENOMEM and changes nothing, and a reserve
 * is never filled with such tables. A format without a limit is not
 * affected.
 */
static void kpt_test_table_limit(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_domain *kd = t->kd;
	struct iommu_domain *domain = &kd->domain;
	bool limited = KSPEC_TABLE_PHYS_LG2 <= 32;
	unsigned long iova = kpt_lg2max(t->va_lg2) & ~(KPT_GSZ - 1);
	bool needs = kpt_tables_needed(t->top_level, iova, iova + KPT_GSZ - 1);
	struct pt_iommu_reserve res;
	long pages = pt_iommu_table_pages();
	unsigned int level, held = 0;
	size_t mapped = 0;
	int ret, count;

	pt_iommu_test_table_pa_offset(BIT_ULL(32));
	ret = domain->ops->map_pages(domain, iova, kpt_pa(t, iova), KPT_GSZ, 1,
				     KPT_RW, GFP_KERNEL, &mapped);
	KUNIT_EXPECT_EQ(test, ret, limited && needs ? -ENOMEM : 0);
	if (ret) {
		KUNIT_EXPECT_EQ(test, mapped, 0);
		KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova), 0);
		KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
		KUNIT_EXPECT_EQ(test, kd->change_top_calls, 0);
	} else {
		KUNIT_EXPECT_EQ(test, kpt_unmap(t->kd, iova, KPT_GSZ), KPT_GSZ);
	}

	count = PT_API(reserve_count)(domain, 0, 2 * KPT_GSZ, NULL);
	KUNIT_ASSERT_GE(test, count, 0);
	pt_iommu_reserve_init(&res);
	ret = PT_API(reserve_fill)(domain, &res, 0, 2 * KPT_GSZ, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, ret, limited && count ? -ENOMEM : 0);
	for (level = 0; level != PT_IOMMU_MAX_LEVELS; level++)
		held += res.num[level];
	KUNIT_EXPECT_EQ(test, held, limited ? 0 : count);
	pt_iommu_reserve_release(&res);
	pt_iommu_test_table_pa_offset(0);
}

/*
 * An unmap whose last leaf, removed whole, runs to the end of a table
 * that the request itself does not reach: the table is empty afterwards,
 * but only a request covering all of it may free it (the rest of its VA
 * is not the caller's). A later request that covers it does free it.
 * Uses a level 1 table below the top, filled with level 1 leaves.
 */
static void kpt_test_unmap_to_table_end(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct iommu_domain *domain = &t->kd->domain;
	unsigned int item_lg2 = kspec_item_lg2(1);
	unsigned int table_lg2 = kspec_level_va_lg2(1);
	unsigned long item = BIT_ULL(item_lg2), region = BIT_ULL(table_lg2);
	struct iommu_iotlb_gather gather;
	phys_addr_t pa;
	long pages;

	/* Leaves of the item size, two tables of VA, and the OA for one */
	if (!(domain->pgsize_bitmap & item) || table_lg2 + 1 > t->va_lg2 ||
	    table_lg2 + 2 > t->oa_lg2)
		kunit_skip(test, "no level 1 table below the top to free");
	/* Aligned to the item only: no larger leaf or contiguous run */
	pa = BIT_ULL(t->oa_lg2 - 2) + item;
	KUNIT_ASSERT_EQ(test, kpt_map(t->kd, region, pa, region, KPT_RW), 0);
	pages = pt_iommu_table_pages();

	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test,
			domain->ops->unmap_pages(domain, region, KPT_GSZ,
						 (region - item) / KPT_GSZ + 1,
						 &gather),
			region);
	iommu_iotlb_sync(domain, &gather);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, region + region - 1), 0);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), pages,
			    "a table the request did not cover was freed");

	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, PT_API(unmap_range)(domain, region, region,
						  &gather), 0);
	iommu_iotlb_sync(domain, &gather);
	KUNIT_EXPECT_LT(test, pt_iommu_table_pages(), pages);
}

/*
 * The VA span of one level 0 table below the top, which a test maps from
 * its start (also the IOVA to use) to empty and free the table; @pa gets
 * an output address aligned to the granule only, so no larger leaf or
 * contiguous run forms. Skips a table without such a level.
 */
static u64 kpt_level0_region(struct kunit *test, phys_addr_t *pa)
{
	struct kpt_iommu *t = test->priv;
	unsigned int table_lg2 = kspec_level_va_lg2(0);

	if (table_lg2 + 1 > t->va_lg2 || table_lg2 + 2 > t->oa_lg2)
		kunit_skip(test, "no level 0 table below the top");
	*pa = BIT_ULL(t->oa_lg2 - 2) + KPT_GSZ;
	return BIT_ULL(table_lg2);
}

/*
 * Granule pages over a whole level 0 table below the top, unmapped in
 * one call: the request covers the table, which is freed. The same pages
 * but the first leave it, holding that leaf. A table removed whole goes
 * by clearing its item in the parent alone, its leaves left in the freed
 * table: a walker that does not snoop is cleaned once, for that item.
 * So is one that unmap_range empties, holes and all.
 */
static void kpt_test_unmap_whole_table(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	unsigned long cleans = kpt_has(t, PT_FEAT_DMA_INCOHERENT), before;
	phys_addr_t pa;
	u64 region = kpt_level0_region(test, &pa);
	long pages;

	KUNIT_ASSERT_EQ(test, kpt_map_pages(t->kd, region, pa, region, KPT_RW),
			0);
	pages = pt_iommu_table_pages();

	KUNIT_EXPECT_EQ(test,
			kpt_unmap_pages(t->kd, region + KPT_GSZ,
					region - KPT_GSZ),
			region - KPT_GSZ);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(), pages,
			    "a table still holding a leaf was freed");
	KUNIT_ASSERT_EQ(test,
			kpt_map_pages(t->kd, region + KPT_GSZ, pa + KPT_GSZ,
				      region - KPT_GSZ, KPT_RW),
			0);

	before = t->view->flushes;
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(t->kd, region, region), region);
	KUNIT_EXPECT_EQ_MSG(test, t->view->flushes - before, cleans,
			    "cleans of a table removed whole");
	KUNIT_EXPECT_LT_MSG(test, pt_iommu_table_pages(), pages,
			    "the table the request emptied was kept");
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, region), 0);

	KUNIT_ASSERT_EQ(test, kpt_map_pages(t->kd, region, pa, region, KPT_RW),
			0);
	KUNIT_ASSERT_EQ(test, kpt_unmap_pages(t->kd, region + KPT_GSZ, KPT_GSZ),
			KPT_GSZ);
	before = t->view->flushes;
	KUNIT_EXPECT_EQ(test, kpt_unmap_range(t->kd, region, region),
			region - KPT_GSZ);
	KUNIT_EXPECT_EQ_MSG(test, t->view->flushes - before, cleans,
			    "cleans of a table unmap_range removed whole");
	KUNIT_EXPECT_LT(test, pt_iommu_table_pages(), pages);
	KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, region), 0);
}

/*
 * Tables freed by an unmap go back to the page allocator at once, but for
 * a table with a debugfs file, whose reader walks without locks: those
 * wait for an RCU grace period. A file of one table does not slow the
 * others. Each unmap empties and frees a level 0 table.
 */
static void kpt_test_free_after_rcu(struct kunit *test)
{
	struct kpt_iommu *t = test->priv;
	struct kpt_domain *kd = t->kd;
	unsigned long freed = kd->freed_tables;
	struct dentry *file;
	phys_addr_t pa;
	u64 region = kpt_level0_region(test, &pa);
	long deferred;

	KUNIT_ASSERT_EQ(test, kpt_map_pages(kd, region, pa, region, KPT_RW), 0);
	deferred = pt_iommu_deferred_frees();
	KUNIT_ASSERT_EQ(test, kpt_unmap_pages(kd, region, region), region);
	KUNIT_ASSERT_GT(test, kd->freed_tables, freed);
	KUNIT_EXPECT_EQ_MSG(test, pt_iommu_deferred_frees(), deferred,
			    "a table without a debugfs file deferred its frees");

	/* Without CONFIG_DEBUG_FS no file is made, but the table still opts in */
	file = pt_iommu_debugfs_create(&kd->fmt_table.iommu, "kpt_rcu", NULL);
	KUNIT_ASSERT_EQ(test, kpt_map_pages(kd, region, pa, region, KPT_RW), 0);
	deferred = pt_iommu_deferred_frees();
	KUNIT_EXPECT_EQ(test, kpt_unmap_pages(kd, region, region), region);
	KUNIT_EXPECT_GT_MSG(test, pt_iommu_deferred_frees(), deferred,
			    "a table with a debugfs file freed a table at once");
	debugfs_remove(file);
	/* The deferred pages are back before the next case counts pages */
	rcu_barrier();
}

/*
 * Every prot with READ or WRITE, mapped one granule each through the
 * domain, gives the leaf that the format's own conversion and install
 * write into a scratch table, or the same refusal: the core converts the
 * DMA API's prots once at init and takes them from there on every map.
 */
static void kpt_test_prot_entries(struct kunit *test)
{
	const int all = IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE | IOMMU_NOEXEC |
			IOMMU_MMIO | IOMMU_PRIV;
	struct kpt_iommu *t = test->priv;
	struct pt_common *common = kpt_common(t->kd);
	unsigned long iova = BIT_ULL(t->va_lg2 - 2);
	struct pt_state pts, ref;
	struct pt_range range;
	int prot, want;

	for (prot = 0; prot <= all; prot++, iova += KPT_GSZ) {
		struct pt_write_attrs attrs = {};

		if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
			continue;
		want = pt_iommu_set_prot(common, &attrs, prot);
		KUNIT_ASSERT_EQ_MSG(test,
				    kpt_map(t->kd, iova, kpt_pa(t, iova),
					    KPT_GSZ, prot),
				    want, "prot %#x", prot);
		if (want) {
			KUNIT_EXPECT_EQ(test, kpt_phys(t->kd, iova), 0);
			continue;
		}
		KUNIT_ASSERT_EQ(test,
				pt_make_range(common, &range,
					      t->kd->iova_prefix | iova,
					      t->kd->iova_prefix | iova),
				0);
		KUNIT_ASSERT_TRUE(test, pt_walk_to_leaf(&range, &pts));
		ref = pts;
		ref.table = kunit_kzalloc(test,
					  BIT(pt_table_mem_lg2sz(&pts)),
					  GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, ref.table);
		pt_install_leaf_entry(&ref, kpt_pa(t, iova), KPT_G, &attrs);
		pt_load_entry(&ref);
		KUNIT_EXPECT_EQ_MSG(test, pts.entry, ref.entry,
				    "prot %#x: entry %#llx, the format makes %#llx",
				    prot, (u64)pts.entry, (u64)ref.entry);
		kunit_kfree(test, ref.table);
	}
}

static struct kunit_case kpt_iommu_cases[] = {
	KUNIT_CASE_PARAM(kpt_test_geometry, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_map_all_sizes, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_table_to_leaf, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_unmap_large_leaf, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_gather, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_dynamic_top, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_random, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_device_view, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_bad_map, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_bad_init, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_alloc_fail, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_dirty, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_va_halves, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_debugfs_dump, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_fresh_leaf_sizes, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_larger_after_granule, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_table_limit, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_unmap_to_table_end, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_unmap_whole_table, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_free_after_rcu, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(kpt_test_prot_entries, kpt_cfg_gen_params),
	{}
};

static struct kunit_suite kpt_iommu_suite = {
	.name = __stringify(PTPFX) "iommu",
	.init = kpt_iommu_init,
	.exit = kpt_iommu_exit,
	.test_cases = kpt_iommu_cases,
};

kunit_test_suites(&kpt_iommu_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the generic IOMMU page table, format "
		   PT_FMT_NAME);
PT_IMPORT_NS();
