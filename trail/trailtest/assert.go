package trailtest

import (
	"bytes"
	"encoding/json"
	"fmt"
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
// and x-amz-id-2 (S3). The
// rest of the payloads is compared.
func IgnoreGenerated() cmp.Option {
	return cmp.Options{
		cmpopts.IgnoreFields(event.Record{}, "EventID", "RequestID", "SharedEventID", "EventTime", "SourceIPAddress"),
		cmpopts.IgnoreFields(identity.UserIdentity{}, "AccessKeyID"),
		cmpopts.IgnoreFields(identity.Attributes{}, "CreationDate"),
		cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return generatedMembers[k] }),
	}
}

// Diff returns a readable report of the differences between want and got
// — records, identities, slices of them or LookupEvents output — or "" when
// they are equal. Lines starting with "-" are want's, "+" got's. The
// format is go-cmp's and may change; do not parse it. opts are further
// go-cmp options, such as IgnoreGenerated.
func Diff(want, got any, opts ...cmp.Option) string {
	return cmp.Diff(want, got, append([]cmp.Option{compareRecords}, opts...)...)
}

// AssertLogged reports a test error unless the trail trailARN delivered
// want. want is either a copy the recorder returned (matched by identity)
// or a record the test wrote (matched by Diff with opts, for example
// IgnoreGenerated()). On failure it says why the trail skipped the record
// when the recorder knows, and otherwise shows the differences from the
// closest record the trail did deliver. It returns whether want was
// logged.
func AssertLogged(t testing.TB, r *Recorder, trailARN string, want *event.Record, opts ...cmp.Option) bool {
	t.Helper()
	log := r.logs[trailARN]
	for _, e := range log {
		if e.Record == want {
			return true
		}
	}
	if _, held := r.results[want]; !held {
		for _, e := range log {
			if Diff(want, e.Record, opts...) == "" {
				return true
			}
		}
	}
	var msg strings.Builder
	fmt.Fprintf(&msg, "trail %s did not log %s", trailARN, want.String())
	if res, ok := r.results[want]; ok {
		for _, s := range res.Skipped {
			if s.TrailARN == trailARN {
				fmt.Fprintf(&msg, "\nskipped (%s): %s", s.Code, s.Reason)
			}
		}
	}
	if len(log) == 0 {
		msg.WriteString("\nthe trail logged nothing")
	} else {
		best, bestLen := log[0].Record, -1
		for _, e := range log {
			d := Diff(want, e.Record, opts...)
			if bestLen < 0 || len(d) < bestLen {
				best, bestLen = e.Record, len(d)
			}
		}
		fmt.Fprintf(&msg, "\nclosest of the %d records it logged, %s (-want +got):\n%s", len(log), best.String(), Diff(want, best, opts...))
	}
	t.Error(msg.String())
	return false
}

// AssertNotLogged reports a test error if the trail trailARN delivered
// rec (the same copy, or one with its eventID and recipient), naming the
// key it went to. It returns whether rec was not logged.
func AssertNotLogged(t testing.TB, r *Recorder, trailARN string, rec *event.Record) bool {
	t.Helper()
	for _, e := range r.logs[trailARN] {
		if e.Record == rec || rec.EventID != "" && e.Record.EventID == rec.EventID &&
			e.Record.RecipientAccountID == rec.RecipientAccountID {
			t.Errorf("trail %s logged %s under %s", trailARN, rec.String(), e.Delivery.KeyPrefix)
			return false
		}
	}
	return true
}
