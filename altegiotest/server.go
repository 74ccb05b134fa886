package altegiotest

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Server is a fake Altegio: an httptest server on the loopback interface
// that serves both APIs, b2b-v1 under /api/v1 and b2b-v2 under /api/v2.
// Its methods are safe for concurrent use.
type Server struct {
	// URL is the server's root, such as "http://127.0.0.1:41234": point a
	// b2b-v1 client at URL+"/api/v1" (V1URL) and a b2b-v2 client at
	// URL+"/api/v2" (V2URL).
	URL string

	t       testing.TB
	srv     *httptest.Server
	partner string
	user    string
	lenient bool

	fnMu     sync.Mutex // one Func at a time
	mu       sync.Mutex
	scripts  map[*operation]*script
	all      *script            // OnAll's answers
	allUsed  map[*operation]int // how many of them each operation had
	calls    map[*operation]int
	requests []Request
}

// script is the answers [Server.On] set for an operation, and how many
// calls they have answered.
type script struct {
	answers []Response
	used    int
}

// Option configures a [Server].
type Option func(*Server)

// WithTokens makes the server check the tokens themselves, not only the
// scheme of the Authorization header: the partner token on every call,
// the user token on calls that need one.
func WithTokens(partner, user string) Option {
	return func(s *Server) { s.partner, s.user = partner, user }
}

// AllowBadRequests makes a request the server refuses (a wrong
// Authorization or Accept, a missing required parameter, a path no
// operation has) not fail the test: it is still answered with its 4xx and
// recorded with its Problem, for a test that sends one on purpose.
func AllowBadRequests() Option {
	return func(s *Server) { s.lenient = true }
}

// NewServer starts a fake Altegio for the test t and stops it when the
// test ends (t.Cleanup). Every operation answers with its spec's example
// until [Server.On] says otherwise.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := start(t, opts)
	t.Cleanup(s.srv.Close)
	return s
}

// Start starts a fake Altegio outside a test, for an Example or a demo,
// which have no testing.TB: a request the server refuses is answered
// with its 4xx and recorded with its Problem, as with [AllowBadRequests],
// and fails nothing; a call of [Server.On] that would fail a test panics.
// Stop the server with [Server.Close].
func Start(opts ...Option) *Server {
	return start(noTest{}, append([]Option{AllowBadRequests()}, opts...))
}

