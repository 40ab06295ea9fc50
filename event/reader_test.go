package event

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// summarize reads input with opts and describes what came out: "R" for a
// record (with its eventID when it has one, as R:id), "E<index>@<line>:<col>"
// for a *RecordError, "F@<line>:<col>" for a *SyntaxError that ended the
// stream and "X" for any other error.
func summarize(t *testing.T, in io.Reader, opts ...ReadOption) (string, Format) {
	t.Helper()
	rd := NewReader(in, opts...)
	var out []string
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("no progress")
		}
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		var re *RecordError
		var se *SyntaxError
		switch {
		case err == nil && rec.EventID != "":
			out = append(out, "R:"+rec.EventID)
		case err == nil:
			out = append(out, "R")
		case errors.As(err, &re):
			out = append(out, fmt.Sprintf("E%d@%d:%d", re.Index, re.Line, re.Column))
			continue
		case errors.As(err, &se):
			out = append(out, fmt.Sprintf("F@%d:%d", se.Line, se.Column))
		default:
			out = append(out, "X")
		}
		if err != nil {
			// A stream-ending error is returned again.
			if _, err2 := rd.Next(); err2 != err {
				t.Errorf("after %v, Next returned %v", err, err2)
			}
			break
		}
	}
	return strings.Join(out, " "), rd.Format()
}

