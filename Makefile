# VGK Staff Console. The README's two commands: `make demo` and `make test`.
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
BIN := .build/debug/vgk-staff

# Debian 12 packages the build, the tests and the demo need.
DEBS := libncursesw5-dev libsqlite3-dev libzbar-dev libqrencode-dev libjpeg62-turbo-dev libpng-dev \
        pkg-config groff-base tmux sqlite3 e2fsprogs libargon2-dev \
        openssh-server openssh-client libjpeg-turbo-progs python3 \
        libpq-dev postgresql zbar-tools

# What `make bench-scan` needs besides: zbarimg (the peer), and Python to make the frames and
# run zxing-cpp (from PyPI, in a virtual environment under .build-bench).
BENCH_DEBS := zbar-tools python3 python3-venv
BENCH := .build-bench
# Frames per category (11 categories) and runs per frame; e.g. make bench-scan BENCH_SCAN_ARGS="--per-category 10".
BENCH_SCAN_ARGS ?= --per-category 30 --repeat 5

# What `make bench-console` adds: htop (the peer) and sqlite3 for the generated database.
CONSOLE_DEBS := htop python3 python3-venv
# The generated database's size (empty: 1 M movements, 100 k orders, 50 k tasks), e.g.
# BENCH_CONSOLE_DB="--movements 100000 --orders 10000 --tasks 5000".
BENCH_CONSOLE_DB ?=
# Seconds each program is watched idle (a minute: long enough for the SLA countdowns to tick).
BENCH_IDLE ?= 60

# Open tasks and timed frames per measurement for `make bench-tasks`.
BENCH_TASKS_ARGS ?= --tasks 50000 --frames 300

# Movements in the database, timed calls per read and movements in the timed import for `make bench-stock`.
BENCH_STOCK_ARGS ?= --movements 1000000 --repeat 200 --import 100000

# `make bench`: every benchmark in turn, each also writing its figures to $(BENCH_RESULTS)/NAME.jsonl,
# or its printed Markdown to NAME.md for those that count rather than time (empty: a bench-* target
# alone writes none), then one file of them all (Benchmarks/report.py): $(BENCH_REPORT).
BENCH_RESULTS ?=
BENCH_REPORT ?= Benchmarks/RESULTS.md
bench-results = $(if $(BENCH_RESULTS),--results $(BENCH_RESULTS)/$(1).jsonl)
bench-printed = $(if $(BENCH_RESULTS),| tee $(BENCH_RESULTS)/$(1).md)

.PHONY: all deps font build test demo install uninstall clean check-warnings questions bench bench-scan bench-deps bench-console bench-tasks bench-stock bench-labels bench-logins bench-link crash link-crash tsan fuzz fuzz-build fuzz-payload fuzz-keymap fuzz-import fuzz-image fuzz-config fuzz-reply

all: build

# Installs the Debian packages of $(1) that are missing with apt-get; nothing when all are there.
define install-missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install-missing,$(DEBS))

bench-deps: deps
	$(call install-missing,$(BENCH_DEBS))
	@if [ ! -x $(BENCH)/venv/bin/python ] || ! cmp -s Benchmarks/scan/requirements.txt $(BENCH)/venv/requirements.txt; then \
	  python3 -m venv $(BENCH)/venv && $(BENCH)/venv/bin/pip install -q -r Benchmarks/scan/requirements.txt && \
	  cp Benchmarks/scan/requirements.txt $(BENCH)/venv/requirements.txt; \
	fi

# The console on a generated large database (1 M movements, 100 k orders, 50 k tasks) in a
# pseudo-terminal: first frame, key to frame, idle CPU and bytes, next to htop (Benchmarks/console).
bench-console: deps
	$(call install-missing,$(CONSOLE_DEBS))
	$(SWIFT) build -c release --product vgk-staff
	@if [ ! -x $(BENCH)/console-venv/bin/python ] || ! cmp -s Benchmarks/console/requirements.txt $(BENCH)/console-venv/requirements.txt; then \
	  python3 -m venv $(BENCH)/console-venv && $(BENCH)/console-venv/bin/pip install -q -r Benchmarks/console/requirements.txt && \
	  cp Benchmarks/console/requirements.txt $(BENCH)/console-venv/requirements.txt; \
	fi
	@mkdir -p $(BENCH)/console
	python3 Benchmarks/console/bigdb.py .build/release/vgk-staff $(BENCH)/console/big.sqlite $(BENCH)/console/keys $(BENCH_CONSOLE_DB)
	$(BENCH)/console-venv/bin/python Benchmarks/console/bench.py --binary .build/release/vgk-staff \
	  --db $(BENCH)/console/big.sqlite --keys $(BENCH)/console/keys --idle $(BENCH_IDLE) $(call bench-results,console)

