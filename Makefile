# Convenience targets. The corpus lives next to the package in ../shared.
SHARED ?= ../shared
SFN := .build/debug/sfn

.PHONY: build test conformance conformance-core release

build:
	swift build --product sfn

test:
	swift test

# Every recorded AWS case.
conformance: build
	$(SFN) test $(SHARED)/conformance/aws

# The areas the core interpreter is accountable for.
conformance-core: build
	$(SFN) test $(SHARED)/conformance/aws/base $(SHARED)/conformance/aws/choice \
	  $(SHARED)/conformance/aws/intrinsics $(SHARED)/conformance/aws/context_object \
	  $(SHARED)/conformance/aws/comments

release:
	swift build -c release --product sfn
