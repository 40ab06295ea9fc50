package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/archive"
)

// source is one input: a file or standard input.
type source struct {
	name string // as messages show it: the path, or "<stdin>"
	path string // "" for standard input
	size int64  // bytes on disk, for the progress line; 0 for standard input and without one
	// root and objects are set for a directory that holds a CloudTrail
	// bucket tree only (every file an object key under root), which is
	// one source: such a tree is read by trail/archive, objects in
	// parallel, listing its folders as it goes (treeFS), so that what a
	// read holds does not grow with the tree: neither a source nor a key
	// per object is kept.
	root    string
	objects int // the files of the tree when walked
	// lazy is set for a directory read as a bucket tree without being
	// walked first: until one of its files turns out not to be an
	// object of a tree, and the rest as plain files (see
	// reader.bucket).
	lazy bool
}

// files is the number of files of s.
func (s *source) files() int {
	if s.root != "" {
		return s.objects
	}
	return 1
}

// recordSuffixes are the file names a directory walk reads.
var recordSuffixes = []string{".json", ".json.gz", ".jsonl", ".gz"}

// collect turns the PATH operands into sources. Directories are walked
// recursively, in lexical order, for files with a record suffix; in an
// AWSLogs/ tree the digest files (CloudTrail-Digest) and the
// .metadata.json files beside them are left out, as they hold no records.
// Problems (a missing path, an unreadable folder) are reported and make
// ok false; the other sources are still returned.
func collect(e *env, cmd string, paths []string) (srcs []source, ok bool) {
	ok = true
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	for _, p := range paths {
		if p == "-" {
			srcs = append(srcs, source{name: "<stdin>"})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(e.stderr, "trailmap %s: %v\n", cmd, pathError(err))
			ok = false
			continue
		}
		if !fi.IsDir() {
			srcs = append(srcs, source{name: p, path: p, size: fi.Size()})
			continue
		}
		if !e.stderrTTY {
			// Without a progress line, which shows how much of the
			// files is read, a folder need not be walked before it is
			// read: it is read as a tree (lazyTree).
			if tree, found := lazyTree(e, cmd, p, &ok); found {
				srcs = append(srcs, tree)
			}
			continue
		}
		if files, tree := walkFiles(e, cmd, p, &ok); tree.root != "" {
			srcs = append(srcs, tree)
		} else {
			srcs = append(srcs, files...)
		}
	}
	// Without the room append left.
	return slices.Clone(srcs), ok
}

// walkFiles walks the directory root recursively, in lexical order, as
// filepath.WalkDir does, for the files collect reads. When every one of
// them is an object of a CloudTrail bucket tree (its path under root is
// an object key, trail.ParseKey, such as
// AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/….json.gz), it
// returns the tree as one source; otherwise a source per file. Problems
// are reported and make *ok false.
//
// A walk of a large tree costs little per file and keeps nothing per
// file: each key is checked as it is found, in one buffer, and only when
// a file turns out not to be an object of a bucket tree is the tree
// walked again, for the files' paths. Paths are joined without cleaning
// them again (the folders' paths are clean already), and whether a
// folder is a digest folder is decided once per folder.
func walkFiles(e *env, cmd, root string, ok *bool) (files []source, tree source) {
	fail := func(err error) {
		fmt.Fprintf(e.stderr, "trailmap %s: %v\n", cmd, pathError(err))
		*ok = false
	}
	info, err := os.Lstat(root)
	if err != nil {
		fail(err)
		return nil, source{}
	}
	if !info.IsDir() {
		// A symbolic link to a folder, named as an operand: like
		// filepath.WalkDir, the walk does not follow it.
		if info.Mode()&fs.ModeSymlink != 0 && isRecordFile(root) {
			files = append(files, source{name: root, path: root})
		}
		return files, source{}
	}
	prefix := joinPrefix(root)
	w := treeWalk{e: e, fail: fail, check: true, tree: true}
	w.walk(root, "", inDigestFolder(filepath.ToSlash(prefix)))
	if w.n == 0 {
		return nil, source{}
	}
	if w.tree {
		return nil, source{name: root, path: root, size: w.size, root: root, objects: w.n}
	}
	// Not a bucket tree: walked again for the files, each a source.
	w = treeWalk{e: e, fail: func(error) {}}
	w.walk(root, "", inDigestFolder(filepath.ToSlash(prefix)))
	files = make([]source, len(w.ends))
	start := int32(0)
	for i, end := range w.ends {
		path := prefix + filepath.FromSlash(string(w.keys[start:end]))
		start = end
		files[i] = source{name: path, path: path}
		if w.sizes != nil {
			files[i].size = w.sizes[i]
		}
	}
	return files, source{}
}

