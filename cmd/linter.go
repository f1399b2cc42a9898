package cmd

import (
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/replylint/replylint/internal/config"
	"github.com/replylint/replylint/internal/score"
	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

// linterFlags are the flags that decide which rules run; every command that
// builds a linter registers them, so they mean the same everywhere.
type linterFlags struct {
	Config   string
	Enable   []string
	Disable  []string
	NoInline bool
	// InProgress (check --in-progress) checks conversations still going
	// on: rules that judge the end are skipped.
	InProgress bool

	// loaded is the configuration once read, so that a command that needs
	// it early (for exclude) and again for the linter reads it once.
	loaded *config.Config
}

func (f *linterFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.Config, "config", "", "config file (default: .replylint.toml found from the current folder upwards)")
	fs.StringSliceVar(&f.Enable, "enable", nil, "switch on rules or categories, also those the config switches off (repeatable, comma-separated)")
	fs.StringSliceVar(&f.Disable, "disable", nil, "switch off rules or categories for this run (repeatable, comma-separated)")
	fs.BoolVar(&f.NoInline, "no-inline-config", false, "ignore replylint-disable/enable directives in drafts too (in transcripts they are always ignored, and counted)")
}

// config reads the configuration named by --config, or the one found from
// the current folder upwards, or the built-in defaults when there is none.
func (f *linterFlags) config() (*config.Config, error) {
	if f.loaded != nil {
		return f.loaded, nil
	}
	cfg, err := f.read()
	f.loaded = cfg
	return cfg, err
}

func (f *linterFlags) read() (*config.Config, error) {
	path := f.Config
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		if path, err = config.Find(wd); err != nil {
			return nil, err
		}
	}
	if path == "" {
		return config.Default()
	}
	return config.Load(path)
}

// settings are what a command reads from the configuration and its
// flags, built once: the linter (rules, severities, allowed words,
// switches), the transcript settings (role words …) and the score weights.
// check, report, serve and mcp all start from this one value, so that an
// export, a request and a score are read alike everywhere.
type settings struct {
	Linter *lint.Linter
	Config *config.Config
	Input  transcript.Options
	Score  score.Weights
}

// settings reads the configuration found or named and builds the linter
// with the per-run switches.
func (f *linterFlags) settings() (*settings, error) {
	cfg, err := f.config()
	if err != nil {
		return nil, err
	}
	l, err := f.linter(cfg)
	if err != nil {
		return nil, err
	}
	return &settings{Linter: l, Config: cfg, Input: cfg.Input(), Score: cfg.Score}, nil
}

// load is settings for the commands that need only the linter.
func (f *linterFlags) load() (*lint.Linter, error) {
	s, err := f.settings()
	if err != nil {
		return nil, err
	}
	return s.Linter, nil
}

// linter builds the linter of a configuration already read, with the
// per-run switches.
func (f *linterFlags) linter(cfg *config.Config) (*lint.Linter, error) {
	lc, err := cfg.Lint(config.Switches{Enable: f.Enable, Disable: f.Disable})
	if err != nil {
		return nil, err
	}
	lc.NoInline = f.NoInline
	lc.InProgress = f.InProgress
	return lint.New(lc)
}

// completeRules offers rule ids and categories to --enable and --disable
// on every command that has them, after the last comma of a list.
func completeRules(root *cobra.Command) {
	for _, c := range root.Commands() {
		for _, name := range []string{"enable", "disable"} {
			if c.Flags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, func(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
					done, typed := cutLast(toComplete, ",")
					return ruleNames(c, done, typed), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
				})
			}
		}
	}
}

// completeRuleArg offers rule ids as explain's argument.
func completeRuleArg(c *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return ruleNames(c, "", typed), cobra.ShellCompDirectiveNoFileComp
}

// ruleNames lists the rule ids and categories of the linter the command's
// --config builds that start with typed, each after prefix (the part of a
// comma-separated list already written).
func ruleNames(c *cobra.Command, prefix, typed string) []string {
	lf := linterFlags{}
	if f := c.Flags().Lookup("config"); f != nil {
		lf.Config = f.Value.String()
	}
	l, err := lf.load()
	if err != nil {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	for _, r := range l.Rules() {
		m := r.Info()
		for _, n := range []string{m.ID, m.Category} {
			if !seen[n] && strings.HasPrefix(n, typed) {
				seen[n] = true
				names = append(names, prefix+n)
			}
		}
	}
	return names
}

// cutLast splits s after the last sep: "a,b,c" gives "a,b," and "c".
func cutLast(s, sep string) (head, tail string) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", s
	}
	return s[:i+len(sep)], s[i+len(sep):]
}
