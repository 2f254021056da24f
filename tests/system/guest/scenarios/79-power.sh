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
