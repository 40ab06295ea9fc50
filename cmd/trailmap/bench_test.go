package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/benchtree"
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
// and `trailmap route -summary DIR` with the library reading the same
// tree in the same run: trail/archive's reader (Each, as many workers as
// GOMAXPROCS, unordered: what route reads a tree with) decoding every
// record, and event.Reader reading the files one after the other; and
// with the floor of reading the tree at all: walking it and gunzipping
// every object with compress/gzip into io.Discard, by GOMAXPROCS
// goroutines. Each iteration runs them in turn, so that a loaded machine
// slows them alike, and the median over the iterations of the ratio of
// speeds is reported: json/library is route's speed over the library's
// (1.0 = as fast; the goal is at least 0.9), summary/library likewise
// (the goal 1.0); json/floor and summary/floor are route's speed over the
// floor's (the goal for reading a bucket: 0.75 on one core, 0.9 on all).
// The -full runs are route decoding every member of every record, as it
// did before it decoded only what it reads (event.DecodeOnly). The tree is
// $TRAILMAP_ARCHIVE_TREE/bucket when set (trail/archive's benchmark tree),
// else a generated one.
//
//	go test -run '^$' -bench Route -benchtime 10x -count 2 -cpu 1,2 ./cmd/trailmap
func BenchmarkRoute(b *testing.B) {
	root, dep, n := benchTree(b, 60, 500)
	if dir := os.Getenv("TRAILMAP_ARCHIVE_TREE"); dir != "" {
		root = filepath.Join(dir, "bucket")
		n = 0
	}
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isRecordFile(p) {
			files = append(files, p)
		}
		return nil
	})
	readReader := func() int {
		rd := event.NewReader(nil, event.ContinueOnError())
		var rec event.Record
		k := 0
		for _, name := range files {
			f, err := os.Open(name)
			if err != nil {
				b.Fatal(err)
			}
			rd.Reset(f)
			for rd.ReadRecord(&rec) == nil {
				k++
			}
			f.Close()
		}
		return k
	}
	if n == 0 {
		n = readReader()
	}
	a := archive.FS(os.DirFS(root))
	readArchive := func() {
		err := a.Each(context.Background(), nil, func(r *archive.Record, err error) error { return err })
		if err != nil {
			b.Fatal(err)
		}
	}
	route := func(full bool, args ...string) func() {
		return func() {
			e := &env{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""), now: time.Now,
				decodeAll: full}
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
		{"library", readArchive, 0},
		{"route-json", route(false, "-format", "json"), 0},
		{"route-summary", route(false, "-summary"), 0},
		{"reader", func() { readReader() }, 0},
		{"floor", func() { gunzipFloor(b, root) }, 0},
		{"route-json-full", route(true, "-format", "json"), 0},
		{"route-summary-full", route(true, "-summary"), 0},
	}
	// The ratio of each iteration, and their median: a burst of load
	// from elsewhere spoils one iteration's ratio, not the figure. The
	// ratios of processor time (user and system, of the whole process)
	// are reported beside those of elapsed time: on a machine shared with
	// other work they move less.
	const library, floor = 0, 4
	ratios := []struct {
		name     string
		run, of  int
		wall, cp []float64
	}{
		{name: "json/library", run: 1, of: library},
		{name: "summary/library", run: 2, of: library},
		{name: "json/floor", run: 1, of: floor},
		{name: "summary/floor", run: 2, of: floor},
		{name: "json-full/floor", run: 5, of: floor},
		{name: "summary-full/floor", run: 6, of: floor},
		{name: "library/floor", run: library, of: floor},
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, c := make([]time.Duration, len(runs)), make([]time.Duration, len(runs))
		for j := range runs {
			t, cpu := time.Now(), cpuTime()
			runs[j].fn()
			d[j], c[j] = time.Since(t), cpuTime()-cpu
			runs[j].d += d[j]
		}
		for k := range ratios {
			r := &ratios[k]
			r.wall = append(r.wall, float64(d[r.of])/float64(d[r.run]))
			if c[r.of] > 0 && c[r.run] > 0 {
				r.cp = append(r.cp, float64(c[r.of])/float64(c[r.run]))
			}
		}
	}
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N*n) }
	for _, r := range runs {
		b.ReportMetric(per(r.d), "ns/record-"+r.name)
	}
	for _, r := range ratios {
		b.ReportMetric(benchtree.Median(r.wall), r.name)
		if len(r.cp) > 0 {
			b.ReportMetric(benchtree.Median(r.cp), r.name+"-cpu")
		}
	}
}

