package event

import (
	"encoding/json"
	"errors"
	"io"
	"iter"
	"strconv"
	"sync"
)

// Format is the form of the input a Reader found: the envelope its records
// came in.
type Format int

// The forms a Reader understands. Each may be gzip-compressed, and a
// gzip file may hold several members (concatenated .gz files).
const (
	// FormatUnknown: nothing has been read yet.
	FormatUnknown Format = iota
	// FormatLogFile is a CloudTrail log file: one object whose Records
	// member is an array of records, {"Records":[...]}, with its members
	// in any order. Other members are kept (see Reader.Extra). Several log
	// files back to back are read one after the other.
	FormatLogFile
	// FormatLines is records back to back separated by white space:
	// JSON Lines (one record per line, blank lines allowed) or a single
	// record, pretty-printed or not.
	FormatLines
	// FormatArray is a top-level JSON array of records (or of
	// EventBridge events).
	FormatArray
	// FormatLookupEvents is the output of `aws cloudtrail lookup-events`
	// (the LookupEvents response): {"Events":[...],"NextToken":...}, each
	// event's CloudTrailEvent member holding a record as a JSON string.
	// Several pages back to back are read in turn, and so are events on
	// their own or in an array, as --query 'Events' or 'Events[0]'
	// prints them. An event that is a record itself, as the User Guide
	// prints Insights events looked up with the AWS CLI, is that record.
	FormatLookupEvents
	// FormatEventBridge is EventBridge events sent by CloudTrail, one or
	// many: the record is the event's detail. CloudTrail sends the
	// detail-types "AWS API Call via CloudTrail", "AWS Console Sign In via
	// CloudTrail" (the EventBridge User Guide spells it "Signin"; both
	// are read), "AWS Console Action via CloudTrail", "AWS Service Event
	// via CloudTrail", "AWS Insight via CloudTrail" and "AWS Network
	// Activity Event via CloudTrail" (EventBridge User Guide, "AWS service
	// events delivered via AWS CloudTrail"); a detail-type not (yet)
	// documented that ends in " via CloudTrail", as all of CloudTrail's
	// do, is read the same way when its detail is a record, and kept in
	// Extra; an event of another detail-type is an error naming it.
	FormatEventBridge
	// FormatCloudWatchLogs is CloudWatch Logs subscription data: a
	// DATA_MESSAGE whose logEvents hold records as JSON strings in their
	// message members (or EventBridge events from CloudTrail, as a log
	// group that is the target of an EventBridge rule holds them: the
	// record is the event's detail, as for FormatEventBridge), either decoded or in the form a Lambda function
	// receives ({"awslogs":{"data":"<base64 of gzip>"}}). A
	// CONTROL_MESSAGE holds no records and is no error.
	FormatCloudWatchLogs
)

var formatNames = [...]string{"unknown", "log file", "JSON lines", "array",
	"lookup-events output", "EventBridge events", "CloudWatch Logs subscription data"}

// String returns the form's name, such as "log file" or "lookup-events
// output".
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// DefaultMaxRecordSize is the default limit on the length of one record:
// 1 MiB, above the 256 KB CloudTrail delivers to trails and equal to the
// largest event CloudTrail Lake accepts.
const DefaultMaxRecordSize = 1 << 20

// DefaultMaxErrors is the default number of errors a Reader reports for
// one input before it sums up the rest in one error (see MaxErrors).
const DefaultMaxErrors = 100

// ReadOption configures Records, NewReader and ReadLogFile.
type ReadOption struct {
	apply func(*readConfig)
}

type readConfig struct {
	maxRecord int
	maxErrors int // < 0: no limit
	cont      bool
	bufSize   int  // initial buffer size; tests make it tiny
	book      bool // tests: always frame a record before decoding it (see fast)
	copying   bool // tests: never read into buffers of records' text (see fill)
	only      []string
	onlyIf    Condition
}

// MaxRecordSize sets the longest record, in bytes, a reader holds in memory
// (DefaultMaxRecordSize when n <= 0). A longer record is skipped and
// reported as a *RecordError wrapping ErrRecordTooLarge. The same limit
// applies to every value a reader holds whole: the members of a top-level
// object before its Records array, an EventBridge event, a lookup-events
// event, a CloudWatch Logs log event, the data of the Lambda form, and
// white space inside any of them.
func MaxRecordSize(n int) ReadOption {
	return ReadOption{func(c *readConfig) {
		if n <= 0 {
			n = DefaultMaxRecordSize
		}
		c.maxRecord = n
	}}
}