# The decoder against zbarimg and zxing-cpp on generated camera-like frames, one core, in one run
# (Benchmarks/scan/bench.py). The frames are made once and kept in $(BENCH)/frames.
bench-scan: bench-deps
	$(SWIFT) build -c release --product vgk-bench-scan
	$(SWIFT) build -c release --product vgk-scan-worker
	$(SWIFT) build -c release --product vgk-staff
	$(BENCH)/venv/bin/python Benchmarks/scan/bench.py --ours .build/release/vgk-bench-scan \
	  --worker .build/release/vgk-scan-worker --staff .build/release/vgk-staff --frames $(BENCH)/frames $(BENCH_SCAN_ARGS) $(call bench-results,scan)

# The task board on a generated database with 50 k open tasks: a frame's query, update and render,
# the filters, the counters, a key and a rules pass, next to the 16 ms goal (Benchmarks/TasksBench).
bench-tasks: deps
	$(SWIFT) build -c release --product vgk-bench-tasks
	.build/release/vgk-bench-tasks $(BENCH_TASKS_ARGS) $(call bench-results,tasks)

# The stock ledger on 1 M movements: one product's stock, a page of history and the bulk import rate,
# each next to the same SQL in the sqlite3 shell on the same file, against its goals (Benchmarks/StockBench).
bench-stock: deps
	$(SWIFT) build -c release --product vgk-bench-stock
	.build/release/vgk-bench-stock $(BENCH_STOCK_ARGS) $(call bench-results,stock)

# The link at scale: a throwaway PostgreSQL (max_connections 100), 200 points set up through
# `central add-point`, `init`, `central feed` and `stock import`; all their `link sync` at once next to
# pgbench's plain INSERT rate, then `link run` on every point with events and feed records made
# continuously: handover -> centre and feed -> point latencies, connections used (Benchmarks/link).
# Needs the postgresql packages (`make deps`); runs as root too (the server as the postgres account).
BENCH_LINK_ARGS ?= --points 200 --movements 500 --steady 60 --listen-points 90 --listen-seconds 30
bench-link: deps
	$(SWIFT) build -c release --product vgk-staff
	python3 Benchmarks/link/bench.py --binary .build/release/vgk-staff --work $(BENCH)/link $(BENCH_LINK_ARGS) $(call bench-results,link)

# A refused login's time, known login against unknown, each the first attempt of a fresh process:
# both medians, their ratio and how often one try tells them apart (Benchmarks/LoginBench).
bench-logins: deps
	$(SWIFT) build -c release --product vgk-bench-logins
	set -o pipefail; .build/release/vgk-bench-logins $(BENCH_LOGINS_ARGS) $(call bench-printed,logins)

# Every benchmark, one after the other (each with its own setup and its BENCH_* arguments), then
# their figures in one Markdown file, ours next to the peer's or the goal's, and the tables of counts
# as printed: Benchmarks/RESULTS.md. The results of an earlier run are removed first, so a benchmark
# that fails leaves no stale figures behind. BENCH_ALL="scan tasks" runs some of them only.
BENCH_ALL ?= scan console tasks stock link
BENCH_PRINTED ?= labels logins
bench: deps
	@rm -rf $(BENCH)/results && mkdir -p $(BENCH)/results
	@set -e; for b in $(BENCH_ALL) $(BENCH_PRINTED); do \
	  $(MAKE) --no-print-directory bench-$$b BENCH_RESULTS=$(BENCH)/results; \
	done
	@python3 Benchmarks/report.py --out $(BENCH_REPORT) \
	  --arg "BENCH_SCAN_ARGS=$(BENCH_SCAN_ARGS)" --arg "BENCH_IDLE=$(BENCH_IDLE)" --arg "BENCH_CONSOLE_DB=$(BENCH_CONSOLE_DB)" \
	  --arg "BENCH_TASKS_ARGS=$(BENCH_TASKS_ARGS)" --arg "BENCH_STOCK_ARGS=$(BENCH_STOCK_ARGS)" \
	  --arg "BENCH_LINK_ARGS=$(BENCH_LINK_ARGS)" --arg "BENCH_LOGINS_ARGS=$(BENCH_LOGINS_ARGS)" \
	  $(foreach b,$(BENCH_PRINTED),--section "$(b)=$(BENCH)/results/$(b).md") \
	  $(foreach b,$(BENCH_ALL),$(BENCH)/results/$(b).jsonl)
	@echo "make: the figures are in $(BENCH_REPORT)"

