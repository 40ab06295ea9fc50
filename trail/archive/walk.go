package archive

import (
	"context"
	"io/fs"
	"iter"
	"strings"
	"sync"

	"github.com/trailmap/trailmap/trail"
)

// Objects returns an iterator over the objects of the archive that f
// selects (all of them when f is nil), in key order: folder by folder,
// names in byte order within a folder, the order of fs.WalkDir. Keys are
// filtered before anything is opened, and folders that cannot hold a
// selected object are not listed (see Filter); the next sibling folders
// are listed ahead, concurrently (see FS).
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
		done := ctx.Done()
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
		l := &lister{fsys: a.fsys, f: f, done: done, visit: visit, yield: yield,
			sem: make(chan struct{}, listAhead)}
		l.walk(".", nil)
		l.wg.Wait() // folders listed ahead and not needed
		if !l.stopped && ctx.Err() != nil {
			yield(Object{}, ctx.Err())
		}
	}
}

// listAhead is how many folders a walk lists ahead of the one it is in,
// concurrently: for a file system that lists over a network (S3), where
// each listing waits on a round trip, it lists the next days' folders
// while the objects of one day are being read.
const listAhead = 8

// A lister walks a file system as fs.WalkDir does (folder by folder,
// names in order), listing the next sibling folders ahead.
type lister struct {
	fsys  fs.FS
	f     *Filter
	done  <-chan struct{}
	visit func(key string) bool
	yield func(Object, error) bool
	sem   chan struct{} // bounds the listings under way
	wg    sync.WaitGroup

	stopped bool // the consumer stopped the walk
}

// A listing is the result of reading one folder, once done is closed.
type listing struct {
	done chan struct{}
	ents []fs.DirEntry
	err  error
}

// list starts reading the folder dir.
func (l *lister) list(dir string) *listing {
	r := &listing{done: make(chan struct{})}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		l.sem <- struct{}{}
		r.ents, r.err = fs.ReadDir(l.fsys, dir)
		<-l.sem
		close(r.done)
	}()
	return r
}

// walk walks the folder dir, whose listing r may have been started. It
// returns false when the walk must stop (the consumer or ctx stopped it).
func (l *lister) walk(dir string, r *listing) bool {
	if r == nil {
		r = l.list(dir)
	}
	select {
	case <-r.done:
	case <-l.done:
		return false
	}
	if r.err != nil {
		// A folder that cannot be read (or the root): what could be
		// listed is walked still, as fs.WalkDir does not.
		if !l.yield(Object{}, &Error{Key: dir, Err: r.err}) {
			l.stopped = true
			return false
		}
	}
	ents := r.ents
	var (
		paths  = make([]string, len(ents))
		state  = make([]int8, len(ents)) // 0 unknown, 1 folder to walk, 2 pruned
		ahead  = make([]*listing, len(ents))
		next   = 0 // the first entry not yet considered for listing ahead
		inList = 0 // folders listed ahead and not yet walked
	)
	for i, e := range ents {
		if dir == "." {
			paths[i] = e.Name()
		} else {
			paths[i] = dir + "/" + e.Name()
		}
	}
	folder := func(i int) bool {
		if state[i] == 0 {
			state[i] = 2
			if ents[i].IsDir() && !l.f.prune(paths[i]) {
				state[i] = 1
			}
		}
		return state[i] == 1
	}
	for i, e := range ents {
		select {
		case <-l.done:
			return false
		default:
		}
		if !e.IsDir() {
			if !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
				continue // devices, pipes: not objects
			}
			if !l.visit(paths[i]) {
				l.stopped = true
				return false
			}
			continue
		}
		if !folder(i) {
			continue
		}
		// List the next folders ahead while this one is walked.
		if next <= i {
			next = i + 1
		}
		for ; next < len(ents) && inList < listAhead; next++ {
			if folder(next) {
				ahead[next] = l.list(paths[next])
				inList++
			}
		}
		if ahead[i] != nil {
			inList--
		}
		if !l.walk(paths[i], ahead[i]) {
			return false
		}
		ahead[i] = nil
	}
	return true
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