// MaxErrors sets how many errors a Reader reports for one input
// (DefaultMaxErrors when n == 0, no limit when n < 0). Past it, the
// Reader goes on reading and delivering records, counts the errors
// without reporting them, and reports their number at the end of the
// input in one error wrapping ErrTooManyErrors.
func MaxErrors(n int) ReadOption {
	return ReadOption{func(c *readConfig) {
		if n == 0 {
			n = DefaultMaxErrors
		}
		c.maxErrors = n
	}}
}

// ContinueOnError makes Records yield each *RecordError and go on with the
// next record instead of stopping at the first error. Errors that end the
// stream (a read error, a gzip error with no member after it, or a
// malformed envelope) are still yielded last. A Reader always lets its caller go on after a *RecordError, so the
// option has no effect on Reader.Next.
func ContinueOnError() ReadOption {
	return ReadOption{func(c *readConfig) { c.cont = true }}
}

// DecodeOnly lets a Reader decode only the named top-level members of
// each record, such as "eventName" or "userIdentity" (the names of the
// JSON, as in Record's json tags), for a reader that needs a few members
// of many records, such as routing or counting. The Record's other fields
// may be left zero and its unknown members are not kept, so a record read
// so is not lossless: encoding it writes only what was decoded. A
// record's syntax is checked in full all the same, and the errors a
// Reader reports are the same. With no names, or after DecodeOnly(nil),
// every member is decoded.
//
// Reading so costs little more than finding each record: the members not
// named are skipped, their syntax checked, and the input is not copied
// (but by ReadLogFile, which keeps every record): the values decoded are
// copied out of the reader's buffer, into blocks that the records share
// (see the package doc, Concurrency). A nested value not named is only
// checked, and one whose text the Reader met before is not checked again.
// Name userIdentity, or resources, only when needed: decoding them costs
// about as much as decoding the rest of the record in full.
//
// A name may also be a path to a string member of userIdentity:
// "userIdentity.type", "userIdentity.principalId", "userIdentity.arn",
// "userIdentity.accountId", "userIdentity.accessKeyId",
// "userIdentity.userName", "userIdentity.invokedBy",
// "userIdentity.identityProvider" or "userIdentity.credentialId". Then
// only those members of userIdentity are decoded, and the rest of it is
// checked as a member not named is, which costs little more than
// skipping it: the record's UserIdentity, when its userIdentity is an
// object, is a new identity.UserIdentity whose fields of the members
// named hold what a full decoding gives them ("" when absent or not a
// string) and whose other fields are zero; nothing else of the identity
// is kept, so encoding it writes the non-empty members named only. It is
// nil when the record has no userIdentity; one of another JSON type is
// kept raw, as a full decoding keeps it. Naming userIdentity too decodes
// all of it. A path to another member of userIdentity, or into another
// member ("resources.ARN"), names the whole member it goes into.
func DecodeOnly(names ...string) ReadOption {
	names = append([]string(nil), names...)
	return ReadOption{func(c *readConfig) { c.only = names }}
}

// Condition names members that a reader decoding some members only
// (DecodeOnly) needs of some records only: those whose member Key, a
// string member it decodes, has a value for which When reports true.
type Condition struct {
	// Key is the name of a string member of Record named to DecodeOnly,
	// such as "eventSource". A record without it, or with a value of
	// another JSON type, is asked about "", as its Record field then
	// holds.
	Key string
	// When reports whether a record whose Key member has the value v
	// needs Members.
	When func(v string) bool
	// Members are the members decoded of the records When reports, by
	// name or path, as DecodeOnly reads them.
	Members []string
}

// DecodeOnlyIf lets a Reader that decodes only the members named to
// DecodeOnly decode c.Members too of the records whose member c.Key has a
// value for which c.When reports true, and leave them out of the others:
// a record is read as with DecodeOnly of the names and, for those
// records, c.Members. A member named to DecodeOnly too is decoded of
// every record; of userIdentity, named to both by paths, what both name. When c.Key is not a string member named to DecodeOnly,
// or c.When is nil, c.Members are decoded of every record. Without
// DecodeOnly's names every member is decoded and c is not used.
//
// The value of c.Key decides in one pass when the record names it before
// c.Members, as CloudTrail writes eventSource before tlsDetails and
// additionalEventData; otherwise a record that needs them is decoded
// again in full and projected, so that records and errors are those of a
// full decoding whatever the order.
func DecodeOnlyIf(c Condition) ReadOption {
	c.Members = append([]string(nil), c.Members...)
	return ReadOption{func(rc *readConfig) { rc.onlyIf = c }}
}

