# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Sourced by the checks in tests/pi and by tests/module-build.sh: one
# "ok - ..." or "FAIL - ..." line per check, then "NAME: N passed, N failed"
# (the count tests/check.sh adds up).

passed=0
failed=0

# The newest installed Debian 6.12 amd64 headers' folder (linux-headers-6.12-amd64).
headers_612() { ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | sort -V | tail -n 1; }

# dkms_conf FIELD: PACKAGE_FIELD's value in driver/dkms.conf (NAME, VERSION).
dkms_conf() {
	sed -n "s/^PACKAGE_$1=\"\(.*\)\"$/\1/p" "$(dirname "${BASH_SOURCE[0]}")/../../driver/dkms.conf"
}

# result NAME STATUS [DETAILS]: record one check; DETAILS show on failure.
result() {
	if [ "$2" = 0 ]; then
		echo "ok - $1"
		passed=$((passed + 1))
	else
		echo "FAIL - $1"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | head -n 40 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# check NAME COMMAND...: passes when COMMAND exits 0.
check() {
	local name=$1 out st=0

	shift
	out=$("$@" 2>&1) || st=$?
	result "$name" "$st" "$out"
}

# quiet NAME COMMAND...: passes when COMMAND exits 0 and prints nothing.
quiet() {
	local name=$1 out st=0

	shift
	out=$("$@" 2>&1) || st=$?
	[ "$st" != 0 ] || [ -z "$out" ] || st=1
	result "$name" "$st" "$out"
}

# expect NAME ACTUAL WANTED: passes when the two strings are equal.
expect() {
	if [ "$2" = "$3" ]; then
		result "$1" 0
	else
		result "$1" 1 "got:    $2
wanted: $3"
	fi
}

# finish NAME: the closing count; fails when any check failed.
finish() {
	echo "$1: took ${SECONDS}s"
	echo "$1: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
