package selector

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
)

// corpusRecords reads the real-record corpus kept beside the module
// (../shared/corpus/real from the module root): log files {"Records":[...]}
// and JSON Lines. It skips the test when the corpus is absent.
func corpusRecords(t *testing.T) []*event.Record {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	root := filepath.Join(dir, "..", "shared", "corpus", "real")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("real-record corpus not present at %s", root)
	}
	var recs []*event.Record
	bad := 0
	add := func(raw []byte) {
		rec, err := event.ParseRecord(raw)
		if err != nil {
			bad++
			return
		}
		recs = append(recs, &rec)
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(path, ".jsonl"):
			sc := bufio.NewScanner(bytes.NewReader(b))
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
					add(append([]byte(nil), line...))
				}
			}
		case strings.HasSuffix(path, ".json"):
			var lf struct{ Records []json.RawMessage }
			if json.Unmarshal(b, &lf) != nil {
				bad++
				return nil
			}
			for _, raw := range lf.Records {
				add(raw)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 1000 {
		t.Fatalf("read %d corpus records (%d unreadable), want at least 1000", len(recs), bad)
	}
	t.Logf("%d corpus records, %d unreadable", len(recs), bad)
	return recs
}

// TestCorpus runs documented selector sets and random ones over the real
// records: basic selectors agree with their translation, the compiled
// matcher agrees with the oracle, Explain agrees with Match, and Match
// allocates nothing.
func TestCorpus(t *testing.T) {
	recs := corpusRecords(t)
	basics := [][]Basic{
		{{}},
		{{ReadWriteType: WriteOnly}},
		{{ReadWriteType: ReadOnly, ExcludeManagementEventSources: []string{KMSSource, RDSDataSource}}},
		{{IncludeManagementEvents: boolPtr(false), DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3"}}}}},
		{{DataResources: []DataResource{{Type: LambdaFunction, Values: []string{"arn:aws:lambda"}}, {Type: DynamoDBTable, Values: []string{"arn:aws:dynamodb"}}}}},
		{{ReadWriteType: All, DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3:::amzn-s3-demo-bucket/", "arn:aws:s3:::examplebucket/"}}}}},
	}
	selected := make([]int, len(basics))
	for i, b := range basics {
		m, err := CompileBasic(b)
		if err != nil {
			t.Fatalf("basic set %d: %v", i, err)
		}
		viaAdv := MustCompile(FromBasic(b))
		for _, rec := range recs {
			want := basicOracle(b, rec)
			if got := m.Match(rec); got != want {
				t.Errorf("basic set %d, event %s %s: Match = %v, basic meaning %v\n%s", i, rec.EventSource, rec.EventName, got, want, m.Explain(rec))
			}
			if got := viaAdv.Match(rec); got != want {
				t.Errorf("basic set %d, event %s: FromBasic Match = %v, basic meaning %v", i, rec.EventName, got, want)
			}
			if want {
				selected[i]++
			}
		}
	}
	t.Logf("records selected per basic set: %v", selected)
	if selected[0] == 0 || selected[3] == 0 {
		t.Errorf("the corpus should hold management and S3 data events: %v", selected)
	}

	r := rand.New(rand.NewSource(3))
	buf := make([]byte, 64)
	for i := 0; i < 40; i++ {
		r.Read(buf)
		sels := (&gen{b: buf}).selectors()
		for _, rec := range recs {
			checkAgainstOracle(t, sels, rec)
		}
	}

	m := MustCompile(largeSelectors())
	d := MustCompile(DefaultManagement())
	for _, rec := range recs[:50] {
		if n := testing.AllocsPerRun(10, func() { m.Match(rec); d.Match(rec) }); n != 0 {
			t.Fatalf("Match allocates %v times on corpus record %s", n, rec.EventID)
		}
	}
}
