# SPDX-License-Identifier: GPL-2.0-only
# Sourced by run-checks.sh: the built binary, offline (no device).

# expect NAME EXIT STDOUT-PATTERN STDERR-PATTERN -- ARGS...: runs ./amp-advise ARGS, checks the
# exit code and that the outputs match the grep -E patterns ("" for empty, "." for anything).
expect() {
	name=$1 want=$2 outpat=$3 errpat=$4
	shift 5
	out=$(./amp-advise "$@" 2>"$B/stderr")
	rc=$?
	err=$(cat "$B/stderr")
	if [ "$rc" -ne "$want" ]; then
		fail "$name" "exit $rc, expected $want; stderr: $err"
	elif [ -z "$outpat" ] && [ -n "$out" ]; then
		fail "$name" "unexpected stdout: $out"
	elif [ -n "$outpat" ] && ! printf '%s\n' "$out" | grep -Eq -- "$outpat"; then
		fail "$name" "stdout does not match '$outpat': $out"
	elif [ -z "$errpat" ] && [ -n "$err" ]; then
		fail "$name" "unexpected stderr: $err"
	elif [ -n "$errpat" ] && ! { [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] &&
		printf '%s\n' "$err" | grep -Eq -- "$errpat"; }; then
		fail "$name" "stderr is not one line matching '$errpat': $err"
	else
		pass
	fi
}

expect "hd600 golden values" 0 '2\.447 Vrms, 8\.16 mA rms .* 19\.95 mW' "" -- \
	--impedance 300 --sensitivity 97dB/mW
expect "hd600 recommends unbalanced high" 0 '^Unbalanced  High .*<- recommended' "" -- -z 300 -s 97dB/mW
expect "spec-sheet notation 97dB SPL/1mW" 0 '2\.447 Vrms, 8\.16 mA rms .* 19\.95 mW' "" -- \
	--impedance 300 --sensitivity "97dB SPL/1mW"
expect "msr7nc conversion" 0 '103\.69 dB/mW = 118\.64 dB/V' "" -- -z 32 -s 90dB@0.037V
expect "k701 golden values" 0 '1\.778 Vrms, 27\.36 mA rms .* 48\.65 mW' "" -- -z 65 -s 105dB/V
expect "json one object" 0 '^\{"schema":2,.*"recommended":\{"route":"unbalanced","gain":"high","current_limit_ma":100,"meets_target":true' "" -- \
	-z 300 -s 97dB/mW --json
# 100 mA caps 16 Ohm at 1.131 V: the level shown is the recommended limit's, not 400 mA's.
expect "max level with the recommended limit" 0 \
	'100 mA current limit: up to 123\.03 dB SPL, headroom \+13\.03 dB with 100 mA' "" -- \
	-z 16 -s 104dB/mW
expect "shortfall exits 3" 3 'Warning: no mode reaches 120\.0 dB SPL' "" -- -z 600 -s 85dB/mW -t 120
expect "model from the table" 0 'Sennheiser HD600: 97\.00 dB/mW' "" -- --model "hd600" -z 300
expect "list models with figures and source" 0 \
	'^Sennheiser HD600 +dynamic +300\.0 Ohm +- 97dB/mW +table +Sound On Sound' "" -- --list-models
expect "list models as json" 0 '^\{"schema":2,"headphones":\[\{"model":"Sennheiser HD600","kind":"dynamic","impedance_ohm":300,"sensitivity":"97dB/mW","source":"Sound On Sound' \
	"" -- --list-models --json
expect "ambiguous names list every match" 2 "" \
	"model 'T 70' is ambiguous: 2 models match: 'Beyerdynamic T 70' and 'Beyerdynamic T 70 p'" -- -m "T 70" -z 32
expect "did you mean" 2 "" "unknown model 'HD6OO' \(did you mean 'Sennheiser HD600'" -- -m HD6OO -z 32
expect "--data without --model is refused" 2 "" "--data 'data/headphones.json' is a headphone table for --model" -- \
	--data data/headphones.json -s 97dB/mW -z 32
