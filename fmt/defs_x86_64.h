/* SPDX-License-Identifier: GPL-2.0-only */
/* Types of the x86 64-bit (4/5-level) format: 64-bit entries, VA and OA */
#ifndef __GENERIC_PT_FMT_DEFS_X86_64_H
#define __GENERIC_PT_FMT_DEFS_X86_64_H

#include "defs_u64.h"

/* Name of the struct pt_x86_64 member inside struct pt_iommu_x86_64 */
#define PT_FMT_MEMBER x86_64_pt

#endif
