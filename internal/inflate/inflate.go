package inflate

import (
	"compress/flate"
	"encoding/binary"
	"io"
)

// Input is compressed input held in memory, which the decoder reads in
// place: it asks for more only when the bytes held run out, and marks
// as read only the bytes it has used, so that whatever follows a stream
// is left unread.
type Input interface {
	// Buffered returns the unread bytes held.
	Buffered() []byte
	// Discard marks the first n bytes of Buffered as read.
	Discard(n int)
	// Fill reads more input, so that Buffered returns more bytes. It
	// returns io.EOF when there is no more, or the error reading it.
	Fill() error
}

const (
	histSize = 32 << 10  // the longest distance (RFC 1951 section 3.2.5)
	stepSize = 32 << 10  // output decoded between returns, as compress/flate's window
	winAlloc = 128 << 10 // the window's size, a power of two (indexes are masked, not checked)
	winMask  = winAlloc - 1
	winSize  = winAlloc - stepSize // the part holding history and output; a multiple of stepSize, with room after it for the 8-byte stores of a match copy
	winPad   = 8                   // bytes past winAlloc, so that an 8-byte load or store at a masked index needs no bounds check
	maxMatch = 258
)

// Decoder states.
const (
	stHeader = iota // before a block header
	stStored        // in a stored block
	stHuff          // in a Huffman-coded block
	stEnd           // after the final block
)

// codeOrder is the order of the code-length code lengths (RFC 1951
// section 3.2.7).
var codeOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// clenSym gives the entries of the code-length code: the symbol.
var clenSym = [19]uint32{0 << 16, 1 << 16, 2 << 16, 3 << 16, 4 << 16, 5 << 16, 6 << 16, 7 << 16, 8 << 16, 9 << 16,
	10 << 16, 11 << 16, 12 << 16, 13 << 16, 14 << 16, 15 << 16, 16 << 16, 17 << 16, 18 << 16}

// A Decoder decompresses a raw DEFLATE stream (RFC 1951). Its zero value
// is ready for Reset. Its output passes through a window that keeps the
// history matches refer to, from which Read copies it, but for its first
// Read while it has no window (see the package doc).
type Decoder struct {
	in   Input
	buf  []byte // in.Buffered(), of which buf[:ip] have been taken into bits
	ip   int
	bits uint64 // the next nb bits of input, from the least significant end
	nb   uint
	read int64 // input bytes discarded since Reset
	// flateRead is how far compress/flate has read the input, as far as
	// need knows (fastLoop does not say).
	flateRead int64
	// part holds the bits left in the bit buffer of the byte before
	// buf[0] when sync marked it read, partN of them, for redo.
	part  uint8
	partN uint
	base  int64 // input offset of the DEFLATE stream

	win *[winAlloc + winPad]byte // win[:winSize] holds history and output; win[rp:wp] is unread; nil until needed
	wp  int                      // the end of the output in out
	rp  int

	// out is where output goes: the window, or the caller's slice when
	// the first output of the stream is decoded into it (direct).
	out    []byte
	direct bool

	st       int
	final    bool
	stored   int // bytes left in a stored block
	copyLen  int // a match not yet copied in full
	copyDist int
	err      error

	litT    *[litEnough]uint32
	distT   *[distEnough]uint32
	litMin  uint // bits compress/flate reads before it looks a symbol up
	distMin uint

	lit     [litEnough]uint32
	dist    [distEnough]uint32
	clen    [1 << clenBits]uint32
	lens    [numLitLen + numDist]uint8
	scratch [1 << litBits]uint8
}

// Reset starts decoding a DEFLATE stream at the start of in.
func (d *Decoder) Reset(in Input) {
	d.in, d.buf, d.ip, d.bits, d.nb, d.read, d.base, d.flateRead = in, in.Buffered(), 0, 0, 0, 0, 0, 0
	d.part, d.partN = 0, 0
	d.wp, d.rp = 0, 0
	d.st, d.final, d.stored, d.copyLen, d.copyDist, d.err = stHeader, false, 0, 0, 0, nil
}

// Offset returns how many input bytes have been used since Reset: up to
// the end of the stream once it has ended. Whole bytes taken into the
// bit buffer but not used are not counted.
func (d *Decoder) Offset() int64 { return d.read + int64(d.ip) - int64(d.nb>>3) }

