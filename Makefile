# SPDX-License-Identifier: GPL-2.0
# kprof — a perf_event-based profiler.  `make`, `make check`, `make demo`.

KPROF_VERSION := 0.1.0
LINUX_TAR     ?= /usr/src/linux-source-6.1.tar.xz
B             := build
LS            := $(B)/linux
V             ?= 0

CC      ?= gcc
ARCH    ?= x86
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow \
	   -Wno-missing-field-initializers -D_GNU_SOURCE -fno-omit-frame-pointer \
	   -DKPROF_VERSION='"$(KPROF_VERSION)"' -I. -Iarch/$(ARCH) \
	   -I$(LS)/tools/lib/perf/include -I$(LS)/tools/lib -I$(LS)/tools/include \
	   -I$(LS)/tools/arch/x86/include -I$(LS)/tools/include/uapi \
	   $(shell pkg-config --cflags libtraceevent libtracefs 2>/dev/null) $(EXTRA_CFLAGS)
LDLIBS  += $(shell pkg-config --libs libtracefs libtraceevent 2>/dev/null) \
	   -lbpf -lelf -lcapstone -lzstd -lunwind-x86_64 -lunwind -lncursesw -liberty -lprotobuf-c \
	   -lz -lm -lpthread

ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
B       := build/san
endif

OBJDIR  := $(B)/obj
# pprof's profile.proto becomes C at build time, in $(GEN) (nothing generated is in the tree).
GEN       := $(B)/gen
PROTO_C   := $(GEN)/ui/pprof/profile.pb-c.c
PROTO_H   := $(GEN)/ui/pprof/profile.pb-c.h
PROTO_OBJ := $(OBJDIR)/gen/ui/pprof/profile.pb-c.o
CFLAGS    += -I$(GEN)
LIBPERF := $(LS)/tools/lib/perf/libperf.a
LIBAPI  := $(LS)/tools/lib/api/libapi.a
LIBSUBCMD := $(LS)/tools/lib/subcmd/libsubcmd.a
# libsubcmd needs strlcpy (tools/lib/string.c; glibc 2.36 has none) and
# str_error_r (libapi), so libapi comes after it.
TOOLS_STRING := $(OBJDIR)/libtools-string.a
EXTLIBS := $(LIBPERF) $(LIBSUBCMD) $(LIBAPI) $(TOOLS_STRING)

