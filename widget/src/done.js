/**
 * After sending: the reference, where the confirmation went, what was sent (each window with the
 * server's line price, the total as the server stored it), and starting again.
 */

import { Part } from "./part.js";
import { cents, fromCents, inclCents } from "./money.js";
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
    // The address the server says the confirmation goes to (none when the dealer sends none or
    // the address had its share today); text, never markup.
    const email = s.done.confirmation_to || "";
    put(this._doneEl,
      sv("svg", { viewBox: "0 0 56 56", "aria-hidden": "true" },
        sv("circle", { cx: 28, cy: 28, r: 27, fill: "currentColor", opacity: "0.12" }),
        sv("path", { d: "M17 29l7 7 15-16", fill: "none", stroke: "currentColor", "stroke-width": 4, "stroke-linecap": "round", "stroke-linejoin": "round" })),
      h("h2", { id: "done-h", tabindex: "-1", text: t.thanks }),
      h("p", { text: t.ref }),
      h("div", { class: "ref", "data-reference": s.done.reference, text: s.done.reference }),
      h("p", { text: fill(t.thanksText, { dealer: s.doc.dealer.name }) }),
      email ? h("p", { class: "sent-to", text: fill(t.sentTo, { email }) }) : null,
      this._sentSummary(incl, figure, n),
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

  /**
   * What was sent: each window (product, size, key choices, quantity) with the price the server
   * gave it in its answer, the fees once per order, and the server's total: the figures stored
   * with the request, never a sum made here.
   */
  _sentSummary(incl, figure, n) {
    const s = this.s;
    const t = s.t;
    const vat = incl ? t.incl : t.excl;
    const answered = s.done.items || [];
    // The list's own row styles: thumbnail, words, and a line with the quantity and the amount.
    const rows = s.items.map((item, i) => {
      const words = this._summaryText(item.config);
      const price = (answered[i] && answered[i].price) || item.price;
      return h("li", { class: "item" },
        h("div", { class: "thumb" }, this._thumbOf(item)),
        h("div", { class: "info" },
          h("div", { class: "t", text: `${i + 1}. ${words.title}` }),
          h("div", { class: "d", text: words.detail }),
          h("div", { class: "itemrow" }, h("span", { text: `${t.qty}: ${item.config.quantity || 1}` }),
            h("div", { class: "amt" }, h("b", { text: price ? this._money(incl ? price.total : price.subtotal) : "" }), h("span", { text: vat })))));
    });
    const fees = (s.done.order_lines || []).map((ln) => h("div", { class: "fee" },
      h("span", { text: ln.label }), h("span", { text: ` ${this._money(fromCents(incl ? inclCents(ln) : cents(ln.amount)))} ${vat}` })));
    return h("div", { class: "sent" },
      h("h3", { text: t.listTitle }),
      h("ul", { class: "items" }, rows),
      figure ? h("div", { class: "tot" }, fees,
        h("span", { class: "lab2", text: t.total }),
        h("div", { class: "big" }, this._money(figure), h("small", { text: vat })),
        h("div", { class: "hint", text: this._windows(n) })) : null);
  }

  _again() {
    const s = this.s;
    Object.assign(s, { items: [], editing: -1, done: null, attempt: null, itemErrors: {}, showErrors: false, token: null });
    this._fields.message.input.value = "";
    this._qtyNotes = []; // a new list: no note of the sent one stays
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