var readCases = []struct {
	name   string
	in     string
	want   string
	format Format
	reason string
}{
	{"log file", `{"Records":[{"eventID":"a"},{"eventID":"b"}]}`, "R:a R:b", FormatLogFile,
		"the envelope CloudTrail delivers"},
	{"log file pretty CRLF", "{\r\n  \"Records\": [\r\n    {\r\n      \"eventID\": \"a\"\r\n    },\r\n    {\"eventID\": \"b\"}\r\n  ]\r\n}\r\n",
		"R:a R:b", FormatLogFile, "pretty-printed with CRLF line ends"},
	{"log file empty", `{"Records":[]}`, "", FormatLogFile, "an hour without events"},
	{"log file extra members", `{"a":1,"Records":[{"eventID":"a"}],"b":[2]}`, "R:a", FormatLogFile,
		"members besides Records are kept, not taken for records"},
	{"two log files", `{"Records":[{"eventID":"a"}]}{"Records":[{"eventID":"b"}]}`, "R:a R:b", FormatLogFile,
		"concatenated log files (gzip members) are read in turn"},
	{"json lines", "{\"eventID\":\"a\"}\n\n{\"eventID\":\"b\"}\n", "R:a R:b", FormatLines,
		"one record per line, blank lines allowed"},
	{"json lines CRLF no final newline", "{\"eventID\":\"a\"}\r\n{\"eventID\":\"b\"}", "R:a R:b", FormatLines,
		"CRLF, last line unterminated"},
	{"single pretty record", "{\n  \"eventVersion\": \"1.08\",\n  \"eventID\": \"a\"\n}\n", "R:a", FormatLines,
		"one pretty-printed record"},
	{"empty object", "{}", "E0@1:1", FormatLines, "an empty object is not a record (ErrNotRecords)"},
	{"empty record in log file", `{"Records":[{}]}`, "E0@1:13", FormatLogFile, "inside Records too, an empty object is no record: an error of that element (never an empty record)"},
	{"empty lookup-events record", `{"Events":[{"EventId":"x","CloudTrailEvent":"{}"},{"EventId":"y","CloudTrailEvent":"{\"eventID\":\"y\"}"}]}`, "E0@1:45 R:y", FormatLookupEvents, "a CloudTrailEvent string that is an empty object is no record either: an error of that event, the next one read"},
	{"array", `[{"eventID":"a"}, {"eventID":"b"}]`, "R:a R:b", FormatArray, "a top-level array of records"},
	{"array empty", `[]`, "", FormatArray, "an empty array"},
	{"byte order mark", "\ufeff{\"eventID\":\"a\"}", "R:a", FormatLines, "a UTF-8 BOM is skipped"},
	{"empty input", "", "X", FormatUnknown, "nothing to read: ErrEmptyInput, not a silent end"},
	{"whitespace only", " \n\t\r\n", "X", FormatUnknown, "nothing to read: ErrEmptyInput, not a silent end"},
	{"not json", "hello", "F@1:1", FormatUnknown, "neither '{' nor '[': not a stream of records"},
	{"records not an array", `{"Records":5}`, "E0@1:1", FormatLines,
		"without an array, Records makes no log file, and there is no record member: ErrNotRecords"},
	{"bad record in log file", `{"Records":[{"eventID":"a" "x":1},{"eventID":"b"}]}`, "E0@1:28 R:b", FormatLogFile,
		"a complete but malformed record is reported and skipped"},
	{"garbled record in log file", "{\"Records\":[{\"eventID\":\"a\",\"x\":\"open\n},\n{\"eventVersion\":\"1.08\",\"eventID\":\"b\"}]}",
		"E0@1:37 R:b", FormatLogFile, "an unterminated string: resynchronised at the next {\"eventVersion\""},
	{"mismatched bracket", `{"Records":[{"eventID":"a","x":[}, {"eventVersion":"1.0","eventID":"b"}]}`,
		"E0@1:33 R:b", FormatLogFile, "'}' closing '[': resynchronised"},
	{"missing comma between records", `[{"eventID":"a"} {"eventID":"b"}]`, "R:a E1@1:18 R:b", FormatArray,
		"the second record is still read"},
	{"trailing comma", `{"Records":[{"eventID":"a"},]}`, "R:a E1@1:29", FormatLogFile,
		"a trailing comma is reported"},
	{"non-object element", `[1,{"eventID":"a"},"x"]`, "E0@1:2 R:a E2@1:20", FormatArray,
		"elements that are not objects are reported, not dropped"},
	{"truncated log file", `{"Records":[{"eventID":"a"},{"eventID":"b","x":{`, "R:a E1@1:49", FormatLogFile,
		"the input ends inside a record"},
	{"truncated between records", `{"Records":[{"eventID":"a"},`, "R:a F@1:29", FormatLogFile,
		"the input ends where a record should start"},
	{"truncated after records", `{"Records":[{"eventID":"a"}]`, "R:a F@1:29", FormatLogFile,
		"the log file is not closed"},
	{"bad member after records", `{"Records":[{"eventID":"a"}],"x":tru}`, "R:a F@1:37", FormatLogFile,
		"members after Records are checked"},
	{"json lines bad line", "{\"eventID\":\"a\" \"x\":1}\n{\"eventID\":\"b\"}\n", "E0@1:16 R:b", FormatLines,
		"the next line is read"},
	{"json lines garbled line", "{\"eventID\":\"a\",\"x\":\"open\n{\"eventID\":\"b\"}\n", "E0@1:25 R:b", FormatLines,
		"an unterminated string: resynchronised at the next line starting with '{'"},
	{"json lines garbage line", "{\"eventID\":\"a\"}\nnot json\n{\"eventID\":\"b\"}\n", "R:a E1@2:1 R:b", FormatLines,
		"a line that is not a record"},
	{"json lines trailing comma", "{\"eventID\":\"a\",}\n{\"eventID\":\"b\"}", "E0@1:16 R:b", FormatLines,
		"trailing comma inside a record"},
	{"invalid escape", `{"Records":[{"eventID":"a\."},{"eventID":"b"}]}`, "E0@1:26 R:b", FormatLogFile,
		"the escape is pinpointed"},
}

func TestReader(t *testing.T) {
	for _, tc := range readCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []string{"plain", "one byte", "gzip", "tiny buffer"} {
				var in io.Reader = strings.NewReader(tc.in)
				var opts []ReadOption
				switch mode {
				case "one byte":
					in = iotest.OneByteReader(in)
				case "gzip":
					in = bytes.NewReader(gzipped(t, tc.in))
				case "tiny buffer":
					opts = append(opts, bufferSize(4))
				}
				got, format := summarize(t, in, opts...)
				if got != tc.want {
					t.Errorf("%s: got %q, want %q (%s)", mode, got, tc.want, tc.reason)
				}
				if format != tc.format {
					t.Errorf("%s: Format() = %v, want %v", mode, format, tc.format)
				}
			}
		})
	}
}

// bufferSize sets the reader's initial buffer size, so that tests cross
// buffer boundaries with small inputs.
func bufferSize(n int) ReadOption {
	return ReadOption{func(c *readConfig) { c.bufSize = n }}
}

