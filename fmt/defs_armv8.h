/* SPDX-License-Identifier: GPL-2.0-only */
/* Types of the Arm VMSAv8-64 format: 64-bit descriptors, VA and OA */
#ifndef __GENERIC_PT_FMT_DEFS_ARMV8_H
#define __GENERIC_PT_FMT_DEFS_ARMV8_H

#include "defs_u64.h"

/* Name of the struct pt_armv8 member inside struct pt_iommu_armv8 */
#define PT_FMT_MEMBER armpt

#endif
