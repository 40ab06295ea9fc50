package event

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// Canonical returns the documented spelling of t. The record-contents page
// of the CloudTrail User Guide spells the network activity type
// "AwsVpceEvents" while every example record has "AwsVpceEvent", and an
// IAM User Guide example has "AwsConsoleSignin"; both are doc errors, read
// here as the type they mean. Any other value is returned unchanged.
func (t EventType) Canonical() EventType {
	switch t {
	case "AwsVpceEvents":
		return AwsVpceEvent
	case "AwsConsoleSignin":
		return AwsConsoleSignIn
	}
	return t
}

// Derivation says how Record.Category arrived at its answer.
type Derivation int

// The ways a category is found, most to least certain.
const (
	// Recorded: the record's eventCategory (eventVersion 1.07 and later).
	Recorded Derivation = iota + 1
	// FromEventType: eventType AwsCloudTrailInsight gives Insight,
	// AwsVpceEvent gives NetworkActivity and AwsAggregatedEvent gives
	// Aggregated.
	FromEventType
	// FromManagementEvent: managementEvent false gives Data, true gives
	// Management (eventVersion 1.06 and later).
	FromManagementEvent
	// FromDataEventTable: the eventSource and eventName are (Data) or are
	// not (Management) among the data-event APIs CloudTrail logged before
	// records said so themselves: see Record.Category. A data event of a
	// kind missing from the table is reported as Management.
	FromDataEventTable
)

// String returns the name of the constant ("Recorded").
func (d Derivation) String() string {
	switch d {
	case Recorded:
		return "Recorded"
	case FromEventType:
		return "FromEventType"
	case FromManagementEvent:
		return "FromManagementEvent"
	case FromDataEventTable:
		return "FromDataEventTable"
	}
	return "Derivation(" + strconv.Itoa(int(d)) + ")"
}

// Category returns the record's event category and how it was found.
//
// The record's eventCategory is used when present, whatever its value.
// Otherwise, in order: eventType AwsCloudTrailInsight (or insightDetails
// present) gives Insight; eventType AwsVpceEvent (or the documented typo
// AwsVpceEvents) gives NetworkActivity; eventType AwsAggregatedEvent gives
// Aggregated; managementEvent false gives Data
// and true gives Management. Records older than eventVersion 1.06 carry
// none of these, and are classified by a table of the data events
// CloudTrail logged then ("Logging data events", CloudTrail User Guide;
// "Amazon S3 data events in CloudTrail", Amazon S3 User Guide): Amazon S3
// object-level operations (GetObject, PutObject, CopyObject, HeadObject,
// DeleteObject, DeleteObjects, multipart uploads, object ACLs, tags,
// retention and legal holds, RestoreObject, SelectObjectContent), AWS
// Lambda Invoke, and Amazon DynamoDB item-level operations (GetItem,
// PutItem, UpdateItem, DeleteItem, their batch and transaction forms,
// Query, Scan and PartiQL statements). Everything else is Management.
func (r *Record) Category() (Category, Derivation) {
	switch {
	case r.EventCategory != "":
		return r.EventCategory, Recorded
	case r.EventType == AwsCloudTrailInsight || r.InsightDetails != nil:
		return CategoryInsight, FromEventType
	case r.EventType.Canonical() == AwsVpceEvent:
		return CategoryNetworkActivity, FromEventType
	case r.EventType == AwsAggregatedEvent:
		return CategoryAggregated, FromEventType
	case r.ManagementEvent.Set && r.ManagementEvent.Value:
		return CategoryManagement, FromManagementEvent
	case r.ManagementEvent.Set:
		return CategoryData, FromManagementEvent
	case DataEventAPI(r.EventSource, r.EventName):
		return CategoryData, FromDataEventTable
	}
	return CategoryManagement, FromDataEventTable
}

