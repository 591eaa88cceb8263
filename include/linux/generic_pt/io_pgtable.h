/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The io-pgtable front end: drivers written against struct io_pgtable_ops
 * and struct io_pgtable_cfg (panfrost, panthor, MediaTek, Arm SMMU) get a
 * generic page table by changing the alloc/free calls, and can use the
 * whole-range helpers and table reserves of our own API on the same ops.
 */
#ifndef __GENERIC_PT_IO_PGTABLE_H
#define __GENERIC_PT_IO_PGTABLE_H

#include <linux/io-pgtable.h>
#include <linux/generic_pt/iommu.h>

struct io_pgtable_ops *pt_io_pgtable_alloc_ops(enum io_pgtable_fmt fmt,
					       struct io_pgtable_cfg *cfg,
					       void *cookie);
void pt_io_pgtable_free_ops(struct io_pgtable_ops *ops);

int pt_io_pgtable_map_range(struct io_pgtable_ops *ops, unsigned long iova,
			    phys_addr_t paddr, size_t len, int prot,
			    gfp_t gfp, struct pt_iommu_reserve *reserve);
size_t pt_io_pgtable_unmap_range(struct io_pgtable_ops *ops,
				 unsigned long iova, size_t len);
int pt_io_pgtable_map_sg(struct io_pgtable_ops *ops, unsigned long iova,
			 struct scatterlist *sgl, unsigned int nents, int prot,
			 gfp_t gfp, struct pt_iommu_reserve *reserve);
int pt_io_pgtable_reserve_count(struct io_pgtable_ops *ops,
				unsigned long iova, size_t len,
				unsigned int *need);
int pt_io_pgtable_reserve_fill(struct io_pgtable_ops *ops,
			       struct pt_iommu_reserve *reserve,
			       unsigned long iova, size_t len, gfp_t gfp);

#endif
