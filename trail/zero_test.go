package trail_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// TestZeroAndEmptyInputs runs every constructor and method of the package
// on zero and empty values: the empty ones are valid inputs and must give
// an answer or an error, never a panic. A deployment without trails
// ({"trails":[]}) once panicked in RouteInto.
func TestZeroAndEmptyInputs(t *testing.T) {
	records := []struct {
		reason string
		rec    *event.Record
	}{
		{"zero record", &event.Record{}},
		{"record with only an account", &event.Record{RecipientAccountID: "111122223333"}},
		{"record with account and Region", &event.Record{RecipientAccountID: "111122223333", AWSRegion: "us-east-1"}},
		{"zero Insights record", &event.Record{EventType: event.AwsCloudTrailInsight, InsightDetails: &event.InsightDetails{}}},
		{"zero aggregated record", &event.Record{EventType: event.AwsAggregatedEvent}},
	}
	for _, doc := range []struct{ reason, json string }{
		{"empty object", `{}`},
		{"no trails", `{"trails":[]}`},
		{"null members", `{"organization":null,"accounts":null,"trails":null}`},
		{"empty organization and accounts", `{"organization":{},"accounts":{},"trails":[]}`},
		{"one minimal trail", `{"trails":[{"Name":"t1x","TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t1x","HomeRegion":"us-east-1","S3BucketName":"b"}]}`},
	} {
		d, err := trail.ParseDeployment([]byte(doc.json))
		if err != nil {
			t.Errorf("%s: ParseDeployment: %v", doc.reason, err)
			continue
		}
		_ = d.Validate()
		_ = trail.Check(d)
		_ = d.EnabledRegions("", "")
		_ = d.EnabledRegions("111122223333", "aws")
		_ = d.RegionEnabled("", "")
		if d.Organization != nil {
			_ = d.Organization.Member("")
			_ = d.Organization.Members()
		}
		r, err := trail.NewRouter(d)
		if err != nil {
			// An empty organization is not a valid one; that is an
			// answer, not a failure.
			continue
		}
		var res trail.Result
		for _, rc := range records {
			got := r.Route(rc.rec)
			r.RouteInto(rc.rec, &res)
			if len(got.Deliveries)+len(got.Skipped) != len(d.Trails) || len(res.Deliveries)+len(res.Skipped) != len(d.Trails) {
				t.Errorf("%s, %s: %d deliveries and %d skips for %d trails", doc.reason, rc.reason, len(got.Deliveries), len(got.Skipped), len(d.Trails))
			}
		}
		// A zero Result is ready for use.
		var zero trail.Result
		r.RouteInto(&event.Record{}, &zero)
		// So is a Router that leaves other accounts' trails out.
		if ro, err := trail.NewRouter(d, trail.WithoutOtherAccounts()); err == nil {
			for _, rc := range records {
				got := ro.Route(rc.rec)
				if len(got.Deliveries)+len(got.Skipped)+got.OtherAccounts != len(d.Trails) {
					t.Errorf("%s, %s: WithoutOtherAccounts: %d deliveries, %d skips, %d left out for %d trails", doc.reason, rc.reason, len(got.Deliveries), len(got.Skipped), got.OtherAccounts, len(d.Trails))
				}
			}
		}
	}
	if _, err := trail.NewRouter(nil); err == nil {
		t.Error("NewRouter(nil): no error")
	}
	if _, err := trail.NewRouter(&trail.Deployment{}); err != nil {
		t.Errorf("NewRouter of the zero Deployment: %v", err)
	}
	if _, err := trail.ParseDeployment(nil); err == nil {
		t.Error("ParseDeployment(nil): no error")
	}
	if err := (&trail.Deployment{}).Validate(); err != nil {
		t.Errorf("Validate of the zero Deployment: %v", err)
	}
	// The zero Deployment has no trail: the one thing to say (CloudTrail
	// User Guide, "Security best practices in AWS CloudTrail").
	if f := trail.Check(&trail.Deployment{}); len(f) != 1 || f[0].Code != trail.FindingNoTrails {
		t.Errorf("Check of the zero Deployment: %v, want only %s", f, trail.FindingNoTrails)
	}
	_ = trail.Check(nil)

	var o *trail.Organization
	if o.Member("111122223333") || len(o.Members()) != 0 {
		t.Error("a nil Organization has members")
	}

	// Trails.
	var tr trail.Trail
	_, _, _, _, _ = tr.Account(), tr.Partition(), tr.Home(), tr.IncludesGlobalServiceEvents(), tr.Logging()
	if _, err := tr.MarshalJSON(); err != nil {
		t.Errorf("zero Trail MarshalJSON: %v", err)
	}
	if _, ok := tr.Unknown(""); ok {
		t.Error("zero Trail has an unknown member")
	}
	if err := tr.UnmarshalJSON([]byte(`{}`)); err != nil {
		t.Errorf("UnmarshalJSON({}): %v", err)
	}
	_ = tr.MergeEventSelectors(nil)
	_ = tr.MergeEventSelectors([]byte(`{}`))
	_ = tr.MergeInsightSelectors(nil)
	_ = tr.MergeInsightSelectors([]byte(`{}`))
	_ = tr.MergeEventConfiguration(nil)
	_ = tr.MergeEventConfiguration([]byte(`{}`))
	_ = tr.SetEventSelectors(selector.Config{})
	_ = tr.SetInsightSelectors(selector.InsightConfig{})
	for _, b := range []string{``, `{}`, `{"trailList":[]}`, `[]`} {
		_, _ = trail.ParseTrails([]byte(b))
	}

	// Keys and streams.
	var k trail.Key
	_, _, _ = k.String(), k.DayPrefix(), k.AppendTo(nil)
	_ = trail.LogKey("", "", "", "", time.Time{}, "").String()
	_ = trail.InsightKey("", "", "", "", time.Time{}, "").String()
	_ = trail.FileKey(0, "", "", "", "", time.Time{}, "").String()
	_ = trail.DigestKey("", "", "", "", "", "", time.Time{}).String()
	_ = trail.BackfillDigestKey("", "", "", "", "", "", time.Time{}).String()
	_ = trail.DayPrefix("", "", "", 0, "", time.Time{})
	_ = trail.AppendDayPrefix(nil, "", "", "", 0, "", time.Time{})
	if _, err := trail.ParseKey(""); !errors.Is(err, trail.ErrNotKey) {
		t.Errorf("ParseKey(\"\"): %v", err)
	}
	_ = trail.Stream{}.String()
	if _, err := trail.ParseStream(""); err == nil {
		t.Error("ParseStream(\"\"): no error")
	}
	_ = trail.KindOf(nil)
	_ = trail.KindOf(&event.Record{})

	// Enums and errors.
	_ = trail.FileKind(0).String()
	_ = trail.SkipCode(0).String()
	if _, err := trail.SkipCode(0).MarshalText(); err == nil {
		t.Error("SkipCode(0).MarshalText: no error")
	}
	var c trail.SkipCode
	if err := c.UnmarshalText(nil); err == nil {
		t.Error("SkipCode.UnmarshalText(nil): no error")
	}
	var es trail.Errors
	_, _, _ = es.Error(), es.Has(""), es.Unwrap()
	_ = (&trail.Error{}).Error()
	_ = (&trail.KeyError{}).Error()
	_ = (&trail.StreamError{}).Error()
	_ = (&trail.DecodeError{}).Error()
	_ = trail.Finding{}.String()
	if _, err := json.Marshal(trail.Result{}); err != nil {
		t.Errorf("marshal zero Result: %v", err)
	}
}
