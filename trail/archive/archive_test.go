package archive

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"sort"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/trail"
)

func TestObjectsKinds(t *testing.T) {
	at := day0.Add(10 * time.Hour)
	keys := map[string]trail.FileKind{
		logAt("", "", acctA, "us-east-1", at, 1):                                               trail.LogFiles,
		logAt("audit/logs", org, acctB, "eu-west-1", at, 2):                                    trail.LogFiles,
		trail.InsightKey("", org, acctA, "us-east-1", at, unique(3)).String():                  trail.InsightFiles,
		trail.DigestKey("", "", acctA, "us-east-1", "management", "us-east-1", at).String():    trail.DigestFiles,
		trail.DigestKey("p", org, acctB, "eu-west-1", "org_trail-1", "us-east-1", at).String(): trail.DigestFiles,
	}
	unknown := []string{
		"README.txt",
		"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/notes.json",
		"AWSLogs/111122223333/Config/us-east-1/2024/05/01/config.json.gz",
		trail.DigestKey("", "", acctA, "us-east-1", "management", "us-east-1", at).String() + ".metadata.json",
	}
	fsys := fstest.MapFS{}
	for k := range keys {
		fsys[k] = file(logFile())
	}
	for _, k := range unknown {
		fsys[k] = file([]byte("x"))
	}
	var gotKnown, gotUnknown []string
	for obj, err := range FS(fsys).Objects(context.Background(), nil) {
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, trail.ErrNotKey) || e.Key != obj.Key {
				t.Errorf("error %v: want an *Error for %q matching trail.ErrNotKey", err, obj.Key)
			}
			gotUnknown = append(gotUnknown, obj.Key)
			continue
		}
		if want, ok := keys[obj.Key]; !ok || obj.Parsed.Kind != want || obj.Parsed.String() != obj.Key {
			t.Errorf("object %q parsed as %v (%v), want kind %v", obj.Key, obj.Parsed.Kind, obj.Parsed.String(), want)
		}
		gotKnown = append(gotKnown, obj.Key)
	}
	if len(gotKnown) != len(keys) {
		t.Errorf("got %d recognised objects, want %d: %q", len(gotKnown), len(keys), gotKnown)
	}
	sort.Strings(unknown)
	sort.Strings(gotUnknown)
	if !slices.Equal(gotUnknown, unknown) {
		t.Errorf("unrecognised objects reported: %q, want %q", gotUnknown, unknown)
	}

	// The same keys as a list: the same objects, in the same order.
	var all []string
	for k := range fsys {
		all = append(all, k)
	}
	var fromFS, fromKeys []string
	for obj := range FS(fsys).Objects(context.Background(), nil) {
		fromFS = append(fromFS, obj.Key)
	}
	for obj := range Keys(all, nil).Objects(context.Background(), nil) {
		fromKeys = append(fromKeys, obj.Key)
	}
	if !slices.Equal(fromFS, fromKeys) {
		t.Errorf("Keys lists\n%q\nFS lists\n%q", fromKeys, fromFS)
	}
}

func TestCompareKeys(t *testing.T) {
	for _, tc := range []struct {
		a, b   string
		want   int
		reason string
	}{
		{"a/CloudTrail/x", "a/CloudTrail-Digest/x", -1, "a folder's files come before a sibling whose name extends it"},
		{"a/b", "a/b", 0, "equal"},
		{"a/b", "a/b/c", -1, "shorter first"},
		{"a/c", "a/b/c", 1, "byte order within the folder"},
	} {
		if got := compareKeys(tc.a, tc.b); got != tc.want && !(got < 0 && tc.want < 0 || got > 0 && tc.want > 0) {
			t.Errorf("compareKeys(%q, %q) = %d, want sign %d (%s)", tc.a, tc.b, got, tc.want, tc.reason)
		}
	}
}

