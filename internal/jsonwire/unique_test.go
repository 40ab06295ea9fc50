package jsonwire

import (
	"fmt"
	"strings"
	"testing"
)

// hasDup reports whether an object in the JSON value at the start of s
// has a member name twice, names compared unescaped; ok is false when s
// does not start with a valid value.
func hasDup(s string) (dup, ok bool) {
	sc := New(s)
	var walk func() bool
	walk = func() bool {
		switch sc.Peek() {
		case Object:
			sc.i++
			seen := map[string]bool{}
			for {
				key, more, err := sc.NextKey()
				if err != nil {
					return false
				}
				if !more {
					return true
				}
				if seen[key] {
					dup = true
				}
				seen[key] = true
				if !walk() {
					return false
				}
			}
		case Array:
			sc.i++
			for {
				more, err := sc.NextElem()
				if err != nil {
					return false
				}
				if !more {
					return true
				}
				if !walk() {
					return false
				}
			}
		}
		_, err := sc.SkipValue()
		return err == nil
	}
	ok = walk()
	return dup, ok
}

// checkSkipUnique checks SkipUnique on s against SkipValue and hasDup:
// when it is sure there is no name twice, the value is valid, ends where
// SkipValue ends it and has no name twice; when SkipValue fails or a
// name is there twice, SkipUnique fails or says it may be.
func checkSkipUnique(t *testing.T, s string) (dup bool, err error) {
	t.Helper()
	sc := New(s)
	dup, err = sc.SkipUnique(new(Keys))
	ref := New(s)
	_, rerr := ref.SkipValue()
	rdup, ok := hasDup(s)
	if err == nil && !dup {
		if rerr != nil || sc.Pos() != ref.Pos() {
			t.Fatalf("SkipUnique(%q) = no duplicate, ending at %d; SkipValue: %v, ending at %d", s, sc.Pos(), rerr, ref.Pos())
		}
		if ok && rdup {
			t.Fatalf("SkipUnique(%q) found no duplicate name, but one is there", s)
		}
	}
	if err != nil && rerr == nil && !rdup {
		t.Fatalf("SkipUnique(%q): %v; SkipValue found no error", s, err)
	}
	return dup, err
}

func TestSkipUnique(t *testing.T) {
	for _, tc := range []struct {
		in, reason string
		dup, err   bool
	}{
		{`{"a":1,"b":{"a":2}}`, "the same name in two objects is no duplicate", false, false},
		{`{"a":1,"a":1}`, "a name twice", true, false},
		{`{"type":"x","sessionContext":{"attributes":{"a":"1","a":"2"}}}`, "a name twice in a nested object", true, false},
		{`{"a":{"b":1},"b":2}`, "names of a closed object are forgotten", false, false},
		{`[{"a":1},{"a":1}]`, "objects of an array are apart", false, false},
		{`{"accountIdentifier1":1,"accountIdentifier2":1}`, "long names differing in their last 8 bytes", false, false},
		{`{"abcdefgh-1-ijklmnop":1,"abcdefgh-2-ijklmnop":1}`, "long names alike in their first and last 8 bytes: not sure", true, false},
		{`{"a":1,"\u0061":2}`, "a name with an escape: not sure", true, false},
		{`{"é":1,"e":2}`, "non-ASCII names are compared as written", false, false},
		{`{"a":1,}`, "a trailing comma", false, true},
		{`{"a":"` + "\xff" + `"}`, "invalid UTF-8", false, true},
		{`{"a":[1,2,tru]}`, "a bad literal", false, true},
		{`{"a":1 "b":2}`, "a missing comma", false, true},
		{`{"a" 1}`, "a missing colon", false, true},
		{`"abc`, "a string cut off", false, true},
		{strings.Repeat("[", 40) + "1" + strings.Repeat("]", 40), "deeper than it keeps: not sure", true, false},
		{strings.Repeat("[", 33) + strings.Repeat("]", 33), "33 arrays, the innermost empty: it is not kept", false, false},
		{strings.Repeat(`{"a":`, 32) + "{}" + strings.Repeat("}", 32), "32 objects and an empty one: as deep as it keeps", false, false},
		{strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33), "33 objects: not sure", true, false},
		{`{"":1,"":2}`, "the empty name twice", true, false},
		{`{"":1,"a":2}`, "the empty name and another", false, false},
		{`{"ab":1,"ba":2}`, "short names of the same bytes in another order", false, false},
		{`{"abcdefg":1,"abcdefh":2}`, "7-byte names differing in their last byte", false, false},
		{`{"abcdefgh":1,"abcdefgh":2}`, "an 8-byte name twice", true, false},
		{`{"abcdefghi":1,"abcdefghj":2}`, "9-byte names: the last 8 bytes overlap the first", false, false},
		{`{"abcdefgh12345678":1,"abcdefgh12345679":2}`, "16-byte names: compared whole", false, false},
		{`{"abcdefgh12345678":1,"abcdefgh12345678":2}`, "a 16-byte name twice", true, false},
		{`{"abcdefghXijklmnop":1,"abcdefghYijklmnop":2}`, "17-byte names differing in the one byte not compared: not sure", true, false},
		{`{"abcdefgh-ijklmnop":1,"abcdefgh--ijklmnop":2}`, "the same first and last 8 bytes, another length", false, false},
		{`{"a":1,"b":{"a":2,"b":3},"c":[{"a":4}],"a":5}`, "a name twice around nested objects", true, false},
		{`{"k":1,"a\"":2}`, "a name escaped, after others: not sure", true, false},
		{`{"k":"A","a":2}`, "an escaped value is no escaped name", false, false},
		{`{"k":"` + strings.Repeat("x", 20) + `\n"}`, "an escaped long value", false, false},
		{manyNames(64), "64 names: as many as it keeps", false, false},
		{manyNames(65), "65 names: not sure", true, false},
		{`[` + manyNames(40) + `,` + manyNames(40) + `]`, "names of closed objects make room", false, false},
		{`{"a":` + manyNames(40) + `,"b":` + manyNames(40) + `}`, "names of closed nested objects make room", false, false},
		{`{` + strings.Repeat(`"k":{`, 20) + `"x":1` + strings.Repeat(`}`, 20) + `}`, "the same name at every level", false, false},
	} {
		dup, err := checkSkipUnique(t, tc.in)
		if dup != tc.dup || (err != nil) != tc.err {
			t.Errorf("SkipUnique(%q) = %v, %v; want duplicate %v, error %v (%s)", tc.in, dup, err, tc.dup, tc.err, tc.reason)
		}
	}
}

// manyNames writes an object of n members named apart.
func manyNames(n int) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"name%d":%d`, i, i)
	}
	b.WriteByte('}')
	return b.String()
}

func FuzzSkipUnique(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":{"a":2}}`, `{"a":1,"a":1}`, `[{"a":[{"b":1,"b":2}]}]`, `{"x":"\u0041","y":tru}`, `{"abcdefgh-1-ijklmnop":1}`, `{"a":1,"\u0061":2}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSkipUnique(t, s) })
}
