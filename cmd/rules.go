package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/rules"
)

// RulesOptions are rules' flags; runRules is the behaviour.
type RulesOptions struct {
	IO     *IOStreams
	Format string
	Linter linterFlags
}

// NewCmdRules builds `replylint rules`; runF, when set, receives the parsed
// options instead of runRules.
func NewCmdRules(io *IOStreams, runF func(*RulesOptions) error) *cobra.Command {
	opts := &RulesOptions{IO: io}
	c := &cobra.Command{
		Use:   "rules",
		Short: "List every rule: id, category, severity, on/off, description",
		Example: `  replylint rules
  replylint rules --format json | jq '.[] | select(.category == "hedge")'`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runRules(opts)
		},
	}
	enumVarP(c, &opts.Format, "format", "", "text", []string{"text", "json", "markdown"}, "output format (markdown: the README's rule table)")
	opts.Linter.register(c.Flags())
	return c
}

type ruleRow struct {
	ID          string         `json:"id"`
	Category    string         `json:"category"`
	Severity    rules.Severity `json:"severity"`
	Enabled     bool           `json:"enabled"`
	Description string         `json:"description"`
	Fixable     bool           `json:"fixable"`
	// Config says what the configuration did to the rule: the pack or
	// [[terms]] it comes from, the settings that changed it.
	Config []string `json:"config,omitempty"`
}

func runRules(opts *RulesOptions) error {
	set, err := opts.Linter.settings()
	if err != nil {
		return err
	}
	l, cfg := set.Linter, set.Config
	var rows []ruleRow
	configured := false
	for _, r := range l.Rules() {
		m := r.Info()
		row := ruleRow{m.ID, m.Category, m.Severity, m.Severity != rules.Off, m.Description, m.Fix != "", cfg.Describe(m.ID)}
		configured = configured || len(row.Config) > 0
		rows = append(rows, row)
	}
	switch opts.Format {
	case "json":
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case "markdown":
		return writeRulesMarkdown(opts.IO.Out, rows)
	case "text":
		tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
		if !configured {
			fmt.Fprintln(tw, "ID\tCATEGORY\tSEVERITY\tDESCRIPTION")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Category, r.Severity, r.Description)
			}
			return tw.Flush()
		}
		// With a config, a column says what it changed, before the
		// description so that it lines up.
		fmt.Fprintln(tw, "ID\tCATEGORY\tSEVERITY\tCONFIG\tDESCRIPTION")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Category, r.Severity, strings.Join(r.Config, ", "), r.Description)
		}
		return tw.Flush()
	}
	return fmt.Errorf("--format: unknown value %q (want text, json, markdown)", opts.Format)
}

// writeRulesMarkdown writes the rule table the README shows; a test keeps
// the README equal to it, so the documentation cannot drift from the data.
func writeRulesMarkdown(w io.Writer, rows []ruleRow) error {
	var b strings.Builder
	b.WriteString("| rule | category | severity | what it flags | auto-fix |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		fix := ""
		if r.Fixable {
			fix = "yes"
		}
		sev := r.Severity.String()
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s |\n", r.ID, r.Category, sev, r.Description, fix)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
