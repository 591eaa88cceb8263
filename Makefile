# SPDX-License-Identifier: GPL-2.0-only
#
# Out-of-tree wrapper around Kbuild for the generic IOMMU page table
# modules, plus the project's check targets.
#
#   make [modules]       build every module against KDIR (W=1, warnings fail)
#   make deps            install the Debian packages the project needs
#   make sparse          rebuild with sparse (C=2), findings fail
#   make checkpatch      checkpatch.pl --strict over our .c/.h files
#   make kunit           KUnit suites under UML (KUNIT_ARGS passed to kunit.py)
#   make qemu-test       load/unload every module in Debian's kernel under QEMU
#   make hw-test         DMA through our tables in QEMU's VT-d and AMD-Vi
#   make hw-test-smmuv3  DMA through our armv8 tables in QEMU's SMMUv3 on an
#                        arm64 KUnit kernel (not in check)
#   make run             boot that kernel, load the modules, show the sample
#   make kernel-doc      the kernel's kernel-doc over our headers and exports
#   make dkms-test       dkms add/build/install/remove round trip (root)
#   make install         modules_install + depmod, and the headers and
#                        Module.symvers for other out-of-tree modules under
#                        $(DESTDIR)/usr/src/generic-pt-<version>/
#   make kbuild          the installable modules, no warning gate (DKMS runs it)
#   make check           deps modules sparse checkpatch kernel-doc kunit
#                        dkms-test qemu-test hw-test
#   make bench           our formats vs io-pgtable in one UML run (not in check)
#   make sanitize        the suites on SMP x86_64 kernels under KASAN, lockdep,
#                        kmemleak, UBSAN and KCSAN in QEMU (not in check)
#   make check-arches    the suites on arm64, 32-bit arm and i386 kernels in
#                        QEMU, one totals line each (not in check)
#   make clean

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

# The running kernel's headers when it has them, else the newest Debian
# amd64 headers that are installed.  Evaluated lazily: 'make check' may
# have to install them first.
KVER := $(shell uname -r)
KDIR_RUNNING := /lib/modules/$(KVER)/build
KDIR ?= $(or $(wildcard $(KDIR_RUNNING)), \
	$(lastword $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
		sort -V)))

# One word per compiled module; a new format adds its symbol here.
PT_CONFIGS := CONFIG_GENERIC_PT=m \
	CONFIG_IOMMU_PT_AMDV1=m \
	CONFIG_IOMMU_PT_AMDV1_MOCK=m \
	CONFIG_IOMMU_PT_VTDSS=m \
	CONFIG_IOMMU_PT_X86_64=m \
	CONFIG_IOMMU_PT_RISCV64=m \
	CONFIG_IOMMU_PT_ARMV8=m \
	CONFIG_IOMMU_PT_ARMV8_MALI=m \
	CONFIG_IOMMU_PT_DART=m \
	CONFIG_IOMMU_PT_ARMV7S=m \
	CONFIG_IOMMU_PT_IO_PGTABLE=m \
	CONFIG_GENERIC_PT_SAMPLE=m \
	CONFIG_GENERIC_PT_HWTEST=m

# What is installed: every module but the sample driver and the hw-test
PT_INSTALL_CONFIGS := $(filter-out CONFIG_GENERIC_PT_SAMPLE=m CONFIG_GENERIC_PT_HWTEST=m,\
	$(PT_CONFIGS))

# Hooks only a build with the KUnit suites has (GENERIC_PT_TEST_HOOKS)
TEST_HOOKS := pt_iommu_fail_alloc_after pt_iommu_set_dma_hook \
	pt_iommu_table_limit_pa pt_iommu_test_table_pa_offset

KUNIT_ARGS ?=
RESULTS := $(CURDIR)/results
KBUILD = $(MAKE) -C $(KDIR) M=$(CURDIR) W=1 $(PT_CONFIGS)
KBUILD_INSTALL = $(MAKE) -C $(KDIR) M=$(CURDIR) W=1 $(PT_INSTALL_CONFIGS)

# The one version number, kept in dkms.conf
PT_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' \
	$(CURDIR)/dkms.conf)
# Where 'make install' puts what other out-of-tree modules build against
INSTALL_MOD_PATH ?=
DESTDIR ?= $(INSTALL_MOD_PATH)
PT_DEV_DIR = $(DESTDIR)/usr/src/generic-pt-$(PT_VERSION)
# The release modules_install uses (Debian's kernel.release file differs)
PT_KRELEASE = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h)

