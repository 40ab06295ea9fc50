package archive

import (
	"slices"
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/trail"
)

// DefaultSlack is how long after the end of a Filter's window an object
// may have been delivered and still be read: one hour.
//
// The time in an object's key is its delivery time, not the time of its
// events: CloudTrail delivers log files about every five minutes,
// typically about five minutes after the call, and does not guarantee it
// (CloudTrail User Guide, "Finding your CloudTrail log files", since
// 2023-03-08; before that the guide said about fifteen minutes); Insights
// events are delivered about 30 minutes after they are logged. An hour
// covers all of these with room to spare. Files delivered later still
// (CloudTrail retries a delivery to a misconfigured bucket for 30 days)
// are missed unless Filter.Slack is raised.
const DefaultSlack = time.Hour

// Filter selects objects by their keys, before anything is opened, and
// records by their eventTime. The zero Filter selects everything. Each
// list, when not empty, is a set the object's key must be in.
//
// Folders that cannot hold a selected object are never listed: an
// organization, account, kind or Region folder not in its set, and a
// year, month or day folder wholly outside the window of delivery times
// (Start, End+Slack). Unrecognised objects in folders that are not listed
// are not reported. Folders are recognised after the last AWSLogs folder
// of their path; so, when Prefixes is empty, a key prefix that itself
// holds AWSLogs followed by what looks like an account folder (say
// "AWSLogs/111122223333/AWSLogs/…") can make a folder be taken for what
// it is not. Naming the prefix in Prefixes avoids it.
type Filter struct {
	// OrgIDs are the organization IDs ("o-…") to read; "" selects the
	// objects of trails that are not organization trails.
	OrgIDs []string
	// Accounts are the 12-digit account IDs to read.
	Accounts []string
	// Regions are the Region folders to read.
	Regions []string
	// Kinds are the kinds of objects to read (trail.LogFiles,
	// trail.InsightFiles, …). Reading records passes over digests, which
	// hold none, whatever Kinds says.
	Kinds []trail.FileKind
	// Prefixes are the S3 key prefixes (before "AWSLogs/") to read; ""
	// selects objects with no prefix.
	Prefixes []string

	// Start and End bound event time: records with Start <= eventTime
	// < End are read. A zero Start or End leaves that side open. The
	// objects read are those delivered from Start on (the key's time,
	// truncated to the minute, is at least Start minus a minute: an
	// object cannot hold events delivered after it) and before End +
	// Slack. A record's time is what event.Record.Occurred says: its
	// eventTime, or for an aggregated event the end of its time window;
	// records whose time is not known (no eventTime, or one that is not
	// a time) are read when their object is.
	Start, End time.Time
	// Slack is how long after End an object may have been delivered
	// and still be read: DefaultSlack when zero; a negative Slack means
	// none.
	Slack time.Duration
}

func (f *Filter) slack() time.Duration {
	switch {
	case f.Slack == 0:
		return DefaultSlack
	case f.Slack < 0:
		return 0
	}
	return f.Slack
}

// deliveredFrom and deliveredBefore bound the delivery times of the
// objects the filter selects: from is inclusive, before exclusive; a zero
// time leaves that side open.
func (f *Filter) deliveredFrom() time.Time {
	if f.Start.IsZero() {
		return time.Time{}
	}
	// A key's time is the delivery time truncated to the minute; the
	// events in the object precede its delivery.
	return f.Start.Add(-time.Minute).Truncate(time.Minute).Add(time.Minute)
}

func (f *Filter) deliveredBefore() time.Time {
	if f.End.IsZero() {
		return time.Time{}
	}
	return f.End.Add(f.slack())
}

// selectsAll reports whether f selects every object.
func (f *Filter) selectsAll() bool {
	return len(f.OrgIDs) == 0 && len(f.Accounts) == 0 && len(f.Regions) == 0 && len(f.Kinds) == 0 &&
		len(f.Prefixes) == 0 && f.Start.IsZero() && f.End.IsZero()
}

// MatchKey reports whether the filter selects the object with key k.
func (f *Filter) MatchKey(k *trail.Key) bool {
	if len(f.OrgIDs) > 0 && !slices.Contains(f.OrgIDs, k.OrgID) ||
		len(f.Accounts) > 0 && !slices.Contains(f.Accounts, k.Account) ||
		len(f.Regions) > 0 && !slices.Contains(f.Regions, k.Region) ||
		len(f.Kinds) > 0 && !slices.Contains(f.Kinds, k.Kind) ||
		len(f.Prefixes) > 0 && !slices.Contains(f.Prefixes, k.Prefix) {
		return false
	}
	return f.matchDelivery(k.Time, k.Time)
}

