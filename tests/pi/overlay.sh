#!/bin/bash
# The Pi overlay: it compiles with `dtc -@` without a warning, applies with
# fdtoverlay onto a Raspberry Pi 4 base tree built from the 6.12 source, the
# merged tree holds our nodes enabled and wired (every phandle resolved), the
# amplifier node passes the binding, and each __overrides__ parameter changes
# the property it should. Scratch files go to CACHE/pi/overlay.
set -eu
cache=${1:?usage: overlay.sh CACHE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/common.sh"
tree=$("$top/tests/kernel-tree.sh" 6.12 "$cache")
work=$cache/pi/overlay
dtbo=$work/hpa380-dac-hat.dtbo
base=$work/base/bcm2711-rpi-4-b.dtb
rm -rf "$work"
mkdir -p "$work"

quiet "dtc -@ compiles dts/hpa380-dac-hat-overlay.dts with no warning" \
	dtc -@ -I dts -O dtb -o "$dtbo" "$top/dts/hpa380-dac-hat-overlay.dts"
check "Pi 4 base tree from 6.12's bcm2711-rpi-4-b.dts, with the Pi's I2S labels" \
	"$here/pi4-base.sh" "$tree" "$work/base"
check "binding schema prepared" "$here/dt-schema.sh" "$tree" "$work/schema"
if [ ! -f "$dtbo" ] || [ ! -f "$base" ] || [ ! -f "$work/schema/schema.json" ]; then
	finish overlay
	exit 1
fi

sym() { fdtget -t s "$base" /__symbols__ "$1"; }
i2s=$(sym i2s_clk_producer)
i2c=$(sym i2c1)
gpio=$(sym gpio)
card=/sound-hpa380
amp=$i2c/amplifier@60

# merge NAME [param=value...]: apply the parameters, then the overlay;
# leaves the merged tree in $work/NAME.dtb.
merge() {
	local name=$1

	shift
	"$here/dt-params.sh" "$dtbo" "$work/$name.dtbo" "$@" &&
		fdtoverlay -i "$base" -o "$work/$name.dtb" "$work/$name.dtbo"
}

# get TREE NODE PROP [TYPE]: a property as fdtget prints it, or "(none)".
get() { fdtget -t "${4:-s}" "$work/$1.dtb" "$2" "$3" 2>/dev/null || echo "(none)"; }
phandle() { get "$1" "$2" phandle u; }

# valid TREE: the amplifier node of the merged tree passes the binding.
valid() {
	dt-validate -l hpamp,hpa380 -s "$work/schema/schema.json" "$work/$1.dtb"
}

check "fdtoverlay applies it to the Pi 4 tree" merge default
d=default
expect "i2s_clk_producer (the Pi's I2S) is enabled" "$(get $d "$i2s" status)" okay
expect "i2c1 is enabled" "$(get $d "$i2c" status)" okay
expect "HPA380 at 0x60 on i2c1, enabled" \
	"$(get $d "$amp" compatible) $(get $d "$amp" reg x) $(get $d "$amp" status)" \
	"hpamp,hpa380 60 okay"
expect "HPA380 defaults: normal gain, unbalanced, 100 mA" \
	"$(get $d "$amp" hpamp,gain-mode) $(get $d "$amp" hpamp,output-route) $(get $d "$amp" hpamp,current-limit-microamp u)" \
	"normal unbalanced 100000"
expect "AVDD and DVDD are the overlay's 3.3 V fixed regulators" \
	"$(get $d "$amp" avdd-supply u) $(get $d "$amp" dvdd-supply u) $(get $d /regulator-hpa380-avdd compatible) $(get $d /regulator-hpa380-dvdd regulator-max-microvolt u)" \
	"$(phandle $d /regulator-hpa380-avdd) $(phandle $d /regulator-hpa380-dvdd) regulator-fixed 3300000"
expect "reset-gpios is GPIO 17 of the Pi's gpio, active low" \
	"$(get $d "$amp" reset-gpios u)" "$(phandle $d "$gpio") 17 1"
expect "no interrupt unless irq-pin is given" "$(get $d "$amp" interrupts u)" "(none)"
expect "sound card: simple-audio-card, enabled, named HPA380DAC" \
	"$(get $d $card compatible) $(get $d $card status) $(get $d $card simple-audio-card,name)" \
	"simple-audio-card okay HPA380DAC"
expect "CPU DAI is i2s_clk_producer, codec DAI the PCM5102A" \
	"$(get $d $card/simple-audio-card,cpu sound-dai u) $(get $d $card/simple-audio-card,codec sound-dai u) $(get $d /pcm5102a-codec compatible)" \
	"$(phandle $d "$i2s") $(phandle $d /pcm5102a-codec) ti,pcm5102a"
expect "the Pi is bit and frame clock master (the PCM5102A cannot be)" \
	"$(get $d $card simple-audio-card,bitclock-master u) $(get $d $card simple-audio-card,frame-master u)" \
	"$(phandle $d $card/simple-audio-card,cpu) $(phandle $d $card/simple-audio-card,cpu)"
expect "the HPA380 is the card's auxiliary device" \
	"$(get $d $card simple-audio-card,aux-devs u)" "$(phandle $d "$amp")"
expect "widgets: a headphone widget per jack" \
	"$(get $d $card simple-audio-card,widgets)" \
	"Headphone Headphone Jack Headphone Balanced Headphone Jack"
expect "routing: 3.5 mm jack from HPLP/HPRP, 4.4 mm jack from all four stages" \
	"$(get $d $card simple-audio-card,routing)" \
	"Headphone Jack HPLP Headphone Jack HPRP Balanced Headphone Jack HPLP Balanced Headphone Jack HPLN Balanced Headphone Jack HPRP Balanced Headphone Jack HPRN"
name=$(get $d $card simple-audio-card,name)
expect "card name fits ALSA's 15 characters" "$([ ${#name} -le 15 ] && echo yes)" yes
unresolved=$(dtc -I dtb -O dts -o "$work/$d.dts" "$work/$d.dtb" 2>&1 |
	sed 's/^[^:]*: //' | grep -E 'hpa380|amplifier@|pcm5102a' || true)
unresolved=$unresolved$(grep 0xffffffff "$work/$d.dts" || true)
expect "every phandle resolved (no 0xffffffff, no dtc warning on our nodes)" \
	"$unresolved" ""
quiet "dt-validate: the merged amplifier node passes the binding" valid $d

# param=value, then node, property, type, the value wanted.
while read -r param node prop type wanted; do
	tree_name=${param%%=*}
	if ! out=$(merge "$tree_name" "$param" 2>&1); then
		result "dtparam $param" 1 "$out"
		continue
	fi
	node=${node/\$amp/$amp}
	node=${node/\$i2c/$i2c}
	node=${node/\$gpio/$gpio}
	wanted=${wanted//_/ }
	wanted=${wanted//@gpio/$(phandle "$tree_name" "$gpio")}
	wanted=${wanted//@pins/$(phandle "$tree_name" "$gpio/hpa380-irq-pins")}
	got=$(get "$tree_name" "$node" "$prop" "$type")
	if out=$(valid "$tree_name" 2>&1) && [ -z "$out" ]; then
		expect "dtparam $param sets $prop = $wanted" "$got" "$wanted"
	else
		result "dtparam $param: binding" 1 "$out"
	fi
done <<'CASES'
gain=high $amp hpamp,gain-mode s high
route=balanced $amp hpamp,output-route s balanced
current-limit=200 $amp hpamp,current-limit-microamp u 200000
current-limit=400 $amp hpamp,current-limit-microamp u 400000
addr=0x61 $i2c/amplifier@61 reg x 61
reset-pin=22 $amp reset-gpios u @gpio_22_1
irq-pin=26 $amp interrupts u 26_8
irq-pin=26 $amp interrupt-parent u @gpio
irq-pin=26 $amp pinctrl-0 u @pins
irq-pin=26 $gpio/hpa380-irq-pins brcm,pins u 26
card-name=HPA380Balanced /sound-hpa380 simple-audio-card,name s HPA380Balanced
CASES

out=$("$here/dt-params.sh" "$dtbo" "$work/bad.dtbo" gain=loud 2>&1) && st=1 || st=0
result "dtparam gain=loud is refused (the lookup table admits normal, high)" "$st" "$out"

# The Raspberry Pi firmware's own base trees (shared/pi-dtbs: Pi 3, Zero 2 W,
# 4, CM4, 5, 500, CM5): the overlay, with the IRQ pin, applies to each, and
# lands on that board's I2C1, I2S and GPIO blocks with every phandle
# resolved. On a Pi 5 those are RP1's, whose pin controller also takes the
# overlay's brcm,pins form.
dtbs=${HPA380_PI_DTBS:-$top/../shared/pi-dtbs}
"$here/dt-params.sh" "$dtbo" "$work/irq.dtbo" irq-pin=27
n=0
for fw in "$dtbs"/*.dtb; do
	[ -f "$fw" ] || continue
	n=$((n + 1))
	b=$(basename "$fw" .dtb)
	fsym() { fdtget -t s "$fw" /__symbols__ "$1"; }
	if ! out=$(fdtoverlay -i "$fw" -o "$work/fw-$b.dtb" "$work/irq.dtbo" 2>&1); then
		result "$b: fdtoverlay applies the overlay" 1 "$out"
		continue
	fi
	m=$work/fw-$b.dtb
	fa=$(fsym i2c1)/amplifier@60
	expect "$b: I2C1 and the clock-producing I2S enabled, the HPA380 on I2C1" 		"$(fdtget -t s "$m" "$(fsym i2c1)" status) $(fdtget -t s "$m" "$(fsym i2s_clk_producer)" status) $(fdtget -t s "$m" "$fa" compatible)" 		"okay okay hpamp,hpa380"
	expect "$b: the card's CPU DAI, reset line and IRQ pin are this board's blocks" 		"$(fdtget -t u "$m" /sound-hpa380/simple-audio-card,cpu sound-dai) $(fdtget -t u "$m" "$fa" reset-gpios) $(fdtget -t u "$m" "$fa" interrupt-parent) $(fdtget -t u "$m" "$(fsym gpio)/hpa380-irq-pins" brcm,pins)" 		"$(fdtget -t u "$m" "$(fsym i2s_clk_producer)" phandle) $(fdtget -t u "$m" "$(fsym gpio)" phandle) 17 1 $(fdtget -t u "$m" "$(fsym gpio)" phandle) 27"
	unresolved=$(dtc -I dtb -O dts -o - "$m" 2>/dev/null | grep -c 0xffffffff || true)
	expect "$b: every phandle resolved" "$unresolved" 0
done
expect "the firmware's base trees found ($dtbs)" "$([ "$n" -ge 7 ] && echo yes)" yes

finish overlay
