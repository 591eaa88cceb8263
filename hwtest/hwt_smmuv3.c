// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SMMUv3 backend of the hardware walker test (make hw-test-smmuv3):
 * finds the SMMU of QEMU's arm virt machine in the device tree, sets up a
 * linear stream table, a command queue and an event queue, points the edu
 * device's stream table entry at one stage-1 context descriptor filled
 * from pt_iommu_armv8_<granule>_hw_info(), turns the gather of an unmap
 * into TLBI_NH_VA range commands followed by CMD_SYNC, and reads the
 * translation and permission faults back from the event queue (CD.R set).
 */
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include "pt_hwtest.h"

/* Registers (Arm SMMUv3 architecture specification, chapter 6) */
#define SMMU_IDR0 0x00
#define SMMU_IDR0_S1P BIT(1)
#define SMMU_IDR0_TTF GENMASK(3, 2)
#define SMMU_IDR0_TTF_AA64 BIT(1)
#define SMMU_IDR3 0x0c
#define SMMU_IDR3_RIL BIT(10)
#define SMMU_IDR5 0x14
#define SMMU_IDR5_OAS GENMASK(2, 0)
#define SMMU_CR0 0x20
#define SMMU_CR0_SMMUEN BIT(0)
#define SMMU_CR0_EVENTQEN BIT(2)
#define SMMU_CR0_CMDQEN BIT(3)
#define SMMU_CR0ACK 0x24
#define SMMU_GERROR 0x60
#define SMMU_GERRORN 0x64
#define SMMU_GERROR_CMDQ_ERR BIT(0)
#define SMMU_GERROR_EVTQ_ABT BIT(2)
#define SMMU_STRTAB_BASE 0x80
#define SMMU_STRTAB_BASE_CFG 0x88
#define SMMU_STRTAB_LOG2SIZE GENMASK(5, 0)
#define SMMU_CMDQ_BASE 0x90
#define SMMU_CMDQ_PROD 0x98
#define SMMU_CMDQ_CONS 0x9c
#define SMMU_CMDQ_CONS_ERR GENMASK(30, 24)
#define SMMU_EVTQ_BASE 0xa0
/* The event queue's PROD and CONS live in register page 1 */
#define SMMU_EVTQ_PROD 0x100a8
#define SMMU_EVTQ_CONS 0x100ac
#define SMMU_Q_OVF BIT(31)
#define SMMU_Q_BASE_ADDR GENMASK_ULL(51, 5)
#define SMMU_Q_LOG2SIZE GENMASK_ULL(4, 0)
#define SMMU_REGS_SIZE 0x20000

/* Queue sizes: a page of 16-byte commands, 32K of 32-byte events */
#define SMMU_CMDQ_LOG2 8
#define SMMU_EVTQ_LOG2 10
#define SMMU_EVTQ_BYTES (32 << SMMU_EVTQ_LOG2)

/* Linear stream table of 64-byte entries covering bus 0 */
#define SMMU_STRTAB_LOG2 8
#define SMMU_STRTAB_BYTES (64 << SMMU_STRTAB_LOG2)

/* Stream table entry, first quad */
#define STE_V BIT_ULL(0)
#define STE_CONFIG GENMASK_ULL(3, 1)
#define STE_CONFIG_ABORT 0
#define STE_CONFIG_S1 5
#define STE_S1CTXPTR GENMASK_ULL(51, 6)

/* Context descriptor, first quad */
#define CD_T0SZ GENMASK_ULL(5, 0)
#define CD_TG0 GENMASK_ULL(7, 6)
#define CD_IRGN0 GENMASK_ULL(9, 8)
#define CD_ORGN0 GENMASK_ULL(11, 10)
#define CD_SH0 GENMASK_ULL(13, 12)
#define CD_EPD1 BIT_ULL(30)
#define CD_V BIT_ULL(31)
#define CD_IPS GENMASK_ULL(34, 32)
#define CD_AA64 BIT_ULL(41)
#define CD_R BIT_ULL(45)
#define CD_A BIT_ULL(46)
#define CD_ASID GENMASK_ULL(63, 48)
/* Second quad: TTB0; fourth quad: MAIR */
#define CD_TTB0 GENMASK_ULL(51, 4)