// matchDelivery reports whether delivery times in [lo, hi] can be in the
// filter's range.
func (f *Filter) matchDelivery(lo, hi time.Time) bool {
	if from := f.deliveredFrom(); !from.IsZero() && hi.Before(from) {
		return false
	}
	if before := f.deliveredBefore(); !before.IsZero() && !lo.Before(before) {
		return false
	}
	return true
}

// window reports whether f has a time window.
func (f *Filter) window() bool { return !f.Start.IsZero() || !f.End.IsZero() }

// MatchTime reports whether an event at t is in the filter's window:
// Start <= t < End, either side open when zero.
func (f *Filter) MatchTime(t time.Time) bool {
	return (f.Start.IsZero() || !t.Before(f.Start)) && (f.End.IsZero() || t.Before(f.End))
}

// prune reports whether the folder dir (slash-separated, from the root
// of the archive) can hold no object the filter selects. It decides from
// the folders after the last "AWSLogs" folder of dir, and only for
// folders that are what the layout says they are (an organization ID,
// an account, a CloudTrail folder, a Region, a year, month or day), so
// that it never prunes a folder that could hold a selected object. (One
// exception: without Prefixes, a key prefix that itself holds "AWSLogs"
// followed by folders that look like the layout can be taken for it.)
func (f *Filter) prune(dir string) bool {
	if dir == "." {
		return false
	}
	segs := strings.Split(dir, "/")
	at := -1
	for i := len(segs) - 1; i >= 0; i-- {
		if segs[i] == "AWSLogs" {
			at = i
			break
		}
	}
	if len(f.Prefixes) > 0 {
		// A folder of a selected prefix (which may itself hold an
		// AWSLogs folder) is never pruned; any other folder is when the
		// prefix before its last AWSLogs folder is not selected.
		for _, p := range f.Prefixes {
			if p == dir || strings.HasPrefix(p, dir+"/") {
				return false
			}
		}
		if at < 0 || !slices.Contains(f.Prefixes, strings.Join(segs[:at], "/")) {
			return true
		}
	}
	if at < 0 {
		return false
	}
	rest := segs[at+1:]
	if len(rest) == 0 {
		return false
	}
	if strings.HasPrefix(rest[0], "o-") {
		if len(f.OrgIDs) > 0 && !slices.Contains(f.OrgIDs, rest[0]) {
			return true
		}
		rest = rest[1:]
	} else if arn.IsAccountID(rest[0]) && len(f.OrgIDs) > 0 && !slices.Contains(f.OrgIDs, "") {
		return true
	}
	if len(rest) == 0 {
		return false
	}
	if !arn.IsAccountID(rest[0]) {
		return false // not the layout
	}
	if len(f.Accounts) > 0 && !slices.Contains(f.Accounts, rest[0]) {
		return true
	}
	if len(rest) < 2 {
		return false
	}
	if len(f.Kinds) > 0 {
		found := false
		for _, k := range f.Kinds {
			if k.String() == rest[1] {
				found = true
				break
			}
		}
		if !found {
			return true
		}
	}
	if len(rest) < 3 {
		return false
	}
	if len(f.Regions) > 0 && !slices.Contains(f.Regions, rest[2]) {
		return true
	}
	// Year, month and day folders: the interval of delivery times they
	// hold.
	date := rest[3:]
	if len(date) == 0 || len(date) > 3 {
		return false
	}
	var num [3]int
	for i, s := range date {
		want := 2
		if i == 0 {
			want = 4
		}
		n, ok := atoi(s, want)
		if !ok {
			return false
		}
		num[i] = n
	}
	var lo, hi time.Time
	switch len(date) {
	case 1:
		lo = time.Date(num[0], 1, 1, 0, 0, 0, 0, time.UTC)
		hi = lo.AddDate(1, 0, 0)
	case 2:
		if num[1] < 1 || num[1] > 12 {
			return false
		}
		lo = time.Date(num[0], time.Month(num[1]), 1, 0, 0, 0, 0, time.UTC)
		hi = lo.AddDate(0, 1, 0)
	case 3:
		if num[1] < 1 || num[1] > 12 || num[2] < 1 || num[2] > 31 {
			return false
		}
		lo = time.Date(num[0], time.Month(num[1]), num[2], 0, 0, 0, 0, time.UTC)
		if lo.Day() != num[2] {
			return false // not a date: keys under it are not valid either
		}
		hi = lo.AddDate(0, 0, 1)
	}
	return !f.matchDelivery(lo, hi.Add(-time.Nanosecond))
}

// atoi parses s, which must be n decimal digits.
func atoi(s string, n int) (int, bool) {
	if len(s) != n {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}
