package generated_test

// Benchmarks of the runtime's costs, recorded in BENCHMARKS.md:
//
//	go test -run '^$' -bench 'RequestOverhead|DecodeList' -benchmem -count 5 ./generated/
//
// Both compare the SDK with hand-written code within one benchmark
// function, so that the ratio is measured in one run.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/plumbing"
)

// specResponseExample returns the JSON example of the 200 response of
// operation op in the locked spec of api (read through the mirror).
func specResponseExample(tb testing.TB, api, op string) []byte {
	tb.Helper()
	return specExampleJSON(tb, api, op+": no 200 application/json example", func(root *yaml.Node) *yaml.Node {
		return spectest.ResponseExample(root, op)
	})
}

// specSchemaExample returns the example of the component schema name in the
// locked spec of api, as JSON.
func specSchemaExample(tb testing.TB, api, name string) []byte {
	tb.Helper()
	return specExampleJSON(tb, api, "components/schemas/"+name+" has no example", func(root *yaml.Node) *yaml.Node {
		return spectest.MapGet(spectest.MapGet(spectest.MapGet(spectest.MapGet(root, "components"), "schemas"), name), "example")
	})
}

// specExampleJSON returns, as JSON, the example that find picks from the
// root of the locked spec of api; missing says what is wrong when it picks
// none.
func specExampleJSON(tb testing.TB, api, missing string, find func(root *yaml.Node) *yaml.Node) []byte {
	tb.Helper()
	a, err := gen.LookupAPI(api)
	if err != nil {
		tb.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(spectest.Spec(tb, a).Data, &doc); err != nil {
		tb.Fatal(err)
	}
	ex := find(doc.Content[0])
	if ex == nil {
		tb.Fatalf("%s: %s", api, missing)
	}
	b, err := spectest.NodeJSON(ex)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// reportCPU adds a "cpu-ns/op" metric to b: the CPU time the process used
// per iteration (the in-process server's included). Unlike ns/op it does
// not grow when other processes compete for the CPU, so ratios of it stay
// meaningful on a busy machine. Call it after the loop with the CPU time
// read before it.
func reportCPU(b *testing.B, before time.Duration, ok bool) {
	after, ok2 := processCPU()
	if ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(after-before)/float64(b.N), "cpu-ns/op")
	}
}

// plainPosition is the v2 list_positions item with plain types, as one
// would write it by hand.
type plainPosition struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	Attributes struct {
		ChainID              int64    `json:"chain_id"`
		Title                string   `json:"title"`
		Description          string   `json:"description"`
		ServicesBindingType  int      `json:"services_binding_type"`
		RulesRequiredFields  []string `json:"rules_required_fields"`
		OnlyChainAppointment bool     `json:"only_chain_appointment"`
		SalonIDs             []int64  `json:"salon_ids"`
	} `json:"attributes"`
}

