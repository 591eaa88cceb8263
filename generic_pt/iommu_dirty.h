/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dirty tracking of every format that has it, compiled with it after
 * iommu_pt.h: read_and_clear_dirty (the operation of iommu_dirty_ops, in
 * our signature and, where the kernel has them, in the kernel's), and
 * set_dirty, which marks a leaf as the hardware would for the tests. A
 * concern apart from the iommu_domain_ops operations.
 */

/* What a dirty walk reports to, and how */
struct pt_iommu_dirty_args {
	struct pt_iommu_dirty_bitmap *dirty;
	unsigned long flags;
	/* The request: a dirty leaf is reported only where it overlaps it */
	pt_vaddr_t first_va;
	pt_vaddr_t last_va;
};

/* Report, and unless asked not to clean, the dirty leaf at the cursor */
static void NS(dirty_leaf)(struct pt_state *pts,
			   struct pt_iommu_dirty_args *dirty)
{
	struct iommu_iotlb_gather *gather = dirty->dirty->gather;
	pt_vaddr_t leaf_va = pt_iter_leaf_va(pts);
	pt_vaddr_t first, last;
	u64 len;

	/* A large leaf may stick out of either end */
	first = max(leaf_va, dirty->first_va);
	last = min(leaf_va + va_lg2max(pt_entry_oa_lg2sz(pts)), dirty->last_va);
	len = (u64)(last - first) + 1;
	dirty->dirty->record(dirty->dirty, first, len);
	if (dirty->flags & PT_IOMMU_DIRTY_NO_CLEAR)
		return;
	pt_entry_make_write_clean(pts);
	NS(flush_items)(pts, pts->index, 1U << pt_entry_num_contig_lg2(pts));
	if (gather)
		iommu_iotlb_gather_add_range(gather, first, len);
}

/* One level of read_and_clear_dirty; holes are skipped. Not unrolled */
static inline int __dirty_range(struct pt_range *range, void *arg,
				unsigned int level, struct pt_table_p *table,
				pt_level_fn_t descend_fn)
{
	struct pt_state pts;
	int ret;

	for (pt_init(&pts, range, level, table); pt_iter_more(&pts);
	     pt_iter_next(&pts)) {
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_TABLE && descend_fn) {
			ret = descend_fn(range, arg, level - 1, pts.table_lower);
			if (ret)
				return ret;
			continue;
		}
		if (pts.type != PT_ENTRY_OA)
			continue;
		/* The format's dirty bits are read from the run's first item */
		pt_iter_leaf_start(&pts);
		if (pt_entry_is_write_dirty(&pts))
			NS(dirty_leaf)(&pts, arg);
	}
	return 0;
}

PT_MAKE_ONE_LEVEL_FN(NS(dirty_range), __dirty_range);

/* Documented as pt_iommu_read_and_clear_dirty_t in linux/generic_pt/iommu.h */
int PT_API(read_and_clear_dirty)(struct iommu_domain *domain,
				 unsigned long iova, size_t size,
				 unsigned long flags,
				 struct pt_iommu_dirty_bitmap *dirty)
{
	struct pt_common *common = common_from_domain(domain);
	struct pt_iommu_dirty_args args = { .dirty = dirty, .flags = flags };
	struct pt_range range;
	int ret;

	if (!pt_dirty_supported(common))
		return -EOPNOTSUPP;
	ret = NS(make_existing_range)(common, &range, iova, size);
	if (ret == -ENOENT)
		return 0;
	if (ret) {
		pt_caller_err("bad range iova %#lx size %#zx\n", iova, size);
		return -EINVAL;
	}
	args.first_va = range.va;
	args.last_va = range.last_va;
	return pt_walk_range(&range, NS(dirty_range), &args);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(read_and_clear_dirty));

#ifdef PT_HAVE_IOMMU_DIRTY_OPS
struct pt_iommu_dirty_bridge {
	struct pt_iommu_dirty_bitmap pt;
	struct iommu_dirty_bitmap *kernel;
};

static void NS(dirty_bridge_record)(struct pt_iommu_dirty_bitmap *dirty,
				    u64 iova, u64 length)
{
	struct pt_iommu_dirty_bridge *bridge =
		container_of(dirty, struct pt_iommu_dirty_bridge, pt);

	/* The kernel's record also adds the range to its gather */
	iommu_dirty_bitmap_record(bridge->kernel, iova, length);
}

/* read_and_clear_dirty with the iommu_dirty_ops signature of newer kernels */
int PT_API(read_and_clear_dirty_ops)(struct iommu_domain *domain,
				     unsigned long iova, size_t size,
				     unsigned long flags,
				     struct iommu_dirty_bitmap *dirty)
{
	struct pt_iommu_dirty_bridge bridge = {
		.pt.record = NS(dirty_bridge_record),
		.kernel = dirty,
	};

	return PT_API(read_and_clear_dirty)(domain, iova, size,
					    (flags & IOMMU_DIRTY_NO_CLEAR) ?
						    PT_IOMMU_DIRTY_NO_CLEAR : 0,
					    &bridge.pt);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(read_and_clear_dirty_ops));
#endif

/* Mark the leaf holding @iova dirty as the hardware would, for tests */
static int NS(set_dirty)(struct pt_iommu *iommu_table, dma_addr_t iova)
{
	struct pt_range range;
	struct pt_state pts;

	if (!pt_dirty_supported(common_from_iommu(iommu_table)))
		return -EOPNOTSUPP;
	if (NS(make_existing_range)(common_from_iommu(iommu_table), &range,
				    iova, 1) ||
	    !pt_walk_to_leaf(&range, &pts))
		return -ENOENT;
	if (!pt_entry_make_write_dirty(&pts))
		return -EPERM;
	return 0;
}
