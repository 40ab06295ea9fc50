package event

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/internal/corpustest"
)

// synthRecord returns a record with eventID id, with its members in an
// order that depends on i (not always eventVersion first, as in records
// that went through tools that sort keys), nested payloads, a resources
// array and, for some, an object inside requestParameters that looks
// like a record (eventID "FAKE-<id>") and must never come out as one.
func synthRecord(i int, id string) string {
	members := []string{
		`"eventVersion":"1.08"`,
		`"eventTime":"2023-05-01T12:00:00Z"`,
		`"eventSource":"s3.amazonaws.com"`,
		`"eventName":"PutObject"`,
		`"userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"arn:aws:sts::111122223333:assumed-role/r/s","sessionContext":{"attributes":{"mfaAuthenticated":"false"}}}`,
		`"requestParameters":{"bucketName":"b","key":"k-` + id + `","list":[1,2,{"x":"y"}],"esc":"a\"b\\c}{]["` +
			map[bool]string{true: `,"q":{"eventVersion":"1.08","eventID":"FAKE-` + id + `"}`, false: ``}[i%3 == 0] + `}`,
		`"resources":[{"ARN":"arn:aws:s3:::b","type":"AWS::S3::Bucket"},{"ARN":"arn:aws:s3:::b/k","type":"AWS::S3::Object"}]`,
		`"eventID":"` + id + `"`,
		`"recipientAccountId":"111122223333"`,
	}
	r := rand.New(rand.NewSource(int64(i)))
	if i%2 == 1 {
		r.Shuffle(len(members), func(a, b int) { members[a], members[b] = members[b], members[a] })
	}
	return "{" + strings.Join(members, ",") + "}"
}

// corrupt damages rec in one of several ways, chosen by r.
func corrupt(r *rand.Rand, rec string) (string, string) {
	i := 1 + r.Intn(len(rec)-2)
	switch r.Intn(5) {
	case 0:
		return rec[:i] + rec[i+1:], fmt.Sprintf("byte %d deleted", i)
	case 1:
		c := `"{}[],:x\`[r.Intn(9)]
		return rec[:i] + string(c) + rec[i+1:], fmt.Sprintf("byte %d replaced by %q", i, c)
	case 2:
		c := `"{}[],:x\`[r.Intn(9)]
		return rec[:i] + string(c) + rec[i:], fmt.Sprintf("%q inserted at %d", c, i)
	case 3:
		return rec[:i], fmt.Sprintf("cut after %d bytes", i)
	}
	return rec[:i] + "\x00\xff" + rec[i:], fmt.Sprintf("binary inserted at %d", i)
}

// checkExactlyOnce reads in and checks that every id in want comes out
// exactly once, bad at most once, and nothing else.
func checkExactlyOnce(t *testing.T, in []byte, want []string, bad, what string) {
	t.Helper()
	seen := map[string]int{}
	n := 0
	for rec, err := range Records(bytes.NewReader(in), ContinueOnError(), MaxErrors(-1)) {
		if n++; n > 10*len(want)+100 {
			t.Fatalf("%s: no progress", what)
		}
		if err != nil {
			continue
		}
		seen[rec.EventID]++
	}
	for _, id := range want {
		if seen[id] != 1 {
			t.Errorf("%s: record %s came out %d times, want once", what, id, seen[id])
		}
		delete(seen, id)
	}
	// What is left can only be the damaged record (whose eventID may be
	// damaged too), at most once, and never a record from its inside.
	left := 0
	for id, k := range seen {
		left += k
		if strings.HasPrefix(id, "FAKE") {
			t.Errorf("%s: record %q came out %d times: invented from the inside of a record", what, id, k)
		}
	}
	if left > 1 {
		t.Errorf("%s: %v came out besides the intact records; at most the damaged one (%s) may", what, seen, bad)
	}
}

