package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
			compareWithCLI(t, py, script, string(spec), args)
		})
	}
}

// compareWithCLI builds the tree of spec, runs validate-logs args (as
// -cli-only) and the AWS CLI's code on it, and compares.
func compareWithCLI(t *testing.T, py, script, spec string, args []string) {
	t.Helper()
	root := t.TempDir()
	if err := buildTree(root, spec); err != nil {
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
	if _, err := os.Stat(filepath.Join(root, bucket)); err != nil {
		// Nothing was delivered to the bucket (a random tree moved the
		// trail while it was stopped): aws s3 sync leaves no folder, and
		// -root naming none is a usage error here, not an empty bucket.
		t.Skipf("no folder for bucket %s", bucket)
	}
	for _, line := range strings.Split(spec, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "org" {
			cli = append(cli, "--organization-id", f[1])
		}
	}
	cmd := exec.Command(py, cli...)
	var cout, cerr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &cout, &cerr
	cmd.Env = append(os.Environ(), "TZ=UTC")
	err := cmd.Run()
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
}

// TestAgainstAWSCLIRandom compares validate-logs -cli-only with the AWS
// CLI's code on trees with random tamperings (TRAILMAP_AWSCLI_RANDOM
// trees, default 20; same opt-in as TestAgainstAWSCLI). Tamperings where
// the two differ by design (appended gzip members: the CLI checks them
// since 2026-05; missing metadata files: the offline signature source)
// are not drawn.
func TestAgainstAWSCLIRandom(t *testing.T) {
	py := os.Getenv("TRAILMAP_AWSCLI_PYTHON")
	if py == "" {
		t.Skip("TRAILMAP_AWSCLI_PYTHON not set")
	}
	n, _ := strconv.Atoi(os.Getenv("TRAILMAP_AWSCLI_RANDOM"))
	if n == 0 {
		n = 20
	}
	script, _ := filepath.Abs("testdata/awscli/validate.py")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for i := range n {
		hours := 2 + rng.IntN(6)
		var spec []string
		spec = append(spec, fmt.Sprintf("hours %d", hours))
		if rng.IntN(3) == 0 {
			spec = append(spec, fmt.Sprintf("stopped %d %d", 1+rng.IntN(hours-1), 1+rng.IntN(hours)))
		}
		if rng.IntN(4) == 0 {
			spec = append(spec, fmt.Sprintf("move %d bucket-two", 1+rng.IntN(hours-1)))
		}
		logs, bf := 0, 0
		for h := range hours {
			for range rng.IntN(3) {
				spec = append(spec, fmt.Sprintf("log %d {\"n\":%d}", h, logs))
				logs++
			}
			if rng.IntN(4) == 0 {
				spec = append(spec, fmt.Sprintf("backfill %d {\"late\":%d}", h, bf))
				bf++
			}
		}
		built := strings.Join(spec, "\n")
		// Count the digests the tree has, then draw tamperings.
		digests := hours
		for _, line := range spec {
			var a, b int
			if _, err := fmt.Sscanf(line, "stopped %d %d", &a, &b); err == nil && b > a {
				digests -= b - a
			}
		}
		var tamper []string
		for range rng.IntN(4) {
			switch k := rng.IntN(14); {
			case k < 2 && digests > 0:
				tamper = append(tamper, fmt.Sprintf("delete digest %d", rng.IntN(digests)))
			case k == 2 && digests > 0:
				tamper = append(tamper, fmt.Sprintf("edit digest %d SHA256withRSA SHA1withRSA", rng.IntN(digests)))
			case k == 3 && digests > 0:
				tamper = append(tamper, fmt.Sprintf("meta digest %d signature 00", rng.IntN(digests)))
			case k == 4 && digests > 0:
				tamper = append(tamper, fmt.Sprintf("set digest %d {}", rng.IntN(digests)))
			case k == 5 && logs > 0:
				tamper = append(tamper, fmt.Sprintf("delete log %d", rng.IntN(logs)))
			case k == 6 && logs > 0:
				tamper = append(tamper, fmt.Sprintf("replace log %d {\"changed\":true}", rng.IntN(logs)))
			case k == 7 && logs > 0:
				tamper = append(tamper, fmt.Sprintf("truncate log %d 12", rng.IntN(logs)))
			case k == 8 && bf > 0:
				tamper = append(tamper, fmt.Sprintf("delete bdigest %d", rng.IntN(bf)))
			case k == 9 && digests > 0:
				tamper = append(tamper, fmt.Sprintf("edit digest %d \"digestPublicKeyFingerprint\":\" \"digestPublicKeyFingerprint\":\"ab", rng.IntN(digests)))
			case k == 10 && logs > 0:
				tamper = append(tamper, fmt.Sprintf("xor log %d -5 01", rng.IntN(logs))) // the CRC-32
			case k == 11 && digests > 0:
				tamper = append(tamper, fmt.Sprintf("truncate digest %d 30", rng.IntN(digests)))
			case k == 12 && bf > 0:
				tamper = append(tamper, fmt.Sprintf("meta bdigest %d backfill-generation-timestamp -", rng.IntN(bf)))
			case k == 13 && bf > 0:
				tamper = append(tamper, fmt.Sprintf("edit bdigest %d \"digestS3Bucket\":\" \"digestS3Bucket\":\"x", rng.IntN(bf)))
			}
		}
		full := built + "\n" + strings.Join(tamper, "\n")
		start := t0.Add(time.Duration(rng.IntN(3)) * time.Hour)
		end := t0.Add(time.Duration(hours+rng.IntN(3)-1) * time.Hour)
		if end.Before(start) {
			end = start
		}
		bucket := "amzn-s3-demo-bucket"
		if strings.Contains(built, "move") {
			bucket = "bucket-two"
		}
		args := []string{"validate-logs", "-trail-arn", "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
			"-start-time", start.Format(time.RFC3339), "-end-time", end.Format(time.RFC3339),
			"-root", "$ROOT/" + bucket, "-public-keys", "$ROOT/public-keys.json", "-verbose"}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if err := buildTree(t.TempDir(), full); err != nil {
				t.Skipf("tamperings do not apply (%v)", err) // e.g. an edit of a deleted digest
			}
			compareWithCLI(t, py, script, full, args)
			if t.Failed() {
				t.Logf("tree:\n%s\nargs: %s", full, strings.Join(args, " "))
			}
		})
	}
}
