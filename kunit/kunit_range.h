/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "<fmt>_range": the whole-range helpers and table reserves of
 * one build, for each configuration in KRG_CFGS (defined by the includer).
 *
 *  - gpu_vm: a GPU VM in the way panthor/panfrost drive one: random
 *    buffer objects (scatterlists of mixed granule and large chunks) are
 *    mapped with map_sg into slots, random sparse ranges spanning several
 *    objects and holes are unmapped with unmap_range, allocation failures
 *    are injected in the middle of maps, some maps overlap a live object,
 *    and some maps take their tables from a reserve with the allocator
 *    failing. After every step the table must translate exactly what the
 *    test's own list of live objects says; at the end one unmap_range of
 *    the whole space must leave only the top table, and nothing leaks.
 *  - reserve: for random ranges, a map with a reserve of exactly the
 *    worst case succeeds with the allocator failing and takes no page
 *    from it; on an empty table with granule leaves only it uses exactly
 *    the count; an empty reserve fails with -ENOMEM and changes nothing.
 *
 * Expected translations come from the test's list of what it mapped,
 * expected page counts from pt_iommu_table_pages() measured around the
 * operation, never from the code under test.
 */
#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/math64.h>
#include <linux/prandom.h>
#include <linux/scatterlist.h>

#ifdef PT_FMT_VARIANT
#define KRG_FMT_ID CONCATENATE(PT_FMT, CONCATENATE(_, PT_FMT_VARIANT))
#else
#define KRG_FMT_ID PT_FMT
#endif
#define KRG_DOMAIN_OPS(fmt) IOMMU_PT_DOMAIN_OPS(fmt)
#define KRG_RW (IOMMU_READ | IOMMU_WRITE)

/* Slots of the GPU VM, chunks per object, steps of the random run */
#define KRG_SLOTS 16
#define KRG_CHUNKS 4
#define KRG_STEPS 400
#define KRG_RESERVE_RUNS 60

/**
 * struct krg_domain - a driver domain in the union pattern
 * @domain: the domain the IOMMU core sees
 * @table: the page table
 * @top_lock: the table's top lock
 */
struct krg_domain {
	union {
		struct iommu_domain domain;
		PT_IOMMU_TABLE_T table;
	};
	spinlock_t top_lock; /* serialises top growth */
};

PT_IOMMU_CHECK_DOMAIN(struct krg_domain, table.iommu, domain);

