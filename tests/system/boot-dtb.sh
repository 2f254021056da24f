#!/bin/bash
# The device tree of one boot, made as a Pi's firmware makes it from
# config.txt's "dtoverlay=hpa380-dac-hat,PARAMS": the overlay's parameters
# applied (tests/pi/dt-params.sh), the overlay merged into the base tree
# (fdtoverlay). Before that, the HAT's wiring is set in the base tree
# (WIRING: the chip's I2C address, the GPIO lines of RESETN and IRQN); after
# it, EDITS write properties of the amplifier node straight into the tree,
# as a hand-edited tree would have them ("prop=value", numbers as cells).
#
#   boot-dtb.sh BASE DTBO OUT "ADDR RESETN IRQN" "PARAM=VALUE ..." "EDIT ..."
set -eu
usage='usage: boot-dtb.sh BASE DTBO OUT "ADDR RESETN IRQN" "PARAMS" "EDITS"'
base=${1:?$usage}
dtbo=${2:?$usage}
out=${3:?$usage}
wiring=${4:?$usage}
params=${5-}
edits=${6-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

read -r addr resetn irqn <<<"$wiring"
sym() { fdtget -t s "$base" /__symbols__ "$1"; }
cp "$base" "$tmp/base.dtb"
fdtput -t u "$tmp/base.dtb" "$(sym i2c1)" hpamp,chip-address "$((addr))"
fdtput -t u "$tmp/base.dtb" "$(sym gpio)" hpamp,resetn-line "$resetn"
fdtput -t u "$tmp/base.dtb" "$(sym gpio)" hpamp,irqn-line "$irqn"

# shellcheck disable=SC2086 # one word per parameter
"$here/../pi/dt-params.sh" "$dtbo" "$tmp/hat.dtbo" $params
fdtoverlay -i "$tmp/base.dtb" -o "$out" "$tmp/hat.dtbo"

amp=$(fdtget -t s "$out" /__symbols__ hpa380)
for e in $edits; do
	case ${e#*=} in
	[0-9]*) fdtput -t u "$out" "$amp" "hpamp,${e%%=*}" "${e#*=}" ;;
	*) fdtput -t s "$out" "$amp" "hpamp,${e%%=*}" "${e#*=}" ;;
	esac
done
