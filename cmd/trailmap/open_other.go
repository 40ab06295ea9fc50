//go:build !linux

package main

import (
	"io"
	"os"
)

// openObject opens the file of a bucket tree's object for reading.
func openObject(name string) (io.ReadCloser, error) { return os.Open(name) }
