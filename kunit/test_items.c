// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite "pt_items": the accessors of a 64-bit table item,
 * pt_read_item64() and pt_write_item64() (generic_pt/pt_fmt_helpers.h),
 * never let a reader see a torn item, also on a 32-bit kernel where a
 * plain u64 access is two 32-bit ones. One thread on one CPU rewrites an
 * item between two values that differ in both halves while a thread on
 * another CPU loads it in a tight loop: every value loaded must be one of
 * the two, and the loop must have seen the value change under it (else
 * the threads never overlapped and the case proves nothing). Needs two
 * CPUs: the SMP kernels of make sanitize run it, a kernel with one CPU
 * (UML, those of make check-arches) skips it.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/sched.h>

/* The types of a format with 64-bit items, as a format header has them */
#include "../fmt/defs_u64.h"
#include "../generic_pt/pt_defs.h"
#include "../generic_pt/pt_fmt_helpers.h"

/* Both halves differ between the two values, and from the other's */
#define KIT_A 0x5a5a5a5aa5a5a5a5ULL
#define KIT_B 0xa5a5a5a55a5a5a5aULL
#define KIT_READS 2000000

/**
 * struct kit_run - the item and what the two threads saw
 * @item: the item, first so that it is 8-byte aligned as in a table
 * @stop: the reader is done; the writer stops
 * @started: threads running, so that neither starts alone
 * @done: signalled by each thread as it ends
 * @writes: values the writer stored
 * @changes: loads that found another value than the load before
 * @torn: loads that found neither value
 * @first_torn: the first of them
 */
struct kit_run {
	u64 item;
	atomic_t stop;
	atomic_t started;
	struct completion done;
	unsigned long writes;
	unsigned long changes;
	unsigned long torn;
	u64 first_torn;
};

static void kit_start(struct kit_run *run)
{
	atomic_inc(&run->started);
	while (atomic_read(&run->started) < 2)
		cpu_relax();
}

static int kit_writer(void *data)
{
	struct kit_run *run = data;
	unsigned long n = 0;

	kit_start(run);
	while (!atomic_read(&run->stop)) {
		pt_write_item64(&run->item, n & 1 ? KIT_B : KIT_A);
		if (!(++n % 4096))
			cond_resched();
	}
	run->writes = n;
	complete(&run->done);
	return 0;
}

static int kit_reader(void *data)
{
	struct kit_run *run = data;
	u64 prev = KIT_A, v;
	unsigned int i;

	kit_start(run);
	for (i = 0; i != KIT_READS; i++) {
		v = pt_read_item64(&run->item);
		if (v != KIT_A && v != KIT_B) {
			if (!run->torn++)
				run->first_torn = v;
		} else if (v != prev) {
			run->changes++;
			prev = v;
		}
		if (!(i % 65536))
			cond_resched();
	}
	atomic_set(&run->stop, 1);
	complete(&run->done);
	return 0;
}

/* A thread of @fn bound to @cpu, not yet woken; NULL if none */
static struct task_struct *kit_thread(int (*fn)(void *data),
				      struct kit_run *run, unsigned int cpu,
				      const char *name)
{
	struct task_struct *task = kthread_create(fn, run, "pt_items_%s",
						  name);

	if (IS_ERR(task))
		return NULL;
	kthread_bind(task, cpu);
	return task;
}

static void kit_test_no_torn_item(struct kunit *test)
{
	struct task_struct *writer, *reader;
	unsigned int cpu0, cpu1;
	struct kit_run *run;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs, has %u", num_online_cpus());
	run = kunit_kzalloc(test, sizeof(*run), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run);
	run->item = KIT_A;
	init_completion(&run->done);
	cpu0 = cpumask_first(cpu_online_mask);
	cpu1 = cpumask_next(cpu0, cpu_online_mask);

	writer = kit_thread(kit_writer, run, cpu0, "writer");
	KUNIT_ASSERT_NOT_NULL(test, writer);
	reader = kit_thread(kit_reader, run, cpu1, "reader");
	if (!reader)
		kthread_stop(writer); /* never woken: its function never runs */
	KUNIT_ASSERT_NOT_NULL(test, reader);
	wake_up_process(writer);
	wake_up_process(reader);
	wait_for_completion(&run->done);
	wait_for_completion(&run->done);

	kunit_info(test, "%u loads, %lu stores, %lu changes seen, %lu torn\n",
		   KIT_READS, run->writes, run->changes, run->torn);
	KUNIT_EXPECT_EQ_MSG(test, run->torn, 0, "first torn value %#llx",
			    run->first_torn);
	KUNIT_EXPECT_GT(test, run->changes, 0);
}

static struct kunit_case kit_cases[] = {
	KUNIT_CASE(kit_test_no_torn_item),
	{}
};

static struct kunit_suite kit_suite = {
	.name = "pt_items",
	.test_cases = kit_cases,
};

kunit_test_suites(&kit_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: 64-bit table items are never seen torn");