func TestFilterMatchKey(t *testing.T) {
	at := day0.Add(12 * time.Hour)
	k, err := trail.ParseKey(logAt("audit", org, acctA, "us-east-1", at, 1))
	if err != nil {
		t.Fatal(err)
	}
	rows := []struct {
		f      Filter
		want   bool
		reason string
	}{
		{Filter{}, true, "the zero Filter selects everything"},
		{Filter{OrgIDs: []string{org}}, true, "the organization"},
		{Filter{OrgIDs: []string{""}}, false, "only trails that are not organization trails"},
		{Filter{Accounts: []string{acctB}}, false, "another account"},
		{Filter{Accounts: []string{acctB, acctA}}, true, "one of the accounts"},
		{Filter{Regions: []string{"eu-west-1"}}, false, "another Region"},
		{Filter{Kinds: []trail.FileKind{trail.InsightFiles, trail.DigestFiles}}, false, "other kinds"},
		{Filter{Kinds: []trail.FileKind{trail.LogFiles}}, true, "log files"},
		{Filter{Prefixes: []string{""}}, false, "no prefix wanted"},
		{Filter{Prefixes: []string{"audit"}}, true, "the prefix"},
		{Filter{Start: at}, true, "delivered at the start: can hold events from the start on"},
		{Filter{Start: at.Add(59 * time.Second)}, true, "the key's minute holds deliveries until 12:00:59"},
		{Filter{Start: at.Add(time.Minute)}, false, "delivered before the start: holds no event of the window"},
		{Filter{End: at}, true, "delivered at End: within the default slack"},
		{Filter{End: at.Add(-DefaultSlack)}, false, "delivered at End + slack: the bound is exclusive"},
		{Filter{End: at.Add(-DefaultSlack + time.Minute)}, true, "delivered a minute before End + slack"},
		{Filter{End: at.Add(-5 * time.Minute), Slack: 10 * time.Minute}, true, "within a slack of 10 minutes"},
		{Filter{End: at.Add(-10 * time.Minute), Slack: 10 * time.Minute}, false, "a slack of 10 minutes, at its end"},
		{Filter{End: at, Slack: -1}, false, "no slack: delivered at End"},
		{Filter{End: at.Add(time.Second), Slack: -1}, true, "no slack: delivered before End"},
	}
	for _, tc := range rows {
		if got := tc.f.MatchKey(&k); got != tc.want {
			t.Errorf("%+v.MatchKey(%s) = %v, want %v (%s)", tc.f, k, got, tc.want, tc.reason)
		}
	}
}

// recordingFS is an fs.FS that records the folders listed.
type recordingFS struct {
	fs.FS
	mu     sync.Mutex
	listed []string
}

func (r *recordingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	r.mu.Lock()
	r.listed = append(r.listed, name)
	r.mu.Unlock()
	return fs.ReadDir(r.FS, name)
}

func TestPrune(t *testing.T) {
	fsys := fstest.MapFS{}
	n := 0
	for d := 0; d < 40; d++ { // 2024-05-01 to 2024-06-09
		for _, acct := range []string{acctA, acctB} {
			for _, region := range []string{"us-east-1", "eu-west-1"} {
				at := day0.AddDate(0, 0, d).Add(time.Duration(d) * time.Minute)
				n++
				fsys[logAt("", org, acct, region, at, n)] = file(logFile(rec(acct, region, "GetObject", at.Add(-3*time.Minute), "e")))
			}
		}
	}
	fsys[logAt("", "", acctA, "us-east-1", day0, 0)] = file(logFile())
	rfs := &recordingFS{FS: fsys}
	f := Filter{
		OrgIDs: []string{org}, Accounts: []string{acctA}, Regions: []string{"us-east-1"},
		Kinds: []trail.FileKind{trail.LogFiles},
		Start: time.Date(2024, 5, 31, 12, 0, 0, 0, time.UTC), End: time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC),
	}
	var got []string
	for obj, err := range FS(rfs).Objects(context.Background(), &f) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, obj.Parsed.Time.Format("01-02"))
	}
	// 05-31 00:30 is before the start; 06-02 00:32 is within the slack
	// of an hour after the end.
	if want := []string{"06-01", "06-02"}; !slices.Equal(got, want) {
		t.Errorf("objects delivered on %q, want %q", got, want)
	}
	allowed := map[string]bool{
		".": true, "AWSLogs": true, "AWSLogs/" + org: true, "AWSLogs/" + org + "/" + acctA: true,
		"AWSLogs/" + org + "/" + acctA + "/CloudTrail":                      true,
		"AWSLogs/" + org + "/" + acctA + "/CloudTrail/us-east-1":            true,
		"AWSLogs/" + org + "/" + acctA + "/CloudTrail/us-east-1/2024":       true,
		"AWSLogs/" + org + "/" + acctA + "/CloudTrail/us-east-1/2024/05":    true,
		"AWSLogs/" + org + "/" + acctA + "/CloudTrail/us-east-1/2024/06":    true,
		"AWSLogs/" + org + "/" + acctA + "/CloudTrail/us-east-1/2024/05/31": true,
		"AWSLogs/" + org + "/" + acctA + "/CloudTrail/us-east-1/2024/06/01": true,
		"AWSLogs/" + org + "/" + acctA + "/CloudTrail/us-east-1/2024/06/02": true,
	}
	for _, d := range rfs.listed {
		if !allowed[d] {
			t.Errorf("folder %s was listed; the filter rules it out", d)
		}
	}
	if len(rfs.listed) != len(allowed) {
		t.Errorf("listed %d folders, want %d: %q", len(rfs.listed), len(allowed), rfs.listed)
	}

	// A key list gives the same objects.
	var keys []string
	for k := range fsys {
		keys = append(keys, k)
	}
	var fromKeys []string
	for obj, err := range Keys(keys, nil).Objects(context.Background(), &f) {
		if err != nil {
			t.Fatal(err)
		}
		fromKeys = append(fromKeys, obj.Parsed.Time.Format("01-02"))
	}
	if !slices.Equal(fromKeys, got) {
		t.Errorf("from keys: %q, from the FS: %q", fromKeys, got)
	}
}

