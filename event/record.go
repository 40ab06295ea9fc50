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
	EventVersion Version `json:"eventVersion,omitempty"`
	// EventTime is the time the request completed, in UTC. It is zero when
	// the record has no eventTime or one that could not be read. The text
	// as recorded is written back unchanged unless EventTime is changed.
	EventTime    time.Time              `json:"eventTime"`
	UserIdentity *identity.UserIdentity `json:"userIdentity,omitempty"`
	EventSource  string                 `json:"eventSource,omitempty"`
	EventName    string                 `json:"eventName,omitempty"`
	AWSRegion    string                 `json:"awsRegion,omitempty"`
	// SourceIPAddress is an IP address, a service's DNS name or
	// "AWS Internal"; see Record.SourceAddr.
	SourceIPAddress              string          `json:"sourceIPAddress,omitempty"`
	UserAgent                    string          `json:"userAgent,omitempty"`
	ErrorCode                    string          `json:"errorCode,omitempty"`
	ErrorMessage                 string          `json:"errorMessage,omitempty"`
	RequestParameters            json.RawMessage `json:"requestParameters,omitempty"`
	ResponseElements             json.RawMessage `json:"responseElements,omitempty"`
	AdditionalEventData          json.RawMessage `json:"additionalEventData,omitempty"`
	RequestID                    string          `json:"requestID,omitempty"`
	EventID                      string          `json:"eventID,omitempty"`
	EventType                    EventType       `json:"eventType,omitempty"`
	APIVersion                   string          `json:"apiVersion,omitempty"`
	ManagementEvent              Bool            `json:"managementEvent"`
	ReadOnly                     Bool            `json:"readOnly"`
	Resources                    []Resource      `json:"resources,omitempty"`
	RecipientAccountID           string          `json:"recipientAccountId,omitempty"`
	ServiceEventDetails          json.RawMessage `json:"serviceEventDetails,omitempty"`
	SharedEventID                string          `json:"sharedEventID,omitempty"`
	VPCEndpointID                string          `json:"vpcEndpointId,omitempty"`
	VPCEndpointAccountID         string          `json:"vpcEndpointAccountId,omitempty"`
	EventCategory                Category        `json:"eventCategory,omitempty"`
	Addendum                     *Addendum       `json:"addendum,omitempty"`
	SessionCredentialFromConsole Bool            `json:"sessionCredentialFromConsole"`
	EdgeDeviceDetails            json.RawMessage `json:"edgeDeviceDetails,omitempty"`
	TLSDetails                   *TLSDetails     `json:"tlsDetails,omitempty"`
	InsightDetails               *InsightDetails `json:"insightDetails,omitempty"`
	// EventContext is the CloudTrail Lake enrichment (eventVersion 1.11);
	// trails never carry it.
	EventContext json.RawMessage `json:"eventContext,omitempty"`

	wire recordWire
}

// Bool is a JSON boolean that may be absent. Some members are booleans
// carried as strings ("true"); Quoted remembers that so the record is
// written back as it came.
type Bool struct {
	Set    bool // the member is present
	Value  bool
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
	ARN       string `json:"ARN,omitempty"`
	AccountID string `json:"accountId,omitempty"`
	Type      string `json:"type,omitempty"`
	wire      wireState
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
)

// Category is the eventCategory member. It is an open enum.
type Category string

// The event categories records carry.
const (
	Management      Category = "Management"
	Data            Category = "Data"
	NetworkActivity Category = "NetworkActivity"
	Insight         Category = "Insight"
)

// Addendum says why a record was delivered late or updated (eventVersion 1.08).
type Addendum struct {
	Reason            string `json:"reason,omitempty"`
	UpdatedFields     string `json:"updatedFields,omitempty"`
	OriginalRequestID string `json:"originalRequestID,omitempty"`
	OriginalEventID   string `json:"originalEventID,omitempty"`
	wire              wireState
}

// TLSDetails describes the TLS connection of the request (eventVersion 1.08).
type TLSDetails struct {
	TLSVersion               string `json:"tlsVersion,omitempty"`
	CipherSuite              string `json:"cipherSuite,omitempty"`
	ClientProvidedHostHeader string `json:"clientProvidedHostHeader,omitempty"`
	KeyExchange              string `json:"keyExchange,omitempty"`
	wire                     wireState
}

// InsightDetails is the body of an Insights record.
type InsightDetails struct {
	State          string          `json:"state,omitempty"` // "Start" or "End"
	EventSource    string          `json:"eventSource,omitempty"`
	EventName      string          `json:"eventName,omitempty"`
	InsightType    string          `json:"insightType,omitempty"`
	ErrorCode      string          `json:"errorCode,omitempty"`
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
	Statistics   *InsightStatistics `json:"statistics,omitempty"`
	Attributions []Attribution      `json:"attributions,omitempty"`
}

// InsightStatistics compares the unusual activity with its baseline.
type InsightStatistics struct {
	// Baseline is the typical rate of calls (or errors) per minute over
	// the baseline period, about the seven days before the Insight began.
	Baseline *Average `json:"baseline,omitempty"`
	// Insight is the rate during the Insight: at its onset in a Start
	// event, over the whole Insight in an End event.
	Insight *Average `json:"insight,omitempty"`
	// InsightDuration and BaselineDuration are in minutes.
	InsightDuration  json.Number `json:"insightDuration,omitempty"`
	BaselineDuration json.Number `json:"baselineDuration,omitempty"`
}

// Average is an average rate of calls or errors per minute.
type Average struct {
	Average json.Number `json:"average,omitempty"`
}

// Attribution names the callers, user agents, error codes or resources
// that contributed most to an Insight.
type Attribution struct {
	// Attribute is "userIdentityArn", "userAgent", "errorCode" or
	// "resourceArn" (data-event Insights).
	Attribute string             `json:"attribute,omitempty"`
	Insight   []AttributionValue `json:"insight,omitempty"`
	Baseline  []AttributionValue `json:"baseline,omitempty"`
}

// AttributionValue is one attributed value and its average rate. An
// errorCode attribution of successful calls has the string "null".
type AttributionValue struct {
	Value   string      `json:"value"`
	Average json.Number `json:"average,omitempty"`
}
