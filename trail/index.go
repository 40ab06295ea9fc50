package trail

import (
	"slices"

	"github.com/trailmap/trailmap/region"
)

// deploymentIndex answers the questions Validate, Check and NewRouter ask
// of a deployment for every account and trail — is the account a member,
// which opt-in Regions has it enabled, which trails can cover it — in
// constant time each, so that organizations of tens of thousands of
// accounts cost time linear in their size. It is built once per call and
// reflects the deployment as it was then.
type deploymentIndex struct {
	d          *Deployment
	members    map[string]bool     // organization accounts, the management account included
	memberList []string            // Organization.Members, in its order
	optIn      map[string][]string // account → opt-in Regions it enabled: listed, or homes of its trails
	owned      map[string][]int    // account → indexes of the trails it owns, ascending
	orgTrails  []int               // indexes of organization trails of the management account, ascending
	accounts   []string            // every account the deployment names, sorted
}

func newDeploymentIndex(d *Deployment) *deploymentIndex {
	x := &deploymentIndex{d: d, optIn: map[string][]string{}, owned: map[string][]int{}}
	if o := d.Organization; o != nil {
		x.members = make(map[string]bool, len(o.Accounts)+1)
		x.memberList = o.Members()
		for _, a := range x.memberList {
			x.members[a] = true
		}
	}
	for a, acct := range d.Accounts {
		for _, name := range acct.EnabledRegions {
			if !region.IsEnabledByDefault(name) && !slices.Contains(x.optIn[a], name) {
				x.optIn[a] = append(x.optIn[a], name)
			}
		}
	}
	for i := range d.Trails {
		t := &d.Trails[i]
		owner := t.Account()
		if owner == "" {
			continue
		}
		x.owned[owner] = append(x.owned[owner], i)
		if home := t.Home(); home != "" && !region.IsEnabledByDefault(home) && !slices.Contains(x.optIn[owner], home) {
			x.optIn[owner] = append(x.optIn[owner], home)
		}
		if t.IsOrganizationTrail && d.Organization != nil && owner == d.Organization.MasterAccountID {
			x.orgTrails = append(x.orgTrails, i)
		}
	}
	seen := make(map[string]bool, len(x.owned)+len(x.members)+len(d.Accounts))
	add := func(a string) {
		if a != "" && !seen[a] {
			seen[a] = true
			x.accounts = append(x.accounts, a)
		}
	}
	for i := range d.Trails {
		add(d.Trails[i].Account())
	}
	for _, a := range x.memberList {
		add(a)
	}
	for a := range d.Accounts {
		add(a)
	}
	slices.Sort(x.accounts)
	return x
}

// member reports whether account is in the organization.
func (x *deploymentIndex) member(account string) bool { return account != "" && x.members[account] }

// regionEnabled is Deployment.RegionEnabled.
func (x *deploymentIndex) regionEnabled(account, name string) bool {
	if region.IsEnabledByDefault(name) {
		return true
	}
	return account != "" && slices.Contains(x.optIn[account], name)
}

// enabledRegions is Deployment.EnabledRegions.
func (x *deploymentIndex) enabledRegions(account, partition string) []string {
	p, ok := region.PartitionByID(partition)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range p.Regions() {
		if x.regionEnabled(account, r.Name) {
			out = append(out, r.Name)
		}
	}
	for _, name := range x.optIn[account] {
		if p.Contains(name) && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// candidates returns, ascending, the indexes of the trails that may cover
// account: its own and the organization trails.
func (x *deploymentIndex) candidates(account string) []int {
	own := x.owned[account]
	if len(x.orgTrails) == 0 {
		return own
	}
	out := make([]int, 0, len(own)+len(x.orgTrails))
	out = append(out, own...)
	for _, i := range x.orgTrails {
		if !slices.Contains(own, i) {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// coversAccount reports whether t logs events of acct: acct owns it, or
// it is an organization trail of acct's organization with a copy in acct.
func (x *deploymentIndex) coversAccount(t *Trail, acct string) bool {
	owner := t.Account()
	if owner == acct {
		return true
	}
	d := x.d
	return t.IsOrganizationTrail && d.Organization != nil && owner == d.Organization.MasterAccountID &&
		x.member(acct) && x.regionEnabled(acct, t.Home())
}
