package event

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/trailmap/trailmap/identity"
)

// Record is one CloudTrail event record: a management, data, network
// activity or Insights event of eventVersion 1.0 through 1.11.
//
// Records are read with ParseRecord (or Decode, to reuse one Record) and
// written with AppendJSON or MarshalJSON. Members that are absent are
// zero. Free-form payloads stay raw JSON. Members this package does not
// model, and members whose JSON type is not the documented one, are kept
// and written back, so decode then encode gives the same JSON value (see
// AppendJSON for how fields a caller changes are written).
type Record struct {
	// EventVersion is the record format version, "1.0" to "1.11" (all
	// versions). A minor bump adds fields; compare with Version.Compare.
	EventVersion Version `json:"eventVersion,omitempty"`
	// EventTime is the time the request completed, in UTC (1.0). It is
	// zero when the record has no eventTime or one that could not be
	// read, and also when it reads 0001-01-01T00:00:00Z, the zero
	// time.Time: HasEventTime and EventTimeText tell these apart. The
	// text as recorded is written back unchanged unless EventTime is
	// changed.
	EventTime time.Time `json:"eventTime"`
	// UserIdentity is who made the request (1.0); nil in Insights records.
	UserIdentity *identity.UserIdentity `json:"userIdentity,omitempty"`
	// EventSource is the service the request was made to, usually
	// "<service>.amazonaws.com" (1.0).
	EventSource string `json:"eventSource,omitempty"`
	// EventName is the API action or event, such as "RunInstances" (1.0).
	EventName string `json:"eventName,omitempty"`
	// AWSRegion is the Region the request was made to (1.0).
	AWSRegion string `json:"awsRegion,omitempty"`
	// SourceIPAddress is the caller's IP address, a service's DNS name
	// for calls a service made, or "AWS Internal" (1.0); see
	// Record.SourceAddr.
	SourceIPAddress string `json:"sourceIPAddress,omitempty"`
	// UserAgent is the agent the request was made through, or the event
	// source of the calling service (1.0); truncated at 1 KB.
	UserAgent string `json:"userAgent,omitempty"`
	// ErrorCode is the error of a failed request (1.0); some services
	// report errors in ResponseElements instead.
	ErrorCode string `json:"errorCode,omitempty"`
	// ErrorMessage describes the error (1.0); a failed console sign-in
	// has one without an ErrorCode.
	ErrorMessage string `json:"errorMessage,omitempty"`
	// RequestParameters are the request's parameters as the service
	// logged them (1.0), raw JSON; may be null, and is omitted over 100 KB.
	RequestParameters json.RawMessage `json:"requestParameters,omitempty"`
	// ResponseElements is the response of a call that changes something
	// (1.0), raw JSON; null for read-only calls.
	ResponseElements json.RawMessage `json:"responseElements,omitempty"`
	// AdditionalEventData is data about the request the service adds
	// (1.0), raw JSON, such as STS RequestDetails or console MFAUsed.
	AdditionalEventData json.RawMessage `json:"additionalEventData,omitempty"`
	// RequestID is the service's identifier of the request (1.01).
	RequestID string `json:"requestID,omitempty"`
	// EventID is CloudTrail's GUID for this copy of the event (1.01).
	EventID string `json:"eventID,omitempty"`
	// EventType says what produced the event: an API call, a service
	// event, a console action or sign-in, an Insight or a VPC endpoint
	// event (1.02).
	EventType EventType `json:"eventType,omitempty"`
	// APIVersion is the version of the API called, for AwsApiCall events
	// of some services (1.01).
	APIVersion string `json:"apiVersion,omitempty"`
	// ManagementEvent reports whether the event is a management event
	// (1.06).
	ManagementEvent Bool `json:"managementEvent"`
	// ReadOnly reports whether the call only reads (1.01).
	ReadOnly Bool `json:"readOnly"`
	// Resources lists the resources the call touched (1.01).
	Resources []Resource `json:"resources,omitempty"`
	// RecipientAccountID is the account that received this copy of the
	// event (1.02); it differs from the caller's account in cross-account
	// copies.
	RecipientAccountID string `json:"recipientAccountId,omitempty"`
	// ServiceEventDetails describes an AwsServiceEvent (1.05), raw JSON.
	ServiceEventDetails json.RawMessage `json:"serviceEventDetails,omitempty"`
	// SharedEventID is the GUID shared by every account's copy of one
	// action, present when more than one account gets a copy (1.03); an
	// Insight's start and end records share it too.
	SharedEventID string `json:"sharedEventID,omitempty"`
	// VPCEndpointID is the VPC endpoint the request came through (1.04).
	VPCEndpointID string `json:"vpcEndpointId,omitempty"`
	// VPCEndpointAccountID is the account owning that endpoint (1.09).
	VPCEndpointAccountID string `json:"vpcEndpointAccountId,omitempty"`
	// EventCategory is Management, Data, NetworkActivity or Insight
	// (1.07); absent in older records, see Record.Category.
	EventCategory Category `json:"eventCategory,omitempty"`
	// Addendum says why the record was delivered late or updated (1.08).
	Addendum *Addendum `json:"addendum,omitempty"`
	// SessionCredentialFromConsole is the string "true" when the
	// credentials came from a console session, and absent otherwise
	// (1.08).
	SessionCredentialFromConsole Bool `json:"sessionCredentialFromConsole"`
	// EdgeDeviceDetails describes the S3 on Outposts device of the
	// request (1.08), raw JSON.
	EdgeDeviceDetails json.RawMessage `json:"edgeDeviceDetails,omitempty"`
	// TLSDetails describes the request's TLS connection (1.08); absent
	// when a service called on the caller's behalf.
	TLSDetails *TLSDetails `json:"tlsDetails,omitempty"`
	// InsightDetails is the body of an Insights record (1.07).
	InsightDetails *InsightDetails `json:"insightDetails,omitempty"`
	// EventContext is the CloudTrail Lake enrichment (1.11), raw JSON;
	// trails never carry it.
	EventContext json.RawMessage `json:"eventContext,omitempty"`

	wire recordWire
}

