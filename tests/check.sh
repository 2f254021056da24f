#!/bin/bash
# Everything `make check` runs, one stage after another; a stage that fails
# does not stop the others. Closes with the total "N passed, N failed".
# With STAGE names after CACHE, only those run (`make check-quick`).
set -u
cache=${1:?usage: check.sh CACHE [STAGE...]}
shift
only=" $* "
top=$(cd "$(dirname "$0")/.." && pwd)
total_passed=0 total_failed=0 stages_failed=""

stage() {	# name command...
	local name=$1 log line p f st
	shift
	case $only in "  " | *" $name "*) ;; *) return 0 ;; esac
	log=$(mktemp)
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	st=${PIPESTATUS[0]}
	# The stage's own closing count ("name: N passed, N failed").
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
	[ -n "$p" ] || p=0
	[ -n "$f" ] || f=0
	if [ "$st" != 0 ] && [ "$f" = 0 ]; then
		f=1	# failed without saying what: count the stage itself
	fi
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	[ "$st" = 0 ] || stages_failed="$stages_failed $name"
	rm -f "$log"
}

stage static "$top/tests/static-check.sh" "$cache"
stage kunit-6.12 "$top/tests/kunit/run.sh" 6.12 "$cache"
stage kunit-6.1 "$top/tests/kunit/run.sh" 6.1 "$cache"
# The kernel matrix (README.md, "Supported kernels"): 6.12 on x86_64 is
# `static`; Raspberry Pi OS's 6.6 and 6.18 are built from header archives.
for v in 6.1 6.6 6.18; do
	stage x86-build-$v "$top/tests/module-build.sh" "$cache" x86_64 $v
done
stage amp-advise make -C "$top/tools/amp-advise" check
stage system "$top/tests/system/run.sh" "$cache"
stage dt-binding "$top/tests/pi/dt-binding.sh" "$cache"
stage overlay "$top/tests/pi/overlay.sh" "$cache"
for v in 6.12 6.1 6.6 6.18; do
	stage cross-build-$v "$top/tests/module-build.sh" "$cache" arm64 $v
done
stage in-tree "$top/tests/pi/in-tree.sh" "$cache"
stage dkms "$top/tests/pi/dkms.sh" "$cache"
stage install "$top/tests/pi/install.sh" "$cache"
# Installs the Debian packages on this machine, then purges them.
stage packages "$top/tests/pi/packages.sh" "$cache"

echo
[ -z "$stages_failed" ] || echo "failed stages:$stages_failed"
echo "$total_passed passed, $total_failed failed"
[ -z "$stages_failed" ]
