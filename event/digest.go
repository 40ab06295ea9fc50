package event

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/trailmap/trailmap/internal/inflate"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// Digest is a CloudTrail digest file: the hourly file that log file
// integrity validation delivers under CloudTrail-Digest/, listing the log
// files delivered during [DigestStartTime, DigestEndTime] with their
// hashes, and chaining to the previous digest file (CloudTrail User Guide,
// "CloudTrail digest file structure"). The digest's own signature is not in
// the file: it is the x-amz-meta-signature metadata of the S3 object.
//
// Decoding is lossless and lenient: members this package does not model,
// nulls, and members of an unexpected JSON type are kept and written back
// by MarshalJSON; a time is written back in the text it was read from
// unless the field was changed.
type Digest struct {
	// AWSAccountID is the account the digest file was delivered for.
	AWSAccountID string
	// DigestStartTime and DigestEndTime bound the hour of deliveries the
	// digest covers: it lists the log files delivered in between.
	DigestStartTime time.Time
	// DigestEndTime is the end of that hour; see DigestStartTime.
	DigestEndTime time.Time
	// DigestS3Bucket is the bucket this digest file was delivered to.
	DigestS3Bucket string
	// DigestS3Object is the key of this digest file; its first Region is
	// the delivering Region, its last the trail's home Region.
	DigestS3Object string
	// DigestPublicKeyFingerprint is the hex fingerprint of the public key
	// whose private key signed this digest file (the key is per Region).
	DigestPublicKeyFingerprint string
	// DigestSignatureAlgorithm is the signing algorithm, "SHA256withRSA".
	DigestSignatureAlgorithm string
	// NewestEventTime is the time of the newest event in the listed log
	// files; zero (null in the file) when it lists none.
	NewestEventTime time.Time
	// OldestEventTime is the time of the oldest event in the listed log
	// files; zero when it lists none. It can precede DigestStartTime when
	// delivery was late.
	OldestEventTime time.Time
	// PreviousDigestS3Bucket is the bucket of the previous digest file.
	// It and the other four Previous fields are empty (null in the file)
	// in a starting digest file, the first after validation or logging
	// started.
	PreviousDigestS3Bucket string
	// PreviousDigestS3Object is the key of the previous digest file.
	PreviousDigestS3Object string
	// PreviousDigestHashValue is the hex-encoded hash of the previous
	// digest file's uncompressed content.
	PreviousDigestHashValue string
	// PreviousDigestHashAlgorithm is the algorithm of that hash, "SHA-256".
	PreviousDigestHashAlgorithm string
	// PreviousDigestSignature is the hex-encoded signature of the
	// previous digest file.
	PreviousDigestSignature string
	// LogFiles lists the log files delivered in the digest's hour; it is
	// empty for an hour without activity.
	LogFiles []DigestLogFile

	members []Member // as read, in order
}

// DigestLogFile is one entry of a digest file's logFiles list.
type DigestLogFile struct {
	// S3Bucket is the bucket the log file was delivered to.
	S3Bucket string
	// S3Object is the log file's key.
	S3Object string
	// HashValue is the hex-encoded hash of the uncompressed log file.
	HashValue string
	// HashAlgorithm is the algorithm of that hash, "SHA-256".
	HashAlgorithm string
	// NewestEventTime is the time of the newest event in the log file.
	NewestEventTime time.Time
	// OldestEventTime is the time of the oldest event in the log file.
	OldestEventTime time.Time

	members []Member
	// notObject holds an entry that is not a JSON object, written back
	// as read.
	notObject []byte
}

// Starting reports whether d is a starting digest file: one whose
// previous-digest members are absent or null.
func (d *Digest) Starting() bool {
	return d.PreviousDigestS3Object == "" && d.PreviousDigestSignature == ""
}

// fieldRef points at one modelled member of a digest or log file entry.
type fieldRef struct {
	name  string
	s     *string
	t     *time.Time
	files *[]DigestLogFile
}

func (d *Digest) fields() []fieldRef {
	return []fieldRef{
		{name: "awsAccountId", s: &d.AWSAccountID},
		{name: "digestStartTime", t: &d.DigestStartTime},
		{name: "digestEndTime", t: &d.DigestEndTime},
		{name: "digestS3Bucket", s: &d.DigestS3Bucket},
		{name: "digestS3Object", s: &d.DigestS3Object},
		{name: "digestPublicKeyFingerprint", s: &d.DigestPublicKeyFingerprint},
		{name: "digestSignatureAlgorithm", s: &d.DigestSignatureAlgorithm},
		{name: "newestEventTime", t: &d.NewestEventTime},
		{name: "oldestEventTime", t: &d.OldestEventTime},
		{name: "previousDigestS3Bucket", s: &d.PreviousDigestS3Bucket},
		{name: "previousDigestS3Object", s: &d.PreviousDigestS3Object},
		{name: "previousDigestHashValue", s: &d.PreviousDigestHashValue},
		{name: "previousDigestHashAlgorithm", s: &d.PreviousDigestHashAlgorithm},
		{name: "previousDigestSignature", s: &d.PreviousDigestSignature},
		{name: "logFiles", files: &d.LogFiles},
	}
}