/* Commands: opcode in bits 7:0 of the first quad */
#define CMD_OP GENMASK_ULL(7, 0)
#define CMD_CFGI_STE 0x03
#define CMD_CFGI_ALL 0x04
#define CMD_CFGI_CD 0x05
#define CMD_TLBI_NH_ALL 0x10
#define CMD_TLBI_NH_ASID 0x11
#define CMD_TLBI_NH_VA 0x12
#define CMD_SYNC 0x46
#define CMD_SID GENMASK_ULL(63, 32)
#define CMD_CFGI_LEAF BIT_ULL(0)
#define CMD_CFGI_RANGE GENMASK_ULL(4, 0)
#define CMD_TLBI_NUM GENMASK_ULL(16, 12)
#define CMD_TLBI_SCALE GENMASK_ULL(24, 20)
#define CMD_TLBI_ASID GENMASK_ULL(63, 48)
#define CMD_TLBI_TG GENMASK_ULL(11, 10)
#define CMD_TLBI_ADDR GENMASK_ULL(63, 12)

/* Event records: type and StreamID, RnW, input address */
#define EVT_TYPE GENMASK_ULL(7, 0)
#define EVT_SID GENMASK_ULL(63, 32)
#define EVT_RNW BIT_ULL(35)
#define EVT_F_TRANSLATION 0x10
#define EVT_F_PERMISSION 0x13

#define SMMU_TIMEOUT_US 100000

/**
 * struct hwt_smmu_granule - one armv8 granule build and its case layout
 * @idr5: the SMMU_IDR5 bit saying the SMMU walks this granule
 * @tg: TLBI range TG code of the granule
 * @domain_ops: the build's map/unmap ops with our iotlb_sync
 * @init: the build's init
 * @hw_info: the build's hw_info
 * @unmap_range: the build's whole-range unmap
 * @lay: what the cases use: every page and block size and the contiguous
 *   runs; an IOVA below which no table of the two lowest levels exists
 *   yet, and the span of a table of the upper of the two
 */
struct hwt_smmu_granule {
	u32 idr5;
	u8 tg;
	const struct iommu_domain_ops *domain_ops;
	pt_iommu_armv8_init_t *init;
	pt_iommu_armv8_hw_info_t *hw_info;
	pt_iommu_unmap_range_t *unmap_range;
	struct hwt_layout lay;
};

static struct hwt_domain *to_hwt(struct iommu_domain *domain)
{
	return container_of(domain, struct hwt_domain, domain);
}

static u32 smmu_q_next(u32 idx, unsigned int log2)
{
	return (idx + 1) & GENMASK(log2, 0);
}

/* Run the queued commands behind a CMD_SYNC and wait for the queue */
static int smmu_sync(struct hwt *t)
{
	struct hwt_smmu *s = &t->smmu;
	u64 *slot = &s->cmdq[2 * (s->cmdq_prod & GENMASK(SMMU_CMDQ_LOG2 - 1, 0))];
	u32 cons, gerr;
	int ret;

	/* No completion signal: the SYNC is done once CONS passes it */
	slot[0] = FIELD_PREP(CMD_OP, CMD_SYNC);
	slot[1] = 0;
	s->cmdq_prod = smmu_q_next(s->cmdq_prod, SMMU_CMDQ_LOG2);
	s->cmdq_pending = 0;
	/* writel orders the queue writes before it */
	writel(s->cmdq_prod, t->regs + SMMU_CMDQ_PROD);
	ret = readl_poll_timeout_atomic(t->regs + SMMU_CMDQ_CONS, cons,
					(cons & GENMASK(SMMU_CMDQ_LOG2, 0)) ==
						s->cmdq_prod ||
					(cons & SMMU_CMDQ_CONS_ERR),
					1, SMMU_TIMEOUT_US);
	gerr = readl(t->regs + SMMU_GERROR) ^ readl(t->regs + SMMU_GERRORN);
	if (ret || (cons & SMMU_CMDQ_CONS_ERR) ||
	    (gerr & SMMU_GERROR_CMDQ_ERR)) {
		hwt_err("command queue stopped: CONS %#x, GERROR %#x\n", cons,
			gerr);
		return -EIO;
	}
	return 0;
}

