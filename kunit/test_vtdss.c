// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites vtdss_fmt and vtdss_iommu: the VT-d second-stage format
 * compiled with the test suites in place of the algorithms (see
 * fmt/iommu_template.h).
 */
#define GENERIC_PT_KUNIT 1
#include "../fmt/iommu_vtdss.c"
