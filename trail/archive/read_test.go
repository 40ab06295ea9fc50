package archive

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// genTree returns a tree of files log files holding 1 to 7 records each,
// over two accounts, two Regions and three days, and the position of
// every record: "key#index eventID".
func genTree(files int) (fstest.MapFS, []string) {
	fsys := fstest.MapFS{}
	var want []string
	for i := 0; i < files; i++ {
		acct := []string{acctA, acctB}[i%2]
		region := []string{"us-east-1", "eu-west-1"}[i/2%2]
		at := day0.Add(time.Duration(i) * 37 * time.Minute)
		key := logAt("", "", acct, region, at, i)
		var recs []string
		for j := 0; j < 1+i%7; j++ {
			id := fmt.Sprintf("%08d-0000-4000-8000-%012d", i, j)
			recs = append(recs, rec(acct, region, "GetObject", at.Add(-time.Duration(j+1)*time.Minute), id))
			want = append(want, fmt.Sprintf("%s#%d %s", key, j, id))
		}
		fsys[key] = file(logFile(recs...))
	}
	return fsys, want
}

// collect reads every record with o and returns "key#index eventID" for
// each, and the errors.
func collect(t *testing.T, a *Archive, o *Options) (got []string, errs []error) {
	t.Helper()
	for r, err := range a.Records(context.Background(), o) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, fmt.Sprintf("%s#%d %s", r.Object.Key, r.Index, r.Event.EventID))
	}
	return got, errs
}

// inKeyOrder sorts positions by key then index.
func inKeyOrder(pos []string) []string {
	out := slices.Clone(pos)
	sort.SliceStable(out, func(i, j int) bool {
		ki, ii, _ := strings.Cut(out[i], "#")
		kj, ij, _ := strings.Cut(out[j], "#")
		if c := compareKeys(ki, kj); c != 0 {
			return c < 0
		}
		var a, b int
		fmt.Sscan(ii, &a)
		fmt.Sscan(ij, &b)
		return a < b
	})
	return out
}

// readMode is a way of reading a tree: its options, and whether the
// records come in key order.
type readMode struct {
	name    string
	o       Options
	ordered bool
}

// readModes are the ways of reading a tree that the tests go through.
var readModes = []readMode{
	{"sequential", Options{Workers: 1}, true},
	{"parallel", Options{Workers: 4}, false},
	{"parallel ordered", Options{Workers: 4, Ordered: true}, true},
}

