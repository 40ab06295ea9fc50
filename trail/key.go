package trail

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// FileKind is the kind of file CloudTrail delivers to a bucket, which names
// the folder after the account ID.
type FileKind uint8

// The kinds of delivered files. The zero FileKind is invalid.
const (
	// LogFiles are log files of management and data events, under
	// "CloudTrail".
	LogFiles FileKind = iota + 1
	// InsightFiles are log files of Insights events, under
	// "CloudTrail-Insight".
	InsightFiles
	// DigestFiles are log file integrity digests, under
	// "CloudTrail-Digest". Backfill digests (Key.Backfill) are DigestFiles
	// too.
	DigestFiles
	// NetworkActivityFiles are log files of network activity events, under
	// "CloudTrail-NetworkActivity".
	NetworkActivityFiles
	// AggregatedFiles are log files of aggregated events (summaries of
	// data events), under "CloudTrail-Aggregated".
	AggregatedFiles
)

// kindFolders are the folder names of the kinds (CloudTrail User Guide,
// "Finding your CloudTrail log files": CloudTrail, CloudTrail-Insight,
// CloudTrail-NetworkActivity, CloudTrail-Aggregated, CloudTrail-Digest).
var kindFolders = [...]string{
	LogFiles:             "CloudTrail",
	InsightFiles:         "CloudTrail-Insight",
	DigestFiles:          "CloudTrail-Digest",
	NetworkActivityFiles: "CloudTrail-NetworkActivity",
	AggregatedFiles:      "CloudTrail-Aggregated",
}

// String returns the folder name of the kind: "CloudTrail",
// "CloudTrail-Insight", "CloudTrail-Digest", "CloudTrail-NetworkActivity"
// or "CloudTrail-Aggregated"; "Kind(n)" for others.
func (k FileKind) String() string {
	if int(k) < len(kindFolders) && kindFolders[k] != "" {
		return kindFolders[k]
	}
	return fmt.Sprintf("FileKind(%d)", uint8(k))
}

// kindOfFolder returns the kind whose folder is name.
func kindOfFolder(name string) (FileKind, bool) {
	for k, f := range kindFolders {
		if f != "" && f == name {
			return FileKind(k), true
		}
	}
	return 0, false
}

// The layouts of the time stamps in file names: minutes for log files of
// every kind, seconds for digests.
const (
	logStamp    = "20060102T1504Z"
	digestStamp = "20060102T150405Z"
	// uniqueLen is the length of the random string ending the name of a
	// log file (of any kind but DigestFiles).
	uniqueLen = 16
	// backfillSuffix ends the name of a backfill digest before ".json.gz".
	backfillSuffix = "_backfill"
)

// Key is the S3 object key of a file CloudTrail delivers (CloudTrail User
// Guide, "Finding your CloudTrail log files" and "CloudTrail log file
// examples"; digests: "CloudTrail digest file structure"):
//
//	[<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
//	[<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail-Insight/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail-Insight_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
//	[<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail-NetworkActivity/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail-NetworkActivity_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
//	[<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail-Aggregated/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail-Aggregated_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
//	[<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail-Digest/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<YYYYMMDDTHHmmssZ>.json.gz
//	[<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail-Digest/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<YYYYMMDDTHHmmssZ>_backfill.json.gz
//
// The guide documents the folders of network activity and aggregated
// events but gives no file name for them; their names are taken to follow
// the log file pattern with the folder name in place of "CloudTrail", as
// the Insights files do (derived). A backfill digest ("CloudTrail digest
// file structure": delivered for log files that missed their hour's
// digest) adds "_backfill" before ".json.gz" and belongs to a chain of its
// own; Backfill tells it apart.
//
// The bucket name is not part of the key. The time is the delivery time
// in UTC, not the time of the events in the file; the day folders are its
// date. Organization trails put the organization ID before the account.
// For digests Region is the Region the digest covers and HomeRegion the
// trail's home Region.
//
// The zero Key is not valid. Keys are comparable.
type Key struct {
	Prefix     string    // the trail's S3KeyPrefix, "" for none
	OrgID      string    // "o-…" for organization trails, else ""
	Account    string    // the account whose events the file holds
	Kind       FileKind  // the folder: LogFiles, InsightFiles, NetworkActivityFiles, AggregatedFiles or DigestFiles
	Region     string    // the Region folder
	Time       time.Time // delivery time, UTC; minutes, or seconds for a Digest
	Unique     string    // all kinds but Digest: the 16-character random string
	TrailName  string    // Digest: the trail's name
	HomeRegion string    // Digest: the trail's home Region
	Backfill   bool      // Digest: a backfill digest ("…_backfill.json.gz")
}

