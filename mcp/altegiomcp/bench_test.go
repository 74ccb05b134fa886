package altegiomcp

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"runtime/metrics"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
)

// Benchmarks of the MCP server (issue 17); scripts/bench-mcp.sh runs them
// with the binary's size and startup time, and BENCHMARKS.md has the
// figures.

// overheadCase is one operation called two ways: direct, through the
// generated client, and as tool with args, through the MCP server; items
// is how many items both return.
type overheadCase struct {
	name   string
	direct func(context.Context, *b2bv1.API) (int, error)
	tool   string
	args   map[string]any
	items  int
	// answer, if set, replaces the fake's answer to the operation.
	answer func(testing.TB, *b2bv1.API) (operation string, r altegiotest.Response)
}

var overheadCases = []overheadCase{
	{
		name: "team_members_list",
		direct: func(ctx context.Context, c *b2bv1.API) (int, error) {
			l, err := c.TeamMembers.List(ctx, 1)
			return len(l), err
		},
		tool: "team_members_list", args: map[string]any{"location_id": 1}, items: 1,
	},
	{
		name: "appointments_list",
		direct: func(ctx context.Context, c *b2bv1.API) (int, error) {
			l, err := c.Appointments.List(ctx, 1, b2bv1.GetAppointmentListParams{})
			return len(l), err
		},
		tool: "appointments_list", args: map[string]any{"location_id": 1}, items: 2,
	},
	{
		// 50 appointments, about 75 KB of JSON: more than the default
		// budget of 4,000 tokens, so the tool's result is cut (to 10
		// items) while the direct call keeps them all, as in use.
		name: "appointments_list_50",
		direct: func(ctx context.Context, c *b2bv1.API) (int, error) {
			l, err := c.Appointments.List(ctx, 1, b2bv1.GetAppointmentListParams{})
			return len(l), err
		},
		tool: "appointments_list", args: map[string]any{"location_id": 1}, items: 50,
		answer: func(tb testing.TB, c *b2bv1.API) (string, altegiotest.Response) {
			return "get_appointment_list", altegiotest.Data(manyAppointments(tb, c, 50))
		},
	},
}

// manyAppointments returns n copies of the first appointment of the spec's
// example, each with its own id.
func manyAppointments(tb testing.TB, c *b2bv1.API, n int) []map[string]any {
	tb.Helper()
	l, err := c.Appointments.List(context.Background(), 1, b2bv1.GetAppointmentListParams{})
	if err != nil || len(l) == 0 {
		tb.Fatalf("the example appointments: %v %v", l, err)
	}
	raw, err := json.Marshal(l[0])
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]map[string]any, n)
	for i := range out {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			tb.Fatal(err)
		}
		out[i]["id"] = 1000 + i
	}
	return out
}

