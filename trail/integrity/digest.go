package integrity

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/inflate"
)

// MaxDigestSize bounds a digest file's uncompressed size; a larger one is
// reported as "invalid format" rather than read into memory. CloudTrail's
// hourly digests are a few kilobytes to a few megabytes.
const MaxDigestSize = 256 << 20

// digestFile is a digest file that passed every check.
type digestFile struct {
	inflated    []byte
	signature   string // hex, as used to verify
	typed       *event.Digest
	start, end  time.Time
	prevBucket  *string // nil when null or absent
	prevKey     *string
	prevSig     *string
	prevHash    *string
	logs        []json.RawMessage
	hasLogFiles bool
}

// link is what the newer digest file said about the one it links to.
type link struct {
	sig        *string // previousDigestSignature
	hash       *string // previousDigestHashValue
	newerKey   string
	newerStart time.Time
}

// failure is a digest file check that failed.
type failure struct {
	reason Reason
	msg    string
}

// loadDigest fetches the digest file at bucket/key and makes the AWS
// CLI's checks in its order (fetch_digest, _load_and_validate_digest,
// Sha256RSADigestValidator). keys is the chain's map of loaded public
// keys, which backfill digests extend. A nil *failure and nil error
// mean valid; errors other than a missing key stop validation.
func (v *validator) loadDigest(ctx context.Context, bucket, key string, backfill bool, keys map[string]*PublicKey, l *link) (*digestFile, *failure, error) {
	b, err := v.cfg.Store.bucket(bucket)
	if err != nil {
		return nil, nil, err
	}
	obj, err := b.Get(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return nil, &failure{ReasonNotFound, "not found"}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	inflated, ierr := inflateDigest(obj.Body)
	obj.Body.Close()
	formatErr := &failure{ReasonFormat, "invalid format"}
	if ierr != nil {
		if errors.Is(ierr, errRead) {
			return nil, nil, fmt.Errorf("integrity: read s3://%s/%s: %w", bucket, key, ierr)
		}
		return nil, formatErr, nil
	}
	if !utf8.Valid(inflated) || !json.Valid(inflated) {
		return nil, formatErr, nil
	}

	d := &digestFile{inflated: inflated}
	var meta map[string]string
	if obj.Metadata != nil {
		meta = make(map[string]string, len(obj.Metadata))
		for k, val := range obj.Metadata {
			meta[strings.ToLower(k)] = val
		}
		sig, ok1 := meta["signature"]
		_, ok2 := meta["signature-algorithm"]
		if !ok1 || !ok2 {
			return nil, &failure{ReasonSignature, "signature verification failed"}, nil
		}
		d.signature = sig
	} else if l != nil && l.sig != nil {
		d.signature = *l.sig
	} else {
		return nil, &failure{ReasonNoSignature, "signature verification failed"}, nil
	}

	// Python assigns into the decoded value next: anything but an object
	// fails with its TypeError.
	top := bytes.TrimLeft(inflated, " \t\r\n")
	if top[0] != '{' {
		return nil, &failure{ReasonOther, pyAssignError(top)}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(inflated, &m); err != nil {
		return nil, formatErr, nil
	}
	var bfStamp string
	if backfill && meta != nil {
		ts, ok := meta["backfill-generation-timestamp"]
		if !ok {
			return nil, formatErr, nil
		}
		bfStamp = ts
	}
	for _, req := range [...]string{"digestPublicKeyFingerprint", "digestS3Bucket", "digestS3Object",
		"previousDigestSignature", "digestEndTime", "digestStartTime"} {
		if _, ok := m[req]; !ok {
			return nil, formatErr, nil
		}
	}
	if s, ok := jsonString(m["digestS3Bucket"]); !ok || s != bucket {
		return nil, &failure{ReasonMoved, "has been moved from its original location"}, nil
	}
	if s, ok := jsonString(m["digestS3Object"]); !ok || s != key {
		return nil, &failure{ReasonMoved, "has been moved from its original location"}, nil
	}

	// Python looks the fingerprint up in a dict keyed by strings: a list or
	// an object cannot be looked up at all (TypeError), any other value
	// that is not a string is not found.
	fpRaw := bytes.TrimLeft(m["digestPublicKeyFingerprint"], " \t\r\n")
	switch fpRaw[0] {
	case '[':
		return nil, &failure{ReasonOther, "unhashable type: 'list'"}, nil
	case '{':
		return nil, &failure{ReasonOther, "unhashable type: 'dict'"}, nil
	}
	fp := pyStr(fpRaw)
	_, fpIsString := jsonString(fpRaw)
	if _, ok := keys[fp]; (!ok || !fpIsString) && backfill {
		if meta == nil {
			// A local copy has no generation time stamp: every key given
			// may have signed it.
			for i := range v.cfg.Keys {
				keys[v.cfg.Keys[i].Fingerprint] = &v.cfg.Keys[i]
			}
		} else {
			ts, err := ParseTime(bfStamp)
			if err != nil {
				return nil, &failure{ReasonOther, err.Error()}, nil
			}
			from, to := ts.Add(-time.Hour), ts.Add(time.Hour)
			found := v.cfg.Keys.Between(from, to)
			if len(found) == 0 {
				return nil, &failure{ReasonUnknownKey, noKeysMessage(from, to)}, nil
			}
			for k, pk := range found {
				keys[k] = pk
			}
		}
	}
	pk, ok := keys[fp]
	if !ok || !fpIsString {
		return nil, &failure{ReasonUnknownKey, "public key not found in region " + v.chain.HomeRegion + " for fingerprint " + fp}, nil
	}
	pub, err := pk.RSA()
	if err != nil {
		return nil, &failure{ReasonBadKey, "Unable to load PKCS #1 key with fingerprint " + fp}, nil
	}
	prev, hasPrev := m["previousDigestSignature"], !isNull(m["previousDigestSignature"])
	s := SigningString(pyStr(m["digestEndTime"]), bucket, key, inflated, pyStr(prev), hasPrev)
	sig, err := decodeHexPy(d.signature)
	if err != nil {
		return nil, &failure{ReasonOther, err.Error()}, nil
	}
	if err := VerifySignature(pub, s, sig); err != nil {
		return nil, &failure{ReasonSignature, "signature verification failed"}, nil
	}

	// Valid. The CLI parses the times after the signature check.
	if d.end, err = parseDigestTime(m["digestEndTime"]); err != nil {
		return nil, &failure{ReasonOther, err.Error()}, nil
	}
	if d.start, err = parseDigestTime(m["digestStartTime"]); err != nil {
		return nil, &failure{ReasonOther, err.Error()}, nil
	}
	d.prevBucket = nullableString(m["previousDigestS3Bucket"])
	d.prevKey = nullableString(m["previousDigestS3Object"])
	d.prevSig = nullableString(m["previousDigestSignature"])
	d.prevHash = nullableString(m["previousDigestHashValue"])
	if raw, ok := m["logFiles"]; ok {
		d.hasLogFiles = true
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			d.logs = list
		}
	}
	d.typed, _ = event.ParseDigest(inflated)
	return d, nil, nil
}

// noKeysMessage is the AWS CLI's message when ListPublicKeys returns
// nothing for a range.
func noKeysMessage(from, to time.Time) string {
	return "No public keys found between " + from.UTC().Format(DisplayTime) + " and " + to.UTC().Format(DisplayTime)
}

// errRead marks an error reading the object (not its content).
var errRead = errors.New("reading object")

// readErrorReader tags the body's errors so that they are not taken
// for corrupt gzip data.
type readErrorReader struct{ r io.Reader }

func (r readErrorReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %w", errRead, err)
	}
	return n, err
}

