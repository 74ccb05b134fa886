#!/usr/bin/env bash
# bench-regen.sh: our regen against the plain oapi-codegen CLI (issue 19),
# per API, as ratios measured in one run:
#
#   1. end-to-end generation, wall: `regen -api API` (a built binary) against
#      the CLI (the version go.mod pins, its own templates, models + client,
#      one file) generating the same patched spec;
#   2. lines of Go: the package regen writes (non-test .go files) against
#      the CLI's file, with a breakdown of where the lines go;
#   3. the package's own cold build: `go build` of each package with a
#      fresh GOCACHE holding its dependencies prebuilt (as in
#      `make bench-build`), so only the package itself compiles.
#
# Usage:
#
#   scripts/bench-regen.sh [-n PAIRS] [API ...] > bench.md
#   make bench-regen [BENCH_PAIRS=7] [BENCH_APIS="b2b-v1 b2b-v2"]
#
# PAIRS defaults to 7, the APIs to b2b-v1 b2b-v2. The specs are read from
# $ALTEGIO_SPEC_MIRROR (default: ../shared/altegio-openapi beside the
# checkout). The markdown report goes to stdout, progress to stderr. It takes
# several minutes on 2 cores, most of it cold compiles.
#
# Timings are interleaved, never "all of A, then all of B": each pair runs
# regen then the CLI (or builds ours then the CLI's), so a slow spell of a
# noisy machine hits both sides. The report gives every pair, the medians,
# the ratio of the medians and the median of the per-pair ratios.
#
# Nothing in the checkout is touched: regen runs with -root on a copy of the
# checkout's files (tracked and untracked, not ignored) in a temporary
# directory, its spec cache is a temporary directory too, and everything is
# removed on exit. Regen's verify step builds with the user's GOCACHE, as
# regen does; one warm-up run first, so that in the "regen" column verify
# finds the package in the cache (as when the output did not change). The
# "regen, verify cold" column runs regen with a GOCACHE holding only the
# dependencies, so verify compiles the package (as after a spec change).
#
# What the CLI gets is the spec regen generates from after its overlay and
# Go transforms (internal/cmd/benchregen spec; the same as gen's
# BenchmarkRegen gives it), with BenchmarkRegen's options: models and
# client, types for anonymous schemas, float64 numbers. Regen does more
# after that point (model, naming, getters, ExtraFields, per-tag files,
# goimports, verify); the CLI's time does not include patching the spec.
set -euo pipefail

usage() { sed -n '/^# Usage:/,/^# PAIRS/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

pairs=7
while getopts n:h opt; do
	case $opt in
	n) pairs=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $pairs =~ ^[1-9][0-9]*$ ]] || usage
apis=("$@")
[ ${#apis[@]} -gt 0 ] || apis=(b2b-v1 b2b-v2)

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export ALTEGIO_SPEC_MIRROR=${ALTEGIO_SPEC_MIRROR:-$(cd .. && pwd)/shared/altegio-openapi}
for api in "${apis[@]}"; do
	case $api in b2b-v1 | b2b-v2) ;; *) echo "bench-regen: unknown API $api (b2b-v1 or b2b-v2)" >&2; exit 2 ;; esac
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-regen.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
root=$tmp/root  # the module regen writes to and the packages build in
bin=$tmp/bin
mkdir -p "$root" "$bin" "$tmp/xdg-cache" "$tmp/times"
# regen caches specs under the user cache directory; keep that in $tmp,
# but leave Go's own build cache where it is.
GOCACHE=$(go env GOCACHE)
export GOCACHE XDG_CACHE_HOME=$tmp/xdg-cache

