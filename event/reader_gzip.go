package event

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/trailmap/trailmap/internal/inflate"
)

// This file holds gzip input: detection, members read in turn, and errors
// that say where in the compressed input they are.

// start reads the first bytes of the input and sets up reading it,
// through gzip when it starts with gzip's magic bytes.
func (r *Reader) start() error {
	r.started = true
	r.ahead = false
	size := r.cfg.bufSize
	if size < 4 {
		size = initialBuf
	}
	if len(r.own) < size {
		r.own = make([]byte, size)
	}
	r.buf, r.shared = r.own, false
	if r.in == nil {
		r.eof = true
		return nil
	}
	n, err := io.ReadFull(r.in, r.magic[:])
	switch err {
	case nil:
	case io.EOF, io.ErrUnexpectedEOF:
		r.eof = true
	default:
		return fmt.Errorf("event: reading input: %w", err)
	}
	if n == 2 && r.magic[0] == 0x1f && r.magic[1] == 0x8b {
		r.pre = prefixReader{pre: r.magic[:], r: r.in}
		if r.gz == nil {
			r.gz = new(gzipSource)
		}
		if err := r.gz.reset(&r.pre); err != nil {
			return err
		}
		r.src, r.eof = r.gz, false
		r.sum.Compressed = true
		r.win = r.gz
		return nil
	}
	copy(r.buf, r.magic[:n])
	r.src, r.w = r.in, n
	r.win, _ = r.in.(windowSource)
	if a, ok := r.in.(aheadSource); ok {
		r.ahead = a.ReadAhead()
	}
	return nil
}

// memberFailed sets up reading the gzip member after the damaged one ge
// reports, at the end of the input buffered so far, as the start of a new
// input, and returns the error to report for the damage.
func (r *Reader) memberFailed(ge *GzipError) *RecordError {
	at := r.base + int64(r.w)
	line, col := r.position(at)
	r.off, r.keep, r.st, r.arr = at, -1, stTop, arrTop
	r.suspect, r.overLimit = false, false
	r.eof, r.rerr = false, nil
	r.pend = r.pend[:0]
	index := r.index
	r.index++
	return &RecordError{Index: index, Line: line, Column: col, Offset: at, End: at, Err: ge}
}

// prefixReader reads pre, then r (when not nil).
type prefixReader struct {
	pre []byte
	r   io.Reader
}

func (p *prefixReader) Read(b []byte) (int, error) {
	if len(p.pre) > 0 {
		n := copy(b, p.pre)
		p.pre = p.pre[n:]
		return n, nil
	}
	if p.r == nil {
		return 0, io.EOF
	}
	return p.r.Read(b)
}

// GzipError reports gzip-compressed input that cannot be decompressed:
// a member cut off, a checksum that does not match, data after a member
// that is not another member, or corrupt compressed data.
//
// When another member follows the damage, reading goes on with it: the
// error is then reported as the Err of a *RecordError (so that
// ContinueOnError and Reader.Next go on past it) and Resumed is the
// compressed offset of that member. Otherwise the error ends the stream;
// the records before it have been read.
type GzipError struct {
	Offset int64 // bytes of compressed input read when the problem was found
	Member int   // the member it is in, from 1 (for data between members, the member expected there)
	Err    error // gzip.ErrChecksum, gzip.ErrHeader, io.ErrUnexpectedEOF, a flate.CorruptInputError or a read error
	// Resumed is the compressed offset of the member reading went on
	// with, or 0 when the error ended the stream.
	Resumed int64
}

// Error returns "event: gzip: member N at compressed offset O: what", and
// when reading went on, "; reading went on at the member at compressed
// offset R".
func (e *GzipError) Error() string {
	var what string
	var ce flate.CorruptInputError
	switch {
	case errors.Is(e.Err, io.ErrUnexpectedEOF):
		what = "truncated member (the input ends inside it)"
		if e.Resumed > 0 {
			what = "truncated member (another member starts inside it)"
		}
	case errors.Is(e.Err, gzip.ErrChecksum):
		what = "checksum mismatch (CRC-32 or length of the member's data)"
	case errors.Is(e.Err, errNotMember):
		what = "data after the previous member that is not a gzip member"
	case errors.Is(e.Err, errReservedFlag):
		what = "invalid member header (a reserved flag bit is set)"
	case errors.Is(e.Err, gzip.ErrHeader):
		what = "invalid member header"
	case errors.As(e.Err, &ce):
		what = "corrupt compressed data"
	default:
		what = e.Err.Error()
	}
	s := "event: gzip: member " + strconv.Itoa(e.Member) + " at compressed offset " +
		strconv.FormatInt(e.Offset, 10) + ": " + what
	if e.Resumed > 0 {
		s += "; reading went on at the member at compressed offset " + strconv.FormatInt(e.Resumed, 10)
	}
	return s
}

