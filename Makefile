# Everything CI runs is `make check`; `.ci/run` calls the same targets.
GO ?= go
# Where the locked specs are read from (a directory or base URL). The
# default is the shared copy beside this checkout; set it to override.
ALTEGIO_SPEC_MIRROR ?= $(abspath ../shared/altegio-openapi)
export ALTEGIO_SPEC_MIRROR

STATICCHECK = $(GO) run honnef.co/go/tools/cmd/staticcheck

.PHONY: regen test lint fmt-check check bench bench-build

## regen: regenerate generated/ from the locked specs
regen:
	$(GO) run ./cmd/regen

## test: all tests, including the golden and coverage checks
test:
	$(GO) test ./...

## lint: go vet and staticcheck over everything, generated code included
lint:
	$(GO) vet ./...
	$(STATICCHECK) ./...

## fmt-check: fail if any Go file is not gofmt-clean
fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## check: everything CI runs
check: fmt-check lint test

## bench: pipeline benchmarks (ours vs the oapi-codegen CLI, same patched specs)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 3 ./gen/

## bench-build: cold-cache build time and size of the generated packages
bench-build:
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	export GOCACHE=$$tmp/cache; \
	s=$$(date +%s.%N); $(GO) build $$($(GO) list -deps ./generated/b2bv1 ./generated/b2bv2 | grep -v /generated/); d=$$(date +%s.%N); \
	echo "dependencies of the generated packages, cold cache: $$(awk "BEGIN{printf \"%.1f\", $$d-$$s}") s"; \
	for p in b2bv2 b2bv1; do \
	  s=$$(date +%s.%N); $(GO) build ./generated/$$p; d=$$(date +%s.%N); \
	  echo "generated/$$p, cold for the package itself: $$(awk "BEGIN{printf \"%.1f\", $$d-$$s}") s, $$(cat generated/$$p/*.go | wc -l) lines, $$(cat generated/$$p/*.go | wc -c) bytes"; \
	done
