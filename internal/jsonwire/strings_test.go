package jsonwire

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestReadStringEscapes reads strings with every escape JSON has and
// checks the value against encoding/json's, and that SkipString and
// SkipValue take the same text as written.
func TestReadStringEscapes(t *testing.T) {
	for _, tc := range []struct {
		in, want, reason string
	}{
		{`"\"\\\/"`, `"\/`, "quote, backslash, solidus"},
		{`"\b\f\n\r\t"`, "\b\f\n\r\t", "the five control escapes"},
		{`"a\u0041b"`, "aAb", "\\u for ASCII"},
		{`"\u00e9\u00E9"`, "éé", "hexadecimal digits in both cases"},
		{`"\u00FF\u00af\uABCD"`, "ÿ¯\uabcd", "every hexadecimal letter, in both cases"},
		{`"\u0000"`, "\x00", "NUL escaped"},
		{`"\u001f\u007f"`, "\x1f\x7f", "control characters escaped"},
		{`"\u2028"`, "\u2028", "line separator"},
		{`"\uffff"`, "\uffff", "the last BMP code point"},
		{`"\ud83d\ude00"`, "😀", "a surrogate pair"},
		{`"\uD83D\uDE00"`, "😀", "a surrogate pair in upper case"},
		{`"\udbff\udfff"`, "\U0010ffff", "the last code point"},
		{`"\ud800"`, "\ufffd", "a lone high surrogate at the end"},
		{`"\ud800x"`, "\ufffdx", "a lone high surrogate before a letter"},
		{`"\ud800\n"`, "\ufffd\n", "a lone high surrogate before another escape"},
		{`"\ud800\u0041"`, "\ufffdA", "a high surrogate before a \\u that is no low one: both kept"},
		{`"\ud800\ud800\udc00"`, "\ufffd\U00010000", "two high surrogates, then a low one"},
		{`"\udc00"`, "\ufffd", "a lone low surrogate"},
		{`"\udc00\ud800"`, "\ufffd\ufffd", "a pair in the wrong order"},
		{`"\ud800\u00"`, "", "a high surrogate before a \\u cut short: an error"},
		{`"é\n日本"`, "é\n日本", "UTF-8 kept around an escape"},
		{"\"\xef\xbf\xbd\\n\"", "\ufffd\n", "U+FFFD written out is valid UTF-8"},
		{`"abcdefghijklmnop\"q"`, `abcdefghijklmnop"q`, "an escape after two words"},
		{`"x\\"`, `x\`, "an escaped backslash last"},
	} {
		sc := New(tc.in)
		got, err := sc.ReadString()
		var want string
		jerr := json.Unmarshal([]byte(tc.in), &want)
		if tc.want == "" {
			if err == nil || jerr == nil {
				t.Errorf("%s: ReadString(%q) = %q, %v; encoding/json %v; want an error from both", tc.reason, tc.in, got, err, jerr)
			}
			continue
		}
		if err != nil || got != tc.want || want != tc.want || sc.Pos() != len(tc.in) {
			t.Errorf("%s: ReadString(%q) = %q, %v at %d; want %q (encoding/json %q, %v)", tc.reason, tc.in, got, err, sc.Pos(), tc.want, want, jerr)
		}
		sc = New(tc.in)
		if raw, err := sc.SkipString(); raw != tc.in || err != nil {
			t.Errorf("%s: SkipString(%q) = %q, %v", tc.reason, tc.in, raw, err)
		}
		if raw, err := valid(tc.in); raw != tc.in || err != nil {
			t.Errorf("%s: SkipValue(%q) = %q, %v", tc.reason, tc.in, raw, err)
		}
	}
}

// TestTruncations cuts valid texts at every byte: each cut is read as
// encoding/json reads it, by every reader, with an error within the text
// at its end, or at the start of a literal or \u escape it cuts short.
func TestTruncations(t *testing.T) {
	for _, s := range []string{
		`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/é"},"n":[-1.5e+3,0,true,false,null]}`,
		`["a\"b\\c\/\u00e9\ud83d\ude00\n",  {"k" : [ ] , "l":{ }}]`,
		`-0.25E-12`,
	} {
		for k := 0; k < len(s); k++ {
			in := s[:k]
			want := json.Valid([]byte(in)) && utf8.ValidString(in)
			for _, how := range []string{"value", "unique"} {
				err := readWhole(how, in, false)
				if (err == nil) != want {
					t.Fatalf("%s(%q): %v; encoding/json valid=%v", how, in, err, want)
				}
				var se *SyntaxError
				if err == nil {
					continue
				}
				if !errors.As(err, &se) {
					t.Fatalf("%s(%q): %T is no *SyntaxError", how, in, err)
				}
				if rest := in[se.Offset:]; se.Offset != k && !strings.HasPrefix("true", rest) && !strings.HasPrefix("false", rest) &&
					!strings.HasPrefix("null", rest) && !strings.HasPrefix(rest, `\u`) {
					t.Errorf("%s(%q): %v, not at the end (%d) nor at a literal or \\u cut short", how, in, err, k)
				}
			}
			if s[0] == '{' {
				if err := readWhole("object", in, false); (err == nil) != want {
					t.Errorf("object(%q): %v; encoding/json valid=%v", in, err, want)
				}
			}
			if s[0] == '[' {
				if err := readWhole("array", in, false); (err == nil) != want {
					t.Errorf("array(%q): %v; encoding/json valid=%v", in, err, want)
				}
			}
		}
	}
}

// TestNesting checks the depth limit MaxDepth where SkipValue enforces
// it, as encoding/json enforces the same limit, Deep past 64 levels, and
// Depth's offset of the bracket too deep.
func TestNesting(t *testing.T) {
	arrays := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	objects := func(n int) string { return strings.Repeat(`{"a":`, n-1) + "{}" + strings.Repeat("}", n-1) }
	mixed := func(n int) string { return strings.Repeat(`[{"a":`, n/2) + "1" + strings.Repeat("}]", n/2) }
	for _, tc := range []struct {
		in     string
		err    string
		deep   bool
		depth  int // Depth's result
		reason string
	}{
		{arrays(64), "", false, -1, "64 arrays: no more than the scanner holds without growing"},
		{arrays(65), "", true, -1, "65 arrays: deep"},
		{"[" + arrays(64) + ",1]", "", true, -1, "65 arrays, the innermost not last: deep"},
		{objects(64), "", false, -1, "64 objects"},
		{objects(65), "", true, -1, "65 objects: deep"},
		{arrays(MaxDepth), "", true, -1, "MaxDepth arrays"},
		{arrays(MaxDepth + 1), "offset 10001: " + TooDeep, true, MaxDepth, "one array too many, the innermost empty"},
		{strings.Repeat("[", MaxDepth+1) + "1" + strings.Repeat("]", MaxDepth+1), "offset 10001: " + TooDeep, true, MaxDepth, "one array too many"},
		{objects(MaxDepth), "", true, -1, "MaxDepth objects, the innermost empty"},
		{objects(MaxDepth + 1), "offset 50001: " + TooDeep, true, MaxDepth * 5, "one object too many, the innermost empty"},
		{objects(MaxDepth + 2), "offset 50005: " + TooDeep, true, MaxDepth * 5, "one object too many"},
		{mixed(MaxDepth), "", true, -1, "arrays and objects"},
		{mixed(MaxDepth + 2), "offset 30001: " + TooDeep, true, MaxDepth * 3, "arrays and objects, one too many"},
		{`["` + strings.Repeat(`[\"`, MaxDepth) + `"]`, "", false, -1, "brackets and escaped quotes inside a string are not nesting"},
	} {
		sc := New(tc.in)
		_, err := sc.SkipValue()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.err || sc.Deep() != tc.deep {
			t.Errorf("%s: SkipValue = %q, deep %v; want %q, %v", tc.reason, got, sc.Deep(), tc.err, tc.deep)
		}
		if json.Valid([]byte(tc.in)) != (err == nil) {
			t.Errorf("%s: SkipValue: %v; encoding/json valid=%v", tc.reason, err, err != nil)
		}
		if d := Depth(tc.in); d != tc.depth {
			t.Errorf("%s: Depth = %d, want %d", tc.reason, d, tc.depth)
		}
	}
}
