#!/bin/bash
# Compile a Raspberry Pi 4 base tree (with symbols, for overlays) from a
# kernel source TREE's arch/arm64/boot/dts/broadcom/bcm2711-rpi-4-b.dts into
# OUT/bcm2711-rpi-4-b.dtb, preprocessed as the kernel does. Raspberry Pi's own
# tree adds two labels for the I2S block by clock role, and #sound-dai-cells
# (its bcm270x.dtsi); mainline has neither, so they are added the same way.
set -eu
tree=${1:?usage: pi4-base.sh KERNEL_SOURCE_TREE OUT}
out=${2:?usage: pi4-base.sh KERNEL_SOURCE_TREE OUT}

mkdir -p "$out"
cat >"$out/bcm2711-rpi-4-b-labels.dts" <<DTS
#include "$tree/arch/arm64/boot/dts/broadcom/bcm2711-rpi-4-b.dts"

i2s_clk_producer: &i2s {};
i2s_clk_consumer: &i2s {};

&i2s {
	#sound-dai-cells = <0>;
};
DTS
cpp -nostdinc -I "$tree/scripts/dtc/include-prefixes" -undef -D__DTS__ \
	-x assembler-with-cpp -P "$out/bcm2711-rpi-4-b-labels.dts" \
	>"$out/bcm2711-rpi-4-b.pre.dts"
# Mainline's own dtc warnings about this tree are not ours to fix.
dtc -q -@ -I dts -O dtb -o "$out/bcm2711-rpi-4-b.dtb" "$out/bcm2711-rpi-4-b.pre.dts"
