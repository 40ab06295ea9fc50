// Command trailmap-fake serves the in-process CloudTrail API fake
// (package cloudtrailfake) over HTTP until interrupted, for clients in any
// language, as moto's server mode does:
//
//	go run github.com/trailmap/trailmap/awssdk/cmd/trailmap-fake -addr 127.0.0.1:4566 [-deployment FILE]
//	aws --endpoint-url http://127.0.0.1:4566 cloudtrail describe-trails
//
// -deployment seeds the fake with the trails of a deployment file (see
// trail.ParseDeployment) or of `aws cloudtrail describe-trails` output,
// each in the account and home Region its ARN names. An invalid deployment file makes the command print its
// validation errors and exit with status 2, as do bad flags. A caller
// whose access key ID is 12 digits acts as that account; any other key
// as 123456789012.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
	"github.com/trailmap/trailmap/trail"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("trailmap-fake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "`host:port` to listen on (port 0: any free port, printed on start)")
	deployment := fs.String("deployment", "", "deployment `FILE` seeding the fake's organization, accounts and trails")
	region := fs.String("region", "us-east-1", "`Region` of unsigned requests")
	account := fs.String("account", "123456789012", "`account` of requests whose access key ID is not 12 digits")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: trailmap-fake -addr HOST:PORT [-deployment FILE]\n\nServes a fake CloudTrail API (awsJson1_1) until interrupted.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "trailmap-fake: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return 2
	}
	opts := cloudtrailfake.Options{DefaultRegion: *region, DefaultAccount: *account}
	if *deployment != "" {
		b, err := os.ReadFile(*deployment)
		if err != nil {
			fmt.Fprintf(stderr, "trailmap-fake: %v\n", err)
			return 2
		}
		d, err := trail.ParseDeployment(b)
		if err != nil {
			// describe-trails output (or get-trail output, or a list of
			// trails) is a deployment without organization.
			ts, terr := trail.ParseTrails(b)
			if terr != nil {
				fmt.Fprintf(stderr, "trailmap-fake: %s: %v\n", *deployment, err)
				return 2
			}
			d = &trail.Deployment{Trails: ts}
		}
		if err := d.Validate(); err != nil {
			fmt.Fprintf(stderr, "trailmap-fake: %s is not a valid deployment:\n%v\n", *deployment, err)
			return 2
		}
		opts.Deployment = d
	}
	fake, err := cloudtrailfake.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "trailmap-fake: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "trailmap-fake: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, ln, fake, stdout, stderr)
}

// serve serves fake on ln until ctx is done.
func serve(ctx context.Context, ln net.Listener, fake http.Handler, stdout, stderr io.Writer) int {
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "trailmap-fake: serving CloudTrail on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "trailmap-fake: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		fmt.Fprintf(stderr, "trailmap-fake: %v\n", err)
		return 1
	}
	return 0
}