// Member is one member of an object, its value kept as raw JSON.
type Member struct {
	Name  string          // the member name, unescaped
	Value json.RawMessage // the value's JSON text as it came
}

// Summary says what a Reader has read so far: the form and how many
// envelopes, records and errors, so that a caller can log "read 3
// lookup-events pages, 150 records".
type Summary struct {
	Format      Format // the form of the input (of its first value)
	Compressed  bool   // the input is gzip-compressed
	GzipMembers int    // members of the gzip input read
	LogFiles    int    // log files ({"Records":[...]}) read
	Pages       int    // pages of lookup-events output read
	Events      int    // EventBridge events read
	Messages    int    // CloudWatch Logs messages read (control messages too)
	Records     int    // records delivered
	Errors      int    // errors, reported or not (see MaxErrors)
}

// String describes s, as "log file, gzip (1 member): 1 log file, 310
// records, 1 error".
func (s Summary) String() string {
	var b []byte
	b = append(b, s.Format.String()...)
	if s.Compressed {
		b = append(b, ", gzip ("...)
		b = plural(b, s.GzipMembers, "member")
		b = append(b, ')')
	}
	b = append(b, ": "...)
	for _, c := range []struct {
		n    int
		what string
	}{{s.LogFiles, "log file"}, {s.Pages, "lookup-events page"}, {s.Events, "EventBridge event"},
		{s.Messages, "CloudWatch Logs message"}} {
		if c.n > 0 {
			b = append(plural(b, c.n, c.what), ", "...)
		}
	}
	b = plural(b, s.Records, "record")
	if s.Errors > 0 {
		b = plural(append(b, ", "...), s.Errors, "error")
	}
	return string(b)
}

func plural(b []byte, n int, what string) []byte {
	b = append(strconv.AppendInt(b, int64(n), 10), ' ')
	b = append(b, what...)
	if n != 1 {
		b = append(b, 's')
	}
	return b
}

// readerPool keeps Readers (their buffers and gzip state) between calls
// of Records, so that reading many small files costs what Reader.Reset
// costs. It holds no state that outlives a call.
var readerPool = sync.Pool{New: func() any { return new(Reader) }}

// Records returns an iterator over the records read from r, in input order.
// The input may be any form of Format, gzip-compressed or not (detected
// by its magic bytes; the members of a multi-member file are read in
// turn). Memory use is bounded by the maximum record size, whatever the
// size of the input.
//
// Each record is freshly allocated. By default the iteration stops after
// yielding the first error; with ContinueOnError every *RecordError is
// yielded and the iteration goes on with the next record. Empty input,
// or input holding only white space, yields an error wrapping
// ErrEmptyInput.
//
// Records takes its Reader from a pool and puts it back when the
// iteration ends, so a loop over many small files allocates per file
// only what the records need: the same as one Reader reused with Reset.
func Records(r io.Reader, opts ...ReadOption) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		rd := readerPool.Get().(*Reader)
		rd.init(r, opts)
		defer func() {
			rd.release()
			readerPool.Put(rd)
		}()
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !yield(nil, err) || !rd.cfg.cont {
					return
				}
				if _, ok := err.(*RecordError); !ok {
					return
				}
				continue
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

type readState uint8

const (
	stTop       readState = iota // between top-level values
	stElemFirst                  // after '[': an element or ']'
	stElemSep                    // after an element: ',' or ']'
	stElemNext                   // after ',': an element
	stAfterEnv                   // after the array of an envelope object
	stDone
)

// arrKind says what the elements of the array being read are.
type arrKind uint8

const (
	arrTop       arrKind = iota // a top-level array: records or EventBridge events
	arrRecords                  // the Records of a log file
	arrEvents                   // the Events of lookup-events output
	arrLogEvents                // the logEvents of a CloudWatch Logs DATA_MESSAGE
	arrSkip                     // the logEvents of a CONTROL_MESSAGE
)

// envelope names the array member of each envelope.
var envelopeNames = [...]string{arrRecords: "Records", arrEvents: "Events", arrLogEvents: "logEvents", arrSkip: "logEvents"}

