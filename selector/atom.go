package selector

import (
	"slices"
	"strings"
)

// atom is a set of strings of one of two shapes: a single value (eq), or
// the strings that start with pre, end with suf, equal no notEq value,
// start with no notPre value and end with no notSuf value. Every
// predicate a field selector states, and every complement of one, is a
// finite union of atoms.
type atom struct {
	eq     bool
	val    string // the value, when eq
	pre    string
	suf    string
	notEq  []string // sorted, unique
	notPre []string // sorted, unique
	notSuf []string // sorted, unique
}

// anyAtom is the atom of every string.
var anyAtom = atom{}

func eqAtom(v string) atom { return atom{eq: true, val: v} }

// universal reports whether a is every string.
func (a *atom) universal() bool {
	return !a.eq && a.pre == "" && a.suf == "" && len(a.notEq) == 0 && len(a.notPre) == 0 && len(a.notSuf) == 0
}

// has reports whether v is in a.
func (a *atom) has(v string) bool {
	if a.eq {
		return v == a.val
	}
	if !strings.HasPrefix(v, a.pre) || !strings.HasSuffix(v, a.suf) {
		return false
	}
	if _, found := slices.BinarySearch(a.notEq, v); found {
		return false
	}
	for _, q := range a.notPre {
		if strings.HasPrefix(v, q) {
			return false
		}
	}
	for _, q := range a.notSuf {
		if strings.HasSuffix(v, q) {
			return false
		}
	}
	return true
}

// empty reports whether a holds no string. A single value is never
// empty (intersect keeps only values that pass). Otherwise a is empty
// exactly when a NotStartsWith value is a prefix of pre, or a NotEndsWith
// value a suffix of suf: when neither holds, pre + z…z + suf, with enough
// of a character z that no excluded prefix or suffix continues with, is in
// a (values are over an unbounded alphabet; the witness search in
// sample confirms the string it returns).
func (a *atom) empty() bool {
	if a.eq {
		return false
	}
	for _, q := range a.notPre {
		if strings.HasPrefix(a.pre, q) {
			return true
		}
	}
	for _, q := range a.notSuf {
		if strings.HasSuffix(a.suf, q) {
			return true
		}
	}
	return false
}

// intersect returns a ∩ b and whether it is non-empty.
func intersectAtoms(a, b atom) (atom, bool) {
	switch {
	case a.eq && b.eq:
		return a, a.val == b.val
	case a.eq:
		return a, b.has(a.val)
	case b.eq:
		return b, a.has(b.val)
	}
	var c atom
	switch {
	case strings.HasPrefix(a.pre, b.pre):
		c.pre = a.pre
	case strings.HasPrefix(b.pre, a.pre):
		c.pre = b.pre
	default:
		return c, false
	}
	switch {
	case strings.HasSuffix(a.suf, b.suf):
		c.suf = a.suf
	case strings.HasSuffix(b.suf, a.suf):
		c.suf = b.suf
	default:
		return c, false
	}
	c.notEq = mergeSorted(a.notEq, b.notEq)
	c.notPre = mergeSorted(a.notPre, b.notPre)
	c.notSuf = mergeSorted(a.notSuf, b.notSuf)
	c.tidy()
	return c, !c.empty()
}

// tidy drops the exclusions that exclude nothing a's positive part holds
// or that another exclusion already covers, so equal sets tend to equal
// atoms and rendered selectors stay short.
func (a *atom) tidy() {
	pos := atom{pre: a.pre, suf: a.suf}
	a.notPre = keep(a.notPre, func(q string) bool {
		// q excludes something only when it and pre agree.
		return strings.HasPrefix(q, a.pre) || strings.HasPrefix(a.pre, q)
	})
	a.notSuf = keep(a.notSuf, func(q string) bool {
		return strings.HasSuffix(q, a.suf) || strings.HasSuffix(a.suf, q)
	})
	neg := atom{notPre: a.notPre, notSuf: a.notSuf}
	a.notEq = keep(a.notEq, func(v string) bool { return pos.has(v) && neg.has(v) })
}

// keep returns the elements of v for which f holds, in a new slice (nil
// when none does): atoms share their slices, so none is changed in place.
func keep(v []string, f func(string) bool) []string {
	var out []string
	for _, x := range v {
		if f(x) {
			out = append(out, x)
		}
	}
	return out
}

