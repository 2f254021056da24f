# SPDX-License-Identifier: GPL-2.0-only
# amixer writes every item of every enumerated control and the volume and
# switch boundaries, reads each back, and the chip's registers hold what the
# datasheet (section 6) says for it: OUT_CFG 0x05 [0] ROUTE [1] GAIN
# [3:2] ILIM; VOL_L/VOL_R 0x06/0x07 = code; MUTE 0x08 [0] L [1] R.

hex() {
	printf '0x%02x' "$1"
}

# Stages on are those of the route, or none (DAPM, datasheet section 7).
out_en_fits_route() {
	local en route

	en=$(reg 0x04)
	route=$(($(reg 0x05) & 1))
	[ "$en" = 0x00 ] && return 0
	[ "$route" = 0 ] && [ "$en" = 0x05 ] && return 0
	[ "$route" = 1 ] && [ "$en" = 0x0f ]
}

expect "power-on gain, route, limit (datasheet 11.4 defaults)" \
	"$(cget 'Gain Mode')/$(cget 'Output Route')/$(cget 'Current Limit') $(reg 0x05)" \
	"Normal/Unbalanced/100 mA 0x00"

# CONTROL|ITEM|OUT_CFG after it, applied in this order from the defaults.
while IFS='|' read -r ctl item want; do
	cset "$ctl" "$item"
	expect "$ctl = $item: read back, OUT_CFG $want" \
		"$(cget "$ctl") $(reg 0x05)" "$item $want"
	check "$ctl = $item: OUT_EN holds the route's stages or none" \
		out_en_fits_route
done <<TABLE
Gain Mode|High|0x02
Gain Mode|Normal|0x00
Output Route|Balanced|0x01
Output Route|Unbalanced|0x00
Current Limit|200 mA|0x04
Current Limit|400 mA|0x08
Current Limit|100 mA|0x00
Gain Mode|High|0x02
Output Route|Balanced|0x03
Current Limit|400 mA|0x0b
Current Limit|200 mA|0x07
Output Route|Unbalanced|0x06
Gain Mode|Normal|0x04
Current Limit|100 mA|0x00
TABLE

# Volume codes at the ends of the range and next to them, both channels
# alike and apart.
for v in 0 1 199 200 1,199 200,0; do
	l=${v%,*} r=${v#*,}
	cset 'Headphone Playback Volume' "$v"
	expect "Volume = $l,$r: read back, VOL_L VOL_R" \
		"$(cget 'Headphone Playback Volume') $(regs 0x06 0x07)" \
		"$l,$r $(hex "$l") $(hex "$r")"
done

# Volume set in dB through the control's TLV (0.5 dB steps, code 0 mute).
for db in -99.5:1 -0.5:199 0:200 -50:100; do
	amixer -q -c "$CARD" -- sset Headphone "${db%:*}dB"
	expect "Volume set to ${db%:*} dB is code ${db#*:}" \
		"$(cget 'Headphone Playback Volume') $(regs 0x06 0x07)" \
		"${db#*:},${db#*:} $(hex "${db#*:}") $(hex "${db#*:}")"
done
cset 'Headphone Playback Volume' 1
expect "amixer shows code 1 as -99.50 dB" \
	"$(amixer -c "$CARD" sget Headphone | grep -o '\[-*[0-9.]*dB\]' | sort -u)" \
	"[-99.50dB]"

for sw in on,on:0x00 off,off:0x03 on,off:0x02 off,on:0x01; do
	cset 'Headphone Playback Switch' "${sw%:*}"
	expect "Switch = ${sw%:*}: read back, MUTE ${sw#*:}" \
		"$(cget 'Headphone Playback Switch') $(reg 0x08)" \
		"${sw%:*} ${sw#*:}"
done

# Leave the card muted at a moderate level for the scenarios that follow.
cset 'Headphone Playback Switch' off
cset 'Headphone Playback Volume' 160
