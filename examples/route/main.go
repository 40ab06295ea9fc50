// Command route says which trails of a deployment deliver each CloudTrail
// record, where (account, Region folder, S3 key prefix), and why the other
// trails do not.
//
// Usage:
//
//	go run ./examples/route [-deployment FILE] [-at RFC3339] [FILE ...]
//
// It reads records from the files ("-" is standard input), or standard
// input when none is named, in every form event.Records reads: a
// CloudTrail log file ({"Records":[...]}, any member order, pretty or one
// line), JSON Lines or a single record, `aws cloudtrail lookup-events`
// output (several pages back to back), EventBridge events from
// CloudTrail (one or many), and CloudWatch Logs subscription data
// (decoded, or the Lambda form {"awslogs":{"data":…}}; a control message
// holds no records), each gzip-compressed or not (several members too).
// JSON that holds no records (such as {"foo":1}, {} or [1,2]), empty
// input and damaged gzip are reported on standard error. For each record
// it prints one JSON object on one line:
//
//	{"eventID":"…","eventName":"CreateUser",
//	 "deliveries":[{"trail":"arn:…","account":"…","region":"us-east-1","key":"org/AWSLogs/…/2023/05/01/"}],
//	 "skipped":[{"trail":"arn:…","code":"NotSelected","reason":"…"}]}
//
// (trail.Result.AppendJSON writes the line.) code is the stable
// trail.SkipCode name; eventName names Insights and aggregated records,
// which have none, by what they are about (event.Record.Title).
//
// -at sets the delivery time (the day folder of the keys), RFC 3339 or a
// bare date (YYYY-MM-DD); by default a record is delivered at its event
// time. A key is never another day's: where no day folder can be given
// (no eventTime, one that is not a time, a year without four digits) it
// ends at the Region folder and the delivery has an "undated" member
// saying why. Flags may also follow the files. Run with neither a deployment nor
// files nor records piped in (standard input a terminal, /dev/null or
// empty), it routes the records of a built-in demo through the demo
// deployment; given files or piped records but no deployment, it routes
// them through the demo deployment; both say so on standard error. A record that cannot be
// read is reported on standard error with its file and position, the run
// goes on, and the exit status is 1. A deployment AWS would have refused
// is reported one problem per line, with the AWS exception name and
// message, and the exit status is 2. FILE after -deployment is a
// deployment file (organization, accounts, trails) or the output of
// `aws cloudtrail describe-trails` or `aws cloudtrail get-trail`.
package main

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

//go:embed demo/deployment.json demo/records.json
var demo embed.FS

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the program; it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("route", flag.ContinueOnError)
	fs.SetOutput(stderr)
	depFile := fs.String("deployment", "", "deployment `file` (JSON: organization, accounts, trails; or aws cloudtrail describe-trails output)")
	at := fs.String("at", "", "delivery `time` (RFC 3339); default: each record's event time")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: route [-deployment FILE] [-at RFC3339] [FILE ...]")
		fs.PrintDefaults()
	}
	// Flags may come before or after the files.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0 // the usage is printed
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	var opts []trail.Option
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			// A bare date is taken as midnight UTC.
			var err2 error
			if t, err2 = time.Parse(time.DateOnly, *at); err2 != nil {
				fmt.Fprintf(stderr, "route: -at: %v\n", err)
				return 2
			}
		}
		opts = append(opts, trail.WithDeliveryTime(t))
	}

	// With neither a deployment nor files, records piped in are routed
	// (no FILE means standard input); the demo runs when there are none
	// to read (a terminal, /dev/null, empty input).
	demoRecords := false
	if *depFile == "" && len(files) == 0 {
		var piped bool
		if stdin, piped = pipedInput(stdin); !piped {
			demoRecords = true
		}
	}

	var depJSON []byte
	var depName string
	switch {
	case *depFile != "":
		b, err := os.ReadFile(*depFile)
		if err != nil {
			fmt.Fprintf(stderr, "route: %v\n", err)
			return 2
		}
		depJSON, depName = b, *depFile
	case demoRecords:
		fmt.Fprintln(stderr, "route: no -deployment and no input files: running the built-in demo "+
			"(an organization with three accounts and three trails, and five records from the AWS documentation)")
		depJSON, _ = demo.ReadFile("demo/deployment.json")
		depName = "demo/deployment.json"
	default:
		fmt.Fprintln(stderr, "route: no -deployment: routing through the built-in demo deployment "+
			"(an organization with three accounts and three trails); give -deployment FILE for your own")
		depJSON, _ = demo.ReadFile("demo/deployment.json")
		depName = "demo/deployment.json"
	}
	d, err := parseDeployment(depJSON)
	if err != nil {
		fmt.Fprintf(stderr, "route: %s: %v\n", depName, err)
		return 2
	}
	rt, err := trail.NewRouter(d, opts...)
	if err != nil {
		// One line per problem, each naming the file: the AWS exception
		// name and message, as CreateTrail or PutEventSelectors would
		// have returned them.
		var es trail.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				fmt.Fprintf(stderr, "route: %s: %v\n", depName, e)
			}
		} else {
			fmt.Fprintf(stderr, "route: %s: %v\n", depName, err)
		}
		return 2
	}

	w := bufio.NewWriter(stdout)
	defer w.Flush()
	p := &printer{rt: rt, w: w, stderr: stderr}

	if demoRecords {
		f, _ := demo.Open("demo/records.json")
		p.routeAll("demo/records.json", f)
		f.Close()
	} else if len(files) == 0 {
		p.routeAll("<stdin>", stdin)
	} else {
		for _, name := range files {
			if name == "-" {
				p.routeAll("<stdin>", stdin)
				continue
			}
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintf(stderr, "route: %v\n", err)
				p.failed = true
				continue
			}
			p.routeAll(name, f)
			f.Close()
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "route: %v\n", err)
		return 1
	}
	if p.failed {
		return 1
	}
	return 0
}

