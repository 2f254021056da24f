# SPDX-License-Identifier: GPL-2.0-only
# `make demo` inside the guest (sourced by /init after the modules are
# loaded): the card, its controls, headphones plugged into the emulated
# jacks, the load the driver measured and amp-advise's advice.

say() {
	echo
	echo "== $*"
}

# run COMMAND...: show it, then its output.
run() {
	local a line="\$"

	for a; do
		case $a in
		*" "*) line="$line '$a'" ;;
		*) line="$line $a" ;;
		esac
	done
	echo "$line"
	"$@" 2>&1 || echo "(exit status $?)"
}

# plug WHAT JACK SPEC: plug a load into the emulated board, wait for the
# driver's measurement.
plug() {
	echo "(plugging $1 into the $2 jack of the emulated HAT)"
	emul plug "$3"
	wait_ctl 'Headphone Load Detect Status' Done 3000 >/dev/null ||
		echo "(the measurement did not finish)"
}

unplug() {
	emul unplug "$1"
	wait_ctl 'Headphone Load Detect Status' Idle 2000 >/dev/null || true
}

# The measured load, as a person reads it.
show_load() {
	local z

	z=$(cget 'Headphone Load Impedance')
	echo "Jacks: 3.5 mm $(cget 'Headphone Jack' CARD), 4.4 mm $(cget 'Balanced Headphone Jack' CARD)"
	echo "Measured load: $(cget 'Headphone Load Type'), left $(awk -v m="${z%,*}" 'BEGIN { printf "%.1f", m / 1000 }') Ohm, right $(awk -v m="${z#*,}" 'BEGIN { printf "%.1f", m / 1000 }') Ohm"
	echo "Detection: $(cget 'Headphone Load Detect Status'); fault: $(cget 'Headphone Fault')"
}

# The amplifier's mode, as the controls now read.
show_mode() {
	echo "Amplifier now: $(cget 'Output Route') route, $(cget 'Gain Mode') gain, $(cget 'Current Limit') limit, volume $(cget 'Headphone Playback Volume') (of 200)"
}

say "The sound card, made by simple-audio-card from the HAT's overlay: the Pi's I2S, the PCM5102A DAC and the HPA380 amplifier (driver snd-soc-hpa380 on an emulated chip)"
run uname -m
run cat /proc/asound/cards
run aplay -l

say "Its mixer controls"
run amixer -c "$CARD" controls
run amixer -c "$CARD" sget Headphone

say "A 3 s tone plays through the card (the emulated I2S consumes it in real time)"
cset 'Headphone Playback Volume' 160
cset 'Headphone Playback Switch' on
i2s_reset
run aplay -D "hw:$CARD" /hpa380/tone.wav
echo "The I2S controller consumed $(i2s frames) frames at $(i2s rate) Hz."

say "A Sennheiser HD600 (300 Ohm, 97 dB/mW) goes into the 4.4 mm balanced jack"
cset 'Headphone Playback Volume' 160
cset 'Headphone Playback Switch' on
plug "a 300 Ohm headphone" "4.4 mm" "bal 300000 300000 balanced"
show_load

say "amp-advise: what mode reaches 110 dB SPL with the least noise and drain?"
run amp-advise -c "$CARD" -m HD600

say "amp-advise --apply: set it (the volume goes down first when the new mode is louder)"
run amp-advise -c "$CARD" -m HD600 --apply
show_mode

say "The HD600 comes out; a Sennheiser IE 300 in-ear (16 Ohm, 124 dB/V) goes into the 3.5 mm jack"
unplug bal
plug "a 16 Ohm IEM" "3.5 mm" "se 16000 16000 unbalanced"
show_load
run amp-advise -c "$CARD" -m "IE 300" --apply
show_mode

say "A hard-to-drive planar, the HiFiMAN Susvara (60 Ohm, 91.5 dB/V), on the 4.4 mm jack"
unplug se
plug "a 60 Ohm planar" "4.4 mm" "bal 60000 60000 balanced"
show_load
run amp-advise -c "$CARD" -m Susvara

say "That is the whole chain: kernel driver, ALSA controls, load detection and amp-advise."