// Reader reads records one at a time from a stream. It is the lower-level
// form of Records: Next and ReadRecord decode, NextRaw hands out the bytes
// of each record without decoding them, so a loop can reuse one Record.
// Reset makes a Reader read another input with the buffers it has: the
// fast path for many small files.
//
// # Going on after an error
//
// A record that cannot be read is reported as a *RecordError, and the
// next call goes on with the next record. A bad record costs that record
// only, and no record is taken from the inside of a broken one:
//
//   - a record whose extent was found (its brackets balance) but that is
//     malformed inside, is not an object, or has a member twice, is
//     skipped; when it is malformed, the object after it must pass the
//     checks below (the damage may have balanced its brackets early);
//   - a record longer than the maximum size is skipped without being held
//     in memory, up to its end;
//   - a record whose extent cannot be found, or whose quotes are not
//     where they should be (span's extent is then not to be trusted),
//     is read on as far as it can be understood: a closing bracket of
//     the wrong kind closes the open container it matches, if any. When
//     that brings the record to its end, reading goes on right after it;
//   - otherwise reading goes on at the first place after the last
//     well-formed part of the broken record where a record starts: a '{'
//     after ',' or '[' (in an array), after '}' (between top-level
//     values), at the start of a line, or followed by the member name
//     "eventVersion" (never after ':', where it is a member's value); the
//     object there must be well-formed JSON, have a member a record has
//     (in lookup-events output a CloudTrailEvent member, in CloudWatch
//     Logs data a message member), and (in an array) be followed by ','
//     or ']';
//   - and it must start at a top-level element boundary, not inside the
//     broken record: what follows it must be what follows a record of
//     the input's form. Records back to back are never followed by ',',
//     ':', ']', '}' or '['; in an array, the elements after it are read
//     to the ']' that closes their array, which must be followed by the
//     end of the input or another top-level value (a top-level array),
//     or by the envelope's other members and its '}', then the same (a
//     log file, lookup-events output, CloudWatch Logs data). An object
//     nested in the broken record is followed by the rest of that
//     record, and is never delivered. Where the input after it is
//     malformed or ends, this cannot be told and the record is taken.
//
// A run of input that is not records (garbage between records, elements
// that are not objects) is reported once, with its extent. Past
// MaxErrors errors, the rest are counted and reported at the end in one
// error.
//
// A damaged gzip member (cut off, corrupt, failing its checksum, or data
// between members that is not one) costs its own records only: when a
// member that decodes cleanly follows it, the damage is reported as a
// *RecordError whose Err is a *GzipError (the member, the compressed
// offset, and where reading went on), and reading starts afresh with
// that member, whatever was being read of the damaged one dropped. The
// records of the damaged member before the damage have been delivered
// (a member's checksum can only be checked at its end). See GzipError.
//
// Errors in the framing of an envelope (a log file cut off between
// records or not closed, a malformed member after its Records array),
// read errors, and gzip errors with no member after them end the stream.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	in      io.Reader
	src     io.Reader
	gz      *gzipSource // kept across Reset
	cfg     readConfig
	started bool
	magic   [2]byte
	pre     prefixReader
	// toFast lets next stop at the first element of a log file's Records
	// array, returning errToFast, so that ReadRecord or Next reads it by
	// its fast path instead of framing it: set for one NextRaw call made
	// at the start of the input.
	toFast bool

	buf []byte
	w   int // buf[:w] holds input; buf[0] is at input offset base
	// own is the Reader's own buffer, kept across Reset; buf is own, or
	// with shared set a buffer made for the text of the records read
	// from it (see fill), whose bytes buf[:w] are never written again.
	own    []byte
	shared bool
	// direct is set while records are decoded keeping their text (Next
	// and ReadRecord but under DecodeOnly; ReadLogFile): fill then copies
	// input held in win straight into such a buffer, which is their text.
	direct bool
	win    windowSource // src, when it holds its output (inflate's window)
	ahead  bool         // src may be read ahead (see aheadSource)
	cutAt  int64        // with shared set: where the last record in buf likely ends
	base   int64        // input offset of buf[0]
	off    int64        // read position
	keep   int64        // earliest offset that must stay in buf; -1 means off
	eof    bool
	rerr   error

	// overLimit is set when skipSpace stopped at the maximum record size.
	overLimit bool
	// suspect is set after a broken record: the next object must be
	// plausible as a record to be read as one (see checkSuspect).
	suspect bool

	// Line accounting: the cursor is at offset curOff, on line curLine,
	// which starts at offset curLineStart. It only moves forward.
	curOff       int64
	curLine      int
	curLineStart int64

	st       readState
	arr      arrKind
	format   Format
	index    int // index of the next record
	last     int // index of the last record returned
	rawStart int64
	raw      []byte
	origin   string // the member a record was unwrapped from ("" when none)
	extra    []Member
	// The last EventBridge event: its text with its detail left out,
	// what len(extra) was then, and Extra's answer once worked out.
	ev         []byte
	evAt       int
	evSeq      int // events kept so far
	evCache    []Member
	evCacheSeq int
	evCacheLen int
	stack      []byte
	pend       []memberSpan
	err        error // sticky error that ended the stream

	sum        Summary
	suppressed int // errors past MaxErrors, not reported yet
	// mutedErr stands for every record error past MaxErrors, which is
	// only counted: it is not built (muted).
	mutedErr RecordError

	unq   []byte             // a record unwrapped from a JSON string
	held  []byte             // raw's bytes, when fill moves them in buf
	spare *sessionParseBlock // the block of a record that did not decode

	// The Lambda form of CloudWatch Logs data is read by sub, over the
	// decoded data in subData; nested is set on sub.
	sub     *Reader
	subSrc  prefixReader
	subData []byte
	inSub   bool
	subAt   int64
	subIdx  int
	nested  bool

	// With share set (ReadLogFile, which keeps every record), records
	// take their strings from chunk, one string made of the buffered
	// input from offset chunkAt on, instead of a copy each.
	share      bool
	chunk      string
	chunkBytes []byte // what chunk is a view of (see newChunk)
	chunkAt    int64

	// proj is the projection of DecodeOnly, or nil.
	proj *projection
	// ids holds the identities decoded in full before, kept across
	// Reset (see idMemo); made when first needed.
	ids *idMemo
}

