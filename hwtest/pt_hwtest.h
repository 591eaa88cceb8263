/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared declarations of the hardware walker test (make hw-test, make
 * hw-test-smmuv3): a minimal IOMMU driver for QEMU's emulated VT-d, AMD-Vi
 * or SMMUv3 that points the edu PCI device at one of our tables and checks
 * every edu DMA against a model of the mappings. hwt_main.c holds the
 * cases, the model and the edu driver; hwt_vtd.c, hwt_amd.c and
 * hwt_smmuv3.c program the three IOMMUs; hwt_module.c (x86 module) and
 * hwt_kunit.c (arm64 KUnit suite) run them.
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
struct hwt_smmu_granule;

/**
 * struct hwt_domain - a domain in the union pattern, with its model
 * @domain: the iommu_domain the IOMMU API sees
 * @vtdss: the table when the IOMMU is VT-d
 * @amdv1: the table when the IOMMU is AMD-Vi
 * @armv8: the table when the IOMMU is the SMMUv3 (any granule build)
 * @t: the test the domain belongs to
 * @top_lock: serialises growth of the amdv1 top
 * @did: domain ID (ASID on the SMMU) programmed into the context / device
 *   table entry / context descriptor
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
		struct pt_iommu_armv8 armv8;
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
 *   the model says is not allowed; @mapped: the model maps @iova, but not
 *   for this access
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
	u8 (*fault_reason)(struct hwt *t, u64 iova, bool read, bool mapped);
	void (*disable)(struct hwt *t);
};

/**
 * struct hwt_layout - what the cases need to know of the table format
 * @granule: the smallest page; every IOVA, address and size of the cases
 *   is a multiple of it
 * @sizes: leaf sizes the sizes case maps, each in its own region; ends
 *   with 0
 * @random_lg2s: log2 of the sizes the random case maps (repeats weigh);
 *   ends with 0
 * @free_iova: an IOVA whose lone page needs two new tables (of a granule
 *   each), both covered by [@free_iova, @free_iova + @free_span)
 * @free_span: see @free_iova
 * @va_bits: DMA to 2^@va_bits must fault; 0 when not checked
 * @write_reads: a write-only mapping also allows reads (Arm stage 1 has
 *   no write-only permission)
 * @cached_refusal_recorded: a refusal that comes from a cached
 *   translation is recorded like any other
 * @grow: run the case of a top that grows (amdv1)
 */
struct hwt_layout {
	u64 granule;
	const u64 *sizes;
	const u8 *random_lg2s;
	u64 free_iova;
	u64 free_span;
	unsigned int va_bits;
	bool write_reads;
	bool cached_refusal_recorded;
	bool grow;
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
 * struct hwt_smmu - state of the SMMUv3 driver
 * @granule_lg2: granule the run tests (12, 14 or 16), set before the probe
 * @strtab: linear stream table (256 entries of 64 bytes, bus 0 only)
 * @cd: the one context descriptor (SSID 0) of the edu device's STE
 * @cmdq: command queue
 * @cmdq_prod: next free command slot, with the wrap bit
 * @cmdq_pending: commands queued since the last CMD_SYNC
 * @evtq: event queue
 * @events: event records read in all
 * @evtq_lost: the event queue overflowed or the SMMU reported an error:
 *   records may be missing
 * @gran: the table build of @granule_lg2 and what the cases use of it
 * @oas: output address size, bits
 */
struct hwt_smmu {
	unsigned int granule_lg2;
	u64 *strtab;
	u64 *cd;
	u64 *cmdq;
	u32 cmdq_prod;
	unsigned int cmdq_pending;
	u64 *evtq;
	unsigned int events;
	bool evtq_lost;
	const struct hwt_smmu_granule *gran;
	unsigned int oas;
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
 * @smmu: SMMUv3 state
 * @lay: what the cases need to know of the format, set by the probe
 * @pool: physically contiguous memory every DMA targets
 * @pool_pa: its physical address, aligned to its size
 * @shadow: what @pool must hold
 * @edu_shadow: what the edu buffer must hold
 * @passed: checks passed
 * @failed: checks failed
 * @dmas: edu DMAs run
 * @random_done: DMAs the random case ran
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
	struct hwt_smmu smmu;
	struct hwt_layout lay;
	u8 *pool;
	phys_addr_t pool_pa;
	u8 *shadow;
	u8 edu_shadow[4096];
	unsigned int passed;
	unsigned int failed;
	unsigned int dmas;
	unsigned int random_done;
	bool silent_refusal;
	bool iotlb_unknown;
};

int hwt_vtd_probe(struct hwt *t);
int hwt_amd_probe(struct hwt *t);
int hwt_smmuv3_probe(struct hwt *t);
void hwt_test(struct hwt *t, int (*probe)(struct hwt *t));

/* Rate-limited reason for a setup step that failed */
#define hwt_err(fmt, ...) pr_err_ratelimited("hw-test: " fmt, ##__VA_ARGS__)

#endif
