package inflate

import (
	"testing"
)

// FuzzInflate decodes its input as a gzip member, as a gzip file of
// several members (Reader) and as a raw DEFLATE
// stream, handed over whole or chunk bytes at a time, and compares with
// compress/gzip and compress/flate: the same output bytes, the same
// error (or none), for corrupt data the same offset in its
// flate.CorruptInputError, and the same length consumed (but for
// corrupt data, where compress/flate may have read a byte or two
// further before it tells). An even chunk reads the start of the output with one Read of
// 64 KiB, decoded straight into it, an odd one through the window; a
// multiple of 3 reads a gzip member with WriteTo.
func FuzzInflate(f *testing.F) {
	for _, tc := range gzipCases() {
		if len(tc.in) < 16<<10 {
			f.Add(tc.in, byte(0))
			if len(tc.in) > 10 {
				f.Add(tc.in[10:], byte(3)) // the raw DEFLATE stream
			}
		}
	}
	small := gz(cloudTrailLike(2), 6)
	for _, i := range []int{0, 5, 10, 11, 20, len(small) / 2, len(small) - 8, len(small) - 1} {
		f.Add(small[:i], byte(1))
	}
	for level := -2; level <= 9; level++ {
		f.Add(rawDeflate(cloudTrailLike(3), level), byte(level+2))
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk byte) {
		c := int(chunk % 17)
		if len(data) > 4096 {
			c *= 256 // a few bytes at a time only for small inputs
		}
		if d := differ(stdGzip(data), ourGzip(data, c)); d != "" {
			t.Errorf("as gzip, input %d bytes at a time: %s", c, d)
		}
		if d := differ(stdMulti(data), ourMulti(data, c)); d != "" {
			t.Errorf("as a gzip file of several members, input %d bytes at a time: %s", c, d)
		}
		if d := differ(stdFlate(data), ourFlate(data, c)); d != "" {
			t.Errorf("as raw DEFLATE, input %d bytes at a time: %s", c, d)
		}
	})
}
