/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit suite "armv7s_diff": the armv7s build against the kernel's own
 * io-pgtable ARM_V7S (io-pgtable-arm-v7s.c), with and without each quirk
 * it supports that we mirror (NS, NO_PERMS, MTK_EXT with NO_PERMS), and
 * first-level tables of several sizes. Both tables get the same
 * configuration and the same random maps and unmaps (the sequence of
 * kunit/kunit_iopt_diff.h); both trees are walked with the decoder of
 * kunit/spec_armv7s.h: every leaf item bit-identical (the 16 items of a
 * large page or supersection too), every table descriptor identical but
 * for its address, iova_to_phys equal on every probe, and hw_info must
 * give the TTBR, TTBCR, NMRR and PRRR values io-pgtable put in its cfg.
 *
 * Where our contract deliberately differs, the sequence avoids the case
 * and kunit/kunit_armv7s.h checks our behaviour instead:
 *  - io-pgtable keeps a second-level table whose leaves were all
 *    unmapped; we free a table an unmap covers entirely. The walk accepts
 *    an empty item of ours against a table of theirs with no leaf.
 *  - io-pgtable installs exactly the page size it is given; we choose the
 *    largest leaves alignment and length allow. io-pgtable is driven with
 *    the greedy split the IOMMU core makes, ours with granules.
 *  - io-pgtable replaces a table with a section silently (unmapping the
 *    live pages below it) and WARNs on a map over a leaf (-EEXIST); we
 *    refuse both with -EADDRINUSE and replace only an empty table.
 *  - io-pgtable splits a section or a 16-item run on a partial unmap; we
 *    remove the whole leaf. The sequence unmaps whole mappings.
 *  - Not mirrored: IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT (tables above 4G)
 *    and MediaTek's 34-bit input (pt_vaddr_t is the hardware's 32 bits).
 *  - A walker that does not snoop: io-pgtable DMA maps its tables, which
 *    UML cannot do, so coherent_walk is always true here; the generic
 *    device view test runs armv7s with PT_FEAT_DMA_INCOHERENT instead.
 */
#include <linux/sizes.h>

#include "kunit_iopt_diff.h"

#define KV7S_DIFF(i, o, q, qname)                                    \
	{ .name = "ias" #i "_oas" #o qname, .fmt = ARM_V7S, .ias = i, \
	  .oas = o, .quirks = q }

/* Configurations both have; quirks ARM_NS / NO_PERMS / ARM_MTK_EXT */
static const struct kdiff_cfg kv7s_diff_cfgs[] = {
	KV7S_DIFF(32, 32, 0, ""),
	KV7S_DIFF(30, 32, 0, ""),
	KV7S_DIFF(26, 30, 0, ""),
	KV7S_DIFF(32, 32, IO_PGTABLE_QUIRK_ARM_NS, "_ns"),
	KV7S_DIFF(32, 32, IO_PGTABLE_QUIRK_NO_PERMS, "_noperms"),
	KV7S_DIFF(32, 32, IO_PGTABLE_QUIRK_ARM_NS | IO_PGTABLE_QUIRK_NO_PERMS,
		  "_ns_noperms"),
#ifdef CONFIG_PHYS_ADDR_T_64BIT /* the kernel's v7s has MTK only so */
	KV7S_DIFF(32, 35,
		  IO_PGTABLE_QUIRK_ARM_MTK_EXT | IO_PGTABLE_QUIRK_NO_PERMS,
		  "_mtk"),
	KV7S_DIFF(31, 34,
		  IO_PGTABLE_QUIRK_ARM_MTK_EXT | IO_PGTABLE_QUIRK_NO_PERMS |
			  IO_PGTABLE_QUIRK_ARM_NS,
		  "_mtk_ns"),
#endif
};

KPT_NAMED_PARAMS(kv7s_diff_cfg, kv7s_diff_cfgs, kdiff_cfg);

