package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// runLines has workers write the lines of files through l as route's
// workers do: file i has i%7 lines "i.j", handed over every two lines.
func runLines(l *lines, workers, files int) bool {
	l.run(2 * workers)
	var next atomic.Int64
	var stopped atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for !stopped.Load() {
				i := int(next.Add(1) - 1)
				if i >= files {
					return
				}
				ok := l.start(i)
				for j := 0; ok && j < i%7; j++ {
					buf = fmt.Appendf(buf, "%d.%d\n", i, j)
					if (i+w+j)%3 == 0 {
						time.Sleep(time.Microsecond) // let the others overtake
					}
					if j%2 == 1 {
						buf, ok = l.flush(i, buf, false)
					}
				}
				if ok {
					buf, ok = l.flush(i, buf, true)
				}
				if !ok {
					stopped.Store(true)
					l.stop()
					return
				}
			}
		}()
	}
	wg.Wait()
	return !stopped.Load()
}

// TestLinesOrder: however the workers overtake one another, the lines of
// a run come out in the files' order, each file's in its order; a worker
// holding more than l.waiting bytes of a file whose turn has not come
// waits for it rather than holding more.
func TestLinesOrder(t *testing.T) {
	var want strings.Builder
	for i := range 200 {
		for j := 0; j < i%7; j++ {
			fmt.Fprintf(&want, "%d.%d\n", i, j)
		}
	}
	for _, tc := range []struct {
		reason  string
		workers int
		waiting int
	}{
		{"one worker: every file is the next one", 1, 1 << 20},
		{"four workers, later files held whole until their turn", 4, 1 << 20},
		{"four workers that wait as soon as they hold a few bytes of a later file", 4, 4},
	} {
		var out strings.Builder
		l := &lines{w: &out, waiting: tc.waiting}
		l.cond.L = &l.mu
		if !runLines(l, tc.workers, 200) {
			t.Errorf("%s: stopped: %v", tc.reason, l.err)
		}
		if out.String() != want.String() {
			t.Errorf("%s: the lines are out of order:\n%.300s", tc.reason, out.String())
		}
	}
}

// failWriter fails after n writes.
type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("disk full")
	}
	f.n--
	return len(p), nil
}

// TestLinesWriteError: a write error stops the run: every worker returns,
// none waits for a turn that will not come, and the error is kept.
func TestLinesWriteError(t *testing.T) {
	for _, waiting := range []int{4, 1 << 20} {
		l := &lines{w: &failWriter{n: 5}, waiting: waiting}
		l.cond.L = &l.mu
		done := make(chan bool)
		go func() { done <- runLines(l, 4, 200) }()
		select {
		case ok := <-done:
			if ok || l.err == nil {
				t.Errorf("waiting %d: the run went on after a write error (ok %v, err %v)", waiting, ok, l.err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("waiting %d: the workers are stuck after a write error", waiting)
		}
	}
}
