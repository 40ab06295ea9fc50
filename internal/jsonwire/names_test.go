package jsonwire

import (
	"strconv"
	"strings"
	"testing"
)

// object writes an object with the given member names, each valued by
// its index.
func object(names []string) string {
	var b []byte
	b = append(b, '{')
	for i, n := range names {
		b = AppendMember(b, n)
		b = strconv.AppendInt(b, int64(i), 10)
	}
	return string(append(b, '}'))
}

// TestNamesSeen checks Names.Seen, member by member, against a map of the
// names read before.
func TestNamesSeen(t *testing.T) {
	many := func(n int, extra ...string) []string {
		var names []string
		for i := 0; i < n; i++ {
			names = append(names, "member"+strconv.Itoa(i))
		}
		return append(names, extra...)
	}
	for _, tc := range []struct {
		names  []string
		reason string
	}{
		{[]string{"a", "b", "c"}, "no name twice"},
		{[]string{"a", "b", "a"}, "a name twice"},
		{[]string{"", "x", ""}, "the empty name twice"},
		{[]string{"aXmYb", "aZmWb", "aXmYb"}, "names alike in length, first, middle and last byte: one filter bit, told apart by reading again"},
		{[]string{"eventName", "eventname", "eventName"}, "names that differ in case"},
		{many(24, "member3"), "a repeat as the 25th member, once the map is made of the names before"},
		{many(23, "member22"), "a repeat as the 24th member, in the filter"},
		{many(40, "member0", "member39", "x", "x"), "repeats among many members, in the map"},
		{[]string{"é", "e", "é"}, "non-ASCII names"},
	} {
		s := object(tc.names)
		var c Names
		seen := map[string]bool{}
		for i, n := range tc.names {
			if got := c.Seen(s, 0, n); got != seen[n] {
				t.Errorf("%s: member %d %q: Seen = %v, want %v (%s)", tc.reason, i, n, got, seen[n], s)
			}
			seen[n] = true
		}
		// Past namesFiltered members, a map holds the names, so that
		// each costs the same however many there are.
		if len(tc.names) > namesFiltered && len(c.names) != len(seen) {
			t.Errorf("%s: %d names in the map, want %d", tc.reason, len(c.names), len(seen))
		}
	}
}

// TestNamesSeenAt asks about some members only, by their index among all.
func TestNamesSeenAt(t *testing.T) {
	names := []string{"a", "skipped", "aXmYb", "skipped", "aZmWb", "skipped", "aXmYb"}
	s := object(names)
	want := []bool{false, false, false, false, false, false, true}
	var c Names
	for i, n := range names {
		if n == "skipped" {
			continue
		}
		if got := c.SeenAt(s, 0, i, n); got != want[i] {
			t.Errorf("SeenAt(%d, %q) = %v, want %v", i, n, got, want[i])
		}
	}
	// The whole text is read again for a name whose bit is set: text that
	// is not an object, or not valid, tells of no earlier member.
	for _, tc := range []struct{ in, reason string }{
		{`[]`, "no object"},
		{`{"x":1,`, "cut off before the member asked about"},
		{`{"x":tru`, "a bad value before it"},
	} {
		var c Names
		c.SeenAt(tc.in, 0, 0, "aXmYb")
		if c.SeenAt(tc.in, 0, 2, "aZmWb") {
			t.Errorf("%s: SeenAt(%q) = true, want false", tc.reason, tc.in)
		}
	}
}

func TestMemberOffsets(t *testing.T) {
	for _, tc := range []struct {
		in, name      string
		obj           int
		first, second int
		reason        string
	}{
		{`{"a":1,"b":2,"a":3}`, "a", 0, 1, 13, "twice"},
		{`{"a":1, "b":2 , "a":3,"a":4}`, "a", 0, 1, 16, "three times, with white space: the first two"},
		{`[0, {"a":{"a":1}, "a":2}]`, "a", 3, 5, 18, "an object inside another value, white space first; its members only"},
		{`{"a":1}`, "a", 0, 1, -1, "once"},
		{`{"a":1}`, "b", 0, -1, -1, "not there"},
		{`{"\u0061":1,"a":2}`, "a", 0, 1, 12, "a name escaped"},
		{`[1]`, "a", 0, -1, -1, "no object"},
		{`{"a":1,"a"`, "a", 0, 1, -1, "cut off"},
		{`{"a":tru,"a":1}`, "a", 0, 1, -1, "a bad value"},
	} {
		first, second := MemberOffsets(tc.in, tc.obj, tc.name)
		if first != tc.first || second != tc.second {
			t.Errorf("%s: MemberOffsets(%q, %d, %q) = %d, %d; want %d, %d", tc.reason, tc.in, tc.obj, tc.name, first, second, tc.first, tc.second)
		}
		for _, off := range []int{first, second} {
			if off >= 0 && !strings.HasPrefix(tc.in[off:], `"`) {
				t.Errorf("%s: offset %d of %q is not a quote", tc.reason, off, tc.in)
			}
		}
	}
}
