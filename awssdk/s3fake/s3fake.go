// Package s3fake is a minimal in-process S3 for tests of code that reads
// CloudTrail logs from a bucket: an http.Handler serving path-style
// ListObjectsV2 (prefix, delimiter, max-keys, start-after, continuation
// tokens), GetObject and HeadObject (user metadata as x-amz-meta-*
// headers, NoSuchKey and NoSuchBucket errors) and PutObject (plain or
// aws-chunked bodies). Point an S3 client at it with BaseEndpoint and
// UsePathStyle. Objects are also put and read directly with Put and
// Object. It is safe for concurrent use.
//
// Not modelled: authentication, versions, multipart uploads, ranges,
// checksums, ACLs and everything else S3 does.
package s3fake

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Object is a stored object.
type Object struct {
	// Body is the object's content.
	Body []byte
	// Metadata is its user metadata, without the x-amz-meta- prefix,
	// names in lower case as S3 keeps them.
	Metadata map[string]string
	// LastModified is when it was put.
	LastModified time.Time
}

// Server is the fake S3.
type Server struct {
	mu      sync.Mutex
	buckets map[string]map[string]*Object
	gets    atomic.Int64
	now     func() time.Time
}

// New returns an empty fake S3 whose objects are stamped with the wall
// clock.
func New() *Server {
	return &Server{buckets: map[string]map[string]*Object{}, now: time.Now}
}

// CreateBucket makes an empty bucket (Put makes its bucket as needed).
func (s *Server) CreateBucket(bucket string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.buckets[bucket] == nil {
		s.buckets[bucket] = map[string]*Object{}
	}
}

// Put stores an object, making its bucket if needed.
func (s *Server) Put(bucket, key string, body []byte, meta map[string]string) {
	m := make(map[string]string, len(meta))
	for k, v := range meta {
		m[strings.ToLower(k)] = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.buckets[bucket] == nil {
		s.buckets[bucket] = map[string]*Object{}
	}
	s.buckets[bucket][key] = &Object{Body: bytes.Clone(body), Metadata: m, LastModified: s.now().UTC().Truncate(time.Second)}
}

// Object returns a stored object.
func (s *Server) Object(bucket, key string) (*Object, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.buckets[bucket][key]
	return o, ok
}

// Keys returns the keys of a bucket, sorted.
func (s *Server) Keys(bucket string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.buckets[bucket]))
	for k := range s.buckets[bucket] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Gets returns how many GetObject requests were served.
func (s *Server) Gets() int { return int(s.gets.Load()) }

type s3Error struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	Resource  string   `xml:"Resource,omitempty"`
	RequestID string   `xml:"RequestId"`
}

func writeError(w http.ResponseWriter, status int, code, msg, resource string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	b, _ := xml.Marshal(s3Error{Code: code, Message: msg, Resource: resource, RequestID: "0000000000000000"})
	w.Write([]byte(xml.Header))
	w.Write(b)
}

// ServeHTTP serves one path-style S3 request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if bucket == "" {
		writeError(w, http.StatusNotImplemented, "NotImplemented", "ListBuckets is not served by this fake.", "/")
		return
	}
	switch {
	case key == "" && r.Method == http.MethodGet:
		s.list(w, r, bucket)
	case key != "" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		s.get(w, r, bucket, key)
	case key != "" && r.Method == http.MethodPut:
		s.put(w, r, bucket, key)
	case key == "" && r.Method == http.MethodPut:
		s.CreateBucket(bucket)
		w.WriteHeader(http.StatusOK)
	default:
		writeError(w, http.StatusNotImplemented, "NotImplemented", r.Method+" "+r.URL.Path+" is not served by this fake.", r.URL.Path)
	}
}

func etag(b []byte) string {
	sum := md5.Sum(b)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

func (s *Server) get(w http.ResponseWriter, r *http.Request, bucket, key string) {
	s.mu.Lock()
	objs, okBucket := s.buckets[bucket]
	o, ok := objs[key]
	s.mu.Unlock()
	switch {
	case !okBucket:
		writeError(w, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist", "/"+bucket)
		return
	case !ok:
		writeError(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.", "/"+bucket+"/"+key)
		return
	}
	h := w.Header()
	for k, v := range o.Metadata {
		h.Set("X-Amz-Meta-"+k, v)
	}
	h.Set("Content-Length", strconv.Itoa(len(o.Body)))
	h.Set("Content-Type", "application/octet-stream")
	h.Set("ETag", etag(o.Body))
	h.Set("Last-Modified", o.LastModified.Format(http.TimeFormat))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		s.gets.Add(1)
		w.Write(o.Body)
	}
}

func (s *Server) put(w http.ResponseWriter, r *http.Request, bucket, key string) {
	var body []byte
	var err error
	if strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") || strings.HasPrefix(r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-") {
		body, err = readChunked(r.Body)
	} else {
		body, err = io.ReadAll(r.Body)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "IncompleteBody", err.Error(), "/"+bucket+"/"+key)
		return
	}
	meta := map[string]string{}
	for k, v := range r.Header {
		if name, ok := strings.CutPrefix(strings.ToLower(k), "x-amz-meta-"); ok && len(v) > 0 {
			meta[name] = v[0]
		}
	}
	s.Put(bucket, key, body, meta)
	w.Header().Set("ETag", etag(body))
	w.WriteHeader(http.StatusOK)
}

