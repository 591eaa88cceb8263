/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The text of a table's debugfs file (pt_iommu_debugfs_create()), written
 * once and compiled per format after iommu_pt.h: one walk over the whole
 * table prints every leaf with its IOVA range, size, output address and
 * the attributes the format decodes (pt_entry_attr_names()), then the
 * number of tables per level. The walk is lockless like iova_to_phys;
 * Documentation/debugfs.rst says what a reader sees while the table
 * changes.
 */
#include <linux/seq_file.h>

/**
 * struct pt_iommu_dump_args - state of one dump
 * @s: the output
 * @tables: tables met on each level
 */
struct pt_iommu_dump_args {
	struct seq_file *s;
	unsigned long tables[PT_IOMMU_MAX_LEVELS];
};

/* The IOVA the hardware sees for @va: sign extended or with its prefix */
static u64 NS(dump_full_va)(struct pt_common *common, pt_vaddr_t va)
{
	if (pt_feature(common, PT_FEAT_SIGN_EXTEND) &&
	    (va & va_lg2int(common->max_vasz_lg2 - 1)))
		return va | ~va_lg2max(common->max_vasz_lg2);
	return va | pt_full_va_prefix(common);
}

/* One line per leaf: "first-last size -> oa attributes" */
static void NS(dump_leaf)(struct pt_iommu_dump_args *dump,
			  struct pt_state *pts)
{
	static const char units[] = "BKMGTPE";
	unsigned int lg2 = pt_entry_oa_lg2sz(pts);
	struct pt_attr_names names = {};
	u64 va = NS(dump_full_va)(pts->range->common, pt_iter_leaf_va(pts));

	pt_entry_attr_names(pts, &names);
	pt_attr_name(&names,
		     pt_dirty_supported(pts->range->common) &&
			     pt_entry_is_write_dirty(pts),
		     "dirty");
	seq_printf(dump->s, "%#018llx-%#018llx %4u%c -> %#018llx %s\n", va,
		   va + (oa_lg2int(lg2) - 1), 1U << (lg2 % 10),
		   units[lg2 / 10], (u64)pt_entry_oa(pts), names.buf);
}

static __always_inline int __dump_range(struct pt_range *range, void *arg,
					unsigned int level,
					struct pt_table_p *table,
					pt_level_fn_t descend_fn)
{
	struct pt_iommu_dump_args *dump = arg;
	struct pt_state pts;
	int ret;

	dump->tables[level]++;
	for (pt_init(&pts, range, level, table); pt_iter_more(&pts);
	     pt_iter_next(&pts)) {
		pt_load_entry(&pts);
		if (level && pts.type == PT_ENTRY_TABLE) {
			ret = (*descend_fn)(range, arg, level - 1,
					    pts.table_lower);
			if (ret)
				return ret;
		} else if (pts.type == PT_ENTRY_OA) {
			/* A contiguous run is one leaf, printed from its start */
			pt_iter_leaf_start(&pts);
			NS(dump_leaf)(dump, &pts);
		}
	}
	return 0;
}

PT_MAKE_LEVELS(NS(dump_range), __dump_range);

/*
 * The ops->dump of this format: a header line, every leaf in IOVA order,
 * then the tables met on each level, top first.
 */
static int NS(dump)(struct pt_iommu *iommu_table, struct seq_file *s)
{
	struct pt_common *common = common_from_iommu(iommu_table);
	struct pt_iommu_dump_args dump = { .s = s };
	struct pt_range range;
	int level;
	int ret;

	pt_top_range(&range, common);
	seq_printf(s, "# %s: top level %u, %u VA bits, page sizes %#llx\n",
		   PT_FMT_NAME, range.top_level, common->max_vasz_lg2,
		   (u64)iommu_table->domain.pgsize_bitmap);
	ret = pt_walk_range(&range, NS(dump_range), &dump);
	if (ret)
		return ret;
	for (level = range.top_level; level >= 0; level--) {
		PT_LEVEL_PROBE(pts, common, level);

		seq_printf(s, "# level %d tables: %lu of %u bytes\n", level,
			   dump.tables[level], 1U << pt_table_mem_lg2sz(&pts));
	}
	return 0;
}
