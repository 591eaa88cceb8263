/* SPDX-License-Identifier: GPL-2.0-only */
/* Types of the Apple DART format: 64-bit descriptors, VA and OA */
#ifndef __GENERIC_PT_FMT_DEFS_DART_H
#define __GENERIC_PT_FMT_DEFS_DART_H

#include "defs_u64.h"

/* Name of the struct pt_dart member inside struct pt_iommu_dart */
#define PT_FMT_MEMBER dartpt

#endif
