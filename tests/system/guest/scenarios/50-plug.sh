# SPDX-License-Identifier: GPL-2.0-only
# Plug a 32 Ohm IEM into the 3.5 mm jack, then a 300 Ohm headphone into the
# 4.4 mm jack: the jack control changes, a measurement runs, impedance and
# type update with events, amp-advise recommends what the product brief's
# rule says and --apply sets it, lowering the volume first.

ev=/tmp/plug-events.log

# ev_names LOG: the names of the controls with a value event in LOG, one
# per event, in the order the kernel sent them.
ev_names() {
	sed -n "s/^event value: .*name='\(.*\)'.*/\1/p" "$1"
}

# missing_events LOG NAME...: the NAMEs with no value event in LOG.
missing_events() {
	local log="$1" n

	shift
	for n; do
		ev_names "$log" | grep -qxF "$n" || echo "$n"
	done
}

# json_rec JSON: the recommendation as route/gain/limit.
json_rec() {
	echo "$1" | sed -n 's/.*"recommended":{"route":"\([a-z]*\)","gain":"\([a-z]*\)","current_limit_ma":\([0-9]*\).*/\1\/\2\/\3/p'
}

# json_load JSON: the load amp-advise read, as [L,R]/type/source.
json_load() {
	echo "$1" | sed -n 's/.*"load":{"impedance_ohm":\(\[[^]]*\]\),"type":"\([a-z]*\)","source":"\([a-z]*\)".*/\1\/\2\/\3/p'
}

# json_writes JSON: the writes --apply made, "control=value;" in order.
json_writes() {
	echo "$1" | sed -n 's/.*"writes":\[\(.*\)\].*/\1/p' |
		sed 's/},{/}\n{/g' |
		sed -n 's/.*"control":"\([^"]*\)","value":\(\[[^]]*\]\|"[^"]*"\),"done":true.*/\1=\2/p' |
		tr -d '"' | tr '\n' ';'
}

expect "nothing plugged at start" \
	"$(cget 'Headphone Jack' CARD) $(cget 'Balanced Headphone Jack' CARD)" "off off"
# Playing position: unmuted at -20 dB, Unbalanced, Normal, 100 mA.
cset 'Headphone Playback Volume' 160
cset 'Headphone Playback Switch' on

# --- A 32 Ohm IEM in the 3.5 mm jack.
events_start "$ev"
emul plug "se 32000 32000 unbalanced"
expect "IEM: Headphone Jack reads on" "$(wait_ctl 'Headphone Jack' on 2000 CARD)" on
expect "IEM: the measurement ends Done" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000)" Done
expect "IEM: Load Impedance 32000,32000 mOhm, Load Type Unbalanced" \
	"$(cget 'Headphone Load Impedance') $(cget 'Headphone Load Type')" \
	"32000,32000 Unbalanced"
# DET_CTRL: 3.5 mm (DET_JACK 0); DET_STATUS: DONE | LOAD_TYPE 2 (0x22);
# ZL, ZR = 320 (0x0140) in 0.1 Ohm.
expect "IEM: chip DET_CTRL, DET_STATUS, ZL, ZR" \
	"$(regs 0x09 0x0a 0x0b 0x0c 0x0d 0x0e)" "0x00 0x22 0x01 0x40 0x01 0x40"
expect "IEM: switch restored after the measurement (MUTE 0x00)" \
	"$(wait_reg 0x08 0x00) $(cget 'Headphone Playback Switch')" "0x00 on,on"
sleep 0.2
events_stop
expect "IEM: value events on jack, status, impedance and type" \
	"$(missing_events "$ev" 'Headphone Jack' 'Headphone Load Detect Status' \
		'Headphone Load Impedance' 'Headphone Load Type')" ""

