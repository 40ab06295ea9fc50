package event

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// withoutRepeats is the JSON text b without the members that repeat an
// earlier member of their object, name and value text: what a record
// reads as (see TestDuplicateMembersIdentical).
func withoutRepeats(b []byte) []byte {
	s := string(b)
	var objs []int
	var walk func(sc *jsonwire.Scanner) error
	walk = func(sc *jsonwire.Scanner) error {
		switch sc.Peek() {
		case jsonwire.Object:
			objs = append(objs, sc.Pos())
			if err := sc.BeginObject(); err != nil {
				return err
			}
			for {
				_, ok, err := sc.NextKey()
				if err != nil || !ok {
					return err
				}
				if err := walk(sc); err != nil {
					return err
				}
			}
		case jsonwire.Array:
			if err := sc.BeginArray(); err != nil {
				return err
			}
			for {
				more, err := sc.NextElem()
				if err != nil || !more {
					return err
				}
				if err := walk(sc); err != nil {
					return err
				}
			}
		}
		_, err := sc.SkipValue()
		return err
	}
	sc := jsonwire.New(s)
	if walk(&sc) != nil {
		return b
	}
	clean, _ := jsonwire.DropRepeats(s, objs)
	return []byte(clean)
}

// memberPaths lists the member names of the JSON text b in the order they
// appear, each as its dotted path from the top ("userIdentity.arn"), array
// elements included ("resources.type").
func memberPaths(b []byte) ([]string, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	var out []string
	var path []string    // the member path to the current value
	var inObject []bool  // per open container: an object (else an array)
	var expectKey []bool // per open object: the next string token is a key
	for {
		tok, err := d.Token()
		if err != nil {
			return out, err
		}
		if len(inObject) == 0 && tok != json.Delim('{') {
			return nil, nil // not an object
		}
		k, isString := tok.(string)
		if isString && inObject[len(inObject)-1] && expectKey[len(expectKey)-1] {
			path = append(path, k)
			out = append(out, strings.Join(path, "."))
			expectKey[len(expectKey)-1] = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			inObject = append(inObject, true)
			expectKey = append(expectKey, true)
			continue
		case json.Delim('['):
			inObject = append(inObject, false)
			expectKey = append(expectKey, false)
			continue
		case json.Delim('}'), json.Delim(']'):
			inObject = inObject[:len(inObject)-1]
			expectKey = expectKey[:len(expectKey)-1]
			if len(inObject) == 0 {
				return out, nil
			}
		}
		// A value ended: in an object, the member ends with it.
		if inObject[len(inObject)-1] {
			path = path[:len(path)-1]
			expectKey[len(expectKey)-1] = true
		}
	}
}

// TestCorpusMemberOrder checks that decode→encode of every corpus record
// writes every member where it was read, at every depth: userIdentity and
// its nested elements (which were once written in a fixed order) as well
// as the rest of the record. It reports how many records have a
// userIdentity whose members are not in the documented order.
func TestCorpusMemberOrder(t *testing.T) {
	recs := corpusRecords(t)
	var undocumented, checked int
	for _, cr := range recs {
		var r Record
		if err := r.Decode(cr.b); err != nil {
			continue // refused records are the reader tests' business
		}
		checked++
		// A member twice with the same value is read, and written, once.
		in, err := memberPaths(withoutRepeats(cr.b))
		if err != nil {
			t.Fatalf("%s: %v", cr.name, err)
		}
		out, err := memberPaths(r.AppendJSON(nil))
		if err != nil {
			t.Fatalf("%s: encoded: %v", cr.name, err)
		}
		if !slices.Equal(in, out) {
			t.Errorf("%s: member order changed:\nin  %v\nout %v", cr.name, in, out)
			continue
		}
		if r.UserIdentity == nil {
			continue
		}
		// The documented order: the identity re-built field by field.
		u := *r.UserIdentity
		rebuilt := identity.UserIdentity{Type: u.Type, PrincipalID: u.PrincipalID, ARN: u.ARN, AccountID: u.AccountID,
			AccessKeyID: u.AccessKeyID, UserName: u.UserName, SessionContext: u.SessionContext, InvokedBy: u.InvokedBy,
			IdentityProvider: u.IdentityProvider, CredentialID: u.CredentialID, OnBehalfOf: u.OnBehalfOf,
			InScopeOf: u.InScopeOf, InvokedByDelegate: u.InvokedByDelegate}
		a, _ := memberPaths(u.AppendJSON(nil))
		b, _ := memberPaths(rebuilt.AppendJSON(nil))
		if !slices.Equal(a[:min(len(a), len(b))], b[:min(len(a), len(b))]) {
			undocumented++
		}
	}
	t.Logf("%d records decoded, member order kept in all; %d with userIdentity members outside the documented order", checked, undocumented)
}

func TestMemberPaths(t *testing.T) {
	got, err := memberPaths([]byte(`{"a":1,"b":{"c":[{"d":1},{"e":{}}],"f":"x"},"g":[1,[2]],"h":null}`))
	want := []string{"a", "b", "b.c", "b.c.d", "b.c.e", "b.f", "g", "h"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("memberPaths = %v, %v; want %v", got, err, want)
	}
}
