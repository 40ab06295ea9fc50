package event

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// This file holds gzip input: detection, members read in turn, and errors
// that say where in the compressed input they are.

// start reads the first bytes of the input and sets up reading it,
// through gzip when it starts with gzip's magic bytes.
func (r *Reader) start() error {
	r.started = true
	size := r.cfg.bufSize
	if size < 4 {
		size = initialBuf
	}
	if len(r.buf) < size {
		r.buf = make([]byte, size)
	}
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
		return nil
	}
	copy(r.buf, r.magic[:n])
	r.src, r.w = r.in, n
	return nil
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
// that is not another member, or corrupt compressed data. It ends the
// stream; the records before it have been read.
type GzipError struct {
	Offset int64 // bytes of compressed input read when the problem was found
	Member int   // the member it is in, from 1
	Err    error // gzip.ErrChecksum, gzip.ErrHeader, io.ErrUnexpectedEOF, a flate.CorruptInputError or a read error
}

// Error returns "event: gzip: member N at compressed offset O: what".
func (e *GzipError) Error() string {
	var what string
	var ce flate.CorruptInputError
	switch {
	case errors.Is(e.Err, io.ErrUnexpectedEOF):
		what = "truncated member (the input ends inside it)"
	case errors.Is(e.Err, gzip.ErrChecksum):
		what = "checksum mismatch (CRC-32 or length of the member's data)"
	case errors.Is(e.Err, gzip.ErrHeader) && e.Member > 1:
		what = "data after the previous member that is not a gzip member"
	case errors.Is(e.Err, gzip.ErrHeader):
		what = "invalid member header"
	case errors.As(e.Err, &ce):
		what = "corrupt compressed data"
	default:
		what = e.Err.Error()
	}
	return "event: gzip: member " + strconv.Itoa(e.Member) + " at compressed offset " +
		strconv.FormatInt(e.Offset, 10) + ": " + what
}

// Unwrap returns e.Err.
func (e *GzipError) Unwrap() error { return e.Err }

// gzipSource decompresses the members of a gzip file in turn, counting
// them and the compressed bytes read.
type gzipSource struct {
	cr      countReader
	br      *bufio.Reader // gives flate an io.ByteReader: nothing is read ahead unseen
	zr      *gzip.Reader
	members int
	err     error
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (g *gzipSource) reset(in io.Reader) error {
	g.cr = countReader{r: in}
	if g.br == nil {
		g.br = bufio.NewReaderSize(&g.cr, 16<<10)
	} else {
		g.br.Reset(&g.cr)
	}
	g.members, g.err = 1, nil
	var err error
	if g.zr == nil {
		g.zr, err = gzip.NewReader(g.br)
	} else {
		err = g.zr.Reset(g.br)
	}
	if err != nil {
		g.err = g.wrap(err)
		return g.err
	}
	g.zr.Multistream(false)
	return nil
}

// offset returns how many compressed bytes have been used.
func (g *gzipSource) offset() int64 { return g.cr.n - int64(g.br.Buffered()) }

func (g *gzipSource) wrap(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &GzipError{Offset: g.offset(), Member: g.members, Err: err}
}

func (g *gzipSource) Read(p []byte) (int, error) {
	for g.err == nil {
		n, err := g.zr.Read(p)
		if err == io.EOF {
			// The member ended, its checksum matched: is another one next?
			at := g.offset()
			if _, perr := g.br.Peek(1); perr != nil {
				g.err = io.EOF
				if perr != io.EOF {
					g.err = g.wrap(perr)
				}
			} else if m, _ := g.br.Peek(2); len(m) < 2 || m[0] != 0x1f || m[1] != 0x8b {
				g.members++
				g.err = &GzipError{Offset: at, Member: g.members, Err: gzip.ErrHeader}
			} else if rerr := g.zr.Reset(g.br); rerr != nil {
				g.members++
				g.err = g.wrap(rerr)
			} else {
				g.members++
				g.zr.Multistream(false)
			}
			if n > 0 {
				return n, nil
			}
			continue
		}
		if err != nil {
			g.err = g.wrap(err)
			if n > 0 {
				return n, nil
			}
			return 0, g.err
		}
		return n, nil
	}
	return 0, g.err
}
