package identity

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// repeated returns head, then unit n times (each # in it replaced by the
// unit's index), then tail.
func repeated(head, unit string, n int, tail string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := range n {
		b.WriteString(strings.ReplaceAll(unit, "#", fmt.Sprint(i)))
	}
	b.WriteString(tail)
	return b.String()
}

// forgetCost decodes the identity s and returns how many raw members
// forget looked at.
func forgetCost(s string) int {
	st := newStorage()
	d := decoder{sc: jsonwire.New(s), b: st, fresh: allParts}
	d.identity(&st.U) // duplicates are refused after, and looked for again
	return d.passed
}

// TestRepeatedMembersLinear: however an element repeats its members, what
// forgetting a member's earlier raw value costs is linear (four times the
// members, at most four times the cost, where looking over every raw
// member kept would cost sixteen, and removing one from a copy of them
// more), and a large such identity is read as a small one is (in
// milliseconds; a quadratic decoder took seconds).
func TestRepeatedMembersLinear(t *testing.T) {
	for _, tc := range []struct {
		reason, head, unit, tail string
		want                     string // the identity written back, or
		path, dup                string // or the member refused, first in the object head opens,
		last                     bool   // then next, or last when last is set
	}{
		{"a member mistyped, and an unknown one, alternating, the same values each time",
			`{"type":1`, `,"z":1,"type":1`, `}`, `{"type":1,"z":1}`, "", "", false},
		{"a member mistyped, among distinct unknown members",
			`{"type":"IAMUser"`, `,"type":1,"u#":1`, `}`, "", "", "type", false},
		{"a member empty, among distinct unknown members, then another value",
			`{"type":""`, `,"type":"","u#":1`, `,"type":"IAMUser"}`, "", "", "type", true},
		{"an object member mistyped, among distinct unknown members",
			`{"sessionContext":null`, `,"sessionContext":1,"u#":1`, `}`, "", "", "sessionContext", false},
		{"sessionIssuer: a member mistyped, among distinct unknown members",
			`{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"type":"Role"`, `,"type":1,"u#":1`, `}}}`,
			"", "sessionContext.sessionIssuer", "type", false},
		{"webIdFederationData: attributes null, among distinct unknown members, then an object",
			`{"sessionContext":{"webIdFederationData":{"attributes":null`, `,"attributes":null,"u#":1`, `,"attributes":{}}}}`,
			"", "sessionContext.webIdFederationData", "attributes", true},
		{"attributes: a member mistyped, among distinct unknown members",
			`{"sessionContext":{"attributes":{"mfaAuthenticated":"false"`, `,"mfaAuthenticated":1,"u#":1`, `}}}`,
			"", "sessionContext.attributes", "mfaAuthenticated", false},
	} {
		c1 := forgetCost(repeated(tc.head, tc.unit, 1000, tc.tail))
		c4 := forgetCost(repeated(tc.head, tc.unit, 4000, tc.tail))
		if c4 > 4*c1+16 {
			t.Errorf("%s: forget looked at %d members for 1000 units, %d for 4000", tc.reason, c1, c4)
		}
		in := repeated(tc.head, tc.unit, 25000, tc.tail)
		u, err := Parse(in)
		if tc.dup == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.reason, err)
			} else if got := encode(t, u); got != tc.want {
				t.Errorf("%s: written back as %.100s..., want %s", tc.reason, got, tc.want)
			}
			continue
		}
		var de *DuplicateMemberError
		quoted := `"` + tc.dup + `"`
		obj := strings.LastIndex(tc.head, "{")
		first := obj + strings.Index(in[obj:], quoted)
		second := first + 1 + strings.Index(in[first+1:], quoted)
		if tc.last {
			second = strings.LastIndex(in, quoted)
		}
		if !errors.As(err, &de) || *de != (DuplicateMemberError{tc.path, tc.dup, first, second}) {
			t.Errorf("%s: %v, want %q in %q at %d and %d", tc.reason, err, tc.dup, tc.path, first, second)
		}
	}
}

// TestDuplicateMembersAmongMany: a member name twice is reported the same
// way (the member and both offsets) whether few or many other members
// come between: unknown names are told apart by a filter and the object
// read again, then, past 24 members, by a map (jsonwire.Names).
func TestDuplicateMembersAmongMany(t *testing.T) {
	for _, tc := range []struct {
		reason, head, tail, path, name string
	}{
		{"an unknown member twice", `{"type":"Root","x":1`, `,"x":2}`, "", "x"},
		{"a member mistyped, then typed", `{"type":1`, `,"type":"Root"}`, "", "type"},
		{"a member typed, then mistyped", `{"arn":"a"`, `,"arn":[]}`, "", "arn"},
		{"an object member mistyped, then an object", `{"sessionContext":1`, `,"sessionContext":{}}`, "", "sessionContext"},
		{"sessionIssuer: an unknown member twice", `{"sessionContext":{"sessionIssuer":{"x":1`, `,"x":2}}}`, "sessionContext.sessionIssuer", "x"},
		{"sessionIssuer: a member mistyped, then typed", `{"sessionContext":{"sessionIssuer":{"arn":1`, `,"arn":"a"}}}`, "sessionContext.sessionIssuer", "arn"},
		{"attributes: a member mistyped, then typed", `{"sessionContext":{"attributes":{"mfaAuthenticated":1`, `,"mfaAuthenticated":"true"}}}`, "sessionContext.attributes", "mfaAuthenticated"},
	} {
		for _, k := range []int{0, 1, 8, 15, 16, 17, 23, 24, 25, 100, 1000} {
			in := repeated(tc.head, ",\n\"u#\":#", k, tc.tail)
			quoted := `"` + tc.name + `"`
			want := DuplicateMemberError{tc.path, tc.name, strings.Index(in, quoted), strings.LastIndex(in, quoted)}
			_, err := Parse(in)
			var de *DuplicateMemberError
			if !errors.As(err, &de) || *de != want {
				t.Errorf("%s, %d members between: %v, want %+v", tc.reason, k, err, want)
			}
			var st storage
			if _, _, err := decodeString(&st, in+`,"next":1}`); !errors.As(err, &de) || *de != want {
				t.Errorf("%s, %d members between: decodeString: %v, want %+v", tc.reason, k, err, want)
			}
		}
	}
}
