# SPDX-License-Identifier: GPL-2.0-only
# Sourced by run-checks.sh: amp-advise end to end against the fake HPA380 control device
# (fake/ctl_hpafake.c, an alsa-lib external control plugin), configured through $HOME/.asoundrc.

E2E=$(mktemp -d)
cat >"$E2E/.asoundrc" <<EOT
ctl_type.hpafake { lib "$PWD/$B/libasound_module_ctl_hpafake.so" }
ctl.hpafake { type hpafake state "$E2E/state" log "$E2E/log" prefix "HPA " }
ctl.hpaplain { type hpafake state "$E2E/state" log "$E2E/log" }
EOT

# A plugged 300 Ohm headphone, unbalanced, measured; Normal gain, volume 180 (-10 dB).
BASE='volume 180 180
switch 1 1
gain 0
route 0
limit 0
load_z 300100 300400
load_type 2
detect 2
trigger 0
fault 0
jack 1
bal_jack 0'

# state LINES...: a fresh state (BASE, then the given lines override), empty write log.
state() {
	{ printf '%s\n' "$BASE"; for l in "$@"; do printf '%s\n' "$l"; done; } >"$E2E/state"
	: >"$E2E/log"
}

# dev NAME EXIT STDOUT-PATTERN STDERR-PATTERN -- ARGS: like expect, with the fake device.
dev() {
	HOME=$E2E expect "$@"
}

# log_is NAME EXPECTED: the write log, lines joined with ';'.
log_is() {
	got=$(tr '\n' ';' <"$E2E/log")
	if [ "$got" = "$2" ]; then pass; else fail "$1" "writes '$got', expected '$2'"; fi
}

state
dev "e2e measured load, prefixed names" 0 'Load +300\.1 / 300\.4 Ohm measured on hpafake, unbalanced' "" -- \
	-D hpafake -s 97dB/mW
# candidates_are NAME EXPECTED ARGS...: the route/gain of each JSON candidate, in order.
candidates_are() {
	name=$1 want=$2
	shift 2
	got=$(HOME=$E2E ./amp-advise "$@" -j 2>&1 | sed 's/.*"candidates":\[//; s/\],"recommended".*//' |
		grep -o '"route":"[a-z]*","gain":"[a-z]*"' | sed 's/"route":"\([a-z]*\)","gain":"\([a-z]*\)"/\1\/\2/' |
		tr '\n' ' ')
	if [ "$got" = "$want" ]; then pass; else fail "$name" "candidates '$got', expected '$want'"; fi
}

candidates_are "e2e unbalanced load: unbalanced candidates only" "unbalanced/normal unbalanced/high " \
	-D hpafake -s 97dB/mW
# High gain: +3.5 dB (the brief's loudness of a mode change) -> 7 steps.
dev "e2e dry run writes nothing" 0 "Apply: would lower 'HPA Headphone Playback Volume' 180,180 -> 173,173 first" "" -- \
	-D hpafake -s 97dB/mW --dry-run
log_is "e2e dry run log" ""
dev "e2e apply says it lowers the volume" 0 "Apply: lowered 'HPA Headphone Playback Volume' 180,180 -> 173,173 first: lowered by 3\.5 dB because the new mode is 3\.50 dB louder" "" -- \
	-D hpafake -s 97dB/mW --apply
log_is "e2e apply lowers volume before high gain" "Headphone Playback Volume=173,173;Gain Mode=1;"
: >"$E2E/log"
dev "e2e apply again: nothing to do" 0 "already set as recommended" "" -- -D hpafake -s 97dB/mW --apply
log_is "e2e apply again writes nothing" ""

state 'load_z 32000 32000' 'load_type 3' 'jack 0' 'bal_jack 1'
candidates_are "e2e balanced load: balanced candidates only" "balanced/normal balanced/high " \
	-D hpafake -s 90dB@0.037V
dev "e2e balanced load: recommendation" 0 '"recommended":\{"route":"balanced","gain":"normal","current_limit_ma":100' "" -- \
	-D hpafake -s 90dB@0.037V -j
# 32 Ohm, Unbalanced -> Balanced: 6.0206 + 20log10((32/33)/(32/32.5)) = 5.888 dB -> 6.0 dB, 12 steps.
dev "e2e balanced apply: route, louder, volume first" 0 "lowered by 6\.0 dB because the new mode is 5\.89 dB louder" "" -- \
	-D hpafake -s 90dB@0.037V --apply
log_is "e2e balanced apply order" "Headphone Playback Volume=168,168;Output Route=1;"

# The brief's "Which impedance": the HD600 measures 255 Ohm DC; dB/mW converts at its 300 Ohm.
state 'load_z 255000 255000'
dev "e2e hd600 measured at 255 Ohm: Unbalanced/Normal -0.27 dB at 108.5 dB" 0 '^Unbalanced  Normal .* -0\.27 dB' "" -- \
	-D hpafake -m hd600 -t 108.5
