package altegio_test

// Decoding benchmarks on a realistic body, recorded in BENCHMARKS.md
// ("Decoding: single pass, lossless"):
//
//	ALTEGIO_SPEC_MIRROR=../shared/altegio-openapi go test -run '^$' \
//	    -bench 'DecodeAppointments|KeepUnknown' -benchmem -count 6 .
//
// The body is v1's get_appointment_list response, about 1 MB: the locked
// spec's example with its data list made 651 items long.

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/internal/spectest"
)

// benchItems is the length of the benchmark's data list.
const benchItems = 651

var (
	appointmentsOnce sync.Once
	appointments     appointmentBodies
	appointmentsErr  error
)

// appointmentBodies are the benchmark's bodies.
type appointmentBodies struct {
	wellFormed []byte
	stringIDs  []byte // every item's id a string, as Altegio sends at times
	undeclared []byte // with members the spec does not declare (see undeclaredMembers)
}

// loadAppointments returns the benchmark's bodies.
func loadAppointments(tb testing.TB) appointmentBodies {
	tb.Helper()
	appointmentsOnce.Do(func() {
		example, err := operationExample(tb, "b2b-v1", "get_appointment_list")
		for i, p := range []*[]byte{&appointments.wellFormed, &appointments.stringIDs, &appointments.undeclared} {
			if err == nil {
				*p, err = repeatItems(example, benchItems, i == 1, i == 2)
			}
		}
		appointmentsErr = err
	})
	if appointmentsErr != nil {
		tb.Fatal(appointmentsErr)
	}
	return appointments
}

// undeclaredMembers are added to each item and to its staff for the
// undeclared body, the kind of members live responses carry.
var undeclaredMembers = map[string]map[string]json.RawMessage{
	"": {
		"resource_instances": json.RawMessage(`[{"id":11,"title":"Chair 1"},{"id":12,"title":"Chair 2"}]`),
		"custom_color_bg":    json.RawMessage(`"#ffeedd"`),
		"loyalty_cards":      json.RawMessage(`[{"number":"100200","balance":15.5}]`),
	},
	"staff": {"dismissal_date": json.RawMessage(`"2026-01-31"`), "is_fired": json.RawMessage(`false`)},
}

// operationExample returns the 200 application/json example of operation
// op in the locked spec of api, as JSON.
func operationExample(tb testing.TB, api, op string) ([]byte, error) {
	a, err := gen.LookupAPI(api)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(spectest.Spec(tb, a).Data, &doc); err != nil {
		return nil, err
	}
	for _, item := range doc.Paths {
		for _, node := range item {
			var o struct {
				OperationID string `yaml:"operationId"`
				Responses   map[string]struct {
					Content map[string]struct {
						Example yaml.Node `yaml:"example"`
					} `yaml:"content"`
				} `yaml:"responses"`
			}
			if node.Kind != yaml.MappingNode || node.Decode(&o) != nil || o.OperationID != op {
				continue
			}
			ex := o.Responses["200"].Content["application/json"].Example
			if ex.Kind == 0 {
				return nil, fmt.Errorf("%s %s: no 200 example", api, op)
			}
			return spectest.NodeJSON(&ex)
		}
	}
	return nil, fmt.Errorf("%s: no operation %s", api, op)
}

// repeatItems returns the response body example with its data list made n
// items long, each item with its own id: a number, or a string if quote;
// with undeclaredMembers added if undeclared.
func repeatItems(example []byte, n int, quote, undeclared bool) ([]byte, error) {
	var doc map[string]json.RawMessage
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(example, &doc); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(doc["data"], &items); err != nil || len(items) == 0 {
		return nil, fmt.Errorf("the example has no data items (%v)", err)
	}
	out := make([]map[string]json.RawMessage, n)
	for i := range out {
		out[i] = maps.Clone(items[i%len(items)])
		id := strconv.Itoa(100000 + i)
		if quote {
			id = strconv.Quote(id)
		}
		out[i]["id"] = json.RawMessage(id)
		for at, members := range undeclaredMembers {
			if !undeclared {
				break
			}
			if at == "" {
				maps.Copy(out[i], members)
				continue
			}
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(out[i][at], &obj); err != nil || obj == nil {
				return nil, fmt.Errorf("item %d: no %s object (%v)", i, at, err)
			}
			maps.Copy(obj, members)
			raw, err := json.Marshal(obj)
			if err != nil {
				return nil, err
			}
			out[i][at] = raw
		}
	}
	data, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	doc["data"] = data
	return json.Marshal(doc)
}