// complementAtom returns the strings not in a, as a union of atoms.
func complementAtom(a atom) []atom {
	if a.eq {
		return []atom{{notEq: []string{a.val}}}
	}
	var out []atom
	if a.pre != "" {
		out = append(out, atom{notPre: []string{a.pre}})
	}
	if a.suf != "" {
		out = append(out, atom{notSuf: []string{a.suf}})
	}
	for _, v := range a.notEq {
		out = append(out, eqAtom(v))
	}
	for _, q := range a.notPre {
		out = append(out, atom{pre: q})
	}
	for _, q := range a.notSuf {
		out = append(out, atom{suf: q})
	}
	return out
}

// subsetAtom reports whether a ⊆ b, a being non-empty. It is a ∩ ¬b
// empty, decided without building ¬b: a's strings all start with b.pre
// only if b.pre is a prefix of a.pre (a holds pre+z…z+suf for all but
// finitely many z), likewise for suffixes, and each exclusion of b must
// exclude nothing a holds.
func subsetAtom(a, b atom) bool {
	if b.universal() {
		return true
	}
	if a.eq {
		return b.has(a.val)
	}
	if b.eq {
		return false // a is not empty and not one value: it is infinite
	}
	if !strings.HasPrefix(a.pre, b.pre) || !strings.HasSuffix(a.suf, b.suf) {
		return false
	}
	for _, v := range b.notEq {
		if a.has(v) {
			return false
		}
	}
	for _, q := range b.notPre {
		// a ∩ Pre(q): empty when q and a.pre disagree, or when an
		// exclusion of a is a prefix of the longer of the two.
		var p string
		switch {
		case strings.HasPrefix(q, a.pre):
			p = q
		case strings.HasPrefix(a.pre, q):
			p = a.pre
		default:
			continue
		}
		if !excludedPrefix(a.notPre, p) {
			return false
		}
	}
	for _, q := range b.notSuf {
		var x string
		switch {
		case strings.HasSuffix(q, a.suf):
			x = q
		case strings.HasSuffix(a.suf, q):
			x = a.suf
		default:
			continue
		}
		if !excludedSuffix(a.notSuf, x) {
			return false
		}
	}
	return true
}

func excludedPrefix(notPre []string, p string) bool {
	for _, x := range notPre {
		if strings.HasPrefix(p, x) {
			return true
		}
	}
	return false
}