// BenchmarkCallOverhead measures what the MCP server adds to a call:
// each iteration calls the operation directly through the generated
// client (b2bv1, the runtime, no rate limiter) and as the server's tool
// through an in-memory client session (JSON-RPC both ways, argument
// validation, the call by reflection through a client like the direct
// one, the result rendered for the agent), both against the same
// in-process altegiotest fake. The two sides alternate within the loop,
// their order swapped every iteration (A B, B A, A B, …), and each call
// is timed on its own, so a slow spell of a noisy machine hits both.
//
// ns/op is the time of one pair. The metrics are per call:
// direct-ns/call and mcp-ns/call (means), added-ns/call (their
// difference), mcp/direct (the ratio of the means), mcp/direct-med (the
// median of the per-pair ratios, steadier under noise), and added-B/call
// and added-allocs/call (heap allocated during the MCP call, whatever the
// goroutine, less that of the direct call).
func BenchmarkCallOverhead(b *testing.B) {
	for _, c := range overheadCases {
		b.Run(c.name, func(b *testing.B) {
			cs, fake := connect(b, Options{})
			direct := b2bv1.New(altegio.WithTokens(testPartner, testUser), altegio.WithBaseURL(fake.V1URL()), altegio.WithLimiter(nil))
			if c.answer != nil {
				fake.On(c.answer(b, direct))
			}
			ctx := context.Background()
			params := &mcp.CallToolParams{Name: c.tool, Arguments: c.args}
			runDirect := func() {
				if n, err := c.direct(ctx, direct); err != nil || n != c.items {
					b.Fatalf("direct: %d items, %v; want %d", n, err, c.items)
				}
			}
			runTool := func() {
				res, err := cs.CallTool(ctx, params)
				if err != nil || res.IsError {
					b.Fatalf("%s: %v %v", c.tool, err, texts(res))
				}
			}
			// Both sides give the same data: the tool's first content
			// is the items (all of them, or a prefix when cut).
			res, err := cs.CallTool(ctx, params)
			if err != nil || res.IsError {
				b.Fatalf("%s: %v %v", c.tool, err, texts(res))
			}
			var items []json.RawMessage
			if err := json.Unmarshal([]byte(texts(res)[0]), &items); err != nil || len(items) == 0 || len(items) > c.items {
				b.Fatalf("%s: %d items, %v: %.200s", c.tool, len(items), err, texts(res)[0])
			}
			runDirect()

			var dDirect, dTool time.Duration
			var aDirect, aTool allocs
			ratios := make([]float64, 0, 1024)
			i := 0
			for b.Loop() {
				var td, tt time.Duration
				var ad, at allocs
				for k := range 2 {
					if (i+k)%2 == 0 {
						a0, t0 := readAllocs(), time.Now()
						runDirect()
						td, ad = time.Since(t0), readAllocs().minus(a0)
					} else {
						a0, t0 := readAllocs(), time.Now()
						runTool()
						tt, at = time.Since(t0), readAllocs().minus(a0)
					}
				}
				i++
				dDirect += td
				dTool += tt
				aDirect = aDirect.plus(ad)
				aTool = aTool.plus(at)
				ratios = append(ratios, float64(tt)/float64(td))
			}
			n := float64(i)
			b.ReportMetric(float64(dDirect.Nanoseconds())/n, "direct-ns/call")
			b.ReportMetric(float64(dTool.Nanoseconds())/n, "mcp-ns/call")
			b.ReportMetric(float64((dTool-dDirect).Nanoseconds())/n, "added-ns/call")
			b.ReportMetric(float64(dTool)/float64(dDirect), "mcp/direct")
			b.ReportMetric(median(ratios), "mcp/direct-med")
			b.ReportMetric((float64(aTool.bytes)-float64(aDirect.bytes))/n, "added-B/call")
			b.ReportMetric((float64(aTool.objects)-float64(aDirect.objects))/n, "added-allocs/call")
		})
	}
}

// allocs is the heap allocated by the process so far.
type allocs struct{ bytes, objects uint64 }

var allocSamples = []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/heap/allocs:objects"}}

// readAllocs reads the process's heap allocation counters (without
// stopping the world, unlike runtime.ReadMemStats).
func readAllocs() allocs {
	metrics.Read(allocSamples)
	return allocs{allocSamples[0].Value.Uint64(), allocSamples[1].Value.Uint64()}
}

func (a allocs) minus(o allocs) allocs { return allocs{a.bytes - o.bytes, a.objects - o.objects} }
func (a allocs) plus(o allocs) allocs  { return allocs{a.bytes + o.bytes, a.objects + o.objects} }

// median returns the median of l, which it sorts.
func median(l []float64) float64 {
	if len(l) == 0 {
		return 0
	}
	slices.Sort(l)
	if len(l)%2 == 1 {
		return l[len(l)/2]
	}
	return (l[len(l)/2-1] + l[len(l)/2]) / 2
}

// toolsListModes are the server's configurations whose tools/list
// BenchmarkToolsList measures, named by the command's flags.
var toolsListModes = []struct {
	name string
	opts Options
}{
	{"default", Options{}},
	{"default_allow-writes", Options{AllowWrites: true}},
	{"tools=all", Options{AllTools: true}},
	{"tools=all_allow-writes", Options{AllTools: true, AllowWrites: true}},
}