/* Queue one command; a full queue is synced first */
static int smmu_cmd(struct hwt *t, u64 q0, u64 q1)
{
	struct hwt_smmu *s = &t->smmu;
	u64 *slot;
	int ret;

	if (s->cmdq_pending == BIT(SMMU_CMDQ_LOG2) / 2) {
		ret = smmu_sync(t);
		if (ret)
			return ret;
	}
	slot = &s->cmdq[2 * (s->cmdq_prod & GENMASK(SMMU_CMDQ_LOG2 - 1, 0))];
	slot[0] = q0;
	slot[1] = q1;
	s->cmdq_prod = smmu_q_next(s->cmdq_prod, SMMU_CMDQ_LOG2);
	s->cmdq_pending++;
	return 0;
}

/*
 * TLBI_NH_VA for the granules of [@start, @last], as naturally aligned
 * power-of-two ranges of pages (NUM 0, SCALE the size): one command per
 * block, whatever rounding of unaligned ranges the SMMU does. Not leaf
 * only, so that a walk cache drops the freed tables too.
 */
static int smmu_inv_range(struct hwt *t, u16 asid, u64 start, u64 last)
{
	const struct hwt_smmu_granule *gran = t->smmu.gran;
	unsigned int lg2 = ilog2(gran->lay.granule);
	u64 first = start >> lg2, end = last >> lg2;
	unsigned int scale;
	int ret;

	while (first <= end) {
		scale = first ? __ffs64(first) : 63;
		while (scale && end - first < BIT_ULL(scale) - 1)
			scale--;
		scale = min(scale, 31U);
		ret = smmu_cmd(t, FIELD_PREP(CMD_OP, CMD_TLBI_NH_VA) |
				  FIELD_PREP(CMD_TLBI_SCALE, scale) |
				  FIELD_PREP(CMD_TLBI_ASID, asid),
			       FIELD_PREP(CMD_TLBI_TG, gran->tg) |
				       ((first << lg2) & CMD_TLBI_ADDR));
		if (ret)
			return ret;
		first += BIT_ULL(scale);
	}
	return smmu_sync(t);
}

static void smmu_iotlb_sync(struct iommu_domain *domain,
			    struct iommu_iotlb_gather *gather)
{
	struct hwt_domain *d = to_hwt(domain);

