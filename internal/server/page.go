package server

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/replylint/replylint/lint"
)

// pageFiles is the draft page: HTML, script and style, all in the binary
// so that the page works offline and fetches nothing from elsewhere.
//
//go:embed page
var pageFiles embed.FS

// pageHandler serves the draft page at / and its assets under /page/. The
// page calls /v1/check and /v1/fix like any other client.
func pageHandler() http.Handler {
	sub, err := fs.Sub(pageFiles, "page")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	files := http.StripPrefix("/page/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Nothing on the page may come from elsewhere, scripts included.
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.URL.Path == "/" {
			http.ServeFileFS(w, r, sub, "index.html")
			return
		}
		files.ServeHTTP(w, r)
	})
}

// registerPage adds the draft page to mux: GET / and GET /page/….
func registerPage(mux *http.ServeMux) {
	p := pageHandler()
	mux.Handle("GET /{$}", p)
	mux.Handle("GET /page/", p)
}

// applyChosen applies to text the edits whose ids are given (those of
// /v1/check's findings on the same text), before /v1/fix makes the safe
// ones. It returns the text and the ids that name no edit of it.
func applyChosen(l *lint.Linter, text string, ids []string) (string, []string) {
	if len(ids) == 0 {
		return text, nil
	}
	edits, unknown := lint.SelectEdits(l.CheckText(text), ids)
	text, _ = lint.ApplyEdits(text, edits)
	return text, unknown
}
