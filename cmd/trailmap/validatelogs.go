package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/trail/integrity"
)

const validateLogsUsage = `Usage: trailmap validate-logs -trail-arn ARN -start-time T [-end-time T] -root DIR -public-keys FILE [flags]

Validates CloudTrail log file integrity offline, as "aws cloudtrail validate-logs" does
online: the chain of digest files newest to oldest (standard, then backfill), each
digest's signature, and the SHA-256 of every log file a valid digest lists.

DIR holds a bucket's objects as "aws s3 sync s3://BUCKET DIR" writes them; other
buckets digests link to (after the trail changed buckets) or list log files in are
read from directories named after them beside DIR, or as -bucket NAME=DIR. A digest's
S3 metadata is read from "<digest file>.metadata.json" beside it (the output of
"aws s3api head-object"); without it, the signature is the next newer digest's
previousDigestSignature. FILE is the output of "aws cloudtrail list-public-keys" for
the Region validated; give -public-keys REGION=FILE once per Region with -all-regions.

Text output is the AWS CLI's, line for line: failures on standard error, valid
files (with -verbose) and the summary on standard output. With -beyond-cli, what
the CLI does not check is reported too, marked as such: a second consecutive
missing digest file, and broken previousDigestSignature or previousDigestHashValue
links.

-json prints one object per file,
  {"kind":"digest|backfill digest|log","bucket":…,"key":…,"valid":bool,"reason":…,
   "status":"valid|INVALID|missing","code":…,"account":…,"region":…,"beyondCLI":bool,"estimated":bool}
and then one {"summary":{…}} object per account and Region, with the counts, the
found range and the gaps.

Exit status: 0 every file valid (gaps are not failures); 1 a file invalid or
missing; 2 usage or configuration errors (no public keys, a bucket not available).

Flags (-flag or --flag):
`

const validateLogsExample = `
Example:
	# A bucket synced with aws s3 sync s3://amzn-s3-demo-bucket ./amzn-s3-demo-bucket,
	# the keys with aws cloudtrail list-public-keys --start-time 2023-05-01 > keys.json:
	trailmap validate-logs -trail-arn arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit \
	    -account-id 111122223333 -start-time 2023-05-01T00:00:00Z -root ./amzn-s3-demo-bucket -public-keys keys.json -verbose
`

// validateLogsFlags are the flags of validate-logs.
type validateLogsFlags struct {
	trailARN, start, end, root           string
	account, region, bucket, prefix, org string
	keys                                 multiFlag
	buckets                              multiFlag
	verbose, json, allRegions, allAccts  bool
	cliOnly, beyondCLI                   bool
	workers                              int
}

// multiFlag is a flag that may be given more than once.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// bucketNamePattern matches S3 bucket names (Amazon S3 User Guide,
// "General purpose bucket naming rules").
// It is compiled on first use, as trailARNPattern is, so that the other
// commands do not compile it at start-up.
var bucketNamePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
})

