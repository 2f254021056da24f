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
