package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/internal/txtar"
	"github.com/trailmap/trailmap/trail"
)

// whoOutputs are the ways of printing who has, and its filters: each
// reads other members of a record.
var whoOutputs = [][]string{
	{"-format", "json"},
	{"-format", "table"},
	{"-format", "json", "-event-name", "ConsoleLogin"},
	{"-format", "json", "-event-name", "AssumeRole"},
	{"-format", "table", "-account", "111122223333"},
	// -event-name decodes only what the filters read, and whole what
	// they select: an Insights record by the API it concerns or its
	// title, an aggregated event by its title, with -account.
	{"-format", "json", "-event-name", "CompleteLifecycleAction"},
	{"-format", "table", "-event-name", "autoscaling.amazonaws.com:CompleteLifecycleAction ApiCallRateInsight Start"},
	{"-format", "json", "-event-name", "s3.amazonaws.com aggregated by eventName", "-account", "111122223333"},
	{"-format", "json", "-event-name", "AssumeRole", "-account", "777788889999"},
}

// TestWhoDecodeOnlyScenarios: every who scenario of testdata prints what
// it prints when who decodes every member of every record, in both its
// passes (the goldens of TestScenarios pin the output itself).
func TestWhoDecodeOnlyScenarios(t *testing.T) {
	eachScenario(t, "who", func(file string, args []string, stdin []byte) {
		runBoth(t, file, 1, stdin, args...)
		for _, out := range whoOutputs {
			runBoth(t, file+" "+strings.Join(out, " "), 2, stdin, append(append([]string{args[0]}, out...), args[1:]...)...)
		}
	})
}

// TestWhoDecodeOnlyTestdata: the records of the event package's testdata
// (the STS calls of the IAM User Guide's examples among them, whose
// sessions other records use), read as files, as standard input and as
// a bucket tree, print with every output what who prints decoding every
// member.
func TestWhoDecodeOnlyTestdata(t *testing.T) {
	files, data := testdataRecords(t)
	whoBothInputs(t, "testdata", files, data)
}

// TestWhoDecodeOnlyCorpus is TestWhoDecodeOnlyTestdata for the real
// corpus, its malformed records included.
func TestWhoDecodeOnlyCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	var files []string
	var data [][]byte
	for _, f := range corpustest.Files(t, corpustest.All) {
		files = append(files, filepath.Join(dir, filepath.FromSlash(f.Path)))
		data = append(data, f.Data)
	}
	whoBothInputs(t, "corpus", files, data)
	runBoth(t, "corpus folder", 2, nil, "who", "-format", "json", dir)
}

// testdataRecords returns the paths and contents of the event package's
// testdata records, aggregated events included.
func testdataRecords(t *testing.T) (files []string, data [][]byte) {
	t.Helper()
	for _, pat := range []string{"../../event/testdata/records/*.json", "../../event/testdata/aggregated/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no testdata records")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, b)
	}
	return files, data
}

