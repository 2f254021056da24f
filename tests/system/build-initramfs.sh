#!/bin/bash
# Pack the system test's initramfs: busybox-static, alsa-utils (amixer,
# alsactl, aplay) with alsa-lib's configuration, coreutils' stdbuf, the
# kernel's ALSA selftest mixer-test built from TREE, amp-advise with its
# headphone table (and root's ~/.config for its personal list), the modules
# in KO_DIR and the guest side
# (tests/system/guest) with the datasheet's amixer examples. Copies the
# shared libraries each program needs (per ldd). Repacks only when the
# staged content changed. Prints the path of the gzipped cpio archive.
set -eu
cache=${1:?usage: build-initramfs.sh CACHE TREE KO_DIR}
tree=${2:?usage: build-initramfs.sh CACHE TREE KO_DIR}
ko=${3:?usage: build-initramfs.sh CACHE TREE KO_DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
root=$cache/qemu-6.12-rootfs
selftests=$cache/qemu-6.12-selftests
image=$cache/qemu-6.12-initramfs.cpio.gz
log=$cache/qemu-6.12-initramfs.log

build_tools() {
	make -C "$top/tools/amp-advise" amp-advise
	# Plain `make mixer-test` does not link: name the target in OUTPUT.
	mkdir -p "$selftests"
	make -C "$tree/tools/testing/selftests/alsa" OUTPUT="$selftests" \
		"$selftests/mixer-test"
}
build_tools >"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }

# copy FILE [DEST]: FILE at DEST (default: the same path) in the image,
# with the libraries it loads.
copy() {
	local dest=${2:-$1} lib

	mkdir -p "$root$(dirname "$dest")"
	cp -L "$1" "$root$dest"
	for lib in $(ldd "$1" 2>/dev/null | grep -oE '/[^ ]+' || true); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,root,usr/share,var/lib/alsa}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list-full); do
	[ -e "$root/$applet" ] || { mkdir -p "$root/$(dirname "$applet")"
				    ln -s /bin/busybox "$root/$applet"; }
done
# stdbuf: line-buffered `amixer events` into a file.
for prog in /usr/bin/amixer /usr/sbin/alsactl /usr/bin/aplay /usr/bin/stdbuf \
	    /usr/libexec/coreutils/libstdbuf.so; do
	rm -f "$root$prog"	# a busybox applet of the same name, if any
	copy "$prog"
done
cp -r /usr/share/alsa "$root/usr/share/"
copy "$top/tools/amp-advise/amp-advise" /usr/local/bin/amp-advise
mkdir -p "$root/usr/local/share/amp-advise"
cp "$top/tools/amp-advise/data/headphones.json" "$root/usr/local/share/amp-advise/"
# amp-advise --remember writes root's personal list (HOME=/root): $HOME/.config/amp-advise/.
mkdir -p "$root/root/.config"
copy "$selftests/mixer-test" /opt/alsa-selftest/mixer-test
copy "$selftests/libatest.so" /opt/alsa-selftest/libatest.so
mkdir -p "$root/lib/modules/hpa380"
cp "$ko"/*.ko "$root/lib/modules/hpa380/"
cp -r "$top/tests/system/guest" "$root/hpa380"
mv "$root/hpa380/init" "$root/init"
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
