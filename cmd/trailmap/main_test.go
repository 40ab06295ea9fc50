package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/internal/txtar"
	"github.com/trailmap/trailmap/trail/trailtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden runs every testdata/*.txtar scenario: it builds the bucket
// tree its "tree" file describes (see buildTree), runs the command with
// "args" ($ROOT is the tree's directory) and compares standard output,
// standard error and the exit status with "stdout", "stderr" and "exit".
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			root := t.TempDir()
			if spec, ok := a.Get("tree"); ok {
				if err := buildTree(root, string(spec)); err != nil {
					t.Fatal(err)
				}
			}
			argText, _ := a.Get("args")
			args := strings.Fields(strings.ReplaceAll(string(argText), "$ROOT", root))
			var stdout, stderr bytes.Buffer
			e := &env{ctx: context.Background(), stdout: &stdout, stderr: &stderr,
				now: func() time.Time { return time.Date(2015, 8, 10, 0, 0, 0, 0, time.UTC) }}
			code := run(e, args)
			got := map[string]string{
				"stdout": strings.ReplaceAll(stdout.String(), root, "$ROOT"),
				"stderr": strings.ReplaceAll(stderr.String(), root, "$ROOT"),
				"exit":   strconv.Itoa(code) + "\n",
			}
			if *update {
				for i := range a.Files {
					if v, ok := got[a.Files[i].Name]; ok {
						a.Files[i].Data = []byte(v)
						delete(got, a.Files[i].Name)
					}
				}
				for _, name := range []string{"stdout", "stderr", "exit"} {
					if v, ok := got[name]; ok {
						a.Files = append(a.Files, txtar.File{Name: name, Data: []byte(v)})
					}
				}
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range []string{"stdout", "stderr", "exit"} {
				want, _ := a.Get(name)
				if got[name] != string(want) {
					t.Errorf("%s:\n--- got ---\n%s--- want ---\n%s", name, got[name], want)
				}
			}
		})
	}
}

var t0 = time.Date(2014, 8, 10, 0, 0, 0, 0, time.UTC)

