package transcript

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// slowObject is parseObject without its fast path.
func slowObject(raw []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errFlat
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key := normKey(tok.(string))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if _, dup := fields[key]; !dup {
			fields[key] = v
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errFlat
	}
	return fields, nil
}

var errFlat = bytes.ErrTooLarge // any error will do

// knownOf is what the readers take from an object's keys: each field's
// value under the first of its names present and not null, with that name,
// and whether there is a tool_calls key.
func knownOf(fields map[string]json.RawMessage) (known [nFields][2]string, toolCalls bool) {
	for f, names := range normNames {
		for _, k := range names {
			if v, ok := fields[k]; ok && string(v) != "null" {
				known[f] = [2]string{string(v), k}
				break
			}
		}
	}
	_, toolCalls = fields[keyToolCalls]
	return known, toolCalls
}

// knownIn is knownOf as an object read says it.
func knownIn(o *object) (known [nFields][2]string, toolCalls bool) {
	for f := range known {
		if v, k, ok := o.value(field(f)); ok {
			known[f] = [2]string{string(v), k}
		}
	}
	return known, o.toolCalls
}

// TestParseFlatAgrees checks the fast path against encoding/json on every
// JSONL line of testdata and on random mutations of them: where the fast
// path answers, it must answer what encoding/json does, and it must answer
// for the plain records exports are made of.
func TestParseFlatAgrees(t *testing.T) {
	var lines [][]byte
	files, _ := filepath.Glob("../../testdata/*/*.jsonl")
	more, _ := filepath.Glob("../../testdata/*.jsonl")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				lines = append(lines, l)
			}
		}
	}
	lines = append(lines,
		[]byte(`{"id":"m1","conversation":"c1","role":"agent","text":"您好","time":"2024-05-01T10:00:03+08:00"}`),
		[]byte(` { "ID" : 12 , "Text":"a\"b\\n\u00e9" ,"n":-1.5e+3,"t":true,"f":false,"x":null, "text":"dup"} `),
		[]byte(`{}`), []byte(`{"a":01}`), []byte(`{"a":1.}`), []byte(`{"a":tru}`), []byte(`{"a":"b"}{}`),
		[]byte(`{"a":"\x"}`), []byte(`{"a":"\u12"}`), []byte(`{"a":[1]}`), []byte(`{"messages":"x"}`), []byte(`{"a" "b"}`),
		[]byte(`{"text":null,"content":"x","Text":"y","text":"z"}`), []byte(`{"Session-ID":"s1","session_id":"s2","sessionid":"s3"}`),
		[]byte(`{"role":null,"speaker":"客服","tool_calls":null,"Tool_Calls":1}`), []byte(`{"msg":"a","message":"b","time":1714557600}`),
		[]byte(`{"a":"b",}`), []byte(`{"a\u0041":"b"}`), []byte("{\"a\":\"b\tc\"}"), []byte(`{"a":-}`), []byte(`{"a":1e}`),
		[]byte("{\"text\":\"\xe4\xbd\xa0\xe5\xa5\xbd\",\"\xe8\xa7\x92\xe8\x89\xb2\":\"\xc3\xa9\xf0\x9f\x98\x80\"}"),
		[]byte("{\"text\":\"\xe4\xbd\"}"), []byte("{\"text\":\"\xed\xa0\x80\"}"), []byte("{\"te\xffxt\":\"a\"}"),
	)
	if len(lines) < 30 {
		t.Fatalf("only %d lines to compare", len(lines))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(`{}[]":,\ -+.0123456789eEtrufalsn` + "\t\x80\xbf\xc3\xe4\xed\xf0\xf4\xff")
	fast := 0
	check := func(l []byte) {
		want, err := slowObject(l)
		o, ok := parseFlat(l, nil)
		if !ok {
			return
		}
		fast++
		if !utf8.Valid(l) {
			t.Errorf("%q: fast path read a line that is not UTF-8", l)
			return
		}
		if err != nil {
			t.Errorf("%s: fast path read it, encoding/json says %v", l, err)
			return
		}
		known, calls := knownOf(want)
		if got, gotCalls := knownIn(o); got != known || gotCalls != calls {
			t.Errorf("%s:\nfast %q %v\nslow %q %v", l, got, gotCalls, known, calls)
		}
		// The general way reads the same.
		g, err := parseGeneral(l, 1)
		if err != nil {
			t.Errorf("%s: general way: %v", l, err)
			return
		}
		if got, gotCalls := knownIn(g); got != known || gotCalls != calls {
			t.Errorf("%s: general way:\n%q %v\nslow %q %v", l, got, gotCalls, known, calls)
		}
	}
	for _, l := range lines {
		check(l)
		for range 200 {
			m := bytes.Clone(l)
			switch k := rng.IntN(3); {
			case k == 0 && len(m) > 0:
				m[rng.IntN(len(m))] = alphabet[rng.IntN(len(alphabet))]
			case k == 1 && len(m) > 0:
				i := rng.IntN(len(m))
				m = append(m[:i], m[i+1:]...)
			default:
				i := rng.IntN(len(m) + 1)
				m = append(m[:i], append([]byte{alphabet[rng.IntN(len(alphabet))]}, m[i:]...)...)
			}
			check(m)
		}
	}
	if fast < len(lines)/2 {
		t.Errorf("the fast path read only %d lines", fast)
	}
	t.Logf("%d lines and mutations read by the fast path", fast)
}