type memberSpan struct{ name, nameEnd, val, valEnd int64 }

// NewReader returns a Reader that reads records from r.
func NewReader(r io.Reader, opts ...ReadOption) *Reader {
	rd := new(Reader)
	rd.init(r, opts)
	return rd
}

// init makes r new, reading from in with opts, keeping its buffers.
func (r *Reader) init(in io.Reader, opts []ReadOption) {
	r.cfg = readConfig{maxRecord: DefaultMaxRecordSize, maxErrors: DefaultMaxErrors}
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&r.cfg)
		}
	}
	if only := newProjection(r.cfg.only, r.cfg.onlyIf); only == nil || r.proj == nil || !only.same(r.proj) {
		r.proj = only
	}
	r.Reset(in)
}

// release drops what r refers to of its last input, so that a pooled
// Reader keeps only its buffers.
func (r *Reader) release() {
	r.Reset(nil)
	if r.sub != nil {
		r.sub.Reset(nil)
	}
}

// Reset makes r read from in, with the same options, as if it were new.
// It keeps r's buffers and gzip state, so one Reader reads many files
// (for example one log file object after another) allocating per file
// nothing but the records it decodes.
func (r *Reader) Reset(in io.Reader) {
	*r = Reader{in: in, keep: -1, curLine: 1, cfg: r.cfg, buf: r.own, own: r.own, stack: r.stack[:0],
		pend: r.pend[:0], gz: r.gz, unq: r.unq[:0], held: r.held[:0], sub: r.sub, subData: r.subData[:0], nested: r.nested,
		ev: r.ev[:0], proj: r.proj, ids: r.ids}
}

// Format returns the form of the input, known once the first record (or
// the start of the first envelope) has been read.
func (r *Reader) Format() Format { return r.format }

// Compressed reports whether the input is gzip-compressed; it is known once
// reading has started.
func (r *Reader) Compressed() bool { return r.sum.Compressed }

// Raw returns the bytes of the record last returned by Next, ReadRecord or
// NextRaw, or of the record a *RecordError was reported for when its bytes
// are known. A record unwrapped from a JSON string (lookup-events,
// CloudWatch Logs) is returned unescaped. The slice is valid until the
// next call on r, and must not be changed: it may be the text the
// record's strings are made of.
func (r *Reader) Raw() []byte { return r.raw }

// Offset returns the input offset of the first byte of Raw, or for a
// record unwrapped from a JSON string, of that string.
func (r *Reader) Offset() int64 { return r.rawStart }

