// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AMD-Vi half of the hardware walker test: finds the IOMMU's PCI
 * function, sets up a device table and a command buffer, points the edu
 * device's entry at a v1 table built by our amdv1 format (with a top that
 * grows, reprogrammed by change_top), and turns the gather of an unmap
 * into INVALIDATE_IOMMU_PAGES followed by COMPLETION_WAIT.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include "pt_hwtest.h"

#define AMD_PCI_CLASS_IOMMU 0x0806
/* Capability block: base address low (bits 31:14, enable b0), high */
#define AMD_CAP_BASE_LO 4
#define AMD_CAP_BASE_HI 8

/* MMIO registers (AMD I/O Virtualization Technology specification) */
#define AMD_DEVTAB_BASE 0x00
#define AMD_CMDBUF_BASE 0x08
#define AMD_CONTROL 0x18
#define AMD_CMD_HEAD 0x2000
#define AMD_CMD_TAIL 0x2008
#define AMD_REGS_SIZE 0x4000

#define AMD_CTRL_IOMMU_EN BIT_ULL(0)
#define AMD_CTRL_CMDBUF_EN BIT_ULL(12)

/* The device table covers bus 0, 256 entries of 32 bytes: two pages */
#define AMD_DEVTAB_ORDER 1
#define AMD_DEVTAB_ENTRIES 256
/* One page of 16-byte commands: 256 entries, length code 8 */
#define AMD_CMDBUF_LEN_CODE 8ULL
#define AMD_CMDBUF_BYTES 4096

/* Device table entry, quad 0 */
#define AMD_DTE_V BIT_ULL(0)
#define AMD_DTE_TV BIT_ULL(1)
#define AMD_DTE_MODE GENMASK_ULL(11, 9)
#define AMD_DTE_ROOT GENMASK_ULL(51, 12)
#define AMD_DTE_IR BIT_ULL(61)
#define AMD_DTE_IW BIT_ULL(62)

/* Commands: opcode in bits 63:60 of the first quad */
#define AMD_CMD_OPCODE GENMASK_ULL(63, 60)
#define AMD_CMD_COMPLETION_WAIT 1
#define AMD_CMD_INV_DEVTAB_ENTRY 2
#define AMD_CMD_INV_IOMMU_PAGES 3
#define AMD_CMD_CW_STORE BIT_ULL(0)
#define AMD_CMD_INV_DOMAIN GENMASK_ULL(47, 32)
#define AMD_CMD_INV_SIZE BIT_ULL(0)
#define AMD_CMD_INV_PDE BIT_ULL(1)
/* An address with S set whose first zero bit is 63: every page */
#define AMD_INV_ALL_PAGES 0x7ffffffffffff000ULL

#define AMD_TIMEOUT_US 100000

static struct hwt_domain *to_hwt(struct iommu_domain *domain)
{
	return container_of(domain, struct hwt_domain, domain);
}

static void amd_queue(struct hwt *t, u64 q0, u64 q1)
{
	u64 *slot = &t->amd.cmdbuf[t->amd.cmd_tail / 8];

	slot[0] = q0;
	slot[1] = q1;
	t->amd.cmd_tail = (t->amd.cmd_tail + 16) % AMD_CMDBUF_BYTES;
}

/* Queue a COMPLETION_WAIT behind what is queued, run all and wait */
static int amd_run_commands(struct hwt *t)
{
	u64 seq = ++t->amd.sem_seq;
	unsigned int us;

	amd_queue(t, FIELD_PREP(AMD_CMD_OPCODE, AMD_CMD_COMPLETION_WAIT) |
			     virt_to_phys(t->amd.sem) | AMD_CMD_CW_STORE,
		  seq);
	/* The commands must be in memory before the IOMMU sees the tail */
	wmb();
	writeq(t->amd.cmd_tail, t->regs + AMD_CMD_TAIL);
	for (us = 0; us < AMD_TIMEOUT_US; us++) {
		if (READ_ONCE(*t->amd.sem) == seq)
			return 0;
		udelay(1);
	}
	hwt_err("COMPLETION_WAIT %llu not stored (head %#llx)\n", seq,
		readq(t->regs + AMD_CMD_HEAD));
	return -EIO;
}

