#!/usr/bin/env bash
# bench-mcp.sh: the MCP server's figures (issue 17), as a markdown report:
#
#   1. the size of the altegio-mcp binary, as built and stripped
#      (-ldflags='-s -w');
#   2. its startup over stdio: from spawning it to its complete answer to
#      initialize, RUNS times for the default tools and for --tools=all
#      --allow-writes, interleaved with a null Go server as a baseline
#      (mcp/internal/cmd/mcpstartup); with the size of tools/list on the
#      wire and the peak RSS;
#   3. the benchmarks of mcp/altegiomcp, ROUNDS runs of
#      `go test -run '^$' -bench . -count 1`: BenchmarkCallOverhead (a
#      direct generated-client call and the same operation as a tool
#      through an in-memory MCP session, alternated in one loop, against
#      the same in-process fake), BenchmarkToolsList (tools/list's size
#      and time per mode) and BenchmarkNew (making the server).
#
# Usage:
#
#   scripts/bench-mcp.sh [-n RUNS] [-r ROUNDS] > bench.md
#   make bench-mcp
#
# RUNS defaults to 20, ROUNDS to 3. The report goes to stdout, progress to
# stderr; about two minutes on 2 cores. Nothing in the checkout changes:
# the binaries are built in a temporary directory, removed on exit.
set -euo pipefail

usage() { sed -n '/^# Usage:/,/^# RUNS/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

runs=20
rounds=3
while getopts n:r:h opt; do
	case $opt in
	n) runs=$OPTARG ;;
	r) rounds=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[[ $runs =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] || usage

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo/mcp"
export ALTEGIO_SPEC_MIRROR=${ALTEGIO_SPEC_MIRROR:-$(cd "$repo/.." && pwd)/shared/altegio-openapi}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-mcp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

log() { printf '%s\n' "bench-mcp: $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }
size() { wc -c <"$1" | tr -d ' '; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

commit=$(git -C "$repo" rev-parse --short HEAD)
git -C "$repo" diff --quiet HEAD -- . 2>/dev/null || commit="$commit (with uncommitted changes)"
load_start=$(loadavg)

log "building altegio-mcp and mcpstartup"
go build -o "$tmp/altegio-mcp" ./cmd/altegio-mcp
go build -ldflags='-s -w' -o "$tmp/altegio-mcp-stripped" ./cmd/altegio-mcp
go build -o "$tmp/mcpstartup" ./internal/cmd/mcpstartup
full=$(size "$tmp/altegio-mcp")
stripped=$(size "$tmp/altegio-mcp-stripped")

cat <<EOF
# MCP server figures

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, $(go version | cut -d' ' -f3-4),
$(nproc) cores, load average at the start $load_start.

## Binary size

| build | bytes | MiB |
|---|---|---|
| \`go build ./cmd/altegio-mcp\` | $full | $(mib "$full") |
| \`go build -ldflags='-s -w' ./cmd/altegio-mcp\` | $stripped | $(mib "$stripped") |

## Startup over stdio

\`mcpstartup -bin altegio-mcp -n $runs\`: spawn to the complete answer to
initialize; tools/list's response size counted on the wire (protocol
2025-11-25).

EOF

log "startup: $runs runs of each mode"
"$tmp/mcpstartup" -bin "$tmp/altegio-mcp" -n "$runs"

log "benchmarks: $rounds rounds"
: >"$tmp/bench.txt"
for round in $(seq "$rounds"); do
	log "round $round of $rounds"
	go test -run '^$' -bench . -count 1 ./altegiomcp/ | tee -a "$tmp/bench.txt" | grep '^Benchmark' >&2 || {
		cat "$tmp/bench.txt" >&2
		exit 1
	}
done

# metric NAME UNIT: the median over the rounds of UNIT on the lines of
# benchmark NAME (its -N suffix dropped).
metric() {
	awk -v name="$1" -v unit="$2" '
		{ n = $1; sub(/-[0-9]+$/, "", n) }
		n == name { for (i = 3; i < NF; i += 2) if ($(i + 1) == unit) print $i }
	' "$tmp/bench.txt" | sort -g | awk '
		{ a[NR] = $1 }
		END { if (NR == 0) print "?"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
us() { awk -v ns="$1" 'BEGIN { if (ns >= 1e6) printf "%.2f ms", ns / 1e6; else printf "%.0f µs", ns / 1000 }'; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.1f ms", ns / 1e6 }'; }
num() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
x() { awk -v v="$1" 'BEGIN { printf "%.2f×", v }'; }

cases=$(awk '/^BenchmarkCallOverhead\// { n = $1; sub(/-[0-9]+$/, "", n); sub(/^BenchmarkCallOverhead\//, "", n); if (!seen[n]++) print n }' "$tmp/bench.txt")
modes=$(awk '/^BenchmarkToolsList\// { n = $1; sub(/-[0-9]+$/, "", n); sub(/^BenchmarkToolsList\//, "", n); if (!seen[n]++) print n }' "$tmp/bench.txt")

cat <<EOF

## Added latency per call (BenchmarkCallOverhead)

\`go test -run '^\$' -bench . -count 1 ./altegiomcp/\` (in mcp/), run
$rounds times; each cell is the median over the rounds. Direct: the generated
b2bv1 client. MCP: the same operation as the server's tool through an
in-memory client session. Both against one in-process altegiotest fake,
alternated in one loop.

| case | direct | MCP | added | MCP / direct (means) | median of per-pair ratios | added B / allocs per call |
|---|---|---|---|---|---|---|
EOF
for c in $cases; do
	b=BenchmarkCallOverhead/$c
	printf '| %s | %s | %s | %s | %s | %s | %s / %s |\n' "$c" \
		"$(us "$(metric "$b" direct-ns/call)")" "$(us "$(metric "$b" mcp-ns/call)")" "$(us "$(metric "$b" added-ns/call)")" \
		"$(x "$(metric "$b" mcp/direct)")" "$(x "$(metric "$b" mcp/direct-med)")" \
		"$(num "$(metric "$b" added-B/call)")" "$(num "$(metric "$b" added-allocs/call)")"
done

cat <<EOF

## tools/list and making the server (BenchmarkToolsList, BenchmarkNew)

Same runs. Size: the JSON-RPC response as the client reads it (protocol
2025-11-25); tokens: bytes / 4.

| mode | tools | tools/list bytes | ≈ tokens | tools/list in memory | New |
|---|---|---|---|---|---|
EOF
for m in $modes; do
	printf '| %s | %s | %s | %s | %s | %s |\n' "$m" \
		"$(num "$(metric "BenchmarkToolsList/$m" tools)")" "$(num "$(metric "BenchmarkToolsList/$m" list-bytes)")" \
		"$(num "$(metric "BenchmarkToolsList/$m" approx-tokens)")" "$(ms "$(metric "BenchmarkToolsList/$m" ns/op)")" \
		"$(ms "$(metric "BenchmarkNew/$m" ns/op)")"
done

cat <<EOF

Load average at the end: $(loadavg).

<details><summary>go test output</summary>

\`\`\`
$(grep -E '^(Benchmark|goos|goarch|cpu)' "$tmp/bench.txt")
\`\`\`

</details>
EOF
