// Package event reads, writes and classifies AWS CloudTrail event records
// and the files they are delivered in.
//
// A [Record] is one event: a management, data, network activity or
// Insights event. [ParseRecord] decodes one record from its JSON text and
// [Record.AppendJSON] (or [Record.MarshalJSON]) writes it back:
//
//	rec, err := event.ParseRecord(b)
//	if err != nil { ... }
//	cat, how := rec.Category()
//
// Log files are read whole with [ReadLogFile] ({"Records":[...]}, plain or
// gzip) or streamed record by record with [Records] and [Reader], which
// also read JSON Lines, `aws cloudtrail lookup-events` output, EventBridge
// events and CloudWatch Logs subscription data (see [Format]), lose only
// the bad record on damaged input, and hold at most [MaxRecordSize] of
// it; [Reader.Reset] (or Records, which pools its Readers) reads many
// small files without allocating buffers per file; [Record.Decode] decodes into a Record reused
// across a stream, and [Record.DecodeString] reads a record held in a
// string without copying its text. [ParseDigest] reads the digest files
// of log file integrity validation. Package
// [github.com/trailmap/trailmap/event/schema] checks a record against a
// strict JSON Schema of the format; it is a package of its own so that
// this one depends on the standard library alone.
//
// Records answer the common questions without guessing:
// [Record.Category] says which category a record belongs to and how that
// was found (older records have no eventCategory), [Record.IsReadOnly]
// says whether readOnly is known, [Record.Recipient] names the account a
// copy belongs to, [Record.SourceAddr] and [Record.SourceService] split
// sourceIPAddress, and [Record.Endpoint] reports the endpoint a global
// service call went to. eventVersion values are compared with
// [Version.Compare], as integers.
//
// # Fidelity
//
// The model follows the CloudTrail User Guide pages "CloudTrail record
// contents for management, data, and network activity events" (fields of
// eventVersion 1.0 through 1.11), "CloudTrail record contents for Insights
// events for trails", "CloudTrail userIdentity element" (package identity)
// and "CloudTrail digest file structure".
//
// Decoding is lossless: decode then encode gives the same JSON value.
// Unknown members are kept at every level (the record, resources entries,
// tlsDetails, addendum, insightDetails); members present with an empty
// string or null come back as they were; members whose JSON type is not
// the documented one are kept as raw JSON and written back; booleans
// carried as strings (sessionCredentialFromConsole, and readOnly in the
// CloudTrailEvent of LookupEvents) stay strings; eventVersion and an
// eventTime in a layout other than "2006-01-02T15:04:05Z" keep their text;
// numbers keep their text. Free-form payloads (requestParameters,
// responseElements, additionalEventData, serviceEventDetails,
// edgeDeviceDetails, eventContext, insightContext) stay raw JSON. Members
// are written in the order they came.
//
// Nothing is required: records without userIdentity, userIdentity.type,
// eventCategory, managementEvent, readOnly or userAgent decode, as real
// records of older versions and other event kinds lack them.
//
// # Errors
//
// Malformed JSON is reported as a [*SyntaxError] giving the byte offset,
// line and column within the input and what was expected there. Streams
// wrap per-record problems in a [*RecordError] and can go on past them.
// Sentinel errors ([ErrNotLogFile], [ErrNotRecord], [ErrRecordTooLarge])
// are matched with errors.Is. Message text may change; the types and
// offsets will not. Members of an unexpected JSON type are not errors:
// they are kept as they came. A member name twice with two different
// values in the record, or in a nested object it models (userIdentity and
// its parts, tlsDetails, addendum, insightDetails, a resources entry),
// refuses the record with a [*DuplicateMemberError] naming the object, the
// member and both places; a member repeated with the same value text is
// read once.
// A Reader reports at most [MaxErrors] errors per input; the ones past it
// are only counted, at next to no cost, and summed up at the end.
//
// # Event time
//
// EventTime is the zero time.Time both for a record without eventTime and
// for one whose eventTime reads 0001-01-01T00:00:00Z; [Record.HasEventTime]
// and [Record.EventTimeText] tell them apart, and an eventTime that is not
// a time, whose text is kept.
//
// # Concurrency
//
// Functions of this package hold no global state and may be called from
// any goroutine. A Record is a plain value: reading one from several
// goroutines is safe, changing one while others read it is not. Strings
// in a decoded Record share one copy of its input, and its raw payloads
// another; neither aliases the caller's buffer. The records a Reader
// reads from a log file share one copy, their raw payloads included,
// among the records of each stretch of up to 16 KiB of input (those
// ReadLogFile returns, of each stretch of input it buffered), so a record
// kept keeps its stretch alive: clone the strings and payloads of the few
// records kept out of many to keep less. Under [DecodeOnly] the input is
// not copied: the values decoded are, into blocks of 4 KiB that the
// records of a Reader share in the same way, and a record's resources
// and the identity decoded of paths into its userIdentity are taken from
// arrays of a few dozen records' worth. A raw payload's capacity is its
// length, and changing its bytes changes no other value.
//
// # Compatibility
//
// Records of eventVersion 1.0 through 1.11 are read; a newer minor version
// adds fields, which are kept as unknown members until modelled. Enum
// values AWS adds (event types, categories, userIdentity types) are kept
// as they are; [EventType.Canonical] maps the two documented misspellings
// (AwsVpceEvents, AwsConsoleSignin) to the values they mean.
package event
