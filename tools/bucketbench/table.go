package main

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/trailmap/trailmap/internal/benchtree"
)

// The targets of reading a whole bucket (issue "Whole buckets at the
// speed of gunzip").
const (
	targetOneCore  = 0.75 // of the gunzip-only floor, one core
	targetAllCores = 0.90 // of the gunzip-only floor, all cores
	targetBaseline = 3.0  // times the honest user's baseline, same cores
	targetRSSMiB   = 64
)

// table is what a run measured, written as Markdown.
type table struct {
	info        benchtree.Info
	gzBytes     int64
	cores       []int
	readers     []reader
	samples     map[string][][]sample
	rounds      int
	load        [2]float64
	took        time.Duration
	zcatMissing error
	grow        int                 // the -grow factor, 0 for none
	grown       map[string][]sample // key → core index: one run over the grown tree
	build       build
	machine     string
	depFile     string
	root        string
}

// speed returns the time of s that speeds on n cores are of: processor
// time on one core, elapsed time on more.
func speedTime(s sample, n int) time.Duration {
	if n == 1 {
		return s.cpu
	}
	return s.elapsed
}

// per returns f of each round's sample of reader key on core index ci.
func (t *table) per(key string, ci int, f func(s sample) float64) []float64 {
	var out []float64
	for _, s := range t.samples[key][ci] {
		out = append(out, f(s))
	}
	return out
}

// ratio returns, for each round, how many times as fast as reader of
// reader key was on core index ci: in the time speeds are of on that
// many cores (speedTime), or in processor time when cpu is set.
func (t *table) ratio(key, of string, ci int, cpu bool) []float64 {
	n := t.cores[ci]
	if cpu {
		n = 1
	}
	var out []float64
	a, b := t.samples[key][ci], t.samples[of][ci]
	for i := range min(len(a), len(b)) {
		out = append(out, float64(speedTime(b[i], n))/float64(speedTime(a[i], n)))
	}
	return out
}

func spread(x []float64, format func(float64) string) string {
	if len(x) == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%s–%s)", format(benchtree.Median(x)), format(benchtree.Quantile(x, 0)), format(benchtree.Quantile(x, 1)))
}

func whole(v float64) string { return group(int64(v + 0.5)) }
func two(v float64) string   { return strconv.FormatFloat(v, 'f', 2, 64) }
func one(v float64) string   { return strconv.FormatFloat(v, 'f', 1, 64) }

// group writes n with a comma between groups of three digits.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func coresName(n int) string {
	if n == 1 {
		return "1 core"
	}
	return strconv.Itoa(n) + " cores"
}

