#!/bin/bash
# Build the modules the system test loads against the qemu kernel BUILD:
# the driver, the chip model and its wiring, the emulated board and the
# test card. Works on
# a copy of the sources in CACHE/qemu-6.12-modules, so that the work tree and
# other builds of the same sources (static checks, KUnit) do not collide.
# Prints the directory holding the five .ko files.
set -eu
cache=${1:?usage: build-modules.sh CACHE KERNEL_BUILD_DIR}
build=${2:?usage: build-modules.sh CACHE KERNEL_BUILD_DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$cache/qemu-6.12-modules
out=$cache/qemu-6.12-ko
log=$cache/qemu-6.12-modules.log

mkdir -p "$src/tests" "$out"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='modules.order' \
	--exclude='*.symvers' --exclude='guest/' \
	"$top/Kbuild" "$top/driver" "$src/"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='modules.order' \
	--exclude='guest/' \
	"$top/tests/Kconfig" "$top/tests/model" "$top/tests/system" "$src/tests/"

make -C "$build" M="$src" HPA380_SYSTEM=1 -j"$(nproc)" modules >"$log" 2>&1 ||
	{ tail -n 30 "$log" >&2; exit 1; }

modules="driver/snd-soc-hpa380.ko tests/model/hpa380-model.ko
	 tests/model/hpa380-model-wiring.ko tests/system/hpa380-emul.ko
	 tests/system/snd-soc-hpa380-hat.ko"
for m in $modules; do
	[ -f "$src/$m" ] || { echo "build-modules.sh: $m was not built" >&2; exit 1; }
	cp "$src/$m" "$out/"
done
echo "$out"
