/**
 * Evaluating: a click (chip, radio, layout) at once, typing after a short pause; the previous
 * request aborted, stale answers ignored; the last good price stays up, marked as updating. Every
 * change bumps a revision (latest.js) and aborts the request in flight, so an answer for an older
 * choice never overwrites a newer one. The first evaluation of the defaults comes folded into the
 * configurator answer (`evaluation`), and its drawing too (`drawing_svg`): the first price and
 * drawing come with the document, no request after it.
 */

import { DEBOUNCE_MS } from "./constants.js";
import { Part } from "./part.js";
import { call } from "./api.js";
import { cleanSvg } from "./drawing.js";
import { clone } from "./state.js";
import { guard } from "./dom.js";
import { Latest } from "./latest.js";

/** How long the first build waits for the first drawing, asked with the document's answer (ms). */
const FIRST_DRAWING_WAIT_MS = 100;

export class Evaluation extends Part {
  /**
   * Evaluate: `now` for a discrete choice (a click: nothing more is coming), else after a short
   * pause so typing "1200" asks once, not four times; the last good price stays up, marked as
   * updating. `quiet`: not the homeowner's change (an item loaded back, the quantity reset after
   * adding), so nothing unsaved to ask about when sending.
   */
  _schedule(now, quiet) {
    this._noteSteps(); // embed.js: venster:step for what the homeowner changed
    if (!quiet) this.s.dirty = true;
    // The request in flight asked about an older state: its answer must not land.
    this._latestRev().changed();
    if (this._ctl) this._ctl.abort();
    this._remember();
    this.s.busy = true;
    this._paintBusy();
    clearTimeout(this._timer);
    this._timer = setTimeout(guard(() => this._evaluate()), now ? 0 : DEBOUNCE_MS);
  }

  async _evaluate() {
    const s = this.s;
    clearTimeout(this._timer);
    if (this._ctl) this._ctl.abort();
    const ctl = (this._ctl = new AbortController());
    const seq = ++this._seq;
    const rev = this._latestRev().rev;
    const fresh = () => seq === this._seq && this._latestRev().current(rev);
    s.busy = true;
    this._paintBusy();
    const first = this._foldedAnswer();
    let res;
    if (first) res = { status: 200, data: first, retryAfter: 0 };
    else {
      try {
        res = await call(`${this._base()}/evaluate?lang=${s.lang}`, { method: "POST", body: JSON.stringify(s.config), signal: ctl.signal });
      } catch (err) {
        if (fresh() && !(err && err.name === "AbortError")) this._evalFailed(err);
        return;
      }
    }
    if (!fresh()) return;
    const ev = res.data;
    if (res.status !== 200 || !ev || !ev.configuration) {
      if (res.status === 422 && Object.keys(s.config).length > 1) {
        s.config = { product: this.product.id }; // e.g. a stale shared link: start from the defaults
        return this._evaluate();
      }
      this._evalFailed(res);
      return;
    }
    s.ev = ev;
    s.config = clone(ev.configuration);
    this._seenConfig = clone(s.config); // the server's normalising is no step of the homeowner's
    s.busy = false;
    s.evalErr = null;
    const ids = Object.keys(ev.configuration.sections || {});
    if (!ids.includes(s.sel)) s.sel = ids[0] || null;
    this._update();
    this._release();
    this._remember();
    // The server answers again: a list priced during the outage is priced now.
    if (s.listPrice && s.listPrice.failed && s.items.length) this._priceList().catch(() => null);
    this._emit("venster:evaluated", { configuration: ev.configuration, valid: ev.valid, price: ev.price });
    const pending = first && this._firstDrawing;
    this._firstDrawing = null;
    if (pending && ev.valid) {
      // Still on its way (slower than the build): the same request, not a second one; the
      // picture reads it from the cache (or asks again if it failed).
      this._pic.classList.add("busy");
      this._pic.setAttribute("aria-busy", "true");
      await pending;
      if (!fresh()) return;
    }
    if (ev.valid) await this._loadDrawing(ev, ctl.signal, seq);
    else this._pic.classList.add("stale");
  }

  /**
   * The configurator answer's `evaluation` (the first product's defaults, in our language), used
   * once and only while the configuration is exactly those defaults (not a restored or shared one).
   */
  _foldedAnswer() {
    const s = this.s;
    const ev = s.doc ? this._foldable(s.doc, s.config) : null;
    if (s.doc) s.doc.evaluation = null; // once: a later evaluation of that state asks the server again
    return ev;
  }

  /** The document's folded evaluation when it answers for configuration `c`, else null. */
  _foldable(doc, c) {
    const ev = doc && doc.evaluation;
    const cfg = c || {};
    const defaults = Object.keys(cfg).length === 1 && cfg.product === doc.products[0].id;
    return ev && defaults && ev.configuration && ev.configuration.product === cfg.product ? ev : null;
  }

  /**
   * Put the first drawing in the cache the picture reads (picture.js) before the controls are
   * built: built afterwards, the controls, the price and the drawing appear in one task and one
   * frame. The configurator answer carries it inline (`drawing_svg`, the text its URL answers, asked
   * with the view shown), so it costs no request; from a server without it, it is fetched now, and this
   * resolves when it is in or after FIRST_DRAWING_WAIT_MS: a slow drawing does not hold the
   * controls up for long (the first evaluation then waits for that same request, see `_evaluate`,
   * rather than asking twice).
   * @param {any} doc the configurator answer
   * @param {any} start the configuration the widget starts from
   * @returns {Promise<void>}
   */
  _prefetchDrawing(doc, start) {
    this._firstDrawing = null; // a restart's (a language switch, a retry) own, never an earlier one
    const ev = this._foldable(doc, start);
    const inline = doc.drawing_svg;
    doc.drawing_svg = null; // held once, in the cache; the document is kept for the whole visit
    // Before layout the box has no size: the first drawing is the unsized one in the view shown
    // (picture.js then fetches it sized for its box, quietly).
    const url = ev && ev.valid && this._drawingUrl(ev, false);
    if (!url || this._svgCache.has(url)) return Promise.resolve();
    let node = null;
    try {
      node = typeof inline === "string" ? cleanSvg(inline) : null;
    } catch (err) {
      node = null; // a page whose Trusted Types refuse our policy: the placeholder, never a stuck widget
    }
    if (node) {
      this._svgCache.set(url, node);
      return Promise.resolve();
    }
    const got = (this._firstDrawing = fetch(url, { credentials: "omit", mode: "cors" }).then(async (res) => {
      const node = res.ok ? cleanSvg(await res.text()) : null;
      if (node && !this._svgCache.has(url)) this._svgCache.set(url, node);
    }).catch(() => null));
    return Promise.race([got, new Promise((r) => setTimeout(r, FIRST_DRAWING_WAIT_MS))]).then(() => undefined);
  }

  /** The revision counter of what the homeowner asked for (latest.js). */
  _latestRev() {
    if (!this._latest) this._latest = new Latest();
    return this._latest;
  }

  _evalFailed(err) {
    const s = this.s;
    s.busy = false;
    s.evalErr = err || true;
    this._update();
    this._release();
  }

  /** Resolves once no evaluation is pending (used before adding to the list). */
  _settled() {
    if (!this.s.busy) return Promise.resolve();
    return new Promise((r) => this._waiters.push(r));
  }

  _release() {
    const w = this._waiters.splice(0);
    w.forEach((r) => r());
  }
}
