package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func entries(t *testing.T, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestReplaceKeepsPermissionsAndLinks(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "reply.txt")
	if err := os.WriteFile(p, []byte("你好\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(link, Replace, []byte("您好\n")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "您好\n" {
		t.Errorf("target holds %q", got)
	}
	if info, _ := os.Lstat(link); info.Mode()&fs.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if info, _ := os.Stat(p); info.Mode().Perm() != 0o600 {
		t.Errorf("permissions %v, want 0600 kept", info.Mode().Perm())
	}
	if n := entries(t, dir); n != 2 {
		t.Errorf("%d entries in the folder, want 2 (no temporary file left)", n)
	}
}

func TestFailureLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.html")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(p, CreateOrReplace, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want the writer's", err)
	}
	if got := read(t, p); got != "old" {
		t.Errorf("file holds %q after a failed write", got)
	}
	// A folder cannot be replaced: the rename fails after the write.
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(filepath.Join(sub, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(sub, Replace, []byte("x")); err == nil {
		t.Error("replacing a non-empty folder succeeded")
	}
	if n := entries(t, dir); n != 2 {
		t.Errorf("%d entries in the folder, want 2 (no temporary file left)", n)
	}
}

func TestModes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "new.toml")
	if err := WriteBytes(p, Replace, []byte("x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Replace of a missing file: %v, want not-exist", err)
	}
	if err := WriteBytes(p, Create, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(p); info.Mode().Perm() != 0o644 {
		t.Errorf("new file permissions %v, want 0644", info.Mode().Perm())
	}
	if err := WriteBytes(p, Create, []byte("two")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create over an existing file: %v, want exists", err)
	}
	if err := WriteBytes(p, CreateOrReplace, []byte("three")); err != nil || read(t, p) != "three" {
		t.Errorf("CreateOrReplace: %v, file %q", err, read(t, p))
	}
	if n := entries(t, dir); n != 1 {
		t.Errorf("%d entries in the folder, want 1", n)
	}
}

// An error names the file asked for, never the temporary one, which is
// gone by the time the user reads the message.
func TestErrorsNameTheTarget(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.html")
	err := Write(p, CreateOrReplace, func(w io.Writer) error {
		// What a full disk looks like to the writer.
		return &fs.PathError{Op: "write", Path: w.(*os.File).Name(), Err: errors.New("no space left on device")}
	})
	if err == nil || err.Error() != "write "+p+": no space left on device" {
		t.Errorf("error %v", err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(filepath.Join(sub, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err = WriteBytes(sub, Replace, []byte("x"))
	if err == nil || strings.Contains(err.Error(), ".tmp") || !strings.Contains(err.Error(), sub) {
		t.Errorf("rename error %v", err)
	}
}
