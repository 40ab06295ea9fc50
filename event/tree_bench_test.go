package event

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// treeCache holds the gzipped log files of the tree named by
// TRAILMAP_ARCHIVE_TREE (made by trail/archive's benchmark), read into
// memory once.
var treeCache struct {
	once  sync.Once
	files [][]byte
	plain int64
}

func benchTree(b *testing.B) [][]byte {
	b.Helper()
	dir := os.Getenv("TRAILMAP_ARCHIVE_TREE")
	if dir == "" {
		b.Skip("TRAILMAP_ARCHIVE_TREE names no tree (trail/archive's benchmark makes one)")
	}
	treeCache.once.Do(func() {
		filepath.WalkDir(filepath.Join(dir, "bucket"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json.gz") && !strings.Contains(p, "Digest") {
				if data, err := os.ReadFile(p); err == nil {
					treeCache.files = append(treeCache.files, data)
				}
			}
			return nil
		})
		for _, f := range treeCache.files {
			zr, err := gzip.NewReader(bytes.NewReader(f))
			if err != nil {
				continue
			}
			n, _ := io.Copy(io.Discard, zr)
			treeCache.plain += n
		}
	})
	if len(treeCache.files) == 0 {
		b.Skip("no log files in the tree")
	}
	return treeCache.files
}

// routerMembers are the members trail.Router.Members names under a
// deployment whose selectors name readOnly.
var routerMembers = []string{"additionalEventData", "awsRegion", "eventCategory", "eventName", "eventSource",
	"eventTime", "eventType", "insightDetails", "managementEvent", "readOnly", "recipientAccountId",
	"tlsDetails", "vpcEndpointAccountId"}

// BenchmarkTree reads every log file of the tree (from memory) with one
// reused Reader: in full, under DecodeOnly of the members a router reads
// (with and without userIdentity and resources), and the baseline of
// gunzip alone by compress/gzip, in the same run.
//
//	TRAILMAP_ARCHIVE_TREE=DIR go test -run '^$' -bench Tree -cpu 1 ./event
func BenchmarkTree(b *testing.B) {
	files := benchTree(b)
	read := func(b *testing.B, opts ...ReadOption) {
		b.SetBytes(treeCache.plain)
		b.ReportAllocs()
		var src bytes.Reader
		rd := NewReader(&src, opts...)
		var rec Record
		for i := 0; i < b.N; i++ {
			for _, f := range files {
				src.Reset(f)
				rd.Reset(&src)
				for {
					if err := rd.ReadRecord(&rec); err != nil {
						if err == io.EOF {
							break
						}
						b.Fatal(err)
					}
				}
			}
		}
	}
	b.Run("baseline=gunzip", func(b *testing.B) {
		b.SetBytes(treeCache.plain)
		b.ReportAllocs()
		var zr gzip.Reader
		buf := make([]byte, 64<<10)
		for i := 0; i < b.N; i++ {
			for _, f := range files {
				if err := zr.Reset(bytes.NewReader(f)); err != nil {
					b.Fatal(err)
				}
				if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{&zr}, buf); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("NextRaw", func(b *testing.B) {
		b.SetBytes(treeCache.plain)
		var src bytes.Reader
		rd := NewReader(&src)
		for i := 0; i < b.N; i++ {
			for _, f := range files {
				src.Reset(f)
				rd.Reset(&src)
				for {
					if _, err := rd.NextRaw(); err != nil {
						if err == io.EOF {
							break
						}
						b.Fatal(err)
					}
				}
			}
		}
	})
	b.Run("full", func(b *testing.B) { read(b) })
	b.Run("only=route", func(b *testing.B) { read(b, DecodeOnly(routeMembers...)) })
	b.Run("only=router", func(b *testing.B) { read(b, DecodeOnly(routerMembers...)) })
	b.Run("only=route+userIdentity", func(b *testing.B) {
		read(b, DecodeOnly(append(append([]string(nil), routeMembers...), "userIdentity", "resources")...))
	})
	// What a router whose selectors name userIdentity.arn and
	// resources.ARN reads, with the whole userIdentity and with paths
	// into it, and each nested member alone.
	for _, extra := range [][]string{
		{"userIdentity", "resources"},
		{"userIdentity.arn", "userIdentity.accountId", "resources"},
		{"userIdentity.arn", "userIdentity.accountId"},
		{"resources"},
	} {
		b.Run("only=router+"+strings.Join(extra, "+"), func(b *testing.B) {
			read(b, DecodeOnly(append(append([]string(nil), routerMembers...), extra...)...))
		})
	}
}
