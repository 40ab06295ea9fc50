// Package trail models CloudTrail trails — their configuration, the
// accounts, organization and Regions they live in — and says where
// CloudTrail delivers a record: which trails, in which accounts and
// Regions, under which S3 object keys, and why the other trails do not.
//
// A [Trail] is a trail as the CloudTrail API describes it, and decodes
// from the CLI's output: [ParseTrails] reads `aws cloudtrail
// describe-trails` (or get-trail) output, [Trail.MergeEventSelectors] and
// [Trail.MergeInsightSelectors] add `get-event-selectors` and
// `get-insight-selectors` output. A [Deployment] gathers trails with the
// [Organization] and the per-[Account] settings (opt-in Regions enabled)
// that decide their reach; [ParseDeployment] reads the deployment file.
// Values absent from the API output keep AWS's defaults, resolved by
// methods: [Trail.Account] (the owner, from TrailARN),
// [Trail.Partition], [Trail.Home], [Trail.IncludesGlobalServiceEvents]
// and [Trail.Logging] (both true when absent).
//
// The lifecycle is parse → [Deployment.Validate] → [Check] → [NewRouter]
// → [Router.Route]:
//
//	d, err := trail.ParseDeployment(b)   // JSON errors with line:column
//	err = d.Validate()                   // AWS's rules, every problem at once
//	for _, f := range trail.Check(d) {}  // valid, but probably not what was meant
//	rt, err := trail.NewRouter(d)        // validates and compiles once
//	res := rt.Route(rec)                 // deliveries and skips
//
// # Validation
//
// [Deployment.Validate] applies the checks AWS makes when the trails are
// created and their selectors set: trail names, trail ARNs, the S3 key
// prefix, multi-Region trails including global service events, one kind
// of event selector per trail, selector and insight selector rules (from
// package selector), organization trails belonging to the management
// account, and at most five trails per account per Region — counting a
// multi-Region trail in every Region enabled in its account and an
// organization trail's copies in member accounts. Deployment-file
// consistency (12-digit accounts, organization IDs, known Regions) is
// checked too. [Deployment.RegionEnabled] and [Deployment.EnabledRegions]
// answer which Regions an account has: default Regions always, opt-in
// Regions when listed in EnabledRegions or when the account owns a trail
// homed there (a trail can only be created in an enabled Region).
//
// A resources.type or network activity eventSource missing from the
// selector package's dated tables is accepted (AWS adds values often) and
// [Check] warns of it; d.Validate([WithStrictTables]()) and
// NewRouter(d, [WithStrictTables]()) reject it as AWS rejects an invalid
// value, with InvalidEventSelectorsException.
//
// # Checks
//
// [Check] returns [Finding] values for setups that are valid yet
// surprising: global service events stored twice under one bucket and
// prefix (separately for the era since 2021-11-22, when they are recorded
// only in us-east-1, and the era before, when every trail including them
// received them), single-Region trails outside us-east-1 that include
// global service events and so receive none, trails that log nothing,
// selectors that can never match (resources.ARN Equals an S3 bucket, an
// ARN of another service than resources.type, a resource of another
// partition or, on a single-Region trail, of another Region), values with
// '*' (matched literally), the S3 NotEquals pitfall (NotEquals
// arn:aws:s3:::bucket/ excludes nothing; use NotStartsWith), organization
// trails homed in an opt-in Region that members have not enabled, trails
// that name no S3 bucket (which CreateTrail would refuse), the delivery
// errors get-trail-status reports, and a deployment without trails. It
// also reports trails whose describe-trails flags (HasCustomEventSelectors,
// HasInsightSelectors) promise selectors the deployment lacks, and what
// coverage shows: accounts and Regions without management events, or with
// read or write ones only, accounts whose global service events no trail
// logs, data event types logged in some Regions only, trails storing the
// same events twice in one bucket, and management or data events
// delivered by more than one trail, which is charged ("Managing CloudTrail
// trail costs"). Each finding cites the documented fact it rests on.
// [BestPractices] adds the security best practices AWS recommends (a
// multi-Region trail, log file validation, CloudWatch Logs, SSE-KMS).
//
// [Assemble] builds trails from real CLI output: describe-trails plus any
// mix of get-event-selectors, get-insight-selectors,
// get-event-configuration and get-trail-status outputs ([Output]),
// matched by TrailARN. [AssembleDeployment] also takes the outputs of
// `aws organizations list-accounts` (with `describe-organization`, or
// alone: its accounts' ARNs name the organization), which give the
// organization an organization trail covers.
//
// # Coverage
//
// [Router.Coverage] answers "what would no trail log?" for every account
// and enabled Region: its [Gap] values are advanced selectors (or Insights
// kinds) with the accounts and Regions where they hold, each with a
// witness record the Router delivers nowhere and every trail's skip
// reason. Gaps are exact, computed over selector.Set (not by sampling),
// sound and complete within the universe documented on Router.Coverage,
// and grouped (accounts with the same Regions share a line); a gap's
// MarshalJSON is the line `trailmap coverage -json` prints.
// [Coverage.Cells] is the full table: per account and Region, which trails
// log each class of event and under which key prefix. Insights and
// aggregated events are covered by kind (InsightType and analysed
// category; aggregation template).
//
// # Object keys and log streams
//
// A [Key] is the S3 object key of a delivered file: a log file
// ([LogKey]), an Insights file ([InsightKey], folder CloudTrail-Insight),
// a file of network activity or aggregated events ([FileKey], folders
// CloudTrail-NetworkActivity and CloudTrail-Aggregated) or a digest
// ([DigestKey], folder CloudTrail-Digest, whose name holds the trail name
// and home Region; [BackfillDigestKey] for the backfill digests of a chain
// of their own, Key.Backfill). [KindOf] is the folder a record goes to.
// Organization trails put the
// organization ID before the account ID. [ParseKey] parses keys, and
// k.String() gives back exactly the text parsed. [DayPrefix] and the
// allocation-free [AppendDayPrefix] build the folder of one day's files,
// which is what the Router reports. A [Stream] is a CloudWatch Logs log
// stream name (<account>_CloudTrail_<region>, with the organization ID
// first for organization trails and _<n> for overflow streams), parsed by
// [ParseStream].
//
// # Routing
//
// [NewRouter] validates a deployment and compiles every trail's
// selectors once; [Router.Route] then says, for one record, which trails
// deliver it — with the account, the Region folder and the key prefix up
// to the day folder — and gives every other trail of the deployment with
// the reason it does not deliver the record. The routing rules (record
// owner, multi-Region and organization trails, opt-in Regions, global
// service events before and after 2021-11-22, selectors, Insights,
// aggregated events and their templates, the folder of each kind) are
// described on the Router's own declarations. Facts about a record come
// from one place each: event.Record.Recipient, Category, IsInsight,
// InsightOn, RecordedRegion and Time, [IsGlobalServiceEvent] and [KindOf].
// A trail's AggregationConfigurations (get-event-configuration output,
// [Trail.MergeEventConfiguration]) ask for aggregated events.
//
// A reader of many records that only routes them can decode only the
// members routing reads, [Router.Members], with event.DecodeOnly (or
// trail/archive's Options.Members), and decode whole the rare record
// [Router.NeedsWhole] reports.
//
// # Fidelity
//
// The rules come from the CloudTrail API Reference (CreateTrail,
// PutEventSelectors, PutInsightSelectors and their Errors sections), the
// CloudTrail User Guide (trail naming requirements, multi-Region and
// organization trails, global service events, log file names and
// locations, CloudWatch Logs stream naming, quotas) and the AWS Account
// Management Reference (opt-in Regions). Where sources disagree the newer
// one is followed, and the comment at the rule says so. Error messages
// are AWS's where AWS's text is known (trail names, the five-trail quota,
// multi-Region trails without global service events); otherwise they are
// this package's own words. Not modelled: S3 bucket policies, KMS keys,
// SNS topics, delegated administrators other than through the management
// account's ARN, and the hours an opt-in Region takes to receive copies of
// multi-Region trails.
//
// # Errors
//
// Decoding errors are *[DecodeError] values carrying the 1-based line and
// column and the member's path (for example trails[2].IsMultiRegionTrail).
// The deployment file's own members are strict: an unknown member is an
// error, which catches typos; trail objects keep unknown members, so
// newer CLI output decodes and encodes without loss.
//
// [Deployment.Validate] returns [Errors], a list of *[Error] sorted by
// path, each with a Code — the AWS exception name, such as
// InvalidTrailNameException, or InvalidDeployment for problems of the
// deployment file that AWS has no exception for. Callers branch on codes,
// which do not change; messages may improve. errors.As reaches both the
// list and each *Error. [ParseKey] and [ParseStream] return *[KeyError]
// (matching [ErrNotKey]) and *[StreamError].
//
// # Concurrency
//
// Parsing, validation, checks, keys and streams have no shared state and
// may run concurrently. A [Deployment] is plain data: do not change it
// while another goroutine reads it. A Router is immutable once built and
// safe for concurrent use.
//
// # Compatibility
//
// Member names and JSON shapes are AWS's (PascalCase), so output of the
// AWS CLI and SDKs can be piped in. Unknown trail members survive decoding
// and encoding; unknown Regions are rejected by Validate but parse
// everywhere else.
package trail
