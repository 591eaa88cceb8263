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
#   make run             boot that kernel, load the modules, show the sample
#   make check           deps modules sparse checkpatch kunit qemu-test
#   make bench           our formats vs io-pgtable in one UML run (not in check)
#   make sanitize        the suites on SMP x86_64 kernels under KASAN, lockdep,
#                        kmemleak, UBSAN and KCSAN in QEMU (not in check)
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
	CONFIG_GENERIC_PT_SAMPLE=m

KUNIT_ARGS ?=
RESULTS := $(CURDIR)/results
KBUILD = $(MAKE) -C $(KDIR) M=$(CURDIR) W=1 $(PT_CONFIGS)

# Fail on any warning or error line about one of our files (Kbuild names
# them by absolute path), and on any modpost warning.
define check_log
	if grep -E '^$(CURDIR)/[^:]+:[0-9]+:([0-9]+:)? (warning|error):|^WARNING:' \
			$(1); then \
		echo "$(2): FAIL: findings in our files (above)" >&2; \
		exit 1; \
	fi
endef

.PHONY: all modules kdir deps sparse checkpatch kunit qemu-test run check clean bench \
	sanitize

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

# No globbing: KUNIT_ARGS may hold a suite glob for kunit.py.
kunit:
	@set -f; $(CURDIR)/scripts/kunit.sh $(KUNIT_ARGS)

qemu-test:
	@$(CURDIR)/scripts/qemu-test.sh

bench: deps
	@$(CURDIR)/scripts/bench.sh

sanitize: deps
	@$(CURDIR)/scripts/sanitize.sh

run: deps
	@$(CURDIR)/scripts/qemu-test.sh --run

check:
	$(MAKE) deps
	$(MAKE) modules
	$(MAKE) sparse
	$(MAKE) checkpatch
	$(MAKE) kunit
	$(MAKE) qemu-test

clean:
	@if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then \
		$(KBUILD) clean; \
	fi
	rm -rf $(RESULTS)
