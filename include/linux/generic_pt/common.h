/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Types shared by every page table format: the per-table header that the
 * algorithms read (struct pt_common), the feature bits and one small struct
 * per format that embeds the header.
 */
#ifndef __GENERIC_PT_COMMON_H
#define __GENERIC_PT_COMMON_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/bits.h>

/**
 * struct pt_common - state every page table carries
 * @top_of_table: CPU pointer to the top table, with the level of the top
 *   table stored in the low PT_TOP_LEVEL_BITS. The pointer and the level
 *   always change together with one store, so a lock-free reader sees a
 *   consistent pair.
 * @max_oasz_lg2: log2 of the largest output address plus one the table
 *   may hold (e.g. 52 for a 52-bit physical address).
 * @max_vasz_lg2: log2 of the size of the input address space the table
 *   may decode once fully grown.
 * @features: bitmap of enum pt_features and the format's own features.
 */
struct pt_common {
	uintptr_t top_of_table;
	u8 max_oasz_lg2;
	u8 max_vasz_lg2;
	unsigned int features;
};

/* Low bits of pt_common::top_of_table holding the top level */
#define PT_TOP_LEVEL_BITS 3
#define PT_TOP_LEVEL_MASK GENMASK(PT_TOP_LEVEL_BITS - 1, 0)

/**
 * enum pt_features - behaviours shared by several formats
 * @PT_FEAT_DMA_INCOHERENT: the hardware walker does not snoop the CPU
 *   caches; every table write is cleaned to memory before the walker can
 *   reach it.
 * @PT_FEAT_FULL_VA: the table decodes the full VA width of the format and
 *   no top-level growth is needed.
 * @PT_FEAT_DYNAMIC_TOP: the table starts small and grows a new top level
 *   when a map needs more VA; the driver is told through
 *   pt_iommu_driver_ops::change_top.
 * @PT_FEAT_SIGN_EXTEND: the VA is sign extended from its top bit (the
 *   table decodes a lower and an upper half).
 * @PT_FEAT_FLUSH_RANGE: the IOTLB is invalidated by range; the gather
 *   records address ranges.
 * @PT_FEAT_FLUSH_RANGE_NO_GAPS: like PT_FEAT_FLUSH_RANGE but a gather must
 *   never span a gap: a disjoint range syncs the gather first.
 * @PT_FEAT_FMT_START: first bit available to format specific features.
 */
enum pt_features {
	PT_FEAT_DMA_INCOHERENT,
	PT_FEAT_FULL_VA,
	PT_FEAT_DYNAMIC_TOP,
	PT_FEAT_SIGN_EXTEND,
	PT_FEAT_FLUSH_RANGE,
	PT_FEAT_FLUSH_RANGE_NO_GAPS,
	PT_FEAT_FMT_START,
};

/**
 * struct pt_amdv1 - AMD IOMMU v1 host page table
 * @common: format independent state
 */
struct pt_amdv1 {
	struct pt_common common;
};

/**
 * enum pt_amdv1_features - features of the AMD v1 format
 * @PT_FEAT_AMDV1_ENCRYPT_TABLES: table pointers, and leaves that do not map
 *   MMIO, carry the SME encryption bit.
 * @PT_FEAT_AMDV1_FORCE_COHERENCE: every leaf sets FC so the device's DMA
 *   is snooped regardless of the No Snoop attribute of the request.
 */
enum pt_amdv1_features {
	PT_FEAT_AMDV1_ENCRYPT_TABLES = PT_FEAT_FMT_START,
	PT_FEAT_AMDV1_FORCE_COHERENCE,
};

/**
 * struct pt_vtdss - Intel VT-d second-stage page table
 * @common: format independent state
 */
struct pt_vtdss {
	struct pt_common common;
};

/**
 * enum pt_vtdss_features - features of the VT-d second-stage format
 * @PT_FEAT_VTDSS_FORCE_COHERENCE: every leaf sets SNP so DMA is snooped
 * @PT_FEAT_VTDSS_FORCE_WRITEABLE: the hardware cannot use read-only
 *   leaves; maps without IOMMU_WRITE are refused with -EINVAL
 */
enum pt_vtdss_features {
	PT_FEAT_VTDSS_FORCE_COHERENCE = PT_FEAT_FMT_START,
	PT_FEAT_VTDSS_FORCE_WRITEABLE,
};

