/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "<fmt>_range": the whole-range helpers and table reserves of
 * one build, for each configuration of the format, on the fixture of the
 * "<fmt>_iommu" suite (kunit_iommu.h): its domain, its model and its
 * device view, whose exit hook also proves that no table stays DMA mapped.
 *
 *  - gpu_vm: a GPU VM in the way panthor/panfrost drive one: random
 *    buffer objects (scatterlists of mixed granule and large chunks) are
 *    mapped with map_sg into slots, random sparse ranges spanning several
 *    objects and holes are unmapped with unmap_range, allocation failures
 *    are injected in the middle of maps, some maps overlap a live object,
 *    and some maps take their tables from a reserve with the allocator
 *    failing. After every step the table must translate exactly what the
 *    model (a mapping per chunk of each live object) says; at the end
 *    one unmap_range of the whole space must leave only the top table,
 *    and nothing leaks.
 *  - unmap_runs: unmap_pages and unmap_range clean a run of granule
 *    leaves once for a walker that does not snoop.
 *  - reserve: for random ranges, a map with a reserve of exactly the
 *    worst case succeeds with the allocator failing and takes no page
 *    from it; on an empty table with granule leaves only it uses exactly
 *    the count; an empty reserve fails with -ENOMEM and changes nothing.
 *
 * Expected translations come from the model of what the test mapped,
 * expected page counts from pt_iommu_table_pages() measured around the
 * operation, never from the code under test.
 */
#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/math64.h>
#include <linux/prandom.h>
#include <linux/scatterlist.h>

/* Slots of the GPU VM, chunks per object, steps of the random run */
#define KRG_SLOTS 16
#define KRG_CHUNKS 4
#define KRG_STEPS 400
#define KRG_RESERVE_RUNS 60

/**
 * struct krg_chunk - one DMA segment of a buffer object
 * @len: bytes
 * @pa: DMA address
 */
struct krg_chunk {
	u64 len;
	u64 pa;
};

/**
 * struct krg_object - one buffer object
 * @num: chunks
 * @chunks: the chunks, mapped one after the other from a slot's start
 */
struct krg_object {
	unsigned int num;
	struct krg_chunk chunks[KRG_CHUNKS];
};

/**
 * struct krg - state of one case, beside the iommu suite's fixture
 * @test: the case
 * @t: the fixture: domain, model (a mapping per chunk), device view
 * @kd: the fixture's domain
 * @rnd: random state
 * @small: smallest page size
 * @big: the large chunk size (2M for a 4K granule)
 * @slot_sz: IOVA size of a slot
 * @oa_mask: physical addresses used fit in this mask
 * @space_len: length of [0, end of the lower VA) cleared at the end
 * @nslots: slots that fit in the table, at most KRG_SLOTS
 * @init_pages: table pages after init, and @kept
 * @kept: table pages no unmap can free (a 32-bit kernel's; see krg_init())
 * @maps: objects mapped
 * @failed_maps: maps that failed by injection or overlap, as expected
 * @unmaps: unmap_range calls
 * @reserved_maps: maps from a reserve
 */
struct krg {
	struct kunit *test;
	struct kpt_iommu *t;
	struct kpt_domain *kd;
	struct rnd_state rnd;
	u64 small;
	u64 big;
	u64 slot_sz;
	u64 oa_mask;
	u64 space_len;
	unsigned int nslots;
	long init_pages;
	long kept;
	unsigned int maps;
	unsigned int failed_maps;
	unsigned int unmaps;
	unsigned int reserved_maps;
};

/* Random number below @n; any 64-bit number for 0 */
static u64 krg_rand(struct krg *r, u64 n)
{
	return n ? kpt_rand_range(&r->rnd, 0, n - 1) : kpt_rand64(&r->rnd);
}

static struct krg *krg_of(struct kunit *test)
{
	return ((struct kpt_iommu *)test->priv)->ext;
}

