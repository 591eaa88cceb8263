// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VT-d half of the hardware walker test: finds the remapping unit in
 * the ACPI DMAR table, programs legacy-mode root and context tables for
 * the edu device with a second-stage table built by our vtdss format,
 * turns the gather of an unmap into page-selective IOTLB invalidation
 * through the register interface, and reads the fault recording register.
 */
#include <linux/acpi.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include "pt_hwtest.h"

/* Registers (VT-d specification, "Register Descriptions") */
#define VTD_CAP 0x08
#define VTD_ECAP 0x10
#define VTD_GCMD 0x18
#define VTD_GSTS 0x1c
#define VTD_RTADDR 0x20
#define VTD_CCMD 0x28
#define VTD_FSTS 0x34

#define VTD_GCMD_TE BIT(31)
#define VTD_GCMD_SRTP BIT(30)

#define VTD_CAP_SAGAW GENMASK_ULL(12, 8)
#define VTD_CAP_MGAW GENMASK_ULL(21, 16)
#define VTD_CAP_FRO GENMASK_ULL(33, 24)
#define VTD_CAP_SLLPS GENMASK_ULL(37, 34)
#define VTD_CAP_PSI BIT_ULL(39)
#define VTD_CAP_MAMV GENMASK_ULL(53, 48)
#define VTD_ECAP_IRO GENMASK_ULL(17, 8)

#define VTD_CCMD_ICC BIT_ULL(63)
#define VTD_CCMD_CIRG GENMASK_ULL(62, 61)
#define VTD_CCMD_GLOBAL FIELD_PREP(VTD_CCMD_CIRG, 1)

#define VTD_IOTLB_IVT BIT_ULL(63)
#define VTD_IOTLB_IIRG GENMASK_ULL(61, 60)
#define VTD_IOTLB_GLOBAL FIELD_PREP(VTD_IOTLB_IIRG, 1)
#define VTD_IOTLB_DOMAIN FIELD_PREP(VTD_IOTLB_IIRG, 2)
#define VTD_IOTLB_PAGE FIELD_PREP(VTD_IOTLB_IIRG, 3)
#define VTD_IOTLB_DID GENMASK_ULL(47, 32)
#define VTD_IOTLB_IAIG GENMASK_ULL(58, 57)

/* Fault recording register, as dwords: 0-1 page address, 2 SID, 3 flags */
#define VTD_FRCD_F BIT(31)
#define VTD_FRCD_T BIT(30)
#define VTD_FRCD_REASON GENMASK(7, 0)
#define VTD_FSTS_PFO BIT(0)

/* Context entry, legacy mode */
#define VTD_CTX_P BIT_ULL(0)
#define VTD_CTX_AW GENMASK_ULL(2, 0)
#define VTD_CTX_DID GENMASK_ULL(23, 8)

/* Fault reasons */
#define VTD_FR_ADDR_BEYOND_AW 4
#define VTD_FR_WRITE 5
#define VTD_FR_READ 6

#define VTD_REGS_SIZE 0x1000
#define VTD_TIMEOUT_US 100000

static struct hwt_domain *to_hwt(struct iommu_domain *domain)
{
	return container_of(domain, struct hwt_domain, domain);
}

/* Issue one register-based IOTLB invalidation and wait for it */
static int vtd_iotlb_inv(struct hwt *t, u64 cmd, u64 iva)
{
	void __iomem *reg = t->regs + t->vtd.iotlb_reg;
	u64 val;
	int ret;

	writeq(iva, reg - 8);
	writeq(cmd | VTD_IOTLB_IVT, reg);
	ret = readq_poll_timeout_atomic(reg, val, !(val & VTD_IOTLB_IVT), 1,
					VTD_TIMEOUT_US);
	if (ret || !FIELD_GET(VTD_IOTLB_IAIG, val)) {
		hwt_err("IOTLB invalidation %#llx not done: %#llx\n", cmd, val);
		return -EIO;
	}
	return 0;
}

static int vtd_context_inv(struct hwt *t)
{
	u64 val;
	int ret;

	writeq(VTD_CCMD_ICC | VTD_CCMD_GLOBAL, t->regs + VTD_CCMD);
	ret = readq_poll_timeout_atomic(t->regs + VTD_CCMD, val,
					!(val & VTD_CCMD_ICC), 1,
					VTD_TIMEOUT_US);
	if (ret)
		hwt_err("context cache invalidation not done\n");
	return ret;
}

/*
 * The gather's IOVA range as one page-selective invalidation: the
 * smallest naturally aligned power-of-two block that holds it, or the
 * whole domain when that block is beyond the address mask the unit takes.
 */
static void vtd_iotlb_sync(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *gather)
{
	struct hwt_domain *d = to_hwt(domain);
	struct hwt *t = d->t;
	u64 did = FIELD_PREP(VTD_IOTLB_DID, d->did);
	unsigned long start = gather->start;
	unsigned long end = gather->end;
	unsigned int am = 0;

	if (start <= end) {
		while (am < 52 && (start >> (PAGE_SHIFT + am)) !=
				  (end >> (PAGE_SHIFT + am)))
			am++;
		if (!(t->vtd.cap & VTD_CAP_PSI) ||
		    am > FIELD_GET(VTD_CAP_MAMV, t->vtd.cap))
			vtd_iotlb_inv(t, VTD_IOTLB_DOMAIN | did, 0);
		else
			vtd_iotlb_inv(t, VTD_IOTLB_PAGE | did,
				      (start & ~((PAGE_SIZE << am) - 1)) | am);
		d->syncs++;
	}
	/* Only now can the walker no longer reach the freed tables */
	pt_iommu_put_pages_list(&gather->freelist);
}

static const struct iommu_domain_ops vtd_domain_ops = {
	IOMMU_PT_DOMAIN_OPS(vtdss),
	.iotlb_sync = vtd_iotlb_sync,
};

PT_IOMMU_CHECK_DOMAIN(struct hwt_domain, vtdss.iommu, domain);

static int vtd_domain_init(struct hwt *t, struct hwt_domain *d,
			   unsigned int levels)
{
	struct pt_iommu_vtdss_cfg cfg = {
		.common.hw_max_vasz_lg2 = t->vtd.va_bits,
		.common.hw_max_oasz_lg2 = t->vtd.oa_bits,
	};

	d->domain.type = IOMMU_DOMAIN_UNMANAGED;
	d->domain.ops = &vtd_domain_ops;
	d->vtdss.iommu.nid = NUMA_NO_NODE;
	return pt_iommu_vtdss_init(&d->vtdss, &cfg, GFP_KERNEL);
}

static void vtd_domain_free(struct hwt_domain *d)
{
	pt_iommu_deinit(&d->vtdss.iommu);
}

static unsigned int vtd_levels(struct hwt_domain *d)
{
	struct pt_iommu_vtdss_hw_info info;

	pt_iommu_vtdss_hw_info(&d->vtdss, &info);
	return info.aw + 2;
}

static int vtd_attach(struct hwt *t, struct hwt_domain *d)
{
	struct pt_iommu_vtdss_hw_info info;
	u64 *ce = &t->vtd.ctx[2 * (t->sid & 0xff)];
	int ret;

	pt_iommu_vtdss_hw_info(&d->vtdss, &info);
	if (!(FIELD_GET(VTD_CAP_SAGAW, t->vtd.cap) & BIT(info.aw))) {
		hwt_err("the unit does not walk AW %u tables\n", info.aw);
		return -EOPNOTSUPP;
	}
	WRITE_ONCE(ce[1], FIELD_PREP(VTD_CTX_AW, info.aw) |
			  FIELD_PREP(VTD_CTX_DID, d->did));
	/* The high quad before the present bit in the low one */
	wmb();
	WRITE_ONCE(ce[0], info.ssptptr | VTD_CTX_P);
	ret = vtd_context_inv(t);
	if (!ret)
		ret = vtd_iotlb_inv(t, VTD_IOTLB_DOMAIN |
				       FIELD_PREP(VTD_IOTLB_DID, d->did), 0);
	return ret;
}

