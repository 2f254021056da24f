#!/bin/bash
# One cell of the kernel matrix (README.md, "Supported kernels"): what builds
# out of tree, built for ARCH (x86_64 or arm64) against kernel VERSION with
# W=1, and on x86_64 with sparse (C=1) too, from a copy of the sources in
# CACHE/module-build/ARCH-VERSION. Any compiler or sparse warning fails.
#   - snd-soc-hpa380.ko alone, as a user builds it: an x86-64 or AArch64
#     module whose vermagic names the kernel;
#   - the test modules: the chip model and the emulated HAT
#     (HPA380_SYSTEM=1, as tests/system/build-modules.sh builds them), and
#     the KUnit suites where the kernel's configuration has KUnit (they run
#     on UML only from a full tree: tests/kunit/run.sh);
#   - on x86_64 6.6, the driver again with the kernel's devm_mutex_init()
#     hidden, as 6.6.0-6.6.38 lack it: hpa380-compat.h's fallback.
# The kernels:
#   6.1, 6.12  Debian 12's. x86_64: linux-headers-VERSION-amd64 (the 6.1
#              series is linux-headers-amd64); arm64: linux-source-VERSION
#              (tests/kernel-tree.sh) with the arm64 defconfig and
#              modules_prepare, made once in CACHE/pi/arm64-VERSION.
#   others     Raspberry Pi OS's 6.6 and 6.18, which Debian does not ship:
#              the external-module build trees
#              linux-headers-VERSION-{amd64,arm64}.tar.xz in
#              $HPA380_KERNEL_HEADERS (default: shared/kernel-headers beside
#              this checkout), extracted once into CACHE/kernel-headers.
# A tree without a Module.symvers (modules_prepare, the archives) needs
# KBUILD_MODPOST_WARN=1: modpost then lists every kernel symbol a module
# uses as undefined. Those notices are expected, and so they are for the
# test modules (the KUnit board's IRQ simulator is not in every configuration);
# any other modpost warning fails.
# Prints one "ok"/"FAIL" line per check and closes with
# "x86-build-VERSION: N passed, N failed" (arm64: cross-build-VERSION).
set -u
usage="usage: module-build.sh CACHE x86_64|arm64 VERSION"
cache=${1:?$usage}
arch=${2:?$usage}
version=${3:?$usage}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=pi/common.sh
. "$here/pi/common.sh"
archives=${HPA380_KERNEL_HEADERS:-$top/../shared/kernel-headers}

case $arch in
x86_64)
	name=x86-build-$version debarch=amd64 machine="Advanced Micro Devices X86-64"
	kbuild=(C=1) flags="W=1 C=1 x86_64"
	;;
arm64)
	name=cross-build-$version debarch=arm64 machine=AArch64
	kbuild=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) flags="W=1 arm64"
	;;
*)
	echo "$usage" >&2
	exit 2
	;;
esac

# The kernel build directory for VERSION and ARCH, made once; prints it.
debian_headers() {
	# The generic flavour (not -cloud-amd64 or -rt-amd64), newest ABI.
	printf '%s\n' /usr/src/linux-headers-"$version".*-amd64 |
		grep -vE -- '-(cloud|rt)-amd64$|\*' | sort -V | tail -n 1 | grep . ||
		{ echo "no linux-headers-$version in /usr/src: run 'make deps'"; return 1; }
}

debian_arm64() {
	local tree obj=$cache/pi/arm64-$version

	tree=$("$top/tests/kernel-tree.sh" "$version" "$cache") || return 1
	if [ ! -f "$obj/.hpa380-prepared" ]; then
		rm -rf "$obj" && mkdir -p "$obj" &&
			make -s -C "$tree" O="$obj" "${kbuild[@]}" -j2 defconfig \
				modules_prepare >&2 &&
			touch "$obj/.hpa380-prepared" || return 1
	fi
	echo "$obj"
}

# Re-extracted when the archive changes (its size and time differ).
archive_headers() {
	local archive=$archives/linux-headers-$version-$debarch.tar.xz
	local dir=$cache/kernel-headers
	local kdir=$dir/linux-headers-$version-$debarch stamp

	[ -f "$archive" ] || {
		echo "no $archive: set HPA380_KERNEL_HEADERS to the folder of the header archives"
		return 1
	}
	stamp=$(stat -c '%s %Y' "$archive")
	if [ "$(cat "$kdir/.hpa380-extracted" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$kdir" && mkdir -p "$dir" && tar -C "$dir" -xf "$archive" &&
			echo "$stamp" >"$kdir/.hpa380-extracted" || return 1
	fi
	echo "$kdir"
}

case $version-$arch in
6.1-x86_64 | 6.12-x86_64) how=debian_headers ;;
6.1-arm64 | 6.12-arm64) how=debian_arm64 from="linux-source-$version, arm64 defconfig" ;;
*) how=archive_headers from="linux-headers-$version-$debarch.tar.xz" ;;
esac
st=0
out=$($how 2>&1) || st=$?
kdir=$(printf '%s\n' "$out" | tail -n 1)
result "the $version $arch kernel build directory (${from:-$(basename "$kdir")})" \
	"$st" "$out"
