// SPDX-License-Identifier: GPL-2.0-only
/* AMD IOMMU v1 host page table, compiled from the generic algorithms */
#define PT_FMT amdv1
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE) |         \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) |                            \
	 BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES) |                           \
	 BIT(PT_FEAT_AMDV1_FORCE_COHERENCE))

#include "iommu_template.h"
