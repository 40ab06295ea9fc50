// Package corpustest reads the corpus of real published CloudTrail records
// for the tests of this module. It is imported only from _test.go files.
//
// The corpus lives beside the project, not inside it: [Dir] finds the
// module root (the nearest directory above the test's working directory
// that holds go.mod) and takes "../shared/corpus/real" from there. Every
// function skips the calling test, with the reason, when the corpus is
// absent, so the module's tests pass without it. The environment variable
// named by [EnvDir] points the tests at another corpus directory; naming a
// missing one shows that every corpus test skips cleanly:
//
//	TRAILMAP_CORPUS=absent go test ./...
//
// # Layout
//
// Each data file is a log file {"Records":[...]} (.json) or JSON Lines
// with one record per line (.jsonl). Two top-level folders are apart from
// the published records: "awsdocs-templates" holds documentation templates
// with placeholder values (valid JSON, not real events), chosen with
// [Templates]; "malformed" holds published records that are not valid JSON,
// one per .txt file, listed by [MalformedFiles] and never read by [Files]
// or [Records].
//
// # Errors
//
// A problem reading the corpus (an unreadable file, a .json file that is
// not a log file) fails the calling test with the file's path; it is never
// passed over in silence.
//
// # Concurrency
//
// The package keeps no state: each call reads the files again (the corpus
// is a few megabytes) and returns values the caller owns.
package corpustest
