package event

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// The documented aggregation templates (CloudTrail User Guide,
// "Aggregating data events"; API AggregationConfiguration.Templates) and
// the primary dimension each summarises by ("CloudTrail record contents for
// aggregated events", summary.primaryDimension).
const (
	TemplateAPIActivity    = "API_ACTIVITY"    // primary dimension eventName
	TemplateResourceAccess = "RESOURCE_ACCESS" // primary dimension resourceARN
	TemplateUserActions    = "USER_ACTIONS"    // primary dimension userIdentity
)

// AggregatedEvent is the typed view of an aggregated event (eventCategory
// Aggregated, eventType AwsAggregatedEvent): a five-minute summary of a
// trail's data events (CloudTrail User Guide, "CloudTrail record contents
// for aggregated events", "Aggregating data events"). Its members differ
// from other records': accountId instead of recipientAccountId, eventId
// (lower-case d) instead of eventID, timeWindow instead of eventTime, and
// summary.
//
// The view is read-only, returned by Record.Aggregated: the Record keeps
// every member as it came (accountId, eventId, timeWindow and summary
// among the members it does not model, see Record.Member) and writes them
// back unchanged. Times keep their text; TimeWindow's methods parse them.
type AggregatedEvent struct {
	EventVersion  Version            `json:"eventVersion,omitempty"`  // "1.0", the aggregated format's own version
	AccountID     string             `json:"accountId,omitempty"`     // the account that received the event
	EventID       string             `json:"eventId,omitempty"`       // GUID of the aggregated event
	EventCategory Category           `json:"eventCategory,omitempty"` // Aggregated
	EventType     EventType          `json:"eventType,omitempty"`     // AwsAggregatedEvent
	AWSRegion     string             `json:"awsRegion,omitempty"`     // Region of the summarised events
	EventSource   string             `json:"eventSource,omitempty"`   // service of the summarised events
	TimeWindow    TimeWindow         `json:"timeWindow"`              // the interval summarised
	Summary       AggregationSummary `json:"summary"`                 // counts by dimension
	Addendum      *Addendum          `json:"addendum,omitempty"`      // late delivery or update
}

// TimeWindow is the interval an aggregated event summarises: windowStart
// inclusive, windowEnd exclusive, windowSize an ISO-8601 duration such as
// "PT5M".
type TimeWindow struct {
	WindowStart string `json:"windowStart,omitempty"`
	WindowEnd   string `json:"windowEnd,omitempty"`
	WindowSize  string `json:"windowSize,omitempty"`
}

// AggregationSummary holds an aggregated event's counts: by its primary
// dimension (the template's: eventName, resourceARN or userIdentity) and
// by further dimensions (userAgent, sourceIpAddress and others).
type AggregationSummary struct {
	PrimaryDimension Dimension   `json:"primaryDimension"`
	Details          []Dimension `json:"details,omitempty"`
}

// Dimension is one breakdown of the summarised events.
type Dimension struct {
	// Dimension names what the events are grouped by: eventName,
	// resourceARN, userIdentity, userAgent, sourceIpAddress.
	Dimension string `json:"dimension,omitempty"`
	// Statistics holds one entry per group.
	Statistics []Statistic `json:"statistics,omitempty"`
	// AggregationType is how Value is computed: "Count".
	AggregationType string `json:"aggregationType,omitempty"`
}

// Statistic is one group of a dimension and its aggregated value.
type Statistic struct {
	Name  string      `json:"name"`  // the group: an event name, ARN, principal, agent or address
	Value json.Number `json:"value"` // the aggregated value, as written
}

// Template returns the aggregation template the event was made by, from
// its primary dimension: API_ACTIVITY for eventName, RESOURCE_ACCESS for
// resourceARN, USER_ACTIONS for userIdentity ("CloudTrail record contents
// for aggregated events", primaryDimension); "" for another dimension.
func (a *AggregatedEvent) Template() string {
	return TemplateOfDimension(a.Summary.PrimaryDimension.Dimension)
}

// TemplateOfDimension returns the aggregation template whose primary
// dimension is dim, or "".
func TemplateOfDimension(dim string) string {
	switch dim {
	case "eventName":
		return TemplateAPIActivity
	case "resourceARN":
		return TemplateResourceAccess
	case "userIdentity":
		return TemplateUserActions
	}
	return ""
}

// Start parses WindowStart.
func (w TimeWindow) Start() (time.Time, error) { return parseWindowTime(w.WindowStart) }

// End parses WindowEnd (exclusive).
func (w TimeWindow) End() (time.Time, error) { return parseWindowTime(w.WindowEnd) }

// Size parses WindowSize, an ISO-8601 duration of hours, minutes and
// seconds ("PT5M", "PT1H30M", "PT30S").
func (w TimeWindow) Size() (time.Duration, error) {
	rest, ok := strings.CutPrefix(w.WindowSize, "PT")
	if !ok || rest == "" {
		return 0, fmt.Errorf("event: windowSize %q: want an ISO-8601 duration PT[nH][nM][nS]", w.WindowSize)
	}
	var d time.Duration
	for rest != "" {
		i := strings.IndexAny(rest, "HMS")
		if i <= 0 {
			return 0, fmt.Errorf("event: windowSize %q: want an ISO-8601 duration PT[nH][nM][nS]", w.WindowSize)
		}
		n, err := strconv.ParseUint(rest[:i], 10, 31)
		if err != nil {
			return 0, fmt.Errorf("event: windowSize %q: %w", w.WindowSize, err)
		}
		unit := map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}[rest[i]]
		d += time.Duration(n) * unit
		rest = rest[i+1:]
	}
	return d, nil
}

