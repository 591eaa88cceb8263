/* SPDX-License-Identifier: GPL-2.0-only */
/* Types of the RISC-V Sv39/Sv48/Sv57 format: 64-bit entries, VA and OA */
#ifndef __GENERIC_PT_FMT_DEFS_RISCV64_H
#define __GENERIC_PT_FMT_DEFS_RISCV64_H

#include "defs_u64.h"

/* Name of the struct pt_riscv64 member inside struct pt_iommu_riscv64 */
#define PT_FMT_MEMBER riscv_64pt

#endif
