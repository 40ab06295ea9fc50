package integrity

import (
	"context"
	"slices"
	"strings"
)

// Dirser is what a Bucket may also implement to list folders: the names
// directly under prefix (S3 ListObjectsV2 with Delimiter "/" gives them as
// CommonPrefixes). FS implements it. Discover uses it when present and
// lists every key otherwise.
type Dirser interface {
	Dirs(ctx context.Context, prefix string) ([]string, error)
}

// Discover returns every chain of the trail named trailName (homed in
// homeRegion) with digest files in the bucket under prefix: one per
// account (under AWSLogs/<account>/ or, for organization trails,
// AWSLogs/<o-id>/<account>/) and Region, sorted by organization,
// account and Region.
func Discover(ctx context.Context, b Bucket, bucket, prefix, trailName, homeRegion string) ([]Chain, error) {
	root := "AWSLogs/"
	if prefix != "" {
		root = prefix + "/" + root
	}
	seen := map[Chain]bool{}
	add := func(org, acct, region string) {
		seen[Chain{Bucket: bucket, Prefix: prefix, OrgID: org, Account: acct, Region: region, TrailName: trailName, HomeRegion: homeRegion}] = true
	}
	if d, ok := b.(Dirser); ok {
		var accts [][2]string // org, account
		top, err := d.Dirs(ctx, root)
		if err != nil {
			return nil, err
		}
		for _, name := range top {
			if !strings.HasPrefix(name, "o-") {
				accts = append(accts, [2]string{"", name})
				continue
			}
			members, err := d.Dirs(ctx, root+name+"/")
			if err != nil {
				return nil, err
			}
			for _, m := range members {
				accts = append(accts, [2]string{name, m})
			}
		}
		for _, a := range accts {
			base := root
			if a[0] != "" {
				base += a[0] + "/"
			}
			base += a[1] + "/CloudTrail-Digest/"
			regions, err := d.Dirs(ctx, base)
			if err != nil {
				return nil, err
			}
			for _, r := range regions {
				c := Chain{Bucket: bucket, Prefix: prefix, OrgID: a[0], Account: a[1], Region: r, TrailName: trailName, HomeRegion: homeRegion}
				if has, err := hasDigest(ctx, b, c); err != nil {
					return nil, err
				} else if has {
					add(a[0], a[1], r)
				}
			}
		}
	} else {
		for key, err := range b.List(ctx, root, "") {
			if err != nil {
				return nil, err
			}
			rest := strings.TrimPrefix(key, root)
			parts := strings.Split(rest, "/")
			org := ""
			if len(parts) > 0 && strings.HasPrefix(parts[0], "o-") {
				org, parts = parts[0], parts[1:]
			}
			if len(parts) < 7 || parts[1] != "CloudTrail-Digest" {
				continue
			}
			c := Chain{Account: parts[0], Region: parts[2], TrailName: trailName, HomeRegion: homeRegion, OrgID: org, Prefix: prefix}
			v := &validator{chain: c}
			if v.keyPattern().MatchString(key) {
				add(org, parts[0], parts[2])
			}
		}
	}
	out := make([]Chain, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y Chain) int {
		return strings.Compare(x.OrgID+"/"+x.Account+"/"+x.Region, y.OrgID+"/"+y.Account+"/"+y.Region)
	})
	return out, nil
}

// hasDigest reports whether the chain has a digest file in the bucket.
func hasDigest(ctx context.Context, b Bucket, c Chain) (bool, error) {
	re := (&validator{chain: c}).keyPattern()
	for key, err := range b.List(ctx, c.DigestPrefix()+"/", "") {
		if err != nil {
			return false, err
		}
		if re.MatchString(key) {
			return true, nil
		}
	}
	return false, nil
}