static void krg_iotlb_sync(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *gather)
{
	pt_iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops krg_domain_ops = {
	KRG_DOMAIN_OPS(KRG_FMT_ID),
	.iotlb_sync = krg_iotlb_sync,
};

static void krg_change_top(struct pt_iommu *iommu_table, phys_addr_t top_paddr,
			   unsigned int top_level)
{
}

static spinlock_t *krg_get_top_lock(struct pt_iommu *iommu_table)
{
	return &container_of(iommu_table, struct krg_domain, table.iommu)
			->top_lock;
}

static const struct pt_iommu_driver_ops krg_driver_ops = {
	.change_top = krg_change_top,
	.get_top_lock = krg_get_top_lock,
};

/* Tables DMA mapped and not yet unmapped, for non-coherent configs */
static atomic_t krg_dma_tables = ATOMIC_INIT(0);

static void krg_dma_hook(struct device *dev, void *addr, size_t len,
			 enum pt_iommu_dma_op op)
{
	if (op == PT_IOMMU_DMA_MAP)
		atomic_inc(&krg_dma_tables);
	else if (op == PT_IOMMU_DMA_UNMAP)
		atomic_dec(&krg_dma_tables);
}

static struct device krg_walker_dev;

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
 * struct krg_slot - one buffer object of the model
 * @num: chunks, 0 when the slot is free
 * @chunks: the chunks, mapped one after the other from the slot start
 */
struct krg_slot {
	unsigned int num;
	struct krg_chunk chunks[KRG_CHUNKS];
};

/**
 * struct krg - state of one case
 * @test: the case
 * @kd: the domain
 * @rnd: random state
 * @small: smallest page size
 * @big: the large chunk size (2M for a 4K granule)
 * @slot_sz: IOVA size of a slot
 * @oa_mask: physical addresses used fit in this mask
 * @space_len: length of [0, end of the lower VA) cleared at the end
 * @nslots: slots that fit in the table, at most KRG_SLOTS
 * @start_pages: table pages before init
 * @init_pages: table pages after init, and @kept
 * @kept: table pages no unmap can free (a 32-bit kernel's; see krg_init())
 * @slots: the model
 * @maps: objects mapped
 * @failed_maps: maps that failed by injection or overlap, as expected
 * @unmaps: unmap_range calls
 * @reserved_maps: maps from a reserve
 */
struct krg {
	struct kunit *test;
	struct krg_domain *kd;
	struct rnd_state rnd;
	u64 small;
	u64 big;
	u64 slot_sz;
	u64 oa_mask;
	u64 space_len;
	unsigned int nslots;
	long start_pages;
	long init_pages;
	long kept;
	struct krg_slot slots[KRG_SLOTS];
	unsigned int maps;
	unsigned int failed_maps;
	unsigned int unmaps;
	unsigned int reserved_maps;
};

static void krg_cfg_desc(const struct pt_kunit_fmt_cfg *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(krg_cfg, KRG_CFGS, krg_cfg_desc);

static u64 krg_rand(struct krg *r, u64 n)
{
	u64 v = (u64)prandom_u32_state(&r->rnd) << 32 |
		prandom_u32_state(&r->rnd);

	if (!n)
		return v;
	/* div64: a 32-bit kernel has no 64-bit % */
	div64_u64_rem(v, n, &v);
	return v;
}

static int krg_init(struct kunit *test)
{
	const struct pt_kunit_fmt_cfg *c = test->param_value;
	struct iommu_domain *domain;
	unsigned int oa_lg2, top, level, kept = 0;
	struct iommu_iotlb_gather gather;
	unsigned long sizes;
	struct krg *r;
	int ret;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->kd = kunit_kzalloc(test, sizeof(*r->kd), GFP_KERNEL);
	if (!r->kd)
		return -ENOMEM;
	r->test = test;
	prandom_seed_state(&r->rnd, 0x5eed0005);
	atomic_set(&krg_dma_tables, 0);
	pt_iommu_set_dma_hook(krg_dma_hook);

	domain = &r->kd->domain;
	spin_lock_init(&r->kd->top_lock);
	domain->type = IOMMU_DOMAIN_UNMANAGED;
	domain->ops = &krg_domain_ops;
	r->kd->table.iommu.driver_ops = &krg_driver_ops;
	r->kd->table.iommu.nid = NUMA_NO_NODE;
	r->kd->table.iommu.iommu_device = &krg_walker_dev;
	r->start_pages = pt_iommu_table_pages();
	test->priv = r;
	ret = PT_API(init)(&r->kd->table, &c->cfg, GFP_KERNEL);
	if (ret)
		return ret;
	r->init_pages = pt_iommu_table_pages();

	sizes = domain->pgsize_bitmap;
	r->small = 1ULL << __ffs(sizes);
	sizes &= ~((unsigned long)(r->small << 9) - 1);
	r->big = sizes ? 1ULL << __ffs(sizes) : r->small * 2;
	r->slot_sz = KRG_CHUNKS * r->big;
	/* Within phys_addr_t too, which a 32-bit kernel may keep at 32 bits */
	oa_lg2 = min_t(unsigned int, c->cfg.common.hw_max_oasz_lg2, 40);
	oa_lg2 = min_t(unsigned int, oa_lg2, sizeof(phys_addr_t) * 8);
	r->oa_mask = GENMASK_ULL(oa_lg2 - 1, 0);
	/* Everything these cases map is in the lower half, from IOVA 0 */
	if (domain->geometry.aperture_start)
		return -EINVAL;
	/* Lengths are size_t: at most half the address space at once */
	r->space_len = min_t(u64, domain->geometry.aperture_end,
			     ULONG_MAX >> 1) + 1;
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
	ret = PT_API(map_range)(domain, 0, r->small, r->small, KRG_RW,
				GFP_KERNEL, NULL);
	if (ret)
		return ret;
	iommu_iotlb_gather_init(&gather);
	if (PT_API(unmap_range)(domain, 0, r->space_len, &gather) != r->small)
		return -EIO;
	krg_iotlb_sync(domain, &gather);
	top = READ_ONCE(r->kd->table.PT_FMT_MEMBER.common.top_of_table) &
	      PT_TOP_LEVEL_MASK;
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

static void krg_exit(struct kunit *test)
{
	struct krg *r = test->priv;

	pt_iommu_fail_alloc_after(0);
	if (r) {
		pt_iommu_deinit(&r->kd->table.iommu);
		KUNIT_EXPECT_EQ_MSG(test, pt_iommu_table_pages(),
				    r->start_pages, "table pages leaked");
	}
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&krg_dma_tables), 0,
			    "tables left DMA mapped");
	pt_iommu_set_dma_hook(NULL);
}

static u64 krg_phys(struct krg *r, u64 iova)
{
	return r->kd->domain.ops->iova_to_phys(&r->kd->domain, iova);
}

/* The table translates slot @s exactly as the model says */
static void krg_check_slot(struct krg *r, unsigned int s)
{
	struct kunit *test = r->test;
	struct krg_slot *slot = &r->slots[s];
	u64 iova = s * r->slot_sz;
	unsigned int i;

	if (!slot->num) {
		KUNIT_EXPECT_EQ_MSG(test, krg_phys(r, iova), 0, "slot %u", s);
		KUNIT_EXPECT_EQ_MSG(test, krg_phys(r, iova + r->slot_sz - 1), 0,
				    "slot %u", s);
		return;
	}
	for (i = 0; i != slot->num; i++) {
		struct krg_chunk *c = &slot->chunks[i];

		KUNIT_EXPECT_EQ_MSG(test, krg_phys(r, iova), c->pa,
				    "slot %u chunk %u", s, i);
		KUNIT_EXPECT_EQ_MSG(test, krg_phys(r, iova + c->len - 1),
				    c->pa + c->len - 1, "slot %u chunk %u", s,
				    i);
		iova += c->len;
	}
	/* The tail of the slot, if any, is a hole */
	if (iova < (s + 1) * r->slot_sz)
		KUNIT_EXPECT_EQ_MSG(test, krg_phys(r, iova), 0, "slot %u tail",
				    s);
}

static void krg_check_all(struct krg *r)
{
	unsigned int s;

	for (s = 0; s != r->nslots; s++)
		krg_check_slot(r, s);
}

static u64 krg_slot_len(struct krg_slot *slot)
{
	u64 len = 0;
	unsigned int i;

	for (i = 0; i != slot->num; i++)
		len += slot->chunks[i].len;
	return len;
}

/* A random buffer object: granule runs and large aligned chunks */
static void krg_make_object(struct krg *r, struct krg_slot *obj)
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
static int krg_map_object(struct krg *r, unsigned int s, struct krg_slot *obj,
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
					   krg_slot_len(obj), GFP_KERNEL);
		KUNIT_ASSERT_EQ(test, ret, 0);
		fail_after = 1;
	}
	pt_iommu_fail_alloc_after(fail_after);
	ret = PT_API(map_sg)(&r->kd->domain, iova, sgl, obj->num, KRG_RW,
			     GFP_KERNEL, use_reserve ? &reserve : NULL);
	pt_iommu_fail_alloc_after(0);
	pt_iommu_reserve_release(&reserve);
	return ret;
}

