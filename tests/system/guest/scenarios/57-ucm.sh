# SPDX-License-Identifier: GPL-2.0-only
# The UCM profile as `make install-ucm` installs it over Debian's
# alsa-ucm-conf, read by alsa-lib through alsaucm: found for the card
# (conf.d/simple-card/<card name>.conf), the HiFi verb with its three
# devices and their values, every control they name present on the card;
# in each plug state enabling Headphones or Headphones2 writes its route
# (Output Route and OUT_CFG bit 0) and Headphones3 leaves it; the devices
# conflict; the boot sequence unmutes at -30 dB.

ucm() {
	alsaucm -c "$CARD" "$@" 2>&1
}

# enadev DEVICE: a fresh alsaucm (as a client starts) enables DEVICE in
# HiFi; prints the route after it.
enadev() {
	ucm set _verb HiFi set _enadev "$1" >/dev/null
	route
}

volume=$(cget 'Headphone Playback Volume')
# alsa-lib names the file it loaded, not its folder; the wiring boot shows
# that the conf.d/simple-card link is what finds it.
expect "alsa-lib loads the profile as $CARD.conf" "$(ucm get _file)" "  _file=$CARD.conf"
# alsa-lib puts the prefix of its private configuration (alsa-ucm-conf's
# lib/generic.conf) before PCM names it hands out.
prefix=$(alsaucm -c "$CARD" getval _alibpref 2>/dev/null)
expect "one verb, HiFi" "$(ucm list _verbs | tr -s ' \n' ' ')" \
	" 0: HiFi Play HiFi quality Music "
expect "three devices: the two jacks and the fallback" \
	"$(ucm list _devices/HiFi | tr -s ' \n' ' ')" \
	" 0: Headphones Headphones (3.5 mm) 1: Headphones2 Balanced Headphones (4.4 mm) 2: Headphones3 Headphones (no plug detected) "

# DEVICE|its values, as PipeWire reads them (one alsaucm for all: it stops
# at the first missing value, hence JackControl last)
while IFS='|' read -r dev want; do
	got=$(alsaucm -c "$CARD" getval "PlaybackPCM/$dev/HiFi" \
		getval "PlaybackMixerElem/$dev/HiFi" getval "PlaybackVolume/$dev/HiFi" \
		getval "PlaybackSwitch/$dev/HiFi" getval "PlaybackPriority/$dev/HiFi" \
		getval "JackControl/$dev/HiFi" 2>/dev/null | tr '\n' '|')
	got=${got#"$prefix"}
	expect "$dev: PCM, mixer element, volume, switch, priority, jack" "$got" "$want"
	expect "$dev: conflicts with the two others" \
		"$(ucm list1 "_conflictingdevs/$dev/HiFi" | sed 's/^ *[0-9]*: //' | sort | tr '\n' ' ')" \
		"$(echo Headphones Headphones2 Headphones3 | tr ' ' '\n' | grep -vx "$dev" | tr '\n' ' ')"
done <<TABLE
Headphones|hw:$CARD|Headphone|Headphone Playback Volume|Headphone Playback Switch|200|Headphone Jack|
Headphones2|hw:$CARD|Headphone|Headphone Playback Volume|Headphone Playback Switch|300|Balanced Headphone Jack|
Headphones3|hw:$CARD|Headphone|Headphone Playback Volume|Headphone Playback Switch|100|
TABLE
expect "the controls the profile names are the card's" \
	"$(for c in 'iface=CARD,name=Headphone Jack' 'iface=CARD,name=Balanced Headphone Jack' \
		'name=Headphone Playback Volume' 'name=Headphone Playback Switch' 'name=Output Route'; do
		amixer -c "$CARD" cget "$c" >/dev/null 2>&1 || echo "missing: $c"; done)" ""

# Enabling a device does what its sequence says whatever is plugged: the
# jacks are for the sound server to read, not alsa-lib.
for state in none se both bal none; do
	check "plugged: $state" plug_state "$state"
	cset 'Output Route' Balanced
	a=$(enadev Headphones)
	b=$(enadev Headphones2)
	c=$(enadev Headphones3)
	cset 'Output Route' Unbalanced
	d=$(enadev Headphones3)
	expect "plugged: $state: Headphones -> Unbalanced, Headphones2 -> Balanced, Headphones3 leaves it" \
		"$a/$b/$c/$d" "Unbalanced 0/Balanced 1/Balanced 1/Unbalanced 0"
done

# One alsa-lib session: a device conflicting with an enabled one is
# refused; _swdev goes from one to the other.
ucm set _verb HiFi set _enadev Headphones set _enadev Headphones2 >/dev/null
expect "Headphones2 refused while Headphones is enabled (exit, route)" \
	"$? $(route)" "1 Unbalanced 0"
ucm set _verb HiFi set _enadev Headphones set _swdev/Headphones Headphones2 >/dev/null
expect "_swdev from Headphones to Headphones2 switches the route" \
	"$? $(route)" "0 Balanced 1"

# The boot sequence (alsactl init, for a card with no saved state).
cset 'Headphone Playback Volume' 0
cset 'Headphone Playback Switch' off
ucm set _boot "" >/dev/null
expect "boot sequence: -30 dB (140) unmuted; VOL_L, VOL_R 0x8c, MUTE 0x00; route kept" \
	"$(cget 'Headphone Playback Volume') $(cget 'Headphone Playback Switch') $(regs 0x06 0x07 0x08) $(route)" \
	"140,140 on,on 0x8c 0x8c 0x00 Balanced 1"
cset 'Headphone Playback Switch' off
cset 'Headphone Playback Volume' "$volume"
cset 'Output Route' Unbalanced
