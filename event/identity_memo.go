package event

import (
	"bytes"
	"slices"
	"strings"

	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/idstore"
)

// This file holds what a Reader decoding records in full remembers of
// the userIdentity values it decoded: the records of a log file repeat
// their userIdentity text (one caller makes many calls), and a record
// whose identity text is one decoded before gets a copy of that value
// instead of decoding the text again.
//
// The records stay independent of each other: each gets its own copy of
// the identity and of every object nested in it (sessionContext,
// sessionIssuer, attributes, webIdFederationData, onBehalfOf, inScopeOf,
// invokedByDelegate) and of the raw webIdFederationData.attributes; they
// share only what cannot be changed, strings and the raw members package
// identity keeps (which it never writes again once decoded). Changing one
// record's identity changes no other record's (TestIdentityMemoIndependent).

// idMemo holds the userIdentity values a Reader decoded in full, by
// their text: memoSets sets of memoWays values (as the projection's
// memos), each kept once its text was met a second time (see seen), so
// that a file whose records all have identities of their own costs no
// copy and no second decoding per record.
type idMemo struct {
	e    [memoSets][memoWays]*idEntry
	next [memoSets]uint8
	// seen holds fingerprints (see fingerprint) of texts met once, by
	// their set, in place of the oldest: a text met a second time is
	// kept.
	seen     [memoSets][memoWays]uint64
	nextSeen [memoSets]uint8
}

// idEntry is a userIdentity value decoded from text, a copy of the text
// made for it (so that the memo keeps no chunk of input alive), with
// room for its nested objects. It is never written once stored: records
// get copies of it.
type idEntry struct {
	text string
	u    *identity.UserIdentity
	st   identityStorage
	s    identitySession
	ob   identity.OnBehalfOf
}

// match returns the entry of set k whose text s starts with, or nil. A
// JSON value ends where its text says: a value whose text starts with
// one decoded before is that value.
func (m *idMemo) match(s string, k int) *idEntry {
	for _, e := range &m.e[k] {
		if e != nil && len(s) >= len(e.text) && s[:len(e.text)] == e.text {
			return e
		}
	}
	return nil
}

// fingerprint tells texts of one set apart, probably, cheaply: by their
// length and some of their bytes past those the set is of. Two texts of
// one fingerprint cost at most an entry kept that is not met again.
func fingerprint(t string) uint64 {
	h := uint64(len(t))
	if len(t) >= 16 {
		h ^= le64(t[len(t)-8:]) * 0x9E3779B97F4A7C15
		h ^= le64(t[len(t)/2:]) * 0xC2B2AE3D27D4EB4F
	}
	return h | 1 // never the zero of an empty slot
}

// missed notes t, the text of a userIdentity of set k that decoded well
// and is not in the memo: the second time it is met, a copy of its value
// is kept, unless the text is longer than memoMax.
func (m *idMemo) missed(t string, k int) {
	if len(t) > memoMax {
		return
	}
	fp := fingerprint(t)
	seen := &m.seen[k]
	i := slices.Index(seen[:], fp)
	if i < 0 {
		w := m.nextSeen[k]
		m.nextSeen[k] = (w + 1) % memoWays
		seen[w] = fp
		return
	}
	seen[i] = 0
	e := &idEntry{text: strings.Clone(t)}
	e.st.S, e.st.OB = &e.s, &e.ob
	// Decoded again from the copy, so that its strings are views of the
	// copy rather than of the input.
	u, n, err := idstore.DecodeString(&e.st, e.text)
	if err != nil || n != len(e.text) {
		return // not expected: the text decoded before
	}
	e.u = u
	w := m.next[k]
	m.next[k] = (w + 1) % memoWays
	m.e[k][w] = e
}

// cloneIdentity copies the identity src into st, the room of a record's
// block, with its own copy of each nested object and of the raw
// webIdFederationData.attributes, and returns it. The nested objects go
// into st's room for them when it has some, else they are allocated.
func cloneIdentity(st *identityStorage, src *identity.UserIdentity) *identity.UserIdentity {
	u := &st.U
	*u = *src
	st.Used = true // decoding into st again must clear it first
	if c := src.SessionContext; c != nil {
		if st.S == nil {
			st.S = new(identitySession)
		}
		s := st.S
		s.SC = *c
		u.SessionContext = &s.SC
		if x := c.SessionIssuer; x != nil {
			s.SI = *x
			s.SC.SessionIssuer = &s.SI
		}
		if x := c.Attributes; x != nil {
			s.AT = *x
			s.SC.Attributes = &s.AT
		}
		if x := c.WebIDFederationData; x != nil {
			s.WF = *x
			if x.Attributes != nil {
				s.WF.Attributes = bytes.Clone(x.Attributes)
			}
			s.SC.WebIDFederationData = &s.WF
		}
	}
	if x := src.OnBehalfOf; x != nil {
		if st.OB == nil {
			st.OB = new(identity.OnBehalfOf)
		}
		*st.OB = *x
		u.OnBehalfOf = st.OB
	}
	if x := src.InScopeOf; x != nil {
		v := *x
		u.InScopeOf = &v
	}
	if x := src.InvokedByDelegate; x != nil {
		v := *x
		u.InvokedByDelegate = &v
	}
	return u
}

// userIdentityMemo is userIdentity, the identity object starting at
// offset start of the text, for a decoder with a memo: a copy of the
// value decoded before from the same text, or decoded and noted.
func (d *decoder) userIdentityMemo(start int) error {
	m := d.ids
	text := d.sc.Text()[start:]
	k := memoSet(text, 0)
	var u *identity.UserIdentity
	var n int
	if e := m.match(text, k); e != nil {
		blk := d.blk
		if blk == nil {
			if e.u.SessionContext != nil {
				sb := new(sessionBlock)
				sb.blk.id.S = &sb.s
				blk = &sb.blk
			} else {
				blk = new(block)
			}
			d.blk = blk
		}
		u, n = cloneIdentity(&blk.id, e.u), len(e.text)
	} else {
		var err error
		u, n, err = idstore.DecodeString(&d.identityBlock(text).id, text)
		if err != nil {
			return &identErr{base: start, err: err}
		}
		m.missed(text[:n], k)
	}
	d.sc.Reset(start + n)
	d.identLen = max(d.identLen, n)
	d.set(fUserIdentity)
	d.r.UserIdentity = u
	return nil
}

// idMemo returns the Reader's memo of identities, or nil. It is made
// once the Reader has read idMemoAfter records of one input (it is
// kept across Reset): a Reader made for a small file does without its 16
// KiB.
func (r *Reader) idMemo() *idMemo {
	if r.ids == nil && r.sum.Records >= idMemoAfter {
		r.ids = new(idMemo)
	}
	return r.ids
}

// idMemoAfter is how many records of one input a Reader reads before it
// remembers identities.
const idMemoAfter = 8
