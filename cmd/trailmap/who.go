package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

const whoAbout = `
Who says, for each record, who made the call: the principal whose
permissions it used (the IAM user, the role behind a role session, the root
user, the federated user, the AWS service, the IAM Identity Center user), the
account, the role session name, whether MFA was used, the source IP address,
the external identity behind it (SAML, web identity, Identity Center,
GetFederationToken, sourceIdentity) and, when the records that created the
session are among the input, the chain of AssumeRole* and other STS calls
that led to it, nearest first.

With -format json or -json (the default when standard output is not a
terminal) it prints one JSON object per record per line:

	{"eventID":"…","eventTime":"2023-05-01T12:00:00Z","eventName":"DeleteBucket",
	 "account":"111122223333","principal":{"kind":"role","arn":"arn:aws:iam::…:role/Admin",
	 "name":"Admin","account":"111122223333"},"session":"alice","mfa":true,
	 "sourceIPAddress":"192.0.2.1","federation":{"method":"saml","provider":"…","subject":"…"},
	 "chain":[{"eventID":"…","eventName":"AssumeRole","eventTime":"…","by":"arn:aws:iam::…:user/Alice",
	 "issued":"arn:aws:sts::…:assumed-role/Admin/alice","sourceIPAddress":"…"}]}

principal.kind is root, user, role, federated-user, service, account,
anonymous, identity-center-user, saml-user, web-identity-user (the external
user of AssumeRoleWithSAML or AssumeRoleWithWebIdentity, named by its
userName) or unknown; principal.issuer is the IAM user
or root user behind a federated user; session is the role or federated user
session name; mfa is the session's mfaAuthenticated or, for a console
sign-in, additionalEventData.MFAUsed, and null when the record does not say;
invokedBy is the AWS service that made the call on the principal's behalf;
federation.method is saml, web-identity, identity-center, federation-token
or unknown (only a sourceIdentity), with identityStoreArn for Identity Center
and sourceIdentity when the session has one; chain entries may also carry
the session name they issued. session, sourceIPAddress, invokedBy,
federation and chain are left out when there are none.

An aggregated event (a five-minute summary of a trail's data events,
which has no eventTime and no userIdentity) has the start of its
window, timeWindow.windowStart, as eventTime, its eventId as eventID,
its accountId as account, and principal.kind unknown: the callers it
counts are in its summary, not one per record.

Records are printed in the order of the input (a bucket tree's objects
in key order). The input is read twice: once for the STS calls that
issued credentials, once to print; standard input is kept in a
temporary file for that. Between the two, who holds those calls (a few
strings each), not the records: its memory grows with the sessions
issued in the input, not with the number of records.`

const whoExample = `
# Who deleted this bucket?
trailmap who -event-name DeleteBucket ./bucket/AWSLogs
# From event history:
aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=DeleteBucket | trailmap who`

