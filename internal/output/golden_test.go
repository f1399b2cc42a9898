package output_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the current output")

const goldenDir = "../../testdata/golden"

// clock is a time of day without a date, as a chat transcript gives it.
func clock(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse("15:04:05", s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// fixture is a fixed run: two drafts and a transcript of two conversations,
// checked by the built-in catalogue. It holds findings with a span and a
// fix, a span-less whole-reply finding, conversation findings on a turn and
// one about a conversation as a whole.
func fixture(t *testing.T) (*lint.Linter, [][]lint.Finding, *lint.Summary) {
	t.Helper()
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	draft := func(file, text string) *lint.Conversation {
		return &lint.Conversation{File: file, Messages: []lint.Message{{Role: lint.Agent, Text: text, Line: 1, Column: 1, Verbatim: true}}}
	}
	convs := []*lint.Conversation{
		draft("drafts/reply.txt", "呵呵，你好，大哥\n您这个可能一到两天到货！！"),
		draft("drafts/self.txt", "我觉得我可以帮我同事问问，我再回复。"),
		{File: "chats/0501.txt", ID: "c1", Messages: []lint.Message{
			{ID: "m1", Role: lint.Customer, Speaker: "客户", Text: "你们这是怎么回事？我要投诉！", Time: clock(t, "10:00:00"), Line: 1, Column: 13, Verbatim: true},
			{ID: "m2", Role: lint.Agent, Speaker: "客服小妮", Text: "请提供订单号，OK？", Time: clock(t, "10:01:30"), Line: 2, Column: 15, Verbatim: true},
			{ID: "m3", Role: lint.Customer, Speaker: "客户", Text: "好的。", Time: clock(t, "10:02:00"), Line: 3, Column: 13, Verbatim: true},
		}},
		{File: "chats/0501.txt", ID: "c2", Messages: []lint.Message{
			{ID: "m4", Role: lint.Customer, Text: "在吗？", Line: 5, Column: 4, Verbatim: true},
			{ID: "m5", Role: lint.Customer, Text: "有人吗？", Line: 6, Column: 4, Verbatim: true},
		}},
	}
	sum := lint.NewSummary()
	var batches [][]lint.Finding
	for _, c := range convs {
		fs := l.CheckConversation(c)
		sum.Add(c, fs)
		batches = append(batches, fs)
	}
	sum.Files = 3
	return l, batches, sum
}

func render(t *testing.T, format string, opts output.Options, batches [][]lint.Finding, sum *lint.Summary) []byte {
	t.Helper()
	var buf bytes.Buffer
	f, err := output.New(format, &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		if err := f.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(sum); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGolden renders the fixture in every format and compares it with
// testdata/golden; go test ./internal/output -update rewrites the files after a
// deliberate change (review the diff).
func TestGolden(t *testing.T) {
	l, batches, sum := fixture(t)
	cases := []struct {
		name, format string
		opts         output.Options
	}{
		{"text", "text", output.Options{}},
		{"text-color", "text", output.Options{Color: true}},
		{"json", "json", output.Options{}},
		{"jsonl", "jsonl", output.Options{}},
		{"csv", "csv", output.Options{}},
		{"sarif", "sarif", output.Options{Rules: usedRules(l, batches)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, tc.format, tc.opts, batches, sum)
			path := filepath.Join(goldenDir, tc.name+".golden")
			if *update {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/output -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s output differs from %s (go test ./internal/output -update rewrites it)\n%s", tc.format, path, firstDiff(got, want))
			}
		})
	}
}

// usedRules are the catalogue's rules that the fixture's findings come
// from, in catalogue order: the SARIF golden then describes these and does
// not change whenever an unrelated rule joins the catalogue.
func usedRules(l *lint.Linter, batches [][]lint.Finding) []rules.Rule {
	used := map[string]bool{}
	for _, fs := range batches {
		for _, f := range fs {
			used[f.Rule] = true
		}
	}
	var out []rules.Rule
	for _, r := range l.Rules() {
		if used[r.Info().ID] {
			out = append(out, r)
		}
	}
	return out
}

// firstDiff shows the first line on which got and want part.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got  %q\n want %q", i+1, gl, wl)
		}
	}
	return "same lines, different bytes"
}

// TestFixtureCoversEveryKindOfFinding keeps the golden files meaningful: the
// fixture must hold each shape of finding the formats treat differently.
func TestFixtureCoversEveryKindOfFinding(t *testing.T) {
	_, batches, _ := fixture(t)
	var span, fix, spanless, turn, whole bool
	for _, fs := range batches {
		for _, f := range fs {
			span = span || f.HasSpan()
			fix = fix || f.Fix != ""
			spanless = spanless || !f.HasSpan() && f.Line > 0
			turn = turn || !f.HasSpan() && f.Turn > 0
			whole = whole || f.Conversation != "" && f.Turn == 0
		}
	}
	for what, ok := range map[string]bool{"a span": span, "a fix": fix, "a span-less reply finding": spanless,
		"a finding on a turn": turn, "a finding about a whole conversation": whole} {
		if !ok {
			t.Errorf("fixture has no finding with %s", what)
		}
	}
}

