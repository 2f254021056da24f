# SPDX-License-Identifier: GPL-2.0-only
# The kernel's own ALSA conformance test, tools/testing/selftests/alsa
# mixer-test, on the card: every control's name, value read, valid and
# invalid writes, write of the default, and events (none missing, none
# spurious). It leaves each control as it found it.
#
# Expected skips: mixer-test cannot write read-only controls, so it skips
# write_default, write_valid and write_invalid for each of them ("... is not
# writeable"): Load Impedance, Load Type, Load Detect Status, Fault and the
# two jack controls, 6 x 3 = 18. Any other skip fails the check.

log=/tmp/mixer-test.log
# Nothing plays and the card is muted: a write of 1 to the detect trigger
# starts a measurement (of an empty jack) instead of failing with -EBUSY.
(cd /opt/alsa-selftest && ./mixer-test) >"$log" 2>&1
st=$?
totals=$(grep '^# Totals:' "$log" | tail -n 1)
echo "# mixer-test: ${totals#\# }"
expect "mixer-test ran to its totals and exited 0" \
	"$st $([ -n "$totals" ] && echo totals)" "0 totals"
expect "mixer-test: no failures" \
	"$(grep -E '^not ok ' "$log" | grep -v '# SKIP')" ""
expect "mixer-test: 18 skips, the writes of the 6 read-only controls" \
	"$(echo "$totals" | sed -n 's/.* skip:\([0-9]*\).*/\1/p') $(sed -n 's/^# \(.*\) is not writeable$/\1/p' "$log" | sort | uniq -c | awk '{ $1 = $1; print }' | tr '\n' ';')" \
	"18 3 Balanced Headphone Jack;3 Headphone Fault;3 Headphone Jack;3 Headphone Load Detect Status;3 Headphone Load Impedance;3 Headphone Load Type;"
# On failure, mixer-test's own diagnostics.
if grep -q '^not ok ' "$log"; then
	grep -E '^not ok|^# .*(Switch|event|expected|failed|invalid|differ|mismatch|error)' "$log" |
		grep -v '# SKIP' | head -n 40 | sed 's/^/#   /'
fi
