#!/bin/bash
# The system test: build (cached) the arm64 kernel, the modules, the
# initramfs and the base tree; then boot the shipped overlay in qemu once
# per line of the table below, each boot with its own overlay parameters
# and, in the guest, its own checks (guest/boots/NAME.sh; the main boot runs
# every guest/scenarios/*.sh). Prints the guests' result lines and closes
# with "system: N passed, N failed". A boot fails unless its guest closed
# with 0 failed after at least its expected number of checks. Consoles are
# kept in CACHE/qemu-arm64-NAME.log.
set -eu
cache=${1:?usage: run.sh CACHE [BOOT...]}
shift
only=" $* "
here=$(cd "$(dirname "$0")" && pwd)
timeout=${HPA380_QEMU_TIMEOUT:-600}

# NAME | dtoverlay parameters | HAT wiring: I2C address, RESETN and IRQN
# GPIO lines | properties written into the tree | least number of checks
boots="\
main|irq-pin=27|0x60 17 27||280
poll||0x60 17 27||8
modes|gain=high route=balanced current-limit=400|0x60 17 27||4
wiring|addr=0x61 reset-pin=22 irq-pin=5 card-name=HAT2 current-limit=200|0x61 22 5||12
bad|irq-pin=27|0x60 17 27|current-limit-microamp=300000 gain-mode=loud output-route=1|6"

start=$SECONDS
mkdir -p "$cache"
if ! vars=$("$here/prepare.sh" "$cache"); then
	echo "not ok - build the kernel, modules, initramfs and trees (logs in $cache)"
	echo "system: 0 passed, 1 failed"
	exit 1
fi
eval "$vars"
echo "# built in $((SECONDS - start)) s"

total_passed=0 total_failed=0
while IFS='|' read -r name params wiring edits min_checks; do
	case $only in "  " | *" $name "*) ;; *) continue ;; esac
	log=$cache/qemu-arm64-$name.log
	dtb=$cache/qemu-arm64-dt/$name.dtb
	echo "# boot '$name': dtoverlay=hpa380-dac-hat${params:+,${params// /,}}${edits:+; tree edited: $edits}"
	problem="" status=0 passed=0 failed=0
	if ! out=$("$here/boot-dtb.sh" "$BASE" "$DTBO" "$dtb" "$wiring" "$params" "$edits" 2>&1); then
		problem="device tree: $out"
	else
		start=$SECONDS
		"$here/boot.sh" "$IMAGE" "$INITRD" "$dtb" "$log" "$timeout" \
			loglevel=4 "hpa380_boot=$name" >/dev/null || status=$?
		echo "# guest ran $((SECONDS - start)) s (console: $log)"
		# The guest's lines: results, their details, headers.
		results=$(sed -n '/^== system test/,/^---- dmesg/p' "$log" |
			  grep -E '^(ok|not ok) - |^# ' || true)
		[ -z "$results" ] || echo "$results"
		passed=$(echo "$results" | grep -c '^ok - ' || true)
		failed=$(echo "$results" | grep -c '^not ok - ' || true)
		closing=$(grep -E '^system: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
		[ "$status" = 0 ] || problem="qemu exited with $status (124: killed after ${timeout} s)"
		[ -n "$closing" ] || problem="${problem:+$problem; }the guest did not finish"
		[ "$closing" = "system: $passed passed, $failed failed" ] || [ -z "$closing" ] ||
			problem="${problem:+$problem; }closing line '$closing' does not match the results"
		[ $((passed + failed)) -ge "$min_checks" ] ||
			problem="${problem:+$problem; }$((passed + failed)) checks ran, expected at least $min_checks"
	fi
	if [ -n "$problem" ]; then
		echo "not ok - boot '$name': $problem"
		[ ! -f "$log" ] || tail -n 30 "$log" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
done <<<"$boots"
echo "system: $total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