dev "e2e hd600 measured at 255 Ohm: current at the load" 0 'current, V avail and damping at the load.s 255\.0 Ohm \(DC resistance' "" -- \
	-D hpafake -m hd600 -t 108.5
dev "e2e hd600 measured at 255 Ohm: json says which impedance" 0 \
	'"nominal_impedance_ohm":300,"nominal_impedance_source":"table",.*"sensitivity_impedance_ohm":300,"sensitivity_impedance":"nominal"' "" -- \
	-D hpafake -m hd600 -j
state 'load_z 28000 28100'
dev "e2e T 70 model on a 28 Ohm load warns" 0 "Warning: the load's 28\.0 Ohm does not fit 'Beyerdynamic T 70'" "" -- \
	-D hpafake -m "Beyerdynamic T 70"

state 'load_type 1' 'load_z 0 0'
dev "e2e nothing plugged in" 1 "" "no usable load on hpafake: Load Type is None" -- -D hpafake -s 97dB/mW
dev "e2e --impedance overrides" 0 '"load":\{"impedance_ohm":\[300,300\],"type":"none","source":"given","rdc_ohm":300\}' "" -- \
	-D hpafake -s 97dB/mW -z 300 -j
candidates_are "e2e override: the plugged jack picks the route" "unbalanced/normal unbalanced/high " \
	-D hpafake -s 97dB/mW -z 300
state 'load_type 1' 'load_z 0 0' 'jack 0'
candidates_are "e2e override, no jack: both routes" "unbalanced/normal unbalanced/high balanced/normal balanced/high " \
	-D hpafake -s 97dB/mW -z 300
state 'load_type 4' 'load_z 1000 1000'
dev "e2e short" 1 "" "Load Type is Short" -- -D hpafake -s 97dB/mW
state 'load_type 0' 'load_z 0 0' 'detect 0'
dev "e2e no measurement yet" 1 "" "try --measure" -- -D hpafake -s 97dB/mW
state 'load_type 0' 'load_z 0 0' 'detect 0' 'measure 2 16000 16100'
dev "e2e --measure triggers and uses the result" 0 'Load +16\.0 / 16\.1 Ohm measured' "" -- \
	-D hpafake -s 110dB/V --measure
state 'busy 1'
dev "e2e --measure while playing" 1 "" "while a stream plays: stop playback" -- -D hpafake -s 97dB/mW --measure
state 'detect 3'
dev "e2e detection error" 1 "" "ended in an error" -- -D hpafake -s 97dB/mW
state 'fault 1'
dev "e2e fault is a warning" 0 'Warning: the amplifier reports a fault: Over-current' "" -- -D hpafake -s 97dB/mW
state 'load_z 600000 600000'
dev "e2e shortfall applies the loudest and exits 3" 3 'falls short' "" -- -D hpafake -s 85dB/mW -t 120 --apply
log_is "e2e shortfall writes" "Headphone Playback Volume=173,173;Gain Mode=1;"
state
dev "e2e plain names without a prefix" 0 'measured on hpaplain' "" -- -D hpaplain -s 97dB/mW
state 'absent load_type'
dev "e2e missing control" 1 "" "hpafake has no 'Headphone Load Type' control" -- -D hpafake -s 97dB/mW
state 'absent volume'
dev "e2e apply without a volume control" 1 "." "has no 'Headphone Playback Volume' control, needed to apply" -- \
	-D hpafake -s 97dB/mW --apply
log_is "e2e nothing written without a volume control" ""

