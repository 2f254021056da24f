#!/bin/sh
# Print the path of a prepared kernel source tree for VERSION (6.12, 6.1),
# extracting Debian's linux-source-VERSION into CACHE once and linking this
# project into it (tests/kunit/link-into-tree.sh). Later runs reuse it.
set -eu
version=${1:?usage: kernel-tree.sh VERSION CACHE}
cache=${2:?usage: kernel-tree.sh VERSION CACHE}
here=$(cd "$(dirname "$0")" && pwd)
tree=$cache/linux-source-$version
tarball=/usr/src/linux-source-$version.tar.xz

if [ ! -f "$tree/.hpa380-extracted" ]; then
	[ -f "$tarball" ] || { echo "missing $tarball: run 'make deps'" >&2; exit 1; }
	mkdir -p "$cache"
	rm -rf "$tree"
	tar -C "$cache" -xf "$tarball"
	touch "$tree/.hpa380-extracted"
fi
"$here/kunit/link-into-tree.sh" "$tree"
echo "$tree"
