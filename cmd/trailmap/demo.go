package main

import (
	"fmt"
	"io"
	"io/fs"
	"runtime/debug"
)

const demoAbout = `
Demo routes five records from the AWS documentation (a console sign-in, IAM
and S3 calls, an Insights event) through a small organization of three
accounts and three trails, both embedded in the command, and prints what
route prints. It reads no input.`

func runDemo(e *env, args []string) int {
	f := newFlags("demo", "demo [-format json|table]", demoAbout, "trailmap demo -format table")
	format := f.String("format", "", "output `format`: json or table (default: table on a terminal, json otherwise)")
	paths, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	if len(paths) > 0 {
		return f.usageError(e, "demo takes no paths; use trailmap route to route your own records")
	}
	o := routeOptions{format: *format}
	if o.format == "" {
		o.format = "json"
		if e.stdoutTTY {
			o.format = "table"
		}
	}
	if o.format != "json" && o.format != "table" {
		return f.usageError(e, "-format %q: want json or table", o.format)
	}
	fmt.Fprintln(e.stderr, "trailmap demo: five documented records through the built-in deployment "+
		"(an organization with three accounts and three trails)")
	b, _ := demo.ReadFile("demo/deployment.json")
	_, rt, ok := parseDeployment(e, "demo", "demo/deployment.json", b)
	if !ok {
		return exitUsage
	}
	recs, _ := fs.ReadFile(demo, "demo/records.json")
	de := *e
	de.stdin = &byteReader{b: recs}
	de.stderrTTY = false
	srcs := []source{{name: "demo/records.json"}}
	r := newReader(&de, "demo", srcs)
	if st := route(&de, r, rt, &o, srcs); st != exitOK || r.failed() {
		return exitProblem
	}
	return exitOK
}

type byteReader struct{ b []byte }

func (r *byteReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func runVersion(e *env, args []string) int {
	f := newFlags("version", "version", "Version prints the version of trailmap and of Go it was built with.", "trailmap version")
	operands, status, ok := f.parse(e, args)
	if !ok {
		return status
	}
	if len(operands) > 0 {
		return f.usageError(e, "unexpected argument %q: version takes none", operands[0])
	}
	fmt.Fprintf(e.stdout, "trailmap %s\n", version())
	return exitOK
}

// version returns the module version the binary was built from
// ("(devel)" for a build in the repository) and the Go version.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	return v + " " + bi.GoVersion
}
