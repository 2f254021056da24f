# SPDX-License-Identifier: GPL-2.0-only
# dtoverlay=hpa380-dac-hat with no parameter, as most users will write it:
# the card with the datasheet's power-on modes; no IRQN line, so the driver
# polls the chip for jack and detection events; sound plays.

amp=$(amp_dev)
expect "no irq-pin: the amplifier at 1-0060 bound, with no interrupt" \
	"$(basename "$amp") $(basename "$(readlink "$amp/driver")") $(grep -c -- ' 1-0060$' /proc/interrupts)" \
	"1-0060 hpa380 0"
expect "no irq-pin: no pin configured" "$(cat "$EMUL/pins")" ""
expect "power-on modes: Normal, Unbalanced, 100 mA (OUT_CFG 0x00)" \
	"$(cget 'Gain Mode') $(cget 'Output Route') $(cget 'Current Limit') $(reg 0x05)" \
	"Normal Unbalanced 100 mA 0x00"
emul plug "se 32000 32000 unbalanced"
expect "polling: a plug is seen and measured" \
	"$(wait_ctl 'Headphone Jack' on 3000 CARD) $(wait_ctl 'Headphone Load Detect Status' Done 3000) $(cget 'Headphone Load Impedance')" \
	"on Done 32000,32000"
emul unplug se
expect "polling: the unplug is seen" "$(wait_ctl 'Headphone Jack' off 3000 CARD)" off
i2s_reset
aplay -q -D "hw:$CARD" /hpa380/tone.wav
expect "aplay plays the tone through the card" "$? $(i2s streams)" "0 1"
expect "no WARNING, BUG, lockdep report or oops in dmesg" "$(splats)" ""
