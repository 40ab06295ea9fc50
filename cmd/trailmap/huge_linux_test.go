package main

import (
	"bufio"
	"bytes"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// TestAdviseHugePages checks that adviseHugePages advises huge pages for
// about hugeAdvised bytes of the process's memory where the system gives
// huge pages only to memory that asks (the Size of the mappings whose
// VmFlags hold hg in /proc/self/smaps grows by that much), and nothing
// where it does not, under a low memory limit, or when GODEBUG has
// disablethp=1.
func TestAdviseHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		t.Skipf("no transparent huge pages: %v", err)
	}
	want := int64(0)
	if bytes.Contains(mode, []byte("[madvise]")) {
		want = hugeAdvised - 2*(2<<20) // its aligned part, at least
	}
	before := advisedBytes(t)
	adviseHugePages()
	if got := advisedBytes(t) - before; got < want || want == 0 && got != 0 {
		t.Errorf("mode %q: %d bytes more advised, want at least %d (none when 0)", bytes.TrimSpace(mode), got, want)
	}

	old := debug.SetMemoryLimit(40 << 20)
	before = advisedBytes(t)
	adviseHugePages()
	debug.SetMemoryLimit(old)
	if got := advisedBytes(t) - before; got != 0 {
		t.Errorf("a memory limit of 40 MiB: %d bytes more advised, want none", got)
	}

	t.Setenv("GODEBUG", "disablethp=1")
	before = advisedBytes(t)
	adviseHugePages()
	if got := advisedBytes(t) - before; got != 0 {
		t.Errorf("GODEBUG=disablethp=1: %d bytes more advised, want none", got)
	}
}

// advisedBytes returns the size of the process's mappings advised for
// huge pages.
func advisedBytes(t *testing.T) int64 {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	var total, size int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Size:"):
			kb, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			size = kb << 10
		case strings.HasPrefix(line, "VmFlags:"):
			for _, fl := range strings.Fields(line)[1:] {
				if fl == "hg" {
					total += size
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return total
}
