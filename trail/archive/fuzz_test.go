package archive

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/trail"
)

// FuzzPrune checks that pruning is sound: for any key ParseKey accepts
// and any filter that selects it, no folder above it is pruned, and both
// a walk and a key list find it.
func FuzzPrune(f *testing.F) {
	at := time.Date(2024, 2, 29, 23, 59, 0, 0, time.UTC)
	for _, k := range []trail.Key{
		trail.LogKey("", "", acctA, "us-east-1", at, unique(1)),
		trail.LogKey("a/AWSLogs/b", org, acctB, "eu-west-1", at, unique(2)),
		trail.InsightKey("p", org, acctA, "ap-southeast-2", at, unique(3)),
		trail.DigestKey("x/y", "", acctA, "us-gov-west-1", "my_trail", "us-east-1", at.Add(17*time.Second)),
		trail.FileKey(trail.NetworkActivityFiles, "", org, acctA, "us-east-1", at, unique(4)),
	} {
		f.Add(k.String(), int64(0), int64(1), int64(0))
		f.Add(k.String(), int64(24*60), int64(60*24*40), int64(-1))
	}
	f.Fuzz(func(t *testing.T, key string, before, after, slack int64) {
		k, err := trail.ParseKey(key)
		if err != nil {
			return
		}
		before = max(0, min(before, 1<<20)) // minutes
		after = max(1, min(after, 1<<20))   // seconds after the key's time
		sl := time.Duration(max(-1, min(slack, 1<<20))) * time.Minute
		fl := Filter{
			OrgIDs: []string{k.OrgID}, Accounts: []string{k.Account}, Regions: []string{k.Region},
			Kinds: []trail.FileKind{k.Kind}, Prefixes: []string{k.Prefix},
			Start: k.Time.Add(-time.Duration(before) * time.Minute),
			Slack: sl,
		}
		fl.End = k.Time.Add(time.Duration(after)*time.Second - fl.slack())
		if !fl.MatchKey(&k) {
			t.Fatalf("filter %+v does not select %s", fl, key)
		}
		for dir := keyDir(key); dir != "." && dir != ""; dir = keyDir(dir) {
			if fl.prune(dir) {
				t.Fatalf("filter %+v prunes %s, above %s", fl, dir, key)
			}
		}
		var found []string
		if fs.ValidPath(key) {
			for obj, err := range FS(fstest.MapFS{key: file(nil)}).Objects(context.Background(), &fl) {
				if err != nil {
					t.Fatal(err)
				}
				found = append(found, obj.Key)
			}
		} else {
			found = append(found, key) // not a file system path
		}
		for obj, err := range Keys([]string{key}, nil).Objects(context.Background(), &fl) {
			if err != nil {
				t.Fatal(err)
			}
			found = append(found, obj.Key)
		}
		if !slices.Equal(found, []string{key, key}) {
			t.Fatalf("found %q, want %s from a walk and from a key list", found, key)
		}
	})
}

// FuzzRead reads an object of any bytes: no panic, every error names
// the key, records come in their order, and the iterator and the
// callback agree. (One worker: the parallel paths are the tests' and the
// race detector's; goroutines would make coverage flaky for the fuzzer.)
func FuzzRead(f *testing.F) {
	f.Add(logFile(rec(acctA, "us-east-1", "GetObject", day0, "a"), rec(acctA, "us-east-1", "PutObject", day0, "b")))
	f.Add([]byte(`{"Records":[{"eventTime":"2024-05-01T00:00:00Z"},{"eventTime":1},{]}`))
	f.Add(gz(`{"eventVersion":"1.08"}` + "\n" + `{"eventVersion":`))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	key := logAt("", "", acctA, "us-east-1", day0, 1)
	f.Fuzz(func(t *testing.T, data []byte) {
		a := FS(fstest.MapFS{key: file(data), logAt("", "", acctA, "us-east-1", day0, 2): file(data)})
		o := &Options{Workers: 1, MaxRecordSize: 1 << 12}
		var seq, each []string
		last := map[string]int{}
		for r, err := range a.Records(context.Background(), o) {
			if err != nil {
				if !strings.Contains(err.Error(), "archive: AWSLogs/") {
					t.Fatalf("error %q does not name the object", err)
				}
				seq = append(seq, err.Error())
				continue
			}
			if l, ok := last[r.Object.Key]; ok && r.Index <= l {
				t.Fatalf("record %d of %s after record %d", r.Index, r.Object.Key, l)
			}
			last[r.Object.Key] = r.Index
			seq = append(seq, fmt.Sprintf("%s#%d@%d %s", r.Object.Key, r.Index, r.Offset, r.Event.EventID))
		}
		err := a.Each(context.Background(), o, func(r *Record, err error) error {
			if err != nil {
				each = append(each, err.Error())
			} else {
				each = append(each, fmt.Sprintf("%s#%d@%d %s", r.Object.Key, r.Index, r.Offset, r.Event.EventID))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(seq, each) {
			t.Fatalf("Records:\n%q\nEach:\n%q", seq, each)
		}
	})
}
