package trail_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// TestStrictTables checks that Deployment.Validate and NewRouter accept a
// resources.type or network activity eventSource missing from the dated
// tables by default (Check warns of it) and, under WithStrictTables,
// reject it with the exception AWS returns for an invalid value, with the
// same message as selector.Options.Strict (CloudTrail User Guide,
// "Logging data events" and "Logging network activity events": "specify
// a valid value").
func TestStrictTables(t *testing.T) {
	const fs = "trails[0].AdvancedEventSelectors[0].FieldSelectors[1].Equals[0]"
	adv := func(category, field, value string) []selector.Advanced {
		return advanced(eqField(selector.FieldEventCategory, category), eqField(field, value))
	}
	for _, tc := range []struct {
		reason  string
		basic   []selector.Basic
		adv     []selector.Advanced
		warn    string // Check's finding code by default; "" for none
		strict  bool   // whether WithStrictTables rejects it
		nearest string // the nearest documented value the message names
	}{
		{reason: "a documented type passes either way (Logging data events table)",
			adv: adv("Data", selector.FieldResourcesType, "AWS::SNS::Topic")},
		{reason: "the typo AWS::S3::Objects: a warning naming AWS::S3::Object, strict rejects it",
			adv: adv("Data", selector.FieldResourcesType, "AWS::S3::Objects"), warn: trail.FindingUnknownResourceType, strict: true, nearest: "AWS::S3::Object"},
		{reason: "a made-up type: a warning, strict rejects it",
			adv: adv("Data", selector.FieldResourcesType, "AWS::Made::Up"), warn: trail.FindingUnknownResourceType, strict: true},
		{reason: "a documented network event source passes either way (Logging network activity events)",
			adv: adv("NetworkActivity", selector.FieldEventSource, "cloudtrail.amazonaws.com")},
		{reason: "a network event source typo: a warning naming kms.amazonaws.com, strict rejects it",
			adv: adv("NetworkActivity", selector.FieldEventSource, "kms.amazonaws.co"), warn: trail.FindingUnknownNetworkEventSource, strict: true, nearest: "kms.amazonaws.com"},
		{reason: "a management selector's eventSource NotEquals is not checked against the network table",
			adv: advanced(eqField(selector.FieldEventCategory, "Management"), selector.Field{Field: selector.FieldEventSource, NotEquals: []string{selector.KMSSource}})},
		{reason: "basic selectors name only the three basic types, whatever the option",
			basic: []selector.Basic{{ReadWriteType: selector.All, DataResources: []selector.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}},
	} {
		tr := mk(soloAcct, "us-east-1", "main")
		tr.EventSelectors, tr.AdvancedEventSelectors = tc.basic, tc.adv
		d := &trail.Deployment{Trails: []trail.Trail{tr}}

		if err := d.Validate(); err != nil {
			t.Errorf("%s: Validate: %v; by default a value missing from the tables is Check's warning", tc.reason, err)
		}
		if _, err := trail.NewRouter(d); err != nil {
			t.Errorf("%s: NewRouter: %v", tc.reason, err)
		}
		var warned bool
		for _, f := range trail.Check(d) {
			if tc.warn != "" && f.Code == tc.warn && f.Path == fs && strings.Contains(f.Message, selector.TablesDate) &&
				strings.Contains(f.Message, "the nearest is "+tc.nearest) {
				warned = true
			}
			if f.Code == trail.FindingUnknownResourceType || f.Code == trail.FindingUnknownNetworkEventSource {
				if tc.warn == "" {
					t.Errorf("%s: Check: unexpected %s", tc.reason, f.Code)
				}
			}
		}
		if tc.warn != "" && !warned {
			t.Errorf("%s: Check %v: no %s at %s naming %s and %q", tc.reason, trail.Check(d), tc.warn, fs, selector.TablesDate, tc.nearest)
		}

		err := d.Validate(trail.WithStrictTables())
		_, rerr := trail.NewRouter(d, trail.WithStrictTables(), trail.WithoutReasons())
		if !tc.strict {
			if err != nil || rerr != nil {
				t.Errorf("%s: strict: Validate %v, NewRouter %v; want both nil", tc.reason, err, rerr)
			}
			continue
		}
		// The same problem, path and message as the selector package's
		// strict validation, under the trail's path.
		_, serr := selector.Options{Strict: true}.Validate(tc.basic, tc.adv)
		var ses selector.Errors
		if !errors.As(serr, &ses) || len(ses) != 1 {
			t.Fatalf("%s: selector strict: %v, want one error", tc.reason, serr)
		}
		want := []problem{{"trails[0]." + ses[0].Path, selector.CodeInvalidEventSelectors, ses[0].Msg}}
		if got := problemsOf(t, err); len(got) != 1 || got[0] != want[0] || got[0].Path != fs {
			t.Errorf("%s: strict Validate: %v, want %v", tc.reason, got, want)
		}
		if got := problemsOf(t, rerr); len(got) != 1 || got[0] != want[0] {
			t.Errorf("%s: strict NewRouter: %v, want %v", tc.reason, got, want)
		}
		if !strings.Contains(want[0].Msg, selector.TablesDate) {
			t.Errorf("%s: strict message %q does not name the tables' date %s", tc.reason, want[0].Msg, selector.TablesDate)
		}
	}
}
