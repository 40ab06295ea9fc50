package jsonwire

import (
	"fmt"
	"strings"
	"testing"
)

// skipValueRef is SkipValue as first written, one method call per token:
// the reference the faster SkipValue is checked against.
func (sc *Scanner) skipValueRef() (string, error) {
	sc.skipSpace()
	start := sc.i
	depth := 0
	var stack []byte // closing brackets beyond the first 64 levels
	var small [64]byte
	stack = small[:0]
	for {
		// a value
		switch sc.Peek() {
		case Object:
			sc.i++
			stack = append(stack, '}')
			depth++
			sc.skipSpace()
			if sc.i < len(sc.s) && sc.s[sc.i] == '}' {
				if depth > maxDepth {
					return "", &SyntaxError{Offset: sc.i, Msg: TooDeep}
				}
				sc.i++
				stack = stack[:len(stack)-1]
				depth--
				break
			}
			if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
				return "", sc.errorf(sc.i, "string for object member name or '}'")
			}
			if err := sc.skipString(); err != nil {
				return "", err
			}
			sc.skipSpace()
			if sc.i >= len(sc.s) || sc.s[sc.i] != ':' {
				return "", sc.errorf(sc.i, "':' after object member name")
			}
			sc.i++
			if depth > maxDepth {
				return "", &SyntaxError{Offset: sc.i, Msg: TooDeep}
			}
			continue
		case Array:
			sc.i++
			stack = append(stack, ']')
			depth++
			sc.skipSpace()
			if sc.i < len(sc.s) && sc.s[sc.i] == ']' {
				if depth > maxDepth {
					return "", &SyntaxError{Offset: sc.i, Msg: TooDeep}
				}
				sc.i++
				stack = stack[:len(stack)-1]
				depth--
				break
			}
			if depth > maxDepth {
				return "", &SyntaxError{Offset: sc.i, Msg: TooDeep}
			}
			continue
		case String:
			if err := sc.skipString(); err != nil {
				return "", err
			}
		case Number:
			if err := sc.number(); err != nil {
				return "", err
			}
		case True:
			if err := sc.literal("true"); err != nil {
				return "", err
			}
		case False:
			if err := sc.literal("false"); err != nil {
				return "", err
			}
		case Null:
			if err := sc.literal("null"); err != nil {
				return "", err
			}
		default:
			return "", sc.errorf(sc.i, "value")
		}
		// after a value: close containers or move to the next member
		for {
			if len(stack) == 0 {
				return sc.s[start:sc.i], nil
			}
			sc.skipSpace()
			closer := stack[len(stack)-1]
			if sc.i >= len(sc.s) {
				if closer == '}' {
					return "", sc.errorf(sc.i, "',' or '}' after object member")
				}
				return "", sc.errorf(sc.i, "',' or ']' after array element")
			}
			c := sc.s[sc.i]
			if c == closer {
				sc.i++
				stack = stack[:len(stack)-1]
				depth--
				continue
			}
			if c != ',' {
				if closer == '}' {
					return "", sc.errorf(sc.i, "',' or '}' after object member")
				}
				return "", sc.errorf(sc.i, "',' or ']' after array element")
			}
			sc.i++
			if closer == '}' {
				sc.skipSpace()
				if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
					return "", sc.errorf(sc.i, "string for object member name")
				}
				if err := sc.skipString(); err != nil {
					return "", err
				}
				sc.skipSpace()
				if sc.i >= len(sc.s) || sc.s[sc.i] != ':' {
					return "", sc.errorf(sc.i, "':' after object member name")
				}
				sc.i++
			}
			break
		}
	}
}

// FuzzSkipValueReference checks that SkipValue reads exactly what the
// reference reads and fails with the same offset and message.
func FuzzSkipValueReference(f *testing.F) {
	for _, s := range []string{
		`{"a":[1,true,null,"x\u00e9"],"b":{}}`, ` [ ] `, `{"a" :1 , "b":[ {} ,[]]}`,
		`{"a":1,}`, `[1,]`, `{"a"}`, `{"a":tru}`, `"abc`, `[1 2]`, `{1:2}`, `-`, `01`, `1.e3`,
		strings.Repeat("[", 10001), strings.Repeat(`{"a":`, 10001),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b := New(s), New(s)
		va, erra := a.SkipValue()
		vb, errb := b.skipValueRef()
		if va != vb || fmt.Sprint(erra) != fmt.Sprint(errb) {
			t.Fatalf("SkipValue(%q) = %q, %v; reference %q, %v", s, va, erra, vb, errb)
		}
		if erra == nil && a.Pos() != b.Pos() {
			t.Fatalf("SkipValue(%q) stops at %d, reference at %d", s, a.Pos(), b.Pos())
		}
	})
}

// skipBench is a request payload as records carry it (compact, short
// strings, small numbers, nesting).
const skipBench = `{"instancesSet":{"items":[{"imageId":"ami-0123456789abcdef0","minCount":1,"maxCount":1,"keyName":"my-key"}]},"instanceType":"t3.micro","blockDeviceMapping":{},"monitoring":{"enabled":false},"disableApiTermination":false,"disableApiStop":false,"clientToken":"fd2c4b1e-9a8b-4d3c-8e2f-1a2b3c4d5e6f","tagSpecificationSet":{"items":[{"resourceType":"instance","tags":[{"key":"Name","value":"web-1"}]}]},"placement":{"availabilityZone":"us-east-2a","tenancy":"default"},"launchTime":1689801909000,"instanceState":{"code":0,"name":"pending"}}`

// BenchmarkSkipValue compares SkipValue with the reference it replaced,
// in the same run.
func BenchmarkSkipValue(b *testing.B) {
	for _, bc := range []struct {
		name string
		skip func(*Scanner) (string, error)
	}{
		{"SkipValue", (*Scanner).SkipValue},
		{"reference", (*Scanner).skipValueRef},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(skipBench)))
			for i := 0; i < b.N; i++ {
				sc := New(skipBench)
				if _, err := bc.skip(&sc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
