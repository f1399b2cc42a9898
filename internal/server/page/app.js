// The draft page: checks the draft through the same JSON API as any chat
// tool (POST /v1/check, /v1/fix) a moment after each keystroke, marks every
// finding in place, and applies an edit on a click or a key.
'use strict';

(() => {
  const draft = document.getElementById('draft');
  const customer = document.getElementById('customer');
  const backdrop = document.getElementById('backdrop');
  const list = document.getElementById('findings');
  const status = document.getElementById('status');
  const count = document.getElementById('count');
  const fixAll = document.getElementById('fixall');

  const DEBOUNCE_MS = 150;
  const SEVERITY = { error: '错误', warning: '警告', info: '提示' };
  const RANK = { info: 1, warning: 2, error: 3 };

  let timer = 0;
  let seq = 0;            // the number of the latest check sent
  let inflight = null;    // its AbortController
  let checked = null;     // the text the shown findings were made on
  let findings = [];      // findings about the draft, in text order
  let active = -1;        // the finding the caret or the keyboard is on

  // Offsets in findings count code points; a textarea counts UTF-16 units.
  const points = (s) => Array.from(s);
  const utf16 = (cps, i) => cps.slice(0, i).join('').length;
  const pointAt = (s, unit) => points(s.slice(0, unit)).length;

  function body(text) {
    const c = customer.value.trim();
    if (!c) return { text };
    // The pre-send case: the customer's message and the draft, the
    // conversation still open (closing rules wait for its end).
    return { messages: [{ role: 'customer', text: c }, { role: 'agent', text }], complete: false };
  }

  // ofDraft keeps the findings about the draft: all of them for a lone
  // draft; in a conversation, those on the agent's turn and those about the
  // conversation as a whole.
  function ofDraft(fs, withCustomer) {
    if (!withCustomer) return fs;
    return fs.filter((f) => f.scope === 'conversation' || f.turn === 2);
  }

  async function post(path, payload, signal) {
    const r = await fetch(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload), signal,
    });
    const j = await r.json();
    if (!r.ok) throw new Error(j.error || r.statusText);
    return j;
  }

  function schedule() {
    clearTimeout(timer);
    list.classList.add('stale');
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  async function check() {
    clearTimeout(timer);
    const text = draft.value;
    const my = ++seq;
    if (inflight) inflight.abort();
    if (!text.trim()) {
      show(text, []);
      return;
    }
    inflight = new AbortController();
    status.textContent = '检查中…';
    try {
      const withCustomer = customer.value.trim() !== '';
      const res = await post('/v1/check', body(text), inflight.signal);
      if (my !== seq) return; // a newer check is on its way
      show(text, ofDraft(res.findings, withCustomer));
    } catch (e) {
      if (e.name === 'AbortError' || my !== seq) return;
      status.className = '';
      status.textContent = '无法检查：' + e.message;
    }
  }

  function show(text, fs) {
    checked = text;
    findings = fs;
    active = Math.min(active, fs.length - 1);
    list.classList.remove('stale');
    paintBackdrop(text);
    paintList();
    const errors = fs.filter((f) => f.severity === 'error').length;
    count.textContent = fs.length ? `（${fs.length}）` : '';
    fixAll.disabled = !fs.some((f) => (f.edits || []).some((e) => e.safe));
    status.className = errors === 0 && text.trim() ? 'ok' : '';
    if (!text.trim()) status.textContent = '请输入回复草稿';
    else if (!fs.length) status.textContent = '未发现问题，可以发送。';
    else if (!errors) status.textContent = `${fs.length} 处可改进，没有错误，可以发送。`;
    else status.textContent = `${fs.length} 处问题，其中 ${errors} 个错误：请修改后再发送。`;
  }

  // paintBackdrop draws the text behind the textarea with each finding's
  // span marked; where spans overlap, the most serious colours the mark.
  function paintBackdrop(text) {
    const cps = points(text);
    const cuts = new Set([0, cps.length]);
    const spans = findings.map((f, i) => ({ f, i })).filter(({ f }) => f.scope === 'span');
    for (const { f } of spans) { cuts.add(f.start); cuts.add(f.end); }
    const at = [...cuts].filter((c) => c >= 0 && c <= cps.length).sort((a, b) => a - b);
    backdrop.textContent = '';
    for (let k = 0; k + 1 < at.length; k++) {
      const [a, b] = [at[k], at[k + 1]];
      const piece = cps.slice(a, b).join('');
      const over = spans.filter(({ f }) => f.start <= a && b <= f.end);
      if (!over.length) { backdrop.append(piece); continue; }
      const worst = over.reduce((x, y) => (RANK[y.f.severity] > RANK[x.f.severity] ? y : x));
      const m = document.createElement('mark');
      m.className = worst.f.severity + (over.some(({ i }) => i === active) ? ' active' : '');
      m.dataset.rule = worst.f.rule;
      m.dataset.findings = over.map(({ i }) => i).join(' ');
      m.textContent = piece;
      backdrop.append(m);
    }
    // A final newline needs a character after it to take up its line.
    backdrop.append('\u200b');
    backdrop.scrollTop = draft.scrollTop;
  }

  function paintList() {
    list.textContent = '';
    if (!findings.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = draft.value.trim() ? '没有问题。' : '输入草稿后，问题会显示在这里。';
      list.append(li);
      return;
    }
    findings.forEach((f, i) => list.append(card(f, i)));
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function card(f, i) {
    const li = el('li', 'finding ' + f.severity + (i === active ? ' active' : ''));
    li.tabIndex = -1;
    li.dataset.index = i;
    li.dataset.rule = f.rule;
    const head = el('div', 'head');
    head.append(el('span', 'sev', SEVERITY[f.severity] || f.severity), el('code', 'rule', f.rule));
    if (f.match) head.append(el('span', 'match', '“' + f.match + '”'));
    li.append(head, el('div', 'msg', f.message));
    const advice = (f.suggestions || []).filter((s) => !(f.edits || []).some((e) => e.text === s));
    if (advice.length) {
      const ul = el('ul', 'advice');
      for (const s of advice) ul.append(el('li', '', s));
      li.append(ul);
    }
    if ((f.edits || []).length) {
      const box = el('div', 'edits');
      for (const e of f.edits) {
        const b = el('button', 'edit');
        b.type = 'button';
        b.dataset.id = e.id;
        const old = points(checked).slice(e.start, e.end).join('');
        b.textContent = e.text === '' ? `删除“${old}”` : `改为“${e.text}”`;
        if (e.safe) b.append(el('span', 'safe', '安全'));
        b.title = e.safe ? '机械改写，replylint fix 也会这样改' : '请确认改后语义通顺';
        b.addEventListener('click', () => apply(e));
        box.append(b);
      }
      li.append(box);
    }
    li.addEventListener('click', (ev) => { if (!ev.target.closest('button')) select(i); });
    return li;
  }

  // apply makes one edit in the draft, puts the caret after it, and checks
  // the new text at once.
  function apply(e) {
    if (draft.value !== checked) { schedule(); return; } // offsets are for a text no longer there
    const cps = points(draft.value);
    const next = cps.slice(0, e.start).join('') + e.text + cps.slice(e.end).join('');
    draft.value = next;
    const caret = utf16(points(next), e.start + points(e.text).length);
    draft.focus();
    draft.setSelectionRange(caret, caret);
    active = -1;
    check();
  }

  async function applySafe() {
    const text = draft.value;
    try {
      const res = await post('/v1/fix', { text });
      if (draft.value !== text) return;
      draft.value = res.text;
      draft.focus();
      check();
    } catch (e) {
      status.textContent = '无法修改：' + e.message;
    }
  }

  // select moves the keyboard to finding i: its words selected in the
  // draft, its card marked.
  function select(i) {
    if (i < 0 || i >= findings.length) return;
    active = i;
    const f = findings[i];
    if (f.scope === 'span' && draft.value === checked) {
      const cps = points(draft.value);
      draft.focus();
      draft.setSelectionRange(utf16(cps, f.start), utf16(cps, f.end));
    }
    mark();
  }

  function mark() {
    for (const li of list.querySelectorAll('.finding')) {
      li.classList.toggle('active', Number(li.dataset.index) === active);
    }
    for (const m of backdrop.querySelectorAll('mark')) {
      m.classList.toggle('active', m.dataset.findings.split(' ').map(Number).includes(active));
    }
    const li = list.querySelector('.finding.active');
    if (li) li.scrollIntoView({ block: 'nearest' });
  }

  function atCaret() {
    const p = pointAt(draft.value, draft.selectionStart);
    return findings.findIndex((f) => f.scope === 'span' && f.start <= p && p <= f.end);
  }

  function step(dir) {
    if (!findings.length) return;
    const p = pointAt(draft.value, draft.selectionStart);
    const spans = findings.map((f, i) => ({ f, i })).filter(({ f }) => f.scope === 'span');
    const pool = spans.length ? spans : findings.map((f, i) => ({ f, i }));
    let k = dir > 0 ? pool.findIndex(({ f }) => (f.start ?? 0) > p) : findLastIndex(pool, ({ f }) => (f.end ?? 0) < p);
    if (k < 0) k = dir > 0 ? 0 : pool.length - 1;
    select(pool[k].i);
  }

  function findLastIndex(a, fn) {
    for (let i = a.length - 1; i >= 0; i--) if (fn(a[i])) return i;
    return -1;
  }

  // toEdits moves the focus to the first edit of the finding at hand, or
  // to its card when it has none.
  function toEdits() {
    const i = active >= 0 ? active : atCaret();
    if (i < 0) { step(1); return; }
    active = i;
    mark();
    const li = list.querySelector(`.finding[data-index="${i}"]`);
    if (!li) return;
    (li.querySelector('button.edit') || li).focus();
  }

  draft.addEventListener('input', schedule);
  customer.addEventListener('input', schedule);
  draft.addEventListener('scroll', () => { backdrop.scrollTop = draft.scrollTop; });
  draft.addEventListener('keydown', (ev) => {
    if (ev.altKey && ev.key === 'ArrowDown') { ev.preventDefault(); step(1); }
    else if (ev.altKey && ev.key === 'ArrowUp') { ev.preventDefault(); step(-1); }
    else if ((ev.ctrlKey || ev.metaKey) && ev.key === '.') { ev.preventDefault(); toEdits(); }
  });
  draft.addEventListener('click', () => { const i = atCaret(); if (i >= 0) { active = i; mark(); } });
  list.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') { ev.preventDefault(); draft.focus(); return; }
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const buttons = [...list.querySelectorAll('button.edit')];
    const k = buttons.indexOf(document.activeElement);
    if (k < 0) return;
    ev.preventDefault();
    const next = buttons[(k + (ev.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
    next.focus();
  });
  fixAll.addEventListener('click', applySafe);
  new ResizeObserver(() => { backdrop.style.height = draft.offsetHeight + 'px'; }).observe(draft);

  paintList();
  if (draft.value) check();
})();
