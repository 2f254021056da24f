#!/bin/bash
# The module cross-built for arm64 (Debian's gcc-aarch64-linux-gnu) as an
# external module, with W=1, against the VERSION tree (6.12 by default, or
# 6.1) configured with the arm64 defconfig and modules_prepare (prepared once
# in CACHE/pi/arm64-VERSION, then reused). Built from a copy of the sources so
# the work tree stays clean.
# modules_prepare makes no Module.symvers, hence KBUILD_MODPOST_WARN=1: modpost
# then lists every kernel symbol the module uses as undefined. Those notices
# are expected; any compiler warning or error, or other modpost warning,
# fails.
set -eu
cache=${1:?usage: cross-build.sh CACHE [VERSION]}
version=${2:-6.12}
name=cross-build${2:+-$version}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"
tree=$("$top/tests/kernel-tree.sh" "$version" "$cache")
obj=$cache/pi/arm64-$version
src=$cache/pi/cross-src-$version
arm64="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-"

if [ ! -f "$obj/.hpa380-prepared" ]; then
	rm -rf "$obj"
	mkdir -p "$obj"
	# shellcheck disable=SC2086 # $arm64 is two words
	check "arm64 defconfig and modules_prepare of $(basename "$tree") (once)" \
		make -s -C "$tree" O="$obj" $arm64 -j2 defconfig modules_prepare
	[ "$failed" = 0 ] || { finish "$name"; exit 1; }
	touch "$obj/.hpa380-prepared"
fi

rm -rf "$src"
mkdir -p "$src"
cp -r "$top/Kbuild" "$top/driver" "$src/"
st=0
# shellcheck disable=SC2086
out=$(make -s -C "$obj" $arm64 M="$src" W=1 KBUILD_MODPOST_WARN=1 -j2 modules 2>&1) || st=$?
warn=$(printf '%s\n' "$out" | grep -E 'warning:|error:|WARNING:|ERROR:' |
	grep -vE 'WARNING: (Module.symvers is missing|modpost: ".*" \[.*\] undefined!|modpost: suppressed [0-9]+ unresolved)' ||
	true)
[ -z "$warn" ] || st=1
result "W=1 arm64 build of snd-soc-hpa380.ko, no warning" "$st" "${warn:-$out}"

machine=$(readelf -h "$src/driver/snd-soc-hpa380.ko" 2>&1 | sed -n 's/^ *Machine: *//p')
expect "snd-soc-hpa380.ko is an AArch64 module" "$machine" AArch64
expect "its vermagic names the arm64 $version kernel" \
	"$(modinfo -F vermagic "$src/driver/snd-soc-hpa380.ko" | cut -d' ' -f1)" \
	"$(cat "$obj/include/config/kernel.release")"

finish "$name"
