package main

import (
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	p := &progress{totalFiles: 10, totalBytes: 40e6}
	p.Objects.Store(3)
	p.Bytes.Store(10e6)
	p.Records.Store(50000)
	got := p.line(5 * time.Second)
	// 10 of 40 MB in 5 s: 30 MB left at 2 MB/s is 15 s.
	want := "3/10 files  10.0/40.0 MB  50000 records  10000 records/s  ETA 15s"
	if got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
	if got := (&progress{}).line(0); got != "0/0 files  0.0/0.0 MB  0 records  0 records/s" {
		t.Errorf("at the start: %q (no ETA before a byte is read)", got)
	}
}

func TestIsRecordFile(t *testing.T) {
	for _, tt := range []struct {
		path   string
		want   bool
		reason string
	}{
		{"logs/a.json", true, ".json"},
		{"logs/a.JSON.GZ", true, "suffixes in any case"},
		{"logs/a.jsonl", true, "JSON Lines"},
		{"logs/a.gz", true, "gzip"},
		{"logs/a.txt", false, "not a record suffix"},
		{"logs/.hidden.json", false, "hidden files are left out"},
		{"b/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/05/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20230501T130000Z.json.gz", false, "a digest holds no records"},
		{"b/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/05/01/x.json.gz.metadata.json", false, "head-object output beside a digest"},
		{"b/AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/111122223333_CloudTrail_us-east-1_20230501T1205Z_abcdefghijklmnop.json.gz", true, "a log file"},
	} {
		if got := isRecordFile(tt.path); got != tt.want {
			t.Errorf("isRecordFile(%q) = %v, want %v: %s", tt.path, got, tt.want, tt.reason)
		}
	}
}
