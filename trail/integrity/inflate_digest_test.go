package integrity

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// inflateDigestStd is inflateDigest as it was with compress/gzip: the
// reference internal/inflate must agree with.
func inflateDigestStd(body io.Reader) ([]byte, error) {
	br := bufio.NewReader(readErrorReader{body})
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	b, err := io.ReadAll(io.LimitReader(zr, MaxDigestSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxDigestSize {
		return nil, fmt.Errorf("digest file larger than %d bytes", MaxDigestSize)
	}
	return b, nil
}

// digestLike returns a gzipped digest file listing n log files.
func digestLike(n int) []byte {
	var s strings.Builder
	s.WriteString(`{"awsAccountId":"111122223333","digestStartTime":"2024-05-01T00:00:00Z","digestEndTime":"2024-05-01T01:00:00Z","digestS3Bucket":"amzn-s3-demo-bucket","logFiles":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			s.WriteByte(',')
		}
		fmt.Fprintf(&s, `{"s3Bucket":"amzn-s3-demo-bucket","s3Object":"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T00%02dZ_%016X.json.gz","hashValue":"%064x","hashAlgorithm":"SHA-256","newestEventTime":"2024-05-01T00:%02d:00Z","oldestEventTime":"2024-05-01T00:00:00Z"}`, i%60, i*7919, i*104729, i%60)
	}
	s.WriteString(`]}`)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s.String()))
	zw.Close()
	return b.Bytes()
}

// sameInflate reports how inflateDigest and the compress/gzip reference
// differ on in: the bytes when both succeed, whether they fail, and
// whether a failure is a read error.
func sameInflate(in []byte, read func([]byte) io.Reader) string {
	got, gerr := inflateDigest(read(in))
	want, werr := inflateDigestStd(read(in))
	switch {
	case (gerr == nil) != (werr == nil):
		return fmt.Sprintf("error %v, compress/gzip %v", gerr, werr)
	case errors.Is(gerr, errRead) != errors.Is(werr, errRead):
		return fmt.Sprintf("read error %v, compress/gzip %v", gerr, werr)
	case gerr == nil && !bytes.Equal(got, want):
		return "output differs"
	}
	return ""
}

// TestInflateDigest: a digest file inflates as it did with
// compress/gzip, and fails where it failed.
func TestInflateDigest(t *testing.T) {
	big := digestLike(2000) // more than one Read's worth
	small := digestLike(3)
	flip := func(b []byte, i int) []byte {
		b = bytes.Clone(b)
		b[i] ^= 0x55
		return b
	}
	for _, tc := range []struct {
		reason string
		in     []byte
		ok     bool
	}{
		{"a small digest", small, true},
		{"a digest of many log files, past the first Read", big, true},
		{"bytes after the member are ignored", append(bytes.Clone(small), "garbage"...), true},
		{"a second member is ignored", append(bytes.Clone(small), small...), true},
		{"empty", nil, false},
		{"cut in the header", small[:5], false},
		{"cut in the data", small[:len(small)/2], false},
		{"cut in the trailer", small[:len(small)-3], false},
		{"a bad CRC", flip(small, len(small)-6), false},
		{"corrupt data", flip(big, 40), false},
		{"not gzip", []byte(`{"awsAccountId":"1"}`), false},
	} {
		for _, read := range []struct {
			name string
			f    func([]byte) io.Reader
		}{
			{"whole", func(b []byte) io.Reader { return bytes.NewReader(b) }},
			{"a byte at a time", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
			{"failing after the data", func(b []byte) io.Reader {
				return io.MultiReader(bytes.NewReader(b), iotest.ErrReader(errors.New("connection reset")))
			}},
		} {
			if d := sameInflate(tc.in, read.f); d != "" {
				t.Errorf("%s, read %s: %s", tc.reason, read.name, d)
			}
		}
		if _, err := inflateDigest(bytes.NewReader(tc.in)); (err == nil) != tc.ok {
			t.Errorf("%s: error %v, want ok %v", tc.reason, err, tc.ok)
		}
	}
}

// FuzzInflateDigest: inflateDigest agrees with compress/gzip on any
// input.
func FuzzInflateDigest(f *testing.F) {
	f.Add(digestLike(3))
	f.Add(digestLike(300))
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if d := sameInflate(in, func(b []byte) io.Reader { return bytes.NewReader(b) }); d != "" {
			t.Fatal(d)
		}
	})
}

// BenchmarkInflateDigest inflates digest files of 10 and 1,000 log files
// with internal/inflate and with compress/gzip, each as Validate does for
// each digest (a new decoder).
func BenchmarkInflateDigest(b *testing.B) {
	for _, n := range []int{10, 1000} {
		in := digestLike(n)
		for _, c := range []struct {
			name string
			f    func(io.Reader) ([]byte, error)
		}{{"inflate", inflateDigest}, {"compress-gzip", inflateDigestStd}} {
			b.Run(fmt.Sprintf("logs=%d/%s", n, c.name), func(b *testing.B) {
				plain, _ := c.f(bytes.NewReader(in))
				b.SetBytes(int64(len(plain)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := c.f(bytes.NewReader(in)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
