/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The whole-range helpers and table reserves of every format, compiled
 * with it after iommu_pt.h, whose map and unmap walks they drive: map a
 * range or a scatterlist all or nothing, unmap every mapping inside a
 * range, and count and fill the tables a map that must not allocate can
 * need. A concern apart from the iommu_domain_ops operations, which GPU
 * VM and io-pgtable style users call.
 */
#include <linux/scatterlist.h>

/* Does a table at @level hold fixed items? */
static bool NS(fixed_items_at)(struct pt_common *common, unsigned int level)
{
	PT_LEVEL_PROBE(pts, common, level);

	return pt_fixed_items(&pts);
}

/*
 * Tables a map of [va, last_va] can need, per level, whatever is already
 * mapped: the worst case is a range of granule leaves only, which needs
 * every table of every level below the top that the range touches (but
 * those under fixed items, which always exist), plus the new top levels a
 * PT_FEAT_DYNAMIC_TOP table grows. @top_cap: count as if the top were
 * still at this level when it has grown past it but the range lies in
 * what that level decodes: the tables on the range's path between the
 * two are the old tops, kept as item 0 of each new one, so a reserve
 * filled before another thread grew the top still suffices.
 * PT_IOMMU_MAX_LEVELS counts with the current top.
 */
static int NS(count_tables)(struct pt_common *common, u64 va, u64 last_va,
			    unsigned int need[PT_IOMMU_MAX_LEVELS],
			    unsigned int top_cap)
{
	struct pt_range range;
	unsigned int level, top;
	u64 total = 0;
	int ret;

	memset(need, 0, sizeof(*need) * PT_IOMMU_MAX_LEVELS);
	ret = pt_make_range(common, &range, va, last_va);
	if (ret)
		return ret;
	top = range.top_level;
	if (top > top_cap &&
	    last_va <= va_lg2max(pt_level_va_lg2(common, top_cap)))
		top = top_cap;
	while (pt_range_needs_growth(&range)) {
		if (top == PT_MAX_TOP_LEVEL)
			return -ERANGE;
		top++;
		need[top]++;
		total++;
		range.max_vasz_lg2 = min_t(unsigned int,
					   pt_level_va_lg2(common, top),
					   common->max_vasz_lg2);
	}
	for (level = 0; level != top; level++) {
		u64 num = pt_tables_spanned(common, level, va, last_va);

		/* Tables under fixed items exist from init to deinit */
		if (NS(fixed_items_at)(common, level + 1))
			continue;
		if (num > INT_MAX)
			return -EOVERFLOW;
		need[level] += num;
		total += num;
	}
	if (total > INT_MAX)
		return -EOVERFLOW;
	return total;
}

/* A granule-aligned, non-empty [iova, iova + len) that does not wrap */
static int NS(check_range_args)(u64 iova, u64 len, u64 *last)
{
	if (!len || check_add_overflow(iova, len - 1, last) ||
	    pt_beyond_api_iova(*last)) {
		pt_caller_err("bad length %#llx at iova %#llx\n", len, iova);
		return -EINVAL;
	}
	if ((iova | len) & va_lg2max(PT_GRANULE_LG2SZ)) {
		pt_caller_err("iova %#llx or length %#llx not aligned to %#llx\n",
			      iova, len, (u64)va_lg2int(PT_GRANULE_LG2SZ));
		return -EINVAL;
	}
	return 0;
}

/* Does @reserve hold the worst case of a map of [iova, last]? */
static int NS(check_reserve)(struct pt_common *common, u64 iova, u64 last,
			     struct pt_iommu_reserve *reserve)
{
	unsigned int need[PT_IOMMU_MAX_LEVELS];
	unsigned int level;
	int ret;

