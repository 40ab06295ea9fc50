package archive

import (
	"context"
	"errors"
	"io/fs"
	"iter"
	"strings"

	"github.com/trailmap/trailmap/trail"
)

// Objects returns an iterator over the objects of the archive that f
// selects (all of them when f is nil), in key order: folder by folder,
// names in byte order within a folder, the order of fs.WalkDir. Keys are
// filtered before anything is opened, and folders that cannot hold a
// selected object are not listed (see Filter).
//
// An object whose key trail.ParseKey rejects is yielded with a zero
// Parsed and an *Error wrapping the *trail.KeyError (errors.Is(err,
// trail.ErrNotKey)); a folder that cannot be listed is yielded as an
// *Error naming the folder, and the walk goes on. Iteration stops when
// ctx is done, yielding ctx's error last.
//
// Objects is the walk Archive.Records and Archive.Each read from; it is
// exported for tools that need the objects themselves, such as a log
// file integrity check pairing digests with log files.
func (a *Archive) Objects(ctx context.Context, f *Filter) iter.Seq2[Object, error] {
	if f == nil {
		f = &Filter{}
	}
	return func(yield func(Object, error) bool) {
		var (
			done    = ctx.Done()
			stopped bool
		)
		visit := func(key string) bool {
			k, err := trail.ParseKey(key)
			if err != nil {
				return yield(Object{Key: key}, &Error{Key: key, Err: err})
			}
			if !f.MatchKey(&k) {
				return true
			}
			return yield(Object{Key: key, Parsed: k}, nil)
		}
		if a.fsys == nil {
			prunes := !f.selectsAll()
			for i, key := range a.keys {
				if i%256 == 0 && ctx.Err() != nil {
					yield(Object{}, ctx.Err())
					return
				}
				// As for an FS, objects in folders an FS walk would
				// not list are not reported.
				if prunes && f.prune(keyDir(key)) {
					continue
				}
				if !visit(key) {
					return
				}
			}
			return
		}
		errStop := errors.New("stop")
		err := fs.WalkDir(a.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			select {
			case <-done:
				return ctx.Err()
			default:
			}
			if err != nil {
				// A folder that cannot be read (or the root).
				if !yield(Object{}, &Error{Key: p, Err: err}) {
					stopped = true
					return errStop
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != "." && f.prune(p) {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil // devices, pipes: not objects
			}
			if !visit(p) {
				stopped = true
				return errStop
			}
			return nil
		})
		if err != nil && !stopped && !errors.Is(err, errStop) {
			yield(Object{}, err)
		}
	}
}

// keyDir returns the folder of an object key, "." for none. Unlike
// path.Dir it keeps the key's text: S3 keys need not be clean paths.
func keyDir(key string) string {
	i := strings.LastIndexByte(key, '/')
	if i < 0 {
		return "."
	}
	return key[:i]
}

const digestKind = trail.DigestFiles
