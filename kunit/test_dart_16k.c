// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites dart_16k_fmt and dart_16k_iommu (the generic ones),
 * dart_16k_diff (against the kernel's io-pgtable) and dart_16k_dart:
 * the dart 16k build compiled with the test suites.
 */
#define GENERIC_PT_KUNIT 1
#define PT_KUNIT_EXTRA_SUITES_H "../kunit/kunit_dart.h"
#include "../fmt/iommu_dart_16k.c"