// lazyTree returns the directory root as a source read as a bucket tree
// until one of its files turns out not to be an object of a tree, and
// the rest as plain files: as if walkFiles had told it, without a walk
// before the reading. Its folders are listed as they are read, and
// problems listing them reported then, as walkFiles reports them (see
// reader.bucket). found is false when there is nothing to read: a
// symbolic link to a folder, which is not followed (as by walkFiles), or
// a problem, reported, that makes *ok false.
func lazyTree(e *env, cmd, root string, ok *bool) (tree source, found bool) {
	info, err := os.Lstat(root)
	switch {
	case err != nil:
		fmt.Fprintf(e.stderr, "trailmap %s: %v\n", cmd, pathError(err))
		*ok = false
		return source{}, false
	case !info.IsDir():
		// A symbolic link to a folder, named as an operand: like
		// filepath.WalkDir, the walk does not follow it.
		if info.Mode()&fs.ModeSymlink != 0 && isRecordFile(root) {
			return source{name: root, path: root}, true
		}
		return source{}, false
	}
	return source{name: root, path: root, root: root, lazy: true}, true
}

// joinPrefix returns what filepath.Join(root, key) puts before a key
// made of clean elements (no "", "." or ".." element), such as those of
// walkFiles: the clean root and a separator, "" for ".". Joining without
// cleaning every path saves a walk and a read of a large tree a clean
// per file.
func joinPrefix(root string) string {
	prefix := filepath.Clean(root)
	switch {
	case prefix == ".":
		return ""
	case !os.IsPathSeparator(prefix[len(prefix)-1]):
		return prefix + string(filepath.Separator)
	}
	return prefix
}

// treeWalk is walkFiles' walk: the keys of the files found, one after
// the other in keys, each ending at its entry of ends, and their sizes
// when the progress line needs them. With check set it keeps none of
// them, but tells whether every key is an object key (tree), how many
// files there are (n) and their size.
type treeWalk struct {
	e     *env
	fail  func(error)
	keys  []byte
	ends  []int32
	sizes []int64
	// from, when not "", is the first key kept: the files before it are
	// left out, and the problems listing folders before it not reported
	// (past is set once it is found).
	from string
	past bool

	check, tree bool
	n           int
	size        int64
}

