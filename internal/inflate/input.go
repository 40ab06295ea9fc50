package inflate

import (
	"bufio"
	"errors"
	"io"
)

// errBadCount is the error for an io.Reader that says it read more than
// it was given room for, or less than nothing.
var errBadCount = errors.New("inflate: reader returned an impossible count")

// ReaderInput is an Input that reads from an io.Reader into a buffer
// of its own.
type ReaderInput struct {
	r      io.Reader
	buf    []byte
	off, n int
	err    error
}

// NewReaderInput returns an Input reading r, size bytes at a time (at
// least 512).
func NewReaderInput(r io.Reader, size int) *ReaderInput {
	return &ReaderInput{r: r, buf: make([]byte, max(size, 512))}
}

// Reset starts reading r, keeping the buffer.
func (b *ReaderInput) Reset(r io.Reader) {
	if b.buf == nil {
		b.buf = make([]byte, 32<<10)
	}
	*b = ReaderInput{r: r, buf: b.buf}
}

// Buffered returns the bytes read and not yet used.
func (b *ReaderInput) Buffered() []byte { return b.buf[b.off:b.n] }

// Discard marks n bytes as used.
func (b *ReaderInput) Discard(n int) { b.off += n }

// Fill reads more.
func (b *ReaderInput) Fill() error {
	if b.err != nil {
		return b.err
	}
	if b.off > 0 {
		b.n = copy(b.buf, b.buf[b.off:b.n])
		b.off = 0
	}
	if b.n == len(b.buf) {
		b.buf = append(b.buf, make([]byte, len(b.buf))...)
	}
	for tries := 0; tries < 100; tries++ {
		m, err := b.r.Read(b.buf[b.n:])
		if m < 0 || m > len(b.buf)-b.n {
			b.err = errBadCount
			return b.err
		}
		b.n += m
		if err != nil {
			b.err = err
			if m > 0 {
				return nil
			}
			return err
		}
		if m > 0 {
			return nil
		}
	}
	b.err = io.ErrNoProgress
	return b.err
}

// BytesInput is an Input over bytes all held in memory.
type BytesInput struct{ b []byte }

// NewBytesInput returns an Input over b.
func NewBytesInput(b []byte) *BytesInput { return &BytesInput{b} }

// Buffered returns the bytes not yet used.
func (b *BytesInput) Buffered() []byte { return b.b }

// Discard marks n bytes as used.
func (b *BytesInput) Discard(n int) { b.b = b.b[n:] }

// Fill returns io.EOF: there is nothing more.
func (b *BytesInput) Fill() error { return io.EOF }

// BufioInput is an Input over a bufio.Reader: the decoder reads its
// buffer in place and discards only what it used, so that what follows
// a member is still to be read from the bufio.Reader.
type BufioInput struct{ R *bufio.Reader }

// Buffered returns the bytes the bufio.Reader holds.
func (b BufioInput) Buffered() []byte {
	p, _ := b.R.Peek(b.R.Buffered())
	return p
}

// Discard discards n of them.
func (b BufioInput) Discard(n int) { b.R.Discard(n) }

// Fill has the bufio.Reader read more.
func (b BufioInput) Fill() error {
	n := b.R.Buffered()
	if n == b.R.Size() {
		return bufio.ErrBufferFull
	}
	_, err := b.R.Peek(n + 1)
	return err
}
