/*
 * <plan-assistant api="https://assistant.example.jp" key="API-KEY"></plan-assistant>
 *
 * A chat about the planning documents for any web page: one <script> tag, no dependencies.
 * Served by the API at /widget/v1/plan-assistant.js. Optional attributes: docs="a.txt,b.txt"
 * (limit to these documents), heading="…" (the title shown). Theme with CSS custom properties
 * on the element: --pa-accent, --pa-font, --pa-max-width.
 */
(() => {
  "use strict";
  if (customElements.get("plan-assistant")) return;

  const T = {
    heading: "計画文書アシスタント",
    intro: "国や地域の計画文書について質問できます。回答には出典（文書・ページ・行）が付きます。",
    label: "質問",
    placeholder: "例：新規高卒者管内企業就職率の進捗率は？",
    send: "送信",
    reset: "新しい会話",
    you: "あなたの質問",
    bot: "回答",
    busy: "回答を作成しています…",
    done: "回答を表示しました。",
    sources: "出典",
    related: "関連する箇所",
    abstained: "資料に記載なし",
    abstainedNote: "近い記載を下に示します（回答の根拠ではありません）。",
    // Why it abstained (the answer's abstained_by), when a passage was found: said instead of 「記載なし」.
    withheldBadge: "回答を控えました",
    withheld: {
      constraint: "関連する記載はありますが、質問の条件（年度・対象・内訳など）に合う記載は見つかりませんでした。",
      confidence: "関連しそうな記載はありますが、質問への答えとは確認できなかったため、回答を控えました。",
    },
    openSource: (n) => `出典${n}を開く`,
    lines: (a, b) => (a === b ? `${a}行` : `${a}–${b}行`),
    page: (p) => `p.${p}`,
    empty: "質問を入力してください。",
    conversation: "会話",
    hintKeys: "Enter で送信、Shift+Enter で改行",
    errors: {
      401: "API キーが正しくありません。サイトの管理者にお問い合わせください。",
      403: "この操作は許可されていません。",
      413: "質問が長すぎます。",
      422: "質問の形式が正しくありません。",
      429: "混み合っています。しばらくしてからもう一度お試しください。",
      network: "サーバーに接続できませんでした。通信環境を確認してください。",
      timeout: "時間内に回答が得られませんでした。もう一度お試しください。",
      other: "エラーが発生しました。時間をおいてもう一度お試しください。",
    },
  };
  const MAX_HISTORY = 20; // turns sent with a follow-up (the API accepts up to 100)
  const TIMEOUT_MS = 30000;

  const CSS = `
:host { display: block; max-width: var(--pa-max-width, 48rem); color: #1b1b1b; background: #fff;
  font: 1rem/1.7 var(--pa-font, system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif);
  --accent: var(--pa-accent, #0b57d0); }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.box { border: 1px solid #8a8f98; border-radius: 8px; padding: 1rem; }
h2 { font-size: 1.15rem; margin: 0 0 .25rem; }
.intro { margin: 0 0 .75rem; color: #44474e; font-size: .95rem; }
.log { display: flex; flex-direction: column; gap: .75rem; max-height: 32rem; overflow-y: auto;
  margin: 0 0 .75rem; padding: 0; }
.log:empty { display: none; }
.msg { margin: 0; padding: .6rem .8rem; border-radius: 8px; overflow-wrap: anywhere; }
.msg h3 { font-size: .8rem; font-weight: 600; margin: 0 0 .2rem; color: #44474e; }
.user { background: #e8f0fe; align-self: flex-end; max-width: 90%; }
.bot { background: #f4f5f7; }
.bot.abstained { background: #fff4e5; }
.text { margin: 0; white-space: pre-wrap; }
.badge { display: inline-block; font-size: .8rem; font-weight: 700; color: #6b3a00; background: #ffe2b8;
  border-radius: 4px; padding: 0 .4rem; margin-bottom: .25rem; }
.note { margin: .25rem 0 0; font-size: .9rem; color: #5c3300; }
.refs h4 { font-size: .85rem; margin: .6rem 0 .2rem; color: #44474e; }
.refs ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .3rem; }
details { background: #fff; border: 1px solid #c4c7cf; border-radius: 6px; }
summary { cursor: pointer; padding: .35rem .6rem; font-size: .9rem; }
summary .where { color: #44474e; }
blockquote { position: relative; margin: 0; padding: .5rem .8rem; border-top: 1px solid #c4c7cf;
  white-space: pre-wrap; font-size: .9rem; max-height: 14rem; overflow-y: auto; }
blockquote mark { background: #fff1a8; color: inherit; }
.file { margin: 0; padding: 0 .8rem .5rem; font-size: .8rem; color: #44474e; }
.ref { font: inherit; color: var(--accent); background: none; border: 0; padding: 0 .1rem; cursor: pointer;
  text-decoration: underline; }
form { display: grid; grid-template-columns: 1fr auto; gap: .5rem; align-items: end; }
label { grid-column: 1 / -1; font-weight: 600; font-size: .95rem; }
textarea { width: 100%; min-height: 2.8rem; resize: vertical; font: inherit; padding: .45rem .6rem;
  border: 1px solid #6b7079; border-radius: 6px; color: inherit; background: #fff; }
.buttons { display: flex; gap: .5rem; }
button.primary, button.secondary { font: inherit; min-height: 2.75rem; min-width: 2.75rem; border-radius: 6px;
  padding: .4rem 1rem; cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border: 1px solid var(--accent); }
button.secondary { background: #fff; color: #1b1b1b; border: 1px solid #6b7079; }
button[disabled] { opacity: .6; cursor: progress; }
.keys { grid-column: 1 / -1; margin: 0; font-size: .8rem; color: #44474e; }
.status { margin: .5rem 0 0; font-size: .9rem; color: #44474e; min-height: 1.4em; }
.error { margin: .5rem 0 0; color: #a50e0e; font-weight: 600; }
.error:empty { display: none; }
:focus-visible { outline: 3px solid #1a55b8; outline-offset: 2px; }
textarea:focus-visible { outline-offset: 0; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .box { padding: .75rem; border-radius: 0; border-left: 0; border-right: 0; }
  form { grid-template-columns: 1fr; }
  .buttons { justify-content: stretch; }
  .buttons button { flex: 1; }
  .user { max-width: 100%; }
}
@media (prefers-reduced-motion: no-preference) { .log { scroll-behavior: smooth; } }
`;

  let counter = 0;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  class PlanAssistant extends HTMLElement {
    static get observedAttributes() { return ["heading"]; }

    constructor() {
      super();
      this.uid = `pa${++counter}`;
      this.history = [];
      this.busy = false;
      const root = this.attachShadow({ mode: "open" });
      const style = el("style");
      style.textContent = CSS;
      const id = (s) => `${this.uid}-${s}`;
      this.titleEl = el("h2", { id: id("title"), text: T.heading });
      this.log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": T.conversation });
      this.input = el("textarea", {
        id: id("q"), name: "question", rows: 2, maxlength: 2000, autocomplete: "off",
        placeholder: T.placeholder, "aria-describedby": id("keys"),
      });
      this.sendBtn = el("button", { type: "submit", class: "primary", text: T.send });
      this.resetBtn = el("button", { type: "button", class: "secondary", text: T.reset });
      this.status = el("p", { class: "status", role: "status", "aria-live": "polite" });
      this.error = el("p", { class: "error", role: "alert" });
      this.form = el(
        "form",
        { "aria-labelledby": id("title") },
        el("label", { for: id("q"), text: T.label }),
        this.input,
        el("div", { class: "buttons" }, this.sendBtn, this.resetBtn),
        el("p", { class: "keys", id: id("keys"), text: T.hintKeys }),
      );
      const box = el(
        "section",
        { class: "box", "aria-labelledby": id("title") },
        this.titleEl,
        el("p", { class: "intro", text: T.intro }),
        this.log,
        this.form,
        this.status,
        this.error,
      );
      root.append(style, box);

      this.form.addEventListener("submit", (e) => { e.preventDefault(); this.ask(); });
      this.input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.ask(); }
      });
      this.resetBtn.addEventListener("click", () => this.reset());
    }

    attributeChangedCallback(name, _old, value) {
      if (name === "heading") this.titleEl.textContent = value || T.heading;
    }

    get api() { return (this.getAttribute("api") || "").replace(/\/+$/, ""); }

    reset() {
      this.history = [];
      this.log.replaceChildren();
      this.error.textContent = "";
      this.status.textContent = "";
      this.input.value = "";
      this.input.focus();
    }

    async ask() {
      if (this.busy) return;
      const question = this.input.value.trim();
      this.error.textContent = "";
      if (!question) { this.error.textContent = T.empty; this.input.focus(); return; }
      this.setBusy(true);
      this.log.append(el("article", { class: "msg user" }, el("h3", { text: T.you }), el("p", { class: "text", text: question })));
      this.input.value = "";
      const body = { question };
      if (this.history.length) body.history = this.history.slice(-MAX_HISTORY);
      const docs = (this.getAttribute("docs") || "").split(",").map((s) => s.trim()).filter(Boolean);
      if (docs.length) body.docs = docs;
      const headers = { "Content-Type": "application/json" };
      const key = this.getAttribute("key");
      if (key) headers["X-API-Key"] = key;
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
      try {
        const resp = await fetch(`${this.api}/v1/answer`, {
          method: "POST", headers, body: JSON.stringify(body), signal: abort.signal, credentials: "omit",
        });
        if (!resp.ok) throw new ApiFailure(resp.status);
        const data = await resp.json();
        this.history.push({ role: "user", content: question }, { role: "assistant", content: data.answer || "" });
        const msg = this.renderAnswer(data);
        this.log.append(msg);
        msg.scrollIntoView({ block: "nearest" });
        this.status.textContent = T.done;
      } catch (err) {
        const kind = err instanceof ApiFailure ? err.status : err && err.name === "AbortError" ? "timeout" : "network";
        this.error.textContent = T.errors[kind] || T.errors.other;
        this.status.textContent = "";
        this.input.value = question; // let the user retry without retyping
      } finally {
        clearTimeout(timer);
        this.setBusy(false);
        this.input.focus();
      }
    }

    setBusy(busy) {
      this.busy = busy;
      this.sendBtn.disabled = busy;
      this.log.setAttribute("aria-busy", busy ? "true" : "false");
      if (busy) this.status.textContent = T.busy;
    }

    renderAnswer(data) {
      const n = this.log.querySelectorAll(".bot").length + 1;
      const abstained = Boolean(data.abstained);
      const msg = el("article", {
        class: `msg bot${abstained ? " abstained" : ""}`,
        "data-abstained": String(abstained),
        "data-abstained-by": abstained ? String(data.abstained_by || "") : null,
      });
      msg.append(el("h3", { text: T.bot }));
      const withheld = abstained ? T.withheld[data.abstained_by] : undefined;
      if (abstained) msg.append(el("span", { class: "badge", text: withheld ? T.withheldBadge : T.abstained }));
      const refs = abstained ? data.related || [] : data.citations || [];
      const refIds = new Map(refs.map((c, i) => [Number(c.n || i + 1), `${this.uid}-a${n}-c${c.n || i + 1}`]));
      msg.append(this.renderText(data.answer || "", refIds));
      if (withheld) msg.append(el("p", { class: "note", text: withheld }));
      if (abstained) msg.append(el("p", { class: "note", text: T.abstainedNote }));
      if (refs.length) {
        const list = el("ol");
        refs.forEach((c, i) => list.append(el("li", {}, this.renderCitation(c, c.n || i + 1, refIds.get(Number(c.n || i + 1))))));
        msg.append(el("div", { class: "refs" }, el("h4", { text: abstained ? T.related : T.sources }), list));
      }
      return msg;
    }

    renderText(text, refIds) {
      // "[1]" markers become buttons that open the cited passage; everything else stays text.
      const p = el("p", { class: "text" });
      for (const part of text.split(/(\[\d+\])/)) {
        const m = /^\[(\d+)\]$/.exec(part);
        const target = m && refIds.get(Number(m[1]));
        if (!target) { if (part) p.append(part); continue; }
        const btn = el("button", { type: "button", class: "ref", "aria-label": T.openSource(m[1]), text: part });
        btn.addEventListener("click", () => {
          const details = this.shadowRoot.getElementById(target);
          if (!details) return;
          details.open = true;
          details.querySelector("summary").focus();
        });
        p.append(btn);
      }
      return p;
    }

    renderCitation(c, n, id) {
      const a = c.quote_line_start || c.line_start;
      const b = c.quote_line_end || c.line_end;
      const where = [c.page ? T.page(c.page) : null, a ? T.lines(a, b || a) : null].filter(Boolean).join("、");
      const summary = el(
        "summary", {},
        `[${n}] ${c.title || c.doc || ""}`,
        where ? el("span", { class: "where", text: `（${where}）` }) : null,
      );
      // Focusable: a keyboard user can scroll a long passage (it scrolls inside its own box).
      const quote = el("blockquote", { tabindex: 0, "aria-label": `出典${n}の本文` });
      const passage = c.quote || c.text || "";
      const full = c.text || "";
      // Show the quoted sentence inside its passage when the passage holds it, marked.
      const at = c.quote && full ? full.indexOf(c.quote) : -1;
      if (at >= 0 && full.length <= 1200) {
        quote.append(full.slice(0, at), el("mark", { text: c.quote }), full.slice(at + c.quote.length));
      } else {
        quote.append(passage);
      }
      const file = el("p", { class: "file", text: [c.doc, c.date].filter(Boolean).join(" ・ ") });
      const details = el("details", { id }, summary, quote, file);
      details.addEventListener("toggle", () => {
        const mark = quote.querySelector("mark");
        if (details.open && mark) quote.scrollTop = Math.max(0, mark.offsetTop - 24); // the quoted words first
      });
      return details;
    }
  }

  class ApiFailure extends Error {
    constructor(status) { super(`HTTP ${status}`); this.status = status; }
  }

  customElements.define("plan-assistant", PlanAssistant);
})();
