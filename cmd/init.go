package cmd

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/internal/atomicfile"
	"github.com/replylint/replylint/internal/config"
)

// starterConfig is what `replylint init` writes: every setting, commented
// out, so that the file changes nothing until a team edits it. Lines that
// start with "# " are settings to uncomment; "## " lines explain. A test
// uncomments them all and loads the result, so the examples stay valid.
const starterConfig = `## replylint configuration — found from the current folder upwards, or given
## with --config. Lines starting with "# " are settings: remove the "# " to use
## one. "replylint rules" lists rule ids and categories; "replylint rules
## --config FILE" shows the rule set this file makes.
##
## Inline control, in drafts and reply templates (in a comment, if the format
## has them):
##   replylint-disable-line [RULE|CATEGORY …]       this line
##   replylint-disable-next-line [RULE|CATEGORY …]  the next line (next turn)
##   replylint-disable [RULE|CATEGORY …] … replylint-enable [RULE|CATEGORY …]
## With no names they cover every rule.

## Rule packs layered on the built-in catalogue, in order (a later rule with
## the same id replaces an earlier one). Paths are relative to this file. A
## pack holds [[rule]] tables; "replylint test-rules PACK.toml" runs its
## examples.
# extends = ["packs/team.toml"]

## Words never flagged wherever they appear, e.g. a brand name containing 你好.
# allow = ["你好色彩"]

## Severity of a whole category: "off", "error", "warning" or "info".
# [categories]
# hedge = "warning"
# slang = "error"
# length = "off"

## A single rule, by id: its severity, and the limits its kind reads.
# [rules."overpromise.guarantee"]
# severity = "warning"

## Reply-time limits in seconds: the first reply, and every later one (a late
## reply must also open with an apology: wait-apology.missing follows these).
# [rules."response-time.late"]
# first = 3
# seconds = 60

## Longest reply, in characters.
# [rules."length.max"]
# max = 200

## Self-focus: at least min 我, and more than factor × (您 + 我们 + 咱们).
# [rules."self-focus.wo"]
# min = 3
# factor = 2.0

## Acronyms that are not shouting, added to the built-in list (VIP, APP …).
# [shouting]
# allow = ["OPPO", "TMALL"]

## Speaker names in your chat exports, added to the defaults (客服, 客户 …).
# [roles]
# agent = ["小蜜", "售后小王"]
# customer = ["亲"]

## Score weights: points a finding costs by severity, or by category (a
## category's weight replaces its findings' severity weight).
# [score]
# error = 10
# warning = 3
# info = 1
#
# [score.categories]
# overpromise = 15

## A team's own words, each a rule with id custom.<category>.<n> (or the id
## given). category may be an existing one or a new one.
# [[terms]]
# text = "王牌店"
# category = "competitor"
# severity = "error"
# message = "不要提及竞品店铺"
# suggestions = ["其他店铺"]
# not_in = ["王牌店铺街"]
#
# [[terms]]
# id = "jargon.ticket-pool"
# text = "工单池"
# category = "jargon"
# severity = "warning"
# message = "“{match}”是内部术语，客户听不懂"
# suggestions = ["已为您登记"]
`

// InitOptions are init's flags and argument; runInit is the behaviour.
type InitOptions struct {
	IO    *IOStreams
	Path  string
	Force bool
}

// NewCmdInit builds `replylint init`; runF, when set, receives the parsed
// options instead of runInit.
func NewCmdInit(io *IOStreams, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{IO: io}
	c := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a commented starter .replylint.toml",
		Long: `Write a starter configuration, every setting commented out and explained, to
.replylint.toml in the current folder (or FILE). An existing file is kept unless
--force is given.`,
		Example: `  replylint init
  replylint init --force
  replylint init configs/replylint.toml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Path = config.FileName
			if len(args) == 1 {
				opts.Path = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return runInit(opts)
		},
	}
	c.Flags().BoolVar(&opts.Force, "force", false, "overwrite an existing file")
	return c
}

func runInit(opts *InitOptions) error {
	mode := atomicfile.Create
	if opts.Force {
		mode = atomicfile.CreateOrReplace
	}
	if err := atomicfile.WriteBytes(opts.Path, mode, []byte(starterConfig)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; use --force to overwrite it", opts.Path)
		}
		return err
	}
	_, err := fmt.Fprintf(opts.IO.Out, "wrote %s\n", opts.Path)
	return err
}
