package event

import (
	"strings"
	"unsafe"

	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// This file holds decoding some members of userIdentity only: the paths
// "userIdentity.arn", "userIdentity.accountId" and the like named to
// DecodeOnly (see there).
//
// A userIdentity decoded so is skipped as a member not named is, its
// syntax checked and no object in it allowed a member name twice (which
// the full decoding of an identity resolves or refuses: left to it), and
// its members named are then read from the text found well formed. An
// identity that is not an object, or a member named that is not a
// string, is left to the full decoding too, which keeps such values raw.
// The texts of the identities read so, and what was read of them, are
// remembered, as the records of a file repeat their userIdentity.

// identPrefix is how a path into userIdentity starts.
const identPrefix = "userIdentity."

// identMembers are the members of userIdentity a path may name, by their
// bit in projection.ident: its string members.
var identMembers = [...]string{
	"type", "principalId", "arn", "accountId", "accessKeyId", "userName",
	"invokedBy", "identityProvider", "credentialId",
}

// identBit returns the bit of the userIdentity member name, or 0 when
// it is none of identMembers.
func identBit(name string) uint16 {
	for i, m := range identMembers {
		if m == name {
			return 1 << i
		}
	}
	return 0
}

// identStr returns the field of u that the member of bit b holds, for
// the members but type.
func identStr(u *identity.UserIdentity, b uint16) *string {
	switch b {
	case 1 << 1:
		return &u.PrincipalID
	case 1 << 2:
		return &u.ARN
	case 1 << 3:
		return &u.AccountID
	case 1 << 4:
		return &u.AccessKeyID
	case 1 << 5:
		return &u.UserName
	case 1 << 6:
		return &u.InvokedBy
	case 1 << 7:
		return &u.IdentityProvider
	case 1 << 8:
		return &u.CredentialID
	}
	return nil
}

// pathOf returns the field of the record member that name, a member name
// or a path into one ("userIdentity.arn"), names, or -1, and for a path
// to a member of identMembers, its bit (0 for the whole member).
func pathOf(name string) (f int, sub uint16) {
	top, rest, dotted := strings.Cut(name, ".")
	if f = fieldOf(top); !dotted || f < 0 {
		return f, 0
	}
	if f == fUserIdentity {
		sub = identBit(rest)
	}
	return f, sub
}

// identNames returns the members of userIdentity that names name: whole
// when one names all of it (or a path into it to a member that is not
// one of identMembers), else the bits of those named.
func identNames(names []string) (sub uint16, whole bool) {
	for _, n := range names {
		if f, b := pathOf(n); f == fUserIdentity {
			sub |= b
			whole = whole || b == 0
		}
	}
	return sub, whole
}

// projectedIdentity returns what the identity u, decoded in full, holds
// under a projection of its members of bits sub: a new identity with
// those fields of u and nothing else.
func projectedIdentity(u *identity.UserIdentity, sub uint16) *identity.UserIdentity {
	x := new(identity.UserIdentity)
	for i := range identMembers {
		b := uint16(1) << i
		switch {
		case sub&b == 0:
		case i == 0:
			x.Type = u.Type
		default:
			*identStr(x, b) = *identStr(u, b)
		}
	}
	return x
}

// projectIdentity replaces the identity of r, a record decoded in full
// and projected, by what p decodes of it.
func (p *projection) projectIdentity(r *Record) {
	if p.ident != 0 && r.UserIdentity != nil {
		r.UserIdentity = projectedIdentity(r.UserIdentity, p.ident)
	}
}

// identMemo is the texts of identities read before (see
// decoder.identityOnly) and what was read of them.
type identMemo struct {
	memo
	val [memoSets][memoWays]identity.UserIdentity
}

// newIdentity returns a new identity holding *v.
func (p *projection) newIdentity(v *identity.UserIdentity) *identity.UserIdentity {
	if len(p.identRoom) == cap(p.identRoom) {
		p.identRoom = make([]identity.UserIdentity, 0, 32)
	}
	p.identRoom = append(p.identRoom, *v)
	return &p.identRoom[len(p.identRoom)-1]
}

// identityOnly reads a userIdentity of which the members of d.proj.ident
// are decoded.
func (d *decoder) identityOnly() error {
	sc := &d.sc
	if sc.Peek() != jsonwire.Object {
		return errFull // kept raw by the full decoding
	}
	p := d.proj
	if p.ids == nil {
		p.ids = new(identMemo)
	}
	s, start := sc.Text(), sc.Pos()
	k := memoSet(s, start)
	var u *identity.UserIdentity
	if w, n := p.ids.match(s, start, k); n > 0 {
		u = p.newIdentity(&p.ids.val[k][w])
		sc.Reset(start + n)
	} else {
		dup, err := sc.SkipUnique(&p.keys)
		if err != nil {
			return err
		}
		if dup {
			sc.Reset(start)
			if err := d.skipUnique(0); err != nil {
				return err
			}
		}
		var v identity.UserIdentity
		text := s[start:sc.Pos()]
		if err := p.readIdentity(&v, text); err != nil {
			return err
		}
		if w := p.ids.store(k, text); w >= 0 {
			p.ids.val[k][w] = v
		}
		u = p.newIdentity(&v)
	}
	d.set(fUserIdentity)
	d.r.UserIdentity = u
	return nil
}

// readIdentity reads into u the members of p.ident of text, a
// userIdentity object found well formed and without a member name
// twice, as the full decoding reads them; errFull for one that is not a
// string. The strings are copies.
func (p *projection) readIdentity(u *identity.UserIdentity, text string) error {
	sc := jsonwire.New(text)
	if err := sc.BeginObject(); err != nil {
		return err
	}
	for {
		key, ok, err := sc.NextKey()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		b := identBit(key) & p.ident
		if b == 0 {
			if _, err := sc.SkipValue(); err != nil {
				return err
			}
			continue
		}
		v, ok, err := sc.NextString()
		if !ok {
			return errFull // kept raw by the full decoding
		}
		if err != nil {
			return err
		}
		v = p.copy(v)
		if b == 1 {
			u.Type = identity.Type(v)
		} else {
			*identStr(u, b) = v
		}
	}
}

// identOf returns projection.ident for the names named to DecodeOnly and
// the members of a Condition: the members of userIdentity they name,
// those of both when both name some (a member named to DecodeOnly too is
// decoded of every record), 0 when either names all of it.
func identOf(names, cond []string) uint16 {
	so, wo := identNames(names)
	sc, wc := identNames(cond)
	if wo || wc {
		return 0
	}
	return so | sc
}

// resourcesOnly is resources for a projection, reading from a copy of
// the text (see copiedObject): the resources are taken from
// projection.resRoom, a few records' worth at a time, instead of the
// record's block, which a record that decodes no userIdentity in full
// does without. The values decoded from a copy the projection keeps
// (textMemo) and met again are remembered with it (resMemo): the
// records of a tree name few resources arrays (1,393 in 40,638 records
// of trail/archive's benchmark tree), and one decoded before is copied,
// not decoded again.
func (d *decoder) resourcesOnly(key string) error {
	sc := &d.sc
	p := d.proj
	text, start := sc.Text(), sc.Pos()
	var e *resEntry
	if start == 0 {
		if p.res == nil {
			p.res = new(resMemo)
		}
		e = p.res.entry(text)
		if len(e.text) != len(text) || unsafe.StringData(e.text) != unsafe.StringData(text) {
			// Met first: remembered when met again.
			*e = resEntry{text: text}
			e = nil
		} else if e.rs != nil {
			sc.Reset(len(text))
			d.set(fResources)
			d.r.Resources = p.newResources(e.rs)
			return nil
		}
	}
	if sc.Peek() != jsonwire.Array {
		return d.extra(key, fResources)
	}
	dup := d.dup
	if err := sc.BeginArray(); err != nil {
		return err
	}
	rs := p.resBuf[:0]
	defer func() { clear(rs); p.resBuf = rs[:0] }()
	rs, ok, err := d.resourceArray(rs)
	if err != nil {
		return err
	}
	if !ok {
		sc.Reset(start)
		return d.extra(key, fResources)
	}
	d.set(fResources)
	d.r.Resources = p.newResources(rs)
	if e != nil && d.dup == dup && sc.Pos() == len(text) && !sc.Deep() {
		// The whole text, well formed, met twice: its values are
		// those of every record it is the text of.
		e.rs = append(make([]Resource, 0, len(rs)), rs...)
	}
	return nil
}

// resMemo holds the resources decoded from copies of their text, by the
// copy's memory: a copy is never written again, so a text at the same
// place and of the same length is that text, and the entry keeps its
// memory from being taken for another.
type resMemo struct {
	e [resMemoSize]resEntry
}

// resEntry is a text of resources and, once met twice, the resources
// decoded from it (not nil).
type resEntry struct {
	text string
	rs   []Resource
}

// resMemoSize is how many texts a resMemo holds: as many as textMemo.
const resMemoSize = memoSets * memoWays

// entry returns the entry of m for the text.
func (m *resMemo) entry(text string) *resEntry {
	h := uint64(uintptr(unsafe.Pointer(unsafe.StringData(text)))) * 0x9E3779B97F4A7C15
	return &m.e[h>>(64-10)&(resMemoSize-1)]
}

// newResources returns a copy of rs, not nil, its capacity its length.
func (p *projection) newResources(rs []Resource) []Resource {
	n := len(rs)
	if p.resRoom == nil || n > cap(p.resRoom)-len(p.resRoom) {
		if n > resRoom/4 {
			return append(make([]Resource, 0, n), rs...)
		}
		p.resRoom = make([]Resource, 0, resRoom)
	}
	at := len(p.resRoom)
	p.resRoom = append(p.resRoom, rs...)
	return p.resRoom[at:len(p.resRoom):len(p.resRoom)]
}

// resRoom is how many resources projection.resRoom is allocated for at a
// time.
const resRoom = 64