// readChunked decodes an aws-chunked body: chunks "<hex size>[;chunk-signature=…]\r\n<data>\r\n",
// a zero-size chunk, then trailers.
func readChunked(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	var out []byte
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("aws-chunked body: %w", err)
		}
		sizeText, _, _ := strings.Cut(strings.TrimSpace(line), ";")
		n, err := strconv.ParseInt(sizeText, 16, 64)
		if err != nil || n < 0 || n > 1<<30 {
			return nil, fmt.Errorf("aws-chunked body: bad chunk size %q", sizeText)
		}
		if n == 0 {
			return out, nil
		}
		start := len(out)
		out = append(out, make([]byte, n)...)
		if _, err := io.ReadFull(br, out[start:]); err != nil {
			return nil, fmt.Errorf("aws-chunked body: %w", err)
		}
		if _, err := br.ReadString('\n'); err != nil {
			return nil, fmt.Errorf("aws-chunked body: %w", err)
		}
	}
}

type listResult struct {
	XMLName               xml.Name       `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
	Name                  string         `xml:"Name"`
	Prefix                string         `xml:"Prefix"`
	Delimiter             string         `xml:"Delimiter,omitempty"`
	StartAfter            string         `xml:"StartAfter,omitempty"`
	MaxKeys               int            `xml:"MaxKeys"`
	KeyCount              int            `xml:"KeyCount"`
	IsTruncated           bool           `xml:"IsTruncated"`
	ContinuationToken     string         `xml:"ContinuationToken,omitempty"`
	NextContinuationToken string         `xml:"NextContinuationToken,omitempty"`
	Contents              []listObject   `xml:"Contents"`
	CommonPrefixes        []commonPrefix `xml:"CommonPrefixes"`
}

type listObject struct {
	Key          string `xml:"Key"`
	LastModified string `xml:"LastModified"`
	ETag         string `xml:"ETag"`
	Size         int    `xml:"Size"`
	StorageClass string `xml:"StorageClass"`
}

type commonPrefix struct {
	Prefix string `xml:"Prefix"`
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, bucket string) {
	q := r.URL.Query()
	if q.Get("list-type") != "2" {
		writeError(w, http.StatusNotImplemented, "NotImplemented", "Only ListObjectsV2 (list-type=2) is served by this fake.", "/"+bucket)
		return
	}
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	maxKeys := 1000
	if v := q.Get("max-keys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "InvalidArgument", "max-keys must be a non-negative integer.", "/"+bucket)
			return
		}
		maxKeys = min(n, 1000)
	}
	after := q.Get("start-after")
	token := q.Get("continuation-token")
	if token != "" {
		b, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidArgument", "The continuation token provided is incorrect.", "/"+bucket)
			return
		}
		after = string(b)
	}
	s.mu.Lock()
	objs, ok := s.buckets[bucket]
	keys := make([]string, 0, len(objs))
	for k := range objs {
		keys = append(keys, k)
	}
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist", "/"+bucket)
		return
	}
	slices.Sort(keys)
	res := listResult{Name: bucket, Prefix: prefix, Delimiter: delim, StartAfter: q.Get("start-after"), MaxKeys: maxKeys, ContinuationToken: token}
	last := ""
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) || k <= after {
			continue
		}
		entry := k
		isPrefix := false
		if delim != "" {
			if i := strings.Index(k[len(prefix):], delim); i >= 0 {
				entry = k[:len(prefix)+i+len(delim)]
				isPrefix = true
				if entry <= after || entry == last {
					continue
				}
			}
		}
		if res.KeyCount == maxKeys {
			res.IsTruncated = true
			break
		}
		res.KeyCount++
		last = entry
		if isPrefix {
			res.CommonPrefixes = append(res.CommonPrefixes, commonPrefix{Prefix: entry})
			continue
		}
		s.mu.Lock()
		o := objs[k]
		s.mu.Unlock()
		if o == nil {
			continue
		}
		res.Contents = append(res.Contents, listObject{Key: k, LastModified: o.LastModified.Format("2006-01-02T15:04:05.000Z"),
			ETag: etag(o.Body), Size: len(o.Body), StorageClass: "STANDARD"})
	}
	if res.IsTruncated {
		// Continue after the last entry; for a common prefix, after every
		// key under it.
		next := last
		if strings.HasSuffix(last, delim) && delim != "" {
			next = last + "\U0010FFFF"
		}
		res.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(next))
	}
	b, err := xml.Marshal(res)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "InternalError", err.Error(), "/"+bucket)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(xml.Header))
	w.Write(b)
}