// walk walks the folder at path, whose key (path under the root, with
// slashes) is rel; digest says whether its files are in a digest
// folder.
func (w *treeWalk) walk(path, rel string, digest bool) {
	entries, err := os.ReadDir(path)
	if err != nil && (w.from == "" || w.past) {
		w.fail(err)
	}
	for _, d := range entries {
		name := d.Name()
		var p string
		if rel == "" {
			p = filepath.Join(path, name)
		} else {
			p = path + string(filepath.Separator) + name
		}
		if d.IsDir() {
			sub := name
			if rel != "" {
				sub = rel + "/" + name
			}
			w.walk(p, sub, inDigestFolder(filepath.ToSlash(p)+"/"))
			continue
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 || !isRecordName(name) || digest {
			continue
		}
		if w.from != "" && !w.past {
			if w.from != keyOf(rel, name) {
				continue
			}
			w.past = true
		}
		var size int64
		if w.e.stderrTTY {
			// The sizes are for the progress line's ETA only: a stat
			// per file is not worth it without one.
			info, err := d.Info()
			if err != nil {
				w.fail(err)
				continue
			}
			size = info.Size()
			if !w.check {
				w.sizes = append(w.sizes, size)
			}
		}
		w.n++
		if w.check {
			// The key, checked in a buffer used again for the next.
			w.size += size
			w.keys = w.keys[:0]
			if rel != "" {
				w.keys = append(append(w.keys, rel...), '/')
			}
			w.keys = append(w.keys, name...)
			if w.tree {
				if _, err := trail.ParseKey(transientString(w.keys)); err != nil {
					w.tree = false
				}
			}
			continue
		}
		if rel != "" {
			w.keys = append(append(w.keys, rel...), '/')
		}
		w.keys = append(w.keys, name...)
		if len(w.keys) > math.MaxInt32 {
			w.fail(fmt.Errorf("%s: more than 2 GiB of file names", path))
			return
		}
		w.ends = append(w.ends, int32(len(w.keys)))
	}
}

// keyOf returns the key of the file name in the folder of key rel.
func keyOf(rel, name string) string {
	if rel == "" {
		return name
	}
	return rel + "/" + name
}

// isRecordFile reports whether a directory walk reads the file at path.
func isRecordFile(path string) bool {
	return isRecordName(filepath.Base(path)) && !inDigestFolder(filepath.ToSlash(path))
}

// isRecordName reports whether a directory walk reads a file of this
// name (wherever it is): not hidden, not a .metadata.json, with a record
// suffix in any case.
func isRecordName(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".metadata.json") {
		return false
	}
	for _, s := range recordSuffixes {
		if len(name) >= len(s) && strings.EqualFold(name[len(name)-len(s):], s) {
			return true
		}
	}
	return false
}

// inDigestFolder reports whether a path (with slashes) is in the digest
// folder of an AWSLogs tree: digests hold no records. A key that
// trail.ParseKey reads as a digest's has a CloudTrail-Digest folder, so
// the folder is all there is to look for (parsing the key would cost a
// walk of a large tree a parse per file more). Both looked for end in a
// slash, so a file's answer is its folder's.
func inDigestFolder(slash string) bool {
	if i := strings.LastIndex(slash, "AWSLogs/"); i >= 0 {
		return strings.Contains(slash[i:], "/CloudTrail-Digest/")
	}
	return false
}

