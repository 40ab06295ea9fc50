package selector

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trailmap/trailmap/internal/arn"
)

// Limits documented in the API reference (PutEventSelectors,
// AdvancedEventSelector, AdvancedFieldSelector) and the CloudTrail quotas
// page. None is adjustable.
const (
	MaxBasic          = 5    // basic selectors per trail
	MaxDataValues     = 250  // data resource values per trail, "all" forms exempt
	MaxAdvancedValues = 500  // values over all conditions of all advanced selectors
	MaxNameLen        = 1000 // AdvancedEventSelector.Name
	MaxFieldLen       = 1000 // AdvancedFieldSelector.Field
	MaxValueLen       = 2048 // each operator value
)

// The resource types basic selectors accept (API DataResource.Type).
const (
	S3Object       = "AWS::S3::Object"
	LambdaFunction = "AWS::Lambda::Function"
	DynamoDBTable  = "AWS::DynamoDB::Table"
)

// The event sources ExcludeManagementEventSources (and, on trails, a
// management selector's eventSource NotEquals) accept.
const (
	KMSSource     = "kms.amazonaws.com"
	RDSDataSource = "rdsdata.amazonaws.com"
)

// Validate checks one PutEventSelectors request for a trail: basic and
// advanced selectors are never given together
// (InvalidEventSelectorsException: among PutEventSelectors' documented
// errors only that one covers "the combination of event selectors or
// advanced event selectors"), then the kind given is checked
// with ValidateBasic or ValidateAdvanced. Giving neither is valid here;
// the API itself needs one of them.
func Validate(basic []Basic, adv []Advanced) error {
	_, err := Options{}.Validate(basic, adv)
	return err
}

// Options says for what and how strictly selectors are validated.
type Options struct {
	// Target is what the selectors are written for: Trail (the zero
	// value) or EventDataStore. Basic selectors are for trails only.
	Target Target
	// Strict reports a resources.type or network activity eventSource
	// missing from the documented tables (TablesDate) as the exception
	// AWS returns for an invalid value, InvalidEventSelectorsException,
	// instead of as a Warning. AWS adds types and sources often: use it
	// when the tables are known to be current, or to insist on them.
	Strict bool
}

// Validate checks one PutEventSelectors request as the package-level
// Validate does (ValidateAdvanced for event data stores), and also returns
// the warnings: values outside the documented tables, each naming the
// table's date and the nearest documented value. Under o.Strict those are
// errors instead and no warning is returned.
func (o Options) Validate(basic []Basic, adv []Advanced) ([]Warning, error) {
	p := problems{strict: o.Strict}
	switch {
	case len(basic) > 0 && len(adv) > 0:
		// PutEventSelectors: "You can use either AdvancedEventSelectors or
		// EventSelectors, but not both."
		p.add("EventSelectors", CodeInvalidEventSelectors,
			"You can use either EventSelectors or AdvancedEventSelectors, but not both.")
	case len(basic) > 0:
		validateBasic(&p, basic)
	case len(adv) > 0:
		validateAdvanced(&p, adv, o.Target)
	}
	return p.warns, p.err()
}

// ValidateBasic checks basic event selectors as PutEventSelectors does and
// returns nil or an Errors holding every problem, each with code
// InvalidEventSelectorsException: 1 to 5 selectors; ReadWriteType
// ReadOnly, WriteOnly or All; ExcludeManagementEventSources only
// kms.amazonaws.com and rdsdata.amazonaws.com; DataResources types only
// AWS::S3::Object, AWS::Lambda::Function and AWS::DynamoDB::Table, with
// well-formed values and no wildcards; at most 250 values in all, the
// "all resources" forms (arn:aws:s3, arn:aws:lambda, arn:aws:dynamodb and
// their other-partition spellings) not counted.
func ValidateBasic(sels []Basic) error {
	var p problems
	validateBasic(&p, sels)
	return p.err()
}