static int kv7s_diff_init(struct kunit *test)
{
	const struct kdiff_cfg *c = test->param_value;
	struct pt_iommu_armv7s_cfg cfg = {};
	struct kdiff *d = kdiff_alloc(test, sizeof(*d));

	if (!d)
		return -ENOMEM;
	cfg.common.hw_max_vasz_lg2 = c->ias;
	cfg.common.hw_max_oasz_lg2 = c->oas;
	if (c->quirks & IO_PGTABLE_QUIRK_ARM_NS)
		cfg.common.features |= BIT(PT_FEAT_ARMV7S_NS);
	if (c->quirks & IO_PGTABLE_QUIRK_NO_PERMS)
		cfg.common.features |= BIT(PT_FEAT_ARMV7S_NO_PERMS);
	if (c->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT)
		cfg.common.features |= BIT(PT_FEAT_ARMV7S_MTK_EXT);
	return kdiff_setup(d, &cfg, 0, SZ_4K | SZ_64K | SZ_1M | SZ_16M);
}

/* The hooks of kunit_iopt_diff.h, from the spec's decoder */
static u64 kdiff_fmt_item(const void *table, unsigned int index)
{
	return READ_ONCE(((const u32 *)table)[index]);
}

static bool kdiff_fmt_valid(struct kdiff *d, u64 item, unsigned int level)
{
	return kspec_v7s_valid(item);
}

static bool kdiff_fmt_is_leaf(struct kdiff *d, u64 item, unsigned int level)
{
	return kspec_v7s_is_leaf(item, level);
}

static void *kdiff_fmt_table(struct kdiff *d, u64 item, unsigned int level)
{
	return phys_to_virt(kspec_v7s_table_addr(item));
}

static u64 kdiff_fmt_table_addr(struct kdiff *d, unsigned int level)
{
	return kspec_v7s_table_addr(U32_MAX);
}

static unsigned int kdiff_fmt_items_lg2(struct kdiff *d, unsigned int level,
					bool top)
{
	return kspec_v7s_items_lg2(level, d->icfg.ias);
}

static unsigned int kdiff_fmt_top_level(struct kdiff *d)
{
	return 1;
}

/* io-pgtable's first-level table, from its TTBR: bits 6:0 are attributes */
static void *kdiff_fmt_their_top(struct kdiff *d)
{
	return phys_to_virt(d->icfg.arm_v7s_cfg.ttbr & GENMASK(31, 7));
}

/* hw_info gives the values io-pgtable put in its cfg */
static void kv7s_diff_test_hw_info(struct kunit *test)
{
	struct kdiff *d = test->priv;
	typeof(d->icfg.arm_v7s_cfg) *theirs = &d->icfg.arm_v7s_cfg;
	struct pt_iommu_armv7s_hw_info info;
	u32 our_top = virt_to_phys((void *)(kpt_common(&d->kd)->top_of_table &
					    ~(uintptr_t)PT_TOP_LEVEL_MASK));
	u32 their_top = virt_to_phys(kdiff_fmt_their_top(d));

	pt_iommu_armv7s_hw_info(&d->kd.fmt_table, &info);
	/* The same attribute bits beside two different table addresses */
	KUNIT_EXPECT_EQ(test, info.ttbr & GENMASK(31, 7), our_top);
	KUNIT_EXPECT_EQ(test, info.ttbr - our_top, theirs->ttbr - their_top);
	KUNIT_EXPECT_EQ(test, info.tcr, theirs->tcr);
	KUNIT_EXPECT_EQ(test, info.nmrr, theirs->nmrr);
	KUNIT_EXPECT_EQ(test, info.prrr, theirs->prrr);
	/* The same page sizes, and the same aperture */
	KUNIT_EXPECT_EQ(test, d->kd.domain.pgsize_bitmap,
			d->icfg.pgsize_bitmap);
	KUNIT_EXPECT_EQ(test, d->kd.domain.geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, d->kd.domain.geometry.aperture_end,
			BIT_ULL(d->c->ias) - 1);
}

static struct kunit_case kv7s_diff_cases[] = {
	KUNIT_CASE_PARAM(kv7s_diff_test_hw_info, kv7s_diff_cfg_gen_params),
	KUNIT_CASE_PARAM(kdiff_test_sequence, kv7s_diff_cfg_gen_params),
	{}
};

static struct kunit_suite kv7s_diff_suite = {
	.name = "armv7s_diff",
	.init = kv7s_diff_init,
	.exit = kdiff_exit,
	.test_cases = kv7s_diff_cases,
};

kunit_test_suites(&kv7s_diff_suite);
