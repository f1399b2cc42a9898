package cmd

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/replylint/replylint/lint"
)

const (
	shopTranscripts = "../testdata/transcripts/shop.jsonl"
	xssTranscript   = "../testdata/transcripts/xss.jsonl"
)

// qaConfig writes a config that adds the QA checklist pack of testdata.
func qaConfig(t *testing.T, dir string) string {
	t.Helper()
	pack, err := filepath.Abs("../testdata/transcripts/qa-checklist.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "qa.toml")
	if err := os.WriteFile(p, []byte(fmt.Sprintf("extends = [%q]\n", pack)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkSummary is what `check --format json` says about the same input.
func checkSummary(t *testing.T, args ...string) lint.Summary {
	t.Helper()
	out, errOut, code := runCLI(t, "", append([]string{"check", "--format", "json", "--fail-on", "never"}, args...)...)
	if code != 0 {
		t.Fatalf("check exit %d: %s", code, errOut)
	}
	var doc struct{ Summary lint.Summary }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("check --format json: %v", err)
	}
	return doc.Summary
}

// valueOf reads the data-value of the element with the given id.
func valueOf(t *testing.T, page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `"[^>]*data-value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no #%s with a data-value in the report", id)
	}
	return m[1]
}

func writeReport(t *testing.T, args ...string) (dir, page string) {
	t.Helper()
	dir = t.TempDir()
	out := filepath.Join(dir, "report.html")
	stdout, stderr, code := runCLI(t, "", append([]string{"report", "-o", out}, args...)...)
	if code != 0 {
		t.Fatalf("report exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "wrote "+out) {
		t.Errorf("stdout %q, want it to say which file was written", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return dir, string(b)
}

func TestReportAgreesWithCheck(t *testing.T) {
	cfg := qaConfig(t, t.TempDir())
	want := checkSummary(t, "--config", cfg, shopTranscripts)
	_, page := writeReport(t, "--config", cfg, "--title", "五月第一周质检", shopTranscripts)
	for id, n := range map[string]int{"sum-conversations": want.Conversations, "sum-messages": want.Messages, "sum-findings": want.Findings} {
		if got := valueOf(t, page, id); got != strconv.Itoa(n) {
			t.Errorf("#%s = %s, check says %d", id, got, n)
		}
	}
	for cat, n := range want.ByCategory {
		if !strings.Contains(page, fmt.Sprintf(`data-category="%s" data-value="%d"`, cat, n)) {
			t.Errorf("category chart: no bar for %s with %d findings", cat, n)
		}
	}
	if !strings.Contains(page, "<title>五月第一周质检</title>") || !strings.Contains(page, `<meta charset="utf-8">`) {
		t.Error("report lacks its title or its charset")
	}
	// The checklist pack's fatal competitor item scores c04 zero.
	if got := valueOf(t, page, "sum-fatal"); got != "1" {
		t.Errorf("fatal conversations = %s, want 1 (c04 mentions a competitor)", got)
	}
	if !regexp.MustCompile(`>c04</a></td>.*<td>阿杰</td>.*0\.0（致命）`).MatchString(page) {
		t.Error("lowest-scoring table should show c04 by 阿杰 at 0.0 (fatal)")
	}
	// Nothing is fetched when the file is opened.
	if m := regexp.MustCompile(`(?i)(src|href)="https?:|@import|url\(http`).FindString(page); m != "" {
		t.Errorf("report fetches from the network: %s", m)
	}
}

func TestReportCSV(t *testing.T) {
	cfg := qaConfig(t, t.TempDir())
	want := checkSummary(t, "--config", cfg, shopTranscripts)
	dir := t.TempDir()
	_, stderr, code := runCLI(t, "", "report", "--config", cfg, "-o", filepath.Join(dir, "r.html"), "--csv-dir", filepath.Join(dir, "tables"), shopTranscripts)
	if code != 0 {
		t.Fatal(stderr)
	}
	read := func(name string) [][]string {
		b, err := os.ReadFile(filepath.Join(dir, "tables", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\ufeff")) {
			t.Errorf("%s has no BOM: Excel would not read it as UTF-8", name)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return rows
	}
	sum := func(rows [][]string, col string) (n int) {
		at := -1
		for i, h := range rows[0] {
			if h == col {
				at = i
			}
		}
		for _, r := range rows[1:] {
			v, _ := strconv.Atoi(r[at])
			n += v
		}
		return n
	}
	agents, convs, rules, findings := read("agents.csv"), read("conversations.csv"), read("rules.csv"), read("findings.csv")
	if got := len(findings) - 1; got != want.Findings {
		t.Errorf("findings.csv has %d rows, check finds %d", got, want.Findings)
	}
	if days := read("days.csv"); len(days) != 5 || days[1][0] != "2024-05-01" {
		t.Errorf("days.csv = %v, want a header and the four days 2024-05-01 … 05-04", days)
	}
	if got := sum(agents, "findings"); got != want.Findings {
		t.Errorf("agents.csv findings add up to %d, check says %d", got, want.Findings)
	}
	if got := sum(agents, "messages"); got != want.Messages {
		t.Errorf("agents.csv messages add up to %d, check says %d", got, want.Messages)
	}
	if got := len(convs) - 1; got != want.Conversations {
		t.Errorf("conversations.csv has %d rows, check counts %d conversations", got, want.Conversations)
	}
	if got := sum(rules, "findings"); got != want.Findings {
		t.Errorf("rules.csv findings add up to %d, check says %d", got, want.Findings)
	}
	var names []string
	for _, r := range agents[1:] {
		names = append(names, r[0])
	}
	if got := strings.Join(names, ","); got != "阿杰,未知,小妮,小雨" {
		t.Errorf("agents.csv rows %s, want the lowest mean score first and 未知 for the conversation without an agent", got)
	}
}

// TestReportJSON: --format json writes the whole scorecard, with every
// conversation and every finding, and -o - puts it on standard output.
func TestReportJSON(t *testing.T) {
	cfg := qaConfig(t, t.TempDir())
	want := checkSummary(t, "--config", cfg, shopTranscripts)
	stdout, stderr, code := runCLI(t, "", "report", "--config", cfg, "--format", "json", "-o", "-", shopTranscripts)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Summary       lint.Summary
		Conversations []struct{ ID string }
		Findings      []lint.Finding
		Lowest        []struct{ ID string } `json:"lowest_conversations"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("standard output is not one JSON document: %v\n%.300s", err, stdout)
	}
	if doc.Summary.Findings != want.Findings || len(doc.Findings) != want.Findings {
		t.Errorf("summary says %d findings and lists %d; check finds %d", doc.Summary.Findings, len(doc.Findings), want.Findings)
	}
	if len(doc.Conversations) != want.Conversations {
		t.Errorf("%d conversations listed, check counts %d", len(doc.Conversations), want.Conversations)
	}
	if len(doc.Lowest) == 0 || doc.Lowest[0].ID != "c04" {
		t.Errorf("lowest conversations %v, want c04 first (fatal)", doc.Lowest)
	}
	if !strings.Contains(stderr, "wrote the report to standard output") {
		t.Errorf("stderr %q should say where the report went", stderr)
	}
	if _, _, code := runCLI(t, "", "report", "--format", "pdf", shopTranscripts); code != ExitError {
		t.Errorf("--format pdf: exit %d, want 2", code)
	}
}

func TestReportUnknownAgent(t *testing.T) {
	_, page := writeReport(t, shopTranscripts)
	row := regexp.MustCompile(`(?s)<tr data-agent="unknown">.*?</tr>`).FindString(page)
	if row == "" || !strings.Contains(row, ">未知</a>") || !strings.Contains(row, `data-sort="1">1</td>`) {
		t.Errorf("conversation c06 has no agent name: want an 未知 row with 1 conversation, got %q", row)
	}
}

// An empty export is nothing to report on: exit 2, and the last report
// stays as it was (a cron job with a forgotten path must not write
// "mean score 100").
func TestReportEmptyInput(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.html")
	stdout, stderr, code := runCLI(t, "", "report", "-o", out, "--csv-dir", filepath.Join(dir, "tables"), empty)
	if code != ExitError || stdout != "" || stderr != "replylint: nothing to check: no messages in "+empty+"\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, p := range []string{out, filepath.Join(dir, "tables")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s written for empty input", p)
		}
	}
}

func TestReportEscapesReplies(t *testing.T) {
	_, page := writeReport(t, xssTranscript)
	for _, bad := range []string{"<script>document.title", "<img src=x", "<b>小妮</b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("report contains %q unescaped", bad)
		}
	}
	if !strings.Contains(page, "&lt;b&gt;小妮&lt;/b&gt;") {
		t.Error("the agent name <b>小妮</b> should appear as text in the agent table")
	}
}

func TestReportKeepsLastGoodReportOnError(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	if err := os.WriteFile(out, []byte("last good report"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"text\":\"您好\"}\n{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, "", "report", "-o", out, bad)
	if code != ExitError || !strings.Contains(stderr, "bad.jsonl:2") {
		t.Errorf("exit %d, stderr %q; want 2 naming bad.jsonl:2", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "last good report" {
		t.Errorf("report.html was overwritten after an error: %.40q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}

// chromium returns the browser binary, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (apt-get install chromium): the report's browser test is skipped")
	return ""
}

// browse opens url in headless Chromium after its scripts ran and returns
// the DOM; with shot set, it saves a screenshot there instead.
func browse(t *testing.T, bin, url, shot string) string {
	t.Helper()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--hide-scrollbars", "--virtual-time-budget=2000"}
	if shot != "" {
		args = append(args, "--screenshot="+shot, "--window-size=1280,2000")
	} else {
		args = append(args, "--dump-dom")
	}
	cmd := exec.Command(bin, append(args, url)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("chromium: %v\n%s", err, errOut.String())
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("chromium did not finish in 60s\n%s", errOut.String())
	}
	return out.String()
}

func count(dom, re string) int { return len(regexp.MustCompile(re).FindAllString(dom, -1)) }

// TestReportInBrowser opens the report as a QA lead would and checks what
// the page shows once its scripts have run. REPLYLINT_SCREENSHOT=path also
// saves a screenshot (docs/report.png is made so).
func TestReportInBrowser(t *testing.T) {
	bin := chromium(t)
	cfg := qaConfig(t, t.TempDir())
	want := checkSummary(t, "--config", cfg, shopTranscripts)
	dir, _ := writeReport(t, "--config", cfg, "--title", "五月第一周质检", shopTranscripts)
	url := "file://" + filepath.Join(dir, "report.html")
	dom := browse(t, bin, url, "")

	if got := count(dom, `<g class="cat-bar"`); got != len(want.ByCategory) {
		t.Errorf("category chart has %d bars, check has %d categories", got, len(want.ByCategory))
	}
	if got := count(dom, `<tr data-agent=`); got != 4 {
		t.Errorf("agent table has %d rows, want 4 (阿杰, 小妮, 小雨, 未知)", got)
	}
	if got := count(dom, `<g class="day"`); got != 4 {
		t.Errorf("trend chart has %d days, want 4 (2024-05-01 … 05-04)", got)
	}
	// The drill-down is drawn by script from the embedded data: one card a
	// reply that has findings, holding them all, as many as check finds.
	if got, replies := count(dom, `<div class="finding"`), repliesWithFindings(t, "--config", cfg, shopTranscripts); got != replies {
		t.Errorf("drill-down shows %d cards, check finds findings in %d replies", got, replies)
	}
	if got := count(dom, `<li class="item"`); got != want.Findings {
		t.Errorf("drill-down cards hold %d findings, check finds %d", got, want.Findings)
	}
	if got := valueOf(t, dom, "count"); got != strconv.Itoa(want.Findings) {
		t.Errorf("drill-down count says %s, check finds %d", got, want.Findings)
	}
	if !strings.Contains(dom, `<mark>呵呵</mark>，<mark>大哥</mark>`) {
		t.Error("drill-down should highlight every hit of a reply in it")
	}
	if !strings.Contains(dom, `<span class="sev sev-3">错误</span>`) || !strings.Contains(dom, "扣 10 分") {
		t.Error("each finding should show its severity in Chinese and the points it cost")
	}
	if !strings.Contains(dom, "<li>告知客户：退款将原路退回到您的支付账户</li>") {
		t.Error("drill-down should show the checklist item's suggestion beside it")
	}
	if !strings.Contains(dom, `<option value="0">阿杰</option>`) {
		t.Error("drill-down should offer agents to filter by")
	}

	// Filtered to one agent, the drill-down holds that agent's row of the
	// table, no more, no less.
	row := regexp.MustCompile(`(?s)<tr data-agent="阿杰">.*?</tr>`).FindString(dom)
	cells := regexp.MustCompile(`data-sort="([^"]*)"`).FindAllStringSubmatch(row, -1)
	if len(cells) < 5 {
		t.Fatalf("阿杰's row: %q", row)
	}
	filtered := browse(t, bin, url+"?agent="+neturl.QueryEscape("阿杰"), "")
	if got := valueOf(t, filtered, "count"); got != cells[4][1] {
		t.Errorf("drill-down filtered to 阿杰 shows %s findings, the agent table says %s", got, cells[4][1])
	}

	// A lowest-scoring conversation links to its cards; the same view is
	// ?conversation=ID, and the search box finds it by id.
	if !regexp.MustCompile(`<a class="conv" data-detail="0" href="#drill">c04</a>`).MatchString(dom) {
		t.Error("the lowest-scoring table should link c04 to its detail")
	}
	for _, q := range []string{"?conversation=c04", "?q=c04"} {
		one := browse(t, bin, url+q, "")
		all, own := count(one, `<div class="finding"`), count(one, `<div class="finding" data-conversation="c04"`)
		if all == 0 || all != own {
			t.Errorf("%s shows %d cards, %d of them c04's; want only c04's", q, all, own)
		}
	}

	if path := os.Getenv("REPLYLINT_SCREENSHOT"); path != "" {
		browse(t, bin, url, path)
	}
}

// repliesWithFindings counts the replies (and whole conversations) that
// check's findings are about: the cards the drill-down should show.
func repliesWithFindings(t *testing.T, args ...string) int {
	t.Helper()
	out, errOut, code := runCLI(t, "", append([]string{"check", "--format", "json", "--fail-on", "never"}, args...)...)
	if code != 0 {
		t.Fatalf("check exit %d: %s", code, errOut)
	}
	var doc struct{ Findings []lint.Finding }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range doc.Findings {
		seen[fmt.Sprint(f.File, f.Conversation, f.Turn)] = true
	}
	return len(seen)
}

// TestReportInBrowserEscapes: a reply with <script> in it is shown as text
// and never runs.
func TestReportInBrowserEscapes(t *testing.T) {
	bin := chromium(t)
	dir, _ := writeReport(t, xssTranscript)
	dom := browse(t, bin, "file://"+filepath.Join(dir, "report.html"), "")
	if strings.Contains(dom, "pwned</title>") || strings.Contains(dom, "<img src=\"x\"") {
		t.Fatal("a script in a reply ran in the report")
	}
	text := html.EscapeString(`<script>document.title='pwned';window.pwned=1</script>`)
	text = strings.ReplaceAll(text, "&#39;", "'")
	if !strings.Contains(dom, text) {
		t.Errorf("the reply's <script> should be shown as text in the drill-down")
	}
}

// TestReportInBrowserPages: a large run opens on a page of 50 cards, and
// the pages hold them all.
func TestReportInBrowserPages(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	var b strings.Builder
	for i := range 250 {
		fmt.Fprintf(&b, `{"conversation":"c%d","role":"customer","text":"在吗"}`+"\n", i)
		fmt.Fprintf(&b, `{"conversation":"c%d","role":"agent","agent":"A%d","text":"您好，在的，请问还有其他问题吗？OK"}`+"\n", i, i%3)
	}
	in := filepath.Join(dir, "big.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	replies := repliesWithFindings(t, in)
	if replies <= 100 {
		t.Fatalf("the input should make more than two pages of cards, made %d", replies)
	}
	out, _ := writeReport(t, in)
	out = filepath.Join(out, "report.html")
	last := (replies - 1) / 50
	first := browse(t, bin, "file://"+out, "")
	if got := count(first, `<div class="finding"`); got != 50 {
		t.Errorf("first page shows %d cards, want 50", got)
	}
	end := browse(t, bin, fmt.Sprintf("file://%s?page=%d", out, last+1), "")
	if got, rest := count(end, `<div class="finding"`), replies-last*50; got != rest {
		t.Errorf("last page shows %d cards, want the remaining %d", got, rest)
	}
	if !strings.Contains(end, fmt.Sprintf("第 %d / %d 页", last+1, last+1)) {
		t.Errorf("last page should say it is page %d of %d", last+1, last+1)
	}
}
