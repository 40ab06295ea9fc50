package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/trail"
)

// runBoth runs the command with args twice, decoding only the members
// it reads and decoding every member (env.decodeAll), and fails when
// standard output, standard error or the exit status differ. stdin is
// standard input.
func runBoth(t *testing.T, name string, workers int, stdin []byte, args ...string) {
	t.Helper()
	var outs [2]struct {
		stdout, stderr bytes.Buffer
		code           int
	}
	for i := range outs {
		o := &outs[i]
		e := &env{ctx: context.Background(), workers: workers, decodeAll: i == 1,
			now:   func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) },
			stdin: bytes.NewReader(stdin), stdout: &o.stdout, stderr: &o.stderr}
		o.code = run(e, args)
	}
	only, all := &outs[0], &outs[1]
	if only.code != all.code || !bytes.Equal(only.stdout.Bytes(), all.stdout.Bytes()) || !bytes.Equal(only.stderr.Bytes(), all.stderr.Bytes()) {
		shown := args
		if len(shown) > 8 {
			shown = append(shown[:8:8], "…")
		}
		t.Errorf("%s: %q: decoding only what route reads:\nexit %d\n%s\n%s\ndecoding every member:\nexit %d\n%s\n%s", name, shown,
			only.code, cut(only.stdout.String()), cut(only.stderr.String()), all.code, cut(all.stdout.String()), cut(all.stderr.String()))
	}
}

