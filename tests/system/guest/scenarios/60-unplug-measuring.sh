# SPDX-License-Identifier: GPL-2.0-only
# Unplug during a measurement: the measurement is aborted and the result
# cleared (datasheet 9 and 11.2). A measurement that never ends is aborted
# by the driver after 200 ms and reports Error. Afterwards a plug measures
# normally again.

emul det_us 0	# the chip's measurement never completes
# In 50 ms the chip has debounced the plug and the driver starts measuring;
# 80 ms after the plug it comes out again (timed by the emulated HAT, not
# this shell, which is slower than the driver's 200 ms time-out).
emul plug "se 32000 32000 unbalanced 80"
# DET_STATUS: ABORTED (0x08), LOAD_TYPE unknown; results read 0.
expect "unplugged while measuring: the chip aborted, no result" \
	"$(wait_reg 0x0a 0x08 2000) $(regs 0x0b 0x0c 0x0d 0x0e)" \
	"0x08 0x00 0x00 0x00 0x00"
expect "unplugged while measuring: jack off; Idle, 0,0, Unknown" \
	"$(wait_ctl 'Headphone Jack' off 2000 CARD) $(wait_ctl 'Headphone Load Detect Status' Idle 2000) $(cget 'Headphone Load Impedance') $(cget 'Headphone Load Type')" \
	"off Idle 0,0 Unknown"
sleep 0.3
expect "unplugged while measuring: no time-out reported afterwards" \
	"$(cget 'Headphone Load Detect Status') $(dmesg | grep -c 'did not complete')" "Idle 0"

# Never completes, plug stays: the driver gives up after 200 ms.
emul plug "se 32000 32000 unbalanced"
expect "endless measurement: Error after the driver's time-out" \
	"$(wait_ctl 'Headphone Load Detect Status' Error 3000)" Error
expect "endless measurement: chip aborted (DET_STATUS 0x08), no result" \
	"$(regs 0x0a) $(cget 'Headphone Load Impedance') $(cget 'Headphone Load Type')" \
	"0x08 0,0 Unknown"
emul unplug se
wait_ctl 'Headphone Jack' off 2000 CARD >/dev/null

# Back to the datasheet's typical 50 ms: a 16 Ohm IEM measures normally.
emul det_us 50000
emul plug "se 16000 16000 unbalanced"
expect "after the aborts: a 16 Ohm IEM measures Done, 16000,16000" \
	"$(wait_ctl 'Headphone Load Detect Status' Done 3000) $(cget 'Headphone Load Impedance')" \
	"Done 16000,16000"
emul unplug se
wait_ctl 'Headphone Jack' off 2000 CARD >/dev/null
