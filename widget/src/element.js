/**
 * The custom element: its attributes, lifecycle and state (`this.s`). Its parts (steps, drawing,
 * price card, list, form) are assembled onto it from their own modules; see part.js.
 */

import { LANGS, LOCALES } from "./constants.js";
import { TEXTS } from "./texts.js";
import { call, refusal } from "./api.js";
import { h, put } from "./dom.js";
import { accentCss, adopt } from "./styles.js";
import { clone } from "./state.js";
import { assemble } from "./part.js";
import { Words } from "./words.js";
import { View } from "./view.js";
import { HeadStep } from "./steps/head.js";
import { SizeStep } from "./steps/size.js";
import { OpeningsStep } from "./steps/openings.js";
import { OptionsStep } from "./steps/options.js";
import { Chips } from "./chips.js";
import { Changes } from "./changes.js";
import { Evaluation } from "./evaluate.js";
import { Picture } from "./picture.js";
import { PriceCard } from "./price.js";
import { WindowList } from "./list.js";
import { ContactForm } from "./form.js";
import { Sending } from "./send.js";
import { Done } from "./done.js";
import { Keeping } from "./keep.js";
import { Embedding } from "./embed.js";
import { fill } from "./format.js";

/**
 * The widget's money and length formats in `lang`.
 * @param {string} lang one of LANGS
 * @param {string} currency ISO 4217
 * @returns {{money: Intl.NumberFormat, num: Intl.NumberFormat}}
 */
function formats(lang, currency) {
  const loc = LOCALES[lang];
  return { money: new Intl.NumberFormat(loc, { style: "currency", currency }),
    num: new Intl.NumberFormat(loc, { useGrouping: false, maximumFractionDigits: 1 }) };
}

/** `<venster-configurator dealer="demo" lang="nl">`: a configurator in an open shadow root. */
// Typed loosely: the parts assembled below add the methods this class calls (see part.js).
export class VensterConfigurator extends /** @type {new () => any} */ (HTMLElement) {
  static get observedAttributes() {
    return ["dealer", "lang", "product"];
  }

