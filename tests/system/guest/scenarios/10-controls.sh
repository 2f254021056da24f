# SPDX-License-Identifier: GPL-2.0-only
# Every control of the card with its exact name, interface, type, access,
# count, range, items and dB scale (datasheet section 11.1), as amixer sees
# it; and no other control.

# One line per control from `amixer contents`, values left out:
# 'NAME' IFACE TYPE ACCESS values=N [min=.. max=.. step=..] [items=A|B]
# [dBscale-...]
controls_canonical() {
	amixer -c "$CARD" contents | awk '
		function flush() { if (line != "") print line items db; items = ""; db = "" }
		/^numid=/ {
			flush()
			iface = $0; sub(/.*iface=/, "", iface); sub(/,.*/, "", iface)
			name = $0; sub(/.*name=/, "", name)
			line = name " " iface
		}
		/^  ; type=/ {
			n = split(substr($0, 5), f, ",")
			for (i = 1; i <= n; i++) {
				split(f[i], kv, "=")
				if (kv[1] == "type" || kv[1] == "access")
					line = line " " kv[2]
				else if (kv[1] != "items")
					line = line " " f[i]
			}
		}
		/^  ; Item #/ {
			t = $0; sub(/^[^\047]*\047/, "", t); sub(/\047$/, "", t)
			items = items (items == "" ? " items=" : "|") t
		}
		/^  \| / { db = " " substr($0, 5) }
		END { flush() }'
}

expected_controls="\
'Headphone Playback Volume' MIXER INTEGER rw---R-- values=2 min=0 max=200 step=0 dBscale-min=-100.00dB,step=0.50dB,mute=1
'Headphone Playback Switch' MIXER BOOLEAN rw------ values=2
'Gain Mode' MIXER ENUMERATED rw------ values=1 items=Normal|High
'Output Route' MIXER ENUMERATED rw------ values=1 items=Unbalanced|Balanced
'Current Limit' MIXER ENUMERATED rw------ values=1 items=100 mA|200 mA|400 mA
'Headphone Load Impedance' CARD INTEGER r------- values=2 min=0 max=2000000 step=0
'Headphone Load Type' CARD ENUMERATED r------- values=1 items=Unknown|None|Unbalanced|Balanced|Short
'Headphone Load Detect Status' CARD ENUMERATED r------- values=1 items=Idle|Measuring|Done|Error
'Headphone Load Detect Switch' CARD BOOLEAN rw-v---- values=1
'Headphone Fault' CARD ENUMERATED r------- values=1 items=None|Over-current|Over-temperature|Short
'Headphone Jack' CARD BOOLEAN r------- values=1
'Balanced Headphone Jack' CARD BOOLEAN r------- values=1"

actual_controls=$(controls_canonical)
while IFS= read -r want; do
	name=${want%%\' *}\'
	got=$(echo "$actual_controls" | grep -F "$name " | head -n 1)
	expect "control $name" "$got" "$want"
done <<EOF
$expected_controls
EOF
extra=$(echo "$actual_controls" | while IFS= read -r got; do
	echo "$expected_controls" | grep -qF "${got%%\' *}' " || echo "$got"; done)
expect "no other controls on the card" "$extra" ""
