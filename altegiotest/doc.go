// Package altegiotest is a fake Altegio for tests: an in-process HTTP
// server that answers every operation of the b2b-v1 and b2b-v2 APIs with
// the spec's own example, at the right path and status, and checks each
// request as Altegio would.
//
//	srv := altegiotest.NewServer(t)
//	c := b2bv1.New(altegio.WithTokens("partner", "user"), altegio.WithBaseURL(srv.V1URL()))
//	srv.On("get_appointment_list", altegiotest.Data([]b2bv1.Appointment{{ID: altegio.Ptr(int64(1))}}))
//	appts, err := c.Appointments.List(ctx, 1, b2bv1.GetAppointmentListParams{})
//
// A request with the wrong Authorization scheme (partner-only
// "Bearer <partner>" against "Bearer <partner>, User <user>"), another
// Accept than the generated client sends (plumbing.AcceptHeader, followed
// by a PDF operation's media type), a missing required parameter or body
// member, or a path no operation has, is answered with a 4xx naming the
// problem and fails the test, unless the server was made with
// [AllowBadRequests].
//
// [Server.On] replaces an operation's answer, per call, and [Server.OnAll]
// those of every other operation; [Data], [JSON], [Error], [RateLimited],
// [Unauthorized], [Forbidden], [Hangup] and [Response.Truncated] or
// [Response.Slow] build answers and faults, [Pages] serves a list page by
// page and [Server.Store] makes a created record readable by a later GET.
// [Server.Requests] lists what the server received, down to the request
// target as sent. The server is stopped when the test ends. [Start]
// starts one outside a test, for an Example.
//
// The operations come from a table that regen writes from the locked
// specs (internal/fakeb2bv1 and fakeb2bv2), so a test needs neither the
// specs nor the network. Where a spec has no example of a success
// response, the answer is built from the response's schema.
package altegiotest
