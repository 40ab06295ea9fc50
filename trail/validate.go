package trail

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/internal/errlist"
	"github.com/trailmap/trailmap/selector"
)

// The codes of validation problems. Where AWS has an exception for the
// problem the code is its name (API reference, Errors sections of
// CreateTrail, UpdateTrail, PutEventSelectors and PutInsightSelectors);
// callers branch on codes, which do not change, never on message text.
// Problems of event and insight selectors carry the selector package's codes,
// selector.CodeInvalidEventSelectors and selector.CodeInvalidInsightSelectors.
const (
	CodeInvalidTrailName             = "InvalidTrailNameException"
	CodeCloudTrailARNInvalid         = "CloudTrailARNInvalidException"
	CodeInvalidHomeRegion            = "InvalidHomeRegionException"
	CodeMaximumNumberOfTrails        = "MaximumNumberOfTrailsExceededException"
	CodeInvalidParameterCombination  = selector.CodeInvalidParameterCombination
	CodeInvalidS3BucketName          = "InvalidS3BucketNameException"
	CodeInvalidS3Prefix              = "InvalidS3PrefixException"
	CodeTrailAlreadyExists           = "TrailAlreadyExistsException"
	CodeNotOrganizationMaster        = "NotOrganizationMasterAccountException"
	CodeOrganizationsNotInUse        = "OrganizationsNotInUseException"
	CodeOrganizationNotInAllFeatures = "OrganizationNotInAllFeaturesModeException"
	// CodeInvalidDeployment is this package's own code for a deployment
	// file that cannot describe a real setup and for which AWS has no
	// exception: malformed account or organization IDs, unknown Regions,
	// an account listed twice.
	CodeInvalidDeployment = "InvalidDeployment"
)

// Error is one problem found by Validate.
type Error struct {
	// Path locates the problem in the deployment, for example
	// "trails[2].Name" or "trails[0].AdvancedEventSelectors[1].FieldSelectors[0].Field".
	Path string
	// Code is the AWS exception name (or CodeInvalidDeployment).
	Code string
	// Msg says what is wrong; AWS's own message where it is known.
	Msg string
}

// Error returns "trail: <path>: <code>: <msg>".
func (e *Error) Error() string {
	s := "trail: "
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.Code + ": " + e.Msg
}

// Errors is every problem found by one validation, sorted by path. A
// non-empty Errors is returned as an error; errors.As finds both the
// Errors and each *Error in it.
type Errors []*Error

// Error joins the problems, one per line.
func (es Errors) Error() string { return errlist.Join(es) }

// Unwrap returns the problems as errors, so errors.As can reach each
// *Error.
func (es Errors) Unwrap() []error { return errlist.Unwrap(es) }

// Has reports whether some problem has the code.
func (es Errors) Has(code string) bool {
	return slices.ContainsFunc(es, func(e *Error) bool { return e.Code == code })
}

type validation struct {
	list   Errors
	strict bool // WithStrictTables
}

func (v *validation) add(path, code, msg string) {
	v.list = append(v.list, &Error{Path: path, Code: code, Msg: msg})
}

// MaxTrailsPerRegion is the number of trails an account can have in one
// Region, multi-Region and organization trails included (CloudTrail
// quotas; not adjustable).
const MaxTrailsPerRegion = 5

// MaxS3KeyPrefixLen is the longest S3KeyPrefix CloudTrail accepts.
const MaxS3KeyPrefixLen = 200

