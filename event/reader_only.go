package event

import (
	"encoding/binary"
	"errors"
	"strings"
	"time"
	"unsafe"

	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// This file holds decoding some members only (DecodeOnly).
//
// A record is decoded under a projection in one pass that decodes the
// named members as a full decoding does and skips the others, checking
// their syntax. The pass only ever decides that a record is well formed:
// anything else (a syntax error, a member name twice, a record that is a
// whole log file, nesting too deep) makes it give up, and the record is
// decoded in full, which finds out what is wrong (or that nothing is, as
// for a member repeated with the same value), and its result is projected.
// So the records and errors are those of a full decoding with the other
// fields cleared, whatever the input; the projected pass only has to be
// as strict as the full one, which it is by reading with the same
// scanner.

// projection is what a Reader decodes of each record under DecodeOnly,
// and the strings it keeps for them.
type projection struct {
	only uint64 // a bit per Record field to decode
	// cond has a bit per Record field to decode of the records for
	// which when reports true of the value of field key (DecodeOnlyIf);
	// none when 0.
	cond uint64
	key  int
	when func(string) bool
	// arena holds the copies of the values decoded, which a Reader
	// decodes from its buffer (see decoder.copied): strings are views
	// of its bytes, which are never written again once handed out, and
	// raw payloads are slices of it, their capacity limited, which no
	// string covers (as for the chunk of a full decoding, see newChunk).
	arena []byte
	// last is the last string copied per field: a value equal to it is
	// that string again, as consecutive records share most of their
	// eventSource, awsRegion, recipientAccountId, eventType values.
	last [numFields]string
	// lastPlain has the bit of each field whose last string holds no
	// '"', '\\' or control character: its text is the string between
	// quotes, and where the input has that text next, it is that
	// string again (see recordOnly).
	lastPlain uint64
	// hour is the first 14 bytes of the last eventTime read in the
	// canonical layout ("2006-01-02T15:"), a copy, and hourUnix the
	// instant that hour starts at (see eventTimeCopied).
	hour     string
	hourUnix int64
	// keys is the room of jsonwire.SkipUnique.
	keys jsonwire.Keys
	// act is what recordOnly does with a member, by its field + 1 (0 for
	// a name Record has no field for): the act bits, from only, cond and
	// the field's kind, looked up once per member.
	act [numFields + 1]uint8
	// next is, per member read (by its field, keyUnknown for a name
	// Record has no field for, keyFirst before the first), the name of
	// the member that followed it last: the records of a file name
	// their members in the same order, and a name found where it was
	// expected needs neither scanning nor looking up (see keyGuess).
	next [numFields + 2]keyGuesses

	// seen holds texts of nested values skipped before, found well
	// formed and without a member name twice: the records of a file
	// repeat their userIdentity, and a value whose text starts with one
	// of these is that value again (a JSON value ends where its text
	// says), which needs no checking. Made when first needed.
	seen *knownTexts
	// skipped holds texts of the objects and arrays of other members
	// skipped before (requestParameters, responseElements,
	// additionalEventData), found well formed: the records of a file
	// often repeat them (the same call made again), and a value whose
	// text starts with one of these is that value again. Made when
	// first needed; skipTries and skipHits count its look-ups and
	// those that found the text, and skipOff is set once it finds too
	// few to pay for hashing the values (see skipMemo).
	skipped             *knownTexts
	skipTries, skipHits int
	skipOff             bool
	// tls holds tlsDetails decoded before, by their text: a record with
	// one of them gets a copy of its value instead of decoding it again.
	// Made when first needed. tlsRoom is where new TLSDetails values are
	// taken from, a few at a time.
	tls     *tlsMemo
	tlsRoom []TLSDetails

	// ident has the bit (identMembers) of each member of userIdentity
	// to decode when it is decoded; 0 for all of it. ids holds the
	// identities read so before, made when first needed, and identRoom
	// is where their values are taken from, a few at a time.
	ident     uint16
	ids       *identMemo
	identRoom []identity.UserIdentity
	// texts holds the copies of the texts of userIdentity and resources
	// values decoded before (see textMemo). Made when first needed.
	texts *textMemo
	// resRoom is where the resources of records are taken from, and
	// resBuf where they are read into first (see resourcesOnly).
	resRoom, resBuf []Resource
	// res holds resources decoded before (see resourcesOnly). Made when
	// first needed.
	res *resMemo
}

// textMemo holds copies of the texts of nested values decoded before,
// found well formed (their decoding read them to their end), of which
// the values decoded are views: a value whose text starts with one of
// them is that text again (a JSON value ends where its text says), so
// its extent is known and its copy made. The copies are never written
// again: a record decoded from one keeps it, as it keeps a block of the
// arena.
type textMemo struct {
	text [memoSets][memoWays]string
	next [memoSets]uint8
}

// match returns the text of set k that s[i:] starts with, or "".
func (m *textMemo) match(s string, i, k int) string {
	for _, t := range m.text[k] {
		if len(t) > 0 && len(s)-i >= len(t) && s[i:i+len(t)] == t {
			return t
		}
	}
	return ""
}

// store keeps t, a copy, in set k in place of its oldest text, unless it
// is longer than memoMax.
func (m *textMemo) store(k int, t string) {
	if len(t) > memoMax {
		return
	}
	w := m.next[k]
	m.next[k] = (w + 1) % memoWays
	m.text[k][w] = t
}

// tlsMemo is the texts of tlsDetails decoded before and their values.
type tlsMemo struct {
	memo
	val [memoSets][memoWays]TLSDetails
}

// A memo holds memoSets sets of memoWays texts of up to memoMax bytes
// (longer ones are not kept, so that a memo holds at most 2 MiB, and
// about 0.5 MiB when full of userIdentity values of 500 bytes): 1,024
// values, as the records of a tree of log files name hundreds of
// identities (702 in trail/archive's benchmark tree, of which 128 ways
// held a quarter).
const (
	memoBits = 8
	memoSets = 1 << memoBits
	memoWays = 4
	memoMax  = 2 << 10
)

// memo holds texts of values: each in a set that memoSet tells for it.
type memo struct {
	text [memoSets][memoWays][]byte
	next [memoSets]uint8 // the way of the set to store into next
}

// memoSet returns the set of the value whose text starts at s[i]: a hash
// of its first memoHash bytes, or of those up to its first '}' (the end
// of an object without nested ones, such as a tlsDetails), so that the
// hash covers the value's own text (a shorter value not ending in '}' is
// hashed with what follows it: such a value is seldom found again).
// Whole words are hashed: bytes past the last whole word of those are
// not.
func memoSet(s string, i int) int {
	t := s[i:min(len(s), i+memoHash)]
	t = t[:len(t)&^7] // whole words only
	// The first '}' found by IndexByte (vector instructions): its word
	// is hashed up to it, and no word after it.
	var last, mask uint64
	if j := strings.IndexByte(t, '}'); j >= 0 {
		w := j &^ 7
		last, mask = le64(t[w:]), 1<<(8*(j-w+1))-1 // all ones for a '}' in the word's last byte
		t = t[:w]
	}
	var h uint64
	for len(t) >= 32 {
		h = (h ^ le64(t)) * 0x9E3779B97F4A7C15
		h = (h ^ le64(t[8:])) * 0x9E3779B97F4A7C15
		h = (h ^ le64(t[16:])) * 0x9E3779B97F4A7C15
		h = (h ^ le64(t[24:])) * 0x9E3779B97F4A7C15
		t = t[32:]
	}
	for len(t) >= 8 {
		h = (h ^ le64(t)) * 0x9E3779B97F4A7C15
		t = t[8:]
	}
	if mask != 0 {
		h = (h ^ last&mask) * 0x9E3779B97F4A7C15
	}
	return int(h >> (64 - memoBits))
}

// memoHash is the most of a value's text memoSet hashes: the
// userIdentity values of many sessions of one role begin alike
// ({"type":"AssumedRole","principalId":"AROA…:) up to the session name.
const memoHash = 128

// le64 reads the first 8 bytes of s as a little-endian word.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// match returns the way of set k whose text s[i:] starts with and its
// length, or -1 and 0.
//
// The texts of a set mostly begin alike (memoSet hashes their first
// bytes), so a text's last 8 bytes are compared first: they tell most
// texts that are not the value's apart without a call that reads them
// from their start.
func (m *memo) match(s string, i, k int) (way, n int) {
	for w := range m.text[k] {
		t := m.text[k][w]
		n := len(t)
		if n == 0 || len(s)-i < n {
			continue
		}
		if n >= 8 && le64(s[i+n-8:]) != binary.LittleEndian.Uint64(t[n-8:]) {
			continue
		}
		if s[i:i+n] == string(t) {
			return w, n
		}
	}
	return -1, 0
}

// store keeps v in set k, in place of its oldest text, and returns its
// way, or -1 for a text longer than memoMax, which is not kept.
func (m *memo) store(k int, v string) int {
	if len(v) > memoMax {
		return -1
	}
	w := int(m.next[k])
	m.next[k] = uint8((w + 1) % memoWays)
	m.text[k][w] = append(m.text[k][w][:0], v...)
	return w
}

// knownTexts holds texts of values found well formed, in the sets
// memoSet tells for them, as memo does, for look-ups that need nothing
// else of a value (projection.seen and skipped). Each set's entries sit
// in one cache line, the one found or kept last first: an entry holds
// where its text is, its length and a key of its last 8 bytes, so that
// a look-up reads the text of an entry only when the value's bytes
// there agree (most texts that are not the value are told apart
// without touching theirs, which a look-up would mostly find out of
// the processor's first cache), and a text found is looked at first the
// next time (the records of a file repeat the same values, a few in
// turn).
type knownTexts struct {
	e [memoSets][memoWays]knownText
	// room is the capacity of the buffer of each entry, reused for the
	// text stored in its place.
	room [memoSets][memoWays]uint32
}

// knownText is an entry of knownTexts.
type knownText struct {
	p    *byte  // the text's first byte
	n    uint32 // its length; 0 for no text (the set's last entries)
	tail uint32 // tailKey of its last 8 bytes; 0 for a shorter text
}

// tailKey returns the key of a text's last 8 bytes x that knownText
// keeps (32 bits of their hash).
func tailKey(x uint64) uint32 {
	return uint32(x * 0x9E3779B97F4A7C15 >> 32)
}

// find returns the length of the text of set k that s[i:] starts with,
// or 0; a text found becomes the set's first.
func (m *knownTexts) find(s string, i, k int) int {
	set := &m.e[k]
	rest := len(s) - i
	for w := range set {
		e := &set[w]
		n := int(e.n)
		if n == 0 {
			break // the entries after it have no text either
		}
		if n > rest || n >= 8 && tailKey(le64(s[i+n-8:])) != e.tail {
			continue
		}
		if s[i:i+n] != unsafe.String(e.p, n) {
			continue
		}
		if w > 0 {
			x, room := *e, m.room[k][w]
			for j := w; j > 0; j-- {
				set[j], m.room[k][j] = set[j-1], m.room[k][j-1]
			}
			set[0], m.room[k][0] = x, room
		}
		return n
	}
	return 0
}

// store keeps a copy of v, not empty, as the first text of set k, in
// place of its last (in its buffer when it has room), unless v is longer
// than memoMax.
func (m *knownTexts) store(k int, v string) {
	if len(v) == 0 || len(v) > memoMax {
		return
	}
	set, room := &m.e[k], &m.room[k]
	var b []byte
	if last := set[memoWays-1]; last.p != nil && int(room[memoWays-1]) >= len(v) {
		b = unsafe.Slice(last.p, room[memoWays-1])[:0]
	}
	b = append(b, v...)
	for j := memoWays - 1; j > 0; j-- {
		set[j], room[j] = set[j-1], room[j-1]
	}
	var tail uint32
	if len(v) >= 8 {
		tail = tailKey(le64(v[len(v)-8:]))
	}
	set[0], room[0] = knownText{p: &b[0], n: uint32(len(v)), tail: tail}, uint32(cap(b))
}

// keyGuess is the text of a member name as compact text has it
// after the member before it: `,"name":`, or `"name":` for the first
// member (after the '{'). Only plain names are kept (printable ASCII but
// '"' and '\\'), whose text jsonwire.Scanner.NextKey reads as it
// stands: where the text starts with these bytes, NextKey returns the
// name they hold and moves past them, so the guess is taken without
// calling it.
type keyGuess struct {
	// first and last are the text's first and last 8 bytes, mid the
	// words between them from byte 8 on (little-endian): the text is
	// from 8 to 8*keyWords bytes long.
	first, last uint64
	mid         [keyWords - 2]uint64
	n           uint8 // the text's length; 0 for no guess
	f           int8  // the name's field, or -1
	a           uint8 // what recordOnly does with the member (act)
	slot        uint8 // the slot of projection.next for the name after it
}

// keyWords is the most words of a keyGuess: the longest name of a Record
// field (sessionCredentialFromConsole) takes 33 bytes.
const keyWords = 5

// The keyGuess slots of projection.next that follow no field.
const (
	keyUnknown = numFields     // after a member Record has no field for
	keyFirst   = numFields + 1 // before the first member
)

// keySlot returns the slot of projection.next for what follows a member
// of field f (-1 for none).
func keySlot(f int) int {
	if f < 0 {
		return keyUnknown
	}
	return f
}

// keyGuesses are the names that followed a member's name, the one kept
// last first: two, as the records of a file may name their members in a
// few orders (errorCode and errorMessage after userAgent in some).
type keyGuesses [2]keyGuess

// find returns the guess of gs whose text s has at pos, or nil.
//
// Each slot holds guesses of one form only (`"name":` in keyFirst,
// `,"name":` in the others), and recordOnly looks in keyFirst right
// after the object's '{' and in the others right after a member's
// value: there the text NextKey's fast path reads as it stands, so no
// byte before pos is looked at (a ',' right after the '{' or a name
// right after a value is found in no slot, and left to NextKey).
func (gs *keyGuesses) find(s string, pos int) *keyGuess {
	// Nothing is called here, so that find needs no frame.
	for w := range gs {
		g := &gs[w]
		n := int(g.n)
		if n == 0 || pos < 0 || n > len(s)-pos {
			continue
		}
		t := s[pos : pos+n]
		if le64(t) == g.first && le64(t[n-8:]) == g.last &&
			(n <= 16 || le64(t[8:]) == g.mid[0] && (n <= 24 || le64(t[16:]) == g.mid[1] && (n <= 32 || le64(t[24:]) == g.mid[2]))) {
			return g
		}
	}
	return nil
}

// key returns the name g's text holds, which s has at pos.
func (g *keyGuess) key(s string, pos int) string {
	n := int(g.n)
	if s[pos] == ',' {
		return s[pos+2 : pos+n-2]
	}
	return s[pos+1 : pos+n-2]
}

// keep makes text, the member name key as NextKey read it at the start
// of text, g's guess, when it is a plain name in the form g's slot has
// (first: `"name":`; else `,"name":`); else g keeps none.
func (g *keyGuess) keep(text, key string, f int, a uint8, first bool) {
	g.n = 0
	lead := 2
	if first {
		lead = 1
	}
	n := len(text)
	if n < 8 || n > keyWords*8 || n != len(key)+lead+2 || text[n-2:] != `":` || text[lead-1] != '"' || !first && text[0] != ',' {
		return
	}
	for i := lead; i < n-2; i++ {
		if c := text[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return
		}
	}
	if text[lead:n-2] != key {
		return
	}
	g.first, g.last = le64(text), le64(text[n-8:])
	for k := 0; k < (n-1)/8-1; k++ {
		g.mid[k] = le64(text[8*k+8:])
	}
	g.n, g.f, g.a, g.slot = uint8(n), int8(f), a, uint8(keySlot(f))
}

// newTLS returns a new zero TLSDetails.
func (p *projection) newTLS() *TLSDetails {
	if len(p.tlsRoom) == cap(p.tlsRoom) {
		p.tlsRoom = make([]TLSDetails, 0, 32)
	}
	// The room is zero as allocated: reslicing, not appending a zero
	// value, writes nothing.
	p.tlsRoom = p.tlsRoom[:len(p.tlsRoom)+1]
	return &p.tlsRoom[len(p.tlsRoom)-1]
}

// structured has a bit per Record field decoded into nested values.
const structured = 1<<fUserIdentity | 1<<fResources | 1<<fTLSDetails | 1<<fAddendum | 1<<fInsightDetails

// newProjection returns the projection of the member names, or nil for
// none (a full decoding).
func newProjection(names []string, c Condition) *projection {
	if len(names) == 0 {
		return nil
	}
	p := new(projection)
	for _, n := range names {
		if f, _ := pathOf(n); f >= 0 {
			p.only |= 1 << f
		}
	}
	var cond uint64
	for _, n := range c.Members {
		if f, _ := pathOf(n); f >= 0 {
			cond |= 1 << f
		}
	}
	p.ident = identOf(names, c.Members)
	cond &^= p.only
	key := fieldOf(c.Key)
	switch {
	case cond == 0:
	case key < 0 || p.only&(1<<key) == 0 || (&Record{}).strField(key) == nil || c.When == nil:
		p.only |= cond // no condition to decide by: decoded of every record
	default:
		p.cond, p.key, p.when = cond, key, c.When
	}
	p.acts()
	return p
}

// What recordOnly does with a member, by its field (projection.act).
const (
	actDecode  = 1 << iota // a field of only: decoded
	actCond                // a field of cond: decoded when the key calls for it
	actString              // a string field (Record.strField)
	actNested              // a field of nested values (structured)
	actUnknown             // a name Record has no field for
)

// acts fills p.act from only and cond.
func (p *projection) acts() {
	p.act[0] = actUnknown
	var r Record
	for f := range numFields {
		a := uint8(0)
		if p.only&(1<<f) != 0 {
			a |= actDecode
		}
		if p.cond&(1<<f) != 0 {
			a |= actCond
		}
		if r.strField(f) != nil {
			a |= actString
		}
		if structured&(1<<f) != 0 {
			a |= actNested
		}
		p.act[f+1] = a
	}
}

// same reports whether q decodes what p does, so that a Reader may keep
// p and what it remembers: a condition's function cannot be compared,
// so projections with one are never the same.
func (p *projection) same(q *projection) bool {
	return p.only == q.only && p.ident == q.ident && p.cond == 0 && q.cond == 0
}

// onlyOf returns the fields of p to decode of r, a record decoded in
// full: those of only, and those of cond when its key's value calls for
// them.
func (p *projection) onlyOf(r *Record) uint64 {
	if p.cond != 0 && p.when(*r.strField(p.key)) {
		return p.only | p.cond
	}
	return p.only
}

// arenaSize is the size of the blocks projection.arena copies strings
// into: a record kept keeps at most that much alive besides its own.
const arenaSize = 4 << 10

// copyStr returns v, a value of field f read from text that will be
// overwritten, as a string of its own.
func (p *projection) copyStr(f int, v string) string {
	if v == p.last[f] || v == "" {
		return p.last[f][:len(v)]
	}
	s := p.copy(v)
	p.last[f] = s
	p.lastPlain &^= 1 << f // until recordOnly finds it plain
	return s
}

// within reports whether v, not empty, is a substring of text: a string
// jsonwire.Scanner.NextString read from text without unescaping it,
// which holds no '"', '\\' or control character.
func within(v, text string) bool {
	d := uintptr(unsafe.Pointer(unsafe.StringData(v))) - uintptr(unsafe.Pointer(unsafe.StringData(text)))
	return v != "" && d < uintptr(len(text))
}

// copy returns a copy of v.
func (p *projection) copy(v string) string {
	b := p.copyBytes(v)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// copyBytes returns a copy of v as bytes, their capacity limited to
// their length.
func (p *projection) copyBytes(v string) []byte {
	if len(v) > cap(p.arena)-len(p.arena) {
		if len(v) > arenaSize/4 {
			return []byte(v)
		}
		p.arena = make([]byte, 0, arenaSize)
	}
	at := len(p.arena)
	p.arena = append(p.arena, v...)
	return p.arena[at:len(p.arena):len(p.arena)]
}

// fieldOf returns the field number of the record member named key, or
// -1.
func fieldOf(key string) int {
	switch len(key) {
	case 7:
		if key == "eventID" {
			return fEventID
		}
	case 8:
		switch key {
		case "readOnly":
			return fReadOnly
		case "addendum":
			return fAddendum
		}
	case 9:
		switch key {
		case "eventTime":
			return fEventTime
		case "eventName":
			return fEventName
		case "awsRegion":
			return fAWSRegion
		case "userAgent":
			return fUserAgent
		case "errorCode":
			return fErrorCode
		case "requestID":
			return fRequestID
		case "eventType":
			return fEventType
		case "resources":
			return fResources
		}
	case 10:
		switch key {
		case "apiVersion":
			return fAPIVersion
		case "tlsDetails":
			return fTLSDetails
		}
	case 11:
		if key == "eventSource" {
			return fEventSource
		}
	case 12:
		switch key {
		case "eventVersion":
			return fEventVersion
		case "userIdentity":
			return fUserIdentity
		case "errorMessage":
			return fErrorMessage
		case "eventContext":
			return fEventContext
		}
	case 13:
		switch key {
		case "sharedEventID":
			return fSharedEventID
		case "vpcEndpointId":
			return fVPCEndpointID
		case "eventCategory":
			return fEventCategory
		}
	case 14:
		if key == "insightDetails" {
			return fInsightDetails
		}
	case 15:
		switch key {
		case "sourceIPAddress":
			return fSourceIPAddress
		case "managementEvent":
			return fManagementEvent
		}
	case 16:
		if key == "responseElements" {
			return fResponseElements
		}
	case 17:
		switch key {
		case "requestParameters":
			return fRequestParameters
		case "edgeDeviceDetails":
			return fEdgeDeviceDetails
		}
	case 18:
		if key == "recipientAccountId" {
			return fRecipientAccountID
		}
	case 19:
		switch key {
		case "additionalEventData":
			return fAdditionalEventData
		case "serviceEventDetails":
			return fServiceEventDetails
		}
	case 20:
		if key == "vpcEndpointAccountId" {
			return fVPCEndpointAccountID
		}
	case 28:
		if key == "sessionCredentialFromConsole" {
			return fSessionCredentialFromConsole
		}
	}
	return -1
}

// errFull is what the projected pass returns for a record it leaves to
// a full decoding.
var errFull = errors.New("event: record to be decoded in full")

// decodeOnly decodes the fields of p of the record s into r, as
// decodeText does (the same arguments); with copied set, s is text that
// will be overwritten, and the values are copied out of it. Without prefix, a record the projected pass gives up on is
// decoded in full and projected; with prefix, errFull is returned for it.
func (r *Record) decodeOnly(s string, own []byte, blk *block, quiet, prefix, copied bool, p *projection) (int, error) {
	n, err := r.decodeProjected(s, own, blk, prefix, copied, p)
	if err == nil || prefix {
		return n, err
	}
	*r = Record{}
	if copied {
		s, own = strings.Clone(s), nil
	}
	if n, err = r.decodeText(s, own, nil, quiet, false); err != nil {
		return 0, err
	}
	r.project(p.onlyOf(r))
	p.projectIdentity(r)
	return n, nil
}

// decodeProjected is the projected pass of decodeOnly.
func (r *Record) decodeProjected(s string, own []byte, blk *block, prefix, copied bool, p *projection) (int, error) {
	if blk == nil {
		*r = Record{}
	}
	if strings.HasPrefix(s, gzipMagic) {
		return 0, errFull
	}
	// Set field by field: a composite literal is built in a temporary
	// and copied, whose loads of the words just stored stall.
	var d decoder
	d.sc, d.r, d.blk, d.own, d.proj, d.copied = jsonwire.New(s), r, blk, own, p, copied
	d.sc.Quiet()
	err := d.recordOnly()
	if err == nil && !prefix {
		err = d.sc.End()
	}
	if err != nil || d.dup != "" {
		*r = Record{}
		return 0, errFull
	}
	if prefix {
		s = s[:d.sc.Pos()]
	}
	if copied {
		// Members kept raw (a named member of another JSON type).
		for i := range r.wire.extra {
			m := &r.wire.extra[i]
			m.key, m.raw = strings.Clone(m.key), strings.Clone(m.raw)
		}
	}
	if len(s) >= 2*jsonwire.MaxDepth && (d.sc.Deep() || d.identLen >= 2*jsonwire.MaxDepth-2) {
		if jsonwire.Depth(s) >= 0 {
			*r = Record{}
			return 0, errFull
		}
	}
	d.finish()
	return len(s), nil
}

// recordOnly is record for the fields of d.proj: it reads the named
// members and skips the others.
func (d *decoder) recordOnly() error {
	sc := &d.sc
	if err := sc.BeginObject(); err != nil {
		return err
	}
	act := &d.proj.act
	condSkipped := false // a field of cond skipped (see condWanted)
	records := false     // the only member is a Records array: a log file
	var names jsonwire.Names
	guess := keyFirst
	next, text := &d.proj.next, sc.Text()
	var err error
	i := 0
	for ; ; i++ {
		// The name expected here: one of the two that followed the last
		// member's name in records before (keyGuess).
		pos := sc.Pos()
		var key string
		var f int
		var a uint8
		gs := &next[guess]
		g := gs.find(text, pos)
		if g != nil {
			sc.Reset(pos + int(g.n))
			f, a, guess = int(g.f), g.a, int(g.slot)
		} else {
			if pos < len(text) && text[pos] == '}' {
				// The object's end, as NextKey would find it.
				sc.Reset(pos + 1)
				break
			}
			var ok bool
			if key, ok, err = sc.NextKey(); err != nil {
				return err
			}
			if !ok {
				break
			}
			f = fieldOf(key)
			a = act[f+1]
			gs[1] = gs[0]
			gs[0].keep(text[pos:sc.Pos()], key, f, a, guess == keyFirst)
			guess = keySlot(f)
		}
		if a&actDecode != 0 || a&actCond != 0 && d.condWanted(&condSkipped) {
			if a&actString != 0 && d.copied {
				// The string of this field in the record before, again
				// (records of a file share most of their awsRegion,
				// eventType, recipientAccountId values): its text is
				// compared, not scanned, and its copy is taken again.
				if last, pos := d.proj.last[f], sc.Pos(); d.proj.lastPlain&(1<<f) != 0 && len(text)-pos >= len(last)+2 &&
					text[pos] == '"' && text[pos+1+len(last)] == '"' && text[pos+1:pos+1+len(last)] == last {
					sc.Reset(pos + len(last) + 2)
					d.set(f)
					*d.r.strField(f) = last
					continue
				}
				// A string copied out of the text (member, inlined).
				if v, ok, err := sc.NextString(); ok {
					if err != nil {
						return err
					}
					d.set(f)
					*d.r.strField(f) = d.proj.copyStr(f, v)
					if v == "" {
						d.r.wire.empty |= 1 << f
					} else if within(v, text) {
						d.proj.lastPlain |= 1 << f // v is last[f]
					}
					continue
				}
			}
			if g != nil {
				key = g.key(text, pos)
			}
			if err := d.member(key, f); err != nil {
				return err
			}
			continue
		}
		// A member skipped: a name twice is left to the full decoding.
		if a&actUnknown == 0 {
			if d.seen&(1<<f) != 0 {
				return errFull
			}
			d.seen |= 1 << f
		} else {
			if g != nil {
				key = g.key(text, pos)
			}
			if names.SeenAt(sc.Text(), 0, i, key) {
				return errFull
			}
			records = key == "Records" && sc.Peek() == jsonwire.Array
		}
		if a&actNested != 0 {
			// Its nested objects must not have a member name twice
			// either, as the full decoding would tell: when the fast
			// skip cannot tell, the value is read again name by name.
			p := d.proj
			if p.seen == nil {
				p.seen = new(knownTexts)
			}
			start := sc.Pos()
			k := memoSet(sc.Text(), start)
			if n := p.seen.find(sc.Text(), start, k); n > 0 {
				sc.Reset(start + n)
				continue
			}
			var dup bool
			if dup, err = sc.SkipUnique(&p.keys); err == nil {
				if dup {
					sc.Reset(start)
					err = d.skipUnique(0)
				} else {
					p.seen.store(k, sc.Text()[start:sc.Pos()])
				}
			}
		} else if _, ok, serr := sc.NextString(); ok {
			// Most members are strings: read as such, they skip faster.
			err = serr
		} else if d.skipMemo() {
			continue
		} else {
			_, err = sc.SkipValue()
		}
		if err != nil {
			return err
		}
	}
	if records && i == 1 {
		return errFull
	}
	if condSkipped && d.proj.when(*d.r.strField(d.proj.key)) {
		// The key, read whole, calls for a field of cond skipped.
		return errFull
	}
	return nil
}

// skipMemo skips the object or array at the scanner's position when its
// text is one of those of projection.skipped, or else skips it with
// SkipValue and keeps its text there, and skips a null, true or false
// there; it reports false, moving nothing, for a value of another kind
// (or white space before it), for an object or array once the memo is
// left, and for one with an error (for SkipValue to report). The memo
// is left for good (skipOff) once 256 look-ups have found fewer than one
// text in eight: then the values seldom repeat, and hashing them costs
// more than it saves.
func (d *decoder) skipMemo() bool {
	sc, p := &d.sc, d.proj
	s, start := sc.Text(), sc.Pos()
	if start >= len(s) {
		return false
	}
	switch s[start] {
	case '{', '[':
		if p.skipOff {
			return false
		}
	case 'n', 't', 'f':
		// null (responseElements of most calls), true or false: skipped
		// here as SkipValue would, which takes more to start.
		for _, lit := range [...]string{"null", "true", "false"} {
			if strings.HasPrefix(s[start:], lit) {
				sc.Reset(start + len(lit))
				return true
			}
		}
		return false
	default:
		return false
	}
	if p.skipped == nil {
		p.skipped = new(knownTexts)
	}
	p.skipTries++
	k := memoSet(s, start)
	if n := p.skipped.find(s, start, k); n > 0 {
		p.skipHits++
		sc.Reset(start + n)
		return true
	}
	if p.skipTries >= 256 && p.skipHits < p.skipTries/8 {
		p.skipOff, p.skipped = true, nil
	}
	if _, err := sc.SkipValue(); err != nil {
		sc.Reset(start)
		return false
	}
	if p.skipped != nil {
		p.skipped.store(k, s[start:sc.Pos()])
	}
	return true
}

// condWanted reports whether a field of d.proj.cond, met now, is to be
// decoded: when the key was read and its value calls for it. Else the
// field is skipped, and skipped set, for recordOnly to leave the record
// to the full decoding if the key's value, at the end, calls for it.
func (d *decoder) condWanted(skipped *bool) bool {
	p := d.proj
	if d.seen&(1<<p.key) != 0 && p.when(*d.r.strField(p.key)) {
		return true
	}
	*skipped = true
	return false
}

// skipUnique skips a value as SkipValue does, and returns errFull when an
// object in it has a member name twice.
func (d *decoder) skipUnique(depth int) error {
	sc := &d.sc
	if depth > 64 {
		return errFull // deep nesting: left to the full decoding
	}
	switch sc.Peek() {
	case jsonwire.Object:
		start := sc.Pos()
		if err := sc.BeginObject(); err != nil {
			return err
		}
		var names jsonwire.Names
		for i := 0; ; i++ {
			key, ok, err := sc.NextKey()
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			if names.SeenAt(sc.Text(), start, i, key) {
				return errFull
			}
			if err := d.skipUnique(depth + 1); err != nil {
				return err
			}
		}
	case jsonwire.Array:
		if err := sc.BeginArray(); err != nil {
			return err
		}
		for {
			more, err := sc.NextElem()
			if err != nil {
				return err
			}
			if !more {
				return nil
			}
			if err := d.skipUnique(depth + 1); err != nil {
				return err
			}
		}
	}
	_, err := sc.SkipValue()
	return err
}

// member reads the member key, of field f, as record does.
func (d *decoder) member(key string, f int) error {
	r := d.r
	if f == fUserIdentity && d.proj.ident != 0 {
		return d.identityOnly()
	}
	if d.copied && structured&(1<<f) != 0 {
		return d.copiedObject(key, f)
	}
	switch f {
	case fEventTime:
		if d.copied {
			return d.eventTimeCopied(key)
		}
		return d.eventTime(key)
	case fReadOnly, fManagementEvent, fSessionCredentialFromConsole:
		return d.boolean(key, f, r.boolField(f))
	case fUserIdentity:
		return d.userIdentity(key)
	case fResources:
		return d.resources(key)
	case fTLSDetails:
		return d.tlsDetails(key)
	case fAddendum:
		return d.addendum(key)
	case fInsightDetails:
		return d.insightDetails(key)
	case fRequestParameters, fResponseElements, fAdditionalEventData, fServiceEventDetails, fEdgeDeviceDetails, fEventContext:
		d.set(f)
		if !d.copied {
			return d.raw(uint8(f))
		}
		v, err := d.sc.SkipValue()
		if err != nil {
			return err
		}
		*r.rawField(f) = d.proj.copyBytes(v)
		return nil
	}
	dst := r.strField(f)
	if !d.copied {
		return d.str(key, f, dst)
	}
	v, ok, err := d.sc.NextString()
	if !ok {
		return d.extra(key, f)
	}
	if err != nil {
		return err
	}
	d.set(f)
	*dst = d.proj.copyStr(f, v)
	if v == "" {
		r.wire.empty |= 1 << f
	}
	return nil
}

// copiedObject reads the member key of field f, a nested value, from a
// copy of its text: the nested values are views of the copy.
func (d *decoder) copiedObject(key string, f int) error {
	if p := d.proj; f == fTLSDetails && d.seen&(1<<fTLSDetails) == 0 {
		// A tlsDetails decoded before: a copy of its value.
		if p.tls == nil {
			p.tls = new(tlsMemo)
		}
		s, i := d.sc.Text(), d.sc.Pos()
		k := memoSet(s, i)
		if w, n := p.tls.match(s, i, k); n > 0 {
			x := p.newTLS()
			*x = p.tls.val[k][w]
			d.set(fTLSDetails)
			d.r.TLSDetails = x
			d.sc.Reset(i + n)
			return nil
		}
	}
	p := d.proj
	// A userIdentity or resources text decoded before: its copy.
	var cv string
	k := -1
	if f == fUserIdentity || f == fResources {
		if p.texts == nil {
			p.texts = new(textMemo)
		}
		d.sc.Peek() // the value's start, where the texts kept start
		s, i := d.sc.Text(), d.sc.Pos()
		k = memoSet(s, i)
		if cv = p.texts.match(s, i, k); cv != "" {
			d.sc.Reset(i + len(cv))
			k = -1 // kept already
		}
	}
	v := cv
	if v == "" {
		// An object or array ends where its brackets balance, found
		// without checking its syntax: decoding the copy checks it, and
		// must read it to its end (a value of valid JSON text has no
		// other end).
		var ok bool
		if v, ok = d.sc.Extent(); !ok {
			var err error
			if v, err = d.sc.SkipValue(); err != nil {
				return err
			}
		}
		cv = p.copy(v)
	}
	var err error
	outer := d.sc
	dup := d.dup
	d.sc = jsonwire.New(cv)
	d.sc.Quiet()
	nspans := d.nspans
	switch f {
	case fUserIdentity:
		err = d.userIdentity(key)
	case fResources:
		err = d.resourcesOnly(key)
	case fTLSDetails:
		err = readObjectNew(d, key, fTLSDetails, &d.r.TLSDetails, p.newTLS)
		if err == nil && d.r.TLSDetails != nil && d.dup == "" && !d.sc.Deep() && d.sc.Pos() == len(cv) && p.tls != nil {
			k := memoSet(outer.Text(), outer.Pos()-len(v))
			if w := p.tls.store(k, v); w >= 0 {
				p.tls.val[k][w] = *d.r.TLSDetails
			}
		}
	case fAddendum:
		err = readObjectNew(d, key, fAddendum, &d.r.Addendum, func() *Addendum { return new(Addendum) })
	case fInsightDetails:
		err = d.insightDetails(key)
	}
	if err == nil && (d.sc.Pos() != len(cv) || d.sc.Deep()) {
		// Not the value's end (malformed text that Extent ended
		// elsewhere), or nesting that the record's depth must be
		// checked for: left to the full decoding.
		err = errFull
	}
	if err == nil && k >= 0 && d.dup == dup {
		p.texts.store(k, cv)
	}
	// Raw payloads read from the copy (insightContext) are taken now.
	for _, sp := range d.spans[nspans:d.nspans] {
		if sp.field != noField {
			*d.rawField(sp.field) = []byte(cv[sp.start:sp.end])
		}
	}
	d.nspans = nspans
	d.sc = outer
	return err
}

// readObjectNew is readObject with a new value from alloc, not a slot of
// the block.
func readObjectNew[T any, P interface {
	*T
	fields() fieldSet
}](d *decoder, key string, field int, dst *P, alloc func() P) error {
	if d.sc.Peek() != jsonwire.Object {
		return d.extra(key, field)
	}
	x := alloc()
	if err := d.object(x.fields(), nil); err != nil {
		return err
	}
	d.set(field)
	*dst = x
	return nil
}

// eventTimeCopied is eventTime, copying the text.
func (d *decoder) eventTimeCopied(key string) error {
	v, ok, err := d.sc.NextString()
	if !ok {
		return d.extra(key, fEventTime)
	}
	if err != nil {
		return err
	}
	p := d.proj
	text := p.copy(v) // not copyStr: eventTime seldom repeats
	var t time.Time
	if len(v) == 20 && p.hour != "" && v[:14] == p.hour && v[16] == ':' && v[19] == 'Z' {
		// The hour of the eventTime before (records of a file come
		// minutes apart): only the minutes and seconds are read, the
		// instant is the one jsonwire.ParseUTC returns.
		if m, s := digits2(v[14:16]), digits2(v[17:19]); m >= 0 && m <= 59 && s >= 0 && s <= 59 {
			t = time.Unix(p.hourUnix+int64(m*60+s), 0).UTC()
		}
	}
	if t.IsZero() {
		var ok, basic bool
		if t, basic, ok = jsonwire.ParseUTC(v); !ok {
			d.setEventTime(v, text) // another layout
			return nil
		}
		if !basic {
			// The canonical layout: its hour is kept.
			p.hour = text[:14]
			p.hourUnix = t.Unix() - int64(digits2(v[14:16])*60+digits2(v[17:19]))
		}
	}
	// What setEventTime does with a time ParseUTC read.
	d.set(fEventTime)
	w := &d.r.wire
	w.timeSet = true
	w.timeText = text
	w.timeParsed, w.timeOK = t, true
	d.r.EventTime = t
	return nil
}

// digits2 reads two decimal digits, or returns -1.
func digits2(s string) int {
	a, b := s[0]-'0', s[1]-'0'
	if a > 9 || b > 9 {
		return -1
	}
	return int(a)*10 + int(b)
}

// project clears the fields of r that only has no bit for, and forgets
// its members that stand in for none of the others (unknown members and
// those of the fields cleared): what decoding with only would have made
// of the record.
func (r *Record) project(only uint64) {
	for f := 0; f < numFields; f++ {
		if only&(1<<f) == 0 {
			r.clear(f)
		}
	}
	w := &r.wire
	w.empty &= only
	var kept []member
	var index []int // new index of each member kept, else -1
	if len(w.extra) > 0 {
		index = make([]int, len(w.extra))
		for i, m := range w.extra {
			index[i] = -1
			if m.field >= 0 && only&(1<<m.field) != 0 {
				index[i] = len(kept)
				kept = append(kept, m)
			}
		}
	}
	w.extra = kept
	n := 0
	for _, o := range w.order[:w.norder] {
		switch {
		case int(o) < extraBase:
			if only&(1<<o) == 0 {
				continue
			}
		case index[int(o)-extraBase] < 0:
			continue
		default:
			o = uint8(extraBase + index[int(o)-extraBase])
		}
		w.order[n] = o
		n++
	}
	clear(w.order[n:w.norder])
	w.norder = uint8(n)
}

// transient returns b as a string without copying it: for text that is
// read before b changes, and of which no part is kept.
func transient(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// fastOnly is fast under a projection.
func (r *Reader) fastOnly(rec *Record, blk *block) bool {
	at, s, own, copied, ok := r.fastOnlyStart()
	if !ok {
		return false
	}
	n, err := rec.decodeOnly(s, own, blk, true, true, copied, r.proj)
	if err != nil || n > r.cfg.maxRecord || emptyObject(s[:n]) {
		return false
	}
	r.fastDone(at, n)
	return true
}

// fastNextOnly is fastNext under a projection: a record comes alone,
// or with a block for its nested values when userIdentity or resources
// are decoded.
func (r *Reader) fastNextOnly() *Record {
	at, s, own, copied, ok := r.fastOnlyStart()
	if !ok {
		return nil
	}
	var sp *sessionParseBlock
	var rec *Record
	var blk *block
	only := r.proj.only | r.proj.cond
	if r.proj.ident != 0 {
		only &^= 1 << fUserIdentity // no block: see identityOnly
	}
	switch {
	case only&(1<<fUserIdentity) != 0 && likelySessionRecord(s):
		sp = r.spareBlock()
		rec, blk = &sp.pb.rec, &sp.pb.blk
	case only&(1<<fUserIdentity) != 0 || only&(1<<fResources) != 0 && !copied:
		pb := new(parseBlock)
		rec, blk = &pb.rec, &pb.blk
	default:
		rec = new(Record)
	}
	n, err := rec.decodeOnly(s, own, blk, true, true, copied, r.proj)
	if err != nil || n > r.cfg.maxRecord || emptyObject(s[:n]) {
		if sp != nil {
			r.spare = sp // not handed out: used for the next record
		}
		return nil
	}
	r.fastDone(at, n)
	return rec
}

// fastOnlyStart is fastStart under a projection: the input is the
// reader's buffer itself, to be copied out of (copied set), unless every
// record is kept (ReadLogFile), when the copy of the input that the
// records share is what they keep.
func (r *Reader) fastOnlyStart() (at int64, s string, own []byte, copied, ok bool) {
	if r.share {
		at, s, own, ok = r.fastStart()
		return at, s, own, false, ok
	}
	at, ok = r.fastElem()
	if !ok {
		return 0, "", nil, false, false
	}
	// Nothing is copied, so the window need not reach the end of a
	// stretch of records: when the record may end in it, it is decoded
	// from what is buffered, and if it goes on past that, the decoding
	// fails and the record is framed, which reads what it needs.
	if r.ahead && !r.eof && int64(r.w)-(at-r.base) < aheadMargin {
		// A source read ahead (see aheadSource): read on now rather
		// than find the record cut off at the end of what is buffered
		// and frame it.
		saved := r.keep
		r.keep = at
		r.fill()
		r.keep = saved
	}
	win := r.buf[at-r.base : r.w]
	if len(win) < textChunk && !r.eof && !mayEnd(win) {
		if win, ok = r.fastWindow(at, textChunk); !ok {
			return 0, "", nil, false, false
		}
	}
	return at, transient(win), nil, true, true
}