// Extra returns the members of the envelopes read so far other than the
// array of records (Records, Events or logEvents), in input order: the
// members of a log file besides Records, NextToken of lookup-events
// output, the owner, logGroup and logStream of CloudWatch Logs data.
// Values are raw JSON. Members that follow the array are known only once
// the array has been read to its end. Of EventBridge events, whose
// envelope is the event, Extra holds the members but detail (version, id,
// detail-type, source, account, time, region, resources: EventBridge User
// Guide, "Amazon EventBridge events") of the event whose record came last,
// in place of the previous event's, so that they take no more memory
// however many events are read. The slice is r's until the next call.
func (r *Reader) Extra() []Member {
	if r.evSeq == 0 {
		return r.extra
	}
	if r.evCacheSeq != r.evSeq || r.evCacheLen != len(r.extra) {
		ms := envelopeMembers(r.ev)
		out := make([]Member, 0, len(r.extra)+len(ms))
		out = append(out, r.extra[:r.evAt]...)
		out = append(out, ms...)
		r.evCache = append(out, r.extra[r.evAt:]...)
		r.evCacheSeq, r.evCacheLen = r.evSeq, len(r.extra)
	}
	return r.evCache
}

// Summary returns what r has read so far.
func (r *Reader) Summary() Summary {
	s := r.sum
	s.Format = r.format
	if r.gz != nil && s.Compressed {
		s.GzipMembers = r.gz.members
	}
	return s
}

// Next reads and decodes the next record. At the end of the input it
// returns io.EOF. A *RecordError reports one record that could not be
// read; calling Next again goes on with the next one. Any other error ends
// the stream and is returned again by later calls.
func (r *Reader) Next() (*Record, error) {
	r.direct = (r.proj == nil || r.share) && !r.cfg.copying
	r.raw = nil // the last call's: reading on must not keep it (see fill)
	for {
		// The Record lives in the block of its nested values, as
		// ParseRecord has it.
		if rec := r.fastNext(); rec != nil {
			return rec, nil
		}
		b, err := r.nextRaw()
		if err == errToFast {
			continue
		}
		if err != nil {
			return nil, err
		}
		sp := r.spareBlock()
		pb := &sp.pb
		if err := r.decode(b, &pb.rec, &pb.blk); err != nil {
			r.spare = sp // not handed out: used for the next record
			if r.origin == "" {
				r.recheck(r.rawStart, len(b))
				r.rebuffered(len(b))
			}
			if err = r.failed(err); err == nil {
				continue
			}
			return nil, err
		}
		return &pb.rec, nil
	}
}

// ReadRecord is Next decoding into rec, which is reset first. Reusing one
// Record across calls avoids allocating a Record per call. What rec's
// fields point to is new for each record, so a copy of rec (saved := *rec)
// stays valid after the next call; the strings and raw payloads of
// records read from a log file share a copy of the input among the
// records of a stretch of up to 16 KiB, or under DecodeOnly blocks of
// the values decoded (see the package doc, Concurrency).
func (r *Reader) ReadRecord(rec *Record) error {
	r.direct = (r.proj == nil || r.share) && !r.cfg.copying
	r.raw = nil // the last call's: reading on must not keep it (see fill)
	for {
		if r.fast(rec, nil) {
			return nil
		}
		b, err := r.nextRaw()
		if err == errToFast {
			continue
		}
		if err != nil {
			return err
		}
		if err := r.decode(b, rec, nil); err != nil {
			if r.origin == "" {
				r.recheck(r.rawStart, len(b))
				r.rebuffered(len(b))
			}
			if err = r.failed(err); err == nil {
				continue
			}
			return err
		}
		return nil
	}
}

// rebuffered points r.raw again at the n bytes of the record at
// r.rawStart, which reading on may have moved in the buffer, or makes it
// nil when they are no longer buffered.
func (r *Reader) rebuffered(n int) {
	r.raw = nil
	if start := r.rawStart - r.base; start >= 0 && start+int64(n) <= int64(r.w) {
		r.raw = r.buf[start : start+int64(n)]
	}
}

// failed counts a record that did not decode, NextRaw having counted it
// as read, and returns its error, or nil when it is past MaxErrors.
func (r *Reader) failed(err error) error {
	r.sum.Records--
	return r.report(err)
}

// muted reports whether the next record error is past MaxErrors, so that
// it will only be counted: its position and message need not be worked
// out, and &r.mutedErr stands for it.
func (r *Reader) muted() bool {
	return r.cfg.maxErrors >= 0 && r.sum.Errors >= r.cfg.maxErrors
}

// report counts a *RecordError and returns it, or nil when it is past
// MaxErrors and only counted.
func (r *Reader) report(err error) error {
	r.sum.Errors++
	if r.cfg.maxErrors >= 0 && r.sum.Errors > r.cfg.maxErrors {
		r.suppressed++
		return nil
	}
	return err
}

