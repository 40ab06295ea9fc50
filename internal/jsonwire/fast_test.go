package jsonwire

import (
	"math/bits"
	"math/rand"
	"testing"
)

// firstMarked returns the index of the lowest byte whose top bit m marks,
// or 8.
func firstMarked(m uint64) int { return bits.TrailingZeros64(m&msb) / 8 }

// TestWordMasks checks special and plain against a byte loop: the lowest
// byte they mark is the first byte that ends a plain run, for words made
// of the bytes around every boundary (0x1f/0x20, '"', '\\', 0x7f/0x80, and
// those that flipping bit 1 maps onto them)
// and for random words.
func TestWordMasks(t *testing.T) {
	edges := []byte{0x00, 0x01, 0x02, 0x03, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x5e, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xdc, 0xfe, 0xff, 'a'}
	isSpecial := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 }
	isPlainEnd := func(c byte) bool { return isSpecial(c) || c >= 0x80 }
	want := func(x uint64, stop func(byte) bool) int {
		for i := 0; i < 8; i++ {
			if stop(byte(x >> (8 * i))) {
				return i
			}
		}
		return 8
	}
	check := func(x uint64) {
		t.Helper()
		if got, w := firstMarked(special(x)), want(x, isSpecial); got != w {
			t.Fatalf("special(%#016x): first marked byte %d, want %d", x, got, w)
		}
		if got, w := firstMarked(plain(x)), want(x, isPlainEnd); got != w {
			t.Fatalf("plain(%#016x): first marked byte %d, want %d", x, got, w)
		}
	}
	// Every pair of edge bytes at every pair of positions, over a
	// background of each edge byte.
	for _, bg := range edges {
		for _, c1 := range edges {
			for _, c2 := range edges {
				for p1 := 0; p1 < 8; p1++ {
					for p2 := p1 + 1; p2 < 8; p2++ {
						x := lsb * uint64(bg)
						x &^= 0xff<<(8*p1) | 0xff<<(8*p2)
						x |= uint64(c1)<<(8*p1) | uint64(c2)<<(8*p2)
						check(x)
					}
				}
			}
		}
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200000; i++ {
		var x uint64
		for k := 0; k < 8; k++ {
			c := edges[rng.Intn(len(edges))]
			if rng.Intn(2) == 0 {
				c = byte(rng.Intn(256))
			}
			x |= uint64(c) << (8 * k)
		}
		check(x)
	}
}

// TestPlainEnd checks plainEnd against a byte loop from every offset of
// strings of every length up to 40 with a byte that ends a plain run (of
// each kind) at every place, or none, over plain bytes: the last bytes
// are read as one word shifted, whatever stands before the offset.
func TestPlainEnd(t *testing.T) {
	stops := []byte{'"', '\\', 0x00, 0x1f, 0x80, 0xff, 0xe2}
	want := func(s string, i int) int {
		for ; i < len(s); i++ {
			if c := s[i]; c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
				return i
			}
		}
		return i
	}
	for n := 0; n <= 40; n++ {
		for at := -1; at < n; at++ {
			for _, c := range stops {
				b := make([]byte, n)
				for k := range b {
					b[k] = "a~! #[]z"[k%8]
				}
				if at >= 0 {
					b[at] = c
				}
				s := string(b)
				for i := 0; i <= n; i++ {
					if got, w := plainEnd(s, i), want(s, i); got != w {
						t.Fatalf("plainEnd(%q, %d) = %d, want %d", s, i, got, w)
					}
				}
			}
		}
	}
}

// TestSpaceEnd checks spaceEnd against a byte loop on runs of white space
// of every length up to 40 (indentation is read a word at a time), mixed
// with line ends and tabs, before a value or the end of the text.
func TestSpaceEnd(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	ws := []byte{' ', ' ', ' ', '\n', '\r', '\t'}
	for n := 0; n <= 40; n++ {
		for trial := 0; trial < 50; trial++ {
			b := make([]byte, n)
			for i := range b {
				b[i] = ' '
				if trial > 0 {
					b[i] = ws[rng.Intn(len(ws))]
				}
			}
			for _, tail := range []string{"", "x", `"a"`, " !"} {
				s := string(b) + tail
				for start := 0; start <= n; start++ {
					want := start
					for want < len(s) && IsSpace(s[want]) {
						want++
					}
					if got := spaceEnd(s, start); got != want {
						t.Fatalf("spaceEnd(%q, %d) = %d, want %d", s, start, got, want)
					}
				}
			}
		}
	}
}