// BenchmarkRequestOverhead compares one generated call, b2bv2's
// ListPositions through NewClient, with the same request written by hand
// with net/http and encoding/json, against the same in-process server
// answering the spec's example. Both use one http.Client, so they share the
// connection pool, without a rate limit. "sdk/production-options" adds
// retries, a per-attempt timeout, a rate limiter of the default kind with a
// limit it never reaches, and a logger that is off at Info: the cost of
// those options when nothing fails.
func BenchmarkRequestOverhead(b *testing.B) {
	body := specResponseExample(b, "b2b-v2", "list_positions")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	defer hc.CloseIdleConnections()
	ctx := context.Background()
	base := []altegio.Option{altegio.WithTokens("partner-token", "user-token"), altegio.WithBaseURL(srv.URL), altegio.WithHTTPClient(hc), altegio.WithLimiter(nil)}

	sdk := func(c *b2bv2.API) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			cpu, ok := processCPU()
			for b.Loop() {
				res, err := c.TeamMembers.ListPositions(ctx, 1)
				if err != nil || len(res) != 1 || res[0].ID != "42" {
					b.Fatal(res, err)
				}
			}
			reportCPU(b, cpu, ok)
		}
	}
	b.Run("net-http", func(b *testing.B) {
		url := srv.URL + "/locations/1/positions"
		b.ReportAllocs()
		cpu, ok := processCPU()
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				b.Fatal(err)
			}
			// The headers the SDK sends.
			req.Header.Set("Authorization", "Bearer partner-token, User user-token")
			req.Header.Set("Accept", plumbing.AcceptHeader)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "altegio-go/0.1.0 (go1.26.8)")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var out struct {
				Data []plainPosition `json:"data"`
			}
			err = json.NewDecoder(resp.Body).Decode(&out)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 || len(out.Data) != 1 || out.Data[0].ID != "42" {
				b.Fatal(resp.StatusCode, err)
			}
		}
		reportCPU(b, cpu, ok)
	})
	b.Run("sdk", sdk(b2bv2.New(base...)))
	b.Run("sdk/production-options", sdk(b2bv2.New(append(base,
		altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 3}),
		altegio.WithAttemptTimeout(10*time.Second),
		altegio.WithLimiter(altegio.NewLimiter(altegio.Window{N: 1 << 30, Per: time.Second})),
		altegio.WithLogger(slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))),
	)...)))
}

