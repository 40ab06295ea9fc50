package trail_test

import (
	"strings"
	"testing"

	"github.com/trailmap/trailmap/trail"
)

// TestCheckDeliveryErrors follows the CloudTrail API Reference,
// GetTrailStatus: LatestDeliveryError is the S3 error CloudTrail met
// delivering log files to the bucket ("fix the bucket policy ... or create
// a new bucket and call UpdateTrail"); LatestDigestDeliveryError the same
// for digest files; LatestCloudWatchLogsDeliveryError and
// LatestNotificationError the errors of CloudWatch Logs and SNS.
func TestCheckDeliveryErrors(t *testing.T) {
	const describe = `{"trailList": [{"Name": "main", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main",
	  "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "S3BucketName": "amzn-s3-demo-bucket",
	  "LogFileValidationEnabled": true, "HasCustomEventSelectors": false, "HasInsightSelectors": false, "IsOrganizationTrail": false}]}`
	status := func(members string) string {
		return `{"IsLogging": true, "LatestDeliveryTime": 1706600000.0, "StartLoggingTime": 1700000000.0,
		  "LatestDeliveryAttemptTime": "2024-01-30T07:33:20Z", "LatestNotificationAttemptTime": "", "LatestNotificationAttemptSucceeded": "",
		  "LatestDeliveryAttemptSucceeded": "2024-01-30T07:33:20Z", "TimeLoggingStarted": "2023-11-14T22:13:20Z", "TimeLoggingStopped": ""` + members + `}`
	}
	type want struct {
		code, path string
		sev        trail.Severity
		msg        string
	}
	for _, tc := range []struct {
		reason string
		status string
		want   []want
	}{
		{"get-trail-status of a healthy trail: nothing to say", status(``), nil},
		{"empty error strings are no error", status(`, "LatestDeliveryError": "", "LatestDigestDeliveryError": ""`), nil},
		{
			"LatestDeliveryError: log files are not reaching the bucket, an error",
			status(`, "LatestDeliveryError": "AccessDenied"`),
			[]want{{trail.FindingLogDeliveryFailing, "trails[0].LatestDeliveryError", trail.SeverityError, `"AccessDenied"`}},
		},
		{
			"the other three errors: digests, CloudWatch Logs and SNS, each a warning",
			status(`, "LatestDigestDeliveryError": "NoSuchBucket", "LatestCloudWatchLogsDeliveryError": "AccessDeniedException", "LatestNotificationError": "AuthorizationError"`),
			[]want{
				{trail.FindingCloudWatchLogsDeliveryFailing, "trails[0].LatestCloudWatchLogsDeliveryError", trail.SeverityWarning, "AccessDeniedException"},
				{trail.FindingDigestDeliveryFailing, "trails[0].LatestDigestDeliveryError", trail.SeverityWarning, "NoSuchBucket"},
				{trail.FindingNotificationFailing, "trails[0].LatestNotificationError", trail.SeverityWarning, "AuthorizationError"},
			},
		},
	} {
		d, err := trail.AssembleDeployment([]byte(describe), trail.Output{Trail: "main", Data: []byte(tc.status)})
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		var got []trail.Finding
		for _, f := range trail.Check(d) {
			switch f.Code {
			case trail.FindingLogDeliveryFailing, trail.FindingDigestDeliveryFailing, trail.FindingCloudWatchLogsDeliveryFailing, trail.FindingNotificationFailing:
				got = append(got, f)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %d findings %v, want %d", tc.reason, len(got), got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if g.Code != w.code || g.Path != w.path || g.Severity() != w.sev || !strings.Contains(g.Message, w.msg) || g.Fact == "" {
				t.Errorf("%s: got %s %s %v %q, want %s %s %v containing %q", tc.reason, g.Code, g.Path, g.Severity(), g.Message, w.code, w.path, w.sev, w.msg)
			}
		}
	}
	// The member written in a deployment file's trail object counts too.
	d, err := trail.ParseDeployment([]byte(`{"trails": [{"Name": "main", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main",
	  "IsMultiRegionTrail": true, "S3BucketName": "b", "LatestDeliveryError": "NoSuchBucket"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range trail.Check(d) {
		if f.Code == trail.FindingLogDeliveryFailing {
			n++
		}
	}
	if n != 1 {
		t.Errorf("a deployment file trail with LatestDeliveryError: %d %s findings, want 1", n, trail.FindingLogDeliveryFailing)
	}
}