func validateBasic(p *problems, sels []Basic) {
	const code = CodeInvalidEventSelectors
	if len(sels) < 1 || len(sels) > MaxBasic {
		p.add("EventSelectors", code,
			fmt.Sprintf("Specify a valid number of event selectors (1 to 5) for your trail, not %d.", len(sels)))
	}
	total := 0
	for i, s := range sels {
		path := "EventSelectors[" + strconv.Itoa(i) + "]"
		switch s.ReadWriteType {
		case "", ReadOnly, WriteOnly, All:
		default:
			p.add(path+".ReadWriteType", code,
				fmt.Sprintf("Value %s for ReadWriteType is invalid.", s.ReadWriteType))
		}
		if s.IncludeManagementEvents != nil && !*s.IncludeManagementEvents && len(s.DataResources) == 0 {
			// AWS's message (aws/aws-cdk#15488, #13966; CloudFormation
			// User Guide, AWS::CloudTrail::Trail EventSelector).
			p.add(path, code, "Invalid combination of parameters in EventSelectors. When includeManagementEvents is false, DataResources must not be empty")
		}
		for j, src := range s.ExcludeManagementEventSources {
			if src != KMSSource && src != RDSDataSource {
				p.add(path+".ExcludeManagementEventSources["+strconv.Itoa(j)+"]", code,
					fmt.Sprintf("Value %s for ExcludeManagementEventSources is invalid.", src))
			}
		}
		for j, dr := range s.DataResources {
			dpath := path + ".DataResources[" + strconv.Itoa(j) + "]"
			kind := dataKindOf(dr.Type)
			if kind == kindUnknown {
				p.add(dpath+".Type", code,
					fmt.Sprintf("Value %s for DataResources.Type is invalid.", dr.Type))
			}
			if len(dr.Values) == 0 {
				p.add(dpath+".Values", code, "Specify at least one value for DataResources.Values.")
			}
			for k, v := range dr.Values {
				all, ok := parseDataValue(kind, v)
				if !ok {
					if kind != kindUnknown {
						p.add(dpath+".Values["+strconv.Itoa(k)+"]", code,
							fmt.Sprintf("Value %s for DataResources.Values is invalid.", v))
					}
					continue
				}
				if !all {
					total++
				}
			}
		}
	}
	if total > MaxDataValues {
		// Message as AWS returns it (aws-solutions/aws-crr-monitor#7).
		p.add("EventSelectors", code,
			"Specify a valid number of DataResources.Values (0 to 250) for all your selectors")
	}
}

// dataKind is a basic data resource type.
type dataKind uint8

const (
	kindUnknown dataKind = iota
	kindS3
	kindLambda
	kindDynamoDB
)

func dataKindOf(typ string) dataKind {
	switch typ {
	case S3Object:
		return kindS3
	case LambdaFunction:
		return kindLambda
	case DynamoDBTable:
		return kindDynamoDB
	}
	return kindUnknown
}

func (k dataKind) service() string {
	switch k {
	case kindS3:
		return "s3"
	case kindLambda:
		return "lambda"
	case kindDynamoDB:
		return "dynamodb"
	}
	return ""
}

// parseDataValue checks a basic DataResources value of kind k (API
// DataResource.Values; CloudTrail guide, "Logging data events"). all
// reports the "all resources of the type" form arn:<partition>:<service>.
//
//   - S3: arn:<p>:s3 or arn:<p>:s3::: (every bucket; the CloudTrail User
//     Guide's put-event-selectors example TrailName2 and CDK's
//     logAllS3DataEvents write the latter, and get-event-selectors
//     returns it) or
//     arn:<p>:s3:::<bucket>/[<key prefix>]; a bucket ARN without the slash
//     is rejected.
//   - Lambda: arn:<p>:lambda or a function ARN
//     arn:<p>:lambda:<region>:<account>:function:<name>[:<qualifier>].
//   - DynamoDB: arn:<p>:dynamodb or a table ARN
//     arn:<p>:dynamodb:<region>:<account>:table/<name>.
//
// Wildcards are never accepted ("Value arn:aws:s3:::* for
// DataResources.Values is invalid.").
func parseDataValue(k dataKind, v string) (all, ok bool) {
	if k == kindUnknown || strings.ContainsRune(v, '*') || v == "" || utf8.RuneCountInString(v) > MaxValueLen {
		return false, false
	}
	svc := k.service()
	if p, found := strings.CutPrefix(v, "arn:"); found {
		if p, found = strings.CutSuffix(p, ":"+svc); found && validPartition(p) {
			return true, true
		}
		if k == kindS3 {
			if p, found = strings.CutSuffix(p, ":s3:::"); found && validPartition(p) {
				return true, true
			}
		}
	}
	a, err := arn.Parse(v)
	if err != nil || !validPartition(a.Partition) || a.Service != svc {
		return false, false
	}
	switch k {
	case kindS3:
		// "arn:aws:s3:::<bucket>/<prefix>"
		if a.Region != "" || a.Account != "" {
			return false, false
		}
		bucket, _, ok := strings.Cut(a.Resource, "/")
		return false, ok && bucket != "" && !strings.ContainsRune(bucket, ':')
	case kindLambda:
		// "arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]"
		fn, ok := strings.CutPrefix(a.Resource, "function:")
		if !ok || a.Region == "" || !arn.IsAccountID(a.Account) {
			return false, false
		}
		name, qualifier, hasQualifier := strings.Cut(fn, ":")
		return false, name != "" && (!hasQualifier || qualifier != "" && !strings.ContainsRune(qualifier, ':'))
	case kindDynamoDB:
		// "arn:aws:dynamodb:<region>:<account>:table/<name>"
		if a.Region == "" || !arn.IsAccountID(a.Account) || strings.ContainsRune(a.Resource, ':') {
			return false, false
		}
		name, ok := strings.CutPrefix(a.Resource, "table/")
		return false, ok && name != "" && !strings.ContainsRune(name, '/')
	}
	return false, false
}

