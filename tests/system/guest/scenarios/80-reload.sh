# SPDX-License-Identifier: GPL-2.0-only
# Unload and reload the modules 20 times, every fifth time with a plug just
# inserted (a measurement running): each unload leaves nothing behind (no
# card, sound device, debugfs directory, I2C bus or client, driver bound to
# the HAT's nodes, module), and each load brings the card back, rebuilt by
# simple-audio-card from the same tree, with every control.

rounds=20
n_controls=$(amixer -c "$CARD" controls | wc -l)

# What must be gone after an unload; prints what is still there.
leftovers() {
	local d

	lsmod | awk '{ print $1 }' |
		grep -xF "$(echo "$MODULE_NAMES" | tr ' ' '\n')" | sed 's/^/module /'
	grep -q "$CARD" /proc/asound/cards && echo "card in /proc/asound/cards"
	ls /dev/snd 2>/dev/null | grep -E '^(controlC|pcmC)' | sed 's/^/device /'
	[ -e "$EMUL" ] && echo "debugfs $EMUL"
	ls /sys/bus/i2c/devices 2>/dev/null | sed 's/^/i2c /'
	for d in i2c-1 gpio i2s-producer i2s-consumer; do
		[ -e "/sys/bus/platform/devices/$d/driver" ] && echo "driver on $d"
	done
}

errors="" left="" missing="" misuse=""
for i in $(seq 1 "$rounds"); do
	if [ $((i % 5)) = 0 ]; then
		emul plug "se 32000 32000 unbalanced"
		sleep 0.08	# insertion debounce 50 ms: measuring now
	fi
	m="$(counter pops) $(counter illegal)"
	[ "$m" = "0 0" ] || misuse="$misuse round $i: pops, illegal $m;"
	unload_modules || errors="$errors round $i: unload failed;"
	l=$(leftovers)
	[ -z "$l" ] || left="$left round $i: $(echo "$l" | tr '\n' ',');"
	load_modules || errors="$errors round $i: load failed;"
	c=$(amixer -c "$CARD" controls 2>/dev/null | wc -l)
	[ "$c" = "$n_controls" ] || missing="$missing round $i: $c controls;"
done

expect "$rounds unload/reload rounds: every rmmod and insmod succeeded, the card back" "$errors" ""
expect "$rounds unload/reload rounds: nothing left behind after each unload" "$left" ""
expect "$rounds unload/reload rounds: the card and its $n_controls controls back each time" \
	"$missing" ""
expect "$rounds unload/reload rounds: no pops or illegal accesses before each unload" \
	"$misuse" ""
expect "after the reloads: power-on state (OUT_CFG 0x00, MUTE 0x03, no plug)" \
	"$(regs 0x05 0x08) $(cget 'Headphone Jack' CARD) $(cget 'Gain Mode')" \
	"0x00 0x03 off Normal"
emul plug "bal 300000 300000 balanced"
expect "after the reloads: a 300 Ohm headphone measures Done, 300000,300000" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000) $(cget 'Headphone Load Impedance')" \
	"Done 300000,300000"
emul unplug bal
wait_ctl 'Balanced Headphone Jack' off 2000 CARD >/dev/null