// checkAppointments checks a decoded benchmark body.
func checkAppointments(tb testing.TB, v *b2bv1.RecordsCompanyResponse) {
	tb.Helper()
	if len(v.Data) != benchItems {
		tb.Fatalf("decoded %v items, want %d", v.Data, benchItems)
	}
	for i, item := range v.Data {
		if item.ID == nil || *item.ID != int64(100000+i) || item.Staff == nil || item.Services == nil {
			tb.Fatalf("item %d: %+v", i, item)
		}
	}
}

// decodeFunc decodes a body into a new value and returns it.
type decodeFunc func([]byte) (any, error)

func decodeAppointments(unmarshal func([]byte, any) error) decodeFunc {
	return func(data []byte) (any, error) {
		var v b2bv1.RecordsCompanyResponse
		err := unmarshal(data, &v)
		return &v, err
	}
}

// runDecode runs one decoder as a sub-benchmark, reporting bytes and
// allocations.
func runDecode(b *testing.B, name string, data []byte, decode decodeFunc) {
	b.Run(name, func(b *testing.B) {
		if _, err := decode(data); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodeAppointments decodes the body into b2bv1's response type:
// with encoding/json, and with altegio.Unmarshal well-formed and with one
// id per item as a string. Run it with -count: the sub-benchmarks then run
// interleaved. BenchmarkDecodeAppointmentsRatio gives the ratios.
func BenchmarkDecodeAppointments(b *testing.B) {
	bodies := loadAppointments(b)
	wellFormed, stringIDs := bodies.wellFormed, bodies.stringIDs
	for _, data := range [][]byte{wellFormed, stringIDs, bodies.undeclared} {
		v, err := decodeAppointments(altegio.Unmarshal)(data)
		if err != nil {
			b.Fatal(err)
		}
		checkAppointments(b, v.(*b2bv1.RecordsCompanyResponse))
	}
	runDecode(b, "well-formed/encoding-json", wellFormed, decodeAppointments(json.Unmarshal))
	runDecode(b, "well-formed/altegio", wellFormed, decodeAppointments(altegio.Unmarshal))
	runDecode(b, "string-ids/altegio", stringIDs, decodeAppointments(altegio.Unmarshal))
}

// interleave runs the decoders in turn, one decode each per iteration, and
// reports each one's mean time as "<name>-ns/op" and, for each decoder
// after the first, its speed relative to the first as "<name>-speed"
// (time of the first / its time: 0.8 means 0.8× as fast). Timing them side
// by side in one loop keeps the ratios steady on a noisy machine.
func interleave(b *testing.B, names []string, data [][]byte, decs []decodeFunc) {
	for i, d := range decs {
		if _, err := d(data[i]); err != nil {
			b.Fatalf("%s: %v", names[i], err)
		}
	}
	total := make([]time.Duration, len(decs))
	b.ResetTimer()
	for b.Loop() {
		for i, d := range decs {
			start := time.Now()
			_, err := d(data[i])
			total[i] += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	for i, name := range names {
		b.ReportMetric(float64(total[i].Nanoseconds())/float64(b.N), name+"-ns/op")
		if i > 0 {
			b.ReportMetric(float64(total[0])/float64(total[i]), name+"-speed")
		}
	}
}

// BenchmarkDecodeAppointmentsRatio times, in one loop, encoding/json and
// altegio.Unmarshal on the well-formed body and altegio.Unmarshal on the
// body with string ids. "altegio-speed" is altegio.Unmarshal's speed
// relative to encoding/json (target ≥ 0.8); "stringids-vs-wellformed" the
// mismatched body's speed relative to the well-formed one (target ≥ 0.8).
func BenchmarkDecodeAppointmentsRatio(b *testing.B) {
	bodies := loadAppointments(b)
	wellFormed, stringIDs := bodies.wellFormed, bodies.stringIDs
	b.Run("altegio-vs-encoding-json", func(b *testing.B) {
		interleave(b, []string{"json", "altegio"}, [][]byte{wellFormed, wellFormed},
			[]decodeFunc{decodeAppointments(json.Unmarshal), decodeAppointments(altegio.Unmarshal)})
	})
	b.Run("stringids-vs-wellformed", func(b *testing.B) {
		interleave(b, []string{"wellformed", "stringids"}, [][]byte{wellFormed, stringIDs},
			[]decodeFunc{decodeAppointments(altegio.Unmarshal), decodeAppointments(altegio.Unmarshal)})
	})
}
