// Command gen writes a deterministic benchmark corpus: conversations between
// customers and agents as JSONL (one message a line, both roles), built from
// the catalogue's own example sentences mixed with clean filler, and
// terms.txt, every lexicon term of the catalogue one a line, for the
// `grep -F -f` baseline.
//
//	go run ./bench/gen -mb 100 -out corpus.jsonl -terms terms.txt
//
// With -real DIR it writes a real-shaped corpus instead: the chats of the
// *.jsonl files in DIR (../shared/realworld), repeated to the size asked,
// each repetition with fresh message and conversation ids. Write it outside
// the repository: those chats are for evaluation only.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// agentClean are clean agent sentences: what most of a real transcript is.
var agentClean = []string{
	"您好，很高兴为您服务，请问有什么可以帮您？",
	"请您稍等，我帮您查询一下订单的物流信息。",
	"您的订单已经发货了，快递单号已同步到订单详情页。",
	"非常抱歉给您带来不便，我们会尽快为您处理。",
	"这款产品支持七天无理由退换货，您可以放心购买。",
	"麻烦您提供一下订单号，我这边为您核实。",
	"正常情况下两天内送达，偏远地区会稍晚一些。",
	"感谢您的耐心等待，问题已经为您登记。",
	"退款会在审核通过后原路退回到您的支付账户。",
	"您可以在“我的订单”里点击申请售后。",
	"这边已经帮您备注了，仓库会优先安排发货。",
	"请问还有其他可以帮到您的吗？",
	"祝您生活愉快，再见！",
	"这件衣服的尺码偏大，建议您选小一码。",
	"我们的客服热线是400-800-1234，工作时间为早九点到晚九点。",
	"关于发票，您可以在订单完成后自助申请电子发票。",
	"会员积分可以在下单时抵扣现金，一百积分抵一元。",
	"已为您申请了补发，新的包裹预计明天发出。",
	"这个问题我需要向相关部门确认，稍后给您回复。",
	"您反馈的情况我已经记录，技术同事会联系您。",
	"商品的保修期为一年，保修期内免费维修。",
	"您可以把问题的照片发给我，方便我们判断原因。",
	"本店所有商品均为正品，支持专柜验货。",
	"您提交的地址修改已经生效了。",
	"优惠券已经发放到您的账户，下单时会自动使用。",
	"如果收到商品有任何问题，请随时联系我们。",
	"这款手机支持5G网络和NFC功能，电池容量为5000毫安时。",
	"请您检查一下收货地址和联系电话是否正确。",
	"我们会在二十四小时内给您答复。",
	"感谢您对我们的支持与理解。",
}

var greetings = []string{"您好，很高兴为您服务。", "您好！", "您好，请问有什么可以帮您？", "下午好，请问有什么可以帮您？"}

var closings = []string{"请问还有其他问题吗？", "感谢您的耐心，祝您生活愉快！", "还有什么可以帮您的吗？", "再见！"}

// customer are customer sentences; the customer's words are not checked,
// but they are read and prepared like the agent's.
var customer = []string{
	"你好，在吗？",
	"我的快递怎么还没到啊，都三天了。",
	"这个可以退货吗？",
	"你们的东西质量也太差了吧！",
	"订单号是20240501123456。",
	"能不能便宜一点？",
	"我想改一下收货地址。",
	"什么时候能发货？",
	"衣服有点小，可以换大一码吗？",
	"好的，谢谢。",
	"你们客服怎么这么慢啊？？",
	"发票怎么开？",
	"可能是我填错地址了。",
	"OK，那我等一下。",
	"收到的东西坏了，怎么办？",
	"哈哈哈，好的，辛苦了",
}

func main() {
	mb := flag.Float64("mb", 100, "corpus size in MB")
	out := flag.String("out", "corpus.jsonl", "corpus file to write")
	terms := flag.String("terms", "terms.txt", "term list to write for grep -F -f")
	hitRate := flag.Float64("hits", 0.08, "share of agent sentences taken from the catalogue's hit examples")
	seed := flag.Uint64("seed", 1, "random seed")
	real := flag.String("real", "", "folder of real chats (JSONL) to repeat instead of generating")
	flag.Parse()
	var err error
	if *real != "" {
		if err = writeTerms(*terms); err == nil {
			err = repeatReal(*real, *mb, *out)
		}
	} else {
		err = run(*mb, *out, *terms, *hitRate, *seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// record is a message line of a corpus, fields in their order. The real
// corpora's lines have no time: it is left out when empty.
type record struct {
	ID           string `json:"id"`
	Conversation string `json:"conversation"`
	Role         string `json:"role"`
	Text         string `json:"text"`
	Time         string `json:"time,omitempty"`
}

// repeatReal writes the chats of dir's JSONL files again and again, with
// fresh ids each round, until the output holds mb MB.
func repeatReal(dir string, mb float64, out string) error {
	recs, err := readRecords(dir)
	if err != nil {
		return err
	}
	return writeCorpus(out, func(w io.Writer) error { return repeatRecords(w, recs, int64(mb*1e6)) })
}

// readRecords reads the message lines of dir's JSONL files, in order.
func readRecords(dir string) ([]record, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no *.jsonl in %s", dir)
	}
	var recs []record
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		for n, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var r record
			if err := json.Unmarshal(line, &r); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, n+1, err)
			}
			recs = append(recs, r)
		}
	}
	return recs, nil
}

