/**
 * The list of windows: add, edit, remove, quantity, a note; its totals are the server's (evaluate-
 * list), never a sum made here.
 */

import { MAX_ITEMS } from "./constants.js";
import { Part } from "./part.js";
import { call } from "./api.js";
import { cents, fromCents, inclCents } from "./money.js";
import { clone, nextWindow } from "./state.js";
import { fill } from "./format.js";
import { h, put } from "./dom.js";

// A listed window's quantity, as the engine allows it (server/engine/validate.py).
const MIN_QTY = 1;
const MAX_QTY = 999;

export class WindowList extends Part {
  async _add() {
    const s = this.s;
    await this._settled();
    const ev = s.ev;
    if (!ev || !ev.valid || s.busy || s.evalErr) return;
    const thumb = this._pic.querySelector("svg");
    const item = { config: clone(ev.configuration), price: ev.price, note: "", svg: thumb ? thumb.cloneNode(true) : null };
    let added = false;
    if (s.editing >= 0 && s.items[s.editing]) {
      item.note = s.items[s.editing].note;
      s.items[s.editing] = item;
      s.editing = -1;
      this._say(s.t.saved);
    } else {
      if (s.items.length >= MAX_ITEMS) return;
      s.items.push(item);
      this._say(fill(s.t.added, { n: this._windows(this._windowCount()) }));
      added = true;
    }
    s.itemErrors = {};
    this._token().catch(() => null); // fetched early: the server wants it a few seconds old
    this._nextWindow();
    this._listChanged();
    this._syncSummary();
    if (added) {
      this._emit("venster:added", { configuration: clone(item.config), price: item.price ? clone(item.price) : null,
        index: s.items.length - 1, count: s.items.length });
    }
  }

  /** After adding or saving: nothing unsaved, and the next window starts at quantity 1. */
  _nextWindow() {
    const s = this.s;
    s.dirty = false;
    if ((s.config.quantity || 1) !== 1) {
      s.config = nextWindow(s.config);
      this._schedule(true, true);
    }
  }

  _cancelEdit() {
    this.s.editing = -1;
    this._nextWindow();
    this._remember();
    this._renderList();
    this._syncSummary();
  }

  _edit(i) {
    const s = this.s;
    const item = s.items[i];
    s.editing = i;
    s.config = clone(item.config);
    s.touched = new Set(Object.keys(item.config.divisions || {}));
    s.raw = {};
    this._schedule(true, true);
    s.dirty = false; // loaded as it is on the list: nothing to ask about until it changes
    this._update();
    this._renderList();
    const title = this._root.getElementById("vs-title");
    if (title) {
      title.scrollIntoView({ block: "start", behavior: "smooth" });
      title.focus({ preventScroll: true });
    }
  }

  _remove(i) {
    const s = this.s;
    s.items.splice(i, 1);
    this._qtyNotes = []; // the rows shift: no note stays beside another window
    if (s.editing === i) s.editing = -1;
    else if (s.editing > i) s.editing -= 1;
    s.itemErrors = {};
    this._say(s.t.removed);
    this._listChanged();
    this._syncSummary();
    const next = this._root.querySelector(`[data-k="rm-${Math.min(i, s.items.length - 1)}"]`);
    if (next) next.focus();
    else this._addBtn.focus();
  }

  _itemQuantity(i, q) {
    const item = this.s.items[i];
    item.config.quantity = q;
    clearTimeout(this._listTimer);
    this._listTimer = setTimeout(() => this._listChanged(), 300);
  }

  /**
   * A listed window's quantity as committed: 0, -1, 1000, 2.5 or an empty field become the nearest
   * allowed whole number (an empty one the quantity it had), the note next to the field says so
   * (a polite live region) and the list is priced again.
   */
  _fixQuantity(i, input, note) {
    const item = this.s.items[i];
    if (!item) return;
    const typed = input.value === "" ? NaN : Number(input.value);
    const q = Number.isFinite(typed) ? Math.min(MAX_QTY, Math.max(MIN_QTY, Math.round(typed))) : item.config.quantity || 1;
    if (String(q) === input.value) return;
    input.value = String(q);
    const t = this.s.t;
    note.textContent = `${fill(t.qtyFixed, { n: q })} ${fill(t.range, { min: MIN_QTY, max: MAX_QTY })}`;
    if (q !== item.config.quantity) this._itemQuantity(i, q);
  }

