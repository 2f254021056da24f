#!/bin/bash
# Make the base device tree the system test boots with, as a Pi's firmware
# has one before it applies overlays: qemu's own tree for the machine
# boot.sh runs (-machine virt,dumpdtb) with base/pi-fragment.dts appended,
# compiled with symbols (dtc -@) so that overlays apply to it. Prints its
# path, OUT/base.dtb; remade only when the fragment or qemu changed.
set -eu
out=${1:?usage: base.sh OUT}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/qemu.sh"
dtb=$out/base.dtb
want="$(cat "$here/base/pi-fragment.dts" "$here/qemu.sh" | sha256sum) $(qemu-system-aarch64 --version | head -n 1)"

if [ -f "$dtb" ] && [ "$(cat "$dtb.stamp" 2>/dev/null)" = "$want" ]; then
	echo "$dtb"
	exit 0
fi
mkdir -p "$out"
"${QEMU[@]}" -machine "dumpdtb=$out/virt.dtb" >/dev/null 2>&1
{
	dtc -q -I dtb -O dts "$out/virt.dtb"
	cat "$here/base/pi-fragment.dts"
} >"$out/base.dts"
dtc -q -@ -I dts -O dtb -o "$dtb" "$out/base.dts"
echo "$want" >"$dtb.stamp"
echo "$dtb"