// repeatRecords writes recs round after round, the ids suffixed with the
// round, and stops at the line that brings the output to limit bytes.
func repeatRecords(w io.Writer, recs []record, limit int64) error {
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false) // as the files have them
	var size int64
	for round := 0; size < limit; round++ {
		for _, r := range recs {
			r.ID = fmt.Sprintf("%s-r%d", r.ID, round)
			r.Conversation = fmt.Sprintf("%s-r%d", r.Conversation, round)
			line.Reset()
			if err := enc.Encode(r); err != nil {
				return err
			}
			if _, err := w.Write(line.Bytes()); err != nil {
				return err
			}
			if size += int64(line.Len()); size >= limit {
				break
			}
		}
	}
	return nil
}

// writeCorpus creates out and has fill write it, buffered.
func writeCorpus(out string, fill func(io.Writer) error) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := fill(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// writeTerms writes every lexicon term of the catalogue, one a line: the
// pattern list of the grep baseline.
func writeTerms(termsFile string) error {
	packs, err := dict.Builtin()
	if err != nil {
		return err
	}
	var termList []string
	seen := map[string]bool{}
	for _, p := range packs {
		for _, r := range p.Rules {
			if r.Kind == "" || r.Kind == "lexicon" {
				for _, t := range r.Terms {
					if !seen[t] {
						seen[t] = true
						termList = append(termList, t)
					}
				}
			}
		}
	}
	return os.WriteFile(termsFile, []byte(strings.Join(termList, "\n")+"\n"), 0o644)
}

func run(mb float64, out, termsFile string, hitRate float64, seed uint64) error {
	hits, nonHits, err := catalogueExamples()
	if err != nil {
		return err
	}
	if err := writeTerms(termsFile); err != nil {
		return err
	}
	g := &generator{
		rng:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		hitRate: hitRate, hits: hits, nonHits: nonHits,
	}
	return writeCorpus(out, func(w io.Writer) error { return g.write(w, int64(mb*1e6)) })
}

// catalogueExamples are the hit examples (without their marks) and the
// non-hit examples of every built-in rule.
func catalogueExamples() (hits, nonHits []string, err error) {
	packs, err := dict.Builtin()
	if err != nil {
		return nil, nil, err
	}
	for _, p := range packs {
		for _, r := range p.Rules {
			for _, h := range r.Hits {
				text, _ := rules.ParseMarked(h)
				hits = append(hits, text)
			}
			nonHits = append(nonHits, r.NonHits...)
		}
	}
	return hits, nonHits, nil
}

// generator makes the conversations of a generated corpus. Its random
// numbers are drawn in a fixed order, so that a seed gives the same
// corpus byte for byte.
type generator struct {
	rng           *rand.Rand
	hitRate       float64
	hits, nonHits []string
}

// write writes conversations until at least limit bytes are written.
func (g *generator) write(w io.Writer, limit int64) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	start := time.Date(2024, 5, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var written int64
	for conv := 1; written < limit; conv++ {
		n, err := g.conversation(enc, conv, start.Add(time.Duration(conv)*37*time.Second))
		if err != nil {
			return err
		}
		written += n
	}
	return nil
}

// conversation writes conversation conv, starting at, and returns the
// bytes it counts.
func (g *generator) conversation(enc *json.Encoder, conv int, at time.Time) (int64, error) {
	var written int64
	turns := 4 + 2*g.rng.IntN(5)
	for turn := 1; turn <= turns; turn++ {
		role, text := "agent", ""
		if turn%2 == 0 {
			text = g.agentText(turn, turns)
		} else {
			role, text = "customer", g.customerText()
		}
		at = at.Add(time.Duration(g.delay(role, turn)) * time.Second)
		rec := record{
			ID: fmt.Sprintf("c%d-m%d", conv, turn), Conversation: fmt.Sprintf("c%d", conv),
			Role: role, Text: text, Time: at.Format(time.RFC3339),
		}
		b, err := json.Marshal(rec) // only to count bytes; Encode writes the same plus \n
		if err != nil {
			return written, err
		}
		written += int64(len(b)) + 1
		if err := enc.Encode(rec); err != nil {
			return written, err
		}
	}
	return written, nil
}

func (g *generator) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

// agentSentence is a hit example at the hit rate, a non-hit example now
// and then, and otherwise a clean sentence.
func (g *generator) agentSentence() string {
	switch x := g.rng.Float64(); {
	case x < g.hitRate:
		return g.pick(g.hits)
	case x < g.hitRate+0.15:
		return g.pick(g.nonHits)
	default:
		return g.pick(agentClean)
	}
}

// agentText is the agent's turn turn of turns.
func (g *generator) agentText(turn, turns int) string {
	var sb strings.Builder
	// Agents mostly open with a greeting and close politely; the
	// conversation rules flag the ones that do not.
	if turn == 2 && g.rng.IntN(10) > 0 {
		sb.WriteString(g.pick(greetings))
	}
	n := 1 + g.rng.IntN(3)
	if g.rng.IntN(50) == 0 {
		n = 15 + g.rng.IntN(30) // now and then a long reply
	}
	for range n {
		sb.WriteString(g.agentSentence())
	}
	if turn == turns && g.rng.IntN(10) > 0 {
		sb.WriteString(g.pick(closings))
	}
	return sb.String()
}

func (g *generator) customerText() string {
	var sb strings.Builder
	for range 1 + g.rng.IntN(2) {
		sb.WriteString(g.pick(customer))
	}
	return sb.String()
}

// delay is the seconds before turn turn. Agents mostly answer within the
// limits (3 s the first time, 60 s later); now and then one is late.
func (g *generator) delay(role string, turn int) int {
	delay := 5 + g.rng.IntN(60)
	switch {
	case role == "agent" && turn == 2:
		delay = 1 + g.rng.IntN(2) + g.rng.IntN(10)/9*5
	case role == "agent":
		delay = 3 + g.rng.IntN(50) + g.rng.IntN(20)/19*30
	}
	return delay
}
