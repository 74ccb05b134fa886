// Package altegio is the hand-written runtime shared by the generated clients
// of Altegio's B2B booking API (packages generated/b2bv1 and generated/b2bv2).
//
// It holds what the generated code should not repeat 300 times:
//
//   - [Client], the transport: base URL, tokens, the Authorization, Accept,
//     User-Agent and Content-Type headers, and turning every non-2xx answer
//     into an [*APIError];
//   - [Login], which exchanges a login and password for a user token;
//   - [Unmarshal], a lenient JSON decoder for what Altegio's PHP backend
//     really sends (IDs as strings, booleans as 0/1, [] for an absent object,
//     PHP sparse arrays as objects);
//   - [Object], a field that is an object, or null or [] when there is none;
//   - [Time] and [Date], date-times and dates in the formats Altegio uses.
//
// # Tokens
//
// Altegio authenticates with two tokens: the partner token of the
// integration, and the user token of the user acting (see [Login]). Most
// operations need both and send "Authorization: Bearer <partner>, User <user>";
// some need the partner token alone. Tokens are never written into an error
// string: see [Redact].
//
// # Errors
//
// Every non-2xx answer is an [*APIError]. Use errors.Is with [ErrUnauthorized],
// [ErrForbidden], [ErrNotFound], [ErrValidation] or [ErrRateLimited] to test
// for the common cases, and errors.As to reach the status, Altegio's message,
// the field errors and the raw response. A 2xx body that cannot be decoded is
// a [*DecodeError].
//
// # Retries, rate limits, timeouts and logging
//
// A [Client] retries as [DefaultRetryPolicy] says unless given [WithRetry]
// (WithRetry(RetryPolicy{MaxAttempts: 1}) turns retries off): 429s are
// retried for every method, and 5xx
// answers, connection errors and timeouts for the idempotent ones, with
// exponential backoff and full jitter or the server's Retry-After, never
// past the caller's context deadline (see [RetryPolicy]).
// Before every attempt a client waits for a turn from its [Limiter]: by
// default, for Altegio's API host, one shared by the clients of the
// process with the same partner token, of Altegio's published limit (5
// requests per second and 200 per minute, [DefaultLimits]), and none for
// other hosts (mock and test servers); [WithLimiter] replaces it, and a
// Limiter backed by a shared store lets several processes share one
// budget. [WithAttemptTimeout] bounds each attempt,
// [WithLogger] logs one record per attempt (never a token, a header or a
// query string), and [WithMiddleware] wraps the HTTP transport.
//
// # Redirects and response size
//
// Altegio's API does not redirect API calls, so a client follows no
// redirect: the call fails with a [*RedirectError]. A 2xx body longer than
// 64 MiB ([WithMaxResponseBytes]) is not read past the limit: the call
// fails with a [*ResponseTooLargeError].
package altegio
