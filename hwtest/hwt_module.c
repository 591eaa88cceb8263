// SPDX-License-Identifier: GPL-2.0-only
/*
 * Entry point of the x86 hardware walker test (make hw-test): on load,
 * runs the cases of hwt_main.c through QEMU's emulated VT-d, or AMD-Vi
 * when there is no VT-d, and prints "hw-test: N passed, M failed".
 */
#include <linux/module.h>
#include <linux/slab.h>
#include "pt_hwtest.h"

static int hwt_x86_probe(struct hwt *t)
{
	int ret = hwt_vtd_probe(t);

	if (ret == -ENODEV)
		ret = hwt_amd_probe(t);
	return ret;
}

static int __init pt_hwtest_init(void)
{
	struct hwt *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	hwt_test(t, hwt_x86_probe);
	pr_info("hw-test: %u passed, %u failed (%u edu DMAs)\n", t->passed,
		t->failed, t->dmas);
	kfree(t);
	return 0;
}

static void __exit pt_hwtest_exit(void)
{
}

module_init(pt_hwtest_init);
module_exit(pt_hwtest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DMA through generic page tables in QEMU's VT-d and AMD-Vi");
PT_IMPORT_NS();
