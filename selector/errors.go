package selector

import (
	"sort"
	"strings"
)

// The exception names AWS returns for invalid selectors. They are the
// values of Error.Code; callers branch on them, never on message text.
const (
	// CodeInvalidEventSelectors is returned by PutEventSelectors (and the
	// event data store APIs) for a bad number, shape or value of basic or
	// advanced event selectors, and for both kinds given together.
	CodeInvalidEventSelectors = "InvalidEventSelectorsException"
	// CodeInvalidInsightSelectors is returned by PutInsightSelectors for a
	// bad InsightType or category, or when the trail's event selectors do
	// not log the events an Insights type needs.
	CodeInvalidInsightSelectors = "InvalidInsightSelectorsException"
)

// Error is one problem found while validating selectors.
type Error struct {
	// Path locates the problem in the API request, for example
	// "AdvancedEventSelectors[1].FieldSelectors[0].Field".
	Path string
	// Code is the name of the exception AWS returns for the problem, one
	// of the Code constants. It does not change between releases.
	Code string
	// Msg says what is wrong. Where AWS's own message is known it is used
	// verbatim; otherwise the text may improve between releases.
	Msg string
}

// Error returns "selector: <path>: <msg>".
func (e *Error) Error() string {
	if e.Path == "" {
		return "selector: " + e.Msg
	}
	return "selector: " + e.Path + ": " + e.Msg
}

// Errors is every problem found by one validation, sorted by path. A
// non-empty Errors is returned as an error; errors.As finds both the
// Errors and each *Error in it.
type Errors []*Error

// Error joins the problems, one per line.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the problems as errors, so errors.As can reach each
// *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// problems collects validation problems.
type problems struct {
	list Errors
}

func (p *problems) add(path, code, msg string) {
	p.list = append(p.list, &Error{Path: path, Code: code, Msg: msg})
}

// err returns nil when there are no problems, else the problems sorted by
// path (paths compare index-aware, so [2] sorts before [10]).
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	sort.SliceStable(p.list, func(i, j int) bool { return pathLess(p.list[i].Path, p.list[j].Path) })
	return p.list
}

// pathLess orders paths such as "A[2].B" before "A[10].B": runs of digits
// compare by numeric value.
func pathLess(a, b string) bool {
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

// digits splits a leading run of digits (leading zeros dropped) from s.
func digits(s string) (num, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	num = strings.TrimLeft(s[:i], "0")
	return num, s[i:]
}
