#!/bin/bash
# The main job on a machine without the HAT: build a small arm64 kernel,
# the driver and the emulated HAT (cached under CACHE after the first run,
# which takes about 10 minutes on 2 cores), boot it in qemu with the shipped
# overlay applied to a Pi-like device tree, and show what a user sees: the
# card, its controls, a tone playing, headphones plugged in, the load the
# driver measured and amp-advise's advice.
set -eu -o pipefail
cache=${1:?usage: demo.sh CACHE}
system=$(cd "$(dirname "$0")" && pwd)/system
log=$cache/qemu-arm64-demo.log
dtb=$cache/qemu-arm64-dt/demo.dtb

echo "== Building the kernel, the modules, the initramfs and the device tree (cached after the first run)"
start=$SECONDS
eval "$("$system/prepare.sh" "$cache")"
"$system/boot-dtb.sh" "$BASE" "$DTBO" "$dtb" "0x60 17 27" "irq-pin=27"
echo "ready in $((SECONDS - start)) s; booting the emulated HAT in qemu (console: $log)"
echo "(config.txt: dtoverlay=hpa380-dac-hat,irq-pin=27)"

status=0
"$system/boot.sh" "$IMAGE" "$INITRD" "$dtb" "$log" 300 \
	quiet loglevel=1 hpa380_boot=demo |
	sed -n '/^== /,/^---- dmesg/p' | sed '/^---- dmesg/d' || status=$?
if [ "$status" != 0 ] || ! grep -q '^== That is the whole chain' "$log"; then
	echo "the demo did not finish; the console's end:" >&2
	tail -n 30 "$log" >&2
	exit 1
fi