// Validate checks the deployment as AWS would have checked the calls that
// built it (CreateTrail, PutEventSelectors, PutInsightSelectors) and
// returns nil or an Errors holding every problem, sorted by path:
//
//   - Trail names (InvalidTrailNameException): 3 to 128 characters;
//     ASCII letters, digits, '.', '_' and '-'; starting and ending with a
//     letter or digit; no two of '.', '_', '-' side by side; not shaped
//     like an IP address.
//   - TrailARN (CloudTrailARNInvalidException): present and of the form
//     arn:<partition>:cloudtrail:<region>:<12-digit account>:trail/<name>,
//     with the trail's Name, a known Region of that partition, and equal
//     to HomeRegion when both are given. Two trails with one ARN are
//     TrailAlreadyExistsException.
//   - S3KeyPrefix at most 200 characters (InvalidS3PrefixException). A
//     missing S3BucketName is not an error here, since where a record is
//     delivered does not depend on the bucket; [Check] reports it
//     (CreateTrail requires one).
//   - A multi-Region trail includes global service events
//     (InvalidParameterCombinationException, "Multi-Region trail must
//     include global service events.").
//   - Basic and advanced selectors never on one trail. PutEventSelectors
//     takes "either AdvancedEventSelectors or EventSelectors, but not
//     both", and among its documented errors only
//     InvalidEventSelectorsException covers "the combination of event
//     selectors or advanced event selectors" (InvalidParameterCombination
//     is not among them), so that is the code used. Each kind is checked
//     by the selector package, its paths put under "trails[i].".
//   - Insight selectors and their preconditions
//     (InvalidInsightSelectorsException), by the selector package; when
//     HasCustomEventSelectors is true and no event selectors are given
//     (describe-trails output without get-event-selectors), only the
//     values are checked, since the selectors AWS judged are unknown.
//   - Aggregation configurations (selector.ValidateAggregation): one at
//     most, EventCategory Data, documented templates
//     (InvalidParameterException), on a trail that logs data events
//     (InvalidParameterCombinationException).
//   - Organization trails need an organization
//     (OrganizationsNotInUseException) with all features enabled
//     (OrganizationNotInAllFeaturesModeException, when its FeatureSet is
//     given and not ALL) and must be owned by its management account
//     (NotOrganizationMasterAccountException); copies in member
//     accounts carry the management account's ARN.
//   - At most 5 trails per account per Region
//     (MaximumNumberOfTrailsExceededException, "User: <account> already
//     has 5 trails in <region>."), counting single-Region trails in their
//     home Region, multi-Region trails in every Region of their partition
//     enabled in the account, and organization trails' copies in member
//     accounts (in their home Region, or every enabled Region; none in a
//     member that has not enabled an opt-in home Region). The problem is
//     reported on the trail, in input order, that makes a sixth.
//   - The deployment itself (InvalidDeployment): account IDs 12 digits,
//     organization ID o- and 10 to 32 lower-case letters or digits,
//     EnabledRegions known Regions. A trail homed in an opt-in Region
//     shows that its account enabled that Region (RegionEnabled), so it
//     need not be listed. Default Regions listed in EnabledRegions are
//     accepted and change nothing (they are always enabled); Check
//     reports them.
//
// A resources.type or network activity eventSource value missing from the
// selector package's dated tables (selector.TablesDate) is not an error by
// default, since AWS adds values often and the tables go stale; [Check]
// reports it as a warning naming the tables' date and the nearest
// documented value. Among opts, which are the Router's [Option]s, only
// [WithStrictTables] concerns Validate: under it such a value is the
// exception AWS returns for an invalid value,
// InvalidEventSelectorsException (selector.Options.Strict). The other
// options are accepted and ignored.
func (d *Deployment) Validate(opts ...Option) error {
	if d == nil {
		return Errors{{Code: CodeInvalidDeployment, Msg: "no deployment"}}
	}
	var cfg Router
	for _, o := range opts {
		o(&cfg)
	}
	v := validation{strict: cfg.strict}
	v.deployment(d)
	seenARN := map[string]int{}
	for i := range d.Trails {
		t := &d.Trails[i]
		path := "trails[" + strconv.Itoa(i) + "]"
		v.trail(d, t, path)
		if t.TrailARN != "" {
			if _, dup := seenARN[t.TrailARN]; dup {
				// AWS's message (CreateTrail; trussworks/terraform-aws-logs#269):
				// the trail name and the owning account; the path names the
				// second listing.
				name := t.Name
				if a, err := arn.Parse(t.TrailARN); err == nil {
					name = strings.TrimPrefix(a.Resource, "trail/")
				}
				v.add(path+".TrailARN", CodeTrailAlreadyExists,
					fmt.Sprintf("Trail %s already exists for customer: %s", name, t.Account()))
			} else {
				seenARN[t.TrailARN] = i
			}
		}
	}
	v.quota(d)
	if len(v.list) == 0 {
		return nil
	}
	sort.SliceStable(v.list, func(i, j int) bool { return errlist.PathLess(v.list[i].Path, v.list[j].Path) })
	return v.list
}

