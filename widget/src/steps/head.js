/** The product's title and description, and the product choice when the dealer has several. */

import { Part } from "../part.js";
import { h } from "../dom.js";

export class HeadStep extends Part {
  _headBlock() {
    const s = this.s;
    const p = this.product;
    const el = h("div", { class: "card head" },
      h("h2", { id: "vs-title", tabindex: "-1", text: p.label }),
      p.description ? h("p", { text: p.description }) : null);
    if (s.doc.products.length > 1) {
      const g = this._chips({ name: "product", legend: s.t.product, items: s.doc.products.map((x) => ({ id: x.id, label: x.label })),
        get: () => this.product.id, avail: () => ({}), choose: (id) => this._setProduct(id) });
      g.el.classList.add("sub");
      el.append(g.el);
      return { el, sync: g.sync };
    }
    return { el };
  }
}