// validPartition accepts "aws" and "aws-<suffix>" partition ids such as
// aws-cn, aws-us-gov and aws-iso-b.
func validPartition(p string) bool {
	if p == "aws" {
		return true
	}
	rest, ok := strings.CutPrefix(p, "aws-")
	if !ok || rest == "" || rest[0] == '-' || rest[len(rest)-1] == '-' {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !('a' <= c && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}

// ValidateAdvanced checks advanced event selectors written for t as
// PutEventSelectors (trails) or CreateEventDataStore (event data stores)
// does, and returns nil or an Errors holding every problem, each with code
// InvalidEventSelectorsException. The rules follow the API reference
// (AdvancedEventSelector, AdvancedFieldSelector; newer pages win over
// older ones):
//
//   - Name at most 1000 characters on one line; at least one field
//     selector.
//   - Field 1 to 1000 characters matching [\w|\d|\.|_]+ and a known field.
//   - Each field selector has at least one operator; each value is 1 to
//     2048 characters on one line (the patterns .+ and .* match no line
//     terminator); at most 500 values in all.
//   - eventCategory is required, exactly once, with Equals and one value:
//     Management, Data or NetworkActivity (trails); event data stores also
//     take Insight, ConfigurationItem, Evidence and ActivityAuditLog, which
//     allow no other field.
//   - Management: readOnly and eventSource; on trails eventSource only as
//     NotEquals kms.amazonaws.com / rdsdata.amazonaws.com; event data
//     stores also take eventName, eventType, sessionCredentialFromConsole
//     and userIdentity.arn with any operator.
//   - Data: resources.type is required, once, Equals with one value;
//     eventName, eventSource, eventType, readOnly, resources.ARN,
//     sessionCredentialFromConsole and userIdentity.arn are allowed, on
//     trails too (the newer API reference; in 2024 some were event data
//     store only).
//   - NetworkActivity: eventSource is required, Equals with one value;
//     eventName, errorCode (Equals VpceAccessDenied) and vpcEndpointId are
//     allowed, and userIdentity.arn on trails only.
//   - readOnly, eventCategory, resources.type and errorCode take Equals
//     only; sessionCredentialFromConsole Equals or NotEquals; readOnly and
//     sessionCredentialFromConsole the values "true" and "false".
//   - resources.ARN Equals and NotEquals values must be full ARNs.
//
// A resources.type, or a network activity eventSource, shaped right but
// missing from the documented tables is not an error here; Options
// reports it as a Warning, or under Options.Strict as this error.
func ValidateAdvanced(sels []Advanced, t Target) error {
	var p problems
	validateAdvanced(&p, sels, t)
	return p.err()
}

// The eventCategory values selectors take.
const (
	catManagement        = "Management"
	catData              = "Data"
	catNetworkActivity   = "NetworkActivity"
	catInsight           = "Insight"
	catConfigurationItem = "ConfigurationItem"
	catEvidence          = "Evidence"
	catActivityAuditLog  = "ActivityAuditLog"
)

func validateAdvanced(p *problems, sels []Advanced, t Target) {
	const code = CodeInvalidEventSelectors
	if t != TargetTrail && t != TargetEventDataStore {
		p.add("", code, fmt.Sprintf("unknown target %v", t))
		return
	}
	total := 0
	for i := range sels {
		s := &sels[i]
		path := "AdvancedEventSelectors[" + strconv.Itoa(i) + "]"
		if n := utf8.RuneCountInString(s.Name); n > MaxNameLen {
			p.add(path+".Name", code, fmt.Sprintf("Name is %d characters long; the maximum is %d.", n, MaxNameLen))
		} else if !singleLine(s.Name) {
			p.add(path+".Name", code, "Name must not contain a line break (pattern .*).")
		}
		if len(s.Fields) == 0 {
			p.add(path+".FieldSelectors", code, "Specify at least one field selector.")
			continue
		}
		// First pass: field names, operators, value lengths, and the
		// category.
		category := ""
		catCount := 0
		for j := range s.Fields {
			f := &s.Fields[j]
			fpath := path + ".FieldSelectors[" + strconv.Itoa(j) + "]"
			checkFieldName(p, fpath, f.Field)
			nops := 0
			for _, op := range operators() {
				vals := f.Values(op)
				if len(vals) > 0 {
					nops++
				}
				total += len(vals)
				for k, v := range vals {
					if n := utf8.RuneCountInString(v); n < 1 || n > MaxValueLen {
						p.add(fpath+"."+op.String()+"["+strconv.Itoa(k)+"]", code,
							fmt.Sprintf("Value must be 1 to %d characters long, not %d.", MaxValueLen, n))
					} else if !singleLine(v) {
						p.add(fpath+"."+op.String()+"["+strconv.Itoa(k)+"]", code,
							fmt.Sprintf("Value %q must not contain a line break (pattern .+).", v))
					}
				}
			}
			if nops == 0 {
				p.add(fpath, code, fmt.Sprintf("Field selector for %s has no operator; specify at least one of Equals, StartsWith, EndsWith, NotEquals, NotStartsWith or NotEndsWith.", f.Field))
			}
			if f.Field == FieldEventCategory {
				catCount++
				if catCount == 1 && len(f.Equals) == 1 {
					category = f.Equals[0]
				}
			}
		}
		if catCount == 0 {
			p.add(path+".FieldSelectors", code, "The eventCategory field is required; specify eventCategory Equals Management, Data or NetworkActivity.")
		}
		// Second pass: the rules of the category.
		rules, catOK := categoryRules(category, t)
		resTypes, sources := 0, 0
		for j := range s.Fields {
			f := &s.Fields[j]
			fpath := path + ".FieldSelectors[" + strconv.Itoa(j) + "]"
			id := lookupField(f.Field)
			if id == fUnknown {
				continue // reported by checkFieldName
			}
			switch id {
			case fEventCategory:
				if catCount > 1 {
					p.add(fpath+".Field", code, "Specify eventCategory only once per advanced event selector.")
					continue
				}
				onlyOps(p, fpath, f, Equals)
				if len(f.Equals) != 1 {
					if len(f.Equals) > 1 {
						p.add(fpath+".Equals", code, "eventCategory takes exactly one Equals value; use one advanced event selector per category.")
					}
					continue
				}
				if !catOK {
					p.add(fpath+".Equals[0]", code, fmt.Sprintf("Value %s for eventCategory is invalid for %s; use %s.", category, targetNoun(t), categoryList(t)))
				}
				continue
			case fResourcesType:
				resTypes++
			case fEventSource:
				sources++
			}
			if !catOK {
				continue // field rules depend on a valid category
			}
			if !rules.allows(id) {
				p.add(fpath+".Field", code, fmt.Sprintf("Field %s is not supported for %s events on %s%s.", f.Field, category, targetNoun(t), rules.hint()))
				continue
			}
			checkFieldValues(p, fpath, f, id, category, t)
			if id == fResourcesType && resTypes > 1 {
				p.add(fpath+".Field", code, "Specify resources.type only once per advanced event selector; use another selector for another resource type.")
			}
			if id == fEventSource && category == catNetworkActivity && sources > 1 {
				p.add(fpath+".Field", code, "Specify eventSource only once per network activity selector; use another selector for another event source.")
			}
		}
		if catOK {
			if category == catData && resTypes == 0 {
				p.add(path+".FieldSelectors", code, "The resources.type field is required for Data events; specify resources.type Equals a data resource type.")
			}
			if category == catNetworkActivity && sources == 0 {
				p.add(path+".FieldSelectors", code, "The eventSource field is required for NetworkActivity events; specify eventSource Equals the event source to log.")
			}
		}
	}
	if total > MaxAdvancedValues {
		p.add("AdvancedEventSelectors", code,
			fmt.Sprintf("Specify up to 500 values for all conditions in all advanced event selectors for %s; found %d.", targetSingular(t), total))
	}
}

func targetNoun(t Target) string {
	if t == TargetEventDataStore {
		return "event data stores"
	}
	return "trails"
}

func targetSingular(t Target) string {
	if t == TargetEventDataStore {
		return "an event data store"
	}
	return "a trail"
}

func categoryList(t Target) string {
	if t == TargetEventDataStore {
		return "Management, Data, NetworkActivity, Insight, ConfigurationItem, Evidence or ActivityAuditLog"
	}
	return "Management, Data or NetworkActivity"
}

// checkFieldName applies the AdvancedFieldSelector.Field constraints.
func checkFieldName(p *problems, fpath, name string) {
	const code = CodeInvalidEventSelectors
	n := utf8.RuneCountInString(name)
	switch {
	case n < 1 || n > MaxFieldLen:
		p.add(fpath+".Field", code, fmt.Sprintf("Field must be 1 to %d characters long, not %d.", MaxFieldLen, n))
	case !fieldPattern(name):
		p.add(fpath+".Field", code, fmt.Sprintf("Field %q does not match the pattern [\\w|\\d|\\.|_]+.", name))
	case lookupField(name) == fUnknown:
		p.add(fpath+".Field", code, fmt.Sprintf("Field %s is not a supported field; fields are case-sensitive (eventCategory, eventSource, eventName, eventType, readOnly, sessionCredentialFromConsole, userIdentity.arn, resources.type, resources.ARN, errorCode, vpcEndpointId).", name))
	}
}

// singleLine reports whether s holds no line terminator. The API
// reference gives AdvancedFieldSelector's operator values the pattern .+
// and AdvancedEventSelector.Name the pattern .*; in the regular
// expressions of AWS's service models "." matches any character but a
// line terminator (\n, \r, U+0085, U+2028, U+2029), so a value or name
// holding one does not match.
func singleLine(s string) bool {
	for _, r := range s {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			return false
		}
	}
	return true
}

// fieldPattern reports whether s matches [\w|\d|\.|_]+ in full (the
// class holds word characters, '.' and '|').
func fieldPattern(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c == '_' || c == '.' || c == '|') {
			return false
		}
	}
	return true
}

