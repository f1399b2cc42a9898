// Package mcpserver exposes replylint to AI agents as a Model Context
// Protocol server (`replylint mcp`): an AI customer-service agent calls
// check_reply on a draft before sending it, or fix_reply to get it back with
// the safe rewrites made and a list of what it must still rephrase itself.
package mcpserver

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// MaxTextRunes bounds a reply a tool accepts. A customer-service reply is a
// few hundred characters; the bound keeps one call from tying the server up.
const MaxTextRunes = 100_000

// Instructions are sent to the client when it connects; agents read them
// to decide when to use the tools.
const Instructions = `replylint checks Chinese customer-service replies against service guidelines
(您 not 你, no 呵呵/大哥/OK/但是/我不能, no vague 可能/大概, no over-promises like 保证/绝对).
Before sending any reply to a customer, call check_reply with the draft. For each finding,
either pick one of its edits (pass the edit's id to fix_reply in apply) or rephrase that part
yourself following its suggestions; fix_reply also applies every safe edit. Then call
check_reply again on the new text. Send only a reply with ok = true.`

// Input is what check_reply takes.
type Input struct {
	Text string `json:"text" jsonschema:"the reply to the customer exactly as it would be sent, in Chinese (one message)"`
}

// FixInput is what fix_reply takes: the text, and the edits to apply
// besides the safe ones.
type FixInput struct {
	Text  string   `json:"text" jsonschema:"the reply to the customer exactly as it would be sent, in Chinese (one message)"`
	Apply []string `json:"apply,omitempty" jsonschema:"ids of edits from check_reply's findings on this same text to apply besides the safe ones"`
}

// Finding is one problem in the reply, in the JSON schema of
// `replylint check --format json`.
type Finding = lint.Record

// CheckOutput is check_reply's result.
type CheckOutput struct {
	OK       bool      `json:"ok" jsonschema:"true when no error-level finding remains: the reply may be sent"`
	Summary  string    `json:"summary" jsonschema:"a short human-readable summary of the findings"`
	Findings []Finding `json:"findings" jsonschema:"every problem found, in text order, each with its edits"`
}

// FixOutput is fix_reply's result.
type FixOutput struct {
	Text    string `json:"text" jsonschema:"the reply with every safe edit and the chosen ones applied"`
	Changed bool   `json:"changed" jsonschema:"whether any edit was made"`
	OK      bool   `json:"ok" jsonschema:"true when no error-level finding remains in text: it may be sent"`
	// Ignored are ids of apply that no finding of the text has: stale, or
	// mistyped.
	Ignored  []string  `json:"ignored,omitempty" jsonschema:"ids in apply that name no edit of this text (check it again to get fresh ids)"`
	Summary  string    `json:"summary" jsonschema:"a short human-readable summary of what remains"`
	Findings []Finding `json:"findings" jsonschema:"what remains in text and needs an edit or rephrasing by the agent; offsets point into text"`
}

// New returns an MCP server with the check_reply and fix_reply tools on l,
// which all sessions share.
func New(l *lint.Linter, version string) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "replylint", Title: "replylint — 客服回复规范检查", Version: version},
		&mcp.ServerOptions{Instructions: Instructions})
	t := &tools{l: l}
	mcp.AddTool(s, &mcp.Tool{
		Name:  "check_reply",
		Title: "Check a customer-service reply",
		Description: `Check a Chinese customer-service reply against service guidelines BEFORE sending it to the customer.
Call it on every draft reply. It reports, with the exact words and a suggested rephrasing:
你/你们/你好 where 您/您好 is required; banned words (呵呵, 哈哈, 大哥, 亲爱的, OK, NO, YES, 拜拜);
vague answers (可能, 大概, 也许 — give a concrete answer instead); over-promises (保证, 绝对,
肯定能, 百分之百); refusals and blame-shifting (我不能, 不清楚, 不归我管); 但是; slang; shouting.
Words in their innocent sense are not flagged (呵护, 保证金, 尽可能, 迷你).
Result: ok (true when the reply may be sent), a summary, and findings with suggestions and
edits. An edit replaces the code points start…end of the text with its text (empty deletes);
safe edits are mechanical. To act on a finding, either choose one of its edits and pass its id
to fix_reply in apply, or rephrase that part yourself following the suggestions; then call
check_reply again on the new text.`,
		Annotations: &mcp.ToolAnnotations{Title: "Check reply", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)},
	}, t.check)
	mcp.AddTool(s, &mcp.Tool{
		Name:  "fix_reply",
		Title: "Fix a customer-service reply",
		Description: `Apply corrections to a Chinese customer-service reply and return the corrected text: every safe,
mechanical edit (你→您, 你好→您好, 你们→您, OK→好的, YES→是的, 拜拜→再见, ！！→！), and the edits
you choose: pass in apply the ids of edits from check_reply's findings on this same text
(e.g. 可能一到两天 → 预计一到两天). Rewrites that need judgement are never guessed: what remains
comes back as findings with suggestions and edits; choose an edit or rephrase those parts
yourself, then call check_reply again. Use the returned text, not the original, as the basis
of your reply.`,
		Annotations: &mcp.ToolAnnotations{Title: "Fix reply", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)},
	}, t.fix)
	return s
}

type tools struct{ l *lint.Linter }

