package inflate

import (
	"bufio"
	"io"
)

// Reader reads a gzip file from an io.Reader: its members one after
// another, as compress/gzip's Reader does (in its default multistream
// mode), with the same errors. It reads ahead of the data it has
// returned, so it must have the rest of its io.Reader to itself, but
// for a *bufio.Reader, whose buffer it reads in place (see BufioInput),
// leaving what it has not used. Reset reuses its buffers.
type Reader struct {
	rin ReaderInput
	in  Input // &rin, or a BufioInput
	z   Gzip
	err error
}

// NewReader returns a Reader for r, having read the first member's
// header. Its errors are those of Reset.
func NewReader(r io.Reader) (*Reader, error) {
	zr := new(Reader)
	if err := zr.Reset(r); err != nil {
		return nil, err
	}
	return zr, nil
}

// Reset starts reading the gzip file in r, reading the first member's
// header: it returns io.EOF when r is empty, io.ErrUnexpectedEOF when
// it ends inside the header, and gzip.ErrHeader for input that is not
// gzip.
func (zr *Reader) Reset(r io.Reader) error {
	if br, ok := r.(*bufio.Reader); ok {
		zr.in = BufioInput{br}
		zr.rin = ReaderInput{buf: zr.rin.buf} // no hold on the last reader
	} else {
		zr.rin.Reset(r)
		zr.in = &zr.rin
	}
	zr.err = zr.z.Reset(zr.in)
	return zr.err
}

// Read reads decompressed data. It returns io.EOF at the end of the last
// member; an error in a member or between members ends the stream.
func (zr *Reader) Read(p []byte) (int, error) {
	for zr.err == nil {
		n, err := zr.z.Read(p)
		if err == io.EOF {
			// The member ended well: the next one, if any.
			if zr.err = zr.z.Reset(zr.in); zr.err != nil && n == 0 {
				return 0, zr.err
			}
		} else if err != nil {
			zr.err = err
		}
		if n > 0 || len(p) == 0 {
			return n, nil
		}
	}
	return 0, zr.err
}

// Peek returns the decompressed data not read yet, decoding more first
// when there is none (see Gzip.Peek); nil at a member's end, on an error
// and before the decoder has a window.
func (zr *Reader) Peek() []byte {
	if zr.err != nil {
		return nil
	}
	return zr.z.Peek()
}

// Buffered returns how many decompressed bytes are held, not read yet.
func (zr *Reader) Buffered() int {
	if zr.err != nil {
		return 0
	}
	return zr.z.Buffered()
}

// ReadAll reads r to its end, as io.ReadAll of io.LimitReader(r, limit)
// does, but with a first Read of up to 8 KiB (io.ReadAll's is 512
// bytes), which a decoder that has no window yet (a new Gzip, Reader or
// Decoder) decodes straight into: a small stream read whole takes no
// window and no copy out of it.
func ReadAll(r io.Reader, limit int) ([]byte, error) {
	b := make([]byte, 0, min(8<<10, limit))
	for len(b) < limit {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):min(cap(b), limit)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}
