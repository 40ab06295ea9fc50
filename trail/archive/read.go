package archive

import (
	"bufio"
	"context"
	"errors"
	"io"
	"iter"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/inflate"
	"github.com/trailmap/trailmap/trail"
)

// Options configure Archive.Records and Archive.Each. The zero Options
// read every record of every object, with GOMAXPROCS workers, unordered.
type Options struct {
	// Filter selects objects by key and records by eventTime.
	Filter Filter
	// Workers is how many objects are read at once, each by its own
	// goroutine (decompression and decoding); runtime.GOMAXPROCS(0)
	// when zero or negative. With one worker everything happens in the
	// caller's goroutine.
	Workers int
	// Ordered delivers objects in key order (the order of
	// Archive.Objects) rather than as workers finish them. Workers
	// then read ahead of the object being delivered, and one slow
	// object holds the others up. The memory cost: Archive.Records and
	// an ordered Archive.Each hold up to 2*(Workers+2) chunks of
	// decoded records between the workers and the caller (3*Workers
	// unordered), each of at most 128 records and 256 KiB of record
	// text: about 300 KiB for typical records of 1 to 2 KB, so about
	// 4 MiB for 4 workers. An unordered Each holds none.
	Ordered bool
	// MaxRecordSize is the longest record held in memory
	// (event.DefaultMaxRecordSize when zero); longer ones are reported
	// as errors and skipped.
	MaxRecordSize int
	// Members, when not empty, are the only members of a record decoded
	// (event.DecodeOnly: names, or paths into userIdentity such as
	// "userIdentity.arn"), for a caller that reads a few
	// members of many records (trail.Router.Members for routing): the
	// other fields of the records handed over are zero, and the records
	// are not lossless. A Filter with a time window adds the members
	// it reads (eventTime, eventType, eventCategory), and an aggregated
	// event without eventTime, whose time is in its unmodelled
	// timeWindow, is then decoded whole.
	Members []string
	// MembersIf, with Members, names members decoded of some records
	// only (event.DecodeOnlyIf; trail.Router.MembersIf for routing).
	MembersIf event.Condition
	// Whole, when set with Members, reports whether a record decoded with
	// only Members must be decoded whole (trail.Router.NeedsWhole for
	// routing); it is then decoded again, whole, from its text.
	Whole func(rec *event.Record) bool
	// Progress, when not nil, is updated while reading.
	Progress *Progress
	// StopAtUnknown ends the read at the first object, in key order,
	// whose key trail.ParseKey rejects, instead of reporting it and going
	// on: every object before it is read in full, and none from it on is
	// opened. Each then returns an *Error for that object (errors.Is(err,
	// trail.ErrNotKey)) without calling fn for it, and Records yields it
	// last. It is for a caller that reads a folder as a bucket tree for
	// as long as it is one, and the rest of it otherwise (trailmap reads
	// the rest as plain files).
	StopAtUnknown bool
}

// walk returns the objects a read with o reads: a.Objects, ending
// before the first object that is not one with o.StopAtUnknown, whose
// error is then stored in *unknown once the walk is done.
func (a *Archive) walk(ctx context.Context, o *Options, unknown *error) iter.Seq2[Object, error] {
	objects := a.Objects(ctx, &o.Filter)
	if !o.StopAtUnknown {
		return objects
	}
	return func(yield func(Object, error) bool) {
		for obj, err := range objects {
			if err != nil && obj.Key != "" && errors.Is(err, trail.ErrNotKey) {
				*unknown = err
				return
			}
			if !yield(obj, err) {
				return
			}
		}
	}
}

// readOptions returns the event.Reader options of o.
func (o *Options) readOptions() []event.ReadOption {
	opts := []event.ReadOption{event.MaxRecordSize(o.MaxRecordSize)}
	if len(o.Members) > 0 {
		members := o.Members
		if o.Filter.window() {
			members = append(slices.Clip(members), windowMembers...)
		}
		opts = append(opts, event.DecodeOnly(members...))
		if len(o.MembersIf.Members) > 0 {
			opts = append(opts, event.DecodeOnlyIf(o.MembersIf))
		}
	}
	return opts
}