// Read reads decompressed data. It returns io.EOF after the final block,
// io.ErrUnexpectedEOF when the input ends inside the stream, and a
// flate.CorruptInputError for data that is not DEFLATE.
func (d *Decoder) Read(p []byte) (int, error) {
	for {
		if d.rp < d.wp {
			n := copy(p, d.win[d.rp:d.wp])
			d.rp += n
			return n, nil
		}
		if d.err != nil {
			return 0, d.err
		}
		if d.st == stEnd {
			return 0, io.EOF
		}
		if d.win == nil && len(p) >= directMin {
			if n := d.decodeInto(p); n > 0 {
				return n, nil
			}
			continue
		}
		d.decodeWindow()
	}
}

// directMin is the smallest slice the output of a decoder without a
// window yet is decoded into directly.
const directMin = 4 << 10

// decodeWindow decodes into the window, once all its output has been
// read: up to the next multiple of stepSize bytes of output (the
// window starts at one), the end of the stream or an error. It makes
// room first, keeping the last histSize bytes as history. It returns
// where the new output starts.
func (d *Decoder) decodeWindow() int {
	if d.win == nil {
		d.win = new([winAlloc + winPad]byte)
	}
	if d.wp == winSize {
		copy(d.win[:], d.win[winSize-histSize:winSize])
		d.wp, d.rp = histSize, histSize
	}
	start := d.wp
	d.out = d.win[:]
	d.decode((d.wp/stepSize + 1) * stepSize)
	d.out = nil
	return start
}

// decodeInto decodes the first output of a decoder that has no window
// yet into p, as far as it takes or to the end of the stream or an
// error, and returns its length: a stream that fits in one Read is
// decoded without a window, so that a decoder made for a small file
// allocates and clears none (a reused one has its window, whose fast
// loop is the faster one). When the stream goes on, the window is made,
// with the last histSize bytes of the output as its history, and the
// rest of the stream goes through it.
func (d *Decoder) decodeInto(p []byte) int {
	d.out, d.direct = p, true
	d.decode(len(p))
	n := d.wp
	d.out, d.direct, d.wp, d.rp = nil, false, 0, 0
	if n == 0 || d.st == stEnd || d.err != nil {
		return n
	}
	if d.win == nil {
		d.win = new([winAlloc + winPad]byte)
	}
	k := min(n, histSize)
	copy(d.win[:], p[n-k:n])
	d.wp, d.rp = k, k
	return n
}

// decode decodes into out up to limit, the end of the stream or an
// error, and marks the input used as read.
func (d *Decoder) decode(limit int) {
	if !d.refresh() {
		return
	}
	for d.wp < limit && d.err == nil {
		switch d.st {
		case stHeader:
			d.blockHeader()
		case stStored:
			d.storedData(limit)
		case stHuff:
			d.huff(limit)
		default:
			d.sync()
			return
		}
	}
	d.sync()
}

// refresh takes up the input's buffer again, which the Input may have
// moved between calls (but not past what it held: the read position
// stays where sync left it).
func (d *Decoder) refresh() bool {
	d.buf = d.in.Buffered()
	if d.ip > len(d.buf) {
		d.err = io.ErrNoProgress // the Input broke its contract
		return false
	}
	return true
}

// sync marks the input used as read, giving back the whole bytes held
// in the bit buffer.
func (d *Decoder) sync() {
	k := d.ip - int(d.nb>>3)
	if k > 0 {
		d.in.Discard(k)
		d.read += int64(k)
	}
	d.buf = d.in.Buffered()
	d.ip = int(d.nb >> 3)
	d.part, d.partN = uint8(d.bits&(1<<(d.nb&7)-1)), d.nb&7
}

// fill reads more input into buf.
func (d *Decoder) fill() error {
	d.sync()
	had := len(d.buf)
	err := d.in.Fill()
	d.buf = d.in.Buffered()
	if err == nil && len(d.buf) <= had {
		err = io.ErrNoProgress
	}
	if len(d.buf) > had {
		return nil
	}
	return err
}

// noEOF turns io.EOF into io.ErrUnexpectedEOF: the input ended inside
// the stream.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// corrupt returns the error for corrupt data, at the offset
// compress/flate gives: the input it has read, which is the input used
// but for the bytes it reads ahead of the bits it uses, as a Huffman
// code's bits are read (see need).
func (d *Decoder) corrupt() error {
	return flate.CorruptInputError(max(d.Offset(), d.flateRead) - d.base)
}

