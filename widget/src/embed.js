/**
 * What a dealer's web developer gets from the element (README, "Embedding"): the documented
 * properties `configuration`, `list` and `reset()`, the `product` attribute's product, the
 * `venster:step` and `venster:added` events, and console messages that say how to fix an embed.
 */

import { Part } from "./part.js";
import { clone } from "./state.js";
import { ORIGIN, pageOrigin } from "./origin.js";
import { STEPS, changedSteps } from "./stepchange.js";

export class Embedding extends Part {
  /** A copy of the current window's configuration (changing it changes nothing); null before loading. */
  get configuration() {
    return this.s && this.s.config ? clone(this.s.config) : null;
  }

  /** A copy of the list: each window's configuration, its note and its last known price. */
  get list() {
    const items = this.s && this.s.items ? this.s.items : [];
    return items.map((it) => ({ configuration: clone(it.config), note: it.note || "", price: it.price ? clone(it.price) : null }));
  }

  /**
   * Back to the first window: the `product` attribute's product (or the first) with its defaults;
   * an edit in progress is dropped. `reset({list: true})` empties the list too.
   * @param {{list?: boolean}} [opts]
   */
  reset(opts) {
    const s = this.s;
    if (!s || !s.config || s.done) return;
    s.editing = -1;
    s.dirty = false;
    if (opts && opts.list) {
      s.items = [];
      this._listChanged();
    }
    this._setProduct(this._startProduct(), true);
    this._renderList(); // no row is marked as being edited any more
    this._syncSummary();
  }

  /** The product to start with: the `product` attribute's when the dealer has it (else a console hint). */
  _startProduct() {
    const products = this.s.doc.products;
    const wanted = (this.getAttribute("product") || "").trim();
    if (wanted && !products.some((p) => p.id === wanted)) {
      console.warn(`venster: product="${wanted}" is not one of dealer "${this.s.dealer}"'s products `
        + `(${products.map((p) => p.id).join(", ")}); starting with "${products[0].id}".`);
      return products[0].id;
    }
    return wanted || products[0].id;
  }

  /** The `product` attribute changed after loading: switch to it (an unknown id only warns). */
  _productAttributeChanged() {
    if (!this.s || !this.s.config || this.s.done) return;
    const id = this._startProduct();
    if (id !== this.s.config.product) this._setProduct(id, true);
  }

  /** Says on the console what to change when the server refuses this page or knows no such dealer. */
  _explainRefusal(kind, dealer) {
    if (kind === "not-linked") {
      const origin = pageOrigin();
      console.warn(`venster: this page's origin ${origin} is not in dealer "${dealer}"'s allowed_origins. `
        + `Add "${origin}" to allowed_origins in the dealer's catalog.`);
    } else if (kind === "unknown-dealer") {
      console.warn(`venster: there is no dealer "${dealer}" on ${ORIGIN}; check the element's dealer attribute.`);
    }
  }

  /**
   * `part` names on the main blocks, for `::part()` styling from the host page (README lists them).
   * Set here, after view.js built them, so the names are the element's public contract in one place.
   */
  _nameParts() {
    const controls = this._act && this._act.parentElement;
    const named = [[this._vs, "root"], [this._pic && this._pic.parentElement, "drawing"], [this._sum, "summary"],
      [controls, "steps"], [this._list, "list"], [this._form, "form"], [this._doneEl, "done"], [this._mini, "price-bar"]];
    for (const [el, name] of named) if (el) el.setAttribute("part", name);
  }

  /** `venster:step` for every step whose choices changed since the last look. */
  _noteSteps() {
    const s = this.s;
    if (!s || !s.config) return;
    const before = this._seenConfig;
    this._seenConfig = clone(s.config);
    const groups = new Map(this.product.options.map((g) => [g.id, Boolean(g.finish)]));
    for (const step of changedSteps(before, s.config, (gid) => Boolean(groups.get(gid)))) {
      this._emit("venster:step", { step, number: STEPS[step], configuration: clone(s.config) });
    }
  }
}
