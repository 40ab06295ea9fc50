package trail_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// TestCheckManagementEventsCharged follows CloudTrail User Guide, "Managing
// CloudTrail trail costs": the first copy of management events in each
// Region is free; every further trail delivering the same management
// events, whatever its bucket, delivers a charged copy.
func TestCheckManagementEventsCharged(t *testing.T) {
	f := false
	arn := func(acct, region, name string) string {
		return "arn:aws:cloudtrail:" + region + ":" + acct + ":trail/" + name
	}
	bucket := func(tr trail.Trail, b string) trail.Trail {
		tr.S3BucketName = b
		return tr
	}
	sel := func(tr trail.Trail, s ...selector.Basic) trail.Trail {
		tr.EventSelectors = s
		return tr
	}
	readOnly := selector.Basic{ReadWriteType: selector.ReadOnly}
	writeOnly := selector.Basic{ReadWriteType: selector.WriteOnly}
	stopped := func(tr trail.Trail) trail.Trail {
		tr.IsLogging = &f
		return tr
	}
	type want struct {
		trails   []string
		accounts []string
		msg      string
	}
	for _, tc := range []struct {
		reason string
		d      *trail.Deployment
		want   []want
	}{
		{
			"the page's first example: single-Region trails in us-east-1 and us-west-2, one trail logging in each Region, no charges",
			&trail.Deployment{Trails: []trail.Trail{bucket(mk(soloAcct, "us-east-1", "east"), "b1"), bucket(mk(soloAcct, "us-west-2", "west"), "b2")}},
			nil,
		},
		{
			"the page's second example: a multi-Region trail and a single-Region trail in another bucket; the single-Region trail's copy is charged",
			&trail.Deployment{Trails: []trail.Trail{bucket(multi(mk(soloAcct, "us-east-1", "main")), "b1"), bucket(mk(soloAcct, "us-west-2", "west"), "b2")}},
			[]want{{[]string{arn(soloAcct, "us-east-1", "main"), arn(soloAcct, "us-west-2", "west")}, []string{soloAcct}, "in Region us-west-2"}},
		},
		{
			"Organizations: a member account's own trail collecting the same management events as the organization trail pays for the second copy",
			orgDeployment(bucket(org(multi(mk(mgmtAcct, "us-east-1", "org-audit"))), "org-bucket"), bucket(multi(mk(memberAcct, "us-east-1", "own")), "own-bucket")),
			[]want{{[]string{arn(mgmtAcct, "us-east-1", "org-audit"), arn(memberAcct, "us-east-1", "own")}, []string{memberAcct}, "18 Regions"}},
		},
		{
			"read-only and write-only management events: no event is delivered twice",
			&trail.Deployment{Trails: []trail.Trail{sel(multi(mk(soloAcct, "us-east-1", "reads")), readOnly), bucket(sel(multi(mk(soloAcct, "us-east-1", "writes")), writeOnly), "b2")}},
			nil,
		},
		{
			"a trail of data events only beside a management trail delivers no copy of management events",
			&trail.Deployment{Trails: []trail.Trail{multi(mk(soloAcct, "us-east-1", "main")), bucket(sel(multi(mk(soloAcct, "us-east-1", "data")),
				selector.Basic{IncludeManagementEvents: &f, DataResources: []selector.DataResource{{Type: selector.S3Object, Values: []string{"arn:aws:s3"}}}}), "b2")}},
			nil,
		},
		{
			"two trails logging the data events of all S3 objects: every data event delivery is charged, so each S3 data event is paid twice (DataEventsCharged, not this finding)",
			&trail.Deployment{Trails: []trail.Trail{sel(multi(mk(soloAcct, "us-east-1", "s3-a")), selector.Basic{IncludeManagementEvents: &f, DataResources: []selector.DataResource{{Type: selector.S3Object, Values: []string{"arn:aws:s3"}}}}),
				bucket(sel(multi(mk(soloAcct, "us-east-1", "s3-b")), selector.Basic{IncludeManagementEvents: &f, DataResources: []selector.DataResource{{Type: selector.S3Object, Values: []string{"arn:aws:s3"}}}}), "b2")}},
			nil,
		},
		{
			"a stopped trail delivers nothing, so it costs nothing (StopLogging)",
			&trail.Deployment{Trails: []trail.Trail{multi(mk(soloAcct, "us-east-1", "main")), bucket(stopped(multi(mk(soloAcct, "us-east-1", "old"))), "b2")}},
			nil,
		},
	} {
		var got []trail.Finding
		data := 0
		for _, fd := range trail.Check(tc.d) {
			switch fd.Code {
			case trail.FindingManagementEventsCharged:
				got = append(got, fd)
			case trail.FindingDataEventsCharged:
				data++
			}
		}
		if wantData := strings.Contains(tc.reason, "DataEventsCharged"); (data == 1) != wantData || data > 1 {
			t.Errorf("%s: %d %s findings", tc.reason, data, trail.FindingDataEventsCharged)
		}
		if len(got) != len(tc.want) {
			var lines []string
			for _, g := range got {
				lines = append(lines, g.String())
			}
			t.Errorf("%s: got %d %s findings, want %d:\n%s", tc.reason, len(got), trail.FindingManagementEventsCharged, len(tc.want), strings.Join(lines, "\n"))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if !reflect.DeepEqual(g.Trails, w.trails) || !reflect.DeepEqual(g.Accounts, w.accounts) || !strings.Contains(g.Message, w.msg) || g.Fact == "" {
				t.Errorf("%s: got trails %q accounts %q message %q fact %q, want trails %q accounts %q message containing %q",
					tc.reason, g.Trails, g.Accounts, g.Message, g.Fact, w.trails, w.accounts, w.msg)
			}
			if g.Severity() != trail.SeverityWarning {
				t.Errorf("%s: severity %v, want warning (a cost, not a gap)", tc.reason, g.Severity())
			}
		}
	}
}
