// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite "pt_kmemleak_start", built only into the kernel of make
 * sanitize: linked before every other suite of this tree, it has kmemleak
 * scan what the kernel allocated while booting (ACPI and driver caches
 * that kmemleak cannot see referenced) and then "clear" it, and records
 * when it ran: pt_kmemleak at the end judges only what was allocated
 * since (some boot objects only lose their last reference later). The
 * kernel's own suspects are counted in the console, not judged: they are
 * not this tree's.
 */
#include <linux/slab.h>

#include "kunit_kmemleak.h"

unsigned long pt_kmemleak_start_jiffies;

static void pt_kmemleak_clear(struct kunit *test)
{
	const size_t size = 64 * 1024;
	unsigned int suspects, others;
	char *buf;

	pt_kmemleak_start_jiffies = jiffies;
	buf = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	pt_kmemleak_scan_read(test, buf, size, "clear");
	suspects = pt_kmemleak_suspects(buf, NULL, pt_kmemleak_start_jiffies,
					&others);
	pr_info("kmemleak: put aside before the suites: %u of the kernel's\n",
		suspects + others);
}

static struct kunit_case pt_kmemleak_start_cases[] = {
	KUNIT_CASE(pt_kmemleak_clear),
	{}
};

static struct kunit_suite pt_kmemleak_start_suite = {
	.name = "pt_kmemleak_start",
	.test_cases = pt_kmemleak_start_cases,
};

kunit_test_suites(&pt_kmemleak_start_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmemleak: set aside the kernel's boot objects");
