# SPDX-License-Identifier: GPL-2.0-only
# Values no parameter can produce, written straight into the tree:
# hpamp,current-limit-microamp = <300000>, hpamp,gain-mode = "loud" and
# hpamp,output-route = <1> (a number, not a string). Each gives one line in
# the kernel log naming the property, the value and what the driver uses
# instead: the power-on default (datasheet 11.4).

expect "one line for the bad current limit" \
	"$(dmesg | grep -c 'hpamp,current-limit-microamp')" 1
echo "# $(dmesg | grep 'hpamp,current-limit-microamp' | sed 's/^\[[ 0-9.]*\] //')"
expect "one line for the bad gain mode" "$(dmesg | grep -c 'hpamp,gain-mode')" 1
echo "# $(dmesg | grep 'hpamp,gain-mode' | sed 's/^\[[ 0-9.]*\] //')"
expect "one line for the route that is no string" \
	"$(dmesg | grep -c 'hpamp,output-route')" 1
echo "# $(dmesg | grep 'hpamp,output-route' | sed 's/^\[[ 0-9.]*\] //')"
expect "the card is there, with the power-on defaults (OUT_CFG 0x00)" \
	"$(cget 'Gain Mode') $(cget 'Output Route') $(cget 'Current Limit') $(reg 0x05)" \
	"Normal Unbalanced 100 mA 0x00"
expect "no WARNING, BUG, lockdep report or oops in dmesg" "$(splats)" ""