static void vtd_detach(struct hwt *t, struct hwt_domain *d)
{
	u64 *ce = &t->vtd.ctx[2 * (t->sid & 0xff)];

	WRITE_ONCE(ce[0], 0);
	WRITE_ONCE(ce[1], 0);
	vtd_context_inv(t);
	vtd_iotlb_inv(t, VTD_IOTLB_DOMAIN | FIELD_PREP(VTD_IOTLB_DID, d->did),
		      0);
}

static bool vtd_take_fault(struct hwt *t, struct hwt_fault *f)
{
	void __iomem *frcd = t->regs + t->vtd.frcd_reg;
	u32 flags = readl(frcd + 12);

	if (!(flags & VTD_FRCD_F))
		return false;
	f->addr = readl(frcd) | (u64)readl(frcd + 4) << 32;
	f->sid = readl(frcd + 8) & 0xffff;
	f->reason = FIELD_GET(VTD_FRCD_REASON, flags);
	f->read = flags & VTD_FRCD_T;
	/* Both are 32-bit registers: a wider write stops QEMU */
	writel(VTD_FRCD_F, frcd + 12);
	writel(VTD_FSTS_PFO, t->regs + VTD_FSTS);
	return true;
}

static u8 vtd_fault_reason(struct hwt *t, u64 iova, bool read, bool mapped)
{
	if (iova >> t->vtd.va_bits)
		return VTD_FR_ADDR_BEYOND_AW;
	return read ? VTD_FR_READ : VTD_FR_WRITE;
}

/* GCMD takes one command per write and compares TE with GSTS each time */
static int vtd_gcmd(struct hwt *t, u32 cmd, u32 wait_mask, u32 wait_val)
{
	u32 val;
	int ret;

	writel(cmd, t->regs + VTD_GCMD);
	ret = readl_poll_timeout_atomic(t->regs + VTD_GSTS, val,
					(val & wait_mask) == wait_val, 1,
					VTD_TIMEOUT_US);
	if (ret)
		hwt_err("GCMD %#x: GSTS stays %#x\n", cmd, val);
	return ret;
}

static void vtd_disable(struct hwt *t)
{
	vtd_gcmd(t, 0, VTD_GCMD_TE, 0);
	free_page((unsigned long)t->vtd.ctx);
	free_page((unsigned long)t->vtd.root);
	iounmap(t->regs);
	t->regs = NULL;
}

static const u64 vtd_sizes[] = { SZ_4K, SZ_2M, SZ_1G, 0 };
static const u8 vtd_random_lg2s[] = { 12, 12, 12, 13, 16, 21, 0 };

static const struct hwt_iommu_ops vtd_ops = {
	.name = "vtd",
	.domain_init = vtd_domain_init,
	.domain_free = vtd_domain_free,
	.levels = vtd_levels,
	.attach = vtd_attach,
	.unmap_range = pt_iommu_vtdss_unmap_range,
	.detach = vtd_detach,
	.take_fault = vtd_take_fault,
	.fault_reason = vtd_fault_reason,
	.disable = vtd_disable,
};

/* Register base of the first remapping unit in the DMAR table, or 0 */
static u64 vtd_find_unit(void)
{
	struct acpi_table_header *hdr;
	struct acpi_dmar_header *sub;
	u64 base = 0;
	u8 *p, *end;

	if (ACPI_FAILURE(acpi_get_table(ACPI_SIG_DMAR, 0, &hdr)))
		return 0;
	p = (u8 *)hdr + sizeof(struct acpi_table_dmar);
	end = (u8 *)hdr + hdr->length;
	while (p + sizeof(*sub) <= end) {
		sub = (struct acpi_dmar_header *)p;
		if (sub->length < sizeof(*sub))
			break;
		if (sub->type == ACPI_DMAR_TYPE_HARDWARE_UNIT &&
		    sub->length >= sizeof(struct acpi_dmar_hardware_unit)) {
			base = ((struct acpi_dmar_hardware_unit *)sub)->address;
			break;
		}
		p += sub->length;
	}
	acpi_put_table(hdr);
	return base;
}

