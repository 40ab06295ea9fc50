package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\ngot:\n%s\nwant:\n%s", file, got, want)
	}
}

// checkLines checks the output contract: one JSON object per line with
// exactly the members eventID, eventName, deliveries and skipped; each
// delivery with exactly trail, account, region and key; each skip with
// exactly trail, code and reason. Both arrays are always present.
func checkLines(t *testing.T, out []byte) int {
	t.Helper()
	n := 0
	for _, line := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		if len(line) == 0 {
			t.Errorf("empty line after line %d", n)
			continue
		}
		n++
		var m map[string]json.RawMessage
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", n, err, line)
		}
		checkMembers(t, fmt.Sprintf("line %d", n), m, "eventID", "eventName", "deliveries", "skipped")
		for _, k := range []string{"deliveries", "skipped"} {
			if v := m[k]; len(v) == 0 || v[0] != '[' {
				t.Errorf("line %d: %s is %s, want an array", n, k, v)
			}
		}
		var entries struct {
			Deliveries []map[string]json.RawMessage `json:"deliveries"`
			Skipped    []map[string]json.RawMessage `json:"skipped"`
		}
		if err := json.Unmarshal(line, &entries); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		for i, d := range entries.Deliveries {
			checkMembers(t, fmt.Sprintf("line %d deliveries[%d]", n, i), d, "trail", "account", "region", "key")
		}
		for i, s := range entries.Skipped {
			checkMembers(t, fmt.Sprintf("line %d skipped[%d]", n, i), s, "trail", "code", "reason")
		}
	}
	return n
}

// checkMembers checks that m has exactly the named members, each a
// string unless it is one of the arrays.
func checkMembers(t *testing.T, where string, m map[string]json.RawMessage, names ...string) {
	t.Helper()
	if len(m) != len(names) {
		t.Errorf("%s: %d members, want exactly %q", where, len(m), names)
	}
	for _, k := range names {
		v, ok := m[k]
		switch {
		case !ok:
			t.Errorf("%s lacks %q", where, k)
		case k != "deliveries" && k != "skipped" && (len(v) == 0 || v[0] != '"'):
			t.Errorf("%s: %s is %s, want a string", where, k, v)
		}
	}
}

func TestDemo(t *testing.T) {
	stdout, stderr := runOK(t, nil, strings.NewReader(""))
	if !strings.Contains(stderr.String(), "built-in demo") {
		t.Errorf("stderr does not say the demo runs: %q", stderr)
	}
	if n := checkLines(t, stdout.Bytes()); n != 5 {
		t.Errorf("%d lines, want 5 (one per demo record)", n)
	}
	golden(t, "demo.golden", stdout.Bytes())
}

const deployment = `{
  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
                   "Accounts": ["111122223333", "444455556666"]},
  "accounts": {"444455556666": {"EnabledRegions": ["af-south-1"]}},
  "trails": [
    {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
     "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
     "IsOrganizationTrail": true, "IsLogging": true, "S3BucketName": "audit-bucket",
     "S3KeyPrefix": "org",
     "AdvancedEventSelectors": [{"Name": "Management events",
       "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]},
    {"Name": "eu-only", "TrailARN": "arn:aws:cloudtrail:eu-west-1:444455556666:trail/eu-only",
     "HomeRegion": "eu-west-1", "IsMultiRegionTrail": false, "IncludeGlobalServiceEvents": true,
     "S3BucketName": "member-bucket"}
  ]
}`

const createUser = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::444455556666:user/Alice","accountId":"444455556666","userName":"Alice"},"eventTime":"2023-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","userAgent":"aws-cli/2.13.5","requestParameters":{"userName":"Bob"},"responseElements":null,"requestID":"EXAMPLE-1","eventID":"EXAMPLE-ID-1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","eventCategory":"Management"}`