func (v *validation) deployment(d *Deployment) {
	if o := d.Organization; o != nil {
		if !isOrgID(o.ID) {
			v.add("organization.Id", CodeInvalidDeployment,
				fmt.Sprintf("Organization ID %q must be o- followed by 10 to 32 lower-case letters or digits.", o.ID))
		}
		if !arn.IsAccountID(o.MasterAccountID) {
			v.add("organization.MasterAccountId", CodeInvalidDeployment,
				fmt.Sprintf("Account ID %q must be 12 digits.", o.MasterAccountID))
		}
		seen := map[string]bool{}
		for i, a := range o.Accounts {
			p := "organization.Accounts[" + strconv.Itoa(i) + "]"
			switch {
			case !arn.IsAccountID(a):
				v.add(p, CodeInvalidDeployment, fmt.Sprintf("Account ID %q must be 12 digits.", a))
			case seen[a]:
				v.add(p, CodeInvalidDeployment, fmt.Sprintf("Account %s is listed more than once.", a))
			}
			seen[a] = true
		}
	}
	for id, a := range d.Accounts {
		p := "accounts[" + strconv.Quote(id) + "]"
		if !arn.IsAccountID(id) {
			v.add(p, CodeInvalidDeployment, fmt.Sprintf("Account ID %q must be 12 digits.", id))
		}
		for i, r := range a.EnabledRegions {
			if _, ok := lookupRegion(r); !ok {
				v.add(p+".EnabledRegions["+strconv.Itoa(i)+"]", CodeInvalidDeployment,
					fmt.Sprintf("Unknown Region %q.", r))
			}
		}
	}
}

