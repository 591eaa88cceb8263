/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Types shared by the formats with 64-bit entries, VA and OA: the address
 * types and the write attributes (the leaf's descriptor bits plus the
 * allocation flags for new tables). A format's defs_<fmt>.h includes this.
 */
#ifndef __GENERIC_PT_FMT_DEFS_U64_H
#define __GENERIC_PT_FMT_DEFS_U64_H

#include <linux/types.h>
#include <linux/gfp.h>

typedef u64 pt_vaddr_t;
typedef u64 pt_oaddr_t;

/**
 * struct pt_write_attrs - what map writes into a leaf besides its address
 * @descriptor_bits: permission, cache and format bits of the leaf
 * @gfp: allocation flags for new tables
 */
struct pt_write_attrs {
	u64 descriptor_bits;
	gfp_t gfp;
};

#endif
