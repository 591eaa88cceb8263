// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites armv8_64k_fmt and armv8_64k_iommu (the generic ones), armv8_64k_diff
 * (against the kernel's io-pgtable) and armv8_64k_arm: the armv8 64k build
 * compiled with the test suites.
 */
#define GENERIC_PT_KUNIT 1
#define PT_KUNIT_EXTRA_SUITES_H "../kunit/kunit_armv8.h"
#include "../fmt/iommu_armv8_64k.c"
