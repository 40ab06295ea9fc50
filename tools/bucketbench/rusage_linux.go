package main

import (
	"os"
	"syscall"
)

// maxRSSKiB returns the peak resident set of the process that ended, in
// KiB.
func maxRSSKiB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss // KiB on Linux
	}
	return 0
}