/* Map a new object into a free slot, maybe failing on purpose */
static void krg_step_map(struct krg *r, unsigned int s)
{
	struct kunit *test = r->test;
	struct krg_slot obj;
	unsigned int how = krg_rand(r, 8);
	int ret;

	krg_make_object(r, &obj);
	if (how == 0 && s + 1 < r->nslots && r->slots[s + 1].num) {
		/* One granule too long: runs into the next object */
		u64 len = r->slot_sz + r->small;
		long pages = pt_iommu_table_pages();

		ret = PT_API(map_range)(&r->kd->domain, s * r->slot_sz, 0, len,
					KRG_RW, GFP_KERNEL, NULL);
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
	r->slots[s] = obj;
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
	struct iommu_iotlb_gather gather;
	u64 start = s1 * r->slot_sz, end, expect = 0;
	unsigned int s;
	size_t got;

	if (s1 && krg_rand(r, 2))
		start -= r->slot_sz - krg_slot_len(&r->slots[s1 - 1]);
	end = s2 * r->slot_sz + (krg_rand(r, 2) ? r->slot_sz :
				 max(krg_slot_len(&r->slots[s2]), r->small));
	for (s = s1; s <= s2; s++)
		expect += krg_slot_len(&r->slots[s]);

	iommu_iotlb_gather_init(&gather);
	got = PT_API(unmap_range)(&r->kd->domain, start, end - start, &gather);
	KUNIT_EXPECT_EQ_MSG(test, got, expect, "unmap %#llx-%#llx", start, end);
	if (got) {
		KUNIT_EXPECT_LE(test, gather.start, start);
		KUNIT_EXPECT_GE(test, gather.end, end - 1);
	}
	krg_iotlb_sync(&r->kd->domain, &gather);
	for (s = s1; s <= s2; s++)
		r->slots[s].num = 0;
	r->unmaps++;
}

static void krg_test_gpu_vm(struct kunit *test)
{
	struct krg *r = test->priv;
	struct iommu_iotlb_gather gather;
	unsigned int step, s1, s2;
	u64 total = 0;

	for (step = 0; step != KRG_STEPS; step++) {
		s1 = krg_rand(r, r->nslots);
		if (!r->slots[s1].num && krg_rand(r, 3)) {
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
	for (s1 = 0; s1 != r->nslots; s1++)
		total += krg_slot_len(&r->slots[s1]);
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, PT_API(unmap_range)(&r->kd->domain, 0,
						  r->space_len, &gather),
			total);
	krg_iotlb_sync(&r->kd->domain, &gather);
	memset(r->slots, 0, sizeof(r->slots));
	krg_check_all(r);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), r->init_pages);
}