// windowMembers are the members Filter.MatchTime is asked of: what
// event.Record.Occurred reads, but an aggregated event's timeWindow,
// which is not modelled (see wholeForWindow).
var windowMembers = []string{"eventTime", "eventType", "eventCategory"}

// wholeForWindow reports whether rec, decoded with only some members
// (windowMembers among them), must be decoded whole for its time: an
// aggregated event without eventTime, whose time is the end of its
// timeWindow (event.Record.Occurred).
func wholeForWindow(rec *event.Record) bool {
	return !rec.HasEventTime() && rec.IsAggregated()
}

func (o *Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Progress counts what a read has done so far. Its counters may be read
// with Load from any goroutine while the read runs (to draw a progress
// bar); they are updated by the read and only grow.
//
// The listing runs only a few objects ahead of the workers, so Listed is
// not the total to expect. A progress bar that needs one can count the
// objects first with Archive.Objects and the same Filter (a listing,
// which opens nothing), before or alongside the read.
type Progress struct {
	Listed  atomic.Int64 // objects the filter selected, listed so far
	Objects atomic.Int64 // objects done: read to their end, given up, or digests (which hold no records) passed over
	Bytes   atomic.Int64 // bytes read from objects, compressed
	Records atomic.Int64 // records delivered
	Errors  atomic.Int64 // errors reported (unrecognised objects included)
}

// Record is one record read from an archive, with where it came from.
// Event and Object are reused for the next record: they are valid until
// the callback returns or the iteration goes on. To keep a record, keep a
// shallow copy (saved := *r.Event), which stays valid (see
// event.Record.Decode).
type Record struct {
	Event  *event.Record
	Object *Object // the object the record was read from
	Index  int     // position of the record in its object, from 0, counting records that failed
	Offset int64   // byte offset of the record in the decompressed object
	Worker int     // the worker that read it, from 0 to Options.Workers-1
}

// Records returns an iterator over the records of the objects the
// options select (all of them when o is nil), each with the object it
// came from. Objects are read by a pool of workers (see Options); the
// records of one object come in their order in the object, one after the
// other; objects come in key order with Options.Ordered, else as the
// workers finish them.
//
// A problem costs the object or record it concerns only: it is yielded as
// an *Error, and the iteration goes on; see Error for the kinds. When ctx
// is done the iteration stops promptly, yielding ctx's error last.
// Breaking out of the loop stops the workers; Records returns only once
// they have stopped.
func (a *Archive) Records(ctx context.Context, o *Options) iter.Seq2[*Record, error] {
	if o == nil {
		o = &Options{}
	}
	return func(yield func(*Record, error) bool) {
		p := newPacer(o.workers(), len(o.Members) == 0)
		defer runtime.KeepAlive(p)
		var unknown error
		more := true
		y := func(r *Record, err error) bool {
			more = yield(r, err)
			return more
		}
		if o.workers() == 1 {
			a.sequential(ctx, o, p, &unknown, y)
		} else {
			a.pipeline(ctx, o, p, &unknown, y)
		}
		if unknown != nil && more && ctx.Err() == nil {
			yield(nil, unknown)
		}
	}
}

// pacingSize is the size of the memory a read with one worker holds to
// pace the garbage collector, once it has read as many bytes of records;
// with more workers it holds pacingPerWorker per worker, up to
// pacingMax (see pacer). The bound keeps a read's peak resident set well
// under 64 MiB however many processors there are: held memory is
// resident once the heap has used it before, as it is cleared when
// allocated again (two workers holding 16 MiB peaked at 45-47 MiB).
const (
	pacingSize      = 4 << 20
	pacingPerWorker = 8 << 20
	pacingMax       = 16 << 20
)

// pacingBytes returns the size of the memory a read with the given
// number of workers holds to pace the garbage collector.
func pacingBytes(workers int) int {
	if workers <= 1 {
		return pacingSize
	}
	return min(workers*pacingPerWorker, pacingMax)
}

// pacingAfter is how many collections a read with one worker that
// decodes every member sits through before it holds its memory, and
// pacingCheck how many bytes of records it reads between counting them
// (see pacer).
const (
	pacingAfter = 96
	pacingCheck = 256 << 10
)

// A pacer holds memory, unused, while a read runs, once the read has
// gone on long enough for it to matter.
//
// Reading allocates about 1.7 bytes per byte of decompressed JSON when
// every member is decoded (the records' text and nested values, which
// a caller may keep, so they are new for each record), nearly all of it
// garbage at once. The garbage collector paces itself on the live heap,
// which a read keeps small (2 to 6 MB), so without this it runs every 3
// MB or so allocated. Held memory raises the live heap the collector
// paces itself on, so it runs less often; but the heap then grows by as
// much again between collections, and each new 4 KiB page of it costs a
// page fault when first touched. The memory is pointer-free and never
// written, so the collector does not scan it; when the heap has used
// its pages before, though, they are cleared when allocated, and fault
// too.
//
// On the virtual machines the project is measured on, a page fault
// costs 12-13 µs of processor time (touching fresh pages, thread
// processor time), which decides what pays:
//
//   - One worker decoding every member: collections are cheap (0.3-0.5
//     ms of processor time each), page faults are not. Holding 4 MiB from
//     the fourth MB of records on, over the benchmark tree (104 MB of
//     JSON), made 28 collections instead of 78 but 5,000 page faults
//     instead of 1,850 (a fifth of them clearing the held memory, which
//     came from pages the heap had used), a peak resident set of 20.5
//     MiB instead of 9.8, and 13% more processor time (median of 21
//     rounds alternating: 252 against 214 ms). Such a read now holds
//     its 4 MiB, in one piece, only once it has sat through pacingAfter
//     collections (the process's, counted with runtime/metrics every
//     pacingCheck bytes): more than reading the benchmark tree makes, so
//     that reads the size of a tree hold none, and longer ones, over
//     which collections go on and page faults do not, hold it (holding
//     none over 12 copies of the tree cost 11% more, and taking it
//     after 96 collections took 0.931 of the time of holding it as
//     before).
//   - Two workers or more: each collection stops and waits for every
//     worker, 1.5-3 ms of processor time on a shared machine, and
//     holding memory early pays: holding none made 57-73 collections
//     instead of 15 over the tree and cost 15-26% more processor time,
//     despite 4,600 page faults instead of 8,000. Holding 4 or 8 MiB
//     did as well as 16 (1.00-1.02 of its time, 4,800-6,000 faults).
//   - A read that decodes only some members (Options.Members; routing)
//     makes little garbage (trailmap route sees 2 or 3 collections over
//     the tree), and holding memory there is about where the heap grows
//     rather than how often it is collected: without it trailmap route
//     took 3-7% more processor time (user time, with about the same
//     page faults and collections), so these reads hold it as before,
//     whatever the number of workers.
//
// Held as before means as the read goes on: none until it has read
// pacingSize bytes of records, then as much as it has read, up to its
// size. A short read would spend more on it than it saves, since memory
// the heap has used before is cleared when allocated again, and
// allocating it can itself start a collection: reading ten objects of
// one record each (BenchmarkSmallRead) took 1.5 to 2.8 ms with the
// memory allocated at the start, and 0.24 to 0.41 ms without.
type pacer struct {
	size int          // bytes to hold in the end (pacingBytes)
	read atomic.Int64 // bytes of records read so far
	mu   sync.Mutex
	mem  [][]byte // held

	// A pacer that waits for collections (one worker decoding every
	// member): start is the process's count of them when the read
	// began, next the bytes read at which to count them again.
	waits  bool
	start  uint64
	next   atomic.Int64
	cycles []metrics.Sample
}

// newPacer returns the pacer of a read with the given number of
// workers, decoding every member of its records (full) or not.
func newPacer(workers int, full bool) *pacer {
	p := &pacer{size: pacingBytes(workers)}
	if workers <= 1 && full {
		p.waits = true
		p.cycles = []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
		p.start = p.collections()
		p.next.Store(pacingCheck)
	}
	return p
}

// collections returns how many collections the process has completed.
func (p *pacer) collections() uint64 {
	metrics.Read(p.cycles)
	if p.cycles[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return p.cycles[0].Value.Uint64()
}

// pacingHeld returns how much memory a read holds once it has read n
// bytes of records: none before pacingSize, then as much as it has read
// rounded down to pacingSize times a power of two, up to size.
func pacingHeld(n int64, size int) int64 {
	if n < pacingSize {
		return 0
	}
	if n >= int64(size) {
		return int64(size)
	}
	h := int64(pacingSize)
	for h*2 <= n {
		h *= 2
	}
	return h
}

// add counts n more bytes of records read, and reports whether all the
// memory to hold is held.
func (p *pacer) add(n int64) bool {
	t := p.read.Add(n)
	if p.waits {
		return p.wait(t)
	}
	from, to := pacingHeld(t-n, p.size), pacingHeld(t, p.size)
	if to > from {
		// The counts of concurrent adds do not overlap, so each
		// step is allocated once.
		m := make([]byte, to-from)
		p.mu.Lock()
		p.mem = append(p.mem, m)
		p.mu.Unlock()
	}
	return to == int64(p.size)
}

// wait is add for a pacer that waits for collections, once t bytes of
// records have been read: every pacingCheck bytes it counts the
// collections since the read began, and takes all its memory once there
// have been pacingAfter.
func (p *pacer) wait(t int64) bool {
	if t < p.next.Load() || !p.mu.TryLock() {
		return false
	}
	defer p.mu.Unlock()
	if len(p.mem) > 0 {
		return true
	}
	p.next.Store(t + pacingCheck)
	if p.collections()-p.start < pacingAfter {
		return false
	}
	p.mem = append(p.mem, make([]byte, p.size))
	return true
}

// held returns how much memory p holds.
func (p *pacer) held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, m := range p.mem {
		n += len(m)
	}
	return n
}

// Each calls fn for each record of the objects the options select (all
// of them when o is nil), and for each problem with an object or record
// (r nil, err an *Error; see Error), and returns once every object has
// been read. A non-nil error returned by fn stops the reading (calls
// already under way in other workers still return), and Each returns
// it; otherwise Each returns ctx's error if ctx was done before the end,
// else nil; fn is not called with ctx's error.
//
// With more than one worker and without Options.Ordered, fn is called
// from the workers' goroutines, concurrently: it must be safe for
// concurrent use; Record.Worker tells which worker calls, so that fn can
// keep state per worker without locking. The records of one object still
// come one after the other, in their order. With Options.Ordered (or one
// worker), fn is called from one goroutine at a time, in key order.
func (a *Archive) Each(ctx context.Context, o *Options, fn func(r *Record, err error) error) error {
	if o == nil {
		o = &Options{}
	}
	p := newPacer(o.workers(), len(o.Members) == 0)
	defer runtime.KeepAlive(p)
	var fnErr, unknown error
	call := func(r *Record, err error) bool {
		if r == nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return false // Each returns it
		}
		fnErr = fn(r, err)
		return fnErr == nil
	}
	switch {
	case o.workers() == 1:
		a.sequential(ctx, o, p, &unknown, call)
	case o.Ordered:
		a.pipeline(ctx, o, p, &unknown, call)
	default:
		fnErr = a.parallel(ctx, o, p, &unknown, fn)
	}
	switch {
	case fnErr != nil:
		return fnErr
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return unknown
}

// sequential reads every object in the caller's goroutine.
func (a *Archive) sequential(ctx context.Context, o *Options, p *pacer, unknown *error, yield func(*Record, error) bool) {
	w := newWorker(a, o, p, 0)
	s := &callSink{w: w, yield: yield}
	for obj, err := range a.walk(ctx, o, unknown) {
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				break
			}
			o.count(&o.progress().Errors, 1)
			if !yield(nil, err) {
				return
			}
			continue
		}
		o.count(&o.progress().Listed, 1)
		w.obj = obj
		if !w.read(ctx, &w.obj, s) {
			if s.stopped {
				return
			}
			break // ctx done
		}
	}
	if err := ctx.Err(); err != nil {
		yield(nil, err)
	}
}

