#!/bin/bash
# driver/dkms.conf with Debian's dkms against the installed 6.12 headers:
# add, build, install, remove. dkms works in scratch trees under
# CACHE/pi/dkms (--sourcetree, --dkmstree, --installtree; --no-depmod), and
# so does the module-signing key it makes, so the machine's own DKMS state
# and /lib/modules stay untouched. The module must land in updates/.
# BUILD_EXCLUSIVE_KERNEL, the kernels DKMS builds for, is matched against
# release strings of kernels the driver supports and of others, the way
# dkms matches it, and dkms itself must refuse a kernel outside it.
set -eu
cache=${1:?usage: dkms.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"
work=$cache/pi/dkms
headers=$(headers_612)
kver=${headers#/usr/src/linux-headers-}
name=$(dkms_conf NAME)
version=$(dkms_conf VERSION)
rm -rf "$work"
mkdir -p "$work/driver" "$work/source" "$work/dkms" "$work/install/$kver"

if [ -z "$headers" ] || ! command -v dkms >/dev/null; then
	result "dkms and linux-headers-6.12 installed" 1 "run 'make deps'"
	finish dkms
	exit 1
fi

# driver/ without any build output in it, as `make clean` leaves it.
cp "$top"/driver/*.c "$top"/driver/*.h "$top/driver/Makefile" \
	"$top/driver/Kconfig" "$top/driver/dkms.conf" "$work/driver/"
export mok_signing_key=$work/mok.key mok_certificate=$work/mok.pub
in_scratch() {
	dkms --sourcetree "$work/source" --dkmstree "$work/dkms" \
		--installtree "$work/install" "$@"
}

check "dkms add ./driver (as $name/$version)" in_scratch add "$work/driver"
check "dkms build -k $kver" in_scratch build -m "$name" -v "$version" -k "$kver"
log=$(find "$work/dkms/$name/$version/$kver" -name make.log 2>/dev/null || true)
warn=$(grep -E 'warning:|error:' "${log:-no make.log}" 2>&1 || true)
expect "the DKMS build printed no compiler warning" "$warn" ""
check "dkms install -k $kver (scratch install tree)" \
	in_scratch install --no-depmod -m "$name" -v "$version" -k "$kver"
installed=$(cd "$work/install/$kver" && find . -type f | sed 's|^\./||')
case $installed in
updates/*/snd-soc-hpa380.ko* | updates/snd-soc-hpa380.ko*)
	result "installed to updates/: $installed" 0 ;;
*)
	result "installed to updates/" 1 "installed: ${installed:-nothing}" ;;
esac
expect "the distribution's module tree has no snd-soc-hpa380" \
	"$(find "/lib/modules/$kver" -name 'snd-soc-hpa380.ko*' 2>/dev/null)" ""

# dkms: [[ $BUILD_EXCLUSIVE_KERNEL && ! $kernelver =~ $BUILD_EXCLUSIVE_KERNEL ]]
# excludes the kernel (dkms.conf is sourced by bash).
re=$(bash -c '. "$1" && printf %s "$BUILD_EXCLUSIVE_KERNEL"' _ "$top/driver/dkms.conf")
while read -r want release why; do
	if [[ $release =~ $re ]]; then got=builds; else got=refuses; fi
	expect "dkms $want $release ($why)" "$got" "$want"
done <<'RELEASES'
builds 6.1.0-28-amd64 Debian 12's 6.1.119, named after its ABI
builds 6.1.0-23-arm64 Debian's first 6.1 ABI from 6.1.98
refuses 6.1.0-22-amd64 Debian's 6.1.94
refuses 6.1.0-rpi7-rpi-v8 Raspberry Pi OS 12's early 6.1, before 6.1.98
builds 6.1.98 the first 6.1.y with the backports
refuses 6.1.97 before them
builds 6.1.140-v8+ a Pi build of a later 6.1.y
builds 6.6.51+rpt-rpi-v8 Raspberry Pi OS, Pi 3 and 4
builds 6.6.0 every 6.6.y
builds 6.12.47+rpt-rpi-2712 Raspberry Pi OS, Pi 5
builds 6.12.117+deb12-amd64 Debian 12's 6.12
builds 6.18.34-v8+ Raspberry Pi's 6.18
refuses 5.15.0 too old
refuses 6.13.0 not supported
refuses 6.19.0 not yet supported
refuses 6.60.1 no such series
RELEASES
out=$(in_scratch build -m "$name" -v "$version" -k 6.19.0 2>&1) && st=0 || st=$?
expect "dkms build -k 6.19.0 stops at BUILD_EXCLUSIVE (exit 77)" \
	"$st $(printf '%s\n' "$out" | grep -c 'BUILD_EXCLUSIVE directive')" "77 1"

check "dkms remove --all" in_scratch remove --no-depmod -m "$name" -v "$version" --all
expect "nothing left installed after remove" \
	"$(find "$work/install" -type f) $(ls "$work/dkms")" " "

finish dkms
