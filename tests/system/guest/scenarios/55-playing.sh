# SPDX-License-Identifier: GPL-2.0-only
# Sound plays through the card: aplay plays a 3 s tone and speaker-test a
# sine on each channel, both end normally, take as long as the stream's
# rate says, and the I2S controller consumed every frame they sent. Then,
# while a stream plays: gain, route and limit changes, a plug and an unplug,
# a measurement request, and suspend-to-idle and resume.

PCM=hw:$CARD

# between NAME VALUE LOW HIGH: LOW <= VALUE <= HIGH.
between() {
	if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then
		ok "$1"
	else
		not_ok "$1" "got $2, wanted $3 to $4"
	fi
}

cset 'Headphone Playback Volume' 160
cset 'Headphone Playback Switch' on

# --- aplay: 3 s at 48 kHz, 16 bit, 144000 frames.
i2s_reset
t0=$(now_ms)
aplay -q -D "$PCM" /hpa380/tone.wav
st=$?
ms=$(($(now_ms) - t0))
expect "aplay of the 3 s tone ends normally" "$st" 0
expect "the I2S controller ran one stream at 48000 Hz, 2 x 16 bit" \
	"$(i2s streams) $(i2s rate) $(i2s channels) $(i2s width) $(i2s running)" \
	"1 48000 2 16 0"
# The bit clock consumes whole periods: at most one period past the data.
between "the I2S controller consumed the 144000 frames sent (at most a period more)" \
	"$(i2s frames)" 144000 $((144000 + 48000 / 4))
between "aplay took real time: 3 s of sound in 2.9 to 4 s" "$ms" 2900 4000

# --- speaker-test: a sine on each channel, each for the whole periods
# that fit in 3 s, at 44.1 kHz in 32-bit samples.
i2s_reset
t0=$(now_ms)
out=$(speaker-test -D "$PCM" -c 2 -r 44100 -F S32_LE -t sine -f 997 -l 1 2>&1)
st=$?
ms=$(($(now_ms) - t0))
period=$(echo "$out" | sed -n 's/.*was set period_size = \([0-9]*\).*/\1/p' | head -n 1)
sent=$((2 * (44100 * 3 / ${period:-1}) * ${period:-0}))
expect "speaker-test ends normally" "$st" 0
expect "the I2S controller ran at 44100 Hz, 2 x 32 bit" \
	"$(i2s rate) $(i2s channels) $(i2s width) $(i2s running)" "44100 2 32 0"
between "the I2S controller consumed the $sent frames speaker-test sent (period $period)" \
	"$(i2s frames)" "$sent" $((sent + ${period:-0}))
between "speaker-test took real time ($sent frames at 44.1 kHz)" "$ms" \
	$((sent * 10 / 441 - 100)) $((sent * 10 / 441 + 1500))

# --- Power follows the stream (datasheet 11.5). An IEM in, nothing plays
# (the card's pmdown_time after speaker-test over): the chip is in standby.
emul plug "se 32000 32000 unbalanced"
wait_ctl 'Headphone Load Detect Status' Done 3000 >/dev/null
expect "plugged, nothing playing: standby (POWER 0x00, OUT_EN 0x00)" \
	"$(wait_reg 0x03 0x00 8000) $(reg 0x04)" "0x00 0x00"

speaker-test -D "$PCM" -c 2 -r 48000 -t sine -f 997 -l 0 >/tmp/bg-play.log 2>&1 &
player=$!
sleep 0.5
playing() { [ "$(i2s running)" = 1 ] && kill -0 "$player" 2>/dev/null; }
check "a stream plays in the background" playing
analog_reset
sleep 0.2
expect "... and reaches the load (the chip model's rig: above 1 mV rms)" \
	"$(awk -v l="$(analog se l max)" -v r="$(analog se r max)" 'BEGIN {
		print ((l > 1000 || r > 1000) ? "yes" : l " " r) }')" yes
expect "the stream powers reference, inputs and the plus stages (POWER 0x07, OUT_EN 0x05)" \
	"$(regs 0x03 0x04 0x08)" "0x07 0x05 0x00"

