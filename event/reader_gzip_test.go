package event

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// fakeRec is a record that must never come out: it is only ever inside
// damaged data.
const fakeRec = `{"eventVersion":"1.08","eventTime":"2023-05-01T12:02:00Z","eventSource":"iam.amazonaws.com","eventName":"DeleteUser","awsRegion":"us-east-1","eventID":"FAKE","recipientAccountId":"111122223333"}`

// gzipDamage is a multi-member gzip input damaged in its middle, and what
// reading it must give.
type gzipDamage struct {
	name   string
	in     []byte
	want   string // records and errors, as readAll says
	member int    // the member the error names
	at     int64  // the compressed offset it gives (-1: not checked)
	resume int64  // the compressed offset reading went on at
}

// gzipDamages builds the damaged inputs: three log files of one record
// each, as three members, with the second damaged in each of the ways a
// gzip file is damaged.
func gzipDamages(t testing.TB) []gzipDamage {
	m1 := gz(t, `{"Records":[`+formRecA+`]}`)
	m2 := gz(t, `{"Records":[`+formRecB+`,`+formRecB+`]}`)
	m3 := gz(t, `{"Records":[`+strings.Replace(formRecA, `"a"`, `"c"`, 1)+`]}`)
	fake := gz(t, `{"Records":[`+fakeRec+`]}`)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	flip := func(b []byte, i int) []byte {
		b = bytes.Clone(b)
		b[i] ^= 0x5a
		return b
	}
	n1, n2 := int64(len(m1)), int64(len(m2))
	reserved := func(b []byte) []byte {
		b = bytes.Clone(b)
		b[3] |= 0x40
		return b
	}
	badFake := flip(fake, len(fake)-6) // a member complete but for its CRC
	flood := bytes.Repeat([]byte{0x1f, 0x8b, 0x08}, 100<<10)
	// Headers that are valid as far as they go, each followed by data
	// that is not deflate.
	var fakes []byte
	for i := 0; i < 2000; i++ {
		fakes = append(fakes, 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xfe, 0x1f, 0x8b)
	}
	// Headers whose extra field (35,615 bytes) would run over the
	// headers after them and over the next member.
	var longExtra []byte
	for len(longExtra) < 40<<10 {
		longExtra = append(longExtra, 0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff)
	}
	return []gzipDamage{
		{"bad CRC", cat(m1, flip(m2, len(m2)-6), m3), "R:a R:b R:b E R:c", 2, n1 + n2, n1 + n2},
		{"bad length", cat(m1, flip(m2, len(m2)-2), m3), "R:a R:b R:b E R:c", 2, n1 + n2, n1 + n2},
		{"truncated member", cat(m1, m2[:len(m2)/2], m3), "R:a E R:c", 2, -1, n1 + n2/2},
		{"truncated header", cat(m1, m2[:5], m3), "R:a E R:c", 2, -1, n1 + 5},
		{"corrupt deflate data", cat(m1, flip(m2, 12), m3), "R:a E R:c", 2, -1, n1 + n2},
		{"garbage between members", cat(m1, []byte("garbage"), m3), "R:a E R:c", 2, n1, n1 + 7},
		{"garbage with a false header", cat(m1, []byte("ga\x1f\x8b\x08\x00rbage!!"), m3), "R:a E R:c", 2, n1, n1 + 13},
		{"a member cut off inside garbage", cat(m1, []byte("xx"), fake[:len(fake)-12], m3), "R:a E R:c", 2, n1, -1},
		{"a member with a bad CRC inside garbage", cat(m1, []byte("xx"), badFake, m3), "R:a E R:c", 2, n1, n1 + 2 + int64(len(badFake))},
		{"a flood of header magic", cat(m1, flood, m3), "R:a E R:c", 2, -1, n1 + int64(len(flood))},
		{"many false headers", cat(m1, fakes, m3), "R:a E R:c", 2, -1, n1 + int64(len(fakes))},
		{"false headers with long extra fields", cat(m1, longExtra, m3), "R:a E R:c", 2, -1, n1 + int64(len(longExtra))},
		// RFC 1952 section 2.3.1.2: a reserved flag bit is an error (the
		// member's data was read as records).
		{"a reserved flag bit", cat(m1, reserved(m2), m3), "R:a E R:c", 2, n1 + 4, n1 + n2},
	}
}

