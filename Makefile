# layerlab: two commands for a fresh machine.
#   make demo   installs what is missing, builds, runs the guided lessons and the tour (writes Output/)
#   make test   installs what is missing, builds, and runs every test
SWIFT ?= swift
BIN := .build/debug/layerlab

.PHONY: deps build demo test lint bench bench-instructions leakcheck fuzz clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --product layerlab

# The books are then opened in headless Chromium: every diagram is measured (no text under 11
# pixels, Chinese in the Chinese book) and photographed into Output/lessons/screenshots/; every
# playground level is played in both languages and each solved level photographed into Output/playground/.
demo: build
	$(BIN) lesson run --yes -o Output/lessons
	@mkdir -p Output/lessons/screenshots
	/usr/bin/python3 scripts/check-in-browser.py --screenshots Output/lessons/screenshots \
		Output/lessons/book.zh.html Output/lessons/book.en.html > Output/lessons/screenshots/report.json
	@mkdir -p Output/playground
	/usr/bin/python3 scripts/play-in-browser.py $(BIN) --screenshots Output/playground > Output/playground/report.json
	@scripts/demo.sh $(BIN)

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

# layerlab beside skopeo, umoci and dot: pull, push, export, load, save, build, rendering and
# memory, medians of ROUNDS (default 5) alternating rounds, written to benchmarks/RESULTS.md.
# Some 15 minutes; ONLY=big,small,build,memory,render picks parts.
bench: deps
	@scripts/install-deps.sh time
	$(SWIFT) build -c release --product layerlab
	$(SWIFT) build -c release --product layerlab-bench
	/usr/bin/python3 scripts/bench.py .build/release/layerlab --bench-binary .build/release/layerlab-bench \
		--rounds $(or $(ROUNDS),5) --only "$(ONLY)" --results benchmarks/RESULTS.md

# The same comparison counted in instructions under callgrind, which repeat exactly where seconds
# drift with the machine's neighbours. Slow: some 40 minutes at the full 1,000 images.
bench-instructions:
	@scripts/install-deps.sh valgrind binutils bc
	$(SWIFT) build -c release --product layerlab-bench
	@scripts/bench-instructions.sh .build/release/layerlab-bench $(or $(IMAGES),1000) $(or $(LAYERS),5000)

# The renderer under AddressSanitizer and LeakSanitizer: any use of freed memory, or a leak outside
# Graphviz's and fontconfig's own (scripts/lsan.supp), fails. Not part of `make test`: it builds
# everything the renderer needs a second time, instrumented.
leakcheck: deps
	$(SWIFT) build --product layerlab-bench --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp:print_suppressions=0 \
		.build-asan/debug/layerlab-bench 60 300

# libFuzzer on each target of Sources/FuzzTargets for FUZZ_SECONDS (default 60) each, from the
# committed corpus in Fuzz/corpus/; a crash lands in Fuzz/crashes/ and fails. Not part of
# `make test`, which runs the corpus itself. Builds the fuzz driver with its own scratch path.
# swiftc keeps only the last -sanitize= it is given, and SwiftPM gives fuzzer and address apart
# (so address alone won, with no coverage): the joined -Xswiftc flag comes last.
fuzz: deps
	LAYERLAB_FUZZ=1 $(SWIFT) build --product layerlab-fuzz --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
		--scratch-path .build-fuzz
	@scripts/fuzz.sh .build-fuzz/debug/layerlab-fuzz $(or $(FUZZ_SECONDS),60)

clean:
	rm -rf .build Output/tour Output/lessons
