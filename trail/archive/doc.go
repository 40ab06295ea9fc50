// Package archive reads the objects CloudTrail delivers to a bucket, in
// the AWSLogs layout, from a copy of the bucket or a list of its keys:
//
//	[<prefix>/]AWSLogs/[<o-orgId>/]<account>/CloudTrail[-Insight|-Digest|…]/<region>/YYYY/MM/DD/<file>.json.gz
//
// An Archive is a file system (FS: os.DirFS over an `aws s3 sync` copy,
// an embed.FS, a *zip.Reader, or a user's S3-backed fs.FS) or a list of
// object keys with an Opener (Keys). Archive.Objects walks it: every
// object is recognised by its key (trail.ParseKey) and an object that is
// not in the layout is reported, not skipped. A Filter selects objects by
// key before anything is opened — organizations, accounts, Regions,
// kinds, prefixes, and a window of event time — and folders that cannot
// hold a selected object are never listed.
//
// Archive.Records (an iterator) and Archive.Each (a callback) read the
// records of the selected objects with a pool of workers, each
// decompressing and decoding its own object with buffers, a gzip reader
// and an event.Reader it reuses from object to object:
//
//	a := archive.FS(os.DirFS("bucket"))
//	o := &archive.Options{Filter: archive.Filter{Accounts: []string{"111122223333"},
//		Start: start, End: end}}
//	for r, err := range a.Records(ctx, o) {
//		if err != nil { log.Print(err); continue } // one object or record
//		fmt.Println(r.Object.Key, r.Index, r.Event.EventName)
//	}
//
// A caller that needs a few members of each record, such as one that
// routes them, names them in Options.Members: only those are decoded
// (event.DecodeOnly), with Options.Whole to have the rare record that
// needs more decoded whole (trail.Router.Members and
// trail.Router.NeedsWhole).
//
// # Time windows
//
// The time in a key is the delivery time, not the time of the events in
// the object: a log file holds events from before its delivery, typically
// about five minutes before, with no guarantee (CloudTrail User Guide,
// "Finding your CloudTrail log files"). So the window's objects are those
// delivered from its start up to DefaultSlack (one hour, configurable
// with Filter.Slack) after its end, and their records are then filtered
// by eventTime exactly.
//
// # Order
//
// The records of one object come in their order in the object, each with
// its object and position (Record.Index, Record.Offset). Objects come as
// the workers finish them, or in key order with Options.Ordered, at the
// memory cost Options.Ordered states. Key order is fs.WalkDir's: folder by
// folder, names in byte order.
//
// # Errors
//
// A problem costs the object (or record, or folder) it concerns: it is
// reported as an *Error naming the key, wrapping the cause
// (*trail.KeyError for an object not in the layout, matching
// trail.ErrNotKey; *event.RecordError for a record; the file system's or
// gzip's error), and reading goes on. Cancelling the context stops the
// reading promptly; a callback's error stops it too.
//
// # Concurrency
//
// An Archive is immutable and safe for concurrent use. A walk lists up to
// 8 folders ahead, concurrently, so the fs.FS must allow concurrent use.
// Progress counters may be read while a read runs. Each calls its callback from several
// goroutines unless told to keep order (see Archive.Each); Records
// yields in the caller's goroutine.
//
// # Memory
//
// Each worker holds a 64 KiB read buffer, the gzip state (about 50 KiB)
// and an event.Reader whose buffer grows to the largest record read
// (Options.MaxRecordSize, 1 MiB by default). The records handed to the
// caller are reused, so memory does not grow with the size of the
// archive. Records and Options.Ordered buffer records between the
// workers and the caller (see Options.Ordered). A read also holds memory
// it never writes to, so that the garbage collector, which paces itself
// on the live heap, runs less often: reading every member makes garbage
// at about 1.7 times the rate it reads JSON, and with a small live heap
// collecting it cost two workers a quarter of their time. It holds 4 MiB
// with one worker and 8 MiB per worker with more, up to 16 MiB, taken as
// it reads (as much as it has read, from 4 MiB of records on): a short
// read holds none, since allocating it would cost more than the
// collections it saves. A read with one worker that decodes every member
// takes its 4 MiB only once it has sat through 96 collections (about 130
// MB of records): its collections are cheap, and over a shorter read the
// page faults of the larger heap cost more than the collections saved.
package archive
