/* SPDX-License-Identifier: GPL-2.0-only */
/* Types of the Intel VT-d second-stage format: 64-bit entries, VA and OA */
#ifndef __GENERIC_PT_FMT_DEFS_VTDSS_H
#define __GENERIC_PT_FMT_DEFS_VTDSS_H

#include "defs_u64.h"

/* Name of the struct pt_vtdss member inside struct pt_iommu_vtdss */
#define PT_FMT_MEMBER vtdss_pt

#endif