static int krg_init(struct kunit *test)
{
	const struct pt_kunit_fmt_cfg *c = test->param_value;
	struct iommu_domain *domain;
	unsigned int oa_lg2, top, level, kept = 0;
	struct iommu_iotlb_gather gather;
	struct kpt_iommu *t;
	unsigned long sizes;
	struct krg *r;
	int ret;

	ret = kpt_iommu_init(test);
	t = test->priv;
	if (ret)
		return ret;
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->test = test;
	r->t = t;
	r->kd = t->kd;
	t->ext = r;
	kpt_model_init(&t->model);
	prandom_seed_state(&r->rnd, 0x5eed0005);
	domain = &r->kd->domain;
	r->init_pages = pt_iommu_table_pages();

	/* Lengths are size_t: at most half the address space at once */
	r->space_len = min_t(u64, domain->geometry.aperture_end,
			     ULONG_MAX >> 1) + 1;
	sizes = domain->pgsize_bitmap;
	r->small = 1ULL << __ffs(sizes);
	sizes &= ~((unsigned long)(r->small << 9) - 1);
	r->big = sizes ? 1ULL << __ffs(sizes) : r->small * 2;
	/*
	 * Two slots at least: a 32-bit kernel's 2G holds only one of 64K
	 * granule 512M chunks, so its large chunks are smaller there
	 */
	while (r->big > 2 * r->small && 2 * KRG_CHUNKS * r->big > r->space_len)
		r->big >>= 1;
	r->slot_sz = KRG_CHUNKS * r->big;
	/* Within phys_addr_t too, which a 32-bit kernel may keep at 32 bits */
	oa_lg2 = min_t(unsigned int, c->cfg.common.hw_max_oasz_lg2, 40);
	oa_lg2 = min_t(unsigned int, oa_lg2, sizeof(phys_addr_t) * 8);
	r->oa_mask = GENMASK_ULL(oa_lg2 - 1, 0);
	/* Everything these cases map is in the lower half, from IOVA 0 */
	if (domain->geometry.aperture_start)
		return -EINVAL;
	r->nslots = min_t(u64, KRG_SLOTS, div64_u64(r->space_len, r->slot_sz));
	if (r->nslots < 2)
		return -EINVAL;

	/*
	 * An unmap frees only the tables it covers to their end: those above
	 * IOVA 0 that span more than space_len stay once something was
	 * mapped below them. None on a 64-bit kernel; on a 32-bit one, where
	 * size_t and unsigned long end at 4G, those of a wider table. Make
	 * them now, count them by the spec, and return to them in the cases.
	 */
	ret = PT_API(map_range)(domain, 0, r->small, r->small, KPT_RW,
				GFP_KERNEL, NULL);
	if (ret)
		return ret;
	iommu_iotlb_gather_init(&gather);
	if (PT_API(unmap_range)(domain, 0, r->space_len, &gather) != r->small)
		return -EIO;
	iommu_iotlb_sync(domain, &gather);
	top = READ_ONCE(kpt_common(r->kd)->top_of_table) & PT_TOP_LEVEL_MASK;
	for (level = 0; level < top; level++)
		if (kspec_level_va_lg2(level) > ilog2(r->space_len))
			kept++;
	/* At most those: a format may keep some anyway (DART's TTBR tables) */
	r->kept = pt_iommu_table_pages() - r->init_pages;
	KUNIT_EXPECT_LE(test, r->kept, kpt_table_pages(kept));
	if (BITS_PER_LONG == 64)
		KUNIT_EXPECT_EQ(test, r->kept, 0);
	r->init_pages += r->kept;
	return 0;
}

static u64 krg_phys(struct krg *r, u64 iova)
{
	return kpt_phys(r->kd, iova);
}

/* First and last IOVA of slot @s */
static u64 krg_slot_first(struct krg *r, unsigned int s)
{
	return s * r->slot_sz;
}

static u64 krg_slot_last(struct krg *r, unsigned int s)
{
	return (s + 1) * r->slot_sz - 1;
}

/* Bytes the model has mapped in slots @s1 to @s2 */
static u64 krg_slots_len(struct krg *r, unsigned int s1, unsigned int s2)
{
	return kpt_model_bytes(&r->t->model, krg_slot_first(r, s1),
			       krg_slot_last(r, s2));
}

/* The table translates each slot exactly as the model says */
static void krg_check_all(struct krg *r)
{
	unsigned int s;

	for (s = 0; s != r->nslots; s++)
		kpt_model_check(r->test, &r->t->model, r->kd,
				krg_slot_first(r, s), krg_slot_last(r, s));
}

static u64 krg_object_len(struct krg_object *obj)
{
	u64 len = 0;
	unsigned int i;

	for (i = 0; i != obj->num; i++)
		len += obj->chunks[i].len;
	return len;
}

/* A random buffer object: granule runs and large aligned chunks */
static void krg_make_object(struct krg *r, struct krg_object *obj)
{
	unsigned int i;

	obj->num = 1 + krg_rand(r, KRG_CHUNKS);
	for (i = 0; i != obj->num; i++) {
		struct krg_chunk *c = &obj->chunks[i];

		if (krg_rand(r, 2)) {
			c->len = r->big;
			c->pa = krg_rand(r, 0) & r->oa_mask & ~(r->big - 1);
		} else {
			c->len = r->small *
				 (1 + krg_rand(r, min_t(u64, 16,
							div64_u64(r->big,
								  r->small))));
			c->pa = krg_rand(r, 0) & r->oa_mask & ~(r->small - 1);
			if (c->pa + c->len > r->oa_mask)
				c->pa -= c->len;
		}
	}
}

/* Map @obj at slot @s with map_sg; a reserve and failures as asked */
static int krg_map_object(struct krg *r, unsigned int s, struct krg_object *obj,
			  bool use_reserve, int fail_after)
{
	struct kunit *test = r->test;
	struct pt_iommu_reserve reserve;
	struct scatterlist sgl[KRG_CHUNKS];
	u64 iova = s * r->slot_sz;
	unsigned int i;
	int ret;

	sg_init_table(sgl, obj->num);
	for (i = 0; i != obj->num; i++) {
		sg_dma_address(&sgl[i]) = obj->chunks[i].pa;
		sg_dma_len(&sgl[i]) = obj->chunks[i].len;
	}
	pt_iommu_reserve_init(&reserve);
	if (use_reserve) {
		ret = PT_API(reserve_fill)(&r->kd->domain, &reserve, iova,
					   krg_object_len(obj), GFP_KERNEL);
		KUNIT_ASSERT_EQ(test, ret, 0);
		fail_after = 1;
	}
	pt_iommu_fail_alloc_after(fail_after);
	ret = PT_API(map_sg)(&r->kd->domain, iova, sgl, obj->num, KPT_RW,
			     GFP_KERNEL, use_reserve ? &reserve : NULL);
	pt_iommu_fail_alloc_after(0);
	pt_iommu_reserve_release(&reserve);
	return ret;
}

/* Map a new object into a free slot, maybe failing on purpose */
static void krg_step_map(struct krg *r, unsigned int s)
{
	struct kunit *test = r->test;
	struct krg_object obj;
	unsigned int how = krg_rand(r, 8);
	u64 iova = krg_slot_first(r, s);
	unsigned int i;
	int ret;

	krg_make_object(r, &obj);
	if (how == 0 && s + 1 < r->nslots && krg_slots_len(r, s + 1, s + 1)) {
		/* One granule too long: runs into the next object */
		u64 len = r->slot_sz + r->small;
		long pages = pt_iommu_table_pages();

		ret = PT_API(map_range)(&r->kd->domain, s * r->slot_sz, 0, len,
					KPT_RW, GFP_KERNEL, NULL);
		KUNIT_EXPECT_EQ(test, ret, -EADDRINUSE);
		KUNIT_EXPECT_LE(test, pt_iommu_table_pages(),
				pages + (long)PT_IOMMU_MAX_LEVELS);
		r->failed_maps++;
		return;
	}
	if (how <= 2) {
		ret = krg_map_object(r, s, &obj, false, 1 + krg_rand(r, 3));
		if (ret == -ENOMEM) {
			r->failed_maps++;
			return;
		}
	} else if (how == 3) {
		ret = krg_map_object(r, s, &obj, true, 0);
		r->reserved_maps++;
	} else {
		ret = krg_map_object(r, s, &obj, false, 0);
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	for (i = 0; i != obj.num; i++) {
		KUNIT_ASSERT_EQ(test,
				kpt_model_add(&r->t->model, iova,
					      obj.chunks[i].len,
					      obj.chunks[i].pa),
				0);
		iova += obj.chunks[i].len;
	}
	r->maps++;
}

/*
 * Unmap from slot @s1 to slot @s2, starting at the slot or in the hole at
 * the end of the previous one, ending at the end of the data of @s2 or of
 * the slot: every object of s1..s2 goes, nothing else.
 */
static void krg_step_unmap(struct krg *r, unsigned int s1, unsigned int s2)
{
	struct kunit *test = r->test;
	u64 start = s1 * r->slot_sz, end, expect;
	size_t got;

	if (s1 && krg_rand(r, 2))
		start -= r->slot_sz - krg_slots_len(r, s1 - 1, s1 - 1);
	end = s2 * r->slot_sz +
	      (krg_rand(r, 2) ? r->slot_sz :
				max(krg_slots_len(r, s2, s2), r->small));
	expect = krg_slots_len(r, s1, s2);

	kpt_sync_reset(r->kd);
	got = kpt_unmap_range(r->kd, start, end - start);
	KUNIT_EXPECT_EQ_MSG(test, got, expect, "unmap %#llx-%#llx", start, end);
	/* What the gather asked iotlb_sync to flush covers the range */
	if (got) {
		KUNIT_EXPECT_LE(test, r->kd->sync_start, start);
		KUNIT_EXPECT_GE(test, r->kd->sync_end, end - 1);
	}
	KUNIT_EXPECT_EQ(test,
			kpt_model_remove(&r->t->model, krg_slot_first(r, s1),
					 krg_slot_last(r, s2)),
			expect);
	r->unmaps++;
}

static void krg_test_gpu_vm(struct kunit *test)
{
	struct krg *r = krg_of(test);
	unsigned int step, s1, s2;
	u64 total;

	for (step = 0; step != KRG_STEPS; step++) {
		s1 = krg_rand(r, r->nslots);
		if (!krg_slots_len(r, s1, s1) && krg_rand(r, 3)) {
			krg_step_map(r, s1);
		} else {
			s2 = min_t(unsigned int, r->nslots - 1,
				   s1 + krg_rand(r, 4));
			krg_step_unmap(r, s1, s2);
		}
		krg_check_all(r);
	}
	KUNIT_EXPECT_GT(test, r->maps, KRG_STEPS / 8);
	KUNIT_EXPECT_GT(test, r->unmaps, KRG_STEPS / 8);
	KUNIT_EXPECT_GT(test, r->failed_maps, 0);
	KUNIT_EXPECT_GT(test, r->reserved_maps, 0);

	/* One unmap of the whole lower space: only the top table is left */
	total = krg_slots_len(r, 0, r->nslots - 1);
	KUNIT_EXPECT_EQ(test, kpt_unmap_range(r->kd, 0, r->space_len), total);
	kpt_model_remove(&r->t->model, 0, ULONG_MAX);
	krg_check_all(r);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), r->init_pages);
}