func TestReadModes(t *testing.T) {
	fsys, want := genTree(60)
	want = inKeyOrder(want)
	a := FS(fsys)
	modes := append(slices.Clone(readModes), readMode{"one per object", Options{Workers: 64}, false})
	for _, tc := range modes {
		t.Run(tc.name, func(t *testing.T) {
			var p Progress
			tc.o.Progress = &p
			got, errs := collect(t, a, &tc.o)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			checkRecords(t, got, want, tc.ordered)
			if p.Records.Load() != int64(len(want)) || p.Objects.Load() != int64(len(fsys)) || p.Listed.Load() != int64(len(fsys)) {
				t.Errorf("progress: %d records, %d objects, %d listed; want %d, %d, %d",
					p.Records.Load(), p.Objects.Load(), p.Listed.Load(), len(want), len(fsys), len(fsys))
			}
			var size int64
			for _, f := range fsys {
				size += int64(len(f.Data))
			}
			if p.Bytes.Load() != size {
				t.Errorf("progress: %d bytes, want %d", p.Bytes.Load(), size)
			}

			// Each gives the same records.
			var mu sync.Mutex
			var each []string
			err := a.Each(context.Background(), &tc.o, func(r *Record, err error) error {
				if err != nil {
					return err
				}
				mu.Lock()
				each = append(each, fmt.Sprintf("%s#%d %s", r.Object.Key, r.Index, r.Event.EventID))
				mu.Unlock()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			checkRecords(t, each, want, tc.ordered)
		})
	}
}

// checkRecords checks that got holds the records of want; in want's
// order when ordered, else with each object's records in order.
func checkRecords(t *testing.T, got, want []string, ordered bool) {
	t.Helper()
	if ordered {
		if !slices.Equal(got, want) {
			t.Errorf("got %d records, want %d in key order\ngot  %q\nwant %q", len(got), len(want), head(got), head(want))
		}
		return
	}
	// Per object, in order.
	last := map[string]int{}
	for _, p := range got {
		key, idx, _ := strings.Cut(p, "#")
		var i int
		fmt.Sscan(idx, &i)
		if l, ok := last[key]; ok && i != l+1 || !ok && i != 0 {
			t.Errorf("record %s out of its object's order (previous index %d)", p, l)
		}
		last[key] = i
	}
	if s := inKeyOrder(got); !slices.Equal(s, want) {
		t.Errorf("got %d records, want %d\ngot  %q\nwant %q", len(got), len(want), head(s), head(want))
	}
}

func head(s []string) []string {
	if len(s) > 5 {
		return s[:5]
	}
	return s
}

// TestWindow: a file delivered just after the window holds an event in
// it; the records of a file are filtered by eventTime exactly.
func TestWindow(t *testing.T) {
	start := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	fsys := fstest.MapFS{
		// Delivered 4 minutes after the end: the first record is in the
		// window, the second after it.
		logAt("", "", acctA, "us-east-1", end.Add(4*time.Minute), 1): file(logFile(
			rec(acctA, "us-east-1", "DeleteBucket", end.Add(-time.Second), "in-late-file"),
			rec(acctA, "us-east-1", "DeleteBucket", end, "at-end"))),
		// Delivered in the minute the window starts: the event before the
		// start is filtered out, the one at the start kept.
		logAt("", "", acctA, "us-east-1", start.Add(30*time.Second), 2): file(logFile(
			rec(acctA, "us-east-1", "CreateBucket", start.Add(-time.Second), "before-start"),
			rec(acctA, "us-east-1", "CreateBucket", start, "at-start"))),
		// Delivered the minute before the start: not even opened.
		logAt("", "", acctA, "us-east-1", start.Add(-time.Minute), 3): file([]byte("not gzip, never opened")),
		// Delivered an hour after the end: beyond the slack.
		logAt("", "", acctA, "us-east-1", end.Add(DefaultSlack), 4): file([]byte("not gzip, never opened")),
		// In a selected file: a record whose time is not known is kept;
		// aggregated events are placed by the end of their window.
		logAt("", "", acctB, "us-east-1", start.Add(5*time.Minute), 5): file(logFile(
			`{"eventVersion":"1.0","eventCategory":"Aggregated","eventID":"no-time","timeWindow":{"windowStart":"2024-05-01T10:00:00Z"}}`,
			`{"eventVersion":"1.0","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","eventID":"window-in","timeWindow":{"windowStart":"2024-05-01T10:00:00Z","windowEnd":"2024-05-01T10:05:00Z","windowSize":"PT5M"}}`,
			`{"eventVersion":"1.0","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","eventID":"window-before","timeWindow":{"windowStart":"2024-05-01T09:55:00Z","windowEnd":"2024-05-01T09:59:59Z","windowSize":"PT5M"}}`,
			rec(acctB, "us-east-1", "GetObject", time.Time{}, "year-one"))),
	}
	for _, workers := range []int{1, 3} {
		var ids []string
		for r, err := range FS(fsys).Records(context.Background(), &Options{Workers: workers, Ordered: true, Filter: Filter{Start: start, End: end}}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.Event.EventID)
		}
		if want := []string{"at-start", "in-late-file", "no-time", "window-in"}; !slices.Equal(ids, want) {
			t.Errorf("workers %d: records %q, want %q", workers, ids, want)
		}
	}
}

func TestBadObjects(t *testing.T) {
	at := day0.Add(time.Hour)
	good := logAt("", "", acctA, "us-east-1", at, 1)
	badRecord := logAt("", "", acctA, "us-east-1", at, 2)
	notGzip := logAt("", "", acctA, "us-east-1", at, 3)
	truncated := logAt("", "", acctA, "us-east-1", at, 4)
	corruptGzip := logAt("", "", acctA, "us-east-1", at, 5)
	notLog := logAt("", "", acctA, "us-east-1", at, 6)
	full := logFile(rec(acctA, "us-east-1", "PutObject", at, "t1"), rec(acctA, "us-east-1", "PutObject", at, "t2"))
	corrupt := slices.Clone(full)
	for i := 20; i < len(corrupt)-10; i++ {
		corrupt[i] ^= 0x55
	}
	fsys := fstest.MapFS{
		good: file(logFile(rec(acctA, "us-east-1", "PutObject", at, "g1"))),
		badRecord: file(logFile(rec(acctA, "us-east-1", "PutObject", at, "b1"),
			`{"eventVersion":"1.08","eventTime":12,"eventName":}`,
			rec(acctA, "us-east-1", "PutObject", at, "b3"))),
		notGzip:     file([]byte("PK\x03\x04 a zip, not a log file")),
		truncated:   file(full[:len(full)/2]),
		corruptGzip: file(corrupt),
		notLog:      file(gz(`{"Records":[` + rec(acctA, "us-east-1", "PutObject", at, "n1") + `]} trailing`)),
		"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/unknown.json.gz": file(full),
	}
	for _, workers := range []int{1, 4} {
		o := &Options{Workers: workers, Ordered: true}
		got, errs := collect(t, FS(fsys), o)
		want := []string{good + "#0 g1", badRecord + "#0 b1", badRecord + "#2 b3", notLog + "#0 n1"}
		// The truncated object may give its first record before failing.
		got = slices.DeleteFunc(got, func(s string) bool { return strings.HasPrefix(s, truncated) })
		if !slices.Equal(got, inKeyOrder(want)) {
			t.Errorf("workers %d: records %q, want %q", workers, got, inKeyOrder(want))
		}
		errKeys := map[string]error{}
		for _, err := range errs {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if !strings.Contains(err.Error(), e.Key) {
				t.Errorf("error %q does not name the key", err)
			}
			errKeys[e.Key] = err
		}
		for _, k := range []string{badRecord, notGzip, truncated, corruptGzip, notLog, "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/unknown.json.gz"} {
			if errKeys[k] == nil {
				t.Errorf("workers %d: no error for %s; errors: %v", workers, k, errs)
			}
		}
		var re *event.RecordError
		if err := errKeys[badRecord]; !errors.As(err, &re) || re.Index != 1 {
			t.Errorf("bad record: %v, want an *event.RecordError for record 1", err)
		}
		if err := errKeys["AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/unknown.json.gz"]; !errors.Is(err, trail.ErrNotKey) {
			t.Errorf("unknown object: %v, want trail.ErrNotKey", err)
		}
	}
}

// TestOpenError: a key list whose opener fails for one object.
func TestOpenError(t *testing.T) {
	fsys, want := genTree(10)
	var keys []string
	for k := range fsys {
		keys = append(keys, k)
	}
	bad := keys[3]
	errGone := errors.New("gone")
	open := func(ctx context.Context, key string) (io.ReadCloser, error) {
		if key == bad {
			return nil, errGone
		}
		return fsys.Open(key)
	}
	want = slices.DeleteFunc(inKeyOrder(want), func(s string) bool { return strings.HasPrefix(s, bad+"#") })
	got, errs := collect(t, Keys(keys, open), &Options{Workers: 2, Ordered: true})
	if !slices.Equal(got, want) {
		t.Errorf("records %q, want %q", head(got), head(want))
	}
	if len(errs) != 1 || !errors.Is(errs[0], errGone) || !strings.Contains(errs[0].Error(), bad) {
		t.Errorf("errors %v, want one wrapping %v naming %s", errs, errGone, bad)
	}
	if _, err := Keys(keys, nil).Open(context.Background(), bad); !errors.Is(err, ErrNoOpener) {
		t.Errorf("Open without an Opener: %v, want ErrNoOpener", err)
	}
}

func TestCancel(t *testing.T) {
	fsys, _ := genTree(300)
	a := FS(fsys)
	for _, o := range []Options{{Workers: 1}, {Workers: 4}, {Workers: 4, Ordered: true}} {
		name := fmt.Sprintf("workers=%d,ordered=%v", o.Workers, o.Ordered)
		before := runtime.NumGoroutine()

		// Each: cancelled from the callback.
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		n := 0
		err := a.Each(ctx, &o, func(r *Record, err error) error {
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("%s: callback got %v; Each returns the context's error", name, err)
			}
			n++
			if n == 10 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: Each returned %v, want context.Canceled", name, err)
		}
		// Each worker may finish the record in hand and a chunk.
		if n > 10+o.Workers*chunkRecords {
			t.Errorf("%s: %d records after cancelling at 10", name, n)
		}

		// Records: cancelled from the loop; ctx's error comes last.
		ctx, cancel = context.WithCancel(context.Background())
		defer cancel()
		var last error
		n = 0
		for _, err := range a.Records(ctx, &o) {
			n++
			if n == 10 {
				cancel()
			}
			last = err
		}
		if !errors.Is(last, context.Canceled) {
			t.Errorf("%s: last error %v, want context.Canceled", name, last)
		}

		// Breaking out of the loop stops the workers.
		n = 0
		for range a.Records(context.Background(), &o) {
			n++
			if n == 5 {
				break
			}
		}
		// An error from fn stops Each and is returned.
		errStop := errors.New("enough")
		if err := a.Each(context.Background(), &o, func(*Record, error) error { return errStop }); err != errStop {
			t.Errorf("%s: Each returned %v, want the callback's error", name, err)
		}
		for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
			time.Sleep(time.Millisecond)
		}
		if g := runtime.NumGoroutine(); g > before {
			t.Errorf("%s: %d goroutines left running, %d before", name, g, before)
		}
	}
}

