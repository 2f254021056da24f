#!/bin/bash
# The Debian packages (debian/): hpa380-dkms and amp-advise built with
# dpkg-buildpackage from a clean copy of the project in CACHE/pi/packages,
# lintian with no error and no warning (overrides give their reason in
# debian/*.lintian-overrides), then installed on this machine with apt:
# DKMS builds and installs the module for the installed 6.12 headers (the
# running kernel is the host's: dkms status, the .ko in updates/ and depmod's
# modules.dep, no modprobe); the overlay, the UCM2 files of tools/ucm2/ (if any),
# amp-advise, its man page, completion, table and unit where they belong, the
# unit not enabled. Without a Pi boot partition nothing is written under
# /boot; with one (a scratch /boot/firmware/overlays here) the overlay is
# copied there. Both packages are purged at the end, and a listing of every
# place they write must be as before. This changes the machine while it runs:
# one run at a time, and each starts by purging what an earlier one left (the
# packages, hpa380 in DKMS however it came there, a scratch /boot/firmware).
set -eu
cache=${1:?usage: packages.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"
work=$cache/pi/packages
copy=$work/src
# Marks a scratch /boot/firmware that a run made (and must take away).
made_boot=/boot/firmware/.hpa380-packages-scratch
headers=$(headers_612)
kver=${headers#/usr/src/linux-headers-}
name=$(dkms_conf NAME)
version=$(dkms_conf VERSION)
overlay=hpa380-dac-hat.dtbo
shipped=/usr/share/hpa380-dkms/overlays/$overlay
unit=amp-advise@.service
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -y -q -o DPkg::Lock::Timeout=600 "$@"; }

exec 9>/run/lock/hpa380-packages.lock
flock 9
trap 'purge_all >/dev/null 2>&1 || true' EXIT

# What a run (this one, or one that died) leaves: the packages, DKMS's
# state of the module, the scratch boot partition.
purge_all() {
	local p state st=0

	for p in hpa380-dkms amp-advise; do
		state=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		case $state in
		"" | not-installed) ;;
		*) apt_get purge "$p" || dpkg --purge "$p" || st=1 ;;
		esac
	done
	[ -z "$(dkms status -m "$name" -v "$version" 2>/dev/null)" ] ||
		dkms remove -m "$name" -v "$version" --all || st=1
	if [ -e "$made_boot" ]; then
		rm -f "/boot/firmware/overlays/$overlay" "$made_boot"
		rmdir /boot/firmware/overlays /boot/firmware || st=1
	fi
	return $st
}
# Every place the packages write, named (contents are not compared).
# dkms makes its module-signing key (mok.key, mok.pub) at its first build and
# keeps it for every module it will sign: dkms's own, not the package's.
listing() {
	find /lib/modules/*/updates /usr/src /var/lib/dkms /usr/share/alsa/ucm2 \
		/boot/firmware /boot/overlays /usr/lib/systemd/system /lib/systemd/system \
		/etc /usr/share/hpa380-dkms /usr/share/amp-advise 2>/dev/null |
		grep -Ev '^/var/lib/dkms/mok\.(key|pub)$' | sort || true
}

missing=$(for c in dpkg-buildpackage dh_dkms lintian dkms; do command -v "$c" >/dev/null || echo "$c"; done)
if [ -z "$headers" ] || [ -n "$missing" ]; then
	result "linux-headers-6.12, dpkg-dev, dh-dkms, lintian and dkms installed" 1 \
		"missing: ${headers:-linux-headers-6.12} $missing; run 'make deps'"
	finish packages
	exit 1
fi
check "purge what an earlier run left" purge_all
before=$(listing)

# The build, from a copy with no build output and no cache in it.
rm -rf "$work"
mkdir -p "$copy"
tar -C "$top" --exclude=./.git --exclude=./.cache --exclude="./${cache#"$top"/}" -cf - . |
	tar -C "$copy" -xf -
make -s -C "$copy" clean >/dev/null
build() { (cd "$copy" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || tail -n 40 "$work/build.log"; }
quiet "dpkg-buildpackage -us -uc -b (a copy in $work)" build
ver=$(cd "$copy" && dpkg-parsechangelog -S Version)
dkms_deb=$work/hpa380-dkms_${ver}_all.deb
amp_deb=$work/amp-advise_${ver}_$(dpkg --print-architecture).deb
check "built $(basename "$dkms_deb") and $(basename "$amp_deb")" ls "$dkms_deb" "$amp_deb"
lint=$(lintian --pedantic -I --show-overrides "$work"/*.changes 2>&1 || true)
expect "lintian --pedantic: no error, no warning" "$(printf '%s\n' "$lint" | grep -E '^[EW]:')" ""
printf '%s\n' "$lint" | grep -E '^(I|P|O):' | sed 's/^/    lintian: /' || true

# Installed on this machine as it is.
boot_before=$(ls -d /boot/firmware/overlays /boot/overlays 2>/dev/null || true)
check "apt-get install ./$(basename "$dkms_deb") ./$(basename "$amp_deb")" \
	apt_get install "$dkms_deb" "$amp_deb"
expect "both installed" \
	"$(dpkg-query -W -f='${Package} ${db:Status-Abbrev};' amp-advise hpa380-dkms 2>&1)" \
	"amp-advise ii ;hpa380-dkms ii ;"
expect "dkms status: $name/$version installed for $kver" \
	"$(dkms status -m "$name" -v "$version" -k "$kver" 2>/dev/null | sed 's/.*: //')" "installed"
ko=$(ls /lib/modules/"$kver"/updates/dkms/snd-soc-hpa380.ko* 2>/dev/null || true)
expect "the module is in /lib/modules/$kver/updates/dkms, built for $kver" \
	"$(modinfo -F vermagic "${ko:-none}" 2>&1 | cut -d' ' -f1)" "$kver"
expect "depmod found it (modules.dep of $kver)" \
	"$(grep -o '^updates/dkms/snd-soc-hpa380.ko[^:]*' "/lib/modules/$kver/modules.dep" 2>&1)" \
	"${ko#/lib/modules/"$kver"/}"
expect "the shipped overlay is the HPA380 one ($shipped)" \
	"$(fdtget -t s "$shipped" /fragment@2/__overlay__/amplifier@60 compatible 2>&1)" "hpamp,hpa380"
if [ -z "$boot_before" ]; then
	expect "no Pi boot partition: nothing written under /boot" \
		"$(ls -d /boot/firmware /boot/overlays 2>/dev/null)" ""
fi
ucm=$(cd "$copy/tools/ucm2" 2>/dev/null && find . ! -type d | sed 's|^\./||' | sort || true)
expect "the UCM2 files of tools/ucm2/ in /usr/share/alsa/ucm2 ($(printf '%s\n' ${ucm:-none} | paste -sd' '))" \
	"$(dpkg -L hpa380-dkms | sed -n 's|^/usr/share/alsa/ucm2/||p' | while read -r f; do
		[ -d "/usr/share/alsa/ucm2/$f" ] || echo "$f"; done | sort)" "$ucm"
for f in $ucm; do
	if [ -L "$copy/tools/ucm2/$f" ]; then
		expect "ucm2/$f: the same link" "$(readlink "/usr/share/alsa/ucm2/$f")" \
			"$(readlink "$copy/tools/ucm2/$f")"
	else
		check "ucm2/$f: the same file" cmp "$copy/tools/ucm2/$f" "/usr/share/alsa/ucm2/$f"
	fi
done
expect "amp-advise on PATH is /usr/bin/amp-advise" "$(command -v amp-advise)" /usr/bin/amp-advise
expect "amp-advise finds its table (--model hd600)" \
	"$(amp-advise --model hd600 --sensitivity 97dB/mW 2>&1 | grep -o '2\.447 Vrms')" "2.447 Vrms"
expect "man amp-advise" "$(man -w amp-advise 2>&1)" /usr/share/man/man1/amp-advise.1.gz
expect "bash-completion loads the completion" \
	"$(bash -c '. /usr/share/bash-completion/bash_completion &&
		__load_completion amp-advise && complete -p amp-advise' 2>&1 | cut -d' ' -f1-3)" \
	"complete -F _amp_advise"
expect "systemd finds the unit" \
	"$(systemctl list-unit-files --no-legend "$unit" 2>&1 | cut -d' ' -f1)" "$unit"
unit_file=$(dpkg -L amp-advise | grep "/systemd/system/$unit\$" || true)
expect "the unit runs /usr/bin/amp-advise" "$(grep '^ExecStart=' "${unit_file:-none}" 2>&1)" \
	"ExecStart=/usr/bin/amp-advise --card=%I --watch --apply"
expect "the unit is not enabled (is-enabled amp-advise@HPA380DAC)" \
	"$(systemctl is-enabled amp-advise@HPA380DAC.service 2>&1)" disabled
expect "no link to the unit in /etc/systemd/system" \
	"$(find /etc/systemd/system -name 'amp-advise@*' 2>&1)" ""

# A Pi boot partition: the overlay is copied into it (dpkg-reconfigure runs
# the postinst again, as a user would after mounting it).
if [ ! -e /boot/firmware ] && [ ! -d /boot/overlays ]; then
	mkdir -p /boot/firmware/overlays
	touch "$made_boot"
fi
dir=$(ls -d /boot/firmware/overlays /boot/overlays 2>/dev/null | head -n 1)
check "dpkg-reconfigure hpa380-dkms (with $dir)" dpkg-reconfigure hpa380-dkms
check "the overlay is copied to $dir" cmp "$shipped" "$dir/$overlay"
expect "dkms status after the reconfigure: installed for $kver" \
	"$(dkms status -m "$name" -v "$version" -k "$kver" 2>/dev/null | sed 's/.*: //')" "installed"
check "systemctl enable amp-advise@HPA380DAC (purge must take its link)" \
	systemctl enable amp-advise@HPA380DAC.service
# A card-name user's UCM link, made as the Pi guide says (section 8).
check "the Pi guide's UCM link for card-name=HAT2 (purge must take it)" \
	ln -s ../../IO-Boards/HPA380/DAC-HAT/DAC-HAT.conf \
		/usr/share/alsa/ucm2/conf.d/simple-card/HAT2.conf
check "that link leads to the installed profile" \
	test -r /usr/share/alsa/ucm2/conf.d/simple-card/HAT2.conf

check "apt-get purge hpa380-dkms amp-advise" apt_get purge hpa380-dkms amp-advise
expect "dkms knows no $name any more" "$(dkms status -m "$name" 2>/dev/null)" ""
expect "the overlay is gone from $dir" "$(ls "$dir/$overlay" 2>/dev/null)" ""
expect "modules.dep of $kver no longer has it" \
	"$(grep -c snd-soc-hpa380 "/lib/modules/$kver/modules.dep")" 0
check "the scratch boot partition taken away" purge_all
expect "nothing left behind (listing as before the install)" \
	"$(diff <(printf '%s\n' "$before") <(listing) | grep '^[<>]')" ""

finish packages
