/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the two kmemleak suites of make sanitize share: a command written
 * to kmemleak's debugfs file and the report read back from it. A kernel
 * without user space has no other way to drive kmemleak, so the file is
 * opened on a private mount of debugfs (built in only: Kconfig).
 */
#ifndef __GENERIC_PT_KUNIT_KMEMLEAK_H
#define __GENERIC_PT_KUNIT_KMEMLEAK_H

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* kmemleak reports nothing younger than 5 s (MSECS_MIN_AGE) */
#define PT_KMEMLEAK_AGE_MS 6000

/*
 * kmemleak's file has only the .read and .write of user-space I/O, which
 * kernel_read()/kernel_write() refuse: the test's kthread borrows a
 * private address space and passes the file a buffer mapped in it.
 */
struct pt_kmemleak_io {
	struct vfsmount *mnt;
	struct file *file;
	struct mm_struct *mm;
	char __user *ubuf;
	size_t size;
};

static void pt_kmemleak_close(struct pt_kmemleak_io *io)
{
	if (io->ubuf)
		vm_munmap((unsigned long)io->ubuf, io->size);
	if (io->mm) {
		kthread_unuse_mm(io->mm);
		mmput(io->mm);
	}
	if (io->file)
		fput(io->file);
	if (io->mnt)
		mntput(io->mnt);
}

static int pt_kmemleak_open(struct pt_kmemleak_io *io, size_t size)
{
	struct file_system_type *type;
	unsigned long addr;

	memset(io, 0, sizeof(*io));
	type = get_fs_type("debugfs");
	if (!type)
		return -ENODEV;
	io->mnt = vfs_kern_mount(type, 0, "debugfs", NULL);
	put_filesystem(type);
	if (IS_ERR(io->mnt)) {
		int ret = PTR_ERR(io->mnt);

		io->mnt = NULL;
		return ret;
	}
	io->file = file_open_root_mnt(io->mnt, "kmemleak", O_RDWR, 0);
	if (IS_ERR(io->file)) {
		int ret = PTR_ERR(io->file);

		io->file = NULL;
		return ret;
	}
	io->mm = mm_alloc();
	if (!io->mm)
		return -ENOMEM;
	io->mm->task_size = TASK_SIZE;
	arch_pick_mmap_layout(io->mm, &current->signal->rlim[RLIMIT_STACK]);
	kthread_use_mm(io->mm);
	addr = vm_mmap(NULL, 0, size, PROT_READ | PROT_WRITE,
		       MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	io->ubuf = (char __user *)addr;
	io->size = size;
	return 0;
}

/* Write the command @cmd to kmemleak: its length or an errno */
static ssize_t pt_kmemleak_cmd(struct pt_kmemleak_io *io, const char *cmd)
{
	size_t len = strlen(cmd);
	loff_t pos = 0;

	if (copy_to_user(io->ubuf, cmd, len))
		return -EFAULT;
	return io->file->f_op->write(io->file, io->ubuf, len, &pos);
}

/*
 * Wait until what was allocated so far is old enough to be reported, have
 * kmemleak scan (twice), read its report into @buf (@size bytes, NUL-terminated)
 * and then write @after (NULL: nothing). Returns the bytes read.
 */
static size_t pt_kmemleak_scan_read(struct kunit *test, char *buf,
				    size_t size, const char *after)
{
	struct pt_kmemleak_io io;
	size_t used = 0;
	loff_t pos = 0;
	ssize_t ret;

	msleep(PT_KMEMLEAK_AGE_MS);
	ret = pt_kmemleak_open(&io, size);
	if (ret)
		pt_kmemleak_close(&io);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "kmemleak's file: %zd", ret);
	/*
	 * kmemleak reports an object only when it finds it unreferenced and
	 * unchanged (same checksum) in a second scan: the first scan that
	 * sees it only records its checksum.
	 */
	ret = pt_kmemleak_cmd(&io, "scan");
	KUNIT_EXPECT_EQ(test, ret, 4);
	ret = pt_kmemleak_cmd(&io, "scan");
	KUNIT_EXPECT_EQ(test, ret, 4);
	while (used < size - 1) {
		ret = io.file->f_op->read(io.file, io.ubuf, size - 1 - used,
					  &pos);
		if (ret <= 0)
			break;
		if (copy_from_user(buf + used, io.ubuf, ret)) {
			ret = -EFAULT;
			break;
		}
		used += ret;
	}
	KUNIT_EXPECT_GE(test, ret, 0);
	buf[used] = 0;
	if (after) {
		ret = pt_kmemleak_cmd(&io, after);
		KUNIT_EXPECT_EQ(test, ret, (ssize_t)strlen(after));
	}
	pt_kmemleak_close(&io);
	return used;
}

/* When pt_kmemleak_start ran: what was allocated before is the kernel's */
extern unsigned long pt_kmemleak_start_jiffies;

/*
 * Count the suspects in the report @buf allocated at or after @since (in
 * jiffies: the report gives each object's allocation time on the line
 * after its address), printing the report line by line with @tag (NULL:
 * silently) and each such suspect as "kmemleak suspect:". @others counts
 * the older ones.
 */
static unsigned int pt_kmemleak_suspects(char *buf, const char *tag,
					 unsigned long since,
					 unsigned int *others)
{
	unsigned int suspects = 0;
	char *line, *at, *object = NULL;
	unsigned long when;

	*others = 0;
	while ((line = strsep(&buf, "\n"))) {
		if (!*line)
			continue;
		if (tag)
			pr_info("%s: %s\n", tag, line);
		if (strstr(line, "unreferenced object")) {
			object = line;
			continue;
		}
		at = strstr(line, "jiffies ");
		if (!object || !at)
			continue;
		/* An allocation time it cannot read counts as ours */
		if (sscanf(at, "jiffies %lu", &when) == 1 &&
		    time_before(when, since)) {
			(*others)++;
		} else {
			pr_err("kmemleak suspect: %s, %s\n", object, at);
			suspects++;
		}
		object = NULL;
	}
	return suspects;
}

#endif
