# SPDX-License-Identifier: GPL-2.0-only
# PipeWire's card layer, ACP (spa-acp-tool from Debian's pipewire-bin), on
# the card through the UCM profile, in each plug state: the three ports
# with availability following the jacks (the fallback's is unknown), the
# HiFi profile available and chosen even with nothing plugged (so the
# session manager keeps the card on); opening the card picks the best port
# (available before unknown, then priority) and enables its UCM device, so
# the route follows the plug. The listing with the 4.4 mm jack plugged is
# printed as comment lines.

idx=$(sed -n "s/^ *\([0-9]*\) \[$CARD *\].*/\1/p" /proc/asound/cards)

# acp: the card as ACP lists it (spa-acp-tool prints to stderr).
acp() {
	spa-acp-tool -c "$idx" list 2>&1
}

# ports LIST: the HiFi profile and each output port as NAME=availability,
# the active ones starred, by name.
ports() {
	echo "$1" | sed -n \
		-e 's/^ *\([* ]\) port [0-9]*: name:"\[Out\] \([^"]*\)" .*(available: \([a-z]*\))$/\2=\3\1/p' \
		-e 's/^ *\([* ]\) profile [0-9]*: name:"\(HiFi\)" .*(available: \([a-z]*\))$/\2=\3\1/p' |
		tr -d ' ' | sort -t= -k1,1 | tr '\n' ' '
}

# STATE|route set before|ports and profile|route after
while IFS='|' read -r state before want after; do
	check "plugged: $state" plug_state "$state"
	cset 'Output Route' "$before"
	list=$(acp)
	expect "ACP, plugged: $state: ports and HiFi profile" "$(ports "$list")" "$want"
	expect "ACP, plugged: $state: the route after opening the card" "$(route)" "$after"
	if [ "$state" = bal ]; then
		echo "# spa-acp-tool -c $idx list, the 4.4 mm jack plugged:"
		echo "$list" | sed 's/^/#   /'
	fi
done <<TABLE
none|Balanced|Headphones=no Headphones2=no Headphones3=unknown* HiFi=yes* |Balanced 1
se|Balanced|Headphones=yes* Headphones2=no Headphones3=unknown HiFi=yes* |Unbalanced 0
both|Unbalanced|Headphones=yes Headphones2=yes* Headphones3=unknown HiFi=yes* |Balanced 1
bal|Unbalanced|Headphones=no Headphones2=yes* Headphones3=unknown HiFi=yes* |Balanced 1
none|Unbalanced|Headphones=no Headphones2=no Headphones3=unknown* HiFi=yes* |Unbalanced 0
TABLE
cset 'Output Route' Unbalanced
