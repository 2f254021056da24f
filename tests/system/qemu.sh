# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Sourced: the one qemu machine the system test uses, for base.sh (which
# dumps its device tree) and boot.sh (which boots it). TCG: KVM hangs on
# these machines, and the host is x86_64 anyway.
# shellcheck disable=SC2034 # used by the scripts that source this
QEMU=(qemu-system-aarch64 -machine virt,gic-version=2 -accel tcg
      -cpu cortex-a53 -m 512 -smp 1 -nographic -no-reboot -monitor none)
