package identity

import "time"

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
	zero  uint16
	extra []member
}

// forget drops what is remembered about member slot, before it is
// assigned again (a repeated member: the last one wins).
func (w *wireState) forget(slot int) {
	bit := uint16(1) << slot
	if w.zero&bit == 0 {
		return
	}
	w.zero &^= bit
	for i := range w.extra {
		if int(w.extra[i].slot) == slot {
			w.extra = append(w.extra[:i:i], w.extra[i+1:]...)
			return
		}
	}
}

// keepRaw records member slot as present with the raw text.
func (w *wireState) keepRaw(slot int, name, raw string) {
	w.zero |= 1 << slot
	w.extra = append(w.extra, member{name: name, raw: raw, slot: int8(slot)})
}

// keepUnknown records a member the model does not know.
func (w *wireState) keepUnknown(name, raw string) {
	w.extra = append(w.extra, member{name: name, raw: raw, slot: -1})
}

// raw returns the raw text kept for member slot.
func (w *wireState) raw(slot int) (string, bool) {
	for i := range w.extra {
		if int(w.extra[i].slot) == slot {
			return w.extra[i].raw, true
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
	wireState
	decoded bool

	cdForm form
	cdRaw  string
	cdVal  time.Time

	mfaForm form
	mfaRaw  string
	mfaVal  bool
}