LIB_SRCS  := $(sort $(wildcard lib/*.c lib/*/*.c arch/$(ARCH)/*.c))
UI_SRCS   := $(sort $(wildcard ui/*.c ui/*/*.c))
CMD_SRCS  := $(sort $(wildcard cmd/*.c)) kprof.c
LIB_OBJS  := $(LIB_SRCS:%.c=$(OBJDIR)/%.o)
BIN_OBJS  := $(UI_SRCS:%.c=$(OBJDIR)/%.o) $(PROTO_OBJ) $(CMD_SRCS:%.c=$(OBJDIR)/%.o)
LIBKPROF  := $(B)/libkprof.a

UNIT_SRCS   := $(sort $(wildcard tests/unit/t-*.c))
UNIT_BINS   := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/unit/%)
TARGET_SRCS := $(sort $(wildcard tests/targets/*.c))
TARGET_BINS := $(TARGET_SRCS:tests/targets/%.c=$(B)/tests/targets/%)

ifeq ($(V),1)
Q :=
else
Q := @
endif

all: kprof

kprof: $(B)/kprof
	$(Q)ln -sf $(B)/kprof kprof

$(B)/kprof: $(BIN_OBJS) $(LIBKPROF) $(EXTLIBS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(BIN_OBJS) $(LIBKPROF) $(EXTLIBS) $(LDLIBS)

$(LIBKPROF): $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(OBJDIR)/%.o: %.c | deps $(LS)/.built
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(LIB_OBJS:.o=.d) $(BIN_OBJS:.o=.d)

$(PROTO_C): ui/pprof/profile.proto | deps
	@mkdir -p $(GEN)
	@echo "  PROTOC  $<"
	$(Q)protoc-c --c_out=$(GEN) $<
$(PROTO_H): $(PROTO_C)
$(PROTO_OBJ): $(PROTO_C) $(PROTO_H)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<
$(OBJDIR)/ui/pprof.o: $(PROTO_H)

# --- dependencies ------------------------------------------------------------
# Debian packages are checked on every build (cheap) and installed when missing.
deps:
	$(Q)scripts/deps.sh

# libperf, libapi and libsubcmd come from Debian's linux-source-6.1, built in build/.
$(LS)/.extracted: | deps
	@echo "  EXTRACT $(LINUX_TAR) (tools/ only)"
	$(Q)rm -rf $(LS) && mkdir -p $(LS)
	$(Q)tar -xJf $(LINUX_TAR) -C $(LS) --strip-components=1 \
		linux-source-6.1/tools/lib linux-source-6.1/tools/include \
		linux-source-6.1/tools/build linux-source-6.1/tools/scripts \
		linux-source-6.1/tools/arch/x86 \
		linux-source-6.1/tools/perf/Documentation/perf.data-file-format.txt
	$(Q)touch $@

$(LS)/.built: $(LS)/.extracted
	@echo "  BUILD   libperf.a libapi.a libsubcmd.a"
	$(Q)$(MAKE) -s -C $(LS)/tools/lib/perf libperf.a >/dev/null
	$(Q)$(MAKE) -s -C $(LS)/tools/lib/api libapi.a >/dev/null
	$(Q)$(MAKE) -s -C $(LS)/tools/lib/subcmd libsubcmd.a >/dev/null
	$(Q)touch $@

$(EXTLIBS): $(LS)/.built

$(TOOLS_STRING): $(LS)/.built
	@mkdir -p $(OBJDIR)/tools-lib
	$(Q)$(CC) $(CFLAGS) -c -o $(OBJDIR)/tools-lib/string.o $(LS)/tools/lib/string.c
	$(Q)$(CC) $(CFLAGS) -c -o $(OBJDIR)/tools-lib/ctype.o $(LS)/tools/lib/ctype.c
	$(Q)rm -f $@ && ar rcs $@ $(OBJDIR)/tools-lib/string.o $(OBJDIR)/tools-lib/ctype.o

# --- tests ---------------------------------------------------------------------
TEST_CFLAGS := $(filter-out -Werror,$(CFLAGS)) -Werror -O1 -g -fno-inline

$(B)/tests/unit/%: tests/unit/%.c tests/unit/tap.c tests/unit/tap.h $(LIBKPROF) $(EXTLIBS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/unit/tap.c $(LIBKPROF) $(EXTLIBS) $(LDLIBS)

# ui/'s unit tests (t-ui-*) link ui/'s objects too.
UI_OBJS := $(UI_SRCS:%.c=$(OBJDIR)/%.o) $(PROTO_OBJ)
$(B)/tests/unit/t-ui-%: tests/unit/t-ui-%.c tests/unit/tap.c tests/unit/tap.h $(UI_OBJS) $(LIBKPROF) $(EXTLIBS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/unit/tap.c $(UI_OBJS) $(LIBKPROF) $(EXTLIBS) $(LDLIBS)

# Targets are small programs with known behaviour; built without sanitizers and
# with frame pointers so that every profiler sees the same code.
TARGET_CFLAGS := -O1 -g -fno-omit-frame-pointer -fno-inline -Wall -Wextra -Werror -D_GNU_SOURCE
$(B)/tests/targets/%: tests/targets/%.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(TARGET_CFLAGS) -o $@ $< -lpthread -ldl -lm

# vm-* targets run in tests/vm/'s QEMU guests: static, so they need no libraries there.
$(B)/tests/targets/vm-%: tests/targets/vm-%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(TARGET_CFLAGS) -static -o $@ $<

# Probe targets: a non-PIE build of probe-count, and a program using a shared library.
PROBE_TARGETS := $(B)/tests/targets/probe-count-nopie $(B)/tests/targets/libprobe-lib.so
$(B)/tests/targets/probe-count-nopie: tests/targets/probe-count.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(TARGET_CFLAGS) -fno-pie -no-pie -o $@ $<
$(B)/tests/targets/libprobe-lib.so: tests/targets/lib/probe-lib.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(TARGET_CFLAGS) -fPIC -shared -o $@ $<
$(B)/tests/targets/probe-uselib: tests/targets/probe-uselib.c $(B)/tests/targets/libprobe-lib.so
	@echo "  CC      $<"
	$(Q)$(CC) $(TARGET_CFLAGS) -o $@ $< -L$(B)/tests/targets -lprobe-lib -Wl,-rpath,'$$ORIGIN'
# ubp-ctor: a library whose constructor calls a probed function (run by ld.so before main).
PROBE_TARGETS += $(B)/tests/targets/libubp-ctor.so
$(B)/tests/targets/libubp-ctor.so: tests/targets/lib/ubp-ctor.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(TARGET_CFLAGS) -fPIC -shared -o $@ $<
$(B)/tests/targets/ubp-ctor: tests/targets/ubp-ctor.c $(B)/tests/targets/libubp-ctor.so
	@echo "  CC      $<"
	$(Q)$(CC) $(TARGET_CFLAGS) -o $@ $< -L$(B)/tests/targets -lubp-ctor -Wl,-rpath,'$$ORIGIN'

tests: kprof $(UNIT_BINS) $(TARGET_BINS) $(PROBE_TARGETS)

check: tests check-layers fuzz-build
	$(Q)KPROF_BUILD=$(CURDIR)/$(B) prove -f $(PROVE_FLAGS) $(UNIT_BINS) $(wildcard tests/e2e/t[0-9]*.sh) $(wildcard tests/vm/t[0-9]*.sh)

# The QEMU kernel harness alone (make check runs it too); see tests/vm/README.
vm: tests
	$(Q)KPROF_BUILD=$(CURDIR)/$(B) prove -f $(PROVE_FLAGS) $(wildcard tests/vm/t[0-9]*.sh)

demo: kprof $(B)/tests/targets/demo
	./kprof record -F 4000 -o $(B)/demo.data -- $(B)/tests/targets/demo
	./kprof report --stdio -i $(B)/demo.data

# kprof report against perf report on 1.5M samples, kprof record against perf
# record at 100 kHz, kprof's probes against perf's per hit and for 300 at once (the
# scripts explain; probes.sh needs root).
bench: kprof $(TARGET_BINS)
	bench/report.sh
	bench/record.sh
	bench/probes.sh -n 200000 hits register

# --- fuzzing (clang's libFuzzer; tests/fuzz/README) ----------------------------------
# The library is rebuilt by clang with the fuzzer's coverage and ASan/UBSan in
# build/fuzz, by a sub-make; each tests/fuzz/fuzz-NAME.c becomes build/fuzz/fuzz-NAME.
FUZZ_B       := build/fuzz
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BINS    := $(FUZZ_SRCS:tests/fuzz/%.c=$(FUZZ_B)/%)
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 60

fuzz-build: | deps $(LS)/.built
	$(Q)$(MAKE) --no-print-directory B=$(FUZZ_B) LS=$(LS) CC=clang \
		EXTRA_CFLAGS="$(FUZZ_SAN)" fuzz-bins

fuzz-bins: $(FUZZ_BINS)

$(FUZZ_B)/fuzz-%: tests/fuzz/fuzz-%.c $(wildcard tests/fuzz/*.h) $(LIBKPROF) $(EXTLIBS)
	@echo "  FUZZ    $@"
	$(Q)$(CC) $(filter-out -fsanitize=fuzzer-no-link,$(CFLAGS)) -fsanitize=fuzzer,address,undefined \
		-o $@ $< $(LIBKPROF) $(EXTLIBS) $(LDLIBS)

# fuzz-options runs the commands' own option code: it links cmd/ and ui/ (not
# kprof.c's main), libsubcmd's parse-options.c rebuilt with the fuzzer's coverage,
# and catches exit() (tests/fuzz/fuzz-options.c says how).
FUZZ_OPT_OBJS := $(filter-out $(OBJDIR)/kprof.o,$(BIN_OBJS)) $(OBJDIR)/fuzz/parse-options.o \
		 $(addprefix $(LS)/tools/lib/subcmd/,exec-cmd.o help.o pager.o run-command.o \
			     sigchain.o subcmd-config.o)
FUZZ_OPT_WRAP := -Wl,--wrap=exit,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free \
		 -Wl,--wrap=strdup,--wrap=strndup
$(OBJDIR)/fuzz/parse-options.o: $(LS)/.built
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(filter-out -Werror -W%,$(CFLAGS)) -w -c -o $@ $(LS)/tools/lib/subcmd/parse-options.c

$(FUZZ_B)/fuzz-options: tests/fuzz/fuzz-options.c $(FUZZ_OPT_OBJS) $(LIBKPROF) $(EXTLIBS)
	@echo "  FUZZ    $@"
	$(Q)$(CC) $(filter-out -fsanitize=fuzzer-no-link,$(CFLAGS)) -fsanitize=fuzzer,address,undefined \
		$(FUZZ_OPT_WRAP) -o $@ $< $(FUZZ_OPT_OBJS) $(LIBKPROF) \
		$(filter-out $(LIBSUBCMD),$(EXTLIBS)) $(LDLIBS)

fuzz: fuzz-build tests
	$(Q)KPROF_BUILD=$(CURDIR)/$(B) tests/fuzz/run.sh $(FUZZ_SECONDS)

# --- documentation and installation --------------------------------------------------
# Documentation/kprof*.txt are AsciiDoc man pages; asciidoctor makes build/doc/*.1 and
# fails on any warning.
DOC_B      ?= build/doc
DOC_SRCS   := $(sort $(wildcard Documentation/kprof*.txt))
MAN_PAGES  := $(DOC_SRCS:Documentation/%.txt=$(DOC_B)/%.1)
ASCIIDOCTOR_FLAGS := -b manpage -w --failure-level=WARN -a mansource=kprof \
	-a manversion=$(KPROF_VERSION) -a manmanual='kprof Manual'

doc: $(MAN_PAGES)

$(DOC_B)/%.1: Documentation/%.txt | deps
	@mkdir -p $(DOC_B)
	@echo "  DOC     $@"
	$(Q)asciidoctor $(ASCIIDOCTOR_FLAGS) -o $@ $<

PREFIX      ?= /usr/local
DESTDIR     ?=
bindir      := $(PREFIX)/bin
man1dir     := $(PREFIX)/share/man/man1
bashcompdir := $(PREFIX)/share/bash-completion/completions

install: all doc
	@echo "  INSTALL $(DESTDIR)$(PREFIX)"
	$(Q)install -d $(DESTDIR)$(bindir) $(DESTDIR)$(man1dir) $(DESTDIR)$(bashcompdir)
	$(Q)install -m 755 $(B)/kprof $(DESTDIR)$(bindir)/kprof
	$(Q)install -m 644 $(MAN_PAGES) $(DESTDIR)$(man1dir)/
	$(Q)install -m 644 scripts/kprof-completion.bash $(DESTDIR)$(bashcompdir)/kprof

uninstall:
	@echo "  UNINSTALL $(DESTDIR)$(PREFIX)"
	$(Q)rm -f $(DESTDIR)$(bindir)/kprof $(DESTDIR)$(bashcompdir)/kprof \
		$(addprefix $(DESTDIR)$(man1dir)/,$(notdir $(MAN_PAGES)))

# --- style -----------------------------------------------------------------------
check-layers:
	$(Q)scripts/check-layers.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

lint:
	cppcheck -q --error-exitcode=1 --enable=warning,portability --inline-suppr \
		-I. -Iarch/$(ARCH) --suppress=missingIncludeSystem lib cmd ui arch kprof.c

clean:
	rm -rf $(B)/obj $(B)/san $(B)/tests $(B)/kprof $(LIBKPROF) kprof

distclean:
	rm -rf build kprof

.PHONY: all deps doc install uninstall tests check vm demo bench fuzz fuzz-build fuzz-bins check-layers format lint clean distclean kprof
.DELETE_ON_ERROR:
