#!/bin/bash
# `make install` and `make uninstall` with DESTDIR and PREFIX, from a clean
# copy of the project (the work tree stays free of build output), against
# Debian's 6.12 headers: the module lands in DESTDIR/lib/modules/KVER/updates
# (no depmod output in DESTDIR), the overlay in DESTDIR/boot/firmware/overlays,
# amp-advise with its man page, completion, data and systemd unit under
# DESTDIR/PREFIX (the unit not enabled), the UCM profile under
# DESTDIR/usr/share/alsa/ucm2 with a link per card name (UCM_CARD_NAMES);
# and uninstall leaves no file behind. Scratch files go to CACHE/pi/install.
set -eu
cache=${1:?usage: install.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"
work=$cache/pi/install
copy=$work/src
dest=$work/root
headers=$(headers_612)
kver=${headers#/usr/src/linux-headers-}
rm -rf "$work"
mkdir -p "$copy"

cp -r "$top/Kbuild" "$top/Makefile" "$top/driver" "$top/dts" "$top/tools" \
	"$top/tests" "$copy/"
make -s -C "$copy" clean >/dev/null
files() { (cd "$dest" 2>/dev/null && find . ! -type d | sed 's|^\./||' | sort); }
ucm=usr/share/alsa/ucm2

check "make install DESTDIR=... PREFIX=/usr (KDIR: $(basename "$headers"))" \
	make -C "$copy" KDIR="$headers" DESTDIR="$dest" PREFIX=/usr install
module=$(cd "$dest" 2>/dev/null && ls lib/modules/"$kver"/updates/*/snd-soc-hpa380.ko* 2>/dev/null || true)
expect "installed files (and no depmod output in DESTDIR)" "$(files | tr '\n' ' ')" \
	"$(printf '%s\n' boot/firmware/overlays/hpa380-dac-hat.dtbo "${module:-(no module)}" \
		usr/bin/amp-advise usr/share/amp-advise/headphones.json \
		usr/share/bash-completion/completions/amp-advise \
		usr/share/man/man1/amp-advise.1 usr/lib/systemd/system/amp-advise@.service \
		"$ucm/IO-Boards/HPA380/DAC-HAT/DAC-HAT.conf" "$ucm/IO-Boards/HPA380/DAC-HAT/HiFi.conf" \
		"$ucm/conf.d/simple-card/HPA380DAC.conf" |
		sort | tr '\n' ' ')"
expect "the installed unit runs the installed amp-advise" \
	"$(grep '^ExecStart=' "$dest/usr/lib/systemd/system/amp-advise@.service" 2>&1)" \
	"ExecStart=/usr/bin/amp-advise --card=%I --watch --apply"
expect "the installed overlay is the HPA380 one" \
	"$(fdtget -t s "$dest/boot/firmware/overlays/hpa380-dac-hat.dtbo" \
		/fragment@2/__overlay__/amplifier@60 compatible 2>&1)" "hpamp,hpa380"
expect "the installed module is snd-soc-hpa380 for $kver" \
	"$(modinfo -F vermagic "$dest/${module:-none}" 2>&1 | cut -d' ' -f1)" "$kver"
check "the card name's UCM link leads to the profile" \
	cmp "$dest/$ucm/conf.d/simple-card/HPA380DAC.conf" \
		"$top/tools/ucm2/IO-Boards/HPA380/DAC-HAT/DAC-HAT.conf"
check "make install-ucm UCM_CARD_NAMES=\"HPA380DAC HAT2\" (a card-name=HAT2 user)" \
	make -C "$copy" DESTDIR="$dest" UCM_CARD_NAMES="HPA380DAC HAT2" install-ucm
expect "a link for each card name, relative" \
	"$(cd "$dest/$ucm/conf.d/simple-card" 2>/dev/null && for f in *; do echo "$f -> $(readlink "$f")"; done)" \
	"HAT2.conf -> ../../IO-Boards/HPA380/DAC-HAT/DAC-HAT.conf
HPA380DAC.conf -> ../../IO-Boards/HPA380/DAC-HAT/DAC-HAT.conf"
expect "nothing was installed into the real /lib/modules" \
	"$(find "/lib/modules/$kver" -name 'snd-soc-hpa380.ko*' 2>/dev/null)" ""

check "make uninstall DESTDIR=... PREFIX=/usr" \
	make -C "$copy" KDIR="$headers" DESTDIR="$dest" PREFIX=/usr uninstall
expect "uninstall leaves no file behind" "$(files | tr '\n' ' ')" ""

finish install
