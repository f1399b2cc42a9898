//go:build !replylint_full

package lint

// fullPath is false in normal builds: see fullpath.go.
const fullPath = false
