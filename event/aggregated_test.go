package event_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
)

// TestAggregatedExamples reads the documented aggregated events
// (testdata/aggregated: "Aggregating data events" and "CloudTrail record
// contents for aggregated events"): typed view, category, recipient, time,
// template, and a lossless decode→encode.
func TestAggregatedExamples(t *testing.T) {
	for _, tc := range []struct {
		file, template, region, windowEnd string
		details                           int
	}{
		{"api-activity.json", event.TemplateAPIActivity, "us-west-2", "2025-11-17T19:25:00Z", 1},
		{"resource-access.json", event.TemplateResourceAccess, "us-west-2", "2025-11-17T19:25:00Z", 1},
		{"record-contents-example.json", event.TemplateAPIActivity, "us-east-1", "2025-10-30T23:50:00Z", 4},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "aggregated", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		rec, err := event.ParseRecord(b)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if c, how := rec.Category(); c != event.CategoryAggregated || how != event.Recorded {
			t.Errorf("%s: Category = %v, %v", tc.file, c, how)
		}
		if rec.Recipient() != "111122223333" {
			t.Errorf("%s: Recipient = %q, want accountId 111122223333", tc.file, rec.Recipient())
		}
		if got := rec.AggregationTemplate(); got != tc.template {
			t.Errorf("%s: AggregationTemplate = %q, want %q", tc.file, got, tc.template)
		}
		if want, _ := time.Parse(time.RFC3339, tc.windowEnd); !rec.Time().Equal(want) {
			t.Errorf("%s: Time = %v, want the window end %v", tc.file, rec.Time(), want)
		}
		a, err := rec.Aggregated()
		if err != nil {
			t.Fatalf("%s: Aggregated: %v", tc.file, err)
		}
		if a.AccountID != "111122223333" || a.EventID == "" || a.EventType != event.AwsAggregatedEvent ||
			a.AWSRegion != tc.region || a.Template() != tc.template || len(a.Summary.Details) != tc.details ||
			a.Summary.PrimaryDimension.AggregationType != "Count" || len(a.Summary.PrimaryDimension.Statistics) != 1 {
			t.Errorf("%s: view %+v", tc.file, a)
		}
		if d, err := a.TimeWindow.Size(); err != nil || d != 5*time.Minute {
			t.Errorf("%s: window size %v, %v", tc.file, d, err)
		}
		start, err1 := a.TimeWindow.Start()
		end, err2 := a.TimeWindow.End()
		if err1 != nil || err2 != nil || end.Sub(start) != 5*time.Minute {
			t.Errorf("%s: window %v–%v (%v, %v); windowEnd − windowStart should be windowSize", tc.file, start, end, err1, err2)
		}
		// Lossless: accountId, eventId, timeWindow and summary are kept.
		out := rec.AppendJSON(nil)
		var want, got bytes.Buffer
		if err := json.Compact(&want, b); err != nil {
			t.Fatal(err)
		}
		if err := json.Compact(&got, out); err != nil {
			t.Fatal(err)
		}
		if want.String() != got.String() {
			t.Errorf("%s: decode→encode changed the record:\n got %s\nwant %s", tc.file, got.String(), want.String())
		}
	}
}

