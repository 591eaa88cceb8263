/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every kunit/spec_<fmt>.h shares: the interface a specification
 * provides to the suites (the prototypes below, checked by the compiler
 * like generic_pt/pt_common.h checks a format), and the helpers derived
 * from it. A spec includes this file after defining its constants:
 *
 *  KSPEC_GRANULE_LG2   smallest page, log2
 *  KSPEC_LEVEL_BITS    VA bits one level decodes
 *  KSPEC_MAX_LEVELS    most levels a table can have
 *  KSPEC_MAX_VA_LG2    widest VA the format decodes
 *  KSPEC_MAX_OA_LG2    widest output address an entry holds
 *  KSPEC_SW_BITS       bits of a table entry the hardware ignores, where
 *                      software may keep marks
 *  KSPEC_FEATURES      the enum pt_features bits the format accepts
 *  KSPEC_FORCED_FEATURES  those every table has, asked for or not
 *
 * A spec defines KSPEC_RADIX_4K_5LEVEL instead of the first four when
 * its geometry is the one most IOMMU formats share: 4K pages, tables of
 * one 4K page holding 512 entries, at most 5 levels decoding 57 bits.
 * A spec whose levels differ defines its own kspec_item_lg2() and
 * kspec_level_bits() (and #defines their names); one with 4-byte items
 * sets KSPEC_ITEM_LG2SZ to 2. One whose entries hold fewer output address
 * bits without an option defines kspec_max_oa_lg2(). A spec whose walker
 * marks a written leaf other than by setting one bit defines
 * kspec_has_dirty() and kspec_item_is_dirty() instead of
 * kspec_dirty_bit().
 *
 * A spec whose tables of some level below the top all exist from init
 * (fixed items, see pt_fixed_items()) sets KSPEC_INIT_TABLES_LEVEL to
 * that level; maps never allocate tables there.
 *
 * A format whose top is chosen by the VA width (no format fields) also
 * defines KSPEC_MIN_TOP_LEVEL, the top level of its fewest levels, and
 * KSPEC_HW_SIGN_EXTENDS, true when its walker always sign extends the
 * IOVA from the top table's highest bit (so a table that only uses the
 * lower half has one bit less); the configuration functions below then
 * follow from those.
 *
 * Nothing here reads the format header: these are the hardware's rules,
 * written again, so that the suites can compare the two. Nor does a spec
 * use the suites: they include it, never the other way. A spec whose
 * literal facts need code of their own sets KSPEC_OWN_FACTS and has them
 * in kunit/kunit_<fmt>_facts.h, which the format suite includes.
 */
#ifndef __GENERIC_PT_KUNIT_SPEC_COMMON_H
#define __GENERIC_PT_KUNIT_SPEC_COMMON_H

#include <linux/bits.h>
#include <linux/mem_encrypt.h>
#include <linux/minmax.h>

#ifndef KSPEC_ITEM_LG2SZ
#define KSPEC_ITEM_LG2SZ 3
#endif

/* Tables must lie below 2^KSPEC_TABLE_PHYS_LG2 for the walker */
#ifndef KSPEC_TABLE_PHYS_LG2
#define KSPEC_TABLE_PHYS_LG2 64
#endif

#ifndef KSPEC_INIT_TABLES_LEVEL
#define KSPEC_INIT_TABLES_LEVEL KSPEC_MAX_LEVELS
#endif

/*
 * Not the hardware's but the allocator's promise: tables of this level,
 * smaller than a page, share pages (carved in order from a fresh table);
 * none by default
 */
#ifndef KSPEC_SHARED_TABLE_LEVEL
#define KSPEC_SHARED_TABLE_LEVEL KSPEC_MAX_LEVELS
#endif

#ifdef KSPEC_RADIX_4K_5LEVEL
#define KSPEC_GRANULE_LG2 12
#define KSPEC_LEVEL_BITS 9
#define KSPEC_MAX_LEVELS 5
#define KSPEC_MAX_VA_LG2 57
#endif

/**
 * struct kspec_pte - what the hardware makes of one item
 * @type: nothing mapped, a pointer to a lower table, a leaf, or an item
 *   the hardware faults on (reserved bits or combinations)
 * @pa: physical address of the lower table, or of the first byte of the
 *   leaf (the start of the whole page for a multi-item leaf)
 * @size_lg2: size of the leaf
 * @next_level: level of the lower table
 */
struct kspec_pte {
	enum { KSPEC_EMPTY, KSPEC_TABLE, KSPEC_LEAF, KSPEC_FAULT } type;
	u64 pa;
	unsigned int size_lg2;
	unsigned int next_level;
};