// Plain structs of the shape of v1's get_appointment_list response (the
// fields of the generated RecordsCompanyResponse), with the Go
// types one would write by hand: no pointers, dates as strings (Altegio's
// "-0500" offsets are not RFC 3339), objects as maps.
type (
	plainAppointmentList struct {
		Success bool               `json:"success"`
		Data    []plainAppointment `json:"data"`
		Meta    struct {
			Page       int `json:"page"`
			TotalCount int `json:"total_count"`
		} `json:"meta"`
	}
	plainAppointment struct {
		AcceptanceFree         bool             `json:"acceptance_free"`
		ActivityID             int32            `json:"activity_id"`
		APIID                  string           `json:"api_id"`
		Attendance             float64          `json:"attendance"`
		BookformID             int64            `json:"bookform_id"`
		Client                 *plainClient     `json:"client"`
		ClientsCount           float64          `json:"clients_count"`
		Comer                  bool             `json:"comer"`
		Comment                string           `json:"comment"`
		CompanyID              int64            `json:"company_id"`
		Confirmed              float64          `json:"confirmed"`
		Consumables            []map[string]any `json:"consumables"`
		CreateDate             string           `json:"create_date"`
		CreatedUserID          int64            `json:"created_user_id"`
		CustomColor            string           `json:"custom_color"`
		CustomFields           any              `json:"custom_fields"`
		CustomFontColor        string           `json:"custom_font_color"`
		Date                   string           `json:"date"`
		Datetime               string           `json:"datetime"`
		Deleted                bool             `json:"deleted"`
		Documents              []plainDocument  `json:"documents"`
		EmailNow               float64          `json:"email_now"`
		EmailRemainHours       float64          `json:"email_remain_hours"`
		FinanceTransactions    []map[string]any `json:"finance_transactions"`
		FromURL                string           `json:"from_url"`
		GoodsTransactions      []map[string]any `json:"goods_transactions"`
		ID                     int64            `json:"id"`
		IsMobile               float64          `json:"is_mobile"`
		IsRemindSMSSent        bool             `json:"is_remind_sms_sent"`
		IsSaleBillPrinted      bool             `json:"is_sale_bill_printed"`
		IsUpdateBlocked        bool             `json:"is_update_blocked"`
		LastChangeDate         string           `json:"last_change_date"`
		Length                 float64          `json:"length"`
		MasterRequest          float64          `json:"master_request"`
		Notified               float64          `json:"notified"`
		Online                 bool             `json:"online"`
		PaidFull               float64          `json:"paid_full"`
		PaymentStatus          json.RawMessage  `json:"payment_status"`
		Prepaid                bool             `json:"prepaid"`
		PrepaidConfirmed       bool             `json:"prepaid_confirmed"`
		RecordFrom             string           `json:"record_from"`
		RecordLabels           []map[string]any `json:"record_labels"`
		ResourceInstanceIDs    []int64          `json:"resource_instance_ids"`
		ReviewRequested        float64          `json:"review_requested"`
		SeanceLength           float64          `json:"seance_length"`
		Services               []plainService   `json:"services"`
		ShortLink              string           `json:"short_link"`
		SMSBefore              float64          `json:"sms_before"`
		SMSNow                 float64          `json:"sms_now"`
		SMSNowText             string           `json:"sms_now_text"`
		SMSRemainHours         float64          `json:"sms_remain_hours"`
		Staff                  plainStaff       `json:"staff"`
		StaffID                int64            `json:"staff_id"`
		TechnicalBreakDuration float64          `json:"technical_break_duration"`
		VisitAttendance        float64          `json:"visit_attendance"`
		VisitID                int64            `json:"visit_id"`
	}
	plainClient struct {
		Birthday           string           `json:"birthday"`
		Card               string           `json:"card"`
		ClientTags         []map[string]any `json:"client_tags"`
		Comment            string           `json:"comment"`
		CustomFields       []map[string]any `json:"custom_fields"`
		Discount           float64          `json:"discount"`
		DisplayName        string           `json:"display_name"`
		Email              string           `json:"email"`
		FailVisitsCount    float64          `json:"fail_visits_count"`
		Gender             float64          `json:"gender"`
		ID                 int64            `json:"id"`
		IsNew              bool             `json:"is_new"`
		MiddleName         string           `json:"middle_name"`
		Name               string           `json:"name"`
		Patronymic         string           `json:"patronymic"`
		Phone              string           `json:"phone"`
		PhoneCountryID     int64            `json:"phone_country_id"`
		Sex                float64          `json:"sex"`
		SuccessVisitsCount float64          `json:"success_visits_count"`
		Surname            string           `json:"surname"`
	}
	plainDocument struct {
		CategoryID        int32   `json:"category_id"`
		Comment           string  `json:"comment"`
		CompanyID         int64   `json:"company_id"`
		DateCreated       string  `json:"date_created"`
		ID                int64   `json:"id"`
		IsSaleBillPrinted bool    `json:"is_sale_bill_printed"`
		Number            float64 `json:"number"`
		RecordID          int64   `json:"record_id"`
		StorageID         int64   `json:"storage_id"`
		TypeID            int64   `json:"type_id"`
		TypeTitle         string  `json:"type_title"`
		UserID            int64   `json:"user_id"`
		VisitID           int64   `json:"visit_id"`
	}
	plainService struct {
		Amount      float64          `json:"amount"`
		Assistants  []map[string]any `json:"assistants"`
		Cost        float32          `json:"cost"`
		CostPerUnit float32          `json:"cost_per_unit"`
		CostToPay   float32          `json:"cost_to_pay"`
		Discount    float32          `json:"discount"`
		FirstCost   float32          `json:"first_cost"`
		ID          int64            `json:"id"`
		ManualCost  float32          `json:"manual_cost"`
		Title       string           `json:"title"`
	}
	plainStaff struct {
		APIID          string  `json:"api_id"`
		Avatar         string  `json:"avatar"`
		AvatarBig      string  `json:"avatar_big"`
		ID             int64   `json:"id"`
		Name           string  `json:"name"`
		Rating         float64 `json:"rating"`
		Specialization string  `json:"specialization"`
		VotesCount     float64 `json:"votes_count"`
		Position       struct {
			ID                  int64   `json:"id"`
			ServicesBindingType float64 `json:"services_binding_type"`
			Title               string  `json:"title"`
		} `json:"position"`
	}
)

