package trail_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/trail"
)

func TestParseStream(t *testing.T) {
	for _, tc := range []struct {
		reason, in string
		want       trail.Stream
		errSub     string
	}{
		{"account stream (CloudWatch log group and log stream naming)", "111122223333_CloudTrail_us-east-2", trail.Stream{Account: "111122223333", Region: "us-east-2"}, ""},
		{"overflow stream", "111122223333_CloudTrail_us-east-2_2", trail.Stream{Account: "111122223333", Region: "us-east-2", N: 2}, ""},
		{"organization trail stream", "o-exampleorgid_111122223333_CloudTrail_us-east-2", trail.Stream{OrgID: "o-exampleorgid", Account: "111122223333", Region: "us-east-2"}, ""},
		{"GovCloud Region", "111122223333_CloudTrail_us-gov-west-1_10", trail.Stream{Account: "111122223333", Region: "us-gov-west-1", N: 10}, ""},
		{"leading zero cannot round-trip", "111122223333_CloudTrail_us-east-2_02", trail.Stream{}, "overflow number"},
		{"zero overflow", "111122223333_CloudTrail_us-east-2_0", trail.Stream{}, "overflow number"},
		{"missing CloudTrail", "111122223333_us-east-2", trail.Stream{}, "want <account>_CloudTrail_<region>"},
		{"short account", "11112222333_CloudTrail_us-east-2", trail.Stream{}, "not 12 digits"},
		{"bad organization ID", "o-x_111122223333_CloudTrail_us-east-2", trail.Stream{}, "organization ID"},
		{"organization ID alone", "o-exampleorgid", trail.Stream{}, "want <o-orgId>"},
		{"not a Region", "111122223333_CloudTrail_useast", trail.Stream{}, "not a Region name"},
	} {
		got, err := trail.ParseStream(tc.in)
		if tc.errSub != "" {
			var se *trail.StreamError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.errSub) {
				t.Errorf("%s: got %v, want a *StreamError containing %q", tc.reason, err, tc.errSub)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %+v, %v; want %+v", tc.reason, got, err, tc.want)
			continue
		}
		if s := got.String(); s != tc.in {
			t.Errorf("%s: String() = %q, want %q", tc.reason, s, tc.in)
		}
	}
}

func FuzzParseStream(f *testing.F) {
	f.Add("o-exampleorgid_111122223333_CloudTrail_us-east-2_7")
	f.Add("111122223333_CloudTrail_eu-west-1")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := trail.ParseStream(s)
		if err != nil {
			return
		}
		if got := st.String(); got != s {
			t.Fatalf("ParseStream(%q).String() = %q", s, got)
		}
	})
}
