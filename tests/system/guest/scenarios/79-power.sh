# SPDX-License-Identifier: GPL-2.0-only
# Power over the scenarios so far (the chip model's supply account, the I2S
# controller's running time): the outputs are on while a stream plays, and
# for the card's pmdown_time (5 s) after each, not otherwise.

supply() {
	awk -v k="$1" '$1 == k { print $2 }' "$EMUL/supply"
}

on=$(($(supply outputs) + $(supply bridged)))
played=$(i2s all_running_ms)
streams=$(i2s all_streams)
echo "# power so far: outputs on $on ms (bridged $(supply bridged) ms), reference only $(supply reference) ms, standby $(supply standby) ms; $streams streams played $played ms; charge $(supply charge_uc) uC"
expect "the outputs were on no longer than the streams played, plus 5 s after each" \
	"$([ "$on" -le $((played + 5000 * streams + 1000)) ] && echo yes)" yes

# The charge the chip drew over the run so far, idle (nothing playing: the
# standby, reference and reset states) against playing (the outputs on, the
# loads' current with them), from the datasheet's figures by state (section
# 3) and the load current the model computed.
awk '{ v[$1] = $2 } END {
	idle_ms = v["standby"] + v["reference"] + v["reset"] + v["off"]
	idle_uc = v["standby"] * 0.05 + v["reference"] * 1 + v["reset"] * 0.001
	play_ms = v["outputs"] + v["bridged"]
	play_uc = v["outputs"] * 6 + v["bridged"] * 12 + v["load_uc"]
	printf "# charge so far: %d uC in all; idle %.1f s, %d uC (%.0f uA average); playing %.1f s, %d uC (%.2f mA average, of it the loads %d uC)\n",
		v["charge_uc"], idle_ms / 1000, idle_uc, idle_ms ? idle_uc * 1000 / idle_ms : 0,
		play_ms / 1000, play_uc, play_ms ? play_uc / play_ms : 0, v["load_uc"]
}' "$EMUL/supply"
expect "the charge adds up: the states' figures and the loads' current make the total (within 1 %)" \
	"$(awk '{ v[$1] = $2 } END {
		s = v["standby"] * 0.05 + v["reference"] * 1 + v["reset"] * 0.001 +
		    v["outputs"] * 6 + v["bridged"] * 12 + v["load_uc"]
		d = s - v["charge_uc"]; if (d < 0) d = -d
		print (d <= v["charge_uc"] / 100 + 5) ? "yes" : s " vs " v["charge_uc"] }' "$EMUL/supply")" yes