// parallel is Each without order: fn runs in the workers.
func (a *Archive) parallel(ctx context.Context, o *Options, p *pacer, unknown *error, fn func(*Record, error) error) error {
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu      sync.Mutex
		stopErr error
	)
	stop := func(err error) {
		mu.Lock()
		if stopErr == nil {
			stopErr = err
		}
		mu.Unlock()
		cancel()
	}
	// The workers take the objects from the walk in turn, each when it
	// needs one, rather than from a goroutine of its own sending them:
	// with as many workers as processors, such a goroutine has no
	// processor of its own, so a worker out of objects waited for it to
	// be scheduled, which costs more on a busy machine.
	next, end := iter.Pull2(a.walk(ctx, o, unknown))
	defer end()
	var (
		walkMu sync.Mutex
		walked bool // next reported the end
	)
	take := func() (Object, error, bool) {
		walkMu.Lock()
		defer walkMu.Unlock()
		if walked {
			return Object{}, nil, false
		}
		obj, err, ok := next()
		walked = !ok
		return obj, err, ok
	}
	n := o.workers()
	var wg sync.WaitGroup
	wg.Add(n)
	for i := range n {
		go func() {
			defer wg.Done()
			w := newWorker(a, o, p, i)
			s := &callSink{w: w, yield: func(r *Record, err error) bool {
				if r == nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
					return false // an object cut short by the end
				}
				if e := fn(r, err); e != nil {
					stop(e)
					return false
				}
				return true
			}}
			for ctx.Err() == nil {
				obj, err, ok := take()
				if !ok || ctx.Err() != nil {
					return
				}
				if err != nil {
					o.count(&o.progress().Errors, 1)
					if e := fn(nil, err); e != nil {
						stop(e)
						return
					}
					continue
				}
				o.count(&o.progress().Listed, 1)
				w.obj = obj
				w.read(ctx, &w.obj, s)
			}
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if stopErr != nil {
		return stopErr
	}
	return parent.Err()
}