const runInstances = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"444455556666"},"eventTime":"2023-05-01T23:59:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.1","requestParameters":null,"responseElements":null,"eventID":"EXAMPLE-ID-2","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","eventCategory":"Management"}`

// runOK runs the program and fails the test unless it exits with 0.
func runOK(t *testing.T, args []string, stdin io.Reader) (stdout, stderr *bytes.Buffer) {
	t.Helper()
	stdout, stderr = new(bytes.Buffer), new(bytes.Buffer)
	if code := run(args, stdin, stdout, stderr); code != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", code, stderr)
	}
	return stdout, stderr
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDeploymentAndFiles(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	logFile := writeFile(t, "log.json", `{"Records":[`+createUser+`,`+runInstances+`]}`)
	stdout, stderr := runOK(t, []string{"-deployment", dep, logFile}, nil)
	if stderr.Len() != 0 {
		t.Errorf("unexpected stderr: %s", stderr)
	}
	checkLines(t, stdout.Bytes())
	golden(t, "logfile.golden", stdout.Bytes())
}

func TestStdinGzipAndAt(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(createUser + "\n" + runInstances + "\n"))
	zw.Close()
	stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
	args := []string{"-deployment", dep, "-at", "2023-05-02T00:04:00Z"}
	if code := run(args, &gz, stdout, stderr); code != 0 {
		t.Fatalf("exit status %d, stderr:\n%s", code, stderr)
	}
	if n := checkLines(t, stdout.Bytes()); n != 2 {
		t.Fatalf("%d lines, want 2", n)
	}
	if strings.Contains(stdout.String(), "/2023/05/01/") || !strings.Contains(stdout.String(), "/2023/05/02/") {
		t.Errorf("-at did not set the day folder:\n%s", stdout)
	}
	golden(t, "stdin-at.golden", stdout.Bytes())
}

// TestMalformed: a malformed record is reported on standard error with its
// file, line and column; the records around it are still routed and the
// exit status is 1.
func TestMalformed(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	lines := writeFile(t, "records.jsonl", createUser+"\n"+`{"eventVersion":"1.08","eventName":}`+"\n"+runInstances+"\n")
	stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
	code := run([]string{"-deployment", dep, lines}, nil, stdout, stderr)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if n := checkLines(t, stdout.Bytes()); n != 2 {
		t.Errorf("%d lines, want 2 (the good records)", n)
	}
	if !strings.Contains(stderr.String(), lines+":2:") {
		t.Errorf("stderr does not locate the record as %s:2:col: %q", lines, stderr)
	}
	golden(t, "malformed.stderr", []byte(strings.ReplaceAll(stderr.String(), lines, "records.jsonl")))
}

// TestNotRecords: input that is no record at all is reported with its
// position, and the exit status is 1.
func TestNotRecords(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	for _, tt := range []struct{ reason, input, want string }{
		{"a number", "42\n", "route: <stdin>:1:1: syntax error: "},
		{"garbage between records", `{"eventID":"a"} garbage {"eventID":"b"}`, "route: <stdin>:1:17: record 2: syntax error: "},
		{"an object that is no record", `{"foo":1}`, "route: <stdin>:1:1: record 1: not CloudTrail records: found an object with members \"foo\""},
		{"an empty object", `{}`, "route: <stdin>:1:1: record 1: not CloudTrail records: found an empty object"},
		{"an array of numbers", `[1,2]`, "route: <stdin>:1:2: record 1: syntax error: expected record object, found number"},
		{"Records null", `{"Records":null}`, "route: <stdin>:1:1: record 1: not CloudTrail records: an object whose Records member is null"},
		{"empty input", ``, "route: <stdin>: no records: empty input"},
	} {
		stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
		if code := run([]string{"-deployment", dep}, strings.NewReader(tt.input), stdout, stderr); code != 1 {
			t.Errorf("%s: exit status %d, want 1", tt.reason, code)
		}
		if !strings.HasPrefix(stderr.String(), tt.want) {
			t.Errorf("%s: stderr %q, want it to start with %q", tt.reason, stderr, tt.want)
		}
	}
}

// TestFlagsAfterFiles: flags may follow the files, "-" is standard input
// and -at accepts a bare date.
func TestFlagsAfterFiles(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	good := writeFile(t, "good.json", createUser)
	stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
	code := run([]string{good, "-", "-deployment", dep, "-at", "2023-05-03"}, strings.NewReader(runInstances), stdout, stderr)
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr)
	}
	if n := checkLines(t, stdout.Bytes()); n != 2 {
		t.Fatalf("%d lines, want 2", n)
	}
	if got := strings.Count(stdout.String(), "/2023/05/03/"); got != 3 {
		t.Errorf("%d keys in the -at day folder, want 3:\n%s", got, stdout)
	}
}

func TestBadUsage(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	bad := writeFile(t, "bad.json", `{"trails":[{"Name":"x","TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/x","IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":false}]}`)
	tests := []struct {
		reason string
		args   []string
		want   string
	}{
		{"bad -at", []string{"-deployment", dep, "-at", "yesterday"}, "-at"},
		{"missing deployment file", []string{"-deployment", filepath.Join(t.TempDir(), "none.json")}, "none.json"},
		{"invalid deployment: AWS exception name and message", []string{"-deployment", bad},
			"bad.json: trail: trails[0].IncludeGlobalServiceEvents: InvalidParameterCombinationException: Multi-Region trail must include global service events.\n"},
		{"invalid deployment: each problem on its own line, naming the file", []string{"-deployment", bad},
			"bad.json: trail: trails[0].Name: InvalidTrailNameException: Trail name too short. Minimum allowed length: 3 characters. Specified name length: 1 characters.\n"},
		{"deployment that is not JSON of the right shape: line and column", []string{"-deployment", writeFile(t, "shape.json", `{"trails":[{"Name":1}]}`)},
			"shape.json: trail: 1:20: trails[0].Name"},
		{"unknown flag", []string{"-nope"}, "usage"},
	}
	for _, tt := range tests {
		stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
		if code := run(tt.args, strings.NewReader(""), stdout, stderr); code != 2 {
			t.Errorf("%s: exit status %d, want 2", tt.reason, code)
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%s: stderr %q lacks %q", tt.reason, stderr, tt.want)
		}
	}
}

// TestHelp: -h prints the usage and exits 0, as the flag package's
// ExitOnError programs and trailmap's subcommands do; it is no usage
// error.
func TestHelp(t *testing.T) {
	stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
	if code := run([]string{"-h"}, strings.NewReader(""), stdout, stderr); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if !strings.Contains(stdout.String()+stderr.String(), "usage: route [-deployment FILE] [-at RFC3339] [FILE ...]") {
		t.Errorf("no usage: stdout %q, stderr %q", stdout, stderr)
	}
}

func TestMissingInputFile(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	good := writeFile(t, "good.json", createUser)
	stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
	code := run([]string{"-deployment", dep, filepath.Join(t.TempDir(), "absent.json"), good}, nil, stdout, stderr)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if n := checkLines(t, stdout.Bytes()); n != 1 {
		t.Errorf("%d lines, want 1: the run goes on past a missing file", n)
	}
}

// TestDeploymentNoFilesReadsStdin: with a deployment and no FILE the
// records come from standard input (JSON Lines here, not compressed).
func TestDeploymentNoFilesReadsStdin(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	stdout, stderr := runOK(t, []string{"-deployment", dep}, strings.NewReader(createUser+"\n"+runInstances+"\n"))
	if stderr.Len() != 0 {
		t.Errorf("unexpected stderr: %s", stderr)
	}
	if n := checkLines(t, stdout.Bytes()); n != 2 {
		t.Errorf("%d lines, want 2", n)
	}
	if !strings.Contains(stdout.String(), `"eventID":"EXAMPLE-ID-1"`) {
		t.Errorf("stdin records not routed:\n%s", stdout)
	}
}

// TestPipedInputWithoutDeployment: records piped in with neither a
// deployment nor files are routed (no FILE means standard input), through
// the demo deployment, rather than ignored for the demo's records; empty
// input (as from /dev/null, a terminal is another case) runs the demo,
// as TestDemo shows.
func TestPipedInputWithoutDeployment(t *testing.T) {
	stdout, stderr := runOK(t, nil, strings.NewReader(createUser+"\n"))
	if !strings.Contains(stderr.String(), "built-in demo deployment") || strings.Contains(stderr.String(), "five records") {
		t.Errorf("stderr does not say standard input goes through the demo deployment: %q", stderr)
	}
	if n := checkLines(t, stdout.Bytes()); n != 1 || !strings.Contains(stdout.String(), `"eventID":"EXAMPLE-ID-1"`) {
		t.Errorf("piped record not routed:\n%s", stdout)
	}
}

// TestFilesWithoutDeployment: files but no -deployment route through the
// built-in demo deployment, and standard error says so.
func TestFilesWithoutDeployment(t *testing.T) {
	good := writeFile(t, "good.json", createUser)
	stdout, stderr := runOK(t, []string{good}, nil)
	if !strings.Contains(stderr.String(), "built-in demo deployment") {
		t.Errorf("stderr does not say which deployment is used: %q", stderr)
	}
	if n := checkLines(t, stdout.Bytes()); n != 1 {
		t.Fatalf("%d lines, want 1", n)
	}
	// The demo organization trail delivers the member's IAM event.
	want := `{"trail":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit","account":"444455556666","region":"us-east-1","key":"org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2023/05/01/"}`
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("output lacks the demo delivery %s:\n%s", want, stdout)
	}
}

