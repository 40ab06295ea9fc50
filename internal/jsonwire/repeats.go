package jsonwire

import (
	"slices"
	"strings"
)

// Repeat is a member name that an object has twice with values whose
// texts differ.
type Repeat struct {
	Index         int    // the object's index in the objs given to DropRepeats
	Name          string // the member name, unescaped
	First, Second int    // offsets of the two members' opening quotes
}

// DropRepeats returns s without every member of the objects of s that
// start at the offsets objs (white space may come first) whose name an
// earlier member of the same object has and whose value is the same text,
// byte for byte, as that earlier member's: such a repeat says nothing the
// first member does not, under any reading of the object. Names are
// compared unescaped, as a decoder sees them; values as written, so the
// same value with other white space or other escapes is another value.
// Each dropped member goes with the ',' and white space before it.
//
// When a member repeats a name with another value, DropRepeats returns s
// and that repeat: the first in text order of the first such object in
// objs order. Objects that are not well formed are left as they are.
// An object may be listed more than once (it is read once), and so may
// objects nested in dropped members.
//
// It reads the objects once each, in time linear in their length (a
// nested object listed too is read again), and is meant for the rare
// record that has a member twice.
func DropRepeats(s string, objs []int) (string, *Repeat) {
	type cut struct{ from, to int }
	var cuts []cut
	type firstMember struct{ quote, value, end int }
	done := make(map[int]bool, len(objs))
	for k, obj := range objs {
		if done[obj] {
			continue
		}
		done[obj] = true
		sc := New(s)
		sc.Reset(obj)
		if sc.BeginObject() != nil {
			continue
		}
		firsts := make(map[string]firstMember)
		prevEnd := -1
		for {
			pos := sc.Pos()
			key, ok, err := sc.NextKey()
			if err != nil || !ok {
				break
			}
			quote := pos + strings.IndexByte(s[pos:], '"')
			v, err := sc.SkipValue()
			if err != nil {
				break
			}
			end := sc.Pos()
			if f, ok := firsts[key]; !ok {
				firsts[key] = firstMember{quote, end - len(v), end}
			} else if s[f.value:f.end] != v {
				return s, &Repeat{Index: k, Name: key, First: f.quote, Second: quote}
			} else {
				cuts = append(cuts, cut{prevEnd, end})
			}
			prevEnd = end
		}
	}
	if len(cuts) == 0 {
		return s, nil
	}
	slices.SortFunc(cuts, func(a, b cut) int { return a.from - b.from })
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for _, c := range cuts {
		if c.from < at {
			continue // inside a member dropped already, or the same one
		}
		b.WriteString(s[at:c.from])
		at = c.to
	}
	b.WriteString(s[at:])
	return b.String(), nil
}
