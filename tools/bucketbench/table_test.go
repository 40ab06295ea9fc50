package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/internal/benchtree"
)

// TestTable: the table gives each reader's speeds from processor time on
// one core and elapsed time on more, judges each target by the median of
// the per-round ratios, and says why a row is missing.
func TestTable(t *testing.T) {
	ms := func(elapsed, cpu int) sample {
		return sample{elapsed: time.Duration(elapsed) * time.Millisecond, cpu: time.Duration(cpu) * time.Millisecond, rssKiB: 20 << 10}
	}
	tb := table{
		info:  benchtree.Info{Files: 1000, Records: 50000, Plain: 100e6},
		cores: []int{1, 2},
		readers: []reader{
			{key: "floor", name: "floor"},
			{key: "baseline", name: "baseline"},
			{key: "each", name: "each", trailmap: true},
		},
		samples: map[string][][]sample{
			// One core: 100 ms of processor time (1,000 MB/s) whatever the
			// elapsed time; two cores: 50 ms elapsed.
			"floor":    {{ms(400, 100), ms(100, 100), ms(100, 100)}, {ms(50, 100), ms(50, 100), ms(50, 100)}},
			"baseline": {{ms(1000, 1000), ms(1000, 1000), ms(1000, 1000)}, {ms(500, 1000), ms(500, 1000), ms(500, 1000)}},
			// 0.8, 0.5 and 0.9 of the floor on one core: median 0.8, met;
			// 0.5 of it on two cores: not met.
			"each": {{ms(125, 125), ms(200, 200), ms(111, 111)}, {ms(100, 300), ms(100, 300), ms(100, 300)}},
		},
		rounds:      3,
		zcatMissing: errors.New(`exec: "zcat": executable file not found in $PATH`),
		grow:        4,
		grown:       map[string][]sample{"each": {{rssKiB: 30 << 10}, {rssKiB: 70 << 10}}},
	}
	var b strings.Builder
	tb.write(&b)
	out := b.String()
	for _, want := range []string{
		"| floor | 1,000 (1,000–1,000) | 10,000 | 20.0 MiB | 2,000 (2,000–2,000) | 20,000 | 20.0 MiB |",
		"| each | 0.80 (0.50–0.90) met | 0.50 (0.50–0.50) **not met** | 0.33 (0.33–0.33) | 8.00 (5.00–9.01) met | 5.00 (5.00–5.00) met | 20.0 MiB; 4× the tree: 70.0 MiB **not met** |",
		"(No `zcat` row: exec: \"zcat\": executable file not found in $PATH.)",
		"processor time on 1 core, elapsed on 2 cores",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %q, want %q", n, got, want)
		}
	}
}
