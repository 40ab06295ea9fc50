// Package schema checks CloudTrail records against a strict JSON Schema of
// the record format.
//
// Package event decodes records leniently and losslessly; this package says
// whether a record is exactly what CloudTrail writes. [Validate] flags
// top-level members CloudTrail does not document (such as "@timestamp" added
// by log pipelines), an eventTime missing or in another layout than
// YYYY-MM-DDTHH:MM:SSZ, booleans carried as strings and the reverse, and
// members required for the record's eventVersion and eventType. [JSON]
// returns the schema itself (draft 2020-12).
//
// It lives apart from package event so that programs that only read records
// depend on the standard library alone: the schema engine,
// github.com/santhosh-tekuri/jsonschema/v5, is linked only into programs
// that import this package.
//
// # Errors
//
// Malformed JSON yields an *event.SyntaxError with its line and column; a
// record that breaks the schema yields a *ValidationError listing every
// problem, each with a JSON pointer and the schema keyword broken
// ([ValidationError.Has] asks for a keyword). Pointers and keywords are
// stable; message text may improve.
//
// # Concurrency
//
// Validate is safe for concurrent use; the schema is compiled once, on first
// use.
//
// # Compatibility
//
// The schema documents every member of eventVersion 1.0 through 1.11 with
// its JSON type, Insights records included, the members of an event data
// store's Insights events ("CloudTrail record contents for Insights events
// for event data stores": insightSource, insightState, insightEventSource,
// insightEventName, insightErrorCode, insightType and a flat
// insightContext, told apart by insightState or insightSource without
// insightDetails), and the members of aggregated events ("CloudTrail
// record contents for aggregated events"), which are their own
// (accountId, eventId, timeWindow, summary). A member AWS adds later is
// flagged until the schema learns it; package event keeps it either way.
package schema
