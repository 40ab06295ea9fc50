// Command floor is the floor of tools/bucketbench: it walks a tree and
// gunzips every .json.gz file under it with compress/gzip into
// io.Discard, by GOMAXPROCS goroutines (benchtree.Gunzip), and writes
// the bytes decompressed to standard error. It uses the standard library
// only (internal/benchtree is a standard-library package).
//
// Usage:
//
//	floor DIR
package main

import "github.com/trailmap/trailmap/internal/benchtree"

func main() { benchtree.Main("floor", "bytes", benchtree.Gunzip) }
