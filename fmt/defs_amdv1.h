/* SPDX-License-Identifier: GPL-2.0-only */
/* Types of the AMD IOMMU v1 format: 64-bit entries, VA and OA */
#ifndef __GENERIC_PT_FMT_DEFS_AMDV1_H
#define __GENERIC_PT_FMT_DEFS_AMDV1_H

#include "defs_u64.h"

/* Name of the struct pt_amdv1 member inside struct pt_iommu_amdv1 */
#define PT_FMT_MEMBER amdpt

#endif
