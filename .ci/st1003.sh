#!/usr/bin/env bash
# Naming style gate of the generated packages: staticcheck's ST1003
# (underscores, initialisms) skips files marked "Code generated", so it
# runs on copies of generated/b2bv1 and b2bv2 without that first line.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=internal/st1003copy
rm -rf "$dir"
trap 'rm -rf "$dir"' EXIT
for p in b2bv1 b2bv2; do
	mkdir -p "$dir/$p"
	for f in generated/$p/*.go; do
		sed '1{/^\/\/ Code generated/d;}' "$f" > "$dir/$p/$(basename "$f")"
	done
done
go tool staticcheck -checks ST1003 "./$dir/..."
echo "ST1003: generated/b2bv1 and generated/b2bv2 are clean"
