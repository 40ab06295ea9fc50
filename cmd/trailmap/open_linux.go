package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"unsafe"
)

// openObject opens the file of a bucket tree's object for reading, with
// blocking reads on its descriptor: open, read and close only. os.Open
// costs five system calls more per file (two fcntl to make the
// descriptor non-blocking, an epoll_ctl that fails for a regular file,
// two fcntl to make it blocking again), which over a bucket of thousands
// of small objects is a noticeable part of a run. The errors are those
// os.Open and os.File.Read return (*fs.PathError).
func openObject(name string) (*rawFile, error) {
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

// openFile opens the object name (a valid slash-separated path under
// the root) as openObject opens its path, but relative to a descriptor
// of its folder, which t.folders keeps while the workers read the
// folder's objects: the kernel then looks up one name instead of every
// folder of the path from the working directory down (AWSLogs, the
// organization, account, CloudTrail, Region, year, month and day), and
// the path is not joined unless an error names it. The errors are those
// of openObject with the path.
func (t treeFS) openFile(name string) (fs.File, error) {
	dir, base := ".", name
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		dir, base = name[:i], name[i+1:]
	}
	if t.folders != nil {
		if dfd, slot := t.folders.acquire(t, dir); slot >= 0 {
			fd, err := openAt(dfd, base)
			t.folders.release(slot)
			if err != nil {
				return nil, &fs.PathError{Op: "open", Path: t.path(name), Err: err}
			}
			return &rawFile{fd: fd, prefix: t.prefix, name: name}, nil
		}
	}
	f, err := openObject(t.path(name))
	if err != nil {
		return nil, err
	}
	return f, nil
}

// openAt opens the file name in the folder of descriptor dfd for
// reading, as openObject opens a path.
func openAt(dfd int, name string) (int, error) {
	const flags = syscall.O_RDONLY | syscall.O_CLOEXEC
	var buf [256]byte // the name and its NUL, without an allocation
	if len(name) >= len(buf) || strings.IndexByte(name, 0) >= 0 {
		for {
			fd, err := syscall.Openat(dfd, name, flags, 0)
			if err != syscall.EINTR {
				return fd, err
			}
		}
	}
	copy(buf[:], name)
	buf[len(name)] = 0
	for {
		fd, _, e := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(dfd), uintptr(unsafe.Pointer(&buf[0])), flags, 0, 0, 0)
		switch e {
		case 0:
			return int(fd), nil
		case syscall.EINTR:
			continue
		}
		return -1, e
	}
}

// folders holds descriptors of the folders of a bucket tree whose
// objects are being read (O_PATH: they only name the folder, as a path
// would), the least recently used replaced by the next folder. The
// workers read the objects in key order, folder by folder, so they are
// in one or two folders at a time; a worker that finds every entry in
// use by others opens its object by its path.
type folders struct {
	mu   sync.Mutex
	tick uint64
	ents [8]folderFD
}

type folderFD struct {
	dir  string // the folder's key, "." for the root; "" when unused
	fd   int
	refs int // opens under way with fd
	used uint64
}

// acquire returns a descriptor of the folder dir of t (a key, "." for
// the root) and its entry, to release after use; the entry is -1 when
// there is none to use (every entry in use, or the folder cannot be
// opened, which the open by path then reports).
func (d *folders) acquire(t treeFS, dir string) (fd, slot int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.tick++
	free := -1
	for i := range d.ents {
		e := &d.ents[i]
		if e.dir == dir {
			e.refs++
			e.used = d.tick
			return e.fd, i
		}
		if e.refs == 0 && (free < 0 || e.dir == "" || d.ents[free].dir != "" && e.used < d.ents[free].used) {
			free = i
		}
	}
	if free < 0 {
		return -1, -1
	}
	e := &d.ents[free]
	if e.dir != "" {
		syscall.Close(e.fd)
		e.dir = ""
	}
	for {
		fd, err := syscall.Open(t.path(dir), oPath|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, -1
		}
		*e = folderFD{dir: dir, fd: fd, refs: 1, used: d.tick}
		return fd, free
	}
}

// release ends a use of the entry acquire returned.
func (d *folders) release(slot int) {
	d.mu.Lock()
	d.ents[slot].refs--
	d.mu.Unlock()
}

// close closes the descriptors held; none may be in use.
func (d *folders) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range d.ents {
		if e := &d.ents[i]; e.dir != "" {
			syscall.Close(e.fd)
			*e = folderFD{}
		}
	}
}

func newFolders() *folders { return &folders{} }

// rawFile is a file read through its descriptor, with blocking reads.
// Its path is prefix and name joined (as treeFS.path joins them), for
// the errors that name it.
type rawFile struct {
	fd     int
	prefix string
	name   string
}

func (f *rawFile) path() string {
	if f.prefix == "" {
		return f.name
	}
	return f.prefix + filepath.FromSlash(f.name)
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
			return 0, &fs.PathError{Op: "read", Path: f.path(), Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *rawFile) Close() error {
	if f.fd < 0 {
		return &fs.PathError{Op: "close", Path: f.path(), Err: fs.ErrClosed}
	}
	err := syscall.Close(f.fd)
	f.fd = -1
	if err != nil {
		return &fs.PathError{Op: "close", Path: f.path(), Err: err}
	}
	return nil
}

// Stat returns the file's information, as os.Stat of its path does.
func (f *rawFile) Stat() (fs.FileInfo, error) { return os.Stat(f.path()) }

// oPath is Linux's O_PATH (package syscall does not name it): a
// descriptor that names a file without opening it for reading.
const oPath = 0x200000
