package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/trailmap/trailmap/internal/corpustest"
)

// corpusDir returns the directory of real published records, or "" when
// it is absent, for benchmarks and fuzz seeds that do without it.
func corpusDir(testing.TB) string {
	dir, err := corpustest.Lookup()
	if err != nil {
		return ""
	}
	return dir
}

// corpusRecord is one record of the corpus and where it came from.
type corpusRecord struct {
	name string // file#index, or file:line for JSON Lines
	b    []byte
}

// corpusRecords extracts every record of the corpus, the documentation
// templates included, each as the exact bytes published.
func corpusRecords(tb testing.TB) []corpusRecord {
	tb.Helper()
	var out []corpusRecord
	for _, r := range corpustest.Records(tb, corpustest.All) {
		out = append(out, corpusRecord{r.String(), r.Raw})
	}
	if len(out) == 0 {
		tb.Skip("the corpus of real records holds no records")
	}
	return out
}

// decodeAny decodes b keeping numbers as their text.
func decodeAny(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// sameJSON reports whether a and b are the same JSON value, numbers
// compared by their text ("791.0" differs from "791"). It returns a path to
// the first difference.
func sameJSON(a, b []byte) (bool, string, error) {
	va, err := decodeAny(a)
	if err != nil {
		return false, "", err
	}
	vb, err := decodeAny(b)
	if err != nil {
		return false, "", err
	}
	path, ok := diffJSON("", va, vb)
	return ok, path, nil
}

func diffJSON(path string, a, b any) (string, bool) {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok {
			return path, false
		}
		for k, av := range a {
			bv, ok := bm[k]
			if !ok {
				return path + "." + k + " (missing)", false
			}
			if p, ok := diffJSON(path+"."+k, av, bv); !ok {
				return p, false
			}
		}
		for k := range bm {
			if _, ok := a[k]; !ok {
				return path + "." + k + " (added)", false
			}
		}
		return "", true
	case []any:
		bs, ok := b.([]any)
		if !ok || len(bs) != len(a) {
			return path, false
		}
		for i := range a {
			if p, ok := diffJSON(fmt.Sprintf("%s[%d]", path, i), a[i], bs[i]); !ok {
				return p, false
			}
		}
		return "", true
	}
	// json.Number compares by text; strings, bools and nil by value.
	return path, reflect.DeepEqual(a, b)
}

func TestCorpusRoundTrip(t *testing.T) {
	recs := corpusRecords(t)
	for _, cr := range recs {
		r, err := ParseRecord(cr.b)
		// A documentation example with a member twice, the same value
		// both times, reads as if it had it once (see
		// TestDuplicateMembersIdentical); none has one with two values.
		if err != nil {
			t.Errorf("%s: ParseRecord: %v", cr.name, err)
			continue
		}
		out := r.AppendJSON(nil)
		same, path, err := sameJSON(cr.b, out)
		if err != nil {
			t.Errorf("%s: encoding is not JSON: %v\n%s", cr.name, err, out)
			continue
		}
		if !same {
			t.Errorf("%s: decode→encode changed the value at %s\nin:  %s\nout: %s", cr.name, path, cr.b, out)
			continue
		}
		r2, err := ParseRecord(out)
		if err != nil {
			t.Errorf("%s: re-parse: %v", cr.name, err)
			continue
		}
		if out2 := r2.AppendJSON(nil); !bytes.Equal(out, out2) {
			t.Errorf("%s: second encoding differs\n1: %s\n2: %s", cr.name, out, out2)
		}
	}
	t.Logf("%d records decoded and written back as the same JSON value", len(recs))
}

// TestCorpusMalformedRecords reads each published record that is not
// valid JSON and checks the error locates the problem: an offset inside
// the record whose line and column agree with it.
func TestCorpusMalformedRecords(t *testing.T) {
	files := corpustest.MalformedFiles(t)
	if len(files) == 0 {
		t.Skip("the corpus has no malformed records")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseRecord(b)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want *SyntaxError", filepath.Base(f), err)
			continue
		}
		if se.Offset < 0 || se.Offset > int64(len(b)) {
			t.Errorf("%s: offset %d outside the record", filepath.Base(f), se.Offset)
			continue
		}
		before := b[:se.Offset]
		line := 1 + bytes.Count(before, []byte("\n"))
		col := len(before) - bytes.LastIndexByte(before, '\n')
		if se.Line != line || se.Column != col {
			t.Errorf("%s: line %d column %d, offset %d says line %d column %d", filepath.Base(f), se.Line, se.Column, se.Offset, line, col)
		}
	}
	t.Logf("%d malformed records rejected with positions", len(files))
}
