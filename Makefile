# sfn: run AWS Step Functions state machines locally.
SHARED ?= ../shared
PREFIX ?= /usr/local
SWIFT ?= swift

.PHONY: build release test lint format conformance conformance-core jsonata-suite validate-corpus bench install clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The test command the README gives and CI runs: every unit, end-to-end and corpus test.
test:
	$(SWIFT) build
	$(SWIFT) test

# The toolchain's `swift format` with the checked-in .swift-format: lint fails on any finding,
# format rewrites the files in place.
FORMAT_PATHS = Sources Tests Package.swift
lint:
	$(SWIFT) format lint --strict --recursive --parallel --configuration .swift-format $(FORMAT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive --parallel --configuration .swift-format $(FORMAT_PATHS)

# Runs the conformance corpus recorded against AWS through `sfn test`.
conformance: build
	.build/debug/sfn test $(SHARED)/conformance/aws

# The areas the core interpreter (issue 2) is accountable for.
conformance-core: build
	.build/debug/sfn test $(SHARED)/conformance/aws/base $(SHARED)/conformance/aws/choice \
	  $(SHARED)/conformance/aws/intrinsics $(SHARED)/conformance/aws/context_object \
	  $(SHARED)/conformance/aws/comments

# Runs the JSONata reference suite, per group, with the cases newer than JSONata 2.0.6 left out.
jsonata-suite: release
	.build/release/jsonata-suite $(SHARED)/jsonata-suite --exclude-newer

validate-corpus: build
	.build/debug/sfn validate $(SHARED)/validate-corpus/*/valid/*.json

# The performance yardstick: release build, every workload of ../shared/bench beside its
# baselines, then the JSONata engine alone (parse and evaluate times over the 100,000 orders).
BENCH_DIR ?= /tmp/sfn-bench
bench: release
	$(SHARED)/bench/run.sh .build/release/sfn
	python3 $(SHARED)/bench/gen.py $(BENCH_DIR) >/dev/null
	@echo "JSONata engine (input bound as \$$states.input):"
	.build/release/jsonata-suite --bench $(BENCH_DIR)/jsonata.input.json '$$sum($$states.input.orders.(price * qty))' --aws --repeat 5
	.build/release/jsonata-suite --bench $(BENCH_DIR)/jsonata.input.json '$$states.input.orders{region: $$sum(price)}' --aws --repeat 5
	.build/release/jsonata-suite --bench $(BENCH_DIR)/jsonata.input.json '$$sort($$states.input.orders, function($$a, $$b) { $$a.price < $$b.price })[0].id' --aws --repeat 5
	.build/release/jsonata-suite --bench $(BENCH_DIR)/jsonata.input.json '$$count($$states.input.orders[price > 50 and region = "north"])' --aws --repeat 5

install: release
	install -d $(PREFIX)/bin
	install .build/release/sfn $(PREFIX)/bin/sfn

clean:
	rm -rf .build
