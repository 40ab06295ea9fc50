package identity

import (
	"math/bits"
	"time"
)

// member is a member kept as raw JSON text: a member the model does not
// know (slot < 0), or a known member whose value is null or not of the
// documented JSON type (slot is its index in the struct's member order).
type member struct {
	name string
	raw  string
	slot int8
}

// wireState is what decoding saw and the typed fields do not hold.
type wireState struct {
	// zero has bit i set when member i was present with a value its field
	// holds as the zero value: "", null, or a value of another JSON type
	// (whose text is then in extra).
	zero uint16
	// seen has bit i set when decoding read member i, and seenTwice when
	// it read a known member a second time (a duplicate, refused).
	seen uint16
	// raws has bit i set when extra holds a raw member for member i (one
	// at most: see forget). It takes what would be padding.
	raws uint16
	// extra holds the raw members, nil when there are none (most
	// elements): a pointer keeps every element 16 bytes smaller.
	extra *extras
	// order lists the members in the order decoding saw them, four bits
	// each from the lowest: slot+1 for a known member, orderUnknown for
	// the next unknown member of extra, 0 after the last. An element with
	// more members than order holds has zero's bit unordered set and is
	// written in the documented order.
	order uint64
}

const (
	orderUnknown = 0xF
	// unordered is the bit of wireState.zero set when the member order
	// overflowed order (no element has 14 known members).
	unordered = 1 << 15
	// reordered is the bit of wireState.zero set when the members came
	// in another order than the documented one (known members in slot
	// order, then unknown ones), which AppendJSON then follows.
	reordered = 1 << 14
)

// seenTwice is the bit of wireState.seen set when a known member was
// read twice.
const seenTwice = 1 << 15

// note records that the next member read is slot (-1: unknown).
func (w *wireState) note(slot int) {
	v := uint64(orderUnknown)
	if slot >= 0 {
		v = uint64(slot) + 1
		bit := uint16(1) << slot
		if w.seen&bit != 0 {
			w.seen |= seenTwice
		}
		w.seen |= bit
	}
	// The nibbles in use are the low ones, each not zero.
	n := (bits.Len64(w.order) + 3) &^ 3
	if n > 0 && v != orderUnknown && w.order>>(n-4)&0xF > v {
		w.zero |= reordered
	}
	if n < 64 {
		w.order |= v << n
		return
	}
	w.zero |= unordered
}

// extras are the raw members of an element, in the order read.
type extras struct {
	m     []member
	first [1]member // m's first array, so that one raw member costs one allocation
}

// members returns the raw members.
func (w *wireState) members() []member {
	if w.extra == nil {
		return nil
	}
	return w.extra.m
}

// add appends a raw member.
func (w *wireState) add(m member) {
	if w.extra == nil {
		w.extra = new(extras)
		w.extra.m = w.extra.first[:0]
	}
	w.extra.m = append(w.extra.m, m)
}

// forget drops what is remembered about member slot, before it is
// assigned again (a repeated member: the last one wins), and returns how
// many raw members it looked at. The raw member kept for slot, if any,
// is the only one (each forgets the one before) and is looked for from
// the end: a search passes only the members kept since it, and the next
// search for slot only members kept after the next, so that the searches
// of an element cost at most its slots times its members, whatever it
// repeats.
func (w *wireState) forget(slot int) int {
	bit := uint16(1) << slot
	w.zero &^= bit
	if w.raws&bit == 0 {
		return 0
	}
	w.raws &^= bit
	ms := w.extra.m
	for i := len(ms) - 1; i >= 0; i-- {
		if int(ms[i].slot) == slot {
			w.extra.m = append(ms[:i], ms[i+1:]...)
			return len(ms) - i
		}
	}
	return len(ms)
}

// keepRaw records member slot as present with the raw text.
func (w *wireState) keepRaw(slot int, name, raw string) {
	w.zero |= 1 << slot
	w.raws |= 1 << slot
	w.add(member{name: name, raw: raw, slot: int8(slot)})
}

// keepUnknown records a member the model does not know.
func (w *wireState) keepUnknown(name, raw string) {
	w.add(member{name: name, raw: raw, slot: -1})
}

// raw returns the raw text kept for member slot.
func (w *wireState) raw(slot int) (string, bool) {
	for _, m := range w.members() {
		if int(m.slot) == slot {
			return m.raw, true
		}
	}
	return "", false
}

// form is how a member of sessionContext.attributes was written.
type form uint8

const (
	formAbsent form = iota // not present
	formString             // the documented string form: "true", "2023-07-19T21:11:57Z"
	formBasic              // creationDate in ISO 8601 basic layout: "20131102T010628Z"
	formBool               // mfaAuthenticated as a JSON boolean
	formRaw                // anything else, kept as raw text
)

// attrWire is wireState for Attributes, which also remembers the form and
// value of creationDate and mfaAuthenticated as decoded.
type attrWire struct {
	decoded bool
	cdForm  form
	mfaForm form
	mfaVal  bool
	// cdNsec and cdSec are the instant creationDate decoded to (kept as
	// numbers rather than a time.Time to keep the struct small).
	cdNsec int32

	wireState
	cdRaw  string
	cdSec  int64
	mfaRaw string
}

// setCreationDate remembers the instant creationDate decoded to.
func (w *attrWire) setCreationDate(t time.Time) {
	w.cdSec, w.cdNsec = t.Unix(), int32(t.Nanosecond())
}

// sameCreationDate reports whether t is the instant creationDate decoded
// to, as time.Time.Equal would.
func (w *attrWire) sameCreationDate(t time.Time) bool {
	return t.Unix() == w.cdSec && int32(t.Nanosecond()) == w.cdNsec
}