// TestGzipLogFileInsights: a gzip-compressed log file is recognised by
// its magic bytes whatever its name, and an Insights record is delivered
// under CloudTrail-Insight by a trail whose insight selectors name its
// type; the other trail is skipped with a reason.
func TestGzipLogFileInsights(t *testing.T) {
	dep := writeFile(t, "deployment.json", `{"trails":[
	  {"Name":"insights","TrailARN":"arn:aws:cloudtrail:us-east-1:444455556666:trail/insights","HomeRegion":"us-east-1",
	   "IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":true,"S3BucketName":"amzn-s3-demo-bucket",
	   "EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true}],
	   "InsightSelectors":[{"InsightType":"ApiCallRateInsight"}]},
	  {"Name":"plain","TrailARN":"arn:aws:cloudtrail:us-east-1:444455556666:trail/plain","HomeRegion":"us-east-1",
	   "IsMultiRegionTrail":true,"IncludeGlobalServiceEvents":true,"S3BucketName":"amzn-s3-demo-bucket"}]}`)
	insight := `{"eventVersion":"1.07","eventTime":"2023-05-01T12:00:00Z","awsRegion":"us-west-2","eventID":"EXAMPLE-INSIGHT","eventType":"AwsCloudTrailInsight","recipientAccountId":"444455556666","sharedEventID":"EXAMPLE-SHARED","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":{"average":0.0},"insight":{"average":2.0}}}},"eventCategory":"Insight"}`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"Records":[` + insight + `]}`))
	zw.Close()
	file := writeFile(t, "log.json", gz.String())
	stdout, _ := runOK(t, []string{"-deployment", dep, file}, nil)
	if n := checkLines(t, stdout.Bytes()); n != 1 {
		t.Fatalf("%d lines, want 1", n)
	}
	for _, want := range []string{
		`"deliveries":[{"trail":"arn:aws:cloudtrail:us-east-1:444455556666:trail/insights","account":"444455556666","region":"us-west-2","key":"AWSLogs/444455556666/CloudTrail-Insight/us-west-2/2023/05/01/"}]`,
		`"skipped":[{"trail":"arn:aws:cloudtrail:us-east-1:444455556666:trail/plain","code":"NoInsightSelectors","reason":"`,
		`"eventName":"ec2.amazonaws.com:RunInstances ApiCallRateInsight Start"`,
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, stdout)
		}
	}
}

