// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites armv8_mali_fmt and armv8_mali_iommu (the generic ones), armv8_mali_diff
 * (against the kernel's io-pgtable) and armv8_mali_arm: the armv8 mali build
 * compiled with the test suites.
 */
#define GENERIC_PT_KUNIT 1
#define PT_KUNIT_EXTRA_SUITES_H "../kunit/kunit_armv8.h"
#include "../fmt/iommu_armv8_mali.c"
