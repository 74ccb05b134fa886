# Everything CI runs is `make check`; `.ci/run` calls the same targets.
GO ?= go
# Where the locked specs are read from (a directory or base URL). The
# default is the shared copy beside this checkout; set it to override.
ALTEGIO_SPEC_MIRROR ?= $(abspath ../shared/altegio-openapi)
export ALTEGIO_SPEC_MIRROR

# The tools are pinned by the tool directives in go.mod.
STATICCHECK = $(GO) tool staticcheck

DRIFT_REPORT ?= drift-report.md
DRIFT_FLAGS ?= -upstream
ACTIONLINT = $(GO) tool actionlint

.PHONY: help mock regen test lint fmt-check check bench bench-build bench-regen contract prism check-drift update-specs changelog lint-workflows downstream consumer ratelimit-redis bench-limiter mcp altegiootel bench-mcp

## help: list the targets, from their "## name:" comments
help:
	@awk '/^## / { line = substr($$0, 4); \
	       if (!block && match(line, /^[a-z][a-z-]*: /)) { name = substr(line, 1, RLENGTH - 2); line = substr(line, RLENGTH + 1) } else name = ""; \
	       printf "%-16s %s\n", name, line; block = 1; next } { block = 0 }' $(firstword $(MAKEFILE_LIST))

## regen: regenerate generated/ and the downstream example's packages from the locked specs
regen:
	$(GO) run ./cmd/regen
	cd examples/downstream && $(GO) generate ./...

## test: all tests, including the golden, coverage and contract checks
test: prism
	$(GO) test ./...

## prism: install the pinned Prism mock server into tools/prism (never globally)
prism: tools/prism/node_modules/.bin/prism
tools/prism/node_modules/.bin/prism: tools/prism/package.json tools/prism/package-lock.json
	npm ci --prefix tools/prism
	@touch $@

## mock: serve $(MOCK_API) (b2b-v1 or b2b-v2; default b2b-v2) locally with
## Prism on 127.0.0.1:$(MOCK_PORT) (default 4010) until interrupted: the
## locked spec, patched, declaring the media type the client asks for
## (regen -mock-spec); point a client at it with
## altegio.WithBaseURL("http://127.0.0.1:4010")
MOCK_API ?= b2b-v2
MOCK_PORT ?= 4010
mock: prism
	@mkdir -p bin
	$(GO) run ./cmd/regen -q -mock-spec -api $(MOCK_API) -o bin/mock-$(MOCK_API).json
	tools/prism/node_modules/.bin/prism mock -h 127.0.0.1 -p $(MOCK_PORT) bin/mock-$(MOCK_API).json

## contract: the contract test alone: every operation against Prism
contract: prism
	$(GO) test ./generated -run '^TestContract$$' -count=1 -v

## lint: go vet and staticcheck over everything, generated code included;
## ST1003 (naming), which staticcheck skips in generated files, over copies
## of the generated packages
lint:
	$(GO) vet ./...
	$(STATICCHECK) ./...
	.ci/st1003.sh

