/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Types of the Arm short-descriptor format: a 32-bit VA (the hardware's
 * input width), a 64-bit OA (MediaTek's extension reaches 35 bits) and
 * the write attributes of a leaf.
 */
#ifndef __GENERIC_PT_FMT_DEFS_ARMV7S_H
#define __GENERIC_PT_FMT_DEFS_ARMV7S_H

#include <linux/types.h>
#include <linux/gfp.h>

typedef u32 pt_vaddr_t;
typedef u64 pt_oaddr_t;

/**
 * struct pt_write_attrs - what map writes into a leaf besides its address
 * @descriptor_bits: memory attributes and permissions in the layout of a
 *   first-level section descriptor; smaller leaves move the fields to
 *   their own positions when they are written (NS and MediaTek's address
 *   bits are not attributes: the table's options add them)
 * @gfp: allocation flags for new tables
 */
struct pt_write_attrs {
	u32 descriptor_bits;
	gfp_t gfp;
};

/* Name of the struct pt_armv7s member inside struct pt_iommu_armv7s */
#define PT_FMT_MEMBER armv7s_pt

#endif
