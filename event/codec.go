package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/idstore"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// ParseRecord decodes one CloudTrail record: a JSON object, optionally
// surrounded by white space. A whole log file, and gzip-compressed input,
// are refused with an error wrapping ErrNotRecord that says what to call
// instead.
//
// Decoding is lossless (see Record). Strings in the result share one copy
// of b; free-form payloads share a second one, so b may be reused once
// ParseRecord returns. The nested values (userIdentity and its session
// context, resources, tlsDetails) share a third allocation with the
// Record itself: a typical record costs three. A malformed record yields
// a *SyntaxError whose Offset, Line and Column locate the problem within
// b, and the Record is nil.
func ParseRecord(b []byte) (*Record, error) {
	// The Record is decoded inside the block of nested values, which is
	// allocated anyway, so that it does not cost an allocation of its own.
	pb := newSessionParseBlock()
	if err := pb.pb.rec.decode(string(b), &pb.pb.blk); err != nil {
		return nil, err
	}
	return &pb.pb.rec, nil
}

// parseBlock is a Record and its nested values, allocated together.
type parseBlock struct {
	rec Record
	blk block
}

// sessionParseBlock is a parseBlock with room for a sessionContext and
// onBehalfOf: what ParseRecord allocates.
type sessionParseBlock struct {
	pb parseBlock
	s  identitySession
	ob identity.OnBehalfOf
}

// newSessionParseBlock returns a new sessionParseBlock, reset.
func newSessionParseBlock() *sessionParseBlock {
	pb := new(sessionParseBlock)
	pb.link()
	return pb
}

// reset makes pb as new.
func (pb *sessionParseBlock) reset() {
	*pb = sessionParseBlock{}
	pb.link()
}

// link points the identity storage of pb's block at pb's room for the
// nested objects.
func (pb *sessionParseBlock) link() { pb.pb.blk.id.S, pb.pb.blk.id.OB = &pb.s, &pb.ob }

// UnmarshalJSON decodes a record as ParseRecord does. It implements
// json.Unmarshaler; as encoding/json does, it leaves r unchanged for null.
func (r *Record) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	return r.Decode(b)
}

// isNull reports whether b is the JSON literal null.
func isNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }

// Decode replaces what r holds with the record in b. It is ParseRecord for
// callers that reuse one Record across many records: nothing r held before
// is kept, and values r's fields pointed to are left untouched, so a copy
// of r (saved := *r) stays valid after r is reused.
//
// On error r is reset to the zero Record.
func (r *Record) Decode(b []byte) error { return r.decode(string(b), nil) }

// DecodeString is Decode for a record held in a string. Strings in r
// share memory with s (strings are immutable, so that is safe) and keep
// all of s alive; raw payloads are still copied. A reader holding a whole
// log file in one string decodes each of its records without copying the
// record's text: a typical record costs two allocations, its nested
// values and its raw payloads.
func (r *Record) DecodeString(s string) error { return r.decode(s, nil) }

// decode decodes s into r. blk, when not nil, is a new block for the
// nested values that r lives in beside them, so r is still the zero Record
// and need not be reset (ParseRecord, Reader.Next).
func (r *Record) decode(s string, blk *block) error { return r.decodeQuiet(s, blk, false) }

// errQuiet is what decodeQuiet returns, quiet set, for any record that
// does not decode.
var errQuiet = errors.New("event: record does not decode")

// decodeQuiet is decode; with quiet set, a record that does not decode
// gives errQuiet, with no position or message worked out (the reader past
// MaxErrors only counts it).
func (r *Record) decodeQuiet(s string, blk *block, quiet bool) error {
	_, err := r.decodeText(s, nil, blk, quiet, false)
	return err
}

// decodeText is decodeQuiet; with prefix set, the record may be followed
// by anything, and its length is returned. own, when not nil, holds the
// bytes s is a view of, which the raw payloads may be slices of (see
// decoder.own).
func (r *Record) decodeText(s string, own []byte, blk *block, quiet, prefix bool) (int, error) {
	return r.decodeTextMemo(s, own, blk, nil, quiet, prefix)
}