func (f *DigestLogFile) fields() []fieldRef {
	return []fieldRef{
		{name: "s3Bucket", s: &f.S3Bucket},
		{name: "s3Object", s: &f.S3Object},
		{name: "hashValue", s: &f.HashValue},
		{name: "hashAlgorithm", s: &f.HashAlgorithm},
		{name: "newestEventTime", t: &f.NewestEventTime},
		{name: "oldestEventTime", t: &f.OldestEventTime},
	}
}

// ParseDigest decodes a digest file (uncompressed JSON). Malformed JSON
// yields a *SyntaxError locating the problem in b.
func ParseDigest(b []byte) (*Digest, error) {
	b = bytes.Clone(b) // the digest keeps raw values
	text := string(b)  // for the scanner; offsets are the same in b
	sc := jsonwire.New(text)
	members, err := objectMembers(&sc, b)
	if err == nil {
		err = sc.End()
	}
	if err != nil {
		return nil, digestError(text, err)
	}
	d := &Digest{members: members}
	for _, m := range members {
		if m.Name == "Records" {
			return nil, fmt.Errorf("event: not a digest file: input is a log file ({\"Records\":[...]})")
		}
	}
	if err := decodeFields(&sc, b, d.fields(), members); err != nil {
		return nil, digestError(text, err)
	}
	return d, nil
}

// digestError turns a scanner error into a *SyntaxError with the line and
// column in text.
func digestError(text string, err error) error {
	if se, ok := err.(*jsonwire.SyntaxError); ok {
		return newSyntaxError(text, se.Offset, se.Msg)
	}
	return err
}

// MaxDigestSize is the most ReadDigest reads of a digest file,
// decompressed: 16 MiB. A digest lists the log files of one hour, a few
// hundred bytes each; a digest near the limit would list some 40,000.
const MaxDigestSize = 16 << 20

// ErrDigestTooLarge is wrapped by the error ReadDigest returns for a
// digest file longer than MaxDigestSize, which it does not read whole.
var ErrDigestTooLarge = errors.New("event: digest file too large")

// ReadDigest reads a digest file from r, plain or gzip-compressed (as
// CloudTrail delivers it), of at most MaxDigestSize bytes decompressed.
func ReadDigest(r io.Reader) (*Digest, error) {
	br := bufio.NewReader(r)
	var in io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		// internal/inflate reads the members as compress/gzip's Reader
		// does, with its errors, and reads br's buffer in place.
		zr := new(inflate.Reader)
		if err := zr.Reset(br); err != nil {
			return nil, fmt.Errorf("event: reading gzip digest file: %w", err)
		}
		in = zr
	}
	b, err := inflate.ReadAll(in, MaxDigestSize+1)
	if err != nil {
		return nil, fmt.Errorf("event: reading digest file: %w", err)
	}
	if len(b) > MaxDigestSize {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrDigestTooLarge, MaxDigestSize)
	}
	return ParseDigest(b)
}

// decodeFields sets the modelled fields from the members read; sc scans
// src (as a string), of which the members' values are subslices.
func decodeFields(sc *jsonwire.Scanner, src []byte, refs []fieldRef, members []Member) error {
	for _, m := range members {
		for _, f := range refs {
			if f.name != m.Name {
				continue
			}
			if f.files != nil {
				files, err := decodeLogFiles(sc, src, m.Value)
				if err != nil {
					return err
				}
				*f.files = files
				break
			}
			setField(f, m.Value)
			break
		}
	}
	return nil
}

// setField decodes a string or time member leniently: null and values of
// another JSON type leave the field zero (the raw value is kept anyway).
func setField(f fieldRef, raw []byte) {
	var s string
	if raw[0] == '"' {
		sc := jsonwire.New(string(raw))
		s, _ = sc.ReadString() // raw was checked when read
	}
	if f.s != nil {
		*f.s = s
		return
	}
	*f.t = parseDigestTime(s)
}