// Bool is a JSON boolean that may be absent. Some members are booleans
// carried as strings ("true"); Quoted remembers that so the record is
// written back as it came.
type Bool struct {
	Set    bool // the member is present
	Value  bool // the boolean, when Set
	Quoted bool // carried as the string "true" or "false"
}

// MarshalJSON returns true or false (quoted when b.Quoted), or null when
// b is not set.
func (b Bool) MarshalJSON() ([]byte, error) {
	switch {
	case !b.Set:
		return []byte("null"), nil
	case b.Quoted && b.Value:
		return []byte(`"true"`), nil
	case b.Quoted:
		return []byte(`"false"`), nil
	case b.Value:
		return []byte("true"), nil
	}
	return []byte("false"), nil
}

// UnmarshalJSON reads true, false, "true" or "false"; null leaves b
// unchanged.
func (b *Bool) UnmarshalJSON(data []byte) error {
	switch string(bytes.TrimSpace(data)) {
	case "null":
	case "true":
		*b = Bool{Set: true, Value: true}
	case "false":
		*b = Bool{Set: true}
	case `"true"`:
		*b = Bool{Set: true, Value: true, Quoted: true}
	case `"false"`:
		*b = Bool{Set: true, Quoted: true}
	default:
		return fmt.Errorf("event: boolean: want true, false, \"true\" or \"false\", got %.40s", data)
	}
	return nil
}

// True reports whether b is present and true.
func (b Bool) True() bool { return b.Set && b.Value }

// False reports whether b is present and false.
func (b Bool) False() bool { return b.Set && !b.Value }

// Resource is one entry of a record's resources list.
type Resource struct {
	// ARN is the resource's ARN (member "ARN", upper case); some services
	// log only a name.
	ARN string `json:"ARN,omitempty"`
	// AccountID is the account that owns the resource.
	AccountID string `json:"accountId,omitempty"`
	// Type is the resource type, "AWS::<service>::<type>", such as
	// "AWS::S3::Object".
	Type string `json:"type,omitempty"`
	// ARNPrefix is member "ARNPrefix": in place of ARN, the prefix of the
	// ARNs a call reached, such as "arn:aws:s3:::bucket/" for the objects
	// an S3 ListObjects data event listed (seen in real logs; not in the
	// record contents page).
	ARNPrefix string `json:"ARNPrefix,omitempty"`
	wire      wireState
}

// SelectorARN returns what a resources.ARN condition of an event selector
// is evaluated on: ARN, or ARNPrefix when the resource has no ARN.
func (r *Resource) SelectorARN() string {
	if r.ARN != "" {
		return r.ARN
	}
	return r.ARNPrefix
}

// EventType is the eventType member. It is an open enum.
type EventType string

// The documented event types.
const (
	AwsAPICall           EventType = "AwsApiCall"
	AwsServiceEvent      EventType = "AwsServiceEvent"
	AwsConsoleAction     EventType = "AwsConsoleAction"
	AwsConsoleSignIn     EventType = "AwsConsoleSignIn"
	AwsCloudTrailInsight EventType = "AwsCloudTrailInsight"
	AwsVpceEvent         EventType = "AwsVpceEvent"
	// AwsAggregatedEvent is the type of an aggregated event, a summary of
	// data events (CloudTrail User Guide, "Aggregated events").
	AwsAggregatedEvent EventType = "AwsAggregatedEvent"
)

// Category is the eventCategory member. It is an open enum.
type Category string

