package cmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/lint"
)

// TestRulesOptions are test-rules' flags and packs; runTestRules is the
// behaviour.
type TestRulesOptions struct {
	IO          *IOStreams
	Packs       []string
	WithBuiltin bool
}

// NewCmdTestRules builds `replylint test-rules`; runF, when set, receives
// the parsed options instead of runTestRules.
func NewCmdTestRules(io *IOStreams, runF func(*TestRulesOptions) error) *cobra.Command {
	opts := &TestRulesOptions{IO: io}
	c := &cobra.Command{
		Use:   "test-rules PACK.toml...",
		Short: "Run a rule pack's own examples and report each rule as PASS or FAIL",
		Long: `Run the examples of every rule in a pack, as the built-in catalogue's own test does:
each hit must be found by its rule at exactly the spans marked ⟦…⟧ (anywhere, when
none is marked), no non-hit may be flagged by it, and each fixes pair must come out
of "replylint fix" as written. Conversation rules take transcripts, one turn a line
(客户（10:00:00）：… / 客服：…), with the turns to flag wrapped in ⟦…⟧.

The pack runs alone unless --with-builtin layers it on the built-in catalogue, as
extends does. Exit status 1 when a rule fails, 2 when a pack cannot be read.`,
		Example: `  replylint test-rules packs/team.toml
  replylint test-rules --with-builtin packs/*.toml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Packs = args
			if runF != nil {
				return runF(opts)
			}
			return runTestRules(opts)
		},
	}
	c.Flags().BoolVar(&opts.WithBuiltin, "with-builtin", false, "layer the pack on the built-in catalogue (rules of the same id are replaced)")
	return c
}

func runTestRules(opts *TestRulesOptions) error {
	// Every pack is read and built before anything is printed: a broken
	// pack is an error (exit 2), not half a report.
	runs, err := buildTestPacks(opts)
	if err != nil {
		return err
	}
	out := opts.IO.Out
	var t exampleTally
	for _, r := range runs {
		fmt.Fprintln(out, r.pack.File)
		// The pack's speech acts first: its rules are built on them.
		if err := r.testActs(out, &t); err != nil {
			return err
		}
		if err := r.testRules(out, &t); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "%d rules: %d passed, %d failed", t.rules, t.rules-t.rulesFailed, t.rulesFailed)
	if t.acts > 0 {
		fmt.Fprintf(out, "; %d acts: %d passed, %d failed", t.acts, t.acts-t.actsFailed, t.actsFailed)
	}
	fmt.Fprintln(out)
	if t.rulesFailed+t.actsFailed > 0 {
		return fmt.Errorf("%d rules and %d acts failed their examples: %w", t.rulesFailed, t.actsFailed, ErrFindings)
	}
	return nil
}

// packRun is one pack to test and the linter built with it.
type packRun struct {
	pack *dict.Pack
	l    *lint.Linter
}

// exampleTally counts the rules and acts tested and those that failed.
type exampleTally struct {
	rules, rulesFailed, acts, actsFailed int
}

// buildTestPacks reads every pack and builds its linter.
func buildTestPacks(opts *TestRulesOptions) ([]packRun, error) {
	var runs []packRun
	for _, path := range opts.Packs {
		data, err := dict.ReadTOML(path)
		if err != nil {
			return nil, err
		}
		p, err := dict.Parse(path, data)
		if err != nil {
			return nil, err
		}
		if len(p.Rules) == 0 && len(p.Acts) == 0 {
			return nil, fmt.Errorf("%s: no [[rule]] or [[act]] tables", path)
		}
		l, err := lint.New(testRulesConfig(p, opts.WithBuiltin))
		if err != nil {
			return nil, err
		}
		runs = append(runs, packRun{p, l})
	}
	return runs, nil
}

// testActs runs the examples of the pack's speech acts.
func (r packRun) testActs(out io.Writer, t *exampleTally) error {
	for _, spec := range r.pack.Acts {
		act := r.l.Act(spec.ID)
		if act == nil {
			return fmt.Errorf("%s: act %q was not built", r.pack.File, spec.ID)
		}
		t.acts++
		fails := r.l.RunActExamples(act)
		if len(fails) == 0 {
			fmt.Fprintf(out, "  PASS  act %s  (%d hits, %d non-hits)\n", spec.ID, len(act.Examples.Hits), len(act.Examples.NonHits))
			continue
		}
		t.actsFailed++
		r.printFail(out, "act "+spec.ID, spec.Line(), fails)
	}
	return nil
}

// testRules runs the examples of the pack's rules.
func (r packRun) testRules(out io.Writer, t *exampleTally) error {
	for _, spec := range r.pack.Rules {
		rule := r.l.Rule(spec.ID)
		if rule == nil {
			return fmt.Errorf("%s: rule %q was not built", r.pack.File, spec.ID)
		}
		t.rules++
		ex := rule.Info().Examples
		fails := r.l.RunExamples(rule)
		if len(fails) == 0 {
			fmt.Fprintf(out, "  PASS  %s  (%d hits, %d non-hits, %d fixes)\n", spec.ID, len(ex.Hits), len(ex.NonHits), len(ex.Fixes))
			continue
		}
		t.rulesFailed++
		r.printFail(out, spec.ID, spec.Line(), fails)
	}
	return nil
}

// printFail reports a rule or act that failed its examples, where it is
// defined and each example that failed.
func (r packRun) printFail(out io.Writer, what string, line int, fails []lint.ExampleFailure) {
	fmt.Fprintf(out, "  FAIL  %s  (%s:%d)\n", what, r.pack.File, line)
	for _, f := range fails {
		fmt.Fprintf(out, "          %s\n", f)
	}
}

// testRulesConfig is the rule set a pack is tested in: on the built-in
// catalogue, or as its own catalogue.
func testRulesConfig(p *dict.Pack, withBuiltin bool) lint.Config {
	if withBuiltin {
		return lint.Config{Packs: []*dict.Pack{p}}
	}
	return lint.Config{Catalogue: []*dict.Pack{p}}
}