static unsigned int krg_top_level(struct krg *r)
{
	return READ_ONCE(r->kd->table.PT_FMT_MEMBER.common.top_of_table) &
	       PT_TOP_LEVEL_MASK;
}

/* One random range: the exact reserve suffices and the allocator rests */
static void krg_reserve_once(struct krg *r)
{
	struct kunit *test = r->test;
	unsigned int need[PT_IOMMU_MAX_LEVELS], filled[PT_IOMMU_MAX_LEVELS];
	struct pt_iommu_reserve reserve;
	struct iommu_iotlb_gather gather;
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
	ret = PT_API(map_range)(&r->kd->domain, iova, pa, len, KRG_RW,
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
	ret = PT_API(map_range)(&r->kd->domain, iova, pa, len, KRG_RW,
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
	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, PT_API(unmap_range)(&r->kd->domain, 0,
						  r->space_len, &gather),
			len);
	krg_iotlb_sync(&r->kd->domain, &gather);
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
	struct pt_common *common = &r->kd->table.PT_FMT_MEMBER.common;
	unsigned int top = krg_top_level(r);
	u64 far = BIT_ULL(min_t(unsigned int, 63,
				pt_level_va_lg2(common, top)));
	struct pt_iommu_reserve reserve;
	struct iommu_iotlb_gather gather;

	if (!pt_feature(common, PT_FEAT_DYNAMIC_TOP) ||
	    far + r->small > r->space_len)
		return;
	pt_iommu_reserve_init(&reserve);
	KUNIT_ASSERT_EQ(test, PT_API(reserve_fill)(&r->kd->domain, &reserve,
						   0, r->small, GFP_KERNEL),
			0);
	KUNIT_ASSERT_EQ(test, PT_API(map_range)(&r->kd->domain, far, r->small,
						r->small, KRG_RW, GFP_KERNEL,
						NULL),
			0);
	KUNIT_ASSERT_GT(test, krg_top_level(r), top);
	KUNIT_EXPECT_EQ(test, PT_API(map_range)(&r->kd->domain, 0, r->small,
						r->small, KRG_RW, GFP_KERNEL,
						&reserve),
			0);
	KUNIT_EXPECT_EQ(test, krg_phys(r, 0), r->small);
	pt_iommu_reserve_release(&reserve);
	iommu_iotlb_gather_init(&gather);
	PT_API(unmap_range)(&r->kd->domain, 0, r->space_len, &gather);
	krg_iotlb_sync(&r->kd->domain, &gather);
}

static void krg_test_reserve(struct kunit *test)
{
	struct krg *r = test->priv;
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
	struct krg *r = test->priv;
	struct iommu_iotlb_gather gather;
	unsigned int lg2, last_lg2 = min_t(unsigned int,
					   ilog2(r->space_len), 50);
	unsigned int checked = 0;

	for (lg2 = ilog2(r->small) + 2; lg2 <= last_lg2; lg2++) {
		u64 leaf = BIT_ULL(lg2) - r->small;
		u64 pa = (krg_rand(r, 0) & r->oa_mask) & ~(r->small - 1);

		if (pa + r->small > r->oa_mask)
			pa = 0;
		KUNIT_ASSERT_EQ(test, PT_API(map_range)(&r->kd->domain, leaf, pa,
							r->small, KRG_RW,
							GFP_KERNEL, NULL), 0);
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test, PT_API(unmap_range)(&r->kd->domain, 0,
							  leaf, &gather), 0);
		krg_iotlb_sync(&r->kd->domain, &gather);
		KUNIT_EXPECT_EQ_MSG(test, krg_phys(r, leaf), pa, "leaf %#llx",
				    leaf);
		iommu_iotlb_gather_init(&gather);
		KUNIT_EXPECT_EQ(test, PT_API(unmap_range)(&r->kd->domain, leaf,
							  r->small, &gather),
				r->small);
		krg_iotlb_sync(&r->kd->domain, &gather);
		checked++;
	}
	KUNIT_EXPECT_GT(test, checked, 0);
	iommu_iotlb_gather_init(&gather);
	PT_API(unmap_range)(&r->kd->domain, 0, r->space_len, &gather);
	krg_iotlb_sync(&r->kd->domain, &gather);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), r->init_pages);
}