// fieldSet is a set of fieldIDs.
type fieldSet uint16

func setOf(ids ...fieldID) fieldSet {
	var s fieldSet
	for _, id := range ids {
		s |= 1 << id
	}
	return s
}

func (s fieldSet) allows(id fieldID) bool { return s&(1<<id) != 0 }

func (s fieldSet) hint() string {
	var names []string
	for id := fEventCategory; id <= fVPCEndpointID; id++ {
		if s.allows(id) {
			names = append(names, fieldName(id))
		}
	}
	return "; supported fields are " + strings.Join(names, ", ")
}

func fieldName(id fieldID) string {
	switch id {
	case fEventCategory:
		return FieldEventCategory
	case fEventSource:
		return FieldEventSource
	case fEventName:
		return FieldEventName
	case fEventType:
		return FieldEventType
	case fReadOnly:
		return FieldReadOnly
	case fSessionCredentialFromConsole:
		return FieldSessionCredentialFromConsole
	case fUserIdentityARN:
		return FieldUserIdentityARN
	case fResourcesType:
		return FieldResourcesType
	case fResourcesARN:
		return FieldResourcesARN
	case fErrorCode:
		return FieldErrorCode
	case fVPCEndpointID:
		return FieldVPCEndpointID
	}
	return ""
}

