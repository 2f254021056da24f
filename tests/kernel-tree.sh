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
# What this version's tree needs for the KUnit run (tests/kunit/VERSION.patch),
# applied once: a tree the patch reverses on has it already.
patch=$here/kunit/$version.patch
if [ -f "$patch" ] && ! patch -d "$tree" -p1 -R -s -f --dry-run <"$patch" >/dev/null 2>&1; then
	patch -d "$tree" -p1 -N -s <"$patch" >&2
fi
"$here/kunit/link-into-tree.sh" "$tree"
echo "$tree"