// TestAllocsPerObject guards the cost of one more small object: the
// reader and gzip state are reused, so reading an object of one record
// allocates a small constant beyond what decoding the record does.
func TestAllocsPerObject(t *testing.T) {
	if testing.Short() {
		t.Skip("counts allocations")
	}
	const n = 200
	fsys := fstest.MapFS{}
	one := logFile(rec(acctA, "us-east-1", "GetObject", day0, "a"))
	for i := 0; i < n; i++ {
		fsys[logAt("", "", acctA, "us-east-1", day0.Add(time.Duration(i)*time.Minute), i)] = file(one)
	}
	a := FS(fsys)
	o := &Options{Workers: 1}
	var recs int
	fn := func(r *Record, err error) error {
		if err != nil {
			return err
		}
		recs++
		return nil
	}
	// Decoding the record alone, for comparison.
	var rec event.Record
	text := mustGunzip(t, one)
	perRecord := testing.AllocsPerRun(20, func() {
		if err := rec.Decode(text[len(`{"Records":[`) : len(text)-2]); err != nil {
			t.Fatal(err)
		}
	})
	allocs := testing.AllocsPerRun(3, func() {
		if err := a.Each(context.Background(), o, fn); err != nil {
			t.Fatal(err)
		}
	})
	perObject := allocs/n - perRecord
	t.Logf("%.1f allocations per object beyond %.0f to decode its record", perObject, perRecord)
	// Opening a MapFS file, the walk's entry and the parsed key, a few
	// more; 130 KB were allocated per object before the reader was reused.
	if perObject > 12 {
		t.Errorf("%.1f allocations per object beyond decoding, want at most 12", perObject)
	}
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	if err := a.Each(context.Background(), o, fn); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&m1)
	// The memory a read holds to pace the garbage collector is not
	// allocated for a read this short (see pacer).
	if per := (m1.TotalAlloc - m0.TotalAlloc) / n; per > 4096 {
		t.Errorf("%d bytes allocated per object, want at most 4096", per)
	} else {
		t.Logf("%d bytes allocated per object", per)
	}
}