static unsigned int krg_top_level(struct krg *r)
{
	return READ_ONCE(kpt_common(r->kd)->top_of_table) & PT_TOP_LEVEL_MASK;
}

/* One random range: the exact reserve suffices and the allocator rests */
static void krg_reserve_once(struct krg *r)
{
	struct kunit *test = r->test;
	unsigned int need[PT_IOMMU_MAX_LEVELS], filled[PT_IOMMU_MAX_LEVELS];
	struct pt_iommu_reserve reserve;
	u64 iova, len, pa, used = 0;
	bool granule_only = krg_rand(r, 2);
	unsigned int level, top;
	long pages;
	int count, ret;

	iova = krg_rand(r, div64_u64(r->nslots * r->slot_sz, r->small)) *
	       r->small;
	len = r->small * (1 + krg_rand(r, 64)) + r->big * krg_rand(r, 3);
	if (iova + len > r->nslots * r->slot_sz)
		iova = r->nslots * r->slot_sz - len;
	if (granule_only)
		pa = (krg_rand(r, 0) & r->oa_mask & ~(r->big - 1)) | r->small;
	else
		pa = (krg_rand(r, 0) & r->oa_mask & ~(r->big - 1)) +
		     (iova & (r->big - 1));
	if (pa + len > r->oa_mask)
		pa = r->small;

	count = PT_API(reserve_count)(&r->kd->domain, iova, len, need);
	KUNIT_ASSERT_GE(test, count, 0);

	/* An empty reserve: -ENOMEM and no change, unless nothing is needed */
	pt_iommu_reserve_init(&reserve);
	pages = pt_iommu_table_pages();
	ret = PT_API(map_range)(&r->kd->domain, iova, pa, len, KPT_RW,
				GFP_KERNEL, &reserve);
	if (count) {
		KUNIT_EXPECT_EQ(test, ret, -ENOMEM);
		KUNIT_EXPECT_EQ(test, krg_phys(r, iova), 0);
		KUNIT_EXPECT_EQ(test, krg_phys(r, iova + len - 1), 0);
		KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
	} else {
		KUNIT_EXPECT_EQ(test, ret, 0);
		goto check;
	}

	/* Exactly the worst case, with the allocator failing */
	ret = PT_API(reserve_fill)(&r->kd->domain, &reserve, iova, len,
				   GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, ret, 0);
	memcpy(filled, reserve.num, sizeof(filled));
	top = krg_top_level(r);
	pages = pt_iommu_table_pages();
	pt_iommu_fail_alloc_after(1);
	ret = PT_API(map_range)(&r->kd->domain, iova, pa, len, KPT_RW,
				GFP_KERNEL, &reserve);
	pt_iommu_fail_alloc_after(0);
	KUNIT_ASSERT_EQ(test, ret, 0);
	/* No page came from the allocator: the table took reserve pages */
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), pages);
	for (level = 0; level != PT_IOMMU_MAX_LEVELS; level++) {
		KUNIT_EXPECT_LE(test, filled[level] - reserve.num[level],
				need[level]);
		used += filled[level] - reserve.num[level];
	}
	/* Granule leaves only on an empty table need every table counted */
	if (granule_only && krg_top_level(r) == top && !r->kept)
		KUNIT_EXPECT_EQ(test, used, (u64)count);
	pt_iommu_reserve_release(&reserve);

