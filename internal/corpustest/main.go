package corpustest

import (
	"flag"
	"os"
	"runtime/debug"
	"testing"
)

// TestGCPercent is the collector's GOGC that [Main] sets for a run of
// tests.
const TestGCPercent = 400

// Main runs a package's tests, as its TestMain, with the collector
// running a quarter as often as by default (GOGC=[TestGCPercent]),
// unless GOGC is set or benchmarks were asked for (-test.bench), which
// keep the default so that their figures stay those a user gets.
//
// The tests of the decoding packages allocate some gigabytes between
// them, much of it in memory the collector frees and the runtime hands
// back to the system and takes again: on a virtual machine, where each
// new page costs a fault of several microseconds, the default doubled
// the time of `go test ./...` (event's tests: 10.5 s with GOGC=100, 5.8
// s with 400, the page faults 211k and 92k). Tests that bound memory
// measure it after runtime.GC, which this does not change.
func Main(m *testing.M) {
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
			debug.SetGCPercent(TestGCPercent)
		}
	}
	os.Exit(m.Run())
}
