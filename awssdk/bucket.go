package awssdk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/trailmap/trailmap/trail/integrity"
)

// S3API is the part of the S3 client a Bucket uses; *s3.Client has it.
type S3API interface {
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Bucket reads an S3 bucket, or the objects under a prefix of it, through
// the S3 API. It is
//
//   - an fs.FS (with ReadDir and Stat) whose paths are object keys
//     relative to the prefix, for trail/archive.FS: ReadDir lists one
//     folder with a delimited, paged ListObjectsV2, Open of a file is a
//     GetObject, so the archive's reading workers GET objects
//     concurrently;
//   - an integrity.Bucket and integrity.Dirser for log file integrity
//     validation: List pages through ListObjectsV2 with StartAfter, Get
//     returns the object's user metadata (a digest's signature).
//
// A Bucket is safe for concurrent use. Its fs.FS methods use the context
// given by WithContext (context.Background by default).
type Bucket struct {
	client S3API
	name   string
	root   string // the prefix, ending in "/" unless empty
	ctx    context.Context
	// PageSize is the MaxKeys of each listing; 0 means S3's default
	// (1000).
	PageSize int32
}

// NewBucket returns the objects of bucket under prefix ("" for the whole
// bucket; a prefix is a folder: "logs" and "logs/" are the same).
func NewBucket(client S3API, bucket, prefix string) *Bucket {
	root := strings.TrimSuffix(prefix, "/")
	if root != "" {
		root += "/"
	}
	return &Bucket{client: client, name: bucket, root: root, ctx: context.Background()}
}

// WithContext returns a copy of b whose fs.FS methods use ctx.
func (b *Bucket) WithContext(ctx context.Context) *Bucket {
	c := *b
	c.ctx = ctx
	return &c
}

func (b *Bucket) pageSize() *int32 {
	if b.PageSize <= 0 {
		return nil
	}
	return aws.Int32(b.PageSize)
}

// List yields the keys under the bucket's prefix that start with prefix
// and sort after startAfter, relative to the bucket's prefix, in S3's
// order (integrity.Bucket).
func (b *Bucket) List(ctx context.Context, prefix, startAfter string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		in := &s3.ListObjectsV2Input{Bucket: aws.String(b.name), Prefix: aws.String(b.root + prefix), MaxKeys: b.pageSize()}
		if startAfter != "" {
			in.StartAfter = aws.String(b.root + startAfter)
		}
		p := s3.NewListObjectsV2Paginator(b.client, in)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				yield("", fmt.Errorf("awssdk: list s3://%s/%s: %w", b.name, b.root+prefix, err))
				return
			}
			for _, o := range page.Contents {
				if !yield(strings.TrimPrefix(aws.ToString(o.Key), b.root), nil) {
					return
				}
			}
		}
	}
}

// Dirs returns the names of the folders directly under prefix (a folder
// ending in "/", or "" for the prefix's root): the common prefixes of a
// delimited listing (integrity.Dirser).
func (b *Bucket) Dirs(ctx context.Context, prefix string) ([]string, error) {
	var names []string
	err := b.folder(ctx, prefix, func(name string, dir bool, _ s3types.Object) {
		if dir {
			names = append(names, name)
		}
	})
	return names, err
}

// folder lists the folder prefix (relative, "" or ending in "/"), calling
// fn with each entry's name.
func (b *Bucket) folder(ctx context.Context, prefix string, fn func(name string, dir bool, o s3types.Object)) error {
	full := b.root + prefix
	p := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{Bucket: aws.String(b.name), Prefix: aws.String(full),
		Delimiter: aws.String("/"), MaxKeys: b.pageSize()})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("awssdk: list s3://%s/%s: %w", b.name, full, err)
		}
		for _, cp := range page.CommonPrefixes {
			if name := strings.TrimSuffix(strings.TrimPrefix(aws.ToString(cp.Prefix), full), "/"); name != "" {
				fn(name, true, s3types.Object{})
			}
		}
		for _, o := range page.Contents {
			if name := strings.TrimPrefix(aws.ToString(o.Key), full); name != "" {
				fn(name, false, o)
			}
		}
	}
	return nil
}

// Get opens the object at key (relative to the bucket's prefix) with its
// user metadata (integrity.Bucket). A missing key gives an error matching
// integrity.ErrNotFound and fs.ErrNotExist.
func (b *Bucket) Get(ctx context.Context, key string) (*integrity.Object, error) {
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.name), Key: aws.String(b.root + key)})
	if err != nil {
		return nil, b.getErr(key, err)
	}
	meta := make(map[string]string, len(out.Metadata))
	for k, v := range out.Metadata {
		meta[strings.ToLower(k)] = v
	}
	return &integrity.Object{Body: out.Body, Metadata: meta}, nil
}

// notFound matches both integrity.ErrNotFound and fs.ErrNotExist.
type notFound struct{ err error }

func (e notFound) Error() string { return e.err.Error() }
func (e notFound) Unwrap() []error {
	return []error{e.err, integrity.ErrNotFound, fs.ErrNotExist}
}

func isNoSuchKey(err error) bool {
	var nsk *s3types.NoSuchKey
	var nf *s3types.NotFound
	var ae smithy.APIError
	return errors.As(err, &nsk) || errors.As(err, &nf) || errors.As(err, &ae) && ae.ErrorCode() == "NoSuchKey"
}

func (b *Bucket) getErr(key string, err error) error {
	err = fmt.Errorf("awssdk: get s3://%s/%s: %w", b.name, b.root+key, err)
	if isNoSuchKey(err) {
		return notFound{err}
	}
	return err
}

// Open opens the file or folder name (fs.FS). A file is fetched with
// GetObject when opened; a folder is a name some key lies under.
func (b *Bucket) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &dirFile{b: b, name: name}, nil
	}
	out, err := b.client.GetObject(b.ctx, &s3.GetObjectInput{Bucket: aws.String(b.name), Key: aws.String(b.root + name)})
	if err == nil {
		return &objectFile{name: path.Base(name), out: out}, nil
	}
	if !isNoSuchKey(err) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if ok, derr := b.isDir(name); derr != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: derr}
	} else if ok {
		return &dirFile{b: b, name: name}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (b *Bucket) isDir(name string) (bool, error) {
	out, err := b.client.ListObjectsV2(b.ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b.name), Prefix: aws.String(b.root + name + "/"), MaxKeys: aws.Int32(1)})
	if err != nil {
		return false, err
	}
	return len(out.Contents) > 0 || len(out.CommonPrefixes) > 0, nil
}

// ReadDir lists the folder name, sorted by name (fs.ReadDirFS).
func (b *Bucket) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	prefix := ""
	if name != "." {
		prefix = name + "/"
	}
	var ents []fs.DirEntry
	err := b.folder(b.ctx, prefix, func(n string, dir bool, o s3types.Object) {
		if dir {
			ents = append(ents, info{name: n, dir: true})
			return
		}
		if strings.Contains(n, "/") {
			return
		}
		ents = append(ents, info{name: n, size: aws.ToInt64(o.Size), mod: aws.ToTime(o.LastModified)})
	})
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	if len(ents) == 0 && name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	// S3 lists in byte order of keys, where "a-b" comes before "a/";
	// fs.ReadDir sorts by name.
	slices.SortFunc(ents, func(x, y fs.DirEntry) int { return strings.Compare(x.Name(), y.Name()) })
	return ents, nil
}

// info is a fs.FileInfo and fs.DirEntry of an object or folder.
type info struct {
	name string
	dir  bool
	size int64
	mod  time.Time
}

func (i info) Name() string { return i.name }
func (i info) Size() int64  { return i.size }
func (i info) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i info) ModTime() time.Time         { return i.mod }
func (i info) IsDir() bool                { return i.dir }
func (i info) Sys() any                   { return nil }
func (i info) Type() fs.FileMode          { return i.Mode().Type() }
func (i info) Info() (fs.FileInfo, error) { return i, nil }
func (i info) String() string             { return fs.FormatFileInfo(i) }

// objectFile is an opened object.
type objectFile struct {
	name string
	out  *s3.GetObjectOutput
}

func (f *objectFile) Read(p []byte) (int, error) { return f.out.Body.Read(p) }
func (f *objectFile) Close() error               { return f.out.Body.Close() }
func (f *objectFile) Stat() (fs.FileInfo, error) {
	return info{name: f.name, size: aws.ToInt64(f.out.ContentLength), mod: aws.ToTime(f.out.LastModified)}, nil
}

// dirFile is an opened folder.
type dirFile struct {
	b    *Bucket
	name string
	ents []fs.DirEntry
	read bool
	off  int
}

func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *dirFile) Close() error { return nil }
func (d *dirFile) Stat() (fs.FileInfo, error) {
	return info{name: path.Base(d.name), dir: true}, nil
}

// ReadDir reads the folder's entries (fs.ReadDirFile).
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		ents, err := d.b.ReadDir(d.name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		d.ents, d.read = ents, true
	}
	rest := d.ents[d.off:]
	if n <= 0 {
		d.off = len(d.ents)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.off += len(rest)
	return rest, nil
}

// Stat returns the file or folder's information (fs.StatFS).
func (b *Bucket) Stat(name string) (fs.FileInfo, error) {
	f, err := b.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}
