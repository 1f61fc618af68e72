/** The dealer's logo, the product's title and description, and the product choice when the dealer has several. */

import { Part } from "../part.js";
import { h } from "../dom.js";
import { ORIGIN } from "../origin.js";

/**
 * The logo's address: the server's own path (its stored logo) resolved against the API's origin,
 * or a catalog's https URL; anything else (http:, data:, javascript:) is not shown.
 * @param {string} url
 * @returns {string}
 */
export function logoSrc(url) {
  if (!url) return "";
  try {
    const u = new URL(url, ORIGIN);
    return u.protocol === "https:" || u.origin === ORIGIN ? u.href : "";
  } catch (e) {
    return "";
  }
}

export class HeadStep extends Part {
  _headBlock() {
    const s = this.s;
    const p = this.product;
    const src = logoSrc(s.doc.dealer.logo_url);
    const el = h("div", { class: "card head" },
      // The dealer's name as its text: the logo is who the homeowner is configuring with.
      src ? h("img", { class: "logo", part: "logo", src, alt: s.doc.dealer.name, decoding: "async" }) : null,
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