/*
 * Literal facts a spec without KSPEC_OWN_FACTS gives, checked on
 * entries the format writes: KSPEC_FACT_SIZES and KSPEC_FACT_SIZES_ALL,
 * every page size of a table without features and with all of
 * KSPEC_FEATURES, and the tables kspec_leaf_facts[] and
 * kspec_pointer_facts[] of these:
 */

/**
 * struct kspec_leaf_fact - a leaf and its literal items
 * @features: the table's features
 * @prot: IOMMU_* prot of the leaf
 * @level: level of the table
 * @lg2: page size
 * @oa: output address
 * @items: items the page spans; 0 when set_prot must refuse @prot
 * @entry: the value of the first
 * @dirty: the first item once the walker wrote through it; 0 to skip
 * @step: what each further item adds (0: all are equal)
 */
struct kspec_leaf_fact {
	unsigned int features;
	unsigned int prot;
	unsigned int level;
	unsigned int lg2;
	u64 oa;
	unsigned int items;
	u64 entry;
	u64 dirty;
	u64 step;
};

/**
 * struct kspec_pointer_fact - a pointer to a lower table and its item
 * @level: level of the table holding it
 * @pa: the lower table's address
 * @entry: the item
 */
struct kspec_pointer_fact {
	unsigned int level;
	u64 pa;
	u64 entry;
};

/* Provided by every spec */

/* Leaf sizes a table of @level can hold, as a bitmap of sizes */
static inline u64 kspec_level_sizes(const struct pt_common *common,
				    unsigned int level);
/* Permission and attribute bits of a leaf mapped with IOMMU_* @prot */
static inline u64 kspec_prot_bits(const struct pt_common *common,
				  unsigned int prot);
/* Can a leaf be mapped with @prot at all? (default: with R or W) */
static inline bool kspec_prot_ok(const struct pt_common *common,
				 unsigned int prot);
/*
 * Item @i of a leaf of 2^@size_lg2 bytes at @oa in a table of @level
 * (the items of a multi-item leaf may differ, e.g. each holds its part
 * of the address)
 */
static inline u64 kspec_leaf(u64 oa, unsigned int size_lg2,
			     unsigned int level, u64 prot_bits,
			     unsigned int i);
/* A freshly installed item of @level pointing to the table at @pa */
static inline u64 kspec_table(const struct pt_common *common, u64 pa,
			      unsigned int level);
/* Does a leaf of this table record that the hardware wrote through it? */
static inline bool kspec_has_dirty(const struct pt_common *common);
/* Does the item say the hardware wrote through its leaf? */
static inline bool kspec_item_is_dirty(u64 entry);
/* Level of the top table a configuration gives */
static inline unsigned int kspec_start_level(const PT_IOMMU_CFG_T *cfg);
/*
 * VA bits of the lower half a configuration translates: [0, 2^n); the
 * largest top when the table grows.
 */
static inline unsigned int kspec_va_lg2(const PT_IOMMU_CFG_T *cfg);
/*
 * Make a format field of @cfg invalid; false when there is none. A spec
 * without format fields defines KSPEC_NO_FMT_FIELDS instead.
 */
static inline bool kspec_bad_fmt_cfg(PT_IOMMU_CFG_T *cfg);
/*
 * Read hw_info as a driver programs it: the top table's physical address
 * and the number of levels. Returns the bits of the root value that are
 * neither the address nor a flag the configuration allows.
 */
static u64 kspec_hw_info_root(const struct pt_iommu_table_hw_info *info,
			      const struct pt_common *common, u64 *top_pa,
			      unsigned int *levels);
/* Decode @entry, an item of a table of @level, as the hardware walks it */
static void kspec_decode(const struct pt_common *common, u64 entry,
			 unsigned int level, struct kspec_pte *pte);

/* Derived from the constants and the functions above */

/* Does the configuration also translate the upper half [-2^n, 0)? */
static inline bool kspec_sign_extended(const PT_IOMMU_CFG_T *cfg)
{
	return (cfg->common.features | KSPEC_FORCED_FEATURES) &
	       BIT(PT_FEAT_SIGN_EXTEND);
}

#ifndef kspec_prot_ok
static inline bool kspec_prot_ok(const struct pt_common *common,
				 unsigned int prot)
{
	return prot & (IOMMU_READ | IOMMU_WRITE);
}
#endif

/* @read_bit for IOMMU_READ, @write_bit for IOMMU_WRITE */
static inline u64 kspec_rw_bits(unsigned int prot, u64 read_bit,
				u64 write_bit)
{
	return (prot & IOMMU_READ ? read_bit : 0) |
	       (prot & IOMMU_WRITE ? write_bit : 0);
}

#ifndef kspec_item_is_dirty
/* The one bit the hardware sets in a leaf it wrote through (0: none) */
static inline u64 kspec_dirty_bit(void);

static inline bool kspec_has_dirty(const struct pt_common *common)
{
	return kspec_dirty_bit();
}

static inline bool kspec_item_is_dirty(u64 entry)
{
	return entry & kspec_dirty_bit();
}
#endif

#ifndef kspec_max_oa_lg2
/*
 * The widest output address an entry of this table holds: the format's,
 * unless an option of the table gives it more address bits
 */
static inline unsigned int kspec_max_oa_lg2(const struct pt_common *common)
{
	return KSPEC_MAX_OA_LG2;
}
#endif

#ifdef KSPEC_NO_FMT_FIELDS
static inline bool kspec_bad_fmt_cfg(PT_IOMMU_CFG_T *cfg)
{
	return false;
}
#endif

#ifndef kspec_item_lg2
/* log2 of the item size of @level: every level multiplies by its items */
static inline unsigned int kspec_item_lg2(unsigned int level)
{
	return KSPEC_GRANULE_LG2 + KSPEC_LEVEL_BITS * level;
}

/* VA bits a full table of @level decodes */
static inline unsigned int kspec_level_bits(unsigned int level)
{
	return KSPEC_LEVEL_BITS;
}
#endif

/* VA bits a table of @level translates, at most the 64 bits of an IOVA */
static inline unsigned int kspec_level_va_lg2(unsigned int level)
{
	return min_t(unsigned int, kspec_item_lg2(level) +
				   kspec_level_bits(level), 64);
}

#ifdef KSPEC_MAX_LEAF_LEVEL
/* One page size per level, its item size, up to KSPEC_MAX_LEAF_LEVEL */
static inline u64 kspec_level_sizes(const struct pt_common *common,
				    unsigned int level)
{
	return level <= KSPEC_MAX_LEAF_LEVEL ? BIT_ULL(kspec_item_lg2(level)) :
					       0;
}
#endif

#ifdef KSPEC_MIN_TOP_LEVEL
/*
 * The top level of the fewest levels, at least KSPEC_MIN_TOP_LEVEL + 1,
 * whose table decodes @vasz_lg2 bits.
 */
static inline unsigned int kspec_fewest_levels_top(unsigned int vasz_lg2)
{
	unsigned int level = KSPEC_MIN_TOP_LEVEL;

	while (level + 1 < KSPEC_MAX_LEVELS &&
	       kspec_level_va_lg2(level) < vasz_lg2)
		level++;
	return level;
}

/* Bits of the lower half the hardware's VA width gives the table */
static inline unsigned int kspec_lower_half_lg2(const PT_IOMMU_CFG_T *cfg)
{
	return cfg->common.hw_max_vasz_lg2 - kspec_sign_extended(cfg);
}

/* The fewest levels whose lower half holds the table's */
static inline unsigned int kspec_start_level(const PT_IOMMU_CFG_T *cfg)
{
	return kspec_fewest_levels_top(kspec_lower_half_lg2(cfg) +
				       KSPEC_HW_SIGN_EXTENDS);
}

static inline unsigned int kspec_va_lg2(const PT_IOMMU_CFG_T *cfg)
{
	return min_t(unsigned int, kspec_lower_half_lg2(cfg),
		     kspec_level_va_lg2(kspec_start_level(cfg)) -
			     KSPEC_HW_SIGN_EXTENDS);
}
#endif

/* Every leaf size of the format */
static inline u64 kspec_pgsize_bitmap(const struct pt_common *common)
{
	u64 sizes = 0;
	unsigned int level;

	for (level = 0; level != KSPEC_MAX_LEVELS; level++)
		sizes |= kspec_level_sizes(common, level);
	return sizes;
}

/* Index of @va in a table of @level */
static inline unsigned int kspec_index(u64 va, unsigned int level)
{
	return (va >> kspec_item_lg2(level)) & (BIT(kspec_level_bits(level)) - 1);
}

/* The SME bit when the table has @feature, which encrypts it */
static inline u64 kspec_sme_if(const struct pt_common *common,
			       unsigned int feature)
{
	if (common->features & BIT(feature))
		return __sme_set(0ULL);
	return 0;
}

/* Item @index of a table, as the hardware reads it */
static u64 kspec_item(const void *table, unsigned int index)
{
	if (KSPEC_ITEM_LG2SZ == 2)
		return READ_ONCE(((const u32 *)table)[index]);
	return READ_ONCE(((const u64 *)table)[index]);
}

#endif
