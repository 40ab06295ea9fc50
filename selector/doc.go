// Package selector validates, compiles and evaluates CloudTrail event
// selectors: basic selectors (the API's EventSelector), advanced event
// selectors and insight selectors.
//
// Selectors are checked with [ValidateBasic], [ValidateAdvanced],
// [Validate] (basic and advanced together, as one PutEventSelectors
// request) and [ValidateInsight]. [Compile] validates advanced selectors
// once and builds a [Matcher]; [Matcher.Match] then answers "would this
// record be logged?" without allocating, and [Matcher.Explain] says why or
// why not. Basic selectors are translated by [FromBasic] into advanced
// selectors that select exactly the same records, so one evaluator serves
// both ([CompileBasic]). [CompileFor] compiles selectors written for an
// event data store. [Config] and [InsightConfig] decode the output of
// `aws cloudtrail get-event-selectors` and `get-insight-selectors` (and
// encode it back without loss); [SelectsInsight] says whether insight
// selectors ask for an Insights record.
//
//	m, err := selector.Compile(cfg.AdvancedEventSelectors)
//	if err != nil { ... }
//	if !m.Match(rec) {
//		fmt.Println(m.Explain(rec))
//	}
//
// Beyond single records, [Set] is the set of events selectors select, kept exactly as
// predicates over the fields selectors test (a union of classes, each a
// conjunction of per-field value sets): [Matcher.Set] and [SetOf] build
// it, [Set.Covers], [Set.Minus] (with [Set.Witness]), [Set.Equal] and
// [Matcher.Dead] answer "does A log everything B does?", "what does A log
// that B does not?" and "can this selector ever match?" over every
// string, not by sampling. [Set.Advanced] writes a set back as advanced
// selectors.
//
// [Options.Validate] also returns warnings: a resources.type or network
// activity eventSource missing from the package's tables of documented
// values, generated from tables.json and stamped [TablesDate]. AWS adds
// types and sources often, so such a value is reported with the table's
// date and the nearest documented value ([NearestResourceType]) rather
// than rejected; Options.Strict rejects it with the AWS exception.
//
// # Fidelity
//
// Evaluation follows the CloudTrail user guide ("Filtering data events by
// using advanced event selectors", "How CloudTrail evaluates multiple
// conditions"): a record is logged when any selector holds; a selector
// holds when all its field selectors hold; a field selector holds when the
// value matches some Equals, StartsWith or EndsWith value (if any is
// given) and no NotEquals, NotStartsWith or NotEndsWith value. Matching is
// exact and case-sensitive; there are no wildcards. resources.type and
// resources.ARN are evaluated per resource: a selector holds when one
// resource of the record satisfies all its resources conditions. A member
// the record lacks matches no SELECT value and no DESELECT value, except
// sessionCredentialFromConsole, which records leave out when it is "false"
// ("CloudTrail record contents": it "is not shown unless the value is
// true") and which is compared as "false" then.
//
// Records without eventCategory (eventVersion before 1.07) are matched as
// the category event.Record.Category derives from eventType
// (AwsVpceEvent, AwsCloudTrailInsight), managementEvent, and the
// documented data operations of S3 objects, Lambda functions and DynamoDB
// tables; Explanation reports when that happened.
//
// Validation follows the API reference (PutEventSelectors,
// AdvancedEventSelector, AdvancedFieldSelector, EventSelector,
// DataResource, InsightSelector) and the quotas page: counts, lengths,
// patterns, fields per category and per [Target], operators per field,
// required fields and value rules. Where pages disagree the newer one is
// followed: eventType, sessionCredentialFromConsole and userIdentity.arn
// are accepted on data-event selectors of trails, and userIdentity.arn on
// network-activity selectors of trails.
//
// Basic data resource values keep their documented meaning in the
// translation: S3 values are prefixes, Lambda and DynamoDB values are
// exact ARNs, and arn:<partition>:s3, arn:<partition>:lambda and
// arn:<partition>:dynamodb select every resource of the type.
//
// Some rules are derived rather than stated by AWS, and are marked so where
// they are implemented: how absent members compare (absent readOnly equals
// neither "true" nor "false"); the exception for basic and advanced
// selectors together (InvalidEventSelectorsException, the only documented
// PutEventSelectors error that covers combinations); one
// eventCategory value and one resources.type value per selector; and the
// messages of problems for which no AWS message is known.
//
// # Performance
//
// Compile builds, per field selector, a hash set for Equals and NotEquals
// values and prefix-free (suffix-free) sorted tables for StartsWith and
// EndsWith (and their Not forms), searched by bisection; eventCategory and
// single-value conditions are compared directly. A match therefore costs
// O(selectors × fields × log values) and never allocates.
//
// # Errors
//
// Validation reports every problem at once as an [Errors], sorted by path.
// Each [*Error] has a Path into the request (such as
// "AdvancedEventSelectors[1].FieldSelectors[0].Field"), the Code AWS
// returns (such as "InvalidEventSelectorsException") and a message. Code
// is stable; message text may improve, except where it is AWS's own text.
// Use errors.As to reach Errors or an individual *Error.
//
// # Concurrency
//
// A Matcher is immutable after Compile; its methods may be called from any
// number of goroutines. The package has no global mutable state.
//
// # Compatibility
//
// Records of eventVersion 1.0 through 1.11 are evaluated. Unknown
// ReadWriteType, InsightType and category values are kept as given so
// validation can report them. Decoding then encoding a [Config],
// [InsightConfig] or any selector in them keeps the members this package
// does not model, at every level, and keeps empty lists apart from
// absent ones.
package selector
