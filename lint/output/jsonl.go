package output

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/replylint/replylint/lint"
)

func init() {
	extra["jsonl"] = func(w io.Writer, _ Options) Formatter { return &jsonlFormatter{w: bufio.NewWriter(w)} }
}

// jsonlFormatter writes one finding object a line and no summary, so that
// each line can be read (or grepped, or appended to a log) on its own.
type jsonlFormatter struct {
	w *bufio.Writer
}

func (j *jsonlFormatter) Write(fs []lint.Finding) error {
	for _, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		j.w.Write(b)
		j.w.WriteByte('\n')
	}
	// A batch is one file or conversation: flushing here lets a pipeline
	// reading the output see findings as they come.
	return j.w.Flush()
}

func (j *jsonlFormatter) Close(*lint.Summary) error { return j.w.Flush() }
