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
	Err    error // the cause
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
