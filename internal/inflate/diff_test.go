package inflate

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// oneByteReader hands out its input a few bytes at a time, so that the
// decoder's input runs out at every place in turn.
type chunkReader struct {
	b     []byte
	chunk int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.chunk)], r.b)
	r.b = r.b[n:]
	return n, nil
}

// outcome is what decoding a member or stream gave.
type outcome struct {
	out      []byte
	consumed int64
	err      string // the class of error: "" for none
	at       int64  // a flate.CorruptInputError's offset
}

// outcomeOf makes the outcome of reading out, consumed bytes and err.
func outcomeOf(out []byte, consumed int64, err error) outcome {
	o := outcome{out: out, consumed: consumed, err: errClass(err)}
	var ce flate.CorruptInputError
	if errors.As(err, &ce) {
		o.at = int64(ce)
	}
	return o
}

func errClass(err error) string {
	var ce flate.CorruptInputError
	switch {
	case err == nil || err == io.EOF:
		return ""
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated"
	case errors.Is(err, gzip.ErrHeader):
		return "header"
	case errors.Is(err, gzip.ErrChecksum):
		return "checksum"
	case errors.As(err, &ce):
		return "corrupt"
	}
	return "other: " + err.Error()
}

// stdGzip decodes the member at the start of data with compress/gzip.
func stdGzip(data []byte) outcome {
	br := bytes.NewReader(data)
	zr, err := gzip.NewReader(br)
	var out []byte
	if err == nil {
		zr.Multistream(false)
		out, err = io.ReadAll(zr)
	}
	if err == io.EOF && len(data) == 0 {
		err = io.ErrUnexpectedEOF // as the caller sees it
	}
	return outcomeOf(out, int64(len(data)-br.Len()), err)
}

// readAll reads r to its end as io.ReadAll does (but with WriteTo when r
// has it and chunk is a multiple of 3), and for an even chunk with a
// first Read of 64 KiB, into which the decoder decodes the
// start of the stream directly, where io.ReadAll's first Read of 512
// bytes goes through the window.
func readAll(r io.Reader, chunk int) ([]byte, error) {
	if wt, ok := r.(io.WriterTo); ok && chunk%3 == 0 {
		// Gzip's WriteTo, for a chunk that is a multiple of 3.
		var b bytes.Buffer
		_, err := wt.WriteTo(&b)
		return b.Bytes(), err
	}
	if chunk%2 != 0 {
		return io.ReadAll(r)
	}
	b := make([]byte, 64<<10)
	n, err := r.Read(b)
	b = b[:n]
	if err != nil {
		return b, err
	}
	rest, err := io.ReadAll(r)
	return append(b, rest...), err
}

// ourGzip decodes the member at the start of data with Gzip, the input
// handed over chunk bytes at a time (all at once for 0), and read as
// readAll says.
func ourGzip(data []byte, chunk int) outcome {
	var in Input = NewBytesInput(data)
	if chunk > 0 {
		in = NewReaderInput(&chunkReader{data, chunk}, 0)
	}
	var z Gzip
	err := z.Reset(in)
	var out []byte
	if err == nil {
		out, err = readAll(&z, chunk)
	}
	if err == io.EOF && len(data) == 0 {
		err = io.ErrUnexpectedEOF
	}
	return outcomeOf(out, z.Offset(), err)
}

func stdFlate(data []byte) outcome {
	br := bytes.NewReader(data)
	out, err := io.ReadAll(flate.NewReader(br))
	return outcomeOf(out, int64(len(data)-br.Len()), err)
}

func ourFlate(data []byte, chunk int) outcome {
	var in Input = NewBytesInput(data)
	if chunk > 0 {
		in = NewReaderInput(&chunkReader{data, chunk}, 0)
	}
	var d Decoder
	d.Reset(in)
	out, err := readAll(&d, chunk)
	return outcomeOf(out, d.Offset(), err)
}

// differ reports how want and got differ: the output, the error, the
// offset of corrupt data, and the consumed length when no corrupt data
// was found (compress/flate may have read a byte or two further into
// corrupt data before telling, as the offset says).
func differ(want, got outcome) string {
	switch {
	case want.err != got.err:
		return "error " + got.err + ", want " + want.err
	case !bytes.Equal(want.out, got.out):
		return "output differs"
	case want.err != "corrupt" && want.consumed != got.consumed:
		return "consumed length differs"
	case want.at != got.at:
		return fmt.Sprintf("corrupt data at offset %d, want %d", got.at, want.at)
	}
	return ""
}

// stdMulti reads data as a gzip file of any number of members with
// compress/gzip; ourMulti with Reader, the input chunk bytes at a time,
// through a bufio.Reader for an even chunk.
func stdMulti(data []byte) outcome {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	var out []byte
	if err == nil {
		out, err = io.ReadAll(zr)
	}
	return outcomeOf(out, 0, err)
}

func ourMulti(data []byte, chunk int) outcome {
	var r io.Reader = bytes.NewReader(data)
	if chunk > 0 {
		r = &chunkReader{data, chunk}
	}
	if chunk%2 == 0 {
		// Through a small bufio.Reader, whose buffer Reader reads in
		// place.
		r = bufio.NewReaderSize(r, 16+chunk)
	}
	zr, err := NewReader(r)
	var out []byte
	if err == nil {
		out, err = io.ReadAll(zr)
	}
	return outcomeOf(out, 0, err)
}
