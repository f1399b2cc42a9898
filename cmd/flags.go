package cmd

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/replylint/replylint/internal/output"
)

// The values of the enum flags, named once so that the flag, its help and
// its completion cannot disagree.
// They are read-only: fixed tables, never written after package initialisation.
var (
	colorModes   = []string{"auto", "always", "never"}
	failOnLevels = []string{"error", "warning", "info", "never"}
)

// enumFlag is a string flag that takes one value of a fixed list. The flag
// parser rejects anything else, so no command checks the value again; the
// list also feeds shell completion.
type enumFlag struct {
	value   *string
	allowed []string
}

func (e *enumFlag) String() string { return *e.value }
func (e *enumFlag) Type() string   { return "string" }

func (e *enumFlag) Set(s string) error {
	if !slices.Contains(e.allowed, s) {
		return fmt.Errorf("unknown value %q (want %s)", s, strings.Join(e.allowed, ", "))
	}
	*e.value = s
	return nil
}

// enumVarP registers an enum flag on c with its default, its allowed
// values and their completion. The list goes into the usage text where it
// says %v, or at its end, so help always shows what the parser accepts.
func enumVarP(c *cobra.Command, p *string, name, short, value string, allowed []string, usage string) {
	*p = value
	list := strings.Join(allowed, ", ")
	if strings.Contains(usage, "%v") {
		usage = strings.Replace(usage, "%v", list, 1)
	} else {
		usage += ": " + list
	}
	c.Flags().VarP(&enumFlag{value: p, allowed: allowed}, name, short, usage)
	// The only error is a flag that does not exist, which is this call's.
	_ = c.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(allowed, cobra.ShellCompDirectiveNoFileComp))
}

// formatFlag is check's --format / -f.
func formatFlag(c *cobra.Command, p *string) {
	enumVarP(c, p, "format", "f", "text", output.Formats, "output format")
}

// colorFlag is --color, the same on every command that colours.
func colorFlag(c *cobra.Command, p *string, usage string) {
	enumVarP(c, p, "color", "", "auto", colorModes, usage+": %v (NO_COLOR is honoured)")
}

// failOnFlag is --fail-on, the same on check and fix.
func failOnFlag(c *cobra.Command, p *string, usage string) {
	enumVarP(c, p, "fail-on", "", "error", failOnLevels, usage)
}

// flagError puts the parser's complaints in replylint's one style,
// "--flag: what is wrong", with a pointer to the command's help.
func flagError(c *cobra.Command, err error) error {
	var (
		invalid  *pflag.InvalidValueError
		missing  *pflag.ValueRequiredError
		notExist *pflag.NotExistError
	)
	help := fmt.Sprintf("see %s --help", c.CommandPath())
	switch {
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		if _, ok := f.Value.(*enumFlag); ok {
			return fmt.Errorf("--%s: %w", f.Name, invalid.Unwrap())
		}
		return fmt.Errorf("--%s: invalid value %q (want %s; %s)", f.Name, invalid.GetValue(), typeName(f.Value.Type()), help)
	case errors.As(err, &missing):
		return fmt.Errorf("--%s: needs a value (%s)", missing.GetFlag().Name, help)
	case errors.As(err, &notExist):
		name := "--" + notExist.GetSpecifiedName()
		if notExist.GetSpecifiedShortnames() != "" {
			name = "-" + notExist.GetSpecifiedName()
		}
		return fmt.Errorf("%s: unknown flag (%s)", name, help)
	}
	return fmt.Errorf("%w (%s)", err, help)
}

// typeName says in words what a flag of a pflag type takes.
func typeName(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case t == "duration":
		return "a duration such as 30s or 5m"
	}
	return "a " + t
}
