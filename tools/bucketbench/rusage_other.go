//go:build !linux

package main

import "os"

// maxRSSKiB returns 0: the peak resident set is read on Linux only.
func maxRSSKiB(ps *os.ProcessState) int64 { return 0 }
