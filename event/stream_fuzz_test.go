package event

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addRecordSeeds adds the transcribed records (valid and malformed) and a
// few framings to a fuzz corpus.
func addRecordSeeds(f *testing.F) {
	f.Helper()
	files, _ := filepath.Glob("testdata/records/*.json")
	bad, _ := filepath.Glob("testdata/records/malformed/*.json")
	for _, p := range append(files, bad...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`{"Records":[{"eventVersion":"1.08"},{"eventID":"x"}],"x":1}`,
		"{\"eventID\":\"a\"}\n{\"eventID\":\"b\",}\n",
		`[{"eventID":"a"},1,]`,
		"{\"Records\":[{\"a\":\"\\\"}\n,{\"eventVersion\":\"1\"}]}",
	} {
		f.Add([]byte(s))
	}
}

// FuzzRecords feeds arbitrary bytes to the stream reader: it must never
// panic or loop, every error must locate a place inside the input (line
// and column agreeing with the offset), and every record's raw bytes must
// be the input at its offset.
func FuzzRecords(f *testing.F) {
	addRecordSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		gz := len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b
		for _, opts := range [][]ReadOption{
			{MaxRecordSize(DefaultMaxRecordSize)},
			{MaxRecordSize(64), bufferSize(8)},
			{bufferSize(4)},
		} {
			rd := NewReader(bytes.NewReader(b), opts...)
			for steps := 0; ; steps++ {
				if steps > len(b)+2 && !gz {
					t.Fatalf("more than %d results from %d bytes", steps, len(b))
				}
				raw, err := rd.NextRaw()
				if err == io.EOF {
					break
				}
				if err == nil {
					if !gz && !bytes.Equal(raw, b[rd.Offset():rd.Offset()+int64(len(raw))]) {
						t.Fatalf("Raw() is not the input at Offset() %d", rd.Offset())
					}
					var rec Record
					_ = rec.Decode(raw)
					continue
				}
				line, col, off, ok := errorPosition(err)
				var re *RecordError
				if !ok {
					// Empty input has no position to give.
					if !gz && !errors.Is(err, ErrEmptyInput) {
						t.Fatalf("error without a position: %v", err)
					}
					break
				}
				if !gz {
					if off < 0 || off > int64(len(b)) {
						t.Fatalf("offset %d outside input of %d bytes: %v", off, len(b), err)
					}
					if wl, wc := lineCol(b, int(off)); wl != line || wc != col {
						t.Fatalf("offset %d is %d:%d, error says %d:%d: %v", off, wl, wc, line, col, err)
					}
				}
				if !errors.As(err, &re) {
					break // the stream ended
				}
			}
		}
	})
}

// FuzzRoundTrip checks decode→encode→decode: a record that decodes
// encodes to JSON that decodes again, to the same encoding, and to the same
// JSON value as the input.
func FuzzRoundTrip(f *testing.F) {
	addRecordSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, err := ParseRecord(b)
		if err != nil {
			return
		}
		enc := rec.AppendJSON(nil)
		rec2, err := ParseRecord(enc)
		if err != nil {
			t.Fatalf("encoding does not decode: %v\n in: %s\nout: %s", err, b, enc)
		}
		if enc2 := rec2.AppendJSON(nil); !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not stable:\n1: %s\n2: %s", enc, enc2)
		}
		if same, err := sameJSONValue(b, enc); err == nil && !same {
			t.Fatalf("decode→encode changed the value:\n in: %s\nout: %s", b, enc)
		}
	})
}

// sameRaw reports whether a and b, the Raw of two readers after the same
// result, agree: the same bytes for a record read; for a record that
// failed (failed set), whose Raw is what was buffered of it, which
// differs, the one a prefix of the other, when both are known.
func sameRaw(a, b []byte, failed bool) bool {
	if !failed {
		return bytes.Equal(a, b)
	}
	if a == nil || b == nil {
		return true
	}
	return bytes.HasPrefix(a, b) || bytes.HasPrefix(b, a)
}

// byTheBook makes a Reader frame every record before decoding it, as
// NextRaw does, rather than decode log file records in one pass.
func byTheBook() ReadOption { return ReadOption{func(c *readConfig) { c.book = true }} }