// need reads input until the bit buffer holds n bits (n <= 32).
func (d *Decoder) need(n uint) error {
	for d.nb < n {
		if d.ip < len(d.buf) {
			d.bits |= uint64(d.buf[d.ip]) << d.nb
			d.ip++
			d.nb += 8
			continue
		}
		if err := d.fill(); err != nil {
			// compress/flate has read all the input by now.
			d.nb &= 7
			return noEOF(err)
		}
	}
	// compress/flate has read the bytes that hold these n bits.
	d.flateRead = max(d.flateRead, d.read+int64(d.ip)-int64((d.nb-n)>>3))
	return nil
}

func (d *Decoder) drop(n uint) {
	d.bits >>= n
	d.nb -= n
}

// alignGiveBack drops the bits of a partly used byte and gives back the
// whole bytes in the bit buffer, for byte-aligned reading.
func (d *Decoder) alignGiveBack() {
	d.ip -= int(d.nb >> 3)
	d.bits, d.nb = 0, 0
}

// readFull reads len(p) bytes once byte-aligned, as io.ReadFull does.
func (d *Decoder) readFull(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if d.ip < len(d.buf) {
			k := copy(p[n:], d.buf[d.ip:])
			d.ip += k
			n += k
			continue
		}
		if err := d.fill(); err != nil {
			if err == io.EOF && n > 0 {
				err = io.ErrUnexpectedEOF
			}
			return n, err
		}
	}
	return n, nil
}

// readByte reads a byte once byte-aligned.
func (d *Decoder) readByte() (byte, error) {
	for d.ip >= len(d.buf) {
		if err := d.fill(); err != nil {
			return 0, err
		}
	}
	c := d.buf[d.ip]
	d.ip++
	return c, nil
}

// lookup decodes a symbol with table, as compress/flate does: it reads
// min bits first, then as many more as the code takes.
func (d *Decoder) lookup(table []uint32, mainBits, min uint) (uint32, error) {
	if err := d.need(min); err != nil {
		return 0, err
	}
	for {
		e := table[d.bits&(1<<mainBits-1)]
		if e&flagSub != 0 {
			e = table[e>>16+uint32(d.bits>>mainBits)&(1<<(e&0xff)-1)]
		}
		n := codeLen(e)
		if n <= d.nb {
			if n == 0 {
				return 0, d.corrupt()
			}
			d.drop(n)
			return e, nil
		}
		// As compress/flate: the bits of the code the bits held so far
		// would be the start of.
		if err := d.need(n); err != nil {
			return 0, err
		}
	}
}

func (d *Decoder) endBlock() {
	if d.final {
		d.st = stEnd
		d.alignGiveBack()
	} else {
		d.st = stHeader
	}
}

// blockHeader reads a block header (RFC 1951 section 3.2.3) and, for a
// stored block, its length, or for a dynamic one, its codes.
func (d *Decoder) blockHeader() {
	if err := d.need(3); err != nil {
		d.err = err
		return
	}
	d.final = d.bits&1 == 1
	typ := d.bits >> 1 & 3
	d.drop(3)
	switch typ {
	case 0:
		d.drop(d.nb & 7)
		d.alignGiveBack()
		var h [4]byte
		if _, err := d.readFull(h[:]); err != nil {
			d.err = noEOF(err)
			return
		}
		n := uint16(h[0]) | uint16(h[1])<<8
		if nn := uint16(h[2]) | uint16(h[3])<<8; nn != ^n {
			d.err = d.corrupt()
			return
		}
		if n == 0 {
			d.endBlock()
			return
		}
		d.stored, d.st = int(n), stStored
	case 1:
		d.litT, d.distT = fixedCodes()
		d.litMin, d.distMin = fixedLitMin, fixedDistMin
		d.st = stHuff
	case 2:
		if err := d.readCodes(); err != nil {
			d.err = err
			return
		}
		d.litT, d.distT = &d.lit, &d.dist
		d.st = stHuff
	default:
		d.err = d.corrupt()
	}
}

