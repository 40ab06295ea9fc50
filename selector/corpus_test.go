package selector

import (
	"math/rand"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
)

// corpusRecords parses every record of the real-record corpus, the
// documentation templates included.
func corpusRecords(t *testing.T) []*event.Record {
	t.Helper()
	var recs []*event.Record
	bad := 0
	for _, cr := range corpustest.Records(t, corpustest.All) {
		rec, err := event.ParseRecord(cr.Raw)
		if err != nil {
			bad++
			continue
		}
		recs = append(recs, rec)
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
