#!/usr/bin/env bash
# CI for the downstream example: from a clean state (the generated packages
# deleted), `go generate ./...` must produce packages that build and pass
# the tests, identical to the committed ones; a second `go generate` must
# change nothing. It also runs a new user's order: `go mod tidy` before
# anything imports the runtime, then `go generate` (regen must add the
# runtime's requirements that tidy dropped).
#
# It works on a copy of this module in a temporary directory (with the
# replace pointed back at this checkout), so the working tree is never
# touched. The specs come from $ALTEGIO_SPEC_MIRROR (a directory, relative
# to the caller's working directory, or a URL), by default the shared copy
# beside the repository (../shared/altegio-openapi from its root).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

mirror=${ALTEGIO_SPEC_MIRROR:-$repo/../shared/altegio-openapi}
case $mirror in
  http://* | https://* | /*) ;;
  *) mirror=$(cd "$mirror" && pwd) ;;
esac
export ALTEGIO_SPEC_MIRROR=$mirror

step() { printf '\n== downstream: %s\n' "$*"; }
sums() { (cd "$1" && find teammembers appointments -type f | LC_ALL=C sort | xargs sha256sum); }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
work=$tmp/downstream
cp -R "$here" "$work"
(cd "$work" && go mod edit -replace "github.com/altegio-go/altegio=$repo")

cd "$work"
step "go.mod is tidy"
go mod tidy -diff

step "go generate from a clean state"
rm -rf teammembers appointments
start=$(date +%s.%N)
go generate ./...
end=$(date +%s.%N)
echo "go generate: $(awk "BEGIN{printf \"%.2f\", $end-$start}") s"

step "the generated packages are the committed ones"
if ! diff -r "$here/teammembers" teammembers || ! diff -r "$here/appointments" appointments; then
  echo "examples/downstream: the committed generated packages are stale; run 'go generate ./...' in examples/downstream (or make regen) and commit the result" >&2
  exit 1
fi

step "build and test"
go build ./...
go vet ./...
go test -count=1 ./...

step "a second go generate changes nothing"
before=$(sums .)
go generate ./...
after=$(sums .)
if [ "$before" != "$after" ]; then
  diff <(echo "$before") <(echo "$after") >&2 || true
  echo "examples/downstream: a second go generate changed the output" >&2
  exit 1
fi

step "go mod tidy before anything imports the runtime, then go generate"
# A new downstream module: the tool line and the configs, no generated
# package and no code using one yet. tidy drops golang.org/x/time (the
# runtime's dependency) from go.mod and go.sum; go generate must still work.
fresh=$tmp/fresh
cp -R "$here" "$fresh"
cd "$fresh"
go mod edit -replace "github.com/altegio-go/altegio=$repo"
rm -rf teammembers appointments main.go main_test.go
go mod tidy
if grep -q '^golang.org/x/time ' go.sum; then
  echo "examples/downstream: go mod tidy kept golang.org/x/time in go.sum; this step no longer tests the tidy-first order" >&2
  exit 1
fi
go generate ./... 2>generate.err || { cat generate.err >&2; echo "examples/downstream: go generate failed after go mod tidy" >&2; exit 1; }
cat generate.err
grep -q 'regen: ran go get github.com/altegio-go/altegio@' generate.err || { echo "examples/downstream: regen did not say it added the runtime's requirements" >&2; exit 1; }
rm generate.err
cp "$here/main.go" "$here/main_test.go" .
go mod tidy
diff -r "$here/teammembers" teammembers
diff -r "$here/appointments" appointments
go build ./...
go test -count=1 ./...
echo "ok"
