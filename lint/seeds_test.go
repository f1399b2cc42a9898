package lint

import (
	"slices"
	"strings"
	"testing"
)

// The seed documents in ../shared/seeds are where the rules come from; these
// tests hold the catalogue to them. Note that the two training decks are
// filed under each other's numbers: the 走进客服 deck with the 禁用语 list,
// its exercise dialogues and 练习1-8 is 003_a692306b54ced475.txt, and the
// 信息公司客服规范用语 with the 参考话术 is 004_9fdda052c8bf8a95.txt.

// seedFindings renders the word-level findings of one agent line as
// "category:match", in order; whole-reply and conversation categories are
// left out, as the scorer leaves them out.
func seedFindings(l *Linter, line string) []string {
	out := []string{}
	for _, f := range l.CheckText(line) {
		if unscored[f.Category] || !f.HasSpan() {
			continue
		}
		out = append(out, f.Category+":"+f.Match)
	}
	return out
}

func seedLinter(t *testing.T) *Linter {
	t.Helper()
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSeedBannedDialogues: the agent lines of the 禁用语 exercise dialogues
// (第一组, 第二组) and of 练习1-8 (看下面对话找出禁用语). Each is flagged on
// every word of the 禁用语 list it contains, and on nothing else.
func TestSeedBannedDialogues(t *testing.T) {
	l := seedLinter(t)
	cases := []struct {
		line string
		want []string
	}{
		// 禁用语 第一组
		{"呵呵，这不行的。", []string{"interjection:呵呵"}},
		{"大哥，这真的不行，没办法的。", []string{"address:大哥", "shirk:没办法"}},
		// 禁用语 第二组
		{"可能一到两天。", []string{"hedge:可能"}},
		{"差不多这个意思。", []string{"hedge:差不多"}},
		{"那就没办法了。", []string{"shirk:没办法"}},
		// 练习1-8
		{"呵呵，大哥，您好，有什么可以为您服务的？", []string{"interjection:呵呵", "address:大哥"}},
		{"可能有七八种吧。", []string{"hedge:可能"}},
		// The exercise wants this answer rewritten (the agent should check
		// and give a time), but it holds no word of the 禁用语 list: 不一定
		// is not a listed hedge, and as a caution (这款空调不一定适合您家的
		// 面积) it is good practice, so the linter leaves it alone.
		{"我要去问问，不一定的。", []string{}},
		{"可能一到两天。", []string{"hedge:可能"}},
		{"YES！", []string{"english:YES"}},
		{"那就没办法了。", []string{"shirk:没办法"}},
	}
	for _, c := range cases {
		if got := seedFindings(l, c.line); !slices.Equal(got, c.want) {
			t.Errorf("%s\n  want %v\n  got  %v", c.line, c.want, got)
		}
	}
}

// TestSeedModelAnswersClean: the approved wording of the seeds comes out
// clean. Seed 001 is quoted as it stands, in its mangled traditional
// conversion (专门 for 很, 关心 for 帮助, 苦恼 for 麻烦…), except where noted;
// the linter reads traditional characters through its t2s table.
func TestSeedModelAnswersClean(t *testing.T) {
	l := seedLinter(t)
	clean := []string{
		// 003 (走进客服): the agent's lines in the 开场白 and 结束语 examples.
		"在的，您好！",
		"在的，您好！我是客服001，很高兴为您服务",
		"您好！今天17:00为您发货。",
		"您好！我们统一发申通快递。",
		"请问还有其它问题吗？",
		"很高兴为您服务，如有问题可以再次咨询我们或留言，我们会竭诚为您服务，期待您的下次光临！再见！",

		// 004 (客服规范用语): 规范用语 and 参考话术.
		"您好，请问您是XXX女士吗？",
		"您好，请问您现在所在地？",
		"您好、请问、请讲、请稍等、很抱歉、对不起、麻烦您、不用谢、不用客气、请您再说一遍",
		"您好，这边是XXX云平台，请问有什么可以帮到您？",
		"您好，这边是XXX云平台，很高兴为您服务。",
		"某先生/小姐，请问有什么可以帮助您？",
		"请问还有什么可以帮助您？",
		"请问您还有其他问题吗",
		"感谢您的来电，祝您生活愉快，再见！",
		"很抱歉，请您稍等一下，我帮您核实一下。",
		"感谢您的耐心等待，关于您的问题，.......",
		"您好，关于您的问题，这边先帮您核实一下，若有结果，会第一时间回复您，请您耐心等待！",
		"请您先不要着急，关于您的问题，这边已经提交给相关的部门，若有结果，会第一时间回复您，请您再耐心等待一下。",
		"非常抱歉让您久等了，关于您反馈的问题，相关部门已经在紧急处理。目前的处理进度…….",
		"非常抱歉给您带来不好的体验，请您先不要生气，能跟我说说具体情况吗？",
		"您反映的问题，我们会帮您尽快解决的。",
		"先生/女士很抱歉给您带来不好的体验，感谢您的指正，后续我们也会在工作中不断改进的。",
		"非常感谢您的建议，对于客户的宝贵意见，我司一向是非常重视的。我已经详细记录，并且会及时提交给相关部门，后续我们也不断优化产品，希望给您带来更好的体验。谢谢！",
		"非常抱歉，您在建议中提到的功能要求，经过技术综合评估，暂时无法实现，请谅解! 同时，也感谢您对我们公司的信任，我们会考虑您的建议.希望您以后能够继续支持我们，谢谢!",
		"节日好！（例如新年好！）很高兴为您服务，请问有什么可以帮到您？",
		"再次祝您节日快乐！感谢您的来电，再见！",
		"您好！请问有什么可以帮助您？",
		"很抱歉，您的电话没有声音，请您换一部电话再次打来，好吗？再见！",
		"对不起！请您大声一点，好吗？",
		"对不起！您的电话声音太小，请您换一部电话，拨打来，好吗？",

		// 001: the model answer of 不正面回答客户问题 (可不能 is the
		// conversion's 不会; 一定放心 is reassurance, not a promise).
		"您好，這款衣服可不能掉色的、請您一定放心哦。我今天會準時為您發貨，走快遞，正常情況下2天內您就能收到啦，希望您喜愛哈！",
		// 001: 引导客户思绪, 认真倾听, 认同客户的感受, 安抚和解释.
		"您什麼時候開始感到我們的服務沒能及時替您解決那個問題？",
		"我理解您，您的小孩多大啦？",
		"稍候，讓我來和高層領導請示一下，我們還能夠如何樣來解決那個問題。",
		"我理解了您的意思嗎？",
		"王先生，對不起，讓您感到不愉快了，我特不理解您現在的感受。",
		"我同意您的看法",
		"我也是這麼想的",
		"是不是如此子的呢",
		"您覺得呢",
		"我們分析一下那個問題",
		"讓我看一下該如何關心您，我專門情願為您解決問題。",
		"我理解您現在的心情，目前……",
		"我也是這麼想的，只是……",
		"歡迎下次光臨",
		// 001: 客服规范沟通用语总结.
		"您好，歡迎致電XX客戶服務熱線，客服代表YYY專門快樂為您服務，請問有什麼能夠關心您！",
		"您好，請問有什麼能夠關心您？",
		"某先生/小姐，請問有什麼能夠關心您？",
		"對不起，您的電話沒有聲音，請您換一部電話再次打來，好嗎？再見！",
		"對不起，您的聲音太小，請您拿起話筒講話好嗎？",
		"對不起！請您大聲一點，好嗎？",
		"對不起，您的電話雜音太大，聽不清，請您換一部電話再次打來好嗎？再見！",
		"對不起，請您講一般話，好嗎？感謝！",
		"對不起，公司有規定，上班時刻不同意接聽私人電話，請您下班後再與她聯繫，感謝您，再見！",
		"對不起，苦惱您將剛才反映的問題再復述一遍，好嗎？",
		"苦惱您記錄一下，好嗎？",
		"對不起，那個地點是XX客戶服務中心，請您查證後再撥。",
		"對不起，您能否將具體情況和聯繫電話告訴我，我幫您聯繫好嗎？",
		"對不起，剛才因為線路忙，讓您久等了！請問有什麼能夠關心您？",
		"對不起，先生/小姐，請問有什麼能夠關心您？",
		"對不起，讓您久等了，我將盡快幫您處理。",
		"對不起，由於我們服務不周給您添苦惱了，請您原諒，您是否能將詳細情況告訴我？",
		"對不起，給您添苦惱了，我會將您反映的問題如實上報主管，並盡快核實處理，給您帶來的不便請您原諒！",
		"對不起，您是否能夠留下您的聯繫電話，由我們的主管與您聯繫處理，好嗎？",
		"專門抱歉，先生/小姐，多謝您反映的意見，我們會盡快向上級部門反映，並在2小時之內給您明確的答復，再見！",
		"對不起，請您稍等片刻，好嗎？",
		"對不起，讓您久等了。",
		"對不起，線路正在調整，請您稍後再來電，好嗎？",
		"對不起，我的工號是×××號。",
		"感謝您，您提出的寶貴建議，我們將及時反饋給公司相關負責人員，再次感謝您對我們工作的關懷和支持。",
		"對不起，請您原諒。",
		"沒關係，請不必介意。",
		"對不起，您的要求不在我們的服務範圍內，請您掛機。",
		"請不必客氣，這是我們應該做的或這是我們的工作職責，感謝您對我們工作的支持，隨時歡迎您再來電。",
		"對不起，請您留下您的聯繫電話我們查詢後將盡快與您聯繫，好嗎？",
		"先生/女士：請問您貴姓？",
		"感謝您的合作，再見！",
		"請問我剛才的解釋您是否明白/是否清晰？",
	}
	for _, line := range clean {
		if got := seedFindings(l, line); len(got) > 0 {
			t.Errorf("approved wording flagged: %s\n  %v", line, got)
		}
	}
}

// TestSeedModelAnswersDefended: approved wording of seed 001 that the
// linter does flag, each finding with its defence. Where the seeds
// disagree the product's design card wins (RULES.md): 你 must be 您, 可能,
// 但是 and 我不能 are banned.
func TestSeedModelAnswersDefended(t *testing.T) {
	l := seedLinter(t)
	cases := []struct {
		line string
		want []string
		// why is the defence; the test only keeps it next to the finding.
		why string
	}{
		{"看看我們能夠幫你做什麼", []string{"honorific:你"},
			"001's own 正确方法 writes 你, while the same seed says 对顾客要以“您”来称呼，不要一口一个“你”; the fix is 看看我们能够帮您做什么."},
		{"我們能為你做的是……", []string{"honorific:你"}, "as above: 我们能为您做的是……"},
		{"我專門情願為你做", []string{"honorific:你"}, "as above: 我很愿意为您做"},
		{"汪先生，我特不想關心您。但您假如一直如此情緒興奮，我只能和您另外約時刻了。您看呢？", []string{"contrast:但"},
			"给定限制 sets a limit on purpose, and 但 is the turn the card bans (只要不说“但是”，说什么都行); a reviewer who keeps the turn can silence the line inline."},
		{"王先生，來看一下我的理解是否正確。您是講，您一個月前買了我們的手機，但發覺有時會無故死機。您已經到我們的手機維修中心檢測過，但測試結果沒有任何問題。今天，此現象再次發生，您專門不中意，要求我們給您更換產品。",
			[]string{"contrast:但", "contrast:但"},
			"the agent retells the customer's story, and its 但 is the customer's, not a turn against him; the linter cannot tell a retold 但 from the agent's own, so this is a known false alarm (差不多 of the conversion is written 已經 here, its sense)."},
		{"特不感謝！對不起，我不能同意，再次感謝您！", []string{"negative:我不能"},
			"declining a customer's invitation: the seed's wording says 我不能, which 001 itself bans (客户服务的语言中，没有“我不能”); 对不起，这不在我们的服务范围内，再次感谢您 keeps it polite."},
		{"專門抱歉，可能我不能關心您！", []string{"hedge:可能", "negative:我不能"},
			"the card bans both 可能 and 我不能; 非常抱歉，这个要求我们暂时无法满足，我们能为您做的是… says the same without them."},
		{"專門抱歉，這超出我們的服務範圍，可能我不能關心您。", []string{"hedge:可能", "negative:我不能"}, "as above."},
	}
	for _, c := range cases {
		if strings.TrimSpace(c.why) == "" {
			t.Errorf("%s: a flagged model answer needs its defence", c.line)
		}
		if got := seedFindings(l, c.line); !slices.Equal(got, c.want) {
			t.Errorf("%s\n  want %v\n  got  %v", c.line, c.want, got)
		}
	}
}
