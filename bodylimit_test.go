package altegio

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// countBody is middleware that counts the response body bytes the client
// reads.
func countBody(n *atomic.Int64) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(r)
			if resp != nil {
				resp.Body = countingReader{resp.Body, n}
			}
			return resp, err
		})
	}
}

type countingReader struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	k, err := c.ReadCloser.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// bigBody serves a JSON body of size bytes, in 32 KiB writes; with
// announce it sends a Content-Length, without it the body is chunked.
func bigBody(t *testing.T, size int, announce bool) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if announce {
			w.Header().Set("Content-Length", strconv.Itoa(size))
		}
		body := `{"data":"` + strings.Repeat("x", size-11) + `"}`
		for len(body) > 0 {
			n := min(len(body), 32<<10)
			if _, err := io.WriteString(w, body[:n]); err != nil {
				return // the client hung up
			}
			http.NewResponseController(w).Flush()
			body = body[n:]
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestMaxResponseBytes(t *testing.T) {
	const limit = 10 << 10
	for _, tc := range []struct {
		name     string
		size     int
		announce bool
		ok       bool
		maxRead  int64
	}{
		{"at the limit, announced", limit, true, true, limit},
		{"at the limit, chunked", limit, false, true, limit},
		{"one byte over, announced: nothing read", limit + 1, true, false, 0},
		{"one byte over, chunked", limit + 1, false, false, limit + 1},
		{"8 MiB, announced: nothing read", 8 << 20, true, false, 0},
		{"8 MiB, chunked: read up to the limit and one byte", 8 << 20, false, false, limit + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hits := bigBody(t, tc.size, tc.announce)
			var read atomic.Int64
			c := NewClient(srv.URL+"/api/v2", WithTokens(testPartner, testUser),
				WithMaxResponseBytes(limit), WithMiddleware(countBody(&read)), WithRetry(RetryPolicy{MaxAttempts: 3}))
			var out struct{ Data string }
			var resp *http.Response
			err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/locations/1/clients?page=1", ""), authPartnerUser, &out, WithResponse(&resp)))
			if got := read.Load(); got > tc.maxRead {
				t.Errorf("read %d bytes of the body, want at most %d", got, tc.maxRead)
			}
			if tc.ok {
				if err != nil || len(out.Data) != tc.size-11 {
					t.Fatalf("err %v, %d bytes decoded", err, len(out.Data))
				}
				return
			}
			var tooLarge *ResponseTooLargeError
			if !errors.As(err, &tooLarge) {
				t.Fatalf("err = %T %v, want *ResponseTooLargeError", err, err)
			}
			wantCL := int64(-1)
			if tc.announce {
				wantCL = int64(tc.size)
			}
			if tooLarge.Method != "GET" || tooLarge.Path != "/locations/1/clients" || tooLarge.StatusCode != 200 ||
				tooLarge.Limit != limit || tooLarge.ContentLength != wantCL || tooLarge.Response == nil || tooLarge.Response != resp {
				t.Errorf("ResponseTooLargeError = %+v", tooLarge)
			}
			want := "altegio: GET /locations/1/clients: 200 OK: the response body is longer than the client's limit of 10240 bytes (WithMaxResponseBytes)"
			if tc.announce {
				want = strings.Replace(want, "body is", "body (Content-Length "+strconv.Itoa(tc.size)+") is", 1)
			}
			if err.Error() != want {
				t.Errorf("Error() = %q\nwant      %q", err, want)
			}
			if b, _ := io.ReadAll(resp.Body); len(b) != 0 {
				t.Errorf("the response keeps %d bytes of the body", len(b))
			}
			if hits.Load() != 1 {
				t.Errorf("%d requests: a body over the limit is not retried", hits.Load())
			}
			if out.Data != "" {
				t.Error("out was modified")
			}
		})
	}
}

// TestMaxResponseBytesDefault: 64 MiB unless set; a longer announced body
// is refused without reading it.
func TestMaxResponseBytesDefault(t *testing.T) {
	for _, n := range []int64{0, -1} {
		if c := NewClient(DefaultV2BaseURL, WithMaxResponseBytes(8), WithMaxResponseBytes(n)); c.maxBody != DefaultMaxResponseBytes || DefaultMaxResponseBytes != 64<<20 {
			t.Errorf("WithMaxResponseBytes(%d): limit %d, want %d", n, c.maxBody, 64<<20)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(DefaultMaxResponseBytes+1))
		io.WriteString(w, "{")
		http.NewResponseController(w).Flush()
		<-r.Context().Done() // the rest never comes; the client must not wait for it
	}))
	defer srv.Close()
	var read atomic.Int64
	c := NewClient(srv.URL, WithTokens(testPartner, testUser), WithMiddleware(countBody(&read)))
	err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
	var tooLarge *ResponseTooLargeError
	if !errors.As(err, &tooLarge) || tooLarge.Limit != 64<<20 || read.Load() != 0 {
		t.Fatalf("err %v, %d bytes read", err, read.Load())
	}
}
