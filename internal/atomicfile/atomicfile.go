// Package atomicfile writes files so that a reader sees the old file or the
// whole new one, never half of it, and a failed write leaves nothing
// behind: `replylint fix --write`, `init` and `report` all write this way.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Mode says whether the file may or must exist already.
type Mode int

const (
	// CreateOrReplace writes the file whether or not it exists.
	CreateOrReplace Mode = iota
	// Create fails with an error wrapping fs.ErrExist if the file exists,
	// with no window between that check and the write.
	Create
	// Replace fails if the file does not exist: a rewrite in place.
	Replace
)

// Write fills a temporary file in the same folder (a rename across file
// systems is not atomic) by calling write, syncs it, gives it the
// permissions of the file it replaces (0644 for a new one) and puts it in
// place. A symlink at path is followed, so the link stays a link. On any
// error the temporary file is removed and path is as it was.
//
// A file it replaces keeps its owner and group (or the write is refused
// when they cannot be kept), a file with several hard links is refused
// rather than split, the folder is synced after the rename, and temporary
// files an interrupted write left beside path are removed.
func Write(path string, mode Mode, write func(io.Writer) error) (err error) {
	target, old, err := resolve(path, mode)
	if err != nil {
		return err
	}
	perm := fs.FileMode(0o644)
	if old != nil {
		perm = old.Mode().Perm()
	}
	removeStale(target)
	tmp, err := os.CreateTemp(filepath.Dir(target), tempPattern(target))
	if err != nil {
		return err
	}
	defer func() {
		// After a rename or a link only the temporary name is left to remove.
		tmp.Close()
		if rmErr := os.Remove(tmp.Name()); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) && err == nil {
			err = rmErr
		}
		err = hideTemp(err, tmp.Name(), path)
	}()
	if err = fill(tmp, write, perm, path, old); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return place(tmp.Name(), target, path, mode)
}

// resolve finds the file a write to path goes to, following a symlink,
// and the file it replaces (nil for a new one), as mode allows.
func resolve(path string, mode Mode) (target string, old fs.FileInfo, err error) {
	resolved, err := filepath.EvalSymlinks(path)
	switch {
	case err == nil:
		info, err := os.Stat(resolved)
		if err != nil {
			return "", nil, err
		}
		if mode == Create {
			return "", nil, fmt.Errorf("%s: %w", path, fs.ErrExist)
		}
		return resolved, info, nil
	case !errors.Is(err, fs.ErrNotExist) || mode == Replace:
		return "", nil, err
	}
	return path, nil, nil
}

// fill writes the temporary file and makes it durable, with the
// permissions, owner and group it is to have.
func fill(tmp *os.File, write func(io.Writer) error, perm fs.FileMode, path string, old fs.FileInfo) error {
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if old != nil {
		return keep(tmp, path, old)
	}
	return nil
}

// place puts the filled temporary file at target: a rename, which
// replaces, or for Create a link, which fails if target has come to exist.
func place(tmp, target, path string, mode Mode) error {
	if mode != Create {
		if err := os.Rename(tmp, target); err != nil {
			return err
		}
		return syncDir(filepath.Dir(target))
	}
	// A link fails if target exists, where a rename would replace it.
	err := os.Link(tmp, target)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s: %w", path, fs.ErrExist)
	}
	// Some file systems have no hard links: check, then rename.
	if _, statErr := os.Lstat(target); statErr == nil {
		return fmt.Errorf("%s: %w", path, fs.ErrExist)
	}
	return os.Rename(tmp, target)
}

// tempPattern is the name of Write's temporary files for target.
func tempPattern(target string) string { return "." + filepath.Base(target) + ".*.tmp" }

// staleAge is how old a temporary file must be to be taken for the
// leftover of an interrupted write (kill -9), not one being written now.
const staleAge = time.Minute

// removeStale removes the temporary files an interrupted write to target
// left behind; what cannot be removed is left to the next write.
func removeStale(target string) {
	names, err := filepath.Glob(filepath.Join(filepath.Dir(target), tempPattern(target)))
	if err != nil {
		return
	}
	for _, n := range names {
		if info, err := os.Lstat(n); err == nil && info.Mode().IsRegular() && time.Since(info.ModTime()) > staleAge {
			_ = os.Remove(n)
		}
	}
}

// hideTemp names path where an error names the temporary file: the user
// asked for path, and the temporary name is gone by the time they read it.
func hideTemp(err error, tmp, path string) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe) && pe.Path == tmp:
		return &fs.PathError{Op: pe.Op, Path: path, Err: pe.Err}
	case errors.As(err, &le) && (le.Old == tmp || le.New == tmp):
		return &fs.PathError{Op: le.Op, Path: path, Err: le.Err}
	}
	return err
}

// WriteBytes is Write for data already in memory.
func WriteBytes(path string, mode Mode, data []byte) error {
	return Write(path, mode, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
