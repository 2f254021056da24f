#!/bin/bash
# Static checks of the kernel code: an out-of-tree build with W=1 and sparse
# (C=1) against Debian's 6.12 headers must print no warning, and checkpatch
# --strict must report nothing. Prints one "ok"/"FAIL" line per check and
# closes with "N passed, N failed".
set -u
cache=${1:?usage: static-check.sh CACHE}
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$("$top/tests/kernel-tree.sh" 6.12 "$cache") || exit 1
headers=$(ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | sort -V | tail -n 1)
passed=0 failed=0

result() {	# name status output
	if [ "$2" = 0 ]; then
		echo "ok - $1"; passed=$((passed + 1))
	else
		echo "FAIL - $1"; printf '%s\n' "$3" | sed 's/^/    /'; failed=$((failed + 1))
	fi
}

# Build a copy, so that the work tree stays free of build output.
oot=$cache/oot-6.12
rm -rf "$oot" && mkdir -p "$oot"
cp -r "$top/Kbuild" "$top/driver" "$oot/"
if [ -z "$headers" ]; then
	result "W=1 C=1 build against 6.12 headers" 1 "no linux-headers-6.12: run 'make deps'"
else
	out=$(make -C "$headers" M="$oot" W=1 C=1 modules 2>&1)
	st=$?
	warn=$(printf '%s\n' "$out" | grep -E 'warning|error' || true)
	[ -n "$warn" ] && st=1
	result "W=1 C=1 build against $(basename "$headers")" "$st" "$warn"
fi

files=$(cd "$top" && ls driver/*.[ch] tests/model/*.[ch] tests/kunit/*.[ch] tests/system/*.[ch] 2>/dev/null |
	grep -v "\.mod\.c$" | grep -v -- "-compat\.h$")
out=$(cd "$top" && perl "$tree/scripts/checkpatch.pl" --strict --no-tree --terse \
	--show-types -f $files 2>&1 | grep -E '(ERROR|WARNING|CHECK):')
result "checkpatch --strict on $(echo $files | wc -w) files" "$([ -z "$out" ]; echo $?)" "$out"

# The compat headers (6.1 support, README.md) exist to test LINUX_VERSION_CODE,
# which checkpatch flags as such and as a constant on the left; the KUnit one
# defines stand-ins for mainline macros, whose table and member arguments are
# used as mainline's are. Only those checks are off for them.
compat=$(cd "$top" && ls driver/*-compat.h tests/kunit/*-compat.h 2>/dev/null)
out=$(cd "$top" && perl "$tree/scripts/checkpatch.pl" --strict --no-tree --terse \
	--show-types --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_ARG_REUSE,MACRO_ARG_PRECEDENCE \
	-f $compat 2>&1 | grep -E '(ERROR|WARNING|CHECK):')
result "checkpatch --strict on the compat headers, version tests allowed" \
	"$([ -z "$out" ]; echo $?)" "$out"

echo "static: $passed passed, $failed failed"
[ "$failed" = 0 ]