func gzipped(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&buf)
		if _, err := io.WriteString(zw, p); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestRecordsStopsAtFirstError(t *testing.T) {
	in := "{\"eventID\":\"a\"}\n{\"eventID\":\"b\",}\n{\"eventID\":\"c\"}\n"
	var got []string
	for rec, err := range Records(strings.NewReader(in)) {
		if err != nil {
			got = append(got, "error")
			continue
		}
		got = append(got, rec.EventID)
	}
	if want := "a error"; strings.Join(got, " ") != want {
		t.Errorf("Records = %q, want %q", got, want)
	}
	got = got[:0]
	for rec, err := range Records(strings.NewReader(in), ContinueOnError()) {
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) {
				t.Fatalf("error %T, want *RecordError", err)
			}
			got = append(got, "error")
			continue
		}
		got = append(got, rec.EventID)
	}
	if want := "a error c"; strings.Join(got, " ") != want {
		t.Errorf("Records with ContinueOnError = %q, want %q", got, want)
	}
}

func TestRecordErrorMessage(t *testing.T) {
	in := "{\"Records\":[\n{\"eventID\":\"a\"},\n{\"eventID\":\"b\" x}\n]}"
	_, err := ReadLogFile(strings.NewReader(in))
	want := `event: record 1 (line 3, column 16): expected ',' or '}' after object member, found 'x'`
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	var se *SyntaxError
	if !errors.As(err, &se) || se.Offset != int64(strings.Index(in, "x}")) {
		t.Errorf("SyntaxError %+v, want offset %d", se, strings.Index(in, "x}"))
	}
	if se != nil {
		want := `event: syntax error at line 3, column 16 (offset 45): expected ',' or '}' after object member, found 'x'`
		if se.Error() != want {
			t.Errorf("SyntaxError.Error() = %q, want %q", se.Error(), want)
		}
	}
}

func TestMaxRecordSize(t *testing.T) {
	big := `{"eventID":"big","pad":"` + strings.Repeat("x", 200<<10) + `"}`
	small := `{"eventID":"small"}`
	cases := []struct {
		name, in, want string
		reason         string
	}{
		{"log file", `{"Records":[` + big + "," + small + `]}`, "E0@1:13 R:small", "the big record is skipped without being held"},
		{"json lines", big + "\n" + small + "\n", "E0@1:1 R:small", "same at top level"},
		{"array", "[" + small + "," + big + "]", "R:small E1@1:22", "same in an array"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := summarize(t, strings.NewReader(tc.in), MaxRecordSize(64<<10))
			if got != tc.want {
				t.Errorf("got %q, want %q (%s)", got, tc.want, tc.reason)
			}
			_, err := NewReader(strings.NewReader(tc.in), MaxRecordSize(64<<10)).Next()
			if tc.name != "array" && !errors.Is(err, ErrRecordTooLarge) {
				t.Errorf("error %v, want ErrRecordTooLarge", err)
			}
			// The default limit (1 MiB) admits the record.
			got, _ = summarize(t, strings.NewReader(tc.in))
			if strings.Contains(got, "E") {
				t.Errorf("default limit: got %q, want no error", got)
			}
		})
	}
}

// TestMaxRecordSizeMemory checks that skipping an oversized record keeps
// the reader's buffer small.
func TestMaxRecordSizeMemory(t *testing.T) {
	huge := `{"eventID":"huge","pad":"` + strings.Repeat("x", 16<<20) + `"}`
	for _, in := range []string{
		`{"Records":[` + huge + `,{"eventID":"b"}]}`,
		huge + "\n" + `{"eventID":"b"}`,
	} {
		rd := NewReader(strings.NewReader(in), MaxRecordSize(64<<10))
		_, err := rd.Next()
		if !errors.Is(err, ErrRecordTooLarge) {
			t.Fatalf("error %v, want ErrRecordTooLarge", err)
		}
		if len(rd.buf) > 1<<20 {
			t.Errorf("buffer grew to %d bytes skipping a 16 MiB record with a 64 KiB limit", len(rd.buf))
		}
		rec, err := rd.Next()
		if err != nil || rec.EventID != "b" {
			t.Errorf("after the skipped record: %v, %v", rec, err)
		}
	}
}

