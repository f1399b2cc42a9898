package lint

import (
	"context"
	"slices"
	"unicode"
)

// maxFixPasses bounds how often Fix re-checks its own output. One pass is
// normally enough; a second catches a rewrite that only becomes visible once
// a neighbour is fixed. The bound keeps a pack whose fix re-creates its own
// match (fix = the term itself) from looping forever.
const maxFixPasses = 4

// Fix applies every safe rewrite to a draft reply (你→您, 你好→您好, OK→好的 …)
// and returns the corrected text with the findings that remain in it.
// Findings whose rewrite needs judgement (可能 → a concrete time) are never
// guessed: they come back in remaining, their offsets pointing into fixed.
// Fixing fixed again changes nothing.
func (l *Linter) Fix(text string) (fixed string, remaining []Finding) {
	fixed, remaining, _ = l.fix(nil, text)
	return fixed, remaining
}

// FixContext is Fix that gives up, returning ctx's error, when ctx is done;
// see CheckConversationContext.
func (l *Linter) FixContext(ctx context.Context, text string) (fixed string, remaining []Finding, err error) {
	return l.fix(ctx, text)
}

// fix is Fix and FixContext; a nil ctx is never done.
func (l *Linter) fix(ctx context.Context, text string) (string, []Finding, error) {
	// The passes see every finding, not the first MaxMessageFindings, so
	// that fixing is done in one call and fixing again changes nothing.
	c := draft(text)
	remaining, err := l.check(ctx, c, 0)
	for pass := 0; err == nil && pass < maxFixPasses; pass++ {
		next, _ := applyFixes(c.Messages[0].Text, remaining)
		if next == c.Messages[0].Text {
			break
		}
		c = draft(next)
		remaining, err = l.check(ctx, c, 0)
	}
	if err != nil {
		return "", nil, err
	}
	if len(remaining) > MaxMessageFindings {
		remaining = append(remaining[:MaxMessageFindings], l.capFinding(c, 0))
	}
	return c.Messages[0].Text, remaining, nil
}

// FixConversation applies the safe rewrites to every agent message of c and
// returns a copy of c with the corrected texts, and the findings that remain
// in the copy. Customer messages are never changed. Positions of the copy's
// messages in the original file no longer hold once a message has changed,
// so such a message loses its line and column.
func (l *Linter) FixConversation(c *Conversation) (*Conversation, []Finding) {
	fixed, fs, _ := l.FixConversationContext(context.Background(), c)
	return fixed, fs
}

// FixConversationContext is FixConversation that gives up, returning ctx's
// error, when ctx is done; see CheckConversationContext.
func (l *Linter) FixConversationContext(ctx context.Context, c *Conversation) (*Conversation, []Finding, error) {
	out := *c
	out.Messages = slices.Clone(c.Messages)
	for i := range out.Messages {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		m := &out.Messages[i]
		if m.Role == Customer {
			continue
		}
		fixed, _, err := l.fix(ctx, m.Text)
		if err != nil {
			return nil, nil, err
		}
		if fixed != m.Text {
			m.Text = fixed
			m.Line, m.Column, m.Verbatim = 0, 0, false
		}
	}
	fs, err := l.check(ctx, &out, MaxMessageFindings)
	if err != nil {
		return nil, nil, err
	}
	return &out, fs, nil
}

// applyFixes rewrites text with the safe edits of fs, which must be
// findings in text itself (one message: CheckText's findings, or one
// message's findings of CheckConversation). Where they overlap, the one
// starting first wins, and of those the longer (你好 over 你). It returns
// the new text and how many rewrites it made.
func applyFixes(text string, fs []Finding) (string, int) {
	edits, _ := SelectEdits(fs, nil)
	return ApplyEdits(text, edits)
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// overlap returns the length of the longest proper suffix of with that
// next begins with.
func overlap(with, next []rune) int {
	for k := min(len(with)-1, len(next)); k > 0; k-- {
		if slices.Equal(with[len(with)-k:], next[:k]) {
			return k
		}
	}
	return 0
}
