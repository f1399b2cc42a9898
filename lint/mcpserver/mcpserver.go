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
Before sending any reply to a customer, call check_reply with the draft; if it reports
findings, call fix_reply to apply the safe rewrites, then rephrase what remains yourself
following each finding's suggestions, and check again. Send only a reply with ok = true.`

// Input is what both tools take.
type Input struct {
	Text string `json:"text" jsonschema:"the reply to the customer exactly as it would be sent, in Chinese (one message)"`
}

// Finding is one problem in the reply.
type Finding struct {
	Rule     string `json:"rule" jsonschema:"rule id, e.g. hedge.maybe"`
	Category string `json:"category" jsonschema:"rule category, e.g. honorific, hedge, overpromise"`
	Severity string `json:"severity" jsonschema:"error (must be fixed before sending), warning or info"`
	Match    string `json:"match,omitempty" jsonschema:"the offending words as they stand in the text"`
	// Start and End are absent for a finding about the whole reply.
	Start       *int     `json:"start,omitempty" jsonschema:"offset of the match in Unicode code points, 0-based"`
	End         *int     `json:"end,omitempty" jsonschema:"end of the match in code points, exclusive"`
	Message     string   `json:"message" jsonschema:"what is wrong, in Chinese"`
	Suggestions []string `json:"suggestions" jsonschema:"approved phrasing to use instead, or how to rephrase"`
	Fix         string   `json:"fix,omitempty" jsonschema:"the safe replacement fix_reply would make, when there is one"`
}

// CheckOutput is check_reply's result.
type CheckOutput struct {
	OK       bool      `json:"ok" jsonschema:"true when no error-level finding remains: the reply may be sent"`
	Summary  string    `json:"summary" jsonschema:"a short human-readable summary of the findings"`
	Findings []Finding `json:"findings" jsonschema:"every problem found, in text order"`
}

// FixOutput is fix_reply's result.
type FixOutput struct {
	Text     string    `json:"text" jsonschema:"the reply with every safe rewrite applied"`
	Changed  bool      `json:"changed" jsonschema:"whether any rewrite was made"`
	OK       bool      `json:"ok" jsonschema:"true when no error-level finding remains in text: it may be sent"`
	Summary  string    `json:"summary" jsonschema:"a short human-readable summary of what remains"`
	Findings []Finding `json:"findings" jsonschema:"what remains in text and needs rephrasing by the agent; offsets point into text"`
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
Result: ok (true when the reply may be sent), a summary, and findings with suggestions.`,
		Annotations: &mcp.ToolAnnotations{Title: "Check reply", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)},
	}, t.check)
	mcp.AddTool(s, &mcp.Tool{
		Name:  "fix_reply",
		Title: "Fix a customer-service reply",
		Description: `Apply the safe, mechanical corrections to a Chinese customer-service reply and return the corrected text:
你→您, 你好→您好, 你们→您, OK→好的, YES→是的, 拜拜→再见, ！！→！.
Rewrites that need judgement (可能 → a concrete time, 但是, 我不能 …) are NOT guessed: they come
back as findings with suggestions, and you must rephrase those parts yourself, then call
check_reply again. Use the returned text, not the original, as the basis of your reply.`,
		Annotations: &mcp.ToolAnnotations{Title: "Fix reply", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)},
	}, t.fix)
	return s
}

type tools struct{ l *lint.Linter }

func (t *tools) check(_ context.Context, _ *mcp.CallToolRequest, in Input) (*mcp.CallToolResult, CheckOutput, error) {
	if err := validate(in.Text); err != nil {
		return nil, CheckOutput{}, err
	}
	fs := t.l.CheckText(in.Text)
	out := CheckOutput{OK: sendable(fs), Findings: convert(fs)}
	out.Summary = summarize(fs, "")
	return textResult(out.Summary), out, nil
}

func (t *tools) fix(_ context.Context, _ *mcp.CallToolRequest, in Input) (*mcp.CallToolResult, FixOutput, error) {
	if err := validate(in.Text); err != nil {
		return nil, FixOutput{}, err
	}
	fixed, rem := t.l.Fix(in.Text)
	out := FixOutput{Text: fixed, Changed: fixed != in.Text, OK: sendable(rem), Findings: convert(rem)}
	out.Summary = summarize(rem, fixed)
	return textResult(out.Summary), out, nil
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

func convert(fs []lint.Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		g := Finding{
			Rule: f.Rule, Category: f.Category, Severity: f.Severity.String(),
			Match: f.Match, Message: f.Message, Suggestions: f.Suggestions, Fix: f.Fix,
		}
		if g.Suggestions == nil {
			g.Suggestions = []string{}
		}
		if f.HasSpan() {
			s, e := f.Start, f.End
			g.Start, g.End = &s, &e
		}
		out = append(out, g)
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
	}
	return strings.TrimSuffix(b.String(), "\n")
}
