package identity_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/identity"
)

// corpusDir finds the shared corpus of published records: the folder
// ../shared/corpus/real beside the module root.
func corpusDir(t *testing.T) string {
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
	c := filepath.Join(dir, "..", "shared", "corpus", "real")
	if fi, err := os.Stat(c); err != nil || !fi.IsDir() {
		t.Skipf("corpus of published records not present at %s", c)
	}
	return c
}

// corpusIdentity is one userIdentity element found in the corpus.
type corpusIdentity struct {
	where string
	raw   json.RawMessage
}

// corpusIdentities extracts the userIdentity element of every record in
// the corpus: log files {"Records":[...]} (.json) and JSON Lines (.jsonl).
// Records without one (Insights, malformed pipelines) are counted apart.
func corpusIdentities(t *testing.T, dir string) (ids []corpusIdentity, without int) {
	t.Helper()
	type record struct {
		UserIdentity json.RawMessage `json:"userIdentity"`
	}
	add := func(where string, r record) {
		if len(r.UserIdentity) == 0 || string(r.UserIdentity) == "null" {
			without++
			return
		}
		ids = append(ids, corpusIdentity{where, r.UserIdentity})
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case d.IsDir():
			return nil
		case strings.HasSuffix(path, ".json"):
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var lf struct{ Records []record }
			if err := json.Unmarshal(data, &lf); err != nil {
				t.Errorf("%s: not a log file: %v", rel, err)
				return nil
			}
			for i, r := range lf.Records {
				add(rel+"#"+strconv.Itoa(i), r)
			}
		case strings.HasSuffix(path, ".jsonl"):
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
			for n := 1; sc.Scan(); n++ {
				line := bytes.TrimSpace(sc.Bytes())
				if len(line) == 0 {
					continue
				}
				var r record
				if err := json.Unmarshal(line, &r); err != nil {
					t.Errorf("%s:%d: %v", rel, n, err)
					continue
				}
				add(rel+":"+strconv.Itoa(n), r)
			}
			return sc.Err()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, without
}

var documentedTypes = []identity.Type{
	identity.Root, identity.IAMUser, identity.AssumedRole, identity.Role, identity.FederatedUser,
	identity.Directory, identity.AWSAccount, identity.AWSService, identity.IdentityCenterUser,
	identity.Unknown, identity.SAMLUser, identity.WebIdentityUser,
}

// TestCorpus parses every userIdentity element of the published records,
// checks that decode→encode keeps its JSON value, classifies it by type
// and asks every question of it. A documented type must never land in the
// unknown bucket.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	ids, without := corpusIdentities(t, dir)
	if len(ids) == 0 {
		t.Skip("no records with a userIdentity in the corpus")
	}
	byType := map[string]int{}
	identified := map[string]int{}
	for _, id := range ids {
		u, err := identity.Parse(string(id.raw))
		if err != nil {
			t.Errorf("%s: %v", id.where, err)
			continue
		}
		out := u.AppendJSON(nil)
		if !sameJSON(t, id.raw, out) {
			t.Errorf("%s: decode→encode changed the value:\nin  %s\nout %s", id.where, id.raw, out)
		}

		// What encoding/json sees as the type must agree with the model.
		var probe struct {
			Type *string `json:"type"`
		}
		_ = json.Unmarshal(id.raw, &probe)
		bucket := string(u.Type)
		switch {
		case probe.Type == nil:
			bucket = "(no type)"
		case !u.Type.Known():
			bucket = "(unknown: " + bucket + ")"
			for _, d := range documentedTypes {
				if *probe.Type == string(d) {
					t.Errorf("%s: documented type %q classified as unknown", id.where, d)
				}
			}
		}
		byType[bucket]++
		if _, ok := u.Principal(); ok {
			identified[bucket]++
		}
		// Every question answers without panicking.
		u.Account()
		u.SessionName()
		u.MFA()
		u.Service()
		u.ConsoleSession()
		u.AssumedRoot()
		u.IMDSVersion()
		u.Federation()
	}
	keys := make([]string, 0, len(byType))
	for k := range byType {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%d userIdentity elements (%d records without one):", len(ids), without)
	for _, k := range keys {
		t.Logf("  %-40s %4d  (principal identified: %d)", k, byType[k], identified[k])
	}
}
