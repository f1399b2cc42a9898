package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nicknames is an export whose 发送方 column holds nicknames only.
const nicknames = "发送方,内容,时间\ntb_889201,在吗,2024-05-01 23:58:00\n小妮,你好,2024-05-01 23:59:00\n"

// timeColumn runs check -f csv and returns the time of the first row.
func timeColumn(t *testing.T, args ...string) string {
	t.Helper()
	stdout, stderr, code := runCheckCLI(t, "", append([]string{"-f", "csv", "--fail-on", "never"}, args...)...)
	if code != 0 {
		t.Fatalf("check %v: exit %d, %s", args, code, stderr)
	}
	rows := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(rows) < 2 {
		t.Fatalf("check %v: no rows:\n%s", args, stdout)
	}
	cells := strings.Split(rows[1], ",")
	return cells[17]
}

// Naive times are read in --timezone, else [input] timezone, and written
// with their offset; --others customer and --agent-name settle nicknames.
func TestTimezoneOthersAndAgentNames(t *testing.T) {
	dir := tree(t, map[string]string{"nick.csv": nicknames, "team.toml": "[roles]\nothers = \"customer\"\n\n[input]\ntimezone = \"America/New_York\"\n"})
	csvFile, cfg := filepath.Join(dir, "nick.csv"), filepath.Join(dir, "team.toml")

	_, stderr, code := runCheckCLI(t, "", csvFile)
	if code != 2 || !strings.Contains(stderr, "nick.csv:2:") || !strings.Contains(stderr, "--others customer") {
		t.Errorf("nicknames without a flag: exit %d, %q", code, stderr)
	}
	if got := timeColumn(t, "--agent-name", "小妮", "--others", "customer", "--timezone", "Asia/Shanghai", csvFile); got != "2024-05-01T23:59:00+08:00" {
		t.Errorf("--timezone Asia/Shanghai: time %q", got)
	}
	if got := timeColumn(t, "--agent-name", "小妮", "--config", cfg, csvFile); got != "2024-05-01T23:59:00-04:00" {
		t.Errorf("[input] timezone and [roles] others: time %q", got)
	}
	// The flag wins over the config.
	if got := timeColumn(t, "--agent-name", "小妮", "--config", cfg, "--timezone", "UTC", csvFile); got != "2024-05-01T23:59:00Z" {
		t.Errorf("--timezone over the config: time %q", got)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--timezone", "Mars/Olympus"}, `replylint: --timezone: unknown time zone "Mars/Olympus" (want an IANA name such as Asia/Shanghai, or Local)` + "\n"},
		{[]string{"--others", "agent"}, `replylint: --others: unknown value "agent" (want customer)` + "\n"},
		{[]string{"--input-format", "xls"}, `replylint: --input-format: unknown value "xls" (want auto, text, chat, jsonl, json, csv, xlsx)` + "\n"},
	} {
		stdout, stderr, code := runCheckCLI(t, "", append(c.args, csvFile)...)
		if code != 2 || stdout != "" || stderr != c.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

// report counts a conversation on its day in --timezone: 16:20 UTC is the
// next day in Beijing.
func TestReportDaysInTimezone(t *testing.T) {
	dir := tree(t, map[string]string{"d.jsonl": `{"conversation":"c1","role":"customer","text":"在吗","time":"2024-05-01T16:20:00Z"}` + "\n" +
		`{"conversation":"c1","role":"agent","text":"您好，在的","time":"2024-05-01T16:20:02Z"}` + "\n"})
	day := func(args ...string) string {
		stdout, stderr, code := runCLI(t, "", append([]string{"report", "-f", "json", "-o", "-", filepath.Join(dir, "d.jsonl")}, args...)...)
		if code != 0 {
			t.Fatalf("report %v: exit %d, %s", args, code, stderr)
		}
		var card struct {
			Days []struct{ Date string }
		}
		if err := json.Unmarshal([]byte(stdout), &card); err != nil || len(card.Days) != 1 {
			t.Fatalf("report %v: %v, %s", args, err, stdout)
		}
		return card.Days[0].Date
	}
	if got := day("--timezone", "Asia/Shanghai"); got != "2024-05-02" {
		t.Errorf("day in Asia/Shanghai: %s", got)
	}
	if got := day("--timezone", "UTC"); got != "2024-05-01" {
		t.Errorf("day in UTC: %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.json")); err == nil {
		t.Error("-o - wrote a file")
	}
}
