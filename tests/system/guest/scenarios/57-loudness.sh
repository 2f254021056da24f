# SPDX-License-Identifier: GPL-2.0-only
# The product judged at the load. The chip model computes the voltage
# across the headphones from the frames the I2S controller plays (datasheet
# section 3) and reports what a measurement rig would (debugfs "analog").
#
# - The numbers agree: for each mode into 32 and 300 Ohm, the largest level
#   the model puts across the load without clipping (a 1 kHz tone climbing
#   in 0.05 dB steps, at 400 mA) is amp-advise's V_avail within 0.1 dB.
# - What amp-advise --apply sets reaches its target: a tone at the target
#   level is clean and the current stays below the limit it chose.
# - Never louder: amp-advise --apply, from each of the four modes (the
#   limit 100, 200, 400 mA and the volume 0, -25 dB in turn), to each
#   recommendation it makes for 16 to 600 Ohm in either jack, with a tone
#   playing, never raises the level at the load, during or after the change.
# - A pop on purpose (POWER cut behind the driver's back while a tone
#   plays) is counted.
# Expected figures come from the product brief: 2.1 Vrms full scale, High
# +3.5 dB, Balanced x 2 into a balanced load, Zout 0.5 / 1.0 Ohm.

PCM=hw:$CARD
STEP_BYTES=3840		# steps.raw: 960 frames (20 ms) at each level,
STEPS_FROM=-3		# from -3 dBFS up to 0 dBFS, 0.05 dB apart

# after JSON TEXT: JSON from the first TEXT on, TEXT cut off.
after() {
	awk -v k="$2" '{ i = index($0, k); if (i) print substr($0, i + length(k)) }' <<EOF
$1
EOF
}

# json_num JSON KEY / json_str JSON KEY: the first value of KEY.
json_num() {
	after "$1" "\"$2\":" | sed -n 's/^\([-0-9.e+]*\).*/\1/p'
}

json_str() {
	after "$1" "\"$2\":\"" | sed -n 's/^\([^"]*\)".*/\1/p'
}

# rec JSON: the recommendation, route/gain/limit.
rec() {
	local r

	r=$(after "$1" '"recommended":{')
	echo "$(json_str "$r" route)/$(json_str "$r" gain)/$(json_num "$r" current_limit_ma)"
}

# cap WORD: Word (an enum item as the driver names it).
cap() {
	echo "$1" | awk '{ print toupper(substr($0, 1, 1)) substr($0, 2) }'
}

# set_modes ROUTE GAIN LIMIT VOLUME: the controls a user sets, one amixer.
set_modes() {
	amixer -q -c "$CARD" -s <<EOF
cset iface=MIXER,name='Output Route' $1
cset iface=MIXER,name='Gain Mode' $2
cset iface=MIXER,name='Current Limit' '$3'
cset iface=MIXER,name='Headphone Playback Volume' $4
EOF
}

# plug_load JACK OHM TOPOLOGY / unplug_load JACK: headphones in, measured;
# out, the result cleared.
plug_load() {
	emul plug "$1 ${2}000 ${2}000 $3"
	wait_ctl 'Headphone Load Detect Status' Done 3000 >/dev/null
}

unplug_load() {
	emul unplug "$1"
	wait_ctl 'Headphone Load Detect Status' Idle 2000 >/dev/null
}

# sens V: the sensitivity that makes amp-advise's default target, 110 dB
# SPL, need V volts ("110 dB SPL at V volts").
sens() {
	echo "110dB@${1}V"
}

# gain0 ROUTE GAIN OHM JACK: the level at the load for a 0 dBFS sine at
# volume 0 dB, V rms (the brief: 2.1 V, High x 1.496236, a balanced load in
# the Balanced route x 2 through 1.0 Ohm, else through 0.5 Ohm).
gain0() {
	awk -v r="$1" -v g="$2" -v z="$3" -v j="$4" 'BEGIN {
		b = (r == "balanced" && j == "bal")
		printf "%.6f\n", 2.1 * (g == "high" ? 1.496236 : 1) * (b ? 2 : 1) *
			z / (z + (b ? 1.0 : 0.5)) }'
}

