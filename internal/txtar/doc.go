// Package txtar reads and writes the txtar archive format: a comment
// followed by files, each introduced by a marker line "-- name --".
//
// It is the format the scenario tests of this module keep their cases in:
// the comment says what the case shows, the files hold its inputs and the
// expected output.
//
// # Format
//
// An archive is a comment, then zero or more files. A file begins with a
// marker line "-- NAME --" (the name trimmed of spaces) and holds every
// line up to the next marker or the end of the archive. [Format] writes a
// final newline on the comment and on every file's data that lacks one, so
// Parse(Format(a)) gives a back unless a holds data without a final
// newline.
//
// # Concurrency
//
// The functions keep no state; an Archive is plain data.
package txtar
