package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStaticallyLinked: the command imports no package that links the C
// library when cgo is on (net, through crypto/x509; os/user), so that
// `go install` builds a static binary. The dynamic loader took a third of
// the start-up time of `trailmap version` (2.7 ms of processor time
// against 1.5 ms static), which every small run pays.
func TestStaticallyLinked(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		switch p {
		case "net", "os/user", "runtime/cgo", "plugin":
			t.Errorf("the command imports %s, which links the C library when cgo is on", p)
		}
	}
}
