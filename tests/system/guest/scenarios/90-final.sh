# SPDX-License-Identifier: GPL-2.0-only
# At the end: no kernel splat (WARNING, BUG, lockdep, oops) in the whole
# run. (The chip model's pops and illegal counters are checked after every
# scenario by /init.)

expect "no WARNING, BUG, lockdep report or oops in dmesg" "$(splats)" ""
