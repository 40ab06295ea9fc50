package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// LogFile is a CloudTrail log file: the object {"Records":[...]} that
// CloudTrail delivers, gzip-compressed, to a trail's S3 bucket (CloudTrail
// User Guide, "CloudTrail record contents"; records are not ordered).
//
// Members of the file other than Records are kept in Extra, so MarshalJSON
// writes back the same JSON value that was read.
type LogFile struct {
	// Records are the file's event records, in file order (CloudTrail
	// does not order them by time).
	Records []Record
	// Extra holds the file's members other than Records, in input order,
	// with their raw values.
	Extra []Member

	// recordsAt is how many members of Extra come before Records.
	recordsAt int
}

// ReadLogFile reads a whole log file from r, plain or gzip-compressed.
// As it keeps every record, their strings and raw payloads share one copy
// of each stretch of input it buffered rather than a copy each: a typical
// record costs one allocation (its nested values).
// Several log files back to back (for example a concatenation of .json.gz
// objects) are merged into one: their records and extra members in order.
//
// Input that is JSON but not a log file (JSON Lines, a single record, an
// array, another envelope, or a record after the log file) yields an
// error wrapping ErrNotLogFile; empty input one wrapping ErrNotLogFile and
// ErrEmptyInput. A record that cannot be read, including an element of
// Records that is not an object ({"Records":[1]}), yields its
// *RecordError, with its index and position, which does not match
// ErrNotLogFile; use Records with ContinueOnError to read past bad records.
func ReadLogFile(r io.Reader, opts ...ReadOption) (*LogFile, error) {
	rd := NewReader(r, opts...)
	rd.share = true // every record is kept
	lf := new(LogFile)
	seenRecords := false
	for {
		// Decode in place, into the next element of Records.
		lf.Records = append(lf.Records, Record{})
		err := rd.ReadRecord(&lf.Records[len(lf.Records)-1])
		lf.Records = lf.Records[:len(lf.Records)-1]
		if !seenRecords && rd.Format() == FormatLogFile {
			seenRecords = true
			lf.recordsAt = len(rd.Extra())
		}
		if f := rd.Format(); f != FormatLogFile && f != FormatUnknown {
			if errors.Is(err, ErrNotRecords) {
				// {"Records":{}}, {"foo":1}: the error says what
				// was found.
				return nil, fmt.Errorf("%w: %w", ErrNotLogFile, err)
			}
			return nil, fmt.Errorf("%w: input is %s, not {\"Records\":[...]}", ErrNotLogFile, f)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *SyntaxError
			if rd.Format() == FormatUnknown && (errors.As(err, &se) || errors.Is(err, ErrEmptyInput)) ||
				errors.Is(err, ErrNotRecords) {
				return nil, fmt.Errorf("%w: %w", ErrNotLogFile, err)
			}
			return nil, err
		}
		if rd.arr != arrRecords || rd.st != stElemSep {
			return nil, fmt.Errorf("%w: record %d (offset %d) is outside {\"Records\":[...]}", ErrNotLogFile, rd.last, rd.Offset())
		}
		lf.Records = lf.Records[:len(lf.Records)+1]
	}
	if rd.Format() == FormatUnknown {
		return nil, fmt.Errorf("%w: empty input", ErrNotLogFile)
	}
	if len(lf.Records) == 0 {
		lf.Records = nil // no records, no slice
	}
	lf.Extra = rd.Extra()
	return lf, nil
}

// MarshalJSON writes the log file as {"Records":[...]}, with the extra
// members in their places.
func (lf LogFile) MarshalJSON() ([]byte, error) {
	return lf.AppendJSON(nil)
}

// AppendJSON appends the log file's JSON encoding to dst.
func (lf *LogFile) AppendJSON(dst []byte) ([]byte, error) {
	at := min(max(lf.recordsAt, 0), len(lf.Extra))
	dst = append(dst, '{')
	n := 0
	member := func(name string) {
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		b, _ := json.Marshal(name) // a string always encodes
		dst = append(dst, b...)
		dst = append(dst, ':')
	}
	for _, m := range lf.Extra[:at] {
		member(m.Name)
		v, err := rawValue(m)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v...)
	}
	member("Records")
	dst = append(dst, '[')
	for i := range lf.Records {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = lf.Records[i].AppendJSON(dst)
	}
	dst = append(dst, ']')
	for _, m := range lf.Extra[at:] {
		member(m.Name)
		v, err := rawValue(m)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v...)
	}
	return append(dst, '}'), nil
}

func rawValue(m Member) ([]byte, error) {
	if len(m.Value) == 0 {
		return []byte("null"), nil
	}
	if se := checkJSON(m.Value); se != nil {
		return nil, fmt.Errorf("event: log file member %q: invalid JSON at offset %d: %s", m.Name, se.off, se.message())
	}
	return m.Value, nil
}

// UnmarshalJSON decodes a log file as ReadLogFile does. It implements
// json.Unmarshaler.
func (lf *LogFile) UnmarshalJSON(b []byte) error {
	p, err := ReadLogFile(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*lf = *p
	return nil
}