	if (!reserve)
		return 0;
	ret = NS(count_tables)(common, iova, last, need, reserve->filled_top);
	if (ret < 0)
		return ret;
	for (level = 0; level != PT_IOMMU_MAX_LEVELS; level++) {
		if (reserve->num[level] < need[level]) {
			pt_caller_err("reserve has %u tables of level %u, a map of iova %#llx-%#llx may need %u\n",
				      reserve->num[level], level, iova, last,
				      need[level]);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Documented as pt_iommu_reserve_count_t in linux/generic_pt/iommu.h */
int PT_API(reserve_count)(struct iommu_domain *domain, unsigned long iova,
			  size_t len, unsigned int *need)
{
	unsigned int local[PT_IOMMU_MAX_LEVELS];
	u64 last;
	int ret;

	ret = NS(check_range_args)(iova, len, &last);
	if (ret)
		return ret;
	return NS(count_tables)(common_from_domain(domain), iova, last,
				need ? need : local, PT_IOMMU_MAX_LEVELS);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(reserve_count));

/* Documented as pt_iommu_reserve_fill_t in linux/generic_pt/iommu.h */
int PT_API(reserve_fill)(struct iommu_domain *domain,
			 struct pt_iommu_reserve *reserve, unsigned long iova,
			 size_t len, gfp_t gfp)
{
	struct pt_iommu *iommu_table =
		container_of(domain, struct pt_iommu, domain);
	unsigned int need[PT_IOMMU_MAX_LEVELS];
	unsigned int level, top;
	void *table;
	int ret;

	/*
	 * The top before the count: the count may see a higher one, never a
	 * lower, so the check of a later map counting with this top asks for
	 * no more than was filled.
	 */
	top = READ_ONCE(common_from_domain(domain)->top_of_table) &
	      PT_TOP_LEVEL_MASK;
	ret = PT_API(reserve_count)(domain, iova, len, need);
	if (ret < 0)
		return ret;
	if (reserve->filled_top == PT_IOMMU_MAX_LEVELS ||
	    reserve->filled_top < top)
		reserve->filled_top = top;
	for (level = 0; level != PT_IOMMU_MAX_LEVELS; level++) {
		while (reserve->num[level] < need[level]) {
			table = NS(table_mem_alloc)(iommu_table, level, gfp,
						    false);
			if (!table)
				return -ENOMEM;
			pt_iommu_table_to_list(table, &reserve->tables[level]);
			reserve->num[level]++;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(reserve_fill));

/*
 * One level of unmap_range: like unmap_pages' but holes are skipped, and
 * leaves that stick out of either end of the range stay, which keeps
 * their table too. A run of single-item leaves inside the range is
 * removed and flushed at once, as in unmap_pages: a walker that does not
 * snoop then has its cache cleaned once per run, not once per item.
 */
static __always_inline int __unmap_holes(struct pt_range *range, void *arg,
					 unsigned int level,
					 struct pt_table_p *table,
					 pt_level_fn_t descend_fn)
{
	bool kept = false, whole;
	struct pt_iommu_unmap_args *unmap = arg;
	struct pt_state pts, run;

	pt_init(&pts, range, level, table);
	whole = pt_iter_covers_table(&pts);
	if (whole && NS(unmap_whole_table)(&pts, unmap, true))
		return 0;
	while (pt_iter_more(&pts)) {
		pt_load_entry(&pts);
		if (pts.type == PT_ENTRY_TABLE && descend_fn) {
			unmap->lower_removed = !pt_fixed_items(&pts);
			descend_fn(range, arg, level - 1, pts.table_lower);
			kept |= NS(unmap_lower_done)(&pts, unmap);
		} else if (pts.type == PT_ENTRY_OA) {
			if (!pt_iter_leaf_inside(&pts)) {
				kept = true;
			} else if (pt_entry_num_contig_lg2(&pts)) {
				NS(unmap_leaf)(&pts, unmap);
			} else {
				/* It stops before an item held in part */
				run = pts;
				run.end_index = pts.index +
						pt_iter_whole_items(&pts);
				pt_iter_skip(&pts,
					     NS(unmap_items)(&run, unmap));
				continue;
			}
		}
		pt_iter_next(&pts);
	}
	unmap->table_emptied = whole && !kept;
	return 0;
}

PT_MAKE_LEVELS(NS(unmap_holes), __unmap_holes);

/* Remove every mapping inside [iova, last]; see PT_API(unmap_range) */
static size_t NS(unmap_all)(struct iommu_domain *domain, u64 iova, u64 last,
			    struct iommu_iotlb_gather *gather)
{
	struct pt_common *common = common_from_domain(domain);
	struct pt_iommu_unmap_args unmap = PT_UNMAP_ARGS_INIT(unmap, common);
	struct pt_range range;
	u64 len = last - iova + 1;

	if (NS(make_existing_range)(common, &range, iova, len))
		return 0;
	pt_walk_range(&range, NS(unmap_holes), &unmap);
	/* Only empty tables may have been removed: they need the flush too */
	if (!unmap.unmapped && list_empty(&unmap.free_list))
		return 0;
	/* Holes are invalidated too: one range, no gap inside it */
	NS(unmap_gather)(domain, gather, &unmap, iova, len);
	return unmap.unmapped;
}

/* Unmap what a failed helper mapped, and free the tables it emptied */
static void NS(unwind)(struct iommu_domain *domain, u64 iova, u64 len)
{
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	NS(unmap_all)(domain, iova, iova + (len - 1), &gather);
	if (domain->ops && domain->ops->iotlb_sync)
		domain->ops->iotlb_sync(domain, &gather);
	pt_iommu_put_pages_list(&gather.freelist);
}

/*
 * Map [iova, iova + len) to paddr in pieces of any number of calls of
 * the map; on error unmap what was mapped. Arguments already checked.
 */
static int NS(map_whole)(struct iommu_domain *domain, u64 iova, u64 paddr,
			 u64 len, int prot, gfp_t gfp,
			 struct pt_iommu_reserve *reserve)
{
	struct pt_iommu *iommu_table =
		container_of(domain, struct pt_iommu, domain);
	size_t mapped = 0;
	int ret = 0;

	while (mapped < len) {
		size_t done = 0;

		ret = NS(map)(iommu_table, iova + mapped, paddr + mapped,
			      len - mapped, PT_GRANULE_LG2SZ, prot, gfp,
			      reserve, &done);
		mapped += done;
		if (ret)
			break;
		/* "Success with nothing mapped" would loop forever */
		if (!done) {
			ret = -EIO;
			break;
		}
	}
	if (ret && mapped)
		NS(unwind)(domain, iova, mapped);
	return ret;
}

/* The checks of map_pages for a range given by its length */
static int NS(check_whole_map)(struct pt_iommu *iommu_table, u64 iova,
			       u64 paddr, u64 len)
{
	u64 last, checked_len;
	int ret;

	ret = NS(check_range_args)(iova, len, &last);
	if (ret)
		return ret;
	return NS(check_map_args)(iommu_table, iova, paddr,
				  va_lg2int(PT_GRANULE_LG2SZ),
				  len >> PT_GRANULE_LG2SZ, &checked_len);
}

/* Documented as pt_iommu_map_range_t in linux/generic_pt/iommu.h */
int PT_API(map_range)(struct iommu_domain *domain, unsigned long iova,
		      phys_addr_t paddr, size_t len, int prot, gfp_t gfp,
		      struct pt_iommu_reserve *reserve)
{
	struct pt_iommu *iommu_table =
		container_of(domain, struct pt_iommu, domain);
	int ret;

	ret = NS(check_whole_map)(iommu_table, iova, paddr, len);
	if (ret)
		return ret;
	ret = NS(check_reserve)(common_from_iommu(iommu_table), iova,
				iova + (len - 1), reserve);
	if (ret)
		return ret;
	return NS(map_whole)(domain, iova, paddr, len, prot, gfp, reserve);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(map_range));

/* Documented as pt_iommu_unmap_range_t in linux/generic_pt/iommu.h */
size_t PT_API(unmap_range)(struct iommu_domain *domain, unsigned long iova,
			   size_t len, struct iommu_iotlb_gather *gather)
{
	u64 last;

	if (NS(check_range_args)(iova, len, &last))
		return 0;
	return NS(unmap_all)(domain, iova, last, gather);
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(unmap_range));

/* Documented as pt_iommu_map_sg_t in linux/generic_pt/iommu.h */
int PT_API(map_sg)(struct iommu_domain *domain, unsigned long iova,
		   struct scatterlist *sgl, unsigned int nents, int prot,
		   gfp_t gfp, struct pt_iommu_reserve *reserve)
{
	struct pt_iommu *iommu_table =
		container_of(domain, struct pt_iommu, domain);
	struct scatterlist *sg;
	u64 total = 0, done = 0, last;
	unsigned int i;
	int ret;

	for_each_sg(sgl, sg, nents, i) {
		if (check_add_overflow(total, (u64)sg_dma_len(sg), &total)) {
			pt_caller_err("scatterlist length overflows\n");
			return -EOVERFLOW;
		}
	}
	if (!total) {
		pt_caller_err("empty scatterlist at iova %#lx\n", iova);
		return -EINVAL;
	}
	if (check_add_overflow((u64)iova, total - 1, &last) ||
	    pt_beyond_api_iova(last)) {
		pt_caller_err("scatterlist of %#llx bytes at iova %#lx wraps\n",
			      total, iova);
		return -EOVERFLOW;
	}
	ret = NS(check_reserve)(common_from_iommu(iommu_table), iova, last,
				reserve);
	if (ret)
		return ret;

	for_each_sg(sgl, sg, nents, i) {
		u64 len = sg_dma_len(sg);

		if (!len)
			continue;
		ret = NS(check_whole_map)(iommu_table, iova + done,
					  sg_dma_address(sg), len);
		if (!ret)
			ret = NS(map_whole)(domain, iova + done,
					    sg_dma_address(sg), len, prot, gfp,
					    reserve);
		if (ret) {
			if (done)
				NS(unwind)(domain, iova, done);
			return ret;
		}
		done += len;
	}
	return 0;
}
EXPORT_SYMBOL_GENERIC_PT(PT_API(map_sg));
