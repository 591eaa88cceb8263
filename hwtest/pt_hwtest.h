/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared declarations of the hardware walker test (make hw-test): a
 * minimal IOMMU driver for QEMU's emulated VT-d or AMD-Vi that points the
 * edu PCI device at one of our tables and checks every edu DMA against a
 * model of the mappings. hwt_main.c holds the cases, the model and the
 * edu driver; hwt_vtd.c and hwt_amd.c program the two IOMMUs.
 */
#ifndef __PT_HWTEST_H
#define __PT_HWTEST_H

#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/generic_pt/iommu.h>

/* Mappings the model of one domain can hold */
#define HWT_MAX_MAPS 64

/**
 * struct hwt_map - one mapping of the model
 * @iova: first IOVA
 * @size: length in bytes
 * @pa: physical address @iova maps to
 * @prot: IOMMU_READ and/or IOMMU_WRITE
 */
struct hwt_map {
	u64 iova;
	u64 size;
	phys_addr_t pa;
	int prot;
};

struct hwt;

/**
 * struct hwt_domain - a domain in the union pattern, with its model
 * @domain: the iommu_domain the IOMMU API sees
 * @vtdss: the table when the IOMMU is VT-d
 * @amdv1: the table when the IOMMU is AMD-Vi
 * @t: the test the domain belongs to
 * @top_lock: serialises growth of the amdv1 top
 * @did: domain ID programmed into the context / device table entry
 * @syncs: iotlb_sync calls that invalidated something
 * @top_changes: change_top calls
 * @maps: what the model says is mapped
 * @n_maps: entries used in @maps
 */
struct hwt_domain {
	union {
		struct iommu_domain domain;
		struct pt_iommu_vtdss vtdss;
		struct pt_iommu_amdv1 amdv1;
	};
	struct hwt *t;
	spinlock_t top_lock; /* see @top_lock above */
	u16 did;
	unsigned int syncs;
	unsigned int top_changes;
	struct hwt_map maps[HWT_MAX_MAPS];
	unsigned int n_maps;
};

/**
 * struct hwt_fault - a fault record read back from the IOMMU
 * @addr: page address of the faulting IOVA
 * @sid: requester (PCI bus/device/function)
 * @reason: the IOMMU's fault reason code
 * @read: the faulting access was a read
 */
struct hwt_fault {
	u64 addr;
	u16 sid;
	u8 reason;
	bool read;
};

/**
 * struct hwt_iommu_ops - what the cases need from one kind of IOMMU
 * @name: printed in the result lines ("vtd", "amd")
 * @domain_init: initialise @d's table; @levels is a hint for a format with
 *   a dynamic top (0: the IOMMU's default)
 * @domain_free: free @d's table; @d must be detached
 * @levels: levels the table of @d has now, from the format's hw_info
 * @attach: point the edu device at @d and invalidate what the IOMMU cached
 * @detach: make the edu device's DMA fail again
 * @unmap_range: the format's whole-range unmap, which frees the tables the
 *   range covers
 * @take_fault: NULL when the IOMMU records no faults the test can read;
 *   else returns true and fills @f when a fault record was pending, and
 *   clears it
 * @fault_reason: the reason code expected for an access to @iova that
 *   the model says is not allowed
 * @disable: turn translation off and free the IOMMU's own tables
 */
struct hwt_iommu_ops {
	const char *name;
	int (*domain_init)(struct hwt *t, struct hwt_domain *d,
			   unsigned int levels);
	void (*domain_free)(struct hwt_domain *d);
	unsigned int (*levels)(struct hwt_domain *d);
	int (*attach)(struct hwt *t, struct hwt_domain *d);
	void (*detach)(struct hwt *t, struct hwt_domain *d);
	size_t (*unmap_range)(struct iommu_domain *domain, unsigned long iova,
			      size_t len, struct iommu_iotlb_gather *gather);
	bool (*take_fault)(struct hwt *t, struct hwt_fault *f);
	u8 (*fault_reason)(struct hwt *t, u64 iova, bool read);
	void (*disable)(struct hwt *t);
};

/**
 * struct hwt_vtd - state of the VT-d driver
 * @cap: capability register
 * @ecap: extended capability register
 * @iotlb_reg: offset of the IOTLB invalidate register (IVA is 8 below)
 * @frcd_reg: offset of the first fault recording register
 * @root: root table (256 entries of two quads)
 * @ctx: context table of the edu device's bus
 * @va_bits: address width the table is built for (39 or 48)
 * @oa_bits: maximum guest address width (MGAW)
 */
struct hwt_vtd {
	u64 cap;
	u64 ecap;
	unsigned int iotlb_reg;
	unsigned int frcd_reg;
	u64 *root;
	u64 *ctx;
	unsigned int va_bits;
	unsigned int oa_bits;
};

/**
 * struct hwt_amd - state of the AMD-Vi driver
 * @devtab: device table (256 entries of four quads, bus 0 only)
 * @cmdbuf: command buffer ring
 * @cmd_tail: next free byte offset in @cmdbuf
 * @sem: word COMPLETION_WAIT stores to
 * @sem_seq: last value asked of COMPLETION_WAIT
 * @cmd_lock: serialises the command buffer (change_top runs under a
 *   spinlock, so commands never sleep)
 */
struct hwt_amd {
	u64 *devtab;
	u64 *cmdbuf;
	u32 cmd_tail;
	u64 *sem;
	u64 sem_seq;
	spinlock_t cmd_lock; /* see @cmd_lock above */
};

/**
 * struct hwt - one run of the test
 * @edu: the edu PCI device
 * @edu_bar: its BAR0
 * @sid: its requester ID
 * @ops: the IOMMU found
 * @regs: the IOMMU's registers
 * @vtd: VT-d state
 * @amd: AMD-Vi state
 * @pool: physically contiguous memory every DMA targets
 * @pool_pa: its physical address, aligned to its size
 * @shadow: what @pool must hold
 * @edu_shadow: what the edu buffer must hold
 * @passed: checks passed
 * @failed: checks failed
 * @dmas: edu DMAs run
 * @silent_refusal: the next DMA is refused by a cached translation, which
 *   QEMU 7.2's VT-d does without recording a fault
 * @iotlb_unknown: whether an access the model refuses hits a cached
 *   translation is not tracked (random case): a refusal inside a mapping
 *   may then go unrecorded
 */
struct hwt {
	struct pci_dev *edu;
	void __iomem *edu_bar;
	u16 sid;
	const struct hwt_iommu_ops *ops;
	void __iomem *regs;
	struct hwt_vtd vtd;
	struct hwt_amd amd;
	u8 *pool;
	phys_addr_t pool_pa;
	u8 *shadow;
	u8 edu_shadow[4096];
	unsigned int passed;
	unsigned int failed;
	unsigned int dmas;
	bool silent_refusal;
	bool iotlb_unknown;
};

int hwt_vtd_probe(struct hwt *t);
int hwt_amd_probe(struct hwt *t);

/* Rate-limited reason for a setup step that failed */
#define hwt_err(fmt, ...) pr_err_ratelimited("hw-test: " fmt, ##__VA_ARGS__)

#endif
