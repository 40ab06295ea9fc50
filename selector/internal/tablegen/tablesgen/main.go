// Command tablesgen writes the selector package's zz_tables.go from its
// tables.json. It is run by go generate in the selector directory:
//
//	go run ./internal/tablegen/tablesgen -in tables.json -out zz_tables.go
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/trailmap/trailmap/selector/internal/tablegen"
)

func main() {
	in := flag.String("in", "tables.json", "source data file")
	out := flag.String("out", "zz_tables.go", "generated Go file")
	flag.Parse()
	src, err := os.ReadFile(*in)
	if err == nil {
		var code []byte
		if code, err = tablegen.Generate(src); err == nil {
			err = os.WriteFile(*out, code, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tablesgen:", err)
		os.Exit(1)
	}
}