// progress counts what a run has read, for the progress line: objects
// done, bytes read (compressed) and records delivered, as trail/archive
// counts them.
type progress struct {
	archive.Progress
	totalFiles int
	totalBytes int64
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// reader reads the records of the sources one after the other, with one
// event.Reader and one Record reused throughout, and reports the records
// that cannot be read.
type reader struct {
	e    *env
	cmd  string
	one  fileReader // reads the sources read one at a time
	prog progress

	// parallel lets bucket trees be handed out unordered, by several
	// workers at once (see eachWorker); workers is their number.
	parallel bool
	workers  int
	// runs, when set, lets runs of plain files be read by several
	// workers at once, in order (see eachWorker and fileRun).
	runs func(n int) fileRun

	mu  sync.Mutex // guards bad, unlisted and the error messages
	bad int        // records or files that could not be read
	// unlisted is set when a folder of a tree read without a walk
	// before (source.lazy) could not be listed, which collect reports
	// of the others.
	unlisted bool

	// fromLookup says, while a record read one at a time (by one) is
	// handed over, whether it came from aws cloudtrail lookup-events
	// output, which lists events newest first.
	fromLookup bool

	// members, when not nil, are the only members of each record
	// decoded, and whole reports the records to decode whole again
	// (see decodeOnly).
	members []string
	cond    event.Condition
	whole   func(*event.Record) bool
}

// decodeOnly makes r decode only the named members of each record
// (event.DecodeOnly, paths into userIdentity too; nil: every member),
// and decode whole again, from its text, a record whole reports
// (trail.Router.NeedsWhole). The records fn is handed then hold those
// members only: for a command that reads no others.
func (r *reader) decodeOnly(members []string, whole func(*event.Record) bool) {
	r.decodeOnlyIf(members, event.Condition{}, whole)
}

// decodeOnlyIf is decodeOnly decoding c's members too of the records c
// calls for them (event.DecodeOnlyIf).
func (r *reader) decodeOnlyIf(members []string, c event.Condition, whole func(*event.Record) bool) {
	r.members, r.cond, r.whole = members, c, whole
	r.one = *newFileReader(r.readOptions()...)
}

// readOptions returns the options of r's event.Readers.
func (r *reader) readOptions() []event.ReadOption {
	opts := []event.ReadOption{event.ContinueOnError()}
	if r.members != nil {
		opts = append(opts, event.DecodeOnly(r.members...))
		if len(r.cond.Members) > 0 {
			opts = append(opts, event.DecodeOnlyIf(r.cond))
		}
	}
	return opts
}

// fileReader reads files one after the other with the same event.Reader
// and Record.
type fileReader struct {
	rd  *event.Reader
	rec event.Record
}

func newFileReader(opts ...event.ReadOption) *fileReader {
	return &fileReader{rd: event.NewReader(nil, opts...)}
}

// pacingSize is the size of the memory files holds while it reads.
const pacingSize = 4 << 20

// fileRun is how a caller learns the order in which several workers read
// a run of plain files at once (see eachWorker): the workers take the
// files in order, each reading one file from its start to its end.
// start(w, i) is called before worker w reads the run's file i (it may
// wait, so that the workers do not run too far ahead of the file whose
// output is being written), end(w, i) after; either returns false to
// stop. stop is called when a worker stops the run, so that the others
// do not wait for it.
type fileRun interface {
	start(w, i int) bool
	end(w, i int) bool
	stop()
}

func newReader(e *env, cmd string, srcs []source) *reader {
	r := &reader{e: e, cmd: cmd, one: fileReader{rd: event.NewReader(nil, event.ContinueOnError())}, workers: e.workers}
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
	}
	for _, s := range srcs {
		r.prog.totalFiles += s.files()
		r.prog.totalBytes += s.size
	}
	return r
}

// each calls fn for every record of every source; fn's record is reused
// after it returns. It stops early when fn returns false.
func (r *reader) each(srcs []source, fn func(rec *event.Record) bool) {
	r.parallel, r.runs = false, nil
	r.eachWorker(srcs, func(_ int, rec *event.Record) bool { return fn(rec) })
}

// eachWorker is each for a caller that keeps state per worker: fn gets
// the number of the worker that read the record, from 0 to r.workers-1.
// With r.parallel set, the objects of a bucket tree are handed out as
// the workers finish them, fn being called from several goroutines at
// once (never for one worker at once); the records of one object still
// come in order. With r.runs set, two or more plain files in a row (not
// standard input) are read by the workers at once, each file by one
// worker, and r.runs(n) says in which order (see fileRun). Otherwise
// everything comes in order, from worker 0.
func (r *reader) eachWorker(srcs []source, fn func(w int, rec *event.Record) bool) {
	seq := func(rec *event.Record) bool { return fn(0, rec) }
	for i := 0; i < len(srcs); {
		if srcs[i].root != "" {
			rest, ok := r.bucket(&srcs[i], fn)
			if !ok {
				return
			}
			if rest != nil {
				// Not a tree after all: the rest of its files are read
				// as plain files, in its place.
				srcs = slices.Concat(rest, srcs[i+1:])
				i = 0
				continue
			}
			// The same tree named twice in a row is read once.
			j := i + 1
			for j < len(srcs) && srcs[j].root == srcs[i].root {
				j++
			}
			i = j
			continue
		}
		j := i
		for j < len(srcs) && srcs[j].root == "" && srcs[j].path != "" {
			j++
		}
		if r.runs != nil && r.workers > 1 && j-i > 1 {
			if !r.files(srcs[i:j], fn) {
				return
			}
			i = j
			continue
		}
		if !r.one.read(r, &srcs[i], seq) {
			return
		}
		i++
	}
}