func runWho(e *env, args []string) int {
	f := newFlags("who", "who [-format json|table | -json] [-event-name NAME] [-account ID] [PATH ...]", whoAbout, whoExample)
	format := f.String("format", "", "output `format`: json or table (default: table on a terminal, json otherwise)")
	asJSON := f.Bool("json", false, "the same as -format json, as check and coverage spell it")
	eventName := f.String("event-name", "", "only records with this `name` (eventName; for Insights records the API they concern, or the name shown)")
	account := f.String("account", "", "only records of this `account` (the recipient account)")
	paths, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	if *asJSON {
		if *format != "" && *format != "json" {
			return f.usageError(e, "-json and -format %s: give one", *format)
		}
		*format = "json"
	}
	if *format == "" {
		*format = "json"
		if e.stdoutTTY {
			*format = "table"
		}
	}
	if *format != "json" && *format != "table" {
		return f.usageError(e, "-format %q: want json or table", *format)
	}
	if len(paths) == 0 && e.stdinTTY {
		return f.usageError(e, "no input: name files or directories, or pipe records into standard input")
	}
	srcs, readable := collect(e, "who", paths)
	srcs, cleanup, err := spoolStdin(e, srcs)
	defer cleanup()
	if err != nil {
		fmt.Fprintf(e.stderr, "trailmap who: keeping standard input: %v\n", err)
		return exitProblem
	}

	// First pass: the STS calls that issued credentials. Problems are
	// reported by the second pass only.
	var sessions event.Sessions
	quiet := *e
	quiet.stderr = io.Discard
	first := newReader(&quiet, "who", srcs)
	if !e.decodeAll {
		first.decodeOnly(whoIssuerMembers, whoIssuerWhole)
	}
	first.each(srcs, func(rec *event.Record) bool {
		sessions.Add(rec)
		return true
	})

	keep := func(rec *event.Record) bool {
		return (*eventName == "" || namedBy(rec, *eventName)) && (*account == "" || rec.Recipient() == *account)
	}
	r := newReader(e, "who", srcs)
	switch {
	case e.decodeAll:
	case *eventName != "":
		// Few records are printed (an -account of an organization's
		// bucket may print most, which whoMembers decodes for less
		// than whole): the others are decoded only as far as the
		// filters read them, and those printed whole.
		r.decodeOnly(whoFilterMembers, func(rec *event.Record) bool {
			return whoWhole(rec) || rec.Recipient() == "" || keep(rec)
		})
	default:
		r.decodeOnly(whoMembers, whoWhole)
	}
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	var tw *tabwriter.Writer
	if *format == "table" {
		tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "TIME\tEVENT\tACCOUNT\tPRINCIPAL\tSESSION\tMFA\tSOURCE IP\tVIA")
	}
	n, rows := 0, 0
	var line []byte
	r.each(srcs, func(rec *event.Record) bool {
		if !keep(rec) {
			return true
		}
		n++
		a := answer(rec, &sessions)
		if tw != nil {
			rows++
			if rows%tableBlock == 0 {
				tw.Flush()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", dash(a.EventTime), dash(cell(a.EventName)), dash(a.Account),
				dash(cell(a.principalText())), dash(cell(a.Session)), mfaText(a.MFA), dash(cell(a.SourceIP)), dash(cell(a.via())))
			return true
		}
		line = a.appendJSON(line[:0])
		_, err := w.Write(line)
		return err == nil
	})
	if tw != nil {
		tw.Flush()
	}
	err = w.Flush()
	fmt.Fprintf(e.stderr, "trailmap who: %d %s, %d unreadable, %d STS %s issuing credentials\n",
		n, plural(n, "record", "records"), r.bad, sessions.Len(), plural(sessions.Len(), "call", "calls"))
	if err != nil {
		fmt.Fprintf(e.stderr, "trailmap who: writing the output: %v\n", err)
		return exitProblem
	}
	if !readable || r.failed() {
		return exitProblem
	}
	return exitOK
}

// whoIssuerMembers are the members who's first pass decodes of every
// record: event.Sessions.Add takes only records of AWS STS
// (eventSource sts.amazonaws.com), which whoIssuerWhole has decoded
// whole.
var whoIssuerMembers = []string{"eventSource"}

// whoIssuerWhole reports the records of whoIssuerMembers to decode whole:
// the calls to AWS STS, among which the calls that issue credentials.
func whoIssuerWhole(rec *event.Record) bool {
	return rec.EventSource == "sts.amazonaws.com"
}

// whoMembers are the members of a record who reads to print it, for
// event.DecodeOnly: eventID, eventTime and sourceIPAddress; the
// identity, and from it the principal, session, MFA, federation and the
// chain (userIdentity); the recipient account (event.Record.Recipient:
// recipientAccountId, vpcEndpointAccountId, userIdentity.accountId); and
// the name (event.Record.Title, and event.Record.InsightAPI for
// -event-name) and the category these read (event.Record.Category:
// eventName, eventSource, eventType, eventCategory, insightDetails,
// managementEvent). The records whose name, ID or account are members
// event.Record does not model, and console sign-ins, whose MFA is in
// additionalEventData, whoWhole reports.
var whoMembers = []string{
	"eventID", "eventTime", "sourceIPAddress", "userIdentity",
	"recipientAccountId", "vpcEndpointAccountId",
	"eventName", "eventSource", "eventType", "eventCategory", "insightDetails", "managementEvent",
}

