#!/bin/bash
# driver/dkms.conf with Debian's dkms against the installed 6.12 headers:
# add, build, install, remove. dkms works in scratch trees under
# CACHE/pi/dkms (--sourcetree, --dkmstree, --installtree; --no-depmod), and
# so does the module-signing key it makes, so the machine's own DKMS state
# and /lib/modules stay untouched. The module must land in updates/.
set -eu
cache=${1:?usage: dkms.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"
work=$cache/pi/dkms
headers=$(ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | sort -V | tail -n 1)
kver=${headers#/usr/src/linux-headers-}
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$top/driver/dkms.conf")
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/driver/dkms.conf")
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
check "dkms remove --all" in_scratch remove --no-depmod -m "$name" -v "$version" --all
expect "nothing left installed after remove" \
	"$(find "$work/install" -type f) $(ls "$work/dkms")" " "

finish dkms