// files reads a run of plain files with r.workers workers, each taking
// the next file in order and reading it to its end (see fileRun).
func (r *reader) files(srcs []source, fn func(w int, rec *event.Record) bool) bool {
	// Memory held, never written, while the files are read, so that the
	// garbage collector, which paces itself on the live heap, runs less
	// often: trail/archive does the same when it reads a bucket tree (see
	// its package docs, Memory).
	defer runtime.KeepAlive(make([]byte, pacingSize))
	run := r.runs(len(srcs))
	var next atomic.Int64
	var stopped atomic.Bool
	var wg sync.WaitGroup
	for w := range min(r.workers, len(srcs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fr := newFileReader(r.readOptions()...)
			call := func(rec *event.Record) bool { return fn(w, rec) }
			for !stopped.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(srcs) {
					return
				}
				if !run.start(w, i) || !fr.read(r, &srcs[i], call) || !run.end(w, i) {
					stopped.Store(true)
					run.stop()
					return
				}
			}
		}()
	}
	wg.Wait()
	return !stopped.Load()
}

// ctx is the run's context: cancelled on an interrupt.
func (r *reader) ctx() context.Context {
	if r.e.ctx == nil {
		return context.Background()
	}
	return r.e.ctx
}

// errStop stops an archive read when fn asks to.
var errStop = errors.New("stop")

// bucket reads the objects of one bucket tree, src, with trail/archive:
// objects are decompressed and decoded by a pool of workers, and handed
// to fn in key order, one at a time, or with r.parallel as the workers
// finish them. It keeps nothing per object: the tree's folders are
// listed as the read goes (treeFS), so that what it holds does not grow
// with the tree. It returns false when fn or an interrupt stopped the
// reading.
//
// A tree not walked before (src.lazy) is read until a file turns out not
// to be an object of a tree (archive.Options.StopAtUnknown): every
// object before it has then been read, and bucket returns that file and
// those after it as plain files (rest), for the caller to read as it
// reads those of a folder that is not a tree. The folders that cannot be
// listed are reported as collect reports them, as the read comes to them.
func (r *reader) bucket(src *source, fn func(w int, rec *event.Record) bool) (rest []source, ok bool) {
	root := src.root
	r.fromLookup = false // log files
	dirs := newFolders()
	defer dirs.close()
	a := archive.FS(treeFS{prefix: joinPrefix(root), root: root, lazy: src.lazy, folders: dirs})
	var prog *archive.Progress
	if r.e.stderrTTY {
		// For the progress line only: counting costs the workers
		// atomic additions to memory they share, per object and per
		// read.
		prog = &r.prog.Progress
	}
	o := &archive.Options{Ordered: !r.parallel, Workers: r.workers, Progress: prog,
		Members: r.members, MembersIf: r.cond, Whole: r.whole, StopAtUnknown: src.lazy}
	err := a.Each(r.ctx(), o, func(ar *archive.Record, err error) error {
		if err != nil {
			var ae *archive.Error
			var le listError
			switch {
			case errors.As(err, &le):
				r.unlistable(le.err)
				return nil
			case errors.As(err, &ae):
				r.report(filepath.Join(root, filepath.FromSlash(ae.Key)), ae.Err)
				return nil
			}
			r.report(root, err)
			return nil
		}
		w := 0
		if r.parallel {
			w = ar.Worker
		}
		if !fn(w, ar.Event) {
			return errStop
		}
		return nil
	})
	var ae *archive.Error
	switch {
	case errors.Is(err, errStop):
		return nil, false
	case src.lazy && errors.Is(err, trail.ErrNotKey) && errors.As(err, &ae):
		return r.rest(root, ae.Key), true
	case err != nil:
		r.fail("%s: %v", root, err)
		return nil, false
	}
	return nil, true
}

