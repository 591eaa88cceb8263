// SPDX-License-Identifier: GPL-2.0-only
/* Arm short-descriptor page table (ARMv7 VMSA, MediaTek IOMMUs) */
#define PT_FMT armv7s
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) | BIT(PT_FEAT_ARMV7S_NS) |   \
	 BIT(PT_FEAT_ARMV7S_NO_PERMS) | BIT(PT_FEAT_ARMV7S_MTK_EXT))

#include "iommu_template.h"
