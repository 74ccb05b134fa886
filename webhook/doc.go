// Package webhook receives Altegio's event notifications (webhooks) as Go
// values: [Parse] reads a notification body, [Handler] is the http.Handler
// that receives them, and [Router] sends each one to the func registered for
// its resource and status.
//
// # The notification
//
// Altegio POSTs one JSON object per change, about 5 seconds after it, to the
// URL set in the location's settings (Settings > System settings > For
// developers) or with POST /hooks_settings/{location_id}:
//
//	{
//	  "company_id": 4564,          // the location
//	  "resource": "record",        // what changed
//	  "resource_id": 123456789,    // its ID
//	  "status": "update",          // create, update or delete
//	  "data": { ... }              // the entity, as the API's own GET of it returns it
//	}
//
// [Event] holds the envelope typed and Data raw. Its accessors ([Event.Record],
// [Event.Client], ...) decode Data, with the lenient [altegio.Unmarshal], into
// the type from generated/b2bv1 that the entity's GET operation returns (its
// data member when the GET wraps it in {success, data, meta}). The
// documented resources, and that type:
//
//	resource                      data as                            Go type
//	record                        get_appointment                    Record
//	client                        get_client                         Client
//	staff                         get_team_member                    Staff
//	service                       get_service                        Service
//	service_category              get_service_category               ServiceCategory
//	salon                         get_location                       Salon
//	good                          get_product                        Good
//	goods_operations_sale,        get_transaction                    GoodsOperation
//	 _receipt, _consumable,
//	 _stolen, _move
//	finances_operation            get_financial_transaction          FinancesOperation
//	loyalty_card                  get_loyalty_card_list_by_phone     LoyaltyCard
//	schedule                      (data is always [])                none
//
// A resource not in this list is not an error: its Data stays raw, for the
// caller to decode. Where Altegio and its spec disagree on a member (a real
// goods operation sends "type" as a string, get_transaction declares an
// object), the accessor decodes every other member and returns the value
// with a [*DataError] naming those it left out.
//
// # Receiving
//
// Altegio signs nothing, so the only proof that a request comes from it is a
// secret in the URL you register: a query parameter (by default "secret",
// https://example.com/altegio?secret=...) or the last path segment
// (https://example.com/altegio/..., see [WithSecretInPath]). [Handler]
// compares it in constant time and answers 403 without reading the body when
// it is wrong or missing. It accepts only POST (405), reads at most
// [DefaultMaxBodyBytes] (413) within [DefaultBodyTimeout] (408, whatever
// the server's own timeouts), answers 400 with a one-line reason to a body
// that is not a notification, and otherwise calls your func with the
// request's context: 200 when it returns nil, 500 when it returns an error.
//
// Altegio's documentation says a delivery that gets no 2xx within 15 seconds
// is marked failed and is not retried automatically. So answer fast (queue
// long work), and keep what you must not lose before you return.
//
// # Sources
//
// Altegio's OpenAPI files (b2b-v1, b2b-v2) do not describe webhooks. What this
// package follows:
//
//   - Altegio's developer documentation, Developer Tools API, tag Webhooks:
//     the envelope, the resources and their fields, one page per event
//     (https://developer.alteg.io/en/developers/openapi/webhooks/webhook_record.md,
//     webhook_client.md, webhook_staff.md, webhook_service.md,
//     webhook_service_category.md, webhook_salon.md, webhook_good.md,
//     webhook_goods_operation.md, webhook_finances_operation.md,
//     webhook_loyalty_card.md, webhook_schedule.md), and its delivery rules
//     (POST, application/json, ~5 s delay, 15 s timeout, no automatic retry);
//   - Altegio's knowledge base, "WebHook configuration"
//     (https://alteg.io/en/support/knowledge-base/4870052386973/): where a
//     location turns notifications on, and for which events;
//   - the YCLIENTS API Blueprint (the same platform under its other name,
//     https://yclients.docs.apiary.io/#reference/webhooks), as quoted by
//     public receivers: github.com/otves/yclients-java
//     (src/main/java/ru/otveska/yclients/model/WebHookEvent.java,
//     WebHookEventsSettings.java, and a real record notification in
//     src/test/resources/UserRecordWebHook.json, which sends 0/1 where the
//     docs say booleans).
package webhook
