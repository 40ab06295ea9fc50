package event

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/bits"
	"strconv"
)

// Format is the framing of a stream of records, as detected by a Reader.
type Format int

// The framings a Reader understands.
const (
	// FormatUnknown: nothing has been read yet, or the input is empty.
	FormatUnknown Format = iota
	// FormatLogFile is a CloudTrail log file: one object whose Records
	// member is an array of records, {"Records":[...]}. Other members are
	// kept (see Reader.Extra). Several log files back to back (for example
	// the members of a concatenated .gz) are read one after the other.
	FormatLogFile
	// FormatLines is records back to back separated by whitespace: JSON
	// Lines (one record per line, blank lines allowed) or a single record,
	// pretty-printed or not.
	FormatLines
	// FormatArray is a top-level JSON array of records.
	FormatArray
)

var formatNames = [...]string{"unknown", "log file", "JSON lines", "array"}

// String returns "log file", "JSON lines", "array" or "unknown".
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// DefaultMaxRecordSize is the default limit on the length of one record:
// 1 MiB, above the 256 KB CloudTrail delivers to trails and equal to the
// largest event CloudTrail Lake accepts.
const DefaultMaxRecordSize = 1 << 20

// ReadOption configures Records, NewReader and ReadLogFile.
type ReadOption struct {
	apply func(*readConfig)
}

type readConfig struct {
	maxRecord int
	cont      bool
	bufSize   int // initial buffer size; tests make it tiny
}

// MaxRecordSize sets the longest record, in bytes, a reader holds in memory
// (DefaultMaxRecordSize when n <= 0). A longer record is skipped and
// reported as a *RecordError wrapping ErrRecordTooLarge.
func MaxRecordSize(n int) ReadOption {
	return ReadOption{func(c *readConfig) {
		if n <= 0 {
			n = DefaultMaxRecordSize
		}
		c.maxRecord = n
	}}
}

// ContinueOnError makes Records yield each *RecordError and go on with the
// next record instead of stopping at the first error. Errors that end the
// stream (a read or gzip error, or input that cannot be resynchronised)
// are still yielded last. A Reader always lets its caller go on after a
// *RecordError, so the option has no effect on Reader.Next.
func ContinueOnError() ReadOption {
	return ReadOption{func(c *readConfig) { c.cont = true }}
}

// Member is one member of an object, its value kept as raw JSON.
type Member struct {
	Name  string          // the member name, unescaped
	Value json.RawMessage // the value's JSON text as it came
}

// Records returns an iterator over the records read from r, in input order.
// The input may be gzip-compressed (detected by its magic bytes; members of
// a multi-member file are read in turn) and framed as a log file, JSON
// Lines, a single record or an array of records (see Format). Memory use is
// bounded by the maximum record size, whatever the size of the input.
//
// Each record is freshly allocated. By default the iteration stops after
// yielding the first error; with ContinueOnError every *RecordError is
// yielded and the iteration goes on with the next record.
func Records(r io.Reader, opts ...ReadOption) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		rd := NewReader(r, opts...)
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !yield(nil, err) || !rd.cfg.cont {
					return
				}
				var re *RecordError
				if !errors.As(err, &re) {
					return
				}
				continue
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

type readState int

const (
	stTop        readState = iota // between top-level values
	stElemFirst                   // after '[': an element or ']'
	stElemSep                     // after an element: ',' or ']'
	stElemNext                    // after ',': an element
	stAfterRecs                   // after the Records array of a log file
	stResyncArr                   // looking for the next record in an array
	stResyncLine                  // looking for the next record at top level
	stDone
)

// Reader reads records one at a time from a stream. It is the lower-level
// form of Records: Next and ReadRecord decode, NextRaw hands out the bytes
// of each record without decoding them, so a loop can reuse one Record.
//
// # Going on after an error
//
// A record that cannot be read is reported as a *RecordError, and the next
// call goes on as follows:
//
//   - a record whose extent was found (its brackets balance) but that is
//     malformed inside, or that is not an object, is skipped: reading goes
//     on with the next record;
//   - a record longer than the maximum size is skipped without being held
//     in memory, up to its end;
//   - a record whose extent cannot be found (a string left open, a
//     mismatched bracket, nesting deeper than 10000 levels) is skipped up
//     to the next place a record can start: a '{' at the start of a line,
//     or a '{' followed by the member name "eventVersion" (which CloudTrail
//     writes first, and which cannot occur inside a JSON string). When
//     there is none, the stream ends with io.EOF.
//
// Errors in the framing itself (input that starts with neither '{' nor
// '[', a log file cut off between records or not closed, a malformed
// member after the Records array) and read or gzip errors end the stream.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	in      io.Reader
	src     io.Reader
	zr      *gzip.Reader // kept across Reset
	cfg     readConfig
	started bool
	gzipped bool

	buf  []byte
	w    int   // buf[:w] holds input; buf[0] is at input offset base
	base int64 // input offset of buf[0]
	off  int64 // read position
	keep int64 // earliest offset that must stay in buf; -1 means off
	eof  bool
	rerr error

	// Line accounting: the cursor is at offset curOff, on line curLine,
	// which starts at offset curLineStart. It only moves forward.
	curOff       int64
	curLine      int
	curLineStart int64

	st       readState
	envelope bool // the current array is the Records member of a log file
	format   Format
	index    int // index of the next record
	last     int // index of the last record returned
	rawStart int64
	raw      []byte
	extra    []Member
	stack    []byte
	pend     []memberSpan
	err      error // sticky error that ended the stream

	// With share set (ReadLogFile, which keeps every record), records
	// take their strings from chunk, one string made of the buffered
	// input from offset chunkAt on, instead of a copy each.
	share   bool
	chunk   string
	chunkAt int64
}

type memberSpan struct{ name, nameEnd, val, valEnd int64 }

// NewReader returns a Reader that reads records from r.
func NewReader(r io.Reader, opts ...ReadOption) *Reader {
	rd := &Reader{in: r, keep: -1, curLine: 1}
	rd.cfg.maxRecord = DefaultMaxRecordSize
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&rd.cfg)
		}
	}
	return rd
}

// Reset makes r read from in, with the same options, as if it were new.
// It keeps r's buffers, so one Reader can read many files (for example one
// log file object after another) without allocating them again.
func (r *Reader) Reset(in io.Reader) {
	*r = Reader{in: in, keep: -1, curLine: 1, cfg: r.cfg,
		buf: r.buf, stack: r.stack[:0], pend: r.pend[:0], zr: r.zr}
}

// Format returns the framing of the input, known once the first record (or
// the start of the first log file or array) has been read.
func (r *Reader) Format() Format { return r.format }

// Compressed reports whether the input is gzip-compressed; it is known once
// reading has started.
func (r *Reader) Compressed() bool { return r.gzipped }

// Raw returns the bytes of the record last returned by Next, ReadRecord or
// NextRaw, or of the record a *RecordError was reported for when its bytes
// are known. The slice is valid until the next call on r.
func (r *Reader) Raw() []byte { return r.raw }

// Offset returns the input offset of the first byte of Raw.
func (r *Reader) Offset() int64 { return r.rawStart }

// Extra returns the members other than Records of the log files read so
// far, in input order. Values are raw JSON. Members that follow the Records
// array are known only once the array has been read to its end.
func (r *Reader) Extra() []Member { return r.extra }

// Next reads and decodes the next record. At the end of the input it
// returns io.EOF. A *RecordError reports one record that could not be
// read; calling Next again goes on with the next one. Any other error ends
// the stream and is returned again by later calls.
func (r *Reader) Next() (*Record, error) {
	b, err := r.NextRaw()
	if err != nil {
		return nil, err
	}
	// The Record lives in the block of its nested values, as ParseRecord
	// has it.
	pb := new(parseBlock)
	if err := r.decode(b, &pb.rec, &pb.blk); err != nil {
		return nil, err
	}
	return &pb.rec, nil
}

// ReadRecord is Next decoding into rec, which is reset first. Reusing one
// Record across calls avoids allocating a Record per call.
func (r *Reader) ReadRecord(rec *Record) error {
	b, err := r.NextRaw()
	if err != nil {
		return err
	}
	return r.decode(b, rec, nil)
}

// NextRaw returns the bytes of the next record without decoding them; they
// are valid until the next call on r. The framing is checked, the record's
// JSON only in outline (balanced brackets, strings): decoding checks the
// rest. Errors are as for Next. Reading raw records allocates nothing per
// record once the reader's buffer has grown to fit the largest one.
func (r *Reader) NextRaw() ([]byte, error) {
	r.raw = nil
	if r.err != nil {
		return nil, r.err
	}
	if !r.started {
		if err := r.start(); err != nil {
			r.err = err
			return nil, err
		}
	}
	start, end, err := r.next()
	if err != nil {
		var re *RecordError
		if err != io.EOF && !errors.As(err, &re) {
			r.err = err
			r.st = stDone
		}
		return nil, err
	}
	r.rawStart = start
	r.raw = r.buf[start-r.base : end-r.base]
	return r.raw, nil
}

// decodeError explains why b, the record last read, did not decode.
func (r *Reader) decodeError(b []byte, derr error) error {
	if se := checkJSON(b); se != nil {
		return r.syntaxRecordError(r.last, r.rawStart+int64(se.off), se.msg)
	}
	var se *SyntaxError
	if errors.As(derr, &se) && se.Offset >= 0 && se.Offset <= int64(len(b)) {
		return r.syntaxRecordError(r.last, r.rawStart+se.Offset, se.Msg)
	}
	line, col := r.position(r.rawStart)
	return &RecordError{Index: r.last, Line: line, Column: col, Offset: r.rawStart, Err: derr}
}

const initialBuf = 64 << 10

func (r *Reader) start() error {
	r.started = true
	size := r.cfg.bufSize
	if size < 4 {
		size = initialBuf
	}
	if len(r.buf) < size {
		r.buf = make([]byte, size)
	}
	n, err := io.ReadAtLeast(r.in, r.buf, 2)
	switch err {
	case nil:
	case io.EOF, io.ErrUnexpectedEOF:
		r.eof = true
	default:
		return fmt.Errorf("event: reading input: %w", err)
	}
	if n >= 2 && r.buf[0] == 0x1f && r.buf[1] == 0x8b {
		head := bytes.Clone(r.buf[:n])
		var in io.Reader = bytes.NewReader(head)
		if !r.eof {
			in = io.MultiReader(in, r.in)
		}
		var err error
		if r.zr != nil {
			err = r.zr.Reset(in)
		} else {
			r.zr, err = gzip.NewReader(in)
		}
		if err != nil {
			return fmt.Errorf("event: reading gzip input: %w", err)
		}
		r.src, r.gzipped, r.eof = r.zr, true, false
		return nil
	}
	r.src, r.w = r.in, n
	return nil
}

// fill reads more input into buf, dropping what is no longer needed. It
// reports false at the end of the input or on a read error (r.rerr).
func (r *Reader) fill() bool {
	if r.eof {
		return false
	}
	keep := r.keep
	if keep < 0 || keep > r.off {
		keep = r.off
	}
	if k := int(keep - r.base); k > 0 {
		r.advance(keep)
		copy(r.buf, r.buf[k:r.w])
		r.w -= k
		r.base = keep
	}
	if r.w == len(r.buf) {
		nb := make([]byte, 2*len(r.buf))
		copy(nb, r.buf[:r.w])
		r.buf = nb
	}
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
		r.curLineStart = r.curOff + int64(bytes.LastIndexByte(d, '\n')) + 1
		if from == 0 {
			r.curLineStart = r.base + int64(bytes.LastIndexByte(d, '\n')) + 1
		}
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

// skipSpace returns the offset of the first non-whitespace byte at or
// after off, and that byte; ok is false at the end of the input.
func (r *Reader) skipSpace(off int64) (int64, byte, bool) {
	for {
		c, ok := r.at(off)
		if !ok {
			return off, 0, false
		}
		if !isSpace(c) {
			return off, c, true
		}
		off++
		if r.keep < 0 {
			r.off = off
		}
	}
}

func (r *Reader) readErr() error {
	if r.rerr == nil {
		return nil
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

// next finds the span of the next record.
func (r *Reader) next() (start, end int64, err error) {
	for {
		switch r.st {
		case stDone:
			return 0, 0, io.EOF

		case stTop:
			r.keep = -1
			if r.off == 0 {
				r.skipBOM()
			}
			p, c, ok := r.skipSpace(r.off)
			if !ok {
				if err := r.readErr(); err != nil {
					return 0, 0, err
				}
				r.st = stDone
				return 0, 0, io.EOF
			}
			switch c {
			case '[':
				r.off = p + 1
				r.envelope = false
				r.st = stElemFirst
				if r.format == FormatUnknown {
					r.format = FormatArray
				}
				continue
			case '{':
				start, end, isRec, err := r.topObject(p)
				if err != nil || isRec {
					return start, end, err
				}
				continue
			}
			if r.format == FormatUnknown {
				return 0, 0, r.syntaxError(p, "expected '{' or '[' at start of input, found "+r.found(p))
			}
			r.st = stResyncLine
			r.off = p
			err := r.syntaxRecordError(r.index, p, "expected record object, found "+r.found(p))
			r.index++
			return 0, 0, err

		case stElemFirst, stElemSep, stElemNext:
			r.keep = -1
			p, c, ok := r.skipSpace(r.off)
			if !ok {
				if err := r.readErr(); err != nil {
					return 0, 0, err
				}
				exp := "record or ']'"
				if r.st == stElemSep {
					exp = "',' or ']' after record"
				}
				return 0, 0, r.syntaxError(p, "expected "+exp+", found end of input")
			}
			if r.st == stElemSep {
				switch c {
				case ',':
					r.off = p + 1
					r.st = stElemNext
					continue
				case ']':
					r.closeArray(p)
					continue
				}
				err := r.syntaxRecordError(r.index, p, "expected ',' or ']' after record, found "+r.found(p))
				if c == '{' {
					r.off, r.st = p, stElemNext
				} else {
					r.off, r.st = p+1, stResyncArr
				}
				return 0, 0, err
			}
			if c == ']' {
				closing := r.st == stElemNext
				r.closeArray(p)
				if closing {
					return 0, 0, r.syntaxRecordError(r.index, p, "expected record after ',', found ']'")
				}
				continue
			}
			return r.element(p, c)

		case stAfterRecs:
			if err := r.afterRecords(); err != nil {
				return 0, 0, err
			}

		case stResyncArr, stResyncLine:
			q, ok := r.resync(r.off)
			if !ok {
				if err := r.readErr(); err != nil {
					return 0, 0, err
				}
				r.st = stDone
				return 0, 0, io.EOF
			}
			r.off = q
			if r.st == stResyncArr {
				r.st = stElemNext
			} else {
				r.st = stTop
			}
		}
	}
}

// skipBOM skips a UTF-8 byte order mark at the start of the input.
func (r *Reader) skipBOM() {
	for k, b := range [3]byte{0xef, 0xbb, 0xbf} {
		if c, ok := r.at(int64(k)); !ok || c != b {
			return
		}
	}
	r.off = 3
}

func (r *Reader) closeArray(p int64) {
	r.off = p + 1
	if r.envelope {
		r.st = stAfterRecs
	} else {
		r.st = stTop
	}
}

// element reads the array element starting at p (byte c).
func (r *Reader) element(p int64, c byte) (start, end int64, err error) {
	r.keep = p
	defer func() { r.keep = -1 }()
	index := r.index
	r.index++
	end, serr := r.span(p, p, true)
	if serr != nil {
		return 0, 0, r.spanError(index, p, serr, stResyncArr)
	}
	r.off, r.st = end, stElemSep
	if c != '{' {
		r.rawStart, r.raw = p, r.buf[p-r.base:end-r.base]
		return 0, 0, r.syntaxRecordError(index, p, "expected record object, found "+kindOf(c))
	}
	r.last = index
	return p, end, nil
}

func kindOf(c byte) string {
	switch {
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || isDigit(c):
		return "number"
	}
	return "invalid value"
}

// spanError turns a failure to find a value's extent into a *RecordError
// and sets up resynchronisation.
func (r *Reader) spanError(index int, start int64, e *spanErr, resync readState) error {
	if e.tooLarge {
		r.off, r.st = e.at, stElemSep
		switch {
		case e.broken:
			r.st = resync
		case resync == stResyncLine:
			r.st = stTop
		}
		return &RecordError{Index: index, Line: e.line, Column: e.col, Offset: start,
			Err: fmt.Errorf("%w: longer than %d bytes", ErrRecordTooLarge, r.cfg.maxRecord)}
	}
	if e.read != nil {
		return e.read
	}
	// The record's bytes from start to the failure are buffered: let the
	// strict checker say what is wrong and where.
	hi := e.at + 1
	if lim := r.base + int64(r.w); hi > lim {
		hi = lim
	}
	b := r.buf[start-r.base : hi-r.base]
	r.rawStart, r.raw = start, b
	off, msg := e.at, e.msg
	if se := checkJSON(b); se != nil && (se.off < len(b) || e.eof) {
		off, msg = start+int64(se.off), se.msg
	}
	err := r.syntaxRecordError(index, off, msg)
	r.st = resync
	r.off = e.at
	return err
}

// spanErr says why span could not find the end of a value.
type spanErr struct {
	at       int64 // offset of the offending byte, or the end of the input
	msg      string
	eof      bool
	tooLarge bool
	broken   bool // tooLarge, and malformed at at: resynchronise from there
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

var strPlain = func() (t [256]bool) {
	for i := range t {
		t[i] = i >= 0x20 && i != '"' && i != '\\'
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

// span finds the end of the value starting at start, tracking strings,
// escapes and brackets. The value counts toward the record that starts at
// origin. When the record grows past the maximum size, span fails at once
// unless skip is set, in which case it goes on to the value's end without
// keeping its bytes and reports tooLarge with at = the end.
func (r *Reader) span(start, origin int64, skip bool) (int64, *spanErr) {
	stack := r.stack[:0]
	defer func() { r.stack = stack[:0] }()
	i := start
	c0, _ := r.at(start)
	scalar := c0 != '{' && c0 != '[' && c0 != '"'
	inStr := false
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
				for j < len(buf) && strPlain[buf[j]] {
					j++
				}
				if j >= len(buf) {
					break
				}
				switch c = buf[j]; c {
				case '"':
					inStr = false
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
					return 0, large.or(&spanErr{at: r.base + int64(j), msg: "nesting deeper than " + strconv.Itoa(maxDepth) + " levels"})
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

// topObject reads the top-level object starting at p. It is either a log
// file (it has a Records member whose value is an array) or a record.
func (r *Reader) topObject(p int64) (start, end int64, isRec bool, err error) {
	r.keep = p
	defer func() { r.keep = -1 }()
	index := r.index
	r.pend = r.pend[:0]
	q := p + 1
	for first := true; ; first = false {
		var c byte
		var ok bool
		q, c, ok = r.skipSpace(q)
		if first && ok && c == '}' {
			return r.topRecord(index, p, q+1)
		}
		if !ok || c != '"' {
			return r.topFail(index, p, q, "expected string for object member name, found "+r.found(q))
		}
		nameEnd, serr := r.span(q, p, false)
		if serr != nil {
			return r.topSpanFail(index, p, serr)
		}
		v, c, ok := r.skipSpace(nameEnd)
		if !ok || c != ':' {
			return r.topFail(index, p, v, "expected ':' after object member name, found "+r.found(v))
		}
		v, c, ok = r.skipSpace(v + 1)
		if ok && c == '[' && string(r.buf[q-r.base:nameEnd-r.base]) == `"Records"` {
			// A log file: keep the members read so far.
			r.keepMembers()
			r.off, r.envelope, r.st = v+1, true, stElemFirst
			if r.format == FormatUnknown {
				r.format = FormatLogFile
			}
			return 0, 0, false, nil
		}
		if !ok {
			return r.topFail(index, p, v, "expected value of object member, found end of input")
		}
		valEnd, serr := r.span(v, p, false)
		if serr != nil {
			return r.topSpanFail(index, p, serr)
		}
		r.pend = append(r.pend, memberSpan{q, nameEnd, v, valEnd})
		s, c, ok := r.skipSpace(valEnd)
		switch {
		case ok && c == ',':
			q = s + 1
		case ok && c == '}':
			return r.topRecord(index, p, s+1)
		default:
			return r.topFail(index, p, s, "expected ',' or '}' after object member, found "+r.found(s))
		}
	}
}

func (r *Reader) keepMembers() {
	for _, m := range r.pend {
		var name string
		nb := r.buf[m.name-r.base : m.nameEnd-r.base]
		if err := json.Unmarshal(nb, &name); err != nil {
			name = string(nb)
		}
		r.extra = append(r.extra, Member{Name: name, Value: bytes.Clone(r.buf[m.val-r.base : m.valEnd-r.base])})
	}
	r.pend = r.pend[:0]
}

func (r *Reader) topRecord(index int, start, end int64) (int64, int64, bool, error) {
	if r.format == FormatUnknown {
		r.format = FormatLines
	}
	r.index++
	r.last = index
	r.off, r.st = end, stTop
	r.envelope = false
	return start, end, true, nil
}

// topFail reports a syntax error in a top-level object that is taken to be
// a record, and sets up resynchronisation at the next line.
func (r *Reader) topFail(index int, start, at int64, msg string) (int64, int64, bool, error) {
	if r.format == FormatUnknown {
		r.format = FormatLines
	}
	r.index++
	hi := at + 1
	if lim := r.base + int64(r.w); hi > lim {
		hi = lim
	}
	r.rawStart, r.raw = start, r.buf[start-r.base:hi-r.base]
	if se := checkJSON(r.raw); se != nil && int64(se.off) < at-start {
		at, msg = start+int64(se.off), se.msg
	}
	err := r.syntaxRecordError(index, at, msg)
	r.off, r.st = at, stResyncLine
	return 0, 0, false, err
}

func (r *Reader) topSpanFail(index int, start int64, e *spanErr) (int64, int64, bool, error) {
	if r.format == FormatUnknown {
		r.format = FormatLines
	}
	r.index++
	if e.tooLarge {
		// Skip the whole object without keeping it.
		r.keep = -1
		r.off = start
		end, e2 := r.span(start, start, true)
		if e2 != nil && !e2.tooLarge {
			return 0, 0, false, r.spanError(index, start, e2, stResyncLine)
		}
		r.off, r.st = end, stTop
		if e2 != nil && e2.broken {
			r.off, r.st = e2.at, stResyncLine
		}
		return 0, 0, false, &RecordError{Index: index, Line: e.line, Column: e.col, Offset: start,
			Err: fmt.Errorf("%w: longer than %d bytes", ErrRecordTooLarge, r.cfg.maxRecord)}
	}
	return 0, 0, false, r.spanError(index, start, e, stResyncLine)
}

// afterRecords reads the members of a log file that follow its Records
// array, up to the closing '}'.
func (r *Reader) afterRecords() error {
	for {
		r.keep = -1
		p, c, ok := r.skipSpace(r.off)
		if !ok {
			if err := r.readErr(); err != nil {
				return err
			}
			return r.syntaxError(p, "expected ',' or '}' after Records array, found end of input")
		}
		if c == '}' {
			r.off, r.st = p+1, stTop
			return nil
		}
		if c != ',' {
			return r.syntaxError(p, "expected ',' or '}' after log file member, found "+r.found(p))
		}
		q, c, ok := r.skipSpace(p + 1)
		r.keep = q
		if !ok || c != '"' {
			return r.syntaxError(q, "expected string for object member name, found "+r.found(q))
		}
		nameEnd, serr := r.span(q, q, false)
		if serr != nil {
			return r.memberError(q, serr)
		}
		v, c, ok := r.skipSpace(nameEnd)
		if !ok || c != ':' {
			return r.syntaxError(v, "expected ':' after object member name, found "+r.found(v))
		}
		v, _, ok = r.skipSpace(v + 1)
		if !ok {
			return r.syntaxError(v, "expected value of object member, found end of input")
		}
		valEnd, serr := r.span(v, q, false)
		if serr != nil {
			return r.memberError(q, serr)
		}
		if se := checkJSON(r.buf[v-r.base : valEnd-r.base]); se != nil {
			return r.syntaxError(v+int64(se.off), se.msg)
		}
		r.pend = append(r.pend[:0], memberSpan{q, nameEnd, v, valEnd})
		r.keepMembers()
		r.off = valEnd
	}
}

func (r *Reader) memberError(start int64, e *spanErr) error {
	if e.read != nil {
		return e.read
	}
	if e.tooLarge {
		return r.syntaxError(start, fmt.Sprintf("log file member longer than %d bytes", r.cfg.maxRecord))
	}
	b := r.buf[start-r.base : min(e.at+1, r.base+int64(r.w))-r.base]
	if se := checkJSON(b); se != nil {
		return r.syntaxError(start+int64(se.off), se.msg)
	}
	return r.syntaxError(e.at, e.msg)
}

// resync looks, from off on, for the start of the next record: a '{' at
// the start of a line, or a '{' followed by optional whitespace and the
// member name "eventVersion" (CloudTrail writes eventVersion first, and
// that text cannot occur inside a JSON string, where quotes are escaped).
// It returns the offset of the '{'.
func (r *Reader) resync(off int64) (int64, bool) {
	const key = `"eventVersion"`
	r.keep = -1
	for {
		c, ok := r.at(off)
		if !ok {
			return off, false
		}
		r.off = off
		switch c {
		case '\n':
			if n, ok := r.at(off + 1); ok && n == '{' {
				return off + 1, true
			}
		case '{':
			r.keep = off
			q := off + 1
			for k := 0; k < 64; k++ {
				c, ok := r.at(q)
				if !ok || !isSpace(c) {
					break
				}
				q++
			}
			match := true
			for k := 0; k < len(key); k++ {
				if c, ok := r.at(q + int64(k)); !ok || c != key[k] {
					match = false
					break
				}
			}
			r.keep = -1
			if match {
				return off, true
			}
		}
		off++
	}
}