// plainTeamMemberList is v2's list_team_members response with plain types.
type plainTeamMemberList struct {
	Data []struct {
		Type       string `json:"type"`
		ID         string `json:"id"`
		Attributes struct {
			Name                   string `json:"name"`
			Specialization         string `json:"specialization"`
			PositionID             int64  `json:"position_id"`
			Image                  string `json:"image"`
			IsAvailableAsAssistant bool   `json:"is_available_as_assistant"`
			TtMarkup               int    `json:"tt_markup"`
		} `json:"attributes"`
	} `json:"data"`
}

// bigList returns the spec's example response with its data list made n
// items long: the example's items repeated, each with its own id (a number
// or a string, as in the example).
func bigList(tb testing.TB, example []byte, n int) []byte {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(example))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		tb.Fatal(err)
	}
	items, _ := doc["data"].([]any)
	if len(items) == 0 {
		tb.Fatal("the example has no data items")
	}
	list := make([]any, n)
	for i := range list {
		raw, err := json.Marshal(items[i%len(items)])
		if err != nil {
			tb.Fatal(err)
		}
		var item map[string]any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&item); err != nil {
			tb.Fatal(err)
		}
		switch item["id"].(type) {
		case string:
			item["id"] = fmt.Sprint(1000 + i)
		default:
			item["id"] = 1000 + i
		}
		list[i] = item
	}
	doc["data"] = list
	out, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkDecodeList decodes a 250-item list built from the spec's own
// example (v1 get_appointment_list, v2 list_team_members) into the generated
// type with altegio.Unmarshal, as the client does, and into plain structs of
// the same shape with encoding/json. "generated/json.Unmarshal" separates
// the cost of the generated types (pointers, altegio.Time, altegio.Object)
// from that of Unmarshal itself.
func BenchmarkDecodeList(b *testing.B) {
	type decoder struct {
		name   string
		decode func([]byte) error
	}
	cases := []struct {
		name string
		data []byte
		decs []decoder
	}{
		{
			"v1-appointments",
			bigList(b, specResponseExample(b, "b2b-v1", "get_appointment_list"), 250),
			[]decoder{
				{"plain/json.Unmarshal", func(d []byte) error { var v plainAppointmentList; return json.Unmarshal(d, &v) }},
				{"generated/json.Unmarshal", func(d []byte) error { var v b2bv1.RecordsCompanyResponse; return json.Unmarshal(d, &v) }},
				{"generated/altegio.Unmarshal", func(d []byte) error { var v b2bv1.RecordsCompanyResponse; return altegio.Unmarshal(d, &v) }},
			},
		},
		{
			"v2-team-members",
			bigList(b, specResponseExample(b, "b2b-v2", "list_team_members"), 250),
			[]decoder{
				{"plain/json.Unmarshal", func(d []byte) error { var v plainTeamMemberList; return json.Unmarshal(d, &v) }},
				{"generated/json.Unmarshal", func(d []byte) error { var v b2bv2.ListTeamMembersResponse; return json.Unmarshal(d, &v) }},
				{"generated/altegio.Unmarshal", func(d []byte) error { var v b2bv2.ListTeamMembersResponse; return altegio.Unmarshal(d, &v) }},
			},
		},
	}
	for _, tc := range cases {
		for _, d := range tc.decs {
			b.Run(tc.name+"/"+d.name, func(b *testing.B) {
				if err := d.decode(tc.data); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(tc.data)))
				b.ReportAllocs()
				cpu, ok := processCPU()
				for b.Loop() {
					if err := d.decode(tc.data); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, cpu, ok)
			})
		}
	}
}

