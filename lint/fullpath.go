//go:build replylint_full

package lint

// Built with -tags replylint_full, every Linter takes the full path (see
// Linter.full): bench/run.sh compares its findings with the fast path's on
// whole corpora.
const fullPath = true
