package integrity

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"sync"

	"github.com/trailmap/trailmap/internal/inflate"
)

// logHash is what hashing a log file found.
type logHash struct {
	sum      [sha256.Size]byte
	trailing bool  // bytes after the first gzip member
	err      error // the file is not a readable gzip stream
}

// chunkSize is the size of the buffers inflated data is hashed in.
const chunkSize = 64 << 10

// logHasher hashes log files, keeping its buffered readers and gzip
// decoders (a 128 KiB window each) across files for the goroutines of
// one validation.
type logHasher struct {
	bufs sync.Pool // *bufio.Reader
	gzs  sync.Pool // *inflate.Gzip
}

// hash hashes the decompressed first gzip member of r as the AWS CLI
// does (a zlib decompressobj fed the object, then flushed): a stream cut
// short is hashed as far as it inflates, which then fails the hash
// comparison; a corrupt stream (bad header, bad deflate data, CRC or
// length mismatch) is an error; bytes after the member are reported.
// With pipelined, inflating and hashing run in two goroutines.
func (lh *logHasher) hash(r io.Reader, pipelined bool) logHash {
	br, _ := lh.bufs.Get().(*bufio.Reader)
	if br == nil {
		br = bufio.NewReaderSize(nil, chunkSize)
	}
	br.Reset(r)
	defer func() { br.Reset(nil); lh.bufs.Put(br) }()
	var res logHash
	h := sha256.New()
	// zlib checks the header byte by byte as it arrives: a wrong byte is
	// an error even in a file too short for a whole header, which is
	// otherwise a stream cut short.
	head, _ := br.Peek(4)
	for i, c := range head {
		if i == 0 && c != 0x1f || i == 1 && c != 0x8b || i == 2 && c != 8 || i == 3 && c&0xe0 != 0 {
			res.err = gzip.ErrHeader
			return res
		}
	}
	// internal/inflate reads br's buffer in place, with compress/gzip's
	// decisions, and leaves what follows the member in br.
	zr, _ := lh.gzs.Get().(*inflate.Gzip)
	if zr == nil {
		zr = new(inflate.Gzip)
	}
	defer lh.gzs.Put(zr)
	err := zr.Reset(inflate.BufioInput{R: br})
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		copy(res.sum[:], h.Sum(nil)) // empty or cut in the header: nothing inflated
		return res
	case err != nil:
		res.err = err
		return res
	}
	if pipelined {
		err = copyPipelined(h, zr)
	} else {
		// Hashed straight from the decoder's window.
		_, err = zr.WriteTo(h)
	}
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		// cut short: hash what inflated
	case err != nil:
		res.err = err
		return res
	default:
		if _, perr := br.Peek(1); perr == nil {
			res.trailing = true
		}
	}
	copy(res.sum[:], h.Sum(nil))
	return res
}

// copyPipelined inflates zr in this goroutine while another hashes what
// was inflated, through a ring of buffers.
func copyPipelined(h hash.Hash, zr io.Reader) error {
	const n = 4
	free := make(chan []byte, n)
	full := make(chan []byte, n)
	for range n {
		free <- make([]byte, chunkSize)
	}
	done := make(chan struct{})
	go func() {
		for b := range full {
			h.Write(b)
			free <- b[:cap(b)]
		}
		close(done)
	}()
	var err error
	for err == nil {
		b := <-free
		m := 0
		for m < len(b) && err == nil {
			var k int
			k, err = zr.Read(b[m:])
			m += k
		}
		if m > 0 {
			full <- b[:m]
		} else {
			free <- b
		}
	}
	close(full)
	<-done
	if err == io.EOF {
		return nil
	}
	return err
}
