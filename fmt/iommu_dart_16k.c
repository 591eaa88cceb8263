// SPDX-License-Identifier: GPL-2.0-only
/* Apple DART page table with 16K pages, DART1 or DART2 encoding */
#define PT_FMT dart
#define PT_FMT_VARIANT 16k
#define DART_GRANULE_LG2SZ 14
#define PT_SUPPORTED_FEATURES BIT(PT_FEAT_DART_V2)

#include "iommu_template.h"
