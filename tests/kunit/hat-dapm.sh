#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Print, as C, the jack widgets and the routes that the shipped overlay
# (dts/hpa380-dac-hat-overlay.dts, given as $1) gives its card in
# simple-audio-card,widgets and simple-audio-card,routing, so that the KUnit
# board has exactly the card users get. kbuild runs it (tests/kunit/Makefile).
set -eu
dts=${1:?usage: hat-dapm.sh OVERLAY.dts}

# strings PROP: the quoted strings of property PROP, one per line.
strings() {
	awk -v prop="$1" '
		index($0, prop " =") { on = 1 }
		on {
			line = $0
			while (match(line, /"[^"]*"/)) {
				print substr(line, RSTART + 1, RLENGTH - 2)
				line = substr(line, RSTART + RLENGTH)
			}
			if (index($0, ";")) exit
		}' "$dts"
}

echo "/* Generated from $(basename "$dts") by hat-dapm.sh: do not edit. */"
echo "static const struct snd_soc_dapm_widget hpa380_hat_widgets[] = {"
strings simple-audio-card,widgets | paste - - | while IFS='	' read -r kind name; do
	case $kind in
	Headphone) macro=SND_SOC_DAPM_HP ;;
	Speaker) macro=SND_SOC_DAPM_SPK ;;
	Microphone) macro=SND_SOC_DAPM_MIC ;;
	Line) macro=SND_SOC_DAPM_LINE ;;
	*) echo "hat-dapm.sh: widget kind '$kind'" >&2; exit 1 ;;
	esac
	echo "	$macro(\"$name\", NULL),"
done
echo "};"
echo
echo "static const struct snd_soc_dapm_route hpa380_hat_routes[] = {"
strings simple-audio-card,routing | paste - - | while IFS='	' read -r sink source; do
	echo "	{ \"$sink\", NULL, \"$source\" },"
done
echo "};"
