package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/identity"
)

// LookupAttribute is one lookup attribute of a LookupEvents request
// (CloudTrail API Reference, LookupAttribute): which records event history
// returns.
type LookupAttribute struct {
	// AttributeKey is one of EventId, EventName, ReadOnly, Username,
	// ResourceType, ResourceName, EventSource and AccessKeyId.
	AttributeKey string `json:"AttributeKey"`
	// AttributeValue is matched exactly, case included.
	AttributeValue string `json:"AttributeValue"`
}

// lookupKeys are the attribute keys LookupEvents accepts, and for Insights
// events the subset that applies (API Reference, LookupAttribute).
var lookupKeys = map[string]bool{
	"EventId": true, "EventName": true, "ReadOnly": false, "Username": false,
	"ResourceType": false, "ResourceName": false, "EventSource": true, "AccessKeyId": false,
}

// Validate checks a as LookupEvents does: one of the eight keys (for
// Insights events, with insight true, only EventId, EventName and
// EventSource), and a value of 1 to 2000 characters where '_', ' ', ','
// and '\n' count double. LookupEvents answers a failure with
// InvalidLookupAttributesException and the error's message.
func (a LookupAttribute) Validate(insight bool) error {
	forInsight, ok := lookupKeys[a.AttributeKey]
	if !ok {
		return fmt.Errorf("AttributeKey %q is not one of EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId", a.AttributeKey)
	}
	if insight && !forInsight {
		return fmt.Errorf("AttributeKey %q cannot be used with EventCategory insight; use EventId, EventName or EventSource", a.AttributeKey)
	}
	if n := lookupValueLength(a.AttributeValue); n < 1 || n > 2000 {
		return fmt.Errorf("AttributeValue of %s has length %d; it must be 1 to 2000 characters", a.AttributeKey, n)
	}
	return nil
}

// lookupValueLength counts a lookup value's length as the API does: '_',
// ' ', ',' and '\n' count double (API Reference, LookupAttribute).
func lookupValueLength(v string) int {
	n := 0
	for _, r := range v {
		n++
		switch r {
		case '_', ' ', ',', '\n':
			n++
		}
	}
	return n
}

// ParseLookupAttribute reads a lookup attribute as the AWS CLI takes it:
// the shorthand "AttributeKey=EventName,AttributeValue=DeleteBucket" or
// the JSON form, an object or an array of one object.
func ParseLookupAttribute(s string) (LookupAttribute, error) {
	var a LookupAttribute
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") {
		var list []LookupAttribute
		if strings.HasPrefix(t, "{") {
			list = make([]LookupAttribute, 1)
			if err := json.Unmarshal([]byte(t), &list[0]); err != nil {
				return a, fmt.Errorf("event: lookup attribute: %w", err)
			}
		} else if err := json.Unmarshal([]byte(t), &list); err != nil {
			return a, fmt.Errorf("event: lookup attribute: %w", err)
		}
		if len(list) != 1 {
			return a, fmt.Errorf("event: lookup attribute: %d attributes given; specify exactly one", len(list))
		}
		return list[0], nil
	}
	key, rest, ok := strings.Cut(t, ",")
	k, kv, ok1 := strings.Cut(key, "=")
	v, vv, ok2 := strings.Cut(rest, "=")
	if !ok || !ok1 || !ok2 || k != "AttributeKey" || v != "AttributeValue" {
		return a, errors.New("event: lookup attribute: want AttributeKey=KEY,AttributeValue=VALUE")
	}
	return LookupAttribute{AttributeKey: kv, AttributeValue: vv}, nil
}

// Match reports whether rec matches a: its eventID, eventName, eventSource
// (for Insights records, those of insightDetails), readOnly ("true" or
// "false"), Username (see LookupEvent), userIdentity.accessKeyId, or one of
// its resources' type or name.
func (a LookupAttribute) Match(rec *Record) bool {
	v := a.AttributeValue
	switch a.AttributeKey {
	case "EventId":
		return rec.EventID == v
	case "EventName":
		return lookupEventName(rec) == v
	case "EventSource":
		return lookupEventSource(rec) == v
	case "ReadOnly":
		return rec.ReadOnly.Set && strconv.FormatBool(rec.ReadOnly.Value) == v
	case "Username":
		return lookupUsername(rec.UserIdentity) == v
	case "AccessKeyId":
		return rec.UserIdentity != nil && rec.UserIdentity.AccessKeyID == v
	case "ResourceType", "ResourceName":
		for _, r := range rec.Resources {
			if a.AttributeKey == "ResourceType" && r.Type == v ||
				a.AttributeKey == "ResourceName" && lookupResourceName(r) == v {
				return true
			}
		}
	}
	return false
}

// LookupEvent is one event of a LookupEvents response. It encodes as `aws
// cloudtrail lookup-events` prints it.
type LookupEvent struct {
	// EventID is the record's eventID.
	EventID string `json:"EventId"`
	// EventName is the record's eventName (for Insights events, the
	// eventName of insightDetails).
	EventName string `json:"EventName"`
	// ReadOnly is the string "true" or "false" (a boolean in the record).
	ReadOnly string `json:"ReadOnly,omitempty"`
	// AccessKeyID is the access key of userIdentity, if any.
	AccessKeyID string `json:"AccessKeyId,omitempty"`
	// EventTime is the record's eventTime.
	EventTime time.Time `json:"EventTime"`
	// EventSource is the record's eventSource (for Insights events, the
	// eventSource of insightDetails).
	EventSource string `json:"EventSource"`
	// Username is the user or role session name event history shows:
	// the IAM user name, "root" for the root user, the session name of a
	// role session or the name of a federated user.
	Username string `json:"Username,omitempty"`
	// Resources is never nil: the response lists [] for none.
	Resources []LookupResource `json:"Resources"`
	// CloudTrailEvent is the whole record as a JSON string.
	CloudTrailEvent string `json:"CloudTrailEvent"`
}

