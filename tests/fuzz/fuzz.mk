# Fuzzing: libFuzzer harnesses (make fuzz) and the replay of their corpus
# and of every crash ever found (make test).  Included by the Makefile.
#
#   make fuzz                      build every harness, run each 10 s
#   make fuzz FUZZTIME=300         ... 300 s each
#   make fuzz FUZZ=cite FUZZTIME=600    one harness
#   make fuzz-build                build only, into $(B)/fuzz/
#
# The harnesses compile the library SOURCES with clang and
# -fsanitize=fuzzer,address,undefined, so that coverage sees them.  The
# replay binaries link libvanthu.so, built with the normal compiler and
# flags (and $(SAN) under SANITIZE=...), into $(B)/tests/fuzz-replay-<h>.

FUZZ_CC ?= clang
FUZZTIME ?= 10
FUZZ_MAXLEN ?= 8192
FUZZ_HARNESSES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ ?= $(FUZZ_HARNESSES)
FUZZ_HDR := $(wildcard tests/fuzz/*.h)

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
# FUZZ_WARN=-w fuzzes code that clang does not yet compile cleanly.
FUZZ_WARN ?= $(WARN)
FUZZ_CFLAGS = -std=c17 $(FUZZ_WARN) -O1 -g $(FUZZ_SAN) -D_GNU_SOURCE -Icore/include -I. \
	$(PKG_CFLAGS) -MMD -MP
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(B)/fuzz/obj/%.o) $(LIB_ASM:%.S=$(B)/fuzz/obj/%.o)
FUZZ_BIN := $(FUZZ_HARNESSES:%=$(B)/fuzz/fuzz_%)
FUZZ_REPLAY_BIN := $(FUZZ_HARNESSES:%=$(B)/tests/fuzz-replay-%)

.PHONY: fuzz fuzz-build fuzz-run

# Objects built only for the harnesses: keep them between runs.
.SECONDARY: $(FUZZ_LIB_OBJ)

$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

# The data the library embeds (core/data/ through .incbin).
$(B)/fuzz/obj/%.o: %.S $$(wildcard core/data/*)
	@mkdir -p $(@D)
	$(FUZZ_CC) -c -o $@ $<

# -rdynamic: the plugins that fuzz_parse dlopen()s then call the
# instrumented copies of vt_extract_document & co., not libvanthu.so's.
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HDR) $(FUZZ_LIB_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -rdynamic -o $@ $< \
		$(FUZZ_LIB_OBJ) $(PKG_LIBS) -ldl -lm

fuzz-build: $(FUZZ_BIN)

# fuzz_parse loads the real plugins from $(B)/plugins.  clang (with
# libFuzzer, which Debian 12 keeps in libclang-rt-14-dev) is installed
# first when it is missing.
fuzz:
	@sh core/tools/deps.sh clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run: $(FUZZ_BIN) $(PLUGINS)
	@VANTHU_BUILD=$(B) FUZZTIME=$(FUZZTIME) FUZZ_MAXLEN=$(FUZZ_MAXLEN) \
		sh tests/fuzz/fuzz.sh $(FUZZ)

$(B)/tests/fuzz-replay-%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(FUZZ_HDR) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/fuzz/replay.c tests/fuzz/fuzz_$*.c \
		-L$(B) -lvanthu -Wl,-rpath,'$$ORIGIN/..' $(PKG_LIBS) -ldl -lm

tests-build: $(FUZZ_REPLAY_BIN)

-include $(shell find $(B)/fuzz/obj -name '*.d' 2>/dev/null)
