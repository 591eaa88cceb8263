// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cases of the hardware walker test (make hw-test, make
 * hw-test-smmuv3): finds QEMU's edu PCI device and lets a backend set up
 * the emulated IOMMU (VT-d, AMD-Vi or SMMUv3), attaches edu to a domain
 * whose table our vtdss, amdv1 or armv8 format builds, and checks every edu
 * DMA against a model of what is mapped: leaf sizes, permissions, unmapped
 * IOVAs, invalidation after unmap (with a control showing that the IOMMU
 * keeps stale translations without it), freed tables, random maps and
 * DMAs, and on AMD-Vi a top that grows. Only useful inside that QEMU
 * machine; hwt_module.c and hwt_kunit.c are the entry points.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "pt_hwtest.h"

/* Parameters of both entry points' modules */
static unsigned int random_dmas = 100;
module_param(random_dmas, uint, 0444);
MODULE_PARM_DESC(random_dmas, "DMAs of each random case (about 0.1 s each)");

static unsigned int seed = 1;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "seed of the random cases");

/* The edu device (QEMU docs/specs/edu.txt) */
#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_CMD_RUN BIT(0)
#define EDU_CMD_TO_RAM BIT(1)
/* Its buffer's device address; a transfer must end below EDU_BUF + 4095 */
#define EDU_BUF 0x40000
#define EDU_BUF_MAX 4095
#define EDU_TIMEOUT_MS 30000

/* Every DMA targets the pool, physically contiguous and size aligned */
#define POOL_ORDER 10
#define POOL_SIZE (PAGE_SIZE << POOL_ORDER)
/*
 * The read-back stage: the pool's last 8K (or granule, if larger), mapped
 * at the IOVA just below 2M
 */
#define STAGE_END 0x200000ULL

/* IOVA regions of the cases, all below 2^39 (see also hwt_layout.free_iova) */
#define RANDOM_IOVA (8ULL * SZ_1G)
#define RANDOM_SPAN (32ULL * SZ_1M)
#define PERM_IOVA (16ULL * SZ_1G)
#define UNMAPPED_IOVA (17ULL * SZ_1G)
#define INVAL_IOVA (18ULL * SZ_1G)
#define SIZES_IOVA (64ULL * SZ_1G)

static u64 stage_size(struct hwt *t)
{
	return max_t(u64, SZ_8K, t->lay.granule);
}

static u64 stage_off(struct hwt *t)
{
	return POOL_SIZE - stage_size(t);
}

static u64 stage_iova(struct hwt *t)
{
	return STAGE_END - stage_size(t);
}

static __printf(3, 4) bool hwt_check(struct hwt *t, bool ok,
				     const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (ok) {
		t->passed++;
		return true;
	}
	t->failed++;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("hw-test: FAIL: %pV\n", &vaf);
	va_end(args);
	return false;
}

/* Run one edu transfer and wait for it; false on a timeout */
static bool edu_transfer(struct hwt *t, u64 src, u64 dst, u32 len, u32 cmd)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(EDU_TIMEOUT_MS);

	writeq(src, t->edu_bar + EDU_DMA_SRC);
	writeq(dst, t->edu_bar + EDU_DMA_DST);
	writeq(len, t->edu_bar + EDU_DMA_COUNT);
	writel(cmd | EDU_CMD_RUN, t->edu_bar + EDU_DMA_CMD);
	t->dmas++;
	while (readl(t->edu_bar + EDU_DMA_CMD) & EDU_CMD_RUN) {
		if (time_after(jiffies, deadline))
			return false;
		usleep_range(500, 1000);
	}
	return true;
}

static struct hwt_map *model_find(struct hwt_domain *d, u64 iova)
{
	unsigned int i;

	for (i = 0; i != d->n_maps; i++)
		if (iova - d->maps[i].iova < d->maps[i].size)
			return &d->maps[i];
	return NULL;
}