/**
 * hwt_vtd_probe() - find and set up an emulated VT-d unit
 * @t: the test; @t->sid must be set
 *
 * Builds empty root and context tables, points the unit at them and turns
 * translation on: until a domain is attached the edu device's DMA faults.
 *
 * Return: 0, -ENODEV when there is no DMAR table, or another errno when
 * the unit does not behave.
 */
int hwt_vtd_probe(struct hwt *t)
{
	u64 base = vtd_find_unit();
	struct hwt_vtd *v = &t->vtd;
	unsigned int sagaw;

	if (!base)
		return -ENODEV;
	t->regs = ioremap(base, VTD_REGS_SIZE);
	if (!t->regs)
		return -ENOMEM;
	v->cap = readq(t->regs + VTD_CAP);
	v->ecap = readq(t->regs + VTD_ECAP);
	v->iotlb_reg = FIELD_GET(VTD_ECAP_IRO, v->ecap) * 16 + 8;
	v->frcd_reg = FIELD_GET(VTD_CAP_FRO, v->cap) * 16;
	v->oa_bits = FIELD_GET(VTD_CAP_MGAW, v->cap) + 1;
	sagaw = FIELD_GET(VTD_CAP_SAGAW, v->cap);
	/* The widest of 3 levels (bit 1) and 4 levels (bit 2) */
	v->va_bits = (sagaw & BIT(2)) ? 48 : (sagaw & BIT(1)) ? 39 : 0;
	pr_info("hw-test: vtd at %#llx cap %#llx ecap %#llx\n", base, v->cap,
		v->ecap);
	if (!v->va_bits || v->iotlb_reg + 8 > VTD_REGS_SIZE ||
	    v->frcd_reg + 16 > VTD_REGS_SIZE) {
		hwt_err("unusable VT-d capabilities\n");
		iounmap(t->regs);
		return -EOPNOTSUPP;
	}

	v->root = (u64 *)get_zeroed_page(GFP_KERNEL);
	v->ctx = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!v->root || !v->ctx)
		goto err;
	v->root[2 * (t->sid >> 8)] = virt_to_phys(v->ctx) | VTD_CTX_P;
	/* Clear what an earlier boot stage may have left recorded */
	writel(VTD_FRCD_F, t->regs + v->frcd_reg + 12);
	writel(VTD_FSTS_PFO, t->regs + VTD_FSTS);

	writeq(virt_to_phys(v->root), t->regs + VTD_RTADDR);
	if (vtd_gcmd(t, VTD_GCMD_SRTP, VTD_GCMD_SRTP, VTD_GCMD_SRTP) ||
	    vtd_context_inv(t) || vtd_iotlb_inv(t, VTD_IOTLB_GLOBAL, 0) ||
	    vtd_gcmd(t, VTD_GCMD_TE, VTD_GCMD_TE, VTD_GCMD_TE))
		goto err;
	t->ops = &vtd_ops;
	t->lay = (struct hwt_layout){
		.granule = SZ_4K,
		.sizes = vtd_sizes,
		.random_lg2s = vtd_random_lg2s,
		/* A new level-1 and level-0 table, covered by 1G */
		.free_iova = 20ULL * SZ_1G,
		.free_span = SZ_1G,
		.va_bits = v->va_bits,
	};
	return 0;
err:
	free_page((unsigned long)v->ctx);
	free_page((unsigned long)v->root);
	iounmap(t->regs);
	t->regs = NULL;
	return -EIO;
}
