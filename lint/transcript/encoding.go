package transcript

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a file decides its format, and the window its
// encoding is first looked at in.
const sniffSize = 64 << 10

// Encoding is decided on the file's first non-ASCII bytes wherever they
// are: evidence is gathered until enough of them are seen (or the file
// ends), reading ahead at most maxLookahead bytes past the first one.
const (
	enoughNonASCII = 256
	maxLookahead   = 8 << 20
)

const notText = "not text: a binary file, or an encoding other than UTF-8 and GB18030"

// decode returns r as UTF-8 text. Chinese exports come from Windows tools in
// GB18030/GBK as often as in UTF-8, and users should not have to say which:
// the file's first non-ASCII bytes decide (see sniffEncoding). NUL bytes,
// UTF-16, or bytes that are neither UTF-8 nor plausible GB18030 mean the
// file is refused, naming the encoding where it can be guessed. A UTF-8
// byte order mark is dropped.
func decode(name string, r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, &Error{File: name, Msg: err.Error()}
	}
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
	first := firstNonASCII(head)
	if first < 0 && len(head) < sniffSize {
		return br, nil // all ASCII
	}
	if first >= 0 && (nonASCII(head[first:]) >= enoughNonASCII || len(head) < sniffSize) {
		enc, line, msg := sniffEncoding(head, len(head) < sniffSize)
		if msg != "" {
			return nil, &Error{File: name, Line: line, Msg: msg}
		}
		return wrap(br, enc), nil
	}
	// Too little to go by yet: a long English header, or rows of numbers
	// with a name here and there. Decide when the evidence is in.
	return bufio.NewReaderSize(&lazyDecoder{name: name, br: br}, sniffSize), nil
}

// wrap decodes br from enc (nil: UTF-8 already).
func wrap(br *bufio.Reader, enc encoding.Encoding) *bufio.Reader {
	if enc == nil {
		return br
	}
	return bufio.NewReaderSize(transform.NewReader(br, enc.NewDecoder()), sniffSize)
}

// sniffEncoding decides the encoding of b, the start of a file (all of it
// when atEOF): nil for UTF-8, GB18030 when it reads as Chinese in it. msg,
// when not empty, refuses the file, at line.
func sniffEncoding(b []byte, atEOF bool) (enc encoding.Encoding, line int, msg string) {
	if utf8.Valid(completeRunes(b, atEOF)) {
		return nil, 0, ""
	}
	b = completeGB(b, atEOF)
	dec, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), b)
	if err != nil || bytes.ContainsRune(dec, utf8.RuneError) {
		line = 1
		if i := bytes.IndexRune(dec, utf8.RuneError); i >= 0 {
			line += bytes.Count(dec[:i], []byte("\n"))
		}
		return nil, line, refusal(b)
	}
	if guess := implausibleGB(b); guess != "" {
		return nil, 1, refusal(b)
	}
	return simplifiedchinese.GB18030, 0, ""
}

// refusal says why b is not read, naming the encoding it looks like.
func refusal(b []byte) string {
	if guess := guessOther(b); guess != "" {
		return "not text replylint reads: it looks like " + guess + "; save it as UTF-8 (or GB18030)"
	}
	return notText
}

// gbStats counts the two-byte characters of GB18030 text b by where they
// lie in the code space.
type gbStats struct {
	pairs int // two-byte characters
	ext   int // outside GB2312 (lead or trail below 0xA1): GBK's rare additions
	level1,
	late int // GB2312 level-1 hanzi, and those among them led by 0xC9–0xD7
	spaces int
}

func countGB(b []byte) (s gbStats) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == ' ' {
			s.spaces++
		}
		if c < 0x81 || c == 0xff || i+1 >= len(b) {
			continue
		}
		t := b[i+1]
		if t >= 0x30 && t <= 0x39 { // four-byte sequence
			i += 3
			continue
		}
		s.pairs++
		switch {
		case c < 0xa1 || t < 0xa1:
			s.ext++
		case c >= 0xb0 && c <= 0xd7:
			s.level1++
			if c >= 0xc9 {
				s.late++
			}
		}
		i++
	}
	return s
}