static bool model_overlaps(struct hwt_domain *d, u64 iova, u64 size)
{
	unsigned int i;

	for (i = 0; i != d->n_maps; i++)
		if (iova < d->maps[i].iova + d->maps[i].size &&
		    d->maps[i].iova < iova + size)
			return true;
	return false;
}

static void model_remove(struct hwt_domain *d, struct hwt_map *m)
{
	*m = d->maps[--d->n_maps];
}

/* Forget the mapping at @iova, if the model has one */
static void model_remove_at(struct hwt_domain *d, u64 iova)
{
	struct hwt_map *m = model_find(d, iova);

	if (m)
		model_remove(d, m);
}

static bool model_allows(struct hwt_domain *d, u64 iova, bool to_ram)
{
	struct hwt_map *m = model_find(d, iova);

	return m && (m->prot & (to_ram ? IOMMU_WRITE : IOMMU_READ));
}

/*
 * Check the IOMMU's fault record after a DMA of [@iova, @iova + @len) that
 * the model refuses first at @fault_at (U64_MAX: nowhere). The record
 * must name that page, the edu device, the access and the reason; no
 * refusal, no record. With @t->iotlb_unknown, a refusal inside a mapping
 * may come from a cached translation, which QEMU does not record: the
 * record may then name any later refused page up to the first one the
 * model does not map at all, or be missing when there is none. @silent:
 * the refusal is known to come from a cached translation, so no record.
 */
static bool hwt_check_fault(struct hwt *t, struct hwt_domain *d, bool to_ram,
			    u64 iova, u32 len, u64 fault_at, bool silent,
			    const char *what)
{
	u64 first = fault_at & PAGE_MASK, last = first;
	struct hwt_fault f = {};
	bool fault, ok;
	u32 i;

	fault = t->ops->take_fault(t, &f);
	if (silent)
		fault_at = U64_MAX;
	if (fault_at == U64_MAX)
		return hwt_check(t, !fault,
				 "%s: unexpected fault at %#llx reason %u",
				 what, f.addr, f.reason);

	if (t->iotlb_unknown) {
		last = U64_MAX;
		for (i = fault_at - iova; i != len; i++)
			if (!model_find(d, iova + i)) {
				last = (iova + i) & PAGE_MASK;
				break;
			}
		if (!fault && last == U64_MAX)
			return true;
	}
	ok = fault && f.sid == t->sid && f.read == !to_ram &&
	     f.addr >= first && f.addr <= last &&
	     f.reason == t->ops->fault_reason(t, f.addr, !to_ram,
					      model_find(d, f.addr));
	/* A later page must itself be refused somewhere */
	for (i = fault_at - iova; ok && f.addr != first && i != len; i++)
		if (((iova + i) & PAGE_MASK) == f.addr &&
		    !model_allows(d, iova + i, to_ram))
			break;
	if (ok && f.addr != first && i == len)
		ok = false;
	return hwt_check(t, ok,
			 "%s: want a %s fault at %#llx, got %s %#llx sid %#x reason %u",
			 what, to_ram ? "write" : "read", first,
			 fault ? (f.read ? "read" : "write") : "none", f.addr,
			 f.sid, f.reason);
}

/*
 * One edu DMA between its buffer at @off and @iova, checked against the
 * model: the pool must hold exactly what the model predicts afterwards,
 * and an IOMMU with fault records must have recorded the first access the
 * model refuses, and nothing when it refuses none.
 */