// TestPacer: the memory that paces the garbage collector grows with the
// workers, up to a bound; a read with more than one worker, or decoding
// only some members, holds none before pacingSize bytes of
// records, then as much as it has read, by doublings, up to that size,
// each step allocated once however many workers count at once.
func TestPacer(t *testing.T) {
	for _, c := range []struct {
		workers, size int
		why           string
	}{
		{0, pacingSize, "zero workers mean one per processor, but the size is asked for the number decided"},
		{1, pacingSize, "one worker: collections cost little"},
		{2, 2 * pacingPerWorker, "two workers: each collection waits for both"},
		{3, pacingMax, "three workers: already the bound, which keeps the peak resident set under 64 MiB"},
		{8, pacingMax, "eight workers: the bound"},
		{64, pacingMax, "many workers: the bound"},
	} {
		if got := pacingBytes(c.workers); got != c.size {
			t.Errorf("pacingBytes(%d) = %d, want %d (%s)", c.workers, got, c.size, c.why)
		}
	}
	const mib = 1 << 20
	for _, c := range []struct {
		read int64
		size int
		held int64
		why  string
	}{
		{0, 16 * mib, 0, "nothing read"},
		{4*mib - 1, 16 * mib, 0, "a short read holds nothing"},
		{4 * mib, 16 * mib, 4 * mib, "as much as read, from pacingSize on"},
		{7 * mib, 16 * mib, 4 * mib, "rounded down to pacingSize times a power of two"},
		{8 * mib, 16 * mib, 8 * mib, "doubled"},
		{15 * mib, 16 * mib, 8 * mib, "not yet the size"},
		{16 * mib, 16 * mib, 16 * mib, "the size"},
		{1 << 40, 16 * mib, 16 * mib, "never more than the size"},
		{20 * mib, 24 * mib, 16 * mib, "a size that is not a power of two: the powers below it"},
		{24 * mib, 24 * mib, 24 * mib, "then the size itself"},
		{1 << 40, 4 * mib, 4 * mib, "one worker: pacingSize"},
	} {
		if got := pacingHeld(c.read, c.size); got != c.held {
			t.Errorf("pacingHeld(%d, %d) = %d, want %d (%s)", c.read, c.size, got, c.held, c.why)
		}
	}

	// Workers counting at once: each step is allocated once.
	p := newPacer(2, true)
	if p.waits {
		t.Fatal("a pacer of two workers waits for collections, want it to hold memory as it reads")
	}
	if p.add(4*mib-9) || p.held() != 0 {
		t.Fatal("memory held before pacingSize bytes of records were read")
	}
	var wg sync.WaitGroup
	var full atomic.Int64
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 4 {
				if p.add(mib) {
					full.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if got := p.held(); got != p.size {
		t.Fatalf("%d bytes held after reading %d, want %d", got, p.read.Load(), p.size)
	}
	if len(p.mem) != 3 {
		t.Errorf("memory held in %d allocations, want 3 (4, 4 and 8 MiB)", len(p.mem))
	}
	if full.Load() == 0 {
		t.Error("no add reported all the memory held")
	}
	if newPacer(1, false).waits {
		t.Error("a pacer of one worker decoding some members waits for collections, want it to hold memory as it reads")
	}
}

// TestPacerWaits: a read with one worker decoding every member holds no
// memory, however much it reads, until it has sat through pacingAfter
// collections; then all of it, in one piece, allocated once however
// many goroutines count at once.
func TestPacerWaits(t *testing.T) {
	p := newPacer(1, true)
	if !p.waits {
		t.Fatal("the pacer of one worker decoding every member does not wait for collections")
	}
	for range 64 {
		if p.add(1<<20) || p.held() != 0 {
			t.Fatal("memory held before any collection")
		}
	}
	for range pacingAfter {
		runtime.GC()
	}
	var wg sync.WaitGroup
	var full atomic.Int64
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 4 {
				if p.add(pacingCheck) {
					full.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if got := p.held(); got != pacingSize {
		t.Fatalf("%d bytes held after %d collections, want %d", got, pacingAfter, pacingSize)
	}
	if len(p.mem) != 1 {
		t.Errorf("memory held in %d allocations, want 1", len(p.mem))
	}
	if full.Load() == 0 {
		t.Error("no add reported the memory held")
	}
}

func mustGunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzipReader(b)
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKinds: records are read from every kind of log file; digests,
// which hold none, are passed over.
func TestKinds(t *testing.T) {
	at := day0.Add(time.Hour)
	fsys := fstest.MapFS{}
	var want []string
	for i, kind := range []trail.FileKind{trail.LogFiles, trail.InsightFiles, trail.NetworkActivityFiles, trail.AggregatedFiles} {
		key := trail.FileKey(kind, "", "", acctA, "us-east-1", at, unique(i)).String()
		fsys[key] = file(logFile(rec(acctA, "us-east-1", "GetObject", at, kind.String())))
		want = append(want, key+"#0 "+kind.String())
	}
	for _, k := range []trail.Key{
		trail.DigestKey("", "", acctA, "us-east-1", "t", "us-east-1", at),
		trail.BackfillDigestKey("", "", acctA, "us-east-1", "t", "us-east-1", at),
	} {
		fsys[k.String()] = file(gz(`{"awsAccountId":"111122223333","logFiles":[]}`))
	}
	for _, workers := range []int{1, 2} {
		got, errs := collect(t, FS(fsys), &Options{Workers: workers, Ordered: true})
		if len(errs) > 0 || !slices.Equal(got, inKeyOrder(want)) {
			t.Errorf("workers %d: records %q, errors %v; want %q", workers, got, errs, inKeyOrder(want))
		}
		got, _ = collect(t, FS(fsys), &Options{Workers: workers, Filter: Filter{Kinds: []trail.FileKind{trail.NetworkActivityFiles}}})
		if len(got) != 1 || !strings.HasSuffix(got[0], trail.NetworkActivityFiles.String()) {
			t.Errorf("workers %d: network activity only: %q", workers, got)
		}
	}
}

// TestZipAndProgress reads a zip file of a bucket (any fs.FS will do)
// while another goroutine watches the progress counters.
func TestZipAndProgress(t *testing.T) {
	fsys, want := genTree(40)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for key, f := range fsys {
		w, err := zw.Create(key)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var p Progress
	stop := make(chan struct{})
	watched := make(chan int64)
	go func() {
		var last int64
		for {
			select {
			case <-stop:
				watched <- last
				return
			default:
			}
			if n := p.Records.Load(); n < last {
				t.Errorf("progress went back from %d to %d records", last, n)
			} else {
				last = n
			}
			_ = p.Objects.Load() + p.Bytes.Load() + p.Listed.Load() + p.Errors.Load()
			time.Sleep(50 * time.Microsecond)
		}
	}()
	got, errs := collect(t, FS(zr), &Options{Workers: 3, Progress: &p})
	close(stop)
	<-watched
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	checkRecords(t, got, inKeyOrder(want), false)
	if p.Records.Load() != int64(len(want)) || p.Errors.Load() != 0 {
		t.Errorf("progress: %d records, %d errors; want %d, 0", p.Records.Load(), p.Errors.Load(), len(want))
	}
}

// TestBoundedMemory reads objects far larger than what the readers hold:
// the heap stays small whatever their size, in every mode.
func TestBoundedMemory(t *testing.T) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	zw.Write([]byte(`{"Records":[`))
	n := 24000 // about 18 MB of records
	if raceEnabled {
		n = 2000 // the race detector is slow; the bound is checked without it
	}
	one := rec(acctA, "us-east-1", "GetObject", day0, "00000000-0000-4000-8000-000000000000")
	for i := 0; i < n; i++ {
		if i > 0 {
			zw.Write([]byte(","))
		}
		zw.Write([]byte(one))
	}
	zw.Write([]byte(`]}`))
	zw.Close()
	fsys := fstest.MapFS{
		logAt("", "", acctA, "us-east-1", day0, 1): file(b.Bytes()),
		logAt("", "", acctA, "us-east-1", day0, 2): file(b.Bytes()),
	}
	size := int64(n * len(one))
	for _, o := range []Options{{Workers: 1}, {Workers: 2}, {Workers: 2, Ordered: true}} {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak uint64
		var ms runtime.MemStats
		count := 0
		for _, err := range FS(fsys).Records(context.Background(), &o) {
			if err != nil {
				t.Fatal(err)
			}
			if count++; count%4000 == 0 {
				// What the reader holds, not what the collector has yet
				// to free: on a loaded machine the collector lags, and
				// garbage is no part of the bound.
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		if count != 2*n {
			t.Fatalf("%d records, want %d", count, 2*n)
		}
		grown := int64(peak) - int64(base.HeapInuse)
		t.Logf("workers %d, ordered %v: heap grew by at most %.1f MiB reading 2 objects of %.0f MB", o.Workers, o.Ordered, float64(grown)/(1<<20), float64(size)/1e6)
		// Less than one object's records, beyond the memory held to pace
		// the collector (which the collection does not free).
		if limit := 12<<20 + int64(pacingBytes(o.Workers)); grown > limit && !raceEnabled {
			t.Errorf("workers %d, ordered %v: heap grew by %d MiB reading objects of %d MB", o.Workers, o.Ordered, grown>>20, size/1e6)
		}
	}
}

// TestMembers: with Options.Members only those members are decoded; a
// record Options.Whole reports is decoded whole; a time window still
// filters by each record's time, an aggregated event's from its
// timeWindow.
func TestMembers(t *testing.T) {
	fsys, want := genTree(20)
	for _, workers := range []int{1, 3} {
		var mu sync.Mutex
		var got []string
		o := &Options{Workers: workers, Members: []string{"eventID", "awsRegion"},
			Whole: func(rec *event.Record) bool { return rec.AWSRegion == "eu-west-1" }}
		err := FS(fsys).Each(context.Background(), o, func(r *Record, err error) error {
			if err != nil {
				return err
			}
			rec := r.Event
			switch {
			case rec.EventID == "" || rec.AWSRegion == "":
				t.Errorf("%s#%d: eventID %q, awsRegion %q: not decoded", r.Object.Key, r.Index, rec.EventID, rec.AWSRegion)
			case rec.AWSRegion == "us-east-1" && (rec.EventName != "" || rec.UserIdentity != nil || !rec.EventTime.IsZero()):
				t.Errorf("%s#%d: eventName %q, userIdentity %v, eventTime %v: decoded, not among Members", r.Object.Key, r.Index,
					rec.EventName, rec.UserIdentity, rec.EventTime)
			case rec.AWSRegion == "eu-west-1" && (rec.EventName != "GetObject" || rec.UserIdentity == nil):
				t.Errorf("%s#%d: eventName %q, userIdentity %v: Whole reports it, not decoded whole", r.Object.Key, r.Index,
					rec.EventName, rec.UserIdentity)
			}
			mu.Lock()
			got = append(got, fmt.Sprintf("%s#%d %s", r.Object.Key, r.Index, rec.EventID))
			mu.Unlock()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		checkRecords(t, got, inKeyOrder(want), false)
	}

	// TestWindow's tree, read with one member.
	start := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	fsys = fstest.MapFS{
		logAt("", "", acctA, "us-east-1", end.Add(4*time.Minute), 1): file(logFile(
			rec(acctA, "us-east-1", "DeleteBucket", end.Add(-time.Second), "in-late-file"),
			rec(acctA, "us-east-1", "DeleteBucket", end, "at-end"))),
		logAt("", "", acctB, "us-east-1", start.Add(5*time.Minute), 5): file(logFile(
			`{"eventVersion":"1.0","eventCategory":"Aggregated","eventID":"no-time","timeWindow":{"windowStart":"2024-05-01T10:00:00Z"}}`,
			`{"eventVersion":"1.0","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","eventID":"window-in","timeWindow":{"windowStart":"2024-05-01T10:00:00Z","windowEnd":"2024-05-01T10:05:00Z","windowSize":"PT5M"}}`,
			`{"eventVersion":"1.0","eventType":"AwsAggregatedEvent","eventID":"window-before","timeWindow":{"windowStart":"2024-05-01T09:55:00Z","windowEnd":"2024-05-01T09:59:59Z","windowSize":"PT5M"}}`,
			`{"eventVersion":"1.0","eventCategory":"Aggregated","eventID":"window-after","timeWindow":{"windowStart":"2024-05-01T11:00:00Z","windowEnd":"2024-05-01T11:05:00Z","windowSize":"PT5M"}}`,
			rec(acctB, "us-east-1", "GetObject", start.Add(-time.Minute), "before-start"))),
	}
	for _, members := range [][]string{nil, {"eventID"}} {
		var ids []string
		for r, err := range FS(fsys).Records(context.Background(), &Options{Ordered: true, Members: members, Filter: Filter{Start: start, End: end}}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.Event.EventID)
		}
		if want := []string{"in-late-file", "no-time", "window-in"}; !slices.Equal(ids, want) {
			t.Errorf("Members %q: records %q, want %q", members, ids, want)
		}
	}
}

// TestStopAtUnknown: with Options.StopAtUnknown a read ends at the first
// object that is not one, in key order, after reading every object before
// it in full and opening none after it, and reports that object last.
func TestStopAtUnknown(t *testing.T) {
	fsys, want := genTree(60)
	want = inKeyOrder(want)
	// An object that is not one, sorting right after the 25th object:
	// its key and a suffix.
	var keys []string
	for _, p := range want {
		if k, _, _ := strings.Cut(p, "#"); len(keys) == 0 || keys[len(keys)-1] != k {
			keys = append(keys, k)
		}
	}
	unknown := keys[24] + ".bak"
	fsys[unknown] = file(logFile(rec(acctA, "us-east-1", "PutObject", day0, "u1")))
	var before []string
	for _, p := range want {
		if k, _, _ := strings.Cut(p, "#"); compareKeys(k, unknown) < 0 {
			before = append(before, p)
		}
	}
	check := func(t *testing.T, err error, p *Progress) {
		t.Helper()
		var e *Error
		if !errors.As(err, &e) || e.Key != unknown || !errors.Is(err, trail.ErrNotKey) {
			t.Errorf("error %v, want an *Error for %s matching trail.ErrNotKey", err, unknown)
		}
		if n := p.Objects.Load(); n != 25 {
			t.Errorf("%d objects read, want the 25 before the unknown one", n)
		}
	}
	for _, tc := range readModes {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.StopAtUnknown = true
			var p Progress
			tc.o.Progress = &p
			got, errs := collect(t, FS(fsys), &tc.o)
			checkRecords(t, got, before, tc.ordered)
			if len(errs) != 1 {
				t.Fatalf("errors %v, want the unknown object's only", errs)
			}
			check(t, errs[0], &p)

			var mu sync.Mutex
			var each []string
			p = Progress{}
			err := FS(fsys).Each(context.Background(), &tc.o, func(r *Record, err error) error {
				if err != nil {
					t.Errorf("fn called with %v", err)
					return nil
				}
				mu.Lock()
				each = append(each, fmt.Sprintf("%s#%d %s", r.Object.Key, r.Index, r.Event.EventID))
				mu.Unlock()
				return nil
			})
			checkRecords(t, each, before, tc.ordered)
			check(t, err, &p)
		})
	}
	// Without an unknown object, nothing changes.
	delete(fsys, unknown)
	o := &Options{Workers: 4, StopAtUnknown: true}
	got, errs := collect(t, FS(fsys), o)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	checkRecords(t, got, want, false)
}