// BenchmarkToolsList measures a tools/list and reports the size of its
// answer on the wire: list-bytes, the JSON-RPC response as the client
// reads it from the transport (all pages, newlines left out; protocol
// benchProtocol; the same bytes the command writes on stdout, where
// mcpstartup counts them),
// tools, and approx-tokens, the bytes over four (the rule of thumb of
// the server's budget; an agent's tokenizer gives about as many for
// JSON).
func BenchmarkToolsList(b *testing.B) {
	for _, m := range toolsListModes {
		b.Run(m.name, func(b *testing.B) {
			fake := altegiotest.NewServer(b, altegiotest.WithTokens(testPartner, testUser))
			opts := m.opts
			opts.BaseURL = fake.URL
			opts.ClientOptions = []altegio.Option{altegio.WithTokens(testPartner, testUser), altegio.WithLimiter(nil)}
			srv, err := New(opts)
			if err != nil {
				b.Fatal(err)
			}
			cs, read := countingSession(b, srv)
			ctx := context.Background()
			list := func() (size, tools int) {
				var cursor string
				for {
					before := read.Load()
					res, err := cs.ListTools(ctx, &mcp.ListToolsParams{Cursor: cursor})
					if err != nil {
						b.Fatal(err)
					}
					size += int(read.Load()-before) - 1 // the newline
					tools += len(res.Tools)
					if cursor = res.NextCursor; cursor == "" {
						return size, tools
					}
				}
			}
			size, tools := list()
			for b.Loop() {
				list()
			}
			b.ReportMetric(float64(size), "list-bytes")
			b.ReportMetric(float64(tools), "tools")
			b.ReportMetric(float64(size)/bytesPerToken, "approx-tokens")
		})
	}
}

// benchProtocol is the protocol version BenchmarkToolsList's client asks
// for, as mcpstartup's does. With 2026-07-28, the go-sdk client's
// default, every result also carries resultType and the server's info in
// _meta: 130 bytes more.
const benchProtocol = "2025-11-25"

// countingSession connects a client to srv over an in-memory pipe, as
// session does, asking for protocol benchProtocol, and counts the bytes
// the client reads.
func countingSession(tb testing.TB, srv *mcp.Server) (*mcp.ClientSession, *atomic.Int64) {
	tb.Helper()
	ctx := context.Background()
	c1, c2 := net.Pipe()
	ss, err := srv.Connect(ctx, &mcp.IOTransport{Reader: c1, Writer: c1}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	r := &countingReader{ReadCloser: c2}
	client := mcp.NewClient(&mcp.Implementation{Name: "bench", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.IOTransport{Reader: r, Writer: c2}, &mcp.ClientSessionOptions{ProtocolVersion: benchProtocol})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cs.Close()
		ss.Wait()
	})
	return cs, &r.n
}

type countingReader struct {
	io.ReadCloser
	n atomic.Int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	r.n.Add(int64(n))
	return n, err
}

// BenchmarkNew measures making a server (the operation set indexed, the
// tools built), part of the command's startup. The catalog's operations
// are parsed once per process (allOperations), before the first New, so
// that cost (about 7 ms) is not in the figure.
func BenchmarkNew(b *testing.B) {
	for _, m := range toolsListModes {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			opts := m.opts
			opts.ClientOptions = []altegio.Option{altegio.WithTokens(testPartner, testUser)}
			for b.Loop() {
				if _, err := New(opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBenchmarkCases checks what the benchmarks take for granted, once,
// in the ordinary test run: each case's tool and direct call agree on
// the data, and every mode's tools/list fits one page.
func TestBenchmarkCases(t *testing.T) {
	for _, c := range overheadCases {
		t.Run(c.name, func(t *testing.T) {
			cs, fake := connect(t, Options{})
			direct := b2bv1.New(altegio.WithTokens(testPartner, testUser), altegio.WithBaseURL(fake.V1URL()), altegio.WithLimiter(nil))
			if c.answer != nil {
				fake.On(c.answer(t, direct))
			}
			n, err := c.direct(context.Background(), direct)
			if err != nil || n != c.items {
				t.Fatalf("direct: %d items, %v; want %d", n, err, c.items)
			}
			res := callTool(t, cs, c.tool, c.args)
			if res.IsError {
				t.Fatalf("%s: %v", c.tool, texts(res))
			}
			var items []json.RawMessage
			if err := json.Unmarshal([]byte(texts(res)[0]), &items); err != nil {
				t.Fatal(err)
			}
			if len(items) == 0 || len(items) > c.items || (len(items) < c.items) != (len(texts(res)) > 1) {
				t.Fatalf("%s: %d items of %d, notes %q", c.tool, len(items), c.items, texts(res)[1:])
			}
		})
	}
	for _, m := range toolsListModes {
		cs, _ := connect(t, m.opts)
		res, err := cs.ListTools(context.Background(), nil)
		if err != nil || res.NextCursor != "" {
			t.Fatalf("%s: tools/list: %v, next cursor %q", m.name, err, res.NextCursor)
		}
		if m.opts.AllTools && m.opts.AllowWrites && len(res.Tools) != 302 {
			t.Fatalf("%s: %d tools", m.name, len(res.Tools))
		}
	}
}
