#!/bin/bash
# The system test: build (cached) the small kernel, the modules and the
# initramfs, boot them in qemu, print the guest's result lines and close
# with "system: N passed, N failed". Fails unless the guest closed with 0
# failed after at least $min_checks checks. The whole console is kept in
# CACHE/qemu-6.12-console.log.
set -eu
cache=${1:?usage: run.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
log=$cache/qemu-6.12-console.log
# The scenarios' checks as of this writing; fewer means some did not run.
min_checks=167
timeout=${HPA380_QEMU_TIMEOUT:-300}

build_failed() {
	echo "not ok - build the $1 (see its log in $cache)"
	echo "system: 0 passed, 1 failed"
	exit 1
}

start=$SECONDS
mkdir -p "$cache"
build=$("$here/build-kernel.sh" "$cache") || build_failed kernel
tree=$("$here/../kernel-tree.sh" 6.12 "$cache") || build_failed "kernel tree"
ko=$("$here/build-modules.sh" "$cache" "$build") || build_failed modules
initrd=$("$here/build-initramfs.sh" "$cache" "$tree" "$ko") || build_failed initramfs
echo "# built in $((SECONDS - start)) s; booting (console: $log)"

start=$SECONDS
status=0
"$here/boot.sh" "$build/arch/x86/boot/bzImage" "$initrd" "$log" "$timeout" \
	loglevel=4 >/dev/null || status=$?
echo "# guest ran $((SECONDS - start)) s"

# The guest's lines: results, their details, scenario headers.
results=$(sed -n '/== system test/,/^---- dmesg/p' "$log" |
	  grep -E '^(ok|not ok) - |^# ' || true)
[ -z "$results" ] || echo "$results"
passed=$(echo "$results" | grep -c '^ok - ' || true)
failed=$(echo "$results" | grep -c '^not ok - ' || true)
closing=$(grep -E '^system: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)

problem=""
[ "$status" = 0 ] || problem="qemu exited with $status (124: killed after ${timeout} s)"
[ -n "$closing" ] || problem="${problem:+$problem; }the guest did not finish"
[ "$closing" = "system: $passed passed, $failed failed" ] || [ -z "$closing" ] ||
	problem="${problem:+$problem; }closing line '$closing' does not match the results"
[ $((passed + failed)) -ge "$min_checks" ] ||
	problem="${problem:+$problem; }$((passed + failed)) checks ran, expected at least $min_checks"
if [ -n "$problem" ]; then
	echo "not ok - system test run: $problem"
	tail -n 30 "$log" | sed 's/^/#   /'
	failed=$((failed + 1))
fi
echo "system: $passed passed, $failed failed"
[ "$failed" = 0 ]
