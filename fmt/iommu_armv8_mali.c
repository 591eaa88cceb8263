// SPDX-License-Identifier: GPL-2.0-only
/* Arm Mali (Midgard/Bifrost) GPU page table: the armv8 4K build for Mali */
#define PT_FMT armv8
#define PT_FMT_VARIANT mali
#define ARMV8_GRANULE_LG2SZ 12
#define ARMV8_MALI
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS))

#include "iommu_template.h"