## fmt-check: fail if any Go file is not gofmt-clean
fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## lint-workflows: actionlint over the GitHub workflows
lint-workflows:
	$(ACTIONLINT) .github/workflows/*.yml

## downstream: the example module in examples/downstream, from a clean
## state: go generate, build, test, and a second go generate changes nothing
downstream:
	examples/downstream/ci.sh

## consumer: modules importing only generated/b2bv1 or generated/b2bv2
## require nothing but this module and golang.org/x/time after go mod tidy
consumer:
	.ci/consumer-check.sh

## ratelimit-redis: the Redis-backed limiter example, a module of its own:
## tidy, vet, staticcheck, and the tests (they start redis-server, which
## must be installed: apt-get install -y redis-server)
ratelimit-redis:
	@mkdir -p bin
	$(GO) build -o bin/staticcheck honnef.co/go/tools/cmd/staticcheck
	cd examples/ratelimit-redis && $(GO) mod tidy -diff && $(GO) vet ./... && ../../bin/staticcheck ./... && $(GO) test -count=1 ./...

## altegiootel: the OpenTelemetry adapter, a module of its own (so that
## the SDK's users get no OpenTelemetry dependency unless they import it):
## tidy, vet, staticcheck, and its tests with the SDK's in-memory exporters
altegiootel:
	@mkdir -p bin
	$(GO) build -o bin/staticcheck honnef.co/go/tools/cmd/staticcheck
	cd altegiootel && $(GO) mod tidy -diff && $(GO) vet ./... && ../bin/staticcheck ./... && $(GO) test -count=1 ./...

## bench-limiter: requests per second held by 1, 2 and 4 clients sharing
## one rate budget, in process and through Redis (needs redis-server);
## three runs, each going through every case, so the cases interleave
bench-limiter:
	cd examples/ratelimit-redis && for run in 1 2 3; do $(GO) test -run '^$$' -bench SharedBudget -benchtime 3000x -count 1 . | grep '^Benchmark'; done

## mcp: the MCP server, a module of its own (mcp/): tidy, vet,
## staticcheck, and its tests (every operation through the call tool
## against altegiotest, the binary over stdio, HTTP, a short fuzz run)
mcp:
	@mkdir -p bin
	$(GO) build -o bin/staticcheck honnef.co/go/tools/cmd/staticcheck
	cd mcp && $(GO) mod tidy -diff && $(GO) vet ./... && ../bin/staticcheck ./... && $(GO) test -count=1 ./... && $(GO) test -run '^$$' -fuzz FuzzCallArguments -fuzztime 20s ./altegiomcp

## bench-mcp: the MCP server's figures (issue 17): binary size, startup over
## stdio, tools/list size per mode, and the added latency per call over a
## direct SDK call (interleaved); scripts/bench-mcp.sh, about a minute
BENCH_MCP_RUNS ?= 20
BENCH_MCP_ROUNDS ?= 3
bench-mcp:
	scripts/bench-mcp.sh -n $(BENCH_MCP_RUNS) -r $(BENCH_MCP_ROUNDS)

## check: everything CI runs
check: fmt-check lint lint-workflows consumer test downstream ratelimit-redis mcp altegiootel

## check-drift: compare Altegio's current (upstream) specs with openapi/lock.json.
## Writes the markdown report to $(DRIFT_REPORT) and regen's exit status
## (0 no drift, 1 drift, 2 error) to $(DRIFT_REPORT).status; fails unless 0.
check-drift:
	@mkdir -p bin
	$(GO) build -o bin/regen ./cmd/regen
	@bin/regen -check $(DRIFT_FLAGS) -format markdown -o $(DRIFT_REPORT); \
	status=$$?; echo $$status > $(DRIFT_REPORT).status; exit $$status

## update-specs: take the upstream specs: refresh the lock, regenerate, check, prepend CHANGELOG.md
update-specs:
	$(GO) run ./cmd/regen -update -upstream

## changelog: rewrite CHANGELOG.md's issue-19 rename map: every exported
## name of generated/ at git revision $(OLD) (default 72bdd99, main before
## issue 19) and what it is in the working tree (internal/cmd/renames)
OLD ?= 72bdd99
changelog:
	$(GO) run ./internal/cmd/renames -old $(OLD) -write CHANGELOG.md

## bench: pipeline benchmarks (ours vs the oapi-codegen CLI, same patched specs)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 3 ./gen/

## bench-regen: regen against the plain oapi-codegen CLI on the same patched
## specs: generation time, lines of Go and the package's cold build, as
## ratios over BENCH_PAIRS (7) interleaved pairs of BENCH_APIS (both APIs);
## scripts/bench-regen.sh, several minutes
BENCH_PAIRS ?= 7
BENCH_APIS ?= b2b-v1 b2b-v2
bench-regen:
	scripts/bench-regen.sh -n $(BENCH_PAIRS) $(BENCH_APIS)

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
