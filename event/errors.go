package event

import (
	"errors"
	"strconv"
	"strings"
)

// ErrNotLogFile is wrapped by the error ReadLogFile returns when its input is
// JSON but not a CloudTrail log file ({"Records":[...]}), for example JSON
// Lines or a single record. Match it with errors.Is.
var ErrNotLogFile = errors.New("event: not a CloudTrail log file")

// ErrEmptyInput is wrapped by the error a Reader, Records and ReadLogFile
// return for input that holds no JSON value at all: empty, or only white
// space (after gzip decompression, for compressed input). A log file
// object truncated to nothing does not pass for one without records. Match
// it with errors.Is.
var ErrEmptyInput = errors.New("event: no records: empty input")

// ErrNotRecords is wrapped by the errors for JSON that holds no CloudTrail
// records in any form a Reader knows: an object that is neither a record
// nor an envelope ({"foo":1}, {}, {"Records":null}), an element of a
// top-level array that is not an object ([1,2]; in an envelope's array,
// {"Records":[1]}, such an element is a bad record), an EventBridge event
// that CloudTrail did not send, or input that starts with neither '{' nor
// '['. The error names what was found and what was expected. Match it
// with errors.Is.
var ErrNotRecords = errors.New("event: not CloudTrail records")

// ErrTooManyErrors is wrapped by the *TooManyErrorsError a Reader returns
// at the end of an input that had more errors than it reports (see
// MaxErrors).
var ErrTooManyErrors = errors.New("event: too many errors")

// TooManyErrorsError sums up the errors a Reader counted but did not
// report, past MaxErrors. It comes last, before the end of the input.
type TooManyErrorsError struct {
	Reported int // errors reported one by one
	More     int // errors counted after those
}

// Error returns "event: N more errors (only the first M were reported)".
func (e *TooManyErrorsError) Error() string {
	return "event: " + strconv.Itoa(e.More) + " more errors (only the first " + strconv.Itoa(e.Reported) + " were reported)"
}

// Unwrap returns ErrTooManyErrors.
func (e *TooManyErrorsError) Unwrap() error { return ErrTooManyErrors }

// ErrDuplicateMember is wrapped by the *DuplicateMemberError for a record
// that has a member twice with two different values.
var ErrDuplicateMember = errors.New("event: duplicate member")

// DuplicateMemberError reports a record that has a member name twice with
// two different values. It is how a crafted record would show one action
// to one reader (the first value) and another to the next (the last
// value), so the record is refused rather than read either way. Offsets
// count bytes from the start of the record given to ParseRecord or
// Decode, or from the start of the input for a Reader.
//
// A member repeated with the same value, its JSON text byte for byte
// (white space around it aside), shows every reader the same thing, and
// documentation examples have some: the record is read as if the repeat
// were not there, and is written with the member once. The same value
// written otherwise inside its text (other white space, an escape, a
// number form) counts as another value, and is refused.
//
// A member twice inside a nested object the record's types model
// (userIdentity and its sessionContext, sessionIssuer, attributes,
// webIdFederationData, onBehalfOf, inScopeOf and invokedByDelegate;
// tlsDetails, addendum, insightDetails, a resources entry) is read or
// refused the same way, with Path naming the object. First is the first
// member of the name, Second the first one whose value differs from it.
type DuplicateMemberError struct {
	// Path is the object that has the member twice, such as
	// "userIdentity.sessionContext.attributes", "tlsDetails" or
	// "resources"; empty for the record itself.
	Path          string
	Name          string // the member name, unescaped
	First, Second int64  // offsets of the two member names
	FirstLine     int    // position of First, 1-based
	FirstColumn   int
	Line, Column  int // position of Second, 1-based
}

// Error returns "event: duplicate member "name" [in path] at line L,
// column C (offset O); first at line L, column C (offset O)".
func (e *DuplicateMemberError) Error() string {
	in := ""
	if e.Path != "" {
		in = " in " + e.Path
	}
	return "event: duplicate member " + strconv.Quote(e.Name) + in + " at line " + strconv.Itoa(e.Line) +
		", column " + strconv.Itoa(e.Column) + " (offset " + strconv.FormatInt(e.Second, 10) +
		"); first at line " + strconv.Itoa(e.FirstLine) + ", column " + strconv.Itoa(e.FirstColumn) +
		" (offset " + strconv.FormatInt(e.First, 10) + ")"
}

// Unwrap returns ErrDuplicateMember.
func (e *DuplicateMemberError) Unwrap() error { return ErrDuplicateMember }

// ErrRecordTooLarge is wrapped by the *RecordError reported for a record
// longer than the reader's maximum record size (see MaxRecordSize). The
// record is skipped without being held in memory, so a stream can go on
// past it.
var ErrRecordTooLarge = errors.New("event: record too large")

// SyntaxError reports malformed JSON in a stream of records or in a digest
// file: where, and what was expected there.
//
// Offset counts bytes from the start of the (decompressed) input. Line and
// Column are 1-based; Column counts bytes from the start of the line, as Go
// tools do, so a line holding non-ASCII text has columns wider than its
// characters.
type SyntaxError struct {
	Offset int64 // bytes from the start of the input
	Line   int   // 1-based line of Offset
	Column int   // 1-based byte column of Offset in its line
	// Msg says what was expected and what was found, for example
	// "expected ',' or '}' after object member, found ']'".
	Msg string
}

// Error returns "event: syntax error at line L, column C (offset O): msg".
func (e *SyntaxError) Error() string {
	return "event: syntax error at " + e.where() + ": " + e.Msg
}

func (e *SyntaxError) where() string {
	return "line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) +
		" (offset " + strconv.FormatInt(e.Offset, 10) + ")"
}

// RecordError reports a record that could not be read. A stream can go on
// past it (see ContinueOnError and Reader.Next).
//
// Index is the position of the record in the input, 0 for the first one;
// records that failed count too. Line, Column and Offset locate the problem
// in the whole input when it is known (a syntax error), otherwise the start
// of the record. Err is the cause: a *SyntaxError, an error wrapping
// ErrRecordTooLarge, or an error from the record decoder.
type RecordError struct {
	Index  int   // position of the record in the input, from 0
	Line   int   // 1-based line of Offset
	Column int   // 1-based byte column of Offset in its line
	Offset int64 // bytes from the start of the input to the problem
	// End is the offset at which reading went on after the problem
	// (what was skipped is the input before it), when the reader had to
	// look for the next record; 0 otherwise.
	End int64
	Err error // the cause
}

// Error returns "event: record N (line L, column C): cause".
func (e *RecordError) Error() string {
	var msg string
	var se *SyntaxError
	switch {
	case errors.As(e.Err, &se):
		msg = se.Msg
	case e.Err != nil:
		msg = strings.TrimPrefix(e.Err.Error(), "event: ")
	default:
		msg = "unknown error"
	}
	return "event: record " + strconv.Itoa(e.Index) + " (line " + strconv.Itoa(e.Line) +
		", column " + strconv.Itoa(e.Column) + "): " + msg
}

// Unwrap returns e.Err.
func (e *RecordError) Unwrap() error { return e.Err }