// DataEventAPI reports whether CloudTrail logs a call of the API named by
// eventSource and eventName as a data event, for the services whose data
// events basic event selectors select: Amazon S3 object-level operations
// (object listings included), AWS Lambda invocations and Amazon DynamoDB
// item-level operations ("Logging data events", CloudTrail User Guide;
// "Amazon S3 data events in CloudTrail", Amazon S3 User Guide). Category
// uses it for records that predate managementEvent and eventCategory.
func DataEventAPI(source, name string) bool {
	switch source {
	case "s3.amazonaws.com":
		switch name {
		case "GetObject", "PutObject", "CopyObject", "HeadObject", "DeleteObject", "DeleteObjects",
			"GetObjectAcl", "PutObjectAcl", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging",
			"GetObjectAttributes", "GetObjectLegalHold", "PutObjectLegalHold",
			"GetObjectRetention", "PutObjectRetention", "GetObjectTorrent",
			"RestoreObject", "SelectObjectContent", "WriteGetObjectResponse",
			"CreateMultipartUpload", "UploadPart", "UploadPartCopy",
			"CompleteMultipartUpload", "AbortMultipartUpload", "ListParts",
			"ListObjects", "ListObjectsV2", "ListObjectVersions", "ListMultipartUploads":
			return true
		}
	case "lambda.amazonaws.com":
		switch name {
		case "Invoke", "InvokeAsync", "InvokeWithResponseStream":
			return true
		}
	case "dynamodb.amazonaws.com":
		switch name {
		case "GetItem", "PutItem", "UpdateItem", "DeleteItem", "BatchGetItem", "BatchWriteItem",
			"TransactGetItems", "TransactWriteItems", "Query", "Scan",
			"ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction":
			return true
		}
	}
	return false
}

// IsReadOnly reports the record's readOnly member: readOnly is its value
// and known is false when the record has none (network activity events,
// Insights events, some service events), in which case readOnly is false.
// The string form LookupEvents returns ("true") counts too.
func (r *Record) IsReadOnly() (readOnly, known bool) {
	return r.ReadOnly.Value, r.ReadOnly.Set
}

// IsManagement reports whether Category is Management.
func (r *Record) IsManagement() bool {
	c, _ := r.Category()
	return c == CategoryManagement
}

// IsInsight reports whether r is an Insights event: Category is Insight
// (eventCategory Insight; without eventCategory, eventType
// AwsCloudTrailInsight or insightDetails present). A record whose
// eventCategory says otherwise is not one, whatever else it holds.
func (r *Record) IsInsight() bool {
	c, _ := r.Category()
	return c == CategoryInsight
}

// InsightOn returns, for an Insights record, its InsightType and the
// category of the events it analyses. Newer records state that category
// in insightDetails.sourceEventCategory ("Management" or "Data", as
// lookup-events --event-category insight and list-insights-data print
// them: CloudTrail User Guide, "Viewing Insights events for trails with
// the AWS CLI"), which is taken as it is. Records without it are judged:
// Data when the attributions name a resourceArn (which only data-event
// Insights carry: CloudTrail User Guide, "CloudTrail record contents for
// Insights events for trails") or when insightDetails names a data event
// API (DataEventAPI), else Management. ok is false for records that are
// not Insights events.
func (r *Record) InsightOn() (insightType string, analysed Category, ok bool) {
	d := r.InsightDetails
	if !r.IsInsight() {
		return "", "", false
	}
	if d == nil {
		// An event data store's record: flat insight* members, and
		// Insights on management events only (CloudTrail User Guide,
		// "CloudTrail record contents for Insights events for event data
		// stores"; CloudTrail API Reference, PutInsightSelectors).
		typ, _ := r.memberString("insightType")
		return typ, CategoryManagement, true
	}
	if c := d.sourceEventCategory(); c != "" {
		return d.InsightType, Category(c), true
	}
	if bytes.Contains(d.InsightContext, []byte(`"resourceArn"`)) || DataEventAPI(d.EventSource, d.EventName) {
		return d.InsightType, CategoryData, true
	}
	return d.InsightType, CategoryManagement, true
}

// InsightAPI returns, for an Insights record, the API its unusual activity
// concerns: the eventSource and eventName of insightDetails in a trail's
// record ("CloudTrail record contents for Insights events for trails"),
// insightEventSource and insightEventName in an event data store's
// ("CloudTrail record contents for Insights events for event data
// stores"). Both are "" for other records.
func (r *Record) InsightAPI() (eventSource, eventName string) {
	if !r.IsInsight() {
		return "", ""
	}
	if d := r.InsightDetails; d != nil {
		return d.EventSource, d.EventName
	}
	eventSource, _ = r.memberString("insightEventSource")
	eventName, _ = r.memberString("insightEventName")
	return eventSource, eventName
}

// RecordedRegion returns the Region the event was recorded in, whose
// folder and event history hold it: awsRegion. For global service events
// recorded since 2021-11-22 that is their global Region (us-east-1,
// us-gov-west-1), which awsRegion names; for aggregated events, the Region
// of the summarised events.
func (r *Record) RecordedRegion() string { return r.AWSRegion }

