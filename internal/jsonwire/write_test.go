package jsonwire

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// appendStringByByte is AppendString as it was written before its
// 8-byte runs: one byte at a time. The reference the fast one is held to.
func appendStringByByte(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

var appendStringCases = []struct{ reason, s string }{
	{"empty", ""},
	{"shorter than 8 bytes", "abc"},
	{"exactly 8 bytes", "abcdefgh"},
	{"an event ID: one plain run", "00000000-0000-4000-8000-000000000001"},
	{"a quote in the second 8 bytes", `abcdefgh"ijk`},
	{"a backslash at the last byte", `abcdefghijklmno\`},
	{"control characters, one of them in a run", "a\tb\nc\rd\x00e\x1fabcdefgh\x01"},
	{"multi-byte UTF-8 between runs", "résumé of the naïve café owner"},
	{"U+2028 and U+2029, which JSON allows but JavaScript did not", "line\u2028separator\u2029paragraph"},
	{"invalid UTF-8, in and after a run", "abcdefgh\xffabcdefgh\xc3"},
	{"DEL and bytes just below and above 0x20", "\x7f\x20\x1f!"},
	{"HTML characters stay as they are", "<a href='x'>&amp;</a>"},
}

// TestAppendString: the 8-byte runs change nothing: every string is
// written as byte by byte, and reads back as itself (valid UTF-8) or with
// U+FFFD for the invalid bytes.
func TestAppendString(t *testing.T) {
	for _, tc := range appendStringCases {
		got := AppendString([]byte("x"), tc.s)
		if want := appendStringByByte([]byte("x"), tc.s); !bytes.Equal(got, want) {
			t.Errorf("%s: %s, byte by byte %s", tc.reason, got, want)
		}
		var back string
		if err := json.Unmarshal(got[1:], &back); err != nil || back != strings.ToValidUTF8(tc.s, "\uFFFD") && utf8.ValidString(tc.s) {
			t.Errorf("%s: %s reads back as %q (%v)", tc.reason, got, back, err)
		}
	}
}

// FuzzAppendString: any string is written as byte by byte.
func FuzzAppendString(f *testing.F) {
	for _, tc := range appendStringCases {
		f.Add(tc.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := AppendString(nil, s), appendStringByByte(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: %s, byte by byte %s", s, got, want)
		}
	})
}

func BenchmarkAppendString(b *testing.B) {
	for _, s := range []string{"00000000-0000-4000-8000-000000000001", "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "CreateUser"} {
		b.Run(s[:min(len(s), 12)], func(b *testing.B) {
			buf := make([]byte, 0, 256)
			for i := 0; i < b.N; i++ {
				buf = AppendString(buf[:0], s)
			}
		})
		b.Run(s[:min(len(s), 12)]+"-bytewise", func(b *testing.B) {
			buf := make([]byte, 0, 256)
			for i := 0; i < b.N; i++ {
				buf = appendStringByByte(buf[:0], s)
			}
		})
	}
}
