package trailtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/trail"
)

// The exception names LookupEvents answers with (CloudTrail API Reference,
// LookupEvents, "Errors"). They are the Code of a *LookupError.
const (
	CodeInvalidLookupAttributes = "InvalidLookupAttributesException"
	CodeInvalidMaxResults       = "InvalidMaxResultsException"
	CodeInvalidTimeRange        = "InvalidTimeRangeException"
	CodeInvalidNextToken        = "InvalidNextTokenException"
	CodeInvalidEventCategory    = "InvalidEventCategoryException"
)

// LookupError is the error History.LookupEvents returns for a request
// CloudTrail would reject. Code is the AWS exception name, one of the
// constants above; Message says what is wrong and may change.
type LookupError struct {
	// Code is the AWS exception name, such as InvalidNextTokenException.
	Code string
	// Message says what is wrong with the request; its text may change.
	Message string
}

// Error returns "trailtest: lookup events: <Code>: <Message>".
func (e *LookupError) Error() string {
	return "trailtest: lookup events: " + e.Code + ": " + e.Message
}

// Retention is how far back event history reaches: 90 days (CloudTrail
// User Guide, "Working with CloudTrail event history").
const Retention = 90 * 24 * time.Hour

// LookupAttribute is one lookup attribute of a LookupEvents request;
// its semantics live in package event.
type LookupAttribute = event.LookupAttribute

// LookupEvent is one event of a LookupEvents response, encoded as `aws
// cloudtrail lookup-events` prints it (event.LookupEvent).
type LookupEvent = event.LookupEvent

// LookupResource is one resource of a LookupEvent.
type LookupResource = event.LookupResource

// LookupEventsInput is a LookupEvents request, with the API's member
// names.
type LookupEventsInput struct {
	// LookupAttributes holds at most one attribute.
	LookupAttributes []LookupAttribute `json:"LookupAttributes,omitempty"`
	// StartTime is the earliest event time returned, inclusive; zero
	// means absent (the oldest event of the last 90 days).
	StartTime time.Time `json:"StartTime,omitzero"`
	// EndTime is the latest event time returned, inclusive; zero means
	// absent (now). StartTime after EndTime is InvalidTimeRangeException.
	EndTime time.Time `json:"EndTime,omitzero"`
	// EventCategory is "" for management events or "insight" for
	// Insights events.
	EventCategory string `json:"EventCategory,omitempty"`
	// MaxResults is the page size, 1 to 50; 0 means absent (50).
	MaxResults int `json:"MaxResults,omitempty"`
	// NextToken continues an earlier lookup with the same parameters.
	NextToken string `json:"NextToken,omitempty"`
}

// LookupEventsOutput is a LookupEvents response. It encodes as `aws
// cloudtrail lookup-events` prints it.
type LookupEventsOutput struct {
	// Events are the events of this page, newest first; never nil.
	Events []LookupEvent `json:"Events"`
	// NextToken continues the lookup with the same parameters; "" on the
	// last page.
	NextToken string `json:"NextToken,omitempty"`
}

// History is CloudTrail event history: what LookupEvents answers in each
// account and Region. Add puts record copies in; LookupEvents reads them
// with the API's rules. The zero History is empty and ready to use; it
// measures the 90 days from the wall clock unless Now is set.
//
// History is not safe for concurrent use.
type History struct {
	// Now returns the current time for LookupEvents; nil means
	// time.Now. Tests set it to a clock they control.
	Now func() time.Time

	byAccount map[string][]stored
	seq       int
}

// stored is one record in the history.
type stored struct {
	seq     int
	rec     *event.Record
	region  string
	global  bool
	insight bool
	json    string
}