// parseDigestTime reads the UTC time stamps of digest files
// ("2015-08-17T14:01:31Z"); text in another layout gives the zero time.
func parseDigestTime(s string) time.Time {
	if t, _, ok := jsonwire.ParseUTC(s); ok {
		return t
	}
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// decodeLogFiles reads the logFiles array raw, a checked subslice of src.
func decodeLogFiles(sc *jsonwire.Scanner, src, raw []byte) ([]DigestLogFile, error) {
	if raw[0] != '[' {
		return nil, nil // null or another type: kept raw
	}
	sc.Reset(offsetIn(src, raw))
	if err := sc.BeginArray(); err != nil {
		return nil, err
	}
	files := []DigestLogFile{}
	for {
		more, err := sc.NextElem()
		if err != nil || !more {
			return files, err
		}
		var f DigestLogFile
		if sc.Peek() == jsonwire.Object {
			if f.members, err = objectMembers(sc, src); err != nil {
				return nil, err
			}
			if err := decodeFields(sc, src, f.fields(), f.members); err != nil {
				return nil, err
			}
		} else {
			v, err := sc.SkipValue()
			if err != nil {
				return nil, err
			}
			end := sc.Pos()
			f.notObject = src[end-len(v) : end]
		}
		files = append(files, f)
	}
}

// offsetIn returns the offset of sub, a subslice of src, within src.
func offsetIn(src, sub []byte) int {
	if len(sub) == 0 || len(src) == 0 {
		return 0
	}
	return int(cap(src) - cap(sub))
}

// objectMembers reads the object at sc's position and returns its members
// in order, values as subslices of src, the text sc scans. It leaves sc
// after the object.
func objectMembers(sc *jsonwire.Scanner, src []byte) ([]Member, error) {
	if err := sc.BeginObject(); err != nil {
		return nil, err
	}
	var members []Member
	for {
		name, ok, err := sc.NextKey()
		if err != nil || !ok {
			return members, err
		}
		v, err := sc.SkipValue()
		if err != nil {
			return nil, err
		}
		end := sc.Pos()
		members = append(members, Member{Name: name, Value: src[end-len(v) : end]})
	}
}

// MarshalJSON writes the digest file back: the members as read, in their
// order, with the modelled fields' current values.
func (d Digest) MarshalJSON() ([]byte, error) {
	return appendObject(nil, d.fields(), d.members), nil
}

// MarshalJSON writes the entry back as MarshalJSON of Digest does.
func (f DigestLogFile) MarshalJSON() ([]byte, error) {
	if f.notObject != nil {
		return append([]byte(nil), f.notObject...), nil
	}
	return appendObject(nil, f.fields(), f.members), nil
}

func appendObject(dst []byte, refs []fieldRef, members []Member) []byte {
	dst = append(dst, '{')
	n := 0
	written := make([]bool, len(refs))
	put := func(name string, v []byte) {
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = jsonwire.AppendString(dst, name)
		dst = append(dst, ':')
		dst = append(dst, v...)
	}
	for _, m := range members {
		k := -1
		for i := range refs {
			if refs[i].name == m.Name {
				k = i
				break
			}
		}
		if k < 0 {
			put(m.Name, m.Value)
			continue
		}
		written[k] = true
		if unchanged(refs[k], m.Value) {
			put(m.Name, m.Value)
		} else {
			put(m.Name, encodeField(refs[k]))
		}
	}
	for i, f := range refs {
		if !written[i] && !isZeroField(f) {
			put(f.name, encodeField(f))
		}
	}
	return append(dst, '}')
}

// unchanged reports whether the field still holds what raw decodes to.
func unchanged(f fieldRef, raw []byte) bool {
	switch {
	case f.files != nil:
		return raw[0] != '[' && len(*f.files) == 0
	case f.s != nil:
		var s string
		fr := fieldRef{s: &s}
		setField(fr, raw)
		return s == *f.s
	default:
		var t time.Time
		fr := fieldRef{t: &t}
		setField(fr, raw)
		return t.Equal(*f.t) && t.IsZero() == f.t.IsZero()
	}
}

func isZeroField(f fieldRef) bool {
	switch {
	case f.files != nil:
		return *f.files == nil
	case f.s != nil:
		return *f.s == ""
	}
	return f.t.IsZero()
}

func encodeField(f fieldRef) []byte {
	switch {
	case f.files != nil:
		b := []byte{'['}
		for i := range *f.files {
			if i > 0 {
				b = append(b, ',')
			}
			v, _ := (*f.files)[i].MarshalJSON()
			b = append(b, v...)
		}
		return append(b, ']')
	case f.s != nil:
		return jsonwire.AppendString(nil, *f.s)
	}
	if f.t.IsZero() {
		return []byte("null")
	}
	return jsonwire.AppendString(nil, f.t.UTC().Format(time.RFC3339Nano))
}

// UnmarshalJSON decodes a digest file as ParseDigest does. It implements
// json.Unmarshaler.
func (d *Digest) UnmarshalJSON(b []byte) error {
	p, err := ParseDigest(b)
	if err != nil {
		return err
	}
	*d = *p
	return nil
}

func syntaxErrorAt(src []byte, off int, msg string) *SyntaxError {
	line, col := lineCol(src, off)
	return &SyntaxError{Offset: int64(off), Line: line, Column: col, Msg: msg}
}

// lineCol returns the 1-based line and byte column of offset off in b.
func lineCol(b []byte, off int) (line, col int) {
	off = min(max(off, 0), len(b))
	line = 1 + bytes.Count(b[:off], []byte{'\n'})
	return line, off - (bytes.LastIndexByte(b[:off], '\n') + 1) + 1
}