// decodeTextMemo is decodeText; ids, when not nil, holds the identities
// decoded before (see idMemo).
func (r *Record) decodeTextMemo(s string, own []byte, blk *block, ids *idMemo, quiet, prefix bool) (int, error) {
	if blk == nil {
		*r = Record{}
	}
	if strings.HasPrefix(s, gzipMagic) {
		return 0, errGzip
	}
	// Set field by field: a composite literal is built in a temporary
	// and copied, whose loads of the words just stored stall.
	var d decoder
	d.sc, d.r, d.blk, d.own, d.ids = jsonwire.New(s), r, blk, own, ids
	if quiet {
		d.sc.Quiet()
	}
	var err error
	if ids != nil {
		err = d.recordGuess()
	} else {
		err = d.record()
	}
	if err == nil && !prefix {
		err = d.sc.End()
	}
	if err != nil {
		*r = Record{}
		if quiet {
			return 0, errQuiet
		}
		return 0, d.fail(err)
	}
	if prefix {
		s = s[:d.sc.Pos()]
	}
	if d.dup != "" {
		return r.dropRepeats(&d, s, quiet)
	}
	if w := &r.wire; len(w.extra) == 1 && w.norder == 1 && w.extra[0].key == "Records" && strings.HasPrefix(w.extra[0].raw, "[") {
		*r = Record{}
		return 0, errLogFile
	}
	// One depth limit for every reader (jsonwire.MaxDepth, counting the
	// record's object): checked in full only when the record is long
	// enough to nest that deep and a skipped value, or its userIdentity,
	// could.
	if len(s) >= 2*jsonwire.MaxDepth && (d.sc.Deep() || d.identLen >= 2*jsonwire.MaxDepth-2) {
		if off := jsonwire.Depth(s); off >= 0 {
			*r = Record{}
			if quiet {
				return 0, errQuiet
			}
			return 0, newSyntaxError(s, off, jsonwire.TooDeep)
		}
	}
	if d.pendID != nil || d.pendTLS != nil || d.pendRes != nil {
		d.place()
	}
	d.finish()
	return len(s), nil
}

// ErrNotRecord is wrapped by the error ParseRecord and Decode return for
// JSON that is a whole log file ({"Records":[...]}) rather than one
// record, and for gzip-compressed input. Match it with errors.Is; read log
// files, compressed or not, with ReadLogFile or Records.
var ErrNotRecord = errors.New("event: not a single record")

// gzipMagic starts every gzip stream (RFC 1952).
const gzipMagic = "\x1f\x8b"

var errGzip = fmt.Errorf("%w: the input is gzip-compressed; read it with Records or ReadLogFile, which decompress it", ErrNotRecord)

var errLogFile = fmt.Errorf("%w: the input is a log file ({\"Records\":[...]}); read it with ReadLogFile or Records", ErrNotRecord)

// block holds the nested values of a typical record, so that decoding one
// allocates them together.
//
// Addendum and insightDetails, which few records have, are allocated when
// present, and a third resources entry grows its slice; so are unknown
// members, which CloudTrail does not write (only tools that add their own
// members to the records they store do). The userIdentity's
// sessionContext (with its sessionIssuer, attributes and
// webIdFederationData) comes in the same allocation when the identity is
// of a type that has one (see sessionBlock), else it is allocated when
// present: a block alone is 464 bytes, 848 with a sessionContext, and
// allocating less is decoding faster (the garbage collector runs less
// often, and an object of up to 512 bytes takes the allocator's fastest
// path).
type block struct {
	id  identityStorage
	tls TLSDetails
	res [2]Resource
}

// sessionBlock is a block with room for a sessionContext.
type sessionBlock struct {
	blk block
	s   identitySession
}

// sessionTypes start the userIdentity objects, as CloudTrail writes them
// (type first), of the identities that have a sessionContext.
var sessionTypes = [...]string{`{"type":"AssumedRole"`, `{"type":"FederatedUser"`}

// likelySessionRecord is likelySession for the record object at the
// start of s, whose userIdentity CloudTrail writes second.
func likelySessionRecord(s string) bool {
	const member = `"userIdentity":`
	if i := strings.Index(s[:min(len(s), 256)], member); i >= 0 {
		return likelySession(s[i+len(member):])
	}
	return true
}

// likelySession reports whether the userIdentity object at the start of s
// likely has a sessionContext: it does not start with its type, or its
// type is one that has one. (IAM users and the root user have one in
// console sessions only.)
func likelySession(s string) bool {
	if !strings.HasPrefix(s, `{"type":"`) {
		return true
	}
	for _, t := range sessionTypes {
		if strings.HasPrefix(s, t) {
			return true
		}
	}
	return false
}

// span is a raw payload: where it is in the input and which field it
// goes to (a Record field number, fInsightContext, or noField).
type span struct {
	field      uint8
	start, end int32
}

