package trail_test

import (
	"strings"
	"testing"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// TestCheckGlobalEventsNotLogged: since 2021-11-22 global service events
// (IAM, CloudFront, STS through its global endpoint) are recorded in
// us-east-1 only and delivered to the trails there that include them
// (CloudTrail User Guide, global service events); an account whose trails
// log management events, none of which receives them, logs no IAM
// change at all.
func TestCheckGlobalEventsNotLogged(t *testing.T) {
	no := false
	single := func(region string, global bool) trail.Trail {
		x := mk(soloAcct, region, "t-"+region)
		x.IncludeGlobalServiceEvents = &global
		return x
	}
	for _, tc := range []struct {
		reason string
		trails []trail.Trail
		want   bool
	}{
		{"a single-Region trail in eu-west-1 only: IAM events are recorded in us-east-1, which it does not cover", []trail.Trail{single("eu-west-1", true)}, true},
		{"a single-Region trail in us-east-1 without global service events", []trail.Trail{single("us-east-1", false)}, true},
		{"a single-Region trail in us-east-1 with them", []trail.Trail{single("us-east-1", true)}, false},
		{"a multi-Region trail (which must include them)", []trail.Trail{multi(mk(soloAcct, "eu-west-1", "main"))}, false},
		{"a multi-Region trail logging data events only: NoManagementEvents says it, not this", []trail.Trail{func() trail.Trail {
			x := multi(mk(soloAcct, "eu-west-1", "main"))
			x.EventSelectors = []selector.Basic{{IncludeManagementEvents: &no, DataResources: []selector.DataResource{{Type: selector.S3Object, Values: []string{"arn:aws:s3"}}}}}
			return x
		}()}, false},
	} {
		var got []trail.Finding
		for _, f := range trail.Check(&trail.Deployment{Trails: tc.trails}) {
			if f.Code == trail.FindingGlobalEventsNotLogged {
				got = append(got, f)
			}
		}
		switch {
		case !tc.want && len(got) != 0:
			t.Errorf("%s: got %v", tc.reason, got)
		case tc.want && (len(got) != 1 || !strings.Contains(got[0].Message, "IAM") || len(got[0].Accounts) != 1 || got[0].Accounts[0] != soloAcct || got[0].Fact == ""):
			t.Errorf("%s: got %v, want one finding for account %s naming IAM", tc.reason, got, soloAcct)
		}
	}
}
