package event

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/jsonwire"
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

// lookupKey reports whether LookupEvents accepts the attribute key k
// (ok), and whether for Insights events (forInsight) (API Reference,
// LookupAttribute). A switch rather than a map, which the package would
// build at initialisation in every program that links it.
func lookupKey(k string) (forInsight, ok bool) {
	switch k {
	case "EventId", "EventName", "EventSource":
		return true, true
	case "ReadOnly", "Username", "ResourceType", "ResourceName", "AccessKeyId":
		return false, true
	}
	return false, false
}

// Validate checks a as LookupEvents does: one of the eight keys (for
// Insights events, with insight true, only EventId, EventName and
// EventSource), and a value of 1 to 2000 characters where '_', ' ', ','
// and '\n' count double. LookupEvents answers a failure with
// InvalidLookupAttributesException and the error's message.
func (a LookupAttribute) Validate(insight bool) error {
	forInsight, ok := lookupKey(a.AttributeKey)
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
// the shorthand "AttributeKey=EventName,AttributeValue=DeleteBucket" (the
// two members in either order, a value quoted with ' or " when it holds a
// comma, "\," for a comma, white space around the separators) or the JSON
// form, an object or an array of one object. It refuses what the AWS CLI
// refuses before calling the API: a value that is a list
// (AttributeValue=a,b) or a structure, a member missing, twice or unknown.
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
	m, err := parseShorthand(s)
	if err != nil {
		return a, fmt.Errorf("event: lookup attribute: %w (want AttributeKey=KEY,AttributeValue=VALUE)", err)
	}
	for _, k := range m.keys {
		if k != "AttributeKey" && k != "AttributeValue" {
			return a, fmt.Errorf("event: lookup attribute: unknown parameter %q, must be one of: AttributeKey, AttributeValue", k)
		}
	}
	for _, k := range [...]string{"AttributeKey", "AttributeValue"} {
		v, ok := m.vals[k]
		switch {
		case !ok:
			return a, fmt.Errorf("event: lookup attribute: missing required parameter %q", k)
		case v.kind != "":
			return a, fmt.Errorf("event: lookup attribute: %s is %s, not a string", k, v.kind)
		}
	}
	return LookupAttribute{AttributeKey: m.vals["AttributeKey"].s, AttributeValue: m.vals["AttributeValue"].s}, nil
}

// shorthand is a structure written in the AWS CLI's shorthand syntax:
// its keys in order, and their values.
type shorthand struct {
	keys []string
	vals map[string]shortValue
}

// shortValue is a shorthand value: a string s, or kind naming what else it
// is ("a list", "a structure").
type shortValue struct {
	s, kind string
}

// parseShorthand parses s as the AWS CLI's shorthand syntax (awscli
// shorthand.py) for a structure of string members: key=value pairs
// separated by commas. A value is quoted with ' or " (a backslash escapes
// the quote and itself), or unquoted: up to the next comma not escaped
// with a backslash, white space at its end dropped. A value followed by a
// comma and something that is not the next key=value is a list; one
// starting with [ is a list and with { a structure (their contents are
// not read).
func parseShorthand(s string) (shorthand, error) {
	m := shorthand{vals: map[string]shortValue{}}
	i := 0
	ws := func() {
		for i < len(s) && strings.IndexByte(" \t\n\r\v\f", s[i]) >= 0 {
			i++
		}
	}
	isKey := func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.#/:", c) >= 0
	}
	expected := func(want string) error {
		got := "end of input"
		if i < len(s) {
			r, _ := utf8.DecodeRuneInString(s[i:])
			got = strconv.QuoteRune(r)
		}
		return fmt.Errorf("expected %s at byte %d, found %s", want, i, got)
	}
	// nextIsKey reports whether a key and '=' follow from j on.
	nextIsKey := func(j int) bool {
		k := j
		for k < len(s) && isKey(s[k]) {
			k++
		}
		for k < len(s) && strings.IndexByte(" \t\n\r\v\f", s[k]) >= 0 {
			k++
		}
		return k > j && k < len(s) && s[k] == '='
	}
	for {
		start := i
		for i < len(s) && isKey(s[i]) {
			i++
		}
		key := s[start:i]
		ws()
		if i >= len(s) || s[i] != '=' {
			return m, expected("'='")
		}
		i++
		ws()
		var v shortValue
		switch {
		case i >= len(s):
		case s[i] == '[':
			v.kind = "a list"
		case s[i] == '{':
			v.kind = "a structure"
		case s[i] == '\'' || s[i] == '"':
			q := s[i]
			j := i + 1
			for j < len(s) && s[j] != q {
				if s[j] == '\\' && j+1 < len(s) && (s[j+1] == q || s[j+1] == '\\') {
					j++
				}
				j++
			}
			if j >= len(s) {
				i = j
				return m, expected("a closing " + strconv.QuoteRune(rune(q)))
			}
			v.s = strings.ReplaceAll(strings.ReplaceAll(s[i+1:j], "\\"+string(q), string(q)), "\\\\", "\\")
			i = j + 1
		default:
			j := i
			for j < len(s) {
				c := s[j]
				if c == '\\' && j+1 < len(s) && s[j+1] == ',' {
					j += 2
					continue
				}
				if c == ',' || c == '"' || c == '\'' || c == ']' || c == '}' ||
					c < ' ' && strings.IndexByte("\t\n\r\v\f", c) < 0 ||
					j == i && (c == '=' || c == '[' || c == '{' || c <= ' ') {
					break
				}
				j++
			}
			v.s = strings.TrimRight(strings.ReplaceAll(s[i:j], "\\,", ","), " \t\n\r\v\f")
			i = j
		}
		if v.kind != "" {
			// Not read further: the AWS CLI refuses such a value for a
			// string member whatever it holds.
			i = len(s)
		}
		ws()
		if i < len(s) && s[i] == ',' && v.kind == "" {
			j := i + 1
			for j < len(s) && strings.IndexByte(" \t\n\r\v\f", s[j]) >= 0 {
				j++
			}
			if !nextIsKey(j) {
				v.kind = "a list"
				i = len(s)
			}
		}
		if _, dup := m.vals[key]; dup {
			return m, fmt.Errorf("second instance of key %q", key)
		}
		m.keys = append(m.keys, key)
		m.vals[key] = v
		if i >= len(s) {
			return m, nil
		}
		if s[i] != ',' {
			return m, expected("','")
		}
		i++
		ws()
	}
}