// The event categories records carry.
const (
	CategoryManagement      Category = "Management"
	CategoryData            Category = "Data"
	CategoryNetworkActivity Category = "NetworkActivity"
	CategoryInsight         Category = "Insight"
	// CategoryAggregated is the category of aggregated events: five-minute
	// summaries of a trail's data events (CloudTrail User Guide,
	// "Aggregated events").
	CategoryAggregated Category = "Aggregated"
)

// Addendum says why a record was delivered late or updated (eventVersion 1.08).
type Addendum struct {
	// Reason is DELIVERY_DELAY, UPDATED_DATA or SERVICE_OUTAGE.
	Reason string `json:"reason,omitempty"`
	// UpdatedFields lists the fields an UPDATED_DATA record changed.
	UpdatedFields string `json:"updatedFields,omitempty"`
	// OriginalRequestID is the requestID of the record an UPDATED_DATA
	// record replaces.
	OriginalRequestID string `json:"originalRequestID,omitempty"`
	// OriginalEventID is the eventID of that record.
	OriginalEventID string `json:"originalEventID,omitempty"`
	wire            wireState
}

// TLSDetails describes the TLS connection of the request (eventVersion 1.08).
type TLSDetails struct {
	// TLSVersion is the protocol version, such as "TLSv1.3".
	TLSVersion string `json:"tlsVersion,omitempty"`
	// CipherSuite is the negotiated cipher suite, such as
	// "TLS_AES_128_GCM_SHA256".
	CipherSuite string `json:"cipherSuite,omitempty"`
	// ClientProvidedHostHeader is the host name the client asked for,
	// the service endpoint it called.
	ClientProvidedHostHeader string `json:"clientProvidedHostHeader,omitempty"`
	// KeyExchange is the key exchange group, such as "X25519MLKEM768"
	// (added after 1.08 without a version change).
	KeyExchange string `json:"keyExchange,omitempty"`
	wire        wireState
}

// InsightDetails is the body of an Insights record.
type InsightDetails struct {
	// State is "Start" or "End": the record opens or closes the Insight.
	State string `json:"state,omitempty"`
	// EventSource is the service of the API whose unusual activity the
	// Insight is about.
	EventSource string `json:"eventSource,omitempty"`
	// EventName is that API.
	EventName string `json:"eventName,omitempty"`
	// InsightType is ApiCallRateInsight or ApiErrorRateInsight.
	InsightType string `json:"insightType,omitempty"`
	// ErrorCode is the error whose rate an ApiErrorRateInsight is about.
	ErrorCode string `json:"errorCode,omitempty"`
	// InsightContext holds the statistics and attributions, raw JSON; see
	// InsightDetails.Context for the typed view.
	InsightContext json.RawMessage `json:"insightContext,omitempty"`
	wire           wireState
}

// InsightContext is the typed view of an Insights record's insightContext
// (CloudTrail User Guide, "CloudTrail record contents for Insights events
// for trails"), returned by InsightDetails.Context. Numbers keep their
// text. The view is read-only: the record keeps the raw
// InsightDetails.InsightContext, unknown members included, and writes that
// back.
type InsightContext struct {
	// Statistics compares the Insight's rate with its baseline.
	Statistics *InsightStatistics `json:"statistics,omitempty"`
	// Attributions names what contributed most, by attribute.
	Attributions []Attribution `json:"attributions,omitempty"`
}

// InsightStatistics compares the unusual activity with its baseline.
type InsightStatistics struct {
	// Baseline is the typical rate of calls (or errors) per minute over
	// the baseline period, about the seven days before the Insight began.
	Baseline *Average `json:"baseline,omitempty"`
	// Insight is the rate during the Insight: at its onset in a Start
	// event, over the whole Insight in an End event.
	Insight *Average `json:"insight,omitempty"`
	// InsightDuration is the Insight's length in minutes.
	InsightDuration json.Number `json:"insightDuration,omitempty"`
	// BaselineDuration is the baseline period in minutes (at least
	// 10080, seven days).
	BaselineDuration json.Number `json:"baselineDuration,omitempty"`
}

// Average is an average rate of calls or errors per minute.
type Average struct {
	Average json.Number `json:"average,omitempty"` // calls or errors per minute
}

// Attribution names the callers, user agents, error codes or resources
// that contributed most to an Insight.
type Attribution struct {
	// Attribute is "userIdentityArn", "userAgent", "errorCode" or
	// "resourceArn" (data-event Insights).
	Attribute string `json:"attribute,omitempty"`
	// Insight lists up to five values and their rates during the Insight.
	Insight []AttributionValue `json:"insight,omitempty"`
	// Baseline lists up to five values and their rates during the
	// baseline period.
	Baseline []AttributionValue `json:"baseline,omitempty"`
}

// AttributionValue is one attributed value and its average rate. An
// errorCode attribution of successful calls has the string "null".
type AttributionValue struct {
	Value   string      `json:"value"`             // the caller ARN, user agent, error code or resource ARN
	Average json.Number `json:"average,omitempty"` // its calls or errors per minute
}
