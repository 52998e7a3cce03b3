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
#   make install    ksrtp.ko for KVER (with depmod), srtpctl, its man page
#                   and bash completion, libksrtp (PREFIX=/usr/local,
#                   DESTDIR; with DESTDIR no depmod: a package runs it)
#   make uninstall  remove what make install installed
#   make dkms-src   the module's sources and dkms.conf, for dkms add, in
#                   DESTDIR/usr/src/ksrtp-VERSION
#   make docs       Documentation/ as HTML in build/docs (Sphinx, -W)
#
# KDIR defaults to the running kernel's build tree, and when that is absent
# (a container, a CI sandbox) to the newest Debian stock headers installed.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
KVER ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) \
	  $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
BUILD ?= $(TOP)/build/host
PREFIX ?= /usr/local
DESTDIR ?=
MODDIR ?= /lib/modules/$(KVER)/updates
VERSION := $(shell sed -n 's/^\#define KSRTP_VERSION "\(.*\)"/\1/p' $(TOP)/kmod/ksrtp.h)
DKMS_SRC := $(DESTDIR)/usr/src/ksrtp-$(VERSION)

.PHONY: all modules userspace deps check demo lint bench clean help \
	install uninstall dkms-src docs

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

install: all
	install -D -m 0644 $(BUILD)/ksrtp.ko $(DESTDIR)$(MODDIR)/ksrtp.ko
	$(if $(DESTDIR),,depmod -a $(KVER))
	$(MAKE) -C $(TOP)/userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

uninstall:
	rm -f $(DESTDIR)$(MODDIR)/ksrtp.ko
	$(if $(DESTDIR),,depmod -a $(KVER))
	$(MAKE) -C $(TOP)/userspace uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# What DKMS builds from: Kbuild, dkms.conf, kmod/ and netlink/ (the
# generated ops and the uapi header), nothing of the tests.
dkms-src:
	@test -n "$(VERSION)" || { echo "no KSRTP_VERSION in kmod/ksrtp.h" >&2; exit 1; }
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/kmod $(DKMS_SRC)/netlink/uapi/linux
	install -m 0644 $(TOP)/Kbuild $(TOP)/dkms.conf $(DKMS_SRC)/
	install -m 0644 $(TOP)/kmod/*.c $(TOP)/kmod/*.h $(DKMS_SRC)/kmod/
	install -m 0644 $(TOP)/netlink/ksrtp-nl-gen.c \
		$(TOP)/netlink/ksrtp-nl-gen-legacy.c \
		$(TOP)/netlink/ksrtp-nl-gen.h $(DKMS_SRC)/netlink/
	install -m 0644 $(TOP)/netlink/uapi/linux/ksrtp.h \
		$(DKMS_SRC)/netlink/uapi/linux/

# The documentation as HTML, in build/docs; warnings are errors.
docs:
	sphinx-build -W --keep-going -q -b html $(TOP)/Documentation $(TOP)/build/docs

clean:
	rm -rf $(TOP)/build
	$(MAKE) -C $(TOP)/userspace clean

help:
	@sed -n '3,22p' $(TOP)/Makefile
