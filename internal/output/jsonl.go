package output

import (
	"bufio"

	"github.com/replylint/replylint/lint"
)

// jsonlFormatter writes one finding object a line and no summary, so that
// each line can be read (or grepped, or appended to a log) on its own.
type jsonlFormatter struct {
	w   *bufio.Writer
	buf []byte
}

func (j *jsonlFormatter) Write(fs []lint.Finding) error {
	for i := range fs {
		// AppendJSON is json.Marshal's output without reflection.
		j.buf = fs[i].AppendJSON(j.buf[:0])
		j.buf = append(j.buf, '\n')
		j.w.Write(j.buf)
	}
	// A batch is one file or conversation: flushing here lets a pipeline
	// reading the output see findings as they come.
	return j.w.Flush()
}

func (j *jsonlFormatter) Close(*lint.Summary) error { return j.w.Flush() }
