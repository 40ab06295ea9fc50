// Command bucketbench measures reading a whole bucket tree, every reader
// side by side in the same rounds, and writes the table README.md's
// Performance section shows: MB/s of decompressed JSON and files/s, on
// one core and on all, the peak resident set of each reader, and each
// reader's ratios against the floors, the baseline and the targets.
//
// Usage (from the module's root):
//
//	go run ./tools/bucketbench [-tree DIR] [-rounds N] [-cores 1,2] [-deployment FILE] [-raw FILE]
//
// The tree is internal/benchtree's (made in DIR/bucket when DIR does
// not hold it yet; DIR is $TRAILMAP_ARCHIVE_TREE by default, the folder
// trail/archive's benchmark uses, else a temporary folder removed at the
// end). Every reader is a separate process, built first from this
// checkout with go build:
//
//   - floor, zcat: zcat over the tree's files (listed beforehand, in
//     batches of 500 as xargs would give them; on n cores n batches at
//     once). Left out, saying why, when zcat is not on PATH.
//   - floor, gunzip: a standard-library program that walks the tree and
//     gunzips every file with compress/gzip into io.Discard, by GOMAXPROCS
//     goroutines (./tools/bucketbench/floor).
//   - baseline: the honest user's program: walk, compress/gzip and
//     encoding/json into a struct of eight fields, by GOMAXPROCS goroutines
//     (./tools/bucketbench/baseline).
//   - archive.Each with every record decoded; and with every record routed
//     through a trail.Router (Router.RouteInto), decoding every member or
//     only those routing reads (./tools/bucketbench/library).
//   - trailmap route -format json DIR > /dev/null, and trailmap route
//     -summary DIR: what a user runs (./cmd/trailmap).
//
// Each runs with GOMAXPROCS set to each of -cores. A first round, not
// counted, warms the page cache and checks that every reader read the
// whole tree. Then each round runs every reader on every core count once,
// in a random order, so that load from elsewhere falls on all of them
// alike. On one core the speeds are of processor time (user and system,
// from the kernel's accounting of the process), which the rest of a
// shared machine disturbs least; on more, of elapsed time, the speed a
// user waits for. Ratios are taken within each round and their median is
// given with the least and the greatest; the peak resident set is the
// greatest of the rounds.
package main

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/benchtree"
)

func main() {
	treeDir := flag.String("tree", os.Getenv("TRAILMAP_ARCHIVE_TREE"), "the folder holding the tree in bucket/ (made there when absent); a temporary one when empty")
	rounds := flag.Int("rounds", 10, "rounds counted, after one to warm up")
	coresFlag := flag.String("cores", defaultCores(), "comma-separated GOMAXPROCS values to measure")
	depFile := flag.String("deployment", "cmd/trailmap/demo/deployment.json", "the deployment to route through, relative to the module's root unless absolute")
	raw := flag.String("raw", "", "also write every measurement to this file (tab-separated)")
	grow := flag.Int("grow", 0, "also read, once on each core count, the tree's objects this many times over (linked under as many organization folders), for the peak resident set of the floor and trailmap's readers on a larger tree")
	flag.Parse()
	if err := run(*treeDir, *rounds, *coresFlag, *depFile, *raw, *grow); err != nil {
		fmt.Fprintln(os.Stderr, "bucketbench:", err)
		os.Exit(1)
	}
}

func defaultCores() string {
	if n := runtime.NumCPU(); n > 1 {
		return "1," + strconv.Itoa(n)
	}
	return "1"
}

// A reader is one way of reading the tree.
type reader struct {
	key, name string
	// args are the command and its arguments, the tree's folder last;
	// nil for zcat, which runs in batches.
	args []string
	// check is what the reader counts and writes to standard error
	// ("records" for "records N", or "bytes"), checked in the warm-up
	// round; empty for none.
	check string
	// ratios: whether the targets apply to it (trailmap's readers).
	trailmap bool
}

// A sample is one run of one reader.
type sample struct {
	elapsed, cpu time.Duration
	rssKiB       int64
}