// categoryRules returns the fields a category allows on target t (API
// AdvancedFieldSelector, current page: "For CloudTrail data events,
// supported fields include ... eventType, ... sessionCredentialFromConsole,
// and userIdentity.arn"; "The following additional field is available for
// trails: userIdentity.arn" for network activity).
func categoryRules(category string, t Target) (fieldSet, bool) {
	switch category {
	case catManagement:
		if t == TargetEventDataStore {
			return setOf(fEventCategory, fEventSource, fReadOnly, fEventName, fEventType, fSessionCredentialFromConsole, fUserIdentityARN), true
		}
		return setOf(fEventCategory, fEventSource, fReadOnly), true
	case catData:
		return setOf(fEventCategory, fEventName, fEventSource, fEventType, fResourcesType, fReadOnly, fResourcesARN, fSessionCredentialFromConsole, fUserIdentityARN), true
	case catNetworkActivity:
		if t == TargetTrail {
			return setOf(fEventCategory, fEventSource, fEventName, fErrorCode, fVPCEndpointID, fUserIdentityARN), true
		}
		return setOf(fEventCategory, fEventSource, fEventName, fErrorCode, fVPCEndpointID), true
	case catInsight, catConfigurationItem, catEvidence, catActivityAuditLog:
		if t == TargetEventDataStore {
			return setOf(fEventCategory), true
		}
	}
	return 0, false
}

