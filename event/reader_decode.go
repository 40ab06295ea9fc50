package event

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"unsafe"
)

// This file holds record decoding for a Reader.

// decode decodes b, the record NextRaw returned last, into rec, which it
// resets first; blk, when not nil, is where the nested values go.
func (r *Reader) decode(b []byte, rec *Record, blk *block) error {
	muted := r.muted()
	var err error
	switch p := r.proj; {
	case p == nil:
		text, own := r.text(b)
		_, err = rec.decodeTextMemo(text, own, blk, r.idMemo(), muted, false)
	case !r.share:
		// The values are copied out of b: no copy of b is made.
		_, err = rec.decodeOnly(transient(b), nil, blk, muted, false, true, p)
	default:
		text, own := r.text(b)
		_, err = rec.decodeOnly(text, own, blk, muted, false, false, p)
	}
	if err != nil {
		if muted {
			return &r.mutedErr
		}
		return r.decodeError(b, err)
	}
	return nil
}

// text returns b, the record NextRaw returned last, as a string: a
// substring of chunk when the record is within it, with the bytes of
// chunkBytes behind it; else, for a record of a log file or with share
// set, a substring of a new chunk made of the buffered input from the
// record on (see chunkFrom), or a copy of its own.
// Sharing makes one copy per buffer's worth of records instead of one per
// record; every record keeps its whole chunk alive, which costs nothing
// when all of them are kept.
func (r *Reader) text(b []byte) (string, []byte) {
	if r.origin != "" {
		return string(b), nil
	}
	start, end := r.rawStart, r.rawStart+int64(len(b))
	if start < r.chunkAt || end > r.chunkAt+int64(len(r.chunk)) {
		limit := textChunk
		switch {
		case r.share:
			limit = len(r.buf)
		case r.arr != arrRecords || r.st != stElemSep:
			return string(b), nil
		}
		// The records after it in a log file are read from the same copy.
		r.newChunk(r.cut(r.buf[start-r.base:r.w], len(b), limit), start)
	}
	return r.chunk[start-r.chunkAt : end-r.chunkAt], r.chunkBytes[start-r.chunkAt : end-r.chunkAt]
}

// newChunk makes chunk a copy of b, the input from offset at on.
//
// The copy is a string, chunk, with chunkBytes a byte slice view of it,
// so that the raw payloads of the records decoded from it can be slices
// of it rather than copies (see decoder.own). That is safe as no string
// handed out covers a payload's bytes (each string is one member's name
// or value, and a payload is another member's value), and the Reader
// reads no byte of chunk before the end of the last record it handed
// out: changing a payload's bytes changes no string.
//
// A strings.Builder makes the copy because it allocates room without
// clearing it: a copy made by append clears the room past its length up
// to the allocator's size class, on average 5% more bytes written than
// copied for chunks of up to 16 KiB, where the classes are far apart.
func (r *Reader) newChunk(b []byte, at int64) {
	var sb strings.Builder
	sb.Grow(len(b))
	sb.Write(b)
	r.chunk = sb.String()
	r.chunkBytes = unsafe.Slice(unsafe.StringData(r.chunk), len(r.chunk))
	r.chunkAt = at
}

// textChunk is the most input a Reader copies into one string for the
// records of a log file that it decodes without framing them first (see
// fast): the records in it share the copy, and a record kept keeps at
// most that much input alive.
const textChunk = 16 << 10

// fast reads the next record of a log file's Records array into rec
// (blk as for decode) in one pass: it decodes the record from a copy of
// the input that goes on past it (see chunkFrom), which finds the
// record's end too, instead of first framing the record and then
// decoding it. It reports false, having read nothing, when the next thing
// to read is not the next element of a Records array, or the decoding
// did not succeed (a broken record, one longer than the copy or than the
// maximum size): the caller then reads it by the book, which reports what
// is wrong. The records it reads are exactly those the other way reads:
// a well-formed JSON object is its own extent for span.
func (r *Reader) fast(rec *Record, blk *block) bool {
	if r.proj != nil {
		return r.fastOnly(rec, blk)
	}
	p, s, own, ok := r.fastStart()
	if !ok {
		return false
	}
	n, err := rec.decodeTextMemo(s, own, blk, r.idMemo(), true, true)
	if err != nil || n > r.cfg.maxRecord || emptyObject(s[:n]) {
		return false
	}
	r.fastDone(p, n)
	return true
}

// fastNext is fast for Next: it returns the record in a new parseBlock,
// with room for a sessionContext when its userIdentity likely has one,
// or nil.
func (r *Reader) fastNext() *Record {
	if r.proj != nil {
		return r.fastNextOnly()
	}
	p, s, own, ok := r.fastStart()
	if !ok {
		return nil
	}
	var sp *sessionParseBlock
	var pb *parseBlock
	if likelySessionRecord(s) {
		sp = r.spareBlock()
		pb = &sp.pb
	} else {
		pb = new(parseBlock)
	}
	n, err := pb.rec.decodeTextMemo(s, own, &pb.blk, r.idMemo(), true, true)
	if err != nil || n > r.cfg.maxRecord || emptyObject(s[:n]) {
		if sp != nil {
			r.spare = sp // not handed out: used for the next record
		}
		return nil
	}
	r.fastDone(p, n)
	return &pb.rec
}

// spareBlock returns the spare sessionParseBlock, reset, or a new one.
func (r *Reader) spareBlock() *sessionParseBlock {
	sp := r.spare
	if sp == nil {
		return newSessionParseBlock()
	}
	r.spare = nil
	sp.reset()
	return sp
}

// fastStart moves on to the next element of a Records array, when that
// is what comes next and the Reader may read it in one pass (see fast),
// and returns its offset and the input from there on.
func (r *Reader) fastStart() (p int64, s string, own []byte, ok bool) {
	p, ok = r.fastElem()
	if !ok {
		return 0, "", nil, false
	}
	s, own, ok = r.chunkFrom(p)
	return p, s, own, ok
}

// fastElem is fastStart without the input: it returns the offset of the
// next element.
func (r *Reader) fastElem() (int64, bool) {
	if r.err != nil || r.inSub || r.arr != arrRecords || r.suspect || r.keep >= 0 || r.cfg.book {
		return 0, false
	}
	// The bytes looked for are mostly right at r.off (compact text):
	// taken here without skipSpace, which would find them there.
	switch r.st {
	case stElemSep:
		if i := r.off - r.base; i >= 0 && i < int64(r.w) && r.buf[i] == ',' {
			r.off, r.st = r.off+1, stElemNext
			break
		}
		p, c, ok := r.skipSpace(r.off)
		if !ok || c != ',' {
			return 0, false
		}
		r.off, r.st = p+1, stElemNext
	case stElemFirst, stElemNext:
	default:
		return 0, false
	}
	if i := r.off - r.base; i >= 0 && i < int64(r.w) && r.buf[i] == '{' {
		return r.off, true
	}
	p, c, ok := r.skipSpace(r.off)
	if !ok || c != '{' {
		return 0, false
	}
	return p, true
}

// fastDone sets the Reader as NextRaw would have after returning the n
// bytes of the record at offset p.
func (r *Reader) fastDone(p int64, n int) {
	r.raw, r.origin = r.buf[p-r.base:p-r.base+int64(n)], ""
	r.last, r.rawStart = r.index, p
	r.index++
	r.off, r.st = p+int64(n), stElemSep
	r.sum.Records++
}

// chunkFrom returns the input from offset p, which is buffered, on as a
// string and the bytes behind it: the rest of chunk when it holds p, else a new chunk of up to
// textChunk bytes (the whole buffer with share set), cut where the last
// whole record in it likely ends (see cut).
func (r *Reader) chunkFrom(p int64) (string, []byte, bool) {
	if r.shared && p >= r.cutAt && !r.eof {
		// buf is the records' text (see fill), and the record at p likely
		// goes on past it: read on when the source holds more or may be
		// read ahead (see aheadSource), then as fastWindow says.
		saved := r.keep
		r.keep = p
		for p >= r.cutAt && !r.eof && r.win != nil && (r.ahead || r.win.Buffered() > 0) && r.fill() {
		}
		r.keep = saved
		if p >= r.cutAt && !r.eof {
			if _, ok := r.fastWindow(p, textChunk); !ok {
				return "", nil, false
			}
		}
	}
	if p < r.chunkAt || p >= r.chunkAt+int64(len(r.chunk)) {
		limit := textChunk
		if r.share {
			limit = len(r.buf) // every record is kept: one copy per buffer
		}
		win, ok := r.fastWindow(p, limit)
		if !ok {
			return "", nil, false
		}
		r.newChunk(r.cut(win, 0, limit), p)
	}
	return r.chunk[p-r.chunkAt:], r.chunkBytes[p-r.chunkAt:], true
}

// fastWindow returns the buffered input from offset p on, having read more
// while it is shorter than limit and the record at p certainly goes on
// past it; it reports false when the record likely goes on past what is
// buffered.
func (r *Reader) fastWindow(p int64, limit int) ([]byte, bool) {
	win := r.buf[p-r.base : r.w]
	if len(win) < limit && !r.eof {
		// Read more only while the record at p certainly goes on past
		// what is buffered (no '}' in it could be its last byte):
		// framing it would wait for that input too, and a slow source is
		// not waited on for input the record does not need.
		saved := r.keep
		r.keep = p
		for from := 0; len(win) < limit && !mayEnd(win[from:]); {
			from = max(len(win)-1, 0) // a '}' last before may now be followed
			more := r.fill()
			// fill may have moved the buffered input even when it read
			// nothing (the end of the input): win is taken again.
			win = r.buf[p-r.base : r.w]
			if !more {
				break
			}
		}
		r.keep = saved
		if len(win) < limit && !r.eof && !bytes.Contains(win, []byte(`},{"eventVersion"`)) && !bytes.Contains(win, []byte("}]")) {
			// The record at p likely goes on past what is buffered:
			// framing it reads what it needs.
			return nil, false
		}
	}
	return win, true
}

// mayEnd reports whether b holds a '}' that could be the last byte of a
// record: followed by nothing buffered yet, white space, ',' or ']'.
func mayEnd(b []byte) bool {
	for i := 0; ; i++ {
		k := bytes.IndexByte(b[i:], '}')
		if k < 0 {
			return false
		}
		i += k
		if i+1 == len(b) {
			return true
		}
		switch b[i+1] {
		case ',', ']', ' ', '\t', '\n', '\r':
			return true
		}
	}
}

// cut returns the start of win, the buffered input from some offset on,
// to make a chunk of: at most limit bytes, and when the input goes on
// past them, up to the likely end of the last whole record in them after
// the first n bytes, if any: the last '}' followed by `,{"eventVersion"`
// (CloudTrail writes eventVersion first), else by ','.
func (r *Reader) cut(win []byte, n, limit int) []byte {
	if len(win) <= limit && r.eof {
		return win
	}
	win = win[:max(n, min(len(win), limit))]
	if i := recordBoundary(win[n:]); i >= 0 {
		win = win[:n+i+1]
	}
	return win
}

// recordBoundary returns the offset of the last '}' in b followed by
// `,{"eventVersion"`, else by ',', or -1.
func recordBoundary(b []byte) int {
	const next = `,{"eventVersion"`
	// 'V' is rare in records: look for it, and for the rest around it.
	for j := len(b); ; {
		k := lastIndexByte(b[:j], 'V')
		if k < 0 {
			break
		}
		if i := k - len(`},{"event`); i >= 0 && b[i] == '}' && string(b[i+1:min(len(b), i+1+len(next))]) == next {
			return i
		}
		j = k
	}
	return lastRecordEnd(b)
}

// lastRecordEnd is bytes.LastIndex(b, []byte("},")) by lastIndexByte:
// the standard library looks for a pattern of two bytes from the end one
// byte at a time (the whole of a stretch of text with no record's end of
// the usual form in it).
func lastRecordEnd(b []byte) int {
	for j := len(b) - 1; j > 0; {
		k := lastIndexByte(b[:j], '}')
		if k < 0 {
			break
		}
		if b[k+1] == ',' {
			return k
		}
		j = k
	}
	return -1
}

// lastIndexByte is bytes.LastIndexByte eight bytes at a time (the
// standard library's looks at one at a time): recordBoundary looks back
// over about half a record for each buffer of records' text.
func lastIndexByte(b []byte, c byte) int {
	const lo7, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	rep := uint64(c) * 0x0101010101010101
	i := len(b)
	for ; i >= 8; i -= 8 {
		x := binary.LittleEndian.Uint64(b[i-8:]) ^ rep
		// The high bit of each byte of x that is zero (a byte equal to
		// c), exactly: no carry crosses bytes.
		if m := ^(((x & lo7) + lo7) | x) & hi; m != 0 {
			return i - 8 + (63-bits.LeadingZeros64(m))/8
		}
	}
	for i--; i >= 0; i-- {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// inData places err, an error of the reader of the Lambda form's data,
// in the outer input (at offset, line, col, where the data starts): the
// outer RecordError numbers the record, and the message says where in
// the decompressed data the problem is, without the data reader's own
// record number (counted from the start of the data).
func inData(err error, offset int64, line, col int) error {
	var re *RecordError
	if !errors.As(err, &re) {
		return fmt.Errorf("in awslogs.data: %w", err)
	}
	where := fmt.Sprintf("in awslogs.data (line %d, column %d of it)", re.Line, re.Column)
	var se *SyntaxError
	if errors.As(re.Err, &se) {
		return &SyntaxError{Offset: offset, Line: line, Column: col, Msg: where + ": " + se.Msg}
	}
	return &placedError{where: where, err: re.Err}
}

// placedError is err said to happen where.
type placedError struct {
	where string
	err   error
}

func (e *placedError) Error() string {
	return e.where + ": " + strings.TrimPrefix(e.err.Error(), "event: ")
}

func (e *placedError) Unwrap() error { return e.err }

// decodeError explains why b, the record last read, did not decode.
func (r *Reader) decodeError(b []byte, derr error) error {
	switch r.origin {
	case "":
	case "awslogs.data":
		err := r.sub.decodeError(b, derr)
		line, col := r.position(r.rawStart)
		return &RecordError{Index: r.last, Line: line, Column: col, Offset: r.rawStart, Err: inData(err, r.rawStart, line, col)}
	default:
		// A record unwrapped from a string: say where in the string.
		line, col := r.position(r.rawStart)
		var se *SyntaxError
		if errors.As(derr, &se) {
			derr = &SyntaxError{Offset: r.rawStart, Line: line, Column: col,
				Msg: fmt.Sprintf("in the record in %s (byte %d of it, line %d, column %d): %s", r.origin, se.Offset, se.Line, se.Column, se.Msg)}
		}
		return &RecordError{Index: r.last, Line: line, Column: col, Offset: r.rawStart, Err: derr}
	}
	var de *DuplicateMemberError
	if errors.As(derr, &de) {
		line, col := r.position(r.rawStart + de.Second)
		de.First += r.rawStart
		de.Second += r.rawStart
		de.FirstLine, de.FirstColumn = r.position(de.First)
		de.Line, de.Column = line, col
		return &RecordError{Index: r.last, Line: line, Column: col, Offset: de.Second, Err: de}
	}
	if se := checkJSON(b); se != nil {
		return r.syntaxRecordError(r.last, r.rawStart+int64(se.off), se.message())
	}
	var se *SyntaxError
	if errors.As(derr, &se) && se.Offset >= 0 && se.Offset <= int64(len(b)) {
		return r.syntaxRecordError(r.last, r.rawStart+se.Offset, se.Msg)
	}
	line, col := r.position(r.rawStart)
	return &RecordError{Index: r.last, Line: line, Column: col, Offset: r.rawStart, Err: derr}
}
