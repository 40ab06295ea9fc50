package errlist

import (
	"errors"
	"sort"
	"strings"
	"testing"
)

func TestPathLess(t *testing.T) {
	tests := []struct {
		a, b   string
		want   bool
		reason string
	}{
		{"A[2].B", "A[10].B", true, "indexes compare by value"},
		{"A[10].B", "A[2].B", false, "indexes compare by value, the other way"},
		{"A[9]", "A[10]", true, "a shorter number is smaller"},
		{"A[19]", "A[20]", true, "same length: digit by digit"},
		{"A", "A[0]", true, "a path sorts before the longer paths it begins"},
		{"A[0]", "A", false, "a longer path never sorts before its beginning"},
		{"A[1].B", "A[1].C", true, "bytes compare after equal indexes"},
		{"A[01]", "A[1]", false, "leading zeros ignored: equal"},
		{"A[1]", "A[01]", false, "leading zeros ignored: equal, the other way"},
		{"A[0]", "A[00]", false, "zero written twice is zero"},
		{"A[2]x", "A[02]y", true, "after equal numbers the rest decides"},
		{"trails[2].AdvancedEventSelectors[10]", "trails[10].Name", true, "the first differing index decides"},
		{"B", "a", true, "bytes, upper case first"},
		{"A", "A", false, "equal paths"},
		{"", "A", true, "the empty path first"},
		{"", "", false, "both empty"},
		{"A[", "A[1]", true, "a digit after a prefix"},
		{"x1", "x.", false, "a digit against a non-digit compares as bytes ('1' > '.')"},
	}
	for _, tt := range tests {
		if got := PathLess(tt.a, tt.b); got != tt.want {
			t.Errorf("PathLess(%q, %q) = %v, want %v (%s)", tt.a, tt.b, got, tt.want, tt.reason)
		}
	}
}

// TestPathLessSorts sorts shuffled paths into the order a reader expects.
func TestPathLessSorts(t *testing.T) {
	want := []string{
		"",
		"AdvancedEventSelectors",
		"AdvancedEventSelectors[0].FieldSelectors[0].Field",
		"AdvancedEventSelectors[0].FieldSelectors[2].Field",
		"AdvancedEventSelectors[0].FieldSelectors[10].Equals",
		"AdvancedEventSelectors[1]",
		"AdvancedEventSelectors[9].Name",
		"AdvancedEventSelectors[10].Name",
		"AdvancedEventSelectors[100]",
	}
	got := []string{want[8], want[3], want[6], want[0], want[5], want[7], want[1], want[4], want[2]}
	sort.SliceStable(got, func(i, j int) bool { return PathLess(got[i], got[j]) })
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sorted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzPathLess checks PathLess is a strict order: never both ways, never a
// path before itself, and plain byte order on paths without digits.
func FuzzPathLess(f *testing.F) {
	for _, s := range [][2]string{{"A[2].B", "A[10].B"}, {"A[01]", "A[1]"}, {"x1", "x."}, {"", "0"}, {"a0b", "a00c"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := PathLess(a, b), PathLess(b, a)
		if ab && ba {
			t.Fatalf("%q and %q each sort before the other", a, b)
		}
		if PathLess(a, a) {
			t.Fatalf("%q sorts before itself", a)
		}
		if !strings.ContainsAny(a+b, "0123456789") && ab != (a < b) {
			t.Fatalf("PathLess(%q, %q) = %v, byte order says %v", a, b, ab, a < b)
		}
	})
}

type testError struct{ msg string }

func (e *testError) Error() string { return e.msg }

func TestJoinUnwrap(t *testing.T) {
	one, two := &testError{"x: a: first"}, &testError{"x: b: second"}
	tests := []struct {
		list   []*testError
		want   string
		reason string
	}{
		{nil, "", "no problems, no text"},
		{[]*testError{one}, "x: a: first", "one problem, no newline"},
		{[]*testError{one, two}, "x: a: first\nx: b: second", "one line per problem, in order"},
	}
	for _, tt := range tests {
		if got := Join(tt.list); got != tt.want {
			t.Errorf("Join = %q, want %q (%s)", got, tt.want, tt.reason)
		}
		errs := Unwrap(tt.list)
		if len(errs) != len(tt.list) {
			t.Fatalf("Unwrap: %d errors, want %d (%s)", len(errs), len(tt.list), tt.reason)
		}
		for i, e := range errs {
			var te *testError
			if !errors.As(e, &te) || te != tt.list[i] {
				t.Errorf("Unwrap()[%d] = %v, want problem %d itself (%s)", i, e, i, tt.reason)
			}
		}
	}
}
