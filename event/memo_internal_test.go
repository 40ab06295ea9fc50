package event

import (
	"math/bits"
	"math/rand"
	"strings"
	"testing"
	"unsafe"
)

// memoSetWordly is memoSet a word at a time, looking for a '}' in each
// word, as it was first written (memoSet finds the first '}' with
// strings.IndexByte and then hashes the words before it).
func memoSetWordly(s string, i int) int {
	var h uint64
	t := s[i:min(len(s), i+memoHash)]
	for len(t) >= 8 {
		x := le64(t)
		t = t[8:]
		y := x ^ 0x7d7d7d7d7d7d7d7d
		if m := (y - 0x0101010101010101) &^ y & 0x8080808080808080; m != 0 {
			n := bits.TrailingZeros64(m) + 1
			h = (h ^ x&(1<<n-1)) * 0x9E3779B97F4A7C15
			break
		}
		h = (h ^ x) * 0x9E3779B97F4A7C15
	}
	return int(h >> (64 - memoBits))
}

// TestMemoSetPairs checks that memoSet gives the set memoSetWordly does,
// with a '}' at every offset of the hashed text and beyond it, and that a
// value ending in a '}' within memoHash bytes is hashed by its own text
// only (TestMemoSet has more of the sets' rules).
func TestMemoSetPairs(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	base := []byte(`{"type":"AssumedRole","principalId":"AROAEXAMPLEID:bob@example.com","arn":"arn:aws:sts::111344445555:assumed-role/R/bob","accountId":"111344445555"}`)
	for n := 0; n <= 2*memoHash && n <= len(base)+8; n++ {
		for at := -1; at < n; at++ {
			b := make([]byte, n)
			for k := range b {
				b[k] = base[(k+rng.Intn(2))%len(base)]
				if b[k] == '}' {
					b[k] = '{'
				}
			}
			if at >= 0 {
				b[at] = '}'
			}
			s := "xy" + string(b)
			if got, want := memoSet(s, 2), memoSetWordly(s, 2); got != want {
				t.Fatalf("memoSet(%q) = %d, a word at a time %d", s, got, want)
			}
		}
	}
	v := `{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"iam.amazonaws.com"}`
	if len(v) > memoHash {
		t.Fatalf("value of %d bytes: longer than memoHash", len(v))
	}
	if a, b := memoSet(v+`,"a":1}`, 0), memoSet(v+strings.Repeat("z", 64), 0); a != b {
		t.Errorf("a value ending in '}' is hashed with what follows it: sets %d and %d", a, b)
	}
}

// TestDecodeOnlySkippedMemo: objects and arrays of members skipped under
// DecodeOnly (requestParameters, responseElements, members Record has
// no field for) are found again by their text in projection.skipped:
// records repeating them, or starting alike and going on otherwise, or
// broken after a text found before, read as a full decoding reads them;
// and the memo is left once the values seldom repeat.
func TestDecodeOnlySkippedMemo(t *testing.T) {
	rec := func(rp, re string) string {
		return `{"eventTime":"2023-01-02T03:04:05Z","eventName":"E","requestParameters":` + rp + `,"responseElements":` + re + `,"x_extra":[1,{"a":2}],"eventID":"e"}`
	}
	var recs []string
	for i := range 6 {
		recs = append(recs, rec(`{"bucketName":"b","key":"k"}`, `{"x":[1,2,{"y":null}]}`))
		if i%2 == 1 {
			recs = append(recs, rec(`{"bucketName":"b","key":"k","more":1}`, `{"x":[1,2,{"y":null}],"z":1}`))
		}
	}
	recs = append(recs,
		rec(`{"bucketName":"b","key":"k"} `, `[]`),
		`{"eventName":"E","requestParameters":{"bucketName":"b","key":"k"}}x,"eventID":"e"}`,
		`{"eventName":"E","requestParameters":{"bucketName":"b","key":"k"},"requestParameters":{"bucketName":"b","key":"k"}}`,
		rec(`{"bucketName":"b","key":"k"}`, `{"x":[1,2,{"y":null}]`),
		rec(`{"bucketName":"b","key":"k"}`, `{"x":[1,2,{"y":null}]}`))
	for _, in := range []string{
		`{"Records":[` + strings.Join(recs, ",") + `]}`,
		strings.Join(recs, "\n"),
	} {
		for _, names := range onlySets {
			for _, opts := range onlyReadOptions {
				compareOnly(t, []byte(in), names, false, opts...)
				compareOnly(t, []byte(in), names, true, opts...)
			}
		}
	}

	// Values that never repeat: the memo is left after 256 look-ups.
	var b strings.Builder
	b.WriteString(`{"Records":[`)
	for i := range 300 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"eventName":"E","requestParameters":{"n":` + strings.Repeat("1", i%7+1) + `,"i":"` + strings.Repeat("z", i) + `"},"eventID":"e"}`)
	}
	b.WriteString(`]}`)
	rd := NewReader(strings.NewReader(b.String()), DecodeOnly(routeMembers...))
	var r Record
	n := 0
	for rd.ReadRecord(&r) == nil {
		n++
	}
	if n != 300 {
		t.Fatalf("%d records read, want 300", n)
	}
	if p := rd.proj; !p.skipOff || p.skipped != nil {
		t.Errorf("after %d values found %d times: skipOff %v, memo kept %v; want it left", p.skipTries, p.skipHits, p.skipOff, p.skipped != nil)
	}
	compareOnly(t, []byte(b.String()), routeMembers, false)
}

// TestDecodeOnlyLastString: a string field whose text is that of the
// same field's string in the record before is taken as that string again
// (projection.lastPlain): records whose text is the last one's, longer,
// shorter, escaped, with white space before it, not a string, or broken
// after it read as a full decoding reads them.
func TestDecodeOnlyLastString(t *testing.T) {
	rec := func(region string) string {
		return `{"eventTime":"2023-01-02T03:04:05Z","eventName":"E","awsRegion":` + region + `,"eventType":"AwsApiCall","recipientAccountId":"111122223333","eventID":"e"}`
	}
	var recs []string
	for _, region := range []string{
		`"us-east-1"`, `"us-east-1"`, `"us-east-1x"`, `"us-east-1"`, `"us-east-"`, `"us-east-1"`,
		`"us\u002deast-1"`, `"us-east-1"`, `"us-east-1"`, ` "us-east-1"`, `"é-1"`, `"é-1"`, `"us-east-1\""`,
		`"us-east-1"`, `""`, `""`, `"us-east-1"`, `5`, `"us-east-1"`, `"us-east-1"x`, `"us-east-1"`,
	} {
		recs = append(recs, rec(region))
	}
	recs = append(recs, `{"awsRegion":"us-east-1","awsRegion":"us-east-1"}`, `{"awsRegion":"us-east-1`)
	in := `{"Records":[` + strings.Join(recs, ",") + `]}`
	for _, b := range []string{in, strings.Join(recs, "\n")} {
		for _, names := range onlySets {
			for _, opts := range onlyReadOptions {
				compareOnly(t, []byte(b), names, false, opts...)
				compareOnly(t, []byte(b), names, true, opts...)
			}
		}
	}
	// The fast path is taken: the region of the second record is the
	// first's copy.
	rd := NewReader(strings.NewReader(`{"Records":[`+rec(`"us-east-1"`)+`,`+rec(`"us-east-1"`)+`]}`), DecodeOnly(routeMembers...))
	var a, b Record
	if err := rd.ReadRecord(&a); err != nil {
		t.Fatal(err)
	}
	if err := rd.ReadRecord(&b); err != nil {
		t.Fatal(err)
	}
	if a.AWSRegion != "us-east-1" || unsafe.StringData(a.AWSRegion) != unsafe.StringData(b.AWSRegion) {
		t.Errorf("awsRegion %q and %q: not the same copy", a.AWSRegion, b.AWSRegion)
	}
}

// TestKnownTexts runs random look-ups and stores in a set of knownTexts
// against a list of its texts, the one found or kept last first: a
// look-up finds the first text of the list that the value starts with,
// which becomes the first; a store puts a copy first and drops the last
// beyond memoWays. The texts are short and of two letters, so that
// many share their length, last 8 bytes or start; each entry must hold
// the list's text (a buffer reused for a new text must hold no text
// still kept).
func TestKnownTexts(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	text := func() string {
		b := make([]byte, 1+rng.Intn(24))
		for i := range b {
			b[i] = "ab"[rng.Intn(2)]
		}
		return string(b)
	}
	var m knownTexts
	const k = 7
	var list []string
	for op := range 20000 {
		s := text() + text()
		i := rng.Intn(3)
		s = strings.Repeat("x", i) + s
		want := 0
		for j, x := range list {
			if strings.HasPrefix(s[i:], x) {
				want = len(x)
				list = append([]string{x}, append(list[:j:j], list[j+1:]...)...)
				break
			}
		}
		if got := m.find(s, i, k); got != want {
			t.Fatalf("op %d: find(%q, %d) = %d, want %d", op, s, i, got, want)
		}
		if want == 0 || rng.Intn(4) == 0 {
			v := text()
			m.store(k, v)
			list = append([]string{v}, list...)
			if len(list) > memoWays {
				list = list[:memoWays]
			}
		}
		for w, e := range m.e[k] {
			got := ""
			if e.n > 0 {
				got = unsafe.String(e.p, e.n)
			}
			if w < len(list) && got != list[w] || w >= len(list) && got != "" {
				t.Fatalf("op %d: entry %d holds %q; the texts are %q", op, w, got, list)
			}
		}
	}
	// A text longer than memoMax, or empty, is not kept.
	var n knownTexts
	n.store(0, strings.Repeat("a", memoMax+1))
	n.store(0, "")
	if n.e[0][0].n != 0 {
		t.Errorf("a text of %d bytes kept", n.e[0][0].n)
	}
}
