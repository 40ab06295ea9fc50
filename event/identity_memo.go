package event

import (
	"bytes"
	"slices"
	"strings"
	"unsafe"

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
	// next is, per member read (by its field, keyUnknown for a name
	// Record has no field for, keyFirst before the first), the names
	// of the members that followed it last, as the projection keeps
	// them (see keyGuess): the records of a file name their members in
	// the same order, and a name found where it was expected is neither
	// scanned nor looked up (see decoder.recordGuess).
	next [numFields + 2]keyGuesses

	e     [memoSets][memoWays]*idEntry
	nextE [memoSets]uint8
	// idOnce holds the identity texts met once; idUse counts the
	// look-ups (see memoUse).
	idOnce metOnce
	idUse  memoUse

	// skipped holds texts of the raw payloads (objects and arrays) read
	// before, found well formed, as the projection's memo of that name:
	// the records of a file often repeat them (the same call made
	// again), and a value whose text starts with one of these is that
	// value again, which needs no checking. Made when first needed;
	// skipUse counts its look-ups (see memoUse).
	skipped *memo
	skipUse memoUse

	// tls and res hold tlsDetails and resources values decoded before,
	// by their text, as the projection's memos do: a record with one of
	// them gets a copy of the value (its own TLSDetails, its own
	// Resources) instead of decoding it again. The values kept have no
	// raw members, and their strings are views of a copy of their text
	// (see rebase). Made when first needed.
	tls *tlsValMemo
	res *resValMemo
	// tlsOnce and resOnce hold the texts of those met once (see
	// metOnce), made with the memos; tlsUse and resUse count their
	// look-ups (see memoUse).
	tlsOnce, resOnce *metOnce
	tlsUse, resUse   memoUse
}

// tlsValMemo is the texts of tlsDetails values decoded before and the
// values, allocated when kept (most sets hold none).
type tlsValMemo struct {
	memo
	val [memoSets][memoWays]*TLSDetails
}

// resValMemo is the texts of resources arrays decoded before and their
// values.
type resValMemo struct {
	memo
	val [memoSets][memoWays][]Resource
}

