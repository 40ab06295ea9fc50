package selector

import (
	"sort"

	"github.com/trailmap/trailmap/internal/errlist"
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
func (es Errors) Error() string { return errlist.Join(es) }

// Unwrap returns the problems as errors, so errors.As can reach each
// *Error.
func (es Errors) Unwrap() []error { return errlist.Unwrap(es) }

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
// compare by numeric value ([errlist.PathLess]).
func pathLess(a, b string) bool { return errlist.PathLess(a, b) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
