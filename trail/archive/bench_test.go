package archive

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/benchtree"
	"github.com/trailmap/trailmap/trail"
)

// The benchmark tree is internal/benchtree's, made once per process in
// a temporary folder, or in $TRAILMAP_ARCHIVE_TREE (kept, and reused
// when it exists) so that a run can be repeated on the same tree.
var (
	benchOnce sync.Once
	benchDir  string
	benchInfo benchtree.Info
	benchErr  error
	benchTemp string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchTemp != "" {
		os.RemoveAll(benchTemp)
	}
	os.Exit(code)
}

// benchTree returns the folder of the benchmark tree, making it the
// first time.
func benchTree(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		dir := os.Getenv("TRAILMAP_ARCHIVE_TREE")
		if dir == "" {
			benchTemp, benchErr = os.MkdirTemp("", "archive-bench")
			dir = benchTemp
		}
		benchDir = filepath.Join(dir, "bucket")
		if benchErr == nil {
			benchInfo, benchErr = benchtree.Make(dir)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

// eachFile walks dir and calls fn for each file from workers
// goroutines; fn gets its worker's index.
func eachFile(b *testing.B, dir string, workers int, fn func(w int, path string) error) {
	files, err := benchtree.Files(dir)
	if err != nil {
		b.Fatal(err)
	}
	if err := benchtree.Each(files, workers, fn); err != nil {
		b.Fatal(err)
	}
}

const benchDeployment = `{
  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
                   "Accounts": ["111122223333", "222233334444", "333344445555"]},
  "trails": [
    {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
     "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
     "IsOrganizationTrail": true, "S3BucketName": "audit-bucket",
     "AdvancedEventSelectors": [
       {"Name": "management", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
       {"Name": "s3 data", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]},
         {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}]},
    {"Name": "writes", "TrailARN": "arn:aws:cloudtrail:eu-west-1:222233334444:trail/writes",
     "HomeRegion": "eu-west-1", "S3BucketName": "writes-bucket",
     "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]}
  ]
}`

// benchResults holds the MB/s of each sub-benchmark's last run, for the
// ratios BenchmarkArchive logs at the end.
var benchResults = map[string]float64{}

// BenchmarkArchive reads the generated tree in every way side by side:
// the floors (stdlib gunzip only; zcat when installed), the honest user
// baseline (gunzip and encoding/json into a narrow struct), and this
// package reading every record (Each; and the Records iterator in key
// order), and reading and routing every record through a trail.Router;
// each on one core (GOMAXPROCS 1) and on all.
// MB/s are of decompressed JSON; it logs the ratios at the end, and
// peak-RSS-MiB is the process's peak resident set so far (run one
// sub-benchmark alone with a tree in $TRAILMAP_ARCHIVE_TREE to measure
// it for that reader alone).
func BenchmarkArchive(b *testing.B) {
	dir := benchTree(b)
	b.Logf("tree: %d files, %d records, %.1f MB decompressed", benchInfo.Files, benchInfo.Records, float64(benchInfo.Plain)/1e6)
	all := runtime.GOMAXPROCS(0)
	cores := []int{1}
	if all > 1 {
		cores = append(cores, all)
	}
	d, err := trail.ParseDeployment([]byte(benchDeployment))
	if err != nil {
		b.Fatal(err)
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		b.Fatal(err)
	}

	type reader struct {
		name string
		n    int
		body func(b *testing.B, n int) int64
	}
	var readers []reader
	run := func(name string, n int, body func(b *testing.B, n int) int64) {
		readers = append(readers, reader{name, n, body})
		b.Run(fmt.Sprintf("%s/cores=%d", name, n), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
			b.SetBytes(benchInfo.Plain)
			b.ReportAllocs()
			var records int64
			for i := 0; i < b.N; i++ {
				records = body(b, n)
			}
			if records != 0 && records != int64(benchInfo.Records) {
				b.Fatalf("read %d records, want %d", records, benchInfo.Records)
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(benchInfo.Files)/sec, "files/s")
			b.ReportMetric(peakRSS(), "peak-RSS-MiB")
			benchResults[fmt.Sprintf("%s/cores=%d", name, n)] = float64(benchInfo.Plain) / sec / 1e6
		})
	}

	for _, n := range cores {
		run("floor=gunzip", n, func(b *testing.B, n int) int64 {
			files, err := benchtree.Files(dir)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := benchtree.Gunzip(files, n); err != nil {
				b.Fatal(err)
			}
			return 0
		})
	}
	if zcat, err := exec.LookPath("zcat"); err == nil {
		b.Run("floor=zcat/cores=1", func(b *testing.B) {
			files, err := benchtree.Files(dir)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(benchInfo.Plain)
			for i := 0; i < b.N; i++ {
				// In batches, as xargs would.
				for j := 0; j < len(files); j += 500 {
					cmd := exec.Command(zcat, files[j:min(j+500, len(files))]...)
					cmd.Stdout = io.Discard
					if err := cmd.Run(); err != nil {
						b.Fatal(err)
					}
				}
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(benchInfo.Files)/sec, "files/s")
			benchResults["floor=zcat/cores=1"] = float64(benchInfo.Plain) / sec / 1e6
		})
	} else {
		b.Log("zcat not installed: no zcat floor")
	}
	for _, n := range cores {
		run("baseline=encoding-json", n, func(b *testing.B, n int) int64 {
			files, err := benchtree.Files(dir)
			if err != nil {
				b.Fatal(err)
			}
			records, err := benchtree.Baseline(files, n)
			if err != nil {
				b.Fatal(err)
			}
			return records
		})
	}
	for _, n := range cores {
		// One reused event.Reader per goroutine over the files, without
		// this package: what it adds is the difference.
		run("event.Reader", n, func(b *testing.B, n int) int64 {
			readers := make([]*event.Reader, n)
			recs := make([]event.Record, n)
			var records atomic.Int64
			eachFile(b, dir, n, func(w int, p string) error {
				f, err := os.Open(p)
				if err != nil {
					return err
				}
				defer f.Close()
				if readers[w] == nil {
					readers[w] = event.NewReader(f)
				} else {
					readers[w].Reset(f)
				}
				k := int64(0)
				for {
					err := readers[w].ReadRecord(&recs[w])
					if err == io.EOF {
						break
					}
					if err != nil {
						return err
					}
					k++
				}
				records.Add(k)
				return nil
			})
			return records.Load()
		})
	}
	a := FS(os.DirFS(dir))
	for _, n := range cores {
		run("trailmap=read", n, func(b *testing.B, n int) int64 {
			var p Progress
			err := a.Each(context.Background(), &Options{Workers: n, Progress: &p}, func(r *Record, err error) error {
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			return p.Records.Load()
		})
	}
	for _, n := range cores {
		run("trailmap=records-ordered", n, func(b *testing.B, n int) int64 {
			var records int64
			for _, err := range a.Records(context.Background(), &Options{Workers: n, Ordered: true}) {
				if err != nil {
					b.Fatal(err)
				}
				records++
			}
			return records
		})
	}
	for _, n := range cores {
		run("trailmap=read+route", n, func(b *testing.B, n int) int64 {
			results := make([]trail.Result, n)
			var deliveries atomic.Int64
			counts := make([]int64, n)
			var p Progress
			err := a.Each(context.Background(), &Options{Workers: n, Progress: &p}, func(r *Record, err error) error {
				if err != nil {
					return err
				}
				res := &results[r.Worker]
				rt.RouteInto(r.Event, res)
				counts[r.Worker] += int64(len(res.Deliveries))
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range counts {
				deliveries.Add(c)
			}
			if deliveries.Load() == 0 {
				b.Fatal("no record routed anywhere")
			}
			return p.Records.Load()
		})
	}

	// Alternating: every reader once per iteration, one after the
	// other, so that the load of a shared machine hits them alike; the
	// ratios are of the total times.
	for _, n := range cores {
		b.Run(fmt.Sprintf("alternating/cores=%d", n), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
			total := map[string]time.Duration{}
			for i := 0; i < b.N; i++ {
				for _, r := range readers {
					if r.n != n {
						continue
					}
					start := time.Now()
					r.body(b, n)
					total[r.name] += time.Since(start)
				}
			}
			mbs := func(name string) float64 {
				return float64(benchInfo.Plain) * float64(b.N) / total[name].Seconds() / 1e6
			}
			for _, r := range readers {
				if r.n == n {
					b.ReportMetric(mbs(r.name), r.name+"-MB/s")
				}
			}
			b.ReportMetric(mbs("trailmap=read")/mbs("floor=gunzip"), "read/gunzip")
			b.ReportMetric(mbs("trailmap=read")/mbs("baseline=encoding-json"), "read/json")
			b.ReportMetric(mbs("trailmap=read+route")/mbs("baseline=encoding-json"), "route/json")
			b.ReportMetric(mbs("trailmap=read")/mbs("event.Reader"), "read/event.Reader")
		})
	}

	// The ratios, from this run.
	var names []string
	for k := range benchResults {
		names = append(names, k)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, k := range names {
		fmt.Fprintf(&sb, "\n%-34s %8.1f MB/s", k, benchResults[k])
	}
	ratio := func(x, y string) {
		if benchResults[x] > 0 && benchResults[y] > 0 {
			fmt.Fprintf(&sb, "\n%s / %s = %.2f", x, y, benchResults[x]/benchResults[y])
		}
	}
	for _, n := range cores {
		c := "/cores=" + strconv.Itoa(n)
		ratio("trailmap=read"+c, "floor=gunzip"+c)
		ratio("trailmap=read"+c, "baseline=encoding-json"+c)
		ratio("trailmap=read+route"+c, "baseline=encoding-json"+c)
	}
	b.Log(sb.String())
}

// BenchmarkSmallRead reads ten objects of one record each: what a read
// costs beyond its records (its workers and their buffers, the memory
// held to pace the garbage collector), which a tool reading a bucket one
// folder or one object at a time pays for each.
func BenchmarkSmallRead(b *testing.B) {
	fsys := fstest.MapFS{}
	one := logFile(rec(acctA, "us-east-1", "GetObject", day0, "a"))
	for i := 0; i < 10; i++ {
		fsys[logAt("", "", acctA, "us-east-1", day0.Add(time.Duration(i)*time.Minute), i)] = file(one)
	}
	a := FS(fsys)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var p Progress
				err := a.Each(context.Background(), &Options{Workers: workers, Progress: &p}, func(r *Record, err error) error {
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				if p.Records.Load() != 10 {
					b.Fatalf("%d records, want 10", p.Records.Load())
				}
			}
		})
	}
}

// BenchmarkManyObjects reads 3,000 objects of one record each from
// memory: what each object costs beyond its record (the walk, handing it
// to a worker, opening it, the reader's reset), with one worker and two,
// and with Records in key order.
func BenchmarkManyObjects(b *testing.B) {
	const n = 3000
	fsys := fstest.MapFS{}
	one := logFile(rec(acctA, "us-east-1", "GetObject", day0, "a"))
	for i := 0; i < n; i++ {
		fsys[logAt("", "", acctA, "us-east-1", day0.Add(time.Duration(i)*time.Minute), i)] = file(one)
	}
	a := FS(fsys)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var p Progress
				err := a.Each(context.Background(), &Options{Workers: workers, Progress: &p}, func(r *Record, err error) error {
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				if p.Records.Load() != n {
					b.Fatalf("%d records, want %d", p.Records.Load(), n)
				}
			}
			b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
		})
	}
	for _, ordered := range []bool{false, true} {
		name := "records/workers=2"
		if ordered {
			name = "records-ordered/workers=2"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				records := 0
				for _, err := range a.Records(context.Background(), &Options{Workers: 2, Ordered: ordered}) {
					if err != nil {
						b.Fatal(err)
					}
					records++
				}
				if records != n {
					b.Fatalf("%d records, want %d", records, n)
				}
			}
			b.ReportMetric(n*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
		})
	}
}

// peakRSS returns the process's peak resident set size in MiB, or 0
// where /proc does not tell.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
