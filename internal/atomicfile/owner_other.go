//go:build !unix

package atomicfile

import (
	"io/fs"
	"os"
)

// keep has no owner or link count to keep where files have no Unix owner.
func keep(*os.File, string, fs.FileInfo) error { return nil }

// syncDir is a no-op where a folder cannot be opened for syncing.
func syncDir(string) error { return nil }