static bool hwt_dma(struct hwt *t, struct hwt_domain *d, bool to_ram,
		    u64 iova, u32 len, u32 off, const char *what)
{
	bool silent = t->silent_refusal;
	u64 fault_at = U64_MAX;
	bool ok = true;
	size_t diff;
	u32 i;

	t->silent_refusal = false;
	if (!hwt_check(t, len && off + len <= EDU_BUF_MAX,
		       "%s: bad test DMA off %u len %u", what, off, len))
		return false;

	for (i = 0; i != len; i++) {
		struct hwt_map *m = model_find(d, iova + i);
		bool allowed = model_allows(d, iova + i, to_ram);
		u64 po = 0;

		if (allowed) {
			po = m->pa + (iova + i - m->iova) - t->pool_pa;
			if (po >= POOL_SIZE)
				return hwt_check(t, false,
						 "%s: IOVA %#llx is outside the pool",
						 what, iova + i);
		} else if (fault_at == U64_MAX) {
			fault_at = iova + i;
		}
		if (to_ram && allowed)
			t->shadow[po] = t->edu_shadow[off + i];
		else if (!to_ram)
			t->edu_shadow[off + i] = allowed ? t->shadow[po] : 0;
	}

	if (to_ram)
		ok = edu_transfer(t, EDU_BUF + off, iova, len, EDU_CMD_TO_RAM);
	else
		ok = edu_transfer(t, iova, EDU_BUF + off, len, 0);
	if (!hwt_check(t, ok, "%s: edu DMA timed out", what))
		return false;

	if (memcmp(t->pool, t->shadow, POOL_SIZE)) {
		for (diff = 0; t->pool[diff] == t->shadow[diff]; diff++)
			;
		hwt_check(t, false,
			  "%s: %s %#llx len %u: pool byte %#zx is %#x, want %#x",
			  what, to_ram ? "write" : "read", iova, len, diff,
			  t->pool[diff], t->shadow[diff]);
		memcpy(t->shadow, t->pool, POOL_SIZE);
		ok = false;
	} else {
		t->passed++;
	}

	if (!t->ops->take_fault)
		return ok;
	return hwt_check_fault(t, d, to_ram, iova, len, fault_at, silent,
			       what) && ok;
}

/*
 * A device read of @iova into the edu buffer, then a write of that part of
 * the buffer to the stage pages, which the model must predict byte for
 * byte: the stage is first filled with the complement of the prediction.
 */
static bool hwt_read(struct hwt *t, struct hwt_domain *d, u64 iova, u32 len,
		     u32 off, const char *what)
{
	bool ok = hwt_dma(t, d, false, iova, len, off, what);
	u8 *stage = t->pool + stage_off(t);
	u32 i;

	for (i = 0; i != len; i++) {
		stage[i] = ~t->edu_shadow[off + i];
		t->shadow[stage_off(t) + i] = stage[i];
	}
	return hwt_dma(t, d, true, stage_iova(t), len, off, what) && ok;
}

/* Map through the IOMMU API; it must succeed exactly when nothing overlaps */
static int hwt_map(struct hwt *t, struct hwt_domain *d, u64 iova,
		   phys_addr_t pa, u64 size, int prot)
{
	int want = model_overlaps(d, iova, size) ? -EADDRINUSE : 0;
	int ret;

	if (!want && !hwt_check(t, d->n_maps < HWT_MAX_MAPS, "model full"))
		return -ENOSPC;
	ret = pt_compat_iommu_map(&d->domain, iova, pa, size, prot,
				  GFP_KERNEL);
	hwt_check(t, ret == want, "map %#llx+%#llx -> %pa: %d, want %d", iova,
		  size, &pa, ret, want);
	/* What the IOMMU allows: Arm stage 1 has no write-only pages */
	if ((prot & IOMMU_WRITE) && t->lay.write_reads)
		prot |= IOMMU_READ;
	if (!ret)
		d->maps[d->n_maps++] = (struct hwt_map){
			.iova = iova, .size = size, .pa = pa, .prot = prot };
	return ret;
}

/* Unmap one whole mapping of the model through the IOMMU API */
static void hwt_unmap(struct hwt *t, struct hwt_domain *d, struct hwt_map *m)
{
	size_t got = iommu_unmap(&d->domain, m->iova, m->size);

	hwt_check(t, got == m->size, "unmap %#llx+%#llx: %zu", m->iova,
		  m->size, got);
	model_remove(d, m);
}

