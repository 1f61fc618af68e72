/**
 * Every choice is a native radio group (arrow keys work); an available value shows what choosing
 * it adds to the price (the server's `delta`); unavailable values are disabled and explained, with
 * the engine's suggested change as a button.
 */

import { Part } from "./part.js";
import { deltaText, fill } from "./format.js";
import { h, put } from "./dom.js";

export class Chips extends Part {
  /**
   * A radio group as chips (or colour swatches). An available value's price difference stands in
   * its label ("+ € 45,00"), so a screen reader says it with the name. Unavailable values are
   * disabled and listed below with the engine's reason and, when it offers one, a button that
   * applies its change.
   */
  _chips(o) {
    const s = this.s;
    const t = s.t;
    const errId = `e-${o.errKey || o.name}`;
    const whyId = `why-${o.name}`;
    const chosenEl = o.swatch ? h("div", { class: "hint chosen" }) : null;
    const inputs = {};
    const deltas = {};
    const list = h("div", { class: "chips" }, o.items.map((it) => {
      const input = h("input", { type: "radio", name: o.name, value: it.id, "data-k": `${o.k || o.name}:${it.id}`,
        onchange: () => { if (input.checked) o.choose(it.id); } });
      inputs[it.id] = input;
      let mark = it.icon || null;
      if (o.swatch) {
        mark = h("i", {});
        if (it.swatch && /^#[0-9a-f]{3,8}$/i.test(it.swatch)) mark.style.background = it.swatch; // CSSOM: allowed by CSP
      }
      deltas[it.id] = h("span", { class: "delta" });
      return h("label", { class: "chip" }, input, h("span", {}, mark, h("span", { text: it.label }), deltas[it.id]));
    }));
    const why = h("ul", { class: "why", id: whyId });
    const err = h("div", { class: "err", id: errId, role: null });
    const el = h("fieldset", { class: o.swatch ? "sw" : null, "aria-describedby": `${whyId} ${errId}` },
      h("legend", { text: o.legend }), chosenEl, list, why, err);
    const sync = () => {
      const current = o.get();
      const avail = o.avail();
      const notes = [];
      for (const it of o.items) {
        const input = inputs[it.id];
        const a = avail[it.id];
        const off = Boolean(a && a.available === false) && it.id !== current;
        input.checked = it.id === current;
        input.disabled = off;
        if (off) input.setAttribute("aria-describedby", `${whyId}-${it.id}`);
        else input.removeAttribute("aria-describedby");
        if (off) notes.push(this._whyItem(o, it, a, whyId));
        deltas[it.id].textContent = a && a.available !== false ? deltaText(a.delta, s.money) : "";
      }
      if (chosenEl) {
        const it = o.items.find((x) => x.id === current);
        chosenEl.textContent = it ? fill(t.chosen, { v: it.label }) : "";
      }
      put(why, ...notes);
      err.textContent = this._errFor(o.errKey);
    };
    return { el, sync };
  }

  _whyItem(o, it, a, whyId) {
    const t = this.s.t;
    const change = a.change && o.change ? Object.assign({}, a.change) : null;
    let btn = null;
    if (change) {
      const words = this._changeWords(a.change);
      btn = h("button", { type: "button", class: "link", "data-k": `chg-${o.name}-${it.id}`,
        text: words ? `${t.changeIt}: ${words}` : t.changeIt,
        onclick: () => this._applyChange(a.change, o.change(it.id)) });
    }
    const reason = a.reason || t.notNow;
    // The engine's reasons usually start with the value's name already; do not say it twice.
    const said = reason.toLowerCase().startsWith(it.label.toLowerCase());
    return h("li", { id: `${whyId}-${it.id}` }, h("span", {}, said ? null : h("b", { text: `${it.label}: ` }), reason), btn);
  }

  _errFor(key) {
    if (!key) return "";
    const errs = this.s.errs || {};
    if (errs[key]) return errs[key];
    const hit = Object.keys(errs).find((f) => f.startsWith(`${key}.`));
    return hit ? errs[hit] : "";
  }

  _fieldError(input, err, message) {
    err.textContent = message || "";
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}