// start starts a server that reports to t.
func start(t testing.TB, opts []Option) *Server {
	s := &Server{t: t, scripts: map[*operation]*script{}, calls: map[*operation]int{}}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server, and waits for the requests it is answering. A
// server of [NewServer] is stopped when its test ends; Close stops it
// sooner.
func (s *Server) Close() { s.srv.Close() }

// noTest is the testing.TB of a server made by Start: a Fatal panics, an
// Errorf (a fault of the server itself) is logged.
type noTest struct{ testing.TB }

func (noTest) Helper()                           {}
func (noTest) Cleanup(func())                    {}
func (noTest) Errorf(format string, args ...any) { log.Printf(format, args...) }
func (noTest) Fatal(args ...any)                 { panic(fmt.Sprint(args...)) }
func (noTest) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// V1URL is the base URL of the b2b-v1 API, for altegio.WithBaseURL:
// URL+"/api/v1".
func (s *Server) V1URL() string { return s.URL + "/api/v1" }

// V2URL is the base URL of the b2b-v2 API, for altegio.WithBaseURL:
// URL+"/api/v2".
func (s *Server) V2URL() string { return s.URL + "/api/v2" }

// On sets the answers of an operation, named by its operationId
// ("get_appointment_list"; "b2b-v2 delete_appointment" for an operationId
// both APIs have): the first call after On gets answers[0], the second
// answers[1], and so on, the last answer repeating. On with no answers
// restores the spec's example. An unknown operation, or an answer that
// could not be built (a value encoding/json refuses), fails the test.
func (s *Server) On(operation string, answers ...Response) {
	s.t.Helper()
	op, err := loadTable().lookup(operation)
	if err != nil {
		s.t.Fatal(err)
	}
	for i, a := range answers {
		if a.err != nil {
			s.t.Fatalf("altegiotest: On(%q): answer %d: %v", operation, i+1, a.err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(answers) == 0 {
		delete(s.scripts, op)
		return
	}
	s.scripts[op] = &script{answers: answers}
}

// OnAll sets the answers of every operation that [Server.On] has not
// set, as a test of an outage or of a revoked token wants them: each
// operation's first call after OnAll gets answers[0], its second
// answers[1], and so on, the last answer repeating. OnAll with no answers
// restores the spec's examples. An answer that could not be built fails
// the test.
func (s *Server) OnAll(answers ...Response) {
	s.t.Helper()
	for i, a := range answers {
		if a.err != nil {
			s.t.Fatalf("altegiotest: OnAll: answer %d: %v", i+1, a.err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all, s.allUsed = nil, map[*operation]int{}
	if len(answers) > 0 {
		s.all = &script{answers: answers}
	}
}

// Requests returns the requests the server has received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the requests the server has received for one
// operation, named as [Server.On] names it, in order.
func (s *Server) RequestsTo(operation string) []Request {
	s.t.Helper()
	op, err := loadTable().lookup(operation)
	if err != nil {
		s.t.Fatal(err)
	}
	var out []Request
	for _, r := range s.Requests() {
		if r.API == op.api && r.Operation == op.ID {
			out = append(out, r)
		}
	}
	return out
}

// serve answers one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.t.Errorf("altegiotest: %s %s: reading the request body: %v", r.Method, r.URL.Path, err)
		return
	}
	req := Request{Method: r.Method, RequestURI: r.RequestURI, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	if v := req.Header.Values("Authorization"); len(v) > 0 {
		req.Header["Authorization"] = []string{redactAuthorization(strings.Join(v, ", "))}
	}
	op, prob := s.route(r, &req)
	if prob == nil {
		prob = s.check(op, r, req.Params, req.Query, body)
	}
	if prob != nil {
		req.Problem = "altegiotest: " + prob.msg
		s.record(op, &req)
		if !s.lenient {
			s.t.Errorf("%s %s: %s", r.Method, r.URL.RequestURI(), req.Problem)
		}
		writeAnswer(w, r, answer{status: prob.status, contentType: "application/json", body: mustJSON(errorBody(req.Problem, prob.fields))})
		return
	}
	resp := s.record(op, &req)
	a, err := s.resolve(op, req, resp, 0)
	if err != nil {
		s.t.Errorf("altegiotest: %s call %d: %v", op.key(), req.Call, err)
		writeAnswer(w, r, answer{status: http.StatusInternalServerError, contentType: "application/json", body: mustJSON(errorBody("altegiotest: "+err.Error(), nil))})
		return
	}
	writeAnswer(w, r, a)
}

// route finds the API and the operation of r, filling req's API,
// Operation, Route, Path and Params, or says why there is none.
func (s *Server) route(r *http.Request, req *Request) (*operation, *problem) {
	path := r.URL.Path
	for _, a := range apis {
		rest, ok := strings.CutPrefix(path, a.prefix)
		if !ok || (rest != "" && rest[0] != '/') {
			continue
		}
		req.API, req.Path = a.name, rest
		op, params, allowed := loadTable().match(a.name, r.Method, rest)
		if op == nil {
			if len(allowed) > 0 {
				return nil, &problem{status: http.StatusMethodNotAllowed, msg: fmt.Sprintf("%s %s: the path of a %s operation takes %s, not %s", a.name, rest, a.name, strings.Join(allowed, ", "), r.Method)}
			}
			return nil, &problem{status: http.StatusNotFound, msg: fmt.Sprintf("no %s operation has the path %s", a.name, rest)}
		}
		req.Operation, req.Route, req.Params = op.ID, op.Route, params
		return op, nil
	}
	return nil, &problem{status: http.StatusNotFound, msg: fmt.Sprintf("%s is under neither /api/v1 nor /api/v2: point a b2b-v1 client at Server.V1URL() and a b2b-v2 client at Server.V2URL()", path)}
}

// record counts a call of op (nil for a request that matched none), adds
// req to the requests, and returns the Response the call gets.
func (s *Server) record(op *operation, req *Request) Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	var resp Response
	if op != nil && req.Problem == "" {
		s.calls[op]++
		req.Call = s.calls[op]
		if sc := s.scripts[op]; sc != nil {
			resp = sc.answers[min(sc.used, len(sc.answers)-1)]
			sc.used++
		} else if s.all != nil {
			resp = s.all.answers[min(s.allUsed[op], len(s.all.answers)-1)]
			s.allUsed[op]++
		}
	}
	s.requests = append(s.requests, *req)
	return resp
}