// cut shortens long output for a message.
func cut(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// routeOutputs are the ways of printing route has: each reads other
// members of a record.
var routeOutputs = [][]string{
	{"-format", "json"},
	{"-format", "table"},
	{"-summary"},
	{"-summary", "-format", "table"},
	{"-format", "json", "-only", "skipped"},
	{"-format", "json", "-account", "111122223333"},
	{"-format", "json", "-region", "us-east-1", "-since", "2019-01-01T00:00:00Z", "-until", "2024-01-01T00:00:00Z"},
	{"-format", "table", "-event-name", "ConsoleLogin"},
	{"-format", "json", "-at", "2024-05-01T00:00:00Z"},
}

// routeDeploymentFiles writes the demo's deployment and those of the
// coverage tests (network activity, Insights, aggregation, data events,
// single-Region and stopped trails) under dir and returns their paths.
func routeDeploymentFiles(t *testing.T, dir string) []string {
	t.Helper()
	b, err := demo.ReadFile("demo/deployment.json")
	if err != nil {
		t.Fatal(err)
	}
	deps := []string{string(b)}
	for _, c := range coverageDeployments {
		deps = append(deps, c.dep)
	}
	// Selectors that read userIdentity, resources.ARN, errorCode and
	// vpcEndpointId.
	deps = append(deps, `{"trails": [
    {"Name": "fields", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/fields", "HomeRegion": "us-east-1",
     "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "S3BucketName": "b",
     "AdvancedEventSelectors": [
       {"Name": "s3 not admin", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
         {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::"]}, {"Field": "userIdentity.arn", "NotStartsWith": ["arn:aws:sts::111122223333:assumed-role/Admin/"]}]},
       {"Name": "vpce", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["NetworkActivity"]}, {"Field": "eventSource", "Equals": ["kms.amazonaws.com"]},
         {"Field": "errorCode", "Equals": ["VpceAccessDenied"]}, {"Field": "vpcEndpointId", "NotEquals": ["vpce-1"]}]}]}]}`)
	var out []string
	for i, d := range deps {
		p := filepath.Join(dir, fmt.Sprintf("deployment-%d.json", i))
		if err := os.WriteFile(p, []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// TestRouteDecodeOnlyScenarios: every route scenario of testdata prints
// what it prints when route decodes every member of every record (the
// goldens of TestScenarios pin the output itself).
func TestRouteDecodeOnlyScenarios(t *testing.T) {
	eachScenario(t, "route", func(file string, args []string, stdin []byte) {
		runBoth(t, file, 1, stdin, args...)
		runBoth(t, file+" (-format table)", 1, stdin, append([]string{args[0], "-format", "table"}, args[1:]...)...)
	})
}

// TestRouteDecodeOnlyTestdata: the records of the event package's
// testdata, read as files, as standard input and as a bucket tree,
// through several deployments and every output, are printed as when
// route decodes every member.
func TestRouteDecodeOnlyTestdata(t *testing.T) {
	var files []string
	for _, pat := range []string{"../../event/testdata/records/*.json", "../../event/testdata/aggregated/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no testdata records")
	}
	var data [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, b)
	}
	routeBothInputs(t, "testdata", files, data)
}

// TestRouteDecodeOnlyCorpus is TestRouteDecodeOnlyTestdata for the real
// corpus, its malformed records included.
func TestRouteDecodeOnlyCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	var files []string
	var data [][]byte
	for _, f := range corpustest.Files(t, corpustest.All) {
		files = append(files, filepath.Join(dir, filepath.FromSlash(f.Path)))
		data = append(data, f.Data)
	}
	// The demo's deployment; network activity, Insights and
	// aggregation; selectors on userIdentity, resources, errorCode and
	// vpcEndpointId.
	routeBothInputs(t, "corpus", files, data, 0, len(coverageDeployments), len(coverageDeployments)+1)
	folderDeps := routeDeploymentFiles(t, t.TempDir())[:2]
	if !corpustest.Long() {
		folderDeps = folderDeps[:1]
	}
	for _, dep := range folderDeps {
		runBoth(t, "corpus folder", 2, nil, "route", "-deployment", dep, "-format", "json", dir)
	}
}

// routeBothInputs runs route over files (whose contents are data) as
// files, as standard input and as a bucket tree of one object per file,
// through the deployments of routeDeploymentFiles (those of the indexes
// pick, when given), with every output of
// routeOutputs, and fails where decoding only what route reads changes
// what it prints.
func routeBothInputs(t *testing.T, name string, files []string, data [][]byte, pick ...int) {
	t.Helper()
	dir := t.TempDir()
	deps := routeDeploymentFiles(t, dir)
	if pick != nil {
		var some []string
		for _, i := range pick {
			some = append(some, deps[i])
		}
		deps = some
	}
	// A bucket tree: one object per file, in accounts and Regions the
	// deployments name.
	tree := filepath.Join(dir, "bucket")
	for i, b := range data {
		acct := []string{"111122223333", "444455556666", "123456789012"}[i%3]
		region := []string{"us-east-1", "eu-west-1"}[i%2]
		key := trail.LogKey("", "", acct, region, time.Date(2023, 5, 1, 0, 5*i%60, 0, 0, time.UTC), fmt.Sprintf("EXAMPLE%09d", i)).String()
		p := filepath.Join(tree, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, gzipped(t, b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdin := bytes.Join(data, []byte("\n"))
	for i, dep := range deps {
		for j, out := range routeOutputs {
			args := append([]string{"route", "-deployment", dep}, out...)
			// Files one after the other, and a bucket tree (trail/archive)
			// with two workers in key order; each deployment with every
			// output, and two workers reading files at once in turn.
			runBoth(t, name+" files", 1, nil, append(args, files...)...)
			runBoth(t, name+" bucket tree, ordered", 2, nil, append(append(args, "-ordered"), tree)...)
			if (i+j)%len(deps) == 0 {
				runBoth(t, name+" files, 2 workers", 2, nil, append(args, files...)...)
			}
		}
		runBoth(t, name+" standard input", 1, stdin, "route", "-deployment", dep, "-format", "json")
	}
}

// TestReportDecodeOnly: report's page over the testdata's records and
// the real corpus (when present) is the page written when it decodes
// every member of every record.
func TestReportDecodeOnly(t *testing.T) {
	inputs := [][]string{{"demo/records.json"}}
	for _, pat := range []string{"../../event/testdata/records/*.json", "../../event/testdata/aggregated/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		inputs[0] = append(inputs[0], m...)
	}
	if dir, err := corpustest.Lookup(); err == nil {
		inputs = append(inputs, []string{dir})
	} else {
		t.Logf("%v: the testdata only", err)
	}
	dir := t.TempDir()
	deps := routeDeploymentFiles(t, dir)
	for _, dep := range []string{deps[0], deps[len(deps)-1]} {
		for _, in := range inputs {
			var pages [2][]byte
			var stderrs [2]string
			for i := range pages {
				file := filepath.Join(dir, "report.html")
				var stderr bytes.Buffer
				e := &env{ctx: context.Background(), stdout: new(bytes.Buffer), stderr: &stderr, stdin: strings.NewReader(""), decodeAll: i == 1,
					now: func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }}
				run(e, append([]string{"report", "-deployment", dep, "-o", file}, in...))
				b, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				pages[i], stderrs[i] = b, stderr.String()
			}
			if !bytes.Equal(pages[0], pages[1]) || stderrs[0] != stderrs[1] {
				t.Errorf("%s, %d inputs: the page differs when report decodes only what it reads\n%s\n%s", filepath.Base(dep), len(in),
					cut(stderrs[0]), cut(stderrs[1]))
			}
		}
	}
}

// TestRouteSummaryOrder: route -summary over two files, read by two
// workers (each counting the records of the file it takes), lists the
// trails in the deployment's order every time, whichever worker took
// which file; the first record of each file meets the trails in another
// order (one delivered by ohio-only, the other by insights).
func TestRouteSummaryOrder(t *testing.T) {
	dir := t.TempDir()
	recs := []string{
		`{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-2","recipientAccountId":"123456789012","eventCategory":"Management","managementEvent":true,"readOnly":true,"eventID":"a"}`,
		`{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","recipientAccountId":"123456789012","eventCategory":"Management","managementEvent":true,"readOnly":false,"eventID":"b"}`,
	}
	var files []string
	for i, r := range recs {
		p := filepath.Join(dir, fmt.Sprintf("%c.json", 'a'+i))
		if err := os.WriteFile(p, []byte(r), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	want := `"trails":[{"trail":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",` +
		`"delivered":2,"skipped":{}},{"trail":"arn:aws:cloudtrail:us-east-2:123456789012:trail/ohio-only",` +
		`"delivered":1,"skipped":{"RegionNotCovered":1}},{"trail":"arn:aws:cloudtrail:us-east-1:123456789012:trail/insights",` +
		`"delivered":1,"skipped":{"NotSelected":1}}]`
	for range 20 {
		var stdout bytes.Buffer
		e := &env{ctx: context.Background(), workers: 2, stdin: strings.NewReader(""), stdout: &stdout, stderr: new(bytes.Buffer),
			now: func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }}
		if code := run(e, append([]string{"route", "-deployment", "demo/deployment.json", "-summary"}, files...)); code != 0 {
			t.Fatalf("exit %d", code)
		}
		if !strings.Contains(stdout.String(), want) {
			t.Fatalf("-summary:\n%s\nwant the trails in the deployment's order:\n%s", stdout.String(), want)
		}
	}
}

// TestRouteDecodeOnlyForms: every input form of "Reading records" (a log
// file, JSON Lines, lookup-events output, EventBridge events, CloudWatch
// Logs subscription data and its Lambda form, plain and gzip, from a file
// and from standard input) holding records route reads a few members of,
// records it decodes whole again from their text (one older than
// recipientAccountId, an aggregated event, an event data store's
// Insights record) and a bad one, prints what route prints decoding
// every member.
func TestRouteDecodeOnlyForms(t *testing.T) {
	recs := []string{
		`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"444455556666","userName":"Alice"},"eventTime":"2023-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"a","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","eventCategory":"Management"}`,
		`{"eventVersion":"1.01","userIdentity":{"type":"Root","accountId":"123456789012"},"eventTime":"2014-05-01T12:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"Terminate\u0049nstances","awsRegion":"us-east-2","eventID":"b"}`,
		`{"eventVersion":"1.0","accountId":"123456789012","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-east-1","eventSource":"s3.amazonaws.com","eventId":"c","timeWindow":{"windowStart":"2024-05-01T00:00:00Z","windowEnd":"2024-05-01T00:05:00Z"},"summary":{"primaryDimension":{"dimension":"eventName","statistics":[]}}}`,
		`{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","awsRegion":"us-east-1","recipientAccountId":"123456789012","eventType":"AwsCloudTrailInsight","eventCategory":"Insight","eventID":"d","insightType":"ApiCallRateInsight","insightEventSource":"ec2.amazonaws.com","insightEventName":"RunInstances","insightState":"Start"}`,
		`{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-2","recipientAccountId":"123456789012","eventID":"e","readOnly":"maybe"}`,
	}
	quote := func(s string) string { q, _ := json.Marshal(s); return string(q) }
	var lookup, eb, cwl []string
	for _, r := range recs {
		lookup = append(lookup, `{"EventId":"x","EventName":"X","EventTime":"2023-05-01T12:00:00+00:00","CloudTrailEvent":`+quote(r)+`}`)
		eb = append(eb, `{"version":"0","id":"x","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"444455556666","time":"2023-05-01T12:00:00Z","region":"us-east-1","resources":[],"detail":`+r+`}`)
		cwl = append(cwl, `{"id":"1","timestamp":1682942400000,"message":`+quote(r)+`}`)
	}
	cwlDoc := `{"messageType":"DATA_MESSAGE","owner":"444455556666","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[` + strings.Join(cwl, ",") + `]}`
	forms := map[string]string{
		"log file":     `{"Records":[` + strings.Join(recs, ",") + `,{"eventVersion":}]}`,
		"JSON lines":   strings.Join(recs, "\n") + "\n{\"eventVersion\":\n",
		"lookup":       `{"Events":[` + strings.Join(lookup, ",") + `]}`,
		"EventBridge":  strings.Join(eb, "\n"),
		"CloudWatch":   cwlDoc,
		"Lambda":       `{"awslogs":{"data":"` + base64.StdEncoding.EncodeToString(gzipped(t, []byte(cwlDoc))) + `"}}`,
		"single":       recs[1],
		"pretty":       "{\n  \"Records\": [\n    " + strings.Join(recs, ",\n    ") + "\n  ]\n}\n",
		"two records":  recs[2] + recs[3],
		"not a record": `{"foo":1}`,
	}
	dir := t.TempDir()
	deps := routeDeploymentFiles(t, dir)
	for name, text := range forms {
		for _, data := range [][]byte{[]byte(text), gzipped(t, []byte(text))} {
			p := filepath.Join(dir, "in.json")
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, dep := range []string{deps[0], deps[len(deps)-2], deps[len(deps)-1]} {
				for _, out := range [][]string{{"-format", "json"}, {"-format", "table"}, {"-summary"}, {"-format", "json", "-event-name", "ec2.amazonaws.com:RunInstances ApiCallRateInsight Start"}} {
					args := append([]string{"route", "-deployment", dep}, out...)
					runBoth(t, name+" file", 1, nil, append(args, p)...)
					runBoth(t, name+" stdin", 1, data, args...)
				}
			}
		}
	}
}

// limitWriter records the Go runtime's memory limit when it is first
// written to: the limit route runs under.
type limitWriter struct {
	strings.Builder
	limit int64
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.limit == 0 {
		w.limit = debug.SetMemoryLimit(-1)
	}
	return w.Builder.Write(p)
}

// TestRouteMemoryLimit: route runs under its soft memory limit
// (routeMemoryLimit) and puts the limit back after, but leaves it alone
// when GOMEMLIMIT is set.
func TestRouteMemoryLimit(t *testing.T) {
	root, dep, _ := benchTree(t, 2, 2)
	before := debug.SetMemoryLimit(-1)
	if before <= routeMemoryLimit {
		t.Skipf("the memory limit is %d already", before)
	}
	route := func() int64 {
		t.Helper()
		out := &limitWriter{}
		e := &env{ctx: context.Background(), stdout: out, stderr: io.Discard, stdin: strings.NewReader(""), now: time.Now}
		if code := run(e, []string{"route", "-deployment", dep, "-format", "json", root}); code != 0 {
			t.Fatalf("exit %d", code)
		}
		if after := debug.SetMemoryLimit(-1); after != before {
			t.Errorf("the memory limit is %d after route, was %d", after, before)
		}
		return out.limit
	}
	if got := route(); got != routeMemoryLimit {
		t.Errorf("route ran under a memory limit of %d, want %d", got, routeMemoryLimit)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	if got := route(); got != before {
		t.Errorf("with GOMEMLIMIT set, route ran under a memory limit of %d, want it left at %d", got, before)
	}
}
