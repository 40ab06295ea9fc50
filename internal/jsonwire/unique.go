package jsonwire

import (
	"math/bits"
	"unicode/utf8"
)

// uniqueKeys bounds the member names SkipUnique holds for the objects
// open at once, and uniqueDepth their nesting.
const (
	uniqueKeys  = 64
	uniqueDepth = 32
)

// SkipUnique is SkipValue that also tells whether an object in the value
// may have a member name twice: dup is true when one has, and when it
// cannot tell (a name with escapes, two names that share their first
// and last 8 bytes and length, more nesting or more members than it
// keeps), in which case it stops there, without checking the rest.
// With dup false, no object in the value has a name twice. A caller
// that must know for sure reads the value again, from the same place,
// when dup is set.
//
// Names are compared as written: a name with an escape makes it unsure,
// as "a" and "\u0061" are the same name.
//
// keys is room for the names, which a caller keeps between calls so that
// it is not cleared each time.
func (sc *Scanner) SkipUnique(keys *Keys) (dup bool, err error) {
	s := sc.s
	i := skipSpaceAt(s, sc.i)
	var stack [uniqueDepth]byte // closing brackets of the open containers
	var base [uniqueDepth]uint8 // per open object, its first name in keys
	ka, kb, kl := &keys.a, &keys.b, &keys.l
	depth, nk := 0, 0
	key := false // the string at i is a member name
	var e error
	for {
		if i >= len(s) {
			sc.i = i
			return false, sc.errorf(i, "value")
		}
		switch c := s[i]; {
		case c == '"':
			j := i + 1
			var hi uint64
			for j+8 <= len(s) {
				x := load8(s, j)
				hi |= x
				if m := special(x) & msb; m != 0 {
					j += bits.TrailingZeros64(m) / 8
					break
				}
				j += 8
			}
			if j+8 > len(s) {
				// The last bytes, one at a time.
				for j < len(s) && s[j] >= 0x20 && s[j] != '"' && s[j] != '\\' {
					hi |= uint64(s[j])
					j++
				}
			}
			plainStr := j < len(s) && s[j] == '"'
			if plainStr {
				if hi&msb != 0 && !utf8.ValidString(s[i+1:j]) {
					sc.i = i
					return false, sc.invalidUTF8(firstInvalid(s, i+1))
				}
			} else if _, e = sc.skipStringAt(i); e != nil {
				return false, e
			}
			if key {
				if !plainStr {
					return true, nil
				}
				// The name is s[i+1:j]: compared by its length and its
				// first and last 8 bytes (all of it up to 16 bytes).
				a, b, l := keyWords(s, i+1, j)
				for k := int(base[depth-1]); k < nk; k++ {
					if ka[k] == a && kb[k] == b && int(kl[k]) == l {
						return true, nil
					}
				}
				if nk == uniqueKeys {
					return true, nil
				}
				ka[nk], kb[nk], kl[nk] = a, b, int32(l)
				nk++
				key = false
				i = skipSpaceAt(s, j+1)
				if i >= len(s) || s[i] != ':' {
					sc.i = i
					return false, sc.errorf(i, "':' after object member name")
				}
				i = skipSpaceAt(s, i+1)
				continue
			}
			if plainStr {
				i = j + 1
			} else {
				i, _ = sc.skipStringAt(i)
			}
		case c == '{':
			i = skipSpaceAt(s, i+1)
			if i < len(s) && s[i] == '}' {
				i++
				break
			}
			if depth == uniqueDepth {
				return true, nil
			}
			stack[depth], base[depth] = '}', uint8(nk)
			depth++
			if i >= len(s) || s[i] != '"' {
				sc.i = i
				return false, sc.errorf(i, "string for object member name or '}'")
			}
			key = true
			continue
		case c == '[':
			i = skipSpaceAt(s, i+1)
			if i < len(s) && s[i] == ']' {
				i++
				break
			}
			if depth == uniqueDepth {
				return true, nil
			}
			stack[depth] = ']'
			depth++
			continue
		case c == 't':
			if i, e = sc.literalAt(i, "true"); e != nil {
				return false, e
			}
		case c == 'f':
			if i, e = sc.literalAt(i, "false"); e != nil {
				return false, e
			}
		case c == 'n':
			if i, e = sc.literalAt(i, "null"); e != nil {
				return false, e
			}
		case c == '-' || c >= '0' && c <= '9':
			sc.i = i
			if e = sc.number(); e != nil {
				return false, e
			}
			i = sc.i
		default:
			sc.i = i
			return false, sc.errorf(i, "value")
		}
		// After a value: close containers or move to the next member or
		// element.
		for {
			if depth == 0 {
				sc.i = i
				return false, nil
			}
			i = skipSpaceAt(s, i)
			closer := stack[depth-1]
			if i < len(s) && s[i] == closer {
				i++
				depth--
				if closer == '}' {
					nk = int(base[depth])
				}
				continue
			}
			if i >= len(s) || s[i] != ',' {
				sc.i = i
				if closer == '}' {
					return false, sc.errorf(i, "',' or '}' after object member")
				}
				return false, sc.errorf(i, "',' or ']' after array element")
			}
			i = skipSpaceAt(s, i+1)
			if closer == '}' {
				if i >= len(s) || s[i] != '"' {
					sc.i = i
					return false, sc.errorf(i, "string for object member name")
				}
				key = true
			}
			break
		}
	}
}

// Keys is room for the member names SkipUnique compares.
type Keys struct {
	a, b [uniqueKeys]uint64
	l    [uniqueKeys]int32
}

// keyWords returns what SkipUnique compares names by: the first and the
// last 8 bytes of s[i:j] (fewer for a shorter name, the others zero) and
// its length.
func keyWords(s string, i, j int) (a, b uint64, l int) {
	l = j - i
	if l >= 8 {
		return load8(s, i), load8(s, j-8), l
	}
	for k := j - 1; k >= i; k-- {
		a = a<<8 | uint64(s[k])
	}
	return a, 0, l
}
