package jsonwire

import (
	"math/bits"
	"unicode/utf8"
)

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load8 reads 8 bytes of s at i as a little-endian word.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// special marks (in the top bit of each byte) the bytes of x that end the
// plain run of a JSON string: '"', '\\' and control characters. The
// lowest marked byte is exact.
//
// One term finds both the control characters and '"': flipping bit 1
// maps 0x00-0x1f onto themselves and '"' (0x22) onto 0x20, so that the
// bytes below 0x21 after the flip are exactly those; the other term finds
// '\\'. A byte below 0x80 that is none of these subtracts without a
// borrow in both terms and marks neither; a byte from 0x80 up borrows
// nowhere either and is cleared by the final &^ x. So the lowest marked
// byte is the first special one, with one test fewer than a term per
// kind of byte.
func special(x uint64) uint64 {
	c := x ^ (lsb * 0x02)
	b := x ^ (lsb * '\\')
	return ((c - lsb*0x21) | (b - lsb)) &^ x
}

// plain marks the bytes special marks and those from 0x80 up (bytes of
// multi-byte UTF-8 sequences). The lowest marked byte is exact, as for
// special; a byte from 0x80 up is marked by x itself.
func plain(x uint64) uint64 {
	c := x ^ (lsb * 0x02)
	b := x ^ (lsb * '\\')
	return (c - lsb*0x21) | (b - lsb) | x
}

// skipEnd returns the offset of the first byte at or after i that is '"',
// '\\' or a control character, or len(s).
func skipEnd(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if m := special(load8(s, i)) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return i
}

// plainEnd is skipEnd that also stops at bytes of multi-byte UTF-8
// sequences (>= 0x80), which need checking when a string is decoded.
func plainEnd(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := load8(s, i)
		if m := plain(x) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	if i < len(s) && len(s) >= 8 {
		// The last 1 to 7 bytes as a word: the string's last 8 bytes,
		// shifted down past the k before i (which may be anything). The
		// zero bytes shifted in above them are marked, at len(s), and
		// change no mark below them (a borrow goes up only). Most
		// strings written (IDs, names) end so, without a byte at a time.
		k := uint(i - (len(s) - 8))
		m := plain(load8(s, len(s)-8)>>(8*k)) & msb
		return i + bits.TrailingZeros64(m)/8
	}
	for ; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
			return i
		}
	}
	return i
}

// skipString checks the string starting at the '"' at sc.i and moves past
// it without unescaping, so it never allocates.
func (sc *Scanner) skipString() error {
	i, err := sc.skipStringAt(sc.i)
	if err == nil {
		sc.i = i
	}
	return err
}

// skipStringAt checks the string starting at the '"' at start and returns
// the offset after its closing quote.
func (sc *Scanner) skipStringAt(start int) (int, error) {
	j := start + 1
	for {
		j = skipEnd(sc.s, j)
		if j >= len(sc.s) {
			return 0, sc.unterminated(start)
		}
		switch c := sc.s[j]; {
		case c == '"':
			if !utf8.ValidString(sc.s[start+1 : j]) {
				return 0, sc.invalidUTF8(firstInvalid(sc.s, start+1))
			}
			return j + 1, nil
		case c < 0x20:
			return 0, sc.control(j)
		}
		// backslash
		if j+1 >= len(sc.s) {
			return 0, sc.unterminated(start)
		}
		switch sc.s[j+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			j += 2
		case 'u':
			if _, ok := sc.hex4(j + 2); !ok {
				return 0, sc.badHex(j)
			}
			j += 6
		default:
			return 0, sc.invalidEscape(j)
		}
	}
}

// SkipString reads a string value, checking its syntax, and returns its
// text with the quotes and any escapes as written. It never allocates.
func (sc *Scanner) SkipString() (string, error) {
	sc.skipSpace()
	if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
		return "", sc.errorf(sc.i, "string")
	}
	start := sc.i
	if err := sc.skipString(); err != nil {
		return "", err
	}
	return sc.s[start:sc.i], nil
}

// Reset positions sc at offset i of its text.
func (sc *Scanner) Reset(i int) { sc.i = i }

// Extent returns the text of the object or array that starts at the
// current position and moves past it. It finds the end by counting
// brackets outside strings and does not check the syntax: the caller must
// check the text it gets (a valid JSON text is found exactly). It returns
// false, without moving, when the value is not an object or array or has
// no end.
func (sc *Scanner) Extent() (string, bool) {
	sc.skipSpace()
	start := sc.i
	if start >= len(sc.s) || sc.s[start] != '{' && sc.s[start] != '[' {
		return "", false
	}
	depth := 0
	for j := start; j < len(sc.s); j++ {
		switch sc.s[j] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				sc.i = j + 1
				return sc.s[start:sc.i], true
			}
		case '"':
			for j++; ; j++ {
				j = skipEnd(sc.s, j)
				if j >= len(sc.s) {
					return "", false
				}
				if sc.s[j] == '"' {
					break
				}
				if sc.s[j] == '\\' {
					j++ // the escaped byte
				}
			}
		}
	}
	return "", false
}
