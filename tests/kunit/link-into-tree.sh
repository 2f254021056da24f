#!/bin/sh
# Link this project into a kernel source tree as sound/soc/codecs/hpa380, so
# that Kconfig and kbuild see the driver, the chip model and the KUnit suite.
# Idempotent: running it again only re-points the link (another checkout).
set -eu
tree=${1:?usage: link-into-tree.sh KERNEL_SOURCE_TREE}
top=$(cd "$(dirname "$0")/../.." && pwd)
codecs=$tree/sound/soc/codecs

ln -sfn "$top" "$codecs/hpa380"
grep -q 'hpa380/driver/Kconfig' "$codecs/Kconfig" || cat >> "$codecs/Kconfig" <<'KCONFIG'
source "sound/soc/codecs/hpa380/driver/Kconfig"
source "sound/soc/codecs/hpa380/tests/Kconfig"
KCONFIG
grep -q '^obj-y += hpa380/' "$codecs/Makefile" || echo 'obj-y += hpa380/' >> "$codecs/Makefile"
