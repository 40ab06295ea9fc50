package jsonwire

// Names finds a member name read twice in one object, at little cost per
// member: a 128-bit filter of the names read so far, with the object read
// again only when a name's bit is already set (a repeat, or two names
// sharing a bit), and a map once the object has more members than the
// filter tells apart, so that an object of many members costs linear
// time. The zero value is ready to use.
type Names struct {
	bits  [2]uint64
	n     int
	names map[string]struct{}
}

// namesFiltered is how many members an object may have before Names
// keeps a map of them.
const namesFiltered = 24

// Seen reports whether the object of text s that starts at offset obj
// had a member named name before the one just read, which is its Seen
// call's n-th: calls must come in member order, one per member.
func (c *Names) Seen(s string, obj int, name string) bool {
	return c.SeenAt(s, obj, c.n, name)
}

// SeenAt is Seen for a caller that asks about some members only (those
// that no other check covers): i is the index, from 0, of the member just
// read among all the members of the object. Calls must come in member
// order.
func (c *Names) SeenAt(s string, obj, i int, name string) bool {
	c.n++
	if c.names == nil && c.n > namesFiltered {
		c.names = make(map[string]struct{}, 2*namesFiltered)
		c.readBefore(s, obj, i, func(key string) bool { c.names[key] = struct{}{}; return false })
	}
	if c.names != nil {
		if _, ok := c.names[name]; ok {
			return true
		}
		c.names[name] = struct{}{}
		return false
	}
	h := uint(len(name)) * 0x9E3779B1
	if len(name) > 0 {
		h ^= uint(name[0])*0x85EBCA6B ^ uint(name[len(name)-1])*0xC2B2AE35 ^ uint(name[len(name)/2])*0x27D4EB2F
	}
	h ^= h >> 15
	bit := uint64(1) << (h & 63)
	w := &c.bits[(h>>6)&1]
	if *w&bit == 0 {
		*w |= bit
		return false
	}
	return c.readBefore(s, obj, i, func(key string) bool { return key == name })
}

// readBefore calls f with the names of the first n members of the
// object at obj, until f returns true, and returns whether it did.
func (c *Names) readBefore(s string, obj, n int, f func(string) bool) bool {
	sc := New(s)
	sc.Reset(obj)
	if sc.BeginObject() != nil {
		return false
	}
	for ; n > 0; n-- {
		key, ok, err := sc.NextKey()
		if err != nil || !ok {
			return false
		}
		if f(key) {
			return true
		}
		if _, err := sc.SkipValue(); err != nil {
			return false
		}
	}
	return false
}

// MemberOffsets returns the offsets in s of the first two members named
// name of the object that starts at obj (white space may come first):
// the offsets of their opening quotes, -1 for one not found.
func MemberOffsets(s string, obj int, name string) (first, second int) {
	first, second = -1, -1
	sc := New(s)
	sc.Reset(obj)
	if sc.BeginObject() != nil {
		return
	}
	for {
		pos := sc.Pos()
		key, ok, err := sc.NextKey()
		if err != nil || !ok {
			return
		}
		if key == name {
			at := pos
			for at < len(s) && s[at] != '"' {
				at++
			}
			if first < 0 {
				first = at
			} else {
				second = at
				return
			}
		}
		if _, err := sc.SkipValue(); err != nil {
			return
		}
	}
}
