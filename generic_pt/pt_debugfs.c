// SPDX-License-Identifier: GPL-2.0-only
/*
 * The debugfs file of a table: a driver opts in with one call and gets a
 * read-only file whose text the table's format build writes (ops->dump,
 * generic_pt/iommu_debugfs.h). Documentation/debugfs.rst describes it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/generic_pt/compat.h>
#include <linux/generic_pt/iommu.h>

static int pt_debugfs_show(struct seq_file *s, void *unused)
{
	struct pt_iommu *iommu_table = s->private;
	int ret;

	/* Tables freed meanwhile stay readable until the unlock */
	rcu_read_lock();
	ret = iommu_table->ops->dump(iommu_table, s);
	rcu_read_unlock();
	return ret;
}
DEFINE_SHOW_ATTRIBUTE(pt_debugfs);

/**
 * pt_iommu_debugfs_create() - a debugfs file that dumps a table
 * @iommu_table: an initialised table
 * @name: file name
 * @parent: debugfs directory, or NULL for the debugfs root
 *
 * The file (mode 0400) prints every leaf of the table as its IOVA range,
 * size, output address and attributes, then the tables on each level.
 * The driver removes it with debugfs_remove() before pt_iommu_deinit().
 *
 * From then on pt_iommu_put_pages_list() frees this table's pages after
 * an RCU grace period (other tables' at once), so the file may be read
 * while the table changes; Documentation/debugfs.rst says what a reader
 * then sees.
 *
 * Context: Process context, before unmaps of the table run on other CPUs:
 * the choice to free after a grace period is a plain flag, which an unmap
 * already running elsewhere may not see yet.
 * Return: the dentry, or an ERR_PTR(): -EINVAL for a table that is not
 * initialised, or what debugfs_create_file() returns.
 */
struct dentry *pt_iommu_debugfs_create(struct pt_iommu *iommu_table,
				       const char *name, struct dentry *parent)
{
	if (!iommu_table->ops || !iommu_table->ops->dump) {
		pr_err_ratelimited("%s: table %s is not initialised\n",
				   __func__, name);
		return ERR_PTR(-EINVAL);
	}
	/* Before the file exists, so before any read */
	WRITE_ONCE(iommu_table->frags.free_after_rcu, true);
	return debugfs_create_file(name, 0400, parent, iommu_table,
				   &pt_debugfs_fops);
}
EXPORT_SYMBOL_GENERIC_PT(pt_iommu_debugfs_create);
