# SPDX-License-Identifier: GPL-2.0-only
# A HAT wired otherwise, described by the overlay's parameters:
# addr=0x61 (ADDR high), reset-pin=22, irq-pin=5, card-name=HAT2,
# current-limit=200. The emulated HAT is strapped to match: the chip at
# 0x61, RESETN on GPIO 22, IRQN on GPIO 5.

amp=$(amp_dev)
expect "addr=0x61: the amplifier is client 1-0061, bound" \
	"$(basename "$amp") $(basename "$(readlink "$amp/of_node")") $(basename "$(readlink "$amp/driver")")" \
	"1-0061 amplifier@61 hpa380"
expect "card-name=HAT2: the card is HAT2" \
	"$(sed -n 's/^ *0 \[\([A-Za-z0-9]*\) *\].*/\1/p' /proc/asound/cards)" HAT2
expect "reset-pin=22: the driver drives GPIO 22 (high, out of reset) and reset the chip" \
	"$(awk '$1 == "resetn" { print $2, $3, $4 }' "$EMUL/lines") $([ "$(counter resets)" -ge 1 ] && echo pulsed)" \
	"22 out 1 pulsed"
expect "irq-pin=5: GPIO 5 is an input with its pull-up, its interrupt requested" \
	"$(cat "$EMUL/pins") $(grep -c -- ' 1-0061$' /proc/interrupts)" "5 input pull-up 1"
expect "current-limit=200: the limit starts at 200 mA (OUT_CFG 0x04)" \
	"$(cget 'Current Limit') $(reg 0x05)" "200 mA 0x04"
irqs() { awk '/ 1-0061$/ { print $2 }' /proc/interrupts; }
before=$(irqs)
emul plug "bal 300000 300000 balanced"
expect "a plug is measured, through the interrupt on GPIO 5" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000) $(cget 'Headphone Load Impedance') $([ "$(irqs)" -gt "$before" ] && echo interrupted)" \
	"Done 300000,300000 interrupted"
i2s_reset
aplay -q -D "hw:$CARD" /hpa380/tone.wav
expect "aplay plays the tone through card HAT2" "$? $(i2s streams)" "0 1"
expect "no WARNING, BUG, lockdep report or oops in dmesg" "$(splats)" ""