// TestNetworkActivityAndAggregatedFolders: network activity events and
// aggregated events go to their own event folders, CloudTrail-NetworkActivity
// and CloudTrail-Aggregated (CloudTrail User Guide, "Finding your CloudTrail
// log files"), under the organization ID of an organization trail; the
// network activity event in the VPC endpoint owner's folder.
func TestNetworkActivityAndAggregatedFolders(t *testing.T) {
	dep := writeFile(t, "deployment.json", `{"organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333", "Accounts": ["111122223333", "444455556666"]},
 "trails": [
  {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "HomeRegion": "us-east-1",
   "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "IsOrganizationTrail": true, "S3BucketName": "audit-bucket", "S3KeyPrefix": "org",
   "AdvancedEventSelectors": [
    {"Name": "mgmt", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
    {"Name": "s3 data", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]},
    {"Name": "kms network", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["NetworkActivity"]}, {"Field": "eventSource", "Equals": ["kms.amazonaws.com"]}]}],
   "AggregationConfigurations": [{"EventCategory": "Data", "Templates": ["API_ACTIVITY"]}]}
 ]}`)
	network := `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"Alice"},"eventTime":"2024-11-06T12:00:00Z","eventSource":"kms.amazonaws.com","eventName":"ListKeys","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.1","requestID":"f39e7fd6-1f4c-4b4a-9d2e-EXAMPLE","eventID":"3d2a7e5a-8f4c-4c2b-9f2f-EXAMPLE11111","eventType":"AwsVpceEvent","recipientAccountId":"444455556666","eventCategory":"NetworkActivity","vpcEndpointId":"vpce-EXAMPLE08c1b6b9b7","vpcEndpointAccountId":"444455556666","sharedEventID":"ba6a7a4e-9c1b-4e3c-9d7e-EXAMPLE33333","errorCode":"VpceAccessDenied","errorMessage":"The request was denied due to a VPC endpoint policy"}`
	aggregated := `{"eventVersion":"1.0","accountId":"444455556666","eventId":"62759c1a-6248-48e1-a6b3-d5fb7e6c4bc0","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-west-2","eventSource":"s3.amazonaws.com","timeWindow":{"windowStart":"2025-11-17T19:20:00Z","windowEnd":"2025-11-17T19:25:00Z","windowSize":"PT5M"},"summary":{"primaryDimension":{"dimension":"eventName","statistics":[{"name":"PutObject","value":1000}],"aggregationType":"Count"}}}`
	file := writeFile(t, "records.jsonl", network+"\n"+aggregated+"\n")
	stdout, _ := runOK(t, []string{"-deployment", dep, file}, nil)
	if n := checkLines(t, stdout.Bytes()); n != 2 {
		t.Fatalf("%d lines, want 2", n)
	}
	for _, want := range []string{
		`"deliveries":[{"trail":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit","account":"444455556666","region":"eu-west-1","key":"org/AWSLogs/o-exampleorgid/444455556666/CloudTrail-NetworkActivity/eu-west-1/2024/11/06/"}]`,
		`"deliveries":[{"trail":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit","account":"444455556666","region":"us-west-2","key":"org/AWSLogs/o-exampleorgid/444455556666/CloudTrail-Aggregated/us-west-2/2025/11/17/"}]`,
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, stdout)
		}
	}
}

// TestMalformedInLogFile: a malformed record inside a log file envelope
// is located by line and column in that file; the next record is routed.
func TestMalformedInLogFile(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	file := writeFile(t, "log.json", "{\"Records\": [\n"+`{"eventVersion":"1.08","eventName":}`+",\n"+runInstances+"\n]}\n")
	stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
	if code := run([]string{"-deployment", dep, file}, nil, stdout, stderr); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if n := checkLines(t, stdout.Bytes()); n != 1 {
		t.Errorf("%d lines, want 1 (the good record)", n)
	}
	if !strings.Contains(stderr.String(), file+":2:") {
		t.Errorf("stderr does not locate the record at line 2 of %s: %q", file, stderr)
	}
}

// TestInputForms: every form a user pipes in is routed, record by record:
// lookup-events output (pages back to back), EventBridge events,
// CloudWatch Logs subscription data, decoded and in the Lambda form.
func TestInputForms(t *testing.T) {
	dep := writeFile(t, "deployment.json", deployment)
	str := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	cwl := `{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[` +
		`{"id":"1","timestamp":1,"message":` + str(createUser) + `},{"id":"2","timestamp":2,"message":` + str(runInstances) + `}]}`
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(cwl))
	zw.Close()
	for _, tt := range []struct{ name, input string }{
		{"lookup-events pages", `{"Events":[{"EventId":"x","CloudTrailEvent":` + str(createUser) + `}],"NextToken":"t"}` + "\n" +
			`{"Events":[{"EventId":"y","CloudTrailEvent":` + str(runInstances) + `}]}`},
		{"EventBridge events", `{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","detail":` + createUser + "}\n" +
			`{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.ec2","detail":` + runInstances + "}"},
		{"CloudWatch Logs", cwl},
		{"CloudWatch Logs, Lambda form", `{"awslogs":{"data":"` + base64.StdEncoding.EncodeToString(z.Bytes()) + `"}}`},
	} {
		stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
		if code := run([]string{"-deployment", dep}, strings.NewReader(tt.input), stdout, stderr); code != 0 {
			t.Errorf("%s: exit status %d, stderr %q", tt.name, code, stderr)
		}
		if n := checkLines(t, stdout.Bytes()); n != 2 {
			t.Errorf("%s: %d lines, want 2", tt.name, n)
		}
	}
	// A control message holds no records and is no error.
	stdout, stderr := new(bytes.Buffer), new(bytes.Buffer)
	control := `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`
	if code := run([]string{"-deployment", dep}, strings.NewReader(control), stdout, stderr); code != 0 || stdout.Len() != 0 {
		t.Errorf("control message: exit status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestDescribeTrailsDeployment: -deployment also takes what `aws
// cloudtrail describe-trails` and `aws cloudtrail get-trail` print (the
// PascalCase trail members of the CloudTrail API Reference, Trail data
// type), so a user can pipe the CLI's output in.
func TestDescribeTrailsDeployment(t *testing.T) {
	const euOnly = `{"Name": "eu-only", "S3BucketName": "member-bucket", "IncludeGlobalServiceEvents": true,
	  "IsMultiRegionTrail": false, "HomeRegion": "eu-west-1",
	  "TrailARN": "arn:aws:cloudtrail:eu-west-1:444455556666:trail/eu-only",
	  "LogFileValidationEnabled": false, "HasCustomEventSelectors": false,
	  "HasInsightSelectors": false, "IsOrganizationTrail": false}`
	logFile := writeFile(t, "log.json", `{"Records":[`+createUser+`,`+runInstances+`]}`)
	for _, tc := range []struct{ name, output string }{
		{"describe-trails", `{"trailList": [` + euOnly + `]}`},
		{"get-trail", `{"Trail": ` + euOnly + `}`},
		// Saved with a UTF-8 byte order mark (PowerShell 5's Out-File
		// -Encoding utf8), which RFC 8259 §8.1 lets a parser ignore.
		{"describe-trails with a byte order mark", "\ufeff" + `{"trailList": [` + euOnly + `]}`},
		// One output per Region, back to back, as a loop over the
		// Regions prints them; the trail listed twice counts once.
		{"describe-trails of two Regions", `{"trailList": [` + euOnly + `]}` + "\n" + `{"trailList": [` + euOnly + `]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dep := writeFile(t, "trails.json", tc.output)
			stdout, stderr := runOK(t, []string{"-deployment", dep, logFile}, nil)
			if stderr.Len() != 0 {
				t.Errorf("unexpected stderr: %s", stderr)
			}
			if n := checkLines(t, stdout.Bytes()); n != 2 {
				t.Fatalf("%d lines, want 2", n)
			}
			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			// CreateUser is a global service event of 2023: recorded in
			// us-east-1 only, so the single-Region eu-west-1 trail does
			// not get it; RunInstances in eu-west-1 it delivers.
			if !strings.Contains(lines[0], `"deliveries":[]`) || !strings.Contains(lines[0], `"code":"GlobalEventOutsideHomeRegion"`) {
				t.Errorf("CreateUser: %s", lines[0])
			}
			if want := `"key":"AWSLogs/444455556666/CloudTrail/eu-west-1/2023/05/01/"`; !strings.Contains(lines[1], want) {
				t.Errorf("RunInstances: %s\nwant %s", lines[1], want)
			}
		})
	}
}
