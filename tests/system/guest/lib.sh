# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the guest's /init and scenarios (busybox sh): results, the
# card's controls through amixer, and the emulated chip through debugfs.

# The card's name, as the tree gives it (the overlay's card-name parameter).
CARD=$(tr -d '\0' </proc/device-tree/sound-hpa380/simple-audio-card,name)
EMUL=/sys/kernel/debug/hpa380-emul
KO=/lib/modules/hpa380
# Load order: the driver, the chip model, the emulated HAT (the Pi's I2C
# bus with the chip on it, GPIO and I2S). The I2C core creates the
# amplifier's client from the overlay's node, the driver binds to it, and
# simple-audio-card (built in) binds the card once all its parts are there.
MODULES="snd-soc-hpa380 hpa380-model hpa380-emul"
# The same, as lsmod names them, sorted.
MODULE_NAMES="hpa380_emul hpa380_model snd_soc_hpa380"
passed=0
failed=0

# ok NAME / not_ok NAME [DETAILS]: one result line; details indented.
ok() {
	echo "ok - $1"
	passed=$((passed + 1))
}

not_ok() {
	echo "not ok - $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 40 | sed 's/^/#   /'
	failed=$((failed + 1))
}

# expect NAME ACTUAL WANTED
expect() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "got:    $2
wanted: $3"
	fi
}

# check NAME COMMAND...: passes when COMMAND exits 0.
check() {
	local name="$1" out st=0

	shift
	out=$("$@" 2>&1) || st=$?
	if [ "$st" = 0 ]; then
		ok "$name"
	else
		not_ok "$name" "exit $st: $out"
	fi
}

# Time since boot in milliseconds.
now_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# iface NAME: the interface of the driver's control NAME (datasheet 11.1):
# the results, the detection trigger, the fault and the jacks are on CARD.
iface() {
	case $1 in
	*Jack | *"Load Impedance" | *"Load Type" | *"Load Detect "* | *Fault)
		echo CARD ;;
	*) echo MIXER ;;
	esac
}

# cget NAME [IFACE]: a control's values, comma-separated; enumerated
# controls give item names ("Normal"), booleans "on"/"off".
cget() {
	amixer -c "$CARD" cget "iface=${2:-$(iface "$1")},name=$1" 2>&1 | awk '
		/; Item #/ {
			i = substr($3, 2); t = $0
			sub(/^[^\047]*\047/, "", t); sub(/\047$/, "", t)
			item[i] = t; items++
		}
		/^  : values=/ { v = $0; sub(/^  : values=/, "", v) }
		END {
			if (!items) { print v; exit }
			n = split(v, a, ","); s = ""
			for (k = 1; k <= n; k++)
				s = s (k > 1 ? "," : "") item[a[k]]
			print s
		}'
}

# cset NAME VALUE [IFACE]: write a control (values as amixer takes them).
cset() {
	amixer -q -c "$CARD" cset "iface=${3:-$(iface "$1")},name=$1" "$2"
}

# wait_ctl NAME WANTED [TIMEOUT_MS [IFACE]]: poll until the control reads
# WANTED; prints what it last read. Fails after the time-out (default 3 s).
wait_ctl() {
	local end=$(($(now_ms) + ${3:-3000})) v

	while :; do
		v=$(cget "$1" "${4:-$(iface "$1")}")
		[ "$v" = "$2" ] && break
		[ "$(now_ms)" -lt "$end" ] || break
		sleep 0.01
	done
	echo "$v"
	[ "$v" = "$2" ]
}

# reg ADDR: the chip's register (its own state, not the driver's cache) as
# 0xVV; ADDR as 0xNN.
reg() {
	awk -v r="$1" '$1 == r { print $2 }' "$EMUL/regs"
}

# wait_reg ADDR WANTED [TIMEOUT_MS]: poll until the chip's register reads
# WANTED (default time-out 1 s); prints what it last read.
wait_reg() {
	local end=$(($(now_ms) + ${3:-1000})) v

	while :; do
		v=$(reg "$1")
		[ "$v" = "$2" ] && break
		[ "$(now_ms)" -lt "$end" ] || break
		sleep 0.01
	done
	echo "$v"
	[ "$v" = "$2" ]
}

# regs ADDR...: the registers, space-separated.
regs() {
	local r s=""

	for r; do
		s="$s${s:+ }$(reg "$r")"
	done
	echo "$s"
}

# emul FILE TEXT: act on the emulated board (plug, unplug, fault, ...).
emul() {
	echo "$2" >"$EMUL/$1"
}

# counter NAME: the chip model's misuse counters (pops, illegal, xfers).
counter() {
	awk -v n="$1" '$1 == n { print $2 }' "$EMUL/counters"
}

# analog JACK CH FIELD: what the chip model's measurement rig found at the
# load of a jack's channel (se|bal, l|r) since analog_reset (datasheet 3;
# FIELD: blocks, rms (the last 10 ms block), min, max, clean (the loudest
# block without clipping or the current limit), peak, clipped, limit_us,
# pops, step; levels in uV rms).
analog() {
	awk -v j="$1" -v c="$2" -v f="$3" '$1 == j && $2 == c {
		for (i = 3; i < NF; i += 2) if ($i == f) print $(i + 1) }' \
		"$EMUL/analog"
}

analog_reset() {
	echo 0 >"$EMUL/analog"
}