// bigLog builds a log file of n records of about size bytes each, with
// newlines between records; the record at bad (if >= 0) lacks a comma.
func bigLog(n, size, bad int) string {
	var b strings.Builder
	b.WriteString("{\"Records\":[\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		sep := ","
		if i == bad {
			sep = " "
		}
		fmt.Fprintf(&b, `{"eventVersion":"1.08","eventID":"%d"%s"requestParameters":{"pad":"%s"}}`, i, sep, strings.Repeat("p", size))
	}
	b.WriteString("\n]}\n")
	return b.String()
}

// TestReaderLargeInput crosses the reader's buffer boundaries many times,
// with records larger than the initial buffer, and checks positions stay
// exact.
func TestReaderLargeInput(t *testing.T) {
	for _, tc := range []struct {
		n, size, bad int
		reason       string
	}{
		{2000, 300, 1500, "many small records"},
		{12, 150 << 10, 9, "records larger than the initial buffer"},
	} {
		in := bigLog(tc.n, tc.size, tc.bad)
		for _, mode := range []string{"plain", "half", "gzip"} {
			var r io.Reader = strings.NewReader(in)
			switch mode {
			case "half":
				r = iotest.HalfReader(r)
			case "gzip":
				r = bytes.NewReader(gzipped(t, in))
			}
			n := 0
			for rec, err := range Records(r, ContinueOnError()) {
				if err != nil {
					var re *RecordError
					if !errors.As(err, &re) || re.Index != tc.bad {
						t.Fatalf("%s %s: unexpected error %v", tc.reason, mode, err)
					}
					if l, c := lineCol([]byte(in), int(re.Offset)); l != re.Line || c != re.Column {
						t.Errorf("%s %s: error at %d:%d, offset %d is %d:%d", tc.reason, mode, re.Line, re.Column, re.Offset, l, c)
					}
					if want := strings.Index(in, fmt.Sprintf(`"%d" "`, tc.bad)) + len(fmt.Sprint(tc.bad)) + 3; re.Offset != int64(want) {
						t.Errorf("%s %s: error offset %d, want %d", tc.reason, mode, re.Offset, want)
					}
					n++
					continue
				}
				if rec.EventID != fmt.Sprint(n) {
					t.Fatalf("%s %s: record %d has eventID %q", tc.reason, mode, n, rec.EventID)
				}
				n++
			}
			if n != tc.n {
				t.Errorf("%s %s: %d records and errors, want %d", tc.reason, mode, n, tc.n)
			}
		}
	}
}

func TestReaderMultiMemberGzip(t *testing.T) {
	in := gzipped(t, `{"Records":[{"eventID":"a"}]}`, `{"Records":[{"eventID":"b"}], "x": 1}`)
	rd := NewReader(bytes.NewReader(in))
	got, _ := summarize(t, bytes.NewReader(in))
	if got != "R:a R:b" {
		t.Errorf("got %q, want both members' records", got)
	}
	for {
		if _, err := rd.Next(); err != nil {
			break
		}
	}
	if !rd.Compressed() {
		t.Error("Compressed() = false")
	}
	if len(rd.Extra()) != 1 || rd.Extra()[0].Name != "x" {
		t.Errorf("Extra() = %v, want the member x", rd.Extra())
	}
}

func TestReaderInputErrors(t *testing.T) {
	boom := errors.New("boom")
	corrupt := gzipped(t, `{"Records":[{"eventID":"a"}]}`)
	corrupt[len(corrupt)-6] ^= 0xff // the CRC-32
	cases := []struct {
		name   string
		in     io.Reader
		target error
		reason string
	}{
		{"read error", io.MultiReader(strings.NewReader(`{"Records":[{"eventID":"a"},`), iotest.ErrReader(boom)), boom,
			"the reader's error ends the stream"},
		{"read error at start", iotest.ErrReader(boom), boom, "before any byte"},
		{"gzip checksum", bytes.NewReader(corrupt), gzip.ErrChecksum, "a corrupt gzip member"},
		{"gzip header", bytes.NewReader([]byte{0x1f, 0x8b, 0, 0}), io.ErrUnexpectedEOF, "a truncated gzip header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var last error
			for _, err := range Records(tc.in, ContinueOnError()) {
				if err != nil {
					last = err
				}
			}
			if !errors.Is(last, tc.target) {
				t.Errorf("last error %v, want %v (%s)", last, tc.target, tc.reason)
			}
			if !strings.HasPrefix(fmt.Sprint(last), "event: ") {
				t.Errorf("error %q lacks the package prefix", last)
			}
		})
	}
}