// gunzipFloor walks the tree at root and gunzips every object with
// compress/gzip into io.Discard, by GOMAXPROCS goroutines: the least
// reading a bucket tree costs, BenchmarkRoute's floor (internal/benchtree's,
// which tools/bucketbench measures too).
func gunzipFloor(b *testing.B, root string) {
	files, err := benchtree.Files(root)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := benchtree.Gunzip(files, runtime.GOMAXPROCS(0)); err != nil {
		b.Fatal(err)
	}
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

// flatTree copies the log files of a bucket tree into one folder that is
// not in the AWSLogs layout (names from 000.json.gz on), so that route
// reads them as plain files; the last one also gets a bad record.
func flatTree(t testing.TB, root string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "plain")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.json.gz", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bad := `{"eventVersion":"1.09","eventID":"x","eventTime":"2023-05-01T00:00:00Z","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventSource":"iam.amazonaws.com","eventName":"GetUser"}` + "\n" +
		`{"eventVersion":` + "\n" +
		`{"eventVersion":"1.09","eventID":"y","eventTime":"2023-05-01T00:00:01Z","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventSource":"iam.amazonaws.com","eventName":"GetRole"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "zz.jsonl"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRoutePlainFiles: a folder of plain files (not a bucket tree) read
// by several workers at once prints what one worker prints, byte for
// byte: the files' lines in the files' order. A bad record is reported
// and costs the exit status, as with one worker.
func TestRoutePlainFiles(t *testing.T) {
	root, dep, n := benchTree(t, 12, 40)
	dir := flatTree(t, root)
	runWith := func(workers int, args ...string) (string, string, int) {
		var out, errb strings.Builder
		e := &env{ctx: context.Background(), stdout: &out, stderr: &errb, stdin: strings.NewReader(""), now: time.Now, workers: workers}
		code := run(e, append([]string{"route", "-deployment", dep, dir}, args...))
		return out.String(), errb.String(), code
	}
	one, oneErr, code := runWith(1)
	if code != exitProblem || !strings.Contains(oneErr, "zz.jsonl:4:1: record 2") {
		t.Fatalf("one worker: exit %d, stderr %s; want 1 and the bad record of zz.jsonl", code, oneErr)
	}
	if got := strings.Count(one, "\n"); got != n+2 {
		t.Fatalf("%d lines, want %d", got, n+2)
	}
	for _, workers := range []int{2, 3, 8} {
		for _, args := range [][]string{nil, {"-ordered"}, {"-summary"}} {
			want, wantErr, _ := runWith(1, args...)
			got, gotErr, code := runWith(workers, args...)
			if got != want {
				t.Errorf("%d workers %q: the output differs from one worker's", workers, args)
			}
			if code != exitProblem || gotErr != wantErr {
				t.Errorf("%d workers %q: exit %d, stderr\n%s\nwant 1 and\n%s", workers, args, code, gotErr, wantErr)
			}
		}
	}
}

// cancelWriter cancels a context when it is first written to.
type cancelWriter struct {
	strings.Builder
	cancel context.CancelFunc
}

func (c *cancelWriter) Write(p []byte) (int, error) {
	c.cancel()
	return c.Builder.Write(p)
}

// TestRoutePlainFilesInterrupted: an interrupt while several workers read
// plain files stops the run; what was printed is the beginning of what an
// uninterrupted run prints, in order, with no line of a later file
// written out of its turn.
func TestRoutePlainFilesInterrupted(t *testing.T) {
	root, dep, _ := benchTree(t, 40, 200)
	dir := flatTree(t, root)
	var full strings.Builder
	e := &env{ctx: context.Background(), stdout: &full, stderr: io.Discard, stdin: strings.NewReader(""), now: time.Now, workers: 1}
	run(e, []string{"route", "-deployment", dep, dir})
	for range 5 {
		ctx, cancel := context.WithCancel(context.Background())
		out := &cancelWriter{cancel: cancel}
		var errb strings.Builder
		e := &env{ctx: ctx, stdout: out, stderr: &errb, stdin: strings.NewReader(""), now: time.Now, workers: 4}
		if code := run(e, []string{"route", "-deployment", dep, dir}); code != exitProblem {
			t.Errorf("exit %d after an interrupt, want 1", code)
		}
		got := out.String()
		if !strings.HasPrefix(full.String(), got) || !strings.HasSuffix(got, "\n") {
			t.Fatalf("an interrupted run printed %d bytes that are not whole lines at the start of the %d an uninterrupted one prints", len(got), full.Len())
		}
		if !strings.Contains(errb.String(), "context canceled") {
			t.Errorf("stderr does not say the run was interrupted:\n%s", errb.String())
		}
	}
}
