// SPDX-License-Identifier: GPL-2.0-only
/* The AMD v1 layout with a 2K granule, to prove nothing assumes PAGE_SIZE */
#define PT_FMT amdv1
#define PT_FMT_VARIANT mock
#define AMDV1_MOCK_GRANULE
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE) |         \
	 BIT(PT_FEAT_FLUSH_RANGE_NO_GAPS) |                            \
	 BIT(PT_FEAT_AMDV1_FORCE_COHERENCE))

#include "iommu_template.h"
