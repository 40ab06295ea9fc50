package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail/archive"
)

// benchTree writes a bucket tree of log files (gzip, AWSLogs layout) and
// a deployment, and returns the tree's root, the deployment file and the
// number of records.
func benchTree(b testing.TB, files, perFile int) (root, dep string, n int) {
	b.Helper()
	dir := b.TempDir()
	root = filepath.Join(dir, "bucket")
	start := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	names := []string{"CreateUser", "RunInstances", "GetObject", "DescribeInstances", "PutObject"}
	for f := 0; f < files; f++ {
		acct := []string{"111122223333", "444455556666"}[f%2]
		region := []string{"us-east-1", "eu-west-1", "us-west-2"}[f%3]
		t := start.Add(time.Duration(f) * 5 * time.Minute)
		key := fmt.Sprintf("org/AWSLogs/o-exampleorgid/%s/CloudTrail/%s/%s/%s_CloudTrail_%s_%s_%016d.json.gz",
			acct, region, t.Format("2006/01/02"), acct, region, t.Format("20060102T1504Z"), f)
		var sb strings.Builder
		sb.WriteString(`{"Records":[`)
		for i := 0; i < perFile; i++ {
			if i > 0 {
				sb.WriteByte(',')
			}
			name := names[(f+i)%len(names)]
			source, cat, mgmt, ro := "ec2.amazonaws.com", "Management", "true", "false"
			switch name {
			case "CreateUser":
				source = "iam.amazonaws.com"
			case "GetObject", "PutObject":
				source, cat, mgmt = "s3.amazonaws.com", "Data", "false"
			}
			if name == "GetObject" || name == "DescribeInstances" {
				ro = "true"
			}
			fmt.Fprintf(&sb, `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:session","arn":"arn:aws:sts::%[1]s:assumed-role/Admin/session","accountId":"%[1]s","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::%[1]s:role/Admin","accountId":"%[1]s","userName":"Admin"},"attributes":{"creationDate":"2023-05-01T00:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"%[2]s","eventSource":"%[3]s","eventName":"%[4]s","awsRegion":"%[5]s","sourceIPAddress":"192.0.2.%[6]d","userAgent":"aws-cli/2.13.5 Python/3.11.4 Linux/5.10 exe/x86_64","requestParameters":{"bucketName":"amzn-s3-demo-bucket","key":"reports/%[6]d.csv"},"responseElements":null,"requestID":"EXAMPLE%[6]d","eventID":"00000000-0000-4000-8000-%012[7]d","readOnly":%[8]s,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::amzn-s3-demo-bucket/reports/%[6]d.csv"}],"eventType":"AwsApiCall","managementEvent":%[9]s,"recipientAccountId":"%[1]s","eventCategory":"%[10]s","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"%[3]s"}}`,
				acct, t.Add(-time.Duration(i)*time.Second).Format(time.RFC3339), source, name, region, i%250, f*perFile+i, ro, mgmt, cat)
			n++
		}
		sb.WriteString(`]}`)
		p := filepath.Join(root, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, gzipped(b, []byte(sb.String())), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	dep = filepath.Join(dir, "dep.json")
	depJSON, _ := demo.ReadFile("demo/deployment.json")
	if err := os.WriteFile(dep, depJSON, 0o644); err != nil {
		b.Fatal(err)
	}
	return root, dep, n
}

// BenchmarkRoute compares `trailmap route -format json DIR > /dev/null`
// (and -summary) with the library reading the same tree: event.Reader one
// file after the other, and trail/archive's reader (GOMAXPROCS workers,
// unordered, as route uses it by default). Each iteration runs the four in turn, so
// that a loaded machine slows them alike; the ratios are reported:
// read/route is the share of the library's reading speed route keeps
// (1.0 = as fast). Run: go test -run '^$' -bench Route -benchtime 5x ./cmd/trailmap
func BenchmarkRoute(b *testing.B) {
	root, dep, n := benchTree(b, 60, 500)
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	readReader := func() {
		rd := event.NewReader(nil, event.ContinueOnError())
		var rec event.Record
		for _, name := range files {
			f, err := os.Open(name)
			if err != nil {
				b.Fatal(err)
			}
			rd.Reset(f)
			for rd.ReadRecord(&rec) == nil {
			}
			f.Close()
		}
	}
	a := archive.FS(os.DirFS(root))
	readArchive := func() {
		err := a.Each(context.Background(), nil, func(r *archive.Record, err error) error { return err })
		if err != nil {
			b.Fatal(err)
		}
	}
	route := func(args ...string) func() {
		return func() {
			e := &env{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""), now: time.Now}
			if code := run(e, append([]string{"route", "-deployment", dep, root}, args...)); code != 0 {
				b.Fatalf("exit %d", code)
			}
		}
	}
	runs := []struct {
		name string
		fn   func()
		d    time.Duration
	}{
		{"reader", readReader, 0},
		{"archive", readArchive, 0},
		{"route-json", route("-format", "json"), 0},
		{"route-summary", route("-summary"), 0},
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range runs {
			t := time.Now()
			runs[j].fn()
			runs[j].d += time.Since(t)
		}
	}
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N*n) }
	for _, r := range runs {
		b.ReportMetric(per(r.d), "ns/record-"+r.name)
	}
	b.ReportMetric(per(runs[1].d)/per(runs[2].d), "archive/route-json")
	b.ReportMetric(per(runs[0].d)/per(runs[2].d), "reader/route-json")
	b.ReportMetric(per(runs[1].d)/per(runs[3].d), "archive/route-summary")
}

// TestRouteParallel: routing a bucket tree by several workers, objects
// unordered, prints the lines routing it in key order prints, and the
// same summary.
func TestRouteParallel(t *testing.T) {
	root, dep, n := benchTree(t, 12, 40)
	runWith := func(workers int, args ...string) (string, string) {
		var out, errb strings.Builder
		e := &env{ctx: context.Background(), stdout: &out, stderr: &errb, stdin: strings.NewReader(""), now: time.Now, workers: workers}
		if code := run(e, append([]string{"route", "-deployment", dep, root}, args...)); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		return out.String(), errb.String()
	}
	ordered, summary := runWith(1)
	parallel, psummary := runWith(4)
	if got := strings.Count(ordered, "\n"); got != n {
		t.Fatalf("%d lines in key order, want %d", got, n)
	}
	sorted := func(s string) string {
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		slices.Sort(lines)
		return strings.Join(lines, "\n")
	}
	if sorted(ordered) != sorted(parallel) {
		t.Error("four workers print other lines than one")
	}
	if summary != psummary {
		t.Errorf("summaries differ:\n%s\n%s", summary, psummary)
	}
	if o, _ := runWith(4, "-ordered"); o != ordered {
		t.Error("-ordered with four workers is not the key order")
	}
	js1, _ := runWith(1, "-summary")
	js4, _ := runWith(4, "-summary")
	if js1 != js4 {
		t.Errorf("-summary differs:\n%s\n%s", js1, js4)
	}
}