// Unwrap returns e.Err.
func (e *GzipError) Unwrap() error { return e.Err }

// errNotMember is the Err of a *GzipError for data between members that
// does not start with a member header; it wraps gzip.ErrHeader.
var errNotMember = fmt.Errorf("%w: not a member", gzip.ErrHeader)

// errReservedFlag is the Err of a *GzipError for a member header with a
// reserved flag bit set; it wraps gzip.ErrHeader. RFC 1952 section
// 2.3.1.2: "A compliant decompressor must give an error indication if
// any reserved bit is non-zero, since such a bit could indicate the
// presence of a new field that would cause subsequent data to be
// interpreted incorrectly." compress/gzip (which package inflate follows)
// does not check them; reading such a member as one decodes damaged data
// as records.
var errReservedFlag = fmt.Errorf("%w: reserved flag bit set", gzip.ErrHeader)

// reservedFlags reports whether the member header at the read position
// has a reserved flag bit set (see errReservedFlag).
func (g *gzipSource) reservedFlags() bool {
	m := g.h.peek(4)
	return len(m) == 4 && m[3]&0xe0 != 0
}

// Going on after a damaged member. The members of a gzip file are
// independent, so a damaged one need cost only its own records: reading
// goes on at the next member header (1f 8b 08, RFC 1952 section 2.3.1)
// after the damage. Those three bytes can also occur inside compressed
// data, so a place found is taken for a member only once it has decoded
// cleanly: its header is valid (no reserved flag bit set), and its data
// has ended with a matching checksum or has given candidateHold bytes
// without error, which a false header does not do. Until then its output
// is held back, so nothing is read from a false member. The search looks
// back over the last searchBack compressed bytes (a member cut off is
// read on into the next one before the damage shows) and reads the input
// again no more than a few times over in all (resyncBudget), so it takes
// time linear in the input and memory bounded by constants.
const (
	candidateHold = 64 << 10
	searchBack    = 32 << 10
	// histStart is the size the compressed input's buffer starts at:
	// enough for a small log file whole; it doubles as a larger file
	// fills it (more).
	histStart = 4 << 10
)

// resyncBudget returns how many compressed bytes may be read again by
// the search, after n have been read.
func resyncBudget(n int64) int64 { return 4*n + 1<<20 }

// gzipSource decompresses the members of a gzip file in turn, counting
// them and the compressed bytes read, and goes on past damaged members.
type gzipSource struct {
	h        histReader
	zr       inflate.Gzip // reads histReader's buffer in place
	members  int          // the current member, from 1
	memberAt int64        // compressed offset of its header
	err      error        // ends the stream
	pending  *GzipError
	held     []byte // output of a member found by the search, not yet read
	heldOff  int
	work     int64 // compressed bytes read again by the search
}

func (g *gzipSource) reset(in io.Reader) error {
	g.h.reset(in)
	g.members, g.memberAt, g.err, g.pending = 1, 0, nil, nil
	g.held, g.heldOff, g.work = g.held[:0], 0, 0
	if g.reservedFlags() {
		g.h.pos = 4
		g.fail(g.wrap(errReservedFlag), 1)
		return g.err
	}
	if err := g.zr.Reset(&g.h); err != nil {
		g.err = g.wrap(err)
		return g.err
	}
	return nil
}

// offset returns how many compressed bytes have been used.
func (g *gzipSource) offset() int64 { return g.h.pos }

func (g *gzipSource) wrap(err error) *GzipError {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &GzipError{Offset: g.offset(), Member: g.members, Err: err}
}

// Read returns decompressed data. At a damaged member followed by another,
// it returns the data before the damage, then once a *GzipError whose
// Resumed is set, then the next member's data.
func (g *gzipSource) Read(p []byte) (int, error) {
	for {
		if g.pending != nil {
			e := g.pending
			g.pending = nil
			return 0, e
		}
		if g.heldOff < len(g.held) {
			n := copy(p, g.held[g.heldOff:])
			g.heldOff += n
			return n, nil
		}
		if g.err != nil {
			return 0, g.err
		}
		n, err := g.zr.Read(p)
		switch {
		case err == io.EOF:
			// The member ended, its checksum matched.
			g.nextMember()
		case err != nil:
			g.fail(g.wrap(err), g.memberAt+1)
		}
		if n > 0 {
			return n, nil
		}
	}
}

