package inflate

import (
	"bytes"
	"io"
	"testing"
)

// TestPeek reads members through Peek and Read in turn: Peek shows the
// bytes the next Read returns (Buffered counting them) without taking
// them, nothing before the decoder has a window, at a member's end or on
// an error, and the output, errors and checksums are those of reading
// without it.
func TestPeek(t *testing.T) {
	a, b := gz([]byte("first member\n"), 6), gz(cloudTrailLike(400), 9)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"one", b},
		{"three", cat(a, gz(nil, 1), b)},
		{"bad CRC in the second", cat(a, flip(b, len(b)-6))},
		{"cut off", b[:len(b)/2]},
		{"stored", gz(matchData(1<<18, 1<<18), 0)},
	} {
		for _, step := range []int{7, 4 << 10, 100 << 10} {
			want := stdMulti(tc.in)
			zr, err := NewReader(bytes.NewReader(tc.in))
			var out []byte
			if err == nil {
				if zr.Peek() != nil || zr.Buffered() != 0 {
					t.Fatalf("%s: Peek before the first Read: %d bytes", tc.name, len(zr.Peek()))
				}
				p := make([]byte, step)
				for {
					peek := zr.Peek()
					if len(peek) != zr.Buffered() {
						t.Fatalf("%s: Peek %d bytes, Buffered %d", tc.name, len(peek), zr.Buffered())
					}
					seen := bytes.Clone(peek[:min(len(peek), step)])
					var n int
					n, err = zr.Read(p)
					out = append(out, p[:n]...)
					if len(seen) > 0 && !bytes.HasPrefix(seen, p[:n]) && !bytes.HasPrefix(p[:n], seen) {
						t.Fatalf("%s: Peek %q, then Read %q", tc.name, seen, p[:n])
					}
					if err != nil {
						break
					}
				}
			}
			if err == io.EOF {
				err = nil
			}
			if d := differ(want, outcomeOf(out, 0, err)); d != "" {
				t.Errorf("%s, reads of %d: %s", tc.name, step, d)
			}
		}
	}
}
