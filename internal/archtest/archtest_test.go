package archtest

// These tests hold the module to the layout docs/architecture.md describes:
// a small public library, everything else internal, and no process-wide
// mutable state in library code.

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// root is the module's root, two folders up from this package.
const root = "../.."

// libraryDirs lists the module's packages, by folder, leaving out tests,
// testdata and commands (package main may hold its flags and build
// stamps).
func libraryDirs(t *testing.T) map[string][]*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "dist", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		dir := filepath.Dir(path)
		pkgs[dir] = append(pkgs[dir], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// TestNoMutablePackageState: a package-level variable in library code is
// process-wide state that two Linters in one process would share. The
// survivors are the shapes that cannot change after start-up — sentinel
// errors, embedded files, compile-time interface checks — and tables whose
// comment says why they are read-only.
func TestNoMutablePackageState(t *testing.T) {
	for dir, files := range libraryDirs(t) {
		for _, f := range files {
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.VAR {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					if allowedVar(gd, vs) {
						continue
					}
					for _, n := range vs.Names {
						t.Errorf("%s: package-level variable %s: make it a constant, a field of the value that uses it, or say in its comment why it is read-only",
							dir, n.Name)
					}
				}
			}
		}
	}
}

func allowedVar(gd *ast.GenDecl, vs *ast.ValueSpec) bool {
	if len(vs.Names) == 1 && vs.Names[0].Name == "_" {
		return true // var _ I = T{}: a compile-time check
	}
	for _, cg := range []*ast.CommentGroup{gd.Doc, vs.Doc, vs.Comment} {
		if cg == nil {
			continue
		}
		text := cg.Text()
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:embed") {
				return true
			}
		}
		if strings.Contains(text, "read-only") {
			return true
		}
	}
	if len(vs.Values) == len(vs.Names) && slices.IndexFunc(vs.Values, func(e ast.Expr) bool { return !isSentinel(e) }) < 0 {
		return true
	}
	return false
}

// isSentinel reports whether e is errors.New(…): a sentinel error that
// callers compare with errors.Is.
func isSentinel(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "errors" && sel.Sel.Name == "New"
}

// TestPublicSurface: the library's public packages are lint (the engine's
// API) and lint/transcript (what it reads); rules and dict carry the rule
// kinds and the catalogue; everything else is internal.
func TestPublicSurface(t *testing.T) {
	public := []string{"lint", "lint/transcript", "rules", "dict", "cmd"}
	for dir := range libraryDirs(t) {
		rel, _ := filepath.Rel(root, dir)
		rel = filepath.ToSlash(rel)
		if rel == "." || slices.Contains(public, rel) || strings.HasPrefix(rel, "internal/") || strings.Contains(rel, "/internal/") || strings.HasPrefix(rel, "bench/") {
			continue
		}
		t.Errorf("package %s is importable by anyone: move it under internal/ or list it as public here (and in docs/architecture.md)", rel)
	}
}

// TestLintAPIIsSmall: go doc ./lint stays a page a newcomer can read. It
// counts what go doc lists: constants, variables, functions and types, with
// the constructors and constants listed under their types (not methods).
func TestLintAPIIsSmall(t *testing.T) {
	const most = 25
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, filepath.Join(root, "lint"), func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	p := doc.New(pkgs["lint"], "github.com/replylint/replylint/lint", 0)
	var names []string
	for _, c := range p.Consts {
		names = append(names, c.Names...)
	}
	for _, v := range p.Vars {
		names = append(names, v.Names...)
	}
	for _, f := range p.Funcs {
		names = append(names, f.Name)
	}
	for _, ty := range p.Types {
		names = append(names, ty.Name)
		for _, c := range ty.Consts {
			names = append(names, c.Names...)
		}
		for _, f := range ty.Funcs {
			names = append(names, f.Name)
		}
	}
	if len(names) > most {
		t.Errorf("go doc ./lint lists %d exported identifiers, at most %d wanted: %s", len(names), most, strings.Join(names, ", "))
	}
	for _, ty := range p.Types {
		if strings.TrimSpace(ty.Doc) == "" {
			t.Errorf("lint.%s has no doc comment", ty.Name)
		}
	}
}
