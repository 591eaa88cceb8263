// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites armv8_16k_fmt and armv8_16k_iommu (the generic ones), armv8_16k_diff
 * (against the kernel's io-pgtable) and armv8_16k_arm: the armv8 16k build
 * compiled with the test suites.
 */
#define GENERIC_PT_KUNIT 1
#define PT_KUNIT_EXTRA_SUITES_H "../kunit/kunit_armv8.h"
#include "../fmt/iommu_armv8_16k.c"
