package event

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// maxDepth bounds the nesting of arrays and objects in one record,
// counting the record's object, so that hostile input cannot grow the
// reader's bracket stack without bound. It is the one limit of the
// module: jsonwire.MaxDepth.
const maxDepth = jsonwire.MaxDepth

// synErr is a syntax error at a byte offset into the text being checked.
// Its message is put together only when asked for (message): the reader
// meets many of these while resynchronising and past MaxErrors, where
// only the offset counts.
type synErr struct {
	off  int
	text string  // the message, or its first part when near is set
	tail string  // follows the description of near
	near [4]byte // the input at off, described after text
	n    uint8   // bytes of near in use; 0: text is the whole message
	// expected is set when text names what was expected: the message is
	// "expected <text>, found <near>".
	expected bool
}

// message returns the error's message.
func (e *synErr) message() string {
	text := e.text
	if e.expected {
		text = "expected " + text + ", found "
	}
	if e.n == 0 {
		return text + e.tail
	}
	return text + describe(e.near[:e.n], 0) + e.tail
}

// nearErr is a synErr whose message is text, a description of b at i and
// tail.
func nearErr(off int, text string, b []byte, i int, tail string) *synErr {
	e := &synErr{off: off, text: text, tail: tail}
	if i >= len(b) {
		e.tail = "end of input" + tail
		return e
	}
	e.n = uint8(copy(e.near[:], b[i:min(len(b), i+4)]))
	return e
}

// syntax is a strict (RFC 8259) JSON checker over a complete text. It is
// used to explain why a span of input is not valid JSON: where, and what was
// expected there. It never allocates on valid input.
type syntax struct {
	b     []byte
	i     int
	depth int
}

// checkJSON reports the first syntax error in b, which must hold exactly one
// JSON value surrounded by optional whitespace.
func checkJSON(b []byte) *synErr {
	s := syntax{b: b}
	s.ws()
	if err := s.value("value"); err != nil {
		return err
	}
	s.ws()
	if s.i < len(s.b) {
		return s.errorf("end of value")
	}
	return nil
}

// isSpace is JSON white space (jsonwire.IsSpace).
func isSpace(c byte) bool { return jsonwire.IsSpace(c) }

func (s *syntax) ws() {
	for s.i < len(s.b) && isSpace(s.b[s.i]) {
		s.i++
	}
}

// describe names the input at offset i for an error message.
func describe(b []byte, i int) string {
	if i >= len(b) {
		return "end of input"
	}
	c := b[i]
	switch {
	case c < utf8.RuneSelf && c >= 0x20 && c != 0x7f:
		return strconv.QuoteRune(rune(c))
	case c < utf8.RuneSelf:
		return "control character " + strconv.QuoteRune(rune(c))
	}
	r, n := utf8.DecodeRune(b[i:])
	if r == utf8.RuneError && n <= 1 {
		return "invalid UTF-8 byte 0x" + strconv.FormatUint(uint64(c), 16)
	}
	return "U+" + hex4(uint32(r)) + " " + strconv.QuoteRune(r)
}

func hex4(r uint32) string {
	s := strings.ToUpper(strconv.FormatUint(uint64(r), 16))
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

func (s *syntax) errorf(expected string) *synErr {
	e := nearErr(s.i, expected, s.b, s.i, "")
	e.expected = true
	return e
}

// value checks one value; what names it in the error when none starts here.
func (s *syntax) value(what string) *synErr {
	if s.i >= len(s.b) {
		return s.errorf(what)
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return s.container('}')
	case c == '[':
		return s.container(']')
	case c == '"':
		return s.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.errorf(what)
}

// container checks an object or array; closer is its closing bracket.
func (s *syntax) container(closer byte) *synErr {
	if s.depth++; s.depth > maxDepth {
		return &synErr{off: s.i, text: jsonwire.TooDeep}
	}
	s.i++ // { or [
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == closer {
		s.i++
		s.depth--
		return nil
	}
	what, after := "array element", "',' or ']' after array element"
	if closer == '}' {
		what, after = "value of object member", "',' or '}' after object member"
	}
	for {
		if closer == '}' {
			if s.i >= len(s.b) || s.b[s.i] != '"' {
				return s.errorf("string for object member name")
			}
			if err := s.str(); err != nil {
				return err
			}
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] != ':' {
				return s.errorf("':' after object member name")
			}
			s.i++
			s.ws()
		}
		if err := s.value(what); err != nil {
			return err
		}
		s.ws()
		if s.i < len(s.b) {
			switch s.b[s.i] {
			case ',':
				s.i++
				s.ws()
				continue
			case closer:
				s.i++
				s.depth--
				return nil
			}
		}
		return s.errorf(after)
	}
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *syntax) str() *synErr {
	s.i++ // "
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return nil
		case c == '\\':
			if s.i+1 >= len(s.b) {
				s.i++
				return s.errorf("escape character after '\\' in string")
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if s.i+k >= len(s.b) || !isHex(s.b[s.i+k]) {
						s.i += k
						return s.errorf("four hexadecimal digits after \\u in string")
					}
				}
				s.i += 6
			default:
				s.i++
				return &synErr{off: s.i - 1, text: "invalid escape '\\" + string(rune(s.b[s.i])) +
					"' in string (valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"}
			}
		case c < 0x20:
			return nearErr(s.i, "expected closing '\"' of string, found ", s.b, s.i, " (control characters must be escaped)")
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(s.b[s.i:])
			if r == utf8.RuneError && n <= 1 {
				return nearErr(s.i, "", s.b, s.i, " in string")
			}
			s.i += n
		default:
			s.i++
		}
	}
	return &synErr{off: s.i, text: "expected closing '\"' of string, found end of input"}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (s *syntax) number() *synErr {
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && isDigit(s.b[s.i]):
		for s.i < len(s.b) && isDigit(s.b[s.i]) {
			s.i++
		}
	default:
		return s.errorf("digit in number")
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.i >= len(s.b) || !isDigit(s.b[s.i]) {
			return s.errorf("digit after decimal point in number")
		}
		for s.i < len(s.b) && isDigit(s.b[s.i]) {
			s.i++
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.i >= len(s.b) || !isDigit(s.b[s.i]) {
			return s.errorf("digit in exponent of number")
		}
		for s.i < len(s.b) && isDigit(s.b[s.i]) {
			s.i++
		}
	}
	return nil
}

func (s *syntax) literal(lit string) *synErr {
	for k := 0; k < len(lit); k++ {
		if s.i >= len(s.b) || s.b[s.i] != lit[k] {
			return s.errorf("'" + lit[k:k+1] + "' in literal " + lit)
		}
		s.i++
	}
	return nil
}
