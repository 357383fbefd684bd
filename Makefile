# sfn: run AWS Step Functions state machines locally.
SHARED ?= ../shared
PREFIX ?= /usr/local
SWIFT ?= swift

.PHONY: build release test lint format conformance conformance-core jsonata-suite validate-corpus bench bench-micro bench-suite bench-dmap bench-input-lines bench-serve bench-console install man clean fresh-debian-check fuzz

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The test command the README gives and CI runs: every unit, end-to-end and corpus test, in two
# passes. Swift Testing starts a whole pass at once, so on two cores a test shares the machine with
# browsers, compilers and corpora for a minute or more; the suites whose checks bound how long a
# kill, a timeout or a crash takes (process supervision) run in a second pass of their own.
TIMED_SUITES = ProcessScanTests|RunSignalTests|FaultyCommandTests|HandlerDispatcherTests|ShellProcessTests|CommandLeftoverTests|SupervisorProcessTests|ProcessCleanupTests|KilledRunFilesTests|CallbackCLITests|ActivityCLITests|StoreCLITests|MapRunRedriveCLITests
test:
	$(SWIFT) build
	$(SWIFT) test --skip '$(TIMED_SUITES)'
	$(SWIFT) test --skip-build --filter '$(TIMED_SUITES)'

# The toolchain's `swift format` with the checked-in .swift-format: lint fails on any finding,
# format rewrites the files in place.
FORMAT_PATHS = Sources Tests Package.swift
lint:
	$(SWIFT) format lint --strict --recursive --parallel --configuration .swift-format $(FORMAT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive --parallel --configuration .swift-format $(FORMAT_PATHS)

# Runs the conformance corpus recorded against AWS through `sfn test`.
# Exits 0 while every area passes what Tests/SFNCLITests/conformance-ratchet.json records, and
# lists the known misses that remain.
conformance: build
	scripts/ratchet.sh conformance .build/debug/sfn $(SHARED)

# The areas the core interpreter (issue 2) is accountable for.
conformance-core: build
	.build/debug/sfn test $(SHARED)/conformance/aws/base $(SHARED)/conformance/aws/choice \
	  $(SHARED)/conformance/aws/intrinsics $(SHARED)/conformance/aws/context_object \
	  $(SHARED)/conformance/aws/comments

# Runs the JSONata reference suite, per group, with the cases newer than JSONata 2.0.6 left out.
jsonata-suite: release
	.build/release/jsonata-suite $(SHARED)/jsonata-suite --exclude-newer

# Every verdict of the validation corpus that no source marks doubtful, through sfn validate
# (0 valid, 1 invalid); the doubtful ones are listed, not counted.
validate-corpus: build
	scripts/ratchet.sh validate-corpus .build/debug/sfn $(SHARED)

# The performance yardstick: release build, every workload of ../shared/bench beside its
# baselines and then beside issue 18's targets (scripts/bench-summary.py), the micro-benchmarks,
# then the JSONata engine alone (parse and evaluate times over the 100,000 orders).
BENCH_DIR ?= /tmp/sfn-bench
bench: release
	mkdir -p $(BENCH_DIR)
	$(SHARED)/bench/run.sh .build/release/sfn > $(BENCH_DIR)/run.txt; status=$$?; cat $(BENCH_DIR)/run.txt; \
	  echo; python3 scripts/bench-summary.py $(BENCH_DIR)/run.txt; exit $$status
	@echo
	$(MAKE) --no-print-directory bench-micro
	$(MAKE) --no-print-directory bench-suite
	$(MAKE) --no-print-directory bench-dmap
	$(MAKE) --no-print-directory bench-input-lines
	$(MAKE) --no-print-directory bench-serve
	$(MAKE) --no-print-directory bench-console
	python3 $(SHARED)/bench/gen.py $(BENCH_DIR) >/dev/null
	@echo "JSONata engine (input bound as \$$states.input):"
	.build/release/jsonata-suite --bench $(BENCH_DIR)/jsonata.input.json '$$sum($$states.input.orders.(price * qty))' --aws --repeat 5
	.build/release/jsonata-suite --bench $(BENCH_DIR)/jsonata.input.json '$$states.input.orders{region: $$sum(price)}' --aws --repeat 5
	.build/release/jsonata-suite --bench $(BENCH_DIR)/jsonata.input.json '$$sort($$states.input.orders, function($$a, $$b) { $$a.price < $$b.price })[0].id' --aws --repeat 5
	.build/release/jsonata-suite --bench $(BENCH_DIR)/jsonata.input.json '$$count($$states.input.orders[price > 50 and region = "north"])' --aws --repeat 5

# JSON parse and print (MB/s on the payload input), a JSONPath, intrinsic calls, JSONata parse and
# evaluate (ns per operation), each the best of five rounds beside its target (docs/performance.md).
bench-micro: release
	mkdir -p $(BENCH_DIR)
	python3 $(SHARED)/bench/gen.py $(BENCH_DIR) >/dev/null
	.build/release/sfn-bench $(BENCH_DIR)

# A CI-sized suite on the virtual clock: 200 case files, each running a workflow that waits an
# hour and retries five times 10 s apart (two executions per file), with --jobs 2.
SUITE_DIR ?= /tmp/sfn-suite
bench-suite: release
	rm -rf $(SUITE_DIR) && mkdir -p $(SUITE_DIR)
	cp Examples/cases/wait-and-retry.asl.json $(SUITE_DIR)/
	for i in $$(seq 1 200); do \
	  sed "s/\"name\": \"wait-and-retry\"/\"name\": \"wait-and-retry-$$i\"/" \
	    Examples/cases/wait-and-retry.case.json > $(SUITE_DIR)/case-$$i.json; \
	done
	@echo "200 case files, each waiting 1 hour and retrying 5 times (virtual clock), --jobs 2:"
	bash -c 'TIMEFORMAT="suite: %R s wall, %U s user"; time .build/release/sfn test --jobs 2 $(SUITE_DIR)'

# A Distributed Map over a generated 1,000,000-row CSV (100 rows a batch, Pass processor,
# ResultWriter): rows/s and peak memory (docs/distributed-map.md).
DMAP_DIR ?= /tmp/sfn-dmap
DMAP_ROWS ?= 1000000
bench-dmap: release
	rm -rf $(DMAP_DIR) && mkdir -p $(DMAP_DIR)/bench
	python3 -c 'import sys; w=sys.stdout.write; w("id,name,amount\n"); [w("%d,name-%d,%d.%02d\n" % (i, i, i % 1000, i % 100)) for i in range($(DMAP_ROWS))]' > $(DMAP_DIR)/bench/rows.csv
	@echo "Distributed Map over $(DMAP_ROWS) CSV rows, 100 a batch, Pass processor, ResultWriter:"
	/usr/bin/time -f "dmap: %e s wall, %M KB peak" .build/release/sfn run Examples/bench/distributed-map.asl.json \
	  --s3-root $(DMAP_DIR) --no-store --max-events 0 >/dev/null
	@python3 -c 'print("dmap rows:", $(DMAP_ROWS))'
# sfn run --input-lines over 100,000 lines of the hello benchmark's input: executions/s with the
# store off, then on (a fresh store file), each as sfn's summary line reports it.
LINES_DIR ?= /tmp/sfn-lines
bench-input-lines: release
	rm -rf $(LINES_DIR) && mkdir -p $(LINES_DIR)
	python3 $(SHARED)/bench/gen.py $(LINES_DIR) >/dev/null
	python3 -c 'import json; s=json.dumps(json.load(open("$(LINES_DIR)/hello.input.json"))); open("$(LINES_DIR)/lines.txt","w").write((s+"\n")*100000)'
	@echo "--input-lines, 100,000 hello executions, store off:"
	.build/release/sfn run $(SHARED)/bench/hello.json --input-lines $(LINES_DIR)/lines.txt --no-store >/dev/null
	@echo "--input-lines, 100,000 hello executions, store on:"
	.build/release/sfn run $(SHARED)/bench/hello.json --input-lines $(LINES_DIR)/lines.txt --store $(LINES_DIR)/sfn.db >/dev/null

# `sfn serve` under load on loopback: 8 keep-alive connections of a raw-HTTP client, StartExecution
# + DescribeExecution pairs of a Pass workflow for at most 10 s or 200,000 pairs; fails on any
# error or lost execution.
bench-serve: release
	python3 bench/serve_load.py .build/release/sfn 10 200000

# The console (docs/console.md): the page of a 25,000-event execution in headless Chromium (usable
# within 1 s) and the executions list over 100,000 stored executions (under 100 ms by the server's
# own timing), printed; fails over either budget.
bench-console: release
	python3 bench/console_bench.py .build/release/sfn

# libFuzzer targets (fuzz/, built by scripts/fuzz.sh with -sanitize=fuzzer,address), each run for
# SECONDS with a seed corpus from $(SHARED) and definitions/; logs and crashers in .build/fuzz.
SECONDS ?= 60
fuzz:
	SHARED=$(SHARED) scripts/fuzz.sh run $(SECONDS)

# One stripped binary, the Swift runtime and SQLite linked in statically (release builds only,
# see Package.swift); the man page and the completion scripts beside it.
install: release
	install -d $(PREFIX)/bin $(PREFIX)/share/man/man1 $(PREFIX)/share/bash-completion/completions \
	  $(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -s .build/release/sfn $(PREFIX)/bin/sfn
	install -m 644 docs/sfn.1 $(PREFIX)/share/man/man1/sfn.1
	.build/release/sfn completions bash > $(PREFIX)/share/bash-completion/completions/sfn
	.build/release/sfn completions zsh > $(PREFIX)/share/zsh/site-functions/_sfn
	.build/release/sfn completions fish > $(PREFIX)/share/fish/vendor_completions.d/sfn.fish

# make install into a Debian root with no Swift (debootstrap, chroot), then sfn run in it. Needs
# root and, the first time, about 100 MB from the mirror: not part of `make test` or CI.
fresh-debian-check:
	scripts/fresh-debian-check.sh

# docs/sfn.1 from the help texts (a test checks that it is current).
man: build
	.build/debug/sfn man > docs/sfn.1

clean:
	rm -rf .build