check:
	KUNIT_EXPECT_EQ(test, krg_phys(r, iova), pa);
	KUNIT_EXPECT_EQ(test, krg_phys(r, iova + len - 1), pa + len - 1);
	KUNIT_EXPECT_EQ(test, kpt_unmap_range(r->kd, 0, r->space_len), len);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), r->init_pages);
}

/*
 * A reserve filled for [0, small) and another map growing the top before
 * the map from the reserve (what other CPUs do under the DMA API): the
 * reserve still suffices, as the tables between the old top and the new
 * one are the old tops. Only where the top can grow within the space.
 */
static void krg_reserve_then_growth(struct krg *r)
{
	struct kunit *test = r->test;
	struct pt_common *common = kpt_common(r->kd);
	unsigned int top = krg_top_level(r);
	u64 far = BIT_ULL(min_t(unsigned int, 63,
				pt_level_va_lg2(common, top)));
	struct pt_iommu_reserve reserve;

	if (!pt_feature(common, PT_FEAT_DYNAMIC_TOP) ||
	    far + r->small > r->space_len)
		return;
	pt_iommu_reserve_init(&reserve);
	KUNIT_ASSERT_EQ(test, PT_API(reserve_fill)(&r->kd->domain, &reserve,
						   0, r->small, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test,
			PT_API(map_range)(&r->kd->domain, far, r->small,
					  r->small, KPT_RW, GFP_KERNEL, NULL),
			0);
	KUNIT_ASSERT_GT(test, krg_top_level(r), top);
	KUNIT_EXPECT_EQ(test,
			PT_API(map_range)(&r->kd->domain, 0, r->small, r->small,
					  KPT_RW, GFP_KERNEL, &reserve),
			0);
	KUNIT_EXPECT_EQ(test, krg_phys(r, 0), r->small);
	pt_iommu_reserve_release(&reserve);
	kpt_unmap_range(r->kd, 0, r->space_len);
}

static void krg_test_reserve(struct kunit *test)
{
	struct krg *r = krg_of(test);
	unsigned int i;

	krg_reserve_then_growth(r);
	for (i = 0; i != KRG_RESERVE_RUNS; i++)
		krg_reserve_once(r);
}

/*
 * A range that ends inside the last item of a table, before a leaf, must
 * keep that table and the leaf: for every power of two boundary B, a
 * granule leaf just below B survives an unmap of [0, B - granule), which
 * covers every earlier item of each table holding the leaf.
 */
static void krg_test_keep_partial(struct kunit *test)
{
	struct krg *r = krg_of(test);
	unsigned int lg2, last_lg2 = min_t(unsigned int,
					   ilog2(r->space_len), 50);
	unsigned int checked = 0;

	for (lg2 = ilog2(r->small) + 2; lg2 <= last_lg2; lg2++) {
		u64 leaf = BIT_ULL(lg2) - r->small;
		u64 pa = (krg_rand(r, 0) & r->oa_mask) & ~(r->small - 1);

		if (pa + r->small > r->oa_mask)
			pa = 0;
		KUNIT_ASSERT_EQ(test,
				PT_API(map_range)(&r->kd->domain, leaf, pa,
						  r->small, KPT_RW, GFP_KERNEL,
						  NULL),
				0);
		KUNIT_EXPECT_EQ(test, kpt_unmap_range(r->kd, 0, leaf), 0);
		KUNIT_EXPECT_EQ_MSG(test, krg_phys(r, leaf), pa, "leaf %#llx",
				    leaf);
		KUNIT_EXPECT_EQ(test, kpt_unmap_range(r->kd, leaf, r->small),
				r->small);
		checked++;
	}
	KUNIT_EXPECT_GT(test, checked, 0);
	kpt_unmap_range(r->kd, 0, r->space_len);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), r->init_pages);
}