// implausibleGB reports bytes that decode as GB18030 but are not Chinese
// written in it: Big5 and Shift-JIS text lands in GBK's rarely used
// additions, and EUC-KR's Hangul in the first half of GB2312's common
// hanzi (the pinyin a…r), without the half that 是, 我, 在, 这, 有 lie in,
// and with the spaces Korean puts between words. It returns the guess, or "".
func implausibleGB(b []byte) string {
	s := countGB(b)
	if s.ext >= 4 && s.ext*4 > s.pairs {
		return "big5-or-shift-jis"
	}
	if s.level1 >= 16 && s.late*20 < s.level1 && s.spaces*10 >= s.level1 {
		return "euc-kr"
	}
	return ""
}

// guessOther names the encoding b most likely is, among those Chinese
// exports are confused with, or "".
func guessOther(b []byte) string {
	s := countGB(b)
	if s.level1 >= 16 && s.late*20 < s.level1 && decodesAs(korean.EUCKR, b) {
		return "EUC-KR (Korean)"
	}
	if decodesAs(japanese.ShiftJIS, b) && hasKana(b) {
		return "Shift-JIS (Japanese)"
	}
	if decodesAs(traditionalchinese.Big5, b) {
		return "Big5 (traditional Chinese)"
	}
	if decodesAs(korean.EUCKR, b) && s.ext == 0 {
		return "EUC-KR (Korean)"
	}
	return ""
}

// decodesAs reports whether b decodes in enc without a replacement.
func decodesAs(enc encoding.Encoding, b []byte) bool {
	d, _, err := transform.Bytes(enc.NewDecoder(), b)
	return err == nil && !bytes.ContainsRune(d, utf8.RuneError)
}

// hasKana reports Shift-JIS hiragana or katakana (lead bytes 0x82, 0x83),
// which Japanese text is full of.
func hasKana(b []byte) bool {
	return bytes.Count(b, []byte{0x82})+bytes.Count(b, []byte{0x83}) >= 2
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

func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

func nonASCII(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= utf8.RuneSelf {
			n++
		}
	}
	return n
}

// lazyDecoder passes ASCII through and, at the first byte that is not
// ASCII, reads ahead until it has enough non-ASCII bytes to decide between
// UTF-8 and GB18030 (or the file ends, or maxLookahead is reached), and
// decides on all of them.
type lazyDecoder struct {
	name    string
	br      *bufio.Reader
	line    int // lines passed through, for the error
	pending []byte
	r       io.Reader // nil until decided
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
		l.line += bytes.Count(buf[:n], []byte("\n"))
		return l.br.Read(p[:n])
	}
	if err := l.decide(); err != nil {
		return 0, err
	}
	return l.r.Read(p)
}

// decide reads ahead from the first non-ASCII byte and settles l.r.
func (l *lazyDecoder) decide() error {
	var err error
	count := 0
	for count < enoughNonASCII && len(l.pending) < maxLookahead && err == nil {
		var chunk []byte
		chunk, err = l.br.Peek(sniffSize)
		l.pending = append(l.pending, chunk...)
		count += nonASCII(chunk)
		_, _ = l.br.Discard(len(chunk))
	}
	if err != nil && err != io.EOF {
		return err
	}
	atEOF := err == io.EOF
	if i := bytes.IndexByte(l.pending, 0); i >= 0 {
		return &Error{File: l.name, Line: l.line + 1 + bytes.Count(l.pending[:i], []byte("\n")), Msg: notText}
	}
	enc, line, msg := sniffEncoding(l.pending, atEOF)
	if msg != "" {
		return &Error{File: l.name, Line: l.line + line, Msg: msg}
	}
	src := io.MultiReader(bytes.NewReader(l.pending), l.br)
	l.r = src
	if enc != nil {
		l.r = transform.NewReader(src, enc.NewDecoder())
	}
	return nil
}

// readError is an error met reading the input at line: the decoder's own
// *Error when it refused the text on the way, else one naming the file.
func (rd *reader) readError(err error, line int) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{File: rd.name, Line: line, Msg: err.Error()}
}
