#!/usr/bin/env bash
# CI for the downstream example: from a clean state (the generated packages
# deleted), `go generate ./...` must produce packages that build and pass
# the tests, identical to the committed ones; a second `go generate` must
# change nothing. It also runs a new user's order, `go mod tidy` before
# anything imports the runtime and then `go generate`, and the README's
# pre-publication recipe in a new module.
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
# package and no code using one yet. tidy must keep golang.org/x/time (the
# runtime's dependency, which regen's own imports pull in), or the first
# go generate fails at verify with a missing go.sum entry.
fresh=$tmp/fresh
cp -R "$here" "$fresh"
cd "$fresh"
go mod edit -replace "github.com/altegio-go/altegio=$repo"
rm -rf teammembers appointments main.go main_test.go fake_test.go
go mod tidy
grep -q '^golang.org/x/time ' go.sum || { echo "examples/downstream: go mod tidy dropped golang.org/x/time from go.sum (does cmd/regen still import the runtime?)" >&2; exit 1; }
go generate ./... || { echo "examples/downstream: go generate failed after go mod tidy" >&2; exit 1; }
cp "$here/main.go" "$here/main_test.go" "$here/fake_test.go" .
go mod tidy
diff -r "$here/teammembers" teammembers
diff -r "$here/appointments" appointments
go build ./...
go test -count=1 ./...

step "the README's pre-publication recipe, in a new module"
# "Use in your own repo": a clone beside the module as altegio-go (here a
# link to this checkout), the replace, go get at the zero pseudo-version,
# the tool line by go mod edit, tidy, generate. tidy runs before anything
# imports the runtime here too.
mkdir -p "$tmp/recipe/hello"
ln -s "$repo" "$tmp/recipe/altegio-go"
cd "$tmp/recipe/hello"
go mod init example.com/hello 2>/dev/null
go mod edit -replace github.com/altegio-go/altegio=../altegio-go
go get github.com/altegio-go/altegio@v0.0.0-00010101000000-000000000000
go mod edit -tool github.com/altegio-go/altegio/cmd/regen
go mod tidy
cp "$here/teammembers.yaml" .
cat >main.go <<'GO'
package main

//go:generate go run github.com/altegio-go/altegio/cmd/regen -q -config teammembers.yaml

import (
	"example.com/hello/teammembers"

	"github.com/altegio-go/altegio"
)

func main() { _ = teammembers.New(altegio.WithTokens("partner", "user")) }
GO
mv main.go main.go.txt # nothing imports the runtime until the package exists
printf 'package main\n\n//go:generate go run github.com/altegio-go/altegio/cmd/regen -q -config teammembers.yaml\n\nfunc main() {}\n' >main.go
go mod tidy
go generate ./...
mv main.go.txt main.go
go mod tidy
diff -r "$here/teammembers" teammembers
go build ./...
go vet ./...
echo "ok"
