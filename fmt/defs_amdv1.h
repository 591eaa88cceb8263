/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Types of the AMD IOMMU v1 format: 64-bit VA and OA, and the descriptor
 * bits a map writes into each leaf.
 */
#ifndef __GENERIC_PT_FMT_DEFS_AMDV1_H
#define __GENERIC_PT_FMT_DEFS_AMDV1_H

#include <linux/types.h>
#include <linux/gfp.h>

typedef u64 pt_vaddr_t;
typedef u64 pt_oaddr_t;

/**
 * struct amdv1pt_write_attrs - what map writes besides the address
 * @descriptor_bits: IR/IW/FC and the SME bit of a leaf
 * @gfp: allocation flags for new tables
 */
struct amdv1pt_write_attrs {
	u64 descriptor_bits;
	gfp_t gfp;
};

#define pt_write_attrs amdv1pt_write_attrs

/* Name of the struct pt_amdv1 member inside struct pt_iommu_amdv1 */
#define PT_FMT_MEMBER amdpt

#endif