[ "$st" = 0 ] || { finish "$name"; exit 1; }
release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
	"$kdir/include/generated/utsrelease.h")
modpost=()
[ -s "$kdir/Module.symvers" ] || modpost=(KBUILD_MODPOST_WARN=1)

# build WHAT DIR [MAKE ARGS...]: no compiler, sparse or modpost warning.
build() {
	local what=$1 dir=$2 out st=0 warn

	shift 2
	out=$(make -s -C "$kdir" M="$dir" W=1 "${kbuild[@]}" -j2 "$@" modules 2>&1) ||
		st=$?
	warn=$(printf '%s\n' "$out" | grep -E 'warning:|error:|WARNING:|ERROR:' |
		grep -vE 'WARNING: (Module.symvers is missing|modpost: ".*" \[.*\] undefined!|modpost: suppressed [0-9]+ unresolved)' ||
		true)
	[ -z "$warn" ] || st=1
	result "$flags build of $what against $release, no warning" "$st" "${warn:-$out}"
}

# copy DIR: a fresh copy of the module's sources, the work tree stays clean.
copy() {
	rm -rf "$1" && mkdir -p "$1" && cp -r "$top/Kbuild" "$top/driver" "$1/"
}

src=$cache/module-build/$arch-$version
copy "$src"
build snd-soc-hpa380.ko "$src" "${modpost[@]}"
ko=$src/driver/snd-soc-hpa380.ko
expect "snd-soc-hpa380.ko is an $machine module" \
	"$(readelf -h "$ko" 2>&1 | sed -n 's/^ *Machine: *//p')" "$machine"
expect "its vermagic names $release" \
	"$(modinfo -F vermagic "$ko" 2>&1 | cut -d' ' -f1)" "$release"

# The tests next to the module built above, which stays built.
mkdir -p "$src/tests" &&
	(cd "$top/tests" && cp -r Kconfig model system kunit "$src/tests/") &&
	cp -r "$top/dts" "$src/"	# the KUnit board's jacks come from the overlay
modules=tests/model/hpa380-model.ko tests="model"
# The emulated HAT where the configuration has what it needs (its Makefile).
if [ "$(grep -cE '^#define CONFIG_(GPIOLIB_IRQCHIP|PINCONF) 1$' \
	"$kdir/include/generated/autoconf.h")" = 2 ]; then
	modules="$modules tests/system/hpa380-emul.ko" tests="$tests, emulated HAT"
fi
kunit=()
if grep -qE '^#define CONFIG_KUNIT(_MODULE)? 1$' "$kdir/include/generated/autoconf.h"; then
	tests="$tests, KUnit suites"
	kunit=(CONFIG_SND_SOC_HPA380_KUNIT_TEST=m CONFIG_SND_SOC_HPA380_MODEL_KUNIT_TEST=m)
fi
build "the test modules ($tests)" "$src" HPA380_SYSTEM=1 "${kunit[@]}" \
	KBUILD_MODPOST_WARN=1
[ ${#kunit[@]} = 0 ] ||
	modules="$modules tests/kunit/hpa380-driver-test.ko tests/kunit/hpa380-model-test.ko
		 tests/kunit/hpa380-model-analog-test.ko"
missing=$(for m in $modules; do [ -f "$src/$m" ] || echo "$m"; done)
expect "every test module was built" "$missing" ""

if [ "$arch-$version" = x86_64-6.6 ]; then
	fallback=$cache/module-build/$arch-$version-fallback
	copy "$fallback"
	sed -i 's|^#ifndef devm_mutex_init$|#undef devm_mutex_init\n&|' \
		"$fallback/driver/hpa380-compat.h"
	build "snd-soc-hpa380.ko with devm_mutex_init() hidden (6.6.0-6.6.38)" \
		"$fallback" "${modpost[@]}"
	expect "that module uses hpa380-compat.h's devm_mutex_init(), not the kernel's" \
		"$(nm "$fallback/driver/snd-soc-hpa380.ko" 2>&1 |
			grep -ow 'hpa380_devm_mutex_release\|__devm_mutex_init' | sort -u)" \
		hpa380_devm_mutex_release
fi

finish "$name"
