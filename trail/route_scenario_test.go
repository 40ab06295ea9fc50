package trail_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/txtar"
	"github.com/trailmap/trailmap/trail"
)

// routeUpdateFlag is the -update flag: rewrite the want sections of the
// scenario files. Another test file of the package may define the flag
// before this one; the flag is then shared.
var routeUpdateFlag = defineUpdateFlag()

func defineUpdateFlag() *flag.Flag {
	if f := flag.Lookup("update"); f != nil {
		return f
	}
	flag.Bool("update", false, "rewrite golden files and the want sections of scenarios")
	return flag.Lookup("update")
}

func routeUpdating() bool { return routeUpdateFlag.Value.String() == "true" }

// TestRouteScenarios runs testdata/trail/route/*.txtar. Each file opens
// with the rule it shows and the documentation behind it, then holds
// deployment.json, record.json, optionally at (the delivery time, RFC
// 3339) and want: one line per trail, "deliver <account>/<trail> ..." or
// "skip <account>/<trail> <code>: <reason>", or "error: <text>" when the
// deployment is rejected. go test -update rewrites want.
func TestRouteScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "route", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scenarios in testdata/trail/route")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if len(bytes.TrimSpace(a.Comment)) == 0 {
				t.Errorf("%s: no comment saying what the scenario shows", file)
			}
			got := runScenario(t, a)
			if routeUpdating() {
				a.Set("want", []byte(got))
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, ok := a.Get("want")
			if !ok {
				t.Fatalf("%s: no want section (run with -update)", file)
			}
			if got != string(want) {
				t.Errorf("%s:\ngot:\n%s\nwant:\n%s", file, got, want)
			}
		})
	}
}

func runScenario(t *testing.T, a *txtar.Archive) string {
	t.Helper()
	depJSON, ok := a.Get("deployment.json")
	if !ok {
		t.Fatal("no deployment.json")
	}
	recJSON, ok := a.Get("record.json")
	if !ok {
		t.Fatal("no record.json")
	}
	var d trail.Deployment
	if err := json.Unmarshal(depJSON, &d); err != nil {
		t.Fatalf("deployment.json: %v", err)
	}
	var opts []trail.Option
	if at, ok := a.Get("at"); ok {
		tm, err := time.Parse(time.RFC3339, strings.TrimSpace(string(at)))
		if err != nil {
			t.Fatalf("at: %v", err)
		}
		opts = append(opts, trail.WithDeliveryTime(tm))
	}
	rt, err := trail.NewRouter(&d, opts...)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	rec := routeParseOne(t, recJSON)
	return routeFormat(rt.Route(rec))
}

func routeParseOne(t testing.TB, b []byte) *event.Record {
	t.Helper()
	var out *event.Record
	for rec, err := range event.Records(bytes.NewReader(b)) {
		if err != nil {
			t.Fatalf("record.json: %v", err)
		}
		if out != nil {
			t.Fatal("record.json holds more than one record")
		}
		out = rec
	}
	if out == nil {
		t.Fatal("record.json holds no record")
	}
	return out
}

// formatResult writes a Result as the want lines of a scenario.
func routeFormat(res trail.Result) string {
	var b strings.Builder
	for _, d := range res.Deliveries {
		fmt.Fprintf(&b, "deliver %s %s %s %s", routeShort(d.TrailARN), d.Account, d.Region, d.KeyPrefix)
		if d.Kind != trail.LogFiles {
			fmt.Fprintf(&b, " kind=%s", d.Kind)
		}
		if d.LogStream != "" {
			fmt.Fprintf(&b, " stream=%s", d.LogStream)
		}
		b.WriteByte('\n')
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(&b, "skip %s %s: %s\n", routeShort(s.TrailARN), s.Code, s.Reason)
	}
	return b.String()
}

// short returns "<account>/<name>" for a trail ARN.
func routeShort(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return arn
	}
	return parts[4] + "/" + strings.TrimPrefix(parts[5], "trail/")
}
