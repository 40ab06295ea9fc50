package trail_test

import (
	"strings"
	"testing"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// TestCheckManagementEventsPartial: trails that log the read management
// events of an account and Region but none of its write ones, or the
// reverse (AWS Security Hub control CloudTrail.1 asks for a multi-Region
// trail logging read and write management events; the CloudTrail User
// Guide, "Read and write events", defines the two kinds). Excluding the
// high-volume AWS KMS or RDS Data API events is what "Managing CloudTrail
// trail costs" recommends, not a finding.
func TestCheckManagementEventsPartial(t *testing.T) {
	tr := func(sels ...selector.Basic) trail.Trail {
		x := multi(mk(soloAcct, "us-east-1", "main"))
		x.EventSelectors = sels
		return x
	}
	mgmtOnly := func(a selector.Advanced) trail.Trail {
		x := multi(mk(soloAcct, "us-east-1", "main"))
		x.AdvancedEventSelectors = []selector.Advanced{a}
		return x
	}
	for _, tc := range []struct {
		reason string
		trails []trail.Trail
		want   string // "" for no finding, else a substring of the message
	}{
		{"ReadWriteType ReadOnly: no write management event is logged", []trail.Trail{tr(selector.Basic{ReadWriteType: selector.ReadOnly})}, "no write management event"},
		{"ReadWriteType WriteOnly: no read management event is logged", []trail.Trail{tr(selector.Basic{ReadWriteType: selector.WriteOnly})}, "no read management event"},
		{"advanced readOnly Equals true: no write management event is logged",
			[]trail.Trail{mgmtOnly(selector.Advanced{Fields: []selector.Field{eqField(selector.FieldEventCategory, "Management"), eqField(selector.FieldReadOnly, "true")}})}, "no write management event"},
		{"ReadWriteType All: both", []trail.Trail{tr(selector.Basic{ReadWriteType: selector.All})}, ""},
		{"excluding AWS KMS events is a cost choice the guide recommends, not a finding",
			[]trail.Trail{tr(selector.Basic{ExcludeManagementEventSources: []string{selector.KMSSource}})}, ""},
		{"a read-only trail and a write-only trail together log both", []trail.Trail{
			tr(selector.Basic{ReadWriteType: selector.ReadOnly}),
			func() trail.Trail {
				x := tr(selector.Basic{ReadWriteType: selector.WriteOnly})
				x.Name, x.TrailARN = "w-1", "arn:aws:cloudtrail:us-east-1:123456789012:trail/w-1"
				return x
			}(),
		}, ""},
	} {
		var got []trail.Finding
		for _, f := range trail.Check(&trail.Deployment{Trails: tc.trails}) {
			if f.Code == trail.FindingManagementEventsPartial {
				got = append(got, f)
			}
		}
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("%s: got %v, want no %s finding", tc.reason, got, trail.FindingManagementEventsPartial)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0].Message, tc.want) || got[0].Severity() != trail.SeverityWarning || got[0].Fact == ""):
			t.Errorf("%s: got %v, want one warning containing %q", tc.reason, got, tc.want)
		}
	}
}
