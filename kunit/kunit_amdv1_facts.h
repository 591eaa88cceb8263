/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "amdv1_fmt" case of the AMD v1 specification's literal facts (see
 * KSPEC_OWN_FACTS in kunit/spec_amdv1.h), written on tables of the format
 * suite (kunit_generic_pt.h, which includes this file): bit positions,
 * the NextLevel coding of page sizes, the replication of sized leaves and
 * the page sizes the format offers, each a literal value.
 */
#ifdef AMDV1_MOCK_GRANULE
/* 2K is the smallest page: one item, OA bit 11 in entry bit 12 */
static void kpt_amdv1_facts(struct kunit *test, u64 sizes,
			    const struct pt_write_attrs *attrs)
{
	struct pt_table_p *t0 = kpt_fmt_table(test, 0);
	unsigned int i;
	u64 raw;

	KUNIT_EXPECT_EQ(test, __ffs64(sizes), 11);
	raw = kpt_fmt_leaf(test, t0, 0, 5, 0x12345800ULL, 11, attrs);
	KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
	KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 0);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12), 0x12345800ULL << 1);
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 4), 0);
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 6), 0);

	/* 4K is two 2K items, sized with NextLevel 7 */
	kpt_fmt_leaf(test, t0, 0, 8, 0x12345000ULL, 12, attrs);
	for (i = 8; i != 10; i++) {
		raw = kspec_item(t0, i);
		KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 7);
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12),
				0x12345000ULL << 1);
	}
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 10), 0);
}
#else
/* Level 0 leaves: the sized coding of 8K and 64K, the IR/IW/FC/D bits */
static void kpt_amdv1_facts_level0(struct kunit *test,
				   const struct pt_write_attrs *attrs)
{
	struct pt_table_p *t0 = kpt_fmt_table(test, 0);
	unsigned int i;
	u64 raw;

	/* 8K: two items, NextLevel 7, address bit 12 clear */
	kpt_fmt_leaf(test, t0, 0, 4, 0x123456000ULL, 13, attrs);
	for (i = 4; i != 6; i++) {
		raw = kspec_item(t0, i);
		KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
		KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 7);
		KUNIT_EXPECT_EQ(test, raw & BIT_ULL(12), 0);
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 13),
				0x123456000ULL);
		/* IR is bit 61, IW bit 62, FC bit 60 */
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(63, 52),
				BIT_ULL(60) | BIT_ULL(61) | BIT_ULL(62));
	}
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 3), 0);
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 6), 0);

	/* 64K: sixteen items, address bits 14:12 set and bit 15 clear */
	kpt_fmt_leaf(test, t0, 0, 16, 0x7650000ULL, 16, attrs);
	for (i = 16; i != 32; i++) {
		raw = kspec_item(t0, i);
		KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 7);
		KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12),
				0x7650000ULL | 0x7000);
	}
	KUNIT_EXPECT_EQ(test, kspec_item(t0, 32), 0);

	/* D is bit 6, set by the IOMMU on a write */
	KUNIT_EXPECT_EQ(test, kpt_fmt_dirty(test, t0, 0, 20) & BIT_ULL(6),
			BIT_ULL(6));
}

/* Level 1 and 2: the 2M default page, read-only, a table pointer */
static void kpt_amdv1_facts(struct kunit *test, u64 sizes,
			    const struct pt_write_attrs *attrs)
{
	struct kpt_fmt *f = test->priv;
	struct pt_table_p *t1 = kpt_fmt_table(test, 1);
	struct pt_table_p *t2 = kpt_fmt_table(test, 2);
	struct pt_write_attrs ro;
	u64 raw;

	/* Every power of two from 4K to 2^51 but 512G */
	KUNIT_EXPECT_EQ(test, sizes, GENMASK_ULL(51, 12) & ~BIT_ULL(39));
	kpt_amdv1_facts_level0(test, attrs);

	/* 2M at level 1: NextLevel 0, the address is the OA */
	raw = kpt_fmt_leaf(test, t1, 1, 7, 0x40200000ULL, 21, attrs);
	KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
	KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 0);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12), 0x40200000ULL);

	/* Read only: IR without IW */
	memset(&ro, 0, sizeof(ro));
	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(&f->common, &ro, IOMMU_READ),
			0);
	raw = kpt_fmt_leaf(test, t1, 1, 9, 0x80000000ULL, 21, &ro);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(62, 61), BIT_ULL(61));

	/* A table pointer in a level 2 table has NextLevel 2 */
	raw = kpt_fmt_pointer(test, t2, 2, 3, virt_to_phys(t1), attrs);
	KUNIT_EXPECT_EQ(test, raw & BIT_ULL(0), 1);
	KUNIT_EXPECT_EQ(test, (raw >> 9) & 7, 2);
	KUNIT_EXPECT_EQ(test, raw & GENMASK_ULL(51, 12), virt_to_phys(t1));
}
#endif

/*
 * Facts of the specification with literal values, checked on entries the
 * format writes: bit positions, the NextLevel coding of page sizes, the
 * replication of sized leaves and the page sizes the format offers.
 */
static void kpt_fmt_test_facts(struct kunit *test)
{
	struct kpt_fmt *f = test->priv;
	struct pt_write_attrs attrs;

	/* FC is only written with the force coherence feature */
	f->common.features |= BIT(PT_FEAT_AMDV1_FORCE_COHERENCE);
	f->common.features &= ~BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES);
	memset(&attrs, 0, sizeof(attrs));
	KUNIT_ASSERT_EQ(test, pt_iommu_set_prot(&f->common, &attrs,
						IOMMU_READ | IOMMU_WRITE), 0);

	kpt_amdv1_facts(test, kpt_fmt_sizes(test), &attrs);
}
