package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/event/schema"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// coverageDeployments are deployments a user writes: an organization
// trail beside member trails, a single-Region trail, data-event-only
// trails, a stopped trail, network activity, Insights and aggregation.
var coverageDeployments = []struct{ name, dep string }{
	{"organization and members", `{
  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333", "Accounts": ["111122223333", "444455556666"]},
  "accounts": {"444455556666": {"EnabledRegions": ["af-south-1"]}},
  "trails": [
    {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "HomeRegion": "us-east-1",
     "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "IsOrganizationTrail": true, "S3BucketName": "audit", "S3KeyPrefix": "org",
     "AdvancedEventSelectors": [{"Name": "writes", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["false"]}]}]},
    {"Name": "member-s3", "TrailARN": "arn:aws:cloudtrail:eu-west-1:444455556666:trail/member-s3", "HomeRegion": "eu-west-1",
     "IncludeGlobalServiceEvents": true, "S3BucketName": "member",
     "AdvancedEventSelectors": [{"Name": "s3", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}]}
  ]}`},
	{"single-Region trail with global service events", `{"trails": [
    {"Name": "ireland", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/ireland", "HomeRegion": "eu-west-1",
     "IncludeGlobalServiceEvents": true, "S3BucketName": "b"}]}`},
	{"data-event-only trails", `{"trails": [
    {"Name": "s3-data", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/s3-data", "HomeRegion": "us-east-1",
     "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "S3BucketName": "b",
     "AdvancedEventSelectors": [{"Name": "s3", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}, {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::logs-bucket/"]}]}]},
    {"Name": "ddb-data", "TrailARN": "arn:aws:cloudtrail:eu-central-1:111122223333:trail/ddb-data", "HomeRegion": "eu-central-1",
     "IncludeGlobalServiceEvents": false, "S3BucketName": "b",
     "AdvancedEventSelectors": [{"Name": "ddb", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::DynamoDB::Table"]}, {"Field": "eventName", "NotEquals": ["GetItem"]}]},
       {"Name": "lambda", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::Lambda::Function"]}]}]}]}`},
	{"stopped trail", `{"trails": [
    {"Name": "stopped", "TrailARN": "arn:aws:cloudtrail:us-west-2:111122223333:trail/stopped", "HomeRegion": "us-west-2",
     "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "IsLogging": false, "S3BucketName": "b"},
    {"Name": "reads", "TrailARN": "arn:aws:cloudtrail:us-west-2:111122223333:trail/reads", "HomeRegion": "us-west-2",
     "IncludeGlobalServiceEvents": true, "S3BucketName": "b",
     "AdvancedEventSelectors": [{"Name": "reads", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["true"]}]}]}]}`},
	{"network activity, Insights and aggregation", `{"trails": [
    {"Name": "net", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/net", "HomeRegion": "us-east-1",
     "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "S3BucketName": "b",
     "InsightSelectors": [{"InsightType": "ApiCallRateInsight"}],
     "AggregationConfigurations": [{"EventCategory": "Data", "Templates": ["API_ACTIVITY"]}],
     "AdvancedEventSelectors": [
       {"Name": "mgmt", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]}]},
       {"Name": "vpce", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["NetworkActivity"]}, {"Field": "eventSource", "Equals": ["s3.amazonaws.com"]}, {"Field": "errorCode", "Equals": ["VpceAccessDenied"]}]},
       {"Name": "kms-vpce", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["NetworkActivity"]}, {"Field": "eventSource", "Equals": ["kms.amazonaws.com"]}]},
       {"Name": "sqs", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::SQS::Queue"]}]}]}]}`},
}