/*
 * A run of granule leaves is removed with one cache clean for a walker
 * that does not snoop, by unmap_pages and by unmap_range alike, and a
 * hole ends the run; a walker that snoops is never cleaned. A run of
 * large leaves stops before the one the range holds in part.
 */
static void krg_test_unmap_runs(struct kunit *test)
{
	struct krg *r = krg_of(test);
	struct kpt_view *v = r->t->view;
	unsigned long cleans = kpt_has(r->t, PT_FEAT_DMA_INCOHERENT);
	/* In one leaf table; an odd pa, so no contiguous leaf */
	u64 iova = r->big, pa = 3 * r->small, len = 34 * r->small;
	unsigned long before;

	KUNIT_ASSERT_EQ(test,
			PT_API(map_range)(&r->kd->domain, iova, pa, len,
					  KPT_RW, GFP_KERNEL, NULL),
			0);
	before = v->flushes;
	KUNIT_EXPECT_EQ(test,
			kpt_unmap_pages(r->kd, iova + r->small, 16 * r->small),
			16 * r->small);
	KUNIT_EXPECT_EQ(test, v->flushes - before, cleans);

	/* Item 0, a hole of 16, items 17-32; item 33 is past the end */
	before = v->flushes;
	KUNIT_EXPECT_EQ(test, kpt_unmap_range(r->kd, iova, len - r->small),
			17 * r->small);
	KUNIT_EXPECT_EQ(test, v->flushes - before, 2 * cleans);
	KUNIT_EXPECT_EQ(test, krg_phys(r, iova + len - r->small),
			pa + len - r->small);
	KUNIT_EXPECT_EQ(test, krg_phys(r, iova + len - 2 * r->small), 0);
	KUNIT_EXPECT_EQ(test, krg_phys(r, iova), 0);

	/* Three large leaves, where there are; the range ends in the third */
	iova = 4 * r->big;
	if (r->kd->domain.pgsize_bitmap & r->big) {
		KUNIT_ASSERT_EQ(test,
				PT_API(map_range)(&r->kd->domain, iova, r->big,
						  3 * r->big, KPT_RW,
						  GFP_KERNEL, NULL),
				0);
		KUNIT_EXPECT_EQ(test,
				kpt_unmap_range(r->kd, iova,
						2 * r->big + r->small),
				2 * r->big);
		KUNIT_EXPECT_EQ(test, krg_phys(r, iova + 2 * r->big),
				3 * r->big);
		KUNIT_EXPECT_EQ(test, krg_phys(r, iova + r->big), 0);
	}

	kpt_unmap_range(r->kd, 0, r->space_len);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), r->init_pages);
}

/*
 * A scatterlist whose IOVA range wraps past the top of the 64-bit space:
 * refused with -EOVERFLOW before anything is mapped, neither at the end
 * of the space nor at IOVA 0 where the wrapped part would land.
 */
static void krg_test_sg_wrap(struct kunit *test)
{
	struct krg *r = krg_of(test);
	struct scatterlist sgl[2];
	u64 iova = (u64)0 - r->small;

	sg_init_table(sgl, ARRAY_SIZE(sgl));
	sg_dma_address(&sgl[0]) = r->small;
	sg_dma_len(&sgl[0]) = r->small;
	sg_dma_address(&sgl[1]) = 2 * r->small;
	sg_dma_len(&sgl[1]) = r->small;
	KUNIT_EXPECT_EQ(test,
			PT_API(map_sg)(&r->kd->domain, iova, sgl,
				       ARRAY_SIZE(sgl), KPT_RW, GFP_KERNEL,
				       NULL),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, krg_phys(r, iova), 0);
	KUNIT_EXPECT_EQ(test, krg_phys(r, 0), 0);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), r->init_pages);
}

static struct kunit_case krg_cases[] = {
	KUNIT_CASE_PARAM(krg_test_sg_wrap, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(krg_test_keep_partial, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(krg_test_unmap_runs, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(krg_test_gpu_vm, kpt_cfg_gen_params),
	KUNIT_CASE_PARAM(krg_test_reserve, kpt_cfg_gen_params),
	{}
};

static struct kunit_suite krg_suite = {
	.name = PT_FMT_NAME "_range",
	.init = krg_init,
	.exit = kpt_iommu_exit,
	.test_cases = krg_cases,
};

kunit_test_suite(krg_suite);
