// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites amdv1_fmt and amdv1_iommu: the AMD v1 format compiled with
 * the test suites in place of the algorithms (see fmt/iommu_template.h).
 */
#define GENERIC_PT_KUNIT 1
#include "../fmt/iommu_amdv1.c"
