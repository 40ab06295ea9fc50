package selector

import (
	"strings"
	"testing"
)

// TestOptionsTableValues checks values outside the documented tables
// (tables.json, TablesDate): a warning naming the table's date and the
// nearest documented value, or under Strict the AWS exception. The data
// events page says to "specify a valid value" from its table (CloudTrail
// User Guide, "Logging data events"); the network activity page lists the
// valid eventSource values (CloudTrail User Guide, "Logging network
// activity events").
func TestOptionsTableValues(t *testing.T) {
	dataOf := func(typ string) []Advanced {
		return []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, typ))}
	}
	netOf := func(src string) []Advanced {
		return []Advanced{sel("", eq(FieldEventCategory, "NetworkActivity"), eq(FieldEventSource, src))}
	}
	const fs = "AdvancedEventSelectors[0].FieldSelectors[1].Equals[0]"
	for _, tc := range []struct {
		reason  string
		sels    []Advanced
		target  Target
		code    string // warning code; "" for none
		nearest string
	}{
		{"a documented type (Logging data events table)", dataOf("AWS::SNS::Topic"), TargetTrail, "", ""},
		{"a made-up type", dataOf("AWS::Made::Up"), TargetTrail, WarnUnknownResourceType, ""},
		{"the typo AWS::S3::Objects names AWS::S3::Object", dataOf("AWS::S3::Objects"), TargetTrail, WarnUnknownResourceType, "AWS::S3::Object"},
		{"case matters: aws::s3::object is not documented", dataOf("AWS::s3::Object"), TargetTrail, WarnUnknownResourceType, "AWS::S3::Object"},
		{"same for event data stores", dataOf("AWS::S3::Objects"), TargetEventDataStore, WarnUnknownResourceType, "AWS::S3::Object"},
		{"a documented network event source (Logging network activity events)", netOf("cloudtrail.amazonaws.com"), TargetTrail, "", ""},
		{"an undocumented network event source", netOf("iam.amazonaws.com"), TargetTrail, WarnUnknownNetworkEventSource, ""},
		{"a network event source typo", netOf("kms.amazonaws.co"), TargetTrail, WarnUnknownNetworkEventSource, "kms.amazonaws.com"},
	} {
		warns, err := Options{Target: tc.target}.Validate(nil, tc.sels)
		if err != nil {
			t.Errorf("%s: error %v; a value missing from the tables is a warning unless strict", tc.reason, err)
		}
		if tc.code == "" {
			if len(warns) != 0 {
				t.Errorf("%s: warnings %v, want none", tc.reason, warns)
			}
			if _, err := (Options{Target: tc.target, Strict: true}).Validate(nil, tc.sels); err != nil {
				t.Errorf("%s: strict: %v", tc.reason, err)
			}
			continue
		}
		if len(warns) != 1 || warns[0].Code != tc.code || warns[0].Path != fs ||
			!strings.Contains(warns[0].Msg, TablesDate) || !strings.Contains(warns[0].Msg, "the nearest is "+tc.nearest) {
			t.Errorf("%s: warnings %v, want one %s at %s naming %s and %q", tc.reason, warns, tc.code, fs, TablesDate, tc.nearest)
		}
		// ValidateAdvanced (and Compile) accept it: AWS may.
		if err := ValidateAdvanced(tc.sels, tc.target); err != nil {
			t.Errorf("%s: ValidateAdvanced: %v", tc.reason, err)
		}
		warns, err = Options{Target: tc.target, Strict: true}.Validate(nil, tc.sels)
		if len(warns) != 0 {
			t.Errorf("%s: strict gave warnings %v", tc.reason, warns)
		}
		checkProblems(t, err, []problem{{fs, ies, "Value "}}, tc.reason+" (strict)")
		if !strings.Contains(err.Error(), " is invalid.") || !strings.Contains(err.Error(), tc.nearest) {
			t.Errorf("%s: strict message %q", tc.reason, err)
		}
	}
	// Basic selectors go through the same entry point.
	warns, err := Options{}.Validate([]Basic{{IncludeManagementEvents: boolPtr(false)}}, nil)
	if len(warns) != 0 {
		t.Errorf("basic: warnings %v", warns)
	}
	checkProblems(t, err, []problem{{"EventSelectors[0]", ies, "DataResources must not be empty"}}, "basic through Options")
}