// parseWindowTime reads a window bound: RFC 3339 ("2025-11-17T19:20:00Z",
// the aggregating page's examples) or "2025-10-30 23:45:00" (the record
// contents page's example), both UTC.
func parseWindowTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateTime, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("event: window time %q: want RFC 3339 or YYYY-MM-DD HH:MM:SS (UTC)", s)
}

// AggregationTemplate returns the template an aggregated event was made
// by (AggregatedEvent.Template: from summary.primaryDimension.dimension),
// reading only that member; "" for other records and unknown dimensions.
// It does not allocate: routing asks it of every aggregated event.
func (r *Record) AggregationTemplate() string {
	if !r.IsAggregated() {
		return ""
	}
	raw, ok := r.memberText("summary")
	if !ok {
		return ""
	}
	sc := jsonwire.New(raw)
	if !enterMember(&sc, "primaryDimension") || !enterMember(&sc, "dimension") || sc.Peek() != jsonwire.String {
		return ""
	}
	dim, err := sc.ReadString()
	if err != nil {
		return ""
	}
	return TemplateOfDimension(dim)
}

// enterMember moves sc, at the start of an object, to the value of its
// member key (the first one), and reports whether there is one.
func enterMember(sc *jsonwire.Scanner, key string) bool {
	if sc.BeginObject() != nil {
		return false
	}
	for {
		k, ok, err := sc.NextKey()
		if err != nil || !ok {
			return false
		}
		if k == key {
			return true
		}
		if _, err := sc.SkipValue(); err != nil {
			return false
		}
	}
}

// IsAggregated reports whether r is an aggregated event: eventType
// AwsAggregatedEvent or eventCategory Aggregated, either one (CloudTrail
// User Guide, "CloudTrail record contents for aggregated events": an
// aggregated event carries both). Either member alone is enough, so that
// a record whose other member disagrees (eventType AwsAggregatedEvent with
// eventCategory Data) is still read by its own members (eventId,
// accountId, timeWindow, summary), as Occurred, Title, ID, Recipient,
// Aggregated and AggregationTemplate all do, and as routing decodes it
// whole. Category, which reports the recorded eventCategory first, says
// Data for such a record: the folder a trail delivers it to follows
// Category.
func (r *Record) IsAggregated() bool {
	return r.EventType == AwsAggregatedEvent || r.EventCategory == CategoryAggregated
}

// ErrNotAggregated is returned by Record.Aggregated for a record of
// another category.
var ErrNotAggregated = errors.New("event: not an aggregated event")

// Aggregated returns the typed view of an aggregated event. It returns
// ErrNotAggregated when the record is not one (IsAggregated), and an error naming
// the member when timeWindow or summary is not of its documented shape
// (the Record keeps it as it came either way).
func (r *Record) Aggregated() (*AggregatedEvent, error) {
	if !r.IsAggregated() {
		return nil, ErrNotAggregated
	}
	a := &AggregatedEvent{
		EventVersion: r.EventVersion, EventCategory: r.EventCategory, EventType: r.EventType,
		AWSRegion: r.AWSRegion, EventSource: r.EventSource, Addendum: r.Addendum,
	}
	a.AccountID, _ = r.memberString("accountId")
	a.EventID, _ = r.memberString("eventId")
	for _, m := range [...]struct {
		name string
		dst  any
	}{{"timeWindow", &a.TimeWindow}, {"summary", &a.Summary}} {
		raw, ok := r.Member(m.name)
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw, m.dst); err != nil {
			return a, fmt.Errorf("event: aggregated event %s: %w", m.name, err)
		}
	}
	return a, nil
}

// Member returns the raw JSON of a top-level member of the record that
// Record does not model (or that came with a type other than the
// documented one), such as an aggregated event's "timeWindow"; the last
// one when the name repeats. The result is a copy.
func (r *Record) Member(name string) (json.RawMessage, bool) {
	raw, ok := r.memberText(name)
	if !ok {
		return nil, false
	}
	return json.RawMessage(raw), true
}

// ID returns the record's event ID: EventID, or for an aggregated event
// (IsAggregated), which has eventId (lower-case d) instead (CloudTrail
// User Guide, "CloudTrail record contents for aggregated events"), that
// member. It allocates nothing unless the aggregated event's ID holds
// escapes.
func (r *Record) ID() string {
	if r.EventID != "" {
		return r.EventID
	}
	if !r.IsAggregated() {
		return ""
	}
	id, _ := r.memberString("eventId")
	return id
}

// memberText returns the JSON text of an unmodelled member.
func (r *Record) memberText(name string) (string, bool) {
	ex := r.wire.extra
	for i := len(ex) - 1; i >= 0; i-- {
		if ex[i].key == name && !ex[i].dead {
			return ex[i].raw, true
		}
	}
	return "", false
}

// memberString returns an unmodelled member that is a JSON string, without
// allocating for strings without escapes.
func (r *Record) memberString(name string) (string, bool) {
	raw, ok := r.memberText(name)
	if !ok || len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if s := raw[1 : len(raw)-1]; !strings.ContainsAny(s, `\"`) {
		return s, true
	}
	var s string
	if json.Unmarshal([]byte(raw), &s) != nil {
		return "", false
	}
	return s, true
}