emul plug "bal 300000 300000 balanced"
expect "while playing: a second plug is measured, the switch back on after" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000) $(cget 'Headphone Load Impedance') $(wait_reg 0x08 0x00) $(cget 'Headphone Playback Switch')" \
	"Done 300000,300000 0x00 on,on"
pops=$(counter pops)
cset 'Gain Mode' High
cset 'Current Limit' '200 mA'
cset 'Output Route' Balanced
expect "while playing: gain, limit and route change (OUT_CFG 0x07, all four stages on)" \
	"$(regs 0x05 0x04) $(reg 0x08)" "0x07 0x0f 0x00"
cset 'Output Route' Unbalanced
cset 'Gain Mode' Normal
cset 'Current Limit' '100 mA'
expect "while playing: back to Unbalanced, Normal, 100 mA (the minus stages off)" \
	"$(regs 0x05 0x04) $(reg 0x08)" "0x00 0x05 0x00"
expect "while playing: the mode changes made no pop" "$(counter pops)" "$pops"
out=$(cset 'Headphone Load Detect Switch' on 2>&1)
expect "while playing: a measurement request is refused (busy)" \
	"$? $(echo "$out" | grep -o 'Device or resource busy')" "1 Device or resource busy"
emul unplug bal
wait_ctl 'Balanced Headphone Jack' off 2000 CARD >/dev/null

# Suspend to idle for 2 s (the RTC's alarm wakes the system). The card
# powers the outputs down before the chip loses power, and up after.
frames=$(i2s frames)
pops=$(counter pops)
echo +2 >/sys/class/rtc/rtc0/wakealarm
echo freeze >/sys/power/state
st=$?
expect "while playing: suspend to idle and resume" "$st" 0
sleep 1
check "after resume: the stream plays on" playing
between "after resume: the I2S controller consumes frames again" \
	"$(($(i2s frames) - frames))" 48000 10000000
expect "after resume: the plug is measured again, the switch is on" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000) $(cget 'Headphone Load Impedance') $(wait_reg 0x08 0x00)" \
	"Done 32000,32000 0x00"
expect "after resume: the chip holds the settings (OUT_CFG, VOL_L, VOL_R)" \
	"$(regs 0x05 0x06 0x07)" "0x00 0xa0 0xa0"
expect "after resume: the outputs up again, and no pop on the way down or up" \
	"$(regs 0x03 0x04) $(counter pops)" "0x07 0x05 $pops"

# Both jacks empty while the stream plays: no path, so every stage off.
emul unplug se
expect "while playing: the unplug is seen, the result cleared, the stages off" \
	"$(wait_ctl 'Headphone Jack' off 2000 CARD) $(wait_ctl 'Headphone Load Detect Status' Idle 2000) $(wait_reg 0x04 0x00)" \
	"off Idle 0x00"
emul plug "se 32000 32000 unbalanced"
expect "while playing: plugged again, the plus stages on" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000) $(wait_reg 0x04 0x05 1000)" "Done 0x05"

# The stream ends: the card keeps the outputs up for its pmdown_time (5 s),
# then they go down in order, to standby.
kill -INT "$player"
wait "$player" 2>/dev/null
t0=$(now_ms)
expect "the background stream stopped" "$(i2s running)" 0
sleep 1
expect "1 s after the stream: still up (the card's pmdown_time)" \
	"$(regs 0x03 0x04)" "0x07 0x05"
down=$(wait_reg 0x03 0x00 8000)
ms=$(($(now_ms) - t0))
expect "then standby (POWER 0x00, OUT_EN 0x00)" "$down $(reg 0x04)" "0x00 0x00"
between "... about 5 s after the stream ended" "$ms" 4500 7000
emul unplug se
wait_ctl 'Headphone Jack' off 2000 CARD >/dev/null

# Suspend to idle with nothing playing.
echo +2 >/sys/class/rtc/rtc0/wakealarm
echo freeze >/sys/power/state
expect "idle: suspend to idle and resume" "$?" 0
expect "after resume: the controls and the chip agree (volume 160, muted off)" \
	"$(cget 'Headphone Playback Volume') $(regs 0x06 0x08)" "160,160 0xa0 0x00"
cset 'Headphone Playback Switch' off