// readCodes reads the codes of a dynamic block (RFC 1951 section
// 3.2.7), rejecting exactly what compress/flate rejects, in its order.
func (d *Decoder) readCodes() error {
	if nlit, ndist, ok := d.readLensFast(); ok {
		return d.buildCodes(nlit, ndist)
	}
	if err := d.need(14); err != nil {
		return err
	}
	nlit := int(d.bits&0x1f) + 257
	if nlit > numLitLen {
		return d.corrupt()
	}
	ndist := int(d.bits>>5&0x1f) + 1
	if ndist > numDist {
		return d.corrupt()
	}
	nclen := int(d.bits>>10&0xf) + 4
	d.drop(14)
	var cl [19]uint8
	for i := 0; i < nclen; i++ {
		if err := d.need(3); err != nil {
			return err
		}
		cl[codeOrder[i]] = uint8(d.bits & 7)
		d.drop(3)
	}
	clMin, ok := buildTable(d.clen[:], cl[:], clenSym[:], clenBits, &d.scratch)
	if !ok {
		return d.corrupt()
	}
	n := nlit + ndist
	lens := d.lens[:n]
	for i := 0; i < n; {
		e, err := d.lookup(d.clen[:], clenBits, clMin)
		if err != nil {
			return err
		}
		sym := uint8(e >> 16)
		if sym < 16 {
			lens[i] = sym
			i++
			continue
		}
		var rep int
		var x uint
		var v uint8
		switch sym {
		case 16:
			rep, x = 3, 2
			if i == 0 {
				return d.corrupt()
			}
			v = lens[i-1]
		case 17:
			rep, x = 3, 3
		default:
			rep, x = 11, 7
		}
		if err := d.need(x); err != nil {
			return err
		}
		rep += int(d.bits & (1<<x - 1))
		d.drop(x)
		if i+rep > n {
			return d.corrupt()
		}
		for j := 0; j < rep; j++ {
			lens[i] = v
			i++
		}
	}
	return d.buildCodes(nlit, ndist)
}

// buildCodes builds the litlen and distance tables of a dynamic block
// from the code lengths in d.lens.
func (d *Decoder) buildCodes(nlit, ndist int) error {
	lens := d.lens[:nlit+ndist]
	litMin, ok := buildTable(d.lit[:], lens[:nlit], litSym[:], litBits, &d.scratch)
	if !ok {
		return d.corrupt()
	}
	distMin, ok := buildTable(d.dist[:], lens[nlit:], distSym[:], distBits, &d.scratch)
	if !ok {
		return d.corrupt()
	}
	// compress/flate reads at least the end-of-block code's length
	// before each litlen symbol.
	d.litMin, d.distMin = max(litMin, uint(lens[256])), distMin
	return nil
}

// readLensFast reads the code lengths of a dynamic block into d.lens, as
// readCodes does, but with the bit buffer refilled 8 bytes at a time, as
// fastLoop does, while at least 8 bytes of input are held. It gives up,
// leaving the input where it was, on anything else: input running
// short, or codes or lengths readCodes rejects, which it then reads
// again to say how. A header read in full has read no further than
// what it used, which is how far compress/flate has read.
func (d *Decoder) readLensFast() (nlit, ndist int, ok bool) {
	buf, ip, bits, nb := d.buf, d.ip, d.bits, d.nb
	iend := len(buf) - 8
	if ip > iend {
		return 0, 0, false
	}
	bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
	ip += int((63 - nb) >> 3)
	nb |= 56
	nlit = int(bits&0x1f) + 257
	ndist = int(bits>>5&0x1f) + 1
	nclen := int(bits>>10&0xf) + 4
	if nlit > numLitLen || ndist > numDist {
		return 0, 0, false
	}
	bits >>= 14
	nb -= 14
	var cl [19]uint8
	for _, o := range codeOrder[:nclen] {
		if nb < 3 {
			if ip > iend {
				return 0, 0, false
			}
			bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
			ip += int((63 - nb) >> 3)
			nb |= 56
		}
		cl[o] = uint8(bits & 7)
		bits >>= 3
		nb -= 3
	}
	if _, ok := buildTable(d.clen[:], cl[:], clenSym[:], clenBits, &d.scratch); !ok {
		return 0, 0, false
	}
	n := nlit + ndist
	lens := d.lens[:n]
	ct := &d.clen
	for i := 0; i < n; {
		// A code of up to 7 bits and up to 7 extra bits.
		if nb < 14 {
			if ip > iend {
				return 0, 0, false
			}
			bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
			ip += int((63 - nb) >> 3)
			nb |= 56
		}
		e := ct[bits&(1<<clenBits-1)]
		l := codeLen(e)
		if l == 0 {
			return 0, 0, false
		}
		bits >>= l
		nb -= l
		sym := uint8(e >> 16)
		if sym < 16 {
			lens[i] = sym
			i++
			continue
		}
		var rep int
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return 0, 0, false
			}
			rep, v = 3+int(bits&3), lens[i-1]
			bits >>= 2
			nb -= 2
		case 17:
			rep = 3 + int(bits&7)
			bits >>= 3
			nb -= 3
		default:
			rep = 11 + int(bits&0x7f)
			bits >>= 7
			nb -= 7
		}
		if i+rep > n {
			return 0, 0, false
		}
		for j := range lens[i : i+rep] {
			lens[i+j] = v
		}
		i += rep
	}
	d.ip, d.bits, d.nb = ip, bits, nb
	d.flateRead = max(d.flateRead, d.Offset())
	return nlit, ndist, true
}