expect "--data with --model is used" 0 "Sennheiser HD600" "" -- --data data/headphones.json -m hd600 -z 300
expect "complete-model" 0 '^Beyerdynamic T 70$' "" -- --complete-model "t 70"
expect "help" 0 '^Usage: amp-advise' "" -- --help
expect "version" 0 '^amp-advise [0-9]' "" -- --version
expect "negative impedance" 2 "" "invalid --impedance '-300'" -- -z -300 -s 97dB/mW
expect "zero impedance" 2 "" "invalid --impedance '0'" -- -z 0 -s 97dB/mW
expect "nan impedance" 2 "" "invalid --impedance 'nan'" -- -z nan -s 97dB/mW
expect "inf sensitivity" 2 "" "invalid --sensitivity 'infdB/V'" -- -z 32 -s infdB/V
expect "unknown unit" 2 "" "unknown unit" -- -z 32 -s 97dB/W
expect "absurd sensitivity" 2 "" "outside" -- -z 32 -s 400dB/mW
expect "absurd target" 2 "" "invalid --target-spl '500'" -- -z 32 -s 97dB/mW -t 500
expect "unknown model" 2 "" "unknown model 'Nonesuch 9000'" -- -m "Nonesuch 9000" -z 32
expect "unknown option" 2 "" "unknown option '--louder'" -- --louder
expect "missing table" 1 "" "cannot open headphone list /nonexistent" -- --data /nonexistent -m HD600 -z 300
expect "no such device" 1 "" "cannot open control device 'nonexistent_dev'" -- -D nonexistent_dev -s 97dB/mW
# The brief's "Which impedance": dB/mW converts at the nominal impedance, current at the load.
# HD600 (97 dB/mW, 300 Ohm) on 255 Ohm at 108.5 dB: Unbalanced/Normal -0.27 dB (not +0.44).
expect "hd600 at 255 Ohm converts at 300" 0 \
	'97\.00 dB/mW = 102\.23 dB/V at 300\.0 Ohm, its nominal impedance' "" -- -z 255 -m hd600 -t 108.5
expect "hd600 at 255 Ohm: Unbalanced/Normal -0.27 dB" 0 '^Unbalanced  Normal .* -0\.27 dB' "" -- -z 255 -m hd600 -t 108.5
expect "hd600 at 255 Ohm: high gain wins" 0 '^Unbalanced  High .*<- recommended' "" -- -z 255 -m hd600 -t 108.5
expect "nominal impedance given" 0 'at 300\.0 Ohm, the nominal impedance given' "" -- \
	-z 255 -s 97dB/mW --nominal-impedance 300 -t 108.5
expect "nominal impedance given: -0.27 dB" 0 '^Unbalanced  Normal .* -0\.27 dB' "" -- \
	-z 255 -s 97dB/mW --nominal-impedance 300 -t 108.5
expect "impedance alone stands for both" 0 'at 255\.0 Ohm, the load' "" -- -z 255 -s 97dB/mW
expect "T 70 on 28 Ohm warns" 0 "Warning: the load's 28\.0 Ohm does not fit 'Beyerdynamic T 70' \(250\.0 Ohm nominal, so 175\.0 to 262\.5 Ohm DC\)" "" -- \
	-z 28 -m "Beyerdynamic T 70"
expect "T 70 converts at 250 Ohm" 0 '104\.00 dB/mW = 110\.02 dB/V at 250\.0 Ohm' "" -- -z 28 -m "Beyerdynamic T 70"
if ./amp-advise -z 250 -m "Beyerdynamic T 70" | grep -q 'does not fit'; then fail "T 70 fits 250 Ohm"; else pass; fi
expect "LCD-3 48 ohm row on a current 110 Ohm LCD-3 warns" 0 "Warning: the load's 110\.0 Ohm does not fit 'Audeze LCD-3 \(48 ohm revision\)'" "" -- \
	-z 110 -m lcd-3
if ./amp-advise -z 13.2 -m lcd-1 | grep -q 'does not fit'; then fail "LCD-1 fits its measured 13.2 Ohm"; else pass; fi
expect "offline -m with the table's impedance" 0 'Load       300\.0 Ohm from the headphone list \(offline' "" -- -m hd600
expect "offline -m json: load from the table" 0 '"load":\{"impedance_ohm":\[300,300\],"type":"unknown","source":"table"' "" -- -m hd600 -j
expect "apply without a device names no --impedance" 1 "" '^amp-advise: no sound card with the HPA380 controls: --apply, --dry-run, --watch, --measure and --remember need one \(give -c or -D\)$' -- \
	-z 32 -s 97dB/mW --apply
# Errors under --json: the line on stderr, and an object on stdout; the exit codes as without.
expect "usage error as json" 2 '^\{"schema":2,"error":\{"message":"invalid --impedance .0.: 0 is outside 1 to 10000"\}\}$' \
	"invalid --impedance '0'" -- -z 0 -s 97dB/mW --json
expect "runtime error as json" 1 '^\{"schema":2,"error":\{"message":"cannot open control device .nonexistent_dev.' \
	"cannot open control device 'nonexistent_dev'" -- -D nonexistent_dev -s 97dB/mW -j
expect "json recommended max level at the recommended limit" 0 '"recommended":\{[^}]*"max_spl_db":123\.031' "" -- \
	-z 16 -s 104dB/mW -j
expect "json numbers keep six digits" 0 '"need":\{"v_rms":0\.000630957,' "" -- -z 32 -s 124dB/V -t 60 -j
lines=$(./amp-advise --list-models | wc -l)
if [ "$lines" -ge 25 ]; then pass; else fail "table size" "$lines models"; fi