// NextRaw returns the bytes of the next record without decoding them; they
// are valid until the next call on r. The framing is checked, the record's
// JSON only in outline (balanced brackets, strings): decoding checks the
// rest. Errors are as for Next. Reading raw records allocates nothing per
// record once the reader's buffer has grown to fit the largest one.
func (r *Reader) NextRaw() ([]byte, error) {
	for {
		r.raw, r.origin = nil, ""
		if r.err != nil {
			return nil, r.err
		}
		if !r.started {
			if err := r.start(); err != nil {
				r.err = err
				return nil, err
			}
		}
		b, err := r.next()
		if err == nil {
			r.sum.Records++
			r.raw = b
			return b, nil
		}
		if err == errToFast {
			return nil, err
		}
		if _, ok := err.(*RecordError); ok {
			if err = r.report(err); err == nil {
				continue
			}
			return nil, err
		}
		if ge, ok := r.rerr.(*GzipError); ok && ge.Resumed > 0 && err == error(ge) {
			// A damaged gzip member with another after it: what was
			// being read of the damaged one is dropped, and reading
			// starts afresh with the next member.
			if err = r.report(r.memberFailed(ge)); err == nil {
				continue
			}
			return nil, err
		}
		r.st = stDone
		if r.suppressed > 0 {
			// Sum up the errors not reported, then go on to err.
			n := r.suppressed
			r.suppressed = 0
			if err != io.EOF {
				r.err = err
			}
			return nil, &TooManyErrorsError{Reported: r.cfg.maxErrors, More: n}
		}
		if err != io.EOF {
			r.err = err
		}
		return nil, err
	}
}

// errToFast is what NextRaw returns, under toFast, at the first element of
// a log file's Records array: for the fast path to read.
var errToFast = errors.New("event: record to be read by the fast path")

// nextRaw is NextRaw for ReadRecord and Next, which try the fast path
// first: at the start of the input it stops at the first record of a log
// file (errToFast), which the fast path then reads, as it reads the
// others, instead of framing it first. Where the fast path has failed,
// the input is past its start, and NextRaw frames the record.
func (r *Reader) nextRaw() ([]byte, error) {
	r.toFast = r.st == stTop && r.off == 0 && !r.inSub
	b, err := r.NextRaw()
	r.toFast = false
	return b, err
}

// next finds the next record: bytes of buf, or of unq for a record
// unwrapped from a string. It returns a *RecordError for a record that
// cannot be read, io.EOF at the end, or another error that ends the
// stream.
func (r *Reader) next() ([]byte, error) {
	for {
		if r.inSub {
			b, err := r.subNext()
			if b != nil || err != nil {
				return b, err
			}
			continue
		}
		switch r.st {
		case stDone:
			if r.rerr != nil {
				// The input failed while looking for the next record.
				return nil, r.readErr()
			}
			return nil, io.EOF

		case stTop:
			r.keep = -1
			if r.off == 0 {
				r.skipBOM()
			}
			p, c, ok := r.skipSpace(r.off)
			if !ok {
				if err := r.readErr(); err != nil {
					return nil, err
				}
				r.st = stDone
				if r.format == FormatUnknown && r.index == 0 {
					return nil, r.emptyError(p)
				}
				return nil, io.EOF
			}
			switch c {
			case '[':
				if r.suspect && r.format != FormatArray {
					// After a broken record, a top-level array in input
					// that holds none is the rest of the broken record.
					return nil, r.garbage(p, false, "after a broken record, found '['")
				}
				r.off = p + 1
				r.arr, r.st = arrTop, stElemFirst
				r.setFormat(FormatArray)
				continue
			case '{':
				b, err := r.topObject(p)
				if b != nil || err != nil {
					return b, err
				}
				continue
			}
			if r.format == FormatUnknown {
				return nil, r.notRecords(p)
			}
			return nil, r.garbage(p, false, "expected record object, found "+r.found(p))

		case stElemFirst, stElemSep, stElemNext:
			r.keep = -1
			p, c, ok := r.skipSpace(r.off)
			if !ok {
				if err := r.readErr(); err != nil {
					return nil, err
				}
				exp := "record or ']'"
				if r.st == stElemSep {
					exp = "',' or ']' after record"
				}
				return nil, r.syntaxError(p, "expected "+exp+", found end of input")
			}
			if r.st == stElemSep {
				switch c {
				case ',':
					r.off = p + 1
					r.st = stElemNext
					continue
				case ']':
					r.closeArray(p)
					continue
				case '{':
					// A missing comma: the record is still read, when it
					// is one.
					r.off, r.st = p, stElemNext
					r.suspect = true
					return nil, r.syntaxRecordError(r.index, p, "expected ',' or ']' after record, found '{'")
				}
				return nil, r.garbage(p, true, "expected ',' or ']' after record, found "+r.found(p))
			}
			if c == ']' {
				closing := r.st == stElemNext
				r.closeArray(p)
				if closing {
					return nil, r.syntaxRecordError(r.index, p, "expected record after ',', found ']'")
				}
				continue
			}
			if r.toFast && c == '{' && r.st == stElemFirst && r.arr == arrRecords {
				r.toFast = false
				return nil, errToFast
			}
			b, err := r.element(p, c)
			if b != nil || err != nil {
				return b, err
			}

		case stAfterEnv:
			if err := r.afterEnvelope(); err != nil {
				return nil, err
			}
		}
	}
}