// Match reports whether rec matches a: its eventID, eventName, eventSource
// (for Insights records, those of the API they concern: Record.InsightAPI), readOnly ("true" or
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
	// API they concern: Record.InsightAPI).
	EventName string `json:"EventName"`
	// ReadOnly is the string "true" or "false" (a boolean in the record).
	ReadOnly string `json:"ReadOnly,omitempty"`
	// AccessKeyID is the access key of userIdentity, if any.
	AccessKeyID string `json:"AccessKeyId,omitempty"`
	// EventTime is the record's eventTime.
	EventTime time.Time `json:"EventTime"`
	// EventSource is the record's eventSource (for Insights events, that
	// of the API they concern: Record.InsightAPI).
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
// is the record's JSON text (Record.AppendJSON) in one line, as CloudTrail
// stores records and LookupEvents returns them: white space between the
// tokens of payloads read pretty-printed is left out.
func NewLookupEvent(rec *Record) LookupEvent {
	e := LookupEvent{
		EventID:         rec.EventID,
		EventName:       lookupEventName(rec),
		EventTime:       rec.EventTime.UTC(),
		EventSource:     lookupEventSource(rec),
		Username:        lookupUsername(rec.UserIdentity),
		Resources:       make([]LookupResource, 0, len(rec.Resources)),
		CloudTrailEvent: oneLine(rec.AppendJSON(nil)),
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
	EventTime       string           `json:"EventTime,omitempty"` // absent for a record without a usable eventTime
	EventSource     string           `json:"EventSource"`
	Username        string           `json:"Username,omitempty"`
	Resources       []LookupResource `json:"Resources"`
	CloudTrailEvent string           `json:"CloudTrailEvent"`
}

// cliTime is the layout the AWS CLI prints timestamps in; cliTimeMicro
// the layout for a time with a fraction of a second, which the AWS CLI
// (version 2: parse_timestamp(value).isoformat()) prints to the
// microsecond, as Python's isoformat does.
const (
	cliTime      = "2006-01-02T15:04:05-07:00"
	cliTimeMicro = "2006-01-02T15:04:05.000000-07:00"
)

// formatCLITime formats t as the AWS CLI version 2 prints a timestamp: to
// the second, or to the microsecond when it has a fraction of one.
func formatCLITime(t time.Time) string {
	if us := t.Round(time.Microsecond); us.Nanosecond() != 0 {
		return us.Format(cliTimeMicro)
	}
	return t.Format(cliTime)
}

// MarshalJSON encodes the event as the AWS CLI prints it, EventTime as
// "2025-06-02T12:00:07+00:00": in the zone of EventTime (UTC from
// NewLookupEvent and UnmarshalJSON), with its offset, as the AWS CLI
// prints a timestamp in the local zone; a time with a fraction of a
// second to the microsecond, "2025-06-02T12:00:07.250000+00:00", as the
// AWS CLI (Python's isoformat) prints it.
func (e LookupEvent) MarshalJSON() ([]byte, error) {
	w := lookupEventWire{
		EventID: e.EventID, EventName: e.EventName, ReadOnly: e.ReadOnly, AccessKeyID: e.AccessKeyID,
		EventTime: formatCLITime(e.EventTime), EventSource: e.EventSource, Username: e.Username,
		Resources: e.Resources, CloudTrailEvent: e.CloudTrailEvent,
	}
	if e.EventTime.IsZero() {
		// A record without a usable eventTime: Event.EventTime is not a
		// required member (API Reference, Event), and year 1 is no time.
		w.EventTime = ""
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
// be any RFC 3339 time, or a number of seconds since 1970 (fraction
// allowed), as AWS CLI version 1 prints it and the User Guide's example
// of lookup-events output shows it ("EventTime": 1424476529.0).
func (e *LookupEvent) UnmarshalJSON(b []byte) error {
	var w struct {
		lookupEventWire
		EventTime json.RawMessage `json:"EventTime"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var t time.Time
	if tb := bytes.TrimSpace(w.EventTime); len(tb) > 0 && !bytes.Equal(tb, []byte("null")) {
		var err error
		if t, err = lookupEventTime(tb); err != nil {
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

// lookupEventTime reads an EventTime: a JSON string holding an RFC 3339
// time, or a JSON number of seconds since 1970.
func lookupEventTime(b []byte) (time.Time, error) {
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return time.Time{}, err
		}
		return time.Parse(time.RFC3339, s)
	}
	sec, frac, _ := strings.Cut(string(b), ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || strings.ContainsAny(sec, "+") || frac != "" && strings.Trim(frac, "0123456789") != "" {
		return time.Time{}, fmt.Errorf("%s is neither an RFC 3339 time nor a number of seconds since 1970", b)
	}
	var ns int64
	for i, d := range frac {
		if i == 9 {
			break
		}
		ns = ns*10 + int64(d-'0')
	}
	for i := len(frac); i < 9; i++ {
		ns *= 10
	}
	if n < 0 && ns > 0 {
		ns = -ns
	}
	return time.Unix(n, ns), nil
}

func lookupEventName(rec *Record) string {
	if rec.EventName == "" {
		_, name := rec.InsightAPI()
		return name
	}
	return rec.EventName
}

func lookupEventSource(rec *Record) string {
	if rec.EventSource == "" {
		src, _ := rec.InsightAPI()
		return src
	}
	return rec.EventSource
}

// lookupUsername returns the Username event history shows for an
// identity: the user name of IAM users (from the arn when userName is
// absent) and of SAML and web identity users, "root" for the root user, the session name of role sessions and
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
		// The session name: from the arn, else from principalId, which
		// "includes the session name" (User Guide, "CloudTrail
		// userIdentity element").
		if name, ok := id.SessionName(); ok {
			return name
		}
		if i := strings.LastIndexByte(id.ARN, '/'); i >= 0 {
			return id.ARN[i+1:]
		}
	case identity.IAMUser:
		if id.UserName == "" {
			// userName is "the user name of the IAM user" (User Guide,
			// "CloudTrail userIdentity element"); a record without it
			// names the user in its arn.
			if p, ok := id.Principal(); ok && p.ARN != "" {
				return p.Name
			}
		}
	}
	return id.UserName
}

// lookupResourceName names a resource as event history does: by ARN,
// except S3 buckets, by bucket name (in every partition:
// arn:aws-cn:s3:::b and arn:aws-us-gov:s3:::b are b too).
func lookupResourceName(r Resource) string {
	if r.Type == "AWS::S3::Bucket" {
		if rest, ok := strings.CutPrefix(r.ARN, "arn:"); ok {
			if part, b, ok := strings.Cut(rest, ":s3:::"); ok && part != "" && !strings.Contains(part, ":") {
				return b
			}
		}
	}
	return r.ARN
}

// oneLine returns the JSON text b without white space between tokens,
// or b as it is when it is not JSON: what json.Compact gives. It takes b,
// which the caller must not use again. Records are mostly one line
// already (CloudTrail writes them so): a scan finds those and returns b
// as it is, whether it is JSON or not, which is what json.Compact would
// give for both, without compacting it.
func oneLine(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s := transient(b); jsonwire.IsCompact(s) {
		return s
	}
	var c bytes.Buffer
	c.Grow(len(b))
	if json.Compact(&c, b) != nil {
		return transient(b)
	}
	return c.String()
}
