# recur — one non-recursive Makefile.
#
#   make            build ./recur (installs missing libraries as root on Debian)
#   make test       build and run every test; last line "N passed, M failed"
#   make demo       review the Sell Fast sample history into out/
#   make install    the binary, recur.1 and the default share files under PREFIX
#                   (default /usr/local; DESTDIR too); make uninstall removes them
#   make asan       the whole suite under AddressSanitizer + UBSan
#   make valgrind   the demo under valgrind (errors and leaks fail it)
#   make bench      benchmarks (tests/bench), ratios against sqlite3 .import
#   make fuzz       libFuzzer targets (clang) into build-fuzz/; see tests/fuzz/README.md
#   make fuzz-run   run each for FUZZ_TIME seconds (default 60); crashes join the corpus
#   make format     clang-format the sources
#   V=1             show full commands

BUILD    ?= build
PREFIX   ?= /usr/local
SHAREDIR ?= $(PREFIX)/share/recur
MANDIR   ?= $(PREFIX)/share/man
CC       ?= cc
PKGS     := sqlite3 libpcre2-8 libcmark-gfm xlsxwriter zlib
DEB_PKGS := build-essential pkg-config libsqlite3-dev libpcre2-dev libcmark-gfm-dev \
            libcmark-gfm-extensions-dev libxlsxwriter-dev zlib1g-dev sqlite3 python3 python3-openpyxl unzip man-db
WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wno-format-nonliteral
OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(WERROR) \
             -Iinclude -MMD -MP $(SAN_FLAGS) $(CFLAGS) $(PKG_CFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# pkg-config's libcmark-gfm does not always name its extensions library
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lm -lpthread
ifdef SANITIZE
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
ifdef CI
WERROR := -Werror
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC  := $(filter-out src/main.c src/tools/%,$(wildcard src/*.c src/*/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/embedded.o
DATA     := $(sort $(shell find queries report-templates -type f ! -name '.*'))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Fuzz targets (tests/fuzz/fuzz_NAME.c): replayed over their corpus by make test.
FUZZ_TARGETS := csv json time rules mustache postmortem import decode frontmatter
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
FUZZ_BUILD   ?= build-fuzz
FUZZ_TIME    ?= 60

.PHONY: all deps test unit e2e demo asan tsan valgrind bench format clean install uninstall fuzz fuzz-run
# ./recur and recur.1 are the default build's: the sanitizer builds (asan,
# tsan) make theirs in their own folder only, so ./recur, which the demo,
# the benchmarks and users run, is never left a sanitized binary.
ifdef SANITIZE
all: deps $(BUILD)/recur $(BUILD)/recur.1
else
all: deps recur recur.1
endif

# Installs what is missing: apt-get as root on Debian, otherwise says how.
deps:
	@if ! pkg-config --exists $(PKGS) 2>/dev/null || ! command -v python3 >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing: $(DEB_PKGS)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS) >/dev/null; \
	  else \
	    echo "missing libraries; install them with:"; \
	    echo "  sudo apt-get install -y $(DEB_PKGS)"; exit 1; \
	  fi; \
	fi

recur: $(BUILD)/recur
	$(Q)cp $< $@

$(BUILD)/recur: $(BUILD)/main.o $(BUILD)/librecur.a
	@echo "  LINK    $@"
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/librecur.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

# The man page, from the binary's own help texts (src/tools/mkman.sh).
recur.1: $(BUILD)/recur.1
	$(Q)cp $< $@
$(BUILD)/recur.1: $(BUILD)/recur src/tools/mkman.sh
	@echo "  MAN     $@"
	$(Q)src/tools/mkman.sh $(BUILD)/recur $(SHAREDIR) >$@.tmp && mv $@.tmp $@

$(BUILD)/%.o: src/%.c | $(BUILD)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Queries and templates, embedded as defaults (share.h).
$(BUILD)/embed: src/tools/embed.c | $(BUILD)
	$(Q)$(CC) -O1 -o $@ $<
$(BUILD)/embedded.c: $(BUILD)/embed $(DATA)
	@echo "  EMBED   $(words $(DATA)) data files"
	$(Q)$(BUILD)/embed $@ $(DATA)
$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/librecur.a | $(BUILD)
	@mkdir -p $(BUILD)/tests
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -Itests/unit -o $@ $< $(BUILD)/librecur.a $(PKG_LIBS)

# The replay build: plain cc, the target's file and tests/fuzz/replay.c.
$(BUILD)/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/librecur.a
	@mkdir -p $(BUILD)/fuzz
	@echo "  CC      $<"
	$(Q)$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -Isrc -o $@ $< tests/fuzz/replay.c \
		$(BUILD)/librecur.a $(PKG_LIBS)

# The libFuzzer build (make fuzz, with BUILD=$(FUZZ_BUILD) CC=clang).
$(BUILD)/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/librecur.a
	@echo "  FUZZ    $@"
	$(Q)$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -fsanitize=fuzzer -Isrc -o $@ $< \
		$(BUILD)/librecur.a $(PKG_LIBS)

$(BUILD):
	@mkdir -p $(BUILD)

test: all $(UNIT_BIN) $(FUZZ_BIN)
	@BUILD=$(BUILD) RECUR=$(abspath $(BUILD)/recur) tests/run-tests.sh

# A fresh database each time, and the clock set to the day after the
# sample's last export (--now), so the demo prints and writes the same thing
# on every run, whatever today's date; tests/check/demo.sh holds the README
# to what it prints.
demo: all
	@mkdir -p out && rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	./recur --db out/demo.db --now 2026-11-04 review sample-data/sellfast/exports \
		sample-data/sellfast/postmortems --rules sample-data/sellfast/rules.conf --out out/

valgrind: all
	@mkdir -p out && rm -f out/vg.db out/vg.db-wal out/vg.db-shm
	valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
		--suppressions=tests/valgrind.supp ./recur --db out/vg.db review sample-data/sellfast/exports \
		sample-data/sellfast/postmortems --rules sample-data/sellfast/rules.conf --out out/vg >/dev/null

asan:
	$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=address,undefined OPT="-O1 -g" test

# The import's parser and writer threads (and the report's workbook thread)
# under ThreadSanitizer: the whole suite, as asan runs it. Some kernels'
# address layouts keep TSan's runtime from starting at all: a probe says so
# and the target is skipped rather than failing on every test.
tsan:
	@mkdir -p build-tsan && printf 'int main(void) { return 0; }\n' >build-tsan/probe.c && \
	if $(CC) -fsanitize=thread build-tsan/probe.c -o build-tsan/probe 2>build-tsan/probe.err && \
	   build-tsan/probe 2>>build-tsan/probe.err; then \
		$(MAKE) --no-print-directory BUILD=build-tsan SANITIZE=thread OPT="-O1 -g" test; \
	else \
		echo "tsan: ThreadSanitizer cannot run on this machine; skipped:"; \
		sed 's/^/  /' build-tsan/probe.err; \
	fi

fuzz:
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT="-O1 -g" \
		SANITIZE=fuzzer-no-link,address,undefined $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz-%)

fuzz-run: fuzz
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_TIME=$(FUZZ_TIME) tests/fuzz/run.sh $(FUZZ_TARGETS)

bench: all
	tests/bench/run.sh
	tests/bench/monthly.sh
	tests/bench/loghub.sh
	tests/bench/servicenow-link.sh
	tests/bench/similar.sh
	python3 tests/bench/duplicates_link.py ./recur tests/data/duplicates-seamonkey

format:
	clang-format -i src/*.c src/*/*.c src/*/*.h include/recur/*.h tests/unit/*.c tests/unit/*.h

# The binary, the man page, and the built-in queries and templates as files
# a user may copy, change and pass with --share (the binary does not need them);
# the man page is written for this SHAREDIR.
install: $(BUILD)/recur
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/recur $(DESTDIR)$(PREFIX)/bin/recur
	src/tools/mkman.sh $(BUILD)/recur $(SHAREDIR) >$(DESTDIR)$(MANDIR)/man1/recur.1
	$(Q)for f in $(DATA); do \
		install -d "$(DESTDIR)$(SHAREDIR)/$$(dirname "$$f")" && \
		install -m 644 "$$f" "$(DESTDIR)$(SHAREDIR)/$$f" || exit 1; \
	done
	@echo "installed $(PREFIX)/bin/recur, $(MANDIR)/man1/recur.1 and $(words $(DATA)) files in $(SHAREDIR)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/recur $(DESTDIR)$(MANDIR)/man1/recur.1
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build build-asan build-tsan $(FUZZ_BUILD) recur recur.1 out

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d $(BUILD)/tests/*.d)