// Raw payload destinations besides Record's fields.
const (
	fInsightContext = numFields + iota
	noField
)

type decoder struct {
	sc jsonwire.Scanner
	// own, when not nil, holds the bytes the text is a view of, which
	// nothing else writes to and no string covers the payloads of: the
	// raw payloads are slices of it (capacity limited, so that appending
	// to one copies it) instead of copies.
	own []byte
	r   *Record
	blk *block
	ids *idMemo // identities decoded before, or nil
	// pendID, pendTLS and pendRes are values of the memos that the
	// record is to get copies of, placed by place once it is read.
	pendID  *idEntry
	pendTLS *TLSDetails
	pendRes []Resource
	ins     *InsightDetails // the insightDetails being read
	spans   [12]span
	nspans  int

	resUsed  bool   // blk.res holds a resources array
	slots    uint64 // a bit per Record field whose slot of blk holds a value (see readObject)
	identLen int    // length of the longest userIdentity object read

	// Duplicate member names: seen has a bit per Record field read;
	// unknown names are compared with those kept before (through names
	// once there are many); dup is the first name read twice.
	seen  uint64
	names map[string]struct{}
	dup   string
	// live has a bit per Record field that a raw member of r.wire.extra
	// stands in for (the last of its name: see supersede); passed counts
	// the members the searches for them passed, which tests bound.
	live   uint64
	passed int
	// dupPath and dupObj are the nested object that has dup twice: its
	// path and offset ("" and 0 for the record).
	dupPath string
	dupObj  int
	// dupObjs lists each object that has a member name twice, dup's
	// first; recDup is set once the record itself is listed.
	dupObjs []dupObj
	recDup  bool

	// proj, when not nil, is the projection a record is decoded under
	// (see decodeOnly); with copied set, the text will be overwritten and
	// the values read are copied out of it.
	proj   *projection
	copied bool
}

// dupObj is an object that has a member name twice: its path and offset.
type dupObj struct {
	path string
	obj  int
}

// note records that the member key (field f, or -1) was read, and
// remembers a name read twice.
func (d *decoder) note(key string, f int) {
	if f >= 0 {
		if d.seen&(1<<f) != 0 {
			d.twice(key)
		}
		d.seen |= 1 << f
		return
	}
	w := &d.r.wire
	if d.names == nil && len(w.extra) > 16 {
		d.names = make(map[string]struct{}, 2*len(w.extra))
		for _, m := range w.extra {
			if m.field < 0 {
				d.names[m.key] = struct{}{}
			}
		}
	}
	if d.names != nil {
		if _, ok := d.names[key]; ok {
			d.twice(key)
		}
		d.names[key] = struct{}{}
		return
	}
	for _, m := range w.extra {
		if m.field < 0 && m.key == key {
			d.twice(key)
			return
		}
	}
}

// twice remembers that the record has the member name twice: the first
// such name, and the record among the objects that have one.
func (d *decoder) twice(name string) {
	if d.dup == "" {
		d.dup = name
	}
	if !d.recDup {
		d.recDup = true
		d.dupObjs = append(d.dupObjs, dupObj{"", 0})
	}
}

// duplicate returns the error for a member name the record text s has
// twice in the object at offset obj, which path names ("" for the record).
func duplicate(s, path string, obj int, name string) error {
	first, second := jsonwire.MemberOffsets(s, obj, name)
	first, second = max(first, 0), max(second, 0)
	e := &DuplicateMemberError{Path: path, Name: name, First: int64(first), Second: int64(second)}
	e.FirstLine, e.FirstColumn = jsonwire.LineCol(s, first)
	e.Line, e.Column = jsonwire.LineCol(s, second)
	return e
}

// nestedDup remembers the first member name a nested object, which path
// names and which starts at obj, has twice, when the record has no
// duplicate yet.
func (d *decoder) nestedDup(path string, obj int, name string) {
	if d.dup == "" {
		d.dup, d.dupPath, d.dupObj = name, path, obj
	}
	// A nested object's members come one after another, with no other
	// object read between them.
	if n := len(d.dupObjs); n == 0 || d.dupObjs[n-1].obj != obj {
		d.dupObjs = append(d.dupObjs, dupObj{path, obj})
	}
}

