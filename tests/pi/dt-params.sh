#!/bin/bash
# Apply overlay parameters to a compiled overlay the way the Raspberry Pi
# firmware does for "dtoverlay=NAME,param=value", so that fdtoverlay can then
# merge the result:
#
#   dt-params.sh IN.dtbo OUT.dtbo [param=value...]
#
# Reads each parameter's declaration from IN's __overrides__ node, so it tests
# what the overlay declares. Covers the forms the HPA380 overlay uses:
#   <&label>,"prop"            string
#   <&label>,"prop:N"          32-bit cell at byte offset N (created if absent)
#   ...,"prop=text"            string literal, whatever the value
#   ...,"prop:N=42"            cell literal
#   ...,"prop:N=",<&label>     cell literal that is a phandle (local or not)
#   ...,"prop{a=b,c}"          lookup table ("prop:N{...}" too)
# and the special "reg", which renames the node's unit address. Anything else
# is refused rather than guessed.
set -eu
in=${1:?usage: dt-params.sh IN.dtbo OUT.dtbo [param=value...]}
out=${2:?usage: dt-params.sh IN.dtbo OUT.dtbo [param=value...]}
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
renames=$tmp/renames
: >"$renames"

die() {
	echo "dt-params: $*" >&2
	exit 1
}

# The path of the overlay node that carries phandle $1 (labels only).
node_of() {
	local label path

	for label in $(fdtget -p "$in" /__symbols__); do
		path=$(fdtget -t s "$in" /__symbols__ "$label")
		if [ "$(fdtget -t u "$in" "$path" phandle 2>/dev/null)" = "$1" ]; then
			echo "$path"
			return
		fi
	done
	die "no labelled node has phandle $1"
}

# One line per target of parameter $1: "phandle|declaration|cell|offset",
# the last two set when the declaration ends in "=" and a cell follows.
targets_of() {
	fdtget -t bx "$in" /__overrides__ "$1" | awk '
	function hex(s,  i, v) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function cell(i) {
		return ((b[i] * 256 + b[i + 1]) * 256 + b[i + 2]) * 256 + b[i + 3]
	}
	{
		for (i = 1; i <= NF; i++)
			b[n++] = hex($i)
	}
	END {
		p = 0
		while (p + 4 < n) {
			ph = cell(p)
			p += 4
			s = ""
			while (p < n && b[p] != 0)
				s = s sprintf("%c", b[p++])
			p++
			if (s ~ /=$/ && p + 4 <= n) {
				printf "%d|%s|%d|%d\n", ph, s, cell(p), p
				p += 4
			} else {
				printf "%d|%s||\n", ph, s
			}
		}
	}'
}

# Look $1 up in the table "a=b,c,=default"; a leading or trailing comma
# passes unmatched values through.
lookup() {
	local value=$1 table=$2 item key dflt="" have_dflt=0

	for item in $(echo "$table" | tr ',' ' '); do
		key=${item%%=*}
		if [ "$key" = "$value" ]; then
			[ "$item" = "$key" ] && echo "$key" || echo "${item#*=}"
			return
		fi
		if [ -z "$key" ]; then
			dflt=${item#=}
			have_dflt=1
		fi
	done
	[ "$have_dflt" = 0 ] || { echo "$dflt"; return; }
	case $table in
	,* | *,) echo "$value" ;;
	*) die "'$value' is not one of: $table" ;;
	esac
}

# Record that the cell at $2:$3:$4 (node, property, byte offset) is a phandle
# reference like the __overrides__ cell at byte $5 of parameter $1, so that
# fdtoverlay resolves (or renumbers) it as it does every other reference.
add_fixup() {
	local param=$1 node=$2 prop=$3 off=$4 from=$5 label list

	for label in $(fdtget -p "$in" /__fixups__ 2>/dev/null); do
		list=$(fdtget -t s "$in" /__fixups__ "$label")
		case " $list " in
		*" /__overrides__:$param:$from "*)
			list=$(fdtget -t s "$out" /__fixups__ "$label")
			# shellcheck disable=SC2086 # one word per path
			fdtput -t s "$out" /__fixups__ "$label" $list "$node:$prop:$off"
			return
			;;
		esac
	done
	list=$(fdtget -t u "$in" /__local_fixups__/__overrides__ "$param" 2>/dev/null || true)
	case " $list " in
	*" $from "*)
		list=$(fdtget -t u "$out" "/__local_fixups__$node" "$prop" 2>/dev/null || true)
		# shellcheck disable=SC2086
		fdtput -p -t u "$out" "/__local_fixups__$node" "$prop" $list "$off"
		;;
	esac
}

# Write 32-bit value $4 at byte offset $3 of property $2 of node $1.
put_cell() {
	local node=$1 prop=$2 off=$3 value=$4 cells i name

	[ $((off % 4)) = 0 ] || die "$prop:$off is not cell-aligned"
	read -r -a cells <<<"$(fdtget -t u "$out" "$node" "$prop" 2>/dev/null || true)"
	for ((i = ${#cells[@]}; i <= off / 4; i++)); do
		cells[i]=0
	done
	cells[off / 4]=$((value))
	fdtput -t u "$out" "$node" "$prop" "${cells[@]}"
	if [ "$prop" = reg ] && [ "$off" = 0 ]; then
		name=${node##*/}
		printf '%s %s@%x\n' "$node" "${name%@*}" "$((value))" >>"$renames"
	fi
}

apply() {	# param value
	local param=$1 value=$2 ph decl cell celloff node prop rest off v

	fdtget "$in" /__overrides__ "$param" >/dev/null 2>&1 ||
		die "the overlay has no parameter '$param'"
	while IFS='|' read -r ph decl cell celloff; do
		[ "$ph" != 0 ] || die "$param: fragment operations are not covered"
		node=$(node_of "$ph")
		prop=${decl%%[.;:#?![{=]*}
		rest=${decl#"$prop"}
		off=""
		case $rest in
		:*)
			off=${rest#:}
			off=${off%%[!0-9]*}
			rest=${rest#:"$off"}
			;;
		"" | =* | "{"*) ;;
		*) die "$param: '$decl' is a form this script does not cover" ;;
		esac
		case $rest in
		=) [ -n "$cell" ] || die "$param: '$decl' has no cell"; v=$cell ;;
		=*) v=${rest#=} ;;
		"{"*"}") v=$(lookup "$value" "${rest:1:${#rest}-2}") ;;
		"") v=$value ;;
		*) die "$param: '$decl' is a form this script does not cover" ;;
		esac
		if [ -z "$off" ]; then
			fdtput -t s "$out" "$node" "$prop" "$v"
		else
			put_cell "$node" "$prop" "$off" "$v"
			[ "$rest" != = ] || add_fixup "$param" "$node" "$prop" "$off" "$celloff"
		fi
	done < <(targets_of "$param")
}

cp "$in" "$out"
for arg; do
	case $arg in
	*=*) apply "${arg%%=*}" "${arg#*=}" ;;
	*) die "'$arg' is not param=value" ;;
	esac
done

# Node renames (from "reg"): through the source form, where a node's name
# also appears in the paths of __symbols__, __fixups__ and __local_fixups__.
if [ -s "$renames" ]; then
	dtc -q -I dtb -O dts -o "$tmp/o.dts" "$out"
	tab=$(printf '\t')
	while read -r path new; do
		old=${path##*/}
		sed -i "s#\([/$tab]\)$old\([ :/\"]\)#\1$new\2#g" "$tmp/o.dts"
	done <"$renames"
	dtc -q -I dts -O dtb -o "$out" "$tmp/o.dts"
fi