# The figures behind the labels' QR level and minimum version: reads by zbar of codes at each level,
# version and module size after 36 print/camera degradations, and of tilted codes by one zbar pass
# and by the ladder (Benchmarks/LabelBench). Counts, not times: `make bench` adds its tables as printed.
# BENCH_LABELS_ARGS="--png-dir DIR" also writes the sample labels as PNG files.
BENCH_LABELS_ARGS ?=
bench-labels: deps
	$(SWIFT) build -c release --product vgk-bench-labels
	set -o pipefail; .build/release/vgk-bench-labels $(BENCH_LABELS_ARGS) $(call bench-printed,labels)

build: deps
	$(SWIFT) build

# Generated tables, committed, made again from Debian's data; the build never needs these packages:
# the label font's glyphs (Sources/StaffLabels/FontData.swift) from Terminus Font (OFL-1.1,
# Fonts/OFL-1.1.txt), and the wide characters (Sources/StaffDomain/WideRanges.swift) from Unicode's
# EastAsianWidth.txt.
FONT_DEBS := xfonts-terminus pcf2bdf python3 unicode-data
font:
	$(call install-missing,$(FONT_DEBS))
	python3 Fonts/labelfont.py --out Sources/StaffLabels/FontData.swift
	python3 Fonts/wide-ranges.py /usr/share/unicode/EastAsianWidth.txt > Sources/StaffDomain/WideRanges.swift

# Builds the program and the tests; fails if the compiler prints a warning (a clean clone builds
# everything, so all are seen).
check-warnings: deps
	@mkdir -p .build
	@set -o pipefail; $(SWIFT) build --build-tests 2>&1 | tee .build/build.log
	@if grep -E "warning:" .build/build.log | grep -v "^warning: 'grdb.swift'" ; then \
	  echo "make: the build printed warnings (above)"; exit 1; fi

test: deps check-warnings
	@out=$$(groff -ww -man -z man/*.1 man/*.5 2>&1); if [ -n "$$out" ]; then echo "$$out"; echo "man pages: groff warnings"; exit 1; fi
	VGK_STAFF_BIN=$(CURDIR)/$(BIN) $(SWIFT) test --skip-build

# The console's property test at length: random keys, photos, scanner bursts, commits, resizes and
# ticks, 2000 runs a language (make test runs 100); every write a key makes must act on the
# question on screen. QUESTION_SEEDS=N to change it.
QUESTION_SEEDS ?= 2000
questions: check-warnings
	VGK_QUESTION_SEEDS=$(QUESTION_SEEDS) $(SWIFT) test --skip-build --filter QuestionPropertyTests

# The crash harness's long round: processes of the binary killed with SIGKILL 1000 times while
# they hand orders over and move stock (make test runs 50); VGK_CRASH_SEED replays a round.
CRASH_KILLS ?= 1000
crash: check-warnings
	VGK_STAFF_BIN=$(CURDIR)/$(BIN) VGK_CRASH_KILLS=$(CRASH_KILLS) $(SWIFT) test --skip-build --filter CrashTests

# The link's crash round at length: `link sync` killed with SIGKILL 1000 times while feed batches
# come in and events wait to go out (make test kills 100), against the tests' PostgreSQL;
# VGK_LINK_SEED replays a round.
LINK_KILLS ?= 1000
link-crash: check-warnings
	VGK_STAFF_BIN=$(CURDIR)/$(BIN) VGK_LINK_KILLS=$(LINK_KILLS) $(SWIFT) test --skip-build --filter LinkCrashTests

# The suites with threads and processes under ThreadSanitizer, in a build folder of their own
# (.build-tsan). The decoding worker stays the plain build's: under TSan it cannot live within its
# 256 MiB address-space limit. Any ThreadSanitizer report fails the run. One test is skipped:
# TSan defers a signal's handler while flock(2) waits, so SIGTERM cannot end a wait for the camera
# folder there (the plain build's test shows it does).
TSAN_SUITES := ConcurrencyTests|LoginThrottleTests|TaskBoardTests|PrintQueueTests|CameraFolderTests|SandboxTests|CrashTests|WatchCommandTests
tsan: check-warnings
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	@set -o pipefail; VGK_STAFF_BIN=$(CURDIR)/.build-tsan/debug/vgk-staff VGK_STAFF_WORKER=$(CURDIR)/$(dir $(BIN))vgk-scan-worker \
	  TSAN_OPTIONS="halt_on_error=1" $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan \
	  --filter "$(TSAN_SUITES)" --skip aWatcherWaitingForTheFolderStopsOnSIGTERM 2>&1 | tee .build-tsan/tsan.log
	@if grep -q "WARNING: ThreadSanitizer" .build-tsan/tsan.log; then echo "make: ThreadSanitizer reported (above)"; exit 1; fi

# libFuzzer with AddressSanitizer over the input paths (Sources/StaffFuzz): the payload parser, the
# keymap reader, the import readers, the image loader with zbar, the config file and the worker's
# reply. FUZZ_SECONDS per target (make fuzz-payload runs one; make -j2 fuzz runs two at a time). The corpus grows in
# .build-fuzz/corpus; a crash is written to Fixtures/fuzz/TARGET/crashes, which make test replays.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := payload keymap import image config reply
FUZZ := .build-fuzz
# release runs about three times as many inputs a second as debug (92 k/s against 34 k/s on payload).
FUZZ_CONFIG ?= release
FUZZ_MAX_LEN_payload := 128
FUZZ_MAX_LEN_keymap := 8192
FUZZ_MAX_LEN_import := 16384
FUZZ_MAX_LEN_image := 65536
FUZZ_MAX_LEN_config := 4096
FUZZ_MAX_LEN_reply := 4096
fuzz: $(addprefix fuzz-,$(FUZZ_TARGETS))

fuzz-build: deps
	@set -o pipefail; $(SWIFT) build -c $(FUZZ_CONFIG) --product vgk-fuzz --scratch-path $(FUZZ) -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
	  -Xswiftc -DFUZZING -Xcc -fsanitize=fuzzer-no-link,address 2>&1 | grep -v "Cannot export local symbol"

$(addprefix fuzz-,$(FUZZ_TARGETS)): fuzz-%: fuzz-build
	@mkdir -p $(FUZZ)/corpus/$* Fixtures/fuzz/$*/crashes
	@set -o pipefail; SWIFT_BACKTRACE=enable=no VGK_FUZZ_TARGET=$* $(FUZZ)/$(FUZZ_CONFIG)/vgk-fuzz $(FUZZ)/corpus/$* Fixtures/fuzz/$*/seeds \
	  -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN_$*) -timeout=10 -rss_limit_mb=2048 \
	  $(if $(wildcard Fixtures/fuzz/$*.dict),-dict=Fixtures/fuzz/$*.dict) -artifact_prefix=Fixtures/fuzz/$*/crashes/ \
	  -print_final_stats=1 2>&1 | tee $(FUZZ)/$*.log | grep -v -E "^#[0-9]+\s+(NEW|REDUCE|pulse)|^\s+NEW_FUNC|Cannot export local symbol"

demo: build
	$(BIN) demo

install: deps
	$(SWIFT) build -c release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/vgk-staff $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
	  $(DESTDIR)$(PREFIX)/share/vgk-staff/Keymaps $(DESTDIR)$(PREFIX)/share/vgk-staff/Fixtures/demo
	install -m 0755 .build/release/vgk-staff $(DESTDIR)$(PREFIX)/bin/vgk-staff
	install -m 0755 .build/release/vgk-scan-worker $(DESTDIR)$(PREFIX)/lib/vgk-staff/vgk-scan-worker
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	for f in Keymaps/*.keymap; do [ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(PREFIX)/share/vgk-staff/Keymaps/ || true; done
	install -m 0644 Fixtures/demo/*.csv Fixtures/demo/*.json $(DESTDIR)$(PREFIX)/share/vgk-staff/Fixtures/demo/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/vgk-staff $(DESTDIR)$(PREFIX)/share/man/man1/vgk-staff.1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5/vgk-staff-keymap.5
	rm -rf $(DESTDIR)$(PREFIX)/share/vgk-staff $(DESTDIR)$(PREFIX)/lib/vgk-staff

clean:
	rm -rf .build $(BENCH)
