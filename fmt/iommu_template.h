/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compiles one format. A format's .c file defines PT_FMT (and optionally
 * PT_FMT_VARIANT), its supported and forced features, then includes this
 * file, which derives the names and includes the layers in order: common
 * types, definitions, language, format, defaults, contract, iterator and
 * finally the algorithms and the debugfs dump (or, in a KUnit build, the
 * test suites: the generic ones, plus the format's own that
 * PT_KUNIT_EXTRA_SUITES_H names).
 */
#ifndef pr_fmt
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#endif

#include <linux/stringify.h>
#include <linux/generic_pt/compat.h>
#include <linux/generic_pt/common.h>
#include <linux/generic_pt/iommu.h>

#ifdef PT_FMT_VARIANT
#define PTPFX CONCATENATE(CONCATENATE(PT_FMT, _), CONCATENATE(PT_FMT_VARIANT, _))
#define PT_FMT_NAME __stringify(PT_FMT) "_" __stringify(PT_FMT_VARIANT)
#else
#define PTPFX CONCATENATE(PT_FMT, _)
#define PT_FMT_NAME __stringify(PT_FMT)
#endif

/* Per-format names of non-inline statics and of the exported functions */
#define NS(name) CONCATENATE(PTPFX, name)
#define PT_API(name) CONCATENATE(pt_iommu_, NS(name))

/* Public types of the base format; a variant shares them */
#define pt_iommu_table CONCATENATE(pt_iommu_, PT_FMT)
#define pt_iommu_table_cfg CONCATENATE(pt_iommu_table, _cfg)
#define pt_iommu_table_hw_info CONCATENATE(pt_iommu_table, _hw_info)
#define PT_IOMMU_TABLE_T struct pt_iommu_table
#define PT_IOMMU_CFG_T struct pt_iommu_table_cfg

#define _PT_FMT_H(x) __stringify(x.h)
#define PT_FMT_H _PT_FMT_H(PT_FMT)

#ifdef GENERIC_PT_KUNIT
/*
 * One configuration the KUnit cases run over; the format header lists
 * them in kunit_fmt_cfgs[] at its end.
 */
struct pt_kunit_fmt_cfg {
	const char *name;
	PT_IOMMU_CFG_T cfg;
};

/* An entry of kunit_fmt_cfgs[] for a format without format fields */
#define PT_KUNIT_CFG(_name, _features, _vasz_lg2, _oasz_lg2)          \
	{                                                             \
		.name = _name,                                        \
		.cfg.common = { .features = (_features),              \
				.hw_max_vasz_lg2 = (_vasz_lg2),       \
				.hw_max_oasz_lg2 = (_oasz_lg2) },     \
	}
#endif

#include PT_FMT_H
#include "../generic_pt/pt_fmt_defaults.h"
#include "../generic_pt/pt_common.h"
#include "../generic_pt/pt_iter.h"

#ifdef GENERIC_PT_KUNIT
#include "../kunit/kunit_generic_pt.h"
#include "../kunit/kunit_iommu.h"
#define KRG_CFGS kunit_fmt_cfgs
#include "../kunit/kunit_range.h"
#include "../kunit/kunit_concurrency.h"
#if IS_ENABLED(CONFIG_GENERIC_PT_BENCH)
#include "../bench/bench_fmt.h"
#endif
#ifdef PT_KUNIT_EXTRA_SUITES_H
/* The format's own suites, beside the generic ones */
#include PT_KUNIT_EXTRA_SUITES_H
#endif
#else
/* The debugfs dump and set_dirty, ops iommu_pt.h lists */
struct seq_file;
static int NS(dump)(struct pt_iommu *iommu_table, struct seq_file *s);
static int NS(set_dirty)(struct pt_iommu *iommu_table, dma_addr_t iova);
#include "../generic_pt/iommu_tables.h"
#include "../generic_pt/iommu_pt.h"
#include "../generic_pt/iommu_dirty.h"
#include "../generic_pt/iommu_range.h"
#include "../generic_pt/iommu_debugfs.h"
#endif