// FuzzReadRecordOnePass checks that a Reader decoding the records of a
// log file in one pass (without framing each first) reads exactly what
// one framing every record first reads: the same records, errors,
// offsets, raw bytes and summary, through ReadRecord and Next alike.
func FuzzReadRecordOnePass(f *testing.F) {
	addRecordSeeds(f)
	for _, s := range []string{
		`{"Records":[{"eventVersion":"1.08","eventID":"a"},{"eventVersion":"1.08","eventID":"a","eventID":"b"},{"eventVersion":"1"}]}`,
		`{"Records":[{"eventVersion":"1.08","userIdentity":{"type":"x","type":"y"}},{"eventID":"\ud800"},{"eventID":"` + "\xff" + `"}]}`,
		`{"Records":[{"eventID":"a"} {"eventID":"b"},{"eventID":"c"]},{"eventID":"d"}]}`,
		`{"Records":[{"Records":[1]},{"eventID":"x","requestParameters":{"a":[[[[1]]]]}}]}`,
		"{\"Records\":[{},{\"eventID\":\"a\"},{ \n},{\"eventID\":\"b\",\"x\":{}},{}]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { compareOnePass(t, b) })
}

// compareOnePass reads b record by record with the fast path and framing
// every record first (byTheBook), by ReadRecord and by Next, under a few
// options, and fails at the first result that differs.
func compareOnePass(t *testing.T, b []byte) {
	t.Helper()
	for _, opts := range [][]ReadOption{
		{MaxRecordSize(DefaultMaxRecordSize)},
		{MaxRecordSize(64), bufferSize(8)},
		{bufferSize(4), MaxErrors(1)},
	} {
		for _, next := range []bool{false, true} {
			fast := NewReader(bytes.NewReader(b), opts...)
			book := NewReader(bytes.NewReader(b), append(opts, byTheBook())...)
			read := func(rd *Reader) (string, error) {
				if next {
					rec, err := rd.Next()
					if err != nil {
						return "", err
					}
					return string(rec.AppendJSON(nil)), nil
				}
				var rec Record
				err := rd.ReadRecord(&rec)
				return string(rec.AppendJSON(nil)), err
			}
			for steps := 0; ; steps++ {
				if steps > len(b)+2 {
					t.Fatalf("more than %d results from %d bytes", steps, len(b))
				}
				got, gerr := read(fast)
				want, werr := read(book)
				if fmt.Sprint(gerr) != fmt.Sprint(werr) {
					t.Fatalf("result %d: error %v, framing first %v", steps, gerr, werr)
				}
				if got != want && gerr == nil {
					t.Fatalf("result %d: record %s, framing first %s", steps, got, want)
				}
				if fast.Offset() != book.Offset() || !sameRaw(fast.Raw(), book.Raw(), gerr != nil) {
					t.Fatalf("result %d: Offset %d Raw %q, framing first %d %q", steps, fast.Offset(), fast.Raw(), book.Offset(), book.Raw())
				}
				if fast.Summary() != book.Summary() {
					t.Fatalf("result %d: Summary %v, framing first %v", steps, fast.Summary(), book.Summary())
				}
				if gerr == io.EOF {
					break
				}
				if streamEnded(gerr) {
					break
				}
			}
		}
	}
}

// TestReadRecordFirstFast: the first record of a log file is read by the
// fast path too (NextRaw stops before it, see Reader.nextRaw); whatever
// the first record is, the results are those of framing it first.
func TestReadRecordFirstFast(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{`{"Records":[{"eventID":"a"},{"eventID":"b"}]}`, "two records"},
		{`{"Records":[{"eventID":"a"}]}`, "one record"},
		{`{"Records":[]}`, "no record"},
		{"\ufeff{\"Records\":[{\"eventID\":\"a\"}]}", "a byte order mark first"},
		{` { "Records" : [ {"eventID":"a"} , {"eventID":"b"} ] } `, "white space around the envelope"},
		{`{"Records":[{"eventID":"a","eventID":"b"},{"eventID":"c"}]}`, "the first record with a member twice"},
		{`{"Records":[{"eventID":"a",},{"eventID":"c"}]}`, "the first record malformed"},
		{`{"Records":[{"eventID":"` + strings.Repeat("x", 100) + `"},{"eventID":"c"}]}`, "the first record longer than 64 bytes (the smallest maximum below)"},
		{`{"Records":[{"eventID":"a"`, "the first record cut off"},
		{`{"Records":[{}]}`, "an empty first record"},
		{`{"Records":[1,{"eventID":"c"}]}`, "the first element not an object"},
		{`{"Records":[{"Records":[{"eventID":"a"}]}]}`, "a log file as the first record"},
		{`{"x":1,"Records":[{"eventID":"a"}]}`, "a member before Records"},
		{`[{"eventID":"a"},{"eventID":"b"}]`, "a top-level array, not a log file"},
		{`{"eventID":"a"}` + "\n" + `{"eventID":"b"}`, "records one a line"},
		{`{"Records":[{"eventID":"a"}]}{"Records":[{"eventID":"b"}]}`, "two log files one after the other"},
	} {
		t.Run(tc.why, func(t *testing.T) { compareOnePass(t, []byte(tc.in)) })
	}
}
