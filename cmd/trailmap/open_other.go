//go:build !linux

package main

import (
	"io"
	"io/fs"
	"os"
)

// openObject opens the file of a bucket tree's object for reading.
func openObject(name string) (io.ReadCloser, error) { return os.Open(name) }

// openFile opens the object name (a valid slash-separated path under
// the root) by its path.
func (t treeFS) openFile(name string) (fs.File, error) { return os.Open(t.path(name)) }

// folders holds nothing here: objects are opened by their paths.
type folders struct{}

func newFolders() *folders { return nil }

func (*folders) close() {}
