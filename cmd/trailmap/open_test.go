package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenObject checks that openObject reads a file as os.Open does and
// fails with the same errors, which route reports.
func TestOpenObject(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.json")
	want := []byte(`{"Records":[]}`)
	if err := os.WriteFile(file, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := openObject(file)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if err != nil || string(got) != string(want) {
		t.Errorf("read %q, %v; want %q", got, err, want)
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := f.Close(); err == nil {
		t.Error("second Close: no error")
	}

	for _, tc := range []struct {
		name, path string
		why        string
	}{
		{"missing", filepath.Join(dir, "missing.json"), "a key whose file went away: open fails"},
		{"folder", dir, "a key that is a folder (a link to one): the read fails"},
	} {
		_, readErr := func() (io.ReadCloser, error) {
			f, err := openObject(tc.path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			_, err = io.ReadAll(f)
			return nil, err
		}()
		_, osErr := func() (io.ReadCloser, error) {
			f, err := os.Open(tc.path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			_, err = io.ReadAll(f)
			return nil, err
		}()
		if readErr == nil || osErr == nil || readErr.Error() != osErr.Error() {
			t.Errorf("%s (%s): error %v; os.Open's %v", tc.name, tc.why, readErr, osErr)
		}
	}
}