// TestCoverageWitnessesRouteNowhere runs coverage -json as a user would
// and pipes every witness into route -deployment with the same file and
// -at: each is delivered nowhere, and route's skips are the gap's. Every
// line has exactly the keys of the contract, every Region it lists is
// enabled in every account it lists, and -fail-on gap turns gaps into
// exit status 1. Global service events are checked on both sides of
// 2021-11-22.
func TestCoverageWitnessesRouteNowhere(t *testing.T) {
	ats := []string{"2020-05-01T00:00:00Z", "2024-05-01T00:00:00Z"}
	for _, c := range coverageDeployments {
		d, err := trail.ParseDeployment([]byte(c.dep))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, at := range ats {
			dir := t.TempDir()
			dep := dir + "/dep.json"
			if err := os.WriteFile(dep, []byte(c.dep), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, nil, "coverage", "-deployment", dep, "-json", "-at", at)
			if code != 0 {
				t.Fatalf("%s at %s: coverage exit %d: %s", c.name, at, code, errOut)
			}
			if _, _, code := runCLI(t, nil, "coverage", "-deployment", dep, "-json", "-at", at, "-fail-on", "gap"); code != 1 {
				t.Errorf("%s at %s: coverage -fail-on gap with gaps: exit %d, want 1", c.name, at, code)
			}
			type skip struct {
				Trail, Code, Reason string
			}
			var gaps []map[string]json.RawMessage
			var witnesses bytes.Buffer
			sc := bufio.NewScanner(bytes.NewReader(out))
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				var g map[string]json.RawMessage
				if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
					t.Fatalf("%s at %s: line %q: %v", c.name, at, sc.Bytes(), err)
				}
				gaps = append(gaps, g)
				checkWitnessSchema(t, c.name+" at "+at, g)
				witnesses.Write(g["witness"])
				witnesses.WriteByte('\n')
				checkGapLine(t, c.name+" at "+at, d, g)
			}
			if len(gaps) == 0 {
				t.Fatalf("%s at %s: no gaps", c.name, at)
			}
			routed, errOut, code := runCLI(t, witnesses.Bytes(), "route", "-deployment", dep, "-at", at, "-format", "json")
			if code != 0 {
				t.Fatalf("%s at %s: route exit %d: %s", c.name, at, code, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(string(routed), "\n"), "\n")
			if len(lines) != len(gaps) {
				t.Fatalf("%s at %s: route printed %d lines for %d witnesses", c.name, at, len(lines), len(gaps))
			}
			for i, line := range lines {
				var r struct {
					Deliveries []json.RawMessage
					Skipped    []skip
				}
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatal(err)
				}
				if len(r.Deliveries) > 0 {
					t.Errorf("%s at %s: witness of gap %d is delivered: %s", c.name, at, i, line)
				}
				var want []skip
				json.Unmarshal(gaps[i]["skipped"], &want)
				if !slices.Equal(r.Skipped, want) {
					t.Errorf("%s at %s: gap %d: route skips\n%+v\nthe gap says\n%+v", c.name, at, i, r.Skipped, want)
				}
			}
		}
	}
}