// LogKey returns the key of a log file delivered at t. t is converted to
// UTC and truncated to the minute, as the file name shows it.
func LogKey(prefix, orgID, account, region string, t time.Time, unique string) Key {
	return Key{Prefix: prefix, OrgID: orgID, Account: account, Kind: LogFiles, Region: region,
		Time: t.UTC().Truncate(time.Minute), Unique: unique}
}

// InsightKey returns the key of an Insights log file delivered at t. t is
// converted to UTC and truncated to the minute.
func InsightKey(prefix, orgID, account, region string, t time.Time, unique string) Key {
	k := LogKey(prefix, orgID, account, region, t, unique)
	k.Kind = InsightFiles
	return k
}

// FileKey returns the key of a log file of kind delivered at t: Log,
// InsightFiles, NetworkActivityFiles or AggregatedFiles (for DigestFiles use
// DigestKey). t is converted to UTC and truncated to the minute.
func FileKey(kind FileKind, prefix, orgID, account, region string, t time.Time, unique string) Key {
	k := LogKey(prefix, orgID, account, region, t, unique)
	k.Kind = kind
	return k
}

// BackfillDigestKey returns the key of a backfill digest: DigestKey's
// with Backfill set.
func BackfillDigestKey(prefix, orgID, account, region, trailName, homeRegion string, t time.Time) Key {
	k := DigestKey(prefix, orgID, account, region, trailName, homeRegion, t)
	k.Backfill = true
	return k
}

// DigestKey returns the key of a digest file for region of the trail
// named trailName homed in homeRegion, delivered at t. t is converted to
// UTC and truncated to the second.
func DigestKey(prefix, orgID, account, region, trailName, homeRegion string, t time.Time) Key {
	return Key{Prefix: prefix, OrgID: orgID, Account: account, Kind: DigestFiles, Region: region,
		Time: t.UTC().Truncate(time.Second), TrailName: trailName, HomeRegion: homeRegion}
}

// String returns the object key. For a key ParseKey accepted it returns
// the text parsed. A Time outside years 0000 to 9999 (HasDayFolder) makes
// no CloudTrail key: the day folders are left out and the time stamp has
// the year's digits as they are.
func (k Key) String() string {
	return string(k.AppendTo(make([]byte, 0, 160+len(k.Prefix)+len(k.TrailName))))
}

// AppendTo appends the object key to dst and returns the result.
func (k Key) AppendTo(dst []byte) []byte {
	dst = AppendDayPrefix(dst, k.Prefix, k.OrgID, k.Account, k.Kind, k.Region, k.Time)
	dst = append(dst, k.Account...)
	dst = append(dst, '_')
	dst = append(dst, k.Kind.String()...)
	dst = append(dst, '_')
	dst = append(dst, k.Region...)
	dst = append(dst, '_')
	t := k.Time.UTC()
	if k.Kind == DigestFiles {
		dst = append(dst, k.TrailName...)
		dst = append(dst, '_')
		dst = append(dst, k.HomeRegion...)
		dst = append(dst, '_')
		dst = t.AppendFormat(dst, digestStamp)
		if k.Backfill {
			dst = append(dst, backfillSuffix...)
		}
	} else {
		dst = t.AppendFormat(dst, logStamp)
		dst = append(dst, '_')
		dst = append(dst, k.Unique...)
	}
	return append(dst, ".json.gz"...)
}

