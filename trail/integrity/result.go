package integrity

import (
	"fmt"
	"time"

	"github.com/trailmap/trailmap/event"
)

// Kind is the kind of file a Result is about.
type Kind uint8

// The kinds of files validation reports on.
const (
	// KindDigest is a digest file of the standard chain.
	KindDigest Kind = iota + 1
	// KindBackfillDigest is a backfill digest file ("…_backfill.json.gz"),
	// which forms a chain of its own.
	KindBackfillDigest
	// KindLog is a log file listed by a valid digest file.
	KindLog
)

// String returns "digest", "backfill digest" or "log", the names the AWS
// CLI's summary uses.
func (k Kind) String() string {
	switch k {
	case KindDigest:
		return "digest"
	case KindBackfillDigest:
		return "backfill digest"
	case KindLog:
		return "log"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Status is the verdict on one file, or a gap in a chain.
type Status uint8

// The verdicts.
const (
	// Valid: the digest file's signature verifies, or the log file's hash
	// is the one its digest lists.
	Valid Status = iota + 1
	// Invalid: the file fails a check; Reason says which.
	Invalid
	// Missing: the file is not in the bucket (S3 NoSuchKey).
	Missing
	// Gap: no digest files were delivered between two digest files of a
	// chain (logging or validation was off); not a failure.
	Gap
)

// String returns "valid", "INVALID", "missing" or "gap".
func (s Status) String() string {
	switch s {
	case Valid:
		return "valid"
	case Invalid:
		return "INVALID"
	case Missing:
		return "missing"
	case Gap:
		return "gap"
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Reason says why a file is Invalid or Missing. The AWS CLI's message
// for each is in the comment; Result.Message holds the exact text.
type Reason uint8

// The reasons.
const (
	// ReasonNone is the reason of a valid file or a gap.
	ReasonNone Reason = iota
	// ReasonFormat: not gzip, not JSON, or a required member missing
	// ("invalid format").
	ReasonFormat
	// ReasonSignature: no signature metadata, or the signature does not
	// verify ("signature verification failed").
	ReasonSignature
	// ReasonNoSignature: a local copy without the digest's metadata, and
	// no newer digest file linking to it gives its signature; reported
	// as the AWS CLI reports missing metadata ("signature verification
	// failed").
	ReasonNoSignature
	// ReasonMoved: digestS3Bucket/digestS3Object name another place
	// ("has been moved from its original location").
	ReasonMoved
	// ReasonUnknownKey: no public key with the digest's fingerprint
	// ("public key not found in region <home Region> for fingerprint <fp>").
	ReasonUnknownKey
	// ReasonBadKey: the public key does not decode ("Unable to load PKCS
	// #1 key with fingerprint <fp>").
	ReasonBadKey
	// ReasonHash: the log file's SHA-256 is not the listed one ("hash
	// value doesn't match"); also a log file cut short or empty.
	ReasonHash
	// ReasonTrailingData: bytes after the log file's first gzip member
	// ("unexpected data after end of compressed stream").
	ReasonTrailingData
	// ReasonNotFound: the file is missing ("not found").
	ReasonNotFound
	// ReasonPreviousSignature: the digest's previousDigestSignature is not
	// the signature of the digest it links to. Not checked by the AWS CLI.
	ReasonPreviousSignature
	// ReasonPreviousHash: the digest's previousDigestHashValue is not the
	// SHA-256 of the digest it links to. Not checked by the AWS CLI.
	ReasonPreviousHash
	// ReasonOther: another error, its text as the AWS CLI prints it.
	ReasonOther
)

var reasonNames = [...]string{"none", "format", "signature", "no-signature", "moved", "unknown-key",
	"bad-key", "hash", "trailing-data", "not-found", "previous-signature", "previous-hash", "other"}

// String returns a short stable name ("format", "unknown-key", …).
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Result is one verdict of a validation, in the order the AWS CLI
// reports them.
type Result struct {
	// Chain is the account, Region and trail the result belongs to.
	Chain Chain
	// Kind is the kind of file (for a gap, the chain's kind).
	Kind Kind
	// Status is the verdict.
	Status Status
	// Reason says why a file is Invalid or Missing.
	Reason Reason
	// Message is the AWS CLI's text after "INVALID: " ("not found",
	// "hash value doesn't match", …); "" for a valid file or a gap.
	Message string
	// Bucket and Key locate the file. For a gap they are those of the
	// digest file whose chain link is null.
	Bucket, Key string
	// Digest is the decoded digest file of a valid digest result.
	Digest *event.Digest
	// From and To bound a gap: the stamp of the older digest file's key
	// and the digestStartTime of the digest file with the null link. For
	// a valid digest file they are its digestStartTime and digestEndTime.
	From, To time.Time
	// BeyondCLI marks a finding the AWS CLI does not report: a second
	// consecutive missing digest file (aws/aws-cli#7054) or a check of
	// previousDigestSignature or previousDigestHashValue.
	BeyondCLI bool
	// Estimated marks a missing digest file whose key is inferred: the
	// digest file that named it is missing too. Its time stamp assumes
	// the hourly rhythm of the files around it.
	Estimated bool
}

// Line returns the result as the AWS CLI writes it, without the final
// newline: "Digest file\ts3://b/k\tvalid", "(backfill) Digest
// file\ts3://b/k\tINVALID: not found", "Log file\ts3://…\tINVALID: hash
// value doesn't match" or "No log files were delivered by CloudTrail
// between <from> and <to>". Findings beyond the CLI end with "(not
// checked by the AWS CLI)" or "(estimated key; not reported by the AWS
// CLI)".
func (r *Result) Line() string {
	prefix := ""
	if r.Kind == KindBackfillDigest {
		prefix = "(backfill) "
	}
	if r.Status == Gap {
		return prefix + "No log files were delivered by CloudTrail between " +
			r.From.UTC().Format(DisplayTime) + " and " + r.To.UTC().Format(DisplayTime)
	}
	what := "Digest file"
	if r.Kind == KindLog {
		what = "Log file"
	}
	s := prefix + what + "\ts3://" + r.Bucket + "/" + r.Key + "\t"
	if r.Status == Valid {
		return s + "valid"
	}
	s += "INVALID: " + r.Message
	switch {
	case r.Estimated:
		s += " (estimated key; not reported by the AWS CLI)"
	case r.BeyondCLI && (r.Reason == ReasonPreviousHash || r.Reason == ReasonPreviousSignature):
		s += " (not checked by the AWS CLI)"
	case r.BeyondCLI:
		s += " (not reported by the AWS CLI)"
	}
	return s
}

// DisplayTime is the layout the AWS CLI shows times in.
const DisplayTime = "2006-01-02T15:04:05Z"

// Chain names one chain of digest files: one account's digests for one
// Region of one trail, in one bucket.
type Chain struct {
	// Bucket is the bucket the newest digest files are in.
	Bucket string
	// Prefix is the trail's S3 key prefix, "" for none.
	Prefix string
	// OrgID is the organization ID of an organization trail, else "".
	OrgID string
	// Account is the account whose digest files these are.
	Account string
	// Region is the Region the digest files cover (the AWS CLI's
	// --region).
	Region string
	// TrailName and HomeRegion are the trail's name and home Region, as
	// digest file names hold them.
	TrailName, HomeRegion string
}

// DigestPrefix returns the key prefix the AWS CLI lists digest files
// under: "[<prefix>/]AWSLogs/[<org>/]<account>/CloudTrail-Digest/<region>".
func (c Chain) DigestPrefix() string {
	p := "AWSLogs/"
	if c.OrgID != "" {
		p += c.OrgID + "/"
	}
	p += c.Account + "/CloudTrail-Digest/" + c.Region
	if c.Prefix != "" {
		p = c.Prefix + "/" + p
	}
	return p
}

// digestKey returns the key a digest file delivered at t would have.
func (c Chain) digestKey(t time.Time) string {
	t = t.UTC()
	return c.DigestPrefix() + "/" + t.Format("2006/01/02") + "/" + c.Account + "_CloudTrail-Digest_" +
		c.Region + "_" + c.TrailName + "_" + c.HomeRegion + "_" + t.Format(stampLayout) + ".json.gz"
}

// stampLayout is the layout of the time stamp in digest file names.
const stampLayout = "20060102T150405Z"
