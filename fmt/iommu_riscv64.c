// SPDX-License-Identifier: GPL-2.0-only
/* RISC-V Sv39/Sv48/Sv57 page table, compiled from the generic algorithms */
#define PT_FMT riscv64
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_SIGN_EXTEND) | BIT(PT_FEAT_FLUSH_RANGE) |         \
	 BIT(PT_FEAT_RISCV_SVNAPOT_64K))
#define PT_FORCE_ENABLED_FEATURES BIT(PT_FEAT_SIGN_EXTEND)

#include "iommu_template.h"
