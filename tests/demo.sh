#!/bin/bash
# The main job on a machine without the HAT: build everything, run the real
# driver against the emulated HPA380 in a UML kernel, and show amp-advise's
# advice for a few real headphones.
set -eu
cache=${1:?usage: demo.sh CACHE}
top=$(cd "$(dirname "$0")/.." && pwd)
headers=$(ls -d /usr/src/linux-headers-6.12.*-amd64 | sort -V | tail -n 1)

echo "== Building snd-soc-hpa380.ko against $(basename "$headers")"
make -s -C "$headers" M="$top" modules >/dev/null
modinfo "$top/driver/snd-soc-hpa380.ko" | grep -E '^(description|alias|filename)'

echo
echo "== The driver on the emulated chip (KUnit on UML, first run builds a kernel: ~5 min)"
"$top/tests/kunit/run.sh" 6.12 "$cache" >"$cache/demo-kunit.log" 2>&1 || {
	tail -n 40 "$cache/demo-kunit.log"; exit 1; }
grep -E '^\[[0-9:]+\] =+ \[(PASSED|FAILED)\]|passed, ' "$cache/demo-kunit.log"

echo
echo "== amp-advise"
make -s -C "$top/tools/amp-advise" >/dev/null
for args in "--model HD600" "--impedance 16 --sensitivity 112dB/mW" \
	    "--impedance 300 --sensitivity 102dB/V"; do
	echo "\$ amp-advise $args"
	"$top/tools/amp-advise/amp-advise" $args || true
	echo
done