func (v *validation) trail(d *Deployment, t *Trail, path string) {
	if msg := trailNameProblem(t.Name); msg != "" {
		v.add(path+".Name", CodeInvalidTrailName, msg)
	}

	arnOK := false
	var arn trailARN
	if t.TrailARN == "" {
		v.add(path+".TrailARN", CodeCloudTrailARNInvalid,
			"TrailARN is required: the trail's owning account and home Region come from it.")
	} else if a, err := splitTrailARN(t.TrailARN); err != nil {
		v.add(path+".TrailARN", CodeCloudTrailARNInvalid, "Invalid trail ARN: "+err.Error()+".")
	} else {
		arn, arnOK = a, true
		if t.Name != "" && a.name != t.Name {
			v.add(path+".TrailARN", CodeCloudTrailARNInvalid,
				fmt.Sprintf("The trail name in ARN %s is %q, not the trail's Name %q.", t.TrailARN, a.name, t.Name))
		}
		if info, ok := lookupRegion(a.region); !ok {
			v.add(path+".TrailARN", CodeCloudTrailARNInvalid, fmt.Sprintf("Unknown Region %q in ARN %s.", a.region, t.TrailARN))
		} else if info.Partition != a.partition {
			v.add(path+".TrailARN", CodeCloudTrailARNInvalid,
				fmt.Sprintf("Region %s is in partition %s, not %s as ARN %s says.", a.region, info.Partition, a.partition, t.TrailARN))
		}
		if t.HomeRegion != "" && t.HomeRegion != a.region {
			v.add(path+".HomeRegion", CodeCloudTrailARNInvalid,
				fmt.Sprintf("HomeRegion %s differs from the Region %s in TrailARN.", t.HomeRegion, a.region))
		}
	}
	if t.HomeRegion != "" {
		if _, ok := lookupRegion(t.HomeRegion); !ok {
			v.add(path+".HomeRegion", CodeInvalidHomeRegion, fmt.Sprintf("Unknown Region %q.", t.HomeRegion))
		}
	}
	if n := len([]rune(t.S3KeyPrefix)); n > MaxS3KeyPrefixLen {
		v.add(path+".S3KeyPrefix", CodeInvalidS3Prefix,
			fmt.Sprintf("S3KeyPrefix is %d characters long; the maximum is %d.", n, MaxS3KeyPrefixLen))
	}
	if t.IsMultiRegionTrail && !t.IncludesGlobalServiceEvents() {
		// AWS's message (hashicorp/terraform#4723).
		v.add(path+".IncludeGlobalServiceEvents", CodeInvalidParameterCombination,
			"Multi-Region trail must include global service events.")
	}

	if t.IsOrganizationTrail {
		switch {
		case d.Organization == nil:
			// Usually describe-trails output of a member account, which
			// lists the organization trail with the management account's
			// ARN: say which organization is missing and how to add it.
			name, owner := t.Name, "its management account"
			if name == "" {
				name = "The trail"
			}
			if arnOK {
				owner = "management account " + arn.account
			}
			v.add(path+".IsOrganizationTrail", CodeOrganizationsNotInUse,
				fmt.Sprintf("%s is an organization trail of %s, and the deployment has no organization to say which accounts it covers: add \"organization\": {\"Id\": \"o-…\", \"MasterAccountId\": …, \"Accounts\": […]} to a deployment file, or give the outputs of aws organizations describe-organization and aws organizations list-accounts with the describe-trails output (trailmap: -with FILE -with FILE; Go: trail.AssembleDeployment).", name, owner))
		case arnOK && arn.account != d.Organization.MasterAccountID:
			v.add(path+".IsOrganizationTrail", CodeNotOrganizationMaster,
				fmt.Sprintf("Account %s is not the management account (%s) of organization %s; organization trails belong to the management account.", arn.account, d.Organization.MasterAccountID, d.Organization.ID))
		case d.Organization.FeatureSet != "" && d.Organization.FeatureSet != "ALL":
			// API Reference, OrganizationNotInAllFeaturesModeException.
			v.add(path+".IsOrganizationTrail", CodeOrganizationNotInAllFeatures,
				fmt.Sprintf("Organization %s has FeatureSet %s; all features must be enabled in Organizations to support an organization trail.", d.Organization.ID, d.Organization.FeatureSet))
		}
	}

	switch {
	case len(t.EventSelectors) > 0 && len(t.AdvancedEventSelectors) > 0:
		v.add(path, selector.CodeInvalidEventSelectors,
			"You can use either EventSelectors or AdvancedEventSelectors, but not both.")
	default:
		// Only one kind is given here, so Options.Validate checks it as
		// ValidateBasic or ValidateAdvanced does; its warnings are
		// Check's to report (UnknownResourceType,
		// UnknownNetworkEventSource), or errors under Strict.
		_, err := selector.Options{Target: selector.TargetTrail, Strict: v.strict}.Validate(t.EventSelectors, t.AdvancedEventSelectors)
		v.selectorErrors(path, err)
	}
	// The preconditions of Insights and aggregation are judged against
	// the trail's event selectors. When describe-trails says it has custom
	// ones (HasCustomEventSelectors) that the deployment lacks, AWS judged
	// them against selectors unknown here: only the values are checked,
	// against selectors logging every kind, and Check reports
	// SelectorsNotGiven.
	basic, adv := t.EventSelectors, t.AdvancedEventSelectors
	if t.HasCustomEventSelectors && len(basic) == 0 && len(adv) == 0 {
		adv = everyKind
	}
	if len(t.InsightSelectors) > 0 {
		v.selectorErrors(path, selector.ValidateInsight(t.InsightSelectors, basic, adv))
	}
	if len(t.AggregationConfigurations) > 0 {
		v.selectorErrors(path, selector.ValidateAggregation(t.AggregationConfigurations, basic, adv))
	}
}

// everyKind stands for event selectors that are not known: they log read
// and write management events and data events.
var everyKind = []selector.Advanced{
	{Fields: []selector.Field{{Field: selector.FieldEventCategory, Equals: []string{"Management"}}}},
	{Fields: []selector.Field{{Field: selector.FieldEventCategory, Equals: []string{"Data"}}, {Field: selector.FieldResourcesType, Equals: []string{selector.S3Object}}}},
}

// selectorErrors adds the problems of a selector validation under path.
func (v *validation) selectorErrors(path string, err error) {
	if err == nil {
		return
	}
	var es selector.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			p := path
			if e.Path != "" {
				p += "." + e.Path
			}
			v.add(p, e.Code, e.Msg)
		}
		return
	}
	v.add(path, selector.CodeInvalidEventSelectors, err.Error())
}

