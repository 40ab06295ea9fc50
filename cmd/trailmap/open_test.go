package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
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

// TestTreeFSOpen checks that a treeFS opens the objects of a tree, read
// relative to their folders' descriptors where the platform has them,
// as os.Open opens their paths: the same bytes and the same errors, from
// several goroutines at once and over more folders than it holds at a
// time; and that it holds no descriptor once closed.
func TestTreeFSOpen(t *testing.T) {
	root := t.TempDir()
	var keys []string
	for d := range 20 { // more folders than folders holds
		for f := range 3 {
			key := filepath.ToSlash(filepath.Join("AWSLogs", "111122223333", "CloudTrail", "us-east-1", "2024", "05", fmt.Sprintf("%02d", d+1),
				fmt.Sprintf("111122223333_CloudTrail_us-east-1_202405%02dT0000Z_%d.json", d+1, f)))
			p := filepath.Join(root, filepath.FromSlash(key))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(key), 0o644); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, key)
		}
	}
	keys = append(keys, "top.json") // a file in the root folder
	if err := os.WriteFile(filepath.Join(root, "top.json"), []byte("top.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	fds := openDescriptors(t)
	dirs := newFolders()
	tfs := treeFS{prefix: joinPrefix(root), root: root, folders: dirs}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(keys))
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range keys {
				key := keys[(i+w*7)%len(keys)]
				f, err := tfs.Open(key)
				if err != nil {
					errs <- err
					continue
				}
				got, err := io.ReadAll(f)
				f.Close()
				if err != nil || string(got) != key {
					errs <- fmt.Errorf("%s: read %q, %v", key, got, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	for _, tc := range []struct {
		key, why string
	}{
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/missing.json", "a file gone from a folder held"},
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2024/06/01/missing.json", "a folder that does not exist"},
		{"top.json/x.json", "a folder that is a file"},
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01", "a folder: it opens, the read fails"},
	} {
		var gotErr, osErr error
		if f, err := tfs.Open(tc.key); err != nil {
			gotErr = err
		} else {
			_, gotErr = io.ReadAll(f)
			f.Close()
		}
		if f, err := os.Open(filepath.Join(root, filepath.FromSlash(tc.key))); err != nil {
			osErr = err
		} else {
			_, osErr = io.ReadAll(f)
			f.Close()
		}
		if gotErr == nil || osErr == nil || gotErr.Error() != osErr.Error() {
			t.Errorf("%s (%s): error %v; os.Open's %v", tc.key, tc.why, gotErr, osErr)
		}
	}
	f, err := tfs.Open(keys[0])
	if err != nil {
		t.Fatal(err)
	}
	if info, err := f.Stat(); err != nil || info.Size() != int64(len(keys[0])) {
		t.Errorf("Stat: %v, %v; want the size %d", info, err, len(keys[0]))
	}
	f.Close()
	dirs.close()
	if n := openDescriptors(t); n != fds {
		t.Errorf("%d descriptors open after close, %d before", n, fds)
	}
}

// openDescriptors returns the number of the process's open file
// descriptors, where the system lists them (-1 elsewhere).
func openDescriptors(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}