log() { printf '%s\n' "bench-regen: $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }
load_start=$(loadavg)

# timed FILE CMD...: run CMD (its output to FILE.log) and append
# "wall cpu" seconds to FILE; on failure show the log and stop.
timed() {
	local file=$1 t
	shift
	t=$( { TIMEFORMAT='%3R %3U %3S'; time "$@" >"$file.log" 2>&1; } 2>&1 ) || {
		cat "$file.log" >&2
		log "failed: $*"
		exit 1
	}
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t" >>"$file"
}

# median: the median of the numbers on stdin.
median() {
	sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# column FILE N: field N of each line of FILE.
column() { awk -v n="$2" '{ print $n }' "$1"; }

# ratio A B: A/B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.2f", a / b }'; }

# seconds X: X to two decimals.
seconds() { awk -v a="$1" 'BEGIN { printf "%.2f", a }'; }

# pair_ratios A B: the ratio of each line of A to the same line of B.
pair_ratios() { paste -d' ' <(column "$1" 1) <(column "$2" 1) | awk '{ printf "%.4f\n", $1 / $2 }'; }

# fresh_cache DIR: DIR as a copy of the dependency-only build cache.
fresh_cache() { rm -rf "$1"; cp -a "$tmp/gocache-deps" "$1"; }

log "building regen, the oapi-codegen CLI (go.mod's version) and benchregen"
go build -o "$bin/regen" ./cmd/regen
go build -o "$bin/oapi-codegen" github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen
go build -o "$bin/benchregen" ./internal/cmd/benchregen
cli_version=$(go list -m -f '{{.Version}}' github.com/oapi-codegen/oapi-codegen/v2)

log "copying the checkout to $root"
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -xf - -C "$root"

pkgs=()
for api in "${apis[@]}"; do
	pkg=${api//-/}
	"$bin/benchregen" spec -api "$api" -o "$tmp/$pkg.json"
	mkdir -p "$root/vanilla/$pkg"
	cat >"$tmp/$pkg.cfg.yaml" <<-EOF
		package: $pkg
		generate:
		  client: true
		  models: true
		output-options:
		  generate-types-for-anonymous-schemas: true
		  type-mapping:
		    number:
		      default:
		        type: float64
		allow-remote-refs-from: []
		output: $root/vanilla/$pkg/$pkg.go
	EOF
	log "$api: warm-up (regen compiles the runtime at the copy's path; the CLI writes the package to build)"
	rm -rf "$root/generated/$pkg"
	timed "$tmp/times/warmup" "$bin/regen" -root "$root" -api "$api"
	timed "$tmp/times/warmup" "$bin/oapi-codegen" -config "$tmp/$pkg.cfg.yaml" "$tmp/$pkg.json"
	pkgs+=("./generated/$pkg" "./vanilla/$pkg")
done

log "building the packages' dependencies into an empty GOCACHE (once)"
(
	cd "$root"
	deps=$(go list -deps "${pkgs[@]}" | grep -v -x -F "$(printf 'github.com/altegio-go/altegio/%s\n' "${pkgs[@]#./}")")
	# shellcheck disable=SC2086
	GOCACHE=$tmp/gocache-deps go build $deps
)

# regen's progress lines: "b2b-v1  patch      949ms  ..."; steps in order.
steps=(acquire patch model generate format verify write)
step_seconds() { # LOG: "step seconds" per line
	awk '$3 ~ /^[0-9.]+(ms|s|µs)$/ { v = $3; if (v ~ /ms$/) { sub(/ms$/, "", v); v /= 1000 } else if (v ~ /µs$/) { sub(/µs$/, "", v); v /= 1e6 } else sub(/s$/, "", v); print $2, v }' "$1"
}

summary=()
for api in "${apis[@]}"; do
	pkg=${api//-/}
	t=$tmp/times/$pkg
	log "$api: $pairs interleaved rounds of regen, regen with verify cold, and the CLI"
	for i in $(seq "$pairs"); do
		rm -rf "$root/generated/$pkg"
		timed "$t.regen" "$bin/regen" -root "$root" -api "$api"
		step_seconds "$t.regen.log" >>"$t.regen.steps"
		rm -rf "$root/generated/$pkg"
		fresh_cache "$tmp/gocache"
		timed "$t.cold" env GOCACHE="$tmp/gocache" "$bin/regen" -root "$root" -api "$api"
		step_seconds "$t.cold.log" >>"$t.cold.steps"
		timed "$t.cli" "$bin/oapi-codegen" -config "$tmp/$pkg.cfg.yaml" "$tmp/$pkg.json"
		log "$api: round $i: regen $(column "$t.regen" 1 | tail -1) s, verify cold $(column "$t.cold" 1 | tail -1) s, CLI $(column "$t.cli" 1 | tail -1) s"
	done
	log "$api: $pairs interleaved pairs of cold package builds"
	for i in $(seq "$pairs"); do
		for side in ours vanilla; do
			dir=./generated/$pkg
			[ $side = ours ] || dir=./vanilla/$pkg
			fresh_cache "$tmp/gocache"
			(cd "$root" && timed "$t.build-$side" env GOCACHE="$tmp/gocache" go build "$dir")
		done
		log "$api: build pair $i: ours $(column "$t.build-ours" 1 | tail -1) s, CLI's $(column "$t.build-vanilla" 1 | tail -1) s"
	done

	# Report.
	regen_m=$(column "$t.regen" 1 | median)
	cold_m=$(column "$t.cold" 1 | median)
	cli_m=$(column "$t.cli" 1 | median)
	bo_m=$(column "$t.build-ours" 1 | median)
	bv_m=$(column "$t.build-vanilla" 1 | median)
	ours_files=$(find "$root/generated/$pkg" -maxdepth 1 -name '*.go' ! -name '*_test.go' | wc -l)
	ours_lines=$(find "$root/generated/$pkg" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cat {} + | wc -l)
	cli_lines=$(wc -l <"$root/vanilla/$pkg/$pkg.go")
	{
		echo "## $api"
		echo
		echo "### End-to-end generation, wall seconds"
		echo
		echo "\`regen -root COPY -api $api\` (\"verify cold\": with a GOCACHE holding only the dependencies, so that verify compiles the package) and \`oapi-codegen -config CFG $pkg.json\` ($cli_version), interleaved in rounds."
		echo
		echo "| round | regen | regen, verify cold | oapi-codegen CLI | regen / CLI | verify cold / CLI |"
		echo "|---:|---:|---:|---:|---:|---:|"
		paste -d' ' <(column "$t.regen" 1) <(column "$t.cold" 1) <(column "$t.cli" 1) |
			awk '{ printf "| %d | %.2f | %.2f | %.2f | %.2f× | %.2f× |\n", NR, $1, $2, $3, $1 / $3, $2 / $3 }'
		echo "| **median** | **$(seconds "$regen_m")** | **$(seconds "$cold_m")** | **$(seconds "$cli_m")** | **$(ratio "$regen_m" "$cli_m")×** | **$(ratio "$cold_m" "$cli_m")×** |"
		echo "| median of per-round ratios | | | | $(pair_ratios "$t.regen" "$t.cli" | median | xargs printf '%.2f')× | $(pair_ratios "$t.cold" "$t.cli" | median | xargs printf '%.2f')× |"
		echo "| CPU (user+sys), median | $(column "$t.regen" 2 | median | xargs printf '%.2f') | $(column "$t.cold" 2 | median | xargs printf '%.2f') | $(column "$t.cli" 2 | median | xargs printf '%.2f') | $(ratio "$(column "$t.regen" 2 | median)" "$(column "$t.cli" 2 | median)")× | $(ratio "$(column "$t.cold" 2 | median)" "$(column "$t.cli" 2 | median)")× |"
		echo
		echo "Regen's steps (its progress lines), median seconds; \"rest\" is the median wall time less the steps (process start, loading the spec's lock, exit):"
		echo
		echo "| step | regen | share | regen, verify cold | share |"
		echo "|---|---:|---:|---:|---:|"
		sum_w=0 sum_c=0
		for s in "${steps[@]}"; do
			w=$(awk -v s="$s" '$1 == s { print $2 }' "$t.regen.steps" | median)
			c=$(awk -v s="$s" '$1 == s { print $2 }' "$t.cold.steps" | median)
			sum_w=$(awk -v a="$sum_w" -v b="$w" 'BEGIN { print a + b }')
			sum_c=$(awk -v a="$sum_c" -v b="$c" 'BEGIN { print a + b }')
			echo "| $s | $(seconds "$w") | $(awk -v a="$w" -v b="$regen_m" 'BEGIN { printf "%.0f%%", 100 * a / b }') | $(seconds "$c") | $(awk -v a="$c" -v b="$cold_m" 'BEGIN { printf "%.0f%%", 100 * a / b }') |"
		done
		rw=$(awk -v a="$regen_m" -v b="$sum_w" 'BEGIN { print a - b }')
		rc=$(awk -v a="$cold_m" -v b="$sum_c" 'BEGIN { print a - b }')
		echo "| rest | $(seconds "$rw") | $(awk -v a="$rw" -v b="$regen_m" 'BEGIN { printf "%.0f%%", 100 * a / b }') | $(seconds "$rc") | $(awk -v a="$rc" -v b="$cold_m" 'BEGIN { printf "%.0f%%", 100 * a / b }') |"
		echo
		echo "### Package build, cold for the package itself, wall seconds"
		echo
		echo "\`go build\` of each package with a fresh copy of a GOCACHE holding its dependencies, interleaved in pairs."
		echo
		echo "| pair | generated/$pkg (ours) | the CLI's $pkg | ours / CLI's |"
		echo "|---:|---:|---:|---:|"
		paste -d' ' <(column "$t.build-ours" 1) <(column "$t.build-vanilla" 1) |
			awk '{ printf "| %d | %.2f | %.2f | %.2f× |\n", NR, $1, $2, $1 / $2 }'
		echo "| **median** | **$(seconds "$bo_m")** | **$(seconds "$bv_m")** | **$(ratio "$bo_m" "$bv_m")×** |"
		echo "| median of per-pair ratios | | | $(pair_ratios "$t.build-ours" "$t.build-vanilla" | median | xargs printf '%.2f')× |"
		echo "| CPU (user+sys), median | $(column "$t.build-ours" 2 | median | xargs printf '%.2f') | $(column "$t.build-vanilla" 2 | median | xargs printf '%.2f') | $(ratio "$(column "$t.build-ours" 2 | median)" "$(column "$t.build-vanilla" 2 | median)")× |"
		echo
		echo "### Lines of Go"
		echo
		echo "generated/$pkg: $ours_lines lines in $ours_files files; the CLI's $pkg.go: $cli_lines lines; ratio $(ratio "$ours_lines" "$cli_lines")×."
		if ! diff -rq "$repo/generated/$pkg" "$root/generated/$pkg" >/dev/null 2>&1; then
			echo "(generated/$pkg in the checkout differs from what regen writes now: the numbers are for regen's output.)"
		fi
		echo
		"$bin/benchregen" lines -name "CLI" "$root/vanilla/$pkg/$pkg.go" -name "ours" "$root/generated/$pkg"
		echo
	} >"$tmp/report-$pkg.md"
	summary+=("| $api | generation, wall (regen / CLI) | $(seconds "$regen_m") s | $(seconds "$cli_m") s | $(ratio "$regen_m" "$cli_m")× | ≤ 0.8× |")
	summary+=("| $api | generation, verify cold (regen / CLI) | $(seconds "$cold_m") s | $(seconds "$cli_m") s | $(ratio "$cold_m" "$cli_m")× | |")
	summary+=("| $api | lines of Go | $ours_lines | $cli_lines | $(ratio "$ours_lines" "$cli_lines")× | ≤ 0.7× |")
	summary+=("| $api | package build, cold | $(seconds "$bo_m") s | $(seconds "$bv_m") s | $(ratio "$bo_m" "$bv_m")× | ≤ 0.6× |")
done

echo "# bench-regen: regen vs the oapi-codegen CLI"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(go version | cut -d' ' -f3-), $(nproc) cores, load average $load_start at the start, $(loadavg) at the end; $pairs pairs; oapi-codegen $cli_version; commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)'). Medians; targets from issue 19."
echo
echo "| API | measure | ours | CLI | ratio | target |"
echo "|---|---|---:|---:|---:|---:|"
printf '%s\n' "${summary[@]}"
echo
for api in "${apis[@]}"; do
	cat "$tmp/report-${api//-/}.md"
done