# --- The numbers agree.
cset 'Headphone Playback Switch' on
for load in "se 32 unbalanced" "se 300 unbalanced" "bal 32 balanced" "bal 300 balanced"; do
	set -- $load
	jack=$1 ohm=$2
	route=$([ "$jack" = se ] && echo unbalanced || echo balanced)
	plug_load "$jack" "$ohm" "$3"
	out=$(amp-advise -c "$CARD" -s 100dB/V --json)
	for gain in normal high; do
		va=$(json_num "$(after "$out" "{\"route\":\"$route\",\"gain\":\"$gain\",")" v_avail_rms)
		set_modes "$(cap "$route")" "$(cap "$gain")" '400 mA' 200
		sleep 0.05
		analog_reset
		aplay -q -t raw -f S16_LE -r 48000 -c 2 -D "$PCM" /hpa380/steps.raw
		clean=$(analog "$jack" l clean)
		d=$(db "$clean" "$(awk -v v="$va" 'BEGIN { printf "%d\n", v * 1e6 }')")
		echo "# $route/$gain into $ohm Ohm: the model's largest clean level $(awk -v c="$clean" "$AWK_DB"' BEGIN { printf "%.4f V (%+.2f dBV)", c / 1e6, db(c / 1e6) }'), amp-advise's V_avail $va V: $d dB"
		expect "$route/$gain into $ohm Ohm: largest clean level = amp-advise's V_avail within 0.1 dB, clipped above it" \
			"$(awk -v d="$d" 'BEGIN { print (d >= -0.1 && d <= 0.1) ? "yes" : d }') $([ "$(analog "$jack" l clipped)" -gt 0 ] && echo clipped)" \
			"yes clipped"
	done
	unplug_load "$jack"
done

# --- What amp-advise applies reaches its target; and never louder.
# amp-advise's default target (110 dB SPL) for headphones that need 0.3 to
# 5 V: each plug gets the recommendations these make, from Unbalanced/Normal
# at 100 mA up to the shortfall's best.
needs="0.3 1.5 2.5 4.0 5.0"
changes=0
for load in "se 16 unbalanced" "se 32 unbalanced" "se 60 unbalanced" \
	    "se 300 unbalanced" "se 600 unbalanced" "bal 16 balanced" \
	    "bal 32 balanced" "bal 60 balanced" "bal 300 balanced" \
	    "bal 600 balanced"; do
	set -- $load
	jack=$1 ohm=$2
	plug_load "$jack" "$ohm" "$3"

	# Each recommendation applied once from Unbalanced/Normal at 100 mA:
	# it plays its target level cleanly (when it meets it).
	recs="" targets="" missed=""
	for v in $needs; do
		set_modes Unbalanced Normal '100 mA' 100
		out=$(amp-advise -c "$CARD" -s "$(sens "$v")" --apply --json)
		r=$(rec "$out")
		case " $recs " in *" $r "*) continue ;; esac
		recs="$recs $r"
		targets="$targets $v"
		[ "$(after "$out" '"meets_target":' | cut -c1-4)" = true ] || continue
		set -- $(echo "$r" | tr / ' ')
		# The volume (0.5 dB steps) and the step of steps.raw (0.05 dB)
		# that put the target across the load, or just under it.
		set -- $(awk -v need="$v" -v g="$(gain0 "$1" "$2" "$ohm" "$jack")" \
			     -v from="$STEPS_FROM" "$AWK_DB"' BEGIN {
			d = db(need / g); vol = 0
			if (d < from) vol = -0.5 * int((from - d) / 0.5 + 0.999999)
			printf "%d %d\n", 200 + 2 * vol, int((d - vol - from) / 0.05 + 1e-6) }')
		cset 'Headphone Playback Volume' "$1"
		sleep 0.03
		analog_reset
		dd if=/hpa380/steps.raw bs=$STEP_BYTES skip="$2" count=10 2>/dev/null |
			aplay -q -t raw -f S16_LE -r 48000 -c 2 -D "$PCM"
		set -- $(awk -v j="$jack" '$1 == j && $2 == "l" {
			for (i = 3; i < NF; i += 2) f[$i] = $(i + 1)
			print f["max"], f["clipped"], f["limit_us"] }' "$EMUL/analog")
		ok_=$(awk -v g="$1" -v n="$v" "$AWK_DB"' BEGIN { print (db(g / 1e6 / n) >= -0.06) ? "yes" : "no" }')
		[ "$ok_ $2 $3 $(cget 'Headphone Fault')" = "yes 0 0 None" ] ||
			missed="$missed