// dropRepeats finishes decoding the record s, which d found to have a
// member name twice. A member that repeats an earlier member of its
// object, name and value text byte for byte, tells no reader anything
// the first does not, so the record is decoded again without it (see
// jsonwire.DropRepeats): the Record has the member once, as the first
// had it. A member repeated with another value is refused with a
// *DuplicateMemberError, which names it and the first member of its
// name. It returns the length of s.
//
// Only a record with a member name twice comes here, so the common path
// pays nothing for it.
func (r *Record) dropRepeats(d *decoder, s string, quiet bool) (int, error) {
	*r = Record{}
	objs := make([]int, len(d.dupObjs))
	for i, o := range d.dupObjs {
		objs[i] = o.obj
	}
	clean, rep := jsonwire.DropRepeats(s, objs)
	if rep == nil && len(clean) < len(s) {
		err := r.decodeQuiet(clean, nil, quiet)
		if err == nil {
			return len(s), nil
		}
		*r = Record{}
		if errors.Is(err, ErrNotRecord) {
			return 0, err
		}
	}
	if quiet {
		return 0, errQuiet
	}
	if rep != nil {
		e := &DuplicateMemberError{Path: d.dupObjs[rep.Index].path, Name: rep.Name, First: int64(rep.First), Second: int64(rep.Second)}
		e.FirstLine, e.FirstColumn = jsonwire.LineCol(s, rep.First)
		e.Line, e.Column = jsonwire.LineCol(s, rep.Second)
		return 0, e
	}
	// Decoding the record without its repeats failed, for the depth of
	// its nesting (which dropping repeats does not change) or, were
	// the decoder to see a name twice that DropRepeats does not, for the
	// name it saw.
	if off := jsonwire.Depth(s); off >= 0 {
		return 0, newSyntaxError(s, off, jsonwire.TooDeep)
	}
	return 0, duplicate(s, d.dupPath, d.dupObj, d.dup)
}

func (d *decoder) block() *block {
	if d.blk == nil {
		d.blk = new(block)
	}
	return d.blk
}

// identityBlock is block for the userIdentity object at the start of s:
// a new block comes with room for a sessionContext when the identity
// likely has one.
func (d *decoder) identityBlock(s string) *block {
	if d.blk == nil && likelySession(s) {
		sb := new(sessionBlock)
		sb.blk.id.S = &sb.s
		d.blk = &sb.blk
	}
	return d.block()
}

// fail turns a scanner or identity error into the package's error, with
// offsets into the whole record.
func (d *decoder) fail(err error) error {
	text := d.sc.Text()
	var se *jsonwire.SyntaxError
	if errors.As(err, &se) {
		return newSyntaxError(text, se.Offset, se.Msg)
	}
	var ie *identErr
	if errors.As(err, &ie) {
		var ide *identity.DuplicateMemberError
		if errors.As(ie.err, &ide) {
			path := "userIdentity"
			if ide.Path != "" {
				path += "." + ide.Path
			}
			e := &DuplicateMemberError{Path: path, Name: ide.Name, First: int64(ie.base + ide.First), Second: int64(ie.base + ide.Second)}
			e.FirstLine, e.FirstColumn = jsonwire.LineCol(text, int(e.First))
			e.Line, e.Column = jsonwire.LineCol(text, int(e.Second))
			return e
		}
		var ise *identity.SyntaxError
		if errors.As(ie.err, &ise) {
			msg := "in userIdentity"
			if ise.Path != "" {
				msg += "." + ise.Path
			}
			return newSyntaxError(text, ie.base+ise.Offset, msg+": "+ise.Msg)
		}
		return fmt.Errorf("event: userIdentity: %w", ie.err)
	}
	return err
}

func newSyntaxError(text string, off int, msg string) *SyntaxError {
	line, col := jsonwire.LineCol(text, off)
	return &SyntaxError{Offset: int64(off), Line: line, Column: col, Msg: msg}
}

// identErr is an error from the identity package and where its input
// started.
type identErr struct {
	base int
	err  error
}

// Error returns the identity package's message.
func (e *identErr) Error() string { return e.err.Error() }

// finish copies the raw payloads into one buffer, or takes them from
// d.own.
func (d *decoder) finish() {
	spans := d.spans[:d.nspans]
	if d.own != nil {
		for _, sp := range spans {
			if sp.field != noField {
				*d.rawField(sp.field) = d.own[sp.start:sp.end:sp.end]
			}
		}
		return
	}
	n := 0
	for _, sp := range spans {
		n += int(sp.end - sp.start)
	}
	if n == 0 {
		return
	}
	buf := make([]byte, 0, n)
	text := d.sc.Text()
	for _, sp := range spans {
		if sp.field == noField {
			continue
		}
		at := len(buf)
		buf = append(buf, text[sp.start:sp.end]...)
		*d.rawField(sp.field) = buf[at:len(buf):len(buf)]
	}
}

// rawField returns the raw payload field f, a Record field or
// fInsightContext.
func (d *decoder) rawField(f uint8) *json.RawMessage {
	if f == fInsightContext {
		return &d.ins.InsightContext
	}
	return d.r.rawField(int(f))
}

// raw reads any value into field f (copied by finish).
func (d *decoder) raw(f uint8) error {
	v, err := d.sc.SkipValue()
	if err != nil {
		return err
	}
	d.rawSpan(f, v, d.sc.Pos())
	return nil
}

// rawSpan notes v, a value whose text ends at offset end, as the raw
// payload of field f (copied by finish).
func (d *decoder) rawSpan(f uint8, v string, end int) {
	for i := range d.spans[:d.nspans] {
		if d.spans[i].field == f {
			d.spans[i].field = noField // a later member of the same name wins
		}
	}
	if d.nspans == len(d.spans) || end > 1<<31-1 {
		*d.rawField(f) = []byte(v)
		return
	}
	d.spans[d.nspans] = span{field: f, start: int32(end - len(v)), end: int32(end)}
	d.nspans++
}

func (d *decoder) order(o uint8) {
	w := &d.r.wire
	if int(w.norder) < len(w.order) {
		w.order[w.norder] = o
		w.norder++
	} else {
		w.unordered = true
	}
}

// extra keeps the member whose value starts here as raw JSON; field is
// the Record field it stands in for, or -1.
func (d *decoder) extra(key string, field int) error {
	v, err := d.sc.SkipValue()
	if err != nil {
		return err
	}
	d.keep(key, v, field)
	return nil
}

func (d *decoder) keep(key, raw string, field int) {
	d.note(key, field)
	w := &d.r.wire
	if w.extra == nil {
		w.extra = make([]member, 0, 2)
	}
	if field >= 0 {
		d.r.clear(field)
		w.empty &^= 1 << field
		d.supersede(field)
		d.live |= 1 << field
	}
	if len(w.extra) < 256-extraBase {
		d.order(uint8(extraBase + len(w.extra)))
	} else {
		w.unordered = true
	}
	w.extra = append(w.extra, member{key: key, raw: raw, field: int8(field)})
}

// supersede marks dead the raw member that stands in for field, if any:
// a later member of the same name wins. Each raw member marks the one
// before it dead, so there is one live at most, the last of its field;
// live has its bit, and it is looked for from the end. A search thus
// passes only members kept since that one, and never again for its field
// (its bit is cleared), so that the searches of a record cost at most
// numFields times its members, whatever it repeats.
func (d *decoder) supersede(field int) {
	if d.live&(1<<field) == 0 {
		return
	}
	d.live &^= 1 << field
	d.passed += killLast(d.r.wire.extra, field)
}

// killLast marks dead the last member of ms that stands in for field and
// returns how many members it looked at.
func killLast(ms []member, field int) int {
	for i := len(ms) - 1; i >= 0; i-- {
		if int(ms[i].field) == field {
			ms[i].dead = true
			return len(ms) - i
		}
	}
	return len(ms)
}

// set notes that field was read with its documented type, superseding any
// earlier member of the same name.
//
// A field read for the first time, as every field of most records is,
// has nothing to supersede and no empty-string bit to clear (both imply
// its seen bit): set checks that bit and the room in the member order
// only, and is small enough to be inlined in the readers of the fields.
func (d *decoder) set(field int) {
	if !d.setFirst(field) {
		d.setSlow(field)
	}
}

// setFirst is set for a field read for the first time into a record of
// room in its member order, which it reports; else it does nothing, and
// the caller calls setSlow. It is small enough to be inlined (set, with
// its call of setSlow, is not), in the readers of the most members.
func (d *decoder) setFirst(field int) bool {
	w := &d.r.wire
	bit := uint64(1) << (uint(field) & 63) // Record has fewer than 64 fields
	n := int(w.norder)
	if d.seen&bit != 0 || n >= len(w.order) {
		return false
	}
	d.seen |= bit
	w.order[n] = uint8(field)
	w.norder++
	return true
}

// setSlow is set for a field read before (a member name twice) or a
// record of more members than the order holds.
func (d *decoder) setSlow(field int) {
	d.note(recordNames[field], field)
	d.r.wire.empty &^= 1 << field
	d.supersede(field)
	d.order(uint8(field))
}

func (d *decoder) str(key string, field int, dst *string) error {
	v, ok, err := d.sc.NextString()
	if !ok {
		return d.extra(key, field)
	}
	if err != nil {
		return err
	}
	if !d.setFirst(field) {
		d.setSlow(field)
	}
	*dst = v
	if v == "" {
		d.r.wire.empty |= 1 << field
	}
	return nil
}

func (d *decoder) boolean(key string, field int, dst *Bool) error {
	if v, ok := d.sc.NextBool(); ok {
		if !d.setFirst(field) {
			d.setSlow(field)
		}
		*dst = Bool{Set: true, Value: v}
		return nil
	}
	switch d.sc.Peek() {
	case jsonwire.True, jsonwire.False:
		v, err := d.sc.ReadBool()
		if err != nil {
			return err
		}
		d.set(field)
		*dst = Bool{Set: true, Value: v}
		return nil
	case jsonwire.String:
		// Booleans carried as strings: sessionCredentialFromConsole in
		// records, readOnly in LookupEvents' CloudTrailEvent.
		v, err := d.sc.SkipString()
		if err != nil {
			return err
		}
		switch v {
		case `"true"`, `"false"`:
			d.set(field)
			*dst = Bool{Set: true, Value: v == `"true"`, Quoted: true}
		default:
			d.keep(key, v, field)
		}
		return nil
	}
	return d.extra(key, field)
}

func (d *decoder) record() error {
	sc := &d.sc
	if err := sc.BeginObject(); err != nil {
		return err
	}
	r := d.r
	for {
		key, ok, err := sc.NextKey()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch len(key) {
		case 7:
			if key == "eventID" {
				err = d.str(key, fEventID, &r.EventID)
				goto next
			}
		case 8:
			switch key {
			case "readOnly":
				err = d.boolean(key, fReadOnly, &r.ReadOnly)
				goto next
			case "addendum":
				err = d.addendum(key)
				goto next
			}
		case 9:
			switch key {
			case "eventTime":
				err = d.eventTime(key)
				goto next
			case "eventName":
				err = d.str(key, fEventName, &r.EventName)
				goto next
			case "awsRegion":
				err = d.str(key, fAWSRegion, &r.AWSRegion)
				goto next
			case "userAgent":
				err = d.str(key, fUserAgent, &r.UserAgent)
				goto next
			case "errorCode":
				err = d.str(key, fErrorCode, &r.ErrorCode)
				goto next
			case "requestID":
				err = d.str(key, fRequestID, &r.RequestID)
				goto next
			case "eventType":
				err = d.str(key, fEventType, (*string)(&r.EventType))
				goto next
			case "resources":
				err = d.resources(key)
				goto next
			}
		case 10:
			switch key {
			case "apiVersion":
				err = d.str(key, fAPIVersion, &r.APIVersion)
				goto next
			case "tlsDetails":
				err = d.tlsDetails(key)
				goto next
			}
		case 11:
			if key == "eventSource" {
				err = d.str(key, fEventSource, &r.EventSource)
				goto next
			}
		case 12:
			switch key {
			case "eventVersion":
				err = d.str(key, fEventVersion, (*string)(&r.EventVersion))
				goto next
			case "userIdentity":
				err = d.userIdentity(key)
				goto next
			case "errorMessage":
				err = d.str(key, fErrorMessage, &r.ErrorMessage)
				goto next
			case "eventContext":
				d.set(fEventContext)
				err = d.raw(fEventContext)
				goto next
			}
		case 13:
			switch key {
			case "sharedEventID":
				err = d.str(key, fSharedEventID, &r.SharedEventID)
				goto next
			case "vpcEndpointId":
				err = d.str(key, fVPCEndpointID, &r.VPCEndpointID)
				goto next
			case "eventCategory":
				err = d.str(key, fEventCategory, (*string)(&r.EventCategory))
				goto next
			}
		case 14:
			if key == "insightDetails" {
				err = d.insightDetails(key)
				goto next
			}
		case 15:
			switch key {
			case "sourceIPAddress":
				err = d.str(key, fSourceIPAddress, &r.SourceIPAddress)
				goto next
			case "managementEvent":
				err = d.boolean(key, fManagementEvent, &r.ManagementEvent)
				goto next
			}
		case 16:
			if key == "responseElements" {
				d.set(fResponseElements)
				err = d.raw(fResponseElements)
				goto next
			}
		case 17:
			switch key {
			case "requestParameters":
				d.set(fRequestParameters)
				err = d.raw(fRequestParameters)
				goto next
			case "edgeDeviceDetails":
				d.set(fEdgeDeviceDetails)
				err = d.raw(fEdgeDeviceDetails)
				goto next
			}
		case 18:
			if key == "recipientAccountId" {
				err = d.str(key, fRecipientAccountID, &r.RecipientAccountID)
				goto next
			}
		case 19:
			switch key {
			case "additionalEventData":
				d.set(fAdditionalEventData)
				err = d.raw(fAdditionalEventData)
				goto next
			case "serviceEventDetails":
				d.set(fServiceEventDetails)
				err = d.raw(fServiceEventDetails)
				goto next
			}
		case 20:
			if key == "vpcEndpointAccountId" {
				err = d.str(key, fVPCEndpointAccountID, &r.VPCEndpointAccountID)
				goto next
			}
		case 28:
			if key == "sessionCredentialFromConsole" {
				err = d.boolean(key, fSessionCredentialFromConsole, &r.SessionCredentialFromConsole)
				goto next
			}
		}
		err = d.extra(key, -1)
	next:
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) eventTime(key string) error {
	v, ok, err := d.sc.NextString()
	if !ok {
		return d.extra(key, fEventTime)
	}
	if err != nil {
		return err
	}
	d.setEventTime(v, v)
	return nil
}

// setEventTime sets the record's eventTime from v, keeping text as the
// text to write back.
func (d *decoder) setEventTime(v, text string) {
	d.set(fEventTime)
	w := &d.r.wire
	w.timeSet = true
	w.timeText = text
	t, ok := parseTime(v)
	w.timeParsed, w.timeOK = t, ok
	d.r.EventTime = t
}

func (d *decoder) userIdentity(key string) error {
	if d.sc.Peek() != jsonwire.Object {
		return d.extra(key, fUserIdentity)
	}
	// The identity is decoded in place, into the record's block; a
	// repeated userIdentity member replaces the one read before.
	start := d.sc.Pos()
	if d.ids != nil {
		return d.userIdentityMemo(start)
	}
	text := d.sc.Text()[start:]
	u, n, err := idstore.DecodeString(&d.identityBlock(text).id, text)
	if err != nil {
		return &identErr{base: start, err: err}
	}
	d.sc.Reset(start + n)
	d.identLen = max(d.identLen, n)
	d.set(fUserIdentity)
	d.r.UserIdentity = u
	return nil
}

// resources reads the resources array. An array holding anything but
// objects is kept raw as a whole.
func (d *decoder) resources(key string) error {
	sc := &d.sc
	if sc.Peek() != jsonwire.Array {
		return d.extra(key, fResources)
	}
	start := sc.Pos()
	if err := sc.BeginArray(); err != nil {
		return err
	}
	var rs []Resource
	switch {
	case d.resUsed:
		rs = make([]Resource, 0, 4)
	case d.blk == nil && d.ids != nil:
		// No block for a decoder with a Reader's memo (see place): room
		// of the array's usual size.
		rs = make([]Resource, 0, len(block{}.res))
	default:
		d.resUsed = true
		rs = d.block().res[:0]
	}
	rs, ok, err := d.resourceArray(rs)
	if err != nil {
		return err
	}
	if !ok {
		sc.Reset(start)
		return d.extra(key, fResources)
	}
	d.set(fResources)
	d.r.Resources = rs
	return nil
}

// resourceArray reads the elements of the resources array whose '[' the
// scanner has just read, up to its ']', appending them to rs, whose room
// past len(rs) must hold zero Resources only. ok is false, and the
// scanner is left where it is, when an element is not an object (the
// caller keeps the array raw). The grown rs is returned in every case.
func (d *decoder) resourceArray(rs []Resource) (_ []Resource, ok bool, err error) {
	sc := &d.sc
	for {
		more, err := sc.NextElem()
		if err != nil {
			return rs, false, err
		}
		if !more {
			return rs, true, nil
		}
		if sc.Peek() != jsonwire.Object {
			return rs, false, nil
		}
		// The room past len(rs) holds zero Resources (never written, or
		// cleared): none needs storing, which would cost write barriers
		// while the garbage collector runs.
		if len(rs) < cap(rs) {
			rs = rs[:len(rs)+1]
		} else {
			rs = append(rs, Resource{})
		}
		if err := d.object(rs[len(rs)-1].fields(), nil); err != nil {
			return rs, false, err
		}
	}
}

// nested reads a string member of a nested object into *dst, or keeps it
// raw in its place when it is not a string. live has a bit per field of
// the object that a raw member stands in for, as decoder.live has for the
// record (see supersede).
func (d *decoder) nested(w *wireState, live *uint16, key string, field int, dst *string) error {
	bit := uint16(1) << field
	w.empty &^= bit
	if *live&bit != 0 {
		*live &^= bit
		d.passed += killLast(w.extra.m, field)
	}
	v, ok, err := d.sc.NextString()
	if !ok {
		*dst = ""
		if err := d.nestedExtra(w, key, field); err != nil {
			return err
		}
		*live |= bit
		return nil
	}
	if err != nil {
		return err
	}
	w.note(uint32(field + 1))
	*dst = v
	if v == "" {
		w.empty |= bit
	}
	return nil
}

// nestedExtra keeps a member of a nested object as raw JSON; field is the
// field it stands in for, or -1.
func (d *decoder) nestedExtra(w *wireState, key string, field int) error {
	v, err := d.sc.SkipValue()
	if err != nil {
		return err
	}
	if w.extra == nil {
		w.extra = new(extras)
	}
	w.note(nibExtra)
	w.extra.m = append(w.extra.m, member{key: key, raw: v, field: int8(field)})
	return nil
}

func (d *decoder) tlsDetails(key string) error {
	return readObject(d, key, fTLSDetails, &d.r.TLSDetails, func(b *block) *TLSDetails { return &b.tls })
}

func (d *decoder) addendum(key string) error {
	return readObject(d, key, fAddendum, &d.r.Addendum, func(*block) *Addendum { return nil })
}

func (d *decoder) insightDetails(key string) error {
	sc := &d.sc
	if sc.Peek() != jsonwire.Object {
		return d.extra(key, fInsightDetails)
	}
	in := new(InsightDetails)
	d.ins = in
	for i := range d.spans[:d.nspans] {
		if d.spans[i].field == fInsightContext {
			d.spans[i].field = noField
		}
	}
	err := d.object(in.fields(), func(key string) (bool, error) {
		if key != "insightContext" {
			return false, nil
		}
		in.wire.note(uint32(insightContextField + 1))
		return true, d.raw(fInsightContext)
	})
	if err != nil {
		return err
	}
	d.set(fInsightDetails)
	d.r.InsightDetails = in
	return nil
}

// decodeNested decodes the JSON text b with read, which fills in a
// scratch Record's field, and returns the scratch record.
func decodeNested(b []byte, what string, read func(d *decoder) error) (*Record, error) {
	r := new(Record)
	d := decoder{sc: jsonwire.New(string(b)), r: r}
	if isNull(b) {
		return nil, nil
	}
	if d.sc.Peek() != jsonwire.Object {
		return nil, d.fail(&jsonwire.SyntaxError{Offset: d.sc.Pos(), Msg: "expected " + what + " object"})
	}
	if err := read(&d); err != nil {
		return nil, d.fail(err)
	}
	if err := d.sc.End(); err != nil {
		return nil, d.fail(err)
	}
	d.finish()
	return r, nil
}

// UnmarshalJSON decodes a resources entry, keeping unknown members.
func (x *Resource) UnmarshalJSON(b []byte) error {
	r, err := decodeNested(b, "resources entry", func(d *decoder) error {
		var res Resource
		if err := d.object(res.fields(), nil); err != nil {
			return err
		}
		d.r.Resources = []Resource{res}
		return nil
	})
	if err != nil || r == nil {
		return err
	}
	*x = r.Resources[0]
	return nil
}

// UnmarshalJSON decodes a tlsDetails object, keeping unknown members.
func (x *TLSDetails) UnmarshalJSON(b []byte) error {
	r, err := decodeNested(b, "tlsDetails", func(d *decoder) error { return d.tlsDetails("tlsDetails") })
	if err != nil || r == nil {
		return err
	}
	*x = *r.TLSDetails
	return nil
}

// UnmarshalJSON decodes an addendum object, keeping unknown members.
func (x *Addendum) UnmarshalJSON(b []byte) error {
	r, err := decodeNested(b, "addendum", func(d *decoder) error { return d.addendum("addendum") })
	if err != nil || r == nil {
		return err
	}
	*x = *r.Addendum
	return nil
}

// UnmarshalJSON decodes an insightDetails object, keeping unknown members.
func (x *InsightDetails) UnmarshalJSON(b []byte) error {
	r, err := decodeNested(b, "insightDetails", func(d *decoder) error { return d.insightDetails("insightDetails") })
	if err != nil || r == nil {
		return err
	}
	*x = *r.InsightDetails
	return nil
}
