#!/bin/bash
# Pack the arm64 system test's initramfs: programs from Debian's arm64
# packages (downloaded once into CACHE/arm64-debs and unpacked into a
# staging folder): busybox-static, alsa-utils (amixer, alsactl, aplay,
# speaker-test, alsamixer, alsaucm), coreutils' stdbuf, tmux (alsamixer
# runs in it, as a user would see it), PipeWire's spa-acp-tool, and
# PipeWire with WirePlumber as a desktop runs them (the daemons, the SPA
# plugins and modules their stock configurations load, pw-dump, wpctl,
# dbus-daemon for the session bus WirePlumber needs);
# alsa-lib's configuration with Debian's UCM profiles (alsa-ucm-conf) and
# the project's own, installed by `make install-ucm`; terminfo and the
# C.UTF-8 locale (tmux wants one); the kernel's ALSA selftest mixer-test
# built from TREE and amp-advise with its table (both cross-built), a test
# tone, the modules in KO_DIR and the guest side (tests/system/guest) with
# the datasheet's amixer examples. Every shared library a program needs
# (its ELF NEEDED entries, recursively) is copied from the staged packages
# or else from the host's arm64 multiarch libraries (tests/install-deps.sh
# installs them). Repacks only when the staged content changed. Prints the
# path of the gzipped cpio archive.
set -eu
cache=${1:?usage: build-initramfs.sh CACHE TREE KO_DIR}
tree=${2:?usage: build-initramfs.sh CACHE TREE KO_DIR}
ko=${3:?usage: build-initramfs.sh CACHE TREE KO_DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$cache/qemu-arm64-rootfs
debs=$cache/arm64-debs
stage=$cache/qemu-arm64-pkgs
tools=$cache/qemu-arm64-tools
image=$cache/qemu-arm64-initramfs.cpio.gz
log=$cache/qemu-arm64-initramfs.log
cross=aarch64-linux-gnu-
arm64_pkgconfig="env PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig pkg-config"
# Programs; libraries the host has no arm64 copy of (tmux's, alsamixer's,
# PipeWire's, WirePlumber's, dbus-daemon's); data: alsa-lib's
# configuration, Debian's UCM profiles, terminfo, the C.UTF-8 locale
# (libc-bin).
packages="busybox-static:arm64 alsa-utils:arm64 coreutils:arm64 tmux:arm64
	pipewire-bin:arm64 libpipewire-0.3-0:arm64 libpipewire-0.3-modules:arm64
	libspa-0.2-modules:arm64 wireplumber:arm64 libwireplumber-0.4-0:arm64
	libglib2.0-0:arm64 libffi8:arm64 libpcre2-8-0:arm64 libmount1:arm64
	libblkid1:arm64 libselinux1:arm64 zlib1g:arm64 liblua5.3-0:arm64
	libsystemd0:arm64 libudev1:arm64 libcap2:arm64 libgcrypt20:arm64
	libgpg-error0:arm64 liblz4-1:arm64 liblzma5:arm64 libzstd1:arm64
	dbus-daemon:arm64 dbus-session-bus-common libdbus-1-3:arm64
	libexpat1:arm64 libapparmor1:arm64 libaudit1:arm64 libcap-ng0:arm64
	libncursesw6:arm64 libtinfo6:arm64 libevent-core-2.1-7:arm64
	libutempter0:arm64
	libasound2-data alsa-ucm-conf ncurses-base libc-bin:arm64"
# The card names UCM finds the project's profile under: the default and
# the one the wiring boot's card-name parameter gives (tests/system/README.md).
ucm_card_names="HPA380DAC HAT2"

fail() {
	echo "build-initramfs.sh: $*" >&2
	exit 1
}

# Debian's arm64 packages the guest takes programs from, fetched once.
fetch_debs() {
	local p

	mkdir -p "$debs"
	for p in $packages; do
		ls "$debs/${p%:arm64}_"*.deb >/dev/null 2>&1 && continue
		(cd "$debs" && apt-get download -q "$p") || return 1
	done
}

# amp-advise and mixer-test, cross-built from copies of their sources.
build_tools() {
	mkdir -p "$tools"
	# By content, not times, as build-modules.sh does.
	rsync -rlpc --delete --exclude=build --exclude=amp-advise \
		"$top/tools/amp-advise/" "$tools/amp-advise/"
	make -C "$tools/amp-advise" CC=${cross}gcc PKG_CONFIG="$arm64_pkgconfig" \
		amp-advise
	# Plain `make mixer-test` does not link: name the target in OUTPUT.
	mkdir -p "$tools/selftests"
	make -C "$tree/tools/testing/selftests/alsa" CC=${cross}gcc \
		OUTPUT="$tools/selftests" "$tools/selftests/mixer-test"
}
{ fetch_debs && build_tools; } >"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }

rm -rf "$root" "$stage"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,root,usr/share,var/lib/alsa}
for p in $packages; do
	set -- "$debs/${p%:arm64}_"*.deb
	dpkg-deb -x "$1" "$stage"
done
# put PATH...: files or folders from the unpacked packages, at the same path.
put() {
	local f

	for f; do
		mkdir -p "$root$(dirname "$f")"
		cp -a "$stage$f" "$root$f"
	done
}
put /bin/busybox /usr/bin/amixer /usr/bin/aplay /usr/bin/speaker-test \
	/usr/sbin/alsactl /usr/bin/stdbuf /usr/libexec/coreutils/libstdbuf.so \
	/usr/bin/alsamixer /usr/bin/alsaucm /usr/bin/tmux /usr/bin/spa-acp-tool \
	/usr/share/alsa /lib/terminfo /usr/lib/locale/C.utf8
