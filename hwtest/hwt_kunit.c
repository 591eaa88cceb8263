// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit entry of the SMMUv3 hardware walk (make hw-test-smmuv3): in an
 * arm64 kernel booted on QEMU's virt machine with iommu=smmuv3 and the edu
 * device, runs the cases of hwt_main.c once per armv8 granule build, the
 * SMMU programmed by hwt_smmuv3.c. Each KUnit case passes only when every
 * check of its run passed and the event queue lost nothing.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "pt_hwtest.h"

static void hwt_smmuv3_run(struct kunit *test, unsigned int granule_lg2)
{
	struct hwt *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->smmu.granule_lg2 = granule_lg2;
	hwt_test(t, hwt_smmuv3_probe);
	pr_info("hw-test: smmuv3 granule %uK: %u passed, %u failed (%u edu DMAs, %u events)\n",
		1U << (granule_lg2 - 10), t->passed, t->failed, t->dmas,
		t->smmu.events);
	KUNIT_EXPECT_EQ(test, t->failed, 0U);
	KUNIT_EXPECT_FALSE(test, t->smmu.evtq_lost);
	/* The run got as far as the random case, and faults were recorded */
	KUNIT_EXPECT_GT(test, t->random_done, 0U);
	KUNIT_EXPECT_GT(test, t->smmu.events, 0U);
}

static void hwt_smmuv3_4k(struct kunit *test)
{
	hwt_smmuv3_run(test, 12);
}

static void hwt_smmuv3_16k(struct kunit *test)
{
	hwt_smmuv3_run(test, 14);
}

static void hwt_smmuv3_64k(struct kunit *test)
{
	hwt_smmuv3_run(test, 16);
}

static struct kunit_case hwt_smmuv3_cases[] = {
	KUNIT_CASE(hwt_smmuv3_4k),
	KUNIT_CASE(hwt_smmuv3_16k),
	KUNIT_CASE(hwt_smmuv3_64k),
	{}
};

static struct kunit_suite hwt_smmuv3_suite = {
	.name = "hwtest_smmuv3",
	.test_cases = hwt_smmuv3_cases,
};

kunit_test_suites(&hwt_smmuv3_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DMA through armv8 generic page tables in QEMU's SMMUv3");
PT_IMPORT_NS();
