#!/bin/sh
# Add the HPA380 driver to a kernel source tree, as a distribution or a board
# vendor would before building its kernel:
#
#   driver/add-to-kernel.sh /path/to/linux
#
# copies the driver's sources, Kconfig and Makefile to
# sound/soc/codecs/hpa380/, lists its Kconfig (symbol SND_SOC_HPA380) in the
# "CODEC drivers" menu and its directory in sound/soc/codecs/Makefile. Running
# it again refreshes the sources and adds nothing twice. Then enable
# CONFIG_SND_SOC_HPA380 (=y or =m) and build as usual.
set -eu
tree=${1:?usage: add-to-kernel.sh KERNEL_SOURCE_TREE}
here=$(cd "$(dirname "$0")" && pwd)
codecs=$tree/sound/soc/codecs
dest=$codecs/hpa380
kconfig='source "sound/soc/codecs/hpa380/Kconfig"'
makefile='obj-$(CONFIG_SND_SOC_HPA380)	+= hpa380/'

[ -f "$codecs/Kconfig" ] && [ -f "$codecs/Makefile" ] || {
	echo "add-to-kernel.sh: $tree is not a kernel source tree" >&2
	exit 1
}
# tests/kunit/link-into-tree.sh links the whole project there instead.
[ ! -L "$dest" ] || {
	echo "add-to-kernel.sh: $dest is a link (a KUnit tree?): not touching it" >&2
	exit 1
}

rm -rf "$dest"
mkdir -p "$dest"
cp "$here"/*.c "$here"/*.h "$here/Kconfig" "$here/Makefile" "$dest/"

# Before the "endmenu" that closes the CODEC drivers menu (the file's last).
if ! grep -qxF "$kconfig" "$codecs/Kconfig"; then
	last=$(grep -n '^endmenu$' "$codecs/Kconfig" | tail -n 1 | cut -d: -f1)
	[ -n "$last" ] || {
		echo "add-to-kernel.sh: no endmenu in $codecs/Kconfig" >&2
		exit 1
	}
	sed -i "${last}i $kconfig" "$codecs/Kconfig"
fi
grep -qxF "$makefile" "$codecs/Makefile" || printf '%s\n' "$makefile" >>"$codecs/Makefile"
