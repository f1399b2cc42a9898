package cmd

import (
	"os"

	"github.com/spf13/pflag"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/config"
)

// linterFlags are the flags that decide which rules run; every command that
// builds a linter registers them, so they mean the same everywhere.
type linterFlags struct {
	Config  string
	Enable  []string
	Disable []string
}

func (f *linterFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.Config, "config", "", "config file (default: .replylint.toml found from the current folder upwards)")
	fs.StringSliceVar(&f.Enable, "enable", nil, "switch on rules or categories, also those the config switches off (repeatable, comma-separated)")
	fs.StringSliceVar(&f.Disable, "disable", nil, "switch off rules or categories for this run (repeatable, comma-separated)")
}

// config reads the configuration named by --config, or the one found from
// the current folder upwards, or the built-in defaults when there is none.
func (f *linterFlags) config() (*config.Config, error) {
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

// load builds the linter: the built-in catalogue with the configuration
// found or named and the per-run switches.
func (f *linterFlags) load() (*lint.Linter, error) {
	l, _, err := f.loadWithConfig()
	return l, err
}

// loadWithConfig is load for commands that also need the configuration's
// other settings (role names, score weights, where a rule comes from).
func (f *linterFlags) loadWithConfig() (*lint.Linter, *config.Config, error) {
	cfg, err := f.config()
	if err != nil {
		return nil, nil, err
	}
	lc, err := cfg.Lint(config.Switches{Enable: f.Enable, Disable: f.Disable})
	if err != nil {
		return nil, nil, err
	}
	l, err := lint.New(lc)
	if err != nil {
		return nil, nil, err
	}
	return l, cfg, nil
}
