#!/bin/bash
# The main job on a machine without the HAT: build a small kernel, the
# driver and the emulated HAT (cached under CACHE after the first run, which
# takes about 5 minutes on 2 cores), boot it in qemu and show what a user
# sees: the card, its controls, headphones plugged in, the load the driver
# measured and amp-advise's advice.
set -eu -o pipefail
cache=${1:?usage: demo.sh CACHE}
system=$(cd "$(dirname "$0")" && pwd)/system
log=$cache/qemu-6.12-demo.log

echo "== Building the kernel, the modules and the initramfs (cached after the first run)"
start=$SECONDS
build=$("$system/build-kernel.sh" "$cache")
tree=$("$system/../kernel-tree.sh" 6.12 "$cache")
ko=$("$system/build-modules.sh" "$cache" "$build")
initrd=$("$system/build-initramfs.sh" "$cache" "$tree" "$ko")
echo "ready in $((SECONDS - start)) s; booting the emulated HAT in qemu (console: $log)"

status=0
"$system/boot.sh" "$build/arch/x86/boot/bzImage" "$initrd" "$log" 300 \
	quiet loglevel=1 hpa380_mode=demo |
	sed -n '/^== /,/^---- dmesg/p' | sed '/^---- dmesg/d' || status=$?
if [ "$status" != 0 ] || ! grep -q '^== That is the whole chain' "$log"; then
	echo "the demo did not finish; the console's end:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