func run(treeDir string, rounds int, coresFlag, depFile, rawFile string, grow int) error {
	var cores []int
	for _, s := range strings.Split(coresFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-cores %q: %q is not a positive number", coresFlag, s)
		}
		cores = append(cores, n)
	}
	if rounds < 1 {
		return errors.New("-rounds must be at least 1")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(depFile) {
		depFile = filepath.Join(root, depFile)
	}
	if _, err := os.Stat(depFile); err != nil {
		return err
	}
	if treeDir == "" {
		tmp, err := os.MkdirTemp("", "bucketbench-tree")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		treeDir = tmp
	}
	fmt.Fprintln(os.Stderr, "making or counting the tree in", treeDir)
	info, err := benchtree.Make(treeDir)
	if err != nil {
		return err
	}
	bucket := filepath.Join(treeDir, "bucket")
	files, err := benchtree.Files(bucket)
	if err != nil {
		return err
	}
	if len(files) != info.Files {
		return fmt.Errorf("%s holds %d files, its tree-complete says %d", bucket, len(files), info.Files)
	}
	var gzBytes int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return err
		}
		gzBytes += st.Size()
	}

	bin, err := os.MkdirTemp("", "bucketbench-bin")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bin)
	for _, p := range []string{"./tools/bucketbench/floor", "./tools/bucketbench/baseline", "./tools/bucketbench/library", "./cmd/trailmap"} {
		fmt.Fprintln(os.Stderr, "go build", p)
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, filepath.Base(p)), p)
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", p, err)
		}
	}
	tm := filepath.Join(bin, "trailmap")
	readers := []reader{
		{key: "zcat", name: "floor: `zcat` (batches of 500 files, one per core at once)"},
		{key: "floor", name: "floor: walk + `compress/gzip` only (standard library)", args: []string{filepath.Join(bin, "floor")}, check: "bytes"},
		{key: "baseline", name: "baseline: walk + gunzip + `encoding/json` into 8 fields", args: []string{filepath.Join(bin, "baseline")}, check: "records"},
		{key: "each", name: "`archive.Each`, every record decoded", args: []string{filepath.Join(bin, "library")}, check: "records", trailmap: true},
		{key: "each+route", name: "`archive.Each` + `Router.RouteInto`, every record decoded", args: []string{filepath.Join(bin, "library"), "-deployment", depFile}, check: "records", trailmap: true},
		{key: "each+route-members", name: "`archive.Each` + `Router.RouteInto`, decoding what routing reads", args: []string{filepath.Join(bin, "library"), "-deployment", depFile, "-members"}, check: "records", trailmap: true},
		{key: "route-json", name: "`trailmap route -format json > /dev/null`", args: []string{tm, "route", "-deployment", depFile, "-format", "json"}, trailmap: true},
		{key: "route-summary", name: "`trailmap route -summary`", args: []string{tm, "route", "-deployment", depFile, "-summary"}, trailmap: true},
	}
	zcat, zerr := exec.LookPath("zcat")
	if zerr != nil {
		fmt.Fprintln(os.Stderr, "zcat is not on PATH: its floor is left out:", zerr)
		readers = readers[1:]
	}

	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer devNull.Close()
	// runOne runs reader r on n cores over the tree in dir, checking,
	// when verify is set, that it read what want counts.
	runOne := func(r reader, n int, dir string, files []string, want benchtree.Info, verify bool) (sample, error) {
		if r.key == "zcat" {
			return runZcat(zcat, files, n, devNull)
		}
		cmd := exec.Command(r.args[0], append(r.args[1:], dir)...)
		cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(n))
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = devNull, &stderr
		var lines *lineCounter
		if verify && r.key == "route-json" {
			lines = &lineCounter{}
			cmd.Stdout = lines
		}
		start := time.Now()
		err := cmd.Run()
		s := sample{elapsed: time.Since(start)}
		if err != nil {
			return s, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, stderr.String())
		}
		s.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		s.rssKiB = maxRSSKiB(cmd.ProcessState)
		if verify && r.check != "" {
			count := fmt.Sprintf("%s %d", r.check, want.Records)
			if r.check == "bytes" {
				count = fmt.Sprintf("%s %d", r.check, want.Plain)
			}
			if got := stderr.String(); !strings.Contains(got, count+"\n") && !strings.Contains(got, count+" ") {
				return s, fmt.Errorf("%s read the tree wrong: it wrote %q, want %q", r.key, got, count)
			}
		}
		if lines != nil && lines.n != int64(want.Records) {
			return s, fmt.Errorf("%s wrote %d lines, want one a record, %d", r.key, lines.n, want.Records)
		}
		return s, nil
	}

	type job struct {
		r reader
		n int
	}
	var jobs []job
	for _, r := range readers {
		for _, n := range cores {
			jobs = append(jobs, job{r, n})
		}
	}
	samples := map[string][][]sample{} // key → core index → round
	for _, r := range readers {
		samples[r.key] = make([][]sample, len(cores))
	}
	coreIndex := map[int]int{}
	for i, n := range cores {
		coreIndex[n] = i
	}
	load0 := loadAverage()
	startTime := time.Now()
	var rawOut strings.Builder
	fmt.Fprintf(&rawOut, "round\treader\tcores\telapsed_ns\tcpu_ns\tmaxrss_kib\n")
	rnd := rand.New(rand.NewSource(time.Now().UnixNano()))
	loadMin, loadMax := load0, load0
	for round := 0; round <= rounds; round++ {
		rnd.Shuffle(len(jobs), func(i, j int) { jobs[i], jobs[j] = jobs[j], jobs[i] })
		for _, j := range jobs {
			s, err := runOne(j.r, j.n, bucket, files, info, round == 0)
			if err != nil {
				return err
			}
			if round > 0 {
				ci := coreIndex[j.n]
				samples[j.r.key][ci] = append(samples[j.r.key][ci], s)
				fmt.Fprintf(&rawOut, "%d\t%s\t%d\t%d\t%d\t%d\n", round, j.r.key, j.n, s.elapsed.Nanoseconds(), s.cpu.Nanoseconds(), s.rssKiB)
			}
		}
		l := loadAverage()
		loadMin, loadMax = min(loadMin, l), max(loadMax, l)
		fmt.Fprintf(os.Stderr, "round %d of %d done (load average %.1f)\n", round, rounds, l)
	}
	grown := map[string][]sample{} // key → core index
	if grow > 1 {
		dir, err := growTree(treeDir, bucket, files, grow)
		if err != nil {
			return err
		}
		want := benchtree.Info{Files: info.Files * grow, Records: info.Records * grow, Plain: info.Plain * int64(grow)}
		var gjobs []job
		for _, j := range jobs {
			if j.r.trailmap || j.r.key == "floor" {
				gjobs = append(gjobs, j)
			}
		}
		for run := 1; run <= growRuns; run++ {
			rnd.Shuffle(len(gjobs), func(i, j int) { gjobs[i], gjobs[j] = gjobs[j], gjobs[i] })
			for _, j := range gjobs {
				s, err := runOne(j.r, j.n, dir, nil, want, run == 1)
				if err != nil {
					return err
				}
				grown[j.r.key] = append(grown[j.r.key], s)
				fmt.Fprintf(&rawOut, "grow%d-%d\t%s\t%d\t%d\t%d\t%d\n", grow, run, j.r.key, j.n, s.elapsed.Nanoseconds(), s.cpu.Nanoseconds(), s.rssKiB)
			}
			fmt.Fprintf(os.Stderr, "the tree %d times over: run %d of %d done\n", grow, run, growRuns)
		}
	}
	if rawFile != "" {
		if err := os.WriteFile(rawFile, []byte(rawOut.String()), 0o644); err != nil {
			return err
		}
	}

	t := table{
		info: info, gzBytes: gzBytes, cores: cores, readers: readers, samples: samples, rounds: rounds,
		grow: grow, grown: grown,
		load: [2]float64{loadMin, loadMax}, took: time.Since(startTime), zcatMissing: zerr,
		build: buildOf(tm, root), machine: machine(), depFile: depFile, root: root,
	}
	t.write(os.Stdout)
	return nil
}