  /**
   * The note next to a listed window's quantity: one node per row kept across the list's re-renders
   * (every price answer rebuilds the rows), so the live region is not announced twice nor lost.
   */
  _qtyFixNote(i) {
    if (!this._qtyNotes) this._qtyNotes = [];
    if (!this._qtyNotes[i]) this._qtyNotes[i] = h("div", { class: "fix", id: `qfix-${i}`, "aria-live": "polite" });
    return this._qtyNotes[i];
  }

  /** A window's drawing as a small picture: a copy without the buttons and names of the live one. */
  _thumbOf(item) {
    const thumb = item.svg ? item.svg.cloneNode(true) : null;
    if (thumb) {
      thumb.setAttribute("aria-hidden", "true");
      thumb.removeAttribute("role");
      thumb.removeAttribute("aria-label");
      thumb.querySelectorAll("[tabindex]").forEach((n) => {
        n.removeAttribute("tabindex");
        n.removeAttribute("role");
        n.removeAttribute("aria-label");
        n.removeAttribute("aria-pressed");
      });
    }
    return thumb;
  }

  /** The list changed: its totals are the server's (evaluate-list), never a sum made here. */
  _listChanged() {
    const s = this.s;
    s.listPrice = null;
    this._renderList();
    this._remember();
    if (s.items.length) this._priceList().catch(() => null);
  }

  /** Price the whole list as one document; the answer for the latest list wins. */
  async _priceList() {
    const s = this.s;
    const seq = (this._listSeq = (this._listSeq || 0) + 1);
    clearTimeout(this._listRetry);
    const items = s.items.slice();
    const body = JSON.stringify({ items: items.map((it) => ({ configuration: it.config })) });
    let res = null;
    try {
      res = await call(`${this._base()}/evaluate-list?lang=${s.lang}`, { method: "POST", body });
    } catch (e) {
      res = null;
    }
    if (seq !== this._listSeq) return;
    if (!res || res.status !== 200 || !res.data || !res.data.totals) {
      // No total for this list yet: none is shown (an older one would differ from what is sent);
      // ask again until the server answers (a good evaluation asks at once too).
      s.listPrice = { failed: true };
      if (!res || res.status >= 500) {
        this._listWait = Math.min(30000, (this._listWait || 1000) * 2);
        this._listRetry = setTimeout(() => this._priceList().catch(() => null), this._listWait);
      }
    } else {
      this._listWait = 0;
      res.data.items.forEach((out, i) => {
        if (out.price && items[i]) items[i].price = out.price;
      });
      s.listPrice = res.data;
    }
    this._renderList();
  }

  _summaryText(config) {
    const p = this.s.doc.products.find((x) => x.id === config.product) || this.product;
    const layout = p.layouts.find((l) => l.id === config.layout);
    const bits = [`${this._len(config.width_mm)} × ${this._len(config.height_mm)}`];
    for (const g of p.options) {
      const vid = (config.options || {})[g.id];
      if (g.finish || (vid && vid !== g.default)) {
        const v = g.values.find((x) => x.id === vid);
        if (v) bits.push(v.label);
      }
    }
    return { title: `${p.label}${layout ? ` — ${layout.label}` : ""}`, detail: bits.join(" · ") };
  }