func excludedSuffix(notSuf []string, s string) bool {
	for _, x := range notSuf {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

func mergeSorted(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]string, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	slices.Sort(out)
	return slices.Compact(out)
}

func sortedUnique(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return slices.Compact(s)
}

// sample returns a string of a and whether it found one. It prefers short,
// readable strings: pre+suf, then pre+filler+suf with a few fillers, then
// a filler long enough, of a character no exclusion continues with.
func (a *atom) sample() (string, bool) {
	if a.eq {
		return a.val, true
	}
	if a.empty() {
		return "", false
	}
	for _, f := range []string{"", "example", "x", "0", "-example-"} {
		if v := a.pre + f + a.suf; a.has(v) {
			return v, true
		}
	}
	n := 1
	for _, set := range [][]string{a.notEq, a.notPre, a.notSuf} {
		for _, v := range set {
			n = max(n, len(v)+1)
		}
	}
	for _, z := range "xyzqjkw0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-.~" {
		if v := a.pre + strings.Repeat(string(z), n) + a.suf; a.has(v) {
			return v, true
		}
	}
	for z := rune(0x100); z < 0x2000; z++ {
		if v := a.pre + strings.Repeat(string(z), n) + a.suf; a.has(v) {
			return v, true
		}
	}
	return "", false
}

// fset is a set of strings: the union of its atoms. The nil fset is
// empty; full() is every string.
type fset []atom

func full() fset { return fset{anyAtom} }

func (s fset) universal() bool {
	for i := range s {
		if s[i].universal() {
			return true
		}
	}
	return false
}

func (s fset) has(v string) bool {
	for i := range s {
		if s[i].has(v) {
			return true
		}
	}
	return false
}

// intersect returns s ∩ t.
func (s fset) intersect(t fset) fset {
	if s.universal() {
		return t
	}
	if t.universal() {
		return s
	}
	// Fast paths: a finite side keeps the values the other holds.
	if s.finite() {
		return s.filter(t)
	}
	if t.finite() {
		return t.filter(s)
	}
	var out fset
	for _, a := range s {
		for _, b := range t {
			if c, ok := intersectAtoms(a, b); ok {
				out = append(out, c)
			}
		}
	}
	return out.simplify()
}

// complement returns the strings not in s.
func (s fset) complement() fset {
	if vals, ok := s.values(); ok {
		return fset{{notEq: sortedUnique(vals)}}
	}
	out := full()
	for _, a := range s {
		out = out.intersect(fset(complementAtom(a)))
		if len(out) == 0 {
			break
		}
	}
	return out
}

// values returns the values of s when s is finite (all its atoms single
// values).
func (s fset) values() ([]string, bool) {
	for i := range s {
		if !s[i].eq {
			return nil, false
		}
	}
	out := make([]string, len(s))
	for i := range s {
		out[i] = s[i].val
	}
	return out, true
}

// subset reports whether s ⊆ t.
func (s fset) subset(t fset) bool {
	if t.universal() {
		return true
	}
	if vals, ok := s.values(); ok {
		has := t.has
		if len(vals) > 8 && len(t) > 8 {
			has = t.lookup()
		}
		for _, v := range vals {
			if !has(v) {
				return false
			}
		}
		return true
	}
	if _, ok := t.values(); ok {
		return false // s holds an infinite atom, t finitely many values
	}
	// Fast path: each atom of s inside one atom of t.
	inOne := true
	for i := range s {
		found := false
		for j := range t {
			if subsetAtom(s[i], t[j]) {
				found = true
				break
			}
		}
		if !found {
			inOne = false
			break
		}
	}
	if inOne {
		return true
	}
	return len(s.intersect(t.complement())) == 0
}

// finite reports whether every atom of s is a single value.
func (s fset) finite() bool {
	for i := range s {
		if !s[i].eq {
			return false
		}
	}
	return true
}

// filter returns the values of the finite s that t holds, each once.
func (s fset) filter(t fset) fset {
	has := t.has
	if len(s) > 8 && len(t) > 8 {
		has = t.lookup()
	}
	out := make(fset, 0, len(s))
	for _, a := range s {
		if has(a.val) {
			out = append(out, a)
		}
	}
	// Each value once (s may name one twice), in s's order: the first
	// value is the preferred sample.
	if len(out) > 8 {
		seen := make(map[string]bool, len(out))
		return slices.DeleteFunc(out, func(a atom) bool {
			dup := seen[a.val]
			seen[a.val] = true
			return dup
		})
	}
	for i := 1; i < len(out); i++ {
		for j := 0; j < i; j++ {
			if out[j].val == out[i].val {
				out = slices.Delete(out, i, i+1)
				i--
				break
			}
		}
	}
	return out
}

// lookup returns t.has, with its single values in a map.
func (t fset) lookup() func(string) bool {
	vals := make(map[string]bool)
	var rest fset
	for _, a := range t {
		if a.eq {
			vals[a.val] = true
		} else {
			rest = append(rest, a)
		}
	}
	return func(v string) bool { return vals[v] || rest.has(v) }
}

// simplify drops empty atoms and atoms another atom holds.
func (s fset) simplify() fset {
	out := s[:0:0]
	for _, a := range s {
		if !a.empty() {
			out = append(out, a)
		}
	}
	if len(out) > 64 {
		return out // subsumption is quadratic; a union this wide is rare
	}
	keep := out[:0:0]
outer:
	for i, a := range out {
		for j, b := range out {
			if i == j {
				continue
			}
			// Drop a when b holds it; of two equal atoms keep the first.
			if subsetAtom(a, b) && (j < i || !subsetAtom(b, a)) {
				continue outer
			}
		}
		keep = append(keep, a)
	}
	return keep
}

// sample returns a string of s.
func (s fset) sample() (string, bool) {
	for i := range s {
		if v, ok := s[i].sample(); ok {
			return v, true
		}
	}
	return "", false
}

// valuesOf returns the strings a field selector accepts: a value of a
// SELECT operator (any string when there is none) that is the value of no
// DESELECT operator.
func valuesOf(f *Field) fset {
	neg := atom{notEq: sortedUnique(f.NotEquals), notPre: sortedUnique(f.NotStartsWith), notSuf: sortedUnique(f.NotEndsWith)}
	neg.tidy()
	if neg.empty() {
		return nil
	}
	if len(f.Equals)+len(f.StartsWith)+len(f.EndsWith) == 0 {
		return fset{neg}
	}
	var pos fset
	for _, v := range f.Equals {
		pos = append(pos, eqAtom(v))
	}
	for _, v := range f.StartsWith {
		pos = append(pos, atom{pre: v})
	}
	for _, v := range f.EndsWith {
		pos = append(pos, atom{suf: v})
	}
	return pos.intersect(fset{neg})
}