// growRuns is how many times each reader reads the grown tree on each
// core count, in a random order each time.
const growRuns = 3

// growTree links the tree's files grow times over, each time under
// another organization folder (o-copy000000, o-copy000001, ...), in
// treeDir/grown-N/bucket, unless it is there already, and returns that
// folder. It copies a file where it cannot link it.
func growTree(treeDir, bucket string, files []string, grow int) (string, error) {
	root := filepath.Join(treeDir, fmt.Sprintf("grown-%d", grow))
	dir := filepath.Join(root, "bucket")
	done := filepath.Join(root, "tree-complete")
	if _, err := os.Stat(done); err == nil {
		return dir, nil
	}
	fmt.Fprintf(os.Stderr, "linking the tree %d times over in %s\n", grow, dir)
	from := string(filepath.Separator) + benchtree.OrgID + string(filepath.Separator)
	for i := 0; i < grow; i++ {
		to := string(filepath.Separator) + fmt.Sprintf("o-copy%06d", i) + string(filepath.Separator)
		for _, f := range files {
			rel, err := filepath.Rel(bucket, f)
			if err != nil {
				return "", err
			}
			dst := filepath.Join(dir, strings.Replace(string(filepath.Separator)+rel, from, to, 1))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return "", err
			}
			if err := os.Link(f, dst); err != nil && !errors.Is(err, os.ErrExist) {
				b, rerr := os.ReadFile(f)
				if rerr != nil {
					return "", rerr
				}
				if err := os.WriteFile(dst, b, 0o644); err != nil {
					return "", err
				}
			}
		}
	}
	return dir, os.WriteFile(done, nil, 0o644)
}

