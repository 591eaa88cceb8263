// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite "pt_kmemleak", built only into the kernel of make sanitize
 * (it needs DEBUG_KMEMLEAK): linked after every other suite of this tree,
 * it runs when they are done, waits until what they left is old enough
 * for kmemleak to report, has kmemleak scan, prints every suspect and
 * fails when there is one allocated since pt_kmemleak_start ran: what
 * the kernel allocated before is its own, counted but not judged.
 */
#include <linux/slab.h>

#include "kunit_kmemleak.h"

static void pt_kmemleak_scan(struct kunit *test)
{
	const size_t size = 64 * 1024;
	unsigned int suspects, others;
	size_t used;
	char *buf;

	/* Set by pt_kmemleak_start, which runs first: 0 if it did not */
	KUNIT_ASSERT_NE(test, pt_kmemleak_start_jiffies, 0);
	buf = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	used = pt_kmemleak_scan_read(test, buf, size, NULL);
	suspects = pt_kmemleak_suspects(buf, "kmemleak report",
					pt_kmemleak_start_jiffies, &others);
	pr_info("kmemleak: scan at the end of the run: %u suspects (and %u of the kernel's from before the suites)\n",
		suspects, others);
	KUNIT_EXPECT_EQ(test, suspects, 0);
	/* A report too long for the buffer is more than nothing */
	KUNIT_EXPECT_LT(test, used, size - 1);
}

static struct kunit_case pt_kmemleak_cases[] = {
	KUNIT_CASE(pt_kmemleak_scan),
	{}
};

static struct kunit_suite pt_kmemleak_suite = {
	.name = "pt_kmemleak",
	.test_cases = pt_kmemleak_cases,
};

kunit_test_suites(&pt_kmemleak_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemleak scan after the generic page table suites");
