package main

import (
	"bytes"
	"fmt"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
)

// The page's template as html/template executed it before writePage
// wrote the page by hand; the tests below check that writePage writes
// what it did, byte for byte.
var reportPageTemplate = template.Must(template.New("report").Parse(reportPageHTML))

// templatePage is the page as the template wrote it: p as it is, with its
// chart as trusted HTML, as reportPage held it.
func templatePage(t testing.TB, p *reportPage) []byte {
	t.Helper()
	type page struct {
		reportPage
		Chart template.HTML
	}
	var b bytes.Buffer
	if err := reportPageTemplate.Execute(&b, &page{*p, template.HTML(p.Chart)}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// templateDayChart is dayChart as it was, escaping with
// template.HTMLEscapeString.
func templateDayChart(days map[string]int) string {
	keys := sortedKeys(days)
	if len(keys) == 0 {
		return ""
	}
	maxN := 0
	for _, k := range keys {
		maxN = max(maxN, days[k])
	}
	const h, bw, gap = 120, 16, 4
	w := len(keys) * (bw + gap)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="records per day" width="%d" height="%d" viewBox="0 0 %d %d">`, w, h+20, w, h+20)
	for i, k := range keys {
		bh := days[k] * h / maxN
		fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%d" height="%d"><title>%s: %d records</title></rect>`,
			i*(bw+gap), h-bh, bw, bh, template.HTMLEscapeString(k), days[k])
	}
	fmt.Fprintf(&b, `<text x="0" y="%d">%s</text><text x="%d" y="%d" text-anchor="end">%s</text></svg>`,
		h+15, template.HTMLEscapeString(keys[0]), w, h+15, template.HTMLEscapeString(keys[len(keys)-1]))
	return b.String()
}

// hostile are strings that escaping must get right: markup, references,
// both quotes, '+' (html/template escapes it), NUL, a script's end, text
// that is not ASCII and bytes that are not UTF-8.
var hostile = []string{
	"", "plain", "a<b", "a&b", `"quoted"`, "it's", "1+1=2", "x\x00y", "</script><script>alert(1)</script>",
	"</title>", "</textarea>", "<!-- c -->", "&amp;", "&#34;", "javascript:alert(1)", "expression(x)",
	"Zürich ü 東京 🚀", "\xff\xfe bad \xc3", "\u2028\u2029", "\uFFFD", "\ufdd0\uffff", "{{.Title}}", "a\nb\tc\r",
	"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "`back`", "=x", "<svg onload=x>",
}

