package trail_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

const describeTrails = `{"trailList": [
 {"Name": "management", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
  "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
  "S3BucketName": "audit", "HasCustomEventSelectors": true, "HasInsightSelectors": true},
 {"Name": "eu-data", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-data",
  "HomeRegion": "eu-west-1", "IncludeGlobalServiceEvents": false, "S3BucketName": "audit",
  "HasCustomEventSelectors": true}
]}`

func TestAssemble(t *testing.T) {
	selectors := trail.Output{Data: []byte(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
 "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": ["kms.amazonaws.com"]}]}`)}
	insights := trail.Output{Data: []byte(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
 "InsightSelectors": [{"InsightType": "ApiCallRateInsight"}]}`)}
	status := trail.Output{Trail: "eu-data", Data: []byte(`{"IsLogging": false, "LatestDeliveryTime": "2024-05-01T00:00:00Z"}`)}
	config := trail.Output{Data: []byte(`{"TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-data",
 "AggregationConfigurations": [{"EventCategory": "Data", "Templates": ["API_ACTIVITY"]}]}`)}

	trails, err := trail.Assemble([]byte(describeTrails), selectors, insights, status, config)
	if err != nil {
		t.Fatal(err)
	}
	m := &trails[0]
	if len(m.EventSelectors) != 1 || m.EventSelectors[0].ExcludeManagementEventSources[0] != "kms.amazonaws.com" || len(m.InsightSelectors) != 1 {
		t.Errorf("management trail: selectors %+v, insight selectors %+v", m.EventSelectors, m.InsightSelectors)
	}
	e := &trails[1]
	if e.Logging() {
		t.Error("eu-data: get-trail-status said IsLogging false")
	}
	if a := e.AggregationConfigurations; len(a) != 1 || a[0].EventCategory != "Data" || len(a[0].Templates) != 1 || a[0].Templates[0] != "API_ACTIVITY" {
		t.Errorf("eu-data: AggregationConfigurations not set: %+v", a)
	}
	// eu-data's custom selectors were not given: Check says so.
	var found bool
	for _, f := range trail.Check(&trail.Deployment{Trails: trails}) {
		if f.Code == trail.FindingSelectorsNotGiven && f.Trails[0] == e.TrailARN {
			found = true
		}
		if f.Code == trail.FindingSelectorsNotGiven && f.Trails[0] == m.TrailARN || f.Code == trail.FindingInsightSelectorsNotGiven {
			t.Errorf("finding for selectors that were given: %s", f)
		}
	}
	if !found {
		t.Error("no SelectorsNotGiven finding for eu-data")
	}

	bad := []struct {
		reason string
		out    trail.Output
		want   string
	}{
		{"an output no trail claims", trail.Output{Data: []byte(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/other", "EventSelectors": []}`)}, "no trail of describe-trails is"},
		{"get-trail-status names no trail", trail.Output{Data: []byte(`{"IsLogging": true}`)}, "names no trail"},
		{"not a CLI output of these commands", trail.Output{Trail: "management", Data: []byte(`{"Foo": 1}`)}, "not an output of"},
		{"Output.Trail contradicts the TrailARN", trail.Output{Trail: "eu-data", Data: selectors.Data}, "not eu-data"},
		{"not JSON", trail.Output{Trail: "management", Data: []byte(`{"IsLogging": tru`)}, ""},
	}
	for _, b := range bad {
		_, err := trail.Assemble([]byte(describeTrails), selectors, b.out)
		if err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), "outputs[1]") {
			t.Errorf("%s: err = %v, want one naming outputs[1] and containing %q", b.reason, err, b.want)
		}
	}
	// Every problem at once.
	_, err = trail.Assemble([]byte(describeTrails), bad[0].out, bad[1].out)
	if err == nil || !strings.Contains(err.Error(), "outputs[0]") || !strings.Contains(err.Error(), "outputs[1]") {
		t.Errorf("two bad outputs: %v", err)
	}
	var de *trail.DecodeError
	if _, err := trail.Assemble([]byte(`{"trailList": [`)); !errors.As(err, &de) {
		t.Errorf("bad describe-trails: %v, want a DecodeError", err)
	}
}

func TestCheckCoverage(t *testing.T) {
	yes, no := true, false
	d := &trail.Deployment{Trails: []trail.Trail{
		{Name: "management", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/management", HomeRegion: "us-east-1",
			IncludeGlobalServiceEvents: &yes, S3BucketName: "audit"},
		{Name: "copy", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/copy", HomeRegion: "us-east-1",
			IncludeGlobalServiceEvents: &no, S3BucketName: "audit", S3KeyPrefix: "again"},
		{Name: "eu-s3", TrailARN: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-s3", HomeRegion: "eu-west-1",
			IncludeGlobalServiceEvents: &no, S3BucketName: "data",
			EventSelectors: []selector.Basic{{IncludeManagementEvents: &no, DataResources: []selector.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}},
	}}
	got := map[string][]string{}
	for _, f := range trail.Check(d) {
		got[f.Code] = append(got[f.Code], f.Message)
	}
	tests := []struct {
		code, msg, reason string
	}{
		{trail.FindingNoManagementEvents, "in ap-northeast-1, ap-northeast-2", "single-Region trails in us-east-1 only: the other 16 Regions log no management events"},
		{trail.FindingDataEventsSomeRegions, "AWS::S3::Object of account 111122223333 are logged in Region eu-west-1 only", "S3 data events only where the single-Region trail is"},
		{trail.FindingLoggedTwice, "management and arn:aws:cloudtrail:us-east-1:111122223333:trail/copy both log", "two trails of all management events into one bucket"},
	}
	for _, tc := range tests {
		if len(got[tc.code]) != 1 || !strings.Contains(got[tc.code][0], tc.msg) {
			t.Errorf("%s: %s findings %q, want one containing %q", tc.reason, tc.code, got[tc.code], tc.msg)
		}
	}
	if strings.Contains(strings.Join(got[trail.FindingNoManagementEvents], ""), "us-east-1") {
		t.Errorf("us-east-1 has management events: %q", got[trail.FindingNoManagementEvents])
	}
}
