package trail_test

import (
	"reflect"
	"testing"

	"github.com/trailmap/trailmap/trail"
)

// TestBestPractices follows CloudTrail User Guide, "Security best
// practices in AWS CloudTrail" (create a multi-Region trail, enable log
// file integrity validation, integrate with CloudWatch Logs, use SSE-KMS),
// which AWS Security Hub checks as controls CloudTrail.1, .4, .5 and .2.
// They are considerations, not problems, so Check leaves them out.
func TestBestPractices(t *testing.T) {
	f := false
	good := func(tr trail.Trail) trail.Trail {
		tr.LogFileValidationEnabled = true
		tr.KmsKeyID = "arn:aws:kms:us-east-1:" + tr.Account() + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
		tr.CloudWatchLogsLogGroupArn = "arn:aws:logs:us-east-1:" + tr.Account() + ":log-group:CloudTrail:*"
		tr.CloudWatchLogsRoleArn = "arn:aws:iam::" + tr.Account() + ":role/CloudTrail_CloudWatchLogs_Role"
		return tr
	}
	type want struct{ code, path string }
	for _, tc := range []struct {
		reason string
		d      *trail.Deployment
		want   []want
	}{
		{"a multi-Region trail with validation, SSE-KMS and CloudWatch Logs: nothing to say",
			&trail.Deployment{Trails: []trail.Trail{good(multi(mk(soloAcct, "us-east-1", "main")))}}, nil},
		{"a multi-Region trail as describe-trails prints the console default: three considerations",
			&trail.Deployment{Trails: []trail.Trail{multi(mk(soloAcct, "us-east-1", "main"))}},
			[]want{{trail.FindingNoCloudWatchLogs, "trails[0].CloudWatchLogsLogGroupArn"}, {trail.FindingNoKMSEncryption, "trails[0].KmsKeyId"}, {trail.FindingNoLogFileValidation, "trails[0].LogFileValidationEnabled"}}},
		{"single-Region trails only: no multi-Region trail for the account",
			&trail.Deployment{Trails: []trail.Trail{good(mk(soloAcct, "us-east-1", "east"))}},
			[]want{{trail.FindingNoMultiRegionTrail, ""}}},
		{"a stopped trail is left to NotLogging",
			&trail.Deployment{Trails: []trail.Trail{good(multi(mk(soloAcct, "us-east-1", "main"))), func() trail.Trail { x := multi(mk(soloAcct, "us-east-1", "old")); x.IsLogging = &f; return x }()}}, nil},
		{"an organization trail gives its members a multi-Region trail",
			orgDeployment(good(org(multi(mk(mgmtAcct, "us-east-1", "org-audit"))))), nil},
	} {
		var got []want
		for _, f := range trail.BestPractices(tc.d) {
			got = append(got, want{f.Code, f.Path})
			if f.Severity() != trail.SeverityWarning || f.Fact == "" || f.Message == "" {
				t.Errorf("%s: %v: want a warning with a message and a fact", tc.reason, f)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.reason, got, tc.want)
		}
		for _, f := range trail.Check(tc.d) {
			switch f.Code {
			case trail.FindingNoCloudWatchLogs, trail.FindingNoKMSEncryption, trail.FindingNoLogFileValidation, trail.FindingNoMultiRegionTrail:
				t.Errorf("%s: Check reports %s", tc.reason, f.Code)
			}
		}
	}
}
