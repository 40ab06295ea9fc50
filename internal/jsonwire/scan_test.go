package jsonwire

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// valid reports whether the scanner accepts s as exactly one JSON value.
func valid(s string) (string, error) {
	sc := New(s)
	v, err := sc.SkipValue()
	if err != nil {
		return "", err
	}
	return v, sc.End()
}

func TestSkipValueAgreesWithEncodingJSON(t *testing.T) {
	for _, tc := range []struct {
		in, reason string
	}{
		{`{}`, "empty object"},
		{` [1, 2.5e-3, -0, "x", true, false, null, {"a": [ ]}] `, "every kind, with white space"},
		{`{"a":1,}`, "trailing comma in object"},
		{`[1,]`, "trailing comma in array"},
		{`{"a" 1}`, "missing colon"},
		{`{"a":1 "b":2}`, "missing comma"},
		{`01`, "leading zero"},
		{`1.`, "no digit after point"},
		{`"\x"`, "bad escape"},
		{"\"a\tb\"", "raw tab in string"},
		{`"\ud83d\ude00"`, "surrogate pair"},
		{`[`, "unterminated array"},
		{`{"a":{"b":[1,{"c":null}]}}`, "nesting"},
		{`tru`, "truncated literal"},
		{`{,}`, "comma first"},
		{`[,1]`, "comma first in array"},
		{``, "empty input"},
	} {
		_, err := valid(tc.in)
		if got, want := err == nil, json.Valid([]byte(tc.in)); got != want {
			t.Errorf("%s: %q accepted=%v, encoding/json accepts=%v (err %v)", tc.reason, tc.in, got, want, err)
		}
	}
}

func TestErrorSaysWhereAndWhat(t *testing.T) {
	in := "{\n  \"a\": 1\n  \"b\": 2\n}"
	_, err := valid(in)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want *SyntaxError", err)
	}
	line, col := LineCol(in, se.Offset)
	if line != 3 || col != 3 || !strings.Contains(se.Msg, "expected ',' or '}'") {
		t.Errorf("got line %d col %d msg %q, want line 3 col 3 expecting ',' or '}'", line, col, se.Msg)
	}
}

func TestObjectIteration(t *testing.T) {
	sc := New(`{"a": "x\n", "b": [1, 2], "c": {"d": true}}`)
	if err := sc.BeginObject(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		k, ok, err := sc.NextKey()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		v, err := sc.SkipValue()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, k+"="+v)
	}
	want := `a="x\n" b=[1, 2] c={"d": true}`
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got %s, want %s", g, want)
	}
	if err := sc.End(); err != nil {
		t.Error(err)
	}
}