// Peek returns the decompressed data held, not read yet (see
// inflate.Gzip.Peek), or nil when there is none to be had without more
// than decoding: at a member's end, at damage, before a window.
func (g *gzipSource) Peek() []byte {
	switch {
	case g.pending != nil:
		return nil
	case g.heldOff < len(g.held):
		return g.held[g.heldOff:]
	case g.err != nil:
		return nil
	}
	return g.zr.Peek()
}

// Buffered returns how many decompressed bytes Read returns without
// decoding more.
func (g *gzipSource) Buffered() int {
	switch {
	case g.pending != nil:
		return 0
	case g.heldOff < len(g.held):
		return len(g.held) - g.heldOff
	case g.err != nil:
		return 0
	}
	return g.zr.Buffered()
}

// nextMember starts the member after one that ended well, if any.
func (g *gzipSource) nextMember() {
	at := g.offset()
	m := g.h.peek(2)
	switch {
	case len(m) == 0 && g.h.err != nil:
		g.err = g.wrap(g.h.err)
	case len(m) == 0:
		g.err = io.EOF
	case len(m) < 2 || m[0] != 0x1f || m[1] != 0x8b:
		g.fail(&GzipError{Offset: at, Member: g.members + 1, Err: errNotMember}, at+1)
	default:
		g.members++
		g.memberAt = at
		if g.reservedFlags() {
			g.h.pos = at + 4
			g.fail(g.wrap(errReservedFlag), at+1)
			return
		}
		if err := g.zr.Reset(&g.h); err != nil {
			g.fail(g.wrap(err), at+1)
		}
	}
}

// fail handles the damage e: it looks for the next member from offset
// from on, and makes e pending (reading goes on) or final.
func (g *gzipSource) fail(e *GzipError, from int64) {
	if g.h.err != nil {
		// The input itself failed: nothing more can be read.
		if e.Err != g.h.err {
			e = &GzipError{Offset: e.Offset, Member: e.Member, Err: g.h.err}
		}
		g.err = e
		return
	}
	next := e.Member + 1
	if e.Err == errNotMember {
		next = e.Member // data between members is not one
	}
	if at, ok := g.search(from, next); ok {
		e.Resumed = at
		g.pending = e
		return
	}
	g.err = e
}

// search looks for a member that decodes cleanly from offset from on
// (see candidateHold). When it finds one, it makes it the current member,
// numbered member, its first output held, and returns its offset.
func (g *gzipSource) search(from int64, member int) (int64, bool) {
	for {
		from = max(from, g.h.start)
		c, ok := g.h.find(from)
		if !ok {
			return 0, false
		}
		if g.try(c) {
			g.members = member
			g.memberAt = c
			return c, true
		}
		// Passed over: search again from just after it, while the
		// budget allows; past it, from where the member failed.
		f := g.h.pos
		from = c + 1
		if g.work+(f-from) > resyncBudget(f) {
			from = f
		} else if f > from {
			g.work += f - from
		}
	}
}

// try reads the member at compressed offset c as far as it takes to tell
// it is one, holding its output. It reports whether it is.
func (g *gzipSource) try(c int64) bool {
	g.h.seek(c)
	if !plausibleHeader(g.h.peek(maxCandidateHeader)) {
		g.h.pos = c + 3
		return false
	}
	if err := g.zr.Reset(&g.h); err != nil {
		return false
	}
	if cap(g.held) < candidateHold {
		g.held = make([]byte, 0, candidateHold)
	}
	g.held, g.heldOff = g.held[:0], 0
	for len(g.held) < candidateHold {
		if g.h.pos-c > searchBack {
			// Much compressed input and little output: not a member
			// that can be told from a false one, so passed over.
			g.held = g.held[:0]
			return false
		}
		n, err := g.zr.Read(g.held[len(g.held):candidateHold])
		g.held = g.held[:len(g.held)+n]
		if err == io.EOF {
			// Ended, checksum matched. What follows is read as after
			// any member, once the held output has been read.
			return true
		}
		if err != nil {
			g.held = g.held[:0]
			return false
		}
	}
	return true
}

// maxCandidateHeader is the longest header a member found by the search
// may have: an extra field of up to 1 KiB, a name and a comment of up to
// 512 bytes each (compress/gzip's limit) and the header CRC.
const maxCandidateHeader = 10 + 2 + 1024 + 512 + 512 + 2

// plausibleHeader reports whether m starts with a whole gzip member header
// as writers make them (RFC 1952 section 2.3.1): no reserved flag bit
// set, XFL 0, 2 (slowest) or 4 (fastest), an OS of the table (0 to 13)
// or 255 (unknown), an extra field of at most 1 KiB, a name and a comment
// ending within 512 bytes. It rules out most false headers at once and
// at little cost, a run of 1f 8b 08 among them, and so a false header
// whose extra field or name would run over the places after it.
func plausibleHeader(m []byte) bool {
	if len(m) < 10 || m[3]&0xe0 != 0 {
		return false
	}
	if xfl := m[8]; xfl != 0 && xfl != 2 && xfl != 4 {
		return false
	}
	if m[9] > 13 && m[9] != 255 {
		return false
	}
	flg, i := m[3], 10
	if flg&0x04 != 0 { // FEXTRA
		if len(m) < i+2 {
			return false
		}
		xlen := int(m[i]) | int(m[i+1])<<8
		if xlen > 1024 || len(m) < i+2+xlen {
			return false
		}
		i += 2 + xlen
	}
	for _, bit := range []byte{0x08, 0x10} { // FNAME, FCOMMENT
		if flg&bit != 0 {
			k := bytes.IndexByte(m[i:min(len(m), i+512)], 0)
			if k < 0 {
				return false
			}
			i += k + 1
		}
	}
	if flg&0x02 != 0 { // FHCRC
		i += 2
	}
	return i <= len(m)
}

// histReader holds the compressed input for gzip, keeping the last
// searchBack bytes before the read position so that the search for a
// member can go back over them. The decompressor reads its buffer in
// place (it is an inflate.Input) and marks as read only what a member
// used, so that the read position is a member's end once it has ended.
type histReader struct {
	r     io.Reader
	buf   []byte // buf[:n] holds the input from offset start on
	n     int
	start int64
	pos   int64 // read position
	eof   bool
	err   error // a read error other than io.EOF
}

func (h *histReader) reset(r io.Reader) {
	if h.buf == nil {
		h.buf = make([]byte, histStart)
	}
	*h = histReader{r: r, buf: h.buf}
}

// more reads more input, dropping what is more than searchBack bytes
// before both pos and keep. It reports false when there is no more.
func (h *histReader) more(keep int64) bool {
	if h.eof {
		return false
	}
	if d := int(min(h.pos, keep) - searchBack - h.start); d > 0 && d >= h.n/2 {
		d = min(d, h.n)
		copy(h.buf, h.buf[d:h.n])
		h.n -= d
		h.start += int64(d)
	}
	if h.n == len(h.buf) {
		nb := make([]byte, 2*len(h.buf))
		copy(nb, h.buf[:h.n])
		h.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		m, err := h.r.Read(h.buf[h.n:])
		h.n += m
		if err != nil {
			h.eof = true
			if err != io.EOF {
				h.err = err
			}
			return m > 0
		}
		if m > 0 {
			return true
		}
	}
	h.eof, h.err = true, io.ErrNoProgress
	return false
}

func (h *histReader) endErr() error {
	if h.err != nil {
		return h.err
	}
	return io.EOF
}

// Buffered returns the input held from the read position on.
func (h *histReader) Buffered() []byte { return h.buf[h.pos-h.start : h.n] }

// Discard moves the read position n bytes on, over bytes Buffered
// returned.
func (h *histReader) Discard(n int) { h.pos += int64(n) }

// Fill reads more input; it returns io.EOF or the read error when there
// is no more.
func (h *histReader) Fill() error {
	if !h.more(h.pos) {
		return h.endErr()
	}
	return nil
}

// peek returns up to n bytes from pos on without reading them.
func (h *histReader) peek(n int) []byte {
	for h.start+int64(h.n)-h.pos < int64(n) && h.more(h.pos) {
	}
	return h.buf[h.pos-h.start : min(h.n, int(h.pos-h.start)+n)]
}

// seek moves the read position back or forward to off, which must not be
// before start.
func (h *histReader) seek(off int64) {
	for off > h.start+int64(h.n) && h.more(off) {
	}
	h.pos = min(off, h.start+int64(h.n))
}

// find returns the offset of the first member header magic (1f 8b 08) at
// or after from, reading on as needed; the read position follows the
// search, so that what lies behind it is dropped.
func (h *histReader) find(from int64) (int64, bool) {
	magic := []byte{0x1f, 0x8b, 0x08}
	h.seek(from)
	for {
		b := h.buf[h.pos-h.start : h.n]
		if k := bytes.Index(b, magic); k >= 0 {
			h.pos += int64(k)
			return h.pos, true
		}
		// Keep the last two bytes: the magic may straddle the read.
		h.pos += int64(max(0, len(b)-2))
		if !h.more(h.pos) {
			return 0, false
		}
	}
}
