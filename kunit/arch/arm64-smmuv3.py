# SPDX-License-Identifier: GPL-2.0-only
# kunit.py --qemu_config for make hw-test-smmuv3: the arm64 kernel of
# KUNIT_BUILD_TAG=arm64-smmuv3 on QEMU's virt machine with its emulated
# SMMUv3 in front of the PCI bus and the edu device behind it (full
# 64-bit DMA mask). The kernel options are those of kunit.py's own arm64
# machine (PL011 console), so that one build serves both.
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='arm64',
			   kconfig='''
CONFIG_SERIAL_AMBA_PL010=y
CONFIG_SERIAL_AMBA_PL010_CONSOLE=y
CONFIG_SERIAL_AMBA_PL011=y
CONFIG_SERIAL_AMBA_PL011_CONSOLE=y''',
			   qemu_arch='aarch64',
			   kernel_path='arch/arm64/boot/Image.gz',
			   kernel_command_line='console=ttyAMA0',
			   extra_qemu_params=['-machine', 'virt,iommu=smmuv3',
					      '-cpu', 'cortex-a57',
					      '-device',
					      'edu,dma_mask=0xffffffffffffffff'])
