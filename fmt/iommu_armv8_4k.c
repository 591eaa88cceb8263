// SPDX-License-Identifier: GPL-2.0-only
/* Arm VMSAv8-64 page table with the 4K granule, stage 1 or stage 2 */
#define PT_FMT armv8
#define PT_FMT_VARIANT 4k
#define ARMV8_GRANULE_LG2SZ 12
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) | BIT(PT_FEAT_ARMV8_S2) |    \
	 BIT(PT_FEAT_ARMV8_TTBR1) | BIT(PT_FEAT_ARMV8_NS) |            \
	 BIT(PT_FEAT_ARMV8_CONTIG) | BIT(PT_FEAT_ARMV8_DBM))

#include "iommu_template.h"