func TestReaderRawAndOffset(t *testing.T) {
	in := "{\"Records\": [ {\"eventID\": \"a\"} ,\n{\"eventID\":\"b\"}]}"
	rd := NewReader(strings.NewReader(in))
	for _, want := range []string{`{"eventID": "a"}`, `{"eventID":"b"}`} {
		b, err := rd.NextRaw()
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want || string(rd.Raw()) != want {
			t.Errorf("NextRaw = %q, Raw = %q, want %q", b, rd.Raw(), want)
		}
		if off := strings.Index(in, want); rd.Offset() != int64(off) {
			t.Errorf("Offset() = %d, want %d", rd.Offset(), off)
		}
	}
	if _, err := rd.NextRaw(); err != io.EOF {
		t.Errorf("NextRaw at end: %v, want io.EOF", err)
	}
}

// TestNextRawAllocs guards the claim that reading raw records allocates
// nothing per record.
func TestNextRawAllocs(t *testing.T) {
	in := bigLog(500, 200, -1)
	rd := NewReader(strings.NewReader(in))
	if _, err := rd.NextRaw(); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := rd.NextRaw(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("NextRaw allocates %v times per record, want 0", allocs)
	}
}

// typicalLog returns a log file of n copies of the typical record, compact
// as CloudTrail delivers it.
func typicalLog(t testing.TB, n int) string {
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(typicalRecord)); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`{"Records":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(compact.Bytes())
	}
	b.WriteString("]}")
	return b.String()
}

// TestReadAllocs guards what decoding a typical record of a log file
// costs: one block of nested values, which for Next holds the Record too;
// the copy of the text its strings and raw payloads come from is shared
// among the records of a stretch of input (AllocsPerRun rounds the
// fraction down). ReadLogFile, which keeps every record, shares one copy
// of the text among the records of each buffer's worth of input.
func TestReadAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	const n = 300
	in := typicalLog(t, n)
	rd := NewReader(strings.NewReader(in))
	var rec Record
	if err := rd.ReadRecord(&rec); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(100, func() {
		if err := rd.ReadRecord(&rec); err != nil {
			t.Fatal(err)
		}
	}); a > 1 {
		t.Errorf("ReadRecord: %v allocations per typical record, want at most 1", a)
	}
	if a := testing.AllocsPerRun(100, func() {
		if _, err := rd.Next(); err != nil {
			t.Fatal(err)
		}
	}); a > 1 {
		t.Errorf("Next: %v allocations per typical record, want at most 1", a)
	}
	var lf *LogFile
	a := testing.AllocsPerRun(5, func() {
		var err error
		if lf, err = ReadLogFile(strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
	})
	// One per record, plus the shared text, the Records slice as it
	// grows and the reader.
	if perRecord := a / n; perRecord > 1.2 {
		t.Errorf("ReadLogFile: %.2f allocations per typical record, want at most 1.2", perRecord)
	}
	// Records sharing one text are still whole and independent.
	want := string(lf.Records[0].AppendJSON(nil))
	for i := range lf.Records {
		if got := string(lf.Records[i].AppendJSON(nil)); got != want {
			t.Fatalf("record %d of the log file reads %s, want %s", i, got, want)
		}
	}
}

// TestReaderOversizedAtEnd covers values that run to the end of the input
// past the size limit: they are reported, never indexed out of the buffer.
func TestReaderOversizedAtEnd(t *testing.T) {
	cases := []struct {
		name, in, want string
		reason         string
	}{
		{"scalar element", "[" + strings.Repeat("1", 100<<10), "E0@1:2 F@1:102402", "a number longer than the limit, then the end"},
		{"garbage element", "[" + strings.Repeat("x", 100<<10), "E0@1:2 F@1:102402", "a bare word longer than the limit"},
		{"member value", `{"a":` + strings.Repeat("1", 100<<10), "E0@1:1", "a top-level object cut off"},
		{"broken after the limit in an array", `[{"a":"` + strings.Repeat("x", 100<<10) + `"],{"eventVersion":"1.0","eventID":"b"}]`,
			"E0@1:2 R:b", "malformed once already too large: reported as too large, then resynchronised"},
		{"broken after the limit at top level", `{"a":"` + strings.Repeat("x", 100<<10) + "\"]\n" + `{"eventID":"b"}`,
			"E0@1:1 R:b", "same for JSON Lines"},
		{"string member after records", `{"Records":[],"x":"` + strings.Repeat("y", 100<<10) + `"}`, "F@1:15", "an extra member longer than the limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := summarize(t, strings.NewReader(tc.in), MaxRecordSize(32<<10))
			if got != tc.want {
				t.Errorf("got %q, want %q (%s)", got, tc.want, tc.reason)
			}
			got, _ = summarize(t, strings.NewReader(tc.in), MaxRecordSize(32<<10), bufferSize(4))
			if got != tc.want {
				t.Errorf("tiny buffer: got %q, want %q (%s)", got, tc.want, tc.reason)
			}
		})
	}
}