// A job is one object to read in a pipeline, or one problem found by
// the listing (err).
type job struct {
	obj Object
	err error
	out chan *chunk // Ordered: the object's chunks, closed after the last
}

// A chunk carries records (or errors) of one object from a worker to the
// consumer.
type chunk struct {
	events []event.Record
	items  []item
	size   int // bytes of record text
}

type item struct {
	rec Record
	err error
}

const (
	chunkRecords = 128
	chunkBytes   = 256 << 10
)

var chunks = sync.Pool{New: func() any {
	return &chunk{events: make([]event.Record, chunkRecords), items: make([]item, 0, chunkRecords)}
}}

func getChunk() *chunk { return chunks.Get().(*chunk) }

func putChunk(c *chunk) {
	clear(c.items)
	c.items, c.size = c.items[:0], 0
	// The records' strings are garbage now; the Records are reset by
	// their next decode.
	chunks.Put(c)
}

// pipeline reads with workers and hands records to yield in the calling
// goroutine, in chunks.
func (a *Archive) pipeline(ctx context.Context, o *Options, p *pacer, unknown *error, yield func(*Record, error) bool) {
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := o.workers()
	jobs := make(chan *job, n)
	var order chan *job // Ordered: every job, in key order
	var out chan *chunk // unordered: every chunk, as done
	if o.Ordered {
		order = make(chan *job, n)
	} else {
		out = make(chan *chunk, 2*n)
	}
	send := func(ch chan *chunk, c *chunk) bool {
		select {
		case ch <- c:
			return true
		case <-ctx.Done():
			putChunk(c)
			return false
		}
	}

	var wg sync.WaitGroup
	wg.Add(n + 1)
	go func() { // the lister
		defer wg.Done()
		defer close(jobs)
		if order != nil {
			defer close(order)
		}
		for obj, err := range a.walk(ctx, o, unknown) {
			if err != nil && ctx.Err() != nil {
				return
			}
			if err != nil {
				o.count(&o.progress().Errors, 1)
			} else {
				o.count(&o.progress().Listed, 1)
			}
			j := &job{obj: obj, err: err}
			if order != nil {
				if err == nil {
					j.out = make(chan *chunk, 2)
				}
				select {
				case order <- j:
				case <-ctx.Done():
					return
				}
			} else if err != nil {
				c := getChunk()
				c.items = append(c.items, item{err: err})
				if !send(out, c) {
					return
				}
				continue
			}
			if err != nil {
				continue
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				if j.out != nil {
					close(j.out) // no worker will
				}
				return
			}
		}
	}()
	for i := range n {
		go func() {
			defer wg.Done()
			w := newWorker(a, o, p, i)
			s := &chunkSink{w: w, send: send}
			for j := range jobs {
				s.out = out
				if j.out != nil {
					s.out = j.out
				}
				if ctx.Err() == nil {
					w.read(ctx, &j.obj, s)
					s.flush()
				}
				if j.out != nil {
					close(j.out)
				}
			}
		}()
	}
	if out != nil {
		go func() {
			wg.Wait()
			close(out)
		}()
	}

	deliver := func(c *chunk) bool {
		defer putChunk(c)
		for i := range c.items {
			it := &c.items[i]
			if it.err != nil {
				if !yield(nil, it.err) {
					return false
				}
				continue
			}
			if !yield(&it.rec, nil) {
				return false
			}
		}
		return true
	}
	stopped := false
	stop := func() {
		stopped = true
		cancel()
	}
	if out != nil {
		for c := range out {
			if stopped {
				putChunk(c)
				continue
			}
			if !deliver(c) {
				stop()
			}
		}
	} else {
	jobs:
		for j := range order {
			if j.err != nil {
				if !yield(nil, j.err) {
					stop()
					break
				}
				continue
			}
			for c := range j.out {
				if !deliver(c) {
					stop()
					break jobs
				}
			}
		}
		cancel()
		// Let the lister and the workers see the end and stop.
		for j := range order {
			if j.out != nil {
				for c := range j.out {
					putChunk(c)
				}
			}
		}
		wg.Wait()
	}
	if !stopped {
		if err := parent.Err(); err != nil {
			yield(nil, err)
		}
	}
}