// scenarioRecords writes the records of the who and lookup scenarios
// (testdata/scenarios/{who,lookup}-*.txtar: their .json, .jsonl and
// stdin files) into a temporary folder, one file each, and returns their
// paths and contents: records with STS sessions and management events of
// both readOnly values, for the tests that need more of them than the
// event package's testdata holds, when the real corpus is absent.
func scenarioRecords(t *testing.T) (files []string, data [][]byte) {
	t.Helper()
	var archives []string
	for _, pat := range []string{"testdata/scenarios/who-*.txtar", "testdata/scenarios/lookup-*.txtar"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		archives = append(archives, m...)
	}
	dir := t.TempDir()
	for _, name := range archives {
		a, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range a.Files {
			if f.Name != "stdin" && !strings.HasSuffix(f.Name, ".json") && !strings.HasSuffix(f.Name, ".jsonl") {
				continue
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%d%s", strings.TrimSuffix(filepath.Base(name), ".txtar"), i, filepath.Ext(f.Name)))
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			files, data = append(files, path), append(data, f.Data)
		}
	}
	if len(files) == 0 {
		t.Fatal("no records in the who and lookup scenarios")
	}
	return files, data
}

// whoBothInputs runs who over files (whose contents are data) as files,
// as standard input and as a bucket tree of one object per file, with
// every output of whoOutputs, and fails where decoding only what who
// reads changes what it prints.
func whoBothInputs(t *testing.T, name string, files []string, data [][]byte) {
	t.Helper()
	tree := writeTree(t, data)
	stdin := bytes.Join(data, []byte("\n"))
	for _, out := range whoOutputs {
		args := append([]string{"who"}, out...)
		runBoth(t, name+" files", 1, nil, append(args, files...)...)
		runBoth(t, name+" bucket tree", 2, nil, append(args, tree)...)
		runBoth(t, name+" standard input", 1, stdin, args...)
	}
}

// writeTree writes a bucket tree of one object per element of data, in
// three accounts and two Regions, and returns its folder.
func writeTree(t *testing.T, data [][]byte) string {
	t.Helper()
	tree := filepath.Join(t.TempDir(), "bucket")
	for i, b := range data {
		acct := []string{"111122223333", "444455556666", "123456789012"}[i%3]
		region := []string{"us-east-1", "eu-west-1"}[i%2]
		key := trail.LogKey("", "", acct, region, time.Date(2023, 5, 1, 0, 5*i%60, 0, 0, time.UTC), fmt.Sprintf("EXAMPLE%09d", i)).String()
		p := filepath.Join(tree, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, gzipped(t, b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tree
}

// TestWhoAppendJSON: the JSON line who writes of every record of the
// testdata, the who and lookup scenarios and the real corpus (when present), with the sessions of them
// all, and of answers with every member empty or full and strings
// encoding/json escapes, is what encoding/json writes.
func TestWhoAppendJSON(t *testing.T) {
	_, data := testdataRecords(t)
	_, more := scenarioRecords(t)
	data = append(data, more...)
	if _, err := corpustest.Lookup(); err == nil {
		for _, f := range corpustest.Files(t, corpustest.All) {
			data = append(data, f.Data)
		}
	} else {
		t.Logf("%v: the testdata only", err)
	}
	var recs []*event.Record
	for _, b := range data {
		rd := event.NewReader(bytes.NewReader(b), event.ContinueOnError())
		for {
			rec := new(event.Record)
			err := rd.ReadRecord(rec)
			var re *event.RecordError
			if errors.As(err, &re) {
				continue // a malformed record of the corpus
			}
			if err != nil {
				break // the end, or a file that is not records
			}
			recs = append(recs, rec)
		}
	}
	var s event.Sessions
	for _, rec := range recs {
		s.Add(rec)
	}
	if len(recs) < 20 || s.Len() == 0 {
		t.Fatalf("%d records, %d sessions: want records with sessions", len(recs), s.Len())
	}
	answers := make([]whoAnswer, 0, len(recs)+3)
	for _, rec := range recs {
		answers = append(answers, answer(rec, &s))
	}
	yes, no := true, false
	odd := "a<b>&c\u2028d\u2029e\x01\t\"\\\xff\xfe é 🙂"
	answers = append(answers,
		whoAnswer{},
		whoAnswer{EventID: odd, EventTime: odd, EventName: odd, Account: odd,
			Principal: whoPrincipal{Kind: odd, ARN: odd, Name: odd, Account: odd, Issuer: odd},
			Session:   odd, MFA: &yes, SourceIP: odd, Service: odd,
			Federation: &whoFederation{Method: odd, Provider: odd, Subject: odd, IdentityStore: odd, SourceIdentity: odd},
			Chain: []whoChainEntry{{EventID: odd, EventName: odd, EventTime: odd, By: odd, Issued: odd, Session: odd, SourceIP: odd},
				{}}},
		whoAnswer{MFA: &no, Federation: &whoFederation{}, Chain: []whoChainEntry{}},
	)
	chains := 0
	for i := range answers {
		a := &answers[i]
		if len(a.Chain) > 0 {
			chains++
		}
		if got, want := a.appendJSON([]byte("x")), append([]byte("x"), jsonLine(a)...); !bytes.Equal(got, want) {
			t.Errorf("answer %d:\nappendJSON:    %s\nencoding/json: %s", i, got, want)
		}
	}
	if chains < 2 {
		t.Errorf("%d answers with a chain: want some", chains)
	}
	var v map[string]any
	if err := json.Unmarshal(answers[len(answers)-2].appendJSON(nil), &v); err != nil {
		t.Errorf("appendJSON wrote invalid JSON: %v", err)
	}
}

// TestWhoDecodeOnlyForms: records whose name or account are members
// event.Record does not model (an event data store's Insights record
// named by the API it concerns, an aggregated event) are selected by
// -event-name and -account and printed as when who decodes every member.
func TestWhoDecodeOnlyForms(t *testing.T) {
	for _, args := range [][]string{
		{"-event-name", "RunInstances"},
		{"-event-name", "ec2.amazonaws.com aggregated by eventName"},
		{"-event-name", "RunInstances", "-account", "123456789012"},
		{"-account", "123456789012"},
		{"-format", "table"},
	} {
		runBoth(t, "forms", 1, []byte(lookupFormsRecords), append([]string{"who", "-format", "json"}, args...)...)
	}
	var out bytes.Buffer
	e := &env{stdin: strings.NewReader(lookupFormsRecords), stdout: &out, stderr: new(bytes.Buffer)}
	if code := run(e, []string{"who", "-format", "json", "-event-name", "RunInstances"}); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if got := strings.Count(out.String(), "\n"); got != 2 {
		t.Errorf("-event-name RunInstances printed %d records, want the Insights record and the call:\n%s", got, out.String())
	}
}
