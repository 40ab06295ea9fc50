package trail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/trailmap/trailmap/internal/arn"
)

// Output is one output of the AWS CLI about a trail, for Assemble.
type Output struct {
	// Trail names the trail (TrailARN or Name) when the output does not:
	// `get-trail-status` output names none. For the other outputs it may
	// be empty; their TrailARN member decides.
	Trail string
	// Data is the output, as the CLI prints it.
	Data []byte
}

// Assemble builds trails from the output of `aws cloudtrail
// describe-trails` (see ParseTrails) and any mix of outputs of
// `get-event-selectors` (the selectors, MergeEventSelectors),
// `list-trails` (which adds nothing, but must list no trail
// describe-trails lacks),
// `get-insight-selectors` (MergeInsightSelectors),
// `get-event-configuration` (its members other than TrailARN are kept on
// the trail, written back by MarshalJSON) and `get-trail-status`
// (IsLogging, and its non-empty LatestDeliveryError,
// LatestDigestDeliveryError, LatestCloudWatchLogsDeliveryError and
// LatestNotificationError, kept as members of the trail for Check). Each output is matched to a trail by its TrailARN member,
// or by Output.Trail (an ARN or a name); an output that no listed trail
// claims, that names no trail, or that is none of these kinds is an
// error. Every problem is reported, joined (errors.Join).
//
// A trail whose HasCustomEventSelectors or HasInsightSelectors is true
// but whose selectors no output gave is assembled as it is; Check reports
// it (FindingSelectorsNotGiven, FindingInsightSelectorsNotGiven).
//
// Outputs of `aws organizations describe-organization` and `list-accounts`
// are taken and checked as [AssembleDeployment] does; Assemble returns the
// trails only, so call AssembleDeployment to keep the organization they
// give.
func Assemble(describeTrails []byte, outputs ...Output) ([]Trail, error) {
	d, err := AssembleDeployment(describeTrails, outputs...)
	if err != nil {
		return nil, err
	}
	return d.Trails, nil
}