// Time returns when the event happened: eventTime, or for an aggregated
// event (which has none) the end of its time window, when the summary is
// complete (derived: "CloudTrail record contents for aggregated events"
// gives windowEnd as the exclusive end). The zero Time when neither is
// known (see Occurred to tell that from 0001-01-01T00:00:00Z).
func (r *Record) Time() time.Time {
	t, _ := r.Occurred()
	return t
}

// windowEnd returns the end of an aggregated event's time window, or
// the zero Time.
func (r *Record) windowEnd() time.Time {
	raw, ok := r.memberText("timeWindow")
	if !ok || !strings.Contains(raw, `"windowEnd"`) {
		return time.Time{}
	}
	var w struct {
		TimeWindow TimeWindow `json:"timeWindow"`
	}
	if json.Unmarshal([]byte(`{"timeWindow":`+raw+`}`), &w) != nil {
		return time.Time{}
	}
	t, _ := w.TimeWindow.End()
	return t
}

// IsError reports whether the request failed: the record has a non-empty
// errorCode or errorMessage. A failed console sign-in has an errorMessage
// and no errorCode. Some services report failures only inside
// responseElements; those are not seen here.
func (r *Record) IsError() bool {
	return r.ErrorCode != "" || r.ErrorMessage != ""
}

// ResourcesOfType yields the entries of r.Resources whose type is t, such
// as "AWS::S3::Object".
func (r *Record) ResourcesOfType(t string) iter.Seq[Resource] {
	return func(yield func(Resource) bool) {
		for _, res := range r.Resources {
			if res.Type == t && !yield(res) {
				return
			}
		}
	}
}

// ResourceOfType returns the first entry of r.Resources whose type is t.
// Unlike ResourcesOfType it never allocates.
func (r *Record) ResourceOfType(t string) (Resource, bool) {
	for _, res := range r.Resources {
		if res.Type == t {
			return res, true
		}
	}
	return Resource{}, false
}

// SourceAddr returns sourceIPAddress as an IP address, and false when it
// is not one (a service name, "AWS Internal", or absent).
func (r *Record) SourceAddr() (netip.Addr, bool) {
	a, err := netip.ParseAddr(r.SourceIPAddress)
	return a, err == nil
}

// SourceService returns sourceIPAddress when it names an AWS service
// rather than an address: a host name such as "ec2.amazonaws.com" for
// calls a service made on the caller's behalf, or "AWS Internal" (also
// "AWS Internal/<n>") for events AWS itself originated.
func (r *Record) SourceService() (string, bool) {
	s := r.SourceIPAddress
	if s == "" {
		return "", false
	}
	if s == "AWS Internal" || strings.HasPrefix(s, "AWS Internal/") {
		return s, true
	}
	if _, ok := r.SourceAddr(); ok || !strings.Contains(s, ".") {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return "", false
		}
	}
	return s, true
}

// Recipient returns the account that received this copy of the record,
// whose trails (and organization trails covering it) can deliver it; ""
// when the record names none. In order:
//
//   - recipientAccountId (eventVersion 1.02 and later; CloudTrail User
//     Guide, "CloudTrail record contents");
//   - for aggregated events (IsAggregated), accountId ("the account ID that received
//     this event", "CloudTrail record contents for aggregated events");
//   - for network activity events, the VPC endpoint owner,
//     vpcEndpointAccountId (network activity events go to the endpoint
//     owner, "Logging network activity events");
//   - else userIdentity.accountId when it is an account ID (records older
//     than 1.02 are the copy of the account whose identity acted; an
//     anonymous caller's "ANONYMOUS_PRINCIPAL" names no account).
//
// It does not allocate. Every package of the module asks it.
func (r *Record) Recipient() string {
	if r.RecipientAccountID != "" {
		return r.RecipientAccountID
	}
	if r.IsAggregated() {
		if a, ok := r.memberString("accountId"); ok {
			return a
		}
	} else if c, _ := r.Category(); c == CategoryNetworkActivity && r.VPCEndpointAccountID != "" {
		return r.VPCEndpointAccountID
	}
	if r.UserIdentity != nil && arn.IsAccountID(r.UserIdentity.AccountID) {
		return r.UserIdentity.AccountID
	}
	return ""
}

