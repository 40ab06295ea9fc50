package trail_test

import (
	"strings"
	"testing"

	"github.com/trailmap/trailmap/trail"
)

// TestAssembleListTrails: the output of aws cloudtrail list-trails (API
// ListTrails: TrailARN, Name and HomeRegion of each trail) given beside
// describe-trails adds nothing, and is accepted; a trail it lists that
// describe-trails does not is an error naming it.
func TestAssembleListTrails(t *testing.T) {
	const describe = `{"trailList": [{"Name": "main", "TrailARN": "arn:aws:cloudtrail:us-east-2:123456789012:trail/main",
	  "HomeRegion": "us-east-2", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "S3BucketName": "b"}]}`
	for _, tc := range []struct {
		reason, list, err string
	}{
		{"the same trail", `{"Trails": [{"TrailARN": "arn:aws:cloudtrail:us-east-2:123456789012:trail/main", "Name": "main", "HomeRegion": "us-east-2"}]}`, ""},
		{"a trail describe-trails does not list (run in another Region, single-Region trails show only in theirs)",
			`{"Trails": [{"TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/eu", "Name": "eu", "HomeRegion": "eu-west-1"}]}`,
			"list-trails names trail arn:aws:cloudtrail:eu-west-1:123456789012:trail/eu (home Region eu-west-1), which the describe-trails output does not list"},
	} {
		d, err := trail.AssembleDeployment([]byte(describe), trail.Output{Data: []byte(tc.list)})
		switch {
		case tc.err == "" && (err != nil || len(d.Trails) != 1):
			t.Errorf("%s: %v", tc.reason, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want one containing %q", tc.reason, err, tc.err)
		}
	}
}