// A sink receives what a worker reads from one object.
type sink interface {
	// slot returns the Record to decode the next record into.
	slot() *event.Record
	// record delivers r, whose Event is the last slot, and the size of
	// its text; false stops the reading.
	record(r *Record, size int) bool
	// fail delivers an error; false stops the reading.
	fail(err error) bool
}

// callSink hands each record to a function as soon as it is read.
type callSink struct {
	w       *worker
	yield   func(*Record, error) bool
	stopped bool // yield returned false
}

func (s *callSink) slot() *event.Record { return &s.w.rec }

func (s *callSink) record(r *Record, _ int) bool {
	if !s.yield(r, nil) {
		s.stopped = true
		return false
	}
	return true
}

func (s *callSink) fail(err error) bool {
	if !s.yield(nil, err) {
		s.stopped = true
		return false
	}
	return true
}

// chunkSink gathers records in chunks and sends them on.
type chunkSink struct {
	w    *worker
	out  chan *chunk
	send func(chan *chunk, *chunk) bool
	c    *chunk
}

func (s *chunkSink) cur() *chunk {
	if s.c == nil {
		s.c = getChunk()
	}
	return s.c
}

func (s *chunkSink) slot() *event.Record {
	c := s.cur()
	return &c.events[len(c.items)]
}

