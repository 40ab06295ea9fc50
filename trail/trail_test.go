package trail_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/trail"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func boolp(b bool) *bool { return &b }

func TestTrailAccessors(t *testing.T) {
	for _, tc := range []struct {
		reason              string
		tr                  trail.Trail
		account, part, home string
		global, logging     bool
	}{
		{
			reason:  "everything from the ARN; absent flags mean true",
			tr:      trail.Trail{Name: "t1", TrailARN: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/t1"},
			account: "123456789012", part: "aws", home: "eu-west-1", global: true, logging: true,
		},
		{
			reason:  "HomeRegion wins over the ARN's Region; false flags are kept",
			tr:      trail.Trail{TrailARN: "arn:aws-cn:cloudtrail:cn-north-1:123456789012:trail/t", HomeRegion: "cn-northwest-1", IncludeGlobalServiceEvents: boolp(false), IsLogging: boolp(false)},
			account: "123456789012", part: "aws-cn", home: "cn-northwest-1", global: false, logging: false,
		},
		{
			reason: "no ARN: no account; the partition comes from the home Region",
			tr:     trail.Trail{HomeRegion: "us-gov-west-1", IncludeGlobalServiceEvents: boolp(true), IsLogging: boolp(true)},
			part:   "aws-us-gov", home: "us-gov-west-1", global: true, logging: true,
		},
		{
			reason: "malformed ARN (11-digit account): no account, no home",
			tr:     trail.Trail{TrailARN: "arn:aws:cloudtrail:us-east-1:12345678901:trail/t"},
			global: true, logging: true,
		},
	} {
		tr := tc.tr
		if got := tr.Account(); got != tc.account {
			t.Errorf("%s: Account() = %q, want %q", tc.reason, got, tc.account)
		}
		if got := tr.Partition(); got != tc.part {
			t.Errorf("%s: Partition() = %q, want %q", tc.reason, got, tc.part)
		}
		if got := tr.Home(); got != tc.home {
			t.Errorf("%s: Home() = %q, want %q", tc.reason, got, tc.home)
		}
		if got := tr.IncludesGlobalServiceEvents(); got != tc.global {
			t.Errorf("%s: IncludesGlobalServiceEvents() = %v, want %v", tc.reason, got, tc.global)
		}
		if got := tr.Logging(); got != tc.logging {
			t.Errorf("%s: Logging() = %v, want %v", tc.reason, got, tc.logging)
		}
	}
}

func TestParseTrailsDescribeTrails(t *testing.T) {
	ts, err := trail.ParseTrails(readTestdata(t, "config/describe-trails.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 {
		t.Fatalf("got %d trails, want 2", len(ts))
	}
	org, mine := ts[0], ts[1]
	if org.Name != "org-audit" || !org.IsOrganizationTrail || !org.IsMultiRegionTrail || org.S3KeyPrefix != "org" || org.Account() != "111122223333" {
		t.Errorf("first trail decoded wrong: %+v", org)
	}
	if mine.IncludesGlobalServiceEvents() || mine.Home() != "us-east-2" {
		t.Errorf("second trail: IncludesGlobalServiceEvents %v home %q, want false us-east-2", mine.IncludesGlobalServiceEvents(), mine.Home())
	}
	raw, ok := mine.Unknown("SomeFutureMember")
	if !ok || string(raw) != `{"Enabled":true}` {
		t.Errorf("unknown member: got %q %v, want it kept as decoded", raw, ok)
	}
	// Lossless: encoding keeps the unknown member, and decoding again is equal.
	b, err := json.Marshal(mine)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"SomeFutureMember":{"Enabled":true}`) {
		t.Errorf("encoded trail lost the unknown member: %s", b)
	}
	var again trail.Trail
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, mine) {
		t.Errorf("decode(encode(t)) != t:\n got %+v\nwant %+v", again, mine)
	}
}

func TestParseTrailsShapes(t *testing.T) {
	for _, tc := range []struct {
		reason, in string
		names      []string
		errSub     string
	}{
		{"get-trail output", `{"Trail": {"Name": "a1b"}}`, []string{"a1b"}, ""},
		{"bare array", `[{"Name": "a1b"}, {"Name": "c2d"}]`, []string{"a1b", "c2d"}, ""},
		{"empty trailList", `{"trailList": []}`, []string{}, ""},
		{"other members of the output are ignored", `{"trailList": [{"Name": "x1y"}], "NextToken": "abc"}`, []string{"x1y"}, ""},
		// PowerShell 5's Out-File -Encoding utf8 (and Notepad) begin a
		// saved CLI output with a byte order mark; RFC 8259 §8.1 lets a
		// parser ignore it, and the record readers do.
		// describe-trails lists a Region's trails and the multi-Region
		// trails of other Regions (API Reference, DescribeTrails): an
		// account's trails take one output per Region, as a loop over the
		// Regions prints them back to back. A trail listed in several is
		// one trail.
		{"describe-trails of two Regions back to back", `{"trailList": [{"Name": "a1b", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/a1b", "IsMultiRegionTrail": true}]}` + "\n" +
			`{"trailList": [{"Name": "a1b", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/a1b", "IsMultiRegionTrail": true}, {"Name": "c2d", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/c2d"}]}`, []string{"a1b", "c2d"}, ""},
		{"a syntax error in the second output, placed in the whole input", `{"trailList": []}` + "\n" + `{"trailList": [}`, nil, "2:16:"},
		{"UTF-16 (Windows PowerShell 5's >): named, with what to do", "\xff\xfe{\x00}\x00", nil, "UTF-16 text (byte order mark FF FE)"},
		{"a UTF-8 byte order mark before the output", "\ufeff" + `{"trailList": [{"Name": "x1y"}]}`, []string{"x1y"}, ""},
		{"neither shape", `{"Trails": []}`, nil, "want describe-trails output"},
		{"both shapes", `{"trailList": [], "Trail": {}}`, nil, `1:19: member "Trail" after "trailList"`},
		{"wrong type, position inside the second trail", "{\"trailList\": [\n {\"Name\": \"a\"},\n {\"IsMultiRegionTrail\": \"yes\"}]}", nil, "3:25: trailList[1].IsMultiRegionTrail: cannot decode JSON string into bool"},
		{"syntax error", `{"trailList": [}`, nil, "1:16:"},
	} {
		ts, err := trail.ParseTrails([]byte(tc.in))
		if tc.errSub != "" {
			if err == nil || !strings.Contains(err.Error(), tc.errSub) {
				t.Errorf("%s: got error %v, want one containing %q", tc.reason, err, tc.errSub)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.reason, err)
			continue
		}
		names := []string{}
		for _, tr := range ts {
			names = append(names, tr.Name)
		}
		if !reflect.DeepEqual(names, tc.names) {
			t.Errorf("%s: got trails %q, want %q", tc.reason, names, tc.names)
		}
	}
}

func TestMergeSelectors(t *testing.T) {
	ts, err := trail.ParseTrails(readTestdata(t, "config/describe-trails.json"))
	if err != nil {
		t.Fatal(err)
	}
	org := ts[0]
	if err := org.MergeEventSelectors(readTestdata(t, "config/get-event-selectors-advanced.json")); err != nil {
		t.Fatal(err)
	}
	if len(org.AdvancedEventSelectors) != 2 || len(org.EventSelectors) != 0 {
		t.Errorf("advanced merge: got %d advanced, %d basic, want 2, 0", len(org.AdvancedEventSelectors), len(org.EventSelectors))
	}
	if err := org.MergeInsightSelectors(readTestdata(t, "config/get-insight-selectors.json")); err != nil {
		t.Fatal(err)
	}
	if len(org.InsightSelectors) != 2 || !org.HasInsightSelectors {
		t.Errorf("insight merge: got %d selectors, HasInsightSelectors %v", len(org.InsightSelectors), org.HasInsightSelectors)
	}

	// A basic configuration replaces the advanced one, as PutEventSelectors does.
	org.TrailARN = ""
	if err := org.MergeEventSelectors(readTestdata(t, "config/get-event-selectors-basic.json")); err != nil {
		t.Fatal(err)
	}
	if len(org.AdvancedEventSelectors) != 0 || len(org.EventSelectors) != 1 || org.TrailARN == "" {
		t.Errorf("basic merge: got %d advanced, %d basic, ARN %q", len(org.AdvancedEventSelectors), len(org.EventSelectors), org.TrailARN)
	}

	err = org.MergeInsightSelectors([]byte(`{"EventDataStoreArn": "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE", "InsightSelectors": []}`))
	if err == nil || !strings.Contains(err.Error(), "event data store") {
		t.Errorf("merging an event data store's insight selectors: got %v, want an error", err)
	}
	err = org.MergeEventSelectors([]byte(`{"EventSelectors": [}`))
	var de *trail.DecodeError
	if !errors.As(err, &de) || de.Line != 1 || de.Column != 21 {
		t.Errorf("malformed get-event-selectors output: got %v, want a *DecodeError at 1:21", err)
	}

	mine := ts[1]
	err = mine.MergeEventSelectors(readTestdata(t, "config/get-event-selectors-advanced.json"))
	if err == nil || !strings.Contains(err.Error(), "is for arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit") {
		t.Errorf("merging another trail's selectors: got %v, want an error naming both ARNs", err)
	}
}

func TestParseDeployment(t *testing.T) {
	d, err := trail.ParseDeployment(readTestdata(t, "deployments/org.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Organization == nil || d.Organization.ID != "o-exampleorgid" || !d.Organization.Member("444455556666") {
		t.Errorf("organization decoded wrong: %+v", d.Organization)
	}
	if got := d.Accounts["444455556666"].EnabledRegions; !reflect.DeepEqual(got, []string{"af-south-1"}) {
		t.Errorf("EnabledRegions = %q", got)
	}
	if len(d.Trails) != 2 || d.Trails[0].Name != "org-audit" || len(d.Trails[1].EventSelectors) != 1 {
		t.Errorf("trails decoded wrong: %+v", d.Trails)
	}
}

// TestParseDeploymentBOM: a deployment file saved with a UTF-8 byte
// order mark (RFC 8259 §8.1 lets a parser ignore it) reads as without.
func TestParseDeploymentBOM(t *testing.T) {
	b := append([]byte("\ufeff"), readTestdata(t, "deployments/org.json")...)
	d, err := trail.ParseDeployment(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Trails) != 2 || d.Organization == nil {
		t.Errorf("decoded wrong: %+v", d)
	}
}

// TestParseDeploymentOrganizationsOutput: the organization may be pasted
// from `aws organizations describe-organization`, its accounts from
// `aws organizations list-accounts`.
func TestParseDeploymentOrganizationsOutput(t *testing.T) {
	d, err := trail.ParseDeployment([]byte(`{"organization": {
	  "Id": "o-exampleorgid",
	  "Arn": "arn:aws:organizations::111122223333:organization/o-exampleorgid",
	  "FeatureSet": "ALL",
	  "MasterAccountArn": "arn:aws:organizations::111122223333:account/o-exampleorgid/111122223333",
	  "MasterAccountId": "111122223333",
	  "MasterAccountEmail": "admin@example.com",
	  "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}],
	  "Accounts": [
	    {"Id": "111122223333", "Arn": "arn:aws:organizations::111122223333:account/o-exampleorgid/111122223333",
	     "Email": "admin@example.com", "Name": "Management", "Status": "ACTIVE", "JoinedMethod": "INVITED",
	     "JoinedTimestamp": "2020-01-01T00:00:00Z"},
	    "444455556666"
	  ]}, "trails": []}`))
	if err != nil {
		t.Fatal(err)
	}
	o := d.Organization
	if o.ID != "o-exampleorgid" || o.MasterAccountID != "111122223333" || !reflect.DeepEqual(o.Accounts, []string{"111122223333", "444455556666"}) {
		t.Errorf("organization decoded as %+v", o)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestParseDeploymentErrors(t *testing.T) {
	for _, tc := range []struct {
		reason, in string
		line, col  int
		path, msg  string
	}{
		{"unknown top-level member (a typo)", "{\n  \"trial\": []\n}", 2, 3, "", `unknown member "trial"`},
		{"duplicate member", `{"trails": [], "trails": []}`, 1, 16, "", `duplicate member "trails"`},
		{"unknown organization member", `{"organization": {"Id": "o-exampleorgid", "Master": "1"}}`, 1, 43, "organization", `unknown member "Master"`},
		{"unknown account member", `{"accounts": {"111122223333": {"Regions": []}}}`, 1, 32, `accounts["111122223333"]`, `unknown member "Regions"`},
		{"wrong type in a trail", "{\"trails\": [\n  {\"Name\": \"ok1\"},\n  {\"Name\": 7}\n]}", 3, 12, "trails[1].Name", "cannot decode JSON number into string"},
		{"wrong type in organization", `{"organization": {"Accounts": "111122223333"}}`, 1, 31, "organization.Accounts", "want a JSON array"},
		{"wrong type in an organization account", `{"organization": {"Accounts": [7]}}`, 1, 32, "organization.Accounts[0]", "cannot decode JSON number into string"},
		{"syntax error", "{\n \"trails\": [\n  {\"Name\": \"a\",}\n ]\n}", 3, 16, "", "invalid character '}'"},
		{"truncated", `{"trails": [`, 1, 13, "", "unexpected end of JSON input"},
		{"not an object", `[]`, 1, 1, "", "want a JSON object"},
		{"trailing data", `{} {}`, 1, 4, "", "after top-level value"},
	} {
		_, err := trail.ParseDeployment([]byte(tc.in))
		var de *trail.DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: got %v, want a *DecodeError", tc.reason, err)
			continue
		}
		if de.Line != tc.line || de.Column != tc.col || de.Path != tc.path || !strings.Contains(de.Msg, tc.msg) {
			t.Errorf("%s: got %d:%d path %q msg %q, want %d:%d path %q msg containing %q", tc.reason, de.Line, de.Column, de.Path, de.Msg, tc.line, tc.col, tc.path, tc.msg)
		}
		if !strings.HasPrefix(err.Error(), "trail: ") {
			t.Errorf("%s: error %q lacks the package prefix", tc.reason, err)
		}
	}
}

func FuzzParseDeployment(f *testing.F) {
	f.Add(readTestdata(f, "deployments/org.json"))
	f.Add([]byte(`{"trails": [{"Name": "x", "Future": [1, {"a": null}]}]}`))
	f.Add([]byte(`{"organization": null, "accounts": {}, "trails": null}`))
	f.Add([]byte(`{"trails": [{"name": "lower", "Name": "upper"}]}`))
	f.Add(readTestdata(f, "deployments/invalid/six-trails-with-multi-region.json"))
	f.Add(readTestdata(f, "deployments/invalid/org-trail-in-member-account.json"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := trail.ParseDeployment(b)
		if err != nil {
			var de *trail.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			return
		}
		// Validation and checks never panic, whatever was decoded.
		_ = d.Validate()
		_ = trail.Check(d)
		b1, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		d1, err := trail.ParseDeployment(b1)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", b1, err)
		}
		b2, err := json.Marshal(d1)
		if err != nil {
			t.Fatalf("encode again: %v", err)
		}
		if string(b1) != string(b2) {
			t.Fatalf("encoding is not stable:\n%s\n%s", b1, b2)
		}
		d2, err := trail.ParseDeployment(b2)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d1, d2) {
			t.Fatalf("parse(encode(d)) != d for %s", b1)
		}
	})
}

func TestAccessorsDoNotAllocate(t *testing.T) {
	tr := trail.Trail{TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit"}
	n := testing.AllocsPerRun(100, func() {
		if tr.Account() == "" || tr.Home() == "" || tr.Partition() == "" {
			t.Fatal("accessor returned nothing")
		}
	})
	if n != 0 {
		t.Errorf("Account, Home and Partition allocate %v times, want 0", n)
	}
}

// TestMergeEventConfiguration reads `aws cloudtrail get-event-configuration`
// output (API GetEventConfiguration response) into a trail, and the
// deployment file keeps AggregationConfigurations through a round trip.
func TestMergeEventConfiguration(t *testing.T) {
	tr := trail.Trail{Name: "t1x", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/t1x"}
	out := `{"TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t1x","AggregationConfigurations":[{"EventCategory":"Data","Templates":["API_ACTIVITY","RESOURCE_ACCESS"]}]}`
	if err := tr.MergeEventConfiguration([]byte(out)); err != nil {
		t.Fatal(err)
	}
	if len(tr.AggregationConfigurations) != 1 || len(tr.AggregationConfigurations[0].Templates) != 2 {
		t.Fatalf("got %+v", tr.AggregationConfigurations)
	}
	b, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var back trail.Trail
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back.AggregationConfigurations, tr.AggregationConfigurations) {
		t.Errorf("round trip: %s → %+v, %v", b, back.AggregationConfigurations, err)
	}
	if _, ok := back.Unknown("AggregationConfigurations"); ok {
		t.Error("AggregationConfigurations kept as an unknown member")
	}
	for _, tc := range []struct{ reason, out string }{
		{"another trail's output", `{"TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/other","AggregationConfigurations":[]}`},
		{"an event data store's output", `{"EventDataStoreArn":"arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/x","MaxEventSize":"Large"}`},
		{"not JSON", `{"AggregationConfigurations":`},
	} {
		if err := tr.MergeEventConfiguration([]byte(tc.out)); err == nil {
			t.Errorf("%s: no error", tc.reason)
		}
	}
}