// pipedInput reports whether stdin has records to read: it is not a
// terminal or other character device (/dev/null is one) and holds at
// least a byte. It returns the reader to read them from.
func pipedInput(stdin io.Reader) (io.Reader, bool) {
	if stdin == nil {
		return nil, false
	}
	if f, ok := stdin.(*os.File); ok {
		st, err := f.Stat()
		if err != nil || st.Mode()&os.ModeCharDevice != 0 {
			return stdin, false
		}
	}
	br := bufio.NewReader(stdin)
	if _, err := br.Peek(1); err != nil {
		return br, false
	}
	return br, true
}

type printer struct {
	rt     *trail.Router
	w      *bufio.Writer
	buf    []byte
	stderr io.Writer
	res    trail.Result
	failed bool
}

// routeAll routes every record of one input, reporting the records that
// cannot be read and going on past them.
func (p *printer) routeAll(name string, r io.Reader) {
	for rec, err := range event.Records(r, event.ContinueOnError()) {
		if err != nil {
			p.failed = true
			// file:line:column, as compilers print positions; records
			// are counted from 1.
			var re *event.RecordError
			var se *event.SyntaxError
			switch {
			case errors.As(err, &re):
				fmt.Fprintf(p.stderr, "route: %s:%d:%d: record %d: %v\n", name, re.Line, re.Column, re.Index+1, cause(re))
			case errors.As(err, &se):
				fmt.Fprintf(p.stderr, "route: %s:%d:%d: syntax error: %s\n", name, se.Line, se.Column, se.Msg)
			case errors.Is(err, event.ErrEmptyInput):
				fmt.Fprintf(p.stderr, "route: %s: no records: %v\n", name, strings.TrimPrefix(err.Error(), "event: no records: "))
			default:
				fmt.Fprintf(p.stderr, "route: %s: %v\n", name, err)
			}
			continue
		}
		p.rt.RouteInto(rec, &p.res)
		p.buf = append(p.res.AppendJSON(p.buf[:0], rec), '\n')
		if _, err := p.w.Write(p.buf); err != nil {
			fmt.Fprintf(p.stderr, "route: %v\n", err)
			p.failed = true
			return
		}
	}
}

// cause returns the message of a record error without its position,
// which the caller prints as file:line:col.
func cause(re *event.RecordError) string {
	var se *event.SyntaxError
	if errors.As(re.Err, &se) {
		return "syntax error: " + se.Msg
	}
	if re.Err != nil {
		return strings.TrimPrefix(re.Err.Error(), "event: ")
	}
	return "unreadable record"
}

// parseDeployment decodes a deployment file, or the output of `aws
// cloudtrail describe-trails` ({"trailList":[…]}) or `aws cloudtrail
// get-trail` ({"Trail":{…}}), whose trails then make the deployment (the
// PascalCase members the CloudTrail API returns, as trail.ParseTrails
// reads them).
func parseDeployment(b []byte) (*trail.Deployment, error) {
	var top map[string]json.RawMessage
	// The trail package ignores a UTF-8 byte order mark; so does this.
	// The first JSON value decides: describe-trails outputs of several
	// Regions may follow one another.
	if json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).Decode(&top) == nil {
		_, list := top["trailList"]
		_, one := top["Trail"]
		if list || one {
			trails, err := trail.ParseTrails(b)
			if err != nil {
				return nil, err
			}
			return &trail.Deployment{Trails: trails}, nil
		}
	}
	return trail.ParseDeployment(b)
}
