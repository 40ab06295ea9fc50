package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair with the Linux /dev/ptmx
// interface: unlock the terminal (TIOCSPTLCK), ask its number (TIOCGPTN)
// and open /dev/pts/N.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		m.Close()
		t.Skipf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		m.Close()
		t.Skipf("ptsname: %v", e)
	}
	s, err := os.OpenFile("/dev/pts/"+itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open pts: %v", err)
	}
	return m, s
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestTerminal runs the built command with standard output and standard
// error on a pseudo-terminal and records on a pipe, as a person piping a
// file into it would: route prints a table and draws a progress line, and
// who prints a table, without being asked.
func TestTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "trailmap")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	records, err := os.ReadFile("demo/records.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"route", "-deployment", "demo/deployment.json"},
			[]string{"TIME", "DELIVERED BY", "NOT DELIVERED BY", "org-audit (111122223333 us-east-1)", "\r\x1b[K0/1 files", "trailmap route: 5 records routed"}},
		{[]string{"who"}, []string{"PRINCIPAL", "SESSION", "MFA", "arn:aws:iam::111122223333:user/anaya"}},
	} {
		t.Run(tt.args[0], func(t *testing.T) {
			m, s := openPTY(t)
			defer m.Close()
			cmd := exec.Command(bin, tt.args...)
			cmd.Stdin = bytes.NewReader(records)
			cmd.Stdout, cmd.Stderr = s, s
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			s.Close()
			var out bytes.Buffer
			done := make(chan error, 1)
			go func() {
				_, err := io.Copy(&out, m)
				done <- err
			}()
			if err := cmd.Wait(); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			select {
			case err := <-done:
				// Reading the master ends with EIO once the last
				// slave descriptor is closed.
				if err != nil && !errors.Is(err, syscall.EIO) {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the terminal did not close")
			}
			// The terminal turns "\n" into "\r\n".
			got := strings.ReplaceAll(out.String(), "\r\n", "\n")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the terminal shows no %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, `{"eventID"`) {
				t.Errorf("JSON on a terminal without -format json:\n%s", got)
			}
		})
	}
}
