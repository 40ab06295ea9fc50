//go:build !linux

package main

import "os"

// isTerminal reports whether f is a character device other than the null
// device: close to isatty on systems where the command does not ask the
// terminal driver.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}
