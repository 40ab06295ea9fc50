package trailtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
)

// compareRecords are the options Diff always uses: the modelled members of
// records and identities are compared (members kept only for re-encoding
// are not), free-form JSON payloads are compared as JSON values (member
// order and spacing do not matter), and booleans by presence and value
// whether or not they were written as strings.
var compareRecords = cmp.Options{
	cmpopts.IgnoreUnexported(
		event.Record{}, event.Resource{}, event.Addendum{}, event.TLSDetails{}, event.InsightDetails{},
		identity.UserIdentity{}, identity.OnBehalfOf{}, identity.InScopeOf{}, identity.InvokedByDelegate{},
		identity.SessionContext{}, identity.SessionIssuer{}, identity.WebIDFederationData{}, identity.Attributes{},
	),
	cmp.Comparer(func(a, b event.Bool) bool { return a.Set == b.Set && (!a.Set || a.Value == b.Value) }),
	cmp.FilterValues(func(a, b json.RawMessage) bool { return true }, cmp.Transformer("JSON", jsonValue)),
}

// jsonValue decodes raw JSON for comparison; text that is not JSON is
// compared as text.
func jsonValue(m json.RawMessage) any {
	if len(bytes.TrimSpace(m)) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(m, &v); err != nil {
		return "invalid JSON: " + string(m)
	}
	return v
}

// generatedMembers are the members of JSON payloads whose values the
// builders generate: STS credentials and S3's extended request ID.
var generatedMembers = map[string]bool{
	"accessKeyId": true, "sessionToken": true, "expiration": true, "x-amz-id-2": true, "ExtendedRequestId": true,
}

// IgnoreGenerated returns an option for Diff that ignores what the
// builders generate rather than what the test chose: eventID, requestID,
// sharedEventID, eventTime, sourceIPAddress, access key IDs, session
// creation dates, and within JSON payloads the members accessKeyId,
// sessionToken, expiration (STS credentials), ExtendedRequestId (STS)
// and x-amz-id-2 (S3). The rest of the payloads is compared.
//
// It applies to LookupEvents output too: a LookupEvent's EventId,
// EventTime and AccessKeyId are ignored, and its CloudTrailEvent is
// compared as the record it holds, with the record's generated members
// ignored.
func IgnoreGenerated() cmp.Option {
	return cmp.Options{
		cmpopts.IgnoreFields(event.Record{}, "EventID", "RequestID", "SharedEventID", "EventTime", "SourceIPAddress"),
		cmpopts.IgnoreFields(identity.UserIdentity{}, "AccessKeyID"),
		cmpopts.IgnoreFields(identity.Attributes{}, "CreationDate"),
		cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return generatedMembers[k] }),
		cmpopts.IgnoreFields(event.LookupEvent{}, "EventID", "EventTime", "AccessKeyID"),
		cmp.FilterPath(isCloudTrailEvent, cmp.Transformer("Record", lookupRecord)),
	}
}

// isCloudTrailEvent reports whether the path ends at a LookupEvent's
// CloudTrailEvent.
func isCloudTrailEvent(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && sf.Name() == "CloudTrailEvent" && len(p) >= 2 && p.Index(-2).Type() == reflect.TypeOf(event.LookupEvent{})
}

// lookupRecord decodes a LookupEvent's CloudTrailEvent for comparison;
// text that is not a record is compared as text.
func lookupRecord(s string) any {
	rec, err := event.ParseRecord([]byte(s))
	if err != nil {
		return "not a record: " + s
	}
	return rec
}

// IgnoreUnset returns an option for Diff and AssertLogged that compares
// only what want sets: a field whose value in want (Diff's first
// argument) is the zero value — an empty string, a nil pointer, slice or
// payload, a zero time, an unset event.Bool — is not compared. A want
// that gives only EventSource, EventName, AWSRegion, RecipientAccountID
// and the identity's Type and ARN matches every record that agrees on
// those. Payloads that want gives are compared whole.
func IgnoreUnset() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		if len(p) < 2 {
			return false // the values compared, not one of their members
		}
		if _, ok := p.Last().(cmp.StructField); !ok {
			return false // members of maps and elements of slices are compared
		}
		vx, _ := p.Last().Values()
		return vx.IsValid() && vx.IsZero()
	}, cmp.Ignore())
}

// CopyFor returns the copy among recs that belongs to account (its
// recipient, event.Record.Recipient), or nil when there is none. The
// Recorder's calls return one copy per account involved; CopyFor picks
// the one a test asserts on.
func CopyFor(recs []*event.Record, account string) *event.Record {
	for _, rec := range recs {
		if rec != nil && rec.Recipient() == account {
			return rec
		}
	}
	return nil
}