  /** The dealer slug; empty when missing or malformed. */
  get dealer() {
    const v = (this.getAttribute("dealer") || "").trim();
    return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v) ? v : "";
  }

  set dealer(v) {
    this.setAttribute("dealer", String(v));
  }

  constructor() {
    super();
    this._root = this.attachShadow({ mode: "open" });
    adopt(this._root, accentCss(""));
    this._gen = 0;
    this._seq = 0;
    this._waiters = [];
    this._svgCache = new Map();
    this._listTimer = 0;
    this.s = null;
  }

  connectedCallback() {
    if (!this._started) {
      this._started = true;
      this._start();
    } else if (this.s && this.s.busy && this._blocks) {
      this._schedule(true, true); // moved in the page while a request was in flight (and aborted)
    }
  }

  disconnectedCallback() {
    if (this._ctl) this._ctl.abort();
    clearTimeout(this._timer);
  }

  attributeChangedCallback(name, old, value) {
    if (!this._started || old === value) return;
    // Another product is a change of the current window, not a reload of the dealer's document.
    if (name === "product") this._productAttributeChanged();
    else this._start();
  }

  // --- lifecycle ------------------------------------------------------------------------------

  _wantedLang() {
    const v = (this.getAttribute("lang") || "").toLowerCase().slice(0, 2);
    return LANGS.includes(v) ? v : "";
  }

  _base() {
    return `/api/v1/dealers/${encodeURIComponent(this.s.dealer)}`;
  }

  /** Load the dealer's configurator document and build everything; keeps items on a language switch. */
  async _start() {
    const gen = ++this._gen;
    if (this._ctl) this._ctl.abort();
    clearTimeout(this._timer);
    const dealer = this.dealer;
    const wanted = this._wantedLang();
    const prev = this.s && this.s.dealer === dealer ? this.s : null;
    // Before the dealer's document arrives, speak the page's language if we know it.
    const near = ((this.closest("[lang]") || document.documentElement).getAttribute("lang") || "").slice(0, 2).toLowerCase();
    const lang0 = wanted || (prev && prev.lang) || (LANGS.includes(near) ? near : "en");
    const t0 = TEXTS[lang0];
    if (!dealer) {
      this._status(t0.noDealer, false, t0);
      return;
    }
    // Asked before anything else is done, so the wait overlaps the work below. The first drawing
    // comes inline with the document, asked as the picture will ask it (evaluate.js).
    const asked = call(`/api/v1/dealers/${encodeURIComponent(dealer)}/configurator?evaluation=true${wanted ? `&lang=${wanted}` : ""}&view=${this._drawView()}`)
      .catch(() => null);
    this._status(t0.loading, false, t0);
    // The first number format of a page costs V8 its locale data (tens of ms): made while we wait.
    const early = { lang: lang0, ...formats(lang0, "EUR") };
    const res = await asked;
    if (gen !== this._gen) return;
    if (!res || res.status !== 200 || !res.data || !res.data.products || !res.data.products.length) {
      // A refusal is a fault of the embed, not an outage: say which, and no retry (it would fail again).
      const why = refusal(res);
      this._explainRefusal(why, dealer);
      const text = why === "not-linked" ? t0.notLinked : why === "unknown-dealer" ? fill(t0.unknownDealer, { dealer }) : t0.loadFailed;
      this._status(text, !why, t0);
      return;
    }
    const doc = res.data;
    // The list kept in the fragment (a reload, a shared link), unless a language switch keeps ours.
    this.s = { dealer, doc };
    const saved = prev ? null : this._restore();
    const start = (prev && prev.config) || (saved && saved.current) || { product: this._startProduct() };
    const drawing = this._prefetchDrawing(doc, start); // evaluate.js: it lands with the first price
    const lang = LANGS.includes(doc.dealer.lang) ? doc.dealer.lang : "en";
    const loc = LOCALES[lang];
    const currency = doc.dealer.currency || "EUR";
    const { money, num } = early.lang === lang && currency === "EUR" ? early : formats(lang, currency);
    this.s = {
      dealer, doc, lang, loc, t: TEXTS[lang], units: doc.dealer.units === "imperial" ? "imperial" : "metric", money, num,
      config: null, ev: null, busy: true, evalErr: null, sel: null, touched: new Set(), raw: {},
      items: prev ? prev.items : saved ? saved.items.map((it) => ({ config: it.config, price: null, note: it.note, svg: null })) : [],
      editing: prev ? prev.editing : saved ? saved.editing : -1, dirty: prev ? prev.dirty : Boolean(saved && saved.dirty), token: prev ? prev.token : null,
      tokenAt: prev ? prev.tokenAt : 0, attempt: null, sending: false, done: null, formMsg: null, shareUrl: "",
      contact: prev ? prev.contact : {}, showErrors: false, fieldErrors: {}, itemErrors: {},
    };
    adopt(this._root, accentCss(doc.dealer.accent_colour));
    this.s.config = clone(start);
    this._seenConfig = clone(start); // embed.js: what venster:step compares the next change with
    await drawing;
    if (gen !== this._gen) return;
    this._painted = false; // picture.js: a new box, measured after its first frame again
    this._build();
    this._sayLinkBad();
    await this._evaluate();
  }

  /** A status instead of the configurator; `t` is the words of the widget's language (before the document too). */
  _status(text, withRetry, t) {
    put(this._root, h("div", { class: "vs", part: "status" },
      h("div", { class: "status", role: "status" }, h("p", { text }),
        withRetry ? h("button", { class: "btn second", part: "button", type: "button", onclick: () => this._start(),
          text: (t || (this.s && this.s.t) || TEXTS.en).retry }) : null)));
  }

  _emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  _say(text) {
    if (!this._live) return;
    this._live.textContent = "";
    setTimeout(() => { this._live.textContent = text; }, 30);
  }

  get product() {
    const s = this.s;
    return s.doc.products.find((p) => p.id === (s.config && s.config.product)) || s.doc.products[0];
  }

  _layout() {
    const p = this.product;
    const id = (this.s.config && this.s.config.layout) || p.default_layout;
    return p.layouts.find((l) => l.id === id) || p.layouts[0];
  }
}

assemble(VensterConfigurator, Words, View, HeadStep, SizeStep, OpeningsStep, OptionsStep, Chips, Changes, Evaluation,
  Picture, PriceCard, WindowList, ContactForm, Sending, Done, Keeping, Embedding);