// TestBenchmarkLists checks the benchmark's data: 250 distinct items that
// decode alike into the generated and the plain types.
func TestBenchmarkLists(t *testing.T) {
	data := bigList(t, specResponseExample(t, "b2b-v1", "get_appointment_list"), 250)
	var gen b2bv1.RecordsCompanyResponse
	var plain plainAppointmentList
	if err := altegio.Unmarshal(data, &gen); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &plain); err != nil {
		t.Fatal(err)
	}
	if len(gen.Data) != 250 || len(plain.Data) != 250 {
		t.Fatalf("%d bytes: not 250 items", len(data))
	}
	for i, item := range gen.Data {
		p := plain.Data[i]
		if *item.ID != int64(1000+i) || p.ID != *item.ID || *item.Staff.Name != p.Staff.Name || *item.Comment != p.Comment ||
			item.CreateDate.IsZero() || len(item.Services) != len(p.Services) {
			t.Fatalf("item %d differs: %+v / %+v", i, item, p)
		}
	}
	data = bigList(t, specResponseExample(t, "b2b-v2", "list_team_members"), 250)
	var gen2 b2bv2.ListTeamMembersResponse
	var plain2 plainTeamMemberList
	if err := altegio.Unmarshal(data, &gen2); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &plain2); err != nil {
		t.Fatal(err)
	}
	if len(gen2.Data) != 250 || len(plain2.Data) != 250 || gen2.Data[249].ID != "1249" || plain2.Data[249].Attributes.Name != gen2.Data[249].Attributes.Name {
		t.Fatalf("team members: %d/%d items", len(gen2.Data), len(plain2.Data))
	}
}

// fixedBody answers every request with a 200 and body, in memory.
type fixedBody []byte

func (f fixedBody) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(f)), ContentLength: int64(len(f)), Request: r}, nil
}

// BenchmarkWithMeta compares a 250-item page of get_appointment_list read
// with altegio.WithMeta as the generated method does it now (the meta
// handed over from the decoded envelope, plumbing.DoEnvelope) and as it
// did before (plumbing.Do, which reads the meta from the body a second
// time), alternating the two in one loop; it reports each one's mean and
// their ratio (new/old).
func BenchmarkWithMeta(b *testing.B) {
	body := bigList(b, specResponseExample(b, "b2b-v1", "get_appointment_list"), 250)
	body = bytes.Replace(body, []byte(`"meta":`), []byte(`"meta":{"total_count":250},"old_meta":`), 1)
	opts := []altegio.Option{altegio.WithTokens("p", "u"), altegio.WithBaseURL("http://fake.invalid/api/v1"), altegio.WithHTTPClient(&http.Client{Transport: fixedBody(body)}), altegio.WithLimiter(nil)}
	api := b2bv1.New(opts...)
	rt := altegio.NewClient("http://fake.invalid/api/v1", opts...)
	ctx := context.Background()
	newWay := func() {
		var meta b2bv1.ListMeta
		if _, err := api.Appointments.List(ctx, 1, b2bv1.GetAppointmentListParams{}, altegio.WithMeta(&meta)); err != nil || meta.GetTotalCount() != 250 {
			b.Fatal(err, meta)
		}
	}
	oldWay := func() {
		req, _ := http.NewRequest("GET", "http://fake.invalid/api/v1/records/1", nil)
		var out b2bv1.RecordsCompanyResponse
		var meta b2bv1.ListMeta
		if err := plumbing.Do(rt, ctx, req, plumbing.AuthPartnerUser, &out, altegio.WithMeta(&meta)); err != nil || meta.GetTotalCount() != 250 {
			b.Fatal(err, meta)
		}
	}
	newWay()
	oldWay()
	var tNew, tOld time.Duration
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		first, second, t1, t2 := newWay, oldWay, &tNew, &tOld
		if i%2 == 1 {
			first, second, t1, t2 = oldWay, newWay, &tOld, &tNew
		}
		s := time.Now()
		first()
		*t1 += time.Since(s)
		s = time.Now()
		second()
		*t2 += time.Since(s)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tNew.Nanoseconds())/n, "new-ns/call")
	b.ReportMetric(float64(tOld.Nanoseconds())/n, "old-ns/call")
	b.ReportMetric(float64(tNew)/float64(tOld), "new/old")
}