// whoFilterMembers are the members who's filters read (-event-name:
// event.Record.Title and InsightAPI; -account: event.Record.Recipient),
// for event.DecodeOnly: the name and the category (eventName,
// eventSource, eventType, eventCategory, insightDetails,
// managementEvent) and the account (recipientAccountId,
// vpcEndpointAccountId). The records that name their account only in
// userIdentity, those of whoWhole, and those the filters select are
// decoded whole.
var whoFilterMembers = []string{
	"recipientAccountId", "vpcEndpointAccountId",
	"eventName", "eventSource", "eventType", "eventCategory", "insightDetails", "managementEvent",
}

// whoWhole reports whether rec, of which only whoMembers were decoded,
// must be decoded whole for who to print it: an aggregated event
// (eventId, accountId and the summary its name comes from are not
// modelled), an event data store's Insights record (its insight* members
// name it) and a console sign-in (additionalEventData.MFAUsed).
func whoWhole(rec *event.Record) bool {
	if rec.IsAggregated() || rec.EventName == "ConsoleLogin" {
		return true
	}
	c, _ := rec.Category()
	return c == event.CategoryInsight && rec.InsightDetails == nil
}

// spoolStdin copies standard input, when it is a source, into a temporary
// file so that it can be read twice.
func spoolStdin(e *env, srcs []source) ([]source, func(), error) {
	for _, s := range srcs {
		if s.path == "" {
			f, err := os.CreateTemp("", "trailmap-stdin-*")
			if err != nil {
				return srcs, func() {}, err
			}
			cleanup := func() { f.Close(); os.Remove(f.Name()) }
			n, err := io.Copy(f, e.stdin)
			if err != nil {
				return srcs, cleanup, err
			}
			out := make([]source, len(srcs))
			for i, s := range srcs {
				if s.path == "" {
					s.path, s.size = f.Name(), n
				}
				out[i] = s
			}
			return out, cleanup, nil
		}
	}
	return srcs, func() {}, nil
}

// whoAnswer is the -format json line of one record.
type whoAnswer struct {
	EventID    string          `json:"eventID"`
	EventTime  string          `json:"eventTime"`
	EventName  string          `json:"eventName"`
	Account    string          `json:"account"`
	Principal  whoPrincipal    `json:"principal"`
	Session    string          `json:"session,omitempty"`
	MFA        *bool           `json:"mfa"`
	SourceIP   string          `json:"sourceIPAddress,omitempty"`
	Service    string          `json:"invokedBy,omitempty"`
	Federation *whoFederation  `json:"federation,omitempty"`
	Chain      []whoChainEntry `json:"chain,omitempty"`
}

