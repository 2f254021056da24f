#!/bin/bash
# Prepare what Debian's dt-schema tools need to check our binding, in WORK:
# a copy of the kernel TREE's bindings with ours at the path its $id names
# (WORK/bindings/sound/hpamp,hpa380.yaml), a vendor-prefixes.yaml in that
# copy with "hpamp" added (the real one lacks it: the prefix is this
# project's, not registered upstream), and WORK/schema.json processed from
# our binding and the schemas it refers to.
set -eu
tree=${1:?usage: dt-schema.sh KERNEL_SOURCE_TREE WORK}
work=${2:?usage: dt-schema.sh KERNEL_SOURCE_TREE WORK}
top=$(cd "$(dirname "$0")/../.." && pwd)
b=$work/bindings

rm -rf "$b"
mkdir -p "$work"
cp -r "$tree/Documentation/devicetree/bindings" "$b"
cp "$top/Documentation/devicetree/bindings/sound/hpamp,hpa380.yaml" "$b/sound/"
awk '/^  # These should catch all/ {
	print "  \"^hpamp,.*\":"
	print "    description: HPA380 headphone amplifier (this project; not registered upstream)"
}
{ print }' "$tree/Documentation/devicetree/bindings/vendor-prefixes.yaml" >"$b/vendor-prefixes.yaml"
grep -q '"^hpamp,' "$b/vendor-prefixes.yaml"
dt-mk-schema -j -o "$work/schema.json" "$b/sound/hpamp,hpa380.yaml" \
	"$b/sound/component-common.yaml" "$b/vendor-prefixes.yaml"
