#!/bin/bash
# Build the small arm64 kernel the system test boots: Debian's
# linux-source-6.12 (prepared by tests/kernel-tree.sh), tinyconfig plus
# tests/system/kernel.config, cross-compiled in CACHE/qemu-arm64-6.12.
# Rebuilt only when the fragment or the source package changed. Prints the
# build directory.
set -eu
cache=${1:?usage: build-kernel.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/kernel.config
tree=$("$here/../kernel-tree.sh" 6.12 "$cache")
build=$cache/qemu-arm64-6.12
log=$cache/qemu-arm64-6.12-build.log
stamp=$build/.hpa380-stamp
want="$(sha256sum <"$fragment") $(stat -c %Y /usr/src/linux-source-6.12.tar.xz)"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
   [ -f "$build/arch/arm64/boot/Image" ]; then
	echo "$build"
	exit 0
fi

kmake() {
	make -C "$tree" O="$build" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		-j"$(nproc)" "$@"
}

echo "building the arm64 kernel in $build (log: $log)" >&2
rm -f "$stamp"
mkdir -p "$build"
{
	kmake tinyconfig
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$build" \
		"$build/.config" "$fragment"
	kmake olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }

# Every line of the fragment must have survived (unmet dependencies drop
# a symbol silently).
lost=$(grep -E '^CONFIG_' "$fragment" | grep -vxF -f "$build/.config" || true)
if [ -n "$lost" ]; then
	printf 'kernel.config: not in the resulting .config:\n%s\n' "$lost" >&2
	exit 1
fi

kmake Image modules >>"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
echo "$want" >"$stamp"
echo "$build"
