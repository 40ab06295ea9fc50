package jsonwire

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"
)

// readWhole reads s as one JSON text with the reader named by how, as
// the record codecs use them, and returns the first error.
func readWhole(how, s string, quiet bool) error {
	sc := New(s)
	if quiet {
		sc.Quiet()
	}
	var err error
	switch how {
	case "value":
		_, err = sc.SkipValue()
	case "string":
		_, err = sc.ReadString()
	case "skipstring":
		_, err = sc.SkipString()
	case "unique":
		var dup bool
		if dup, err = sc.SkipUnique(new(Keys)); dup && err == nil {
			return errors.New("unsure")
		}
	case "object":
		err = sc.BeginObject()
		for err == nil {
			var ok bool
			if _, ok, err = sc.NextKey(); err != nil || !ok {
				break
			}
			_, err = sc.SkipValue()
		}
	case "array":
		err = sc.BeginArray()
		for err == nil {
			var ok bool
			if ok, err = sc.NextElem(); err != nil || !ok {
				break
			}
			_, err = sc.SkipValue()
		}
	default:
		panic("no reader " + how)
	}
	if err != nil {
		return err
	}
	return sc.End()
}

// TestErrors pins each syntax error the scanner reports, by reader: its
// offset and message, and that the verdict is encoding/json's (for UTF-8
// text: encoding/json accepts invalid UTF-8 in strings, the scanner does
// not, RFC 8259 section 8.1). A quiet scanner reports each of them as the
// one shared error.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		how, in, want, reason string
	}{
		// Where a value starts.
		{"value", ``, "offset 0: expected value, found end of input", "empty input"},
		{"value", `  `, "offset 2: expected value, found end of input", "only white space"},
		{"value", `}`, "offset 0: expected value, found '}'", "a closer for a value"},
		{"value", `[1,]`, "offset 3: expected value, found ']'", "a trailing comma in an array"},
		{"value", `[,1]`, "offset 1: expected value, found ','", "a comma first in an array"},
		{"value", `'a'`, "offset 0: expected value, found '\\''", "single quotes"},
		{"value", `1 2`, "offset 2: expected end of input after top-level value, found '2'", "two values"},
		{"value", `tru`, `offset 0: expected "true", found 't'`, "true cut off"},
		{"value", `[fals]`, `offset 1: expected "false", found 'f'`, "false cut off"},
		{"value", `nul`, `offset 0: expected "null", found 'n'`, "null cut off"},
		{"value", `True`, "offset 0: expected value, found 'T'", "literals are lower case"},
		// Objects.
		{"value", `{`, "offset 1: expected string for object member name or '}', found end of input", "an object cut off after '{'"},
		{"value", `{1:2}`, "offset 1: expected string for object member name or '}', found '1'", "a number for a name"},
		{"value", `{"a"`, "offset 4: expected ':' after object member name, found end of input", "cut off after the name"},
		{"value", `{"a" 1}`, "offset 5: expected ':' after object member name, found '1'", "no colon"},
		{"value", `{"a":1,}`, "offset 7: expected string for object member name, found '}'", "a trailing comma in an object"},
		{"value", `{"a":1 "b":2}`, "offset 7: expected ',' or '}' after object member, found '\"'", "no comma between members"},
		{"value", `{"a":1]`, "offset 6: expected ',' or '}' after object member, found ']'", "the wrong closer"},
		{"value", `[1}`, "offset 2: expected ',' or ']' after array element, found '}'", "the wrong closer for an array"},
		{"value", `[1`, "offset 2: expected ',' or ']' after array element, found end of input", "an array cut off"},
		{"value", `{"a":}`, "offset 5: expected value, found '}'", "a member without a value"},
		// The same, member by member (NextKey, NextElem).
		{"object", `[]`, "offset 0: expected '{', found '['", "an array for an object"},
		{"object", `{`, "offset 1: expected object member or '}', found end of input", "an object cut off after '{'"},
		{"object", `{"a":1`, "offset 6: expected object member or '}', found end of input", "an object cut off after a member"},
		{"object", `{,"a":1}`, "offset 1: expected object member or '}', found ','", "a comma first"},
		{"object", `{1:2}`, "offset 1: expected string for object member name or '}', found '1'", "a number for a name"},
		{"object", `{"a":1 x}`, "offset 7: expected ',' or '}' after object member, found 'x'", "garbage after a member"},
		{"object", `{"a":1 "b":2}`, "offset 7: expected ',' or '}' after object member, found '\"'", "no comma between members"},
		{"object", `{"a":1,}`, "offset 7: expected string for object member name, found '}'", "a trailing comma"},
		{"object", `{"a":1, 2}`, "offset 8: expected string for object member name, found '2'", "a number for a second name"},
		{"object", `{"a" 1}`, "offset 5: expected ':' after object member name, found '1'", "no colon"},
		{"object", `{"a`, "offset 3: unterminated string starting at offset 1", "a name cut off"},
		{"object", `{"\u00":1}`, `offset 2: invalid \u escape: expected four hexadecimal digits`, "a bad escape in a name"},
		{"object", "{\"\xe9\":1}", "offset 2: invalid UTF-8 byte 0xe9 in string", "a Latin-1 name"},
		{"object", `{"a":1}}`, "offset 7: expected end of input after top-level value, found '}'", "a closer too many"},
		{"array", `{}`, "offset 0: expected '[', found '{'", "an object for an array"},
		{"array", `[`, "offset 1: expected array element or ']', found end of input", "an array cut off"},
		{"array", `[,1]`, "offset 1: expected array element or ']', found ','", "a comma first"},
		{"array", `[1 2]`, "offset 3: expected ',' or ']' after array element, found '2'", "no comma between elements"},
		{"array", `[1,]`, "offset 3: expected value, found ']'", "a trailing comma"},
		// Strings.
		{"value", `"abc`, "offset 4: unterminated string starting at offset 0", "a string cut off"},
		{"value", `["abc\`, "offset 6: unterminated string starting at offset 1", "cut off after a backslash"},
		{"value", `"\x"`, `offset 1: invalid escape "\\x" in string`, "no escape \\x in JSON"},
		{"value", `"\'"`, `offset 1: invalid escape "\\'" in string`, "no escape \\' in JSON"},
		{"value", `"\U0041"`, `offset 1: invalid escape "\\U" in string`, "\\U is not \\u"},
		{"value", `"ab\u12"`, `offset 3: invalid \u escape: expected four hexadecimal digits`, "three hexadecimal digits"},
		{"value", `"\u12`, `offset 1: invalid \u escape: expected four hexadecimal digits`, "cut off in a \\u escape"},
		{"value", `"\u00g0"`, `offset 1: invalid \u escape: expected four hexadecimal digits`, "a letter beyond f"},
		{"value", "\"a\tb\"", `offset 2: invalid control character '\t' in string`, "a raw tab"},
		{"value", "\"a\x00\"", `offset 2: invalid control character '\x00' in string`, "a NUL byte"},
		{"value", "\"a\\n\x1f\"", `offset 4: invalid control character '\x1f' in string`, "a control character after an escape"},
		{"value", "\"\xff\"", "offset 1: invalid UTF-8 byte 0xff in string", "a byte that is never UTF-8"},
		{"value", "\"abcdefghij\xc3(\"", "offset 11: invalid UTF-8 byte 0xc3 in string", "a lead byte without its continuation, after a word"},
		{"value", "\"\\n\xed\xa0\x80\"", "offset 3: invalid UTF-8 byte 0xed in string", "a surrogate encoded in UTF-8, after an escape"},
		{"value", "[\"\xffabc\",\"abcdefgh\"]", "offset 2: invalid UTF-8 byte 0xff in string", "invalid UTF-8 in a string that ends within a word"},
		{"value", "[\"é\xff\",\"abcdefgh\"]", "offset 4: invalid UTF-8 byte 0xff in string", "invalid UTF-8 after a valid sequence, within a word"},
		{"value", "\"\xc0\x80\"", "offset 1: invalid UTF-8 byte 0xc0 in string", "an overlong NUL"},
		{"string", `1`, "offset 0: expected string, found '1'", "a number for a string"},
		{"string", `  `, "offset 2: expected string, found end of input", "nothing for a string"},
		{"string", `"abc`, "offset 4: unterminated string starting at offset 0", "a string cut off"},
		{"string", `"a\"`, "offset 4: unterminated string starting at offset 0", "the last quote escaped"},
		{"string", `"a\`, "offset 3: unterminated string starting at offset 0", "cut off after a backslash"},
		{"string", `"\x"`, `offset 1: invalid escape "\\x" in string`, "no escape \\x in JSON"},
		{"string", `"a\nb\x"`, `offset 5: invalid escape "\\x" in string`, "a bad escape after a good one"},
		{"string", `"\u004"`, `offset 1: invalid \u escape: expected four hexadecimal digits`, "three hexadecimal digits"},
		{"string", `"\ud800\u12"`, `offset 7: invalid \u escape: expected four hexadecimal digits`, "a high surrogate, then a bad escape"},
		{"string", "\"a\tb\"", `offset 2: invalid control character '\t' in string`, "a raw tab"},
		{"string", "\"\\t\n\"", `offset 3: invalid control character '\n' in string`, "a raw newline after an escape"},
		{"string", "\"abc\xff\"", "offset 4: invalid UTF-8 byte 0xff in string", "a byte that is never UTF-8"},
		{"string", "\"\\n\xe2\x82\"", "offset 3: invalid UTF-8 byte 0xe2 in string", "a sequence cut short after an escape"},
		{"string", "\"abcdefgh\\u0041\xff\"", "offset 15: invalid UTF-8 byte 0xff in string", "invalid UTF-8 after a word and an escape"},
		{"skipstring", `1`, "offset 0: expected string, found '1'", "a number for a string"},
		{"skipstring", `"\q"`, `offset 1: invalid escape "\\q" in string`, "a bad escape"},
		{"skipstring", `"\u00`, `offset 1: invalid \u escape: expected four hexadecimal digits`, "cut off in a \\u escape"},
		{"skipstring", "\"\\\"\xff\"", "offset 3: invalid UTF-8 byte 0xff in string", "invalid UTF-8 after an escape"},
		// Numbers: every edge of RFC 8259's grammar.
		{"value", `-`, "offset 1: expected digit in number, found end of input", "a sign alone"},
		{"value", `-a`, "offset 1: expected digit in number, found 'a'", "a sign and a letter"},
		{"value", `- 1`, "offset 1: expected digit in number, found ' '", "space after the sign"},
		{"value", `+1`, "offset 0: expected value, found '+'", "a plus sign"},
		{"value", `.5`, "offset 0: expected value, found '.'", "no integer part"},
		{"value", `01`, "offset 1: expected end of input after top-level value, found '1'", "a leading zero"},
		{"value", `-01`, "offset 2: expected end of input after top-level value, found '1'", "a leading zero after a sign"},
		{"value", `[00]`, "offset 2: expected ',' or ']' after array element, found '0'", "two zeros"},
		{"value", `1.`, "offset 2: expected digit after decimal point in number, found end of input", "a point without digits"},
		{"value", `1.e5`, "offset 2: expected digit after decimal point in number, found 'e'", "a point and an exponent"},
		{"value", `1e`, "offset 2: expected digit in exponent of number, found end of input", "an exponent cut off"},
		{"value", `1E+`, "offset 3: expected digit in exponent of number, found end of input", "an exponent sign alone"},
		{"value", `1e-x`, "offset 3: expected digit in exponent of number, found 'x'", "a letter in the exponent"},
		{"value", `1e++1`, "offset 3: expected digit in exponent of number, found '+'", "two exponent signs"},
		{"value", `1.5.`, "offset 3: expected end of input after top-level value, found '.'", "two points"},
		{"value", `1e5.5`, "offset 3: expected end of input after top-level value, found '.'", "a fraction after the exponent"},
		{"value", `0x1`, "offset 1: expected end of input after top-level value, found 'x'", "hexadecimal"},
		{"value", `NaN`, "offset 0: expected value, found 'N'", "NaN"},
		{"value", `-Infinity`, "offset 1: expected digit in number, found 'I'", "infinity"},
		// What the error names.
		{"value", "\u00a0", `offset 0: expected value, found U+00a0 '\u00a0'`, "a non-breaking space"},
		{"value", "\ufeff{}", `offset 0: expected value, found U+feff '\ufeff'`, "a byte order mark (RFC 8259: not to be added)"},
		{"value", "\x80", "offset 0: expected value, found invalid UTF-8 byte 0x80", "a continuation byte"},
		{"value", "\x7f", `offset 0: expected value, found control character '\x7f'`, "DEL"},
		{"value", "[1,\v2]", `offset 3: expected value, found control character '\v'`, "a vertical tab is not JSON white space"},
		// SkipUnique reports the errors SkipValue reports.
		{"unique", ``, "offset 0: expected value, found end of input", "empty input"},
		{"unique", `x`, "offset 0: expected value, found 'x'", "no value"},
		{"unique", `{"a" 1}`, "offset 5: expected ':' after object member name, found '1'", "no colon"},
		{"unique", `{"a":1,}`, "offset 7: expected string for object member name, found '}'", "a trailing comma"},
		{"unique", `{1:2}`, "offset 1: expected string for object member name or '}', found '1'", "a number for a name"},
		{"unique", `{"a":1]`, "offset 6: expected ',' or '}' after object member, found ']'", "the wrong closer"},
		{"unique", `[1}`, "offset 2: expected ',' or ']' after array element, found '}'", "the wrong closer for an array"},
		{"unique", `[tru]`, `offset 1: expected "true", found 't'`, "true cut off"},
		{"unique", `[fals]`, `offset 1: expected "false", found 'f'`, "false cut off"},
		{"unique", `[nul]`, `offset 1: expected "null", found 'n'`, "null cut off"},
		{"unique", `[1.]`, "offset 3: expected digit after decimal point in number, found ']'", "a bad number"},
		{"unique", `{"a":"\x"}`, `offset 6: invalid escape "\\x" in string`, "a bad escape in a value"},
		{"unique", "{\"a\":\"\xff\"}", "offset 6: invalid UTF-8 byte 0xff in string", "invalid UTF-8 in a value"},
		{"unique", "{\"abcdefghijk\xff\":1}", "offset 13: invalid UTF-8 byte 0xff in string", "invalid UTF-8 in a name, after a word"},
		{"unique", `{"a`, "offset 3: unterminated string starting at offset 1", "a name cut off"},
		{"unique", `["abcdefghijklmnop`, "offset 18: unterminated string starting at offset 1", "a long string cut off"},
	} {
		err := readWhole(tc.how, tc.in, false)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s: %s(%q) = %q, want %q", tc.reason, tc.how, tc.in, got, tc.want)
		}
		var se *SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Errorf("%s: %s(%q): %T is no *SyntaxError", tc.reason, tc.how, tc.in, err)
		}
		// A reader of one kind rejects valid text of another kind; for
		// the rest, its verdict is encoding/json's.
		kinds := map[string]Kind{"object": Object, "array": Array, "string": String, "skipstring": String}
		valid := json.Valid([]byte(tc.in)) && utf8.ValidString(tc.in)
		k, oneKind := kinds[tc.how]
		if sc := New(tc.in); err == nil && !valid || err != nil && valid && (!oneKind || sc.Peek() == k) {
			t.Errorf("%s: %s(%q) err=%v, encoding/json valid=%v", tc.reason, tc.how, tc.in, err, valid)
		}
		if qerr := readWhole(tc.how, tc.in, true); qerr != errQuiet {
			t.Errorf("%s: %s(%q) on a quiet scanner = %v, want the shared quiet error", tc.reason, tc.how, tc.in, qerr)
		}
	}
}
