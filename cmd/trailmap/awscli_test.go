package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/internal/txtar"
)

// TestAgainstAWSCLI runs the golden scenarios through the AWS CLI's own
// validate-logs code (testdata/awscli/validate.py, S3 and CloudTrail
// replaced by the local tree) and through validate-logs -cli-only, and
// compares their output. It runs only when TRAILMAP_AWSCLI_PYTHON names a
// Python with awscli installed. Scenarios using flags the CLI lacks, or
// marked "[beyond the CLI]" in their comment, are skipped; the CLI's
// exit status 255 stands for our 2.
func TestAgainstAWSCLI(t *testing.T) {
	py := os.Getenv("TRAILMAP_AWSCLI_PYTHON")
	if py == "" {
		t.Skip("TRAILMAP_AWSCLI_PYTHON not set")
	}
	script, _ := filepath.Abs("testdata/awscli/validate.py")
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(a.Comment, []byte("[beyond the CLI]")) {
				t.Skip("beyond the CLI")
			}
			spec, ok := a.Get("tree")
			argText, _ := a.Get("args")
			args := strings.Fields(string(argText))
			if !ok || len(args) == 0 || args[0] != "validate-logs" {
				t.Skip("not a validate-logs scenario")
			}
			root := t.TempDir()
			if err := buildTree(root, string(spec)); err != nil {
				t.Fatal(err)
			}
			cli := []string{script, root, filepath.Join(root, "public-keys.json")}
			ours := []string{"validate-logs", "-cli-only"}
			bucket := ""
			for i := 1; i < len(args); i++ {
				name := strings.TrimLeft(args[i], "-")
				switch name {
				case "cli-only":
				case "verbose":
					cli = append(cli, "--verbose")
					ours = append(ours, args[i])
				case "trail-arn", "start-time", "end-time", "s3-prefix", "account-id", "region", "s3-bucket":
					cli = append(cli, "--"+name, args[i+1])
					ours = append(ours, args[i], args[i+1])
					if name == "s3-bucket" {
						bucket = args[i+1]
					}
					i++
				case "root", "public-keys":
					ours = append(ours, args[i], strings.ReplaceAll(args[i+1], "$ROOT", root))
					if name == "root" && bucket == "" {
						bucket = filepath.Base(args[i+1])
					}
					i++
				default:
					t.Skipf("flag %s has no CLI equivalent", args[i])
				}
			}
			cli = append(cli, "--s3-bucket", bucket)
			for _, line := range strings.Split(string(spec), "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "org" {
					cli = append(cli, "--organization-id", f[1])
				}
			}
			cmd := exec.Command(py, cli...)
			var cout, cerr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &cout, &cerr
			cmd.Env = append(os.Environ(), "TZ=UTC")
			err = cmd.Run()
			cliCode := 0
			if ee, ok := err.(*exec.ExitError); ok {
				cliCode = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run(&env{ctx: context.Background(), stdout: &stdout, stderr: &stderr,
				now: func() time.Time { return time.Date(2015, 8, 10, 0, 0, 0, 0, time.UTC) }}, ours)
			if cliCode == 255 {
				cliCode = exitUsage
			}
			if stdout.String() != cout.String() {
				t.Errorf("stdout:\n--- ours ---\n%s--- AWS CLI ---\n%s", stdout.String(), cout.String())
			}
			if stderr.String() != cerr.String() {
				t.Errorf("stderr:\n--- ours ---\n%s--- AWS CLI ---\n%s", stderr.String(), cerr.String())
			}
			if code != cliCode {
				t.Errorf("exit %d, AWS CLI %d", code, cliCode)
			}
		})
	}
}
