# SPDX-License-Identifier: GPL-2.0-only
# alsamixer as a user sees it, in a detached tmux session of a fixed size:
# exactly the four strips a user sets (the results and jacks are on the
# card interface, which mixers do not show), in alsa-lib's order (Headphone
# first, a name it knows, then the others alphabetically), labelled as
# alsamixer fits names to its columns, the "Item:" line of the focused
# strip, and the keyboard: Right moves along the strips, Up on the Gain Mode
# strip sets High (amixer and the chip's OUT_CFG agree), Down sets Normal
# again.
#
# alsa-utils' alsamixer/mixer_display.c, compute_controls_layout(): for N
# strips on COLS columns a strip is (COLS - 3 - N) / N columns wide, at
# least 8 and at most the longest name rounded up to even; the first one
# starts at column 2 + (COLS - 3 - N * (W + 1)) / 2, one column between
# strips; a label longer than W is cut to W.

tm() {
	tmux -L hpa380 -f /dev/null "$@"
}

screen() {
	tm capture-pane -p -t mixer
}

# mixer_open COLS ROWS: alsamixer on the card in a tmux window of that
# size, in the C locale (ASCII line drawing, one byte a column; tmux itself
# wants UTF-8); waits for the focused strip's "Item:" line.
mixer_open() {
	local end=$(($(now_ms) + 10000))

	LC_ALL=C.UTF-8 tm new-session -d -s mixer -x "$1" -y "$2" \
		"LC_ALL=C alsamixer -c $CARD" || return 1
	until screen | grep -q 'Item: Headphone'; do
		[ "$(now_ms)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

mixer_close() {
	tm kill-server 2>/dev/null || true
}

# strip_width COLS N LONGEST: the strips' width for N of them whose longest
# name has LONGEST characters.
strip_width() {
	local w=$((($1 - 3 - $2) / $2)) max=$(((($3 > 8 ? $3 : 8) + 1) & ~1))

	[ "$w" -ge 8 ] || w=8
	[ "$w" -le "$max" ] || w=$max
	[ "$w" -le $(($1 - 4)) ] || w=$(($1 - 4))
	echo "$w"
}

# fields ROW COLS N W: what the screen shows in each of the N strips' columns
# on ROW (0 is the top), trimmed, each followed by ";".
fields() {
	screen | awk -v row="$1" -v cols="$2" -v n="$3" -v w="$4" 'NR == row + 1 {
		x = 2 + int((cols - 3 - n * (w + 1)) / 2)
		for (i = 0; i < n; i++) {
			f = substr($0, x + i * (w + 1) + 1, w)
			gsub(/^ +| +$/, "", f)
			printf "%s;", f
		}
	}'
}

# row TEXT: the first screen row (0 is the top) holding TEXT, but the
# "Item:" line.
row() {
	screen | awk -v t="$1" 'index($0, t) && !index($0, "Item:") { print NR - 1; exit }'
}

# item: the "Item:" line's text (the focused strip and its value).
item() {
	screen | sed -n 's/.*Item: \(.*\)/\1/p' | sed 's/  .*//'
}

# wait_item TEXT: poll the Item: line until it reads TEXT (2 s); prints it.
wait_item() {
	local end=$(($(now_ms) + 2000)) v

	while :; do
		v=$(item)
		[ "$v" = "$1" ] && break
		[ "$(now_ms)" -lt "$end" ] || break
		sleep 0.1
	done
	echo "$v"
}

cset 'Headphone Playback Volume' 140
cset 'Gain Mode' Normal
cset 'Output Route' Unbalanced
cset 'Current Limit' '100 mA'
names="Headphone;Current Limit;Gain Mode;Output;"
longest=13	# "Current Limit"

# 80 x 24, a terminal's usual size: 4 strips of 14 columns, whole names.
if ! mixer_open 80 24; then
	not_ok "alsamixer -c $CARD opens in tmux (80 x 24)" "$(screen 2>&1)"
else
	w=$(strip_width 80 4 $longest)
	labels=$(row 'Current')
	# The screen, for the log; tmux captures line drawing as the VT100
	# letters (x a vertical line, q a horizontal one).
	screen | sed 's/^/#   /'
	expect "80 x 24: four strips labelled Headphone, Current Limit, Gain Mode, Output" \
		"$w $(fields "$labels" 80 4 "$w")" "14 $names"
	expect "80 x 24: the label row holds those four and nothing else" \
		"$(screen | sed -n "$((labels + 1))p" | cut -c 2-79 | tr '<>' '  ' | tr -s ' ')" \
		" Headphone Current Limit Gain Mode Output "
	expect "80 x 24: the enum strips show 100 mA, Normal, Unbalanced" \
		"$(fields "$(row Unbalanced)" 80 4 "$w" | cut -d';' -f2-)" \
		"100 mA;Normal;Unbalanced;"
	expect "focus on the volume strip: Item: Headphone at -30 dB" \
		"$(item)" "Headphone [dB gain: -30.00, -30.00]"
	tm send-keys -t mixer Right
	expect "Right: Item: Current Limit [100 mA]" \
		"$(wait_item 'Current Limit [100 mA]')" "Current Limit [100 mA]"
	tm send-keys -t mixer Right
	expect "Right: Item: Gain Mode [Normal]" "$(wait_item 'Gain Mode [Normal]')" \
		"Gain Mode [Normal]"
	tm send-keys -t mixer Up
	expect "Up on Gain Mode: Item: Gain Mode [High], the strip shows High" \
		"$(wait_item 'Gain Mode [High]') $(fields "$(row Unbalanced)" 80 4 "$w" | cut -d';' -f3)" \
		"Gain Mode [High] High"
	expect "Up on Gain Mode: amixer reads High, the chip's OUT_CFG 0x02" \
		"$(wait_ctl 'Gain Mode' High) $(wait_reg 0x05 0x02)" "High 0x02"
	tm send-keys -t mixer Down
	expect "Down on Gain Mode: Normal again (Item:, amixer, OUT_CFG 0x00)" \
		"$(wait_item 'Gain Mode [Normal]') $(wait_ctl 'Gain Mode' Normal) $(wait_reg 0x05 0x00)" \
		"Gain Mode [Normal] Normal 0x00"
	tm send-keys -t mixer Right
	expect "Right: Item: Output [Unbalanced] (alsa-lib drops ' Route')" \
		"$(wait_item 'Output [Unbalanced]')" "Output [Unbalanced]"
fi
mixer_close

# 40 columns: strips of 8, the narrowest; the labels are cut, and still
# tell the four apart.
if ! mixer_open 40 24; then
	not_ok "alsamixer -c $CARD opens in tmux (40 x 24)" "$(screen 2>&1)"
else
	w=$(strip_width 40 4 $longest)
	expect "40 x 24: strips of 8 columns: Headphon, Current, Gain Mod, Output" \
		"$w $(fields "$(row 'Current')" 40 4 "$w")" "8 Headphon;Current;Gain Mod;Output;"
fi
mixer_close