static void hwt_unmap_at(struct hwt *t, struct hwt_domain *d, u64 iova)
{
	struct hwt_map *m = model_find(d, iova);

	if (hwt_check(t, m, "nothing to unmap at %#llx", iova))
		hwt_unmap(t, d, m);
}

/*
 * One leaf of @size at @iova over the pool: a write across the pool's
 * first page end, a read across the leaf's end (or the pool's middle),
 * unmapping one page must remove exactly that leaf, and a write after it
 * must fault.
 */
static void hwt_leaf(struct hwt *t, struct hwt_domain *d, u64 iova,
		     u64 size)
{
	u64 g = t->lay.granule;
	phys_addr_t pa = t->pool_pa & ~(size - 1);
	u64 at = iova + (t->pool_pa - pa);
	u64 rd = size <= POOL_SIZE ? size - 100 : POOL_SIZE / 2 - 100;
	size_t got;

	if (!hwt_check(t, d->domain.pgsize_bitmap & size,
		       "leaf %#llx not in pgsize_bitmap %#lx", size,
		       d->domain.pgsize_bitmap) ||
	    !hwt_check(t, !model_overlaps(d, iova, size),
		       "leaf %#llx at %#llx: the region is in use", size, iova))
		return;
	if (hwt_map(t, d, iova, pa, size, IOMMU_READ | IOMMU_WRITE))
		return;
	hwt_dma(t, d, true, at + g - 64, 128, 0, "leaf write");
	hwt_read(t, d, at + rd, 200, 1000, "leaf read");
	/* Unmapping one page removes the leaf that holds it */
	got = iommu_unmap(&d->domain, iova, g);
	hwt_check(t, got == size, "leaf %#llx at %#llx: unmap took %#zx",
		  size, iova, got);
	if (got && got < size)
		iommu_unmap(&d->domain, iova + got, size - got);
	model_remove_at(d, iova);
	hwt_dma(t, d, true, at + g - 64, 128, 200, "write after leaf unmap");
}

/* Case 1: each leaf size, each in its own region */
static void case_sizes(struct hwt *t, struct hwt_domain *d)
{
	u64 cursor = SIZES_IOVA;
	unsigned int i;

	for (i = 0; t->lay.sizes[i]; i++) {
		u64 size = t->lay.sizes[i];
		u64 iova = ALIGN(cursor, size);

		hwt_leaf(t, d, iova, size);
		cursor = iova + size + SZ_1G;
	}
}

/* Case 2: read-only and write-only leaves */
static void case_perms(struct hwt *t, struct hwt_domain *d)
{
	u64 g = t->lay.granule;
	u64 ro = PERM_IOVA, wo = PERM_IOVA + 2 * g;

	hwt_map(t, d, ro, t->pool_pa + SZ_64K, g, IOMMU_READ);
	hwt_map(t, d, wo, t->pool_pa + SZ_64K + g, g, IOMMU_WRITE);
	hwt_dma(t, d, true, ro + 0x100, 64, 0, "write to read-only");
	hwt_read(t, d, ro + 0x200, 64, 64, "read of read-only");
	/* Refused from the IOTLB entry the read left: recorded or not */
	t->silent_refusal = !t->lay.cached_refusal_recorded;
	hwt_dma(t, d, true, ro + 0x300, 64, 128, "write to cached read-only");
	hwt_read(t, d, wo + 0x300, 64, 192, "read of write-only");
	hwt_dma(t, d, true, wo + 0x400, 64, 256, "write to write-only");
	hwt_unmap_at(t, d, ro);
	hwt_unmap_at(t, d, wo);
}

