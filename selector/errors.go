package selector

import (
	"fmt"
	"slices"
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

// Has reports whether some problem has the code, such as
// CodeInvalidInsightSelectors.
func (es Errors) Has(code string) bool {
	return slices.ContainsFunc(es, func(e *Error) bool { return e.Code == code })
}

// The codes of warnings: values AWS may accept although this package
// cannot tell, because they are missing from its dated tables.
const (
	// WarnUnknownResourceType: a resources.type value is not in the table
	// of data resource types of TablesDate. It is new, or a typo.
	WarnUnknownResourceType = "UnknownResourceType"
	// WarnUnknownNetworkEventSource: a network activity eventSource is not
	// among the documented ones of TablesDate. It is new, or a typo.
	WarnUnknownNetworkEventSource = "UnknownNetworkEventSource"
)

// Warning is a value validation cannot judge: missing from a documented
// table that AWS extends often. AWS either accepts it (the value is newer
// than the table) or rejects it with InvalidEventSelectorsException (a
// typo). Options.Strict turns warnings into errors.
type Warning struct {
	// Path locates the value, as Error.Path does.
	Path string
	// Code is one of the Warn constants.
	Code string
	// Msg names the value, the table's date and the nearest documented
	// value.
	Msg string
}

// String returns "<path>: <msg>".
func (w Warning) String() string {
	if w.Path == "" {
		return w.Msg
	}
	return w.Path + ": " + w.Msg
}

// problems collects validation problems.
type problems struct {
	list   Errors
	warns  []Warning
	strict bool // unknown table values are errors, not warnings
}

// unknown reports value v of field, missing from the table named what:
// a warning, or in strict mode the error AWS returns for an invalid value
// (the "Value <v> for <field> is invalid." form of its known messages,
// e.g. for DataResources.Values).
func (p *problems) unknown(path, code, v, field, what, nearest string) {
	if p.strict {
		p.add(path, CodeInvalidEventSelectors, fmt.Sprintf("Value %s for %s is invalid. (Not among %s documented on %s; the nearest is %s.)", v, field, what, TablesDate, nearest))
		return
	}
	p.warns = append(p.warns, Warning{Path: path, Code: code,
		Msg: fmt.Sprintf("%s %s is not among %s documented on %s; the nearest is %s. AWS adds new ones often: if it is newer than the table AWS accepts it, if it is a typo AWS rejects it (InvalidEventSelectorsException).", field, v, what, TablesDate, nearest)})
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