func TestAggregatedView(t *testing.T) {
	rec, err := event.ParseRecord([]byte(`{"eventVersion":"1.08","eventName":"GetObject","eventCategory":"Data"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rec.Aggregated(); !errors.Is(err, event.ErrNotAggregated) {
		t.Errorf("data event: Aggregated error %v, want ErrNotAggregated", err)
	}
	if rec.AggregationTemplate() != "" {
		t.Error("data event has an aggregation template")
	}
	// eventType alone makes the category (records without eventCategory).
	rec, _ = event.ParseRecord([]byte(`{"eventType":"AwsAggregatedEvent","summary":{"primaryDimension":{"dimension":"userIdentity"}},"timeWindow":7}`))
	if c, how := rec.Category(); c != event.CategoryAggregated || how != event.FromEventType {
		t.Errorf("Category = %v %v", c, how)
	}
	if rec.AggregationTemplate() != event.TemplateUserActions {
		t.Errorf("template %q", rec.AggregationTemplate())
	}
	if _, err := rec.Aggregated(); err == nil {
		t.Error("timeWindow 7: no error naming the bad member")
	}
	if !rec.Time().IsZero() {
		t.Errorf("Time of a bad window = %v", rec.Time())
	}
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{{"PT5M", 5 * time.Minute, true}, {"PT1H30M", 90 * time.Minute, true}, {"PT30S", 30 * time.Second, true}, {"P1D", 0, false}, {"PT", 0, false}, {"PTxM", 0, false}, {"", 0, false}} {
		d, err := event.TimeWindow{WindowSize: tc.in}.Size()
		if (err == nil) != tc.ok || d != tc.want {
			t.Errorf("Size(%q) = %v, %v", tc.in, d, err)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = rec.AggregationTemplate() }); n != 0 {
		t.Errorf("AggregationTemplate allocates %v times", n)
	}
}

// TestRecordID: the route line's eventID comes from Record.ID, which is
// eventID, or eventId (lower-case d) for an aggregated event (CloudTrail
// User Guide, "CloudTrail record contents for aggregated events").
func TestRecordID(t *testing.T) {
	for _, tc := range []struct {
		name, record, want string
	}{
		{"an API call's eventID", `{"eventVersion":"1.08","eventID":"e-1","eventName":"X","eventCategory":"Management"}`, "e-1"},
		{"an aggregated event's eventId", `{"eventVersion":"1.0","eventId":"agg-1","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent"}`, "agg-1"},
		{"an aggregated event's eventId with an escape", `{"eventVersion":"1.0","eventId":"agg\u002d2","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent"}`, "agg-2"},
		{"eventId of a record that is not aggregated is an unknown member, not its ID", `{"eventVersion":"1.08","eventId":"x","eventCategory":"Management"}`, ""},
		{"no ID at all (eventVersion 1.0 records have none)", `{"eventVersion":"1.0","eventName":"X"}`, ""},
		{"eventType AwsAggregatedEvent with another eventCategory is still aggregated (IsAggregated)", `{"eventVersion":"1.0","eventId":"agg-3","eventCategory":"Data","eventType":"AwsAggregatedEvent"}`, "agg-3"},
		{"eventCategory Aggregated with another eventType is still aggregated (IsAggregated)", `{"eventVersion":"1.0","eventId":"agg-4","eventCategory":"Aggregated","eventType":"AwsApiCall"}`, "agg-4"},
	} {
		rec, err := event.ParseRecord([]byte(tc.record))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := rec.ID(); got != tc.want {
			t.Errorf("%s: ID() = %q, want %q", tc.name, got, tc.want)
		}
	}
	b, err := os.ReadFile(filepath.Join("testdata", "aggregated", "api-activity.json"))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := event.ParseRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = rec.ID() }); n != 0 {
		t.Errorf("ID allocates %v times, want 0", n)
	}
}

// TestAggregatedAccessorsAgree: every accessor that reads an aggregated
// event's own members (ID: eventId, Recipient: accountId, Occurred:
// timeWindow, AggregationTemplate and Aggregated: summary) takes a record
// as aggregated by one rule, IsAggregated: eventType AwsAggregatedEvent
// or eventCategory Aggregated (CloudTrail User Guide, "CloudTrail record
// contents for aggregated events"). ID and Recipient used Category, which
// says Data for eventType AwsAggregatedEvent with eventCategory Data,
// while Occurred (and routing) took such a record as aggregated.
func TestAggregatedAccessorsAgree(t *testing.T) {
	const body = `"eventVersion":"1.0","accountId":"111122223333","eventId":"agg-1","awsRegion":"us-east-1","eventSource":"s3.amazonaws.com",` +
		`"timeWindow":{"windowStart":"2025-11-19T17:40:00Z","windowEnd":"2025-11-19T17:45:00Z","windowSize":"PT5M"},` +
		`"summary":{"primaryDimension":{"dimension":"eventName","statistics":[]}}`
	end := time.Date(2025, 11, 19, 17, 45, 0, 0, time.UTC)
	for _, tc := range []struct {
		members    string
		aggregated bool
		reason     string
	}{
		{`"eventCategory":"Aggregated","eventType":"AwsAggregatedEvent"`, true, "the documented pair"},
		{`"eventCategory":"Data","eventType":"AwsAggregatedEvent"`, true, "eventType AwsAggregatedEvent, whatever the category"},
		{`"eventCategory":"Aggregated","eventType":"AwsApiCall"`, true, "eventCategory Aggregated, whatever the type"},
		{`"eventType":"AwsAggregatedEvent"`, true, "eventType alone"},
		{`"eventCategory":"Aggregated"`, true, "eventCategory alone"},
		{`"eventCategory":"Data","eventType":"AwsApiCall"`, false, "neither: accountId, eventId, timeWindow and summary are unknown members"},
	} {
		rec, err := event.ParseRecord([]byte("{" + tc.members + "," + body + "}"))
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		if got := rec.IsAggregated(); got != tc.aggregated {
			t.Errorf("%s: IsAggregated = %v, want %v", tc.reason, got, tc.aggregated)
		}
		wantID, wantAccount, wantTemplate, wantTime := "", "", "", time.Time{}
		if tc.aggregated {
			wantID, wantAccount, wantTemplate, wantTime = "agg-1", "111122223333", "API_ACTIVITY", end
		}
		if got := rec.ID(); got != wantID {
			t.Errorf("%s: ID = %q, want %q", tc.reason, got, wantID)
		}
		if got := rec.Recipient(); got != wantAccount {
			t.Errorf("%s: Recipient = %q, want %q", tc.reason, got, wantAccount)
		}
		if got := rec.AggregationTemplate(); got != wantTemplate {
			t.Errorf("%s: AggregationTemplate = %q, want %q", tc.reason, got, wantTemplate)
		}
		if got, ok := rec.Occurred(); !got.Equal(wantTime) || ok != tc.aggregated {
			t.Errorf("%s: Occurred = %v, %v, want %v, %v", tc.reason, got, ok, wantTime, tc.aggregated)
		}
		a, err := rec.Aggregated()
		switch {
		case !tc.aggregated && !errors.Is(err, event.ErrNotAggregated):
			t.Errorf("%s: Aggregated error = %v, want ErrNotAggregated", tc.reason, err)
		case tc.aggregated && (err != nil || a.EventID != "agg-1" || a.AccountID != "111122223333"):
			t.Errorf("%s: Aggregated = %+v, %v, want eventId agg-1, accountId 111122223333", tc.reason, a, err)
		}
	}
}