// storedData copies a stored block's bytes.
func (d *Decoder) storedData(limit int) {
	for d.stored > 0 && d.wp < limit {
		if d.ip >= len(d.buf) {
			if err := d.fill(); err != nil {
				d.err = noEOF(err)
				return
			}
			continue
		}
		n := copy(d.out[d.wp:limit], d.buf[d.ip:min(len(d.buf), d.ip+d.stored)])
		d.wp += n
		d.ip += n
		d.stored -= n
	}
	if d.stored == 0 {
		d.endBlock()
	}
}

// huff decodes a Huffman-coded block: with fastLoop while input and
// room are plenty, symbol by symbol near their ends.
func (d *Decoder) huff(limit int) {
	// fastLoop's matches end by wend+maxMatch, and its copies write up
	// to 8 bytes past them.
	wend := min(limit, len(d.out)-8) - maxMatch
	for d.wp < limit && d.st == stHuff && d.err == nil {
		switch {
		case d.copyLen > 0:
			d.copyPending(limit)
		case d.ip+8 <= len(d.buf) && d.wp <= wend && d.direct:
			d.fastLoopInto(wend)
		case d.ip+8 <= len(d.buf) && d.wp <= wend:
			d.fastLoop(wend)
		case d.ip+8 <= len(d.buf) && !d.direct:
			d.tailLoop(limit)
		default:
			d.slowSym(limit)
		}
	}
}

// copyPending copies as much of the match in hand as fits before limit:
// in the window, which has room past limit, 8 bytes at a time when the
// distance allows it.
func (d *Decoder) copyPending(limit int) {
	n := min(d.copyLen, limit-d.wp)
	wp, src := d.wp, d.wp-d.copyDist
	if win := d.win; !d.direct && d.copyDist >= 8 {
		for i := 0; i < n; i += 8 {
			binary.LittleEndian.PutUint64(win[(wp+i)&winMask:], binary.LittleEndian.Uint64(win[(src+i)&winMask:]))
		}
	} else {
		out := d.out
		for i := 0; i < n; i++ {
			out[wp+i] = out[src+i]
		}
	}
	d.wp += n
	d.copyLen -= n
}

// slowSym decodes one symbol reading input as it goes, in the order and
// with the checks of compress/flate.
func (d *Decoder) slowSym(limit int) {
	e, err := d.lookup(d.litT[:], litBits, d.litMin)
	if err != nil {
		d.err = err
		return
	}
	switch {
	case e&flagLit != 0:
		d.out[d.wp] = byte(e >> 16)
		d.wp++
		return
	case e&flagEOB != 0:
		d.endBlock()
		return
	case e&flagBad != 0:
		d.err = d.corrupt()
		return
	}
	x := uint(e&0xff) - codeLen(e)
	if err := d.need(x); err != nil {
		d.err = err
		return
	}
	length := int(e>>16) + int(d.bits&(1<<x-1))
	d.drop(x)
	de, err := d.lookup(d.distT[:], distBits, d.distMin)
	if err != nil {
		d.err = err
		return
	}
	if de&flagBad != 0 {
		d.err = d.corrupt()
		return
	}
	x = uint(de&0xff) - codeLen(de)
	if err := d.need(x); err != nil {
		d.err = err
		return
	}
	dist := int(de>>16) + int(d.bits&(1<<x-1))
	d.drop(x)
	if dist > d.wp {
		d.err = d.corrupt()
		return
	}
	d.copyLen, d.copyDist = length, dist
	d.copyPending(limit)
}

