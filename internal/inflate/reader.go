package inflate

import "io"

// Reader reads a gzip file from an io.Reader: its members one after
// another, as compress/gzip's Reader does (in its default multistream
// mode), with the same errors. It reads ahead of the data it has
// returned, so it must have the rest of its io.Reader to itself. Reset
// reuses its buffers.
type Reader struct {
	in  ReaderInput
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
	zr.in.Reset(r)
	zr.err = zr.z.Reset(&zr.in)
	return zr.err
}

// Read reads decompressed data. It returns io.EOF at the end of the last
// member; an error in a member or between members ends the stream.
func (zr *Reader) Read(p []byte) (int, error) {
	for zr.err == nil {
		n, err := zr.z.Read(p)
		if err == io.EOF {
			// The member ended well: the next one, if any.
			if zr.err = zr.z.Reset(&zr.in); zr.err != nil && n == 0 {
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
