// SPDX-License-Identifier: GPL-2.0-only
/* Apple DART page table with 4K pages, DART1 encoding only */
#define PT_FMT dart
#define PT_FMT_VARIANT 4k
#define DART_GRANULE_LG2SZ 12

#include "iommu_template.h"
