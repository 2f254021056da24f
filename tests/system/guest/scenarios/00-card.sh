# SPDX-License-Identifier: GPL-2.0-only
# The booted board: modules loaded, the driver bound to the emulated chip,
# the card registered under its name.

expect "modules loaded" \
	"$(lsmod | awk '{ print $1 }' | grep -xF "$(echo "$MODULE_NAMES" | tr ' ' '\n')" | sort | tr '\n' ' ')" \
	"$MODULE_NAMES "
amp=$(for d in /sys/bus/i2c/devices/*-0060; do
	[ "$(cat "$d/name" 2>/dev/null)" = hpa380 ] && echo "$d"; done | head -n 1)
expect "I2C client hpa380 at 0x60 bound to the driver" \
	"$(basename "$(readlink "$amp/driver" 2>/dev/null)")" "hpa380"
check "card HPA380DAC registered" grep -q "\[HPA380DAC *\]" /proc/asound/cards
expect "the driver requested the chip's IRQN line (named after the client)" \
	"$(grep -c -- " $(basename "$amp")\$" /proc/interrupts)" 1
check "emulator's debugfs present" test -f "$EMUL/regs"
expect "chip identified (CHIP_ID, REV_ID)" "$(regs 0x00 0x01)" "0x38 0x10"
