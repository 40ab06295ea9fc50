package benchtree

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Each calls fn for every file from workers goroutines, which take the
// files in turn; fn gets its worker's index, from 0. It returns the
// first error fn returned (the workers stop at it).
func Each(files []string, workers int, fn func(w int, path string) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	var ferr atomic.Value
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ferr.Load() == nil {
				i := next.Add(1) - 1
				if i >= int64(len(files)) {
					return
				}
				if err := fn(w, files[i]); err != nil {
					ferr.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	err, _ := ferr.Load().(error)
	return err
}

// Gunzip is the floor of reading a tree at all: it gunzips every file
// with compress/gzip into io.Discard, by workers goroutines, each reusing
// its reader and buffers, and returns the bytes decompressed.
func Gunzip(files []string, workers int) (int64, error) {
	type state struct {
		zr  gzip.Reader
		br  *bufio.Reader
		buf []byte
		n   int64
	}
	st := make([]state, max(workers, 1))
	err := Each(files, workers, func(w int, p string) error {
		s := &st[w]
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if s.br == nil {
			s.br, s.buf = bufio.NewReaderSize(f, 64<<10), make([]byte, 64<<10)
		} else {
			s.br.Reset(f)
		}
		if err := s.zr.Reset(s.br); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		// The struct hides the reader's WriteTo, so that the copy goes
		// through buf.
		n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{&s.zr}, s.buf)
		s.n += n
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		return nil
	})
	var n int64
	for _, s := range st {
		n += s.n
	}
	return n, err
}

// Narrow is what the honest user decodes of each record: the fields a
// typical audit tool needs.
type Narrow struct {
	EventName          string `json:"eventName"`
	EventSource        string `json:"eventSource"`
	EventTime          string `json:"eventTime"`
	AWSRegion          string `json:"awsRegion"`
	RecipientAccountID string `json:"recipientAccountId"`
	UserIdentity       struct {
		Type      string `json:"type"`
		ARN       string `json:"arn"`
		AccountID string `json:"accountId"`
	} `json:"userIdentity"`
}

// Baseline is the honest user's reading of a tree: every file gunzipped
// with compress/gzip and decoded by encoding/json into Narrow records, by
// workers goroutines. It returns the records read.
func Baseline(files []string, workers int) (int64, error) {
	var records atomic.Int64
	err := Each(files, workers, func(w int, p string) error {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		var lf struct{ Records []Narrow }
		if err := json.NewDecoder(zr).Decode(&lf); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		records.Add(int64(len(lf.Records)))
		return nil
	})
	return records.Load(), err
}

// Median returns the median of x (0 when x is empty), leaving x as it
// was.
func Median(x []float64) float64 {
	return Quantile(x, 0.5)
}

// Quantile returns the q quantile of x (0 ≤ q ≤ 1), interpolating
// between the two nearest values (0 when x is empty), leaving x as it
// was: 0 is the least, 1 the greatest.
func Quantile(x []float64, q float64) float64 {
	if len(x) == 0 {
		return 0
	}
	x = slices.Clone(x)
	slices.Sort(x)
	pos := q * float64(len(x)-1)
	i := int(pos)
	if i >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[i] + (pos-float64(i))*(x[i+1]-x[i])
}

// Main is the main function of a program that reads the tree under its
// one argument (the .json.gz files in it) by read, with GOMAXPROCS
// workers, and writes to standard error the files and what read counted
// ("files 1806 records 81628"): tools/bucketbench's floor and baseline.
func Main(name, counted string, read func(files []string, workers int) (int64, error)) {
	if len(os.Args) != 2 {
		fmt.Fprintf(os.Stderr, "usage: %s DIR\n", name)
		os.Exit(2)
	}
	files, err := Files(os.Args[1])
	if err == nil {
		var n int64
		n, err = read(files, runtime.GOMAXPROCS(0))
		fmt.Fprintf(os.Stderr, "files %d %s %d\n", len(files), counted, n)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}