$r at ${v} V: $1 uV at the load, clipped $2, at the limit $3 us, fault $(cget 'Headphone Fault')"
	done
	expect "$ohm Ohm ($jack):$recs: each applied plays its target level, unclipped, below its limit" \
		"$missed" ""

	# Never louder, with the tone playing: from each mode, to each of the
	# recommendations, the limit (100, 200, 400 mA) and the volume (0 dB,
	# -25 dB) taking turns.
	louder=""
	tone_start
	i=0
	for from in "Unbalanced Normal" "Unbalanced High" "Balanced Normal" "Balanced High"; do
		for v in $targets; do
			set -- $from "$(echo "100 200 400" | cut -d' ' -f$((i % 3 + 1))) mA" \
				"$(echo "200 150" | cut -d' ' -f$((i % 2 + 1)))"
			i=$((i + 1))
			set_modes "$1" "$2" "$3" "$4"
			sleep 0.03
			analog_reset
			sleep 0.05
			# The loudest block: an input that came late only makes a block quieter.
			before=$(analog "$jack" l max)
			analog_reset
			amp-advise -c "$CARD" -s "$(sens "$v")" --apply >/dev/null
			sleep 0.05
			max=$(analog "$jack" l max)
			# Louder by more than 0.03 dB (x 1.00346) and the rig's 2 uV: a
			# block where a late frame made the tone's phase jump can
			# read 0.2 % off.
			[ "$before" -gt 0 ] && [ $((max * 100000)) -le $((before * 100346 + 200000)) ] ||
				louder="$louder
$1 $2/$3 at volume $4 -> ${v} V's recommendation: $before uV before, $max uV on the way or after ($(db "$max" "$before") dB)"
		done
	done
	tone_stop
	changes=$((changes + i))
	expect "$ohm Ohm ($jack): amp-advise --apply from every mode, $i changes: never louder at the load" \
		"$louder" ""
	unplug_load "$jack"
done
echo "# never louder: $changes changes by amp-advise --apply measured at the load"

# --- A pop on purpose: the detector finds what it must.
plug_load se 32 unbalanced
set_modes Unbalanced Normal '100 mA' 160
tone_start
expect "before the pop on purpose: no pop, no illegal access" \
	"$(counter pops) $(counter illegal)" "0 0"
expect "a tone plays at the load (32 Ohm): -20 dBFS at -20 dB, 0.0207 V" \
	"$(analog_reset; sleep 0.05; awk -v r="$(analog se l rms)" 'BEGIN { printf "%.4f\n", r / 1e6 }')" "0.0207"
emul regs "0x03 0x00"
expect "POWER cut behind the driver's back while a tone plays: a pop" \
	"$(counter pops | awk '{ print ($1 > 0) ? "counted" : $1 }')" counted
tone_stop
sleep 0.1
# Back as the driver left it, in the datasheet's order (reference, t_REF,
# inputs), with nothing playing; the pop on purpose forgotten.
emul regs "0x03 0x01"
sleep 0.02
emul regs "0x03 0x07"
echo 0 >"$EMUL/counters"
unplug_load se
cset 'Headphone Playback Switch' off
set_modes Unbalanced Normal '100 mA' 160
# As the scenarios after this one expect: nothing playing, in standby (the
# card's pmdown_time, 5 s, over).
expect "the end: standby (POWER 0x00)" "$(wait_reg 0x03 0x00 8000)" 0x00