func TestReadStringZeroCopy(t *testing.T) {
	in := `"plain"`
	sc := New(in)
	allocs := testing.AllocsPerRun(100, func() {
		sc = New(in)
		if _, err := sc.ReadString(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("ReadString of an unescaped string allocated %v times, want 0", allocs)
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range []string{`{"a":[1,"b\u00e9",{"c":null}]}`, `"\ud800"`, `[1e5,-0.5]`, `{"a":1,}`, `"\\\""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNextBool(t, s)
		v, err := valid(s)
		// json.Valid accepts invalid UTF-8 in strings; the scanner
		// refuses it (RFC 8259), so the two agree on UTF-8 text only.
		if (err == nil) != (json.Valid([]byte(s)) && utf8.ValidString(s)) {
			t.Fatalf("%q: scanner err=%v, json.Valid=%v", s, err, json.Valid([]byte(s)))
		}
		var se *SyntaxError
		if err != nil && (!errors.As(err, &se) || se.Offset < 0 || se.Offset > len(s)) {
			t.Fatalf("%q: error %v has no offset within the input", s, err)
		}
		if err != nil {
			return
		}
		if v != strings.TrimSpace(v) {
			t.Fatalf("value %q has surrounding space", v)
		}
		// A string value decodes as encoding/json decodes it, and writing it
		// back gives the same value.
		sc := New(s)
		if sc.Peek() == String {
			got, err := sc.ReadString()
			if err != nil {
				t.Fatal(err)
			}
			var want string
			if err := json.Unmarshal([]byte(s), &want); err != nil {
				t.Fatal(err)
			}
			// Invalid UTF-8 becomes U+FFFD byte by byte, as encoding/json
			// decodes it.
			if got != want {
				t.Fatalf("ReadString(%q) = %q, encoding/json gives %q", s, got, want)
			}
			var back string
			if err := json.Unmarshal(AppendString(nil, got), &back); err != nil || back != want {
				t.Fatalf("AppendString(%q) = %s does not read back (%v)", got, AppendString(nil, got), err)
			}
		}
	})
}

func FuzzExtent(f *testing.F) {
	for _, s := range []string{`{"a":"}","b":["]",{"c":"\"{"}]} x`, `[1,[2,[3]]]`, `{"a":"\\"}`, `{`, `"x"`, `{"a":1]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc := New(s)
		v, ok := sc.Extent()
		if !ok {
			if k := New(s); k.Peek() == Object || k.Peek() == Array {
				if _, err := k.SkipValue(); err == nil {
					t.Fatalf("Extent found no end in %q, which SkipValue reads", s)
				}
			}
			return
		}
		k := New(s)
		w, err := k.SkipValue()
		if err == nil && v != w {
			t.Fatalf("Extent(%q) = %q, SkipValue reads %q", s, v, w)
		}
		// encoding/json takes invalid UTF-8 in a string as valid; the
		// scanner refuses it with a position (RFC 8259 §8.1), so such
		// text is no evidence against Extent.
		if err != nil && json.Valid([]byte(v)) && utf8.ValidString(v) {
			t.Fatalf("Extent(%q) = %q is valid JSON, yet the whole text is not read as such: %v", s, v, err)
		}
	})
}

// FuzzObjectIteration reads objects member by member, as the record
// codecs do, and checks the scanner accepts exactly what encoding/json
// accepts.
func FuzzObjectIteration(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":{"c":[2]}}`, `{,"a":1}`, `{"a":1,}`, `{"a":1 ,"b":2}`, `{"a":1"b":2}`, `{ "a" : 1 }`, `{"a\u0041":1}`, `{"a":1,,"b":2}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc := New(s)
		err := sc.BeginObject()
		keys := map[string]bool{}
		for err == nil {
			var k string
			var ok bool
			k, ok, err = sc.NextKey()
			if err != nil || !ok {
				break
			}
			keys[k] = true
			_, err = sc.SkipValue()
		}
		if err == nil {
			err = sc.End()
		}
		var want map[string]any
		jerr := json.Unmarshal([]byte(s), &want)
		// encoding/json accepts invalid UTF-8 in strings; the scanner
		// refuses it with a position (RFC 8259 texts are UTF-8).
		if jerr == nil && !utf8.ValidString(s) {
			jerr = errors.New("invalid UTF-8")
		}
		if (err == nil) != (jerr == nil) {
			t.Fatalf("%q: scanner err=%v, encoding/json err=%v", s, err, jerr)
		}
		if err == nil && len(keys) != len(want) {
			t.Fatalf("%q: keys %v, encoding/json %v", s, keys, want)
		}
	})
}

func TestErrorNamesWhatWasFound(t *testing.T) {
	for _, tc := range []struct {
		in, want, reason string
	}{
		{"{\u00a0}", `found U+00a0 '\u00a0'`, "a non-breaking space pasted from a web page"},
		{"{\xc2}", "found invalid UTF-8 byte 0xc2", "a stray byte"},
		{"{\x01}", `found control character '\x01'`, "a control character"},
		{"{x}", `found 'x'`, "ASCII"},
		{"{", "found end of input", "truncated"},
	} {
		_, err := valid(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want it to say %q", tc.reason, err, tc.want)
		}
	}
}

func TestNextString(t *testing.T) {
	for _, tc := range []struct {
		in      string
		v       string
		ok, err bool
		pos     int // position after the call
		reason  string
	}{
		{` "abc",`, "abc", true, false, 6, "a string, white space first"},
		{`"a\nb"`, "a\nb", true, false, 6, "escapes are unescaped"},
		{` 12`, "", false, false, 1, "a number: nothing consumed but the white space"},
		{`null`, "", false, false, 0, "null is not a string"},
		{``, "", false, false, 0, "end of input"},
		{`"abc`, "", true, true, 0, "an unterminated string is an error"},
	} {
		sc := New(tc.in)
		v, ok, err := sc.NextString()
		if v != tc.v || ok != tc.ok || (err != nil) != tc.err || (err == nil && sc.Pos() != tc.pos) {
			t.Errorf("%s: NextString(%q) = %q, %v, %v at %d; want %q, %v, error %v at %d",
				tc.reason, tc.in, v, ok, err, sc.Pos(), tc.v, tc.ok, tc.err, tc.pos)
		}
	}
}

// checkNextBool checks that NextBool reads s as ReadBool does when ReadBool
// reads a boolean, and otherwise consumes only white space.
func checkNextBool(t *testing.T, s string) {
	t.Helper()
	a, b := New(s), New(s)
	v, ok := a.NextBool()
	w, err := b.ReadBool()
	switch {
	case ok != (err == nil):
		t.Fatalf("NextBool(%q) ok=%v, ReadBool err=%v", s, ok, err)
	case ok && (v != w || a.Pos() != b.Pos()):
		t.Fatalf("NextBool(%q) = %v at %d, ReadBool = %v at %d", s, v, a.Pos(), w, b.Pos())
	case !ok && a.Pos() != skipSpaceAt(s, 0):
		t.Fatalf("NextBool(%q) failed at %d, not after the white space", s, a.Pos())
	}
}

func TestNextBool(t *testing.T) {
	for _, tc := range []struct {
		in, why string
	}{
		{"true", "true"},
		{"false", "false"},
		{" \n\ttrue,", "white space before, a comma after"},
		{"false}", "a brace after: read by the caller"},
		{"tru", "cut off"},
		{"fals", "cut off"},
		{"True", "not a literal"},
		{`"true"`, "a string"},
		{"null", "another literal"},
		{"1", "a number"},
		{"", "nothing"},
		{"   ", "only white space"},
		{"truex", "the literal, and garbage after it for the caller to find"},
	} {
		t.Run(tc.why, func(t *testing.T) { checkNextBool(t, tc.in) })
	}
}