func (s *chunkSink) record(r *Record, size int) bool {
	c := s.cur()
	c.items = append(c.items, item{rec: *r})
	c.size += size
	if len(c.items) == cap(c.items) || c.size >= chunkBytes {
		return s.flush()
	}
	return true
}

func (s *chunkSink) fail(err error) bool {
	c := s.cur()
	c.items = append(c.items, item{err: err})
	if len(c.items) == cap(c.items) {
		return s.flush()
	}
	return true
}

// flush sends the chunk being filled, if any.
func (s *chunkSink) flush() bool {
	c := s.c
	if c == nil || len(c.items) == 0 {
		return true
	}
	s.c = nil
	return s.send(s.out, c)
}

// A worker reads objects one after the other with the same buffers.
type worker struct {
	a    *Archive
	o    *Options
	id   int
	obj  Object
	rec  event.Record
	cr   countingReader
	br   *bufio.Reader
	zr   objectText // gunzips as compress/gzip does, faster
	er   *event.Reader
	out  Record
	prog *Progress

	pace  *pacer
	paced bool  // pace holds its memory
	size  int64 // bytes of records read, not yet counted in pace
}

// objectText is the gunzipped text of an object, which its worker reads
// to the end: event.Reader may read it ahead of the records asked for
// (it then decodes a record cut off at the end of what it has buffered
// less often).
type objectText struct{ inflate.Reader }

