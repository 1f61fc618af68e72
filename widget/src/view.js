/**
 * The frame: blocks keyed by what they depend on, rebuilt only when the key changes, refreshed in
 * place otherwise (so focus and typing survive every evaluation).
 */

import { Part } from "./part.js";
import { guard, h, put } from "./dom.js";

export class View extends Part {
  _build() {
    const s = this.s;
    this._blocks = [];
    this._live = h("div", { class: "sr", role: "status", "aria-live": "polite" });
    const controls = h("div", { class: "controls" });
    const block = (key, build) => {
      /** @type {{k: string | null, el: HTMLElement, cur: any, sync?: () => void}} */
      const b = { k: null, el: controls.appendChild(h("div", { hidden: true })), cur: null };
      b.sync = () => {
        const k = key();
        if (k !== b.k) {
          const fresh = build();
          b.el.replaceWith(fresh.el);
          Object.assign(b, { el: fresh.el, cur: fresh, k });
        }
        if (b.cur.sync) b.cur.sync();
      };
      this._blocks.push(b);
    };
    const pid = () => this.product.id;
    block(() => pid(), () => this._headBlock());
    block(() => `${pid()}/${s.units}`, () => this._sizeBlock());
    block(() => `${pid()}/${this._layout().id}`, () => this._openingsBlock());
    block(() => pid(), () => this._groupsBlock(true));
    block(() => pid(), () => this._groupsBlock(false));

    this._pic = h("div", { class: "pic" });
    this._caption = h("figcaption", {});
    this._pic.addEventListener("click", guard((e) => {
      const g = e.target.closest && e.target.closest("[data-section]");
      if (g) this._pickSection(g.getAttribute("data-section"), true);
    }));
    this._pic.addEventListener("keydown", guard((e) => {
      const g = e.target.closest && e.target.closest("[data-section]");
      if (g && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        this._pickSection(g.getAttribute("data-section"), true);
      }
    }));
    this._sum = h("div", { class: "card sum" });
    this._act = h("section", { class: "card", "aria-labelledby": "h-act" });
    controls.append(this._act);
    // The phone's price bar: the price (hidden from assistive tech, the card says it) and the request.
    // Away (hidden) until the observer below says the card's button is out of sight: no flash.
    this._mini = h("div", { class: window.IntersectionObserver ? "mini away" : "mini" });
    this._list = h("section", { class: "list card", "aria-labelledby": "list-h", hidden: true });
    this._form = h("section", { class: "form card", "aria-labelledby": "form-h", hidden: true });
    this._pin = h("div", { class: "pin away", "aria-hidden": "true" });
    this._grid = h("div", { class: "grid" }, this._pin,
      h("div", { class: "aside" }, h("figure", { class: "card" }, this._pic, this._caption, this._viewToggle()), this._sum),
      controls);
    this._doneEl = h("section", { class: "done card", hidden: true, "aria-labelledby": "done-h" });
    this._vs = h("div", { class: "vs", lang: s.lang }, this._grid, this._list, this._form, this._doneEl,
      this._mini, this._live);
    put(this._root, this._vs);
    this._buildSummary();
    if (window.IntersectionObserver) {
      // The sticky price bar (phones; on desktop when a tall drawing pushes the card down) is only
      // needed while the card's request button is out of sight.
      if (this._seen) this._seen.disconnect();
      this._seen = new IntersectionObserver((es) => this._mini.classList.toggle("away", es.some((e) => e.intersectionRatio >= 0.99)),
        { threshold: [0, 1] });
      this._seen.observe(this._reqBtn);
    }
    this._buildPin();
    this._buildForm();
    this._listChanged(); // a language switch keeps the list: its labels and totals come again
    this._update();
    this._nameParts(); // embed.js: the ::part() names
  }

  /**
   * The phone's pinned drawing: a small copy of the drawing at the top of the widget while the
   * big one is scrolled away, so every click of the steps below shows its effect. A copy (hidden
   * from assistive tech: the drawing itself is the one to use) follows the drawing through a
   * MutationObserver, so whoever puts a new drawing in needs to know nothing about it. On desktop
   * the stylesheet keeps it out: the drawing itself stays in view there (sticky beside the steps).
   */
  _buildPin() {
    const pin = this._pin;
    const copy = () => {
      // A picture only, as the list's thumbnails: no names or buttons twice in the shadow root.
      const node = this._thumbOf({ svg: this._pic.querySelector("svg") });
      put(pin, h("div", { class: "pinbox" }, node)); // out of date with the drawing: styles.css, :has()
    };
    if (this._pinWatch) this._pinWatch.disconnect();
    this._pinWatch = new MutationObserver(guard(copy));
    this._pinWatch.observe(this._pic, { childList: true, subtree: true });
    copy();
    if (this._pinSeen) this._pinSeen.disconnect();
    // Shown once the drawing is mostly above the top of the screen; never for a drawing still below.
    this._pinSeen = new IntersectionObserver((es) => {
      const e = es[es.length - 1];
      pin.classList.toggle("away", !(e.intersectionRatio < 0.4 && e.boundingClientRect.top < 0));
    }, { threshold: [0, 0.4] });
    this._pinSeen.observe(this._pic);
  }

  /** Refresh every part from the state; restores focus when a part was rebuilt under it. */
  _update() {
    const s = this.s;
    if (!s || !this._blocks) return;
    const active = this._root.activeElement;
    const key = active && active.getAttribute && active.getAttribute("data-k");
    s.errs = {};
    for (const e of (s.ev && s.ev.errors) || []) if (!(e.field in s.errs)) s.errs[e.field] = e.message;
    for (const b of this._blocks) b.sync();
    this._syncSummary();
    if (key && active && !active.isConnected) {
      const again = this._root.querySelector(`[data-k="${CSS.escape(key)}"]`);
      if (again) again.focus();
    }
  }
}
