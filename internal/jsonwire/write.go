package jsonwire

import "unicode/utf8"

const hexDigits = "0123456789abcdef"

// AppendString appends s to dst as a JSON string. It escapes what JSON
// requires, plus U+2028 and U+2029; invalid UTF-8 becomes U+FFFD, as
// encoding/json does. HTML characters are not escaped.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Runs of bytes to copy as they are, 8 at a time: most strings
		// (IDs, ARNs, names) are one such run.
		if i = plainEnd(s, i); i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			// plainEnd stops at exactly the first '"', '\\' or control
			// character, which must be escaped.
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendMember appends `,"key":` (or `"key":` when dst ends with '{') so
// that objects can be written member by member.
func AppendMember(dst []byte, key string) []byte {
	if n := len(dst); n > 0 && dst[n-1] != '{' && dst[n-1] != '[' {
		dst = append(dst, ',')
	}
	dst = AppendString(dst, key)
	return append(dst, ':')
}

// AppendStringMember appends a member whose value is the string v.
func AppendStringMember(dst []byte, key, v string) []byte {
	return AppendString(AppendMember(dst, key), v)
}

// AppendRawMember appends a member whose value is the JSON text raw, which
// the caller guarantees is valid.
func AppendRawMember(dst []byte, key string, raw []byte) []byte {
	return append(AppendMember(dst, key), raw...)
}
