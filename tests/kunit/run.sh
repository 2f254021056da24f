#!/bin/sh
# Run the KUnit suites on UML against Debian's linux-source-VERSION, in a
# build directory cached under CACHE, and close with "N passed, N failed".
set -eu
version=${1:?usage: run.sh VERSION CACHE [FILTER]}
cache=${2:?usage: run.sh VERSION CACHE [FILTER]}
filter=${3:-hpa380*}
here=$(cd "$(dirname "$0")" && pwd)
tree=$("$here/../kernel-tree.sh" "$version" "$cache")
log=$cache/kunit-$version.log

# .kunitconfig holds what every supported kernel takes, VERSION.kunitconfig
# what only that one does.
configs="--kunitconfig=$here/.kunitconfig"
[ ! -f "$here/$version.kunitconfig" ] ||
	configs="$configs --kunitconfig=$here/$version.kunitconfig"

# The tree's link may point at another checkout than the last build's
# (tests/kunit/link-into-tree.sh): make's timestamps cannot tell, so drop
# our objects then.
build=$cache/kunit-build-$version
top=$(cd "$here/../.." && pwd)
if [ "$(cat "$build/.hpa380-src" 2>/dev/null)" != "$top" ]; then
	rm -rf "$build/sound/soc/codecs/hpa380"
	mkdir -p "$build"
	echo "$top" >"$build/.hpa380-src"
fi

cd "$tree"
status=0
# shellcheck disable=SC2086 # $configs is one or two options
python3 tools/testing/kunit/kunit.py run $configs \
	--jobs "$(nproc)" --build_dir "$build" \
	"$filter" >"$log" 2>&1 || status=$?
cat "$log"

# "Testing complete. Ran 62 tests: passed: 62" (failed/skipped when non-zero)
summary=$(grep 'Testing complete' "$log" | tail -n 1)
passed=$(echo "$summary" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
failed=$(echo "$summary" | sed -n 's/.*failed: \([0-9]*\).*/\1/p')
skipped=$(echo "$summary" | sed -n 's/.*skipped: \([0-9]*\).*/\1/p')
[ -n "$passed" ] || { passed=0; status=1; }
failed=${failed:-0}
# A splat from lockdep, KASAN, a WARN or a BUG fails the run even if every
# test passed. (UML's own virt-pci warning at boot is not ours.)
splats=$(grep -E '(WARNING|BUG):|DEBUG_LOCKS_WARN_ON|possible circular|possible recursive|KASAN:' \
	"$build/test.log" | grep -v 'arch/um/drivers/virt-pci' || true)
if [ -n "$splats" ]; then
	printf 'kernel splats in test.log:\n%s\n' "$splats" >&2
	failed=$(( ${failed:-0} + 1 ))
	status=1
fi
echo "kunit-$version: ${passed} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $status