// trailNameProblem returns why name is not a valid trail name, or "". The
// messages for length, first and last character and characters are
// AWS's (as reproduced by moto's cloudtrail exceptions, checked against
// AWS, getmoto/moto#4410); the blank one is AWS's
// (clouddrove/terraform-aws-cloudtrail#14); the rules are the API
// reference's (InvalidTrailNameException).
func trailNameProblem(name string) string {
	if name == "" {
		return "Trail name cannot be blank!"
	}
	if n := utf8.RuneCountInString(name); n < 3 {
		return fmt.Sprintf("Trail name too short. Minimum allowed length: 3 characters. Specified name length: %d characters.", n)
	} else if n > 128 {
		return fmt.Sprintf("Trail name too long. Maximum allowed length: 128 characters. Specified name length: %d characters.", n)
	}
	// Checked in moto's (AWS's) order: length, first, last, characters.
	if !isAlnumByte(name[0]) {
		return "Trail name must starts with a letter or number."
	}
	if !isAlnumByte(name[len(name)-1]) {
		return "Trail name must ends with a letter or number."
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnumByte(c) && c != '.' && c != '_' && c != '-' {
			return "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_)."
		}
	}
	// The last two messages are as AWS-compatible services reproduce
	// AWS's (same wording as the character message above); AWS's own
	// pages quote neither.
	for i := 1; i < len(name); i++ {
		if !isAlnumByte(name[i]) && !isAlnumByte(name[i-1]) {
			return "Trail name or ARN cannot have adjacent periods (.), hyphens (-), or underscores (_)."
		}
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return "Trail names must not be formatted as an IP address."
	}
	return ""
}

func isAlnumByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// quota checks the trails-per-Region quota in every account.
func (v *validation) quota(d *Deployment) {
	if len(d.Trails) <= MaxTrailsPerRegion {
		// A trail counts once in each (account, Region) it is in:
		// no more trails than the quota cannot pass it.
		return
	}
	type slot struct{ account, region string }
	count := map[slot]int{}
	x := newDeploymentIndex(d)
	for i := range d.Trails {
		t := &d.Trails[i]
		arn, err := splitTrailARN(t.TrailARN)
		if err != nil {
			continue
		}
		if _, ok := lookupRegion(arn.region); !ok {
			continue
		}
		var over []slot
		for _, s := range trailPresence(x, t, arn) {
			sl := slot{s[0], s[1]}
			count[sl]++
			if count[sl] == MaxTrailsPerRegion+1 {
				over = append(over, sl)
			}
		}
		if len(over) == 0 {
			continue
		}
		// Report once per trail: its home Region if over there, else the
		// first Region over.
		pick := over[0]
		for _, s := range over {
			if s.account == arn.account && s.region == arn.region {
				pick = s
				break
			}
		}
		v.add("trails["+strconv.Itoa(i)+"]", CodeMaximumNumberOfTrails,
			fmt.Sprintf("User: %s already has %d trails in %s.", pick.account, MaxTrailsPerRegion, pick.region))
	}
}

// trailPresence returns the (account, Region) pairs where a trail exists
// and counts toward the quota: its home Region or, for multi-Region
// trails, every Region of the partition enabled in the account; for
// organization trails the same in every member account, except that a
// member which has not enabled an opt-in home Region gets no copy
// (CloudTrail User Guide, "Creating a trail for an organization").
func trailPresence(x *deploymentIndex, t *Trail, arn trailARN) [][2]string {
	d := x.d
	accounts := []string{arn.account}
	if t.IsOrganizationTrail && d.Organization != nil && d.Organization.MasterAccountID == arn.account {
		accounts = x.memberList
	}
	var out [][2]string
	for _, acct := range accounts {
		if !x.regionEnabled(acct, arn.region) {
			continue
		}
		if !t.IsMultiRegionTrail {
			out = append(out, [2]string{acct, arn.region})
			continue
		}
		for _, r := range x.enabledRegions(acct, arn.partition) {
			out = append(out, [2]string{acct, r})
		}
	}
	return out
}
