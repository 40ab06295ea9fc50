package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/internal/txtar"
)

// writeReport runs trailmap report on the demo deployment and records
// and returns the page.
func writeReport(t *testing.T) (file string, page []byte) {
	t.Helper()
	file = filepath.Join(t.TempDir(), "report.html")
	var stderr bytes.Buffer
	e := &env{ctx: context.Background(), stdout: new(bytes.Buffer), stderr: &stderr, stdin: strings.NewReader(""),
		now: func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }}
	if code := run(e, []string{"report", "-deployment", "demo/deployment.json", "-o", file, "demo/records.json"}); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	page, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return file, page
}

// TestReportSelfContained checks the page without a browser: no script,
// no reference to anything outside it, and the parts a reader looks for.
func TestReportSelfContained(t *testing.T) {
	_, page := writeReport(t)
	s := string(page)
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)<script`),
		regexp.MustCompile(`(?i)\b(src|href)\s*=`),
		regexp.MustCompile(`(?i)url\(`),
		regexp.MustCompile(`(?i)@import`),
	} {
		if loc := bad.FindStringIndex(s); loc != nil {
			t.Errorf("the page refers outside itself or runs code: %q", s[loc[0]:min(len(s), loc[1]+40)])
		}
	}
	for _, want := range []string{
		`id="matrix"`, `class="sq `, `data-class="Insight"`, `<details class="gap">`,
		`id="findings"`, `id="trails"`, `org-audit`, `id="actors"`, `arn:aws:iam::111122223333:user/anaya`,
		`<svg xmlns="http://www.w3.org/2000/svg"`, `<rect class="bar"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestReportInChromium renders the page in headless Chromium: the DOM it
// builds holds the matrix, a square per class, the gaps and the chart, and
// a screenshot of it is a PNG of the requested size. It needs the chromium
// command (Debian package chromium; .ci/run installs it when it can) and,
// as starting a browser takes seconds, TRAILMAP_CHROMIUM=1 in the
// environment (.ci/run sets it).
func TestReportInChromium(t *testing.T) {
	if os.Getenv("TRAILMAP_CHROMIUM") != "1" {
		t.Skip("set TRAILMAP_CHROMIUM=1 to render the report in headless Chromium (it takes seconds; .ci/run does)")
	}
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("no chromium on PATH (apt-get install chromium): the page is checked without a browser by TestReportSelfContained only")
	}
	file, _ := writeReport(t)
	dir := t.TempDir()
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + dir}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dom, err := exec.CommandContext(ctx, bin, append(flags, "--dump-dom", "file://"+file)...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	d := string(dom)
	squares := strings.Count(d, `class="sq `)
	cells := strings.Count(d, "<td><span")
	if cells == 0 || squares < 5*cells {
		t.Errorf("the rendered matrix has %d cells and %d squares; want a square per class in each", cells, squares)
	}
	for _, want := range []string{"<details", "<svg", "<rect", "Findings", "Top actors"} {
		if !strings.Contains(d, want) {
			t.Errorf("the rendered DOM lacks %s", want)
		}
	}
	shot := filepath.Join(dir, "shot.png")
	if out, err := exec.CommandContext(ctx, bin, append(flags, "--window-size=1280,900", "--screenshot="+shot, "file://"+file)...).CombinedOutput(); err != nil {
		t.Fatalf("chromium --screenshot: %v\n%s", err, out)
	}
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 24 || string(png[1:4]) != "PNG" {
		t.Fatalf("the screenshot is not a PNG (%d bytes)", len(png))
	}
	w, h := binary.BigEndian.Uint32(png[16:20]), binary.BigEndian.Uint32(png[20:24])
	if w != 1280 || h != 900 {
		t.Errorf("screenshot is %dx%d, want 1280x900", w, h)
	}
	if len(png) < 10_000 {
		t.Errorf("screenshot of %d bytes: the page looks empty", len(png))
	}
}

