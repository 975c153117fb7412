# vanthu — build, test, install.  See README.md.
#
#   make                 build/vanthu, build/libvanthu.so, build/plugins/vanthu-*.so
#   make test            every test (installs missing Debian packages first)
#   make demo            install what is missing, build, run the sample corpus
#   make SANITIZE=address,undefined test    the same under ASan/UBSan (in build/san)
#   make install PREFIX=/usr/local

VERSION := $(shell sed -n 's/^\#define VT_VERSION "\(.*\)"/\1/p' core/include/vanthu/common.h)
PREFIX ?= /usr/local
DESTDIR ?=

ifeq ($(SANITIZE),)
B := build
SAN :=
else
B := build/san
SAN := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

PKGS := libgit2 zlib libcjson libutf8proc libcrypto
GVPKGS := libcgraph libgvc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(GVPKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
GV_LIBS := $(shell pkg-config --libs $(GVPKGS) 2>/dev/null)

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
ALL_CFLAGS = -std=c17 $(WARN) $(CFLAGS) $(SAN) -D_GNU_SOURCE -Icore/include -I. \
	$(PKG_CFLAGS) -fvisibility=hidden -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SAN)

LIB_SRC := $(wildcard core/lib/*.c)
# Data files (core/data/) are embedded with .incbin from core/lib/*.S.
LIB_ASM := $(wildcard core/lib/*.S)
CLI_SRC := $(wildcard core/cli/*.c)
GRAPH_SRC := $(wildcard graphs/*.c)
PLUGIN_NAMES := $(filter-out common,$(notdir $(patsubst %/,%,$(wildcard plugins/*/))))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
TPLUGIN_SRC := $(wildcard tests/plugins/*.c)

LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o) $(LIB_ASM:%.S=$(B)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(B)/obj/%.o)
GRAPH_OBJ := $(GRAPH_SRC:%.c=$(B)/obj/%.o)
LIB := $(B)/libvanthu.so
BIN := $(B)/vanthu
PLUGINS := $(PLUGIN_NAMES:%=$(B)/plugins/vanthu-%.so)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TPLUGINS := $(TPLUGIN_SRC:tests/plugins/%.c=$(B)/tests/plugins/vanthu-%.so)

.PHONY: all deps test check demo install uninstall clean eval tests-build bench
.SECONDEXPANSION:
# Keep the objects of pattern-built plugins; they are not intermediates to us.
.SECONDARY:

all: $(LIB) $(BIN) $(PLUGINS)

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

$(B)/obj/%.o: %.S $$(wildcard core/data/*)
	@mkdir -p $(@D)
	$(CC) $(SAN) -fPIC -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,libvanthu.so -o $@ $^ $(PKG_LIBS) -ldl

$(BIN): $(CLI_OBJ) $(GRAPH_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(GRAPH_OBJ) -L$(B) -lvanthu \
		-Wl,-rpath,'$$ORIGIN:$$ORIGIN/../lib' $(PKG_LIBS) $(GV_LIBS)

# One folder per plugin; every .c in it goes into vanthu-<name>.so.  The
# object list comes through a function: a literal % in a pattern rule's
# prerequisites would be taken for the stem.
plugin_objs = $(patsubst %.c,$(B)/obj/%.o,$(wildcard plugins/$(1)/*.c))
$(B)/plugins/vanthu-%.so: $$(call plugin_objs,$$*) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -shared -o $@ $(filter %.o,$^) -L$(B) -lvanthu \
		-Wl,-rpath,'$$ORIGIN/..:$$ORIGIN/../..' $(shell pkg-config --libs libcjson 2>/dev/null)

# Deliberately broken plugins for the loader tests.
$(B)/tests/plugins/vanthu-%.so: tests/plugins/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -fPIC -shared -o $@ $< -L$(B) -lvanthu \
		-Wl,-rpath,'$$ORIGIN/../..' $(PKG_LIBS)

# Modules private to the library (hidden symbols) are linked in whole.
$(B)/tests/test_delta: $(B)/obj/core/lib/delta.o
$(B)/tests/%: tests/unit/%.c $(LIB) $(GRAPH_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(filter $(B)/obj/core/%.o,$^) \
		$(GRAPH_OBJ) -L$(B) -lvanthu \
		-Wl,-rpath,'$$ORIGIN/..' $(PKG_LIBS) $(GV_LIBS) -lcmocka

tests-build: all $(UNIT_BIN) $(TPLUGINS)

# Installing what is missing needs root; both entry points below do it first.
deps:
	@sh core/tools/deps.sh

test check: deps
	@$(MAKE) --no-print-directory tests-build
	@VANTHU_BUILD=$(B) SANITIZE=$(SANITIZE) sh tests/run.sh

# Benchmarks: every figure with the ratio to a baseline measured in the same run.
BENCH_GRAPH_SRC := $(wildcard tests/bench/graph/*.c)
$(B)/bench/bench_graph: $(BENCH_GRAPH_SRC) $(GRAPH_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(BENCH_GRAPH_SRC) $(GRAPH_OBJ) -L$(B) -lvanthu \
		-Wl,-rpath,'$$ORIGIN/..' $(PKG_LIBS) $(GV_LIBS)

BENCH_PARSE_SRC := $(wildcard tests/bench/parse/*.c)
$(B)/bench/bench_parse: $(BENCH_PARSE_SRC) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(BENCH_PARSE_SRC) -L$(B) -lvanthu \
		-Wl,-rpath,'$$ORIGIN/..' $(PKG_LIBS)

bench: deps
	@$(MAKE) --no-print-directory all $(B)/bench/bench_graph $(B)/bench/bench_parse
	@set -e; for b in tests/bench/*.sh tests/bench/*/run.sh; do \
		[ -f "$$b" ] || continue; echo "== $$b"; VANTHU_BUILD=$(B) sh "$$b"; done
	@echo "== tests/bench/bench.py"; python3 tests/bench/bench.py --build $(B)

eval: all
	@VANTHU_BUILD=$(B) sh tests/corpus/eval.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@VANTHU_BUILD=$(B) sh core/tools/demo.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/vanthu/plugins \
		$(DESTDIR)$(PREFIX)/include/vanthu $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/vanthu
	install -m 755 $(LIB) $(DESTDIR)$(PREFIX)/lib/libvanthu.so
	install -m 755 $(PLUGINS) $(DESTDIR)$(PREFIX)/lib/vanthu/plugins/
	install -m 644 core/include/vanthu/*.h $(DESTDIR)$(PREFIX)/include/vanthu/
	sed 's/@VERSION@/$(VERSION)/g' docs/vanthu.1 > $(DESTDIR)$(PREFIX)/share/man/man1/vanthu.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/vanthu $(DESTDIR)$(PREFIX)/lib/libvanthu.so \
		$(DESTDIR)$(PREFIX)/share/man/man1/vanthu.1
	rm -rf $(DESTDIR)$(PREFIX)/lib/vanthu $(DESTDIR)$(PREFIX)/include/vanthu

clean:
	rm -rf build

# Fuzzing (libFuzzer harnesses and the replay of their corpus in make test).
-include tests/fuzz/fuzz.mk

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
