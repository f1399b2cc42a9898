package cmd

import (
	"fmt"

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
	type run struct {
		pack *dict.Pack
		l    *lint.Linter
	}
	var runs []run
	for _, path := range opts.Packs {
		data, err := dict.ReadTOML(path)
		if err != nil {
			return err
		}
		p, err := dict.Parse(path, data)
		if err != nil {
			return err
		}
		if len(p.Rules) == 0 && len(p.Acts) == 0 {
			return fmt.Errorf("%s: no [[rule]] or [[act]] tables", path)
		}
		l, err := lint.New(testRulesConfig(p, opts.WithBuiltin))
		if err != nil {
			return err
		}
		runs = append(runs, run{p, l})
	}
	out := opts.IO.Out
	total, failed, acts, actsFailed := 0, 0, 0, 0
	for _, r := range runs {
		fmt.Fprintln(out, r.pack.File)
		// The pack's speech acts first: its rules are built on them.
		for _, spec := range r.pack.Acts {
			act := r.l.Act(spec.ID)
			if act == nil {
				return fmt.Errorf("%s: act %q was not built", r.pack.File, spec.ID)
			}
			acts++
			fails := r.l.RunActExamples(act)
			if len(fails) == 0 {
				fmt.Fprintf(out, "  PASS  act %s  (%d hits, %d non-hits)\n", spec.ID, len(act.Examples.Hits), len(act.Examples.NonHits))
				continue
			}
			actsFailed++
			fmt.Fprintf(out, "  FAIL  act %s  (%s:%d)\n", spec.ID, r.pack.File, spec.Line())
			for _, f := range fails {
				fmt.Fprintf(out, "          %s\n", f)
			}
		}
		for _, spec := range r.pack.Rules {
			rule := r.l.Rule(spec.ID)
			if rule == nil {
				return fmt.Errorf("%s: rule %q was not built", r.pack.File, spec.ID)
			}
			total++
			ex := rule.Info().Examples
			fails := r.l.RunExamples(rule)
			if len(fails) == 0 {
				fmt.Fprintf(out, "  PASS  %s  (%d hits, %d non-hits, %d fixes)\n", spec.ID, len(ex.Hits), len(ex.NonHits), len(ex.Fixes))
				continue
			}
			failed++
			fmt.Fprintf(out, "  FAIL  %s  (%s:%d)\n", spec.ID, r.pack.File, spec.Line())
			for _, f := range fails {
				fmt.Fprintf(out, "          %s\n", f)
			}
		}
	}
	fmt.Fprintf(out, "%d rules: %d passed, %d failed", total, total-failed, failed)
	if acts > 0 {
		fmt.Fprintf(out, "; %d acts: %d passed, %d failed", acts, acts-actsFailed, actsFailed)
	}
	fmt.Fprintln(out)
	if failed+actsFailed > 0 {
		return fmt.Errorf("%d rules and %d acts failed their examples: %w", failed, actsFailed, ErrFindings)
	}
	return nil
}

// testRulesConfig is the rule set a pack is tested in: on the built-in
// catalogue, or as its own catalogue.
func testRulesConfig(p *dict.Pack, withBuiltin bool) lint.Config {
	if withBuiltin {
		return lint.Config{Packs: []*dict.Pack{p}}
	}
	return lint.Config{Catalogue: []*dict.Pack{p}}
}
