# SPDX-License-Identifier: GPL-2.0-only
# Sourced by run-checks.sh: the systemd unit, with the build tree's binary, through
# `systemd-analyze verify` (Debian's systemd; tests/install-deps.sh installs it). Any word from
# it is a failure, as is a unit that does not run amp-advise --watch --apply for its card.

unit=$B/amp-advise@.service
if ! command -v systemd-analyze >/dev/null; then
	fail "systemd unit" "systemd-analyze is not installed (tests/install-deps.sh installs systemd)"
else
	# An instance of the template, as `systemctl enable amp-advise@HPA380DAC` makes it.
	mkdir -p "$B/unit-check" "$B/man/man1"
	cp "$unit" "$B/unit-check/amp-advise@HPA380DAC.service"
	# Documentation=man:amp-advise(1) is checked with man(1): the page of this tree.
	cp amp-advise.1 "$B/man/man1/"
	for u in "$unit" "$B/unit-check/amp-advise@HPA380DAC.service"; do
		out=$(MANPATH=$PWD/$B/man systemd-analyze verify "$u" 2>&1)
		rc=$?
		if [ $rc -eq 0 ] && [ -z "$out" ]; then pass; else fail "systemd-analyze verify $u" "exit $rc: $out"; fi
	done
	if grep -qx "ExecStart=$PWD/amp-advise --card=%I --watch --apply" "$unit" &&
		! grep -q '@[A-Z]*@' "$unit"; then
		pass
	else
		fail "systemd unit runs amp-advise --card=%I --watch --apply" "$(grep -n 'ExecStart\|@' "$unit")"
	fi
fi
