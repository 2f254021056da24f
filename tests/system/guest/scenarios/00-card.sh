# SPDX-License-Identifier: GPL-2.0-only
# The booted board: an arm64 kernel whose device tree has the shipped
# overlay applied; the modules loaded; the amplifier's client created by the
# I2C core from the overlay's node and bound to the driver; the card made by
# simple-audio-card from the overlay's node, under its name.

expect "the guest is arm64" "$(uname -m)" aarch64
expect "modules loaded" \
	"$(lsmod | awk '{ print $1 }' | grep -xF "$(echo "$MODULE_NAMES" | tr ' ' '\n')" | sort | tr '\n' ' ')" \
	"$MODULE_NAMES "
amp=$(amp_dev)
expect "the overlay's amplifier@60 is I2C client 1-0060, bound to the driver" \
	"$(basename "$amp") $(basename "$(readlink "$amp/of_node")") $(basename "$(readlink "$amp/driver" 2>/dev/null)")" \
	"1-0060 amplifier@60 hpa380"
check "card HPA380DAC registered" grep -q "\[HPA380DAC *\]" /proc/asound/cards
card_dt=$(readlink -f /sys/class/sound/card0/device/of_node)
echo "# the card's device-tree node: ${card_dt#/sys/firmware/devicetree/base}"
expect "the card comes from the overlay's simple-audio-card node" \
	"${card_dt#/sys/firmware/devicetree/base} $(tr '\0' ' ' <"$card_dt/compatible")" \
	"/sound-hpa380 simple-audio-card "
expect "its CPU DAI is the Pi's clock-producing I2S, which drives the clocks" \
	"$(i2s clocks)" provider
expect "the driver requested the chip's IRQN line (named after the client)" \
	"$(grep -c -- " $(basename "$amp")\$" /proc/interrupts)" 1
expect "irq-pin=27: GPIO 27 is an input with its pull-up on" \
	"$(cat "$EMUL/pins")" "27 input pull-up"
check "emulator's debugfs present" test -f "$EMUL/regs"
expect "chip identified (CHIP_ID, REV_ID)" "$(regs 0x00 0x01)" "0x38 0x10"
expect "the driver reset the chip through RESETN (GPIO 17), held low long enough" \
	"$(awk '$1 == "resetn" { print $2, $3, $4 }' "$EMUL/lines") $([ "$(counter resets)" -ge 1 ] && echo pulsed)" \
	"17 out 1 pulsed"
