package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/internal/inflate"
)

// This file checks reading gzip input whose decompressed bytes a Reader
// copies straight from inflate's window into buffers that are the text
// of the records it decodes (see fill): the records, errors, offsets and
// raw bytes are those of reading the same input uncompressed, and the
// records handed out stay what they were however far reading goes on.

// windowSources are the ways gzip input reaches a Reader: gunzipped by the
// Reader itself (one member, or the input cut into two members), or by an
// inflate.Reader handed to it as plain input, as trail/archive does.
var windowSources = []struct {
	name string
	open func(t testing.TB, in gzInput) io.Reader
}{
	{"gzip", func(t testing.TB, in gzInput) io.Reader { return bytes.NewReader(in.one) }},
	{"members", func(t testing.TB, in gzInput) io.Reader { return bytes.NewReader(in.two) }},
	{"inflate", func(t testing.TB, in gzInput) io.Reader {
		zr, err := inflate.NewReader(bytes.NewReader(in.one))
		if err != nil {
			t.Fatal(err)
		}
		return zr
	}},
	{"inflate, read ahead", func(t testing.TB, in gzInput) io.Reader {
		zr, err := inflate.NewReader(bytes.NewReader(in.one))
		if err != nil {
			t.Fatal(err)
		}
		return &aheadText{zr}
	}},
}

// aheadText is an inflate.Reader that a Reader may read ahead (see
// aheadSource), as trail/archive's objects are.
type aheadText struct{ *inflate.Reader }

func (*aheadText) ReadAhead() bool { return true }

// gzInput is input gzipped in one member and cut into two.
type gzInput struct{ one, two []byte }

func gzipInput(t testing.TB, b []byte) gzInput {
	return gzInput{gzipped(t, string(b)), gzipped(t, string(b[:len(b)/2]), string(b[len(b)/2:]))}
}

// copying makes a Reader copy its input into its own buffer, and the text
// of the records it decodes from there, as it did before it read into
// buffers of records' text.
func copying() ReadOption { return ReadOption{func(c *readConfig) { c.copying = true }} }

// sameReading reads the input src, and again through a Reader with opts
// that copies (see copying), and compares the results: all of them for
// input read without error, else those before the first error and the
// record it is in. (What a Reader tells of a broken record, and where it goes on
// after it, may depend on how much input it holds, as it does with
// buffers of different sizes.) Then it checks that the records kept have
// not changed.
func sameReading(t *testing.T, name string, src, again io.Reader, plain []byte, next bool, opts ...ReadOption) {
	t.Helper()
	type result struct {
		json, err string
		index     int
		offset    int64
		raw       string
		sum       Summary
	}
	type kept struct {
		rec  *Record
		json string
	}
	var all []kept
	readAll := func(rd *Reader, keep bool) (rs []result, clean bool) {
		clean = true
		for steps := 0; ; steps++ {
			if steps > len(plain)+2 {
				t.Fatalf("%s: more than %d results from %d bytes", name, steps, len(plain))
			}
			rec := new(Record)
			var err error
			if next {
				rec, err = rd.Next()
			} else {
				err = rd.ReadRecord(rec)
			}
			r := result{err: fmt.Sprint(err), offset: rd.Offset(), sum: rd.Summary(), index: -1}
			if err == nil {
				r.json, r.raw = string(rec.AppendJSON(nil)), string(rd.Raw())
				if keep {
					all = append(all, kept{rec, r.json})
				}
			}
			var re *RecordError
			if errors.As(err, &re) {
				r.index = re.Index
			}
			rs = append(rs, r)
			if err == io.EOF {
				return rs, clean
			}
			if err != nil {
				clean = false
			}
			var tm *TooManyErrorsError
			if err != nil && re == nil && !errors.As(err, &tm) {
				return rs, clean // the stream ended
			}
		}
	}
	got, _ := readAll(NewReader(src, opts...), true)
	want, clean := readAll(NewReader(again, append(opts, copying())...), false)
	for i, w := range want {
		if i >= len(got) {
			t.Fatalf("%s: %d results, copying %d", name, len(got), len(want))
		}
		g := got[i]
		if w.err == "<nil>" || clean {
			if g != w {
				t.Fatalf("%s: result %d:\n%+v\ncopying\n%+v", name, i, g, w)
			}
			continue
		}
		// Which fault of a broken record is found first, and so where,
		// may depend on how much of it is buffered too (past the
		// maximum size, or a control character in a string).
		if g.err == "<nil>" || g.index != w.index {
			t.Fatalf("%s: result %d: error %s (record %d at %d), copying %s (record %d at %d)", name, i, g.err, g.index, g.offset, w.err, w.index, w.offset)
		}
		break
	}
	if clean && len(got) != len(want) {
		t.Fatalf("%s: %d results, copying %d", name, len(got), len(want))
	}
	for i, k := range all {
		if s := string(k.rec.AppendJSON(nil)); s != k.json {
			t.Fatalf("%s: record %d changed after the reader moved on:\n%s\nwant\n%s", name, i, s, k.json)
		}
	}
}

