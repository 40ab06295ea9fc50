package jsonwire

import (
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
		{strings.Repeat("[", 40) + strings.Repeat("]", 40), "deeper than it keeps: not sure", true, false},
		{`{` + strings.Repeat(`"k":{`, 20) + `"x":1` + strings.Repeat(`}`, 20) + `}`, "the same name at every level", false, false},
	} {
		dup, err := checkSkipUnique(t, tc.in)
		if dup != tc.dup || (err != nil) != tc.err {
			t.Errorf("SkipUnique(%q) = %v, %v; want duplicate %v, error %v (%s)", tc.in, dup, err, tc.dup, tc.err, tc.reason)
		}
	}
}

func FuzzSkipUnique(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":{"a":2}}`, `{"a":1,"a":1}`, `[{"a":[{"b":1,"b":2}]}]`, `{"x":"\u0041","y":tru}`, `{"abcdefgh-1-ijklmnop":1}`, `{"a":1,"\u0061":2}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSkipUnique(t, s) })
}