// fastLoop decodes symbols into the window while at least 8 bytes of
// input are held and the output has not passed wend: one unaligned
// 8-byte load refills the bit buffer to at least 56 bits, enough for
// up to three literals, or a length and distance with their extra
// bits, and matches are copied 8 bytes at a time. As in libdeflate, the
// next litlen entry is looked up before the refill that follows a run
// of literals (it needs the 11 bits the run leaves at least), and
// before the loop's checks.
func (d *Decoder) fastLoop(wend int) {
	buf, ip, bits, nb := d.buf, d.ip, d.bits, d.nb
	win, wp := d.win, d.wp
	lt, dt := d.litT, d.distT
	iend := len(buf) - 8
	eob := false
	var back uint // the bits of a corrupt symbol
	if ip > iend || wp > wend {
		return
	}
	// nb's bits past the sixth are not kept clean: each symbol's entry
	// is subtracted from it whole, whose low byte is the bits it takes.
	bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
	ip += int((63 - nb&63) >> 3)
	nb |= 56
	e := lt[bits&(1<<litBits-1)]
	for {
		// At least 56 bits are held, e is the entry of the next 11.
		if e&flagLit == 0 {
			if e&flagSub != 0 {
				e = lt[(e>>16+uint32(bits>>litBits)&(1<<(e&15)-1))%litEnough]
			}
			if e&flagLit == 0 {
				// A length or distance takes its code's and extra
				// bits at once: the extra bits are those of saved
				// past the code's length.
				saved := bits
				bits >>= e & 63
				nb -= uint(e)
				if e&(flagEOB|flagBad) != 0 {
					if e&flagEOB != 0 {
						eob = true
					} else {
						d.err = flate.CorruptInputError(0)
						back = uint(e & 0xff)
					}
					break
				}
				length := int(e>>16) + int(saved&(1<<(e&63)-1)>>(e>>8&63))

				de := dt[bits&(1<<distBits-1)]
				if de&flagSub != 0 {
					de = dt[(de>>16+uint32(bits>>distBits)&(1<<(de&15)-1))%distEnough]
				}
				saved = bits
				bits >>= de & 63
				nb -= uint(de)
				dist := int(de>>16) + int(saved&(1<<(de&63)-1)>>(de>>8&63))
				if de&flagBad != 0 || dist > wp {
					d.err = flate.CorruptInputError(0)
					back = uint(e&0xff) + uint(de&0xff)
					break
				}
				src := wp - dist
				switch {
				case dist >= length && length <= 16:
					// No overlap: two 8-byte moves, whatever the length (the
					// bytes past it are written again later).
					v0 := binary.LittleEndian.Uint64(win[src&winMask:])
					v1 := binary.LittleEndian.Uint64(win[(src+8)&winMask:])
					binary.LittleEndian.PutUint64(win[wp&winMask:], v0)
					binary.LittleEndian.PutUint64(win[(wp+8)&winMask:], v1)
				case dist >= length:
					copy(win[wp:wp+length], win[src:wp])
				case dist >= 8:
					for i := 0; i < length; i += 8 {
						binary.LittleEndian.PutUint64(win[(wp+i)&winMask:], binary.LittleEndian.Uint64(win[(src+i)&winMask:]))
					}
				case dist == 1:
					c := win[src&winMask]
					for i := 0; i < length; i++ {
						win[(wp+i)&winMask] = c
					}
				default:
					for i := 0; i < length; i++ {
						win[(wp+i)&winMask] = win[(src+i)&winMask]
					}
				}
				wp += length
				if ip > iend || wp > wend {
					break
				}
				bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
				ip += int((63 - nb&63) >> 3)
				nb |= 56
				e = lt[bits&(1<<litBits-1)]
				continue
			}
		}
		// Up to three literals: each takes at most 15 of the 56 bits,
		// leaving 11 for the next entry.
		bits >>= e & 63
		nb -= uint(e)
		win[wp&winMask] = byte(e >> 16)
		wp++
		e = lt[bits&(1<<litBits-1)]
		if e&flagLit != 0 {
			bits >>= e & 63
			nb -= uint(e)
			win[wp&winMask] = byte(e >> 16)
			wp++
			e = lt[bits&(1<<litBits-1)]
			if e&flagLit != 0 {
				bits >>= e & 63
				nb -= uint(e)
				win[wp&winMask] = byte(e >> 16)
				wp++
				e = lt[bits&(1<<litBits-1)]
			}
		}
		if ip > iend || wp > wend {
			break
		}
		bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
		ip += int((63 - nb&63) >> 3)
		nb |= 56
	}
	d.ip, d.bits, d.nb, d.wp = ip, bits, nb&63, wp
	if eob {
		d.endBlock()
	}
	if d.err != nil {
		d.redo(back)
	}
}