	if (gather->start <= gather->end &&
	    !smmu_inv_range(d->t, d->did, gather->start, gather->end))
		d->syncs++;
	/* Only now can the walker no longer reach the freed tables */
	pt_iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops smmu_ops_4k = {
	IOMMU_PT_DOMAIN_OPS(armv8_4k),
	.iotlb_sync = smmu_iotlb_sync,
};

static const struct iommu_domain_ops smmu_ops_16k = {
	IOMMU_PT_DOMAIN_OPS(armv8_16k),
	.iotlb_sync = smmu_iotlb_sync,
};

static const struct iommu_domain_ops smmu_ops_64k = {
	IOMMU_PT_DOMAIN_OPS(armv8_64k),
	.iotlb_sync = smmu_iotlb_sync,
};

PT_IOMMU_CHECK_DOMAIN(struct hwt_domain, armv8.iommu, domain);

/*
 * Input width of the tables: QEMU's SMMU region for a device ends at 2^48
 * and drops a DMA beyond it unrecorded, so one bit less lets a DMA to
 * 2^47 show that the SMMU takes T0SZ from the table's hw_info
 */
#define SMMU_VA_BITS 47

/* Pages and blocks, and the contiguous runs of 16 x 4K and 16 x 2M */
static const u64 sizes_4k[] = { SZ_4K, SZ_64K, SZ_2M, SZ_32M, SZ_1G, 0 };
static const u8 random_4k[] = { 12, 12, 12, 13, 16, 21, 0 };
/* 128 x 16K = 2M and 32 x 32M = 1G are contiguous runs */
static const u64 sizes_16k[] = { SZ_16K, SZ_2M, SZ_32M, SZ_1G, 0 };
static const u8 random_16k[] = { 14, 14, 14, 15, 16, 21, 0 };
/* 32 x 64K = 2M is a contiguous run */
static const u64 sizes_64k[] = { SZ_64K, SZ_2M, SZ_512M, 0 };
static const u8 random_64k[] = { 16, 16, 16, 17, 21, 0 };

/*
 * Stage 1 has no write-only permission, and QEMU records a refusal by a
 * cached translation like any other
 */
#define SMMU_LAYOUT(g, leaves, random, free, span)                       \
	{ .granule = (g), .sizes = (leaves), .random_lg2s = (random),     \
	  .free_iova = (free), .free_span = (span),                       \
	  .va_bits = SMMU_VA_BITS, .write_reads = true,                   \
	  .cached_refusal_recorded = true }

/*
 * Every other case's IOVA is below 512G; a table of the second lowest
 * level spans 1G (4K), 64G (16K) or 4T (64K).
 */
static const struct hwt_smmu_granule smmu_granules[] = {
	{
		.idr5 = BIT(4), .tg = 1,
		.domain_ops = &smmu_ops_4k,
		.init = pt_iommu_armv8_4k_init,
		.hw_info = pt_iommu_armv8_4k_hw_info,
		.unmap_range = pt_iommu_armv8_4k_unmap_range,
		.lay = SMMU_LAYOUT(SZ_4K, sizes_4k, random_4k, 20ULL * SZ_1G,
				   SZ_1G),
	},
	{
		.idr5 = BIT(5), .tg = 2,
		.domain_ops = &smmu_ops_16k,
		.init = pt_iommu_armv8_16k_init,
		.hw_info = pt_iommu_armv8_16k_hw_info,
		.unmap_range = pt_iommu_armv8_16k_unmap_range,
		.lay = SMMU_LAYOUT(SZ_16K, sizes_16k, random_16k, 1ULL << 40,
				   64ULL * SZ_1G),
	},
	{
		.idr5 = BIT(6), .tg = 3,
		.domain_ops = &smmu_ops_64k,
		.init = pt_iommu_armv8_64k_init,
		.hw_info = pt_iommu_armv8_64k_hw_info,
		.unmap_range = pt_iommu_armv8_64k_unmap_range,
		.lay = SMMU_LAYOUT(SZ_64K, sizes_64k, random_64k, 1ULL << 43,
				   1ULL << 42),
	},
};

static int smmu_domain_init(struct hwt *t, struct hwt_domain *d,
			    unsigned int levels)
{
	struct pt_iommu_armv8_cfg cfg = {
		.common.features = BIT(PT_FEAT_ARMV8_CONTIG),
		.common.hw_max_vasz_lg2 = SMMU_VA_BITS,
		.common.hw_max_oasz_lg2 = t->smmu.oas,
	};

	d->domain.type = IOMMU_DOMAIN_UNMANAGED;
	d->domain.ops = t->smmu.gran->domain_ops;
	d->armv8.iommu.nid = NUMA_NO_NODE;
	return t->smmu.gran->init(&d->armv8, &cfg, GFP_KERNEL);
}

static void smmu_domain_free(struct hwt_domain *d)
{
	pt_iommu_deinit(&d->armv8.iommu);
}

static unsigned int smmu_levels(struct hwt_domain *d)
{
	struct pt_iommu_armv8_hw_info info;

	d->t->smmu.gran->hw_info(&d->armv8, &info);
	return info.levels;
}

static size_t smmu_unmap_range(struct iommu_domain *domain, unsigned long iova,
			       size_t len, struct iommu_iotlb_gather *gather)
{
	return to_hwt(domain)->t->smmu.gran->unmap_range(domain, iova, len,
							  gather);
}

/* Point the edu device's STE at @ste0 and drop what the SMMU cached */
static int smmu_set_ste(struct hwt *t, u64 ste0, u16 asid)
{
	u64 *ste = &t->smmu.strtab[8 * (t->sid & 0xff)];
	int ret;

	WRITE_ONCE(ste[0], ste0);
	ret = smmu_cmd(t, FIELD_PREP(CMD_OP, CMD_CFGI_STE) |
			  FIELD_PREP(CMD_SID, t->sid), CMD_CFGI_LEAF);
	if (!ret)
		ret = smmu_cmd(t, FIELD_PREP(CMD_OP, CMD_CFGI_CD) |
				  FIELD_PREP(CMD_SID, t->sid), CMD_CFGI_LEAF);
	if (!ret)
		ret = smmu_cmd(t, FIELD_PREP(CMD_OP, CMD_TLBI_NH_ASID) |
				  FIELD_PREP(CMD_TLBI_ASID, asid), 0);
	if (!ret)
		ret = smmu_sync(t);
	return ret;
}

static int smmu_attach(struct hwt *t, struct hwt_domain *d)
{
	struct pt_iommu_armv8_hw_info info;
	u64 *cd = t->smmu.cd;

	t->smmu.gran->hw_info(&d->armv8, &info);
	WRITE_ONCE(cd[0], 0);
	/* The SMMU must never see the new TTB0 in a still valid CD */
	wmb();
	cd[1] = info.ttbr & CD_TTB0;
	cd[2] = 0;
	cd[3] = info.mair;
	/* Everything else before V */
	wmb();
	WRITE_ONCE(cd[0], FIELD_PREP(CD_T0SZ, info.tsz) |
			  FIELD_PREP(CD_TG0, info.tg) |
			  FIELD_PREP(CD_IRGN0, info.irgn) |
			  FIELD_PREP(CD_ORGN0, info.orgn) |
			  FIELD_PREP(CD_SH0, info.sh) | CD_EPD1 | CD_V |
			  FIELD_PREP(CD_IPS, info.ps) | CD_AA64 | CD_R | CD_A |
			  FIELD_PREP(CD_ASID, d->did));
	/* The CD before the STE that names it */
	wmb();
	return smmu_set_ste(t, STE_V |
				       FIELD_PREP(STE_CONFIG, STE_CONFIG_S1) |
				       (virt_to_phys(cd) & STE_S1CTXPTR),
			    d->did);
}

static void smmu_detach(struct hwt *t, struct hwt_domain *d)
{
	smmu_set_ste(t, STE_V | FIELD_PREP(STE_CONFIG, STE_CONFIG_ABORT),
		     d->did);
}

/*
 * Drain the event queue: the first record is the fault, the others are
 * the rest of the same DMA (one per access of up to 4 bytes)
 */
static bool smmu_take_fault(struct hwt *t, struct hwt_fault *f)
{
	struct hwt_smmu *s = &t->smmu;
	u32 mask = GENMASK(SMMU_EVTQ_LOG2, 0);
	u32 prod = readl(t->regs + SMMU_EVTQ_PROD);
	u32 cons = readl(t->regs + SMMU_EVTQ_CONS);
	bool got = false;
	u32 gerr;
	u64 *ev;

	if ((prod ^ cons) & SMMU_Q_OVF)
		s->evtq_lost = true;
	gerr = readl(t->regs + SMMU_GERROR) ^ readl(t->regs + SMMU_GERRORN);
	if (gerr & SMMU_GERROR_EVTQ_ABT)
		s->evtq_lost = true;
	while ((prod & mask) != (cons & mask)) {
		ev = &s->evtq[4 * (cons & GENMASK(SMMU_EVTQ_LOG2 - 1, 0))];
		if (!got) {
			f->reason = FIELD_GET(EVT_TYPE, ev[0]);
			f->sid = FIELD_GET(EVT_SID, ev[0]);
			f->read = ev[1] & EVT_RNW;
			f->addr = ev[2] & PAGE_MASK;
			got = true;
		}
		s->events++;
		cons = smmu_q_next(cons, SMMU_EVTQ_LOG2);
	}
	/* Acknowledge an overflow with the flag PROD shows */
	writel((cons & mask) | (prod & SMMU_Q_OVF), t->regs + SMMU_EVTQ_CONS);
	return got;
}

static u8 smmu_fault_reason(struct hwt *t, u64 iova, bool read, bool mapped)
{
	return mapped ? EVT_F_PERMISSION : EVT_F_TRANSLATION;
}

static int smmu_write_cr0(struct hwt *t, u32 val)
{
	u32 ack;
	int ret;

	writel(val, t->regs + SMMU_CR0);
	ret = readl_poll_timeout_atomic(t->regs + SMMU_CR0ACK, ack, ack == val,
					1, SMMU_TIMEOUT_US);
	if (ret)
		hwt_err("CR0 %#x: CR0ACK stays %#x\n", val, ack);
	return ret;
}

static void smmu_free(struct hwt *t)
{
	struct hwt_smmu *s = &t->smmu;

	free_pages((unsigned long)s->evtq, get_order(SMMU_EVTQ_BYTES));
	free_page((unsigned long)s->cmdq);
	free_page((unsigned long)s->cd);
	free_pages((unsigned long)s->strtab, get_order(SMMU_STRTAB_BYTES));
	iounmap(t->regs);
	t->regs = NULL;
}

static void smmu_disable(struct hwt *t)
{
	/* Translation off: QEMU's SMMU then lets DMA through untranslated */
	smmu_write_cr0(t, 0);
	smmu_free(t);
}

static const struct hwt_iommu_ops smmu_ops = {
	.name = "smmuv3",
	.domain_init = smmu_domain_init,
	.domain_free = smmu_domain_free,
	.levels = smmu_levels,
	.attach = smmu_attach,
	.detach = smmu_detach,
	.unmap_range = smmu_unmap_range,
	.take_fault = smmu_take_fault,
	.fault_reason = smmu_fault_reason,
	.disable = smmu_disable,
};

/* The OAS code of SMMU_IDR5 (also the CD IPS code) in bits */
static unsigned int smmu_oas_bits(u32 code)
{
	static const u8 bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return code < ARRAY_SIZE(bits) ? bits[code] : 0;
}

/* Check the SMMU can do what the test needs; the granule build for it */
static int smmu_check(struct hwt *t)
{
	struct hwt_smmu *s = &t->smmu;
	u32 idr0 = readl(t->regs + SMMU_IDR0);
	u32 idr3 = readl(t->regs + SMMU_IDR3);
	u32 idr5 = readl(t->regs + SMMU_IDR5);
	unsigned int i;

	pr_info("hw-test: smmuv3 idr0 %#x idr3 %#x idr5 %#x\n", idr0, idr3,
		idr5);
	for (i = 0; i != ARRAY_SIZE(smmu_granules); i++)
		if (smmu_granules[i].lay.granule == BIT_ULL(s->granule_lg2))
			s->gran = &smmu_granules[i];
	if (!s->gran) {
		hwt_err("no armv8 build of granule 2^%u\n", s->granule_lg2);
		return -EINVAL;
	}
	if (!(idr0 & SMMU_IDR0_S1P) ||
	    !(FIELD_GET(SMMU_IDR0_TTF, idr0) & SMMU_IDR0_TTF_AA64) ||
	    !(idr3 & SMMU_IDR3_RIL)) {
		hwt_err("the SMMU lacks AArch64 stage 1 or range invalidation\n");
		return -EOPNOTSUPP;
	}
	if (!(idr5 & s->gran->idr5)) {
		hwt_err("the SMMU does not walk tables of granule 2^%u\n",
			s->granule_lg2);
		return -EOPNOTSUPP;
	}
	s->oas = smmu_oas_bits(FIELD_GET(SMMU_IDR5_OAS, idr5));
	if (s->oas < 40 || t->sid >> SMMU_STRTAB_LOG2) {
		hwt_err("OAS %u bits or StreamID %#x beyond the test's tables\n",
			s->oas, t->sid);
		return -EOPNOTSUPP;
	}
	return 0;
}

/**
 * hwt_smmuv3_probe() - find and set up an emulated SMMUv3
 * @t: the test; @t->sid and @t->smmu.granule_lg2 must be set
 *
 * Builds the stream table (every entry invalid but the edu device's, which
 * aborts) and the queues, invalidates every cached configuration and
 * translation and turns the SMMU on: until a domain is attached the edu
 * device's DMA fails.
 *
 * Return: 0, -ENODEV when the device tree has no SMMUv3, or another errno
 * when the SMMU lacks what the test needs or does not behave.
 */
int hwt_smmuv3_probe(struct hwt *t)
{
	struct hwt_smmu *s = &t->smmu;
	struct device_node *np;
	struct resource res;
	int ret;

	np = of_find_compatible_node(NULL, NULL, "arm,smmu-v3");
	if (!np)
		return -ENODEV;
	ret = of_address_to_resource(np, 0, &res);
	of_node_put(np);
	if (ret)
		return ret;
	if (resource_size(&res) < SMMU_REGS_SIZE)
		return -EINVAL;
	t->regs = ioremap(res.start, SMMU_REGS_SIZE);
	if (!t->regs)
		return -ENOMEM;
	ret = smmu_check(t);
	if (ret)
		goto err_unmap;
	ret = smmu_write_cr0(t, 0);
	if (ret)
		goto err_unmap;

	ret = -ENOMEM;
	s->strtab = (u64 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					    get_order(SMMU_STRTAB_BYTES));
	s->cd = (u64 *)get_zeroed_page(GFP_KERNEL);
	s->cmdq = (u64 *)get_zeroed_page(GFP_KERNEL);
	s->evtq = (u64 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					  get_order(SMMU_EVTQ_BYTES));
	if (!s->strtab || !s->cd || !s->cmdq || !s->evtq)
		goto err;
	s->strtab[8 * (t->sid & 0xff)] =
		STE_V | FIELD_PREP(STE_CONFIG, STE_CONFIG_ABORT);

	writeq(virt_to_phys(s->strtab), t->regs + SMMU_STRTAB_BASE);
	writel(FIELD_PREP(SMMU_STRTAB_LOG2SIZE, SMMU_STRTAB_LOG2),
	       t->regs + SMMU_STRTAB_BASE_CFG);
	writeq((virt_to_phys(s->cmdq) & SMMU_Q_BASE_ADDR) | SMMU_CMDQ_LOG2,
	       t->regs + SMMU_CMDQ_BASE);
	writel(0, t->regs + SMMU_CMDQ_PROD);
	writel(0, t->regs + SMMU_CMDQ_CONS);
	writeq((virt_to_phys(s->evtq) & SMMU_Q_BASE_ADDR) | SMMU_EVTQ_LOG2,
	       t->regs + SMMU_EVTQ_BASE);
	writel(0, t->regs + SMMU_EVTQ_PROD);
	writel(0, t->regs + SMMU_EVTQ_CONS);
	/* Acknowledge what an earlier run left in GERROR */
	writel(readl(t->regs + SMMU_GERROR), t->regs + SMMU_GERRORN);
	s->cmdq_prod = 0;

	ret = smmu_write_cr0(t, SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN);
	if (ret)
		goto err;
	ret = smmu_cmd(t, FIELD_PREP(CMD_OP, CMD_CFGI_ALL),
		       FIELD_PREP(CMD_CFGI_RANGE, 31));
	if (!ret)
		ret = smmu_cmd(t, FIELD_PREP(CMD_OP, CMD_TLBI_NH_ALL), 0);
	if (!ret)
		ret = smmu_sync(t);
	if (!ret)
		ret = smmu_write_cr0(t, SMMU_CR0_CMDQEN | SMMU_CR0_EVENTQEN |
					SMMU_CR0_SMMUEN);
	if (ret)
		goto err_off;

	t->ops = &smmu_ops;
	t->lay = s->gran->lay;
	return 0;
err_off:
	smmu_write_cr0(t, 0);
err:
	smmu_free(t);
	return ret;
err_unmap:
	iounmap(t->regs);
	t->regs = NULL;
	return ret;
}