// TestResyncPropertyOneRecordCorrupted is the property: for any valid log
// file (one line, pretty, JSON Lines) with one record damaged, every other
// record comes out exactly once, and no record is invented.
func TestResyncPropertyOneRecordCorrupted(t *testing.T) {
	const n = 12
	runs := 400
	if testing.Short() {
		runs = 100
	}
	r := rand.New(rand.NewSource(1))
	for run := 0; run < runs; run++ {
		var recs, ids []string
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("id-%d-%d", run, i)
			recs = append(recs, synthRecord(run*n+i, id))
			ids = append(ids, id)
		}
		k := r.Intn(n)
		damaged, how := corrupt(r, recs[k])
		others := append(append([]string(nil), ids[:k]...), ids[k+1:]...)
		all := append(append(append([]string(nil), recs[:k]...), damaged), recs[k+1:]...)
		what := fmt.Sprintf("run %d, record %d: %s", run, k, how)
		checkExactlyOnce(t, []byte(`{"Records":[`+strings.Join(all, ",")+`]}`), others, ids[k], "one line: "+what)
		checkExactlyOnce(t, []byte("{\n  \"Records\": [\n    "+strings.Join(all, ",\n    ")+"\n  ]\n}\n"), others, ids[k], "pretty: "+what)
		checkExactlyOnce(t, []byte(strings.Join(all, "\n")+"\n"), others, ids[k], "JSON lines: "+what)
		if t.Failed() {
			t.Logf("damaged record: %s", damaged)
			return
		}
	}
}

// TestResyncSingleLineCorpus: one bad record in a single-line log file of
// real records costs that record only (it used to cost every record after
// it: a 310-record file lost 272 to 289).
func TestResyncSingleLineCorpus(t *testing.T) {
	var recs [][]byte
	for _, f := range corpustest.Files(t, corpustest.All) {
		rd := NewReader(bytes.NewReader(f.Data))
		for {
			raw, err := rd.NextRaw()
			if err != nil {
				break
			}
			if rec, err := ParseRecord(raw); err == nil && rec.EventID != "" {
				recs = append(recs, bytes.Clone(raw))
			}
			if len(recs) == 310 {
				break
			}
		}
		if len(recs) == 310 {
			break
		}
	}
	if len(recs) < 20 {
		t.Skip("too few corpus records")
	}
	// Give every record an eventID of its own.
	var ids []string
	for i := range recs {
		rec, _ := ParseRecord(recs[i])
		rec.EventID = fmt.Sprintf("c-%d", i)
		recs[i] = rec.AppendJSON(nil)
		ids = append(ids, rec.EventID)
	}
	r := rand.New(rand.NewSource(2))
	for run := 0; run < 30; run++ {
		k := r.Intn(len(recs))
		damaged, how := corrupt(r, string(recs[k]))
		var b bytes.Buffer
		b.WriteString(`{"Records":[`)
		for i := range recs {
			if i > 0 {
				b.WriteByte(',')
			}
			if i == k {
				b.WriteString(damaged)
			} else {
				b.Write(recs[i])
			}
		}
		b.WriteString("]}")
		others := append(append([]string(nil), ids[:k]...), ids[k+1:]...)
		checkExactlyOnce(t, b.Bytes(), others, ids[k], fmt.Sprintf("%d records, record %d: %s", len(recs), k, how))
	}
}

// TestResyncNeverInventsFromInside: the record inside requestParameters of
// a broken record is never delivered.
func TestResyncNeverInventsFromInside(t *testing.T) {
	for _, in := range []string{
		`{"Records":[{"eventID":"b","requestParameters":{"p":[1},"q":{"eventVersion":"1.08","eventID":"FAKE"}}},{"eventVersion":"1.08","eventID":"c"}]}`,
		`{"Records":[{"eventID":"b","requestParameters":{"p":[1},"q":{"eventVersion":"1.08","eventID":"FAKE"}}}]}`,
		`{"eventID":"b","requestParameters":{"p":[1},"q":{"eventVersion":"1.08","eventID":"FAKE"}}}` + "\n" + `{"eventVersion":"1.08","eventID":"c"}`,
		`{"Records":[{"eventID":"b","requestParameters":{"q":{"eventVersion":"1.08","eventID":"FAKE"},"p":"open}]}`,
	} {
		got, _, _ := readAll(t, []byte(in))
		if strings.Contains(got, "FAKE") {
			t.Errorf("%s: got %q: a record invented from the inside of a broken one", in, got)
		}
	}
}