/*
 * INVALIDATE_IOMMU_PAGES for [start, end] of domain @did: one 4K page, or
 * with S set the naturally aligned power-of-two block that holds the
 * range, its size coded by the lowest zero address bit from bit 12.
 */
static void amd_queue_inv_pages(struct hwt *t, u16 did, u64 start, u64 end)
{
	unsigned int lg2 = PAGE_SHIFT;
	u64 addr;

	while (lg2 < 63 && (start >> lg2) != (end >> lg2))
		lg2++;
	if (lg2 == PAGE_SHIFT)
		addr = start & PAGE_MASK;
	else if (lg2 >= 63)
		addr = AMD_INV_ALL_PAGES | AMD_CMD_INV_SIZE;
	else
		addr = (start & ~((1ULL << lg2) - 1)) |
		       (((1ULL << (lg2 - 1)) - 1) & PAGE_MASK) |
		       AMD_CMD_INV_SIZE;
	amd_queue(t, FIELD_PREP(AMD_CMD_OPCODE, AMD_CMD_INV_IOMMU_PAGES) |
			     FIELD_PREP(AMD_CMD_INV_DOMAIN, did),
		  addr | AMD_CMD_INV_PDE);
}

static void amd_iotlb_sync(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *gather)
{
	struct hwt_domain *d = to_hwt(domain);
	struct hwt *t = d->t;
	unsigned long flags;

	if (gather->start <= gather->end) {
		spin_lock_irqsave(&t->amd.cmd_lock, flags);
		amd_queue_inv_pages(t, d->did, gather->start, gather->end);
		amd_run_commands(t);
		spin_unlock_irqrestore(&t->amd.cmd_lock, flags);
		d->syncs++;
	}
	/* Only now can the walker no longer reach the freed tables */
	pt_iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops amd_domain_ops = {
	IOMMU_PT_DOMAIN_OPS(amdv1),
	.iotlb_sync = amd_iotlb_sync,
};

PT_IOMMU_CHECK_DOMAIN(struct hwt_domain, amdv1.iommu, domain);

static u64 *amd_dte(struct hwt *t)
{
	return &t->amd.devtab[4 * (t->sid & 0xff)];
}

static u64 amd_dte_q0(phys_addr_t root, unsigned int mode)
{
	return AMD_DTE_V | AMD_DTE_TV | AMD_DTE_IR | AMD_DTE_IW |
	       FIELD_PREP(AMD_DTE_MODE, mode) | (root & AMD_DTE_ROOT);
}

/*
 * Point the device table entry at a new top and make the IOMMU forget the
 * old one: INVALIDATE_DEVTAB_ENTRY for the entry, INVALIDATE_IOMMU_PAGES
 * for what was cached through it.
 */
static void amd_set_dte(struct hwt *t, u16 did, u64 q0)
{
	u64 *dte = amd_dte(t);
	unsigned long flags;

	WRITE_ONCE(dte[1], did);
	/* The domain ID before the quad that makes the entry valid */
	wmb();
	WRITE_ONCE(dte[0], q0);
	spin_lock_irqsave(&t->amd.cmd_lock, flags);
	amd_queue(t, FIELD_PREP(AMD_CMD_OPCODE, AMD_CMD_INV_DEVTAB_ENTRY) |
			     t->sid, 0);
	amd_queue_inv_pages(t, did, 0, U64_MAX);
	amd_run_commands(t);
	spin_unlock_irqrestore(&t->amd.cmd_lock, flags);
}

static void amd_change_top(struct pt_iommu *iommu_table, phys_addr_t top_paddr,
			   unsigned int top_level)
{
	struct hwt_domain *d =
		container_of(iommu_table, struct hwt_domain, amdv1.iommu);

	amd_set_dte(d->t, d->did, amd_dte_q0(top_paddr, top_level + 1));
	d->top_changes++;
}

static spinlock_t *amd_get_top_lock(struct pt_iommu *iommu_table)
{
	return &container_of(iommu_table, struct hwt_domain,
			     amdv1.iommu)->top_lock;
}

static const struct pt_iommu_driver_ops amd_driver_ops = {
	.change_top = amd_change_top,
	.get_top_lock = amd_get_top_lock,
};

static int amd_domain_init(struct hwt *t, struct hwt_domain *d,
			   unsigned int levels)
{
	struct pt_iommu_amdv1_cfg cfg = {
		.common = {
			.features = BIT(PT_FEAT_DYNAMIC_TOP),
			.hw_max_vasz_lg2 = 64,
			.hw_max_oasz_lg2 = 52,
		},
		.starting_level = (levels ? levels : 3) - 1,
	};

	spin_lock_init(&d->top_lock);
	d->domain.type = IOMMU_DOMAIN_UNMANAGED;
	d->domain.ops = &amd_domain_ops;
	d->amdv1.iommu.nid = NUMA_NO_NODE;
	d->amdv1.iommu.driver_ops = &amd_driver_ops;
	return pt_iommu_amdv1_init(&d->amdv1, &cfg, GFP_KERNEL);
}

static void amd_domain_free(struct hwt_domain *d)
{
	pt_iommu_deinit(&d->amdv1.iommu);
}

static unsigned int amd_levels(struct hwt_domain *d)
{
	struct pt_iommu_amdv1_hw_info info;

	pt_iommu_amdv1_hw_info(&d->amdv1, &info);
	return info.mode;
}

static int amd_attach(struct hwt *t, struct hwt_domain *d)
{
	struct pt_iommu_amdv1_hw_info info;
	unsigned long flags;

	/* The top lock keeps change_top from racing with this write */
	spin_lock_irqsave(&d->top_lock, flags);
	pt_iommu_amdv1_hw_info(&d->amdv1, &info);
	amd_set_dte(t, d->did, amd_dte_q0(info.host_pt_root, info.mode));
	spin_unlock_irqrestore(&d->top_lock, flags);
	return 0;
}

/* Translation valid without IR/IW: every access of the device fails */
static void amd_detach(struct hwt *t, struct hwt_domain *d)
{
	amd_set_dte(t, d->did, AMD_DTE_V | AMD_DTE_TV |
			       FIELD_PREP(AMD_DTE_MODE, 3));
}

static u8 amd_fault_reason(struct hwt *t, u64 iova, bool read, bool mapped)
{
	return 0;
}

static void amd_disable(struct hwt *t)
{
	writeq(0, t->regs + AMD_CONTROL);
	free_page((unsigned long)t->amd.sem);
	free_page((unsigned long)t->amd.cmdbuf);
	free_pages((unsigned long)t->amd.devtab, AMD_DEVTAB_ORDER);
	iounmap(t->regs);
	t->regs = NULL;
}

/* Natural sizes and "next level 7" sizes of three levels */
static const u64 amd_sizes[] = {
	SZ_4K, SZ_8K, SZ_64K, SZ_1M, SZ_2M, SZ_4M, SZ_32M, SZ_512M, SZ_1G,
	SZ_2G, 256ULL * SZ_1G, 0
};

static const u8 amd_random_lg2s[] = { 12, 12, 12, 13, 14, 16, 20, 21, 22, 0 };

static const struct hwt_iommu_ops amd_ops = {
	.name = "amd",
	.domain_init = amd_domain_init,
	.domain_free = amd_domain_free,
	.levels = amd_levels,
	.attach = amd_attach,
	.unmap_range = pt_iommu_amdv1_unmap_range,
	.detach = amd_detach,
	/* QEMU 7.2's event log records nothing: faults show in the data */
	.take_fault = NULL,
	.fault_reason = amd_fault_reason,
	.disable = amd_disable,
};

/* MMIO base from the IOMMU function's capability block, or 0 */
static u64 amd_find_unit(void)
{
	struct pci_dev *pdev = NULL;
	u32 lo, hi;
	int cap;

	while ((pdev = pci_get_class(AMD_PCI_CLASS_IOMMU << 8, pdev))) {
		if (pdev->vendor != PCI_VENDOR_ID_AMD)
			continue;
		cap = pci_find_capability(pdev, PCI_CAP_ID_SECDEV);
		if (!cap)
			continue;
		pci_read_config_dword(pdev, cap + AMD_CAP_BASE_LO, &lo);
		pci_read_config_dword(pdev, cap + AMD_CAP_BASE_HI, &hi);
		pci_dev_put(pdev);
		return ((u64)hi << 32) | (lo & GENMASK(31, 14));
	}
	return 0;
}

/**
 * hwt_amd_probe() - find and set up an emulated AMD-Vi IOMMU
 * @t: the test; @t->sid must be set and on bus 0
 *
 * Sets up an all-invalid device table (every device untranslated) and the
 * command buffer, and turns the IOMMU on.
 *
 * Return: 0, -ENODEV when there is no AMD-Vi function, or another errno
 * when the IOMMU does not behave.
 */
int hwt_amd_probe(struct hwt *t)
{
	u64 base = amd_find_unit();
	struct hwt_amd *a = &t->amd;
	u64 sem_check;

	if (!base)
		return -ENODEV;
	if (t->sid >= AMD_DEVTAB_ENTRIES) {
		hwt_err("edu %#x is beyond the device table\n", t->sid);
		return -EOPNOTSUPP;
	}
	t->regs = ioremap(base, AMD_REGS_SIZE);
	if (!t->regs)
		return -ENOMEM;
	pr_info("hw-test: amd at %#llx\n", base);
	spin_lock_init(&a->cmd_lock);
	a->devtab = (u64 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					    AMD_DEVTAB_ORDER);
	a->cmdbuf = (u64 *)get_zeroed_page(GFP_KERNEL);
	a->sem = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!a->devtab || !a->cmdbuf || !a->sem)
		goto err;
	a->cmd_tail = 0;
	writeq(virt_to_phys(a->devtab) | ((PAGE_SIZE << AMD_DEVTAB_ORDER) /
					  SZ_4K - 1),
	       t->regs + AMD_DEVTAB_BASE);
	writeq(virt_to_phys(a->cmdbuf) | AMD_CMDBUF_LEN_CODE << 56,
	       t->regs + AMD_CMDBUF_BASE);
	writeq(0, t->regs + AMD_CMD_HEAD);
	writeq(0, t->regs + AMD_CMD_TAIL);
	writeq(AMD_CTRL_IOMMU_EN | AMD_CTRL_CMDBUF_EN, t->regs + AMD_CONTROL);
	/* The command buffer must answer before anything relies on it */
	sem_check = a->sem_seq;
	if (amd_run_commands(t) || *a->sem == sem_check)
		goto err_off;
	t->ops = &amd_ops;
	t->lay = (struct hwt_layout){
		.granule = SZ_4K,
		.sizes = amd_sizes,
		.random_lg2s = amd_random_lg2s,
		/* A new level-1 and level-0 table, covered by 1G */
		.free_iova = 20ULL * SZ_1G,
		.free_span = SZ_1G,
		.grow = true,
	};
	return 0;
err_off:
	writeq(0, t->regs + AMD_CONTROL);
err:
	free_page((unsigned long)a->sem);
	free_page((unsigned long)a->cmdbuf);
	free_pages((unsigned long)a->devtab, AMD_DEVTAB_ORDER);
	iounmap(t->regs);
	t->regs = NULL;
	return -EIO;
}
