#!/bin/bash
# Build (or take from CACHE) everything a boot of the emulated HAT needs and
# print it as shell assignments, for run.sh and tests/demo.sh to eval:
#   IMAGE   the arm64 kernel (build-kernel.sh)
#   INITRD  the initramfs with the modules and user space
#   BASE    the base device tree, a Pi's stand-in (base.sh)
#   DTBO    the overlay as `make install` ships it (`make overlay`)
# Progress and build logs go to stderr and CACHE.
set -eu
cache=${1:?usage: prepare.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

build=$("$here/build-kernel.sh" "$cache")
tree=$("$here/../kernel-tree.sh" 6.12 "$cache")
ko=$("$here/build-modules.sh" "$cache" "$build")
initrd=$("$here/build-initramfs.sh" "$cache" "$tree" "$ko")
base=$("$here/base.sh" "$cache/qemu-arm64-dt")
make -s -C "$top" overlay >&2
echo "IMAGE=$build/arch/arm64/boot/Image"
echo "INITRD=$initrd"
echo "BASE=$base"
echo "DTBO=$top/dts/hpa380-dac-hat.dtbo"