// DayPrefix returns the key's folder up to and including its day folder,
// ending in "/" (what a listing of one day's files uses as prefix).
func (k Key) DayPrefix() string {
	return DayPrefix(k.Prefix, k.OrgID, k.Account, k.Kind, k.Region, k.Time)
}

// DayPrefix returns the folder of one day's files of one kind for an
// account and Region, ending in "/":
//
//	[<prefix>/]AWSLogs/[<orgID>/]<account>/<kind>/<region>/<YYYY>/<MM>/<DD>/
//
// prefix is the trail's S3KeyPrefix ("" for none), orgID the organization
// ID for organization trails ("" otherwise), day the delivery date (its
// UTC date is used). A day without day folders (HasDayFolder false: a
// year before 0000 or after 9999) gives the folder up to the Region,
// never another day's folders.
func DayPrefix(prefix, orgID, account string, kind FileKind, region string, day time.Time) string {
	folder := kind.String()
	date, dated := dayFolders(day)
	var b strings.Builder
	b.Grow(len(prefix) + 1 + len("AWSLogs/") + len(orgID) + 1 + len(account) + 1 + len(folder) + 1 + len(region) + 1 + len(date) + 1)
	if prefix != "" {
		b.WriteString(prefix)
		b.WriteByte('/')
	}
	b.WriteString("AWSLogs/")
	if orgID != "" {
		b.WriteString(orgID)
		b.WriteByte('/')
	}
	b.WriteString(account)
	b.WriteByte('/')
	b.WriteString(folder)
	b.WriteByte('/')
	b.WriteString(region)
	b.WriteByte('/')
	if dated {
		b.Write(date[:])
		b.WriteByte('/')
	}
	return b.String()
}

// HasDayFolder reports whether day's UTC date can be written as the day
// folders of a key, YYYY/MM/DD: its year is 0000 to 9999. CloudTrail's
// keys have four-digit years (CloudTrail User Guide, "Finding your
// CloudTrail log files"), so a time outside them has no day folder.
func HasDayFolder(day time.Time) bool {
	y := day.UTC().Year()
	return y >= 0 && y <= 9999
}

