package output

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/replylint/replylint/lint"
)

// jsonFormatter writes {"findings": [...], "summary": {...}}, one finding a
// line, streaming: a large batch never sits in memory.
type jsonFormatter struct {
	w        io.Writer
	bw       *bufio.Writer
	findings JSONArray
}

func (j *jsonFormatter) Write(fs []lint.Finding) error {
	if j.bw == nil {
		j.bw = bufio.NewWriter(j.w)
		j.bw.WriteString("{\"findings\": [")
	}
	for i := range fs {
		if err := j.findings.Add(j.bw, &fs[i]); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonFormatter) Close(s *lint.Summary) error {
	if err := j.Write(nil); err != nil {
		return err
	}
	if j.findings.Len() > 0 {
		j.bw.WriteString("\n")
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	j.bw.WriteString("],\n\"summary\": ")
	j.bw.Write(b)
	j.bw.WriteString("}\n")
	return j.bw.Flush()
}

// JSONArray streams the elements of a JSON array one at a time, so that a
// long array never sits in memory: check's json and sarif formats and the
// report's JSON document write theirs with it. The brackets are the
// caller's, as the array sits inside a larger document; Before and After
// are the layout written around each element, after the comma.
type JSONArray struct {
	Before, After string
	n             int
	buf           []byte
}

// jsonAppender is a value that appends its own JSON, byte for byte what
// json.Marshal gives (a *lint.Finding: the JSONL writer's fast path).
type jsonAppender interface{ AppendJSON([]byte) []byte }

// Add writes v, marshalled, as the next element, in one Write.
func (a *JSONArray) Add(w io.Writer, v any) error {
	a.buf = a.buf[:0]
	if a.n > 0 {
		a.buf = append(a.buf, ',')
	}
	a.buf = append(a.buf, a.Before...)
	if ap, ok := v.(jsonAppender); ok {
		a.buf = ap.AppendJSON(a.buf)
	} else {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		a.buf = append(a.buf, b...)
	}
	a.buf = append(a.buf, a.After...)
	a.n++
	_, err := w.Write(a.buf)
	return err
}

// Len is the number of elements written.
func (a *JSONArray) Len() int { return a.n }