// tailLoop decodes symbols into the window from where fastLoop stops
// (a longest match before limit) to limit while at least 8 bytes of
// input are held: as fastLoop does, but a symbol a round, and a match
// that ends past limit is cut there, the rest left to copyPending (its
// copy writes past limit, where the window has room, and copyPending
// writes it again).
func (d *Decoder) tailLoop(limit int) {
	buf, ip, bits, nb := d.buf, d.ip, d.bits, d.nb
	win, wp := d.win, d.wp
	lt, dt := d.litT, d.distT
	iend := len(buf) - 8
	eob := false
	var back uint // the bits of a corrupt symbol
	for ip <= iend && wp < limit {
		bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
		ip += int((63 - nb&63) >> 3)
		nb |= 56
		e := lt[bits&(1<<litBits-1)]
		if e&flagSub != 0 {
			e = lt[(e>>16+uint32(bits>>litBits)&(1<<(e&15)-1))%litEnough]
		}
		saved := bits
		bits >>= e & 63
		nb -= uint(e)
		if e&flagLit != 0 {
			win[wp&winMask] = byte(e >> 16)
			wp++
			continue
		}
		if e&(flagEOB|flagBad) != 0 {
			if e&flagEOB != 0 {
				eob = true
			} else {
				d.err = flate.CorruptInputError(0)
				back = uint(e & 0xff)
			}
			break
		}
		length := int(e>>16) + int(saved&(1<<(e&63)-1)>>(e>>8&63))
		de := dt[bits&(1<<distBits-1)]
		if de&flagSub != 0 {
			de = dt[(de>>16+uint32(bits>>distBits)&(1<<(de&15)-1))%distEnough]
		}
		saved = bits
		bits >>= de & 63
		nb -= uint(de)
		dist := int(de>>16) + int(saved&(1<<(de&63)-1)>>(de>>8&63))
		if de&flagBad != 0 || dist > wp {
			d.err = flate.CorruptInputError(0)
			back = uint(e&0xff) + uint(de&0xff)
			break
		}
		src := wp - dist
		if dist >= 8 {
			for i := 0; i < length; i += 8 {
				binary.LittleEndian.PutUint64(win[(wp+i)&winMask:], binary.LittleEndian.Uint64(win[(src+i)&winMask:]))
			}
		} else {
			for i := 0; i < length; i++ {
				win[(wp+i)&winMask] = win[(src+i)&winMask]
			}
		}
		wp += length
		if wp > limit {
			d.copyLen, d.copyDist = wp-limit, dist
			wp = limit
		}
	}
	d.ip, d.bits, d.nb, d.wp = ip, bits, nb&63, wp
	if eob {
		d.endBlock()
	}
	if d.err != nil {
		d.redo(back)
	}
}

// redo decodes again, as slowSym does, the symbol fastLoop found corrupt,
// which starts back bits before the bit buffer's, so that the error says
// how far compress/flate has read (it reads a code's bits as it looks it
// up, see lookup).
func (d *Decoder) redo(back uint) {
	pos := d.ip*8 - int(d.nb) - int(back)
	switch {
	case pos < -int(d.partN):
		d.err = d.corrupt() // not reached: the bits before were used before sync
		return
	case pos < 0:
		// Starting in the byte before buf[0].
		d.ip, d.bits, d.nb = 0, uint64(d.part)>>(int(d.partN)+pos), uint(-pos)
	default:
		d.ip, d.bits, d.nb = pos>>3, 0, 0
		if k := uint(pos & 7); k > 0 {
			d.bits, d.nb = uint64(d.buf[d.ip])>>k, 8-k
			d.ip++
		}
	}
	d.err = nil
	d.slowSym(d.wp + 1)
	if d.err == nil {
		d.err = d.corrupt() // not reached: the symbol is as corrupt as it was
	}
}

