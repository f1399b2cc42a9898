package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// ExplainOptions are explain's flags and argument; runExplain is the
// behaviour.
type ExplainOptions struct {
	IO     *IOStreams
	Rule   string
	Linter linterFlags
}

// NewCmdExplain builds `replylint explain`; runF, when set, receives the
// parsed options instead of runExplain.
func NewCmdExplain(streams *IOStreams, runF func(*ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{IO: streams}
	c := &cobra.Command{
		Use:   "explain RULE",
		Short: "Show a rule's rationale, seed source, examples and suggestions",
		Example: `  replylint explain overpromise.guarantee
  replylint explain hedge.maybe`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeRuleArg,
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Rule = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runExplain(opts)
		},
	}
	opts.Linter.register(c.Flags())
	return c
}

func runExplain(opts *ExplainOptions) error {
	l, err := opts.Linter.load()
	if err != nil {
		return err
	}
	return explain(opts.IO.Out, l, opts.Rule)
}

func explain(w io.Writer, l *lint.Linter, id string) error {
	r := l.Rule(id)
	if r == nil {
		var ids []string
		for _, r := range l.Rules() {
			if strings.HasPrefix(r.Info().ID, id) || r.Info().Category == id {
				ids = append(ids, r.Info().ID)
			}
		}
		if len(ids) > 0 {
			return fmt.Errorf("no rule %q; did you mean one of: %s", id, strings.Join(ids, ", "))
		}
		return fmt.Errorf("no rule %q (replylint rules lists them)", id)
	}
	m := r.Info()
	fmt.Fprintf(w, "%s  (%s, %s)\n%s\n\n", m.ID, m.Category, m.Severity, m.Description)
	if m.Rationale != "" {
		fmt.Fprintf(w, "为什么\n  %s\n\n", m.Rationale)
	}
	if len(m.Seeds) > 0 {
		fmt.Fprintf(w, "出处\n")
		for _, s := range m.Seeds {
			fmt.Fprintf(w, "  - %s\n", s)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "建议\n  %s\n", strings.Join(m.Suggestions, " / "))
	if m.Fix != "" {
		fmt.Fprintf(w, "  （replylint fix 自动改为“%s”）\n", m.Fix)
	}
	fmt.Fprintln(w)
	writeExamples(w, m.Examples.Hits, m.Examples.NonHits)
	return nil
}

// writeExamples lists a rule's hits, the marked spans in brackets, and its
// non-hits.
func writeExamples(w io.Writer, hits, nonHits []string) {
	if len(hits) > 0 {
		fmt.Fprintf(w, "算违规\n")
		for _, ex := range hits {
			fmt.Fprintf(w, "  ✗ %s\n", indentLines(bracketSpans(ex)))
		}
		fmt.Fprintln(w)
	}
	if len(nonHits) > 0 {
		fmt.Fprintf(w, "不算违规\n")
		for _, ex := range nonHits {
			fmt.Fprintf(w, "  ✓ %s\n", indentLines(ex))
		}
	}
}

// bracketSpans writes a marked example with its spans in [brackets].
func bracketSpans(ex string) string {
	text, spans := rules.ParseMarked(ex)
	rs := []rune(text)
	var b strings.Builder
	at := 0
	for _, s := range spans {
		b.WriteString(string(rs[at:s.Start]) + "[" + string(rs[s.Start:s.End]) + "]")
		at = s.End
	}
	b.WriteString(string(rs[at:]))
	return b.String()
}

// indentLines keeps a multi-line example (a conversation rule's transcript)
// under its ✗ or ✓ mark.
func indentLines(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }
