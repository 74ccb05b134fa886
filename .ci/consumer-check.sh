#!/usr/bin/env bash
# A user's go.mod stays lean: for each generated client, a fresh module that
# imports only that package (with a replace pointing at this checkout) must,
# after `go mod tidy`, build and require nothing but this module and
# golang.org/x/time, the runtime's one dependency; so must one that imports
# only altegiotest, the fake Altegio for tests. The generator's and the
# tools' dependencies (kin-openapi, oapi-codegen, staticcheck, ...) must
# never reach it. On failure it prints the consumer's go.mod and, for each
# extra requirement, `go mod why -m`: the import chain that pulls it in.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
module=github.com/altegio-go/altegio
allowed=("$module" golang.org/x/time)
goversion=$(cd "$repo" && go mod edit -json | sed -n 's/^\t"Go": "\(.*\)",$/\1/p')
if [ -z "$goversion" ]; then
  echo "consumer-check: cannot read the go version of $repo/go.mod" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The consumer is not this module: ignore a go.work, and let tidy edit its
# go.mod (CI exports GOFLAGS=-mod=readonly for the repository itself).
export GOWORK=off GOFLAGS=-mod=mod

# requires prints the module paths the go.mod in the current directory
# requires, one per line.
requires() {
  go mod edit -print | awk '
    /^require \($/ { block = 1; next }
    block && /^\)$/ { block = 0; next }
    block { print $1; next }
    /^require / { print $2 }'
}

status=0
# altegiotest, the fake Altegio for a user's tests, must stay as lean.
for pkg in b2bv2 b2bv1 altegiotest; do
  dir=$tmp/$pkg
  mkdir -p "$dir"
  cd "$dir"
  cat >go.mod <<EOF
module example.com/consumer-$pkg

go $goversion
EOF
  if [ "$pkg" = altegiotest ]; then
    cat >main.go <<EOF
// Command consumer-$pkg uses only $module/$pkg.
package main

import (
	"fmt"

	"$module/$pkg"
)

func main() { fmt.Println(altegiotest.NewServer != nil) }
EOF
  else
    cat >main.go <<EOF
// Command consumer-$pkg uses only $module/generated/$pkg.
package main

import (
	"fmt"

	"$module"
	"$module/generated/$pkg"
)

func main() {
	c := $pkg.New(altegio.WithBaseURL($pkg.MockBaseURL))
	fmt.Println(c != nil)
}
EOF
  fi
  go mod edit -require="$module@v0.0.0" -replace="$module=$repo"
  go mod tidy
  go build ./...

  extra=()
  mapfile -t reqs < <(requires)
  for r in "${reqs[@]}"; do
    ok=
    for a in "${allowed[@]}"; do [ "$r" = "$a" ] && ok=1; done
    [ -n "$ok" ] || extra+=("$r")
  done
  echo "consumer of $pkg: requires ${reqs[*]}; go.sum $(wc -l <go.sum | tr -d ' ') lines"
  if [ "${#extra[@]}" -gt 0 ]; then
    status=1
    {
      echo "consumer-check: a module importing only $module's $pkg requires ${#extra[@]} more module(s) than ${allowed[*]}: ${extra[*]}"
      echo "--- its go.mod after go mod tidy:"
      cat go.mod
      for r in "${extra[@]:0:5}"; do
        echo "--- go mod why -m $r:"
        go mod why -m "$r" || true
      done
      [ "${#extra[@]}" -le 5 ] || echo "--- (go mod why of the other $((${#extra[@]} - 5)) left out)"
    } >&2
  fi
done
exit $status