/* Case 3: nothing mapped, or an empty entry beside a mapped one */
static void case_unmapped(struct hwt *t, struct hwt_domain *d)
{
	u64 g = t->lay.granule;
	u64 iova = UNMAPPED_IOVA;

	hwt_dma(t, d, true, iova + 0x10, 64, 300, "write, no table");
	hwt_read(t, d, iova + 0x10, 64, 400, "read, no table");
	hwt_map(t, d, iova + g, t->pool_pa + SZ_128K, g,
		IOMMU_READ | IOMMU_WRITE);
	hwt_dma(t, d, true, iova + 2 * g + 0x10, 64, 500, "write, empty entry");
	hwt_dma(t, d, true, iova + 2 * g - 32, 64, 600,
		"write across the end of a mapping");
	hwt_read(t, d, iova + 2 * g - 32, 64, 700,
		 "read across the end of a mapping");
	if (t->lay.va_bits)
		hwt_dma(t, d, true, 1ULL << t->lay.va_bits, 64, 800,
			"write beyond the address width");
	hwt_unmap_at(t, d, iova + g);
}

/* Case 4: unmap invalidates; without the invalidation QEMU stays stale */
static void case_invalidate(struct hwt *t, struct hwt_domain *d)
{
	struct iommu_iotlb_gather gather;
	u64 x = INVAL_IOVA, big = INVAL_IOVA + SZ_2M;
	u64 g = t->lay.granule;
	size_t got;

	hwt_map(t, d, x, t->pool_pa + SZ_256K, g, IOMMU_READ | IOMMU_WRITE);
	hwt_map(t, d, x + g, t->pool_pa + SZ_256K + g, g,
		IOMMU_READ | IOMMU_WRITE);
	hwt_dma(t, d, true, x + 0x40, 64, 0, "write, fills the IOTLB");
	hwt_unmap_at(t, d, x);
	hwt_dma(t, d, true, x + 0x40, 64, 64, "write after unmap and sync");

	hwt_map(t, d, x, t->pool_pa + SZ_256K + 2 * g, g,
		IOMMU_READ | IOMMU_WRITE);
	hwt_dma(t, d, true, x + 0x80, 64, 128, "write after remap");

	/*
	 * Control: the same unmap without its sync. The model keeps the old
	 * translation, so the write passes only if QEMU used a stale entry.
	 */
	iommu_iotlb_gather_init(&gather);
	got = iommu_unmap_fast(&d->domain, x, g, &gather);
	hwt_check(t, got == g && list_empty(&gather.freelist),
		  "control unmap: %zu", got);
	hwt_check(t, hwt_dma(t, d, true, x + 0xc0, 64, 192,
			     "control: write without invalidation"),
		  "control: QEMU did not keep the stale translation, so the invalidation cases prove nothing");
	iommu_iotlb_sync(&d->domain, &gather);
	model_remove_at(d, x);
	hwt_dma(t, d, true, x + 0xc0, 64, 256, "write after the late sync");

	/*
	 * Sixteen granules: sixteen leaves on VT-d, one leaf on AMD-Vi and
	 * with the Arm contiguous hint. The gather must cover the last page
	 * too, which the write below cached.
	 */
	hwt_map(t, d, x + SZ_1M, t->pool_pa + SZ_1M, 16 * g,
		IOMMU_READ | IOMMU_WRITE);
	hwt_dma(t, d, true, x + SZ_1M + 16 * g - 96, 64, 448,
		"write to the end of 16 granules");
	hwt_unmap_at(t, d, x + SZ_1M);
	hwt_dma(t, d, true, x + SZ_1M + 16 * g - 96, 64, 512,
		"write after 16-granule unmap and sync");

	/* A 2M leaf, invalidated as one 2M block */
	hwt_map(t, d, big, t->pool_pa, SZ_2M, IOMMU_READ | IOMMU_WRITE);
	hwt_dma(t, d, true, big + SZ_1M - 32, 64, 320, "write to 2M leaf");
	hwt_unmap_at(t, d, big);
	hwt_dma(t, d, true, big + SZ_1M - 32, 64, 384,
		"write after 2M unmap and sync");
	hwt_unmap_at(t, d, x + g);
}

/*
 * Case 5: an unmap that covers lower tables frees them, after the sync.
 * (Unmapping only the last leaf of a table leaves the table in place.)
 */
