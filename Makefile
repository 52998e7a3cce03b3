# SPDX-License-Identifier: GPL-2.0
#
# ksrtp top-level Makefile.
#
#   make            build ksrtp.ko (against KDIR) and srtpctl
#   make demo       the main job (see README.md)
#   make check      every test: userspace, lint, KUnit in the debug VM,
#                   the stock-kernel tier; ends with "N passed, M failed"
#   make lint       checkpatch, sparse and W=1 builds only
#   make bench      instructions per packet, flows, memory (no asserts)
#   make deps       install the Debian packages (scripts/setup-deps.sh)
#
# KDIR defaults to the running kernel's build tree, and when that is absent
# (a container, a CI sandbox) to the newest Debian stock headers installed.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
	  $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
BUILD ?= $(TOP)/build/host

.PHONY: all modules userspace deps check demo lint bench clean help

all: modules userspace

modules:
	@test -n "$(KDIR)" || { echo "no kernel build tree: set KDIR=" >&2; exit 1; }
	$(TOP)/scripts/build-module.sh $(KDIR) $(BUILD)

userspace:
	$(MAKE) -C $(TOP)/userspace

deps:
	$(TOP)/scripts/setup-deps.sh

check: deps
	$(TOP)/tests/run-checks.sh

demo: deps
	$(TOP)/scripts/demo.sh

lint: deps
	$(TOP)/tests/run-checks.sh --only lint

bench: deps
	$(TOP)/scripts/bench.sh

clean:
	rm -rf $(TOP)/build
	$(MAKE) -C $(TOP)/userspace clean

help:
	@sed -n '3,15p' $(TOP)/Makefile
