package jsonwire

import (
	"testing"
)

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{
		Invalid: "invalid value", Object: "object", Array: "array", String: "string",
		Number: "number", True: "true", False: "false", Null: "null", Null + 1: "kind(8)",
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func TestPeek(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   Kind
		pos    int
		reason string
	}{
		{" {", Object, 1, "white space, then an object"},
		{"[", Array, 0, "an array"},
		{`"`, String, 0, "a string"},
		{"-", Number, 0, "a minus sign starts a number"},
		{"7", Number, 0, "a digit"},
		{"t", True, 0, "true"},
		{"f", False, 0, "false"},
		{"n", Null, 0, "null"},
		{"+", Invalid, 0, "a plus sign starts nothing"},
		{"\t\r\n ", Invalid, 4, "only white space"},
		{"", Invalid, 0, "nothing"},
	} {
		sc := New(tc.in)
		if got := sc.Peek(); got != tc.want || sc.Pos() != tc.pos {
			t.Errorf("%s: Peek(%q) = %v at %d, want %v at %d", tc.reason, tc.in, got, sc.Pos(), tc.want, tc.pos)
		}
	}
}

func TestLineCol(t *testing.T) {
	s := "{\n  \"a\": 1,\r\n\tx}"
	for _, tc := range []struct {
		off, line, col int
		reason         string
	}{
		{0, 1, 1, "the first byte"},
		{1, 1, 2, "the line feed ends line 1"},
		{2, 2, 1, "the start of line 2"},
		{11, 2, 10, "a carriage return is a byte of the line"},
		{13, 3, 1, "after CR LF"},
		{14, 3, 2, "a tab is one column"},
		{len(s), 3, 4, "the end"},
		{len(s) + 5, 3, 4, "past the end: the end"},
	} {
		if line, col := LineCol(s, tc.off); line != tc.line || col != tc.col {
			t.Errorf("%s: LineCol(%d) = %d:%d, want %d:%d", tc.reason, tc.off, line, col, tc.line, tc.col)
		}
	}
}

// TestMemberByMember reads objects and arrays as the codecs do, with the
// readers of each kind, and where the caller skips white space itself
// (Peek) before asking for the next member or element.
func TestMemberByMember(t *testing.T) {
	sc := New(` { "a" : [ 1 , null ] , "b":true, "c":"x" } `)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(sc.BeginObject())
	sc.Peek() // white space skipped by the caller before the first name
	if k, ok, err := sc.NextKey(); k != "a" || !ok || err != nil {
		t.Fatalf("NextKey = %q, %v, %v", k, ok, err)
	}
	must(sc.BeginArray())
	sc.Peek()
	if ok, err := sc.NextElem(); !ok || err != nil {
		t.Fatalf("NextElem = %v, %v; want the first element", ok, err)
	}
	if v, err := sc.SkipValue(); v != "1" || err != nil {
		t.Fatalf("SkipValue = %q, %v", v, err)
	}
	sc.Peek() // white space after an element
	if ok, err := sc.NextElem(); !ok || err != nil {
		t.Fatalf("NextElem = %v, %v; want the second element", ok, err)
	}
	must(sc.ReadNull())
	if ok, err := sc.NextElem(); ok || err != nil {
		t.Fatalf("NextElem = %v, %v; want the end", ok, err)
	}
	if k, ok, err := sc.NextKey(); k != "b" || !ok || err != nil {
		t.Fatalf("NextKey = %q, %v, %v", k, ok, err)
	}
	if v, err := sc.ReadBool(); !v || err != nil {
		t.Fatalf("ReadBool = %v, %v", v, err)
	}
	sc.Peek()
	if k, ok, err := sc.NextKey(); k != "c" || !ok || err != nil {
		t.Fatalf("NextKey = %q, %v, %v", k, ok, err)
	}
	if v, err := sc.ReadBool(); err == nil || err.Error() != "offset 38: expected true or false, found '\"'" {
		t.Fatalf("ReadBool of a string = %v, %v", v, err)
	}
	if v, err := sc.SkipString(); v != `"x"` || err != nil {
		t.Fatalf("SkipString = %q, %v", v, err)
	}
	if k, ok, err := sc.NextKey(); ok || err != nil {
		t.Fatalf("NextKey = %q, %v, %v; want the end", k, ok, err)
	}
	must(sc.End())
	if sc.Text() != ` { "a" : [ 1 , null ] , "b":true, "c":"x" } ` {
		t.Errorf("Text = %q", sc.Text())
	}
	// An empty array, and null where it is not.
	sc = New("[ ]")
	must(sc.BeginArray())
	sc.Peek()
	if ok, err := sc.NextElem(); ok || err != nil {
		t.Fatalf("NextElem of [ ] = %v, %v", ok, err)
	}
	sc = New(" nul")
	if err := sc.ReadNull(); err == nil || err.Error() != `offset 1: expected "null", found 'n'` {
		t.Errorf("ReadNull of nul: %v", err)
	}
}

func TestExtentCutOff(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{`{"a`, "a string cut off"},
		{`{"a\`, "a string cut off after a backslash"},
		{`[[]`, "a bracket not closed"},
		{`  1`, "no object or array"},
		{``, "nothing"},
	} {
		sc := New(tc.in)
		if v, ok := sc.Extent(); ok {
			t.Errorf("%s: Extent(%q) = %q, want none", tc.reason, tc.in, v)
		}
	}
}

func TestAppendMembers(t *testing.T) {
	b := []byte("{")
	b = AppendStringMember(b, "a", "x\"")
	b = AppendRawMember(b, "b", []byte(`{`)) // no comma after '{'
	b = AppendStringMember(b, "c", "")
	b = append(b, '}')
	b = AppendRawMember(b, "d\n", []byte(`1`))
	b = append(b, '}')
	if want := `{"a":"x\"","b":{"c":""},"d\n":1}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	if got := AppendMember(nil, "k"); string(got) != `"k":` {
		t.Errorf("AppendMember(nil) = %s", got)
	}
}
