#!/bin/bash
# Build the modules the system test loads, for the arm64 kernel BUILD: the
# driver as users build it (out of tree, tests/../Kbuild), the chip model and
# the emulated HAT (HPA380_SYSTEM=1). Works on a copy of the sources in
# CACHE/qemu-arm64-modules, so that the work tree and other builds of the
# same sources (static checks, KUnit) do not collide. Prints the directory
# holding the three .ko files.
set -eu
cache=${1:?usage: build-modules.sh CACHE KERNEL_BUILD_DIR}
build=${2:?usage: build-modules.sh CACHE KERNEL_BUILD_DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$cache/qemu-arm64-modules
out=$cache/qemu-arm64-ko
log=$cache/qemu-arm64-modules.log

mkdir -p "$src/tests" "$out"
# By content (-c), not keeping times (no -t): a file that changed gets a new
# mtime even if the checkout's is older than the last build's objects (the
# cache is shared by checkouts), so make rebuilds it.
rsync -rlpc --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='modules.order' \
	--exclude='*.symvers' \
	"$top/Kbuild" "$top/driver" "$src/"
rsync -rlpc --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='modules.order' \
	--exclude='guest/' --exclude='base/' \
	"$top/tests/Kconfig" "$top/tests/model" "$top/tests/system" "$src/tests/"

make -C "$build" M="$src" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	HPA380_SYSTEM=1 W=1 -j"$(nproc)" modules >"$log" 2>&1 ||
	{ tail -n 30 "$log" >&2; exit 1; }
# The test modules are held to the driver's standard: no warning.
if grep -E 'warning:|WARNING:' "$log" >&2; then
	exit 1
fi

modules="driver/snd-soc-hpa380.ko tests/model/hpa380-model.ko
	 tests/system/hpa380-emul.ko"
for m in $modules; do
	[ -f "$src/$m" ] || { echo "build-modules.sh: $m was not built" >&2; exit 1; }
	cp "$src/$m" "$out/"
done
echo "$out"
