package archive

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/trailmap/trailmap/trail"
)

// Archive is a set of objects delivered by CloudTrail: a file system in
// the layout of a bucket (FS) or a list of object keys with a way to open
// them (Keys). An Archive is immutable and safe for concurrent use.
type Archive struct {
	fsys fs.FS
	keys []string // sorted in key order; nil for an FS
	open Opener
}

// Opener opens the object with the given key for reading, for archives
// given as a list of keys (for example a GetObject call).
type Opener func(ctx context.Context, key string) (io.ReadCloser, error)

// FS returns the archive of the objects in fsys, whose paths are object
// keys: the root of fsys is the root of the bucket, as `aws s3 sync
// s3://BUCKET DIR` writes it for os.DirFS(DIR). fsys may be any fs.FS:
// os.DirFS, an embed.FS, a *zip.Reader, or an S3-backed file system whose
// ReadDir lists one folder (a delimited listing); folders the filter rules
// out are never read (see Filter). A walk lists up to 8 folders ahead of
// the one it is in, so that a file system that lists over a network does
// not make the readers wait for each folder: fsys must allow concurrent
// use, as os.DirFS, embed.FS and *zip.Reader do.
func FS(fsys fs.FS) *Archive {
	return &Archive{fsys: fsys}
}

// Keys returns the archive of the objects named by keys, which open opens
// for reading (open may be nil for an archive that is only listed).
// Keys copies keys and puts them in key order (see Archive.Objects);
// empty keys and keys ending in "/" (folders) are left out.
func Keys(keys []string, open Opener) *Archive {
	ks := make([]string, 0, len(keys))
	for _, k := range keys {
		if k != "" && !strings.HasSuffix(k, "/") {
			ks = append(ks, k)
		}
	}
	slices.SortFunc(ks, compareKeys)
	ks = slices.Compact(ks)
	return &Archive{keys: ks, open: open}
}

// compareKeys orders object keys folder by folder, as fs.WalkDir walks a
// tree: "/" sorts before every other byte, so "CloudTrail/…" comes before
// "CloudTrail-Digest/…".
func compareKeys(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if x == '/' {
			return -1
		}
		if y == '/' {
			return 1
		}
		if x < y {
			return -1
		}
		return 1
	}
	return len(a) - len(b)
}

// ErrNoOpener is returned by Archive.Open for an archive made by Keys
// without an Opener.
var ErrNoOpener = errors.New("archive: no Opener to read objects with")

// Open opens the object with the given key.
func (a *Archive) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if a.fsys != nil {
		return a.fsys.Open(key)
	}
	if a.open == nil {
		return nil, ErrNoOpener
	}
	return a.open(ctx, key)
}

// Object is one object of an archive.
type Object struct {
	// Key is the object key: for an FS, the slash-separated path of
	// the file from the root.
	Key string
	// Parsed is what trail.ParseKey makes of Key; the zero Key for an
	// object that is not in the CloudTrail layout.
	Parsed trail.Key
}

// Error reports a problem with one object (or, when listing, one folder):
// an object whose key is not in the CloudTrail layout (Err is a
// *trail.KeyError, which matches trail.ErrNotKey), an object that cannot
// be opened or decompressed, a record that cannot be read (Err is an
// *event.RecordError giving the record's index and position in the
// decompressed object), or a folder that cannot be listed. It costs that
// object (or record, or folder) only.
type Error struct {
	Key string // the object key, or the folder for a listing error
	Err error  // the cause
}

// Error returns "archive: <key>: <cause>".
func (e *Error) Error() string {
	var ke *trail.KeyError
	if errors.As(e.Err, &ke) {
		return "archive: " + e.Key + ": not a CloudTrail object key: " + ke.Msg
	}
	msg := e.Err.Error()
	// The cause usually names its package; the key says more here.
	for _, p := range [...]string{"trail: ", "event: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return "archive: " + e.Key + ": " + msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }
