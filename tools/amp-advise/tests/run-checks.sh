#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `make check`: the cmocka suites (ASan+UBSan), each libFuzzer harness briefly, the binary offline,
# and end to end against the fake control device. Ends with "N passed, N failed".
# Usage: run-checks.sh BUILD_DIR "TESTS" "FUZZERS"   (run from tools/amp-advise)
set -u
B=$1
TESTS=$2
FUZZERS=$3
FUZZ_SECONDS=${FUZZ_SECONDS:-4}
passed=0
failed=0

# pass NAME / fail NAME [WHY]: one result.
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1${2:+: $2}"
}

# A cmocka suite counts its own tests; a crash counts as one failure more.
for t in $TESTS; do
	out=$(AMP_DATA=data/headphones.json "$B/test_$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	echo "unit $t: ${p:-0} passed, ${f:-0} failed"
	if [ "$rc" -ne 0 ]; then
		printf '%s\n' "$out" | grep -E '^\[  (ERROR|FAILED)|^ERROR|Sanitizer|runtime error' | head -20
		[ -n "$f" ] || fail "unit $t" "exit $rc"
	fi
done

# Each fuzzer for a few seconds from the seed corpus; new inputs go to the build tree.
for f in $FUZZERS; do
	mkdir -p "$B/corpus/$f"
	if "$B/fuzz_$f" -max_total_time="$FUZZ_SECONDS" -artifact_prefix="$B/fuzz-$f-" \
		"$B/corpus/$f" "fuzz/corpus/$f" >"$B/fuzz_$f.log" 2>&1; then
		pass
		echo "fuzz $f: $(grep -o 'Done [0-9]* runs' "$B/fuzz_$f.log")"
	else
		fail "fuzz $f" "see $B/fuzz_$f.log"
		tail -30 "$B/fuzz_$f.log"
	fi
done

. tests/smoke.sh
. tests/completion.sh
. tests/systemd-unit.sh
. tests/e2e.sh
rm -rf "$E2E"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
