#!/bin/bash
# Boot the system test's arm64 kernel IMAGE with INITRAMFS and the device
# tree DTB in qemu (tests/system/qemu.sh), with the serial port as console;
# print the console (carriage returns dropped) and keep it in LOG. The guest
# powers off by itself (reboot -f with -no-reboot); after TIMEOUT seconds
# qemu is killed. Extra kernel parameters after the fifth argument.
# Exit status: qemu's, or 124 when it was killed.
set -eu
usage="usage: boot.sh IMAGE INITRAMFS DTB LOG TIMEOUT [PARAM...]"
kernel=${1:?$usage}
initrd=${2:?$usage}
dtb=${3:?$usage}
log=${4:?$usage}
limit=${5:?$usage}
shift 5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/qemu.sh"

set +e
timeout --kill-after=5 "$limit" "${QEMU[@]}" \
	-kernel "$kernel" -initrd "$initrd" -dtb "$dtb" \
	-append "console=ttyAMA0 panic=-1 $*" \
	</dev/null 2>&1 | tr -d '\r' | tee "$log"
exit "${PIPESTATUS[0]}"
