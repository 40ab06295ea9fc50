package corpustest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// EnvDir is the environment variable that, when set, names the corpus
// directory instead of "../shared/corpus/real"; a relative name is taken
// from the module root.
const EnvDir = "TRAILMAP_CORPUS"

// EnvLong is the environment variable that, set to 1, makes the tests
// that pair every input of a large set with every variant (the corpus
// with every deployment, a log file at every shift of a window) check
// every pairing; by default they check a fixed share of them, so that
// go test ./... stays fast. CI sets it.
const EnvLong = "TRAILMAP_LONG"

// Long reports whether EnvLong asks for every pairing.
func Long() bool { return os.Getenv(EnvLong) == "1" }

// The corpus directory relative to the module root, and its two folders
// that are not published records.
const (
	besideModule    = "../shared/corpus/real"
	templatesFolder = "awsdocs-templates"
	malformedFolder = "malformed"
)

// Set chooses which record files [Files] and [Records] read. Sets combine
// with |.
type Set uint8

const (
	// Published is every log file and JSON Lines file outside the
	// awsdocs-templates and malformed folders: records as their
	// publishers wrote them.
	Published Set = 1 << iota
	// Templates is the awsdocs-templates folder: documentation
	// templates with placeholder values ("eventTime": "timestamp"),
	// valid JSON but not real events.
	Templates
	// All is every well-formed record file: Published and Templates.
	All = Published | Templates
)

// File is one record file of the corpus.
type File struct {
	// Path is the file's path relative to the corpus directory, with
	// forward slashes, for example "cloudgrep/cloudtrail.json".
	Path string
	// Data is the file's content, byte for byte.
	Data []byte
}

// JSONLines reports whether the file holds JSON Lines (.jsonl) rather
// than a log file {"Records":[...]}.
func (f File) JSONLines() bool { return strings.HasSuffix(f.Path, ".jsonl") }

// Record is one record of a corpus file, as published.
type Record struct {
	// File is the path of the record's file relative to the corpus
	// directory, as in [File.Path].
	File string
	// Index is the record's position in its file, from 0.
	Index int
	// Line is the line of a JSON Lines record, from 1; 0 for an element
	// of a log file's Records array.
	Line int
	// Raw is the record's text: the element of the Records array exactly
	// as published, or the line without its surrounding white space.
	Raw []byte
}

// String names the record for messages: "file:line" for a JSON Lines
// record, "file#index" for a log file element.
func (r Record) String() string {
	if r.Line > 0 {
		return r.File + ":" + strconv.Itoa(r.Line)
	}
	return r.File + "#" + strconv.Itoa(r.Index)
}

// Dir returns the corpus directory, skipping the test when it is absent.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := Lookup()
	if err != nil {
		tb.Skipf("%v; skipping", err)
		return ""
	}
	return dir
}

// Lookup returns the corpus directory, or an error saying where it was
// looked for, for benchmarks and fuzz seeds that fall back to other input
// instead of skipping.
func Lookup() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("corpus not found: %v", err)
	}
	return locate(wd, os.Getenv(EnvDir))
}

// locate finds the corpus from the working directory wd; override is the
// value of [EnvDir].
func locate(wd, override string) (string, error) {
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return "", errors.New("corpus not found: no go.mod above the test directory, so no module root to look beside")
		}
		root = parent
	}
	dir := filepath.Join(root, filepath.FromSlash(besideModule))
	if override != "" {
		dir = override
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		shown := dir
		if rel, err := filepath.Rel(wd, dir); err == nil {
			shown = rel
		}
		return "", fmt.Errorf("corpus not found at %s: the real-record corpus lives beside the project", filepath.ToSlash(shown))
	}
	return dir, nil
}

// Files reads the record files of the set, in lexical order of their
// paths, skipping the test when the corpus is absent.
func Files(tb testing.TB, set Set) []File {
	tb.Helper()
	dir := Dir(tb)
	if dir == "" {
		return nil
	}
	files, err := readFiles(dir, set)
	if err != nil {
		tb.Fatalf("corpustest: %v", err)
		return nil
	}
	return files
}

// Records reads every record of the set's files, in file order, skipping
// the test when the corpus is absent.
func Records(tb testing.TB, set Set) []Record {
	tb.Helper()
	var out []Record
	for _, f := range Files(tb, set) {
		recs, err := split(f)
		if err != nil {
			tb.Fatalf("corpustest: %v", err)
			return nil
		}
		out = append(out, recs...)
	}
	return out
}

// MalformedFiles returns the paths of the files of the malformed folder,
// sorted: each holds one published record that is not valid JSON. It
// skips the test when the corpus is absent and returns nothing when the
// folder is.
func MalformedFiles(tb testing.TB) []string {
	tb.Helper()
	dir := Dir(tb)
	if dir == "" {
		return nil
	}
	files, err := filepath.Glob(filepath.Join(dir, malformedFolder, "*.txt"))
	if err != nil {
		tb.Fatalf("corpustest: %v", err)
	}
	return files
}

// readFiles reads the record files of set under dir.
func readFiles(dir string, set Set) ([]File, error) {
	var out []File
	err := filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		switch {
		case de.IsDir():
			if top == malformedFolder || top == templatesFolder && set&Templates == 0 {
				return filepath.SkipDir
			}
			return nil
		case path.Ext(rel) != ".json" && path.Ext(rel) != ".jsonl":
			return nil
		case top == templatesFolder && set&Templates == 0, top != templatesFolder && set&Published == 0:
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, File{Path: rel, Data: b})
		return nil
	})
	return out, err
}

// split cuts a record file into its records.
func split(f File) ([]Record, error) {
	var out []Record
	if f.JSONLines() {
		rest := f.Data
		for line := 1; len(rest) > 0; line++ {
			text := rest
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				text, rest = rest[:i], rest[i+1:]
			} else {
				rest = nil
			}
			if text = bytes.TrimSpace(text); len(text) > 0 {
				out = append(out, Record{File: f.Path, Index: len(out), Line: line, Raw: text[:len(text):len(text)]})
			}
		}
		return out, nil
	}
	var lf struct {
		Records *[]json.RawMessage
	}
	if err := json.Unmarshal(f.Data, &lf); err != nil {
		return nil, fmt.Errorf("%s: not a log file {\"Records\":[...]}: %v", f.Path, err)
	}
	if lf.Records == nil {
		return nil, fmt.Errorf("%s: not a log file: no Records member", f.Path)
	}
	for i, raw := range *lf.Records {
		out = append(out, Record{File: f.Path, Index: i, Raw: raw})
	}
	return out, nil
}