// ReadAhead says that the text may be read ahead.
func (*objectText) ReadAhead() bool { return true }

func newWorker(a *Archive, o *Options, p *pacer, id int) *worker {
	w := &worker{a: a, o: o, id: id, prog: o.Progress, pace: p}
	w.cr.prog = o.Progress
	w.br = bufio.NewReaderSize(nil, 64<<10)
	w.er = event.NewReader(nil, o.readOptions()...)
	return w
}

var noProgress Progress

// progress returns the Progress to count in: o.Progress, or a sink.
func (o *Options) progress() *Progress {
	if o.Progress != nil {
		return o.Progress
	}
	return &noProgress
}

// count adds n to c when progress is being counted.
func (o *Options) count(c *atomic.Int64, n int64) {
	if o.Progress != nil {
		c.Add(n)
	}
}

// countingReader counts the bytes read through it into a Progress.
type countingReader struct {
	r    io.Reader
	prog *Progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.prog != nil && n > 0 {
		c.prog.Bytes.Add(int64(n))
	}
	return n, err
}

// flushPace counts the bytes of records read since the last call in the
// read's pacer, until it holds its memory.
func (w *worker) flushPace() {
	if w.size > 0 && !w.paced {
		w.paced = w.pace.add(w.size)
	}
	w.size = 0
}

// read reads the records of obj into s. It returns false when s or ctx
// stopped it.
func (w *worker) read(ctx context.Context, obj *Object, s sink) bool {
	defer w.o.count(&w.o.progress().Objects, 1)
	if obj.Parsed.Kind == digestKind {
		return true // digests hold no records
	}
	done := ctx.Done()
	fail := func(err error) bool {
		w.o.count(&w.o.progress().Errors, 1)
		return s.fail(&Error{Key: obj.Key, Err: err})
	}
	f, err := w.a.Open(ctx, obj.Key)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	w.cr.r = f
	w.br.Reset(&w.cr)
	if head, _ := w.br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		if err := w.zr.Reset(w.br); err != nil {
			return fail(err)
		}
		w.er.Reset(&w.zr)
	} else {
		w.er.Reset(w.br)
	}
	var records int64
	defer func() {
		w.o.count(&w.o.progress().Records, records)
		w.flushPace()
	}()
	filter := &w.o.Filter
	window := filter.window()
	partial := len(w.o.Members) > 0
	for i := 0; ; i++ {
		if i&31 == 0 {
			select {
			case <-done:
				return false
			default:
			}
			if records >= 1024 {
				w.o.count(&w.o.progress().Records, records)
				records = 0
			}
			w.flushPace()
		}
		rec := s.slot()
		err := w.er.ReadRecord(rec)
		if err == io.EOF {
			return true
		}
		if err != nil {
			if !fail(err) {
				return false
			}
			var re *event.RecordError
			if !errors.As(err, &re) {
				return true // the stream ended
			}
			continue
		}
		w.size += int64(len(w.er.Raw()))
		if partial && (window && wholeForWindow(rec) || w.o.Whole != nil && w.o.Whole(rec)) {
			if err := rec.Decode(w.er.Raw()); err != nil {
				// The reader decoded it: not expected.
				if !fail(err) {
					return false
				}
				continue
			}
		}
		if window {
			if t, ok := rec.Occurred(); ok && !filter.MatchTime(t) {
				continue
			}
		}
		records++
		w.out = Record{Event: rec, Object: obj, Index: i, Offset: w.er.Offset(), Worker: w.id}
		if !s.record(&w.out, len(w.er.Raw())) {
			return false
		}
	}
}