static void case_free_tables(struct hwt *t, struct hwt_domain *d)
{
	struct iommu_iotlb_gather gather;
	long pages = pt_iommu_table_pages();
	/* Two tables of one granule each */
	long two = 2 * (t->lay.granule >> PAGE_SHIFT);
	u64 g = t->lay.granule;
	u64 iova = t->lay.free_iova;
	size_t got;
	bool held;

	hwt_map(t, d, iova, t->pool_pa + SZ_512K, g, IOMMU_READ | IOMMU_WRITE);
	hwt_check(t, pt_iommu_table_pages() == pages + two,
		  "a lone page: %ld new table pages, want %ld",
		  pt_iommu_table_pages() - pages, two);
	hwt_dma(t, d, true, iova + 0x100, 64, 0, "write via new tables");
	iommu_iotlb_gather_init(&gather);
	got = t->ops->unmap_range(&d->domain, iova, t->lay.free_span, &gather);
	held = !list_empty(&gather.freelist) &&
	       pt_iommu_table_pages() == pages + two;
	hwt_check(t, got == g && held,
		  "emptied tables must wait for the sync: %zu, %ld pages",
		  got, pt_iommu_table_pages() - pages);
	iommu_iotlb_sync(&d->domain, &gather);
	model_remove_at(d, iova);
	hwt_check(t, pt_iommu_table_pages() == pages,
		  "the sync freed %ld of %ld table pages",
		  pages + two - pt_iommu_table_pages(), two);
	hwt_dma(t, d, true, iova + 0x100, 64, 64, "write after tables freed");
	hwt_read(t, d, iova + 0x100, 64, 128, "read after tables freed");
}

static u32 rnd(struct rnd_state *rs, u32 n)
{
	return prandom_u32_state(rs) % n;
}

/* A random mapping of the window, picked to be unmapped or DMAed to */
static struct hwt_map *random_map(struct hwt_domain *d, struct rnd_state *rs)
{
	struct hwt_map *m;
	unsigned int tries;

	for (tries = 0; tries != 8 && d->n_maps; tries++) {
		m = &d->maps[rnd(rs, d->n_maps)];
		if (m->iova - RANDOM_IOVA < RANDOM_SPAN)
			return m;
	}
	return NULL;
}

/* Case 6: random maps and unmaps against the model, random DMAs checked */
static void case_random(struct hwt *t, struct hwt_domain *d)
{
	const u8 *lg2s = t->lay.random_lg2s;
	unsigned int n_lg2s = 0;
	static const int prots[] = { IOMMU_READ, IOMMU_WRITE,
				     IOMMU_READ | IOMMU_WRITE,
				     IOMMU_READ | IOMMU_WRITE };
	unsigned int dmas = 0, ops = 0, faulting = 0;
	struct rnd_state rs;
	struct hwt_map *m;

	while (lg2s[n_lg2s])
		n_lg2s++;
	prandom_seed_state(&rs, seed);
	t->iotlb_unknown = true;
	while (dmas < random_dmas) {
		u32 len = 1 + rnd(&rs, 512);
		u32 off = rnd(&rs, EDU_BUF_MAX - len + 1);
		bool to_ram = rnd(&rs, 2);
		u64 iova;

		while (rnd(&rs, 3)) {
			u64 size = 1ULL << lg2s[rnd(&rs, n_lg2s)];

			ops++;
			m = random_map(d, &rs);
			if (rnd(&rs, 3) == 0 && m) {
				hwt_unmap(t, d, m);
				continue;
			}
			if (d->n_maps == HWT_MAX_MAPS)
				continue;
			hwt_map(t, d,
				RANDOM_IOVA + rnd(&rs, RANDOM_SPAN / size) * size,
				t->pool_pa + rnd(&rs, POOL_SIZE / size) * size,
				size, prots[rnd(&rs, ARRAY_SIZE(prots))]);
		}

		m = random_map(d, &rs);
		if (m && rnd(&rs, 4))
			iova = m->iova + rnd(&rs, m->size) - rnd(&rs, 64);
		else
			iova = RANDOM_IOVA + rnd(&rs, RANDOM_SPAN);
		m = model_find(d, iova);
		if (!m || !(m->prot & (to_ram ? IOMMU_WRITE : IOMMU_READ)))
			faulting++;
		if (to_ram)
			hwt_dma(t, d, true, iova, len, off, "random write");
		else
			hwt_read(t, d, iova, len, off, "random read");
		dmas++;
	}
	t->iotlb_unknown = false;
	t->random_done += dmas;
	while ((m = random_map(d, &rs)))
		hwt_unmap(t, d, m);
	pr_info("hw-test: random: %u DMAs (%u starting unmapped or refused), %u map/unmap\n",
		dmas, faulting, ops);
}

