# SPDX-License-Identifier: GPL-2.0-only
# Faults (datasheet 6.13, 10, 11.2): the chip latches the fault and
# auto-mutes; the driver shows it in Headphone Fault, clears it after a
# cool-down and restores the outputs. A fault whose cause persists keeps the
# outputs muted until the cause is gone. All with a tone playing into an
# IEM: the auto-mute and the recovery make no pop at the load.

ev=/tmp/fault-events.log
cset 'Headphone Playback Volume' 160
cset 'Headphone Playback Switch' on
emul plug "se 32000 32000 unbalanced"
wait_ctl 'Headphone Load Detect Status' Done 3000 >/dev/null
tone_start
analog_reset

# KIND TEXT of the transient faults (the cause goes with the first clear).
while read -r kind text; do
	before=$(dmesg | grep -c 'fault: outputs muted')
	events_start "$ev"
	emul fault "$kind"
	expect "$text (cause gone at once): Headphone Fault back to None" \
		"$(wait_ctl 'Headphone Fault' None 3000)" None
	sleep 0.2
	events_stop
	expect "$text: Headphone Fault changed (value events there and back)" \
		"$(grep -c "name='Headphone Fault'" "$ev" | awk '{ print ($1 >= 2) ? "yes" : $1 }')" yes
	# FAULT 0x00; STATUS without AUTO_MUTE; MUTE and switch as before.
	expect "$text: chip FAULT clear, auto-mute released, MUTE 0x00" \
		"$(reg 0x10) $(($(reg 0x13) & 4)) $(wait_reg 0x08 0x00) $(cget 'Headphone Playback Switch')" \
		"0x00 0 0x00 on,on"
	expect "$text: logged once" \
		"$(($(dmesg | grep -c 'fault: outputs muted') - before))" 1
done <<EOF
oc Over-current
short Short
EOF

# A persistent over-temperature: stays, outputs held muted, until the cause
# is gone; then the driver's next try (back-off at most 6.4 s) clears it.
emul fault "ot persistent"
expect "persistent Over-temperature: shown" \
	"$(wait_ctl 'Headphone Fault' Over-temperature 3000)" Over-temperature
sleep 1
expect "persistent Over-temperature: still shown after 1 s, outputs muted" \
	"$(cget 'Headphone Fault') $(reg 0x10) $(($(reg 0x13) & 4))" \
	"Over-temperature 0x02 4"
emul fault_cause_gone 1
expect "cause gone: Headphone Fault back to None within the back-off" \
	"$(wait_ctl 'Headphone Fault' None 8000)" None
expect "cause gone: chip FAULT clear, auto-mute released, MUTE 0x00" \
	"$(reg 0x10) $(($(reg 0x13) & 4)) $(wait_reg 0x08 0x00) $(cget 'Headphone Playback Switch')" \
	"0x00 0 0x00 on,on"

expect "the tone reached the IEM meanwhile (the rig's loudest block 20.7 mV)" \
	"$(awk -v m="$(analog se l max)" 'BEGIN { printf "%.1f\n", m / 1000 }')" 20.7
tone_stop
emul unplug se
wait_ctl 'Headphone Jack' off 2000 CARD >/dev/null
cset 'Headphone Playback Switch' off