// checkGapLine checks one coverage -json line against the contract.
func checkGapLine(t *testing.T, name string, d *trail.Deployment, g map[string]json.RawMessage) {
	t.Helper()
	for _, k := range []string{"accounts", "regions", "witness", "skipped"} {
		if _, ok := g[k]; !ok {
			t.Fatalf("%s: line without %q: %v", name, k, keysOf(g))
		}
	}
	// Beyond the contract's keys, an Insights line names the category its
	// Insights events are about and a line of global service events says
	// so (eventSource alone cannot tell STS or sign-in through the global
	// endpoint from the regional one).
	_, ins := g["insightType"]
	_, sel := g["selector"]
	for k := range g {
		switch k {
		case "accounts", "regions", "selector", "insightType", "aggregationTemplate", "witness", "skipped":
		case "eventCategory":
			if !ins {
				t.Errorf("%s: eventCategory on a line that is not of Insights: %v", name, keysOf(g))
			}
		case "aggregationSelector":
			if _, agg := g["aggregationTemplate"]; !agg {
				t.Errorf("%s: aggregationSelector on a line without aggregationTemplate: %v", name, keysOf(g))
			}
		case "globalServiceEvents":
			if !sel {
				t.Errorf("%s: globalServiceEvents on a line without a selector: %v", name, keysOf(g))
			}
		default:
			t.Errorf("%s: unknown key %q", name, k)
		}
	}
	kinds := 0
	for _, k := range []string{"selector", "insightType", "aggregationTemplate"} {
		if _, ok := g[k]; ok {
			kinds++
		}
	}
	if kinds != 1 {
		t.Fatalf("%s: line with %d of selector, insightType and aggregationTemplate: %v", name, kinds, keysOf(g))
	}
	if s, ok := g["selector"]; ok {
		var a map[string]json.RawMessage
		if err := json.Unmarshal(s, &a); err != nil || len(a) != 1 || a["FieldSelectors"] == nil {
			t.Errorf("%s: selector %s is not {\"FieldSelectors\":[…]}", name, s)
		}
		var fs []map[string]json.RawMessage
		json.Unmarshal(a["FieldSelectors"], &fs)
		for _, f := range fs {
			if _, ok := f["Field"]; !ok || len(f) != 2 {
				t.Errorf("%s: field selector %v is not a Field and one operator", name, f)
			}
		}
	}
	var accounts, regions []string
	json.Unmarshal(g["accounts"], &accounts)
	json.Unmarshal(g["regions"], &regions)
	if len(accounts) == 0 || len(regions) == 0 {
		t.Errorf("%s: line with no accounts or Regions", name)
	}
	for _, a := range accounts {
		for _, r := range regions {
			if !d.RegionEnabled(a, r) {
				t.Errorf("%s: line lists Region %s, not enabled in account %s", name, r, a)
			}
		}
	}
	var skipped []struct{ Trail, Code, Reason string }
	json.Unmarshal(g["skipped"], &skipped)
	if len(skipped) != len(d.Trails) {
		t.Errorf("%s: %d skips for %d trails", name, len(skipped), len(d.Trails))
	}
	for _, s := range skipped {
		var c trail.SkipCode
		if err := c.UnmarshalText([]byte(s.Code)); err != nil || s.Trail == "" || s.Reason == "" {
			t.Errorf("%s: skip %+v: %v", name, s, err)
		}
	}
}

// checkWitnessSchema checks that the witness of one coverage -json line
// is a record of the documented shape of its category: it passes the
// record schema (package event/schema), which requires eventName of
// management, data and network activity events; an Insights event has no
// userIdentity, eventSource, eventName, sourceIPAddress or userAgent of
// its own, the API it is about being named in insightDetails (CloudTrail
// User Guide, "CloudTrail record contents for Insights events for
// trails"). A gap of a selector holds its witness.
func checkWitnessSchema(t *testing.T, name string, g map[string]json.RawMessage) {
	t.Helper()
	w := g["witness"]
	if err := schema.Validate(w); err != nil {
		t.Errorf("%s: witness %s\nfails the record schema: %v", name, w, err)
	}
	rec, err := event.ParseRecord(w)
	if err != nil {
		t.Fatalf("%s: witness %s: %v", name, w, err)
	}
	if _, ok := g["insightType"]; ok {
		var m map[string]json.RawMessage
		json.Unmarshal(w, &m)
		for _, k := range []string{"userIdentity", "eventSource", "eventName", "sourceIPAddress", "userAgent"} {
			if _, ok := m[k]; ok {
				t.Errorf("%s: Insights witness with %s of its own: %s", name, k, w)
			}
		}
		if d := rec.InsightDetails; d == nil || d.EventSource == "" || d.EventName == "" || d.State == "" {
			t.Errorf("%s: Insights witness without the API it is about: %s", name, w)
		}
	}
	if s, ok := g["selector"]; ok {
		var a selector.Advanced
		if err := json.Unmarshal(s, &a); err != nil || len(a.Fields) == 0 {
			t.Fatalf("%s: selector %s: %v", name, s, err)
		}
		if !selector.SetOf([]selector.Advanced{a}).ContainsRecord(rec) {
			t.Errorf("%s: the gap %s does not hold its witness %s", name, s, w)
		}
	}
}

func keysOf(m map[string]json.RawMessage) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// runCLI runs the command in-process with stdin (nil: empty) and returns
// its standard output, standard error and exit status.
func runCLI(t *testing.T, stdin []byte, args ...string) ([]byte, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{ctx: context.Background(), workers: 1, now: func() time.Time { return time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC) },
		stdin: bytes.NewReader(stdin), stdout: &stdout, stderr: &stderr}
	code := run(e, args)
	return stdout.Bytes(), stderr.String(), code
}