// onlyOps reports every operator of f not in allowed.
func onlyOps(p *problems, fpath string, f *Field, allowed ...Operator) {
	for _, op := range operators() {
		if len(f.Values(op)) == 0 {
			continue
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == op
		}
		if !ok {
			names := make([]string, len(allowed))
			for i, a := range allowed {
				names[i] = a.String()
			}
			p.add(fpath+"."+op.String(), CodeInvalidEventSelectors,
				fmt.Sprintf("Operator %s is not supported for field %s; use %s.", op, f.Field, strings.Join(names, " or ")))
		}
	}
}

// checkFieldValues applies the operator and value rules of one allowed
// field in a selector of the given category.
func checkFieldValues(p *problems, fpath string, f *Field, id fieldID, category string, t Target) {
	const code = CodeInvalidEventSelectors
	values := func(op Operator, ok func(string) bool, want string) {
		for k, v := range f.Values(op) {
			if !ok(v) {
				p.add(fpath+"."+op.String()+"["+strconv.Itoa(k)+"]", code,
					fmt.Sprintf("Value %s for %s is invalid; use %s.", v, f.Field, want))
			}
		}
	}
	boolValue := func(v string) bool { return v == "true" || v == "false" }
	switch id {
	case fReadOnly:
		onlyOps(p, fpath, f, Equals)
		values(Equals, boolValue, `"true" or "false"`)
	case fSessionCredentialFromConsole:
		onlyOps(p, fpath, f, Equals, NotEquals)
		values(Equals, boolValue, `"true" or "false"`)
		values(NotEquals, boolValue, `"true" or "false"`)
	case fErrorCode:
		onlyOps(p, fpath, f, Equals)
		values(Equals, func(v string) bool { return v == "VpceAccessDenied" }, "VpceAccessDenied")
	case fResourcesType:
		onlyOps(p, fpath, f, Equals)
		if len(f.Equals) > 1 {
			p.add(fpath+".Equals", code, "resources.type takes exactly one Equals value; use another selector for another resource type.")
		}
		values(Equals, validResourceType, "a resource type such as AWS::S3::Object")
		for k, v := range f.Equals {
			if validResourceType(v) && !isKnownResourceType(v) {
				p.unknown(fpath+".Equals["+strconv.Itoa(k)+"]", WarnUnknownResourceType, v, "resources.type",
					"the data resource types", NearestResourceType(v))
			}
		}
	case fResourcesARN:
		isARN := func(v string) bool { return strings.HasPrefix(v, "arn:") }
		values(Equals, isARN, "the full ARN of a resource of the selected resources.type")
		values(NotEquals, isARN, "the full ARN of a resource of the selected resources.type")
	case fEventSource:
		switch {
		case category == catManagement && t == TargetTrail:
			onlyOps(p, fpath, f, NotEquals)
			values(NotEquals, func(v string) bool { return v == KMSSource || v == RDSDataSource }, "kms.amazonaws.com or rdsdata.amazonaws.com")
		case category == catNetworkActivity:
			onlyOps(p, fpath, f, Equals)
			if len(f.Equals) > 1 {
				p.add(fpath+".Equals", code, "Network activity selectors take one event source; use another selector for another event source.")
			}
			for k, v := range f.Equals {
				if !isKnownNetworkEventSource(v) {
					p.unknown(fpath+".Equals["+strconv.Itoa(k)+"]", WarnUnknownNetworkEventSource, v, "eventSource",
						"the network activity event sources", NearestNetworkEventSource(v))
				}
			}
		}
	}
}

// validResourceType accepts names shaped AWS::<Service>::<Type>; the list
// of data resource types grows, so names are not checked against a list.
func validResourceType(v string) bool {
	rest, ok := strings.CutPrefix(v, "AWS::")
	if !ok {
		return false
	}
	svc, typ, ok := strings.Cut(rest, "::")
	return ok && svc != "" && typ != "" && fieldPattern(strings.ReplaceAll(typ, "::", "."))
}