// setFormat records the form of the input when it is not known yet.
func (r *Reader) setFormat(f Format) {
	if r.format == FormatUnknown {
		r.format = f
	}
}

// skipBOM skips a UTF-8 byte order mark at the start of the input.
func (r *Reader) skipBOM() {
	for k, b := range [3]byte{0xef, 0xbb, 0xbf} {
		if c, ok := r.at(int64(k)); !ok || c != b {
			return
		}
	}
	r.off = 3
}

func (r *Reader) closeArray(p int64) {
	r.off = p + 1
	if r.arr == arrTop {
		r.st = stTop
	} else {
		r.st = stAfterEnv
	}
}

// element reads the array element starting at p (byte c). It returns the
// record, or nil and nil for an element that holds none.
func (r *Reader) element(p int64, c byte) ([]byte, error) {
	if c != '{' {
		if r.arr == arrSkip {
			// A control message's log events are not records.
			return nil, r.skipElement(p)
		}
		found := kindOf(c)
		if found == "invalid value" {
			found = r.found(p)
		}
		err := r.garbage(p, true, "expected "+r.elementName()+" object, found "+found)
		if re, ok := err.(*RecordError); ok && r.arr == arrTop {
			if se, ok := re.Err.(*SyntaxError); ok {
				// Not records ([1,2]): it matches ErrNotRecords too.
				// In an envelope's array ({"Records":[1]}) the
				// input is what it says; that element is a bad one.
				re.Err = &notRecordsError{se}
			}
		}
		return nil, err
	}
	if r.suspect {
		if r.arr == arrRecords || r.arr == arrTop {
			if err := r.checkSuspect(p, true); err != nil {
				return nil, err
			}
		}
		r.suspect = false
	}
	r.keep = p
	defer func() { r.keep = -1 }()
	index := r.index
	r.index++
	end, serr := r.span(p, p, false)
	if serr != nil {
		return nil, r.recordFail(index, p, serr, true)
	}
	r.off, r.st = end, stElemSep
	b := r.buf[p-r.base : end-r.base]
	switch r.arr {
	case arrRecords:
		r.last, r.rawStart = index, p
		if emptyObject(b) {
			// {} is no record: an error naming what was found, never an
			// empty record; an object with members is decoded as one.
			r.raw = b
			line, col := r.position(p)
			return nil, &RecordError{Index: index, Line: line, Column: col, Offset: p, End: end, Err: errEmptyElement}
		}
		return b, nil
	case arrEvents, arrLogEvents:
		name := "CloudTrailEvent"
		if r.arr == arrLogEvents {
			name = "message"
		}
		rec, err := r.unwrap(index, p, b, name)
		if err != nil {
			// An element that is malformed inside may not end where its
			// brackets balance (a quote lost): recheck reads on after it
			// as after any broken element when it does not.
			r.recheck(p, len(b))
			if re, ok := err.(*RecordError); ok && r.off > end {
				re.End = r.off
			}
		}
		return rec, err
	case arrSkip:
		r.index--
		return nil, nil
	}
	return r.classify(index, p, b)
}

// errEmptyElement is the error of an element of Records that is an
// object without members.
var errEmptyElement = errors.New("event: found an empty object in Records, expected a CloudTrail record")

// emptyObject reports whether b, a well-formed JSON object, has no
// members: only white space between its braces.
func emptyObject[T string | []byte](b T) bool {
	for i := 1; i < len(b)-1; i++ {
		if c := b[i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// elementName names what the elements of the current array should be.
func (r *Reader) elementName() string {
	switch r.arr {
	case arrEvents:
		return "lookup-events event"
	case arrLogEvents:
		return "log event"
	}
	return "record"
}

func kindOf(c byte) string {
	switch {
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || isDigit(c):
		return "number"
	}
	return "invalid value"
}