# 32 Ohm at 110 dB/mW: S_V = 110 + 10 log10(1000/32) = 124.95 dB/V;
# 110 dB SPL needs 10^((110 - 124.95)/20) = 0.179 V; Unbalanced/Normal
# gives min(2.0 x 32/32.5, 0.4/sqrt2 x 32) = 1.969 V: headroom +20.8 dB, the
# first candidate wins; peak current sqrt2 x 0.179/32 = 7.9 mA -> 100 mA.
# Only the Unbalanced route counts: the detected load type picks it.
out=$(amp-advise -c "$CARD" -s 110dB/mW --json)
expect "IEM 110 dB/mW: amp-advise exits 0" "$?" 0
expect "IEM 110 dB/mW: amp-advise read the measured load" \
	"$(json_load "$out")" "[32,32]/unbalanced/measured"
expect "IEM 110 dB/mW: recommends Unbalanced, Normal, 100 mA" \
	"$(json_rec "$out")" "unbalanced/normal/100"
expect "IEM 110 dB/mW: considers only the Unbalanced route" \
	"$(echo "$out" | grep -o '"route":"balanced"' | head -n 1)" ""

# The same IEM at 87 dB/mW: S_V = 101.95 dB/V needs 2.527 V (79.0 mA rms,
# 111.7 mA peak). Unbalanced/Normal: 1.969 V, -2.17 dB: short. Unbalanced/
# High: min(3.0 x 32/32.5, 9.05) = 2.954 V, +1.36 dB: wins. Limit: 111.7 mA
# peak -> 200 mA.
out=$(amp-advise -c "$CARD" -s 87dB/mW --json)
expect "IEM 87 dB/mW: recommends Unbalanced, High, 200 mA" \
	"$(json_rec "$out")" "unbalanced/high/200"

# --apply from Unbalanced/Normal/100 mA at 160 (-20 dB): High gain adds
# 3.5 dB at the load (the brief's loudness of a mode change: the gain, not
# Vmax), so the volume goes down 3.5 dB (7 steps) to 153 first; the higher
# limit goes before the mode, then the gain.
events_start "$ev"
out=$(amp-advise -c "$CARD" -s 87dB/mW --apply --json)
st=$?
sleep 0.2
events_stop
expect "IEM apply: exits 0" "$st" 0
expect "IEM apply: writes volume first, then limit, then gain" \
	"$(json_writes "$out")" \
	"Headphone Playback Volume=[153,153];Current Limit=200 mA;Gain Mode=High;"
expect "IEM apply: the kernel saw volume, limit, gain in that order" \
	"$(ev_names "$ev" | uniq | tr '\n' ';')" \
	"Headphone Playback Volume;Current Limit;Gain Mode;"
expect "IEM apply: controls and chip (OUT_CFG 0x06, VOL 153, MUTE 0x00)" \
	"$(cget 'Headphone Playback Volume') $(cget 'Gain Mode') $(cget 'Current Limit') $(regs 0x05 0x06 0x07 0x08)" \
	"153,153 High 200 mA 0x06 0x99 0x99 0x00"

# --- The IEM out, a 300 Ohm headphone into the 4.4 mm jack.
emul unplug se
expect "IEM out: Headphone Jack reads off" \
	"$(wait_ctl 'Headphone Jack' off 2000 CARD)" off
events_start "$ev"
emul plug "bal 300000 300000 balanced"
expect "300 Ohm: Balanced Headphone Jack reads on" \
	"$(wait_ctl 'Balanced Headphone Jack' on 2000 CARD)" on
expect "300 Ohm: the measurement ends Done" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000)" Done
expect "300 Ohm: Load Impedance 300000,300000 mOhm, Load Type Balanced" \
	"$(cget 'Headphone Load Impedance') $(cget 'Headphone Load Type')" \
	"300000,300000 Balanced"
# DET_CTRL: 4.4 mm (DET_JACK 1); DET_STATUS: DONE | LOAD_TYPE 3 (0x32);
# ZL, ZR = 3000 (0x0bb8).
expect "300 Ohm: chip DET_CTRL, DET_STATUS, ZL, ZR" \
	"$(regs 0x09 0x0a 0x0b 0x0c 0x0d 0x0e)" "0x02 0x32 0x0b 0xb8 0x0b 0xb8"
