/**
 * Evaluating: a click (chip, radio, layout) at once, typing after a short pause; the previous
 * request aborted, stale answers ignored; the last good price stays up, marked as updating. Every
 * change bumps a revision (latest.js) and aborts the request in flight, so an answer for an older
 * choice never overwrites a newer one. The first evaluation of the defaults comes folded into the
 * configurator answer (`evaluation`), saving a round trip before the first price and drawing.
 */

import { DEBOUNCE_MS } from "./constants.js";
import { Part } from "./part.js";
import { call } from "./api.js";
import { clone } from "./state.js";
import { guard } from "./dom.js";
import { Latest } from "./latest.js";

export class Evaluation extends Part {
  /**
   * Evaluate: `now` for a discrete choice (a click: nothing more is coming), else after a short
   * pause so typing "1200" asks once, not four times; the last good price stays up, marked as
   * updating. `quiet`: not the homeowner's change (an item loaded back, the quantity reset after
   * adding), so nothing unsaved to ask about when sending.
   */
  _schedule(now, quiet) {
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
    if (ev.valid) await this._loadDrawing(ev, ctl.signal, seq);
    else this._pic.classList.add("stale");
  }

  /**
   * The configurator answer's `evaluation` (the first product's defaults, in our language), used
   * once and only while the configuration is exactly those defaults (not a restored or shared one).
   */
  _foldedAnswer() {
    const s = this.s;
    const ev = s.doc && s.doc.evaluation;
    if (!ev) return null;
    s.doc.evaluation = null; // once: a later evaluation of the same state asks the server again
    const c = s.config || {};
    const defaults = Object.keys(c).length === 1 && c.product === s.doc.products[0].id;
    return defaults && ev.configuration && ev.configuration.product === c.product ? ev : null;
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