/*
 * Case 7 (amdv1): a table of one level grows to six under DMA, then holds
 * leaves of the upper levels
 */
static void case_grow(struct hwt *t, struct hwt_domain *d)
{
	static const struct {
		u64 iova;
		unsigned int levels;
	} steps[] = {
		{ 1ULL << 30, 3 },
		{ 1ULL << 40, 4 },
		{ 1ULL << 50, 5 },
		{ 1ULL << 60, 6 },
	};
	unsigned int i, changes;
	bool grown;

	hwt_check(t, t->ops->levels(d) == 1, "grow: starts with %u levels",
		  t->ops->levels(d));
	hwt_map(t, d, SZ_4K, t->pool_pa + SZ_1M, SZ_4K,
		IOMMU_READ | IOMMU_WRITE);
	hwt_dma(t, d, true, SZ_4K + 0x10, 64, 0, "grow: write at 1 level");
	for (i = 0; i != ARRAY_SIZE(steps); i++) {
		changes = d->top_changes;
		hwt_map(t, d, steps[i].iova, t->pool_pa + SZ_1M + (i + 1) * SZ_4K,
			SZ_4K, IOMMU_READ | IOMMU_WRITE);
		grown = t->ops->levels(d) == steps[i].levels &&
			d->top_changes > changes;
		hwt_check(t, grown,
			  "grow: %u levels after mapping %#llx, want %u",
			  t->ops->levels(d), steps[i].iova, steps[i].levels);
		hwt_dma(t, d, true, steps[i].iova + 0x20 * i, 64, 64 * i,
			"grow: write at the new IOVA");
		hwt_read(t, d, steps[i].iova + 0x20 * i, 64, 1024 + 64 * i,
			 "grow: read at the new IOVA");
		hwt_dma(t, d, true, SZ_4K + 0x40 * i, 64, 2048 + 64 * i,
			"grow: write at the old IOVA");
	}
	/* Leaves of the levels a 3-level table lacks: 1T, 512T */
	hwt_leaf(t, d, 1ULL << 45, 1ULL << 40);
	hwt_leaf(t, d, 1ULL << 51, 1ULL << 49);
	pr_info("hw-test: grow: %u levels after %u top changes\n",
		t->ops->levels(d), d->top_changes);
}

static struct hwt_domain *hwt_domain_new(struct hwt *t, u16 did,
					 unsigned int levels)
{
	struct hwt_domain *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int ret;

	if (!hwt_check(t, d, "no memory for a domain"))
		return NULL;
	d->t = t;
	d->did = did;
	ret = t->ops->domain_init(t, d, levels);
	if (!hwt_check(t, !ret, "domain init: %d", ret))
		goto err_free;
	ret = t->ops->attach(t, d);
	if (!hwt_check(t, !ret, "attach: %d", ret))
		goto err_deinit;
	if (hwt_map(t, d, stage_iova(t), t->pool_pa + stage_off(t),
		    stage_size(t), IOMMU_READ | IOMMU_WRITE))
		goto err_detach;
	return d;
err_detach:
	t->ops->detach(t, d);
err_deinit:
	t->ops->domain_free(d);
err_free:
	kfree(d);
	return NULL;
}

