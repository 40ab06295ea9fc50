package main

import (
	"testing"

	"github.com/trailmap/trailmap/internal/corpustest"
)

// TestMain runs the tests with the collector less eager than by default,
// which halves their time (see corpustest.Main).
func TestMain(m *testing.M) { corpustest.Main(m) }