  _renderList() {
    const s = this.s;
    const t = s.t;
    const active = this._root.activeElement;
    const key = active && active.getAttribute && active.getAttribute("data-k");
    const has = s.items.length > 0;
    this._list.hidden = !has || Boolean(s.done);
    this._form.hidden = !has || Boolean(s.done);
    if (!has) {
      put(this._list);
      return;
    }
    const rows = s.items.map((item, i) => {
      const words = this._summaryText(item.config);
      const qid = `q-${i}`;
      const nid = `n-${i}`;
      // A window restored from the link has no price until the list is priced.
      const incl = item.price ? item.price.includes_vat : s.doc.dealer.prices_include_vat;
      const fix = this._qtyFixNote(i);
      const qty = h("input", { id: qid, "data-k": qid, type: "number", min: MIN_QTY, max: MAX_QTY, step: 1, inputmode: "numeric",
        value: String(item.config.quantity || 1), "aria-describedby": fix.id,
        oninput: () => {
          const q = Number(qty.value);
          if (Number.isInteger(q) && q >= MIN_QTY && q <= MAX_QTY) { // "" is 0: not taken
            fix.textContent = "";
            this._itemQuantity(i, q);
          }
        },
        // Committed (blur, Enter): a number out of range is corrected to the nearest allowed one,
        // visibly and said aloud, never dropped in silence.
        onchange: () => this._fixQuantity(i, qty, fix) });
      const note = h("input", { id: nid, "data-k": nid, type: "text", maxlength: 200, value: item.note || "", autocomplete: "off",
        oninput: () => {
          item.note = note.value;
          this._remember();
        } });
      const thumb = this._thumbOf(item);
      const problem = s.itemErrors[i];
      return h("li", { class: `item${s.editing === i ? " edit" : ""}` },
        h("div", { class: "thumb" }, thumb),
        h("div", { class: "info" },
          h("div", { class: "t", text: `${i + 1}. ${words.title}` }),
          h("div", { class: "d", text: words.detail }),
          problem ? h("div", { class: "err", role: "alert", text: fill(t.itemProblem, { m: problem }) }) : null),
        h("div", { class: "more" },
          h("div", { class: "itemrow" },
            h("div", { class: "field q" }, h("label", { for: qid, text: t.qty }), qty),
            h("div", { class: "field nt" }, h("label", { for: nid, text: t.note }), note),
            h("div", { class: "amt" }, h("b", { text: item.price ? this._money(incl ? item.price.total : item.price.subtotal) : "…" }),
              h("span", { text: incl ? t.incl : t.excl }))),
          fix,
          h("div", { class: "ops" },
            h("button", { type: "button", class: "link", "data-k": `ed-${i}`, text: t.edit, "aria-label": `${t.edit}: ${i + 1}. ${words.title}`,
              onclick: () => this._edit(i) }),
            h("button", { type: "button", class: "link", "data-k": `rm-${i}`, text: t.remove, "aria-label": `${t.remove}: ${i + 1}. ${words.title}`,
              onclick: () => this._remove(i) }))));
    });
    const incl = s.items[0].price ? s.items[0].price.includes_vat : s.doc.dealer.prices_include_vat;
    this._list.classList.toggle("stale", Boolean(s.listPrice && s.listPrice.failed));
    put(this._list,
      h("h2", { id: "list-h", tabindex: "-1", text: `${t.listTitle} (${s.items.length})` }),
      h("ul", { class: "items" }, rows),
      this._listTotals(incl));
    if (key && active && !active.isConnected) {
      const again = this._root.querySelector(`[data-k="${CSS.escape(key)}"]`);
      if (again) again.focus();
    }
  }

  /** The list's fees once per order and its totals, as the server computed them for the whole list. */
  _listTotals(incl) {
    const s = this.s;
    const t = s.t;
    const lp = s.listPrice;
    if (!lp || lp.failed) {
      return h("div", { class: "tot", "aria-live": "polite" },
        h("span", { class: "hint", text: t.listTotal }),
        h("div", { class: "upd", "data-k": "list-upd", text: lp ? t.netError : t.updating }));
    }
    const tot = lp.totals;
    // Every amount the way the dealer shows prices: a fee incl. VAT at its own rate when prices are.
    const feeCents = (lp.order_lines || []).map((ln) => (incl ? inclCents(ln) : cents(ln.amount)));
    const fees = (lp.order_lines || []).map((ln, i) => h("div", { class: "fee", "data-code": ln.code },
      h("span", { text: ln.label }), h("span", { text: ` ${this._money(fromCents(feeCents[i]))} ${incl ? t.incl : t.excl}` })));
    // The total is the server's (VAT per rate over the whole order), never this sum; when the rows
    // shown do not add up to it, say why.
    const rows = s.items.reduce((sum, it) => sum + (it.price ? cents(incl ? it.price.total : it.price.subtotal) : 0), 0)
      + feeCents.reduce((a, b) => a + b, 0);
    const shownTotal = incl ? tot.total : tot.subtotal;
    const note = rows !== cents(shownTotal) ? h("div", { class: "hint round", "data-k": "round-note", text: t.roundNote }) : null;
    const rates = (tot.vat_breakdown || []).map((r) => `${fill(t.vatR, { r: r.rate })} ${this._money(r.vat)}`);
    return h("div", { class: "tot", "aria-live": "polite" },
      fees,
      h("span", { class: "hint", text: t.listTotal }),
      h("div", { class: "big" }, this._money(incl ? tot.total : tot.subtotal), h("small", { text: incl ? t.incl : t.excl })),
      h("div", { class: "other", text: `${this._money(incl ? tot.subtotal : tot.total)} ${incl ? t.excl : t.incl} · ${rates.join(" · ") || `${t.vat} ${this._money(tot.vat)}`}` }),
      note);
  }
}