// TestGarbageRunIsOneError: 10 MB of commas inside Records used to
// produce 10 million errors.
func TestGarbageRunIsOneError(t *testing.T) {
	in := `{"Records":[` + formRecA + strings.Repeat(",", 10<<20) + formRecB + `]}`
	got, sum, errs := readAll(t, []byte(in), MaxErrors(-1))
	if got != "R:a E R:b" || sum.Errors != 1 {
		t.Fatalf("got %q, %d errors, want one error between the records", got, sum.Errors)
	}
	var re *RecordError
	if !errors.As(errs[0], &re) || re.End-re.Offset < 10<<20-1 || !strings.Contains(re.Error(), "skipped") {
		t.Errorf("error %v does not give the run's extent", errs[0])
	}
}

// TestErrorCap: past MaxErrors, errors are counted, records still come
// out, and one error at the end says how many were not reported.
func TestErrorCap(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 500; i++ {
		b.WriteString("{\"eventID\":\"x\" \"bad\":1}\n" + formRecA + "\n")
	}
	got, sum, errs := readAll(t, []byte(b.String()), MaxErrors(10))
	if n := strings.Count(got, "R:a"); n != 500 {
		t.Errorf("%d records, want 500", n)
	}
	if sum.Errors != 500 || len(errs) != 11 {
		t.Fatalf("%d errors counted, %d reported; want 500 and 10 + 1", sum.Errors, len(errs))
	}
	var tm *TooManyErrorsError
	if !errors.As(errs[10], &tm) || tm.More != 490 || !errors.Is(errs[10], ErrTooManyErrors) {
		t.Errorf("last error %v, want 490 more errors", errs[10])
	}
}

// TestWhitespaceCountsTowardMaxRecordSize: white space inside a top-level
// object used to be buffered without limit (1 GiB of spaces: 3.1 GB RSS).
func TestWhitespaceCountsTowardMaxRecordSize(t *testing.T) {
	for _, in := range []string{
		`{"a":1,` + strings.Repeat(" ", 300<<10) + `"eventID":"x"}` + "\n" + formRecA,
		`{"a":1` + strings.Repeat(" ", 300<<10) + `,"eventID":"x"}` + "\n" + formRecA,
		`{"Records":[]` + strings.Repeat(" ", 300<<10) + `,"x":1}`,
		`{"Records":[` + formRecA + `,` + strings.Repeat(" ", 300<<10) + formRecB + `]}`,
	} {
		rd := NewReader(strings.NewReader(in), MaxRecordSize(64<<10))
		for {
			_, err := rd.NextRaw()
			if err == io.EOF {
				break
			}
			if err != nil {
				if _, ok := err.(*RecordError); !ok {
					break
				}
			}
		}
		if len(rd.buf) > 256<<10 {
			t.Errorf("%.40q…: buffer grew to %d bytes with a 64 KiB record limit", in, len(rd.buf))
		}
	}
}

// TestEscapeRunsLinear: strings of many escapes are read in linear time,
// also when the record is too large and skipped (4 MB of \n escapes used
// to take 18 to 76 s).
func TestEscapeRunsLinear(t *testing.T) {
	esc := strings.Repeat(`\n`, 2<<20)
	for _, max := range []int{8 << 20, 64 << 10} {
		in := `{"Records":[{"eventID":"x","p":"` + esc + `"},` + formRecA + `]}`
		got, _, _ := readAll(t, []byte(in), MaxRecordSize(max))
		if !strings.HasSuffix(got, "R:a") {
			t.Errorf("max %d: got %q", max, got)
		}
	}
}

