# SPDX-License-Identifier: GPL-2.0-only
# alsactl store, change every writable control, alsactl restore: every
# control is back, and so are the chip's registers.

state=/tmp/hpa380.state
# NAME|stored value|changed value; OUT_CFG 0x0b = Balanced, High, 400 mA.
rw_controls="\
Headphone Playback Volume|123,45|7,8
Headphone Playback Switch|on,off|off,on
Gain Mode|High|Normal
Output Route|Balanced|Unbalanced
Current Limit|400 mA|100 mA"

set_all() {	# FIELD: 2 the stored values, 3 the changed ones
	local name stored changed

	while IFS='|' read -r name stored changed; do
		if [ "$1" = 2 ]; then cset "$name" "$stored"; else cset "$name" "$changed"; fi
	done <<EOF
$rw_controls
EOF
}

get_all() {
	local name rest

	while IFS='|' read -r name rest; do
		printf '%s=%s; ' "$name" "$(cget "$name")"
	done <<EOF
$rw_controls
EOF
	echo "regs $(regs 0x05 0x06 0x07 0x08)"
}

set_all 2
stored=$(get_all)
expect "state to store is set" "$stored" \
	"Headphone Playback Volume=123,45; Headphone Playback Switch=on,off; Gain Mode=High; Output Route=Balanced; Current Limit=400 mA; regs 0x0b 0x7b 0x2d 0x02"
check "alsactl store" alsactl -f "$state" store "$CARD"
set_all 3
expect "every control changed" "$(get_all)" \
	"Headphone Playback Volume=7,8; Headphone Playback Switch=off,on; Gain Mode=Normal; Output Route=Unbalanced; Current Limit=100 mA; regs 0x00 0x07 0x08 0x01"
check "alsactl restore" alsactl -f "$state" restore "$CARD"
expect "every control and register back after restore" "$(get_all)" "$stored"

# Back to the quiet state the next scenarios start from.
cset 'Headphone Playback Switch' off
cset 'Headphone Playback Volume' 160
cset 'Gain Mode' Normal
cset 'Output Route' Unbalanced
cset 'Current Limit' '100 mA'
