# SPDX-License-Identifier: GPL-2.0-only
# The user's own headphones, recognised on plug: `amp-advise --watch --apply` runs in the
# background while headphones go in and out. An unknown one gets the hearing-safe volume; once
# remembered (--remember, in root's list, HOME=/root), each is recognised by its measured
# resistance and jack and gets its own settings: plug A, plug B, A again, B again, an unknown C.
# Expected figures from the product brief (loudness of a mode change; the physics).

list=/root/.config/amp-advise/headphones.json
out=/tmp/remember-watch.json

# seen PATTERN N: up to 10 s for N lines of the watch's output to match PATTERN; prints the count.
seen() {
	local end=$(($(now_ms) + 10000)) n

	while :; do
		n=$(grep -c -- "$1" "$out")
		[ "$n" -ge "$2" ] && break
		[ "$(now_ms)" -lt "$end" ] || break
		sleep 0.05
	done
	echo "$n"
}

# unplug se|bal: the plug out, and its jack control off (the chip debounces it) before the next.
unplug() {
	emul unplug "$1"
	if [ "$1" = se ]; then
		wait_ctl 'Headphone Jack' off 2000 CARD >/dev/null
	else
		wait_ctl 'Balanced Headphone Jack' off 2000 CARD >/dev/null
	fi
}

# mode: route, gain, limit and volume as the controls read.
mode() {
	echo "$(cget 'Output Route') $(cget 'Gain Mode') $(cget 'Current Limit') $(cget 'Headphone Playback Volume')"
}

rm -f "$list"
cset 'Headphone Playback Switch' off
cset 'Output Route' Unbalanced
cset 'Gain Mode' Normal
cset 'Current Limit' '100 mA'
cset 'Headphone Playback Volume' 180
: >"$out"
amp-advise -c "$CARD" --watch --apply --json >>"$out" 2>/tmp/remember-watch.err &
watch_pid=$!

# A, 32 Ohm in the 3.5 mm jack, unknown: an IEM of 120 dB/mW on 32 Ohm at full scale in
# Unbalanced/Normal is 120 + 10log10(1000/32) + 20log10(2.1) + 20log10(32/32.5) = 141.26 dB SPL;
# for 110 dB SPL the volume goes to at most -31.26 dB, rounded down -31.5 dB: 137.
emul plug "se 32000 32000 unbalanced"
expect "unknown A: the watch gives the hearing-safe volume" \
	"$(seen '"unknown_headphone":{"assumed_sensitivity_db_mw":120,"target_spl_db":110,"safe_volume_db":-31.2582' 1)" 1
expect "unknown A: volume 137 (-31.5 dB), Unbalanced, Normal, 100 mA" "$(mode)" \
	"Unbalanced Normal 100 mA 137,137"
check "remember A: an IEM of 87 dB/mW, 32 Ohm nominal" \
	amp-advise -c "$CARD" --remember "IEM A" -s 87dB/mW --nominal-impedance 32
expect "remember A: in root's list, 32 Ohm on the 3.5 mm jack" \
	"$(amp-advise --list-models | grep -c '^IEM A .*32.0/32.0 Ohm .*user')" 1

# B, 300 Ohm in the 4.4 mm jack, unknown: Balanced (its jack) adds 6.0206 +
# 20log10((300/301)/(300/300.5)) = 6.006 dB: 13 steps down first, 124; the safe ceiling here
# (-27.66 dB, 144) is above it.
unplug se
emul plug "bal 300000 300000 balanced"
expect "unknown B: the hearing-safe volume" "$(seen '"safe_volume_db":-27.6649' 1)" 1
expect "unknown B: volume 124, Balanced, Normal, 100 mA" "$(mode)" "Balanced Normal 100 mA 124,124"
check "remember B: a Sennheiser HD600 from the table" \
	amp-advise -c "$CARD" --remember "HD600 home" -m hd600

# A again, recognised: 87 dB/mW at 32 Ohm needs 2.527 V; Unbalanced/High gives 2.954 V
# (+1.36 dB), 111.7 mA peak: 200 mA. From Balanced/Normal: A, a TRS plug in the 3.5 mm jack,
# hears its plus stage in either route (datasheet 3.1), so the change adds High's +3.5 dB alone
# (not a balanced load's 3.5 - 6.0206 + 0.1326 = -2.39 dB): 7 steps down first, 117; the higher
# limit first.
unplug bal
emul plug "se 32000 32000 unbalanced"
expect "A again: recognised from root's list" "$(seen '"recognised":{"model":"IEM A","list":"user"' 1)" 1
expect "A again: its settings, Unbalanced, High, 200 mA, volume 3.5 dB down" "$(mode)" \
	"Unbalanced High 200 mA 117,117"

# B again, recognised: the HD600 (97 dB/mW, 300 Ohm) Balanced/Normal, +4.24 dB, 100 mA. From
# Unbalanced/High: 6.0206 - 3.5 - 0.0144 = +2.51 dB, 6 steps down first: 111.
unplug se
emul plug "bal 300000 300000 balanced"
expect "B again: recognised" "$(seen '"recognised":{"model":"HD600 home","list":"user"' 1)" 1
expect "B again: its settings, Balanced, Normal, 100 mA, volume 111" "$(mode)" \
	"Balanced Normal 100 mA 111,111"

# A a third time: its own settings again, High's 3.5 dB down first: 104.
unplug bal
emul plug "se 32000 32000 unbalanced"
expect "A a third time: recognised" "$(seen '"recognised":{"model":"IEM A"' 2)" 2
expect "A a third time: Unbalanced, High, 200 mA" "$(mode)" "Unbalanced High 200 mA 104,104"

# C, 47 Ohm, unknown: Normal gain, 100 mA; the safe ceiling, -29.63 dB (140), is above 104, and
# the volume is never raised.
unplug se
emul plug "se 47000 47000 unbalanced"
expect "unknown C: the hearing-safe setting" "$(seen '"safe_volume_db":-29.6315' 1)" 1
expect "unknown C: Unbalanced, Normal, 100 mA, volume not raised" "$(mode)" \
	"Unbalanced Normal 100 mA 104,104"

kill "$watch_pid"
wait "$watch_pid"
expect "the watch ends with 0 on SIGTERM" "$?" 0
expect "every line of the watch is one JSON object" \
	"$(grep -vc '^{"schema":2,' "$out")" 0
unplug se
cset 'Headphone Playback Switch' off
cset 'Output Route' Unbalanced
cset 'Gain Mode' Normal
cset 'Current Limit' '100 mA'