# --watch: advice now, again after a new measurement, and a clean end on SIGTERM and SIGINT.
# wait_lines FILE N: up to 5 s for FILE to have N lines.
wait_lines() {
	i=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
for sig in TERM INT; do
	state
	: >"$E2E/watch"	# exists before the background job opens it
	HOME=$E2E ./amp-advise -D hpafake -s 97dB/mW --watch --json >>"$E2E/watch" 2>"$E2E/watch.err" &
	pid=$!
	wait_lines "$E2E/watch" 1
	sed 's/^load_z .*/load_z 32000 32000/' "$E2E/state" >"$E2E/state.new" && mv "$E2E/state.new" "$E2E/state"
	wait_lines "$E2E/watch" 2
	kill -$sig $pid
	wait $pid
	rc=$?
	if [ $rc -eq 0 ] && [ "$(wc -l <"$E2E/watch")" -eq 2 ] && [ ! -s "$E2E/watch.err" ] &&
		sed -n 2p "$E2E/watch" | grep -q '"impedance_ohm":\[32,32\]'; then
		pass
	else
		fail "e2e --watch, SIG$sig" "exit $rc, $(wc -l <"$E2E/watch") lines, stderr $(cat "$E2E/watch.err")"
	fi
done

# The fake plays a plug as the driver does: the jack, a measurement (Measuring), its result 50 ms
# later. --watch advises once, on the finished measurement, and in the driver's event order.
# fake_event WORDS: the next "event" line for the fake, which plays it as the driver would (a
# plug, a measurement 50 ms later; an unplug), in the state file replaced at once.
event_seq=0
fake_event() {
	event_seq=$((event_seq + 1))
	{ grep -v '^event ' "$E2E/state"; echo "event $event_seq $*"; } >"$E2E/state.new" &&
		mv "$E2E/state.new" "$E2E/state"
}
# wait_count FILE PATTERN N: up to 5 s for N lines of FILE to match PATTERN.
wait_count() {
	i=0
	while [ "$(grep -c -- "$2" "$1")" -lt "$3" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# count_is NAME FILE PATTERN N
count_is() {
	got=$(grep -c -- "$3" "$2")
	if [ "$got" = "$4" ]; then pass; else fail "$1" "$got lines match '$3', expected $4: $(cut -c1-200 "$2")"; fi
}
state 'load_type 1' 'load_z 0 0' 'jack 0' 'detect 0'
: >"$E2E/watch"
HOME=$E2E ./amp-advise -D hpafake -s 97dB/mW --watch --json >>"$E2E/watch" 2>"$E2E/watch.err" &
pid=$!
wait_count "$E2E/watch" '"error"' 1
fake_event plug se 300000 300100 2
wait_count "$E2E/watch" '"impedance_ohm":\[300,300.1\]' 1
fake_event unplug se
wait_count "$E2E/watch" '"error"' 2
kill -TERM $pid
wait $pid
count_is "e2e plug event: one advice, on the finished measurement" "$E2E/watch" '"load":{"impedance_ohm":\[300,300.1\],"type":"unbalanced","source":"measured"' 1
count_is "e2e plug event: no round on an unfinished one" "$E2E/watch" '"error"' 2
count_is "e2e unplug event: the result cleared" "$E2E/watch" 'Load Type is Unknown, impedance 0/0 mOhm' 1

# --- Personal lists: --remember, recognition on plug, the hearing-safe volume of an unknown load.
LIST=$E2E/.config/amp-advise/headphones.json

state 'load_type 1' 'load_z 0 0' 'jack 0' 'detect 0'
dev "e2e no figures and nothing remembered: how to remember" 1 "" \
	"the headphone on hpafake .* is in no list|no usable load on hpafake" -- -D hpafake
state 'load_z 32000 32000'
dev "e2e unknown headphone without --apply says how to remember it" 1 "" \
	"the headphone on hpafake \(32\.0 / 32\.0 Ohm, unbalanced\) is in no list of remembered headphones: give --sensitivity or --model, or remember it with --remember NAME" -- \
	-D hpafake
# Hearing-safe: an IEM of 120 dB/mW on 32 Ohm is 134.949 dB/V; Unbalanced/Normal at full scale
# gives 134.949 + 20log10(2.1) + 20log10(32/32.5) = 141.258 dB SPL, so -31.258 dB -> -31.5 dB, 137.
dev "e2e unknown headphone --dry-run: the safe volume" 0 "Safe       volume at most -31\.3 dB" "" -- -D hpafake --dry-run
dev "e2e unknown headphone --dry-run json" 0 '"unknown_headphone":\{"assumed_sensitivity_db_mw":120,"target_spl_db":110,"safe_volume_db":-31\.2582,' "" -- \
	-D hpafake --dry-run -j
state 'load_type 1' 'load_z 0 0' 'jack 0' 'detect 0'
dev "e2e --remember with nothing plugged" 1 "" "no usable load on hpafake" -- -D hpafake --remember X -m hd600

# The watch: plug A (unknown: safe volume), remember it; plug B (unknown), remember it; A and B
# again are recognised and get their own settings; an unknown C gets the safe volume again.
: >"$E2E/watch"
HOME=$E2E ./amp-advise -D hpafake --watch --apply --json >>"$E2E/watch" 2>"$E2E/watch.err" &
pid=$!
wait_count "$E2E/watch" '"error"' 1	# nothing plugged yet
fake_event plug se 32000 32000 2
wait_count "$E2E/watch" '"unknown_headphone"' 1
count_is "e2e watch: unknown A gets the safe volume" "$E2E/watch" '"safe_volume_db":-31.2582,.*"writes":\[{"control":"HPA Headphone Playback Volume","value":\[137,137\],"done":true}\]' 1
dev "e2e --remember A with the user's figures" 0 "^Remembered 'IEM A': 32\.0 / 32\.0 Ohm on the 3\.5 mm jack, with the figures of the options, in $LIST$" "" -- \
	-D hpafake --remember "IEM A" -s 110dB/mW --nominal-impedance 32
fake_event unplug se
wait_count "$E2E/watch" '"error"' 2
fake_event plug bal 300000 300000 3
wait_count "$E2E/watch" '"unknown_headphone"' 2
# Balanced: the route adds 6.0206 + 20log10((300/301)/(300/300.5)) = 6.006 dB: 13 steps down, 124.
count_is "e2e watch: unknown B, balanced: volume down for the route, then the route" "$E2E/watch" \
	'"writes":\[{"control":"HPA Headphone Playback Volume","value":\[124,124\],"done":true},{"control":"HPA Output Route","value":"Balanced","done":true}\]' 1
dev "e2e --remember B as a table model (json)" 0 '^\{"schema":2,"remembered":\{"model":"HD600 home","kind":"dynamic","impedance_ohm":300,"rdc_ohm":\[300,300\],"rdc_source":"measured by amp-advise on hpafake, [0-9-]*","sensitivity":"97dB/mW","source":"the table row .Sennheiser HD600.: .*","jack":"balanced","based_on":"Sennheiser HD600"\},"list":"[^"]*","replaced":false\}$' "" -- \
	-D hpafake --remember "HD600 home" -m hd600 -j
fake_event unplug bal
wait_count "$E2E/watch" '"error"' 3
fake_event plug se 32000 32000 2
wait_count "$E2E/watch" '"recognised":{"model":"IEM A"' 1
# A: 110 dB/mW at 32 Ohm nominal: Unbalanced/Normal, 100 mA; from Balanced no lowering.
count_is "e2e watch: A recognised, its advice applied" "$E2E/watch" \
	'"recognised":{"model":"IEM A","list":"user","rdc_ohm":\[32,32\]}.*"recommended":{"route":"unbalanced","gain":"normal","current_limit_ma":100.*"writes":\[{"control":"HPA Output Route","value":"Unbalanced","done":true}\]' 1
fake_event unplug se
wait_count "$E2E/watch" '"error"' 4
fake_event plug bal 300000 300000 3
wait_count "$E2E/watch" '"recognised":{"model":"HD600 home"' 1
# B: the HD600 on 300 Ohm, Balanced/Normal (+4.24 dB), 100 mA; the route: 13 steps, 111.
count_is "e2e watch: B recognised, its advice applied" "$E2E/watch" \
	'"recognised":{"model":"HD600 home","list":"user".*"recommended":{"route":"balanced","gain":"normal","current_limit_ma":100.*"writes":\[{"control":"HPA Headphone Playback Volume","value":\[111,111\],"done":true},{"control":"HPA Output Route","value":"Balanced","done":true}\]' 1
fake_event unplug bal
wait_count "$E2E/watch" '"error"' 5
fake_event plug se 47000 47000 2
wait_count "$E2E/watch" '"unknown_headphone"' 3
# C, 47 Ohm: the safe volume is -29.63 dB (140), above 111: never raised; the route only.
count_is "e2e watch: unknown C: safe volume kept, never raised" "$E2E/watch" \
	'"safe_volume_db":-29.6315,.*"writes":\[{"control":"HPA Output Route","value":"Unbalanced","done":true}\]' 1
kill -TERM $pid
wait $pid
rc=$?
if [ $rc -eq 0 ]; then pass; else fail "e2e watch --apply ends on SIGTERM" "exit $rc"; fi
log_is "e2e watch: the writes, in order" \
	"Headphone Playback Volume=137,137;Headphone Playback Volume=124,124;Output Route=1;Output Route=0;Headphone Playback Volume=111,111;Output Route=1;Output Route=0;"
count_is "e2e watch: one JSON object a line" "$E2E/watch" '^{"schema":2,' "$(wc -l <"$E2E/watch")"
dev "e2e the list holds both, as written" 0 '^IEM A +iem|^IEM A +- ' "" -- --list-models
dev "e2e -m finds a remembered headphone" 0 "Headphone  HD600 home: 97\.00 dB/mW" "" -- -m "hd600 home" -z 300

# --limit-level: full scale at the target. An IEM of 110 dB/mW on 32 Ohm at 110 dB SPL:
# 124.949 + 6.444 - 0.135 = 131.258 dB SPL at 0 dB, so -21.258 dB -> -21.5 dB, index 157.
state 'load_z 32000 32000'
dev "e2e --limit-level sets the volume for the target at full scale" 0 "to the volume ceiling of -21\.3 dB" "" -- \
	-D hpafake -s 110dB/mW --nominal-impedance 32 --apply --limit-level
log_is "e2e --limit-level writes" "Headphone Playback Volume=157,157;"
: >"$E2E/log"
dev "e2e --limit-level never raises" 0 "already set as recommended" "" -- \
	-D hpafake -s 110dB/mW --nominal-impedance 32 --apply --limit-level -t 120
log_is "e2e --limit-level never raises: no write" ""
