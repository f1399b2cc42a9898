package mcpserver

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/lint"
)

// connect starts the server on one end of an in-memory pipe and returns a
// client session on the other, as an agent's MCP client would see it.
func connect(t *testing.T) *mcp.ClientSession {
	t.Helper()
	return connectWith(t, lint.Config{})
}

func connectWith(t *testing.T, cfg lint.Config) *mcp.ClientSession {
	t.Helper()
	l, err := lint.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := New(l, "test").Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test-agent", Version: "v0"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// call calls a tool and decodes its structured result into out, returning
// the text content an agent reads.
func call(t *testing.T, cs *mcp.ClientSession, tool string, args map[string]any, out any) string {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	var text strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			text.WriteString(tc.Text)
		}
	}
	if res.IsError {
		t.Fatalf("%s returned an error: %s", tool, text.String())
	}
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s: structured result %s: %v", tool, b, err)
	}
	return text.String()
}

func TestToolsAreListedWithDescriptions(t *testing.T) {
	cs := connect(t)
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*mcp.Tool{}
	for _, tool := range res.Tools {
		got[tool.Name] = tool
	}
	for _, name := range []string{"check_reply", "fix_reply"} {
		tool := got[name]
		if tool == nil {
			t.Fatalf("tool %s is not listed (got %v)", name, got)
		}
		if !strings.Contains(tool.Description, "customer-service reply") || tool.InputSchema == nil || tool.OutputSchema == nil {
			t.Errorf("%s lacks a description an agent can act on, or a schema: %+v", name, tool)
		}
		schema, _ := json.Marshal(tool.InputSchema)
		if !strings.Contains(string(schema), `"required":["text"]`) {
			t.Errorf("%s input schema %s should require text", name, schema)
		}
	}
	if !strings.Contains(cs.InitializeResult().Instructions, "check_reply") {
		t.Error("the server's instructions do not tell the agent to call check_reply")
	}
}

func TestCheckReply(t *testing.T) {
	cs := connect(t)
	var out CheckOutput
	text := call(t, cs, "check_reply", map[string]any{"text": "你好，这款可能一到两天到。"}, &out)
	if out.OK {
		t.Error("ok = true for a reply with errors")
	}
	byRule := map[string]Finding{}
	for _, f := range out.Findings {
		byRule[f.Rule] = f
	}
	hedge, ok := byRule["hedge.maybe"]
	if len(out.Findings) != 2 || !ok || byRule["honorific.nihao"].Fix != "您好" {
		t.Fatalf("findings %+v, want honorific.nihao (fix 您好) and hedge.maybe", out.Findings)
	}
	if hedge.Match != "可能" || hedge.Start == nil || *hedge.Start != 5 || *hedge.End != 7 || len(hedge.Suggestions) == 0 {
		t.Errorf("hedge finding %+v, want 可能 at 5-7 with suggestions", hedge)
	}
	for _, want := range []string{"2 problem(s)", "可能", "hedge.maybe", hedge.Suggestions[0]} {
		if !strings.Contains(text, want) || !strings.Contains(out.Summary, want) {
			t.Errorf("summary %q does not mention %q", text, want)
		}
	}
}

func TestCheckReplyClean(t *testing.T) {
	cs := connect(t)
	var out CheckOutput
	text := call(t, cs, "check_reply", map[string]any{"text": "您好，您的订单已经发货了，请注意查收。"}, &out)
	if !out.OK || len(out.Findings) != 0 || !strings.Contains(text, "may be sent") {
		t.Errorf("clean reply: ok %v, findings %v, summary %q", out.OK, out.Findings, text)
	}
}

func TestFixReply(t *testing.T) {
	cs := connect(t)
	var out FixOutput
	text := call(t, cs, "fix_reply", map[string]any{"text": "你好，OK的，可能一到两天到！！"}, &out)
	if out.Text != "您好，好的，可能一到两天到！" || !out.Changed {
		t.Errorf("fixed %q (changed %v)", out.Text, out.Changed)
	}
	if len(out.Findings) != 1 || out.Findings[0].Rule != "hedge.maybe" || *out.Findings[0].Start != 6 || out.OK {
		t.Errorf("remaining %+v (ok %v), want only hedge.maybe at 6 in the fixed text", out.Findings, out.OK)
	}
	if !strings.Contains(text, "您好，好的，可能一到两天到！") {
		t.Errorf("the summary an agent reads lacks the corrected reply: %q", text)
	}
}