func randomString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return hostile[r.IntN(len(hostile))]
	}
	var b strings.Builder
	for n := r.IntN(12); n > 0; n-- {
		switch r.IntN(4) {
		case 0:
			b.WriteByte(byte(r.IntN(256)))
		case 1:
			b.WriteByte(`<>&"'+ =/\`[r.IntN(10)])
		case 2:
			b.WriteRune(rune(r.IntN(0x11000)))
		default:
			b.WriteString(hostile[r.IntN(len(hostile))])
		}
	}
	return b.String()
}

// randomPage returns a page with r's strings in every field and lists of
// up to a few entries, empty ones too (the template's {{if}} branches).
func randomPage(r *rand.Rand) *reportPage {
	s := func() string { return randomString(r) }
	n := func() int { return r.IntN(4) }
	num := func() int { return r.IntN(2000) - 10 }
	p := &reportPage{Title: s(), Generated: s(), Deployment: s(), HasRecords: r.IntN(2) == 0,
		Records: num(), Undelivered: num(), Bad: num()}
	for range n() {
		p.Classes = append(p.Classes, s())
	}
	for range n() {
		p.Regions = append(p.Regions, s())
	}
	for range n() {
		row := reportRow{Account: s()}
		for range n() {
			var c reportCell
			for range n() {
				c.Squares = append(c.Squares, reportSquare{Class: s(), State: s(), Title: s()})
			}
			row.Cells = append(row.Cells, c)
		}
		p.Rows = append(p.Rows, row)
	}
	for range n() {
		g := reportGap{ID: num(), Text: s(), Selector: s(), Accounts: s(), Regions: s()}
		if r.IntN(2) == 0 {
			g.Witness = s()
		}
		if r.IntN(2) == 0 {
			g.Skipped = s()
		}
		p.Gaps = append(p.Gaps, g)
	}
	for range n() {
		p.Findings = append(p.Findings, reportFinding{Severity: s(), Code: s(), Path: s(), Message: s()})
	}
	for range n() {
		p.Trails = append(p.Trails, reportTrail{ARN: s(), Delivered: num(), Skipped: s()})
	}
	for range n() {
		p.Actors = append(p.Actors, reportCount{Name: s(), Count: num(), Width: num()})
	}
	for range n() {
		p.Actions = append(p.Actions, reportCount{Name: s(), Count: num(), Width: num()})
	}
	days := map[string]int{}
	for range n() {
		days[s()] = 1 + r.IntN(50)
	}
	p.Chart = dayChart(days)
	return p
}

// TestWritePageAsTemplate: writePage writes what html/template wrote for
// the page's template, byte for byte, over random pages whose every field
// is hostile text; and dayChart draws what it drew with
// template.HTMLEscapeString.
func TestWritePageAsTemplate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		p := randomPage(r)
		var got bytes.Buffer
		writePage(&got, p)
		if want := templatePage(t, p); !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("page %d differs from the template's:\ngot:\n%s\nwant:\n%s", i, got.Bytes(), want)
		}
	}
	for i := range 500 {
		days := map[string]int{}
		for range r.IntN(6) {
			days[randomString(r)] = 1 + r.IntN(100)
		}
		if got, want := dayChart(days), templateDayChart(days); got != want {
			t.Fatalf("chart %d differs:\ngot  %q\nwant %q", i, got, want)
		}
	}
	for _, s := range hostile {
		p := &reportPage{Title: s, Generated: s, Deployment: s, Classes: []string{s, s}, Regions: []string{s},
			Rows:     []reportRow{{Account: s, Cells: []reportCell{{Squares: []reportSquare{{s, s, s}}}}}},
			Gaps:     []reportGap{{ID: 1, Text: s, Selector: s, Witness: s, Skipped: s, Accounts: s, Regions: s}},
			Findings: []reportFinding{{s, s, s, s}}, HasRecords: true, Trails: []reportTrail{{s, 1, s}},
			Actors: []reportCount{{s, 2, 100}}, Actions: []reportCount{{s, 1, 50}}, Chart: dayChart(map[string]int{s: 3})}
		var got bytes.Buffer
		writePage(&got, p)
		if want := templatePage(t, p); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%q: the page differs from the template's:\ngot:\n%s\nwant:\n%s", s, got.Bytes(), want)
		}
	}
}

// FuzzWritePage: for any strings in its fields, writePage writes what the
// template wrote.
func FuzzWritePage(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, s, uint64(0))
	}
	f.Fuzz(func(t *testing.T, a, b string, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 0))
		p := randomPage(r)
		p.Title, p.Deployment = a, b
		if len(p.Rows) > 0 && len(p.Rows[0].Cells) > 0 && len(p.Rows[0].Cells[0].Squares) > 0 {
			p.Rows[0].Cells[0].Squares[0].Title = a + b
		}
		p.Findings = append(p.Findings, reportFinding{Severity: a, Code: b, Path: a, Message: b})
		p.Actors = append(p.Actors, reportCount{Name: b, Count: 1, Width: 100})
		p.Chart = dayChart(map[string]int{a: 1, b: 2})
		if got, want := p.Chart, templateDayChart(map[string]int{a: 1, b: 2}); got != want {
			t.Fatalf("chart differs:\ngot  %q\nwant %q", got, want)
		}
		var got bytes.Buffer
		writePage(&got, p)
		if want := templatePage(t, p); !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("the page differs from the template's:\ngot:\n%q\nwant:\n%q", got.Bytes(), want)
		}
	})
}

const reportPageHTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.sq{display:inline-block;width:12px;height:12px;margin:1px;border-radius:2px}
.logged{background:#3a3}.partly{background:#e9a825}.none{background:#d33}.disabled{background:#ddd}
#matrix td{white-space:nowrap}
.error{color:#b00;font-weight:bold}.warning{color:#a60}
pre{background:#f6f6f6;padding:6px;overflow:auto;max-height:20em}
.barh{background:#58c;height:10px}
svg .bar{fill:#58c}svg text{font-size:10px}
</style></head><body>
<h1>{{.Title}}</h1>
<p>Deployment <code>{{.Deployment}}</code>, coverage at {{.Generated}}.</p>

<h2 id="coverage">Coverage</h2>
<p>Each cell holds a square per event class: {{range $i, $c := .Classes}}{{if $i}}, {{end}}{{$c}}{{end}}.
<span class="sq logged"></span> all logged <span class="sq partly"></span> some not logged <span class="sq none"></span> none logged <span class="sq disabled"></span> Region not enabled. Hover a square for its gaps.</p>
{{if .Rows}}<table id="matrix"><tr><th>account</th>{{range .Regions}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><th>{{.Account}}</th>{{range .Cells}}<td>{{range .Squares}}<span class="sq {{.State}}" data-class="{{.Class}}" title="{{.Title}}"></span>{{end}}</td>{{end}}</tr>
{{end}}</table>{{else}}<p id="matrix">No gaps: every event of the universe is logged by some trail in every account and enabled Region.</p>{{end}}

<h2 id="gaps">Gaps ({{len .Gaps}})</h2>
{{range .Gaps}}<details class="gap"><summary>gap {{.ID}}: {{.Text}}</summary>
<p>Accounts: {{.Accounts}}<br>Regions: {{.Regions}}</p>
<pre>{{.Selector}}</pre>
{{if .Witness}}<p>A witness, delivered by no trail:</p><pre>{{.Witness}}</pre>{{end}}
{{if .Skipped}}<pre>{{.Skipped}}</pre>{{end}}</details>
{{end}}

<h2 id="findings">Findings ({{len .Findings}})</h2>
{{if .Findings}}<table><tr><th>severity</th><th>code</th><th>where</th><th>message</th></tr>
{{range .Findings}}<tr class="finding"><td class="{{.Severity}}">{{.Severity}}</td><td>{{.Code}}</td><td>{{.Path}}</td><td>{{.Message}}</td></tr>
{{end}}</table>{{else}}<p>None.</p>{{end}}

{{if .HasRecords}}
<h2 id="records">Records</h2>
<p>{{.Records}} records, {{.Undelivered}} delivered by no trail, {{.Bad}} unreadable.</p>
<table id="trails"><tr><th>trail</th><th>delivered</th><th>skipped by code</th></tr>
{{range .Trails}}<tr><td>{{.ARN}}</td><td>{{.Delivered}}</td><td>{{.Skipped}}</td></tr>
{{end}}</table>
<h2>Top actors</h2>
<table id="actors">{{range .Actors}}<tr><td>{{.Name}}</td><td>{{.Count}}</td><td style="width:200px"><div class="barh" style="width:{{.Width}}%"></div></td></tr>{{end}}</table>
<h2>Top actions</h2>
<table id="actions">{{range .Actions}}<tr><td>{{.Name}}</td><td>{{.Count}}</td><td style="width:200px"><div class="barh" style="width:{{.Width}}%"></div></td></tr>{{end}}</table>
<h2>Records per day</h2>
<div id="chart">{{.Chart}}</div>
{{end}}
</body></html>
`
