# SPDX-License-Identifier: GPL-2.0-only
# PipeWire and WirePlumber (Debian 12's, in their stock configurations) on
# the card through the UCM profile, as a desktop session runs them: with a
# session bus (WirePlumber's device reservation needs one: without it,
# WirePlumber exits); no udev daemon (the card's udev entry is written as
# udev's sound rules leave it) and no logind (one line of configuration
# turns WirePlumber's logind monitor off). With nothing plugged a sink for
# the card appears, on the fallback route Headphones3; plugging the 4.4 mm
# jack switches the card's active output route to the UCM device
# Headphones2 and the route control to Balanced; unplugged, back to the
# fallback; plugging the 3.5 mm jack switches to Headphones and Unbalanced.
# The routes as pw-dump gives the card's Route parameter; `wpctl status`
# with the 4.4 mm jack plugged is printed as comment lines. The daemons are
# stopped at the end (nothing may be left holding the card) and the card's
# volume, switch and route put back, for the scenarios after.

idx=$(sed -n "s/^ *\([0-9]*\) \[$CARD *\].*/\1/p" /proc/asound/cards)
pwdir=/tmp/pipewire
volume=$(cget 'Headphone Playback Volume')
switch=$(cget 'Headphone Playback Switch')

# The session's environment, for env (no spaces in it).
pwenv="XDG_RUNTIME_DIR=$pwdir/run XDG_CONFIG_HOME=$pwdir/config
	XDG_STATE_HOME=$pwdir/state DBUS_SESSION_BUS_ADDRESS=unix:path=$pwdir/run/bus"

# pw CMD...: CMD in the session's environment.
pw() {
	# shellcheck disable=SC2086 # one word per variable
	env $pwenv "$@"
}

# pw_route: the name of the card's active output route, as pw-dump gives
# the device's Route parameter ("[Out] Headphones2" for the UCM device).
pw_route() {
	pw pw-dump 2>/dev/null | awk '
		/"Route": \[/ { r = 1 }
		r && /"direction": "Output"/ { o = 1 }
		o && /"name": / { sub(/^ *"name": "/, ""); sub(/",?$/, ""); print; exit }'
}

# pw_sink_count: how many sinks PipeWire has for the card.
pw_sink_count() {
	pw pw-dump 2>/dev/null | awk -v card="$idx" '
		/"media.class": "Audio\/Sink"/ { s = 1 }
		/"api.alsa.pcm.card": / { c = $0; gsub(/[^0-9]/, "", c) }
		/^  \}/ { if (s && c == card) k++; s = 0; c = "" }
		END { print k + 0 }'
}

# wait_for WANTED TIMEOUT_MS CMD...: poll CMD until it prints WANTED;
# prints what it last printed.
wait_for() {
	local want="$1" end=$(($(now_ms) + $2)) v

	shift 2
	while :; do
		v=$("$@")
		[ "$v" = "$want" ] && break
		[ "$(now_ms)" -lt "$end" ] || break
		sleep 0.2
	done
	echo "$v"
}

# snd_users: how many open files of any process are ALSA device files.
snd_users() {
	local f n=0

	for f in /proc/[0-9]*/fd/*; do
		case $(readlink "$f" 2>/dev/null) in
		/dev/snd/*) n=$((n + 1)) ;;
		esac
	done
	echo "$n"
}

# shellcheck disable=SC2154 # lib.sh's count
f0=$failed
check "plugged: none" plug_state none
cset 'Output Route' Unbalanced
rm -rf "$pwdir"
mkdir -p "$pwdir/run" "$pwdir/state" "$pwdir/config/wireplumber/bluetooth.lua.d" /run/udev/data
chmod 700 "$pwdir/run"
# What udev's sound rules set once a card's devices are all there; PipeWire's
# ALSA monitor ignores a card without it.
echo "E:SOUND_INITIALIZED=1" >"/run/udev/data/+sound:card$idx"
# The test has no logind, whose monitor WirePlumber's Bluetooth part starts.
echo 'bluez_monitor.properties["with-logind"] = false' \
	>"$pwdir/config/wireplumber/bluetooth.lua.d/51-no-logind.lua"
t0=$(now_ms)
# The daemons, started by env itself (a function in the background would
# be a shell of its own, and $! its pid).
# shellcheck disable=SC2086 # one word per variable
{
	env $pwenv dbus-daemon --session --nofork --address="unix:path=$pwdir/run/bus" \
		>"$pwdir/dbus.log" 2>&1 &
	dbus_pid=$!
	env $pwenv pipewire >"$pwdir/pipewire.log" 2>&1 &
	pipewire_pid=$!
	env $pwenv wireplumber >"$pwdir/wireplumber.log" 2>&1 &
	wireplumber_pid=$!
}

# Nothing plugged: the card stays on the desktop through the fallback.
got=$(wait_for "[Out] Headphones3" 20000 pw_route)
echo "# PipeWire and WirePlumber up, the card's route set, after $(($(now_ms) - t0)) ms"
expect "nothing plugged: the card's active output route is Headphones3 (the fallback)" \
	"$got" "[Out] Headphones3"
expect "nothing plugged: a sink for the card" "$(wait_for 1 5000 pw_sink_count)" 1

check "plugged: bal" plug_state bal
expect "4.4 mm plugged: the card's active output route is Headphones2" \
	"$(wait_for "[Out] Headphones2" 10000 pw_route)" "[Out] Headphones2"
expect "4.4 mm plugged: Output Route reads Balanced" \
	"$(wait_ctl 'Output Route' Balanced 3000)" Balanced
expect "4.4 mm plugged: the card's sink" "$(pw_sink_count)" 1
echo "# wpctl status, the 4.4 mm jack plugged:"
pw wpctl status 2>&1 | sed 's/^/#   /'

check "plugged: none" plug_state none
expect "4.4 mm unplugged: the card's active output route is Headphones3" \
	"$(wait_for "[Out] Headphones3" 10000 pw_route)" "[Out] Headphones3"
check "plugged: se" plug_state se
expect "3.5 mm plugged: the card's active output route is Headphones" \
	"$(wait_for "[Out] Headphones" 10000 pw_route)" "[Out] Headphones"
expect "3.5 mm plugged: Output Route reads Unbalanced" \
	"$(wait_ctl 'Output Route' Unbalanced 3000)" Unbalanced

kill "$wireplumber_pid" "$pipewire_pid"
wait "$wireplumber_pid" "$pipewire_pid"
kill "$dbus_pid"
wait "$dbus_pid"
expect "the daemons stopped: no process holds the card" "$(snd_users)" 0
if [ "$failed" != "$f0" ]; then
	for f in "$pwdir"/*.log; do
		echo "# $f:"
		tail -n 30 "$f" | sed 's/^/#   /'
	done
fi
rm -rf "$pwdir" /run/udev
check "plugged: none" plug_state none
cset 'Headphone Playback Switch' "$switch"
cset 'Headphone Playback Volume' "$volume"
cset 'Output Route' Unbalanced