// Add adds a record copy to the history of its account
// (event.Record.Recipient) and Region (event.Record.RecordedRegion). Data and network
// activity events are dropped: event history holds management events and
// Insights events only. Add keeps rec; do not change it afterwards.
func (h *History) Add(rec *event.Record) {
	if rec == nil {
		return
	}
	cat, _ := rec.Category()
	if cat != event.CategoryManagement && cat != event.CategoryInsight {
		return
	}
	account := rec.Recipient()
	b, err := json.Marshal(rec)
	if err != nil {
		b = []byte("{}")
	}
	if h.byAccount == nil {
		h.byAccount = make(map[string][]stored)
	}
	h.seq++
	h.byAccount[account] = append(h.byAccount[account], stored{
		seq: h.seq, rec: rec, region: rec.RecordedRegion(), global: trail.IsGlobalServiceEvent(rec),
		insight: cat == event.CategoryInsight, json: string(b),
	})
}

// Len returns the number of records the history holds, in every account
// and Region, older than 90 days included.
func (h *History) Len() int {
	n := 0
	for _, s := range h.byAccount {
		n += len(s)
	}
	return n
}

func (h *History) now() time.Time {
	if h.Now != nil {
		return h.Now().UTC()
	}
	return time.Now().UTC()
}

// LookupEvents answers a LookupEvents request made in account and region,
// as CloudTrail does (CloudTrail API Reference, LookupEvents):
//
//   - only the last 90 days before Now, management events only, or
//     Insights events only when EventCategory is "insight";
//   - events recorded in region, plus, for events before 2021-11-22
//     (region.DefaultGlobalEventRule), global service events recorded in any
//     Region of the partition: event history showed them everywhere until
//     then (AWS notice quoted in SummitRoute/aws_breaking_changes#51;
//     CloudTrail User Guide, "Global service events");
//   - at most one lookup attribute, one of the eight keys, its value 1 to
//     2000 characters where '_', ' ', ',' and '\n' count double;
//   - MaxResults 1 to 50 (default 50); newest first;
//   - a NextToken valid only with the parameters of the request that
//     returned it (MaxResults may change);
//   - StartTime after EndTime is an error.
//
// Errors are *LookupError values whose Code is the AWS exception name.
func (h *History) LookupEvents(account, region string, in *LookupEventsInput) (*LookupEventsOutput, error) {
	if in == nil {
		in = &LookupEventsInput{}
	}
	insight := false
	switch in.EventCategory {
	case "":
	case "insight":
		insight = true
	default:
		return nil, &LookupError{CodeInvalidEventCategory,
			fmt.Sprintf("EventCategory %q is not valid; the only value is \"insight\"", in.EventCategory)}
	}
	if len(in.LookupAttributes) > 1 {
		return nil, &LookupError{CodeInvalidLookupAttributes,
			fmt.Sprintf("%d lookup attributes given; specify at most one", len(in.LookupAttributes))}
	}
	var attr *LookupAttribute
	if len(in.LookupAttributes) == 1 {
		attr = &in.LookupAttributes[0]
		if err := attr.Validate(insight); err != nil {
			return nil, &LookupError{CodeInvalidLookupAttributes, err.Error()}
		}
	}
	max := in.MaxResults
	if max == 0 {
		max = 50
	}
	if max < 1 || max > 50 {
		return nil, &LookupError{CodeInvalidMaxResults,
			fmt.Sprintf("MaxResults %d is not valid; it must be 1 to 50", in.MaxResults)}
	}
	if !in.StartTime.IsZero() && !in.EndTime.IsZero() && in.StartTime.After(in.EndTime) {
		return nil, &LookupError{CodeInvalidTimeRange,
			fmt.Sprintf("StartTime %s is after EndTime %s", in.StartTime.UTC().Format(time.RFC3339), in.EndTime.UTC().Format(time.RFC3339))}
	}
	fp := fingerprint(account, region, in)
	var after *position
	if in.NextToken != "" {
		p, err := parseToken(in.NextToken, fp)
		if err != nil {
			return nil, err
		}
		after = &p
	}

	now := h.now()
	from := now.Add(-Retention)
	if !in.StartTime.IsZero() && in.StartTime.After(from) {
		from = in.StartTime
	}
	to := now
	if !in.EndTime.IsZero() && in.EndTime.Before(to) {
		to = in.EndTime
	}
	var hits []*stored
	for i := range h.byAccount[account] {
		s := &h.byAccount[account][i]
		t := s.rec.EventTime
		switch {
		case s.insight != insight,
			t.Before(from), t.After(to),
			s.region != region && !(s.global && !recordedInHomeOnly(t) && samePartition(s.region, region)),
			attr != nil && !attr.Match(s.rec):
			continue
		}
		hits = append(hits, s)
	}
	slices.SortFunc(hits, func(a, b *stored) int {
		if c := b.rec.EventTime.Compare(a.rec.EventTime); c != 0 {
			return c
		}
		return b.seq - a.seq
	})
	if after != nil {
		i := 0
		for i < len(hits) && !after.before(hits[i]) {
			i++
		}
		hits = hits[i:]
	}
	out := &LookupEventsOutput{Events: []LookupEvent{}}
	for i, s := range hits {
		if i == max {
			last := hits[i-1]
			out.NextToken = makeToken(fp, position{last.rec.EventTime.UnixNano(), last.seq})
			break
		}
		e := event.NewLookupEvent(s.rec)
		e.CloudTrailEvent = s.json
		out.Events = append(out.Events, e)
	}
	return out, nil
}

