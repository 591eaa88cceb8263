// SPDX-License-Identifier: GPL-2.0-only
/* Intel VT-d second-stage page table, compiled from the generic algorithms */
#define PT_FMT vtdss
#define PT_SUPPORTED_FEATURES                                          \
	(BIT(PT_FEAT_DMA_INCOHERENT) | BIT(PT_FEAT_FLUSH_RANGE) |      \
	 BIT(PT_FEAT_VTDSS_FORCE_COHERENCE) |                          \
	 BIT(PT_FEAT_VTDSS_FORCE_WRITEABLE))

#include "iommu_template.h"