// AssembleDeployment is [Assemble] for a whole deployment: besides the
// trail outputs Assemble takes, outputs may be those of `aws organizations
// describe-organization` ({"Organization": {"Id": …, "MasterAccountId": …,
// …}}) and `aws organizations list-accounts` ({"Accounts": [{"Id": …,
// "Arn": …, "Status": …, …}], "NextToken": …}), recognised by their
// members. They make the deployment's Organization, which an organization
// trail needs to say which accounts it covers. List-accounts output may
// come in pages, as several outputs or as one output holding the pages
// one after the other (one output may hold describe-organization output
// and list-accounts pages, as `(aws organizations describe-organization;
// aws organizations list-accounts) > org.json` writes it); an account
// listed twice counts once. Of an Account,
// Id is read, and Arn, when present, must name the organization and
// management account of describe-organization; the other members (Email, Name, Status, State,
// JoinedMethod …) and NextToken are not needed and are ignored, as are
// the members of Organization other than Id and MasterAccountId.
//
// Every listed account is a member whatever its Status or State: the
// CloudTrail User Guide ("AWS account closure and trails") says
// organization trails go on delivering the events of a member account
// after it is closed (SUSPENDED, PENDING_CLOSURE), for as long as the
// management account is not closed.
//
// List-accounts alone is enough: the Arn of every account names the
// organization and its management account,
// arn:PARTITION:organizations::MANAGEMENT:account/o-ID/ACCOUNT (AWS
// Organizations API Reference, Account: Arn; Service Authorization
// Reference, the account resource type), so without describe-organization
// they are read from the Arns, which must then be present on every
// account and agree. Describe-organization alone names the organization
// but not its accounts, and AssembleDeployment does not guess them from
// the accounts the trails happen to name (a member whose only trail is
// the organization trail appears nowhere); it is an error naming
// list-accounts. A deployment without either has no organization, and
// NewRouter refuses an organization trail in it
// (OrganizationsNotInUseException).
func AssembleDeployment(describeTrails []byte, outputs ...Output) (*Deployment, error) {
	trails, err := ParseTrails(describeTrails)
	if err != nil {
		return nil, fmt.Errorf("trail: assemble: describe-trails: %w", err)
	}
	var errs []error
	org := orgOutputs{describe: -1, list: -1}
	for i, o := range outputs {
		if err := assembleOutput(trails, &org, i, o); err != nil {
			errs = append(errs, fmt.Errorf("trail: assemble: outputs[%d]: %w", i, err))
		}
	}
	d := &Deployment{Trails: trails}
	switch {
	case len(errs) > 0:
		// An output that could not be read may be the missing half:
		// the problems found are the ones to fix first.
	case org.describe < 0 && org.list < 0:
	case org.list < 0:
		errs = append(errs, fmt.Errorf("trail: assemble: outputs[%d]: describe-organization names organization %s but not its accounts: "+
			"give the output of aws organizations list-accounts as well (it runs in the management account %s or a delegated administrator account; "+
			"from a member account, write the accounts you know in a deployment file's \"organization\" instead)",
			org.describe, org.org.ID, org.org.MasterAccountID))
	default:
		from := "describe-organization"
		if org.describe < 0 {
			if errs = org.fromARNs(outputs); len(errs) == 0 {
				from = "the Arn of account " + org.accounts[0].id
			}
		}
		for _, a := range org.accounts {
			switch {
			case len(errs) > 0:
			case a.org != "" && a.org != org.org.ID:
				errs = append(errs, fmt.Errorf("trail: assemble: outputs[%d]: %w", a.output,
					posErr(outputs[a.output].Data, a.off, a.path, fmt.Sprintf("account %s is of organization %s (its Arn), not of %s (%s)", a.id, a.org, org.org.ID, from), nil)))
			case a.mgmt != "" && a.mgmt != org.org.MasterAccountID:
				errs = append(errs, fmt.Errorf("trail: assemble: outputs[%d]: %w", a.output,
					posErr(outputs[a.output].Data, a.off, a.path, fmt.Sprintf("account %s is of the organization managed by %s (its Arn), not by %s (%s)", a.id, a.mgmt, org.org.MasterAccountID, from), nil)))
			}
			org.org.Accounts = append(org.org.Accounts, a.id)
		}
		d.Organization = &org.org
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return d, nil
}

// orgOutputs gathers what the organizations outputs say.
type orgOutputs struct {
	describe, list int // index of the first describe-organization, list-accounts output; -1 for none
	org            Organization
	accounts       []listedAccount
	seen           map[string]bool
}

// listedAccount is an Account of list-accounts output.
type listedAccount struct {
	id        string
	org, mgmt string // the organization and management account its Arn names, if any
	output    int
	off       int
	path      string
}

// fromARNs sets the organization from the Arns of the listed accounts,
// for list-accounts output given without describe-organization: every
// account must have one.
func (org *orgOutputs) fromARNs(outputs []Output) []error {
	if len(org.accounts) == 0 {
		return []error{fmt.Errorf("trail: assemble: outputs[%d]: list-accounts lists no account, so it names no organization: "+
			"give the output of aws organizations describe-organization as well", org.list)}
	}
	for _, a := range org.accounts {
		if a.org == "" {
			return []error{fmt.Errorf("trail: assemble: outputs[%d]: %w", a.output,
				posErr(outputs[a.output].Data, a.off, a.path, fmt.Sprintf("account %s has no Arn naming its organization "+
					"(arn:aws:organizations::MANAGEMENT:account/o-ID/ACCOUNT), which list-accounts output needs without describe-organization: "+
					"give the output of aws organizations describe-organization as well", a.id), nil))}
		}
	}
	org.org.ID, org.org.MasterAccountID = org.accounts[0].org, org.accounts[0].mgmt
	return nil
}

// assembleOutput assembles one output: organizations outputs into org
// (one or more JSON values, one after the other), the others into trails.
func assembleOutput(trails []Trail, org *orgOutputs, i int, o Output) error {
	o.Data = trimBOM(o.Data)
	b := o.Data
	dec := json.NewDecoder(bytes.NewReader(b))
	for n := 0; ; n++ {
		vs := skipSpace(b, int(dec.InputOffset()), "")
		if vs == len(b) && n > 0 {
			return nil
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			// A decoder of its own from the value's start places the
			// error in b.
			d := json.NewDecoder(bytes.NewReader(b[vs:]))
			if err := d.Decode(&raw); err != nil {
				return jsonErr(b, vs, "", err, d.InputOffset())
			}
			return jsonErr(b, vs, "", err, 0)
		}
		ve := int(dec.InputOffset())
		kind, err := orgKind(b, vs, ve)
		if err != nil {
			return err
		}
		if kind == "" {
			if n > 0 {
				return posErr(b, vs, "", fmt.Sprintf("JSON value %d is not an output of aws organizations: only describe-organization and list-accounts outputs (pages) may follow one another in one output", n+1), nil)
			}
			if skipSpace(b, ve, "") < len(b) {
				return posErr(b, skipSpace(b, ve, ""), "", "a second JSON value: only describe-organization and list-accounts outputs (pages) may follow one another in one output", nil)
			}
			return assembleOne(trails, o)
		}
		if o.Trail != "" {
			return fmt.Errorf("%s output belongs to no trail, yet it is given for trail %s", kind, o.Trail)
		}
		if kind == "describe-organization" {
			err = org.describeOrganization(b, vs, ve, i)
		} else {
			err = org.listAccounts(b, vs, ve, i)
		}
		if err != nil {
			return err
		}
	}
}

// orgKind says which organizations output the JSON value b[vs:ve] is:
// "describe-organization" (a member Organization), "list-accounts" (a
// member Accounts) or "" (neither, or not an object).
func orgKind(b []byte, vs, ve int) (string, error) {
	if b[vs] != '{' {
		return "", nil
	}
	kind := ""
	err := walkObject(b, vs, ve, "", func(key string, _, _, _ int) error {
		switch key {
		case "Organization":
			kind = "describe-organization"
		case "Accounts":
			if kind == "" {
				kind = "list-accounts"
			}
		case "TrailARN":
			kind = "-"
		}
		return nil
	})
	if kind == "-" {
		kind = ""
	}
	return kind, err
}

// describeOrganization reads describe-organization output b[vs:ve], output i.
func (org *orgOutputs) describeOrganization(b []byte, vs, ve, i int) error {
	var o Organization
	found := false
	err := walkObject(b, vs, ve, "", func(key string, keyOff, vs, ve int) error {
		if key != "Organization" {
			return nil // members the CLI may add; nothing routing needs
		}
		found = true
		return walkObject(b, vs, ve, "Organization", func(k string, _, vs, ve int) error {
			switch k {
			case "Id":
				return decodeAt(b[:ve], vs, &o.ID, true, "Organization.Id")
			case "MasterAccountId":
				return decodeAt(b[:ve], vs, &o.MasterAccountID, true, "Organization.MasterAccountId")
			case "FeatureSet":
				return decodeAt(b[:ve], vs, &o.FeatureSet, true, "Organization.FeatureSet")
			}
			return nil // Arn, MasterAccountArn, MasterAccountEmail, AvailablePolicyTypes, and newer members
		})
	})
	if err != nil {
		return err
	}
	switch {
	case !found:
		return posErr(b, vs, "", "describe-organization output without Organization", nil)
	case o.ID == "":
		return posErr(b, vs, "Organization", "describe-organization output without Organization.Id", nil)
	case o.MasterAccountID == "":
		return posErr(b, vs, "Organization", "describe-organization output without Organization.MasterAccountId", nil)
	}
	if org.describe >= 0 {
		if org.org.ID != o.ID || org.org.MasterAccountID != o.MasterAccountID {
			return posErr(b, vs, "Organization", fmt.Sprintf("organization %s (management account %s), but outputs[%d] is organization %s (management account %s): a deployment has one organization",
				o.ID, o.MasterAccountID, org.describe, org.org.ID, org.org.MasterAccountID), nil)
		}
		return nil
	}
	org.describe = i
	org.org.ID, org.org.MasterAccountID, org.org.FeatureSet = o.ID, o.MasterAccountID, o.FeatureSet
	return nil
}

// listAccounts reads one list-accounts page b[vs:ve], output i.
func (org *orgOutputs) listAccounts(b []byte, vs, ve, i int) error {
	if org.list < 0 {
		org.list = i
	}
	if org.seen == nil {
		org.seen = map[string]bool{}
	}
	return walkObject(b, vs, ve, "", func(key string, _, vs, ve int) error {
		if key != "Accounts" {
			return nil // NextToken, and members the CLI may add
		}
		if isNull(b[vs:ve]) {
			return nil
		}
		return walkArray(b, vs, ve, "Accounts", func(n, vs, ve int) error {
			path := "Accounts[" + strconv.Itoa(n) + "]"
			var a struct{ Id, Arn *string }
			if err := decodeAt(b[:ve], vs, &a, false, path); err != nil {
				return err
			}
			if a.Id == nil || *a.Id == "" {
				return posErr(b, vs, path, "an Account without Id", nil)
			}
			if org.seen[*a.Id] {
				return nil
			}
			org.seen[*a.Id] = true
			la := listedAccount{id: *a.Id, output: i, off: vs, path: path}
			if a.Arn != nil {
				la.org, la.mgmt = accountARNOrganization(*a.Arn)
			}
			org.accounts = append(org.accounts, la)
			return nil
		})
	})
}

// accountARNOrganization returns the organization ID and the management
// account an account ARN of AWS Organizations names
// (arn:PARTITION:organizations::MANAGEMENT:account/o-ID/ACCOUNT; AWS
// Organizations API Reference, Account), or "" and "" when s is not one.
func accountARNOrganization(s string) (org, management string) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "organizations" || parts[3] != "" || !arn.IsAccountID(parts[4]) {
		return "", ""
	}
	res := strings.Split(parts[5], "/")
	if len(res) != 3 || res[0] != "account" || !strings.HasPrefix(res[1], "o-") {
		return "", ""
	}
	return res[1], parts[4]
}

