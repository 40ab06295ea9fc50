package event

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// readDigestStd is ReadDigest as it was with compress/gzip: the
// reference internal/inflate must agree with.
func readDigestStd(r io.Reader) (*Digest, error) {
	br := bufio.NewReader(r)
	var in io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("event: reading gzip digest file: %w", err)
		}
		defer zr.Close()
		in = zr
	}
	b, err := io.ReadAll(io.LimitReader(in, MaxDigestSize+1))
	if err != nil {
		return nil, fmt.Errorf("event: reading digest file: %w", err)
	}
	if len(b) > MaxDigestSize {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrDigestTooLarge, MaxDigestSize)
	}
	return ParseDigest(b)
}

// gzipErrClass names the gzip error err wraps, "" for none.
func gzipErrClass(err error) string {
	var ce flate.CorruptInputError
	switch {
	case err == nil:
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
	return "other"
}

// digestGz returns the digest files of testdata/digest gzipped, one
// member each, and all of them as one file of three members.
func digestGz(tb testing.TB) [][]byte {
	files, _ := filepath.Glob("testdata/digest/*.json")
	var out [][]byte
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, gzipped(tb, string(b)))
		all = append(all, out[len(out)-1]...)
	}
	if len(out) == 0 {
		tb.Skip("no digest files")
	}
	return append(out, all)
}

// TestReadDigestGzip: ReadDigest gunzips with internal/inflate and
// succeeds and fails where compress/gzip did, with the same error
// (wrapped alike) and the same digest.
func TestReadDigestGzip(t *testing.T) {
	for i, in := range digestGz(t) {
		flip := func(at int) []byte {
			b := bytes.Clone(in)
			b[at] ^= 0x55
			return b
		}
		for _, tc := range []struct {
			name string
			in   []byte
		}{
			{"whole", in},
			{"cut in the header", in[:6]},
			{"cut in the data", in[:len(in)/2]},
			{"cut in the trailer", in[:len(in)-3]},
			{"bad CRC", flip(len(in) - 6)},
			{"corrupt data", flip(20)},
			{"garbage after", append(bytes.Clone(in), "garbage"...)},
			{"a bad header flag", flip(3)},
		} {
			got, gerr := ReadDigest(bytes.NewReader(tc.in))
			want, werr := readDigestStd(bytes.NewReader(tc.in))
			if gzipErrClass(gerr) != gzipErrClass(werr) || (gerr == nil) != (werr == nil) {
				t.Errorf("file %d, %s: error %v, compress/gzip %v", i, tc.name, gerr, werr)
				continue
			}
			if gerr != nil && gerr.Error() != werr.Error() {
				var ce flate.CorruptInputError
				if !errors.As(werr, &ce) { // corrupt data offsets may differ
					t.Errorf("file %d, %s: error %q, compress/gzip %q", i, tc.name, gerr, werr)
				}
			}
			if gerr == nil && (got.AWSAccountID != want.AWSAccountID || len(got.LogFiles) != len(want.LogFiles)) {
				t.Errorf("file %d, %s: digests differ", i, tc.name)
			}
		}
	}
}

// BenchmarkReadDigest reads the gzipped digest files of testdata with
// ReadDigest and with its compress/gzip reference.
func BenchmarkReadDigest(b *testing.B) {
	ins := digestGz(b)
	ins = ins[:len(ins)-1] // the single members: the three together are no digest
	for _, c := range []struct {
		name string
		f    func(io.Reader) (*Digest, error)
	}{{"inflate", ReadDigest}, {"compress-gzip", readDigestStd}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, in := range ins {
					if _, err := c.f(bytes.NewReader(in)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
