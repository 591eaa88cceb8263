// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites riscv64_fmt and riscv64_iommu: the RISC-V Sv39/48/57 format
 * compiled with the test suites in place of the algorithms (see
 * fmt/iommu_template.h).
 */
#define GENERIC_PT_KUNIT 1
#include "../fmt/iommu_riscv64.c"