func (t *table) write(w io.Writer) {
	info := t.info
	rev := t.build.revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev == "":
		rev = "a commit git did not name"
	case t.build.time != "":
		rev += " of " + t.build.time
	}
	if t.build.modified {
		rev += " with uncommitted changes"
	}
	fmt.Fprintf(w, "Tree: %s objects (%d × %d × %d day folders of %d small files of 1–50 records, and %d of %s–%s), %s records, %.1f MB of JSON (%.1f MB gzipped).  \n",
		group(int64(info.Files)), benchtree.Accounts, benchtree.Regions, benchtree.Days, benchtree.FilesPerDay,
		benchtree.Big, group(benchtree.BigRecords/2), group(3*benchtree.BigRecords/2),
		group(int64(info.Records)), float64(info.Plain)/1e6, float64(t.gzBytes)/1e6)
	fmt.Fprintf(w, "Build: %s, %s. Machine: %s; load average %.1f–%.1f during the %d rounds (%s).  \n",
		rev, t.build.goVersion, t.machine, t.load[0], t.load[1], t.rounds, t.took.Round(time.Second))
	fmt.Fprintf(w, "Every reader a separate process, once a round on each core count in random order; median (least–greatest) of the rounds (files/s: median). "+
		"On 1 core speeds are of processor time (user + system), on more of elapsed time; peak RSS is the greatest of the rounds.\n\n")

	head := "| reader |"
	rule := "|---|"
	for _, n := range t.cores {
		head += fmt.Sprintf(" %s: MB/s | files/s | peak RSS |", coresName(n))
		rule += "---:|---:|---:|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	for _, r := range t.readers {
		row := "| " + r.name + " |"
		for ci, n := range t.cores {
			mbs := t.per(r.key, ci, func(s sample) float64 { return float64(info.Plain) / speedTime(s, n).Seconds() / 1e6 })
			fps := t.per(r.key, ci, func(s sample) float64 { return float64(info.Files) / speedTime(s, n).Seconds() })
			rss := t.per(r.key, ci, func(s sample) float64 { return float64(s.rssKiB) / 1024 })
			row += fmt.Sprintf(" %s | %s | %s MiB |", spread(mbs, whole), whole(benchtree.Median(fps)), one(benchtree.Quantile(rss, 1)))
		}
		fmt.Fprintln(w, row)
	}
	if t.zcatMissing != nil {
		fmt.Fprintf(w, "\n(No `zcat` row: %v.)\n", t.zcatMissing)
	}

	// The targets, for trailmap's readers.
	last := len(t.cores) - 1
	all := t.cores[last]
	fmt.Fprintln(w)
	head = fmt.Sprintf("| trailmap reader | 1 core / floor (≥ %.2f) |", targetOneCore)
	rule = "|---|---|"
	if all > 1 {
		head += fmt.Sprintf(" %s / floor (≥ %.2f) | %s / floor, processor time |", coresName(all), targetAllCores, coresName(all))
		rule += "---|---|"
	}
	head += fmt.Sprintf(" / baseline, 1 core (≥ %.0f×) |", targetBaseline)
	rule += "---|"
	if all > 1 {
		head += fmt.Sprintf(" / baseline, %s (≥ %.0f×) |", coresName(all), targetBaseline)
		rule += "---|"
	}
	head += fmt.Sprintf(" peak RSS (≤ %d MiB) |", targetRSSMiB)
	rule += "---|"
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	verdict := func(x []float64, target float64) string {
		s := spread(x, two)
		if benchtree.Median(x) >= target {
			return s + " met"
		}
		return s + " **not met**"
	}
	for _, r := range t.readers {
		if !r.trailmap {
			continue
		}
		row := "| " + r.name + " | " + verdict(t.ratio(r.key, "floor", 0, false), targetOneCore) + " |"
		if all > 1 {
			row += " " + verdict(t.ratio(r.key, "floor", last, false), targetAllCores) + " |"
			row += " " + spread(t.ratio(r.key, "floor", last, true), two) + " |"
		}
		row += " " + verdict(t.ratio(r.key, "baseline", 0, false), targetBaseline) + " |"
		if all > 1 {
			row += " " + verdict(t.ratio(r.key, "baseline", last, false), targetBaseline) + " |"
		}
		var peak, grownPeak float64
		for ci := range t.cores {
			for _, s := range t.samples[r.key][ci] {
				peak = max(peak, float64(s.rssKiB)/1024)
			}
		}
		for _, s := range t.grown[r.key] {
			grownPeak = max(grownPeak, float64(s.rssKiB)/1024)
		}
		v := " met"
		if max(peak, grownPeak) > targetRSSMiB {
			v = " **not met**"
		}
		cell := one(peak) + " MiB"
		if len(t.grown[r.key]) > 0 {
			cell += fmt.Sprintf("; %d× the tree: %s MiB", t.grow, one(grownPeak))
		}
		row += " " + cell + v + " |"
		fmt.Fprintln(w, row)
	}
	if len(t.grown["floor"]) > 0 {
		var fp float64
		for _, s := range t.grown["floor"] {
			fp = max(fp, float64(s.rssKiB)/1024)
		}
		fmt.Fprintf(w, "\nPeak RSS %d× the tree: the tree's objects linked under %d organization folders (%s objects), read %d times on each core count after the rounds, the greatest; the floor's: %s MiB.\n",
			t.grow, t.grow, group(int64(t.info.Files*t.grow)), growRuns, one(fp))
	}
	times := "processor time on 1 core"
	if all > 1 {
		times += ", elapsed on " + coresName(all)
	}
	fmt.Fprintf(w, "\nRatios are of speeds within a round (floor or baseline time over the reader's: %s), median (least–greatest); "+
		"a target is met when the median is.", times)
	if all > 1 {
		fmt.Fprintf(w, " Processor time on %s, which other work on the machine disturbs less than elapsed time, tells what the reader spends beside the floor, not how soon it ends.", coresName(all))
	}
	fmt.Fprintln(w)
}
