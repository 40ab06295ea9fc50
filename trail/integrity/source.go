package integrity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
)

// ErrNotFound is what a Bucket's Get returns (wrapped or not) for a key
// that does not exist: S3's NoSuchKey.
var ErrNotFound = errors.New("integrity: no such key")

// ErrNoBucket is matched, with ErrNotFound, by the error of getting an
// object from a bucket the Store lacks.
var ErrNoBucket = errors.New("integrity: bucket not in the store")

// Object is an object read from a bucket.
type Object struct {
	// Body is the object's content. The caller closes it.
	Body io.ReadCloser
	// Metadata is the object's user metadata without the "x-amz-meta-"
	// prefix (what the S3 API returns as Metadata: "signature",
	// "signature-algorithm", "backfill-generation-timestamp"). Nil means
	// unknown (a local copy without its metadata); a non-nil empty map
	// means the object has none.
	Metadata map[string]string
}

// Bucket is read access to one S3 bucket or a local copy of one. A user
// implements it over the S3 API (ListObjectsV2 with StartAfter, GetObject);
// FS implements it over a directory.
type Bucket interface {
	// List yields the keys that start with prefix and sort after
	// startAfter ("" for all), in ascending byte order, as S3 lists them.
	List(ctx context.Context, prefix, startAfter string) iter.Seq2[string, error]
	// Get opens the object at key. A key that does not exist gives an
	// error matching ErrNotFound.
	Get(ctx context.Context, key string) (*Object, error)
}

// Store is the buckets a validation may read, by name. A bucket the
// store lacks is read as an empty bucket: its digest and log files are
// reported missing ("not found"), as a local copy that lacks them is.
// (The AWS CLI stops at a bucket it may not read.)
type Store map[string]Bucket

func (s Store) bucket(name string) (Bucket, error) {
	if b, ok := s[name]; ok && b != nil {
		return b, nil
	}
	return absentBucket(name), nil
}

// absentBucket is a bucket the Store lacks.
type absentBucket string

func (absentBucket) List(context.Context, string, string) iter.Seq2[string, error] {
	return func(func(string, error) bool) {}
}

func (b absentBucket) Get(_ context.Context, key string) (*Object, error) {
	return nil, fmt.Errorf("integrity: get s3://%s/%s: %w: %w", string(b), key, ErrNotFound, ErrNoBucket)
}

// MetadataSuffix ends the name of the file FS reads an object's metadata
// from: the output of `aws s3api head-object` for the object, saved
// beside it (only its "Metadata" member is read).
const MetadataSuffix = ".metadata.json"

// FS is a Bucket over a file system holding a bucket's objects the way
// `aws s3 sync s3://BUCKET DIR` writes them: the object key is the path
// under the root. An object's metadata comes from "<key>.metadata.json"
// beside it when that file exists; such files are not objects.
type FS struct {
	fsys fs.FS
}

// NewFS returns a Bucket reading fsys (for a directory, os.DirFS(dir)).
func NewFS(fsys fs.FS) *FS { return &FS{fsys: fsys} }

// List walks the folders that can hold keys with the prefix and yields
// the keys sorted.
func (b *FS) List(ctx context.Context, prefix, startAfter string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		root := "."
		if i := strings.LastIndexByte(prefix, '/'); i > 0 {
			root = prefix[:i]
		}
		if !fs.ValidPath(root) {
			// An empty, "." or ".." folder in the prefix (as a key prefix
			// with a trailing slash makes: "p//AWSLogs/…"): no file's path
			// starts with it, as no key in S3 does where aws s3 sync could
			// write it. S3 lists nothing; so does FS.
			return
		}
		var keys []string
		err := fs.WalkDir(b.fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if d.IsDir() {
				if p == root {
					return nil
				}
				dir := p + "/"
				if !strings.HasPrefix(dir, prefix) && !strings.HasPrefix(prefix, dir) {
					return fs.SkipDir
				}
				// Every key in the folder sorts before startAfter.
				if dir < startAfter && !strings.HasPrefix(startAfter, dir) {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(p, MetadataSuffix) || !strings.HasPrefix(p, prefix) || p <= startAfter {
				return nil
			}
			keys = append(keys, p)
			return nil
		})
		if err != nil {
			yield("", fmt.Errorf("integrity: list %q: %w", prefix, err))
			return
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !yield(k, nil) {
				return
			}
		}
	}
}

// Dirs returns the names of the folders directly under prefix (a folder
// path ending in "/", or "" for the root): S3's common prefixes with the
// delimiter "/".
func (b *FS) Dirs(ctx context.Context, prefix string) ([]string, error) {
	dir := strings.TrimSuffix(prefix, "/")
	if dir == "" {
		dir = "."
	}
	if !fs.ValidPath(dir) {
		return nil, nil // no folder has that path (see List)
	}
	ents, err := fs.ReadDir(b.fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("integrity: list %q: %w", prefix, err)
	}
	var names []string
	for _, e := range ents {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// Get opens the file at key and reads its metadata file if there is one.
func (b *FS) Get(ctx context.Context, key string) (*Object, error) {
	if !fs.ValidPath(key) || strings.HasSuffix(key, MetadataSuffix) {
		return nil, fmt.Errorf("integrity: get %q: %w", key, ErrNotFound)
	}
	f, err := b.fsys.Open(key)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("integrity: get %q: %w", key, ErrNotFound)
		}
		return nil, fmt.Errorf("integrity: get %q: %w", key, err)
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("integrity: get %q: %w", key, ErrNotFound)
	}
	obj := &Object{Body: f}
	meta, err := fs.ReadFile(b.fsys, key+MetadataSuffix)
	switch {
	case err == nil:
		obj.Metadata, err = parseHeadObject(meta)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("integrity: %s: %w", path.Base(key)+MetadataSuffix, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		f.Close()
		return nil, fmt.Errorf("integrity: get %q: %w", key+MetadataSuffix, err)
	}
	return obj, nil
}

// parseHeadObject reads the Metadata member of head-object output; a
// missing member means the object has no user metadata.
func parseHeadObject(b []byte) (map[string]string, error) {
	var out struct {
		Metadata map[string]string `json:"Metadata"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(b, []byte("\ufeff")), &out); err != nil { // a byte order mark is ignored, as in ParsePublicKeys
		return nil, fmt.Errorf("head-object output: %w", err)
	}
	if out.Metadata == nil {
		out.Metadata = map[string]string{}
	}
	return out.Metadata, nil
}
