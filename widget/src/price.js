/**
 * The price card: the figure first (incl. or excl. VAT as the dealer shows prices), the other
 * below, the itemised lines, errors as buttons to their fields; the request action (on the card and
 * the phone's price bar); the add, quantity and share actions.
 */

import { NetError } from "./api.js";
import { Part } from "./part.js";
import { b64url } from "./encoding.js";
import { cents, fromCents, inclCents, windowPrice } from "./money.js";
import { fill } from "./format.js";
import { h, put } from "./dom.js";
import { shownState } from "./latest.js";
import { encodeSaved, withPart } from "./fragment.js";

export class PriceCard extends Part {
  _buildSummary() {
    const s = this.s;
    const t = s.t;
    this._ph = h("div", { class: "ph", "aria-live": "polite", "aria-atomic": "true" });
    this._shown = "";
    this._upd = h("div", { class: "upd", "aria-hidden": "true", text: t.updating, hidden: true });
    this._lines = h("details", {}, h("summary", { text: t.details }));
    this._note = h("p", { class: "note", text: s.doc.dealer.price_note || "", hidden: !s.doc.dealer.price_note });
    this._errs = h("ul", { class: "errs" });
    this._netErr = h("div", { class: "alert", role: "alert", hidden: true });
    this._editNote = h("p", { class: "ok", hidden: true });
    this._qty = h("input", { id: "f-qty", "data-k": "f-qty", type: "number", min: 1, max: 999, step: 1, inputmode: "numeric",
      oninput: () => {
        const q = Number(this._qty.value);
        if (Number.isInteger(q) && q >= 1 && q <= 999) {
          s.config.quantity = q;
          this._schedule();
        }
      },
      onblur: () => { this._qty.value = String(s.config.quantity || 1); } });
    this._addBtn = h("button", { type: "button", class: "btn primary", "data-k": "add", onclick: () => this._add() });
    this._cancelBtn = h("button", { type: "button", class: "btn second", "data-k": "cancel", text: t.cancel, hidden: true,
      onclick: () => this._cancelEdit() });
    this._toForm = h("button", { type: "button", class: "link", "data-k": "to-form", text: `${t.toForm} ↓`, hidden: true,
      onclick: () => this._focusForm() });
    this._shareOut = h("input", { type: "text", readOnly: true, "aria-label": t.shareLabel, hidden: true });
    this._shareMsg = h("span", { class: "hint", role: "status" });
    // The request is the card's primary action, right under the figure, so it is in the first
    // screen; the sticky price bar repeats it while the card's button is out of sight.
    this._reqBtn = h("button", { type: "button", class: "btn primary req", "data-k": "request", text: t.toForm,
      onclick: () => this._request() });
    this._miniText = h("div", { class: "mtxt", "aria-hidden": "true" });
    this._miniReq = h("button", { type: "button", class: "btn primary req", "data-k": "request-bar", text: t.toForm,
      onclick: () => this._request() });
    this._mini.append(this._miniText, this._miniReq);
    this._sum.append(
      h("div", { class: "lab2 ph-lab", id: "price-h" }),
      this._ph, this._upd, this._reqBtn, this._errs, this._netErr, this._lines, this._note);
    // The actions close the steps, so keyboard order runs: drawing, price, steps, add.
    this._act.append(
      h("h3", { id: "h-act" }, h("span", { class: "n", "aria-hidden": "true", text: "5" }), t.step5),
      this._editNote,
      h("div", { class: "act" },
        h("div", { class: "field" }, h("label", { for: "f-qty", text: t.qty }), this._qty),
        this._addBtn, this._cancelBtn),
      h("div", { class: "share" }, this._toForm,
        h("button", { type: "button", class: "link", "data-k": "share", text: t.share, onclick: () => this._share() }),
        this._shareMsg, this._shareOut));
  }

  _paintBusy() {
    const s = this.s;
    if (!this._sum) return;
    this._sum.classList.toggle("busy", s.busy);
    this._upd.hidden = !s.busy;
    this._ph.setAttribute("aria-busy", s.busy ? "true" : "false");
    const shown = shownState(s);
    // After a failed evaluation the figures and the drawing are an older state's: say so, and
    // do not let that window onto the list.
    this._sum.classList.toggle("stale", shown.stale);
    this._pic.classList.toggle("stale", shown.stale || Boolean(s.ev && !s.ev.valid));
    this._ph.toggleAttribute("data-stale", shown.stale);
    this._addBtn.disabled = !shown.canAdd;
  }

  _syncSummary() {
    const s = this.s;
    const t = s.t;
    const ev = s.ev;
    const full = ev && ev.valid ? ev.price : null;
    // The window's own price, as on its list row; a fee once per order is its own line below it.
    const price = full ? windowPrice(full) : null;
    const fees = full ? full.lines.filter((l) => l.per_order) : [];
    const q = (s.config && s.config.quantity) || 1;
    this._sum.querySelector(".ph-lab").textContent = q > 1 ? fill(t.priceN, { n: this._windows(q) }) : t.price;
    if (price) {
      const incl = price.includes_vat;
      const [first, firstLab, second, secondLab] = incl ? [price.total, t.incl, price.subtotal, t.excl] : [price.subtotal, t.excl, price.total, t.incl];
      const feeTexts = fees.map((l) => fill(t.feeOnce, { label: l.label,
        amount: this._money(fromCents(incl ? inclCents(l) : cents(l.amount))) }));
      const shown = `${first}/${second}/${q}/${feeTexts.join("/")}`;
      // Re-render (and so re-announce in the live region) only when the figures changed.
      if (shown !== this._shown) put(this._ph,
        h("div", { class: "big" }, this._money(first), h("small", { text: firstLab })),
        h("div", { class: "other", text: `${this._money(second)} ${secondLab}` }),
        ...feeTexts.map((text, i) => h("div", { class: "fee1", "data-code": fees[i].code, text })));
      this._renderLines(price);
      put(this._miniText, h("span", { text: q > 1 ? this._windows(q) : t.price }),
        h("b", {}, this._money(first), h("span", { text: ` ${firstLab}` })));
      this._shown = shown;
    } else if (ev) {
      this._shown = "";
      put(this._ph, h("div", { class: "noprice", text: t.noPrice }));
      this._lines.hidden = true;
      put(this._miniText, h("span", { text: t.noPrice }));
    }
    // Each error takes the homeowner to its field and, when the engine has one, offers its fix
    // (once per fix: two errors of one sash share it).
    const fixes = new Set();
    put(this._errs, ...((ev && ev.errors) || []).map((e, i) => {
      const fix = e.change ? JSON.stringify(e.change) : "";
      const offer = fix && !fixes.has(fix);
      if (offer) fixes.add(fix);
      return h("li", {},
        h("button", { type: "button", class: "link", "data-k": `err-${e.field}`, text: e.message,
          onclick: () => this._focusField(e.field) }),
        offer ? this._fixButton(e.change, {}, `fix-${i}-${e.field}`) : null);
    }));
    if (s.evalErr) {
      const msg = s.evalErr instanceof NetError ? t.netError : t.serverError;
      put(this._netErr, h("span", { text: msg }),
        h("button", { type: "button", class: "btn second", "data-k": "retry-eval", text: t.retry, onclick: () => this._evaluate() }));
      this._netErr.hidden = false;
    } else this._netErr.hidden = true;
    if (this._root.activeElement !== this._qty) this._qty.value = String(q);
    const editing = s.editing >= 0;
    this._addBtn.textContent = editing ? t.save : t.add;
    this._cancelBtn.hidden = !editing;
    this._editNote.hidden = !editing;
    this._editNote.textContent = editing ? fill(t.editing, { n: s.editing + 1 }) : "";
    this._toForm.hidden = !s.items.length;
    this._paintBusy();
  }

  /**
   * The request action: with an empty list the current window becomes the request's one window
   * (no list to build first); with a list, straight to its form. Focus lands on the first field.
   */
  async _request() {
    const s = this.s;
    if (this._requesting || s.sending || s.done) return;
    this._requesting = true;
    try {
      if (!s.items.length) {
        await this._add(); // waits for the evaluation in flight; adds only a valid, current window
        if (!s.items.length) {
          // Nothing to send yet: take the homeowner to what stops it.
          const e = s.ev && !s.ev.valid && s.ev.errors && s.ev.errors[0];
          if (e) this._focusField(e.field);
          else if (s.evalErr) {
            const retry = this._netErr.querySelector("button");
            if (retry) retry.focus();
          }
          return;
        }
        this._say(s.t.requestReady);
      }
      this._focusForm();
    } finally {
      this._requesting = false;
    }
  }

  _renderLines(price) {
    const t = this.s.t;
    const rates = new Set(price.lines.map((l) => l.vat_rate));
    const rows = price.lines.map((l) => h("tr", {},
      h("td", { text: Number(l.quantity) !== 1 ? `${l.label} × ${l.quantity}` : l.label }),
      h("td", { text: this._money(l.amount) })));
    rows.push(h("tr", { class: "t" }, h("td", { text: `${t.total} ${t.excl}` }), h("td", { text: this._money(price.subtotal) })));
    rows.push(h("tr", {}, h("td", { text: rates.size === 1 ? fill(t.vatR, { r: [...rates][0] }) : t.vat }), h("td", { text: this._money(price.vat) })));
    rows.push(h("tr", { class: "t" }, h("td", { text: `${t.total} ${t.incl}` }), h("td", { text: this._money(price.total) })));
    const table = h("table", { class: "lines" }, h("caption", { class: "sr", text: t.details }), h("tbody", {}, rows));
    const old = this._lines.querySelector("table");
    if (old) old.replaceWith(table);
    else this._lines.append(table);
    this._lines.hidden = false;
  }

  _focusField(field) {
    const id = field === "width_mm" || field === "height_mm" ? `f-${field}` : field.startsWith("divisions.") ? `f-div-${field.slice(10)}` : null;
    let el = id ? this._root.getElementById(id) : null;
    if (!el) {
      const [kind, key] = field.split(".");
      const name = kind === "sections" ? `open-${key}` : kind === "options" ? `opt-${key}` : kind;
      el = this._root.querySelector(`input[name="${CSS.escape(name)}"]:checked`) || this._root.querySelector(`input[name="${CSS.escape(name)}"]:not(:disabled)`);
    }
    if (el) el.focus();
  }

  async _share() {
    const s = this.s;
    // The same as the page's fragment keeps: the whole list and this window.
    const value = encodeSaved(this._saved()) || b64url(JSON.stringify(s.config));
    const url = `${location.href.split("#")[0]}${withPart(location.hash, s.dealer, value)}`;
    s.shareUrl = url;
    this._shareOut.value = url;
    this._shareOut.hidden = false;
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch (e) {
      copied = false;
    }
    this._shareMsg.textContent = copied ? s.t.copied : "";
    this._shareOut.focus();
    this._shareOut.select();
  }
}
