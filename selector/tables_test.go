package selector

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/trailmap/trailmap/selector/internal/tablegen"
)

// TestTablesUpToDate re-runs the generator on tables.json in memory and
// checks the committed zz_tables.go is its output.
func TestTablesUpToDate(t *testing.T) {
	src, err := os.ReadFile("tables.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := tablegen.Generate(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("zz_tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("zz_tables.go is stale: run go generate in the selector directory")
	}
}

// TestTableGeneratorRejects checks the generator refuses data that would
// make a table lie.
func TestTableGeneratorRejects(t *testing.T) {
	src, err := os.ReadFile("tables.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ reason, old, new string }{
		{"a misspelt member must not pass silently", `"date":`, `"dates":`},
		{"the stamp is a date", `"date": "2026-07-15"`, `"date": "July 2026"`},
		{"a resource type is AWS::<Service>::<Type>", `"AWS::S3::Object"`, `"AWS::S3:Object"`},
		{"lists are sorted (membership and nearest rely on one order)", `"AWS::XRay::Trace"`, `"AWS::AAA::Trace"`},
		{"an event source is a host under amazonaws.com", `"kms.amazonaws.com"`, `"kms"`},
	} {
		if !bytes.Contains(src, []byte(tc.old)) {
			t.Fatalf("%s: test is stale, %q not in tables.json", tc.reason, tc.old)
		}
		if _, err := tablegen.Generate(bytes.Replace(src, []byte(tc.old), []byte(tc.new), 1)); err == nil {
			t.Errorf("%s: generator accepted the change", tc.reason)
		}
	}
}

func TestTables(t *testing.T) {
	types := ResourceTypes()
	for _, want := range []string{S3Object, LambdaFunction, DynamoDBTable, "AWS::S3Express::Object", "AWS::SNS::Topic"} {
		if !slices.Contains(types, want) || !KnownResourceType(want) {
			t.Errorf("resource type %s is documented (Logging data events) but missing", want)
		}
	}
	if len(types) < 75 {
		t.Errorf("%d resource types; the data events page lists more than 75", len(types))
	}
	for _, v := range types {
		if !KnownResourceType(v) || !validResourceType(v) {
			t.Errorf("%s listed but not known or not well formed", v)
		}
	}
	for _, v := range NetworkEventSources() {
		if !KnownNetworkEventSource(v) {
			t.Errorf("%s listed but not known", v)
		}
	}
	for _, want := range []string{"kms.amazonaws.com", "s3.amazonaws.com", "cloudtrail.amazonaws.com", "ec2.amazonaws.com"} {
		if !KnownNetworkEventSource(want) {
			t.Errorf("network event source %s is documented (Logging network activity events) but missing", want)
		}
	}
	for _, v := range []string{"", "AWS::Made::Up", "aws::s3::object", "AWS::S3::Objects"} {
		if KnownResourceType(v) {
			t.Errorf("KnownResourceType(%q) = true", v)
		}
	}
	if got := AggregationTemplates(); !slices.Equal(got, []string{"API_ACTIVITY", "RESOURCE_ACCESS", "USER_ACTIONS"}) || !KnownAggregationTemplate("USER_ACTIONS") || KnownAggregationTemplate("") {
		t.Errorf("aggregation templates %v", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = KnownResourceType("AWS::S3::Objects") }); n != 0 {
		t.Errorf("KnownResourceType allocates %v times", n)
	}
}

func TestNearest(t *testing.T) {
	for _, tc := range []struct{ reason, in, want string }{
		{"plural typo", "AWS::S3::Objects", "AWS::S3::Object"},
		{"case", "aws::lambda::function", "AWS::Lambda::Function"},
		{"missing letter", "AWS::DynamoDB::Tabe", "AWS::DynamoDB::Table"},
		{"service typo", "AWS::SQS::Queu", "AWS::SQS::Queue"},
	} {
		if got := NearestResourceType(tc.in); got != tc.want {
			t.Errorf("%s: NearestResourceType(%q) = %q, want %q", tc.reason, tc.in, got, tc.want)
		}
	}
	if got := NearestNetworkEventSource("kms.amazonaws.co"); got != "kms.amazonaws.com" {
		t.Errorf("NearestNetworkEventSource = %q", got)
	}
	if got := NearestResourceType(""); got == "" {
		t.Error("NearestResourceType(\"\") gave nothing")
	}
}