# PipeWire and WirePlumber (scenario 59): the daemons, two clients, their
# configurations, and the modules and plugins the configurations load for
# an ALSA card (PipeWire's optional ones and the video, Bluetooth and
# network ones left out); the session bus's daemon.
pwlib=/usr/lib/aarch64-linux-gnu
put /usr/bin/pipewire /usr/bin/pw-dump /usr/bin/wireplumber /usr/bin/wpctl \
	/usr/share/pipewire /usr/share/wireplumber "$pwlib/wireplumber-0.4" \
	/usr/bin/dbus-daemon /usr/share/dbus-1/session.conf \
	"$pwlib"/spa-0.2/{support/libspa-support,alsa/libspa-alsa,audioconvert/libspa-audioconvert}.so
for m in protocol-native profiler metadata spa-device-factory spa-node-factory \
	client-node client-device access adapter link-factory session-manager; do
	put "$pwlib/pipewire-0.3/libpipewire-module-$m.so"
done
# The host's busybox-static is the same Debian version: its applet list.
for applet in $(/bin/busybox --list-full); do
	[ -e "$root/$applet" ] || { mkdir -p "$root/$(dirname "$applet")"
				    ln -s /bin/busybox "$root/$applet"; }
done
# The project's UCM profile, as `make install` installs it.
make -s -C "$top" install-ucm DESTDIR="$root" UCM_CARD_NAMES="$ucm_card_names" >>"$log"
install -D "$tools/amp-advise/amp-advise" "$root/usr/local/bin/amp-advise"
mkdir -p "$root/usr/local/share/amp-advise"
cp "$top/tools/amp-advise/data/headphones.json" "$root/usr/local/share/amp-advise/"
# amp-advise --remember writes root's personal list (HOME=/root): $HOME/.config/amp-advise/.
mkdir -p "$root/root/.config"
install -D "$tools/selftests/mixer-test" "$root/opt/alsa-selftest/mixer-test"
install -D "$tools/selftests/libatest.so" "$root/opt/alsa-selftest/libatest.so"

# The shared libraries the programs need, from the staged packages or the
# host's arm64 multiarch directories (the loader first). PipeWire's
# client-node module needs its protocol module, beside it (its RUNPATH).
libdirs="/lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu /opt/alsa-selftest
	/usr/lib/aarch64-linux-gnu/pipewire-0.3"
# find_lib LIB: "PATH SOURCE": where the guest finds LIB and what to copy
# there (the image's own copy, a staged one or the host's).
find_lib() {
	local d s

	for d in $libdirs; do
		for s in "$root$d/$1" "$stage$d/$1" "$d/$1"; do
			[ -e "$s" ] && { echo "$d/$1 $s"; return; }
		done
	done
	return 1
}
mkdir -p "$root/lib"
cp -L /usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1 "$root/lib/"
todo=$(find "$root" -type f \( -perm -u+x -o -name '*.so*' \))
while [ -n "$todo" ]; do
	next=""
	for f in $todo; do
		for lib in $(${cross}readelf -d "$f" 2>/dev/null |
			     sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			found=$(find_lib "$lib") || fail "$f needs $lib, not found in $libdirs"
			path=${found%% *}
			[ -e "$root$path" ] && continue
			mkdir -p "$root$(dirname "$path")"
			cp -L "${found#* }" "$root$path"
			next="$next $root$path"
		done
	done
	todo=$next
done

mkdir -p "$root/lib/modules/hpa380"
cp "$ko"/*.ko "$root/lib/modules/hpa380/"
cp -r "$top/tests/system/guest" "$root/hpa380"
mv "$root/hpa380/init" "$root/init"
# A 3 s, 997 Hz stereo tone at -20 dBFS for aplay; for the levels at the
# load (scenario 57): 1 s of 1 kHz at -20 dBFS, raw, to loop, and 1 kHz
# climbing from -3 to 0 dBFS in 0.05 dB steps of 20 ms.
python3 "$top/tests/system/tone.py" 48000 3 997 -20 "$root/hpa380/tone.wav"
python3 "$top/tests/system/tone.py" 48000 1 1000 -20 "$root/hpa380/tone-1k.raw"
python3 "$top/tests/system/tone.py" --steps 48000 1000 -3 0 0.05 20 "$root/hpa380/steps.raw"
# The datasheet's amixer examples, which a scenario runs as printed.
sed -n 's/^    \(amixer -c HPA380DAC .*\)$/\1/p' \
	"$top/Documentation/sound/codecs/hpa380.rst" >"$root/hpa380/datasheet-examples.txt"
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"

# Repack only when something in the staged tree changed.
sum=$(cd "$root" && find . -printf '%p %l\n' -type f -exec sha256sum {} + |
      LC_ALL=C sort | sha256sum)
if [ -f "$image" ] && [ "$(cat "$image.sum" 2>/dev/null)" = "$sum" ]; then
	echo "$image"
	exit 0
fi
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
 cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 >"$image.tmp"
mv "$image.tmp" "$image"
echo "$sum" >"$image.sum"
echo "$image"