// TestGzipDamagedMemberCostsItsRecordsOnly: a damaged gzip member in the
// middle of a file used to end the stream, losing the records of every
// member after it. Reading goes on at the next member that decodes
// cleanly, with one error that says gzip, the member and the compressed
// offset, and nothing is read from a false member header inside the
// damage.
func TestGzipDamagedMemberCostsItsRecordsOnly(t *testing.T) {
	for _, tc := range gzipDamages(t) {
		got, sum, errs := readAll(t, tc.in, MaxErrors(-1))
		// The damaged member's records may come out before the damage
		// shows (a deflate stream is checked at its end); the other
		// members' records come out once each, and one error.
		if !wantGzipOutcome(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
		if strings.Contains(got, "FAKE") {
			t.Errorf("%s: a record read from a false member", tc.name)
		}
		var gerrs []*GzipError
		for _, err := range errs {
			var ge *GzipError
			if errors.As(err, &ge) {
				gerrs = append(gerrs, ge)
			}
		}
		if len(gerrs) != 1 {
			t.Errorf("%s: %d gzip errors (%v), want one", tc.name, len(gerrs), errs)
			continue
		}
		ge := gerrs[0]
		var re *RecordError
		if !errors.As(errs[len(errs)-1], &re) || re.Err != ge {
			t.Errorf("%s: the gzip error %v is not a *RecordError a caller can go on after", tc.name, errs[len(errs)-1])
		}
		if ge.Member != tc.member || tc.at >= 0 && ge.Offset != tc.at || tc.resume >= 0 && ge.Resumed != tc.resume {
			t.Errorf("%s: %v: member %d at %d, went on at %d; want member %d at %d, going on at %d",
				tc.name, ge, ge.Member, ge.Offset, ge.Resumed, tc.member, tc.at, tc.resume)
		}
		msg := ge.Error()
		if !strings.Contains(msg, "gzip: member") || !strings.Contains(msg, fmt.Sprintf("compressed offset %d", ge.Offset)) ||
			!strings.Contains(msg, "reading went on") {
			t.Errorf("%s: message %q does not say where", tc.name, msg)
		}
		// Members: the three, less a damaged one that is not a member at
		// all (data between members that does not start like one).
		members := 3
		if ge.Err == errNotMember {
			members = 2
		}
		if !sum.Compressed || sum.GzipMembers != members {
			t.Errorf("%s: summary %+v, want %d members", tc.name, sum, members)
		}
	}
}

// wantGzipOutcome reports whether got is want, or want with the damaged
// member's records (R:b) before its error.
func wantGzipOutcome(got, want string) bool {
	if got == want {
		return true
	}
	return strings.Replace(got, "R:b ", "", -1) == strings.Replace(want, "R:b ", "", -1)
}

// TestGzipDamageWithoutContinueOnError: without ContinueOnError, Records
// stops at the damaged member's error, as at any first error.
func TestGzipDamageWithoutContinueOnError(t *testing.T) {
	for _, tc := range gzipDamages(t) {
		var got []string
		for rec, err := range Records(bytes.NewReader(tc.in)) {
			if err != nil {
				var ge *GzipError
				if !errors.As(err, &ge) {
					t.Errorf("%s: error %v, want the gzip error", tc.name, err)
				}
				got = append(got, "E")
				continue
			}
			got = append(got, "R:"+rec.EventID)
		}
		if s := strings.Join(got, " "); !wantGzipOutcome(s, "R:a E") {
			t.Errorf("%s: got %q, want the first member's record and the error, then nothing", tc.name, s)
		}
	}
}

// TestGzipDamageReaderGoesOn: a Reader goes on after the damage with
// Next; the error at the end of the input is the end.
func TestGzipDamageReaderGoesOn(t *testing.T) {
	for _, tc := range gzipDamages(t) {
		rd := NewReader(bytes.NewReader(tc.in))
		n := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			var re *RecordError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("%s: %v ends the stream", tc.name, err)
			}
			if n++; n > 10 {
				t.Fatalf("%s: no end", tc.name)
			}
		}
	}
}

// TestGzipReservedFlagFirstMember: a first member whose header has a
// reserved flag bit set (RFC 1952 section 2.3.1.2 requires an error) costs
// its own records only, as a damaged member after another does.
func TestGzipReservedFlagFirstMember(t *testing.T) {
	m2 := gz(t, `{"Records":[`+formRecB+`]}`)
	m3 := gz(t, `{"Records":[`+strings.Replace(formRecA, `"a"`, `"c"`, 1)+`]}`)
	bad := bytes.Clone(m2)
	bad[3] |= 0x80
	got, _, errs := readAll(t, append(bad, m3...), MaxErrors(-1))
	if got != "E R:c" {
		t.Fatalf("got %q (%v), want %q", got, errs, "E R:c")
	}
	var ge *GzipError
	if !errors.As(errs[0], &ge) || ge.Member != 1 || ge.Offset != 4 || ge.Resumed != int64(len(m2)) ||
		!strings.Contains(ge.Error(), "reserved flag bit") {
		t.Fatalf("error %v, want member 1 at 4, going on at %d, a reserved flag bit", errs[0], len(m2))
	}
}