# Fail on any warning or error line about one of our files (Kbuild names
# them by absolute path), and on any modpost warning.
define check_log
	if grep -E '^$(CURDIR)/[^:]+:[0-9]+:([0-9]+:)? (warning|error):|^WARNING:' \
			$(1); then \
		echo "$(2): FAIL: findings in our files (above)" >&2; \
		exit 1; \
	fi
endef

.PHONY: all modules kdir deps sparse checkpatch kunit qemu-test hw-test run \
	check clean bench kernel-doc kbuild install dkms-test sanitize \
	check-arches hw-test-smmuv3

all: modules

kdir:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "no kernel headers found (KDIR='$(KDIR)'): run 'make deps'" >&2; \
		exit 1; \
	fi
	@if [ "$(origin KDIR)" != file ]; then \
		echo "KDIR: $(KDIR) (from the $(origin KDIR))"; \
	elif [ "$(KDIR)" = "$(KDIR_RUNNING)" ]; then \
		echo "KDIR: $(KDIR) (running kernel $(KVER))"; \
	else \
		echo "KDIR: $(KDIR) (newest installed headers;" \
			"$(KDIR_RUNNING) does not exist)"; \
	fi

modules: kdir
	@mkdir -p $(RESULTS)
	$(KBUILD) modules 2>&1 | tee $(RESULTS)/modules.log
	@if grep -i 'warning:' $(RESULTS)/modules.log; then \
		echo "modules: FAIL: warnings in the build" >&2; \
		$(KBUILD) clean >/dev/null; \
		exit 1; \
	fi
	@syms=$$(nm $(CURDIR)/generic_pt.ko); \
	for sym in $(TEST_HOOKS); do \
		if grep -w "$$sym" <<<"$$syms"; then \
			echo "modules: FAIL: test hook $$sym in generic_pt.ko" >&2; \
			exit 1; \
		fi; \
	done

deps:
	@$(CURDIR)/scripts/deps.sh

sparse: kdir
	@mkdir -p $(RESULTS)
	$(KBUILD) clean >/dev/null
	$(KBUILD) C=2 modules 2>&1 | tee $(RESULTS)/sparse.log
	@$(call check_log,$(RESULTS)/sparse.log,sparse)
	@echo "sparse: no findings"

checkpatch:
	@$(CURDIR)/scripts/checkpatch.sh

# Needs Module.symvers: every exported symbol must be documented.
kernel-doc: modules
	@$(CURDIR)/scripts/kernel-doc.sh

kbuild: kdir
	$(KBUILD_INSTALL) modules

# modules_install puts the modules under $(INSTALL_MOD_PATH)/lib/modules/
# <release>/extra; the headers kernel trees have no System.map, so Kbuild
# skips depmod and we run it.
install: kbuild
	$(KBUILD_INSTALL) modules_install INSTALL_MOD_PATH=$(INSTALL_MOD_PATH)
	depmod -b $(or $(INSTALL_MOD_PATH),/) $(PT_KRELEASE)
	install -d $(PT_DEV_DIR)/include/linux/generic_pt \
		$(PT_DEV_DIR)/$(PT_KRELEASE)
	install -m 644 $(CURDIR)/include/linux/generic_pt/*.h \
		$(PT_DEV_DIR)/include/linux/generic_pt/
	install -m 644 $(CURDIR)/Module.symvers \
		$(PT_DEV_DIR)/$(PT_KRELEASE)/Module.symvers
	@echo "install: modules in $(INSTALL_MOD_PATH)/lib/modules/$(PT_KRELEASE)/extra," \
		"headers and Module.symvers in $(PT_DEV_DIR)"

dkms-test: deps
	@$(CURDIR)/scripts/dkms-test.sh

# No globbing: KUNIT_ARGS may hold a suite glob for kunit.py.
kunit:
	@set -f; $(CURDIR)/scripts/kunit.sh $(KUNIT_ARGS)

qemu-test:
	@$(CURDIR)/scripts/qemu-test.sh

hw-test:
	@$(CURDIR)/scripts/hw-test.sh

hw-test-smmuv3:
	@$(CURDIR)/scripts/hw-test-smmuv3.sh

bench: deps
	@$(CURDIR)/scripts/bench.sh

sanitize: deps
	@$(CURDIR)/scripts/sanitize.sh

check-arches:
	@$(CURDIR)/scripts/check-arches.sh

run: deps
	@$(CURDIR)/scripts/qemu-test.sh --run

check:
	$(MAKE) deps
	$(MAKE) modules
	$(MAKE) sparse
	$(MAKE) checkpatch
	$(MAKE) kernel-doc
	$(MAKE) kunit
	$(MAKE) dkms-test
	$(MAKE) qemu-test
	$(MAKE) hw-test

clean:
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then \
		$(KBUILD) clean; \
	fi
	rm -rf $(RESULTS)
