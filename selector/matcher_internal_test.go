package selector

import (
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
)

// The prefix and suffix tables agree with a linear scan at every size.
func TestAffixTables(t *testing.T) {
	vals := []string{"a", "ab", "abc", "b", "ba", "cab", "arn:aws:s3:::b/", "arn:aws:s3:::b/k", "arn:aws:s3:::bb/", "", "zz", "k", "/k", ".csv", "x.csv"}
	probes := append([]string{"abcd", "bab", "arn:aws:s3:::b/k/x", "arn:aws:s3:::bb/1", "q", "zzz", "y.csv", "c"}, vals...)
	for n := 0; n <= len(vals); n++ {
		for start := 0; start < len(vals); start += 3 {
			var set []string
			for i := 0; i < n; i++ {
				set = append(set, vals[(start+i)%len(vals)])
			}
			pre, suf, eq := prefixFree(set), suffixFree(set), newStrSet(set)
			for _, p := range probes {
				wantPre, wantSuf, wantEq := false, false, false
				for _, x := range set {
					wantPre = wantPre || strings.HasPrefix(p, x)
					wantSuf = wantSuf || strings.HasSuffix(p, x)
					wantEq = wantEq || p == x
				}
				if got := hasPrefixIn(pre, p); got != wantPre {
					t.Errorf("prefix %q in %q = %v, want %v (table %q)", p, set, got, wantPre, pre)
				}
				if got := hasSuffixIn(suf, p); got != wantSuf {
					t.Errorf("suffix %q in %q = %v, want %v (table %q)", p, set, got, wantSuf, suf)
				}
				if got := eq.has(p); got != wantEq {
					t.Errorf("equals %q in %q = %v, want %v", p, set, got, wantEq)
				}
			}
		}
	}
}

// A Matcher is shared by goroutines without locking (run with -race).
func TestMatchConcurrent(t *testing.T) {
	m := MustCompile(append(largeSelectors()[:19], DefaultManagement()...))
	if n := countValues(largeSelectors()); n != MaxAdvancedValues {
		t.Fatalf("largeSelectors has %d values, want %d", n, MaxAdvancedValues)
	}
	recs := []*event.Record{mgmt("iam.amazonaws.com", "CreateUser", no()), s3Data("GetObject", "bucket-7", "k", yes()), s3Data("GetObject", "bucket-999", "k", yes())}
	want := []bool{true, true, false}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			ok := true
			for i := 0; i < 200; i++ {
				for j, rec := range recs {
					ok = ok && m.Match(rec) == want[j] && m.Explain(rec).Selected == want[j]
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Error("concurrent Match gave a wrong answer")
		}
	}
}
