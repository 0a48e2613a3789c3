# aeon — Redis-7.0-compatible server in Go.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO            ?= go
STATICCHECK   ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
TEST_TIMEOUT  ?= 25m
FUZZTIME      ?= 30s
BENCH_FLAGS   ?=

.NOTPARALLEL:
.PHONY: all test tools vet staticcheck gotest bench fuzz build run clean

all: build

## test: what CI runs (bash .ci/run) — tools, vet, staticcheck, race tests.
test: tools vet staticcheck gotest

tools:
	@echo "== ensure redis-server / redis-cli / redis-benchmark"
	@bash scripts/ensure-tools.sh

vet:
	@echo "== gofmt -l ."
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@echo "== go vet ./..."
	@$(GO) vet ./...

staticcheck:
	@echo "== staticcheck ($(STATICCHECK)) ./..."
	@$(GO) run $(STATICCHECK) ./...

gotest:
	@echo "== go test -race -count=1 -timeout $(TEST_TIMEOUT) ./..."
	@$(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) ./...

## bench: aeon vs redis-server with redis-benchmark; writes bench/RESULTS.md.
bench: tools
	@echo "== go run ./bench $(BENCH_FLAGS)"
	@$(GO) run ./bench -out bench/RESULTS.md $(BENCH_FLAGS)

## fuzz: every Fuzz* target in every package for FUZZTIME each.
fuzz:
	@echo "== fuzz (FUZZTIME=$(FUZZTIME))"
	@pkgs=$$($(GO) list ./...); \
	for pkg in $$pkgs; do \
		list=$$($(GO) test -list '^Fuzz' "$$pkg"); \
		for t in $$(printf '%s\n' "$$list" | grep '^Fuzz' || true); do \
			echo "-- $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) "$$pkg"; \
		done; \
	done

build:
	@echo "== go build -o bin/aeon ."
	@$(GO) build -o bin/aeon .

run:
	$(GO) run .

clean:
	rm -rf bin bench/tmp