// fastLoopInto is fastLoop for output into the caller's slice (out),
// which has no history before it: the same loop, but for out being a
// slice, whose indexes are bounds checked (the window's are masked),
// once a round for the symbols' room. Matches are copied 8 bytes at a
// time, writing up to 7 bytes past their end, and 16 bytes for a short
// one, which out has room for past wend: the bytes are written again
// later.
func (d *Decoder) fastLoopInto(wend int) {
	buf, ip, bits, nb := d.buf, d.ip, d.bits, d.nb
	out, wp := d.out, d.wp
	lt, dt := d.litT, d.distT
	iend := len(buf) - 8
	eob := false
	var back uint // the bits of a corrupt symbol
	if ip > iend || wp > wend {
		return
	}
	// nb's bits past the sixth are not kept clean: each symbol's entry
	// is subtracted from it whole, whose low byte is the bits it takes.
	bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
	ip += int((63 - nb&63) >> 3)
	nb |= 56
	e := lt[bits&(1<<litBits-1)]
	for {
		// At least 56 bits are held, e is the entry of the next 11.
		// The room the symbols of this round may write, bounds
		// checked once.
		o := (*[maxMatch + 8]byte)(out[wp : wp+maxMatch+8])
		if e&flagLit == 0 {
			if e&flagSub != 0 {
				e = lt[(e>>16+uint32(bits>>litBits)&(1<<(e&15)-1))%litEnough]
			}
			if e&flagLit == 0 {
				// A length or distance takes its code's and extra
				// bits at once: the extra bits are those of saved
				// past the code's length.
				saved := bits
				bits >>= e & 63
				nb -= uint(e)
				if e&(flagEOB|flagBad) != 0 {
					if e&flagEOB != 0 {
						eob = true
					} else {
						d.err = flate.CorruptInputError(0)
						back = uint(e & 0xff)
					}
					break
				}
				length := int(e>>16) + int(saved&(1<<(e&63)-1)>>(e>>8&63))

				de := dt[bits&(1<<distBits-1)]
				if de&flagSub != 0 {
					de = dt[(de>>16+uint32(bits>>distBits)&(1<<(de&15)-1))%distEnough]
				}
				saved = bits
				bits >>= de & 63
				nb -= uint(de)
				dist := int(de>>16) + int(saved&(1<<(de&63)-1)>>(de>>8&63))
				if de&flagBad != 0 || dist > wp {
					d.err = flate.CorruptInputError(0)
					back = uint(e&0xff) + uint(de&0xff)
					break
				}
				src := wp - dist
				switch {
				case dist >= length && length <= 16:
					// No overlap: two 8-byte moves, whatever the length.
					s := out[src : src+16]
					v0 := binary.LittleEndian.Uint64(s)
					v1 := binary.LittleEndian.Uint64(s[8:])
					binary.LittleEndian.PutUint64(o[:], v0)
					binary.LittleEndian.PutUint64(o[8:], v1)
				case dist >= length:
					copy(out[wp:wp+length], out[src:wp])
				case dist >= 8:
					for i := 0; i < length; i += 8 {
						binary.LittleEndian.PutUint64(out[wp+i:], binary.LittleEndian.Uint64(out[src+i:]))
					}
				case dist == 1:
					c := out[src]
					for i := 0; i < length; i++ {
						out[wp+i] = c
					}
				default:
					for i := 0; i < length; i++ {
						out[wp+i] = out[src+i]
					}
				}
				wp += length
				if ip > iend || wp > wend {
					break
				}
				bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
				ip += int((63 - nb&63) >> 3)
				nb |= 56
				e = lt[bits&(1<<litBits-1)]
				continue
			}
		}
		// Up to three literals: each takes at most 15 of the 56 bits,
		// leaving 11 for the next entry.
		bits >>= e & 63
		nb -= uint(e)
		o[0] = byte(e >> 16)
		wp++
		e = lt[bits&(1<<litBits-1)]
		if e&flagLit != 0 {
			bits >>= e & 63
			nb -= uint(e)
			o[1] = byte(e >> 16)
			wp++
			e = lt[bits&(1<<litBits-1)]
			if e&flagLit != 0 {
				bits >>= e & 63
				nb -= uint(e)
				o[2] = byte(e >> 16)
				wp++
				e = lt[bits&(1<<litBits-1)]
			}
		}
		if ip > iend || wp > wend {
			break
		}
		bits |= binary.LittleEndian.Uint64(buf[ip:]) << (nb & 63)
		ip += int((63 - nb&63) >> 3)
		nb |= 56
	}
	d.ip, d.bits, d.nb, d.wp = ip, bits, nb&63, wp
	if eob {
		d.endBlock()
	}
	if d.err != nil {
		d.redo(back)
	}
}
