/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The benchmark's view of a page table implementation: one vtable per
 * implementation (each of our compiled formats, each io-pgtable format),
 * so that the runner can time two of them side by side, interleaved, on
 * the same operations, either through the format's own ops or through the
 * kernel's iommu_map()/iommu_unmap() on a domain.
 */
#ifndef __GENERIC_PT_BENCH_H
#define __GENERIC_PT_BENCH_H

#include <linux/iommu.h>
#include <linux/types.h>

struct pt_bench_table;

/**
 * struct pt_bench_target - one page table implementation
 * @name: short name for the report
 * @create: allocate an empty table for a VA and an OA of these widths,
 *   coherent walks, no-op flushes that count calls
 * @destroy: free it and everything it holds
 * @map: map_pages of the implementation's own ops
 * @unmap: unmap_pages of the implementation's own ops
 * @iova_to_phys: iova_to_phys of the implementation's own ops
 * @counts_pages: its tables come from our counted allocator
 */
struct pt_bench_target {
	const char *name;
	struct pt_bench_table *(*create)(unsigned int va_lg2, unsigned int oa);
	void (*destroy)(struct pt_bench_table *t);
	int (*map)(struct pt_bench_table *t, unsigned long iova,
		   phys_addr_t pa, size_t pgsize, size_t count);
	size_t (*unmap)(struct pt_bench_table *t, unsigned long iova,
			size_t pgsize, size_t count);
	phys_addr_t (*iova_to_phys)(struct pt_bench_table *t,
				    unsigned long iova);
	bool counts_pages;
};

/**
 * struct pt_bench_table - an instance of a target
 * @domain: a domain whose ops reach the same table, for iommu_map()
 * @flushes: flush callbacks seen (they do nothing else)
 */
struct pt_bench_table {
	struct iommu_domain *domain;
	unsigned long flushes;
};

/* Our formats, compiled with bench/bench_fmt.h */
extern const struct pt_bench_target amdv1_bench_target;
extern const struct pt_bench_target vtdss_bench_target;
extern const struct pt_bench_target x86_64_bench_target;
extern const struct pt_bench_target riscv64_bench_target;
extern const struct pt_bench_target armv8_4k_bench_target;
extern const struct pt_bench_target armv8_16k_bench_target;
extern const struct pt_bench_target armv8_64k_bench_target;
extern const struct pt_bench_target armv8_mali_bench_target;
extern const struct pt_bench_target armv7s_bench_target;
extern const struct pt_bench_target dart_4k_bench_target;
extern const struct pt_bench_target dart_16k_bench_target;

#endif
