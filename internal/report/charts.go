package report

import (
	"fmt"
	"strings"

	"github.com/replylint/replylint/internal/score"
)

// The charts are laid out here, in Go, and drawn by the template as plain
// SVG: the page needs no charting library and shows its charts even with
// JavaScript off.

type bar struct {
	Name, Label  string
	Value        int
	Y, W, TextX  float64
	ValueX       float64
	LabelY, BarH float64
	// Segments split the bar by severity, error first.
	Segments []segment
}

// segment is one severity's part of a bar.
type segment struct {
	Severity, Label string
	Value           int
	X, W            float64
}

type barChart struct {
	Bars          []bar
	Width, Height float64
	LabelW        float64
}

// newBarChart lays out one horizontal bar per category, largest first.
func newBarChart(cs []score.Count) barChart {
	const rowH, barH, labelW, plotW, pad = 26.0, 18.0, 210.0, 780.0, 6.0
	ch := barChart{Width: labelW + plotW + 60, Height: rowH*float64(len(cs)) + 2*pad, LabelW: labelW}
	maxV := 1
	for _, c := range cs {
		maxV = max(maxV, c.Findings)
	}
	for i, c := range cs {
		y := pad + float64(i)*rowH
		w := plotW * float64(c.Findings) / float64(maxV)
		b := bar{
			Name: c.Name, Label: CategoryLabel(c.Name), Value: c.Findings,
			Y: y, W: max(w, 2), TextX: labelW - 8, ValueX: labelW + max(w, 2) + 6,
			LabelY: y + barH/2 + 4.5, BarH: barH,
		}
		x := labelW
		for _, sev := range []string{"error", "warning", "info"} {
			n := c.BySeverity[sev]
			if n == 0 {
				continue
			}
			sw := b.W * float64(n) / float64(max(c.Findings, 1))
			b.Segments = append(b.Segments, segment{Severity: sev, Label: SeverityLabel(sev), Value: n, X: x, W: sw})
			x += sw
		}
		if len(b.Segments) == 0 {
			// Counts without a severity split (never from a Builder) still
			// get their bar.
			b.Segments = []segment{{Severity: "info", Label: "", Value: c.Findings, X: labelW, W: b.W}}
		}
		ch.Bars = append(ch.Bars, b)
	}
	return ch
}

type point struct {
	X, Y    float64
	Date    string
	Label   string // the date as shown under the axis (MM-DD)
	Score   float64
	Per100  float64
	Finding int
	Convs   int
}

type trendChart struct {
	Points        []point
	Line          string // the score polyline's points
	Width, Height float64
	Left, Right   float64
	Top, Bottom   float64
	Grid          []gridLine
}

type gridLine struct {
	Y     float64
	Label string
}

// newTrendChart lays out the mean score per day on a 0–100 axis; nil when
// the input has no dated messages.
func newTrendChart(days []score.Day) *trendChart {
	if len(days) == 0 {
		return nil
	}
	ch := &trendChart{Width: 1080, Height: 280, Left: 50, Right: 1060, Top: 34, Bottom: 230}
	y := func(v float64) float64 { return ch.Bottom - (ch.Bottom-ch.Top)*v/100 }
	for _, v := range []float64{0, 25, 50, 75, 100} {
		ch.Grid = append(ch.Grid, gridLine{Y: y(v), Label: fmt.Sprint(v)})
	}
	var pts []string
	for i, d := range days {
		x := (ch.Left + ch.Right) / 2
		if len(days) > 1 {
			x = ch.Left + 20 + (ch.Right-ch.Left-40)*float64(i)/float64(len(days)-1)
		}
		p := point{X: x, Y: y(d.MeanScore), Date: d.Date, Label: d.Date[5:], Score: d.MeanScore,
			Finding: d.Findings, Convs: d.Conversations}
		if d.Messages > 0 {
			p.Per100 = float64(d.Findings) * 100 / float64(d.Messages)
		}
		ch.Points = append(ch.Points, p)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", p.X, p.Y))
	}
	ch.Line = strings.Join(pts, " ")
	return ch
}

// CategoryLabel is a category as a Chinese-speaking QA lead reads it, with
// the id that the JSON output and configuration use.
func CategoryLabel(c string) string {
	name := ""
	switch c {
	case "honorific":
		name = "称呼用“您”"
	case "overpromise":
		name = "过度承诺"
	case "hedge":
		name = "模糊用语"
	case "negative":
		name = "否定表达"
	case "contrast":
		name = "转折用语"
	case "interjection":
		name = "语气词"
	case "filler":
		name = "口头禅"
	case "address":
		name = "不当称呼"
	case "english":
		name = "英文用语"
	case "shirk":
		name = "推诿"
	case "dismissive":
		name = "怠慢客户"
	case "slang":
		name = "网络用语"
	case "shouting":
		name = "喊叫"
	case "self-focus":
		name = "以“我”为中心"
	case "length":
		name = "回复过长"
	case "greeting":
		name = "缺少问候"
	case "closing":
		name = "缺少结束语"
	case "response-time":
		name = "响应超时"
	case "wait-apology":
		name = "未致歉久等"
	case "complaint-apology":
		name = "投诉未致歉"
	case "checklist":
		name = "质检清单"
	}
	if name == "" {
		return c
	}
	return name + " " + c
}