// FuzzReadRecordWindow checks that gzip input reads as the same input
// uncompressed does, with buffers of every size, the records kept
// unchanged.
func FuzzReadRecordWindow(f *testing.F) {
	addRecordSeeds(f)
	f.Add([]byte(`{"Records":[{"eventVersion":"1.08","eventID":"a"},{"eventVersion":"1.08","eventID":"b"},{"eventVersion":"1.08","eventID":"a","eventID":"b"}]}`))
	f.Add([]byte("{\"eventID\":\"a\"}\n{\"eventID\":\"b\"}\n{\"eventID\":"))
	f.Fuzz(func(t *testing.T, b []byte) {
		gz := gzipInput(t, b)
		for i, opts := range [][]ReadOption{
			{},
			{MaxRecordSize(64), bufferSize(8)},
			{bufferSize(4), MaxErrors(1)},
			{bufferSize(100)},
		} {
			for j, s := range windowSources {
				next := (i+j)%2 == 0
				sameReading(t, fmt.Sprintf("%s, Next %v", s.name, next), s.open(t, gz), s.open(t, gz), b, next, opts...)
				if i == j {
					sameLogFile(t, s.name, s.open(t, gz), s.open(t, gz), opts...)
					sameLogFile(t, s.name+", DecodeOnly", s.open(t, gz), s.open(t, gz), append(opts, DecodeOnly("eventID", "userIdentity"))...)
				}
			}
		}
	})
}

// sameLogFile checks that ReadLogFile reads src as it reads again by
// copying.
func sameLogFile(t *testing.T, name string, src, again io.Reader, opts ...ReadOption) {
	t.Helper()
	text := func(lf *LogFile, err error) string {
		var b strings.Builder
		if err != nil {
			// A broken log file: which of its faults is found first may
			// depend on how much is buffered (see sameReading).
			return "error\n"
		}
		for _, rec := range lf.Records {
			b.Write(rec.AppendJSON(nil))
			b.WriteByte('\n')
		}
		return b.String()
	}
	got := text(ReadLogFile(src, opts...))
	if want := text(ReadLogFile(again, append(opts, copying())...)); got != want {
		t.Fatalf("%s: ReadLogFile reads\n%s\ncopying\n%s", name, got, want)
	}
}

// TestReadRecordWindowSpans reads a log file of the test records whose
// start is moved on byte by byte, so that the records' boundaries fall at
// every place of the buffers they are read into: records whole in one,
// cut across two or across many (buffers shorter than a record).
func TestReadRecordWindowSpans(t *testing.T) {
	files, _ := filepath.Glob("testdata/records/*.json")
	var recs []string
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var c bytes.Buffer
		if json.Compact(&c, b) != nil || !bytes.HasPrefix(c.Bytes(), []byte("{")) {
			continue
		}
		recs = append(recs, c.String())
	}
	if len(recs) < 3 {
		t.Fatalf("%d test records", len(recs))
	}
	var all []string
	for n := 0; n < 40<<10; n += len(recs[len(all)%len(recs)]) + 1 {
		all = append(all, recs[len(all)%len(recs)])
	}
	log := `{"Records":[` + strings.Join(all, ",") + `]}`
	for _, c := range []struct{ buf, shifts, step int }{
		{16, 16, 1},     // buffers shorter than a record
		{700, 700, 13},  // about a record
		{0, 20000, 997}, // the default: 16 KiB taken of inflate's 32 KiB steps
	} {
		for shift := 0; shift <= c.shifts; shift += c.step {
			in := []byte(strings.Repeat(" ", shift) + log)
			gz := gzipInput(t, in)
			for _, s := range windowSources {
				sameReading(t, fmt.Sprintf("buffer %d, shift %d, %s", c.buf, shift, s.name), s.open(t, gz), s.open(t, gz), in, shift%2 == 0, bufferSize(c.buf))
			}
		}
	}
}

// TestDecodeOnlyWindowSpans is TestReadRecordWindowSpans under
// DecodeOnly: the log file's start moved on byte by byte, its records
// fall at every place relative to the file's start and to the ends of
// what the Reader has buffered, and a source read ahead (see
// aheadSource) is read on before the next record whenever less than
// aheadMargin bytes of it are buffered. The records, errors, offsets and
// raw bytes are those of decoding every member.
func TestDecodeOnlyWindowSpans(t *testing.T) {
	var all []string
	for i := 0; i < 60; i++ {
		all = append(all, strings.Replace(onlyRec, `"e-1"`, fmt.Sprintf(`"e-%d"`, i), 1))
		if i%7 == 3 {
			// A record longer than aheadMargin.
			all = append(all, strings.Replace(onlyRec, `"e-1"`, `"`+strings.Repeat("x", aheadMargin)+`"`, 1))
		}
	}
	log := `{"Records":[` + strings.Join(all, ",") + `]}`
	step := 773
	switch {
	case corpustest.Long():
		step = 241
	case testing.Short():
		step = 1999
	}
	for shift := 0; shift <= 2*aheadMargin; shift += step {
		in := []byte(strings.Repeat(" ", shift) + log)
		gz := gzipInput(t, in)
		for _, s := range windowSources {
			for k, names := range onlySets {
				next := (shift/step+k)%2 == 0
				compareOnlyFrom(t, s.open(t, gz), s.open(t, gz), len(in), names, Condition{}, next)
				compareOnlyFrom(t, s.open(t, gz), s.open(t, gz), len(in), names, Condition{}, next, bufferSize(700))
			}
		}
	}
	// Cut off inside a record: the error where reading it by the book
	// finds it, read ahead or not.
	in := []byte(log[:len(log)*2/3])
	gz := gzipInput(t, in)
	for _, s := range windowSources {
		compareOnlyFrom(t, s.open(t, gz), s.open(t, gz), len(in), routeMembers, Condition{}, false)
	}
}

// TestLastIndexByte compares lastIndexByte with bytes.LastIndexByte at
// every length up to 40 and every place of the byte looked for, among
// bytes on either side of it (0x00, 0xff, c-1, c+1), which a word-wise
// search could take for it.
func TestLastIndexByte(t *testing.T) {
	for _, c := range []byte{'V', 0, 0xff, 0x80, 0x7f} {
		for _, fill := range []byte{0, 0xff, c - 1, c + 1, 'a'} {
			if fill == c {
				continue
			}
			for n := 0; n <= 40; n++ {
				b := bytes.Repeat([]byte{fill}, n)
				for _, at := range [][]int{nil, {0}, {n - 1}, {n / 2}, {1, n - 2}, {0, n - 9}, {7, 8}} {
					b := bytes.Clone(b)
					for _, i := range at {
						if i >= 0 && i < n {
							b[i] = c
						}
					}
					if got, want := lastIndexByte(b, c), bytes.LastIndexByte(b, c); got != want {
						t.Fatalf("lastIndexByte(%x, %#x) = %d, want %d", b, c, got, want)
					}
				}
			}
		}
	}
}

// TestLastRecordEnd compares lastRecordEnd with bytes.LastIndex of "},"
// in texts of '}', ',' and other bytes at every length up to 40.
func TestLastRecordEnd(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 0; n <= 40; n++ {
		for range 200 {
			b := make([]byte, n)
			for i := range b {
				b[i] = "},x{"[rng.Intn(4)]
			}
			if got, want := lastRecordEnd(b), bytes.LastIndex(b, []byte("},")); got != want {
				t.Fatalf("lastRecordEnd(%q) = %d, want %d", b, got, want)
			}
		}
	}
}

// TestReadAllocsWindow checks what reading gzip input through the window
// allocates: per record its block of nested values and its share of one
// buffer of text, and in bytes the text once (not a copy of the input
// and another for the records) and the blocks.
func TestReadAllocsWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	const n = 300
	in := typicalLog(t, n)
	gz := gzipInput(t, []byte(in))
	for _, s := range windowSources {
		rd := NewReader(nil)
		var rec Record
		readAll := func(src io.Reader) {
			rd.Reset(src)
			for i := 0; ; i++ {
				err := rd.ReadRecord(&rec)
				if err == io.EOF {
					if i != n {
						t.Fatalf("%s: %d records, want %d", s.name, i, n)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		readAll(s.open(t, gz))
		src := s.open(t, gz)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		readAll(src)
		runtime.ReadMemStats(&after)
		allocs, bytes := after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc
		// A block per record, a buffer of text per 16 KiB or so (1.19 per
		// record measured).
		if perRecord := float64(allocs) / n; perRecord > 1.25 {
			t.Errorf("%s: %.2f allocations per typical record, want at most 1.25", s.name, perRecord)
		}
		// The text (with up to 10% more for the size classes of its
		// buffers) and a block of nested values (with a sessionContext:
		// 896 bytes) per record, and the window of an inflate.Reader
		// that has not read yet (1.02 and 1.16 MB measured).
		if limit := uint64(len(in))*11/10 + n*896 + 130<<10; bytes > limit {
			t.Errorf("%s: %d bytes allocated for %d of text, want at most %d", s.name, bytes, len(in), limit)
		}
		t.Logf("%s: %.2f allocations per record, %d bytes for %d of text", s.name, float64(allocs)/n, bytes, len(in))
	}
}
