package lsp

import (
	"os"
	"sync"
	"time"

	"github.com/replylint/replylint/internal/config"
	"github.com/replylint/replylint/lint"
)

// Linters returns an Options.Linter: for a file's folder, the linter of
// the config at path, or, when path is "", of the .replylint.toml found
// from the folder upwards (the built-in defaults where there is none).
// build makes a linter of a config, with the command's switches. One
// linter is kept per config file and rebuilt when the file changes, so
// that a team sees an edit of its config on the next keystroke.
func Linters(path string, build func(*config.Config) (*lint.Linter, error)) func(dir string) (*lint.Linter, error) {
	type stamp struct {
		mod  time.Time
		size int64
	}
	type kept struct {
		stamp stamp
		l     *lint.Linter
	}
	var mu sync.Mutex
	cache := map[string]kept{}
	return func(dir string) (*lint.Linter, error) {
		p := path
		if p == "" {
			var err error
			if p, err = config.Find(dir); err != nil {
				return nil, err
			}
		}
		var st stamp
		if p != "" {
			fi, err := os.Stat(p)
			if err != nil {
				return nil, err
			}
			st = stamp{fi.ModTime(), fi.Size()}
		}
		mu.Lock()
		defer mu.Unlock()
		if k, ok := cache[p]; ok && k.stamp == st {
			return k.l, nil
		}
		cfg, err := config.Default()
		if p != "" {
			cfg, err = config.Load(p)
		}
		if err != nil {
			return nil, err
		}
		l, err := build(cfg)
		if err != nil {
			return nil, err
		}
		cache[p] = kept{st, l}
		return l, nil
	}
}