// LookupResource is one resource of a LookupEvent.
type LookupResource struct {
	// ResourceType is the resource's type, such as "AWS::S3::Bucket".
	ResourceType string `json:"ResourceType"`
	// ResourceName is the resource's ARN, or for an S3 bucket its name.
	ResourceName string `json:"ResourceName"`
}

// NewLookupEvent returns the event history entry of rec. CloudTrailEvent
// is the record's JSON text (Record.AppendJSON).
func NewLookupEvent(rec *Record) LookupEvent {
	e := LookupEvent{
		EventID:         rec.EventID,
		EventName:       lookupEventName(rec),
		EventTime:       rec.EventTime.UTC(),
		EventSource:     lookupEventSource(rec),
		Username:        lookupUsername(rec.UserIdentity),
		Resources:       make([]LookupResource, 0, len(rec.Resources)),
		CloudTrailEvent: string(rec.AppendJSON(nil)),
	}
	for _, r := range rec.Resources {
		e.Resources = append(e.Resources, LookupResource{ResourceType: r.Type, ResourceName: lookupResourceName(r)})
	}
	if rec.ReadOnly.Set {
		e.ReadOnly = strconv.FormatBool(rec.ReadOnly.Value)
	}
	if rec.UserIdentity != nil {
		e.AccessKeyID = rec.UserIdentity.AccessKeyID
	}
	return e
}

// lookupEventWire is LookupEvent with the time as the CLI prints it.
type lookupEventWire struct {
	EventID         string           `json:"EventId"`
	EventName       string           `json:"EventName"`
	ReadOnly        string           `json:"ReadOnly,omitempty"`
	AccessKeyID     string           `json:"AccessKeyId,omitempty"`
	EventTime       string           `json:"EventTime"`
	EventSource     string           `json:"EventSource"`
	Username        string           `json:"Username,omitempty"`
	Resources       []LookupResource `json:"Resources"`
	CloudTrailEvent string           `json:"CloudTrailEvent"`
}

// cliTime is the layout the AWS CLI prints timestamps in.
const cliTime = "2006-01-02T15:04:05-07:00"

// MarshalJSON encodes the event as the AWS CLI prints it, EventTime as
// "2025-06-02T12:00:07+00:00": in the zone of EventTime (UTC from
// NewLookupEvent and UnmarshalJSON), with its offset, as the AWS CLI
// prints a timestamp in the local zone.
func (e LookupEvent) MarshalJSON() ([]byte, error) {
	w := lookupEventWire{
		EventID: e.EventID, EventName: e.EventName, ReadOnly: e.ReadOnly, AccessKeyID: e.AccessKeyID,
		EventTime: e.EventTime.Format(cliTime), EventSource: e.EventSource, Username: e.Username,
		Resources: e.Resources, CloudTrailEvent: e.CloudTrailEvent,
	}
	if w.Resources == nil {
		w.Resources = []LookupResource{}
	}
	// Not HTML-escaped: an Encoder with SetEscapeHTML(false) then prints
	// '<', '>' and '&' as they are, as the AWS CLI does, and json.Marshal
	// still escapes them.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON decodes an event as MarshalJSON writes it; EventTime may
// be any RFC 3339 time.
func (e *LookupEvent) UnmarshalJSON(b []byte) error {
	var w lookupEventWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var t time.Time
	if w.EventTime != "" {
		var err error
		if t, err = time.Parse(time.RFC3339, w.EventTime); err != nil {
			return fmt.Errorf("event: lookup event: EventTime: %w", err)
		}
	}
	*e = LookupEvent{
		EventID: w.EventID, EventName: w.EventName, ReadOnly: w.ReadOnly, AccessKeyID: w.AccessKeyID,
		EventTime: t.UTC(), EventSource: w.EventSource, Username: w.Username,
		Resources: w.Resources, CloudTrailEvent: w.CloudTrailEvent,
	}
	return nil
}

func lookupEventName(rec *Record) string {
	if rec.EventName == "" && rec.InsightDetails != nil {
		return rec.InsightDetails.EventName
	}
	return rec.EventName
}

func lookupEventSource(rec *Record) string {
	if rec.EventSource == "" && rec.InsightDetails != nil {
		return rec.InsightDetails.EventSource
	}
	return rec.EventSource
}

// lookupUsername returns the Username event history shows for an
// identity: the user name of IAM users and of SAML and web identity
// users, "root" for the root user, the session name of role sessions and
// the name of federated users.
func lookupUsername(id *identity.UserIdentity) string {
	if id == nil {
		return ""
	}
	switch id.Type {
	case identity.Root:
		if id.UserName != "" {
			return id.UserName
		}
		return "root"
	case identity.AssumedRole, identity.FederatedUser:
		if i := strings.LastIndexByte(id.ARN, '/'); i >= 0 {
			return id.ARN[i+1:]
		}
	}
	return id.UserName
}

// lookupResourceName names a resource as event history does: by ARN,
// except S3 buckets, by bucket name.
func lookupResourceName(r Resource) string {
	if r.Type == "AWS::S3::Bucket" {
		if b, ok := strings.CutPrefix(r.ARN, "arn:aws:s3:::"); ok {
			return b
		}
	}
	return r.ARN
}
