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
