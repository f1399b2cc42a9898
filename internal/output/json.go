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
	w     io.Writer
	bw    *bufio.Writer
	count int
}

func (j *jsonFormatter) Write(fs []lint.Finding) error {
	if j.bw == nil {
		j.bw = bufio.NewWriter(j.w)
		j.bw.WriteString("{\"findings\": [")
	}
	for _, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if j.count > 0 {
			j.bw.WriteByte(',')
		}
		j.bw.WriteString("\n  ")
		j.bw.Write(b)
		j.count++
	}
	return nil
}

func (j *jsonFormatter) Close(s *lint.Summary) error {
	if err := j.Write(nil); err != nil {
		return err
	}
	if j.count > 0 {
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
