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
func Write(path string, mode Mode, write func(io.Writer) error) (err error) {
	target, perm := path, fs.FileMode(0o644)
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
		info, err := os.Stat(target)
		if err != nil {
			return err
		}
		if mode == Create {
			return fmt.Errorf("%s: %w", path, fs.ErrExist)
		}
		perm = info.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) || mode == Replace {
		return err
	}

	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
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
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if mode != Create {
		return os.Rename(tmp.Name(), target)
	}
	// A link fails if target exists, where a rename would replace it.
	if err = os.Link(tmp.Name(), target); err == nil || errors.Is(err, fs.ErrExist) {
		if err != nil {
			err = fmt.Errorf("%s: %w", path, fs.ErrExist)
		}
		return err
	}
	// Some file systems have no hard links: check, then rename.
	if _, statErr := os.Lstat(target); statErr == nil {
		return fmt.Errorf("%s: %w", path, fs.ErrExist)
	}
	return os.Rename(tmp.Name(), target)
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
