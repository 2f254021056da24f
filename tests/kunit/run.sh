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

cd "$tree"
status=0
python3 tools/testing/kunit/kunit.py run --kunitconfig="$here/.kunitconfig" \
	--jobs "$(nproc)" --build_dir "$cache/kunit-build-$version" \
	"$filter" >"$log" 2>&1 || status=$?
cat "$log"

# "Testing complete. Ran 62 tests: passed: 62" (failed/skipped when non-zero)
summary=$(grep 'Testing complete' "$log" | tail -n 1)
passed=$(echo "$summary" | sed -n 's/.*passed: \([0-9]*\).*/\1/p')
failed=$(echo "$summary" | sed -n 's/.*failed: \([0-9]*\).*/\1/p')
skipped=$(echo "$summary" | sed -n 's/.*skipped: \([0-9]*\).*/\1/p')
[ -n "$passed" ] || { passed=0; status=1; }
# A splat from lockdep, KASAN or a WARN fails the run even if tests passed.
if grep -E 'BUG:|WARNING:.*(hpa380|soc|regmap|i2c)|possible circular|KASAN' \
	"$cache/kunit-build-$version/test.log" >/dev/null 2>&1; then
	echo "kernel splat in test.log" >&2
	status=1
fi
echo "kunit-$version: ${passed} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $status