func TestBadInputIsAToolError(t *testing.T) {
	cs := connect(t)
	for name, args := range map[string]map[string]any{
		"missing text":      {},
		"text not a string": {"text": 42},
		"too long":          {"text": strings.Repeat("您", MaxTextRunes+1)},
	} {
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "check_reply", Arguments: args})
		if err == nil && (res == nil || !res.IsError) {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A team rule with edits for a person or an agent to choose.
const editPack = `
category = "team"

[[rule]]
id = "team.guess"
description = "guess"
suggestions = ["预计…"]
terms = ["怕是"]
edits = [{ text = "预计", after_re = '[0-9一二两三四五六七八九十]' }, { text = "" }]
hits = ["⟦怕是⟧一到两天到。"]
non_hits = ["恐怕"]
`

// TestEditsRoundTrip is what an agent does: check, pick an edit by its id,
// fix with it, check again.
func TestEditsRoundTrip(t *testing.T) {
	p, err := dict.Parse("team.toml", []byte(editPack))
	if err != nil {
		t.Fatal(err)
	}
	cs := connectWith(t, lint.Config{Packs: []*dict.Pack{p}})
	draft := "你好，怕是一到两天到。"
	var checked CheckOutput
	summary := call(t, cs, "check_reply", map[string]any{"text": draft}, &checked)
	var pick string
	for _, f := range checked.Findings {
		switch f.Rule {
		case "honorific.nihao":
			if len(f.Edits) != 1 || !f.Edits[0].Safe || f.Edits[0].Text != "您好" {
				t.Errorf("honorific.nihao edits %+v, want the safe 您好", f.Edits)
			}
		case "team.guess":
			if len(f.Edits) != 2 || f.Edits[0].Safe || f.Edits[0].Text != "预计" || f.Edits[1].Text != "" {
				t.Fatalf("team.guess edits %+v, want 预计 and a deletion, neither safe", f.Edits)
			}
			pick = f.Edits[0].ID
		}
	}
	if pick == "" || !strings.Contains(summary, pick) {
		t.Fatalf("no edit id for team.guess in %+v, or the summary %q does not offer it", checked.Findings, summary)
	}
	var fixed FixOutput
	call(t, cs, "fix_reply", map[string]any{"text": draft, "apply": []string{pick, "team.guess@9:9#0"}}, &fixed)
	if fixed.Text != "您好，预计一到两天到。" || !fixed.OK || len(fixed.Findings) != 0 {
		t.Errorf("fix_reply with %s: %q ok %v findings %+v", pick, fixed.Text, fixed.OK, fixed.Findings)
	}
	if len(fixed.Ignored) != 1 || fixed.Ignored[0] != "team.guess@9:9#0" {
		t.Errorf("ignored %q, want the stale id", fixed.Ignored)
	}
	var again CheckOutput
	call(t, cs, "check_reply", map[string]any{"text": fixed.Text}, &again)
	if !again.OK || len(again.Findings) != 0 {
		t.Errorf("checked again: %+v", again)
	}
}

// With the built-in catalogue: 可能 before an amount offers 预计, which
// fix_reply makes when asked by id.
func TestFixReplyAppliesCatalogueEdit(t *testing.T) {
	cs := connect(t)
	var checked CheckOutput
	call(t, cs, "check_reply", map[string]any{"text": "你好，可能一到两天到。"}, &checked)
	id := ""
	for _, f := range checked.Findings {
		for _, e := range f.Edits {
			if f.Rule == "hedge.maybe" && e.Text == "预计" {
				id = e.ID
			}
		}
	}
	if id != "hedge.maybe@3:5#0" {
		t.Fatalf("hedge.maybe edit id %q in %+v", id, checked.Findings)
	}
	var fixed FixOutput
	call(t, cs, "fix_reply", map[string]any{"text": "你好，可能一到两天到。", "apply": []string{id}}, &fixed)
	if fixed.Text != "您好，预计一到两天到。" || !fixed.OK {
		t.Errorf("fixed %q ok %v findings %+v", fixed.Text, fixed.OK, fixed.Findings)
	}
}

// TestCancelledCallStops: a tool call whose context has ended (the client
// sent notifications/cancelled, the session closed) gives up the check and
// says so, as the HTTP handler does with its request's context, instead of
// spending the server's time on a reply no one waits for. The body is the
// largest a tool accepts, full of hits, so that a check which ignored the
// context would come back with findings.
func TestCancelledCallStops(t *testing.T) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tl := &tools{l: l}
	huge := strings.Repeat("你可能", MaxTextRunes/3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	res, out, err := tl.check(ctx, nil, Input{Text: huge})
	if !errors.Is(err, context.Canceled) || res != nil || out.Findings != nil {
		t.Errorf("check_reply, cancelled: err %v, %d findings; want context.Canceled and none", err, len(out.Findings))
	}
	fres, fout, err := tl.fix(ctx, nil, FixInput{Text: huge})
	if !errors.Is(err, context.Canceled) || fres != nil || fout.Text != "" {
		t.Errorf("fix_reply, cancelled: err %v, text of %d bytes; want context.Canceled and no text", err, len(fout.Text))
	}

	// The same call with a live context does the work.
	if _, out, err := tl.check(context.Background(), nil, Input{Text: "你可能明天到"}); err != nil || len(out.Findings) == 0 {
		t.Errorf("check_reply, live: err %v, %d findings; want findings", err, len(out.Findings))
	}
}