// trailARNPattern is the AWS CLI's check of --trail-arn (matched at the
// start only, as Python's re.match does).
var trailARNPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^arn:.+:cloudtrail:.+:\d{12}:trail/.+`)
})

func runValidateLogs(e *env, args []string) int {
	var f validateLogsFlags
	fs := flag.NewFlagSet("validate-logs", flag.ContinueOnError)
	// The flag package would print the usage itself on -h and on an
	// error; the help goes to standard output once, and an error is one
	// line, as for the other subcommands.
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.trailARN, "trail-arn", "", "`ARN` of the trail (required)")
	fs.StringVar(&f.start, "start-time", "", "validate log files delivered from this UTC `time` on (required)")
	fs.StringVar(&f.end, "end-time", "", "validate log files delivered up to this UTC `time` (default now)")
	fs.StringVar(&f.root, "root", "", "`DIR` holding the bucket's objects (required)")
	fs.Var(&f.keys, "public-keys", "list-public-keys output `FILE`, or REGION=FILE (required; repeatable)")
	fs.StringVar(&f.account, "account-id", "", "account `ID` whose digests to validate (default the trail's; required for an organization trail, as by the AWS CLI)")
	fs.StringVar(&f.region, "region", "", "`Region` whose digests to validate (default the trail's home Region)")
	fs.StringVar(&f.bucket, "s3-bucket", "", "the bucket's `name` (default the last element of -root)")
	fs.StringVar(&f.prefix, "s3-prefix", "", "the trail's S3 key `prefix`")
	fs.StringVar(&f.org, "organization-id", "", "organization `ID` of an organization trail (default: found in the tree)")
	fs.Var(&f.buckets, "bucket", "another bucket digests link to or list log files in, as `NAME=DIR` (repeatable)")
	fs.BoolVar(&f.verbose, "verbose", false, "also print the valid files")
	fs.BoolVar(&f.json, "json", false, "print JSON objects instead of the CLI's text")
	fs.BoolVar(&f.allRegions, "all-regions", false, "validate every Region found in the tree")
	fs.BoolVar(&f.allAccts, "all-accounts", false, "validate every account found in the tree")
	fs.BoolVar(&f.beyondCLI, "beyond-cli", false, "also report what the AWS CLI does not check (consecutive missing digests, previous-digest links)")
	fs.BoolVar(&f.cliOnly, "cli-only", false, "report only what the AWS CLI reports (the default; overrides -beyond-cli)")
	fs.IntVar(&f.workers, "workers", 0, "log files hashed at once (default the number of CPUs)")
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, validateLogsUsage)
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
			fmt.Fprint(e.stdout, validateLogsExample)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "trailmap validate-logs: %v\nRun 'trailmap validate-logs -h' for usage.\n", err)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "validate-logs: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	// A flag given empty is given: the AWS CLI then fails parsing it
	// ("Unable to parse date value: ", "Invalid trail ARN provided: ").
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	var missing []string
	for _, name := range [...]string{"trail-arn", "start-time", "root", "public-keys"} {
		if !given[name] {
			missing = append(missing, "-"+name)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(e.stderr, "validate-logs: the following flags are required: %s\n", strings.Join(missing, ", "))
		return exitUsage
	}
	fail := func(msg string) int {
		// The AWS CLI writes an error as a blank line and the message.
		fmt.Fprintf(e.stderr, "\n%s\n", msg)
		return exitUsage
	}
	start, err := integrity.ParseTime(f.start)
	if err != nil {
		return fail(err.Error())
	}
	end := e.now().UTC()
	if f.end != "" {
		if end, err = integrity.ParseTime(f.end); err != nil {
			return fail(err.Error())
		}
	}
	if start.After(end) {
		return fail("Invalid time range specified: start-time must occur before end-time")
	}
	a, err := arn.Parse(f.trailARN)
	if err != nil || !trailARNPattern().MatchString(f.trailARN) {
		return fail("Invalid trail ARN provided: " + f.trailARN)
	}
	homeRegion, arnAccount := a.Region, a.Account
	trailName := f.trailARN[strings.LastIndexByte(f.trailARN, '/')+1:]
	account := f.account
	if account == "" {
		account = arnAccount
	}
	region := f.region
	if region == "" {
		region = homeRegion
	}
	bucketName := f.bucket
	if bucketName == "" {
		bucketName = filepath.Base(filepath.Clean(f.root))
	}
	if st, err := os.Stat(f.root); err != nil || !st.IsDir() {
		fmt.Fprintf(e.stderr, "validate-logs: -root %s: not a directory\n", f.root)
		return exitUsage
	}
	main := integrity.NewFS(os.DirFS(f.root))
	store := integrity.Store{bucketName: main}
	// Other buckets (a trail that changed buckets, log files elsewhere):
	// directories named after them beside DIR, as aws s3 sync of each
	// bucket into one folder leaves them, unless -bucket says otherwise.
	parent := filepath.Dir(filepath.Clean(f.root))
	if ents, err := os.ReadDir(parent); err == nil {
		for _, ent := range ents {
			if name := ent.Name(); ent.IsDir() && name != bucketName && bucketNamePattern().MatchString(name) {
				store[name] = integrity.NewFS(os.DirFS(filepath.Join(parent, name)))
			}
		}
	}
	for _, b := range f.buckets {
		name, dir, ok := strings.Cut(b, "=")
		if !ok || name == "" || dir == "" {
			fmt.Fprintf(e.stderr, "validate-logs: -bucket %q: want NAME=DIR\n", b)
			return exitUsage
		}
		store[name] = integrity.NewFS(os.DirFS(dir))
	}
	keysFor, err := loadKeys(f.keys)
	if err != nil {
		fmt.Fprintf(e.stderr, "validate-logs: %v\n", err)
		return exitUsage
	}

	// The chains: the one named, or every one found.
	found, err := integrity.Discover(e.ctx, main, bucketName, f.prefix, trailName, homeRegion)
	if err != nil {
		fmt.Fprintf(e.stderr, "validate-logs: %v\n", err)
		return exitUsage
	}
	var chains []integrity.Chain
	for _, c := range found {
		if (f.org == "" || c.OrgID == f.org) && (f.allAccts || c.Account == account) && (f.allRegions || c.Region == region) {
			chains = append(chains, c)
		}
	}
	chains = preferOrg(chains)
	// The AWS CLI asks for the member account of an organization trail
	// (create_digest_traverser, from DescribeTrails' IsOrganizationTrail):
	// offline a trail is one when its digest files are under an
	// organization's folder, or -organization-id names one.
	if f.account == "" && !f.allAccts {
		org := f.org != ""
		for _, c := range found {
			org = org || c.OrgID != ""
		}
		if org {
			return fail("Missing required parameter for organization trail: '--account-id'")
		}
	}
	if len(chains) == 0 && !f.allAccts && !f.allRegions {
		chains = []integrity.Chain{{Bucket: bucketName, Prefix: f.prefix, OrgID: f.org, Account: account,
			Region: region, TrailName: trailName, HomeRegion: homeRegion}}
	}

	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	multi := f.allAccts || f.allRegions
	code := exitOK
	for i, c := range chains {
		keys, ok := keysFor(c.Region)
		if !ok {
			out.Flush()
			fmt.Fprintf(e.stderr, "validate-logs: no -public-keys for Region %s\n", c.Region)
			code = exitUsage
			continue
		}
		cfg := &integrity.Config{Store: store, Keys: keys, Start: start, End: end, CLIOnly: f.cliOnly || !f.beyondCLI, Workers: f.workers}
		p := &printer{out: out, errw: e.stderr, verbose: f.verbose, json: f.json, arn: f.trailARN, chain: c, multi: multi,
			sum: integrity.Summary{Start: start, End: end}}
		if multi && i > 0 && !f.json {
			fmt.Fprintln(out)
		}
		if c := p.run(e, cfg); c > code {
			code = c
		}
	}
	return code
}

// preferOrg keeps, for an account and Region found both under AWSLogs/
// and under an organization's folder, the organization's chain: a trail
// made an organization trail delivers there from then on.
func preferOrg(chains []integrity.Chain) []integrity.Chain {
	org := map[[2]string]bool{}
	for _, c := range chains {
		if c.OrgID != "" {
			org[[2]string{c.Account, c.Region}] = true
		}
	}
	var out []integrity.Chain
	for _, c := range chains {
		if c.OrgID == "" && org[[2]string{c.Account, c.Region}] {
			continue
		}
		out = append(out, c)
	}
	return out
}

// loadKeys reads the -public-keys files and returns the keys for a
// Region: those given for it, and those given without a Region.
func loadKeys(specs []string) (func(region string) (integrity.Keys, bool), error) {
	byRegion := map[string]integrity.Keys{}
	var all integrity.Keys
	anyAll := false
	for _, spec := range specs {
		region, file := "", spec
		if r, f, ok := strings.Cut(spec, "="); ok && !strings.ContainsAny(r, `/\`) {
			region, file = r, f
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		ks, err := integrity.ParsePublicKeys(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if region == "" {
			all = append(all, ks...)
			anyAll = true
		} else {
			byRegion[region] = append(byRegion[region], ks...)
		}
	}
	return func(region string) (integrity.Keys, bool) {
		ks, ok := byRegion[region]
		if !ok && !anyAll {
			return nil, false
		}
		return append(append(integrity.Keys(nil), ks...), all...), true
	}, nil
}

// printer writes one chain's results as the AWS CLI does, or as JSON.
type printer struct {
	out                  *bufio.Writer
	errw                 io.Writer
	verbose, json, multi bool
	arn                  string
	chain                integrity.Chain
	sum                  integrity.Summary
	lastDouble           bool // _is_last_status_double_space
}

func (p *printer) run(e *env, cfg *integrity.Config) int {
	p.lastDouble = true
	if !p.json {
		fmt.Fprintf(p.out, "Validating log files for trail %s between %s and %s", p.arn,
			cfg.Start.Format(integrity.DisplayTime), cfg.End.Format(integrity.DisplayTime))
		if p.multi {
			fmt.Fprintf(p.out, " (account %s, Region %s)", p.chain.Account, p.chain.Region)
		}
		fmt.Fprint(p.out, "\n\n")
	}
	for r, err := range integrity.Validate(e.ctx, cfg, p.chain) {
		if err != nil {
			p.out.Flush()
			fmt.Fprintf(p.errw, "\n%s\n", err)
			return exitUsage
		}
		p.sum.Add(r)
		if p.json {
			p.writeJSON(r)
			continue
		}
		if r.Status == integrity.Valid {
			if p.verbose {
				p.lastDouble = false
				fmt.Fprintf(p.out, "%s\n", r.Line())
			}
			continue
		}
		p.out.Flush() // keep the two streams in order on a terminal
		if p.lastDouble {
			fmt.Fprintf(p.errw, "%s\n\n", r.Line())
		} else {
			fmt.Fprintf(p.errw, "\n%s\n\n", r.Line())
		}
		p.lastDouble = true
	}
	if p.json {
		p.writeSummaryJSON()
	} else {
		p.writeSummary()
	}
	if !p.sum.OK() {
		return exitProblem
	}
	return exitOK
}

func (p *printer) writeSummary() {
	s := &p.sum
	if !p.lastDouble {
		p.out.WriteString("\n")
	}
	fmt.Fprintf(p.out, "Results requested for %s to %s\n", s.Start.Format(integrity.DisplayTime), s.End.Format(integrity.DisplayTime))
	if s.Digest.Total()+s.Backfill.Total() == 0 {
		p.out.WriteString("No digests found\n")
		return
	}
	if s.FoundStart.IsZero() || s.FoundEnd.IsZero() {
		p.out.WriteString("No valid digests found in range\n")
	} else {
		fmt.Fprintf(p.out, "Results found for %s to %s:\n", s.FoundStart.Format(integrity.DisplayTime), s.FoundEnd.Format(integrity.DisplayTime))
	}
	ratio := func(c integrity.Counts, name string) {
		if c.Total() == 0 {
			return
		}
		fmt.Fprintf(p.out, "\n%d/%d %s files valid", c.Valid, c.Total(), name)
		if c.Invalid > 0 {
			fmt.Fprintf(p.out, ", %d/%d %s files INVALID", c.Invalid, c.Total(), name)
		}
	}
	ratio(s.Digest, "digest")
	ratio(s.Backfill, "backfill digest")
	ratio(s.Log, "log")
	if s.Beyond > 0 {
		fmt.Fprintf(p.out, "\n%d digest chain links INVALID (not checked by the AWS CLI)", s.Beyond)
	}
	p.out.WriteString("\n")
}

// fileJSON is the -json object of one file.
type fileJSON struct {
	Kind      string `json:"kind"`
	Bucket    string `json:"bucket"`
	Key       string `json:"key"`
	Valid     bool   `json:"valid"`
	Reason    string `json:"reason"`
	Status    string `json:"status"`
	Code      string `json:"code,omitempty"`
	Account   string `json:"account"`
	Region    string `json:"region"`
	BeyondCLI bool   `json:"beyondCLI,omitempty"`
	Estimated bool   `json:"estimated,omitempty"`
}

func (p *printer) writeJSON(r integrity.Result) {
	if r.Status == integrity.Gap {
		return // in the summary
	}
	v := fileJSON{Kind: r.Kind.String(), Bucket: r.Bucket, Key: r.Key, Valid: r.Status == integrity.Valid,
		Reason: r.Message, Status: r.Status.String(), Account: r.Chain.Account, Region: r.Chain.Region,
		BeyondCLI: r.BeyondCLI, Estimated: r.Estimated}
	if r.Reason != integrity.ReasonNone {
		v.Code = r.Reason.String()
	}
	b, _ := json.Marshal(v)
	p.out.Write(append(b, '\n'))
}

type countsJSON struct {
	Valid   int `json:"valid"`
	Invalid int `json:"invalid"`
}

type gapJSON struct {
	Backfill bool   `json:"backfill"`
	From     string `json:"from"`
	To       string `json:"to"`
	Key      string `json:"key"`
}

func (p *printer) writeSummaryJSON() {
	s := &p.sum
	type summary struct {
		TrailARN       string     `json:"trailARN"`
		Account        string     `json:"account"`
		Region         string     `json:"region"`
		OrganizationID string     `json:"organizationId,omitempty"`
		RequestedStart string     `json:"requestedStart"`
		RequestedEnd   string     `json:"requestedEnd"`
		FoundStart     *string    `json:"foundStart"`
		FoundEnd       *string    `json:"foundEnd"`
		Digest         countsJSON `json:"digest"`
		BackfillDigest countsJSON `json:"backfillDigest"`
		Log            countsJSON `json:"log"`
		BeyondCLI      int        `json:"beyondCLI"`
		Gaps           []gapJSON  `json:"gaps"`
		Valid          bool       `json:"valid"`
	}
	v := summary{TrailARN: p.arn, Account: p.chain.Account, Region: p.chain.Region, OrganizationID: p.chain.OrgID,
		RequestedStart: s.Start.Format(integrity.DisplayTime), RequestedEnd: s.End.Format(integrity.DisplayTime),
		Digest: countsJSON(s.Digest), BackfillDigest: countsJSON(s.Backfill), Log: countsJSON(s.Log),
		BeyondCLI: s.Beyond, Gaps: []gapJSON{}, Valid: s.OK()}
	if !s.FoundStart.IsZero() {
		a, b := s.FoundStart.Format(integrity.DisplayTime), s.FoundEnd.Format(integrity.DisplayTime)
		v.FoundStart, v.FoundEnd = &a, &b
	}
	for _, g := range s.Gaps {
		v.Gaps = append(v.Gaps, gapJSON{Backfill: g.Kind == integrity.KindBackfillDigest,
			From: g.From.UTC().Format(integrity.DisplayTime), To: g.To.UTC().Format(integrity.DisplayTime), Key: g.Key})
	}
	b, _ := json.Marshal(map[string]any{"summary": v})
	p.out.Write(append(b, '\n'))
}