// position is where a page ended: the last event returned, by the
// order of the events, so to the nanosecond (an event time with a
// fraction of a second sorts within its second).
type position struct {
	unixNano int64
	seq      int
}

// before reports whether s comes after p in newest-first order.
func (p position) before(s *stored) bool {
	u := s.rec.EventTime.UnixNano()
	return u < p.unixNano || (u == p.unixNano && s.seq < p.seq)
}

// fingerprint identifies a request's parameters other than NextToken and
// MaxResults, so a token is honoured only with the parameters it was
// issued for.
func fingerprint(account, region string, in *LookupEventsInput) string {
	var b bytes.Buffer
	b.WriteString(account + "\x00" + region + "\x00" + in.EventCategory + "\x00")
	for _, a := range in.LookupAttributes {
		b.WriteString(a.AttributeKey + "\x00" + a.AttributeValue + "\x00")
	}
	if !in.StartTime.IsZero() {
		b.WriteString(in.StartTime.UTC().Format(time.RFC3339Nano))
	}
	b.WriteByte(0)
	if !in.EndTime.IsZero() {
		b.WriteString(in.EndTime.UTC().Format(time.RFC3339Nano))
	}
	h := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(h[:8])
}

func makeToken(fp string, p position) string {
	s := "2|" + fp + "|" + strconv.FormatInt(p.unixNano, 10) + "|" + strconv.Itoa(p.seq)
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func parseToken(tok, fp string) (position, error) {
	bad := func(why string) (position, error) {
		return position{}, &LookupError{CodeInvalidNextToken, why}
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return bad("NextToken is not a token this lookup returned")
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 4 || parts[0] != "2" {
		return bad("NextToken is not a token this lookup returned")
	}
	if parts[1] != fp {
		return bad("NextToken was returned for a request with other parameters; pass the same parameters with it")
	}
	u, err1 := strconv.ParseInt(parts[2], 10, 64)
	seq, err2 := strconv.Atoi(parts[3])
	if err1 != nil || err2 != nil {
		return bad("NextToken is not a token this lookup returned")
	}
	return position{u, seq}, nil
}

// recordedInHomeOnly reports whether a global service event at t was
// recorded only in its own Region (from 2021-11-22 on).
func recordedInHomeOnly(t time.Time) bool {
	return region.DefaultGlobalEventRule().RecordedInHomeOnly(t)
}

// samePartition reports whether two Regions are in one partition.
func samePartition(a, b string) bool {
	pa, okA := region.PartitionOf(a)
	pb, okB := region.PartitionOf(b)
	return okA && okB && pa.ID == pb.ID
}