/**
 * struct pt_x86_64 - x86 64-bit 4/5-level page table
 * @common: format independent state
 */
struct pt_x86_64 {
	struct pt_common common;
};

/**
 * enum pt_x86_64_features - features of the x86 64-bit format
 * @PT_FEAT_X86_64_AMD_ENCRYPT_TABLES: table pointers, and leaves that do
 *   not map MMIO, carry the SME encryption bit
 */
enum pt_x86_64_features {
	PT_FEAT_X86_64_AMD_ENCRYPT_TABLES = PT_FEAT_FMT_START,
};

/**
 * struct pt_riscv64 - RISC-V Sv39/Sv48/Sv57 page table
 * @common: format independent state
 */
struct pt_riscv64 {
	struct pt_common common;
};

/**
 * enum pt_riscv64_features - features of the RISC-V format
 * @PT_FEAT_RISCV_SVNAPOT_64K: 64K leaves as 16 NAPOT items (Svnapot)
 */
enum pt_riscv64_features {
	PT_FEAT_RISCV_SVNAPOT_64K = PT_FEAT_FMT_START,
};

/**
 * struct pt_armv8 - Arm VMSAv8-64 page table (any granule, and Mali)
 * @common: format independent state
 */
struct pt_armv8 {
	struct pt_common common;
};

/**
 * enum pt_armv8_features - features of the Arm VMSAv8-64 format
 * @PT_FEAT_ARMV8_S2: a stage-2 table: stage-2 permissions and memory
 *   attributes, VTCR start level, and a concatenated top table where a
 *   four-level walk would use at most 16 items of its top
 * @PT_FEAT_ARMV8_TTBR1: the table translates the upper end of the VA
 *   (TTBR1): IOVAs have every bit above the input width set
 * @PT_FEAT_ARMV8_NS: stage 1 leaves are non-secure (NS) and so are lower
 *   tables (NSTable)
 * @PT_FEAT_ARMV8_CONTIG: leaves may be runs of items with the contiguous
 *   hint; their sizes join the page sizes
 * @PT_FEAT_ARMV8_DBM: stage 1 dirty tracking by the hardware DBM scheme
 */
enum pt_armv8_features {
	PT_FEAT_ARMV8_S2 = PT_FEAT_FMT_START,
	PT_FEAT_ARMV8_TTBR1,
	PT_FEAT_ARMV8_NS,
	PT_FEAT_ARMV8_CONTIG,
	PT_FEAT_ARMV8_DBM,
};

/**
 * struct pt_dart - Apple DART page table (DART1 or DART2 encoding)
 * @common: format independent state
 */
struct pt_dart {
	struct pt_common common;
};

/**
 * enum pt_dart_features - features of the Apple DART format
 * @PT_FEAT_DART_V2: DART2 descriptors (t8110 and later): a 42-bit output
 *   address in bits 37:10 and the DART2 permission bits. Only with the
 *   16K granule, as DART2 cannot hold PA bits 13:12.
 */
enum pt_dart_features {
	PT_FEAT_DART_V2 = PT_FEAT_FMT_START,
};

/**
 * struct pt_armv7s - Arm short-descriptor page table
 * @common: format independent state
 */
struct pt_armv7s {
	struct pt_common common;
};

/**
 * enum pt_armv7s_features - features of the Arm short-descriptor format
 * @PT_FEAT_ARMV7S_NS: sections and supersections are non-secure (NS) and
 *   so are lower tables (the table descriptor's NS); io-pgtable's
 *   IO_PGTABLE_QUIRK_ARM_NS
 * @PT_FEAT_ARMV7S_NO_PERMS: leaves carry no access flag, permission or
 *   execute-never bits; io-pgtable's IO_PGTABLE_QUIRK_NO_PERMS
 * @PT_FEAT_ARMV7S_MTK_EXT: MediaTek's output address bits 32, 33 and 34
 *   in descriptor bits 9, 4 and 5, for up to 35-bit output addresses;
 *   needs PT_FEAT_ARMV7S_NO_PERMS. io-pgtable's
 *   IO_PGTABLE_QUIRK_ARM_MTK_EXT
 */
enum pt_armv7s_features {
	PT_FEAT_ARMV7S_NS = PT_FEAT_FMT_START,
	PT_FEAT_ARMV7S_NO_PERMS,
	PT_FEAT_ARMV7S_MTK_EXT,
};

#endif
