package jsonwire

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestIsCompact(t *testing.T) {
	for _, tt := range []struct {
		in     string
		want   bool
		reason string
	}{
		{`{"a":"b c","d":[1,2,{"e":null}]}`, true, "spaces only in strings"},
		{`{"a":"b","userAgent":"aws-cli/2.13.5 Python/3.11.4 Linux/6.2 exe/x86_64.ubuntu.22 prompt/off command/s3.ls"}`, true, "a long string with spaces, beyond a word"},
		{`{"a": "b"}`, false, "a space after a colon"},
		{"{\"a\":\"b\"}\n", false, "a line feed after the value"},
		{"{\"a\":\t1}", false, "a tab"},
		{"{\"a\":1,\r\"b\":2}", false, "a carriage return"},
		{` {"a":1}`, false, "a space before the value"},
		{`{"a\"b c":"\\","d e":1}`, true, "escaped quote and backslash keep the string open and closed right"},
		{`{"a\\":"x y" ,"b":1}`, false, "a space after a string ending in an escaped backslash"},
		{`{"abcdefgh":"ijklmnop","qrstuvwx":"yz012345", "6":1}`, false, "a space after several words of plain bytes"},
		{`{"é":"ü ö","x":"—"}`, true, "multi-byte UTF-8 in strings"},
		{`"`, true, "unterminated string: not JSON, either answer"},
		{``, true, "no text"},
	} {
		if got := IsCompact(tt.in); got != tt.want {
			t.Errorf("%s: IsCompact(%q) = %v, want %v", tt.reason, tt.in, got, tt.want)
		}
	}
}

func TestSpaceOrQuote(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			var w [8]byte
			for i := range w {
				w[i] = 'a'
			}
			w[pos] = byte(c)
			m := spaceOrQuote(load8(string(w[:]), 0)) & msb
			want := c <= ' ' || c == '"'
			if got := m&(0x80<<(8*pos)) != 0; got != want || m&(1<<(8*pos)-1) != 0 {
				t.Errorf("byte %#x at %d: mask %#x, want marked %v and nothing below", c, pos, m, want)
			}
		}
	}
}

// FuzzIsCompact: for valid JSON, IsCompact is whether json.Compact leaves
// the text as it is.
func FuzzIsCompact(f *testing.F) {
	for _, s := range []string{`{"a":"b c"}`, `{"a": 1}`, `[1, "\" ",{"x\\":"y"}]`, "{\"a\":\"\\u0020\"}\n", `"é"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var c bytes.Buffer
		if json.Compact(&c, b) != nil {
			return
		}
		if got, want := IsCompact(string(b)), bytes.Equal(c.Bytes(), b); got != want {
			t.Errorf("IsCompact(%q) = %v, but json.Compact gives %q", b, got, c.Bytes())
		}
	})
}