# AWK_DB: an awk function db(ratio), 20 log10(ratio), for busybox's awk,
# which has no math library: the ratio brought into [1, 2) by halving or
# doubling, then ln(x) = 2 atanh((x - 1) / (x + 1)) as a series.
AWK_DB='function db(x,  e, y, y2, s, t, n) {
	e = 0
	while (x >= 2) { x /= 2; e++ }
	while (x < 1) { x *= 2; e-- }
	y = (x - 1) / (x + 1); y2 = y * y; s = 0; t = y
	for (n = 1; n < 40; n += 2) { s += t / n; t *= y2 }
	return 20 * (2 * s + e * 0.6931471805599453) / 2.302585092994046
}'

# db A B: 20 log10(A / B), two decimals ("-inf" for nothing).
db() {
	awk -v a="$1" -v b="$2" "$AWK_DB"' BEGIN {
		if (a <= 0 || b <= 0) print "-inf"
		else printf "%.2f\n", db(a / b) }'
}

# tone_start / tone_stop: a 1 kHz tone at -20 dBFS in a stream of its own,
# until stopped (1 s of it, looped: whole cycles, no seam).
tone_start() {
	(while cat /hpa380/tone-1k.raw; do :; done) |
		aplay -q -t raw -f S16_LE -r 48000 -c 2 -D "hw:$CARD" 2>/dev/null &
	tone_pid=$!
	sleep 0.3
}

tone_stop() {
	kill "$tone_pid" 2>/dev/null
	wait "$tone_pid" 2>/dev/null || true
}

# Kernel splats: WARN, BUG, lockdep, oops.
splats() {
	dmesg | grep -E 'WARNING:|BUG:|DEBUG_LOCKS_WARN_ON|possible circular|possible recursive|inconsistent lock state|Oops|Call Trace:' || true
}

# card_up: the card is registered (simple-audio-card binds it once the
# driver, the chip and the I2S controller are there: wait up to 5 s).
card_up() {
	local end=$(($(now_ms) + 5000))

	until grep -q "\[$CARD *\]" /proc/asound/cards 2>/dev/null; do
		[ "$(now_ms)" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# load_modules: insert them, then wait for the card.
load_modules() {
	local m

	for m in $MODULES; do
		insmod "$KO/$m.ko" || return 1
	done
	card_up
}

# unload_modules: while the card holds the amplifier's component, ASoC
# holds its module: unbind the amplifier from the driver first (the card
# goes with it), as one would on a Pi, then remove the modules.
unload_modules() {
	local m d

	d=$(amp_dev)
	[ -z "$d" ] || [ ! -e "$d/driver" ] ||
		echo "$(basename "$d")" >/sys/bus/i2c/drivers/hpa380/unbind || return 1
	for m in $(echo "$MODULES" | tr ' ' '\n' | sed '1!G;h;$!d'); do
		rmmod "$m" || return 1
	done
}

# events_start FILE / events_stop: amixer's event monitor in the background,
# subscribed once events_start returns.
events_start() {
	local end=$(($(now_ms) + 5000))

	stdbuf -oL amixer -c "$CARD" events >"$1" 2>&1 &
	events_pid=$!
	until grep -q '^Ready to listen' "$1"; do
		[ "$(now_ms)" -lt "$end" ] || break
		sleep 0.01
	done
}

events_stop() {
	kill "$events_pid" 2>/dev/null
	wait "$events_pid" 2>/dev/null || true
}

# The I2S controller the card plays through (the Pi's clock-producing one).
I2S=$EMUL/i2s-i2s-producer

# i2s FIELD: a figure of the I2S controller (frames, streams, rate, width,
# channels, running, clocks); i2s_reset: count frames and streams anew.
i2s() {
	awk -v f="$1" '$1 == f { print $2 }' "$I2S"
}

i2s_reset() {
	echo 0 >"$I2S"
}

# amp_dev: the amplifier's I2C device in sysfs (bus 1, as on a Pi).
amp_dev() {
	local d

	for d in /sys/bus/i2c/devices/1-00*; do
		[ "$(cat "$d/name" 2>/dev/null)" = hpa380 ] && { echo "$d"; return; }
	done
}

# route: the route as the control and the chip's OUT_CFG ROUTE bit give it
# ("Unbalanced 0", "Balanced 1").
route() {
	echo "$(cget 'Output Route') $(($(reg 0x05) & 1))"
}

# plug_state none|se|bal|both: plug and unplug the emulated HAT's jacks
# until just the named ones hold a plug (se: a 32 Ohm IEM in the 3.5 mm
# jack; bal: a 300 Ohm headphone in the 4.4 mm one), each plug measured.
# Fails when a jack control or the measurement does not follow.
plug_state() {
	local se=off bal=off

	case $1 in
	se) se=on ;;
	bal) bal=on ;;
	both) se=on bal=on ;;
	esac
	set_jack 'Headphone Jack' se "$se" 32000 unbalanced &&
		set_jack 'Balanced Headphone Jack' bal "$bal" 300000 balanced
}

# set_jack CONTROL JACK on|off MOHM TYPE: one jack for plug_state; a plug
# is measured when the impedance reads its own (Done alone may be the
# other jack's).
set_jack() {
	[ "$(cget "$1" CARD)" = "$3" ] && return 0
	if [ "$3" = off ]; then
		emul unplug "$2"
		wait_ctl "$1" off 2000 CARD >/dev/null
		return
	fi
	emul plug "$2 $4 $4 $5"
	wait_ctl "$1" on 2000 CARD >/dev/null &&
		wait_ctl 'Headphone Load Impedance' "$4,$4" 3000 >/dev/null &&
		wait_ctl 'Headphone Load Detect Status' Done 3000 >/dev/null
}