// rest returns the files of the tree at root from the one of key from
// on, in the order walkFiles walks them, as plain files; it reports the
// folders after that file that cannot be listed.
func (r *reader) rest(root, from string) []source {
	prefix := joinPrefix(root)
	w := &treeWalk{e: r.e, from: from}
	w.fail = func(err error) { r.unlistable(err) }
	w.walk(root, "", inDigestFolder(filepath.ToSlash(prefix)))
	files := make([]source, len(w.ends))
	start := int32(0)
	for i, end := range w.ends {
		path := prefix + filepath.FromSlash(string(w.keys[start:end]))
		start = end
		files[i] = source{name: path, path: path}
	}
	if len(files) == 0 {
		// The file was there when the read listed its folder, and is
		// not now: nothing is left to read.
		return []source{}
	}
	return files
}

// read reads the records of src, calling fn for each; it returns false
// when fn or an interrupt stops the reading.
func (fr *fileReader) read(r *reader, src *source, fn func(rec *event.Record) bool) bool {
	ctx := r.ctx()
	if ctx.Err() != nil { // before each file too: most hold fewer records than are read between checks
		r.fail("%s: %v", src.name, context.Cause(ctx))
		return false
	}
	var in io.Reader = r.e.stdin
	if src.path != "" {
		f, err := os.Open(src.path)
		if err != nil {
			r.fail("%v", pathError(err))
			return true
		}
		defer f.Close()
		in = f
	}
	defer r.prog.Objects.Add(1)
	fr.rd.Reset(countingReader{in, &r.prog.Bytes})
	records := int64(0)
	defer func() { r.prog.Records.Add(records) }()
	for n := 1; ; n++ {
		if n%256 == 0 {
			if ctx.Err() != nil {
				r.fail("%s: %v", src.name, context.Cause(ctx))
				return false
			}
			r.prog.Records.Add(records)
			records = 0
		}
		err := fr.rd.ReadRecord(&fr.rec)
		if err == io.EOF {
			return true
		}
		if err != nil {
			r.report(src.name, err)
			var re *event.RecordError
			if errors.As(err, &re) {
				continue
			}
			return true
		}
		if r.whole != nil && r.members != nil && r.whole(&fr.rec) {
			if err := fr.rec.Decode(fr.rd.Raw()); err != nil {
				r.report(src.name, err) // the reader decoded it: not expected
				continue
			}
		}
		records++
		if fr == &r.one {
			r.fromLookup = fr.rd.Format() == event.FormatLookupEvents
		}
		if !fn(&fr.rec) {
			return false
		}
	}
}

// failed reports whether something of the input could not be read:
// records or files (bad), or folders.
func (r *reader) failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bad > 0 || r.unlisted
}

// unlistable reports a folder of a tree that could not be listed, as
// collect reports those it walks.
func (r *reader) unlistable(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.unlisted = true
	fmt.Fprintf(r.e.stderr, "trailmap %s: %v\n", r.cmd, pathError(err))
}

func (r *reader) fail(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bad++
	fmt.Fprintf(r.e.stderr, "trailmap %s: "+format+"\n", append([]any{r.cmd}, args...)...)
}

// report writes a read error as file:line:column, as compilers print
// positions, with the record's number counted from 1.
func (r *reader) report(name string, err error) {
	var re *event.RecordError
	var se *event.SyntaxError
	switch {
	case errors.As(err, &re):
		r.fail("%s:%d:%d: record %d: %s", name, re.Line, re.Column, re.Index+1, cause(re))
	case errors.As(err, &se):
		r.fail("%s:%d:%d: syntax error: %s", name, se.Line, se.Column, se.Msg)
	default:
		r.fail("%s: %s", name, strings.TrimPrefix(err.Error(), "event: "))
	}
}

