#!/bin/bash
# Boot the system test's kernel and initramfs in qemu-system-x86_64 (TCG:
# KVM hangs on these machines) with the serial port as console, print the
# console (carriage returns dropped) and keep it in LOG. The guest powers
# off by itself (reboot -f with -no-reboot); after TIMEOUT seconds qemu is
# killed. Extra kernel parameters after the fourth argument.
# Exit status: qemu's, or 124 when it was killed.
set -eu
kernel=${1:?usage: boot.sh BZIMAGE INITRAMFS LOG TIMEOUT [PARAM...]}
initrd=${2:?usage: boot.sh BZIMAGE INITRAMFS LOG TIMEOUT [PARAM...]}
log=${3:?usage: boot.sh BZIMAGE INITRAMFS LOG TIMEOUT [PARAM...]}
limit=${4:?usage: boot.sh BZIMAGE INITRAMFS LOG TIMEOUT [PARAM...]}
shift 4

set +e
timeout --kill-after=5 "$limit" qemu-system-x86_64 \
	-accel tcg -cpu max -m 512 -smp 1 \
	-nographic -no-reboot -monitor none -serial stdio \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 $*" \
	</dev/null 2>&1 | tr -d '\r' | tee "$log"
exit "${PIPESTATUS[0]}"
