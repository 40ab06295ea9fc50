// Command partitionsgen writes the region package's zz_generated.go from
// its partitions.json. It is run by go generate in the region directory:
//
//	go run ./internal/gen/partitionsgen -in partitions.json -out zz_generated.go
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/trailmap/trailmap/region/internal/gen"
)

func main() {
	in := flag.String("in", "partitions.json", "source data file")
	out := flag.String("out", "zz_generated.go", "generated Go file")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "partitionsgen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	code, err := gen.Generate(src)
	if err != nil {
		return err
	}
	return os.WriteFile(out, code, 0o644)
}
