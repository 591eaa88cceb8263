// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites amdv1_mock_fmt and amdv1_mock_iommu: the 2K-granule AMD v1
 * variant compiled with the test suites in place of the algorithms.
 */
#define GENERIC_PT_KUNIT 1
#include "../fmt/iommu_amdv1_mock.c"