// dayFolders returns "YYYY/MM/DD" for the UTC date of t, and false when
// the year has no four digits (HasDayFolder).
func dayFolders(t time.Time) ([10]byte, bool) {
	y, m, d := t.UTC().Date()
	var out [10]byte
	if y < 0 || y > 9999 {
		return out, false
	}
	put := func(i, n, w int) {
		for j := w - 1; j >= 0; j-- {
			out[i+j] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, y, 4)
	out[4] = '/'
	put(5, int(m), 2)
	out[7] = '/'
	put(8, d, 2)
	return out, true
}

// AppendDayPrefix appends what DayPrefix returns to dst and returns the
// result. It allocates only when dst lacks capacity. Like DayPrefix, it
// stops at the Region folder for a day without day folders.
func AppendDayPrefix(dst []byte, prefix, orgID, account string, kind FileKind, region string, day time.Time) []byte {
	if prefix != "" {
		dst = append(dst, prefix...)
		dst = append(dst, '/')
	}
	dst = append(dst, "AWSLogs/"...)
	if orgID != "" {
		dst = append(dst, orgID...)
		dst = append(dst, '/')
	}
	dst = append(dst, account...)
	dst = append(dst, '/')
	dst = append(dst, kind.String()...)
	dst = append(dst, '/')
	dst = append(dst, region...)
	dst = append(dst, '/')
	if date, ok := dayFolders(day); ok {
		dst = append(dst, date[:]...)
		dst = append(dst, '/')
	}
	return dst
}

// KeyError reports an object key ParseKey rejects.
type KeyError struct {
	Key string // the text given
	Msg string // what is wrong
}

// Error returns "trail: parse key <key>: <msg>".
func (e *KeyError) Error() string {
	return fmt.Sprintf("trail: parse key %q: %s", e.Key, e.Msg)
}

// ErrNotKey is matched (errors.Is) by every *KeyError.
var ErrNotKey = errors.New("trail: not a CloudTrail object key")

// Is reports whether target is ErrNotKey.
func (e *KeyError) Is(target error) bool { return target == ErrNotKey }

// ParseKey parses the object key of a file delivered by CloudTrail: a log
// file of management and data events, Insights, network activity or
// aggregated events, a digest or a backfill digest (see Key for the
// layouts). It checks that the
// account and Region in the file name match their folders, that the day
// folders are the date of the file's time stamp, that the account is 12
// digits and the organization ID looks like one (o- and 10 to 32
// lower-case letters or digits). For every key it accepts,
// ParseKey(s).String() == s. Errors are *KeyError and match ErrNotKey.
func ParseKey(s string) (Key, error) {
	bad := func(format string, args ...any) (Key, error) {
		return Key{}, &KeyError{Key: s, Msg: fmt.Sprintf(format, args...)}
	}
	// From the end: file, DD, MM, YYYY, region, kind, account, [org],
	// AWSLogs, prefix... Segments are substrings of s: no allocation.
	var segs [9]string
	var starts [9]int
	n, end := 0, len(s)
	for n < len(segs) {
		j := strings.LastIndexByte(s[:end], '/')
		segs[n], starts[n] = s[j+1:end], j+1
		n++
		if j < 0 {
			break
		}
		end = j
	}
	if n < 8 {
		return bad("too few folders; want [prefix/]AWSLogs/[o-orgId/]account/CloudTrail/region/YYYY/MM/DD/file")
	}
	var k Key
	file, dd, mm, yyyy := segs[0], segs[1], segs[2], segs[3]
	k.Region = segs[4]
	kind, ok := kindOfFolder(segs[5])
	if !ok {
		return bad("folder %q: want CloudTrail, CloudTrail-Insight, CloudTrail-NetworkActivity, CloudTrail-Aggregated or CloudTrail-Digest", segs[5])
	}
	k.Kind = kind
	k.Account = segs[6]
	if !arn.IsAccountID(k.Account) {
		return bad("account folder %q is not 12 digits", k.Account)
	}
	i := 7
	if strings.HasPrefix(segs[i], "o-") {
		k.OrgID = segs[i]
		if !isOrgID(k.OrgID) {
			return bad("organization folder %q: want o- and 10 to 32 lower-case letters or digits", k.OrgID)
		}
		i++
	}
	if i >= n || segs[i] != "AWSLogs" {
		return bad("no AWSLogs folder before the account")
	}
	if st := starts[i]; st > 0 {
		k.Prefix = s[:st-1]
		if k.Prefix == "" {
			return bad("empty prefix before AWSLogs")
		}
	}
	if !isRegionName(k.Region) {
		return bad("Region folder %q is not a Region name", k.Region)
	}
	if len(yyyy) != 4 || len(mm) != 2 || len(dd) != 2 || !allDigits(yyyy) || !allDigits(mm) || !allDigits(dd) {
		return bad("day folders %s/%s/%s: want YYYY/MM/DD", yyyy, mm, dd)
	}

	rest, ok := strings.CutSuffix(file, ".json.gz")
	if !ok {
		return bad("file name %q does not end in .json.gz", file)
	}
	rest, ok = cutFileHead(rest, k.Account, k.Kind.String(), k.Region)
	if !ok {
		return bad("file name %q does not start with %q", file, k.Account+"_"+k.Kind.String()+"_"+k.Region+"_")
	}
	var stamp string
	if k.Kind == DigestFiles {
		// <trail>_<homeRegion>_<YYYYMMDDTHHmmssZ>[_backfill]; trail
		// names may hold '_', Region names never do.
		if r, ok := strings.CutSuffix(rest, backfillSuffix); ok {
			rest, k.Backfill = r, true
		}
		if len(rest) < len(digestStamp)+1 || rest[len(rest)-len(digestStamp)-1] != '_' {
			return bad("digest file name %q: want <trail>_<homeRegion>_<YYYYMMDDTHHmmssZ>", file)
		}
		stamp = rest[len(rest)-len(digestStamp):]
		rest = rest[:len(rest)-len(digestStamp)-1]
		j := strings.LastIndexByte(rest, '_')
		if j <= 0 {
			return bad("digest file name %q: want <trail>_<homeRegion>_<YYYYMMDDTHHmmssZ>", file)
		}
		k.TrailName, k.HomeRegion = rest[:j], rest[j+1:]
		if !isRegionName(k.HomeRegion) {
			return bad("digest file name %q: home Region %q is not a Region name", file, k.HomeRegion)
		}
		// Trail names end with a letter or digit (CloudTrail User Guide,
		// "Naming requirements for trails"); that is what makes the '_'
		// before the home Region unambiguous.
		if last := k.TrailName[len(k.TrailName)-1]; strings.ContainsAny(k.TrailName, "/") ||
			!('a' <= last && last <= 'z' || 'A' <= last && last <= 'Z' || '0' <= last && last <= '9') {
			return bad("digest file name %q: bad trail name %q", file, k.TrailName)
		}
	} else {
		if len(rest) != len(logStamp)+1+uniqueLen || rest[len(logStamp)] != '_' {
			return bad("file name %q: want <YYYYMMDDTHHmmZ>_<%d-character unique string>", file, uniqueLen)
		}
		stamp, k.Unique = rest[:len(logStamp)], rest[len(logStamp)+1:]
		if !isAlnum(k.Unique) {
			return bad("file name %q: unique string %q is not letters and digits", file, k.Unique)
		}
	}
	layout := logStamp
	if k.Kind == DigestFiles {
		layout = digestStamp
	}
	t, ok := parseStamp(stamp)
	if !ok {
		return bad("file name %q: time stamp %q: want %s", file, stamp, layout)
	}
	k.Time = t
	// The stamp is in UTC, and its date the day folders'.
	if stamp[0:4] != yyyy || stamp[4:6] != mm || stamp[6:8] != dd {
		return bad("day folders %s/%s/%s do not match the file's time stamp %s", yyyy, mm, dd, stamp)
	}
	return k, nil
}

// parseStamp reads the time stamp of a log file's name (logStamp,
// 20060102T1504Z) or a digest's (digestStamp, 20060102T150405Z): what
// time.Parse with that layout reads and formats back to the same text
// (four-digit year, every field of two digits and in range), as UTC. It
// is a fraction of the cost of time.Parse and the check, which a read of
// a bucket pays for every object (TestParseStamp).
func parseStamp(stamp string) (time.Time, bool) {
	var buf [len(digestStamp)]byte
	switch len(stamp) {
	case len(logStamp):
		// 20060102T1504 + 00Z: the seconds ParseUTC's basic format wants.
		copy(buf[:], stamp[:len(logStamp)-1])
		copy(buf[len(logStamp)-1:], "00Z")
		if stamp[len(logStamp)-1] != 'Z' {
			return time.Time{}, false
		}
	case len(digestStamp):
		copy(buf[:], stamp)
	default:
		return time.Time{}, false
	}
	t, basic, ok := jsonwire.ParseUTC(string(buf[:]))
	return t, ok && basic
}

// cutFileHead cuts "<account>_<kind>_<region>_" from the front of name.
func cutFileHead(name, account, kind, region string) (string, bool) {
	for _, part := range [3]string{account, kind, region} {
		var ok bool
		if name, ok = strings.CutPrefix(name, part); !ok {
			return "", false
		}
		if name, ok = strings.CutPrefix(name, "_"); !ok {
			return "", false
		}
	}
	return name, true
}

// isOrgID reports whether s is an AWS Organizations ID: "o-" and 10 to 32
// lower-case letters or digits (Organizations API, Organization.Id).
func isOrgID(s string) bool {
	id, ok := strings.CutPrefix(s, "o-")
	if !ok || len(id) < 10 || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// isRegionName reports whether s is shaped like a Region name: lower-case
// letters and digits in at least three parts joined by '-' (us-east-1,
// us-gov-west-1). It does not say the Region exists.
func isRegionName(s string) bool {
	parts, n := 1, 0 // parts seen, length of the current part
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '-':
			if n == 0 {
				return false
			}
			parts, n = parts+1, 0
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			n++
		default:
			return false
		}
	}
	return parts >= 3 && n > 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}
