package txtar

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		reason string
		in     string
		want   Archive
	}{
		{
			reason: "comment and two files",
			in:     "what it shows\n-- a.json --\n{}\n-- want --\nline 1\nline 2\n",
			want: Archive{Comment: []byte("what it shows\n"), Files: []File{
				{Name: "a.json", Data: []byte("{}\n")},
				{Name: "want", Data: []byte("line 1\nline 2\n")},
			}},
		},
		{
			reason: "no marker: everything is comment",
			in:     "just text\n-- not a marker\n",
			want:   Archive{Comment: []byte("just text\n-- not a marker\n")},
		},
		{
			reason: "empty file and final file without newline",
			in:     "-- empty --\n-- last --\nx",
			want: Archive{Comment: []byte{}, Files: []File{
				{Name: "empty", Data: []byte{}},
				{Name: "last", Data: []byte("x")},
			}},
		},
		{
			reason: "CRLF marker line and padded name",
			in:     "c\r\n--   f   --\r\nd\r\n",
			want: Archive{Comment: []byte("c\r\n"), Files: []File{
				{Name: "f", Data: []byte("d\r\n")},
			}},
		},
		{
			reason: "a marker with a blank name is data",
			in:     "--     --\n",
			want:   Archive{Comment: []byte("--     --\n")},
		},
	}
	for _, tt := range tests {
		got := Parse([]byte(tt.in))
		if !bytes.Equal(got.Comment, tt.want.Comment) {
			t.Errorf("%s: comment = %q, want %q", tt.reason, got.Comment, tt.want.Comment)
		}
		if len(got.Files) != len(tt.want.Files) {
			t.Errorf("%s: %d files, want %d", tt.reason, len(got.Files), len(tt.want.Files))
			continue
		}
		for i, f := range got.Files {
			w := tt.want.Files[i]
			if f.Name != w.Name || !bytes.Equal(f.Data, w.Data) {
				t.Errorf("%s: file %d = %q %q, want %q %q", tt.reason, i, f.Name, f.Data, w.Name, w.Data)
			}
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	in := "Comment line.\n-- deployment.json --\n{\"trails\":[]}\n-- want --\nskip x\n"
	a := Parse([]byte(in))
	if got := string(Format(a)); got != in {
		t.Fatalf("Format(Parse(x)) = %q, want %q", got, in)
	}
	a.Set("want", []byte("deliver y"))
	a.Set("at", []byte("2023-05-01T00:00:00Z\n"))
	want := "Comment line.\n-- deployment.json --\n{\"trails\":[]}\n-- want --\ndeliver y\n-- at --\n2023-05-01T00:00:00Z\n"
	if got := string(Format(a)); got != want {
		t.Fatalf("after Set: %q, want %q", got, want)
	}
	if d, ok := a.Get("at"); !ok || string(d) != "2023-05-01T00:00:00Z\n" {
		t.Fatalf("Get(at) = %q, %v", d, ok)
	}
	if _, ok := a.Get("absent"); ok {
		t.Fatal("Get(absent) reported a file")
	}
}

func TestParseFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "case.txtar")
	if err := os.WriteFile(name, []byte("c\n-- f --\nd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := a.Get("f"); string(d) != "d\n" {
		t.Fatalf("f = %q, want %q", d, "d\n")
	}
	if _, err := ParseFile(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("ParseFile of a missing file: no error")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("c\n-- a --\nx\n-- b --\n"))
	f.Add([]byte("-- --\n--  x --"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a := Parse(data)
		b := Parse(Format(a))
		if len(a.Files) != len(b.Files) {
			t.Fatalf("reparse: %d files, want %d", len(b.Files), len(a.Files))
		}
		for i := range a.Files {
			if a.Files[i].Name != b.Files[i].Name {
				t.Fatalf("reparse: file %d name %q, want %q", i, b.Files[i].Name, a.Files[i].Name)
			}
		}
	})
}