// TestCoverageNoGaps: a deployment whose trails log every kind of event
// of the universe (management, every data resource type and network
// activity event source of the tables, both Insights types about both
// categories, every aggregation template) has no gaps: coverage -json
// prints nothing and exits 0, also with -fail-on gap. Without its network
// activity trail, the gaps are exactly the network activity ones.
func TestCoverageNoGaps(t *testing.T) {
	sel := func(name string, fs ...map[string]any) map[string]any {
		return map[string]any{"Name": name, "FieldSelectors": fs}
	}
	eq := func(f string, v ...string) map[string]any { return map[string]any{"Field": f, "Equals": v} }
	types, sources := selector.ResourceTypes(), selector.NetworkEventSources()
	var trails []any
	add := func(name string, sels []any, extra map[string]any) {
		tr := map[string]any{"Name": name, "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + name, "HomeRegion": "us-east-1",
			"IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "S3BucketName": "b", "AdvancedEventSelectors": sels}
		maps.Copy(tr, extra)
		trails = append(trails, tr)
	}
	// Three trails share the data resource types, keeping each within
	// AWS's 500 field selector conditions per trail.
	chunk := (len(types) + 2) / 3
	for i := range 3 {
		var sels []any
		extra := map[string]any{}
		if i == 0 {
			sels = append(sels, sel("management", eq("eventCategory", "Management")))
			extra["InsightSelectors"] = []any{
				map[string]any{"InsightType": "ApiCallRateInsight", "EventCategories": []string{"Management", "Data"}},
				map[string]any{"InsightType": "ApiErrorRateInsight", "EventCategories": []string{"Management", "Data"}}}
			extra["AggregationConfigurations"] = []any{map[string]any{"EventCategory": "Data", "Templates": []string{"API_ACTIVITY", "RESOURCE_ACCESS", "USER_ACTIONS"}}}
		}
		for _, ty := range types[i*chunk : min(len(types), (i+1)*chunk)] {
			sels = append(sels, sel(ty, eq("eventCategory", "Data"), eq("resources.type", ty)))
		}
		add(fmt.Sprintf("data-%d", i), sels, extra)
	}
	full := func(withNetwork bool) string {
		all := slices.Clone(trails)
		if withNetwork {
			var sels []any
			for _, s := range sources {
				sels = append(sels, sel(s, eq("eventCategory", "NetworkActivity"), eq("eventSource", s)))
			}
			all = append(all, map[string]any{"Name": "network", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/network", "HomeRegion": "us-east-1",
				"IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "S3BucketName": "b", "AdvancedEventSelectors": sels})
		}
		b, err := json.Marshal(map[string]any{"trails": all})
		if err != nil {
			t.Fatal(err)
		}
		f := t.TempDir() + "/dep.json"
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	dep := full(true)
	for _, at := range []string{"2020-05-01T00:00:00Z", "2024-05-01T00:00:00Z"} {
		for _, args := range [][]string{{"-json"}, {"-json", "-fail-on", "gap"}} {
			out, errOut, code := runCLI(t, nil, append([]string{"coverage", "-deployment", dep, "-at", at}, args...)...)
			if code != 0 || len(out) != 0 {
				t.Errorf("coverage %s at %s with no gaps: exit %d, printed %q; stderr %s", strings.Join(args, " "), at, code, out, errOut)
			}
		}
	}
	out, errOut, code := runCLI(t, nil, "coverage", "-deployment", full(false), "-at", "2024-05-01T00:00:00Z", "-json", "-fail-on", "gap")
	if code != 1 {
		t.Errorf("coverage -fail-on gap without the network activity trail: exit %d, want 1; stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	for _, line := range lines {
		var g struct {
			Selector struct {
				FieldSelectors []struct {
					Field  string
					Equals []string
				}
			}
		}
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			t.Fatal(err)
		}
		var cat []string
		for _, f := range g.Selector.FieldSelectors {
			if f.Field == "eventCategory" {
				cat = f.Equals
			}
		}
		if !slices.Equal(cat, []string{"NetworkActivity"}) {
			t.Errorf("without the network activity trail, a gap that is not of network activity: %s", line)
		}
	}
	if len(lines) != 1 {
		t.Errorf("without the network activity trail: %d gap lines, want 1 (one account, every Region): %q", len(lines), out)
	}
}