func assembleOne(trails []Trail, o Output) error {
	if err := checkSyntax(o.Data); err != nil {
		return err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(o.Data, &members); err != nil {
		return fmt.Errorf("want a JSON object: %w", err)
	}
	var arn string
	if raw, ok := members["TrailARN"]; ok {
		if err := json.Unmarshal(raw, &arn); err != nil {
			return fmt.Errorf("TrailARN: %w", err)
		}
	}
	if raw, ok := members["Trails"]; ok && arn == "" {
		// list-trails (API ListTrails): the trails' ARNs, names and
		// home Regions, which describe-trails gives too.
		var list []struct{ TrailARN, Name, HomeRegion string }
		if err := json.Unmarshal(raw, &list); err != nil {
			return fmt.Errorf("list-trails: Trails: %w", err)
		}
		var missing []string
		for _, lt := range list {
			if !slices.ContainsFunc(trails, func(t Trail) bool { return t.TrailARN == lt.TrailARN }) {
				missing = append(missing, fmt.Sprintf("%s (home Region %s)", lt.TrailARN, lt.HomeRegion))
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("list-trails names trail %s, which the describe-trails output does not list: single-Region trails are described only in their home Region, so run aws cloudtrail describe-trails there too", strings.Join(missing, ", "))
		}
		return nil
	}
	name := arn
	if name == "" {
		name = o.Trail
	}
	if name == "" {
		return errors.New("the output names no trail (no TrailARN member) and Output.Trail is empty")
	}
	if arn != "" && o.Trail != "" && !trailNamed(&Trail{TrailARN: arn, Name: arnName(arn)}, o.Trail) {
		return fmt.Errorf("the output is for %s, not %s", arn, o.Trail)
	}
	var t *Trail
	for i := range trails {
		if trailNamed(&trails[i], name) {
			if t != nil {
				return fmt.Errorf("%q names more than one trail; use its TrailARN", name)
			}
			t = &trails[i]
		}
	}
	if t == nil {
		return fmt.Errorf("no trail of describe-trails is %s", name)
	}
	_, sel := members["EventSelectors"]
	_, adv := members["AdvancedEventSelectors"]
	_, ins := members["InsightSelectors"]
	_, logging := members["IsLogging"]
	switch {
	case sel || adv:
		return t.MergeEventSelectors(o.Data)
	case ins:
		return t.MergeInsightSelectors(o.Data)
	case logging:
		var s struct {
			IsLogging *bool
		}
		if err := json.Unmarshal(o.Data, &s); err != nil || s.IsLogging == nil {
			return fmt.Errorf("get-trail-status: IsLogging is not a boolean")
		}
		t.IsLogging = s.IsLogging
		// The delivery errors, when there are any, are kept as members of
		// the trail for Check (API GetTrailStatus: LatestDeliveryError
		// and its siblings); the times are not.
		for _, k := range statusErrorMembers {
			var v string
			if raw, ok := members[k]; ok && json.Unmarshal(raw, &v) == nil && v != "" {
				if t.unknown == nil {
					t.unknown = map[string]json.RawMessage{}
				}
				t.unknown[k] = append(json.RawMessage(nil), raw...)
			}
		}
		return nil
	}
	for _, k := range []string{"AggregationConfigurations", "MaxEventSize", "ContextKeySelectors"} {
		if _, ok := members[k]; ok {
			// get-event-configuration: AggregationConfigurations set,
			// the event data store members kept as members of the trail.
			if err := t.MergeEventConfiguration(o.Data); err != nil {
				return err
			}
			for name, raw := range members {
				if name == "TrailARN" || knownTrailField(name) {
					continue
				}
				if t.unknown == nil {
					t.unknown = map[string]json.RawMessage{}
				}
				t.unknown[name] = append(json.RawMessage(nil), raw...)
			}
			return nil
		}
	}
	return errors.New("not an output of get-event-selectors, get-insight-selectors, get-event-configuration or get-trail-status")
}

// trailNamed reports whether s is t's ARN or name.
func trailNamed(t *Trail, s string) bool {
	if s == t.TrailARN {
		return true
	}
	if strings.HasPrefix(s, "arn:") {
		return false
	}
	n := t.Name
	if n == "" {
		n = arnName(t.TrailARN)
	}
	return s == n
}

func arnName(arn string) string {
	if i := strings.LastIndex(arn, ":trail/"); i >= 0 {
		return arn[i+len(":trail/"):]
	}
	return ""
}