// idEntry is a userIdentity value decoded from text, a copy of the text
// made for it (so that the memo keeps no chunk of input alive); its
// nested objects are allocated as it has them. It is never written once
// stored: records get copies of it.
type idEntry struct {
	text string
	u    *identity.UserIdentity
	st   identityStorage
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

// fingerprint is a hash of the whole text t, which tells texts of one
// set apart: two texts of one fingerprint cost at most an entry kept that
// is not met again.
func fingerprint(t string) uint64 {
	h := uint64(len(t)) * 0x9E3779B97F4A7C15
	for len(t) >= 8 {
		h = (h ^ le64(t)) * 0x9E3779B97F4A7C15
		t = t[8:]
	}
	for i := 0; i < len(t); i++ {
		h = (h ^ uint64(t[i])) * 0x9E3779B97F4A7C15
	}
	return h | 1 // never the zero of an empty slot
}

// metOnce holds fingerprints (see fingerprint) of texts met once, by
// their set, in place of the oldest: a memo keeps a text met a second
// time only, so that values met once cost no copy.
type metOnce struct {
	fp   [memoSets][memoWays]uint64
	next [memoSets]uint8
}

// again reports whether t, of set k, was met before (forgetting it), and
// otherwise notes it.
func (o *metOnce) again(t string, k int) bool {
	fp := fingerprint(t)
	seen := &o.fp[k]
	if i := slices.Index(seen[:], fp); i >= 0 {
		seen[i] = 0
		return true
	}
	w := o.next[k]
	o.next[k] = (w + 1) % memoWays
	seen[w] = fp
	return false
}

// memoUse counts a memo's look-ups and those that found a text met
// before (in the memo, or met once before: see metOnce), so that a memo
// whose texts seldom repeat, which would not pay for hashing them, is
// left for good: once 512 look-ups have found fewer than one in eight.
type memoUse struct {
	tries, hits int
	off         bool
}

// look counts a look-up, hit when it found the text, and reports whether
// the memo is now to be left.
func (u *memoUse) look(hit bool) bool {
	u.tries++
	if hit {
		u.hits++
	} else if u.tries >= 512 && u.hits < u.tries/8 {
		u.off = true
	}
	return u.off
}

// again counts a text not in the memo but met once before.
func (u *memoUse) again() { u.hits++ }

// missed notes t, the text of a userIdentity of set k that decoded well
// and is not in the memo: the second time it is met, a copy of its value
// is kept, unless the text is longer than memoMax.
func (m *idMemo) missed(t string, k int) {
	if len(t) > memoMax {
		return
	}
	if !m.idOnce.again(t, k) {
		return
	}
	m.idUse.again()
	e := &idEntry{text: strings.Clone(t)}
	// Decoded again from the copy, so that its strings are views of the
	// copy rather than of the input.
	u, n, err := idstore.DecodeString(&e.st, e.text)
	if err != nil || n != len(e.text) {
		return // not expected: the text decoded before
	}
	e.u = u
	w := m.nextE[k]
	m.nextE[k] = (w + 1) % memoWays
	m.e[k][w] = e
}

// cloneIdentity copies the identity src into st, the room of a record's
// block, with its own copy of each nested object and of the raw
// webIdFederationData.attributes, and returns it. The nested objects go
// into st's room for them when it has some, else they are allocated.
func cloneIdentity(st *identityStorage, src *identity.UserIdentity) *identity.UserIdentity {
	st.Used = true // decoding into st again must clear it first
	var room identityRoom
	if src.SessionContext != nil {
		if st.S == nil {
			st.S = new(identitySession)
		}
		room.session = sessionRoom{&st.S.SC, &st.S.SI, &st.S.AT}
		room.wf = &st.S.WF
	}
	if src.OnBehalfOf != nil {
		if st.OB == nil {
			st.OB = new(identity.OnBehalfOf)
		}
		room.ob = st.OB
	}
	cloneInto(&st.U, &room, src)
	return &st.U
}

// identityRoom is where cloneInto copies an identity's nested objects:
// room for each of them, or nil where the copy is to be allocated.
type identityRoom struct {
	session sessionRoom
	wf      *identity.WebIDFederationData
	ob      *identity.OnBehalfOf
}

// sessionRoom is room for a sessionContext and the objects nested in it
// that most have, or nil where a copy is to be allocated.
type sessionRoom struct {
	sc *identity.SessionContext
	si *identity.SessionIssuer
	at *identity.Attributes
}

// cloneInto copies the identity src into u, with its own copy of each
// nested object (into room, else allocated) and of the raw
// webIdFederationData.attributes.
func cloneInto(u *identity.UserIdentity, room *identityRoom, src *identity.UserIdentity) {
	*u = *src
	if c := src.SessionContext; c != nil {
		sc := orNew(room.session.sc)
		*sc = *c
		u.SessionContext = sc
		if x := c.SessionIssuer; x != nil {
			v := orNew(room.session.si)
			*v = *x
			sc.SessionIssuer = v
		}
		if x := c.Attributes; x != nil {
			v := orNew(room.session.at)
			*v = *x
			sc.Attributes = v
		}
		if x := c.WebIDFederationData; x != nil {
			v := orNew(room.wf)
			*v = *x
			if x.Attributes != nil {
				v.Attributes = bytes.Clone(x.Attributes)
			}
			sc.WebIDFederationData = v
		}
	}
	if x := src.OnBehalfOf; x != nil {
		v := orNew(room.ob)
		*v = *x
		u.OnBehalfOf = v
	}
	if x := src.InScopeOf; x != nil {
		v := *x
		u.InScopeOf = &v
	}
	if x := src.InvokedByDelegate; x != nil {
		v := *x
		u.InvokedByDelegate = &v
	}
}

// orNew returns p, or a new T when p is nil.
func orNew[T any](p *T) *T {
	if p == nil {
		return new(T)
	}
	return p
}

// place gives the record the copies of the memos' values it is to get
// (see userIdentityMemo, tlsMemo, resourcesMemo), of those the record
// still has: a member read again after one of them replaced it. Without
// a block, they go into one allocation of their size (see newRoom): a
// block has room for every nested value a record may have, which half
// the records of a typical file do not (trail/archive's benchmark tree:
// 848 or 464 bytes a record, against 760, 600, 440 or 280).
func (d *decoder) place() {
	r := d.r
	e, t, v := d.pendID, d.pendTLS, d.pendRes
	d.pendID, d.pendTLS, d.pendRes = nil, nil, nil
	if e != nil && r.UserIdentity != e.u {
		e = nil
	}
	if t != nil && r.TLSDetails != t {
		t = nil
	}
	if v != nil && (len(r.Resources) != len(v) || unsafe.SliceData(r.Resources) != unsafe.SliceData(v)) {
		v = nil
	}
	var room roomParts
	switch {
	case d.blk != nil:
		// A block made after the values were met (a member read by
		// the book): as when it was there before.
		blk := d.blk
		if t != nil && d.slots&(1<<fTLSDetails) == 0 {
			d.slots |= 1 << fTLSDetails
			room.tls = &blk.tls
		}
		if v != nil && !d.resUsed && len(v) <= len(blk.res) {
			d.resUsed = true
			room.res = blk.res[:len(v)]
		}
		if e != nil {
			r.UserIdentity = cloneIdentity(&blk.id, e.u)
			e = nil
		}
	case e != nil:
		n := len(v)
		if n > len(block{}.res) {
			n = 0
		}
		c := e.u.SessionContext
		newRoom(&room, c != nil, c != nil && c.WebIDFederationData != nil, t != nil, n)
	}
	if e != nil {
		cloneInto(room.u, &room.ir, e.u)
		r.UserIdentity = room.u
	}
	if t != nil {
		x := orNew(room.tls)
		*x = *t
		r.TLSDetails = x
	}
	if v != nil {
		rs := room.res
		if rs == nil {
			rs = make([]Resource, len(v), len(v)+2)
		}
		copy(rs, v)
		r.Resources = rs
	}
}

// roomParts is room for a record's nested values copied from the memos;
// a part is nil where there is none.
type roomParts struct {
	u   *identity.UserIdentity
	ir  identityRoom
	tls *TLSDetails
	res []Resource
}

// room is an identity and room for the nested values a record has beside
// it, allocated together: S is sessionParts, sessionWFParts or none, T TLSDetails or
// none, R an array of one or two Resources or none.
type room[S, T, R any] struct {
	s S
	t T
	r R
	u identity.UserIdentity
}

// none is no room for a part of a room.
type none struct{}

// sessionParts is room for a sessionContext and the objects nested in it
// that most have.
type sessionParts struct {
	sc identity.SessionContext
	si identity.SessionIssuer
	at identity.Attributes
}

// sessionWFParts is sessionParts with room for a webIdFederationData,
// which many have empty.
type sessionWFParts struct {
	sessionParts
	wf identity.WebIDFederationData
}

// newRoom allocates a room with a sessionContext's when session is set
// (and a webIdFederationData's when wf is set as well), a TLSDetails'
// when tls is set, and n resources' (0 to 2), and sets p to its parts.
func newRoom(p *roomParts, session, wf, tls bool, n int) {
	k := n
	if tls {
		k += 3
	}
	if session {
		k += 6
		if wf {
			k += 6
		}
	}
	switch k {
	case 0:
		roomOf[none, none, none](p)
	case 1:
		roomOf[none, none, [1]Resource](p)
	case 2:
		roomOf[none, none, [2]Resource](p)
	case 3:
		roomOf[none, TLSDetails, none](p)
	case 4:
		roomOf[none, TLSDetails, [1]Resource](p)
	case 5:
		roomOf[none, TLSDetails, [2]Resource](p)
	case 6:
		roomOf[sessionParts, none, none](p)
	case 7:
		roomOf[sessionParts, none, [1]Resource](p)
	case 8:
		roomOf[sessionParts, none, [2]Resource](p)
	case 9:
		roomOf[sessionParts, TLSDetails, none](p)
	case 10:
		roomOf[sessionParts, TLSDetails, [1]Resource](p)
	case 11:
		roomOf[sessionParts, TLSDetails, [2]Resource](p)
	case 12:
		roomOf[sessionWFParts, none, none](p)
	case 13:
		roomOf[sessionWFParts, none, [1]Resource](p)
	case 14:
		roomOf[sessionWFParts, none, [2]Resource](p)
	case 15:
		roomOf[sessionWFParts, TLSDetails, none](p)
	case 16:
		roomOf[sessionWFParts, TLSDetails, [1]Resource](p)
	default:
		roomOf[sessionWFParts, TLSDetails, [2]Resource](p)
	}
}

// roomOf allocates a room of that shape and sets p to its parts (p is
// all nil before: the parts the shape has none of stay so).
func roomOf[S, T, R any](p *roomParts) {
	b := new(room[S, T, R])
	p.u = &b.u
	switch s := any(&b.s).(type) {
	case *sessionParts:
		p.ir.session = sessionRoom{&s.sc, &s.si, &s.at}
	case *sessionWFParts:
		p.ir.session = sessionRoom{&s.sc, &s.si, &s.at}
		p.ir.wf = &s.wf
	}
	p.tls, _ = any(&b.t).(*TLSDetails)
	switch x := any(&b.r).(type) {
	case *[1]Resource:
		p.res = x[:]
	case *[2]Resource:
		p.res = x[:]
	}
}

// userIdentityMemo is userIdentity, the identity object starting at
// offset start of the text, for a decoder with a memo: a copy of the
// value decoded before from the same text, or decoded and noted.
func (d *decoder) userIdentityMemo(start int) error {
	m := d.ids
	text := d.sc.Text()[start:]
	var u *identity.UserIdentity
	var n int
	k := -1
	var e *idEntry
	if !m.idUse.off {
		k = memoSet(text, 0)
		e = m.match(text, k)
		m.idUse.look(e != nil)
	}
	if e != nil {
		n = len(e.text)
		if d.blk != nil {
			u = cloneIdentity(&d.blk.id, e.u)
		} else {
			// The value itself until the record is read: place puts
			// its copy in room of its size.
			u, d.pendID = e.u, e
		}
	} else {
		var err error
		u, n, err = idstore.DecodeString(&d.identityBlock(text).id, text)
		if err != nil {
			return &identErr{base: start, err: err}
		}
		if k >= 0 {
			m.missed(text[:n], k)
		}
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

// recordGuess is record for a decoder with a Reader's memo: each member
// name is first looked for where the records before had it (see
// keyGuess), and the member is read by its field.
func (d *decoder) recordGuess() error {
	sc := &d.sc
	if err := sc.BeginObject(); err != nil {
		return err
	}
	next, text := &d.ids.next, sc.Text()
	guess := keyFirst
	for {
		pos := sc.Pos()
		var key string
		var f int
		gs := &next[guess]
		if g := gs.find(text, pos); g != nil {
			sc.Reset(pos + int(g.n))
			key, f, guess = g.key(text, pos), int(g.f), int(g.slot)
		} else {
			if pos < len(text) && text[pos] == '}' {
				// The object's end, as NextKey would find it.
				sc.Reset(pos + 1)
				return nil
			}
			var ok bool
			var err error
			if key, ok, err = sc.NextKey(); err != nil {
				return err
			}
			if !ok {
				return nil
			}
			f = fieldOf(key)
			gs[1] = gs[0]
			gs[0].keep(text[pos:sc.Pos()], key, f, 0, guess == keyFirst)
			guess = keySlot(f)
		}
		if err := d.memberFull(key, f); err != nil {
			return err
		}
	}
}

// memberFull reads the member key of field f (-1 for a name Record has
// no field for), as record does.
func (d *decoder) memberFull(key string, f int) error {
	r := d.r
	switch f {
	case fEventTime:
		return d.eventTime(key)
	case fUserIdentity:
		return d.userIdentity(key)
	case fReadOnly, fManagementEvent, fSessionCredentialFromConsole:
		return d.boolean(key, f, r.boolField(f))
	case fResources:
		return d.resourcesMemo(key)
	case fTLSDetails:
		return d.tlsMemo(key)
	case fAddendum:
		return d.addendum(key)
	case fInsightDetails:
		return d.insightDetails(key)
	case fRequestParameters, fResponseElements, fAdditionalEventData, fServiceEventDetails, fEdgeDeviceDetails, fEventContext:
		if !d.setFirst(f) {
			d.setSlow(f)
		}
		return d.rawMemo(uint8(f))
	case -1:
		return d.extra(key, -1)
	}
	return d.str(key, f, r.strField(f))
}

// rawMemo is raw for a decoder with a Reader's memo: an object or array
// whose text is one of those of idMemo.skipped is not checked again;
// else it is skipped with SkipValue and its text kept there, unless it
// nests deep enough for the record's depth to be checked (which a value
// found in the memo would not tell). The memo is left for good once it
// finds too few (see memoUse): then the values seldom repeat, and
// hashing them costs more than it saves.
func (d *decoder) rawMemo(f uint8) error {
	m, sc := d.ids, &d.sc
	s, start := sc.Text(), sc.Pos()
	if m.skipUse.off || start >= len(s) || s[start] != '{' && s[start] != '[' {
		return d.raw(f)
	}
	if m.skipped == nil {
		m.skipped = new(memo)
	}
	k := memoSet(s, start)
	_, n := m.skipped.match(s, start, k)
	if m.skipUse.look(n > 0) {
		m.skipped = nil
		return d.raw(f)
	}
	if n > 0 {
		sc.Reset(start + n)
		d.rawSpan(f, s[start:start+n], start+n)
		return nil
	}
	deep := sc.Deep()
	if err := d.raw(f); err != nil {
		return err
	}
	if !deep && !sc.Deep() {
		m.skipped.store(k, s[start:sc.Pos()])
	}
	return nil
}

// rebase returns v, a string of the text t or not, as a view of c, a
// copy of t, when it is one of t, so that a value kept keeps only c
// alive.
func rebase(v, t, c string) string {
	if len(v) == 0 {
		return v
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(v)))
	base := uintptr(unsafe.Pointer(unsafe.StringData(t)))
	if p < base || p-base > uintptr(len(t)-len(v)) {
		return v // not of t: unescaped, a string of its own
	}
	off := int(p - base)
	return c[off : off+len(v)]
}

// tlsMemo is tlsDetails for a decoder with a Reader's memo: a value whose
// text is one decoded before is a copy of that value.
func (d *decoder) tlsMemo(key string) error {
	m, sc := d.ids, &d.sc
	s, start := sc.Text(), sc.Pos()
	if m.tlsUse.off || start >= len(s) || s[start] != '{' || d.seen&(1<<fTLSDetails) != 0 {
		return d.tlsDetails(key)
	}
	if m.tls == nil {
		m.tls, m.tlsOnce = new(tlsValMemo), new(metOnce)
	}
	k := memoSet(s, start)
	w, n := m.tls.match(s, start, k)
	m.tlsUse.look(n > 0)
	if n > 0 {
		v := m.tls.val[k][w]
		x := v // until the record is read, without a block (see place)
		if d.blk != nil {
			// The block's slot, as readObject takes it (tlsDetails was
			// not read before).
			x = &d.blk.tls
			d.slots |= 1 << fTLSDetails
			*x = *v
		} else {
			d.pendTLS = v
		}
		sc.Reset(start + n)
		d.set(fTLSDetails)
		d.r.TLSDetails = x
		return nil
	}
	dup, deep := d.dup, sc.Deep()
	if err := d.tlsDetails(key); err != nil {
		return err
	}
	x := d.r.TLSDetails
	if x == nil || d.dup != dup || deep || sc.Deep() || x.wire.extra != nil {
		return nil
	}
	t := s[start:sc.Pos()]
	if len(t) > memoMax || !m.tlsOnce.again(t, k) {
		return nil
	}
	m.tlsUse.again()
	if w := m.tls.store(k, t); w >= 0 {
		c := strings.Clone(t)
		v := *x
		fs := v.fields()
		for _, p := range fs.ptrs[:len(tlsNames)] {
			*p = rebase(*p, t, c)
		}
		m.tls.val[k][w] = &v
	}
	return nil
}

// resourcesMemo is resources for a decoder with a Reader's memo: an
// array whose text is one decoded before is a copy of its resources.
func (d *decoder) resourcesMemo(key string) error {
	m, sc := d.ids, &d.sc
	s, start := sc.Text(), sc.Pos()
	if m.resUse.off || start >= len(s) || s[start] != '[' || d.resUsed {
		return d.resources(key)
	}
	if m.res == nil {
		m.res, m.resOnce = new(resValMemo), new(metOnce)
	}
	k := memoSet(s, start)
	w, n := m.res.match(s, start, k)
	m.resUse.look(n > 0)
	if n > 0 {
		v := m.res.val[k][w]
		var rs []Resource
		switch {
		case d.blk == nil && len(v) == 0:
			rs = []Resource{}
		case d.blk == nil:
			// Until the record is read (see place).
			rs, d.pendRes = v, v
		case len(v) <= len(d.block().res):
			d.resUsed = true
			rs = d.block().res[:len(v)]
			copy(rs, v)
		default:
			rs = make([]Resource, len(v), len(v)+2)
			copy(rs, v)
		}
		sc.Reset(start + n)
		d.set(fResources)
		d.r.Resources = rs
		return nil
	}
	dup, deep := d.dup, sc.Deep()
	if err := d.resources(key); err != nil {
		return err
	}
	rs := d.r.Resources
	if rs == nil || d.dup != dup || deep || sc.Deep() {
		return nil // kept raw (not an array of objects), or not to be kept
	}
	for i := range rs {
		if rs[i].wire.extra != nil {
			return nil
		}
	}
	t := s[start:sc.Pos()]
	if len(t) > memoMax || !m.resOnce.again(t, k) {
		return nil
	}
	m.resUse.again()
	if w := m.res.store(k, t); w >= 0 {
		c := strings.Clone(t)
		v := append([]Resource(nil), rs...)
		for i := range v {
			fs := v[i].fields()
			for _, p := range fs.ptrs[:len(resourceNames)] {
				*p = rebase(*p, t, c)
			}
		}
		m.res.val[k][w] = v
	}
	return nil
}
