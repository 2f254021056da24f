# SPDX-License-Identifier: GPL-2.0-only
# Sourced by run-checks.sh: the bash completion (completion/amp-advise) with bash-completion's
# own library, as an interactive shell would run it, against the built binary.

# complete_is NAME EXPECTED WORDS...: what <TAB> after WORDS offers, sorted, joined with ';'.
complete_is() {
	name=$1 want=$2
	shift 2
	got=$(bash -c '
		. /usr/share/bash-completion/bash_completion
		. completion/amp-advise
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_amp_advise "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" ";"' completion "$@" 2>&1)
	if [ "$got" = "$want" ]; then pass; else fail "$name" "offers '$got', expected '$want'"; fi
}

if [ -r /usr/share/bash-completion/bash_completion ]; then
	complete_is "completion: -m offers what the lookup takes, not only prefixes" \
		"Beyerdynamic T 70;Beyerdynamic T 70 p;" ./amp-advise -m t70
	complete_is "completion: -m hd6 finds the middle of names" \
		"Sennheiser HD600;Superlux HD668B;" ./amp-advise -m hd6
	complete_is "completion: options" "--nominal-impedance;" ./amp-advise --nom
else
	fail "completion" "bash-completion is not installed (tests/install-deps.sh installs it)"
fi