// TestJSONSchema checks the json and jsonl output against INTERFACE.md:
// required fields always, start/end exactly when the finding has a span.
func TestJSONSchema(t *testing.T) {
	_, batches, sum := fixture(t)
	var doc struct {
		Findings []map[string]any `json:"findings"`
		Summary  map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal(render(t, "json", output.Options{}, batches, sum), &doc); err != nil {
		t.Fatalf("json output is not valid JSON: %v", err)
	}
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(string(render(t, "jsonl", output.Options{}, batches, sum)), "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("jsonl line %q: %v", line, err)
		}
		lines = append(lines, m)
	}
	var all []lint.Finding
	for _, b := range batches {
		all = append(all, b...)
	}
	if len(doc.Findings) != len(all) || len(lines) != len(all) {
		t.Fatalf("%d findings, json has %d, jsonl %d", len(all), len(doc.Findings), len(lines))
	}
	for _, key := range []string{"files", "messages", "findings", "by_category", "by_severity"} {
		if _, ok := doc.Summary[key]; !ok {
			t.Errorf("summary has no %q", key)
		}
	}
	for i, f := range all {
		for _, m := range []map[string]any{doc.Findings[i], lines[i]} {
			for _, key := range []string{"rule", "category", "severity", "message", "suggestions"} {
				if _, ok := m[key]; !ok {
					t.Errorf("finding %d (%s) has no %q", i, f.Rule, key)
				}
			}
			_, hasStart := m["start"]
			_, hasEnd := m["end"]
			if hasStart != f.HasSpan() || hasEnd != f.HasSpan() {
				t.Errorf("finding %d (%s): span %v, but start present %v, end present %v", i, f.Rule, f.HasSpan(), hasStart, hasEnd)
			}
		}
	}
}

// TestCSV checks what Excel and scripts rely on: the byte-order mark, the
// columns, one row a finding, suggestions joined with " / ".
func TestCSV(t *testing.T) {
	_, batches, sum := fixture(t)
	out := render(t, "csv", output.Options{}, batches, sum)
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("csv does not start with a UTF-8 byte-order mark: %q", out[:min(10, len(out))])
	}
	rows, err := csv.NewReader(bytes.NewReader(out[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"file", "line", "column", "conversation", "turn", "message_id", "role", "agent", "rule", "category",
		"severity", "match", "start", "end", "message", "suggestions", "fix", "time", "text", "scope"}
	if !slices.Equal(rows[0], want) {
		t.Errorf("header %v, want %v", rows[0], want)
	}
	var all []lint.Finding
	for _, b := range batches {
		all = append(all, b...)
	}
	if len(rows)-1 != len(all) {
		t.Fatalf("%d rows, want %d findings", len(rows)-1, len(all))
	}
	for i, f := range all {
		row := rows[i+1]
		if row[8] != f.Rule || row[15] != strings.Join(f.Suggestions, " / ") || row[16] != f.Fix || row[18] != f.Text {
			t.Errorf("row %d %v does not match finding %+v", i+1, row, f)
		}
		if row[19] != f.Scope.String() {
			t.Errorf("row %d: scope %q, want %s", i+1, row[19], f.Scope)
		}
		if (row[12] != "") != f.HasSpan() {
			t.Errorf("row %d: start %q for a finding with span %v", i+1, row[12], f.HasSpan())
		}
	}

	empty := render(t, "csv", output.Options{}, nil, lint.NewSummary())
	if string(empty) != "\uFEFF"+strings.Join(want, ",")+"\n" {
		t.Errorf("csv with no findings = %q, want the BOM and the header", empty)
	}
}

type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		ColumnKind string `json:"columnKind"`
		Tool       struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string `json:"id"`
					ShortDescription struct{ Text string }
					Help             struct{ Text string }
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
					Region           *struct{ StartLine, StartColumn int }
				}
			}
		} `json:"results"`
	} `json:"runs"`
}