// inflateDigest decompresses the first gzip member, as Python's
// zlib.decompress does: a stream cut short or corrupt is an error, bytes
// after the member are ignored. internal/inflate gives compress/gzip's
// errors (with Multistream off), faster.
func inflateDigest(body io.Reader) ([]byte, error) {
	br := bufio.NewReader(readErrorReader{body})
	var zr inflate.Gzip
	if err := zr.Reset(inflate.BufioInput{R: br}); err != nil {
		return nil, err
	}
	b, err := inflate.ReadAll(&zr, MaxDigestSize+1)
	if err != nil {
		return nil, err
	}
	if len(b) > MaxDigestSize {
		return nil, fmt.Errorf("digest file larger than %d bytes", MaxDigestSize)
	}
	return b, nil
}

// jsonString decodes a JSON string value.
func jsonString(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

// nullableString returns nil for an absent or null member, else the
// member as Python's str() shows it.
func nullableString(raw json.RawMessage) *string {
	if raw == nil || isNull(raw) {
		return nil
	}
	s := pyStr(raw)
	return &s
}

// pyStr renders a JSON value as Python's str() renders what json.loads
// made of it, for the values that occur: strings, null, booleans and
// integers (other values keep their JSON text).
func pyStr(raw json.RawMessage) string {
	if s, ok := jsonString(raw); ok {
		return s
	}
	switch string(raw) {
	case "null":
		return "None"
	case "true":
		return "True"
	case "false":
		return "False"
	case "-0":
		return "0" // an int: Python has no negative zero int
	}
	if len(raw) > 0 && (raw[0] == '-' || '0' <= raw[0] && raw[0] <= '9') && bytes.ContainsAny(raw, ".eE") {
		return pyFloat(string(raw))
	}
	return string(raw)
}

// pyFloat renders a JSON number with a fraction or an exponent as
// Python's str(float) does: the shortest repr, fixed notation (with at
// least one decimal) for exponents from -4 to 15, else scientific with a
// signed exponent of at least two digits; a number beyond float64 is inf.
func pyFloat(num string) string {
	f, err := strconv.ParseFloat(num, 64)
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case err != nil:
		return num
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64) // "1.5e+300", "1e-05"
	exp, _ := strconv.Atoi(sci[strings.LastIndexByte(sci, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return sci
	}
	fixed := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsRune(fixed, '.') {
		fixed += ".0"
	}
	return fixed
}

// pyAssignError is the TypeError Python raises assigning a string key
// into a JSON value that is not an object.
func pyAssignError(top []byte) string {
	typ := "str"
	switch c := top[0]; {
	case c == '[':
		return "list indices must be integers or slices, not str"
	case c == 'n':
		typ = "NoneType"
	case c == 't' || c == 'f':
		typ = "bool"
	case c == '-' || '0' <= c && c <= '9':
		typ = "int"
		if bytes.ContainsAny(bytes.TrimSpace(top), ".eE") {
			typ = "float"
		}
	}
	return "'" + typ + "' object does not support item assignment"
}

// parseDigestTime reads digestStartTime or digestEndTime.
func parseDigestTime(raw json.RawMessage) (time.Time, error) {
	s, ok := jsonString(raw)
	if !ok {
		return time.Time{}, fmt.Errorf("Parser must be a string or character stream, not %s", pyTypeName(raw))
	}
	return ParseTime(s)
}

func pyTypeName(raw json.RawMessage) string {
	switch {
	case isNull(raw):
		return "NoneType"
	case string(raw) == "true" || string(raw) == "false":
		return "bool"
	case len(raw) > 0 && raw[0] == '[':
		return "list"
	case len(raw) > 0 && raw[0] == '{':
		return "dict"
	case bytes.ContainsAny(raw, ".eE"):
		return "float"
	}
	return "int"
}

// digestHash returns the hex SHA-256 of an uncompressed digest file, the
// value the next digest file's previousDigestHashValue holds.
func digestHash(inflated []byte) string {
	sum := sha256.Sum256(inflated)
	return hex.EncodeToString(sum[:])
}
