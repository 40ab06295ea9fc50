package event

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// hostileInputs are inputs of about 4 MB each: plain records (the
// baseline) and the hostile cases of the reader's defects.
func hostileInputs() []struct{ name, in string } {
	const size = 4 << 20
	fill := func(head, unit, tail string) string {
		return head + strings.Repeat(unit, (size-len(head)-len(tail))/len(unit)) + tail
	}
	var plain strings.Builder
	plain.WriteString(`{"Records":[`)
	for i := 0; plain.Len() < size; i++ {
		if i > 0 {
			plain.WriteByte(',')
		}
		plain.WriteString(synthRecord(i, "p"))
	}
	plain.WriteString("]}")
	return []struct{ name, in string }{
		{"plain", plain.String()},
		{"escapes", fill(`{"Records":[{"eventID":"x","p":"`, `\n`, `"}]}`)},
		{"escapes-too-large", fill(`{"Records":[{"eventID":"x","p":"`, `\"`, `"},`+formRecA+`]}`)},
		{"whitespace-in-object", fill(`{"eventID":"x",`, ` `, `"a":1}`)},
		{"commas", fill(`{"Records":[`, `,`, formRecA+`]}`)},
		{"bad-records", fill(`{"Records":[`, `{"eventID":"x" "bad":1},`, formRecA+`]}`)},
		{"unclosed-strings", fill("", "{\"eventID\":\"x\",\"p\":\"open\n", formRecA)},
		{"mismatched", fill(`{"Records":[`, `{"eventVersion":"1","a":[}}},`, formRecA+`]}`)},
		{"brackets", fill(`{"Records":[{"eventID":"x","p":`, `[`, ``)},
		{"invalid-utf8", fill(`{"Records":[`, `{"eventID":"\xff\xfe"},`, formRecA+`]}`)},
	}
}

// BenchmarkHostile reads each hostile input with Next and ContinueOnError
// semantics; the "plain" case, of the same size, is the baseline in the
// same run. buf-bytes is the reader's buffer at the end: the memory it
// held, which MaxRecordSize bounds.
//
// Each case runs twice: "all" reports every error (MaxErrors(-1)), which
// builds one error per bad record; "capped" has the default MaxErrors,
// past which errors are only counted.
func BenchmarkHostile(b *testing.B) {
	for _, tc := range hostileInputs() {
		for _, mode := range []struct {
			name string
			max  int
		}{{"all", -1}, {"capped", 0}} {
			b.Run(tc.name+"/"+mode.name, func(b *testing.B) {
				in := []byte(tc.in)
				b.SetBytes(int64(len(in)))
				b.ReportAllocs()
				var peak int
				for i := 0; i < b.N; i++ {
					rd := NewReader(bytes.NewReader(in), MaxErrors(mode.max))
					for {
						_, err := rd.Next()
						if err == io.EOF {
							break
						}
						if err != nil {
							if _, ok := err.(*RecordError); !ok {
								break
							}
						}
					}
					peak = max(peak, len(rd.buf))
				}
				b.ReportMetric(float64(peak), "buf-bytes")
			})
		}
	}
}

// hostileGzip are gzip inputs of about the same compressed size: members
// of plain records (the baseline), and the same members with damage
// between them that the search for the next member has to read through.
func hostileGzip(tb testing.TB) []struct {
	name string
	in   []byte
} {
	const size = 1 << 20
	var member []byte
	{
		var recs []string
		for i := 0; i < 100; i++ {
			recs = append(recs, synthRecord(i, "p"))
		}
		member = gz(tb, `{"Records":[`+strings.Join(recs, ",")+`]}`)
	}
	build := func(gap []byte) []byte {
		var b []byte
		for len(b) < size {
			b = append(b, member...)
			b = append(b, gap...)
		}
		return b
	}
	// A header that passes plausibleHeader with 65,535 bytes of extra
	// field, inside which the same header repeats: each one read in full.
	var extra []byte
	for len(extra) < 64<<10 {
		extra = append(extra, 0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff)
	}
	return []struct {
		name string
		in   []byte
	}{
		{"plain", build(nil)},
		{"magic-flood", build(bytes.Repeat([]byte{0x1f, 0x8b, 0x08}, 20<<10))},
		{"false-headers", build(bytes.Repeat([]byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xfe}, 5<<10))},
		{"long-extra-fields", build(extra)},
		{"bad-crc", func() []byte {
			m := bytes.Clone(member)
			m[len(m)-6] ^= 0xff
			var b []byte
			for len(b) < size {
				b = append(append(b, member...), m...)
			}
			return b
		}()},
	}
}

// BenchmarkHostileGzip reads each input of hostileGzip; "plain" is the
// baseline of the same compressed size in the same run.
func BenchmarkHostileGzip(b *testing.B) {
	for _, tc := range hostileGzip(b) {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.in)))
			recs := 0
			for i := 0; i < b.N; i++ {
				recs = 0
				rd := NewReader(bytes.NewReader(tc.in), MaxErrors(-1))
				for {
					_, err := rd.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						if _, ok := err.(*RecordError); !ok {
							break
						}
						continue
					}
					recs++
				}
			}
			b.ReportMetric(float64(recs), "records")
		})
	}
}
