package main

import (
	"io"
	"io/fs"
	"syscall"
)

// openObject opens the file of a bucket tree's object for reading, with
// blocking reads on its descriptor: open, read and close only. os.Open
// costs five system calls more per file (two fcntl to make the
// descriptor non-blocking, an epoll_ctl that fails for a regular file,
// two fcntl to make it blocking again), which over a bucket of thousands
// of small objects is a noticeable part of a run. The errors are those
// os.Open and os.File.Read return (*fs.PathError).
func openObject(name string) (io.ReadCloser, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		switch err {
		case nil:
			return &rawFile{fd: fd, name: name}, nil
		case syscall.EINTR:
			continue
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
}

// rawFile is a file read through its descriptor, with blocking reads.
type rawFile struct {
	fd   int
	name string
}

func (f *rawFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(p) > 1<<30 {
		p = p[:1<<30]
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *rawFile) Close() error {
	if f.fd < 0 {
		return &fs.PathError{Op: "close", Path: f.name, Err: fs.ErrClosed}
	}
	err := syscall.Close(f.fd)
	f.fd = -1
	if err != nil {
		return &fs.PathError{Op: "close", Path: f.name, Err: err}
	}
	return nil
}
