#!/usr/bin/env bash
# CI for the downstream example: from a clean state (the generated packages
# deleted), `go generate ./...` must produce packages that build and pass
# the tests, identical to the committed ones; a second `go generate` must
# change nothing.
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
echo "ok"