func TestReaderReset(t *testing.T) {
	files := []struct {
		in     []byte
		want   string
		format Format
	}{
		{gzipped(t, `{"Records":[{"eventID":"a"}],"x":1}`), "a", FormatLogFile},
		{[]byte("{\"eventID\":\"b\"}\n{\"eventID\":\"c\"}\n"), "b c", FormatLines},
		{gzipped(t, `[{"eventID":"d"}]`), "d", FormatArray},
		{[]byte(`{"Records":[{"eventID":"e",}]}`), "error", FormatLogFile},
		{[]byte(`{"Records":[{"eventID":"f"}]}`), "f", FormatLogFile},
	}
	rd := NewReader(nil, MaxRecordSize(1<<10))
	for i, f := range files {
		rd.Reset(bytes.NewReader(f.in))
		var got []string
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				got = append(got, "error")
				continue
			}
			got = append(got, rec.EventID)
		}
		if strings.Join(got, " ") != f.want || rd.Format() != f.format {
			t.Errorf("file %d: got %q (%v), want %q (%v)", i, got, rd.Format(), f.want, f.format)
		}
		if i == 0 && len(rd.Extra()) != 1 {
			t.Errorf("file 0: Extra() = %v", rd.Extra())
		}
		if i == 1 && len(rd.Extra()) != 0 {
			t.Errorf("Extra() kept across Reset: %v", rd.Extra())
		}
	}
	// Reset keeps the options.
	rd.Reset(strings.NewReader(`{"eventID":"` + strings.Repeat("x", 2<<10) + `"}`))
	if _, err := rd.Next(); !errors.Is(err, ErrRecordTooLarge) {
		t.Errorf("after Reset, a 2 KiB record with a 1 KiB limit: %v", err)
	}
}

