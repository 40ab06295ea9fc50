package event

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"
	"unsafe"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// This file holds the framing: the input buffer, finding the extent of a
// value (span), and going on after a bad record (resynchronisation).

const initialBuf = 64 << 10

// fill reads more input into buf, dropping what is no longer needed. It
// reports false at the end of the input or on a read error (r.rerr).
//
// While records are decoded keeping their text (direct) from a source
// that holds its output (inflate's window), the input is copied from
// there straight into a buffer made for it, of the size held (up to
// directChunk), which is then the records' text: the bytes still needed
// of the buffer before are copied into it first, and a buffer whose
// bytes have been handed out is never written again but past w.
func (r *Reader) fill() bool {
	if r.eof {
		return false
	}
	keep := r.keep
	if keep < 0 || keep > r.off {
		keep = r.off
	}
	k := int(keep - r.base)
	switch {
	case r.shared && r.w < len(r.buf):
		// Room left: reading into it changes no byte handed out.
	case r.direct && r.win != nil && r.directBuf(keep, k):
	case r.shared:
		// Back to the Reader's own buffer.
		r.advance(keep)
		need := r.w - k
		if len(r.own) < 2*need {
			r.own = make([]byte, max(initialBuf, 2*need))
		}
		copy(r.own, r.buf[k:r.w])
		r.buf, r.shared = r.own, false
		r.w -= k
		r.base = keep
	default:
		if k > 0 {
			r.advance(keep)
			if r.raw != nil {
				// The bytes of a record that failed, reported with this
				// call: kept where moving the buffered input does not
				// change them.
				r.held = append(r.held[:0], r.raw...)
				r.raw = r.held
			}
			copy(r.buf, r.buf[k:r.w])
			r.w -= k
			r.base = keep
		}
		if r.w == len(r.buf) {
			nb := make([]byte, 2*len(r.buf))
			copy(nb, r.buf[:r.w])
			r.buf, r.own = nb, nb
		}
	}
	from := r.w
	ok := r.read()
	if r.shared {
		r.chunkBytes = r.buf[:r.w]
		r.chunk = unsafe.String(unsafe.SliceData(r.buf), r.w)
		if r.chunkAt != r.base {
			// A new buffer: where its last record ends is to be found
			// from its start.
			r.chunkAt, r.cutAt, from = r.base, r.base, 0
		}
		switch {
		case r.eof:
			r.cutAt = r.base + int64(r.w)
		default:
			// Only the bytes read (and a boundary across their start)
			// can move it on.
			from = max(0, from-len(`},{"eventVersion`))
			if i := recordBoundary(r.buf[from:r.w]); i >= 0 {
				r.cutAt = r.base + int64(from+i+1)
			}
		}
	}
	return ok
}

// read reads more input into buf[w:].
func (r *Reader) read() bool {
	for tries := 0; tries < 100; tries++ {
		n, err := r.src.Read(r.buf[r.w:])
		r.w += n
		if err != nil {
			r.eof = true
			if err != io.EOF {
				r.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	r.eof, r.rerr = true, io.ErrNoProgress
	return false
}

// directBuf makes buf a new buffer for the text of records (see fill)
// holding the input from offset keep (at k in buf) on, with room for
// what the source holds, up to directChunk bytes, or for as much again
// as it holds already. It reports false when the source holds nothing.
func (r *Reader) directBuf(keep int64, k int) bool {
	held := len(r.win.Peek())
	if held == 0 {
		return false
	}
	r.advance(keep)
	need := r.w - k
	chunk := directChunk
	if r.cfg.bufSize > 0 {
		chunk = r.cfg.bufSize // tests: records spanning many buffers
	} else if r.share {
		chunk = initialBuf // every record is kept: one buffer per window step
	}
	nb := textBuf(need + max(min(held, chunk), need))
	copy(nb, r.buf[k:r.w])
	r.buf, r.shared = nb, true
	r.w = need
	r.base = keep
	return true
}

// directChunk is the most input a buffer made for the text of records
// holds when first read into (see fill): the records read from it share
// it, and a record kept keeps it alive.
const directChunk = textChunk

// textBuf returns a byte slice of at least n bytes, as long as its
// capacity, not cleared: its bytes are read into before they are read
// (strings.Builder allocates without clearing; see newChunk).
func textBuf(n int) []byte {
	var sb strings.Builder
	sb.Grow(n)
	sb.WriteByte(0)
	return unsafe.Slice(unsafe.StringData(sb.String()), sb.Cap())
}

// aheadSource is a windowSource that a Reader may read ahead of the
// records asked for: one read to its end anyway, whose next output is
// not waited on for long (trail/archive's objects). Reading records
// under DecodeOnly, the Reader then reads on when less than aheadMargin
// bytes are buffered from the next record on, instead of decoding a
// record cut off at the end of what is buffered, failing, framing it and
// decoding it again. A source that is not one is read only as far as a
// record needs (a slow source, such as a pipe).
type aheadSource interface {
	windowSource
	// ReadAhead reports whether the source may be read ahead.
	ReadAhead() bool
}

// aheadMargin is how much input from the next record on an aheadSource
// has buffered before the record is decoded: several of CloudTrail's
// records.
const aheadMargin = 4 << 10

// windowSource is a source that holds its output in a window of its own
// (inflate's decoders), which fill sizes what it copies by.
type windowSource interface {
	// Peek returns the output held, not read yet, producing more when
	// there is none, or nil when there is none to be had.
	Peek() []byte
	// Buffered returns how much output Read returns without producing
	// more.
	Buffered() int
}

// advance moves the line cursor forward to off, which must be buffered.
func (r *Reader) advance(off int64) {
	if off <= r.curOff {
		return
	}
	from := r.curOff - r.base
	if from < 0 {
		from = 0 // unreachable: the cursor never falls behind buf
	}
	d := r.buf[from : off-r.base]
	if n := bytes.Count(d, []byte{'\n'}); n > 0 {
		r.curLine += n
		r.curLineStart = r.base + from + int64(bytes.LastIndexByte(d, '\n')) + 1
	}
	r.curOff = off
}

// position returns the 1-based line and byte column of a buffered offset.
func (r *Reader) position(off int64) (line, col int) {
	if off > r.base+int64(r.w) {
		off = r.base + int64(r.w)
	}
	if off >= r.curOff {
		r.advance(off)
		return r.curLine, int(off-r.curLineStart) + 1
	}
	if off < r.base {
		off = r.base
	}
	d := r.buf[off-r.base : r.curOff-r.base]
	n := bytes.Count(d, []byte{'\n'})
	if n == 0 {
		return r.curLine, int(off-r.curLineStart) + 1
	}
	lineStart := r.base
	if i := bytes.LastIndexByte(r.buf[:off-r.base], '\n'); i >= 0 {
		lineStart = r.base + int64(i) + 1
	}
	return r.curLine - n, int(off-lineStart) + 1
}

// at returns the byte at offset off, reading as needed.
func (r *Reader) at(off int64) (byte, bool) {
	for off >= r.base+int64(r.w) {
		if !r.fill() {
			return 0, false
		}
	}
	return r.buf[off-r.base], true
}

// window returns the input from off (which must be buffered) on, reading
// until it holds n bytes or the input ends.
func (r *Reader) window(off int64, n int) []byte {
	saved := r.keep
	r.keep = off
	for r.base+int64(r.w)-off < int64(n) && r.fill() {
	}
	r.keep = saved
	return r.buf[off-r.base : r.w]
}

// skipSpace returns the offset of the first non-whitespace byte at or
// after off, and that byte; ok is false at the end of the input. While
// input is kept (r.keep >= 0), white space counts toward the maximum
// record size from r.keep: past it, skipSpace stops with ok false and
// r.overLimit set.
func (r *Reader) skipSpace(off int64) (int64, byte, bool) {
	for {
		if off >= r.base+int64(r.w) && !r.fill() {
			return off, 0, false
		}
		b := r.buf[off-r.base : r.w]
		for i, c := range b {
			if !isSpace(c) {
				off += int64(i)
				if r.keep < 0 {
					r.off = off
				}
				return off, c, true
			}
		}
		off += int64(len(b))
		if r.keep < 0 {
			r.off = off
		} else if off-r.keep > int64(r.cfg.maxRecord) {
			r.overLimit = true
			return off, 0, false
		}
	}
}

func (r *Reader) readErr() error {
	if r.rerr == nil {
		return nil
	}
	if ge, ok := r.rerr.(*GzipError); ok {
		return ge
	}
	return fmt.Errorf("event: reading input at offset %d: %w", r.base+int64(r.w), r.rerr)
}

func (r *Reader) syntaxError(off int64, msg string) *SyntaxError {
	line, col := r.position(off)
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}

func (r *Reader) syntaxRecordError(index int, off int64, msg string) *RecordError {
	se := r.syntaxError(off, msg)
	return &RecordError{Index: index, Line: se.Line, Column: se.Column, Offset: off, Err: se}
}

// found describes the input at off for an error message.
func (r *Reader) found(off int64) string {
	if _, ok := r.at(off); !ok {
		return "end of input"
	}
	i := int(off - r.base)
	return describe(r.buf[:r.w], i)
}

// spanErr says why span could not find the end of a value.
type spanErr struct {
	at       int64 // offset of the offending byte, or the end of the input
	msg      string
	eof      bool
	tooLarge bool
	broken   bool // tooLarge, and malformed at at
	line     int  // position of the value's start, when tooLarge
	col      int
	read     error
}

// or returns e, or, when the value was already found too large (and its
// start dropped from the buffer), a tooLarge error that is broken at e.at.
func (large *spanErr) or(e *spanErr) *spanErr {
	if large == nil {
		return e
	}
	large.at, large.broken = e.at, true
	return large
}

// quoteAhead looks for the end of a plain string from j, a word at a
// time: when the first '"', '\\' or '\n' at or after j, within the whole
// words before the end of buf, is a '"', it returns its offset and true.
func quoteAhead(buf []byte, j int) (int, bool) {
	const lsb, msb = 0x0101010101010101, 0x8080808080808080
	for ; j+8 <= len(buf); j += 8 {
		x := binary.LittleEndian.Uint64(buf[j:])
		q, b, n := x^(lsb*'"'), x^(lsb*'\\'), x^(lsb*'\n')
		// A zero byte of q, b or n marks a stop; the lowest mark is exact.
		if m := ((q-lsb)&^q | (b-lsb)&^b | (n-lsb)&^n) & msb; m != 0 {
			j += bits.TrailingZeros64(m) / 8
			return j, buf[j] == '"'
		}
	}
	return 0, false
}

// strPlain marks the bytes span's slow path goes over inside a string.
// Of the control characters only '\n' stops it (a line break means an
// unterminated string), as on its fast paths (quoteAhead, IndexByte):
// the others are left to the decoder, whatever the path or where the
// buffer ends, so that a record's error does not depend on the buffer
// size (a control character found only by pieces made a record longer
// than the maximum size fail as malformed instead of too large).
var strPlain = func() (t [256]bool) {
	for i := range t {
		t[i] = i != '"' && i != '\\' && i != '\n'
	}
	return t
}()

// structural marks the bytes span acts on outside strings.
var structural = func() (t [256]bool) {
	for _, c := range `"{}[]` {
		t[c] = true
	}
	return t
}()

const tooDeep = jsonwire.TooDeep

// span finds the end of the value starting at start, tracking strings,
// escapes and brackets. The value counts toward the record that starts at
// origin. When the record grows past the maximum size, span fails at once
// unless skip is set, in which case it goes on to the value's end without
// keeping its bytes and reports tooLarge with at = the end.
//
// Its time is linear in the value's length, however many escapes its
// strings hold: the search for a string's closing quote with IndexByte is
// tried once per string, not once per escape.
func (r *Reader) span(start, origin int64, skip bool) (int64, *spanErr) {
	stack := r.stack[:0]
	defer func() { r.stack = stack[:0] }()
	i := start
	c0, _ := r.at(start)
	scalar := c0 != '{' && c0 != '[' && c0 != '"'
	inStr := false
	slowStr := false // IndexByte already failed in this string
	var large *spanErr
	more := false // an escape is split across the end of buf
	for {
		if more || i >= r.base+int64(r.w) {
			more = false
			if large == nil && i-origin > int64(r.cfg.maxRecord) {
				line, col := r.position(origin)
				large = &spanErr{tooLarge: true, line: line, col: col}
				if !skip {
					large.at = i
					return i, large
				}
			}
			if large != nil {
				// Skipping: nothing before i is needed any more.
				r.keep, r.off = i, i
			}
			if !r.fill() {
				switch {
				case r.rerr != nil:
					return i, &spanErr{at: i, read: r.readErr()}
				case large != nil:
					large.at = i
					return i, large
				case scalar:
					return i, nil
				}
				return i, &spanErr{at: i, eof: true, msg: "unexpected end of input inside value"}
			}
			slowStr = false // the buffer moved: IndexByte may be tried again
		}
		buf := r.buf[:r.w]
		j := int(i - r.base)
	scan:
		for j < len(buf) {
			c := buf[j]
			if inStr {
				// Fastest path, for the short strings records are made
				// of: the first '"', '\\' or line break, found a word at
				// a time, is the closing quote.
				if k, ok := quoteAhead(buf, j); ok {
					j = k + 1
					inStr = false
					if len(stack) == 0 {
						return r.spanEnd(r.base+int64(j), origin, large)
					}
					continue
				}
				// Fast path: a string without escapes or line breaks ends
				// at the next quote. Other control characters are left to
				// the decoder, which reports them precisely; line breaks
				// are caught here as they mean an unterminated string.
				if !slowStr {
					if k := bytes.IndexByte(buf[j:], '"'); k >= 0 {
						seg := buf[j : j+k]
						if bytes.IndexByte(seg, '\\') < 0 && bytes.IndexByte(seg, '\n') < 0 {
							j += k + 1
							inStr = false
							if len(stack) == 0 {
								return r.spanEnd(r.base+int64(j), origin, large)
							}
							continue
						}
					}
					slowStr = true
				}
				for j < len(buf) && strPlain[buf[j]] {
					j++
				}
				if j >= len(buf) {
					break
				}
				switch c = buf[j]; c {
				case '"':
					inStr, slowStr = false, false
					j++
					if len(stack) == 0 {
						return r.spanEnd(r.base+int64(j), origin, large)
					}
				case '\\':
					if j+1 >= len(buf) {
						break scan
					}
					j += 2
				default:
					return 0, large.or(&spanErr{at: r.base + int64(j), msg: "control character " + describe(buf, j) + " in string"})
				}
				continue
			}
			if scalar {
				switch c {
				case ' ', '\t', '\r', '\n', ',', ']', '}', '[', '{', '"', ':':
					return r.spanEnd(r.base+int64(j), origin, large)
				}
				j++
				continue
			}
			if !structural[c] {
				j++
				for j < len(buf) && !structural[buf[j]] {
					j++
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				if len(stack) >= maxDepth {
					return 0, large.or(&spanErr{at: r.base + int64(j), msg: tooDeep})
				}
				stack = append(stack, c+2) // '}' = '{'+2, ']' = '['+2
			case '}', ']':
				if len(stack) == 0 || stack[len(stack)-1] != c {
					return 0, large.or(&spanErr{at: r.base + int64(j), msg: "mismatched " + strconv.QuoteRune(rune(c))})
				}
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return r.spanEnd(r.base+int64(j+1), origin, large)
				}
			}
			j++
		}
		i = r.base + int64(j)
		more = j < len(buf)
	}
}

func (r *Reader) spanEnd(end, origin int64, large *spanErr) (int64, *spanErr) {
	if large == nil && end-origin > int64(r.cfg.maxRecord) {
		line, col := r.position(origin)
		large = &spanErr{tooLarge: true, line: line, col: col}
	}
	if large != nil {
		large.at = end
		return end, large
	}
	return end, nil
}

// tooLarge skips the value starting at start, which is longer than the
// maximum record size, without keeping it, and returns the error for it.
// inArray says whether it is an element of an array.
func (r *Reader) tooLarge(index int, start int64, inArray bool) error {
	line, col := r.position(start)
	err := &RecordError{Index: index, Line: line, Column: col, Offset: start,
		Err: fmt.Errorf("%w: longer than %d bytes", ErrRecordTooLarge, r.cfg.maxRecord)}
	r.keep = -1
	r.off = start
	end, e := r.span(start, start, true)
	switch {
	case e != nil && e.read != nil:
		return e.read
	case e == nil || !e.broken && e.tooLarge:
		r.resume(end, inArray)
	default:
		// Malformed as well: go on at the next record start after the
		// failure, which is all that is known of it.
		r.suspect = true
		r.keep = -1
		r.off = e.at
		r.resumeAt(r.findRecord(e.at, inArray), inArray)
	}
	err.End = r.off
	return err
}

// resume goes on after a value that ended at end.
func (r *Reader) resume(end int64, inArray bool) {
	r.off = end
	if inArray {
		r.st = stElemSep
	} else {
		r.st = stTop
	}
}

// resumeAt goes on at q, the start of a record found by findRecord, or
// at the end of the input when q < 0.
func (r *Reader) resumeAt(q int64, inArray bool) {
	if q < 0 {
		r.st = stDone
		return
	}
	r.off = q
	if inArray {
		r.st = stElemFirst
	} else {
		r.st = stTop
	}
}

// recordFail reports a record starting at p whose extent span could not
// find, and sets up reading the next one.
func (r *Reader) recordFail(index int, p int64, e *spanErr, inArray bool) error {
	if e.read != nil {
		return e.read
	}
	if e.tooLarge {
		return r.tooLarge(index, p, inArray)
	}
	// The record's bytes from p to the failure are buffered: let the
	// strict checker say what is wrong and where.
	hi := min(e.at+1, r.base+int64(r.w))
	b := r.buf[p-r.base : hi-r.base]
	r.rawStart, r.raw = p, b
	if r.muted() {
		r.recover(p, inArray)
		return &r.mutedErr
	}
	off, msg := e.at, e.msg
	if se := checkJSON(b); se != nil && (se.off < len(b) || e.eof) {
		off, msg = p+int64(se.off), se.message()
	}
	err := r.syntaxRecordError(index, off, msg)
	r.recover(p, inArray)
	err.End = r.off
	if r.st == stDone {
		err.End = r.base + int64(r.w)
	}
	return err
}

// scanAt runs scanValue on the input from p (which must be buffered),
// reading only as far as the value needs: the window starts small and
// doubles while the scan runs out of it, up to the maximum record size,
// so the time is linear in what is scanned. r.keep holds p meanwhile.
func (r *Reader) scanAt(p int64, repair bool) (scanResult, []byte) {
	saved := r.keep
	r.keep = p
	defer func() { r.keep = saved }()
	n := 4 << 10
	for {
		n = min(n, r.cfg.maxRecord+1)
		win := r.window(p, n)
		res := scanValue(win, repair, r.stack[:0])
		if res.end > 0 || res.fail < len(win) || len(win) < n || n > r.cfg.maxRecord {
			return res, win
		}
		n *= 4
	}
}

// recheck is called for a record whose extent span found (n bytes from
// p) but that did not decode. When the record read to its end with
// brackets repaired and strings read leniently does not end where span
// found it to, its quotes are not where they should be, and span may have
// taken the next records for a part of it: reading goes on as after a
// record whose extent was not found.
func (r *Reader) recheck(p int64, n int) {
	if p < r.base || r.st != stElemSep && r.st != stTop {
		return
	}
	inArray := r.st == stElemSep
	res, win := r.scanAt(p, true)
	r.keep = -1
	if res.end == n {
		// The extent holds. When the record is malformed inside, the
		// damage may still have balanced its brackets early (a '['
		// replaced by '}'), leaving the rest of it to look like records:
		// the next one is checked as after any broken record.
		if len(win) >= n && scanValue(win[:n], false, r.stack[:0]).end != n {
			r.suspect = true
		}
		return
	}
	r.recover(p, inArray)
}

// recover sets up reading on after the broken record starting at p (see
// Reader, "Going on after an error").
func (r *Reader) recover(p int64, inArray bool) {
	r.suspect = true
	res, win := r.scanAt(p, true)
	r.keep = -1
	if res.end > 0 {
		// Repaired to its end: go on right after it, when what follows
		// fits.
		if c, ok := nextByte(win, res.end); !inArray || !ok || c == ',' || c == ']' {
			r.resume(p+int64(res.end), inArray)
			return
		}
	}
	if !inArray {
		// Between top-level values a line that starts with '{' is where
		// records start (JSON Lines): the first plausible one within the
		// part read is the next record, even if the broken record's
		// parse took it in. It is indented no deeper than the broken
		// record: a line indented deeper is inside it (pretty-printed
		// records).
		_, col := r.position(p)
		for i := 1; i < res.fail && i < len(win); i++ {
			if win[i] != '\n' {
				continue
			}
			j := i + 1
			for j < len(win) && (win[j] == ' ' || win[j] == '\t' || win[j] == '\r') {
				j++
			}
			if j < len(win) && win[j] == '{' && j-i <= col {
				if c := scanValue(win[j:], false, r.stack[:0]); r.plausible(c, win[j:], false) {
					if ok, _ := r.confirm(p, p+int64(j), p+int64(j+c.end)); ok {
						r.resumeAt(p+int64(j), false)
						return
					}
					// confirm kept the input from p on, but may have
					// moved it.
					win = r.buf[p-r.base : p-r.base+int64(len(win))]
				}
			}
		}
	}
	from := p + int64(res.fail)
	if res.lastStr >= 0 {
		// A record may start inside the last string the broken record
		// was read to have: the quote closing it may be its first.
		from = p + int64(res.lastStr) + 1
	}
	if inArray && (r.arr == arrEvents || r.arr == arrLogEvents) {
		// The next element is looked for from the broken one's start:
		// nothing inside an element of these arrays looks like one (its
		// record is a string), and a quote lost can make the broken
		// element read on over the next ones.
		from = p + 1
	}
	r.off = from
	r.resumeAt(r.findRecord(from, inArray), inArray)
}

// nextByte returns the first byte of b from i on that is not white space.
func nextByte(b []byte, i int) (byte, bool) {
	for ; i < len(b); i++ {
		if !isSpace(b[i]) {
			return b[i], true
		}
	}
	return 0, false
}

// findRecord returns the offset of the first place from off on where a
// record starts, or -1 when there is none before the end of the input.
// A place is a '{' after ',' or '[' (in an array), after '}' (between
// top-level values), at the start of a line, or followed by the member
// name "eventVersion" (but never after ':', where it is a member's
// value); the object there must be well-formed, have a
// member a record has, and in an array be followed by ',' or ']'.
//
// Each candidate found malformed is passed over from the last string it
// was read to have, as a record can start only there within it (a record
// starting inside a string ends that string), so the search takes time
// linear in the input.
func (r *Reader) findRecord(off int64, inArray bool) int64 {
	r.keep = -1
	for {
		off = max(off, r.base)
		// Keep a little before off buffered to look back at.
		r.keep = max(off-64, r.base)
		c, ok := r.at(off)
		if !ok {
			r.keep = -1
			return -1
		}
		if c != '{' {
			b := r.buf[off-r.base : r.w]
			if k := bytes.IndexByte(b, '{'); k >= 0 {
				off += int64(k)
			} else {
				off += int64(len(b))
				r.off = off
			}
			continue
		}
		if !r.startsRecord(off, inArray) {
			off++
			continue
		}
		res, win := r.scanAt(off, false)
		if r.plausible(res, win, inArray) {
			ok, skip := r.confirm(off, off, off+int64(res.end))
			if ok {
				r.keep = -1
				return off
			}
			off = skip
			r.off = off
			continue
		}
		next := off + 1
		switch {
		case res.end > 0:
			next = off + int64(res.end)
		case res.lastStr >= 0:
			next = max(next, off+int64(res.lastStr)+1)
		}
		off = next
		r.off = off
	}
}

// plausible reports whether the value scanValue read into res, at the
// start of win, can be taken for the next record (or envelope) after a
// broken one: it is well-formed, has a member a record has (or an
// envelope, where one may stand; in the Events of lookup-events output
// a CloudTrailEvent member, in the logEvents of CloudWatch Logs data a
// message member), and in an array is followed by ',' or ']'.
func (r *Reader) plausible(res scanResult, win []byte, inArray bool) bool {
	like := res.recordLike || res.envLike && (!inArray || r.arr == arrTop)
	switch {
	case inArray && r.arr == arrEvents:
		like = res.lookupLike
	case inArray && r.arr == arrLogEvents:
		like = res.logLike
	}
	if res.end == 0 || !like {
		return false
	}
	if !inArray {
		return true
	}
	c, ok := nextByte(win, res.end)
	return ok && (c == ',' || c == ']')
}

// checkSuspect is called, after a broken record, for the object at p
// where the next record should start: unless it is plausible (see
// plausible), it is reported and passed over, and checkSuspect returns
// the error.
func (r *Reader) checkSuspect(p int64, inArray bool) error {
	r.suspect = false
	res, win := r.scanAt(p, false)
	from := p + 1
	if r.plausible(res, win, inArray) {
		ok, skip := r.confirm(p, p, p+int64(res.end))
		if ok {
			return nil
		}
		from = skip
	}
	index := r.index
	r.index++
	line, col := r.position(p)
	r.resumeAt(r.findRecord(from, inArray), inArray)
	end := r.off
	if r.st == stDone {
		end = r.base + int64(r.w)
	}
	msg := "after a broken record, an object that is not one: skipped " + strconv.FormatInt(end-p, 10) + " bytes to offset " + strconv.FormatInt(end, 10)
	r.suspect = true
	return &RecordError{Index: index, Line: line, Column: col, Offset: p, End: end,
		Err: &SyntaxError{Offset: p, Line: line, Column: col, Msg: msg}}
}

// startsRecord reports whether the '{' at off is at a place a record can
// start (see findRecord). The bytes before off are looked at as far as
// they are buffered.
func (r *Reader) startsRecord(off int64, inArray bool) bool {
	const key = `"eventVersion"`
	b := r.window(off, 80)[1:]
	i := 0
	for i < len(b) && i < 64 && isSpace(b[i]) {
		i++
	}
	eventVersion := len(b)-i >= len(key) && string(b[i:i+len(key)]) == key
	before := r.buf[:off-r.base]
	j := len(before) - 1
	for j >= 0 && (before[j] == ' ' || before[j] == '\t' || before[j] == '\r') {
		j--
	}
	if j < 0 {
		return true
	}
	switch before[j] {
	case ':':
		// The value of a member: inside an object, whatever follows.
		return false
	case '\n':
		return true
	case '}':
		return !inArray
	case '[':
		return inArray
	case ',':
		return inArray || eventVersion
	}
	return eventVersion
}

// garbage reports a run of input that is not records, starting at p,
// as one error with its extent, and goes on at the next record after it.
func (r *Reader) garbage(p int64, inArray bool, msg string) error {
	index := r.index
	r.index++
	line, col := r.position(p)
	r.suspect = true
	from, found := p+1, false
	if inArray {
		from, found = r.skipElements(p)
	}
	if !found {
		r.resumeAt(r.findRecord(max(from, p+1), inArray), inArray)
		if r.st == stDone && inArray {
			// The array is not closed, which the next call reports.
			r.off, r.st = r.base+int64(r.w), stElemSep
		}
	}
	end := r.off
	if r.st == stDone {
		end = r.base + int64(r.w)
	}
	if end > p+1 && end-p > int64(len(msg)) {
		msg += "; skipped " + strconv.FormatInt(end-p, 10) + " bytes to offset " + strconv.FormatInt(end, 10)
	}
	return &RecordError{Index: index, Line: line, Column: col, Offset: p, End: end,
		Err: &SyntaxError{Offset: p, Line: line, Column: col, Msg: msg}}
}

// skipElements skips array elements that are not objects, and the commas
// between them, from p: scalars, strings, arrays. When it comes to a '{'
// or ']' it sets the state to read it and returns found; otherwise it
// returns where to look for the next record: after the opening quote of
// the last string it skipped (a record may start inside what was taken
// for a string, if quotes were lost), or where it stopped.
func (r *Reader) skipElements(p int64) (stop int64, found bool) {
	lastStr := int64(-1)
	defer func() { r.keep = -1 }()
	for {
		r.keep = lastStr
		if lastStr >= 0 && p-lastStr > int64(r.cfg.maxRecord) {
			lastStr, r.keep = -1, -1
		}
		q, c, ok := r.skipSpace(p)
		if !ok && !r.overLimit {
			// The end of the input: the array is not closed, which the
			// next call reports.
			r.off, r.st = q, stElemSep
			return q, true
		}
		r.overLimit = false
		switch c {
		case '{', ']':
			r.off, r.st = q, stElemFirst
			return q, true
		case ',':
			// A run of commas and white space, at buffer speed.
			b := r.buf[q+1-r.base : r.w]
			k := 0
			for k < len(b) && (b[k] == ',' || isSpace(b[k])) {
				k++
			}
			p = q + 1 + int64(k)
			continue
		case '[', '"', 't', 'f', 'n', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			if c == '"' {
				lastStr = q
			}
			if lastStr < 0 {
				r.keep = q
			}
			end, e := r.span(q, q, true)
			if e != nil && !(e.tooLarge && !e.broken) {
				if lastStr >= 0 && lastStr >= r.base {
					return lastStr + 1, false
				}
				return max(q, r.base), false
			}
			if end == q {
				end++
			}
			p = end
			continue
		}
		if lastStr >= 0 && lastStr >= r.base {
			return lastStr + 1, false
		}
		return q, false
	}
}

// skipElement skips one element of an array of log events that hold no
// records.
func (r *Reader) skipElement(p int64) error {
	r.keep = p
	end, e := r.span(p, p, true)
	r.keep = -1
	if e != nil {
		if e.read != nil {
			return e.read
		}
		return r.syntaxError(e.at, "in CloudWatch Logs control message: "+e.msg)
	}
	r.off, r.st = end, stElemSep
	return nil
}

// scanResult is what scanValue found.
type scanResult struct {
	end        int  // offset after the value when it was read to its end, else 0
	fail       int  // offset of the first error (len of the text when it ran out)
	lastStr    int  // offset of the opening quote of the last string read before fail, or -1
	recordLike bool // a member of the outermost object has a record member's name
	envLike    bool // a member of the outermost object has an envelope's member name
	lookupLike bool // the outermost object has a CloudTrailEvent member (a lookup-events event)
	logLike    bool // the outermost object has a message member (a CloudWatch Logs log event)
}

// scanValue reads the JSON value at the start of b strictly. With repair
// set it reads on past a closing bracket of the wrong kind that closes a
// container further out (which it closes), and reads strings leniently. It needs no buffer but stack, and takes time linear in
// the length of b.
func scanValue(b []byte, repair bool, stack []byte) (res scanResult) {
	res.lastStr = -1
	const (
		value = iota // a value is due
		name         // a member name or '}' is due
		colon        // ':' is due
		after        // ',' or a closing bracket is due
	)
	state := value
	firstElem := false // the value due may instead close an empty array
	firstName := false // the name due may instead close an empty object
	i := 0
	fail := func() scanResult {
		res.end, res.fail = 0, i
		return res
	}
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return fail()
		}
		c := b[i]
		switch state {
		case value:
			switch {
			case c == '{':
				if len(stack) >= maxDepth {
					return fail()
				}
				stack = append(stack, '}')
				i++
				state, firstName = name, true
				continue
			case c == '[':
				if len(stack) >= maxDepth {
					return fail()
				}
				stack = append(stack, ']')
				i++
				firstElem = true
				continue
			case c == ']' && firstElem:
				// falls to the closing bracket below
			case c == '"':
				j, ok := scanString(b, i, repair)
				if !ok {
					i = j
					return fail()
				}
				res.lastStr = i
				i = j
				state = after
			case c == '-' || isDigit(c):
				s := syntax{b: b, i: i}
				if s.number() != nil {
					i = s.i
					return fail()
				}
				i = s.i
				state = after
			case c == 't' || c == 'f' || c == 'n':
				lit := "null"
				if c == 't' {
					lit = "true"
				} else if c == 'f' {
					lit = "false"
				}
				if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
					return fail()
				}
				i += len(lit)
				state = after
			default:
				if !(repair && (c == '}' || c == ']')) {
					return fail()
				}
			}
			firstElem = false
			if state != value {
				break
			}
			fallthrough
		case after:
			if len(stack) == 0 {
				res.end = i
				return res
			}
			switch {
			case c == ',' && state == after:
				i++
				if stack[len(stack)-1] == '}' {
					state, firstName = name, false
				} else {
					state = value
				}
				continue
			case c == '}' || c == ']':
				k := len(stack) - 1
				if stack[k] != c {
					if !repair {
						return fail()
					}
					for k >= 0 && stack[k] != c {
						k--
					}
					if k < 0 {
						return fail()
					}
				}
				stack = stack[:k]
				i++
				state = after
				if len(stack) == 0 {
					res.end = i
					return res
				}
				continue
			}
			return fail()
		case name:
			if c == '}' && (firstName || repair) {
				stack = stack[:len(stack)-1]
				i++
				state = after
				if len(stack) == 0 {
					res.end = i
					return res
				}
				continue
			}
			if c != '"' {
				if repair && c == ']' {
					state = after
					continue
				}
				return fail()
			}
			j, ok := scanString(b, i, repair)
			if !ok {
				i = j
				return fail()
			}
			if len(stack) == 1 {
				switch name := b[i+1 : j-1]; {
				case isRecordField(name):
					res.recordLike = true
				case isEnvelopeField(name):
					res.envLike = true
				case string(name) == "CloudTrailEvent":
					res.lookupLike = true
				case string(name) == "message":
					res.logLike = true
				}
			}
			res.lastStr = i
			i = j
			state = colon
		case colon:
			if c != ':' {
				return fail()
			}
			i++
			state = value
		}
	}
}

// scanString returns the offset after the string whose opening quote is
// at b[i], and whether it is well-formed. A lenient scan takes any byte
// after a backslash as escaped and any byte but a line break as part of
// the string, as span does.
func scanString(b []byte, i int, lenient bool) (int, bool) {
	if lenient {
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '"':
				return j + 1, true
			case '\\':
				j++
			case '\n':
				return j, false
			}
		}
		return len(b), false
	}
	s := syntax{b: b, i: i}
	if s.str() != nil {
		return s.i, false
	}
	return s.i, true
}

// confirm is asked, after a broken record, about a plausible record (a
// well-formed object with a record's member) at p whose value ends at
// end: whether it starts at a top-level element boundary, or is a value
// nested inside the broken record that only looks like one. A nested
// value is followed by ',', ']' or '}' (or the broken record's ':'); so
// is an element of an array. What tells them apart is what follows the
// array: confirm reads the elements after the candidate (well-formed
// values separated by commas) up to the ']' that closes their array, and
// what follows that ']' must be what follows the array of records of the
// input's form: for a top-level array, the end of the input or another
// top-level value; for a log file, lookup-events output or CloudWatch
// Logs data, the envelope's other members, its '}', then the same. The
// form is the input's (Reader.Format), not where the reader believes it
// is, as a broken record can have misled it. Records back to back (JSON
// Lines) are never followed by ',' or ']'. A nested array is followed by
// the rest of the record it is in, which is none of these.
//
// Where the input is malformed, ends, or lies beyond the maximum record
// size from hold, confirm cannot tell and takes the record. When it
// refuses one, it returns the offset from which the search goes on: the
// place it found out, as every record-like value before it is an element
// of the same nested array or inside one, refused for the same reason.
//
// The input from hold (<= p) on stays buffered meanwhile.
func (r *Reader) confirm(hold, p, end int64) (bool, int64) {
	saved := r.keep
	r.keep = hold
	defer func() { r.keep = saved }()
	arr := arrSkip // records back to back: no array
	switch r.format {
	case FormatArray:
		arr = arrTop
	case FormatLogFile, FormatLookupEvents, FormatCloudWatchLogs:
		arr = arrRecords
	}
	limit := max(int(end-p), r.cfg.maxRecord+1-int(p-hold))
	n := 4 << 10
	for {
		n = min(n, limit)
		r.window(hold, int(p-hold)+n)
		win := r.buf[p-r.base : r.w]
		atEOF := len(win) < n
		v, at := followsLikeElement(win, int(end-p), arr, r.stack[:0])
		switch {
		case v == followsBad:
			return false, p + int64(at)
		case v == followsOK, atEOF, n >= limit:
			return true, 0
		}
		n *= 4
	}
}

const (
	followsOK   = iota // as after a record, or cannot tell
	followsBad         // as after a nested value, found at the offset returned
	followsMore        // b ends before it can tell
)

// followsLikeElement reads b (input from a candidate record on) from i,
// where the candidate ends, as confirm says; arr is arrTop for a
// top-level array, arrRecords for the array of an envelope, arrSkip for
// none.
func followsLikeElement(b []byte, i int, arr arrKind, stack []byte) (int, int) {
	// next returns the offset of the first byte at or after i that is not
	// white space, or -1.
	next := func(i int) int {
		for ; i < len(b); i++ {
			if !isSpace(b[i]) {
				return i
			}
		}
		return -1
	}
	// top checks what follows a top-level value: the end of the input or
	// the next value, an object (a record or an envelope). A '[' is taken
	// for an array element after a missing comma.
	top := func(i int) (int, int) {
		j := next(i)
		if j < 0 {
			return followsMore, 0
		}
		switch b[j] {
		case ',', ':', ']', '}', '[':
			return followsBad, j
		}
		return followsOK, 0
	}
	// value reads the well-formed value at k; ok false is the verdict.
	value := func(k int) (end, verdict int, ok bool) {
		res := scanValue(b[k:], false, stack)
		if res.end == 0 {
			if k+res.fail >= len(b) {
				return 0, followsMore, false
			}
			return 0, followsOK, false // malformed: cannot tell
		}
		return k + res.end, 0, true
	}
	j := next(i)
	if j < 0 {
		return followsMore, 0
	}
	switch b[j] {
	case ':', '}', '[':
		return followsBad, j
	case ',', ']':
		if arr == arrSkip {
			return followsBad, j
		}
	default:
		return followsOK, 0 // not after a nested value
	}
	// The elements after the candidate, to the end of their array.
	for b[j] != ']' {
		if b[j] != ',' {
			return followsOK, 0 // malformed: cannot tell
		}
		k := next(j + 1)
		if k < 0 {
			return followsMore, 0
		}
		e, v, ok := value(k)
		if !ok {
			return v, 0
		}
		if j = next(e); j < 0 {
			return followsMore, 0
		}
	}
	if arr == arrTop {
		return top(j + 1)
	}
	// The rest of the envelope: members, then '}'.
	for {
		if j = next(j + 1); j < 0 {
			return followsMore, 0
		}
		switch b[j] {
		case '}':
			return top(j + 1)
		case ',':
		default:
			return followsBad, j
		}
		k := next(j + 1)
		if k < 0 {
			return followsMore, 0
		}
		if b[k] != '"' {
			return followsBad, k
		}
		e, ok := scanString(b, k, false)
		if !ok {
			if e >= len(b) {
				return followsMore, 0
			}
			return followsOK, 0
		}
		c := next(e)
		if c < 0 {
			return followsMore, 0
		}
		if b[c] != ':' {
			return followsBad, c
		}
		v := next(c + 1)
		if v < 0 {
			return followsMore, 0
		}
		e, verdict, ok := value(v)
		if !ok {
			return verdict, 0
		}
		j = e - 1 // the loop reads on after the value
	}
}