// TestDepthOneLimit: a record ParseRecord accepts is read back inside a
// log file and as JSON Lines, and one level more is refused by all with
// "nesting too deep".
func TestDepthOneLimit(t *testing.T) {
	nest := func(levels int) string { // levels counts the record's object
		return `{"eventID":"d","requestParameters":` + strings.Repeat("[", levels-1) + strings.Repeat("]", levels-1) + `}`
	}
	ok, deep := nest(maxDepth), nest(maxDepth+1)
	if _, err := ParseRecord([]byte(ok)); err != nil {
		t.Fatalf("ParseRecord at the limit: %v", err)
	}
	if _, err := ParseRecord([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nesting too deep") {
		t.Errorf("ParseRecord past the limit: %v, want nesting too deep", err)
	}
	for _, form := range []string{`{"Records":[%s]}`, "%s\n", `[%s]`} {
		got, _, _ := readAll(t, []byte(fmt.Sprintf(form, ok)))
		if got != "R:d" {
			t.Errorf("%q at the limit: got %q", form, got)
		}
		_, _, errs := readAll(t, []byte(fmt.Sprintf(form, deep)))
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), "nesting too deep") {
			t.Errorf("%q past the limit: %v, want nesting too deep", form, errs)
		}
	}
}

// TestEmptyInput: empty and white-space-only input give ErrEmptyInput,
// so that a log file object truncated to nothing is noticed.
func TestEmptyInput(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string // the error's text: says what was found, once
	}{
		{nil, "event: no records: empty input"},
		{[]byte(" \n\t"), "event: no records: empty input: the input holds only white space (3 bytes)"},
		{gz(t, ""), "event: no records: empty input: the gzip-compressed input decompresses to nothing"},
		{gz(t, "\n"), "event: no records: empty input: the input holds only white space (1 bytes) after gzip decompression"},
	} {
		in := tc.in
		var errs []error
		for _, err := range Records(bytes.NewReader(in)) {
			errs = append(errs, err)
		}
		if len(errs) != 1 || !errors.Is(errs[0], ErrEmptyInput) {
			t.Errorf("%q: errors %v, want ErrEmptyInput", in, errs)
		} else if errs[0].Error() != tc.want {
			t.Errorf("%q: error %q, want %q", in, errs[0], tc.want)
		}
		if _, err := ReadLogFile(bytes.NewReader(in)); !errors.Is(err, ErrEmptyInput) || !errors.Is(err, ErrNotLogFile) {
			t.Errorf("ReadLogFile(%q): %v, want ErrEmptyInput and ErrNotLogFile", in, err)
		}
	}
}

// TestGzipErrors: gzip errors say gzip, which member, and the compressed
// offset.
func TestGzipErrors(t *testing.T) {
	good := gz(t, `{"Records":[`+formRecA+`]}`)
	bad := append([]byte(nil), good...)
	bad[len(bad)-6] ^= 0xff // the CRC-32
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"truncated", good[:len(good)-10], "member 1 at compressed offset"},
		{"bad CRC", bad, "checksum mismatch"},
		{"trailing garbage", append(append([]byte(nil), good...), "garbage"...), "member 2 at compressed offset " + fmt.Sprint(len(good))},
		{"second member truncated", append(append([]byte(nil), good...), good[:20]...), "member 2"},
	} {
		var last error
		for _, err := range Records(bytes.NewReader(tc.in), ContinueOnError()) {
			if err != nil {
				last = err
			}
		}
		var ge *GzipError
		if !errors.As(last, &ge) || !strings.Contains(last.Error(), "gzip") || !strings.Contains(last.Error(), tc.want) {
			t.Errorf("%s: last error %v, want a GzipError saying %q", tc.name, last, tc.want)
		}
	}
}

// TestRecordsPerFileCost: reading a small file with Records costs little
// beyond its records once the pool is warm (it used to allocate about 130
// KB per file).
func TestRecordsPerFileCost(t *testing.T) {
	plain := []byte(`{"Records":[` + formRecA + `]}`)
	zipped := gz(t, string(plain))
	for _, in := range [][]byte{plain, zipped} {
		var br bytes.Reader
		read := func() {
			br.Reset(in)
			for _, err := range Records(&br) {
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		read()
		allocs := testing.AllocsPerRun(50, read)
		if allocs > 12 {
			t.Errorf("Records of a one-record file: %v allocations, want at most 12", allocs)
		}
	}
}
