/** After sending: the reference, and starting again. */

import { Part } from "./part.js";
import { fill } from "./format.js";
import { h, put, sv } from "./dom.js";

export class Done extends Part {
  _showDone() {
    const s = this.s;
    const t = s.t;
    const n = this._windowCount();
    const totals = s.done.totals || {};
    const incl = s.items[0] && s.items[0].price ? s.items[0].price.includes_vat : s.doc.dealer.prices_include_vat;
    const figure = incl ? totals.total : totals.subtotal;
    put(this._doneEl,
      sv("svg", { viewBox: "0 0 56 56", "aria-hidden": "true" },
        sv("circle", { cx: 28, cy: 28, r: 27, fill: "currentColor", opacity: "0.12" }),
        sv("path", { d: "M17 29l7 7 15-16", fill: "none", stroke: "currentColor", "stroke-width": 4, "stroke-linecap": "round", "stroke-linejoin": "round" })),
      h("h2", { id: "done-h", tabindex: "-1", text: t.thanks }),
      h("p", { text: t.ref }),
      h("div", { class: "ref", "data-reference": s.done.reference, text: s.done.reference }),
      h("p", { text: fill(t.thanksText, { dealer: s.doc.dealer.name }) }),
      figure ? h("p", { class: "hint", text: `${this._windows(n)} · ${this._money(figure)} ${incl ? t.incl : t.excl}` }) : null,
      h("p", {}, h("button", { type: "button", class: "btn second", "data-k": "again", text: t.again, onclick: () => this._again() })));
    this._doneEl.hidden = false;
    this._grid.hidden = true;
    this._list.hidden = true;
    this._form.hidden = true;
    this._mini.hidden = true;
    const title = this._root.getElementById("done-h");
    this._doneEl.scrollIntoView({ block: "start", behavior: "smooth" });
    title.focus({ preventScroll: true });
  }

  _again() {
    const s = this.s;
    Object.assign(s, { items: [], editing: -1, done: null, attempt: null, itemErrors: {}, showErrors: false, token: null });
    this._fields.message.input.value = "";
    this._doneEl.hidden = true;
    this._grid.hidden = false;
    this._mini.hidden = false;
    this._renderList();
    this._syncSummary();
    this._remember();
    const title = this._root.getElementById("vs-title");
    if (title) title.focus();
  }
}
