package identity_test

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/corpustest"
)

// corpusIdentity is one userIdentity element found in the corpus.
type corpusIdentity struct {
	where string
	raw   json.RawMessage
}

// corpusIdentities extracts the userIdentity element of every record of
// the real-record corpus, the documentation templates included. Records
// without one (Insights, malformed pipelines) are counted apart.
func corpusIdentities(t *testing.T) (ids []corpusIdentity, without int) {
	t.Helper()
	for _, cr := range corpustest.Records(t, corpustest.All) {
		var r struct {
			UserIdentity json.RawMessage `json:"userIdentity"`
		}
		if err := json.Unmarshal(cr.Raw, &r); err != nil {
			t.Errorf("%s: %v", cr, err)
			continue
		}
		if len(r.UserIdentity) == 0 || string(r.UserIdentity) == "null" {
			without++
			continue
		}
		ids = append(ids, corpusIdentity{cr.String(), r.UserIdentity})
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
	ids, without := corpusIdentities(t)
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
