package altegio

import "runtime"

// Version is the version of this SDK. It is sent in the User-Agent header.
const Version = "0.1.0"

// Default base URLs of Altegio's B2B API, without a trailing slash.
const (
	// DefaultV1BaseURL is the base URL of the B2B API v1.
	DefaultV1BaseURL = "https://api.alteg.io/api/v1"
	// DefaultV2BaseURL is the base URL of the B2B API v2.
	DefaultV2BaseURL = "https://api.alteg.io/api/v2"
)

// acceptMediaType is the Accept header sent with every request,
// plumbing.AcceptHeader (see there).
const acceptMediaType = "application/vnd.api.v2+json"

// sdkUserAgent is the SDK's own User-Agent, e.g. "altegio-go/0.1.0 (go1.26.8)".
var sdkUserAgent = "altegio-go/" + Version + " (" + runtime.Version() + ")"

// Base URLs of Altegio's mock servers, which answer with the examples of
// the published specs; without a trailing slash. Use them with [WithBaseURL].
const (
	// MockV1BaseURL is the mock server of the B2B API v1.
	MockV1BaseURL = "https://developer.alteg.io/_mock/en/b2b-v1/openapi"
	// MockV2BaseURL is the mock server of the B2B API v2.
	MockV2BaseURL = "https://developer.alteg.io/_mock/en/b2b-v2/openapi"
)
