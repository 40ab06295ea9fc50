package corpustest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fakeTree builds a module with a corpus beside it:
//
//	base/module/go.mod, base/module/pkg/sub/
//	base/shared/corpus/real/...
//
// and returns the package directory and the corpus directory.
func fakeTree(t *testing.T) (pkgDir, corpus string) {
	t.Helper()
	base := t.TempDir()
	files := map[string]string{
		"module/go.mod":                                  "module example.com/m\n",
		"module/pkg/sub/x.go":                            "package sub\n",
		"shared/corpus/real/SOURCES.md":                  "# sources\n",
		"shared/corpus/real/b/log.json":                  "{\"Records\":[\n{\"eventName\":\"A\"},\n  {\"eventName\":\"B\"}\n]}\n",
		"shared/corpus/real/a/lines.jsonl":               "{\"eventName\":\"C\"}\n\n  {\"eventName\":\"D\"}  \r\n{\"eventName\":\"E\"}",
		"shared/corpus/real/a/notes.txt":                 "not a record file\n",
		"shared/corpus/real/awsdocs-templates/t.json":    "{\"Records\":[{\"eventTime\":\"timestamp\"}]}",
		"shared/corpus/real/malformed/README.md":         "# malformed\n",
		"shared/corpus/real/malformed/b.txt":             "{\"eventName\": \"X\",}",
		"shared/corpus/real/malformed/a.txt":             "{\"eventName\" \"Y\"}",
		"shared/corpus/real/malformed/never-read.json":   "{not json",
		"shared/corpus/real/deeper/malformed/kept.jsonl": "{\"eventName\":\"F\"}\n",
	}
	for name, data := range files {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(base, "module", "pkg", "sub"), filepath.Join(base, "shared", "corpus", "real")
}

func TestLocate(t *testing.T) {
	pkgDir, corpus := fakeTree(t)
	module := filepath.Dir(filepath.Dir(pkgDir))
	tests := []struct {
		reason   string
		wd       string
		override string
		want     string // the directory found, or "" for an error
		wantErr  string // a fragment of the error
	}{
		{"found beside the module root from a package two levels down", pkgDir, "", corpus, ""},
		{"found from the module root itself", module, "", corpus, ""},
		{"an override relative to the module root", pkgDir, "../shared/corpus/real/a", filepath.Join(corpus, "a"), ""},
		{"an absolute override", pkgDir, filepath.Join(corpus, "b"), filepath.Join(corpus, "b"), ""},
		{"a missing override is shown relative to the test directory", pkgDir, "absent", "", "corpus not found at ../../absent: the real-record corpus lives beside the project"},
		{"a file is not a corpus directory", pkgDir, "go.mod", "", "corpus not found at ../../go.mod"},
		{"no go.mod above the directory", filepath.Dir(module), "", "", "no go.mod above the test directory"},
	}
	for _, tt := range tests {
		got, err := locate(tt.wd, tt.override)
		if tt.wantErr == "" {
			if err != nil || got != tt.want {
				t.Errorf("%s: got %q, %v, want %q", tt.reason, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: got %q, %v, want an error containing %q", tt.reason, got, err, tt.wantErr)
		}
	}
}

func TestReadFiles(t *testing.T) {
	_, corpus := fakeTree(t)
	tests := []struct {
		reason string
		set    Set
		want   []string
	}{
		{"published records only; malformed and templates apart; a nested folder named malformed is read", Published, []string{"a/lines.jsonl", "b/log.json", "deeper/malformed/kept.jsonl"}},
		{"templates only", Templates, []string{"awsdocs-templates/t.json"}},
		{"all well-formed files, never the malformed folder", All, []string{"a/lines.jsonl", "awsdocs-templates/t.json", "b/log.json", "deeper/malformed/kept.jsonl"}},
		{"the empty set reads nothing", 0, nil},
	}
	for _, tt := range tests {
		files, err := readFiles(corpus, tt.set)
		if err != nil {
			t.Fatalf("%s: %v", tt.reason, err)
		}
		var got []string
		for _, f := range files {
			got = append(got, f.Path)
			want, err := os.ReadFile(filepath.Join(corpus, filepath.FromSlash(f.Path)))
			if err != nil || string(f.Data) != string(want) {
				t.Errorf("%s: %s: data %q, want the file's bytes %q", tt.reason, f.Path, f.Data, want)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.reason, got, tt.want)
		}
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		reason  string
		file    File
		want    []string // each record as String()=Raw
		wantErr string
	}{
		{"log file elements exactly as published, white space inside kept",
			File{"x.json", []byte("{\"Records\":[\n{\"a\": 1},\n  {\"b\":\n2}\n]}")},
			[]string{`x.json#0={"a": 1}`, "x.json#1={\"b\":\n2}"}, ""},
		{"an empty Records array",
			File{"x.json", []byte(`{"Records":[]}`)}, nil, ""},
		{"JSON Lines: blank lines passed over, lines counted from 1, white space and CR trimmed, no final newline",
			File{"y.jsonl", []byte("{\"a\":1}\n\n \t{\"b\":2} \r\n{\"c\":3}")},
			[]string{`y.jsonl:1={"a":1}`, `y.jsonl:3={"b":2}`, `y.jsonl:4={"c":3}`}, ""},
		{"JSON Lines lines are not checked here: the tests that read them decide",
			File{"y.jsonl", []byte("{oops\n")}, []string{`y.jsonl:1={oops`}, ""},
		{"a log file that is not JSON",
			File{"z.json", []byte(`{"Records":[`)}, nil, "z.json: not a log file"},
		{"a single record is not a log file",
			File{"z.json", []byte(`{"eventName":"A"}`)}, nil, "z.json: not a log file: no Records member"},
		{"Records must be an array",
			File{"z.json", []byte(`{"Records":{}}`)}, nil, "z.json: not a log file"},
	}
	for _, tt := range tests {
		recs, err := split(tt.file)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: got %v, want an error containing %q", tt.reason, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.reason, err)
			continue
		}
		var got []string
		for i, r := range recs {
			if r.Index != i {
				t.Errorf("%s: record %d has Index %d", tt.reason, i, r.Index)
			}
			if cap(r.Raw) != len(r.Raw) && tt.file.JSONLines() {
				t.Errorf("%s: %s: appending to Raw would write over the next line", tt.reason, r)
			}
			got = append(got, fmt.Sprintf("%s=%s", r, r.Raw))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.reason, got, tt.want)
		}
	}
}

// recorder is a testing.TB that records a skip or a failure instead of
// ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Skipf(format string, args ...any)  { r.skipped = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

// TestSkipWhenAbsent points the package at a missing corpus: every
// function skips with the reason and returns nothing.
func TestSkipWhenAbsent(t *testing.T) {
	t.Setenv(EnvDir, filepath.Join(t.TempDir(), "absent"))
	calls := map[string]func(testing.TB) int{
		"Dir":            func(tb testing.TB) int { return len(Dir(tb)) },
		"Files":          func(tb testing.TB) int { return len(Files(tb, All)) },
		"Records":        func(tb testing.TB) int { return len(Records(tb, All)) },
		"MalformedFiles": func(tb testing.TB) int { return len(MalformedFiles(tb)) },
	}
	for name, call := range calls {
		r := &recorder{TB: t}
		if n := call(r); n != 0 {
			t.Errorf("%s: returned %d with no corpus", name, n)
		}
		if !strings.HasPrefix(r.skipped, "corpus not found at ") || !strings.HasSuffix(r.skipped, "/absent: the real-record corpus lives beside the project; skipping") {
			t.Errorf("%s: skip reason %q", name, r.skipped)
		}
		if r.failed != "" {
			t.Errorf("%s: failed: %s", name, r.failed)
		}
	}
	if _, err := Lookup(); err == nil {
		t.Error("Lookup: no error for a missing corpus")
	}
}

// TestFakeCorpus reads a fake corpus through the exported functions.
func TestFakeCorpus(t *testing.T) {
	_, corpus := fakeTree(t)
	t.Setenv(EnvDir, corpus)
	r := &recorder{TB: t}
	if got := Dir(r); got != corpus || r.skipped != "" {
		t.Errorf("Dir = %q (skipped %q), want %q", got, r.skipped, corpus)
	}
	var got []string
	for _, rec := range Records(r, Published) {
		got = append(got, rec.String())
	}
	want := []string{"a/lines.jsonl:1", "a/lines.jsonl:3", "a/lines.jsonl:4", "b/log.json#0", "b/log.json#1", "deeper/malformed/kept.jsonl:1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Records(Published):\n got %q\nwant %q", got, want)
	}
	if n := len(Records(r, Templates)); n != 1 {
		t.Errorf("Records(Templates): %d records, want 1", n)
	}
	var names []string
	for _, p := range MalformedFiles(r) {
		names = append(names, filepath.Base(p))
	}
	if !reflect.DeepEqual(names, []string{"a.txt", "b.txt"}) {
		t.Errorf("MalformedFiles: %q, want the two .txt files, sorted", names)
	}
	if r.skipped != "" || r.failed != "" {
		t.Errorf("skipped %q, failed %q", r.skipped, r.failed)
	}

	// A log file that does not decode fails the test with its path.
	if err := os.WriteFile(filepath.Join(corpus, "b", "broken.json"), []byte("{\"Records\":["), 0o644); err != nil {
		t.Fatal(err)
	}
	r = &recorder{TB: t}
	if recs := Records(r, Published); recs != nil || !strings.Contains(r.failed, "b/broken.json: not a log file") {
		t.Errorf("broken log file: %d records, failure %q", len(recs), r.failed)
	}
}

// TestRealCorpus checks the real corpus, when present, against the totals
// its SOURCES.md gives: 1288 records in 388 files outside the templates
// and malformed folders, 5 records in 4 template files, 40 malformed
// files.
func TestRealCorpus(t *testing.T) {
	Dir(t)
	if n := len(Files(t, Published)); n < 388 {
		t.Errorf("%d published files, want at least 388", n)
	}
	if n := len(Records(t, Published)); n < 1288 {
		t.Errorf("%d published records, want at least 1288", n)
	}
	if n := len(Records(t, Templates)); n != 5 {
		t.Errorf("%d template records, want 5", n)
	}
	if n := len(MalformedFiles(t)); n < 40 {
		t.Errorf("%d malformed files, want at least 40", n)
	}
	if testing.Verbose() {
		t.Logf("%d published records, %d template records, %d malformed files",
			len(Records(t, Published)), len(Records(t, Templates)), len(MalformedFiles(t)))
	}
}
