package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/trail/archive"
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

// TestCollectBucketTree: a directory holding a bucket tree only is one
// source listing its object keys (so that reading it keeps no per-object
// source live), counted by its files for the progress line; a tree named
// twice in a row is read once; a directory holding anything else is a
// source per file. (So collect finds them when it walks a folder first,
// for a progress line; otherwise see TestLazyTree.)
func TestCollectBucketTree(t *testing.T) {
	root, dep, n := benchTree(t, 6, 3)
	plain := t.TempDir()
	for _, name := range []string{"a.json", "b.json"} {
		if err := os.WriteFile(filepath.Join(plain, name), []byte(`{"Records":[]}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		why        string
		paths      []string
		sources    int // sources collect returns
		trees      int // of them, bucket trees
		files      int // files the progress line counts
		routedRecs int // records route reads
	}{
		{"a bucket tree is one source", []string{root}, 1, 1, 6, n},
		{"the same tree twice in a row is read once", []string{root, root}, 2, 2, 12, n},
		{"a folder of plain names is a source per file", []string{plain}, 2, 0, 2, 0},
		{"a tree and a folder", []string{root, plain}, 3, 1, 8, n},
	} {
		e := &env{stderr: io.Discard, stderrTTY: true}
		srcs, ok := collect(e, "route", tc.paths)
		if !ok {
			t.Fatalf("%s: collect failed", tc.why)
		}
		trees := 0
		for _, s := range srcs {
			if s.root != "" {
				trees++
			}
		}
		if len(srcs) != tc.sources || trees != tc.trees {
			t.Errorf("%s: %d sources, %d trees; want %d, %d", tc.why, len(srcs), trees, tc.sources, tc.trees)
		}
		if got := newReader(e, "route", srcs).prog.totalFiles; got != tc.files {
			t.Errorf("%s: %d files for the progress line, want %d", tc.why, got, tc.files)
		}
		var out, errb strings.Builder
		re := &env{ctx: context.Background(), stdout: &out, stderr: &errb, stdin: strings.NewReader(""), now: time.Now, workers: 1}
		if code := run(re, append([]string{"route", "-deployment", dep, "-format", "json"}, tc.paths...)); code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.why, code, errb.String())
		}
		if got := strings.Count(out.String(), "\n"); got != tc.routedRecs {
			t.Errorf("%s: %d lines, want %d", tc.why, got, tc.routedRecs)
		}
	}
}

// TestCollectAsWalkDir: collect walks a directory without filepath.Join
// (see joinPrefix), and finds what filepath.WalkDir finds, with the same
// paths, whatever the spelling of the directory: the files read, as
// sources or as the keys of a bucket tree, and not the hidden files, the
// .metadata.json files or a digest folder's files.
func TestCollectAsWalkDir(t *testing.T) {
	root, _, _ := benchTree(t, 6, 3)
	mixed := flatTree(t, root)
	for _, f := range []string{".hidden.json", "x.metadata.json", "notes.txt",
		"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2023/05/01/d.json.gz", "sub/AWSLogs/1/CloudTrail/b.JSON"} {
		p := filepath.Join(mixed, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
	if err := os.Chdir(filepath.Dir(root)); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{root, root + "/", root + "//org/", root + "/org/./AWSLogs", ".", "./bucket/", "bucket",
		mixed, mixed + "/AWSLogs/111122223333/CloudTrail-Digest"} {
		var want []string
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && isRecordFile(p) {
				want = append(want, p)
			}
			return nil
		})
		srcs, ok := collect(&env{stderr: io.Discard, stderrTTY: true}, "route", []string{dir})
		if !ok {
			t.Fatalf("%s: collect failed", dir)
		}
		var got []string
		for _, s := range srcs {
			if s.root == "" {
				got = append(got, s.path)
				continue
			}
			// A tree's objects, as trail/archive lists them.
			n := 0
			for o, err := range archive.FS(treeFS{prefix: joinPrefix(s.root)}).Objects(context.Background(), nil) {
				if err != nil {
					t.Fatalf("%s: %v", dir, err)
				}
				got = append(got, filepath.Join(s.root, filepath.FromSlash(o.Key)))
				n++
			}
			if n != s.files() {
				t.Errorf("%s: %d objects listed, %d walked", dir, n, s.files())
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: collect found\n%q\nfilepath.WalkDir\n%q", dir, got, want)
		}
	}
}

// TestCollectKeepsNothingPerObject: a bucket tree is one source that
// holds nothing per object (trail/archive lists its folders as it reads
// them), so that reading a tree of any size holds the same memory: the
// source of a tree of 3,000 objects holds no more than that of a tree of
// 300. When collect kept the keys, it held about 100 bytes per object.
func TestCollectKeepsNothingPerObject(t *testing.T) {
	held := func(n int) uint64 {
		root := t.TempDir()
		for i := range n {
			day := 1 + i%28
			key := fmt.Sprintf("AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/%02d/111122223333_CloudTrail_us-east-1_202305%02dT0000Z_%016d.json.gz", day, day, i)
			p := filepath.Join(root, filepath.FromSlash(key))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		srcs, ok := collect(&env{stderr: io.Discard, stderrTTY: true}, "route", []string{root})
		runtime.GC()
		runtime.ReadMemStats(&after)
		if !ok || len(srcs) != 1 || srcs[0].root == "" || srcs[0].files() != n {
			t.Fatalf("%d objects: collect gave %d sources, not one tree of %d", n, len(srcs), n)
		}
		runtime.KeepAlive(srcs)
		return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
	}
	small, large := held(300), held(3000)
	if large > small+64<<10 {
		t.Errorf("the source of a tree of 3,000 objects holds %d bytes, of 300 objects %d: it grows with the tree", large, small)
	}
}

// TestLazyTree: without a progress line a folder is read as a bucket tree
// without a walk before (lazyTree), until a file turns out not to be an
// object, and the rest as plain files; route then prints what it prints
// after a walk: the same bytes with one worker, the same lines with two,
// the same messages and exit status. Cases: a tree; a folder of plain
// files; a tree with a file that is not an object in its middle
// (key order) and at its end, with a bad record; that folder named twice;
// a tree and a plain file.
func TestLazyTree(t *testing.T) {
	root, dep, _ := benchTree(t, 12, 3)
	plain := flatTree(t, root)
	mixed := filepath.Join(t.TempDir(), "mixed")
	if err := os.CopyFS(mixed, os.DirFS(root)); err != nil {
		t.Fatal(err)
	}
	one := `{"eventVersion":"1.09","eventID":"%s","eventTime":"2023-05-01T00:00:00Z","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventSource":"iam.amazonaws.com","eventName":"GetUser"}` + "\n"
	for _, f := range []struct{ key, text string }{
		{"org/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/notes.jsonl", fmt.Sprintf(one, "middle") + "{\"eventVersion\":\n"},
		{"zz/last.jsonl", fmt.Sprintf(one, "last")},
	} {
		p := filepath.Join(mixed, filepath.FromSlash(f.key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	progress := regexp.MustCompile(`\r\x1b\[K([0-9]+/[0-9]+ files  [0-9.]+/[0-9.]+ MB  [0-9]+ records  [0-9]+ records/s(  ETA [0-9a-z.]+)?)?`)
	route := func(walk bool, workers int, paths []string) (out, errs string, code int) {
		var o, e strings.Builder
		env := &env{ctx: context.Background(), stdout: &o, stderr: &e, stdin: strings.NewReader(""), now: time.Now,
			workers: workers, stderrTTY: walk}
		code = run(env, append([]string{"route", "-deployment", dep, "-format", "json"}, paths...))
		return o.String(), progress.ReplaceAllString(e.String(), ""), code
	}
	for _, tc := range []struct {
		why   string
		paths []string
	}{
		{"a tree", []string{root}},
		{"plain files", []string{plain}},
		{"a tree with other files", []string{mixed}},
		{"named twice", []string{mixed, mixed}},
		{"a tree and a file", []string{root, filepath.Join(plain, "zz.jsonl")}},
	} {
		for _, workers := range []int{1, 2} {
			wantOut, wantErr, wantCode := route(true, workers, tc.paths)
			out, errs, code := route(false, workers, tc.paths)
			if workers > 1 {
				wantOut, out = sortedLines(wantOut), sortedLines(out)
			}
			if out != wantOut || errs != wantErr || code != wantCode {
				t.Errorf("%s, %d workers: without a walk exit %d, %d lines\n%s\nwith one exit %d, %d lines\n%s", tc.why, workers,
					code, strings.Count(out, "\n"), errs, wantCode, strings.Count(wantOut, "\n"), wantErr)
			}
			if tc.why == "a tree with other files" && (!strings.Contains(out, `"eventID":"middle"`) || !strings.Contains(out, `"eventID":"last"`) || code != exitProblem) {
				t.Errorf("%s: the other files were not read (exit %d)", tc.why, code)
			}
		}
	}
}

func sortedLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	slices.Sort(lines)
	return strings.Join(lines, "")
}