/*
 * A scatterlist whose IOVA range wraps past the top of the 64-bit space:
 * refused with -EOVERFLOW before anything is mapped, neither at the end
 * of the space nor at IOVA 0 where the wrapped part would land.
 */
static void krg_test_sg_wrap(struct kunit *test)
{
	struct krg *r = test->priv;
	struct scatterlist sgl[2];
	u64 iova = (u64)0 - r->small;

	sg_init_table(sgl, ARRAY_SIZE(sgl));
	sg_dma_address(&sgl[0]) = r->small;
	sg_dma_len(&sgl[0]) = r->small;
	sg_dma_address(&sgl[1]) = 2 * r->small;
	sg_dma_len(&sgl[1]) = r->small;
	KUNIT_EXPECT_EQ(test, PT_API(map_sg)(&r->kd->domain, iova, sgl,
					     ARRAY_SIZE(sgl), KRG_RW,
					     GFP_KERNEL, NULL),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, krg_phys(r, iova), 0);
	KUNIT_EXPECT_EQ(test, krg_phys(r, 0), 0);
	KUNIT_EXPECT_EQ(test, pt_iommu_table_pages(), r->init_pages);
}

static struct kunit_case krg_cases[] = {
	KUNIT_CASE_PARAM(krg_test_sg_wrap, krg_cfg_gen_params),
	KUNIT_CASE_PARAM(krg_test_keep_partial, krg_cfg_gen_params),
	KUNIT_CASE_PARAM(krg_test_gpu_vm, krg_cfg_gen_params),
	KUNIT_CASE_PARAM(krg_test_reserve, krg_cfg_gen_params),
	{}
};

static struct kunit_suite krg_suite = {
	.name = PT_FMT_NAME "_range",
	.init = krg_init,
	.exit = krg_exit,
	.test_cases = krg_cases,
};

kunit_test_suite(krg_suite);