func TestPruneFolders(t *testing.T) {
	start := time.Date(2024, 5, 31, 12, 0, 0, 0, time.UTC)
	f := Filter{Prefixes: []string{"a/b"}, OrgIDs: []string{""}, Start: start, End: start.Add(24 * time.Hour)}
	for _, tc := range []struct {
		dir    string
		want   bool
		reason string
	}{
		{"a", false, "leads to the prefix"},
		{"a/b", false, "the prefix"},
		{"c", true, "leads to no prefix"},
		{"a/b/AWSLogs", false, "the layout under the prefix"},
		{"a/AWSLogs", true, "the layout under another prefix"},
		{"a/b/AWSLogs/o-exampleorgid", true, "an organization folder; only non-organization trails wanted"},
		{"a/b/AWSLogs/111122223333", false, "an account of a trail that is not an organization trail"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/30", true, "the day before the window"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/31", false, "the window starts that day"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/06/01", false, "the window ends that day"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/06/02", true, "after the window and its slack"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/04", true, "a month before"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/06", false, "the month the window ends in"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2023", true, "a year before"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/13", false, "not a month: walked, its objects reported"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/02/30", false, "not a date: walked, its objects reported"},
		{"a/b/AWSLogs/111122223333/CloudTrail/us-east-1/latest", false, "not the layout: walked"},
		{"a/b/AWSLogs/notes", false, "not the layout: walked"},
	} {
		if got := f.prune(tc.dir); got != tc.want {
			t.Errorf("prune(%q) = %v, want %v (%s)", tc.dir, got, tc.want, tc.reason)
		}
	}
}

// slowFS lists folders slowly, as a file system over a network does, and
// counts the listings under way at once.
type slowFS struct {
	fs.FS
	mu       sync.Mutex
	now, max int
}

func (s *slowFS) ReadDir(name string) ([]fs.DirEntry, error) {
	s.mu.Lock()
	s.now++
	s.max = max(s.max, s.now)
	s.mu.Unlock()
	time.Sleep(2 * time.Millisecond)
	s.mu.Lock()
	s.now--
	s.mu.Unlock()
	return fs.ReadDir(s.FS, name)
}

// TestListAhead: the walk lists the next folders while it is in one, at
// most listAhead at once, and still yields objects in key order.
func TestListAhead(t *testing.T) {
	fsys := fstest.MapFS{}
	var want []string
	for d := 0; d < 30; d++ {
		k := logAt("", "", acctA, "us-east-1", day0.AddDate(0, 0, d), d)
		fsys[k] = file(nil)
		want = append(want, k)
	}
	sfs := &slowFS{FS: fsys}
	var got []string
	for obj, err := range FS(sfs).Objects(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, obj.Key)
	}
	if !slices.Equal(got, want) {
		t.Errorf("objects %q, want %q", got, want)
	}
	if sfs.max < 2 || sfs.max > listAhead {
		t.Errorf("%d listings at once, want 2 to %d", sfs.max, listAhead)
	}

	// Cancelled: the context's error comes last, and no listing is left
	// running.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last error
	n := 0
	for _, err := range FS(sfs).Objects(ctx, nil) {
		if n++; n == 3 {
			cancel()
		}
		last = err
	}
	if !errors.Is(last, context.Canceled) || n > 4 {
		t.Errorf("after cancelling: %d objects, last error %v; want context.Canceled", n, last)
	}
	sfs.mu.Lock()
	defer sfs.mu.Unlock()
	if sfs.now != 0 {
		t.Errorf("%d listings still running", sfs.now)
	}
}
