#!/bin/bash
# The DT binding, checked with Debian's dt-schema tools run directly: the
# 6.12 tree's `make dt_binding_check` wants dt-schema >= 2023.9 and Debian 12
# has 2022.08. dt-doc-validate checks the schema against the meta-schemas;
# its example, compiled as the kernel compiles binding examples, must pass
# dt-validate, which counts as failed on any output (2022.08 exits 0 even
# when it reports errors). The vendor prefix "hpamp" is added to a copy of
# vendor-prefixes.yaml in the scratch space only (tests/pi/dt-schema.sh).
# Scratch files go to CACHE/pi/dt-binding.
set -eu
cache=${1:?usage: dt-binding.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"
tree=$("$top/tests/kernel-tree.sh" 6.12 "$cache")
work=$cache/pi/dt-binding
b=$work/bindings
rm -rf "$work"
mkdir -p "$work"

check "schema copy and processed schema prepared" "$here/dt-schema.sh" "$tree" "$work"
[ "$failed" = 0 ] || { finish dt-binding; exit 1; }

quiet "dt-doc-validate: hpamp,hpa380.yaml against the meta-schemas" \
	dt-doc-validate -u "$b" "$b/sound/hpamp,hpa380.yaml"

# The example as the kernel builds it: extracted, preprocessed, compiled with
# the flags of Documentation/devicetree/bindings/Makefile.
example() {	# SOURCE.dts DTB
	cpp -nostdinc -I "$tree/scripts/dtc/include-prefixes" -undef -D__DTS__ \
		-x assembler-with-cpp -P "$1" >"${1%.dts}.pre.dts" &&
	dtc -Wno-avoid_unnecessary_addr_size -Wno-graph_child_address \
		-Wno-interrupt_provider -Wno-unique_unit_address \
		-Wunique_unit_address_if_enabled \
		-I dts -O dtb -o "$2" "${1%.dts}.pre.dts"
}
dt-extract-example "$b/sound/hpamp,hpa380.yaml" >"$work/example.dts"
quiet "the example compiles without a dtc warning" \
	example "$work/example.dts" "$work/example.dtb"
quiet "dt-validate: the example passes the binding" \
	dt-validate -s "$work/schema.json" "$work/example.dtb"

# The validator is live: a wrong value, an unknown property and a second
# address must each be reported.
sed -e 's/hpamp,gain-mode = "normal"/hpamp,gain-mode = "loud"/' \
	-e 's/<200000>/<300000>/' \
	-e 's/reg = <0x60>;/reg = <0x60>, <0x61>; hpamp,volume = <1>;/' \
	"$work/example.dts" >"$work/bad.dts"
example "$work/bad.dts" "$work/bad.dtb" >/dev/null 2>&1 || true
out=$(dt-validate -s "$work/schema.json" "$work/bad.dtb" 2>&1 || true)
missing=""
for want in "'loud' is not one of" "300000 is not one of" "hpamp,volume" "reg:.*too long"; do
	printf '%s\n' "$out" | grep -q -- "$want" || missing="$missing [$want]"
done
result "dt-validate reports a bad gain mode, current limit, property and reg" \
	"$([ -z "$missing" ]; echo $?)" "not reported:$missing
$out"

finish dt-binding
