package trailtest

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
)

// loadCorpus reads every published record of the real-record corpus (the
// documentation templates left out) as its top-level members.
func loadCorpus(t *testing.T) []map[string]json.RawMessage {
	t.Helper()
	var out []map[string]json.RawMessage
	for _, cr := range corpustest.Records(t, corpustest.Published) {
		var m map[string]json.RawMessage
		if json.Unmarshal(cr.Raw, &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

func stringOf(m map[string]json.RawMessage, k string) string {
	var s string
	_ = json.Unmarshal(m[k], &s)
	return s
}

// minor returns the minor version of "1.NN", or -1.
func minor(v string) int {
	rest, ok := strings.CutPrefix(v, "1.")
	if !ok {
		return -1
	}
	n, err := strconv.Atoi(rest)
	if err != nil {
		return -1
	}
	return n
}

func keysOf(m map[string]json.RawMessage) map[string]bool {
	k := make(map[string]bool, len(m))
	for name := range m {
		k[name] = true
	}
	return k
}

func sorted(set map[string]bool) []string {
	var s []string
	for k := range set {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// TestCorpusShape compares the members of built records with published
// records of eventVersion 1.08 and later: a built record carries no
// top-level member that no published record of its service carries, and
// every member all published records of its operation carry; its
// userIdentity carries no member published identities of its type lack.
func TestCorpusShape(t *testing.T) {
	corpus := loadCorpus(t)
	bySource := map[string]map[string]bool{}
	byName := map[string]map[string]bool{}
	nameCount := map[string]int{}
	idKeys := map[string]map[string]bool{}
	for _, m := range corpus {
		var id map[string]json.RawMessage
		if json.Unmarshal(m["userIdentity"], &id) == nil && id != nil {
			typ := stringOf(id, "type")
			if idKeys[typ] == nil {
				idKeys[typ] = map[string]bool{}
			}
			for k := range id {
				idKeys[typ][k] = true
			}
		}
		if minor(stringOf(m, "eventVersion")) < 8 {
			continue
		}
		src, name := stringOf(m, "eventSource"), stringOf(m, "eventName")
		if bySource[src] == nil {
			bySource[src] = map[string]bool{}
		}
		for k := range m {
			bySource[src][k] = true
		}
		key := src + " " + name
		nameCount[key]++
		if byName[key] == nil {
			byName[key] = keysOf(m)
		} else {
			for k := range byName[key] {
				if _, ok := m[k]; !ok {
					delete(byName[key], k)
				}
			}
		}
	}
	if len(corpus) == 0 {
		t.Fatal("no records read from the corpus")
	}

	r := newRecorder(t)
	alice := NewIAMUser(Account1, "Alice")
	_, assume := r.AssumeRole(alice, roleInAccount2, "a")
	_, sts := r.GetSessionToken(alice)
	_, fed := r.GetFederationToken(alice, "partner")
	built := []struct {
		reason string
		rec    *event.Record
	}{
		{"console sign-in", r.ConsoleLogin(alice)[0]},
		{"failed console sign-in", r.ConsoleLoginFailure(alice, WrongPassword)[0]},
		{"AssumeRole, caller's copy", assume[0]},
		{"AssumeRole, role owner's copy", assume[1]},
		{"GetSessionToken", sts[0]},
		{"GetFederationToken", fed[0]},
		{"IAM CreateUser", r.Builder.Call("iam.amazonaws.com", "CreateUser")},
		{"S3 GetObject", r.Builder.Call("s3.amazonaws.com", "GetObject",
			Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/k", ""),
			Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", Account1))},
		{"S3 PutObject by a role session", r.Builder.Call("s3.amazonaws.com", "PutObject", As(NewAssumedRole(Account2, "writer", "w")),
			Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/k", ""))},
	}
	// Members the documentation shows that the corpus's records of 1.08 and
	// later happen not to carry.
	documented := map[string]string{
		"signin.amazonaws.com errorMessage":     "CloudTrail User Guide, AWS Management Console sign-in events: unsuccessful sign-in examples (1.08)",
		"sts.amazonaws.com additionalEventData": "IAM User Guide, Manage AWS STS in an AWS Region: RequestDetails endpointType and awsServingRegion (2025)",
	}
	checked := 0
	for _, b := range built {
		raw, err := json.Marshal(b.rec)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		src, key := b.rec.EventSource, b.rec.EventSource+" "+b.rec.EventName
		if union := bySource[src]; union != nil {
			checked++
			for k := range m {
				if !union[k] && documented[src+" "+k] == "" {
					t.Errorf("%s: member %q appears in no published record of %s (version 1.08+); they have %v", b.reason, k, src, sorted(union))
				}
			}
		}
		if common := byName[key]; common != nil && nameCount[key] >= 2 {
			for k := range common {
				if _, ok := m[k]; !ok {
					t.Errorf("%s: lacks %q, which all %d published %s records carry", b.reason, k, nameCount[key], key)
				}
			}
		}
		var id map[string]json.RawMessage
		_ = json.Unmarshal(m["userIdentity"], &id)
		if known := idKeys[string(b.rec.UserIdentity.Type)]; known != nil {
			for k := range id {
				if !known[k] {
					t.Errorf("%s: userIdentity member %q appears in no published %s identity", b.reason, k, b.rec.UserIdentity.Type)
				}
			}
		}
	}
	if checked < len(built)/2 {
		t.Errorf("only %d of %d built records had published records of their service to compare with", checked, len(built))
	}
}
