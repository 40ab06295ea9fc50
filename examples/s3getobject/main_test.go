package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestRun(t *testing.T) {
	sel := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join("testdata", n))
		}
		return out
	}
	all := sel("bucket1-data.json", "oregon-writes.json", "all-but-logs.json")
	tests := []struct {
		name   string
		reason string
		args   []string
	}{
		{"samples", "no -trails: the embedded samples, bucket1 in us-east-1", nil},
		{"bucket1", "the same from files: bucket1-data and all-but-logs log it, oregon-writes is single-Region elsewhere",
			append([]string{"-trails", "testdata/describe-trails.json"}, all...)},
		{"log-bucket-oregon", "the log bucket in us-west-2: all-but-logs excludes it with NotStartsWith, oregon-writes logs writes only",
			append([]string{"-trails", "testdata/describe-trails.json", "-bucket", "amzn-s3-demo-bucket", "-key", "AWSLogs/x.json.gz", "-region", "us-west-2"}, all...)},
		{"no-selectors", "without get-event-selectors output every trail logs management events only",
			[]string{"-trails", "testdata/describe-trails.json"}},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit status %d: %s", tt.reason, code, &stderr)
			continue
		}
		file := filepath.Join("testdata", tt.name+".golden")
		if *update {
			if err := os.WriteFile(file, stdout.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(stdout.Bytes(), want) {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tt.reason, &stdout, want)
		}
	}
}

func TestRunErrors(t *testing.T) {
	other := filepath.Join(t.TempDir(), "other.json")
	if err := os.WriteFile(other, []byte(`{"TrailARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/absent","EventSelectors":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		reason string
		args   []string
		want   string
	}{
		{"selectors for a trail not in describe-trails", []string{"-trails", "testdata/describe-trails.json", other}, "no trail has TrailARN"},
		{"missing trails file", []string{"-trails", "testdata/none.json"}, "none.json"},
		{"bad -at", []string{"-at", "noon"}, "-at"},
		{"not describe-trails output", []string{"-trails", "testdata/bucket1-data.json"}, "trailList"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code == 0 {
			t.Errorf("%s: exit status 0", tt.reason)
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%s: stderr %q lacks %q", tt.reason, &stderr, tt.want)
		}
	}
}
