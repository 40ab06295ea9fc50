package trail

import (
	"slices"

	"github.com/trailmap/trailmap/region"
)

// RegionEnabled reports whether the named Region is enabled in account:
// Regions enabled by default always are (region.IsEnabledByDefault); an
// opt-in Region is when the account's EnabledRegions lists it, or when
// the account owns a trail homed there. A trail can be created only in a
// Region its account has enabled (AWS Account Management Reference,
// "Enable or disable AWS Regions in your account": a disabled Region's
// resources cannot be created or used), so its home Region is enabled
// whether or not the deployment file lists it.
func (d *Deployment) RegionEnabled(account, name string) bool {
	if region.IsEnabledByDefault(name) {
		return true
	}
	if d == nil || account == "" {
		return false
	}
	if slices.Contains(d.Accounts[account].EnabledRegions, name) {
		return true
	}
	for i := range d.Trails {
		if t := &d.Trails[i]; t.Home() == name && t.Account() == account {
			return true
		}
	}
	return false
}

// EnabledRegions returns the Regions of a partition enabled in account,
// sorted by name: the partition's Regions enabled by default and the
// opt-in Regions of that partition the account lists or has a trail
// homed in (see RegionEnabled).
func (d *Deployment) EnabledRegions(account, partition string) []string {
	p, ok := region.PartitionByID(partition)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range p.Regions() {
		if d.RegionEnabled(account, r.Name) {
			out = append(out, r.Name)
		}
	}
	if d != nil {
		for _, name := range d.Accounts[account].EnabledRegions {
			if p.Contains(name) && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return out
}

// lookupRegion returns what is known of a Region; Validate accepts only
// Regions region.Lookup knows.
func lookupRegion(name string) (region.Region, bool) { return region.Lookup(name) }
