// Command baseline is the honest user's baseline of tools/bucketbench:
// it walks a tree and reads every .json.gz file under it with
// compress/gzip and encoding/json into a narrow struct of the fields an
// audit tool needs (benchtree.Baseline), by GOMAXPROCS goroutines, and
// writes the records read to standard error. It uses the standard
// library only (internal/benchtree is a standard-library package).
//
// Usage:
//
//	baseline DIR
package main

import "github.com/trailmap/trailmap/internal/benchtree"

func main() { benchtree.Main("baseline", "records", benchtree.Baseline) }