// appendJSON appends a's JSON line, newline included, to dst: what
// encoding/json writes of whoAnswer with HTML characters left as they are
// (TestWhoAppendJSON), without its reflection.
func (a *whoAnswer) appendJSON(dst []byte) []byte {
	dst = jsonwire.AppendStringMember(append(dst, '{'), "eventID", a.EventID)
	dst = jsonwire.AppendStringMember(dst, "eventTime", a.EventTime)
	dst = jsonwire.AppendStringMember(dst, "eventName", a.EventName)
	dst = jsonwire.AppendStringMember(dst, "account", a.Account)
	p := &a.Principal
	dst = jsonwire.AppendStringMember(append(jsonwire.AppendMember(dst, "principal"), '{'), "kind", p.Kind)
	dst = appendNonEmpty(dst, "arn", p.ARN)
	dst = appendNonEmpty(dst, "name", p.Name)
	dst = appendNonEmpty(dst, "account", p.Account)
	dst = appendNonEmpty(append(appendNonEmpty(dst, "issuer", p.Issuer), '}'), "session", a.Session)
	dst = jsonwire.AppendMember(dst, "mfa")
	switch {
	case a.MFA == nil:
		dst = append(dst, "null"...)
	case *a.MFA:
		dst = append(dst, "true"...)
	default:
		dst = append(dst, "false"...)
	}
	dst = appendNonEmpty(dst, "sourceIPAddress", a.SourceIP)
	dst = appendNonEmpty(dst, "invokedBy", a.Service)
	if f := a.Federation; f != nil {
		dst = jsonwire.AppendStringMember(append(jsonwire.AppendMember(dst, "federation"), '{'), "method", f.Method)
		dst = appendNonEmpty(dst, "provider", f.Provider)
		dst = appendNonEmpty(dst, "subject", f.Subject)
		dst = appendNonEmpty(dst, "identityStoreArn", f.IdentityStore)
		dst = append(appendNonEmpty(dst, "sourceIdentity", f.SourceIdentity), '}')
	}
	if len(a.Chain) > 0 {
		dst = append(jsonwire.AppendMember(dst, "chain"), '[')
		for i := range a.Chain {
			c := &a.Chain[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonwire.AppendStringMember(append(dst, '{'), "eventID", c.EventID)
			dst = jsonwire.AppendStringMember(dst, "eventName", c.EventName)
			dst = appendNonEmpty(dst, "eventTime", c.EventTime)
			dst = jsonwire.AppendStringMember(dst, "by", c.By)
			dst = appendNonEmpty(dst, "issued", c.Issued)
			dst = appendNonEmpty(dst, "session", c.Session)
			dst = append(appendNonEmpty(dst, "sourceIPAddress", c.SourceIP), '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}', '\n')
}

// appendNonEmpty appends the member key when v is not empty, as
// encoding/json writes a string field tagged omitempty.
func appendNonEmpty(dst []byte, key, v string) []byte {
	if v == "" {
		return dst
	}
	return jsonwire.AppendStringMember(dst, key, v)
}

type whoPrincipal struct {
	Kind    string `json:"kind"`
	ARN     string `json:"arn,omitempty"`
	Name    string `json:"name,omitempty"`
	Account string `json:"account,omitempty"`
	Issuer  string `json:"issuer,omitempty"`
}

type whoFederation struct {
	Method         string `json:"method"`
	Provider       string `json:"provider,omitempty"`
	Subject        string `json:"subject,omitempty"`
	IdentityStore  string `json:"identityStoreArn,omitempty"`
	SourceIdentity string `json:"sourceIdentity,omitempty"`
}

type whoChainEntry struct {
	EventID   string `json:"eventID"`
	EventName string `json:"eventName"`
	EventTime string `json:"eventTime,omitempty"`
	By        string `json:"by"`
	Issued    string `json:"issued,omitempty"`
	Session   string `json:"session,omitempty"`
	SourceIP  string `json:"sourceIPAddress,omitempty"`
}

// answer asks the record's identity and the sessions who made the call.
func answer(rec *event.Record, s *event.Sessions) whoAnswer {
	if s == nil {
		s = &event.Sessions{}
	}
	a := whoAnswer{EventID: rec.ID(), EventName: rec.Title(), Account: rec.Recipient(), SourceIP: rec.SourceIPAddress}
	if !rec.EventTime.IsZero() {
		a.EventTime = rec.EventTime.UTC().Format(time.RFC3339)
	} else if t, ok := windowStart(rec); ok {
		a.EventTime = t.Format(time.RFC3339)
	}
	u := rec.UserIdentity
	p, _ := u.Principal()
	a.Principal = whoPrincipal{Kind: p.Kind.String(), ARN: p.ARN, Name: p.Name, Account: p.AccountID, Issuer: p.IssuerARN}
	if u == nil {
		return a
	}
	if name, ok := u.SessionName(); ok {
		a.Session = name
	}
	if used, known := u.MFA(); known {
		a.MFA = &used
	} else if used, known := consoleMFA(rec); known {
		a.MFA = &used
	}
	if name, ok := u.Service(); ok {
		a.Service = name
	}
	if fed, ok := u.Federation(); ok {
		a.Federation = &whoFederation{Method: fed.Method.String(), Provider: fed.Provider, Subject: fed.Subject,
			IdentityStore: fed.IdentityStoreARN, SourceIdentity: fed.SourceIdentity}
	}
	// A role session made with trusted identity propagation names the
	// Identity Center user it acts for in onBehalfOf (CloudTrail User
	// Guide, "CloudTrail userIdentity element").
	if o := u.OnBehalfOf; o != nil && o.UserID != "" && (a.Federation == nil || a.Federation.Method == identity.MethodUnknown.String()) {
		src := ""
		if a.Federation != nil {
			src = a.Federation.SourceIdentity
		}
		a.Federation = &whoFederation{Method: identity.MethodIdentityCenter.String(), Subject: o.UserID,
			IdentityStore: o.IdentityStoreARN, SourceIdentity: src}
	}
	for _, is := range s.Chain(rec) {
		c := whoChainEntry{EventID: is.EventID, EventName: is.EventName, By: is.CallerARN, Issued: is.Issued,
			Session: is.SessionName, SourceIP: is.SourceIPAddress}
		switch {
		case c.By != "":
		case is.CallerName != "":
			c.By = is.CallerName
		case is.CallerAccount != "":
			c.By = "account " + is.CallerAccount
		}
		if !is.EventTime.IsZero() {
			c.EventTime = is.EventTime.UTC().Format(time.RFC3339)
		}
		a.Chain = append(a.Chain, c)
	}
	return a
}

// windowStart returns the start of an aggregated event's time window
// (timeWindow.windowStart, inclusive: CloudTrail User Guide, "CloudTrail
// record contents for aggregated events"), the earliest time of the calls
// it summarises, for a record without eventTime; ok is false for other
// records and a window whose start is not a time.
func windowStart(rec *event.Record) (t time.Time, ok bool) {
	if !rec.IsAggregated() {
		return time.Time{}, false
	}
	raw, found := rec.Member("timeWindow")
	var w event.TimeWindow
	if !found || json.Unmarshal(raw, &w) != nil {
		return time.Time{}, false
	}
	t, err := w.Start()
	return t, err == nil
}

// consoleMFA reads whether a console sign-in used MFA: a ConsoleLogin
// record says so in additionalEventData.MFAUsed ("Yes" or "No"), not in
// the identity's sessionContext (CloudTrail User Guide, "AWS Management
// Console sign-in events").
func consoleMFA(rec *event.Record) (used, known bool) {
	if rec.EventName != "ConsoleLogin" || len(rec.AdditionalEventData) == 0 {
		return false, false
	}
	var d struct{ MFAUsed *string }
	if json.Unmarshal(rec.AdditionalEventData, &d) != nil || d.MFAUsed == nil {
		return false, false
	}
	switch *d.MFAUsed {
	case "Yes":
		return true, true
	case "No":
		return false, true
	}
	return false, false
}

// principalText is the principal as a table cell: its ARN, else its kind
// and name.
func (a *whoAnswer) principalText() string {
	p := a.Principal
	switch {
	case p.ARN != "":
		return p.ARN
	case p.Name != "":
		return p.Kind + " " + p.Name
	case p.Account != "":
		return p.Kind + " " + p.Account
	case p.Kind == identity.KindUnknown.String():
		return ""
	}
	return p.Kind
}

// via is the table cell of the federation and the chain: the first
// caller of the chain and the external identity.
func (a *whoAnswer) via() string {
	var parts []string
	if f := a.Federation; f != nil {
		s := f.Method
		if f.Subject != "" {
			s += " " + f.Subject
		}
		if f.Provider != "" {
			s += " (" + f.Provider + ")"
		}
		if f.SourceIdentity != "" && f.Method == identity.MethodUnknown.String() {
			s = "sourceIdentity " + f.SourceIdentity
		}
		parts = append(parts, s)
	}
	if n := len(a.Chain); n > 0 {
		first := a.Chain[n-1]
		parts = append(parts, fmt.Sprintf("%s by %s", first.EventName, first.By))
		if n > 1 {
			parts[len(parts)-1] += fmt.Sprintf(" (+%d)", n-1)
		}
	}
	return strings.Join(parts, "; ")
}

func mfaText(b *bool) string {
	switch {
	case b == nil:
		return "-"
	case *b:
		return "yes"
	}
	return "no"
}
