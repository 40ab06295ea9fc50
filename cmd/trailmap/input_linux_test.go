package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLazyTreeUnlistable: a folder of a tree that cannot be listed (here
// one whose path is longer than the system allows, which even root
// cannot list) is reported as the walk before the reading reports it, and
// costs the exit status, when the tree is read without that walk.
func TestLazyTreeUnlistable(t *testing.T) {
	root, dep, _ := benchTree(t, 4, 2)
	// A chain of folders whose path passes PATH_MAX (4096 bytes), made
	// relative to each other (mkdirat), under the tree's account folder.
	fd, err := syscall.Open(filepath.Join(root, "org", "AWSLogs"), syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 200)
	for range 22 {
		if err := syscall.Mkdirat(fd, name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := syscall.Openat(fd, name, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
		syscall.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd = next
	}
	syscall.Close(fd)
	progress := regexp.MustCompile(`\r\x1b\[K([0-9]+/[0-9]+ files  [0-9.]+/[0-9.]+ MB  [0-9]+ records  [0-9]+ records/s(  ETA [0-9a-z.]+)?)?`)
	route := func(walk bool, workers int) (out, errs string, code int) {
		var o, e strings.Builder
		env := &env{ctx: context.Background(), stdout: &o, stderr: &e, stdin: strings.NewReader(""), now: time.Now,
			workers: workers, stderrTTY: walk}
		code = run(env, []string{"route", "-deployment", dep, "-format", "json", root})
		return o.String(), progress.ReplaceAllString(e.String(), ""), code
	}
	for _, workers := range []int{1, 2} {
		wantOut, wantErr, wantCode := route(true, workers)
		out, errs, code := route(false, workers)
		if workers > 1 {
			wantOut, out = sortedLines(wantOut), sortedLines(out)
		}
		if !strings.Contains(wantErr, "file name too long") || wantCode != exitProblem {
			t.Fatalf("%d workers: the walk first did not report the folder (exit %d):\n%s", workers, wantCode, wantErr)
		}
		if out != wantOut || errs != wantErr || code != wantCode {
			t.Errorf("%d workers: without a walk exit %d, %d lines\n%s\nwith one exit %d, %d lines\n%s", workers,
				code, strings.Count(out, "\n"), errs, wantCode, strings.Count(wantOut, "\n"), wantErr)
		}
	}
	if _, err := os.Stat(root); err != nil {
		t.Fatal(err)
	}
}

// TestLazyTreeUnreadableRoot: a folder named that cannot be listed is
// reported by the path it was named by, with a walk before the reading or
// without one.
func TestLazyTreeUnreadableRoot(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root lists any folder: this needs an unprivileged user")
	}
	root, dep, _ := benchTree(t, 2, 2)
	if err := os.Chmod(root, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(root, 0o755) })
	// Not clean, and without a step through the folder itself.
	named := filepath.Dir(root) + string(filepath.Separator) + "." + string(filepath.Separator) + filepath.Base(root)
	for _, walk := range []bool{true, false} {
		var o, e strings.Builder
		env := &env{ctx: context.Background(), stdout: &o, stderr: &e, stdin: strings.NewReader(""), now: time.Now, stderrTTY: walk}
		code := run(env, []string{"route", "-deployment", dep, "-format", "json", named})
		if want := "trailmap route: " + named + ": permission denied\n"; code != exitProblem || !strings.HasPrefix(e.String(), want) {
			t.Errorf("walk first %v: exit %d, stderr\n%s\nwant exit 1 and %q first", walk, code, e.String(), want)
		}
	}
}
