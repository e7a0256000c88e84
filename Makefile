# layerlab: two commands for a fresh machine.
#   make demo   installs what is missing, builds, and runs the guided tour (writes Output/)
#   make test   installs what is missing, builds, and runs every test
SWIFT ?= swift
BIN := .build/debug/layerlab

.PHONY: deps build demo test lint bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --product layerlab

demo: build
	@scripts/demo.sh $(BIN)

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

bench: deps
	$(SWIFT) build -c release --product layerlab
	$(SWIFT) build -c release --product layerlab-bench
	@scripts/bench.sh .build/release/layerlab
	.build/release/layerlab-bench 1000 5000

clean:
	rm -rf .build Output/tour
