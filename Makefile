# SPDX-License-Identifier: GPL-2.0-only
#
# hpa380: the ASoC driver for the HPA380 headphone amplifier, its tests and
# amp-advise. `make` builds the module against the running kernel (KDIR) and
# the tools; `make check` runs every test; see README.md.

KDIR ?= /lib/modules/$(shell uname -r)/build
# Prepared kernel trees and build directories are cached here between runs.
HPA380_CACHE ?= $(CURDIR)/.cache
export HPA380_CACHE
# make install: DESTDIR stages it elsewhere (then no depmod); PREFIX is for
# amp-advise; the overlay goes to Raspberry Pi OS's overlay folder.
DESTDIR ?=
PREFIX ?= /usr/local
OVERLAYDIR ?= /boot/firmware/overlays
# The card's UCM2 files: tools/ucm2/ is laid out as alsa-ucm-conf's ucm2/.
UCMDIR ?= /usr/share/alsa/ucm2
UCMSRC := tools/ucm2
OVERLAY := dts/hpa380-dac-hat.dtbo
KVER = $(shell cat $(KDIR)/include/config/kernel.release)

.PHONY: all modules tools overlay install uninstall install-ucm uninstall-ucm deps \
	kunit static check check-quick demo dt-check cross clean

all: modules tools

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools/amp-advise

overlay: $(OVERLAY)

$(OVERLAY): dts/hpa380-dac-hat-overlay.dts
	dtc -@ -I dts -O dtb -o $@ $<

# kbuild installs an external module in updates/ plus its folder here (MODDIR).
# depmod runs here, not in kbuild (Debian's headers have no System.map), and
# only for the real system.
MODDIR = /lib/modules/$(KVER)/updates/driver
install: all $(OVERLAY) install-ucm
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) DEPMOD=true \
		modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))
	install -d $(DESTDIR)$(OVERLAYDIR)
	install -m 0644 $(OVERLAY) $(DESTDIR)$(OVERLAYDIR)/
	$(MAKE) -C tools/amp-advise DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) install

# Whatever $(UCMSRC) holds (nothing without it), into UCMDIR; its symbolic
# links (a card's name in conf.d/) stay links. uninstall-ucm removes those
# files and then the folders they leave empty, deepest first: alsa-ucm-conf's
# own folders are never empty, so they stay.
UCM_LIST = [ ! -d $(UCMSRC) ] || (cd $(UCMSRC) && find . -mindepth 1 $(1))
install-ucm:
	$(call UCM_LIST,! -type d) | while read -r f; do \
		install -d "$(DESTDIR)$(UCMDIR)/$${f%/*}" || exit 1; \
		if [ -L "$(UCMSRC)/$$f" ]; then \
			ln -sfn "$$(readlink "$(UCMSRC)/$$f")" "$(DESTDIR)$(UCMDIR)/$$f"; \
		else \
			install -m 0644 "$(UCMSRC)/$$f" "$(DESTDIR)$(UCMDIR)/$$f"; \
		fi || exit 1; \
	done

uninstall-ucm:
	$(call UCM_LIST,! -type d) | while read -r f; do rm -f "$(DESTDIR)$(UCMDIR)/$$f"; done
	$(call UCM_LIST,-type d) | sort -r | while read -r d; do \
		rmdir "$(DESTDIR)$(UCMDIR)/$$d" 2>/dev/null || true; done

uninstall: uninstall-ucm
	rm -f $(DESTDIR)$(MODDIR)/snd-soc-hpa380.ko*
	[ ! -d $(DESTDIR)$(MODDIR) ] || rmdir --ignore-fail-on-non-empty $(DESTDIR)$(MODDIR)
	$(if $(DESTDIR),,depmod -a $(KVER))
	rm -f $(DESTDIR)$(OVERLAYDIR)/$(notdir $(OVERLAY))
	$(MAKE) -C tools/amp-advise DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) uninstall

deps:
	tests/install-deps.sh

kunit: deps
	tests/kunit/run.sh 6.12 $(HPA380_CACHE)

static: deps
	tests/static-check.sh $(HPA380_CACHE)

check: deps
	tests/check.sh $(HPA380_CACHE)

# The edit loop: the current kernel (6.12) only; `make check` runs the whole
# matrix (6.1, 6.6, 6.12 and 6.18, x86_64 and arm64).
check-quick: deps
	tests/check.sh $(HPA380_CACHE) static kunit-6.12 amp-advise

demo: deps
	tests/demo.sh $(HPA380_CACHE)

# The booted-kernel test: the driver on the emulated HAT in qemu (tests/system).
.PHONY: system-test
system-test: deps
	tests/system/run.sh $(HPA380_CACHE)

# The DT binding and the Pi overlay; the arm64 builds (external for the Pi
# kernels 6.6, 6.12 and 6.18, and in-tree).
dt-check: deps
	st=0; for t in dt-binding overlay; do \
		tests/pi/$$t.sh $(HPA380_CACHE) || st=1; done; exit $$st

cross: deps
	st=0; for v in 6.6 6.12 6.18; do \
		tests/module-build.sh $(HPA380_CACHE) arm64 $$v || st=1; done; \
	tests/pi/in-tree.sh $(HPA380_CACHE) || st=1; exit $$st

clean:
	rm -rf .tmp_versions Module.symvers modules.order
	find driver tests \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name 'modules.order' \) -delete
	rm -f .module-common.o $(OVERLAY)
	$(MAKE) -C tools/amp-advise clean