// TestReportOrganization writes the page for an organization given as raw
// CLI outputs (testdata/report/organization.txtar: describe-trails, the
// organization trail's selectors, describe-organization and two
// list-accounts pages, and records) and compares it with the golden page
// in the archive (go test -update rewrites it); then it checks the page's
// structure: a matrix row per listed account, the SUSPENDED one too (an
// organization trail goes on delivering for closed members), the kms gap
// the selectors leave, and the records' counts per trail.
func TestReportOrganization(t *testing.T) {
	const archive = "testdata/report/organization.txtar"
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		if f.Name == "report.html" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "report.html")
	var stderr bytes.Buffer
	e := &env{ctx: context.Background(), stdout: new(bytes.Buffer), stderr: &stderr, stdin: strings.NewReader(""), workers: 1,
		now: func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }}
	p := func(name string) string { return filepath.Join(dir, name) }
	if code := run(e, []string{"report", "-deployment", p("trails.json"), "-with", p("org-audit-selectors.json"),
		"-with", p("org.json"), "-with", p("accounts.json"), "-o", file, p("records.jsonl")}); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := bytes.ReplaceAll(b, []byte(dir), []byte("$DIR"))
	if *update {
		a.Set("report.html", page)
		if err := os.WriteFile(archive, txtar.Format(a), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, _ := a.Get("report.html"); !bytes.Equal(page, want) {
		t.Errorf("the page differs from report.html in %s (go test -update rewrites it after a deliberate change)\ngot:\n%s", archive, page)
	}

	s := string(page)
	rows := regexp.MustCompile(`<tr><th>(\d{12})</th>`).FindAllStringSubmatch(s, -1)
	var accounts []string
	for _, r := range rows {
		accounts = append(accounts, r[1])
	}
	if got := strings.Join(accounts, " "); got != "111122223333 444455556666 777788889999" {
		t.Errorf("matrix rows for accounts %q, want the three list-accounts lists (SUSPENDED 777788889999 too), not the outsider 999999999999", got)
	}
	for _, tc := range []struct{ reason, want string }{
		{"the selectors exclude kms.amazonaws.com: a gap names it", `kms.amazonaws.com`},
		{"the organization trail delivered the member's and the SUSPENDED member's records, and skipped kms and the outsider",
			`<tr><td>arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit</td><td>2</td><td>OtherAccount 1, NotSelected 1</td></tr>`},
		{"four records, two delivered by no trail", `<p>4 records, 2 delivered by no trail, 0 unreadable.</p>`},
		{"the SUSPENDED member's root is an actor", `arn:aws:iam::777788889999:root`},
	} {
		if !strings.Contains(s, tc.want) {
			t.Errorf("%s: the page lacks %s", tc.reason, tc.want)
		}
	}
}

// TestReportBucketWorkers: the page over a bucket tree (the testdata's
// records and the real corpus's, when present, one object each) is the
// same read by one worker and by several at once, whichever worker counts
// which object, and decoding every member or not.
func TestReportBucketWorkers(t *testing.T) {
	_, data := testdataRecords(t)
	if _, err := corpustest.Lookup(); err == nil {
		for _, f := range corpustest.Files(t, corpustest.All) {
			data = append(data, f.Data)
		}
	} else {
		t.Logf("%v: the testdata only", err)
	}
	tree := writeTree(t, data)
	dir := t.TempDir()
	deps := routeDeploymentFiles(t, dir)
	for _, dep := range []string{deps[0], deps[len(deps)-1]} {
		var want []byte
		for i, c := range []struct {
			workers int
			all     bool
		}{{1, true}, {1, false}, {2, false}, {3, false}, {2, true}, {4, false}} {
			file := filepath.Join(dir, "report.html")
			e := &env{ctx: context.Background(), stdout: new(bytes.Buffer), stderr: new(bytes.Buffer), stdin: strings.NewReader(""),
				workers: c.workers, decodeAll: c.all, now: func() time.Time { return time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC) }}
			if code := run(e, []string{"report", "-deployment", dep, "-o", file, tree}); code != exitProblem && code != exitOK {
				t.Fatalf("exit %d", code)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				want = b
				if !bytes.Contains(b, []byte("records per day")) {
					t.Fatalf("no records on the page")
				}
				continue
			}
			if !bytes.Equal(b, want) {
				t.Errorf("%s: %d workers (decoding every member: %t): the page differs from one worker's", filepath.Base(dep), c.workers, c.all)
			}
		}
	}
}
