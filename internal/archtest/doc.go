// Package archtest holds no code: its tests hold the module to the layout
// docs/architecture.md describes — a small public library, everything else
// internal, and no process-wide mutable state in library code.
package archtest