// Diff returns a readable report of the differences between want and got
// — records, identities, slices of them or LookupEvents output — or "" when
// they are equal. Lines starting with "-" are want's, "+" got's. The
// format is go-cmp's and may change; do not parse it. opts are further
// go-cmp options, such as IgnoreGenerated and IgnoreUnset.
func Diff(want, got any, opts ...cmp.Option) string {
	return cmp.Diff(want, got, append([]cmp.Option{compareRecords}, opts...)...)
}

// AssertLogged reports a test error unless the trail delivered want. The
// trail is named by its TrailARN or by its Name when no other trail of the
// deployment has that name. want is either a copy the recorder returned
// (matched by identity) or a record the test wrote (matched by Diff with
// opts, such as IgnoreGenerated() and IgnoreUnset()).
//
// A failure says first, in one line, why: the trail's skip code and
// reason when the recorder routed want (or, for a record the test wrote,
// a copy of the same eventSource, eventName, Region and recipient the
// recorder routed); else that the trail logged no record of want's
// eventSource and eventName, or how many it logged. Then, unless want is a
// skipped copy, it shows a diff against the closest record of the same
// eventSource and eventName the trail delivered, if there is one, and
// against no other. It returns whether want was logged.
func AssertLogged(t testing.TB, r *Recorder, nameOrARN string, want *event.Record, opts ...cmp.Option) bool {
	t.Helper()
	if p := r.trailProblem(nameOrARN); p != "" {
		t.Errorf("AssertLogged: %s", p)
		return false
	}
	arn := r.arnOf(nameOrARN)
	log := r.logs[arn]
	for _, e := range log {
		if e.Record == want {
			return true
		}
	}
	_, held := r.results[want]
	var same []*event.Record // what the trail logged of want's source and name
	for _, e := range log {
		if e.Record.EventSource == want.EventSource && e.Record.EventName == want.EventName {
			if !held && Diff(want, e.Record, opts...) == "" {
				return true
			}
			same = append(same, e.Record)
		}
	}
	var msg strings.Builder
	fmt.Fprintf(&msg, "trail %s did not log %s", nameOrARN, want.String())
	short := strings.TrimSuffix(want.EventSource, ".amazonaws.com") + ":" + want.EventName
	reason := skipReason(r, arn, want, held)
	switch {
	case reason != "":
		msg.WriteString("\n" + reason)
	case len(same) == 0:
		fmt.Fprintf(&msg, "\nit logged no %s record (%d records in all)", short, len(log))
	default:
		fmt.Fprintf(&msg, "\nit logged %d %s records, none equal to want", len(same), short)
	}
	if len(same) > 0 && !(held && reason != "") { // a skipped copy's reason is the whole story
		best, bestLen := same[0], -1
		for _, rec := range same {
			if d := Diff(want, rec, opts...); bestLen < 0 || len(d) < bestLen {
				best, bestLen = rec, len(d)
			}
		}
		fmt.Fprintf(&msg, "\nclosest, %s (-want +got):\n%s", best.String(), Diff(want, best, opts...))
	}
	t.Error(msg.String())
	return false
}

// skipReason returns the trail's reason for not delivering want, when the
// recorder knows it: from want's own routing, or, for a record the test
// wrote, from a record the recorder routed that agrees with want on
// eventSource, eventName and the Region and recipient want gives, and that
// the trail skipped.
func skipReason(r *Recorder, arn string, want *event.Record, held bool) string {
	reasonIn := func(rec *event.Record) string {
		for _, s := range r.results[rec].Skipped {
			if s.TrailARN == arn {
				return fmt.Sprintf("skipped (%s): %s", s.Code, s.Reason)
			}
		}
		return ""
	}
	if held {
		return reasonIn(want)
	}
	for _, rec := range r.records {
		if rec.EventSource == want.EventSource && rec.EventName == want.EventName &&
			(want.AWSRegion == "" || rec.AWSRegion == want.AWSRegion) &&
			(want.RecipientAccountID == "" || rec.Recipient() == want.RecipientAccountID) {
			if why := reasonIn(rec); why != "" {
				return "the recorder's copy " + rec.String() + " was " + why
			}
		}
	}
	return ""
}

// AssertNotLogged reports a test error if the trail delivered rec (the
// same copy, or one with its eventID and recipient), naming the key it
// went to. The trail is named as for AssertLogged. It returns whether rec
// was not logged.
func AssertNotLogged(t testing.TB, r *Recorder, nameOrARN string, rec *event.Record) bool {
	t.Helper()
	if p := r.trailProblem(nameOrARN); p != "" {
		t.Errorf("AssertNotLogged: %s", p)
		return false
	}
	for _, e := range r.logs[r.arnOf(nameOrARN)] {
		if e.Record == rec || rec.EventID != "" && e.Record.EventID == rec.EventID &&
			e.Record.RecipientAccountID == rec.RecipientAccountID {
			t.Errorf("trail %s logged %s under %s", nameOrARN, rec.String(), e.Delivery.KeyPrefix)
			return false
		}
	}
	return true
}