// runZcat runs zcat over the files in batches of 500, n at once, and
// returns the elapsed time of all, their processor time summed and the
// greatest peak resident set.
func runZcat(zcat string, files []string, n int, out *os.File) (sample, error) {
	const batch = 500
	var batches [][]string
	for i := 0; i < len(files); i += batch {
		batches = append(batches, files[i:min(i+batch, len(files))])
	}
	type result struct {
		s   sample
		err error
	}
	next := make(chan []string)
	done := make(chan result)
	for w := 0; w < n; w++ {
		go func() {
			var r result
			for b := range next {
				if r.err != nil {
					continue
				}
				cmd := exec.Command(zcat, b...)
				var stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = out, &stderr
				if err := cmd.Run(); err != nil {
					r.err = fmt.Errorf("zcat: %w\n%s", err, stderr.String())
					continue
				}
				r.s.cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				r.s.rssKiB = max(r.s.rssKiB, maxRSSKiB(cmd.ProcessState))
			}
			done <- r
		}()
	}
	start := time.Now()
	for _, b := range batches {
		next <- b
	}
	close(next)
	var s sample
	var err error
	for w := 0; w < n; w++ {
		r := <-done
		s.cpu += r.s.cpu
		s.rssKiB = max(s.rssKiB, r.s.rssKiB)
		err = errors.Join(err, r.err)
	}
	s.elapsed = time.Since(start)
	return s, err
}

// lineCounter counts the lines written to it.
type lineCounter struct{ n int64 }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += int64(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

// moduleRoot returns the folder of the module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the trailmap module: run it from the module's root")
	}
	return filepath.Dir(mod), nil
}

// build says which commit the readers were built from.
type build struct {
	revision, time, goVersion string
	modified                  bool
}

// buildOf reads the Go version of the binary at path and asks git in
// root for the commit checked out (go build records it only with
// -buildvcs, which GOFLAGS may turn off) and whether the tracked files
// differ from it.
func buildOf(path, root string) build {
	var b build
	if bi, err := buildinfo.ReadFile(path); err == nil {
		b.goVersion = bi.GoVersion
	}
	cmd := exec.Command("git", "log", "-1", "--format=%H %cI")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		b.revision, b.time, _ = strings.Cut(strings.TrimSpace(string(out)), " ")
	}
	cmd = exec.Command("git", "status", "--porcelain", "--untracked-files=no")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		b.modified = len(bytes.TrimSpace(out)) > 0
	}
	return b
}

// machine describes the processor, from /proc/cpuinfo where there is
// one.
func machine() string {
	m := fmt.Sprintf("%s/%s, %d cores", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return m + " (" + strings.TrimSpace(v) + ")"
		}
	}
	return m
}

// loadAverage returns the load average of the last minute, from
// /proc/loadavg, or 0.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}
