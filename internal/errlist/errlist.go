package errlist

import "strings"

// PathLess reports whether path a sorts before path b, such as
// "trails[2].Name" before "trails[10].Name". Paths compare byte by byte,
// except that runs of decimal digits at the same place compare by numeric
// value, leading zeros ignored; a path sorts before every longer path it
// begins.
func PathLess(a, b string) bool {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			na, ra := digits(a)
			nb, rb := digits(b)
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits splits the leading run of digits from s, leading zeros dropped.
func digits(s string) (num, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return strings.TrimLeft(s[:i], "0"), s[i:]
}

// Join returns the messages of the problems, one per line: the Error
// method of a list.
func Join[E error](list []E) string {
	var b strings.Builder
	for i, e := range list {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the problems as errors: the Unwrap method of a list, so
// that errors.Is and errors.As reach each problem.
func Unwrap[E error](list []E) []error {
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = e
	}
	return out
}