func (t *tools) check(ctx context.Context, _ *mcp.CallToolRequest, in Input) (*mcp.CallToolResult, CheckOutput, error) {
	if err := validate(in.Text); err != nil {
		return nil, CheckOutput{}, err
	}
	fs, err := t.l.CheckConversationContext(ctx, draft(in.Text))
	if err != nil {
		return nil, CheckOutput{}, stopped(err)
	}
	out := CheckOutput{OK: sendable(fs), Findings: convert(fs)}
	out.Summary = summarize(fs, "")
	return textResult(out.Summary), out, nil
}

func (t *tools) fix(ctx context.Context, _ *mcp.CallToolRequest, in FixInput) (*mcp.CallToolResult, FixOutput, error) {
	if err := validate(in.Text); err != nil {
		return nil, FixOutput{}, err
	}
	// The chosen edits first, on the text their ids were made for; Fix
	// then makes the safe ones, in as many passes as it needs.
	fs, err := t.l.CheckConversationContext(ctx, draft(in.Text))
	if err != nil {
		return nil, FixOutput{}, stopped(err)
	}
	edits, ignored := lint.SelectEdits(fs, in.Apply)
	chosen, _ := lint.ApplyEdits(in.Text, edits)
	fixed, rem, err := t.l.FixContext(ctx, chosen)
	if err != nil {
		return nil, FixOutput{}, stopped(err)
	}
	out := FixOutput{Text: fixed, Changed: fixed != in.Text, OK: sendable(rem), Ignored: ignored, Findings: convert(rem)}
	out.Summary = summarize(rem, fixed)
	if len(ignored) > 0 {
		out.Summary += "\nIgnored edit ids (not edits of this text; call check_reply for fresh ones): " + strings.Join(ignored, ", ")
	}
	return textResult(out.Summary), out, nil
}

// draft is the conversation a tool checks: the text is one agent message,
// as CheckText and POST /v1/check with "text" have it.
func draft(text string) *lint.Conversation {
	return &lint.Conversation{Draft: true, Messages: []lint.Message{{Role: lint.Agent, Text: text, Line: 1, Column: 1, Verbatim: true}}}
}

// stopped is the error of a call whose context ended (the client sent
// notifications/cancelled, or the session closed): the check was given up,
// and the agent is told so rather than handed a partial result. Like the
// HTTP handler, the check stops between steps; one step's work is bounded
// by the reply's size.
func stopped(err error) error {
	return fmt.Errorf("the call was cancelled before the check finished: %w", err)
}

func validate(text string) error {
	if !utf8.ValidString(text) {
		return fmt.Errorf("text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(text); n > MaxTextRunes {
		return fmt.Errorf("text has %d characters; check one reply at a time (at most %d)", n, MaxTextRunes)
	}
	return nil
}

// textResult makes the human summary the content an agent reads; the
// structured result is added by the SDK from the output value.
func textResult(summary string) *mcp.CallToolResult {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: summary}}}
}

func sendable(fs []lint.Finding) bool {
	for _, f := range fs {
		if f.Severity >= rules.Error {
			return false
		}
	}
	return true
}

// convert writes findings in their wire shape, with lists an MCP output
// schema accepts (an array, never null).
func convert(fs []lint.Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for i := range fs {
		r := fs[i].Record()
		if r.Suggestions == nil {
			r.Suggestions = []string{}
		}
		out = append(out, r)
	}
	return out
}

// summarize tells the agent in a few lines what to do: the corrected text
// (for fix_reply), then one line a finding with its suggestions.
func summarize(fs []lint.Finding, fixed string) string {
	var b strings.Builder
	if fixed != "" {
		fmt.Fprintf(&b, "Corrected reply:\n%s\n\n", fixed)
	}
	errs := 0
	for _, f := range fs {
		if f.Severity >= rules.Error {
			errs++
		}
	}
	switch {
	case len(fs) == 0:
		b.WriteString("No problems: the reply follows the guidelines and may be sent.")
		return b.String()
	case errs == 0:
		fmt.Fprintf(&b, "%d minor issue(s), no errors: the reply may be sent, better after rephrasing:\n", len(fs))
	default:
		fmt.Fprintf(&b, "%d problem(s), %d error(s): rephrase before sending:\n", len(fs), errs)
	}
	for i, f := range fs {
		fmt.Fprintf(&b, "%d. [%s] %s", i+1, f.Severity, f.Message)
		if len(f.Suggestions) > 0 {
			fmt.Fprintf(&b, " → %s", strings.Join(f.Suggestions, " / "))
		}
		if f.Fix != "" {
			fmt.Fprintf(&b, " (fix_reply makes it “%s”)", f.Fix)
		}
		fmt.Fprintf(&b, " [%s]\n", f.Rule)
		for _, e := range f.Edits {
			if !e.Safe {
				fmt.Fprintf(&b, "   edit %s: %s\n", e.ID, describeEdit(f.Text, e))
			}
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// describeEdit says in a few words what an edit does to text.
func describeEdit(text string, e lint.Edit) string {
	rs := []rune(text)
	old := ""
	if e.Start >= 0 && e.Start <= e.End && e.End <= len(rs) {
		old = string(rs[e.Start:e.End])
	}
	if e.Text == "" {
		return "delete “" + old + "”"
	}
	return "“" + old + "” → “" + e.Text + "”"
}
