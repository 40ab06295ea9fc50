// Package errlist holds what the validation error lists of this module's
// packages share: the order of problems by path, with indexes compared by
// value, and the error methods of a list.
//
// Each public package keeps its own Error and Errors types, with its own
// message prefix and fields; only the mechanism lives here.
//
// # Concurrency
//
// The functions keep no state.
package errlist
