package benchtree

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestQuantile(t *testing.T) {
	for _, c := range []struct {
		why  string
		x    []float64
		q    float64
		want float64
	}{
		{"nothing measured is 0", nil, 0.5, 0},
		{"one value is every quantile", []float64{3}, 0.9, 3},
		{"odd count: the middle value", []float64{5, 1, 3}, 0.5, 3},
		{"even count: the mean of the two middle values", []float64{4, 1, 3, 2}, 0.5, 2.5},
		{"0 is the least", []float64{4, 1, 3}, 0, 1},
		{"1 is the greatest", []float64{4, 1, 3}, 1, 4},
		{"between values, interpolated", []float64{0, 10}, 0.25, 2.5},
	} {
		x := append([]float64(nil), c.x...)
		if got := Quantile(c.x, c.q); got != c.want {
			t.Errorf("%s: Quantile(%v, %v) = %v, want %v", c.why, c.x, c.q, got, c.want)
		}
		if !equal(x, c.x) {
			t.Errorf("%s: Quantile reordered its input: %v", c.why, c.x)
		}
	}
	if got := Median([]float64{2, 9, 1}); got != 2 {
		t.Errorf("Median = %v, want 2", got)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLogKey: the tree's keys are CloudTrail's for an organization
// trail's log files (trail.LogKey, which trail/archive's benchmark reads
// the tree with, so a wrong key would make it report unknown objects).
func TestLogKey(t *testing.T) {
	at := time.Date(2024, 5, 1, 13, 4, 0, 0, time.UTC)
	want := "AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1304Z_000000000000000A.json.gz"
	if got := logKey("111122223333", "us-east-1", at, "000000000000000A"); got != want {
		t.Errorf("logKey = %s, want %s", got, want)
	}
}

// TestReaders: the floor and the baseline read every byte and record of
// a small tree, and report a corrupt file with its name.
func TestReaders(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, gz bool) string {
		var b bytes.Buffer
		if gz {
			zw := gzip.NewWriter(&b)
			zw.Write([]byte(text))
			zw.Close()
		} else {
			b.WriteString(text)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	one := `{"Records":[{"eventName":"GetObject","userIdentity":{"type":"IAMUser"}}]}`
	two := `{"Records":[{"eventName":"A"},{"eventName":"B","awsRegion":"us-east-1"}]}`
	write("a/1.json.gz", one, true)
	write("b/2.json.gz", two, true)
	write("b/notes.txt", "not a log file", false)
	files, err := Files(dir)
	if err != nil || len(files) != 2 {
		t.Fatalf("Files = %v, %v; want the two .json.gz files", files, err)
	}
	for _, workers := range []int{1, 2, 3} {
		n, err := Gunzip(files, workers)
		if err != nil || n != int64(len(one)+len(two)) {
			t.Errorf("%d workers: Gunzip = %d, %v; want %d bytes", workers, n, err, len(one)+len(two))
		}
		r, err := Baseline(files, workers)
		if err != nil || r != 3 {
			t.Errorf("%d workers: Baseline = %d, %v; want 3 records", workers, r, err)
		}
	}
	bad := write("c/3.json.gz", "not gzip", false)
	files = append(files, bad)
	if _, err := Gunzip(files, 2); err == nil || !bytes.Contains([]byte(err.Error()), []byte(bad)) {
		t.Errorf("Gunzip of a corrupt file: %v, want an error naming %s", err, bad)
	}
	if _, err := Baseline(files, 2); err == nil || !bytes.Contains([]byte(err.Error()), []byte(bad)) {
		t.Errorf("Baseline of a corrupt file: %v, want an error naming %s", err, bad)
	}
}
