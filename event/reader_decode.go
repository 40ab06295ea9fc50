package event

import (
	"errors"
	"fmt"
)

// This file holds record decoding for a Reader.

// decode decodes b, the record NextRaw returned last, into rec, which it
// resets first; blk, when not nil, is where the nested values go.
func (r *Reader) decode(b []byte, rec *Record, blk *block) error {
	muted := r.muted()
	if err := rec.decodeQuiet(r.text(b), blk, muted); err != nil {
		if muted {
			return &r.mutedErr
		}
		return r.decodeError(b, err)
	}
	return nil
}

// text returns b, the record NextRaw returned last, as a string: a copy
// of its own, or with share set a substring of chunk, which is renewed
// from the buffered input when the record is not within it. Sharing
// makes one copy per buffer's worth of records instead of one per record;
// every record keeps its whole chunk alive, which costs nothing when all
// of them are kept.
func (r *Reader) text(b []byte) string {
	if !r.share || r.origin != "" {
		return string(b)
	}
	start, end := r.rawStart, r.rawStart+int64(len(b))
	if start < r.chunkAt || end > r.chunkAt+int64(len(r.chunk)) {
		r.chunk = string(r.buf[start-r.base : r.w])
		r.chunkAt = start
	}
	return r.chunk[start-r.chunkAt : end-r.chunkAt]
}

// decodeError explains why b, the record last read, did not decode.
func (r *Reader) decodeError(b []byte, derr error) error {
	switch r.origin {
	case "":
	case "awslogs.data":
		err := r.sub.decodeError(b, derr)
		line, col := r.position(r.rawStart)
		return &RecordError{Index: r.last, Line: line, Column: col, Offset: r.rawStart, Err: fmt.Errorf("in awslogs.data: %w", err)}
	default:
		// A record unwrapped from a string: say where in the string.
		line, col := r.position(r.rawStart)
		var se *SyntaxError
		if errors.As(derr, &se) {
			derr = &SyntaxError{Offset: r.rawStart, Line: line, Column: col,
				Msg: fmt.Sprintf("in the record in %s (byte %d of it, line %d, column %d): %s", r.origin, se.Offset, se.Line, se.Column, se.Msg)}
		}
		return &RecordError{Index: r.last, Line: line, Column: col, Offset: r.rawStart, Err: derr}
	}
	var de *DuplicateMemberError
	if errors.As(derr, &de) {
		line, col := r.position(r.rawStart + de.Second)
		de.First += r.rawStart
		de.Second += r.rawStart
		de.FirstLine, de.FirstColumn = r.position(de.First)
		de.Line, de.Column = line, col
		return &RecordError{Index: r.last, Line: line, Column: col, Offset: de.Second, Err: de}
	}
	if se := checkJSON(b); se != nil {
		return r.syntaxRecordError(r.last, r.rawStart+int64(se.off), se.message())
	}
	var se *SyntaxError
	if errors.As(derr, &se) && se.Offset >= 0 && se.Offset <= int64(len(b)) {
		return r.syntaxRecordError(r.last, r.rawStart+se.Offset, se.Msg)
	}
	line, col := r.position(r.rawStart)
	return &RecordError{Index: r.last, Line: line, Column: col, Offset: r.rawStart, Err: derr}
}
