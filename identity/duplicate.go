package identity

import (
	"strconv"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// DuplicateMemberError reports a member name that one object of a
// userIdentity element has twice, with two different values. A reader
// that keeps the first value and one that keeps the last would see two
// different identities, so Parse refuses it.
//
// A member repeated with the same value, the same JSON text byte for
// byte, is no such risk (documentation examples have them): Parse reads
// the element as if the repeat were not there, and it is written once.
// The same value written otherwise (other white space, escapes or number
// form) is another text, and refused.
type DuplicateMemberError struct {
	// Path is the object that has the member twice, such as
	// "sessionContext.attributes"; empty for the userIdentity object.
	Path string
	// Name is the member name, unescaped.
	Name string
	// First and Second are the byte offsets of the two member names (their
	// opening quotes) into the text given to Parse or UnmarshalJSON.
	First, Second int
}

// Error returns "identity: [<path>: ]duplicate member "<name>" at offset
// <second> (first at offset <first>)".
func (e *DuplicateMemberError) Error() string {
	where := "identity: "
	if e.Path != "" {
		where += e.Path + ": "
	}
	return where + "duplicate member " + strconv.Quote(e.Name) + " at offset " + strconv.Itoa(e.Second) +
		" (first at offset " + strconv.Itoa(e.First) + ")"
}

// dupFound is the first member name read twice: the object that has it
// (its path and the offset of its text) and the name.
type dupFound struct {
	set  bool
	path string
	obj  int
	name string
}

// A member name read twice is found in two ways, which cost little per
// member: a known member (one of the element's slots) by the bit note
// sets in wireState.seen, an unknown one by a jsonwire.Names of the
// element's unknown members. dupCheck is taken before a member is
// decoded and checked after it (see check).

// dupCheck is what was found before member i of an object was decoded.
type dupCheck struct {
	had   bool // a duplicate was found before
	twice bool // the object had a known member twice before
}

// before returns the state before a member of w is decoded.
func (d *decoder) before(w *wireState) dupCheck {
	return dupCheck{d.dup.set, w.seen&seenTwice != 0}
}

// check notes key, member i of the object at obj named path whose
// wireState is w, after it was decoded: when it is a known member read a
// second time, it is the first duplicate of the input even if the value
// just decoded had one inside (which comes later in the text).
func (d *decoder) check(c dupCheck, w *wireState, path string, obj int, key string) {
	if !c.twice && w.seen&seenTwice != 0 {
		if !c.had {
			d.dup = dupFound{set: true, path: path, obj: obj, name: key}
		}
		d.twice(path, obj)
	}
}

// unknown notes key, member i of the object at obj named path, a member
// the element does not know, against the unknown members read before.
func (d *decoder) unknown(names *jsonwire.Names, path string, obj, i int, key string) {
	if names.SeenAt(d.sc.Text(), obj, i, key) {
		if !d.dup.set {
			d.dup = dupFound{set: true, path: path, obj: obj, name: key}
		}
		d.twice(path, obj)
	}
}

// dupObj is an object that has a member name twice: its path and offset.
type dupObj struct {
	path string
	obj  int
}

// twice lists the object at obj, named path, among those that have a
// member name twice (once; it may come again when an object nested in it
// was read between its members).
func (d *decoder) twice(path string, obj int) {
	if n := len(d.dupObjs); n == 0 || d.dupObjs[n-1].obj != obj {
		d.dupObjs = append(d.dupObjs, dupObj{path, obj})
	}
}

// dropRepeats returns s, the text of the element d read and found a
// member name twice in, without the members that repeat an earlier
// member of their object, name and value text byte for byte (see
// jsonwire.DropRepeats), to be decoded again; or the error for a member
// repeated with another value. Only an element with a member name twice
// comes here, so the common path pays nothing for it.
func (d *decoder) dropRepeats(s string) (string, error) {
	objs := make([]int, 0, 1+len(d.dupObjs))
	objs = append(objs, d.dup.obj) // the first duplicate's object first
	for _, o := range d.dupObjs {
		objs = append(objs, o.obj)
	}
	clean, rep := jsonwire.DropRepeats(s, objs)
	if rep != nil {
		path := d.dup.path
		if rep.Index > 0 {
			path = d.dupObjs[rep.Index-1].path
		}
		return "", &DuplicateMemberError{Path: path, Name: rep.Name, First: rep.First, Second: rep.Second}
	}
	if len(clean) == len(s) {
		// Nothing to drop, were the decoder to see a name twice that
		// DropRepeats does not: refused, so that no repeat goes unseen.
		return "", d.duplicateError(s)
	}
	return clean, nil
}

// duplicateError returns the error for d's duplicate in the text s.
func (d *decoder) duplicateError(s string) error {
	first, second := jsonwire.MemberOffsets(s, d.dup.obj, d.dup.name)
	return &DuplicateMemberError{Path: d.dup.path, Name: d.dup.name, First: first, Second: second}
}
