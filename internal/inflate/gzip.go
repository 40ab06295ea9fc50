package inflate

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
)

// Gzip reads one gzip member (RFC 1952): its header, its DEFLATE data
// and its trailer, and nothing after it. It accepts and rejects what
// compress/gzip does, with the same errors: gzip.ErrHeader,
// gzip.ErrChecksum, a flate.CorruptInputError, io.ErrUnexpectedEOF. Its
// zero value is ready for Reset.
type Gzip struct {
	d    Decoder
	h    [512]byte // header fields
	crc  uint32
	size uint32
	err  error
}

// Reset reads the header of the member at the start of in. It returns
// io.EOF when in has no bytes at all, io.ErrUnexpectedEOF when it ends
// inside the header, and gzip.ErrHeader for a header that is not one.
func (z *Gzip) Reset(in Input) error {
	z.d.Reset(in)
	z.crc, z.size, z.err = 0, 0, nil
	z.err = z.header()
	z.d.sync()
	z.d.base = z.d.Offset()
	return z.err
}

// Offset returns how many input bytes have been used since Reset: after
// the member's end, its length.
func (z *Gzip) Offset() int64 { return z.d.Offset() }

// header reads a member header as compress/gzip's Reader does.
func (z *Gzip) header() error {
	d, h := &z.d, z.h[:]
	if _, err := d.readFull(h[:10]); err != nil {
		return err
	}
	if h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 {
		return gzip.ErrHeader
	}
	flg := h[3]
	crc := crc32.ChecksumIEEE(h[:10])
	if flg&0x04 != 0 { // FEXTRA
		if _, err := d.readFull(h[:2]); err != nil {
			return noEOF(err)
		}
		crc = crc32.Update(crc, crc32.IEEETable, h[:2])
		for n := int(binary.LittleEndian.Uint16(h[:2])); n > 0; {
			k, err := d.readFull(h[:min(n, len(h))])
			crc = crc32.Update(crc, crc32.IEEETable, h[:k])
			n -= k
			if err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return err
			}
		}
	}
	for _, bit := range [2]byte{0x08, 0x10} { // FNAME, FCOMMENT
		if flg&bit == 0 {
			continue
		}
		for i := 0; ; i++ {
			if i >= len(h) {
				return gzip.ErrHeader
			}
			c, err := d.readByte()
			if err != nil {
				return noEOF(err)
			}
			h[i] = c
			if c == 0 {
				crc = crc32.Update(crc, crc32.IEEETable, h[:i+1])
				break
			}
		}
	}
	if flg&0x02 != 0 { // FHCRC
		if _, err := d.readFull(h[:2]); err != nil {
			return noEOF(err)
		}
		if binary.LittleEndian.Uint16(h[:2]) != uint16(crc) {
			return gzip.ErrHeader
		}
	}
	return nil
}

// Read reads the member's decompressed data. It returns io.EOF at the
// member's end, once its trailer has been read and checked.
func (z *Gzip) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	d := &z.d
	for {
		if d.rp < d.wp {
			n := copy(p, d.win[d.rp:d.wp])
			d.rp += n
			return n, nil
		}
		if d.err != nil {
			z.err = d.err
			return 0, z.err
		}
		if d.st == stEnd {
			if !d.refresh() {
				continue
			}
			z.err = z.trailer()
			d.sync()
			return 0, z.err
		}
		if d.win == nil && len(p) >= directMin {
			if n := d.decodeInto(p); n > 0 {
				z.crc = crc32.Update(z.crc, crc32.IEEETable, p[:n])
				z.size += uint32(n)
				return n, nil
			}
			continue
		}
		z.decodeWindow()
	}
}

// decodeWindow decodes more of the member into the window, taking it into
// the checksum.
func (z *Gzip) decodeWindow() {
	d := &z.d
	start := d.decodeWindow()
	z.crc = crc32.Update(z.crc, crc32.IEEETable, d.win[start:d.wp])
	z.size += uint32(d.wp - start)
}

// Peek returns the decompressed data not read yet, held in the window,
// decoding more first when there is none: a reader that copies the data
// somewhere of its own can size that place by it. It returns nil at the
// member's end, on an error (both of which Read then reports) and while
// the decoder has no window yet (its first Read may decode straight into
// the caller's slice, see Read). The bytes are the decoder's: they are
// valid until the next Read, Peek or Reset.
func (z *Gzip) Peek() []byte {
	d := &z.d
	if z.err != nil || d.win == nil {
		return nil
	}
	for d.rp == d.wp {
		if d.err != nil || d.st == stEnd {
			return nil
		}
		z.decodeWindow()
	}
	return d.win[d.rp:d.wp]
}

// Buffered returns how many decompressed bytes are held, not read yet:
// what Read returns without decoding more.
func (z *Gzip) Buffered() int { return z.d.wp - z.d.rp }

// trailer reads and checks the member's CRC-32 and length.
func (z *Gzip) trailer() error {
	var t [8]byte
	if _, err := z.d.readFull(t[:]); err != nil {
		return noEOF(err)
	}
	if binary.LittleEndian.Uint32(t[:4]) != z.crc || binary.LittleEndian.Uint32(t[4:]) != z.size {
		return gzip.ErrChecksum
	}
	return io.EOF
}

// WriteTo writes the member's decompressed data to w straight from the
// window, without copying it into a buffer first, up to the member's
// end (its trailer read and checked) or an error, which it returns as
// Read would, having written the data before it. io.Copy uses it.
func (z *Gzip) WriteTo(w io.Writer) (int64, error) {
	d := &z.d
	var total int64
	for {
		if d.rp < d.wp {
			n, err := w.Write(d.win[d.rp:d.wp])
			if n < 0 || n > d.wp-d.rp {
				return total, errBadWrite
			}
			d.rp += n
			total += int64(n)
			if err == nil && d.rp < d.wp {
				err = io.ErrShortWrite
			}
			if err != nil {
				return total, err
			}
			continue
		}
		// Decode more into the window (an empty slice is never decoded
		// into directly).
		if _, err := z.Read(nil); err != nil {
			if err == io.EOF {
				err = nil
			}
			return total, err
		}
	}
}

// errBadWrite is the error for an io.Writer that says it wrote more than
// it was given, or less than nothing.
var errBadWrite = errors.New("inflate: writer returned an impossible count")
