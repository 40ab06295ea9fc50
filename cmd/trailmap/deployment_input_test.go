package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeploymentOtherOutputs: JSON that is another AWS CLI output, or
// records, given as -deployment is a configuration error (exit 2) that
// says what it is and what -deployment takes, for check and coverage
// alike.
func TestDeploymentOtherOutputs(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		reason, data, want string
	}{
		{
			"aws cloudtrail list-trails (API ListTrails: TrailARN, Name and HomeRegion only) has none of the settings routing needs",
			`{"Trails": [{"TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main", "Name": "main", "HomeRegion": "us-east-1"}]}`,
			"this is the output of aws cloudtrail list-trails, which names the trails but not their settings; give the output of aws cloudtrail describe-trails",
		},
		{
			"a CloudTrail log file holds records, which trailmap route reads",
			`{"Records": [{"eventVersion": "1.08", "eventSource": "iam.amazonaws.com", "eventName": "CreateUser"}]}`,
			"this holds CloudTrail records, not trails",
		},
		{
			"aws cloudtrail lookup-events output holds records too",
			`{"Events": [{"EventId": "x", "EventName": "CreateUser", "CloudTrailEvent": "{}"}]}`,
			"this holds CloudTrail records, not trails",
		},
		{
			"a deployment file whose trails member is misspelt Trails, holding whole trails, is told as the unknown member it is",
			`{"Trails": [{"Name": "main", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main", "IsMultiRegionTrail": true}]}`,
			`unknown member "Trails" (want "organization", "accounts" or "trails")`,
		},
	} {
		file := filepath.Join(dir, "in.json")
		if err := os.WriteFile(file, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, sub := range []string{"check", "coverage"} {
			out, errOut, code := runCLI(t, nil, sub, "-deployment", file)
			if code != exitUsage || len(out) != 0 || !strings.Contains(errOut, tc.want) {
				t.Errorf("%s: %s: exit %d, stdout %q, stderr %q; want exit %d and a message containing %q", tc.reason, sub, code, out, errOut, exitUsage, tc.want)
			}
		}
	}
}
