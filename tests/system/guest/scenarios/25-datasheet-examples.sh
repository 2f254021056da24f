# SPDX-License-Identifier: GPL-2.0-only
# The amixer commands the datasheet's user guide shows (section 11.1, copied
# into the image by build-initramfs.sh) work as printed, and leave the chip
# Balanced, High, 200 mA.

examples=/hpa380/datasheet-examples.txt
expect "the datasheet shows 4 amixer examples" "$(grep -c . "$examples")" 4
while IFS= read -r cmd; do
	check "datasheet example: $cmd" sh -c "$cmd"
done <"$examples"
expect "after the datasheet's examples: OUT_CFG 0x07 (Balanced, High, 200 mA)" \
	"$(reg 0x05)" 0x07
echo "# amixer's simple controls: $(amixer -c "$CARD" scontrols | sed "s/Simple mixer control //" | tr '\n' ' ')"

cset 'Gain Mode' Normal
cset 'Output Route' Unbalanced
cset 'Current Limit' '100 mA'
