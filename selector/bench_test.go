package selector

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
)

// threeConditions is what BenchmarkMatch/three-conditions compiles, written
// by hand: the in-run baseline.
func threeConditions(rec *event.Record) bool {
	if rec.EventCategory != event.CategoryData {
		return false
	}
	for i := range rec.Resources {
		r := &rec.Resources[i]
		if r.Type == S3Object && strings.HasPrefix(r.ARN, "arn:aws:s3:::bucket-7/") {
			return true
		}
	}
	return false
}

func BenchmarkMatch(b *testing.B) {
	write := mgmt("ec2.amazonaws.com", "RunInstances", no())
	data := s3Data("GetObject", "bucket-7", "k", yes())
	miss := s3Data("GetObject", "bucket-999", "k", yes())
	three := []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
		Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::bucket-7/"}})}
	large := largeSelectors()
	cases := []struct {
		name  string
		match func(*event.Record) bool
		rec   *event.Record
	}{
		{"default/management", MustCompile(DefaultManagement()).Match, write},
		{"default/data", MustCompile(DefaultManagement()).Match, data},
		{"default/oracle", func(r *event.Record) bool { return oracleMatch(DefaultManagement(), r) }, write},
		{"three-conditions/compiled", MustCompile(three).Match, data},
		{"three-conditions/handwritten", threeConditions, data},
		{"large/hit", MustCompile(large).Match, data},
		{"large/miss", MustCompile(large).Match, miss},
		{"large/management", MustCompile(large).Match, write},
		{"large/oracle-miss", func(r *event.Record) bool { return oracleMatch(large, r) }, miss},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				c.match(c.rec)
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	large := largeSelectors()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Compile(large); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExplain(b *testing.B) {
	m := MustCompile(largeSelectors())
	rec := s3Data("GetObject", "bucket-999", "k", yes())
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = m.Explain(rec).String()
	}
}

// lossyConfig mirrors Config with plain encoding/json decoding, which drops
// the members it does not know: the in-run baseline of
// BenchmarkDecodeConfig.
type lossyConfig struct {
	TrailARN       string
	EventSelectors []struct {
		ReadWriteType           string
		IncludeManagementEvents *bool
		DataResources           []struct {
			Type   string
			Values []string
		}
		ExcludeManagementEventSources []string
	}
	AdvancedEventSelectors []struct {
		Name           string
		FieldSelectors []struct {
			Field                                                               string
			Equals, StartsWith, EndsWith, NotEquals, NotStartsWith, NotEndsWith []string
		}
	}
}

// BenchmarkDecodeConfig: keeping unknown members at every level costs a
// second decode of each object into a map.
func BenchmarkDecodeConfig(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "get-event-selectors-advanced.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Config", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var c Config
			if err := json.Unmarshal(data, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json-lossy", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var c lossyConfig
			if err := json.Unmarshal(data, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
