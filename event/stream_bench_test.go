package event

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/trailmap/trailmap/internal/corpustest"
)

// benchRecords returns the raw records the benchmarks are built from: the
// real corpus when it is present, else the transcribed records.
func benchRecords(b *testing.B) [][]byte {
	b.Helper()
	var out [][]byte
	add := func(data []byte) {
		rd := NewReader(bytes.NewReader(data))
		for {
			raw, err := rd.NextRaw()
			if err != nil {
				return
			}
			if _, err := ParseRecord(raw); err == nil {
				out = append(out, bytes.Clone(raw))
			}
		}
	}
	if corpusDir(b) != "" {
		for _, f := range corpustest.Files(b, corpustest.All) {
			add(f.Data)
		}
	}
	if len(out) == 0 {
		files, _ := filepath.Glob("testdata/records/*.json")
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				add(data)
			}
		}
	}
	if len(out) == 0 {
		b.Skip("no records to build the benchmark input from")
	}
	return out
}

type benchInput struct {
	plain, gz []byte
	records   int
}

// benchCache holds the benchmark input, built once per test binary.
var benchCache struct {
	once sync.Once
	in   *benchInput
}

// benchLogFile returns a gzipped log file of about 10 MB (uncompressed)
// made by repeating the records.
func benchLogFile(b *testing.B) *benchInput {
	b.Helper()
	benchCache.once.Do(func() { benchCache.in = buildBenchLogFile(b) })
	if benchCache.in == nil {
		b.Skip("no benchmark input")
	}
	return benchCache.in
}

func buildBenchLogFile(b *testing.B) *benchInput {
	recs := benchRecords(b)
	var plain bytes.Buffer
	plain.WriteString(`{"Records":[`)
	n := 0
	for plain.Len() < 10<<20 {
		if n > 0 {
			plain.WriteByte(',')
		}
		plain.Write(recs[n%len(recs)])
		n++
	}
	plain.WriteString("]}")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain.Bytes())
	zw.Close()
	return &benchInput{plain: plain.Bytes(), gz: gz.Bytes(), records: n}
}

// perRecord reports ns/record and allocs/record alongside MB/s.
func perRecord(b *testing.B, in *benchInput, run func()) {
	b.Helper()
	b.SetBytes(int64(len(in.plain)))
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	recs := float64(b.N) * float64(in.records)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/recs, "ns/record")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/recs, "allocs/record")
}

// BenchmarkStreamRecords: gzip log file → Records, a new Record each.
func BenchmarkStreamRecords(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		n := 0
		for _, err := range Records(bytes.NewReader(in.gz)) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != in.records {
			b.Fatalf("%d records, want %d", n, in.records)
		}
	})
}

