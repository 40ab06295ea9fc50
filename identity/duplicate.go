package identity

import (
	"strconv"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// DuplicateMemberError reports a member name that one object of a
// userIdentity element has twice. No genuine identity has one, and a
// reader that keeps the first value and one that keeps the last would see
// two different identities, so Parse refuses it.
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

// seen checks key, a member of the object at obj named path, against the
// names read before in it (names), and remembers the first duplicate.
func (d *decoder) seen(names *jsonwire.Names, path string, obj int, key string) {
	if names.Seen(d.sc.Text(), obj, key) && !d.dup.set {
		d.dup = dupFound{set: true, path: path, obj: obj, name: key}
	}
}

// duplicateError returns the error for d's duplicate in the text s.
func (d *decoder) duplicateError(s string) error {
	first, second := jsonwire.MemberOffsets(s, d.dup.obj, d.dup.name)
	return &DuplicateMemberError{Path: d.dup.path, Name: d.dup.name, First: first, Second: second}
}
