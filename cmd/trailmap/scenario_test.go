package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/internal/txtar"
)

// TestScenarios runs the scenarios of testdata/scenarios/*.txtar. Each archive's
// comment says what it shows; its files are:
//
//	args    the arguments, one per line; $DIR is the scenario's folder
//	stdin   standard input (optional)
//	tty     the streams that are terminals, one per line (optional)
//	stdout, stderr, exit    what the command must print and return
//
// Every other file is written under $DIR before the run. Output is
// compared with $DIR in place of the folder and $GOVERSION in place of
// the Go version. go test -update rewrites
// stdout, stderr and exit from what the command does.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/scenarios/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			e := &env{ctx: context.Background(), workers: 1, now: func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }}
			var stdout, stderr bytes.Buffer
			e.stdout, e.stderr, e.stdin = &stdout, &stderr, strings.NewReader("")
			args, stdin := scenarioSetup(t, a, dir)
			if stdin != nil {
				e.stdin = bytes.NewReader(stdin)
			}
			if tty, ok := a.Get("tty"); ok {
				s := string(tty)
				e.stdinTTY, e.stdoutTTY, e.stderrTTY = strings.Contains(s, "stdin"), strings.Contains(s, "stdout"), strings.Contains(s, "stderr")
			}
			code := run(e, args)
			// The version line names the Go that built the test.
			out := bytes.ReplaceAll(stdout.Bytes(), []byte(runtime.Version()), []byte("$GOVERSION"))
			got := map[string][]byte{
				"stdout": bytes.ReplaceAll(out, []byte(dir), []byte("$DIR")),
				"stderr": bytes.ReplaceAll(stderr.Bytes(), []byte(dir), []byte("$DIR")),
				"exit":   []byte(strconv.Itoa(code) + "\n"),
			}
			if *update {
				for _, name := range []string{"stdout", "stderr", "exit"} {
					a.Set(name, got[name])
				}
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range []string{"exit", "stdout", "stderr"} {
				want, _ := a.Get(name)
				if !bytes.Equal(got[name], want) {
					t.Errorf("%s differs (go test -update rewrites it after a deliberate change)\ngot:\n%s\nwant:\n%s", name, got[name], want)
				}
			}
		})
	}
}

// scenarioSetup writes the input files of the scenario archive a into dir
// (gzipping those whose names end in .gz) and returns its arguments, $DIR
// replaced by dir, and its standard input (nil when it has none). The
// sections args, stdin, tty, stdout, stderr and exit are not files.
func scenarioSetup(t *testing.T, a *txtar.Archive, dir string) (args []string, stdin []byte) {
	t.Helper()
	for _, f := range a.Files {
		switch f.Name {
		case "args":
			for _, line := range strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n") {
				if line != "" {
					args = append(args, strings.ReplaceAll(line, "$DIR", dir))
				}
			}
		case "stdin":
			stdin = f.Data
			if stdin == nil {
				stdin = []byte{}
			}
		case "tty", "stdout", "stderr", "exit":
		default:
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			data := f.Data
			if strings.HasSuffix(f.Name, ".gz") {
				data = gzipped(t, data)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return args, stdin
}

// eachScenario calls fn with the arguments and standard input of every
// scenario of testdata/scenarios/<cmd>-*.txtar, its files written to a
// temporary folder, but those that run on a terminal (whose tables and
// progress lines TestScenarios pins).
func eachScenario(t *testing.T, cmd string, fn func(file string, args []string, stdin []byte)) {
	t.Helper()
	files, err := filepath.Glob("testdata/scenarios/" + cmd + "-*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s scenarios: %v", cmd, err)
	}
	for _, file := range files {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if tty, ok := a.Get("tty"); ok && len(tty) > 0 {
			continue
		}
		args, stdin := scenarioSetup(t, a, t.TempDir())
		fn(file, args, stdin)
	}
}