// EndpointHint tells which endpoint served a request, for calls to
// services with both a global and Regional endpoints (AWS STS).
type EndpointHint struct {
	// Host is tlsDetails.clientProvidedHostHeader, such as
	// "sts.amazonaws.com"; empty when the record has no TLS details.
	Host string
	// EndpointType is additionalEventData.RequestDetails.endpointType:
	// "global" or "regional"; empty when absent.
	EndpointType string
	// ServingRegion is additionalEventData.RequestDetails.awsServingRegion,
	// the Region that served a global-endpoint call; empty when absent.
	ServingRegion string
}

// Global reports whether the request went to a global endpoint, as
// recorded in RequestDetails.endpointType.
func (h EndpointHint) Global() bool { return h.EndpointType == "global" }

// Endpoint returns what the record says about the endpoint the request
// was sent to. Since 2025 calls to the global STS endpoint are served in
// the caller's Region yet still recorded in us-east-1, with
// additionalEventData.RequestDetails naming the endpoint type and serving
// Region (IAM User Guide, "Manage AWS STS in an AWS Region").
//
// RequestDetails is read from the raw additionalEventData on each call;
// a record without it costs no allocation.
func (r *Record) Endpoint() EndpointHint {
	var h EndpointHint
	if r.TLSDetails != nil {
		h.Host = r.TLSDetails.ClientProvidedHostHeader
	}
	if !bytes.Contains(r.AdditionalEventData, []byte(`"RequestDetails"`)) {
		return h
	}
	sc := jsonwire.New(string(r.AdditionalEventData))
	if sc.BeginObject() != nil {
		return h
	}
	for {
		key, ok, err := sc.NextKey()
		if err != nil || !ok {
			return h
		}
		if key != "RequestDetails" || sc.Peek() != jsonwire.Object {
			if _, err := sc.SkipValue(); err != nil {
				return h
			}
			continue
		}
		_ = sc.BeginObject()
		for {
			k, ok, err := sc.NextKey()
			if err != nil || !ok {
				return h
			}
			switch {
			case k == "endpointType" && sc.Peek() == jsonwire.String:
				h.EndpointType, err = sc.ReadString()
			case k == "awsServingRegion" && sc.Peek() == jsonwire.String:
				h.ServingRegion, err = sc.ReadString()
			default:
				_, err = sc.SkipValue()
			}
			if err != nil {
				return h
			}
		}
	}
}

// EndpointType returns Endpoint().EndpointType, "global" or "regional"
// (any other value gives ""), without allocating: routing asks it of
// every AWS STS and sign-in record.
func (r *Record) EndpointType() string { return endpointTypeOf(r.AdditionalEventData) }

// endpointTypeOf returns additionalEventData.RequestDetails.endpointType
// ("global" or "regional"), or "", scanning the raw payload for an
// endpointType member after a RequestDetails one, without the allocation
// decoding costs. FuzzEndpointType checks it agrees with Endpoint.
func endpointTypeOf(raw []byte) string {
	i := bytes.Index(raw, []byte(`"RequestDetails"`))
	if i < 0 {
		return ""
	}
	raw = raw[i:]
	i = bytes.Index(raw, []byte(`"endpointType"`))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(raw[i+len(`"endpointType"`):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	switch {
	case bytes.HasPrefix(rest, []byte(`"global"`)):
		return "global"
	case bytes.HasPrefix(rest, []byte(`"regional"`)):
		return "regional"
	}
	return ""
}

// Context decodes d.InsightContext into its typed view. It returns nil
// and no error when the record has no insightContext (or null), and an
// error when the members are not of their documented types.
func (d *InsightDetails) Context() (*InsightContext, error) {
	if len(d.InsightContext) == 0 || string(bytes.TrimSpace(d.InsightContext)) == "null" {
		return nil, nil
	}
	c := new(InsightContext)
	if err := json.Unmarshal(d.InsightContext, c); err != nil {
		return nil, fmt.Errorf("event: insightContext: %w", err)
	}
	return c, nil
}

// sourceEventCategory returns insightDetails.sourceEventCategory, an
// unmodelled member, when it is a JSON string without escapes; else "".
func (d *InsightDetails) sourceEventCategory() string {
	if d.wire.extra == nil {
		return ""
	}
	m := d.wire.extra.m
	for i := len(m) - 1; i >= 0; i-- {
		if m[i].key != "sourceEventCategory" || m[i].dead {
			continue
		}
		raw := m[i].raw
		if len(raw) < 2 || raw[0] != '"' || strings.ContainsAny(raw[1:len(raw)-1], `\"`) {
			return ""
		}
		return raw[1 : len(raw)-1]
	}
	return ""
}