// BenchmarkStreamReadRecord: gzip log file → Reader.ReadRecord into one
// reused Record.
func BenchmarkStreamReadRecord(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		rd := NewReader(bytes.NewReader(in.gz))
		var rec Record
		for {
			if err := rd.ReadRecord(&rec); err != nil {
				if err == io.EOF {
					return
				}
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStreamNextRaw: gzip log file → record spans only (framing).
func BenchmarkStreamNextRaw(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		rd := NewReader(bytes.NewReader(in.gz))
		for {
			if _, err := rd.NextRaw(); err != nil {
				if err == io.EOF {
					return
				}
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStreamPlainNextRaw: uncompressed log file → record spans, to
// separate the reader's cost from gzip's.
func BenchmarkStreamPlainNextRaw(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		rd := NewReader(bytes.NewReader(in.plain))
		for {
			if _, err := rd.NextRaw(); err != nil {
				if err == io.EOF {
					return
				}
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkStreamPlainReadRecord: uncompressed log file → Reader.ReadRecord
// into one reused Record, to separate the cost of decoding from gzip's.
func BenchmarkStreamPlainReadRecord(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		rd := NewReader(bytes.NewReader(in.plain))
		var rec Record
		for {
			if err := rd.ReadRecord(&rec); err != nil {
				if err == io.EOF {
					return
				}
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLogFileRead: gzip log file → ReadLogFile (all records in memory).
func BenchmarkLogFileRead(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		lf, err := ReadLogFile(bytes.NewReader(in.gz))
		if err != nil || len(lf.Records) != in.records {
			b.Fatal(err)
		}
	})
}

func gunzipAll(b *testing.B, gz []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkStreamBaselineGunzip: decompression alone.
func BenchmarkStreamBaselineGunzip(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		zr, err := gzip.NewReader(bytes.NewReader(in.gz))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, zr); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkStreamBaselineValid: gunzip + json.Valid over the whole file.
func BenchmarkStreamBaselineValid(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		if !json.Valid(gunzipAll(b, in.gz)) {
			b.Fatal("invalid")
		}
	})
}

// BenchmarkStreamBaselineMap: gunzip + encoding/json into map[string]any
// records (lossy about number text and member order; whole file in memory).
func BenchmarkStreamBaselineMap(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		var lf struct{ Records []map[string]any }
		if err := json.Unmarshal(gunzipAll(b, in.gz), &lf); err != nil || len(lf.Records) != in.records {
			b.Fatal(err)
		}
	})
}

// streamPlainRecord is a typical hand-written typed struct, as a baseline: it
// drops unknown members and keeps payloads raw.
type streamPlainRecord struct {
	plainFields
	UserIdentity struct {
		plainIdentity
		SessionContext json.RawMessage `json:"sessionContext"`
	} `json:"userIdentity"`
	EventTime       string          `json:"eventTime"`
	ReadOnly        any             `json:"readOnly"`
	ManagementEvent any             `json:"managementEvent"`
	TLSDetails      json.RawMessage `json:"tlsDetails"`
}

// BenchmarkStreamBaselineStruct: gunzip + encoding/json into plain typed
// structs.
func BenchmarkStreamBaselineStruct(b *testing.B) {
	in := benchLogFile(b)
	perRecord(b, in, func() {
		var lf struct{ Records []streamPlainRecord }
		err := json.Unmarshal(gunzipAll(b, in.gz), &lf)
		var te *json.UnmarshalTypeError
		if (err != nil && !errors.As(err, &te)) || len(lf.Records) != in.records {
			b.Fatal(err)
		}
	})
}

// genLog writes a gzipped log file of about size uncompressed bytes made of
// the records repeated, without holding it in memory.
func genLog(recs [][]byte, size int64) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		zw, _ := gzip.NewWriterLevel(pw, gzip.BestSpeed)
		io.WriteString(zw, `{"Records":[`)
		var n int64
		for i := 0; n < size; i++ {
			if i > 0 {
				io.WriteString(zw, ",\n")
			}
			r := recs[i%len(recs)]
			zw.Write(r)
			n += int64(len(r)) + 2
		}
		io.WriteString(zw, "]}")
		zw.Close()
		pw.Close()
	}()
	return pr
}

// BenchmarkStreamPeakMemory streams a large generated .gz log file
// (TRAILMAP_PEAK_MB megabytes uncompressed, 256 by default) through Records
// and reports the peak heap (live objects and garbage not yet collected)
// and how much streaming added to the heap in use before it started, which
// must stay within 32 MiB whatever the file size. It runs only with -bench.
func BenchmarkStreamPeakMemory(b *testing.B) {
	size := int64(256)
	if s := os.Getenv("TRAILMAP_PEAK_MB"); s != "" {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil && v > 0 {
			size = v
		}
	}
	size <<= 20
	recs := benchRecords(b)
	b.SetBytes(size)
	var peak, grown uint64
	for i := 0; i < b.N; i++ {
		runtime.GC()
		base := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(base)
		stop := make(chan struct{})
		done := make(chan uint64)
		go func() {
			sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
			var max uint64
			t := time.NewTicker(2 * time.Millisecond)
			defer t.Stop()
			for {
				metrics.Read(sample)
				if v := sample[0].Value.Uint64(); v > max {
					max = v
				}
				select {
				case <-stop:
					done <- max
					return
				case <-t.C:
				}
			}
		}()
		n := 0
		for _, err := range Records(genLog(recs, size)) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		close(stop)
		m := <-done
		peak = max(peak, m)
		if m > base[0].Value.Uint64() {
			grown = max(grown, m-base[0].Value.Uint64())
		}
		if n == 0 {
			b.Fatal("no records")
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(grown)/(1<<20), "stream-heap-MiB")
	if grown > 32<<20 {
		b.Errorf("streaming grew the heap by %.1f MiB, want at most 32 MiB", float64(grown)/(1<<20))
	}
}

// BenchmarkStreamLinesNextRaw: the same records as uncompressed JSON Lines
// → record spans (top-level records are scanned member by member to tell
// a record from a log file).
func BenchmarkStreamLinesNextRaw(b *testing.B) {
	in := benchLogFile(b)
	var lines bytes.Buffer
	rd := NewReader(bytes.NewReader(in.plain))
	for {
		raw, err := rd.NextRaw()
		if err != nil {
			break
		}
		if err := json.Compact(&lines, raw); err != nil {
			b.Fatal(err)
		}
		lines.WriteByte('\n')
	}
	li := &benchInput{plain: lines.Bytes(), records: in.records}
	perRecord(b, li, func() {
		rd := NewReader(bytes.NewReader(li.plain))
		n := 0
		for {
			if _, err := rd.NextRaw(); err != nil {
				if err == io.EOF {
					break
				}
				b.Fatal(err)
			}
			n++
		}
		if n != li.records {
			b.Fatalf("%d records, want %d", n, li.records)
		}
	})
}

// BenchmarkStreamTinyFile reads a gzipped log file of five records, as a
// bucket holds many of, one file per iteration: with Records and with a
// new Reader, gunzipping with the Reader's own decoder (inflate) or
// through a gzip.Reader made for the file (compress-gzip), so that the
// cost of setting up for one file shows against the standard library's.
func BenchmarkStreamTinyFile(b *testing.B) {
	recs := benchRecords(b)
	var plain bytes.Buffer
	plain.WriteString(`{"Records":[`)
	for i := 0; i < 5; i++ {
		if i > 0 {
			plain.WriteByte(',')
		}
		plain.Write(recs[i%len(recs)])
	}
	plain.WriteString("]}")
	var comp bytes.Buffer
	zw := gzip.NewWriter(&comp)
	zw.Write(plain.Bytes())
	zw.Close()
	in := comp.Bytes()
	var br bytes.Reader
	check := func(n int) {
		if n != 5 {
			b.Fatalf("%d records, want 5", n)
		}
	}
	records := func(r io.Reader) {
		n := 0
		for _, err := range Records(r) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		check(n)
	}
	newReader := func(r io.Reader) {
		rd := NewReader(r)
		var rec Record
		n := 0
		for ; ; n++ {
			if err := rd.ReadRecord(&rec); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
		check(n)
	}
	stdlib := func() io.Reader {
		zr, err := gzip.NewReader(&br)
		if err != nil {
			b.Fatal(err)
		}
		return zr
	}
	for _, c := range []struct {
		name string
		run  func()
	}{
		{"Records/inflate", func() { records(&br) }},
		{"Records/compress-gzip", func() { records(stdlib()) }},
		{"NewReader/inflate", func() { newReader(&br) }},
		{"NewReader/compress-gzip", func() { newReader(stdlib()) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(plain.Len()))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				br.Reset(in)
				c.run()
			}
		})
	}
}