sleep 0.2
events_stop
expect "300 Ohm: value events on jack, status, impedance and type" \
	"$(missing_events "$ev" 'Balanced Headphone Jack' \
		'Headphone Load Detect Status' 'Headphone Load Impedance' \
		'Headphone Load Type')" ""

# 300 Ohm at 97 dB/mW (the brief's HD600): needs 2.447 V, 8.16 mA rms.
# The Balanced load picks the Balanced route; Balanced/Normal gives
# min(4.0 x 300/301, 0.4/sqrt2 x 300) = 3.987 V, +4.24 dB: it wins; peak
# current 11.5 mA -> 100 mA.
out=$(amp-advise -c "$CARD" -s 97dB/mW --json)
expect "300 Ohm 97 dB/mW: amp-advise read the measured load" \
	"$(json_load "$out")" "[300,300]/balanced/measured"
expect "300 Ohm 97 dB/mW: recommends Balanced, Normal, 100 mA" \
	"$(json_rec "$out")" "balanced/normal/100"

# --apply from Unbalanced/High/200 mA at 153: Balanced/Normal is -3.5 dB of
# gain, +6.02 dB of bridge and 20 log10((300/301)/(300/300.5)) = -0.01 dB
# of divider, +2.51 dB: the volume goes down 3.0 dB (6 steps) to 147 first;
# Normal gain (which lowers the level) before the Balanced route; the lower
# limit last.
events_start "$ev"
out=$(amp-advise -c "$CARD" -s 97dB/mW --apply --json)
st=$?
sleep 0.2
events_stop
expect "300 Ohm apply: exits 0" "$st" 0
expect "300 Ohm apply: writes volume, gain, route, limit" \
	"$(json_writes "$out")" \
	"Headphone Playback Volume=[147,147];Gain Mode=Normal;Output Route=Balanced;Current Limit=100 mA;"
expect "300 Ohm apply: the kernel saw volume, gain, route, limit in that order" \
	"$(ev_names "$ev" | uniq | tr '\n' ';')" \
	"Headphone Playback Volume;Gain Mode;Output Route;Current Limit;"
expect "300 Ohm apply: controls and chip (OUT_CFG 0x01, VOL 147)" \
	"$(cget 'Headphone Playback Volume') $(cget 'Gain Mode') $(cget 'Output Route') $(cget 'Current Limit') $(regs 0x05 0x06 0x07)" \
	"147,147 Normal Balanced 100 mA 0x01 0x93 0x93"
out=$(amp-advise -c "$CARD" -s 97dB/mW --apply)
expect "300 Ohm apply again: nothing to do" "$(echo "$out" | grep '^Apply:')" \
	"Apply: the device is already set as recommended."

# Nothing plays: the chip is in standby, plugged in and unmuted as it is.
expect "nothing playing: standby (POWER 0x00, OUT_EN 0x00), the switch on" \
	"$(regs 0x03 0x04) $(cget 'Headphone Playback Switch')" "0x00 0x00 on,on"
# A measurement on request needs no manual mute when nothing plays: the
# driver mutes for it; the switch stays on, and so does the chip after.
cset 'Headphone Load Detect Switch' on
expect "trigger, switch on, nothing playing: the measurement ends Done again" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000)" Done
sleep 0.1
expect "trigger: same load, trigger back to off, switch on, MUTE 0x00" \
	"$(cget 'Headphone Load Impedance') $(cget 'Headphone Load Type') $(cget 'Headphone Load Detect Switch') $(cget 'Headphone Playback Switch') $(reg 0x08)" \
	"300000,300000 Balanced off on,on 0x00"

emul unplug bal
expect "300 Ohm out: jack off, result cleared (Idle, 0, Unknown)" \
	"$(wait_ctl 'Balanced Headphone Jack' off 2000 CARD) $(wait_ctl 'Headphone Load Detect Status' Idle 2000) $(cget 'Headphone Load Impedance') $(cget 'Headphone Load Type')" \
	"off Idle 0,0 Unknown"
cset 'Headphone Playback Switch' off
cset 'Output Route' Unbalanced
