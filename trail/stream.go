package trail

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/trailmap/trailmap/internal/arn"
)

// Stream is the name of a CloudWatch Logs log stream CloudTrail writes to
// (CloudTrail User Guide, "CloudWatch log group and log stream naming for
// CloudTrail"):
//
//	<account>_CloudTrail_<region>
//	<account>_CloudTrail_<region>_<n>          when one stream overflows
//	<o-orgId>_<account>_CloudTrail_<region>    organization trails
//
// Streams are comparable.
type Stream struct {
	// OrgID is the organization ID ("o-…") for organization trails,
	// else "".
	OrgID string
	// Account is the account whose events the stream holds: the
	// record's recipient, a member account for organization trails.
	Account string
	// Region is the Region the events were recorded in.
	Region string
	// N numbers an overflow stream; 0 means the first stream, whose name
	// has no number.
	N int
}

// String returns the stream name. For a name ParseStream accepted it
// returns the text parsed.
func (s Stream) String() string {
	var b strings.Builder
	b.Grow(len(s.OrgID) + len(s.Account) + len(s.Region) + 20)
	if s.OrgID != "" {
		b.WriteString(s.OrgID)
		b.WriteByte('_')
	}
	b.WriteString(s.Account)
	b.WriteString("_CloudTrail_")
	b.WriteString(s.Region)
	if s.N != 0 {
		b.WriteByte('_')
		b.WriteString(strconv.Itoa(s.N))
	}
	return b.String()
}

// StreamError reports a log stream name ParseStream rejects.
type StreamError struct {
	Name string // the text given
	Msg  string // what is wrong
}

// Error returns "trail: parse log stream <name>: <msg>".
func (e *StreamError) Error() string {
	return fmt.Sprintf("trail: parse log stream %q: %s", e.Name, e.Msg)
}

// ParseStream parses the name of a log stream CloudTrail writes to. The
// account must be 12 digits, the organization ID o- and 10 to 32
// lower-case letters or digits, an overflow number positive without
// leading zeros. For every name it accepts, ParseStream(s).String() == s.
// Errors are *StreamError.
func ParseStream(name string) (Stream, error) {
	bad := func(format string, args ...any) (Stream, error) {
		return Stream{}, &StreamError{Name: name, Msg: fmt.Sprintf(format, args...)}
	}
	var s Stream
	rest := name
	if strings.HasPrefix(rest, "o-") {
		i := strings.IndexByte(rest, '_')
		if i < 0 {
			return bad("want <o-orgId>_<account>_CloudTrail_<region>")
		}
		s.OrgID, rest = rest[:i], rest[i+1:]
		if !isOrgID(s.OrgID) {
			return bad("organization ID %q: want o- and 10 to 32 lower-case letters or digits", s.OrgID)
		}
	}
	acct, rest, ok := strings.Cut(rest, "_CloudTrail_")
	if !ok {
		return bad("want <account>_CloudTrail_<region>")
	}
	if !arn.IsAccountID(acct) {
		return bad("account %q is not 12 digits", acct)
	}
	s.Account = acct
	region, num, hasNum := strings.Cut(rest, "_")
	if !isRegionName(region) {
		return bad("%q is not a Region name", region)
	}
	s.Region = region
	if hasNum {
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 || strconv.Itoa(n) != num {
			return bad("overflow number %q: want a positive number without leading zeros", num)
		}
		s.N = n
	}
	return s, nil
}
