# SPDX-License-Identifier: GPL-2.0-only
# dtoverlay=hpa380-dac-hat,gain=high,route=balanced,current-limit=400: the
# controls start in those modes and the chip holds them.

expect "gain=high route=balanced current-limit=400: the controls start there" \
	"$(cget 'Gain Mode') $(cget 'Output Route') $(cget 'Current Limit')" \
	"High Balanced 400 mA"
expect "the chip's OUT_CFG: Balanced, High, 400 mA (0x0b)" "$(reg 0x05)" 0x0b
expect "the driver read them from the tree (amplifier@60)" \
	"$(cat /proc/device-tree/i2c-1/amplifier@60/hpamp,gain-mode) $(cat /proc/device-tree/i2c-1/amplifier@60/hpamp,output-route)" \
	"high balanced"
expect "no WARNING, BUG, lockdep report or oops in dmesg" "$(splats)" ""