// cause returns the message of a record error without its position.
func cause(re *event.RecordError) string {
	var se *event.SyntaxError
	if errors.As(re.Err, &se) {
		return "syntax error: " + se.Msg
	}
	if re.Err != nil {
		return strings.TrimPrefix(re.Err.Error(), "event: ")
	}
	return "unreadable record"
}

// showProgress writes a progress line to standard error every interval
// until stop is closed, then clears it. It does nothing unless standard
// error is a terminal.
func (r *reader) showProgress(interval time.Duration) (stop func()) {
	if !r.e.stderrTTY {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	start := r.e.now()
	fmt.Fprint(r.e.stderr, "\r\x1b[K"+r.prog.line(0))
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(r.e.stderr, "\r\x1b[K")
				return
			case <-t.C:
				fmt.Fprint(r.e.stderr, "\r\x1b[K"+r.prog.line(r.e.now().Sub(start)))
			}
		}
	}()
	return func() { close(done); <-finished }
}

// line is the progress line after elapsed: files, megabytes, records per
// second and the time left, estimated from the bytes still to read.
func (p *progress) line(elapsed time.Duration) string {
	files, bytes, records := p.Objects.Load(), p.Bytes.Load(), p.Records.Load()
	secs := elapsed.Seconds()
	if secs <= 0 {
		secs = 1e-9
	}
	s := fmt.Sprintf("%d/%d files  %.1f/%.1f MB  %d records  %.0f records/s",
		files, p.totalFiles, float64(bytes)/1e6, float64(p.totalBytes)/1e6, records, float64(records)/secs)
	if bytes > 0 && p.totalBytes > bytes {
		left := time.Duration(float64(p.totalBytes-bytes) / float64(bytes) * float64(elapsed))
		s += "  ETA " + left.Round(time.Second).String()
	}
	return s
}

// progressInterval is how often the progress line is redrawn.
const progressInterval = 200 * time.Millisecond

// treeFS is the file system of a bucket tree for trail/archive, which
// lists its folders as it reads them: the folder at prefix (as joinPrefix
// returns it), with the files walkFiles reads (record files outside the
// digest folders), opened by openObject.
type treeFS struct {
	prefix string
	// root, when set, is the root folder's path as named, which a
	// problem listing it names (as walkFiles' walk does).
	root string
	// lazy is set for a tree not walked before (source.lazy): the
	// folders that cannot be listed are reported by the read, as
	// listError.
	lazy bool
	// folders, when not nil, holds descriptors of the folders being
	// read, which objects are opened relative to (see openFile).
	folders *folders
}

// listError is a problem listing a folder of a treeFS.
type listError struct{ err error }

func (e listError) Error() string { return e.err.Error() }
func (e listError) Unwrap() error { return e.err }

func (t treeFS) path(name string) string {
	if name == "." {
		if t.root != "" {
			return t.root
		}
		if t.prefix == "" {
			return "."
		}
		return t.prefix
	}
	return t.prefix + filepath.FromSlash(name)
}

// Open opens the object name (a slash-separated path under the root).
func (t treeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return t.openFile(name)
}

// ReadDir lists the folder name as treeWalk.walk does: its folders and
// the files walkFiles reads, in name order. Of a folder that cannot be
// read, what could be listed is returned, with a listError for a lazy
// tree, and no error otherwise: walkFiles' walk reported it already.
func (t treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	path := t.path(name)
	ents, err := os.ReadDir(path)
	digest := inDigestFolder(filepath.ToSlash(t.prefix))
	if name != "." {
		digest = inDigestFolder(filepath.ToSlash(path) + "/")
	}
	ents = slices.DeleteFunc(ents, func(d fs.DirEntry) bool {
		return !d.IsDir() && (!d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 || !isRecordName(d.Name()) || digest)
	})
	if err != nil && t.lazy {
		return ents, listError{err}
	}
	return ents, nil
}

// transientString returns b as a string without copying it, for a string
// read before b changes and of which nothing is kept.
func transientString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
