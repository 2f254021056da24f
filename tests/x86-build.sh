#!/bin/bash
# The module built for x86_64 as an external module, with W=1 and sparse
# (C=1), against Debian's linux-headers for VERSION (6.1: linux-headers-amd64
# on Debian 12; 6.12: linux-headers-6.12-amd64), from a copy of the sources
# in CACHE/x86-build-VERSION. Any warning fails. (tests/static-check.sh does
# the same for 6.12 in `make check-quick`; this is the 6.1 cell of the
# matrix.) Prints one "ok"/"FAIL" line per check and closes with
# "x86-build-VERSION: N passed, N failed".
set -u
cache=${1:?usage: x86-build.sh CACHE VERSION}
version=${2:?usage: x86-build.sh CACHE VERSION}
top=$(cd "$(dirname "$0")/.." && pwd)
name=x86-build-$version
passed=0 failed=0

result() {	# name status [details]
	if [ "$2" = 0 ]; then
		echo "ok - $1"; passed=$((passed + 1))
	else
		echo "FAIL - $1"; printf '%s\n' "${3:-}" | head -n 40 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

finish() {
	echo "$name: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# The generic flavour (not -cloud-amd64 or -rt-amd64), newest ABI.
headers=$(printf '%s\n' /usr/src/linux-headers-"$version".*-amd64 |
	grep -vE -- '-(cloud|rt)-amd64$|\*' | sort -V | tail -n 1)
if [ -z "$headers" ]; then
	result "linux-headers for $version installed" 1 "none in /usr/src: run 'make deps'"
	finish
	exit 1
fi

src=$cache/x86-build-$version
rm -rf "$src" && mkdir -p "$src"
cp -r "$top/Kbuild" "$top/driver" "$src/"
out=$(make -C "$headers" M="$src" W=1 C=1 -j2 modules 2>&1)
st=$?
warn=$(printf '%s\n' "$out" | grep -E 'warning|error' || true)
[ -z "$warn" ] || st=1
result "W=1 C=1 x86_64 build against $(basename "$headers"), no warning" "$st" "${warn:-$out}"

ko=$src/driver/snd-soc-hpa380.ko
machine=$(readelf -h "$ko" 2>&1 | sed -n 's/^ *Machine: *//p')
[ "$machine" = "Advanced Micro Devices X86-64" ]
result "snd-soc-hpa380.ko is an x86-64 module" $? "machine: $machine"
vermagic=$(modinfo -F vermagic "$ko" 2>&1 | cut -d' ' -f1)
# (Debian 6.1's include/config/kernel.release says 6.1.N, not the ABI name.)
release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
	"$headers/include/generated/utsrelease.h" 2>&1)
[ "$vermagic" = "$release" ]
result "its vermagic names $release" $? "vermagic: $vermagic"

finish