// TestSARIF checks the log against the parts of SARIF 2.1.0 that code
// scanning reads: the version, rules that every result's ruleId and
// ruleIndex point at, levels, and locations.
func TestSARIF(t *testing.T) {
	l, batches, sum := fixture(t)
	for _, rs := range []struct {
		name  string
		opts  output.Options
		empty bool
	}{{"with rules", output.Options{Rules: l.Rules()}, false}, {"without rules", output.Options{}, false}, {"no findings", output.Options{Rules: l.Rules()}, true}} {
		t.Run(rs.name, func(t *testing.T) {
			bs := batches
			if rs.empty {
				bs = nil
			}
			var log sarifLog
			if err := json.Unmarshal(render(t, "sarif", rs.opts, bs, sum), &log); err != nil {
				t.Fatalf("sarif is not valid JSON: %v", err)
			}
			if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "replylint" {
				t.Fatalf("want one run of replylint in a 2.1.0 log, got version %q, %d runs", log.Version, len(log.Runs))
			}
			run := log.Runs[0]
			if run.ColumnKind != "unicodeCodePoints" {
				t.Errorf("columnKind %q: replylint counts columns in code points, SARIF's default is UTF-16 units", run.ColumnKind)
			}
			var all []lint.Finding
			for _, b := range bs {
				all = append(all, b...)
			}
			if len(run.Results) != len(all) {
				t.Fatalf("%d results, want %d", len(run.Results), len(all))
			}
			for _, r := range run.Tool.Driver.Rules {
				if r.ShortDescription.Text == "" || r.Help.Text == "" {
					t.Errorf("rule %s lacks a description or help", r.ID)
				}
			}
			levels := map[string]string{"error": "error", "warning": "warning", "info": "note"}
			for i, r := range run.Results {
				f := all[i]
				if r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID || r.RuleID != f.Rule {
					t.Errorf("result %d: ruleId %s, ruleIndex %d does not point at it", i, r.RuleID, r.RuleIndex)
				}
				if r.Level != levels[f.Severity.String()] {
					t.Errorf("result %d: level %q for severity %s", i, r.Level, f.Severity)
				}
				if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI != f.File {
					t.Errorf("result %d: want one location in %s", i, f.File)
					continue
				}
				reg := r.Locations[0].PhysicalLocation.Region
				if (reg != nil) != (f.Line > 0) || reg != nil && (reg.StartLine != f.Line || reg.StartColumn != f.Column) {
					t.Errorf("result %d: region %+v for line %d column %d", i, reg, f.Line, f.Column)
				}
			}
		})
	}
}

// TestSARIFFixes applies each fix of the log to the draft it is in, as a
// SARIF viewer would, and checks that it makes the same text as applying
// the finding's edit to the message; and that the driver names its version.
func TestSARIFFixes(t *testing.T) {
	l, batches, sum := fixture(t)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Version string }
			}
			Results []struct {
				Fixes []struct {
					ArtifactChanges []struct {
						Replacements []struct {
							DeletedRegion   struct{ StartLine, StartColumn, EndColumn int }
							InsertedContent *struct{ Text string }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(render(t, "sarif", output.Options{Rules: l.Rules(), Version: "1.2.3"}, batches, sum), &log); err != nil {
		t.Fatal(err)
	}
	if v := log.Runs[0].Tool.Driver.Version; v != "1.2.3" {
		t.Errorf("driver version %q", v)
	}
	var all []lint.Finding
	for _, b := range batches {
		all = append(all, b...)
	}
	fixes := 0
	for i, r := range log.Runs[0].Results {
		f := all[i]
		if !strings.HasPrefix(f.File, "drafts/") {
			continue // the drafts are the whole file; a transcript's file is not in the fixture
		}
		if len(r.Fixes) != len(f.Edits) {
			t.Errorf("result %d (%s): %d fixes for %d edits", i, f.Rule, len(r.Fixes), len(f.Edits))
			continue
		}
		for k, fx := range r.Fixes {
			rep := fx.ArtifactChanges[0].Replacements[0]
			lines := strings.Split(f.Text, "\n")
			line := []rune(lines[rep.DeletedRegion.StartLine-1])
			ins := ""
			if rep.InsertedContent != nil {
				ins = rep.InsertedContent.Text
			}
			lines[rep.DeletedRegion.StartLine-1] = string(line[:rep.DeletedRegion.StartColumn-1]) + ins + string(line[rep.DeletedRegion.EndColumn-1:])
			want, _ := lint.ApplyEdits(f.Text, f.Edits[k:k+1])
			if got := strings.Join(lines, "\n"); got != want {
				t.Errorf("result %d fix %d makes %q, the edit %q", i, k, got, want)
			}
			fixes++
		}
	}
	if fixes == 0 {
		t.Error("no fix in the drafts' results")
	}
}

// TestCSVColumnsAreTheRecord: the CSV's columns are lint.Record's fields
// under their JSON names, each of them (but the edits, which a table cannot
// hold, and whose safe one is the fix column), and the message's time and
// text, which the JSON leaves out.
func TestCSVColumnsAreTheRecord(t *testing.T) {
	out := render(t, "csv", output.Options{}, nil, lint.NewSummary())
	header, err := csv.NewReader(bytes.NewReader(out[3:])).Read()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	rt := reflect.TypeFor[lint.Record]()
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
		if !slices.Contains(header, name) && name != "edits" {
			t.Errorf("Record field %s has no CSV column", name)
		}
	}
	for _, h := range header {
		if !slices.Contains(names, h) && h != "time" && h != "text" {
			t.Errorf("CSV column %s is no field of lint.Record", h)
		}
	}
}
