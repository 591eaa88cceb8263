// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites x86_64_fmt and x86_64_iommu: the x86 64-bit format
 * compiled with the test suites in place of the algorithms (see
 * fmt/iommu_template.h).
 */
#define GENERIC_PT_KUNIT 1
#include "../fmt/iommu_x86_64.c"
