// Command library is trailmap's library reading a tree, for
// tools/bucketbench: trail/archive's Each over os.DirFS(DIR) with as
// many workers as GOMAXPROCS, every record decoded; with -deployment,
// every record also routed through a trail.Router of that deployment
// (Router.RouteInto into a Result per worker); with -members as well,
// only the members routing reads decoded (Router.MembersIf and
// NeedsWhole, as trailmap route reads a tree). It writes the records
// read and the deliveries to standard error.
//
// Usage:
//
//	library [-deployment FILE [-members]] DIR
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/archive"
)

func main() {
	depFile := flag.String("deployment", "", "route every record through this deployment (JSON)")
	members := flag.Bool("members", false, "with -deployment, decode only the members routing reads")
	flag.Parse()
	if flag.NArg() != 1 || (*members && *depFile == "") {
		fmt.Fprintln(os.Stderr, "usage: library [-deployment FILE [-members]] DIR")
		os.Exit(2)
	}
	if err := read(flag.Arg(0), *depFile, *members); err != nil {
		fmt.Fprintln(os.Stderr, "library:", err)
		os.Exit(1)
	}
}

func read(dir, depFile string, members bool) error {
	workers := runtime.GOMAXPROCS(0)
	var p archive.Progress
	opts := &archive.Options{Workers: workers, Progress: &p}
	fn := func(r *archive.Record, err error) error { return err }
	deliveries := make([]int64, workers)
	if depFile != "" {
		b, err := os.ReadFile(depFile)
		if err != nil {
			return err
		}
		d, err := trail.ParseDeployment(b)
		if err != nil {
			return err
		}
		rt, err := trail.NewRouter(d)
		if err != nil {
			return err
		}
		if members {
			opts.Members, opts.MembersIf = rt.MembersIf()
			opts.Whole = rt.NeedsWhole
		}
		results := make([]trail.Result, workers)
		fn = func(r *archive.Record, err error) error {
			if err != nil {
				return err
			}
			res := &results[r.Worker]
			rt.RouteInto(r.Event, res)
			deliveries[r.Worker] += int64(len(res.Deliveries))
			return nil
		}
	}
	if err := archive.FS(os.DirFS(dir)).Each(context.Background(), opts, fn); err != nil {
		return err
	}
	var n int64
	for _, d := range deliveries {
		n += d
	}
	fmt.Fprintf(os.Stderr, "files %d records %d deliveries %d\n", p.Objects.Load(), p.Records.Load(), n)
	return nil
}
