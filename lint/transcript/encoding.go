package transcript

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a file decides its encoding and format.
const sniffSize = 64 << 10

const notText = "not text: a binary file, or an encoding other than UTF-8 and GB18030"

// decode returns r as UTF-8 text. Chinese exports come from Windows tools in
// GB18030/GBK as often as in UTF-8, and users should not have to say which:
// the first 64 KB decide. Bytes that are not valid UTF-8 there mean GB18030;
// NUL bytes, or bytes that are not GB18030 either, mean the file is not
// text. A UTF-8 byte order mark is dropped.
func decode(name string, r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	atEOF := len(head) < sniffSize
	if bytes.HasPrefix(head, []byte{0xef, 0xbb, 0xbf}) {
		_, _ = br.Discard(3)
		head = head[3:]
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return nil, &Error{File: name, Msg: "UTF-16 text is not supported: save it as UTF-8 (or GB18030)"}
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return nil, &Error{File: name, Line: 1 + bytes.Count(head[:i], []byte("\n")), Msg: notText}
	}
	if !atEOF && ascii(head) {
		// Nothing to go by yet: a long English header, or rows of
		// numbers. Decide at the first byte that is not ASCII.
		return bufio.NewReaderSize(&lazyDecoder{br: br}, sniffSize), nil
	}
	if utf8.Valid(completeRunes(head, atEOF)) {
		return br, nil
	}
	// Not UTF-8: it must decode as GB18030 without a replacement character,
	// or it is not text at all.
	dec, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), completeGB(head, atEOF))
	if err != nil || bytes.ContainsRune(dec, utf8.RuneError) {
		line := 1
		if i := bytes.IndexRune(dec, utf8.RuneError); i >= 0 {
			line += bytes.Count(dec[:i], []byte("\n"))
		}
		return nil, &Error{File: name, Line: line, Msg: notText}
	}
	return bufio.NewReaderSize(transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), sniffSize), nil
}

// completeRunes drops a UTF-8 sequence cut off at the end of a window that
// is not the end of the file.
func completeRunes(b []byte, atEOF bool) []byte {
	if atEOF {
		return b
	}
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// completeGB cuts a window that is not the end of the file at its last
// line break, so that no GB18030 sequence is cut in two.
func completeGB(b []byte, atEOF bool) []byte {
	if atEOF {
		return b
	}
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

// validText reports whether data is UTF-8 text without NUL bytes, and if
// not, the line where it stops being so.
func validText(data []byte) (line int, ok bool) {
	line = 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 || r == 0 {
			return line, false
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line, true
}

// validString reports whether s is text: UTF-8 without NUL bytes.
func validString(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lazyDecoder passes ASCII through and, at the first byte that is not
// ASCII, decides between UTF-8 and GB18030 on the 64 KB from there.
type lazyDecoder struct {
	br *bufio.Reader
	r  io.Reader // nil until decided
}

func (l *lazyDecoder) Read(p []byte) (int, error) {
	if l.r != nil {
		return l.r.Read(p)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if _, err := l.br.Peek(1); err != nil {
		return 0, err
	}
	buf, _ := l.br.Peek(l.br.Buffered())
	n := 0
	for n < len(buf) && n < len(p) && buf[n] < utf8.RuneSelf {
		n++
	}
	if n > 0 {
		return l.br.Read(p[:n])
	}
	head, err := l.br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return 0, err
	}
	if utf8.Valid(completeRunes(head, len(head) < sniffSize)) {
		l.r = l.br
	} else {
		l.r = transform.NewReader(l.br, simplifiedchinese.GB18030.NewDecoder())
	}
	return l.r.Read(p)
}
