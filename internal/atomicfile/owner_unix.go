//go:build unix

package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// keep gives the temporary file tmp the owner and group of the file info
// describes, so that a rewrite in place does not make the file the
// writer's; and refuses a file with more than one hard link, which a
// rename would split (the other names would keep the old text).
func keep(tmp *os.File, path string, info fs.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if st.Nlink > 1 {
		return fmt.Errorf("%s has %d hard links: rewriting it would split them (the other names would keep the old text); copy it first, or apply the changes with --diff and patch", path, st.Nlink)
	}
	uid, gid := int(st.Uid), int(st.Gid)
	if uid == os.Getuid() && gid == os.Getgid() {
		return nil
	}
	if err := tmp.Chown(uid, gid); err != nil {
		return fmt.Errorf("%s belongs to user %d, group %d, which a rewrite by user %d cannot keep: run as its owner", path, uid, gid, os.Getuid())
	}
	return nil
}

// syncDir makes the rename in dir durable: without it a crash can bring
// the old name back.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