// TestReaderRecordsOutliveReader checks that records read with one
// Reader, which decodes log files from copies of the input that records
// share, stay whole after the Reader has moved on, across chunks of input
// and Reset, and read as each record's own text does. Some records hold
// in a string what looks like the end of a record, where a chunk of input
// may be cut; some have a sessionContext where their identity's type
// makes it unlikely.
func TestReaderRecordsOutliveReader(t *testing.T) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(typicalRecord)); err != nil {
		t.Fatal(err)
	}
	logFile := func(file, n int) string {
		var b strings.Builder
		b.WriteString(`{"Records":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			rec := strings.Replace(compact.String(), `"eventVersion":"1.09",`,
				fmt.Sprintf(`"eventVersion":"1.09","sharedEventID":"%d-%d",`, file, i), 1)
			if i%7 == 3 {
				// A string with the likely end of a record in it.
				rec = strings.Replace(rec, `"eventName":"`, `"errorMessage":"x\"},{\"eventVersion\":\"1.09\"},{`+strings.Repeat("y", i)+`","eventName":"`, 1)
			}
			switch i % 5 {
			case 1, 2:
				// Identities whose type has no sessionContext but that
				// have one (console sessions): their block has no room for
				// it (see likelySession).
				rec = strings.Replace(rec, `"type":"AssumedRole"`, []string{1: `"type":"IAMUser"`, 2: `"type":"Root"`}[i%5], 1)
			}
			if i%11 == 5 {
				rec = strings.Replace(rec, `"requestParameters":{`, `"requestParameters":{"k":"`+strings.Repeat("z", 30*i)+`",`, 1)
			}
			b.WriteString(rec)
		}
		b.WriteString("]}")
		return b.String()
	}
	type kept struct {
		rec  Record
		want string
	}
	for _, next := range []bool{false, true} {
		var all []kept
		rd := NewReader(nil)
		var rec Record
		for file := range 3 {
			in := logFile(file, 150)
			if file == 1 {
				rd.Reset(bytes.NewReader(gzipped(t, in)))
			} else {
				rd.Reset(strings.NewReader(in))
			}
			for i := 0; ; i++ {
				var got *Record
				var err error
				if next {
					got, err = rd.Next()
				} else {
					err = rd.ReadRecord(&rec)
					got = &rec
				}
				if err == io.EOF {
					if i != 150 {
						t.Fatalf("file %d: %d records, want 150", file, i)
					}
					break
				}
				if err != nil {
					t.Fatalf("file %d record %d: %v", file, i, err)
				}
				if id := fmt.Sprintf("%d-%d", file, i); got.SharedEventID != id {
					t.Fatalf("record %d of file %d has sharedEventID %q, want %q", i, file, got.SharedEventID, id)
				}
				own, err := ParseRecord(rd.Raw())
				if err != nil {
					t.Fatal(err)
				}
				want := string(own.AppendJSON(nil))
				if s := string(got.AppendJSON(nil)); s != want {
					t.Fatalf("record %d of file %d reads\n%s\nwant (from its own text)\n%s", i, file, s, want)
				}
				all = append(all, kept{*got, want})
			}
		}
		for i, k := range all {
			if s := string(k.rec.AppendJSON(nil)); s != k.want {
				t.Fatalf("Next %v: record %d changed after the reader moved on:\n%s\nwant\n%s", next, i, s, k.want)
			}
		}
		// Changing the bytes of raw payloads changes nothing else.
		noPayloads := func(r Record) string {
			r.RequestParameters, r.ResponseElements, r.AdditionalEventData = nil, nil, nil
			return string(r.AppendJSON(nil))
		}
		before := make([]string, len(all))
		for i := range all {
			before[i] = noPayloads(all[i].rec)
		}
		for i := range all {
			r := &all[i].rec
			for _, p := range []json.RawMessage{r.RequestParameters, r.ResponseElements, r.AdditionalEventData} {
				for j := range p {
					p[j] = '#'
				}
			}
		}
		for i := range all {
			if s := noPayloads(all[i].rec); s != before[i] {
				t.Fatalf("Next %v: record %d changed with the payloads' bytes:\n%s\nwant\n%s", next, i, s, before[i])
			}
		}
	}
}

// TestReaderWaitsOnlyForWhatARecordNeeds checks that a Reader returns a
// record of a log file as soon as its bytes have come, without waiting
// for more input (a slow source, such as a pipe from a download): the
// source here holds back the rest until the records sent are read.
func TestReaderWaitsOnlyForWhatARecordNeeds(t *testing.T) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(typicalRecord)); err != nil {
		t.Fatal(err)
	}
	rec := compact.String()
	for _, next := range []bool{false, true} {
		pr, pw := io.Pipe()
		rd := NewReader(pr)
		sent := make(chan error, 1)
		go func() {
			_, err := io.WriteString(pw, `{"Records":[`+rec+","+rec+","+rec)
			sent <- err
		}()
		got := make(chan error, 1)
		go func() {
			for range 3 {
				var err error
				if next {
					_, err = rd.Next()
				} else {
					var r Record
					err = rd.ReadRecord(&r)
				}
				if err != nil {
					got <- err
					return
				}
			}
			got <- nil
		}()
		select {
		case err := <-got:
			if err != nil {
				t.Fatalf("Next %v: %v", next, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Next %v: the three records sent were not all read: the reader waits for more input", next)
		}
		if err := <-sent; err != nil {
			t.Fatal(err)
		}
		go func() {
			io.WriteString(pw, "]}")
			pw.Close()
		}()
		if _, err := rd.Next(); err != io.EOF {
			t.Fatalf("Next %v: at the end: %v, want io.EOF", next, err)
		}
	}
}
