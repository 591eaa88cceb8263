// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite "pt_kmemleak", built only into the kernel of make sanitize
 * (it needs DEBUG_KMEMLEAK): linked after every other suite of this tree,
 * it runs when they are done, waits until what they left is old enough
 * for kmemleak to report, has kmemleak scan through its debugfs file (a
 * kernel without user space has no other way), prints every suspect and
 * fails when there is one.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/string.h>

/* kmemleak reports nothing younger than 5 s (MSECS_MIN_AGE) */
#define PT_KMEMLEAK_AGE_MS 6000

/* Print the report in @buf line by line; count its suspects */
static unsigned int pt_kmemleak_print(char *buf)
{
	unsigned int suspects = 0;
	char *line;

	while ((line = strsep(&buf, "\n"))) {
		if (!*line)
			continue;
		pr_info("kmemleak report: %s\n", line);
		suspects += !!strstr(line, "unreferenced object");
	}
	return suspects;
}

static void pt_kmemleak_scan(struct kunit *test)
{
	const size_t size = 64 * 1024;
	struct file_system_type *type;
	unsigned int suspects;
	struct vfsmount *mnt;
	struct file *file;
	size_t used = 0;
	loff_t pos = 0;
	ssize_t ret;
	char *buf;

	buf = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	msleep(PT_KMEMLEAK_AGE_MS);

	type = get_fs_type("debugfs");
	KUNIT_ASSERT_NOT_NULL(test, type);
	mnt = vfs_kern_mount(type, 0, "debugfs", NULL);
	put_filesystem(type);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(mnt), "mount debugfs: %ld",
			       PTR_ERR(mnt));
	file = file_open_root_mnt(mnt, "kmemleak", O_RDWR, 0);
	if (IS_ERR(file))
		mntput(mnt);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(file), "open kmemleak: %ld",
			       PTR_ERR(file));
	ret = kernel_write(file, "scan", 4, &pos);
	KUNIT_EXPECT_EQ(test, ret, 4);
	pos = 0;
	while (used < size - 1) {
		ret = kernel_read(file, buf + used, size - 1 - used, &pos);
		if (ret <= 0)
			break;
		used += ret;
	}
	fput(file);
	mntput(mnt);
	KUNIT_EXPECT_GE(test, ret, 0);
	buf[used] = 0;
	suspects = pt_kmemleak_print(buf);
	pr_info("kmemleak: scan at the end of the run: %u suspects\n",
		suspects);
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
