package jsonwire

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDropRepeats(t *testing.T) {
	for _, tc := range []struct {
		reason string
		in     string
		objs   []int
		want   string  // the text returned when no repeat differs
		rep    *Repeat // the repeat returned, nil for none
	}{
		{"no repeat: s as it is", `{"a":1,"b":2}`, []int{0}, `{"a":1,"b":2}`, nil},
		{"identical scalar: the second goes with its comma", `{"a":1,"b":2,"a":1}`, []int{0}, `{"a":1,"b":2}`, nil},
		{"identical string", `{"a":"x","a":"x"}`, []int{0}, `{"a":"x"}`, nil},
		{"three times, all identical", `{"a":true,"a":true,"b":0,"a":true}`, []int{0}, `{"a":true,"b":0}`, nil},
		{"identical object value", `{"o":{"k":[1,2]},"o":{"k":[1,2]}}`, []int{0}, `{"o":{"k":[1,2]}}`, nil},
		{"pretty text keeps its layout", "{\n  \"a\": 1,\n  \"a\": 1,\n  \"b\": 2\n}", []int{0}, "{\n  \"a\": 1,\n  \"b\": 2\n}", nil},
		{"white space before the object", `  {"a":1,"a":1}`, []int{0}, `  {"a":1}`, nil},
		{"the same name escaped is the same member", `{"a":1,"\u0061":1}`, []int{0}, `{"a":1}`, nil},
		{"a nested object listed", `{"x":0,"n":{"a":"v","a":"v"},"y":1}`, []int{11}, `{"x":0,"n":{"a":"v"},"y":1}`, nil},
		{"an object nested in a dropped member, listed too", `{"n":{"a":1,"a":1},"n":{"a":1,"a":1}}`, []int{0, 5, 23}, `{"n":{"a":1}}`, nil},
		{"an object listed twice", `{"a":1,"a":1}`, []int{0, 0}, `{"a":1}`, nil},
		{"an object not listed keeps its repeats", `{"n":{"a":1,"a":1},"b":2,"b":2}`, []int{0}, `{"n":{"a":1,"a":1},"b":2}`, nil},
		{"different values", `{"a":1,"a":2}`, []int{0}, ``, &Repeat{Index: 0, Name: "a", First: 1, Second: 7}},
		{"same value, other white space: another text", `{"a":[1,2],"a":[1, 2]}`, []int{0}, ``, &Repeat{Index: 0, Name: "a", First: 1, Second: 11}},
		{"same value, other number form: another text", `{"a":1,"a":1.0}`, []int{0}, ``, &Repeat{Index: 0, Name: "a", First: 1, Second: 7}},
		{"same string, other escape: another text", `{"a":"x","a":"\u0078"}`, []int{0}, ``, &Repeat{Index: 0, Name: "a", First: 1, Second: 9}},
		{"a third that differs from the first", `{"a":1,"a":1,"a":3}`, []int{0}, ``, &Repeat{Index: 0, Name: "a", First: 1, Second: 13}},
		{"the first differing repeat in text order", `{"a":1,"b":1,"b":2,"a":2}`, []int{0}, ``, &Repeat{Index: 0, Name: "b", First: 7, Second: 13}},
		{"objects in the order given", `{"a":1,"a":2,"n":{"b":1,"b":2}}`, []int{17, 0}, ``, &Repeat{Index: 0, Name: "b", First: 18, Second: 24}},
		{"an identical repeat before a differing one", `{"a":1,"a":1,"b":1,"b":2}`, []int{0}, ``, &Repeat{Index: 0, Name: "b", First: 13, Second: 19}},
		{"not an object at the offset: left alone", `[1,1]`, []int{0}, `[1,1]`, nil},
	} {
		got, rep := DropRepeats(tc.in, tc.objs)
		if !reflect.DeepEqual(rep, tc.rep) {
			t.Errorf("%s: DropRepeats(%q, %v) repeat = %+v, want %+v", tc.reason, tc.in, tc.objs, rep, tc.rep)
			continue
		}
		if rep != nil {
			if got != tc.in {
				t.Errorf("%s: with a differing repeat, text %q, want the input", tc.reason, got)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("%s: DropRepeats(%q, %v) = %q, want %q", tc.reason, tc.in, tc.objs, got, tc.want)
		}
	}
}

// FuzzDropRepeats: what DropRepeats keeps reads, under encoding/json, as
// the input does (which keeps the last of each name: equal when the
// dropped repeats were identical), and has no repeat left in the object.
func FuzzDropRepeats(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":1}`, `{"a":1,"a":2}`, "{\n \"a\" : [1] ,\n \"a\" : [1] }", `{"n":{"b":"x","b":"x"},"n":{"b":"x","b":"x"}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc := New(s)
		if _, err := sc.SkipValue(); err != nil || sc.End() != nil || !strings.HasPrefix(strings.TrimLeft(s, " \t\r\n"), "{") {
			return
		}
		got, rep := DropRepeats(s, []int{0})
		if rep != nil {
			if got != s {
				t.Fatalf("DropRepeats(%q) changed the text and reported %+v", s, rep)
			}
			return
		}
		sc = New(got)
		if _, err := sc.SkipValue(); err != nil || sc.End() != nil {
			t.Fatalf("DropRepeats(%q) = %q, not one JSON value: %v", s, got, err)
		}
		var a, b any
		if json.Unmarshal([]byte(s), &a) == nil {
			if err := json.Unmarshal([]byte(got), &b); err != nil || !reflect.DeepEqual(a, b) {
				t.Fatalf("DropRepeats(%q) = %q: reads %v, want %v (%v)", s, got, b, a, err)
			}
		}
		var names Names
		sc = New(got)
		_ = sc.BeginObject()
		for {
			key, ok, err := sc.NextKey()
			if err != nil || !ok {
				break
			}
			if names.Seen(got, 0, key) {
				t.Fatalf("DropRepeats(%q) = %q, still has %q twice", s, got, key)
			}
			if _, err := sc.SkipValue(); err != nil {
				break
			}
		}
	})
}
