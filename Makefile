# SPDX-License-Identifier: GPL-2.0-only
#
# hpa380: the ASoC driver for the HPA380 headphone amplifier, its tests and
# amp-advise. `make` builds the module against the running kernel (KDIR) and
# the tools; `make check` runs every test; see README.md.

KDIR ?= /lib/modules/$(shell uname -r)/build
# Prepared kernel trees and build directories are cached here between runs.
HPA380_CACHE ?= $(CURDIR)/.cache
export HPA380_CACHE

.PHONY: all modules tools install uninstall deps kunit static check demo clean

all: modules tools

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools/amp-advise

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	$(MAKE) -C tools/amp-advise install

uninstall:
	$(MAKE) -C tools/amp-advise uninstall

deps:
	tests/install-deps.sh

kunit: deps
	tests/kunit/run.sh 6.12 $(HPA380_CACHE)

static: deps
	tests/static-check.sh $(HPA380_CACHE)

check: deps
	tests/check.sh $(HPA380_CACHE)

demo: deps
	tests/demo.sh $(HPA380_CACHE)

clean:
	rm -rf .tmp_versions Module.symvers modules.order
	find driver tests \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name 'modules.order' \) -delete
	rm -f .module-common.o
	$(MAKE) -C tools/amp-advise clean
