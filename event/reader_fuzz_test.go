package event

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// fuzzRead reads in with a Reader and checks what must hold for any
// input: no panic, progress, records that decode, errors of the
// documented kinds, and a sticky end.
func fuzzRead(t *testing.T, in []byte, opts ...ReadOption) {
	rd := NewReader(bytes.NewReader(in), opts...)
	for i := 0; ; i++ {
		if i > 4*len(in)+10 {
			t.Fatalf("no progress after %d calls", i)
		}
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *RecordError
			if errors.As(err, &re) {
				if re.Offset < 0 || re.Line < 1 || re.Column < 1 {
					t.Fatalf("record error without a position: %+v", re)
				}
				continue
			}
			if _, err2 := rd.Next(); err2 != err && err2 != io.EOF && !errors.Is(err, ErrTooManyErrors) {
				t.Fatalf("after %v, Next returned %v", err, err2)
			}
			break
		}
		if rec == nil || rd.Raw() == nil {
			t.Fatal("a record without its bytes")
		}
		if _, err := ParseRecord(rec.AppendJSON(nil)); err != nil {
			t.Fatalf("a record read does not read back: %v\n%s", err, rec.AppendJSON(nil))
		}
	}
}

// FuzzReaderForms: every input form, and anything made of them.
func FuzzReaderForms(f *testing.F) {
	for _, s := range []string{
		`{"Records":[` + formRecA + `,` + formRecB + `]}`,
		`{"x":[1],"Records":[` + formRecA + `],"y":{}}`,
		lookupPage("t", formRecA, formRecB) + lookupPage("", formRecA),
		eventBridge("AWS API Call via CloudTrail", formRecA),
		"[" + eventBridge("AWS Insight via CloudTrail", formRecA) + "]",
		cwlMessage(formRecA, formRecB),
		cwlControl,
		awslogs(f, cwlMessage(formRecA)),
		formRecA + "\n" + formRecB,
		`{"eventID":"b","requestParameters":{"p":[1},"q":{"eventVersion":"1.08","eventID":"FAKE"}}}`,
		`{"Records":[,,,,` + formRecA + `]}`, `{}`, `[1,2]`, `{"Records":null}`, "",
		`{"Records":[{"eventID":"b","resources":[{"ARN{:"a"},{"eventVersion":"1.08","eventID":"FAKE"}],"eventName":"X"},` + formRecA + `]}`,
		`{"eventID":"b","resources":}{"eventVersion":"1.08","eventID":"FAKE"}]}` + "\n" + formRecA,
		`{"eventID":"b","resources":}[{"eventVersion":"1.08","eventID":"FAKE"}]}` + formRecA,
		"[" + formRecA + `,{"eventID":"b","resources":[{"eventVersion":"1.08","eventID":"FAKE"},{"ARN":"a"}}],"x":1},` + formRecB + "]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		fuzzRead(t, in)
		fuzzRead(t, in, MaxRecordSize(64), MaxErrors(3))
	})
}

// FuzzGzipMembers: the input cut into gzip members, some of them
// damaged, is read without panic, and undamaged members give the records
// the plain input gives.
func FuzzGzipMembers(f *testing.F) {
	f.Add([]byte(`{"Records":[`+formRecA+`]}`+lookupPage("", formRecB)), uint8(20), uint8(0))
	f.Add([]byte(formRecA+"\n"+formRecB), uint8(3), uint8(7))
	f.Fuzz(func(t *testing.T, in []byte, cut, damage uint8) {
		k := int(cut) % (len(in) + 1)
		z := gz(t, string(in[:k]), string(in[k:]))
		fuzzRead(t, z)
		if damage > 0 && len(z) > 0 {
			d := bytes.Clone(z)
			d[int(damage)%len(d)] ^= 0x5a
			fuzzRead(t, d)
			fuzzRead(t, d[:int(damage)%len(d)])
		}
		count := func(b []byte) (n int, failed bool) {
			for _, err := range Records(bytes.NewReader(b), ContinueOnError()) {
				if err != nil {
					failed = true
					continue
				}
				n++
			}
			return n, failed
		}
		plain, pf := count(in)
		zipped, zf := count(z)
		if plain != zipped || pf != zf {
			t.Fatalf("plain: %d records (errors %v), two gzip members: %d (errors %v)", plain, pf, zipped, zf)
		}
	})
}

// FuzzGzipResync: whatever lies between two gzip members (damaged
// members, false headers, garbage), the records of both come out exactly
// once, and reading never ends before the second.
func FuzzGzipResync(f *testing.F) {
	m1 := gz(f, `{"Records":[`+formRecA+`]}`)
	m3 := gz(f, `{"Records":[`+strings.Replace(formRecA, `"a"`, `"c"`, 1)+`]}`)
	for _, tc := range gzipDamages(f) {
		gap, _ := bytes.CutPrefix(tc.in, m1)
		gap, _ = bytes.CutSuffix(gap, m3)
		f.Add(gap)
	}
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x00\xff\xff\x00\x00"))
	recA, recC := recordJSON(f, formRecA), recordJSON(f, strings.Replace(formRecA, `"a"`, `"c"`, 1))
	f.Fuzz(func(t *testing.T, gap []byte) {
		in := append(append(append([]byte(nil), m1...), gap...), m3...)
		fuzzRead(t, in)
		// The records of a damaged member in the gap up to its damage
		// are delivered (see Records: its checksum is only known at its
		// end), so records other than a and c may come out, one with
		// eventID "c" among them; a and c themselves (the same JSON,
		// which no damaged member among the seeds' gaps holds) come out
		// exactly once: a record is never read twice.
		seen := map[string]int{}
		var last error
		for rec, err := range Records(bytes.NewReader(in), ContinueOnError(), MaxErrors(-1)) {
			if err == nil {
				seen[string(rec.AppendJSON(nil))]++
			}
			last = err
		}
		// The gap may hold a member that decodes cleanly to JSON that
		// ends the stream (an envelope broken in its framing); then the
		// second member's record is not read, and the last error says
		// why. Otherwise it comes out.
		var se *SyntaxError
		var re *RecordError
		framing := errors.As(last, &se) && !errors.As(last, &re)
		if a, c := seen[recA], seen[recC]; a != 1 || c > 1 || c == 0 && !framing {
			t.Fatalf("record a %d times, c %d times (last error %v), want once each", a, c, last)
		}
	})
}

// recordJSON returns the JSON a Reader's record decoded from s encodes to.
func recordJSON(tb testing.TB, s string) string {
	tb.Helper()
	rec, err := ParseRecord([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return string(rec.AppendJSON(nil))
}
