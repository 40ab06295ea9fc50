package jsonwire

import "math/bits"

// IsCompact reports whether the JSON text s has no white space outside its
// strings, so that json.Compact would return it unchanged. It does not
// check the syntax, and is exact for valid JSON only: of text that is not
// JSON it may say either (json.Compact fails on such text, and a caller
// that keeps the text as it is then gets the same bytes either way).
//
// Outside strings it looks for the next '"' or byte up to ' ', inside a
// string for its closing quote, a word at a time.
func IsCompact(s string) bool {
	i := 0
	for {
		// Outside strings: the next '"', white space or control byte.
		for i+8 <= len(s) {
			if m := spaceOrQuote(load8(s, i)) & msb; m != 0 {
				i += bits.TrailingZeros64(m) / 8
				goto found
			}
			i += 8
		}
		for i < len(s) && s[i] != '"' && s[i] > ' ' {
			i++
		}
	found:
		if i >= len(s) {
			return true
		}
		if s[i] != '"' {
			return false
		}
		// In a string: its closing quote, past escapes.
		for i++; ; {
			i = skipEnd(s, i)
			if i >= len(s) {
				return true // unterminated: not JSON
			}
			if s[i] == '"' {
				i++
				break
			}
			if s[i] == '\\' {
				i++ // the escaped byte
			}
			i++ // or a control byte, which is not JSON
		}
	}
}

// spaceOrQuote marks (in the top bit of each byte) the bytes of x up to
// ' ' (white space and control characters) and '"'. The lowest marked
// byte is exact, as for special: a byte below 0x21 borrows in the first
// term, '"' in the second (x^'"' is 0 there), and a byte from 0x80 up,
// which neither is, is cleared by the final &^ x; only bytes above a
// marked one can be marked by its borrow.
func spaceOrQuote(x uint64) uint64 {
	return ((x - lsb*0x21) | ((x ^ lsb*'"') - lsb)) &^ x
}
