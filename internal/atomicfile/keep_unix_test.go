//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A rewrite in place keeps the file's owner: it became whoever ran fix.
func TestReplaceKeepsOwner(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("giving a file to another user needs root")
	}
	p := filepath.Join(t.TempDir(), "reply.txt")
	if err := os.WriteFile(p, []byte("你好"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(p, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(p, Replace, []byte("您好")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st := info.Sys().(*syscall.Stat_t); st.Uid != 65534 || st.Gid != 65534 {
		t.Errorf("owner %d:%d after the rewrite, want 65534:65534", st.Uid, st.Gid)
	}
}

// A file with two names is refused: the rename gave one name the new text
// and left the other with the old.
func TestReplaceRefusesHardLinks(t *testing.T) {
	dir := t.TempDir()
	p, q := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	if err := os.WriteFile(p, []byte("你好"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(p, q); err != nil {
		t.Skip("no hard links here:", err)
	}
	err := WriteBytes(p, Replace, []byte("您好"))
	if err == nil || !strings.Contains(err.Error(), "2 hard links") {
		t.Errorf("got %v, want a refusal naming the hard links", err)
	}
	if read(t, p) != "你好" || read(t, q) != "你好" || entries(t, dir) != 2 {
		t.Errorf("the refused write changed something")
	}
}

// A temporary file left by a write that was killed is removed by the next
// write to the same file; a fresh one (a write under way) is left alone.
func TestStaleTempRemoved(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "reply.txt")
	if err := os.WriteFile(p, []byte("你好"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale, fresh := filepath.Join(dir, ".reply.txt.123.tmp"), filepath.Join(dir, ".reply.txt.456.tmp")
	for _, f := range []string{stale, fresh} {
		if err := os.WriteFile(f, []byte("半"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(p, Replace, []byte("您好")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file still there (%v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh temporary file removed: %v", err)
	}
}