static void hwt_domain_del(struct hwt *t, struct hwt_domain *d)
{
	while (d->n_maps)
		hwt_unmap(t, d, &d->maps[0]);
	t->ops->detach(t, d);
	t->ops->domain_free(d);
	kfree(d);
}

static void hwt_run(struct hwt *t)
{
	long pages = pt_iommu_table_pages();
	struct hwt_domain *d;

	d = hwt_domain_new(t, 1, 0);
	if (!d)
		return;
	pr_info("hw-test: iommu %s, %u levels, granule %#llx, edu %s\n",
		t->ops->name, t->ops->levels(d), t->lay.granule,
		pci_name(t->edu));

	/* Known edu buffer contents: random bytes read from the stage */
	get_random_bytes(t->pool + stage_off(t), EDU_BUF_MAX);
	memcpy(t->shadow + stage_off(t), t->pool + stage_off(t), EDU_BUF_MAX);
	hwt_read(t, d, stage_iova(t), EDU_BUF_MAX, 0, "fill the edu buffer");

	case_sizes(t, d);
	case_perms(t, d);
	case_unmapped(t, d);
	case_invalidate(t, d);
	case_free_tables(t, d);
	case_random(t, d);
	pr_info("hw-test: %u IOTLB syncs\n", d->syncs);
	hwt_domain_del(t, d);

	if (t->lay.grow) {
		d = hwt_domain_new(t, 2, 1);
		if (d) {
			case_grow(t, d);
			hwt_domain_del(t, d);
		}
	}
	hwt_check(t, pt_iommu_table_pages() == pages,
		  "%ld table pages leaked", pt_iommu_table_pages() - pages);
}

static int hwt_setup_edu(struct hwt *t)
{
	int ret;

	t->edu = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);
	if (!t->edu)
		return -ENODEV;
	ret = pci_enable_device(t->edu);
	if (ret)
		goto err_put;
	pci_set_master(t->edu);
	t->edu_bar = pci_iomap(t->edu, 0, 0);
	if (!t->edu_bar) {
		ret = -ENOMEM;
		goto err_disable;
	}
	t->sid = pci_dev_id(t->edu);
	return 0;
err_disable:
	pci_clear_master(t->edu);
	pci_disable_device(t->edu);
err_put:
	pci_dev_put(t->edu);
	return ret;
}

static void hwt_release_edu(struct hwt *t)
{
	pci_iounmap(t->edu, t->edu_bar);
	pci_clear_master(t->edu);
	pci_disable_device(t->edu);
	pci_dev_put(t->edu);
}

/**
 * hwt_test() - run every case through one emulated IOMMU
 * @t: the test, zeroed but for what @probe needs; counts the checks
 *   passed and failed
 * @probe: sets up the IOMMU: fills @t->ops and @t->lay, or returns an
 *   errno
 *
 * Context: Process context; takes minutes (edu DMAs take 0.1 s each).
 */
void hwt_test(struct hwt *t, int (*probe)(struct hwt *t))
{
	struct page *pool;
	int ret;

	ret = hwt_setup_edu(t);
	if (!hwt_check(t, !ret, "no edu device: %d", ret))
		return;
	ret = probe(t);
	if (!hwt_check(t, !ret, "no usable IOMMU: %d", ret))
		goto out_edu;

	pool = alloc_pages(GFP_KERNEL, POOL_ORDER);
	t->shadow = vmalloc(POOL_SIZE);
	if (hwt_check(t, pool && t->shadow, "no memory for the pool")) {
		t->pool = page_address(pool);
		t->pool_pa = page_to_phys(pool);
		get_random_bytes(t->pool, POOL_SIZE);
		memcpy(t->shadow, t->pool, POOL_SIZE);
		hwt_run(t);
	}
	t->ops->disable(t);
	vfree(t->shadow);
	if (pool)
		__free_pages(pool, POOL_ORDER);
out_edu:
	hwt_release_edu(t);
}
