#!/bin/bash
# The driver added to a kernel source tree by driver/add-to-kernel.sh, then
# compiled there for arm64 with W=1 as SND_SOC_HPA380=y (built in) and =m.
# Uses its own extraction of Debian's linux-source-6.12 in CACHE/pi/in-tree
# (the KUnit tree is linked differently and shared), made once; the build
# directory (arm64 defconfig) is reused. Compiling the driver's directory is
# enough: vmlinux is not linked.
set -eu
cache=${1:?usage: in-tree.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"
work=$cache/pi/in-tree
tree=$work/linux-source-6.12
obj=$work/build-arm64
tarball=/usr/src/linux-source-6.12.tar.xz
arm64="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-"
codecs=$tree/sound/soc/codecs

if [ ! -f "$tree/.hpa380-extracted" ]; then
	rm -rf "$work"
	mkdir -p "$work"
	check "extract $(basename "$tarball") (once)" tar -C "$work" -xf "$tarball"
	[ "$failed" = 0 ] || { finish in-tree; exit 1; }
	touch "$tree/.hpa380-extracted"
fi

check "add-to-kernel.sh adds the driver" "$top/driver/add-to-kernel.sh" "$tree"
before=$(cat "$codecs/Kconfig" "$codecs/Makefile" | md5sum)
check "add-to-kernel.sh again" "$top/driver/add-to-kernel.sh" "$tree"
expect "the second run changes nothing" \
	"$(cat "$codecs/Kconfig" "$codecs/Makefile" | md5sum)" "$before"
expect "one Kconfig source line, inside the CODEC drivers menu" \
	"$(awk '/^menu "CODEC drivers"/ { m = 1 } /^endmenu/ { m = 0 }
		/hpa380\/Kconfig/ { print (m ? "inside" : "outside") }' "$codecs/Kconfig")" inside
expect "one Makefile entry" "$(grep -c 'hpa380/' "$codecs/Makefile")" 1
expect "the driver's files are in sound/soc/codecs/hpa380" \
	"$(cd "$codecs/hpa380" && ls | tr '\n' ' ')" \
	"$(cd "$top/driver" && ls ./*.c ./*.h Kconfig Makefile | sed 's|^\./||' | sort | tr '\n' ' ')"

if [ ! -f "$obj/.hpa380-prepared" ]; then
	rm -rf "$obj"
	mkdir -p "$obj"
	# shellcheck disable=SC2086 # $arm64 is two words
	check "arm64 defconfig and prepare, W=1 (once)" \
		make -s -C "$tree" O="$obj" $arm64 W=1 -j2 defconfig modules_prepare
	[ "$failed" = 0 ] || { finish in-tree; exit 1; }
	touch "$obj/.hpa380-prepared"
fi

# build y|m: configure SND_SOC_HPA380 that way and compile its directory
# afresh (no object left from the other way, every file compiled each run).
build() {
	local how=$1 flag=--enable st=0 out warn

	[ "$how" = y ] || flag=--module
	rm -rf "$obj/sound/soc/codecs/hpa380"
	"$tree/scripts/config" --file "$obj/.config" $flag SND_SOC_HPA380
	# shellcheck disable=SC2086
	make -s -C "$tree" O="$obj" $arm64 W=1 olddefconfig >/dev/null
	expect "CONFIG_SND_SOC_HPA380=$how after olddefconfig" \
		"$(grep '^CONFIG_SND_SOC_HPA380=' "$obj/.config")" "CONFIG_SND_SOC_HPA380=$how"
	# shellcheck disable=SC2086
	out=$(make -s -C "$tree" O="$obj" $arm64 W=1 -j2 sound/soc/codecs/hpa380/ 2>&1) || st=$?
	warn=$(printf '%s\n' "$out" | grep -E 'warning:|error:|WARNING:|ERROR:' || true)
	[ -z "$warn" ] || st=1
	result "=$how: W=1 arm64 build of sound/soc/codecs/hpa380/, no warning" "$st" "${warn:-$out}"
}

# built-in.a lists the objects of snd-soc-hpa380-y when it is built in.
members() {
	local a=$obj/sound/soc/codecs/hpa380/built-in.a

	[ ! -f "$a" ] || ar t "$a" 2>&1 | sed "s|^$obj/||" | sort | tr '\n' ' '
}
objects=$(cd "$top/driver" && ls ./*.c | sed 's|^\./\(.*\)\.c$|sound/soc/codecs/hpa380/\1.o|' |
	sort | tr '\n' ' ')

build y
expect "=y: the driver's objects are in the directory's built-in.a" "$(members)" "$objects"
build m
expect "=m: nothing built in, modules.order names snd-soc-hpa380" \
	"$(members)$(cat "$obj/sound/soc/codecs/hpa380/modules.order" 2>&1)" \
	"sound/soc/codecs/hpa380/snd-soc-hpa380.o"

finish in-tree