// buildTree writes a signed bucket tree under root/amzn-s3-demo-bucket
// and root/public-keys.json, then tampers with it. spec has one command
// a line:
//
//	hours N                  digests for N hours from 2014-08-10T00:00:00Z (default 3)
//	arn ARN | bucket NAME | prefix P | org O-ID | delay DURATION | spki
//	region R | account A     more chains
//	rotate H                 key 2 signs digests ending after hour H
//	stopped A B              logging off for hours [A, B)
//	move H BUCKET            the trail delivers to BUCKET from hour H on
//	log H TEXT               a log file delivered at hour H + 5 min (home chain)
//	login ACCOUNT REGION H TEXT
//	backfill H TEXT          a log file in a backfill digest
//
// and, after signing (I counts from 0, oldest first; digest names the
// home chain's standard digests, bdigest its backfill digests, log the
// log lines in order):
//
//	delete digest|bdigest|log I      delete sidecar digest|bdigest I
//	edit digest|bdigest I OLD NEW    change the digest's JSON, keep the signature
//	set digest|bdigest I TEXT        replace the digest's JSON
//	resign digest I OLD NEW          change the digest's JSON and sign it again
//	meta digest|bdigest I KEY VALUE  set a metadata entry ("-" deletes it)
//	replace log I TEXT | append log I TEXT | appendraw log I TEXT
//	raw log I TEXT | truncate log I N
//	xor digest|bdigest|log I OFFSET MASK  flip bits of one byte (OFFSET < 0 counts from the end; MASK hex)
//	badkey | nokeys
func buildTree(root, spec string) error {
	s := &trailtest.Signer{Key: trailtest.TestKey(1), TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
		Bucket: "amzn-s3-demo-bucket", Start: t0}
	hours := 3
	var logs []trailtest.LogObject
	var after [][]string
	n := 0
	addLog := func(acct, region string, h int, text string, backfill bool) {
		at := t0.Add(time.Duration(h)*time.Hour + 5*time.Minute)
		key := fmt.Sprintf("AWSLogs/%s%s/CloudTrail/%s/%s/%s_CloudTrail_%s_%s_%016d.json.gz", orgPart(s.OrgID), acct, region,
			at.Format("2006/01/02"), acct, region, at.Format("20060102T1504Z"), n)
		if s.Prefix != "" {
			key = s.Prefix + "/" + key
		}
		n++
		logs = append(logs, trailtest.LogObject{Key: key, Body: trailtest.Gzip([]byte(text)), Backfill: backfill})
	}
	for _, line := range strings.Split(spec, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		rest := func(i int) string { return strings.Join(f[i:], " ") }
		num := func(i int) int { v, _ := strconv.Atoi(f[i]); return v }
		switch f[0] {
		case "hours":
			hours = num(1)
		case "arn":
			s.TrailARN = f[1]
		case "bucket":
			s.Bucket = f[1]
		case "prefix":
			s.Prefix = f[1]
		case "org":
			s.OrgID = f[1]
		case "delay":
			d, err := time.ParseDuration(f[1])
			if err != nil {
				return err
			}
			s.Delay = d
		case "spki":
			s.SPKI = true
		case "region":
			s.Regions = append(s.Regions, f[1])
		case "account":
			s.Accounts = append(s.Accounts, f[1])
		case "rotate":
			s.NextKey, s.RotateAt = trailtest.TestKey(2), t0.Add(time.Duration(num(1))*time.Hour)
		case "move":
			s.Moves = append(s.Moves, trailtest.BucketMove{At: t0.Add(time.Duration(num(1)) * time.Hour), Bucket: f[2]})
		case "stopped":
			s.Stopped = append(s.Stopped, trailtest.Interval{From: t0.Add(time.Duration(num(1)) * time.Hour), To: t0.Add(time.Duration(num(2)) * time.Hour)})
		case "log":
			addLog("111122223333", "us-east-1", num(1), rest(2), false)
		case "login":
			addLog(f[1], f[2], num(3), rest(4), false)
		case "backfill":
			addLog("111122223333", "us-east-1", num(1), rest(2), true)
		default:
			after = append(after, f)
		}
	}
	s.End = t0.Add(time.Duration(hours) * time.Hour)
	tree, err := s.Sign(logs)
	if err != nil {
		return err
	}
	home := "111122223333/us-east-1"
	// objs returns the object map of the bucket holding key.
	objs := func(key string) map[string][]byte {
		for _, m := range tree.Others {
			if _, ok := m[key]; ok {
				return m
			}
		}
		return tree.Objects
	}
	for _, f := range after {
		digestKey := func(kind string, i int) (string, error) {
			c := home
			if kind == "bdigest" {
				c += "/backfill"
			}
			ks := tree.Digests[c]
			if i < 0 || i >= len(ks) {
				return "", fmt.Errorf("%s %d: chain %s has %d", kind, i, c, len(ks))
			}
			return ks[i], nil
		}
		target := func() (string, error) {
			i, _ := strconv.Atoi(f[2])
			if f[1] == "log" {
				if i < 0 || i >= len(logs) {
					return "", fmt.Errorf("log %d: %d logs", i, len(logs))
				}
				return logs[i].Key, nil
			}
			return digestKey(f[1], i)
		}
		switch f[0] {
		case "badkey", "nokeys":
			var pk map[string][]map[string]any
			json.Unmarshal(tree.PublicKeys, &pk)
			if f[0] == "nokeys" {
				pk["PublicKeyList"] = []map[string]any{}
			} else {
				for _, k := range pk["PublicKeyList"] {
					k["Value"] = "YQo="
				}
			}
			tree.PublicKeys, _ = json.Marshal(pk)
			continue
		}
		key, err := target()
		if err != nil {
			return err
		}
		rest := strings.Join(f[3:], " ")
		switch f[0] {
		case "delete":
			if f[1] == "sidecar" {
				k, err := digestKey(f[2], mustAtoi(f[3]))
				if err != nil {
					return err
				}
				delete(objs(k), k+".metadata.json")
				continue
			}
			delete(objs(key), key)
		case "edit", "resign":
			o := objs(key)
			inflated, err := gunzip(o[key])
			if err != nil {
				return err
			}
			edited := strings.Replace(string(inflated), f[3], strings.Join(f[4:], " "), 1)
			if edited == string(inflated) {
				return fmt.Errorf("%s: %q not in %s", f[0], f[3], key)
			}
			o[key] = trailtest.Gzip([]byte(edited))
			if f[0] == "resign" {
				if err := resign(tree, key, []byte(edited)); err != nil {
					return err
				}
			}
		case "meta":
			var head map[string]map[string]string
			o := objs(key)
			json.Unmarshal(o[key+".metadata.json"], &head)
			if head == nil {
				head = map[string]map[string]string{"Metadata": {}}
			}
			if f[4] == "-" {
				delete(head["Metadata"], f[3])
			} else {
				head["Metadata"][f[3]] = f[4]
			}
			o[key+".metadata.json"], _ = json.Marshal(head)
		case "replace", "set":
			objs(key)[key] = trailtest.Gzip([]byte(rest))
		case "append":
			objs(key)[key] = append(objs(key)[key], trailtest.Gzip([]byte(rest))...)
		case "appendraw":
			objs(key)[key] = append(objs(key)[key], rest...)
		case "raw":
			objs(key)[key] = []byte(rest)
		case "truncate":
			b, n := objs(key)[key], mustAtoi(f[3])
			if n < 0 || n > len(b) {
				return fmt.Errorf("truncate %s to %d: %d bytes", key, n, len(b))
			}
			objs(key)[key] = b[:n]
		case "xor":
			b := objs(key)[key]
			off := mustAtoi(f[3])
			if off < 0 {
				off += len(b)
			}
			mask, err := strconv.ParseUint(f[4], 16, 8)
			if err != nil || off < 0 || off >= len(b) {
				return fmt.Errorf("xor %s: offset %s of %d bytes, mask %s", key, f[3], len(b), f[4])
			}
			b[off] ^= byte(mask)
		default:
			return fmt.Errorf("unknown tree command %q", f[0])
		}
	}
	_, err = tree.WriteDir(root)
	return err
}

func mustAtoi(s string) int { v, _ := strconv.Atoi(s); return v }

func orgPart(org string) string {
	if org == "" {
		return ""
	}
	return org + "/"
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// resign signs an edited digest again with test key 1, as someone
// holding the private key could.
func resign(tree *trailtest.Tree, key string, inflated []byte) error {
	return tree.Rewrite(key, trailtest.TestKey(1), func([]byte) []byte { return inflated })
}
