// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites armv7s_fmt and armv7s_iommu (the generic ones), armv7s_diff
 * (against the kernel's io-pgtable) and armv7s_desc: the armv7s build
 * compiled with the test suites.
 */
#define GENERIC_PT_KUNIT 1
#define PT_KUNIT_EXTRA_SUITES_H "../kunit/kunit_armv7s.h"
#include "../fmt/iommu_armv7s.c"
