// Package jsonwire is the JSON scanner and writer shared by the record
// codecs. It reads a JSON text held in a string and hands out strings that
// are substrings of it whenever no unescaping is needed, so a decoder that
// converts its input to a string once allocates nothing more per member.
//
// The scanner is strict (RFC 8259): it accepts exactly what encoding/json
// accepts. Errors are *SyntaxError values carrying the byte offset into the
// scanned text. ParseUTC reads the fixed timestamp layouts the records
// carry (eventTime, creationDate, digest times) without time.Parse.
package jsonwire

import (
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the kind of the next JSON value.
type Kind byte

// The kinds of JSON values. Invalid means the next byte cannot start a value.
const (
	Invalid Kind = iota
	Object
	Array
	String
	Number
	True
	False
	Null
)

var kindNames = [...]string{"invalid value", "object", "array", "string", "number", "true", "false", "null"}

// String returns the kind's name as used in error messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// SyntaxError reports malformed JSON: what was expected and where.
type SyntaxError struct {
	Offset int    // byte offset into the scanned text
	Msg    string // what was expected and what was found
}

// Error returns "offset N: msg".
func (e *SyntaxError) Error() string {
	return "offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// LineCol converts a byte offset into s to a 1-based line and column (the
// column counts bytes).
func LineCol(s string, off int) (line, col int) {
	if off > len(s) {
		off = len(s)
	}
	line, col = 1, 1
	for i := 0; i < off; i++ {
		if s[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// Scanner reads JSON values from a string. The zero value scans "".
type Scanner struct {
	s     string
	i     int
	deep  bool // SkipValue met more than 64 levels of nesting
	quiet bool // syntax errors are errQuiet, without a message (Quiet)
}

// errQuiet stands for the syntax errors a quiet Scanner meets.
var errQuiet = &SyntaxError{Msg: "invalid string (not described: the scanner is quiet)"}

// Quiet makes the syntax errors (unexpected bytes, bad escapes, invalid
// UTF-8) one shared error without position or message, which costs
// nothing to make: for a caller that only counts failures, or that tries
// a fast way first and reads the text another way when it fails.
func (sc *Scanner) Quiet() { sc.quiet = true }

// Deep reports whether SkipValue met a value nested more than 64 levels
// deep, so that a decoder knows when to check its text with Depth.
func (sc *Scanner) Deep() bool { return sc.deep }

// New returns a scanner positioned at the start of s.
func New(s string) Scanner { return Scanner{s: s} }

// Pos returns the offset of the next unread byte.
func (sc *Scanner) Pos() int { return sc.i }

// Text returns the whole scanned text.
func (sc *Scanner) Text() string { return sc.s }

// IsSpace reports whether c is JSON white space (RFC 8259: space, tab,
// line feed, carriage return).
func IsSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func (sc *Scanner) skipSpace() {
	if sc.i >= len(sc.s) || sc.s[sc.i] <= ' ' {
		sc.skipSpaceSlow()
	}
}

//go:noinline
func (sc *Scanner) skipSpaceSlow() { sc.i = spaceEnd(sc.s, sc.i) }

// spaceEnd returns the offset of the first byte at or after i that is not
// white space.
func spaceEnd(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ':
			// Indentation: a word at a time, up to the first byte of the
			// word that is not a space.
			if i+8 <= len(s) {
				if x := load8(s, i) ^ lsb*' '; x != 0 {
					i += bits.TrailingZeros64(x) / 8
				} else {
					i += 8
				}
				continue
			}
			i++
		case '\n', '\r', '\t':
			i++
		default:
			return i
		}
	}
	return i
}

// found describes the byte at offset i for an error message.
func (sc *Scanner) found(i int) string {
	if i >= len(sc.s) {
		return "end of input"
	}
	c := sc.s[i]
	switch {
	case c >= utf8.RuneSelf:
		r, n := utf8.DecodeRuneInString(sc.s[i:])
		if r == utf8.RuneError && n <= 1 {
			return "invalid UTF-8 byte 0x" + strconv.FormatUint(uint64(c), 16)
		}
		return "U+" + strconv.FormatInt(0x10000+int64(r), 16)[1:] + " " + strconv.QuoteRune(r)
	case c < 0x20 || c == 0x7f:
		return "control character " + strconv.QuoteRune(rune(c))
	}
	return strconv.QuoteRune(rune(c))
}

func (sc *Scanner) errorf(i int, expected string) error {
	if sc.quiet {
		return errQuiet
	}
	return &SyntaxError{Offset: i, Msg: "expected " + expected + ", found " + sc.found(i)}
}

// Peek skips white space and reports the kind of the next value without
// consuming it.
func (sc *Scanner) Peek() Kind {
	sc.skipSpace()
	if sc.i >= len(sc.s) {
		return Invalid
	}
	switch c := sc.s[sc.i]; {
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == '"':
		return String
	case c == '-' || (c >= '0' && c <= '9'):
		return Number
	case c == 't':
		return True
	case c == 'f':
		return False
	case c == 'n':
		return Null
	}
	return Invalid
}

// End skips trailing white space and reports an error unless the input is
// exhausted.
func (sc *Scanner) End() error {
	sc.skipSpace()
	if sc.i < len(sc.s) {
		return sc.errorf(sc.i, "end of input after top-level value")
	}
	return nil
}

// BeginObject consumes the '{' that opens an object.
func (sc *Scanner) BeginObject() error { return sc.begin('{', "'{'") }

// BeginArray consumes the '[' that opens an array.
func (sc *Scanner) BeginArray() error { return sc.begin('[', "'['") }

// begin consumes the bracket open, named quoted in the error.
func (sc *Scanner) begin(open byte, quoted string) error {
	sc.skipSpace()
	if sc.i >= len(sc.s) || sc.s[sc.i] != open {
		return sc.errorf(sc.i, quoted)
	}
	sc.i++
	return nil
}

// first reports whether the last significant byte before the current
// position opens a container, so that no ',' is due.
func (sc *Scanner) first() bool {
	j := sc.i - 1
	for j >= 0 && IsSpace(sc.s[j]) {
		j--
	}
	return j >= 0 && (sc.s[j] == '{' || sc.s[j] == '[')
}

// NextKey reads the next member name of an object opened by BeginObject
// and the ':' after it; the caller then reads or skips the value. It
// returns ok == false, having consumed the closing '}', when the object
// ends.
func (sc *Scanner) NextKey() (key string, ok bool, err error) {
	// Fast path for compact text: `,"key":` after a member, or `"key":`
	// right after '{', with a plain ASCII name.
	if i := sc.i; i > 0 && i+1 < len(sc.s) {
		j := -1
		switch prev := sc.s[i-1]; {
		case sc.s[i] == ',' && sc.s[i+1] == '"' && prev != '{' && prev > ' ':
			j = i + 2
		case sc.s[i] == '"' && prev == '{':
			j = i + 1
		}
		if j > 0 {
			// plainEnd, inlined.
			s, k := sc.s, j
			for k+8 <= len(s) {
				x := load8(s, k)
				if m := plain(x) & msb; m != 0 {
					k += bits.TrailingZeros64(m) / 8
					goto end
				}
				k += 8
			}
			k = plainEnd(s, k)
		end:
			if k+1 < len(s) && s[k] == '"' && s[k+1] == ':' {
				sc.i = k + 2
				return s[j:k], true, nil
			}
		}
	}
	return sc.nextKey()
}

// nextKey is NextKey for text that is not compact, or a name that is not
// plain ASCII, or the end of the object.
func (sc *Scanner) nextKey() (key string, ok bool, err error) {
	// first looks back from before the white space skipped next, so
	// that it does not walk back over it again.
	first := sc.first()
	sc.skipSpace()
	if sc.i >= len(sc.s) {
		return "", false, sc.errorf(sc.i, "object member or '}'")
	}
	switch sc.s[sc.i] {
	case '}':
		sc.i++
		return "", false, nil
	case ',':
		if first {
			return "", false, sc.errorf(sc.i, "object member or '}'")
		}
		sc.i++
		sc.skipSpace()
		if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
			return "", false, sc.errorf(sc.i, "string for object member name")
		}
	case '"':
		if !first {
			return "", false, sc.errorf(sc.i, "',' or '}' after object member")
		}
	default:
		if first {
			return "", false, sc.errorf(sc.i, "string for object member name or '}'")
		}
		return "", false, sc.errorf(sc.i, "',' or '}' after object member")
	}
	key, err = sc.ReadString()
	if err != nil {
		return "", false, err
	}
	sc.skipSpace()
	if sc.i >= len(sc.s) || sc.s[sc.i] != ':' {
		return "", false, sc.errorf(sc.i, "':' after object member name")
	}
	sc.i++
	// Indented text has one space before the value: skip it here rather
	// than in a call from the value's reader.
	if sc.i < len(sc.s) && sc.s[sc.i] == ' ' {
		sc.i++
	}
	return key, true, nil
}

// NextElem prepares to read the next element of an array opened by
// BeginArray. It returns false, having consumed the closing ']', when the
// array ends.
func (sc *Scanner) NextElem() (bool, error) {
	first := sc.first() // before the white space, as in NextKey
	sc.skipSpace()
	if sc.i >= len(sc.s) {
		return false, sc.errorf(sc.i, "array element or ']'")
	}
	switch sc.s[sc.i] {
	case ']':
		sc.i++
		return false, nil
	case ',':
		if first {
			return false, sc.errorf(sc.i, "array element or ']'")
		}
		sc.i++
		return true, nil
	default:
		if !first {
			return false, sc.errorf(sc.i, "',' or ']' after array element")
		}
		return true, nil
	}
}

// ReadString reads a string value and returns it unescaped. When the
// string has no escapes the result is a substring of the scanned text.
// Invalid UTF-8 is a *SyntaxError at its first byte (RFC 8259: JSON text is
// UTF-8), in every string the scanner reads or skips; a lone surrogate
// escape (\ud800) is valid JSON and becomes U+FFFD, as encoding/json
// decodes it.
func (sc *Scanner) ReadString() (string, error) {
	v, ok, err := sc.NextString()
	if !ok {
		return "", sc.errorf(sc.i, "string")
	}
	return v, err
}

// NextString reads a string value, as ReadString does, when one is next.
// When the next value is of another kind it returns ok == false and
// consumes nothing, so the caller can read the value otherwise: it is
// Peek and ReadString in one step.
//
// A plain string (no escapes, ASCII) ends at the first special byte,
// found a word at a time in this loop rather than in a call to plainEnd.
func (sc *Scanner) NextString() (v string, ok bool, err error) {
	sc.skipSpace()
	s := sc.s
	if sc.i >= len(s) || s[sc.i] != '"' {
		return "", false, nil
	}
	start := sc.i + 1
	j := start
	for j+8 <= len(s) {
		x := load8(s, j)
		if m := plain(x) & msb; m != 0 {
			j += bits.TrailingZeros64(m) / 8
			if s[j] == '"' {
				sc.i = j + 1
				return s[start:j], true, nil
			}
			break
		}
		j += 8
	}
	v, err = sc.readStringAt(start, j)
	return v, true, err
}

// readStringAt finishes the string whose first byte is at start; the
// bytes before j are plain.
func (sc *Scanner) readStringAt(start, j int) (string, error) {
	for {
		j = plainEnd(sc.s, j)
		if j >= len(sc.s) {
			break
		}
		switch c := sc.s[j]; {
		case c == '"':
			sc.i = j + 1
			return sc.s[start:j], nil
		case c == '\\':
			return sc.readEscaped(start, j)
		case c < 0x20:
			return "", sc.control(j)
		}
		// Multi-byte UTF-8: valid sequences stay in place; invalid bytes
		// are an error (RFC 8259 texts are UTF-8), as everywhere else.
		r, n := utf8.DecodeRuneInString(sc.s[j:])
		if r == utf8.RuneError && n == 1 {
			return "", sc.invalidUTF8(j)
		}
		j += n
	}
	return "", sc.unterminated(start - 1)
}

func hexVal(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c - 'a' + 10)
	case c >= 'A' && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

func (sc *Scanner) hex4(j int) (rune, bool) {
	if j+4 > len(sc.s) {
		return 0, false
	}
	var r rune
	for k := j; k < j+4; k++ {
		v := hexVal(sc.s[k])
		if v < 0 {
			return 0, false
		}
		r = r<<4 | v
	}
	return r, true
}

// unescape returns the byte the one-letter escape \e stands for.
func unescape(e byte) byte {
	switch e {
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return e // '"', '\\' and '/'
}

// readEscaped finishes a string that contains escapes; esc is the offset of
// the first backslash.
func (sc *Scanner) readEscaped(start, esc int) (string, error) {
	// Invalid at once: no buffer for a string that cannot be.
	if esc+1 < len(sc.s) && !validEscape(sc.s[esc+1]) {
		return "", sc.invalidEscape(esc)
	}
	b := make([]byte, 0, esc-start+16)
	b = append(b, sc.s[start:esc]...)
	j := esc
	for j < len(sc.s) {
		c := sc.s[j]
		switch {
		case c == '"':
			sc.i = j + 1
			return string(b), nil
		case c < 0x20:
			return "", sc.control(j)
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(sc.s[j:])
			if r == utf8.RuneError && n == 1 {
				return "", sc.invalidUTF8(j)
			}
			b = append(b, sc.s[j:j+n]...)
			j += n
			continue
		case c != '\\':
			b = append(b, c)
			j++
			continue
		}
		if j+1 >= len(sc.s) {
			break
		}
		switch e := sc.s[j+1]; e {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			b = append(b, unescape(e))
			j += 2
		case 'u':
			r, ok := sc.hex4(j + 2)
			if !ok {
				return "", sc.badHex(j)
			}
			j += 6
			if utf16.IsSurrogate(r) {
				if j+1 < len(sc.s) && sc.s[j] == '\\' && sc.s[j+1] == 'u' {
					if r2, ok := sc.hex4(j + 2); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							r = d
							j += 6
						} else {
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", sc.invalidEscape(j)
		}
	}
	return "", sc.unterminated(start - 1)
}

// validEscape reports whether a backslash followed by e starts a JSON escape.
func validEscape(e byte) bool {
	switch e {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u':
		return true
	}
	return false
}

// invalidEscape is the error for the escape at s[j], which is not one.
func (sc *Scanner) invalidEscape(j int) error {
	if sc.quiet {
		return errQuiet
	}
	s := sc.s
	return &SyntaxError{Offset: j, Msg: "invalid escape " + strconv.Quote(s[j:j+2]) + " in string"}
}

// ReadBool reads true or false.
func (sc *Scanner) ReadBool() (bool, error) {
	switch sc.Peek() {
	case True:
		return true, sc.literal("true")
	case False:
		return false, sc.literal("false")
	}
	return false, sc.errorf(sc.i, "true or false")
}

// NextBool reads true or false, as ReadBool does, when one is next.
// Otherwise (another value, or text that is neither literal) it returns
// ok == false and consumes nothing but white space, so the caller can
// read the value otherwise.
func (sc *Scanner) NextBool() (v, ok bool) {
	sc.skipSpace()
	s, i := sc.s, sc.i
	switch {
	case len(s)-i >= 4 && s[i:i+4] == "true":
		sc.i = i + 4
		return true, true
	case len(s)-i >= 5 && s[i:i+5] == "false":
		sc.i = i + 5
		return false, true
	}
	return false, false
}

// ReadNull consumes null.
func (sc *Scanner) ReadNull() error {
	sc.skipSpace()
	return sc.literal("null")
}

func (sc *Scanner) literal(lit string) error {
	if len(sc.s)-sc.i >= len(lit) && sc.s[sc.i:sc.i+len(lit)] == lit {
		sc.i += len(lit)
		return nil
	}
	return sc.errorf(sc.i, strconv.Quote(lit))
}

func (sc *Scanner) number() error {
	j := sc.i
	if j < len(sc.s) && sc.s[j] == '-' {
		j++
	}
	switch {
	case j < len(sc.s) && sc.s[j] == '0':
		j++
	case j < len(sc.s) && sc.s[j] >= '1' && sc.s[j] <= '9':
		for j < len(sc.s) && sc.s[j] >= '0' && sc.s[j] <= '9' {
			j++
		}
	default:
		return sc.errorf(j, "digit in number")
	}
	if j < len(sc.s) && sc.s[j] == '.' {
		j++
		if j >= len(sc.s) || sc.s[j] < '0' || sc.s[j] > '9' {
			return sc.errorf(j, "digit after decimal point in number")
		}
		for j < len(sc.s) && sc.s[j] >= '0' && sc.s[j] <= '9' {
			j++
		}
	}
	if j < len(sc.s) && (sc.s[j] == 'e' || sc.s[j] == 'E') {
		j++
		if j < len(sc.s) && (sc.s[j] == '+' || sc.s[j] == '-') {
			j++
		}
		if j >= len(sc.s) || sc.s[j] < '0' || sc.s[j] > '9' {
			return sc.errorf(j, "digit in exponent of number")
		}
		for j < len(sc.s) && sc.s[j] >= '0' && sc.s[j] <= '9' {
			j++
		}
	}
	sc.i = j
	return nil
}

// MaxDepth is the deepest nesting of objects and arrays a record may have,
// counting the record's own object as 1. Every reader of the module
// enforces this one limit, so that whatever one reader accepts and an
// encoder writes, every other reader reads back.
const MaxDepth = 10000

// TooDeep is the message of the error for nesting beyond MaxDepth.
const TooDeep = "nesting too deep (more than 10000 levels of objects and arrays)"

// maxDepth bounds the nesting SkipValue accepts within the value it
// skips; decoders that skip values inside a record check the record's
// whole depth with Depth.
const maxDepth = MaxDepth

// Depth checks the nesting of the JSON text s, which must be valid JSON
// (a decoder calls it after decoding s): it returns the offset of the
// bracket that opens level MaxDepth+1, or -1 when the nesting is within
// MaxDepth. Text shorter than 2*MaxDepth bytes cannot nest that deep, so
// it is not scanned.
func Depth(s string) int {
	if len(s) < 2*MaxDepth {
		return -1
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			// Skip the string: its end is the next '"' not escaped.
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			if depth++; depth > MaxDepth {
				return i
			}
		case '}', ']':
			depth--
		}
	}
	return -1
}

// skipSpaceAt returns the offset of the first byte at or after i that is
// not white space.
func skipSpaceAt(s string, i int) int {
	if i < len(s) && s[i] > ' ' {
		return i // the common case, inlined
	}
	return spaceEnd(s, i)
}

// SkipValue reads one complete value of any kind, checking its syntax, and
// returns its text (a substring of the scanned text, without surrounding
// white space).
//
// It works on a local copy of the position, token by token in one loop,
// as it reads most of a record's bytes (the free-form payloads); member
// names go through the same inlined string scan as string values.
func (sc *Scanner) SkipValue() (string, error) {
	s := sc.s
	i := skipSpaceAt(s, sc.i)
	start := i
	var small [64]byte
	stack := small[:0] // closing brackets of the open containers
	key := false       // the string at i is a member name
	var err error
	for {
		// A value, or with key set a member name, starts at i (white
		// space skipped).
		if i >= len(s) {
			sc.i = i
			return "", sc.errorf(i, "value")
		}
		switch c := s[i]; {
		case c == '"':
			// Plain strings end at the first special byte, found a word
			// at a time; anything else is checked the long way.
			// hi collects the words' top bits: a byte from 0x80 up means
			// the string must be checked for valid UTF-8.
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
			if j < len(s) && s[j] == '"' {
				if hi&msb != 0 && !utf8.ValidString(s[i+1:j]) {
					sc.i = i
					return "", sc.invalidUTF8(firstInvalid(s, i+1))
				}
				i = j + 1
			} else if i, err = sc.skipStringAt(i); err != nil {
				return "", err
			}
			if key {
				key = false
				i = skipSpaceAt(s, i)
				if i >= len(s) || s[i] != ':' {
					sc.i = i
					return "", sc.errorf(i, "':' after object member name")
				}
				i++
				if len(stack) > len(small) {
					sc.deep = true
					if len(stack) > maxDepth {
						sc.i = i
						return "", &SyntaxError{Offset: i, Msg: TooDeep}
					}
				}
				i = skipSpaceAt(s, i)
				continue
			}
		case c == '{':
			i = skipSpaceAt(s, i+1)
			if i < len(s) && s[i] == '}' {
				// An empty container is a level of nesting too.
				if len(stack) >= len(small) {
					if err = sc.nest(len(stack)+1, i); err != nil {
						return "", err
					}
				}
				i++
				break
			}
			stack = append(stack, '}')
			if i >= len(s) || s[i] != '"' {
				sc.i = i
				return "", sc.errorf(i, "string for object member name or '}'")
			}
			key = true
			continue
		case c == '[':
			i = skipSpaceAt(s, i+1)
			if i < len(s) && s[i] == ']' {
				// An empty container is a level of nesting too.
				if len(stack) >= len(small) {
					if err = sc.nest(len(stack)+1, i); err != nil {
						return "", err
					}
				}
				i++
				break
			}
			stack = append(stack, ']')
			if len(stack) > len(small) {
				sc.deep = true
				if len(stack) > maxDepth {
					sc.i = i
					return "", &SyntaxError{Offset: i, Msg: TooDeep}
				}
			}
			continue
		case c == 't':
			if i, err = sc.literalAt(i, "true"); err != nil {
				return "", err
			}
		case c == 'f':
			if i, err = sc.literalAt(i, "false"); err != nil {
				return "", err
			}
		case c == 'n':
			if i, err = sc.literalAt(i, "null"); err != nil {
				return "", err
			}
		case c == '-' || c >= '0' && c <= '9':
			sc.i = i
			if err = sc.number(); err != nil {
				return "", err
			}
			i = sc.i
		default:
			sc.i = i
			return "", sc.errorf(i, "value")
		}
		// After a value: close containers or move to the next member or
		// element.
		for {
			if len(stack) == 0 {
				sc.i = i
				return s[start:i], nil
			}
			i = skipSpaceAt(s, i)
			closer := stack[len(stack)-1]
			if i < len(s) && s[i] == closer {
				i++
				stack = stack[:len(stack)-1]
				continue
			}
			if i >= len(s) || s[i] != ',' {
				sc.i = i
				if closer == '}' {
					return "", sc.errorf(i, "',' or '}' after object member")
				}
				return "", sc.errorf(i, "',' or ']' after array element")
			}
			i = skipSpaceAt(s, i+1)
			if closer == '}' {
				if i >= len(s) || s[i] != '"' {
					sc.i = i
					return "", sc.errorf(i, "string for object member name")
				}
				key = true
			}
			break
		}
	}
}

// nest records that SkipValue is n levels deep, more than it holds
// without growing, at offset i: deep, and an error past maxDepth.
func (sc *Scanner) nest(n, i int) error {
	sc.deep = true
	if n > maxDepth {
		sc.i = i
		return &SyntaxError{Offset: i, Msg: TooDeep}
	}
	return nil
}

// literalAt checks that lit is at i and returns the offset after it.
func (sc *Scanner) literalAt(i int, lit string) (int, error) {
	if len(sc.s)-i >= len(lit) && sc.s[i:i+len(lit)] == lit {
		return i + len(lit), nil
	}
	sc.i = i
	return 0, sc.errorf(i, strconv.Quote(lit))
}

// invalidUTF8 is the error for the invalid UTF-8 byte at s[i].
func (sc *Scanner) invalidUTF8(i int) error {
	if sc.quiet {
		return errQuiet
	}
	s := sc.s
	return &SyntaxError{Offset: i, Msg: "invalid UTF-8 byte 0x" + strconv.FormatUint(uint64(s[i]), 16) + " in string"}
}

// firstInvalid returns the offset of the first byte at or after i that
// does not start a valid UTF-8 sequence.
func firstInvalid(s string, i int) int {
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return i
}

// unterminated is the error for the string whose opening quote is at
// start and that has no end.
func (sc *Scanner) unterminated(start int) error {
	if sc.quiet {
		return errQuiet
	}
	return &SyntaxError{Offset: len(sc.s), Msg: "unterminated string starting at offset " + strconv.Itoa(start)}
}

// control is the error for the control character at s[j], in a string.
func (sc *Scanner) control(j int) error {
	if sc.quiet {
		return errQuiet
	}
	return &SyntaxError{Offset: j, Msg: "invalid control character " + strconv.QuoteRune(rune(sc.s[j])) + " in string"}
}

// badHex is the error for the \u escape at s[j] without four hexadecimal
// digits.
func (sc *Scanner) badHex(j int) error {
	if sc.quiet {
		return errQuiet
	}
	return &SyntaxError{Offset: j, Msg: `invalid \u escape: expected four hexadecimal digits`}
}
