/**
 * The homeowner's changes: each applies a state transition (state.js), then schedules an
 * evaluation: at once for a click (product, layout, opening, fill, option), after the debounce
 * only for what is typed (sizes, glazing bars; divisions and quantity are typed in their steps).
 */

import { Part } from "./part.js";
import { h } from "./dom.js";
import { applyChange, forProduct, resized, withLayout, withOption, withSection } from "./state.js";

export class Changes extends Part {
  /** `quiet`: the page's doing (reset(), the `product` attribute), nothing unsaved of the homeowner's. */
  _setProduct(id, quiet) {
    const s = this.s;
    s.config = forProduct(s.config, id);
    s.touched = new Set();
    s.raw = {};
    s.sel = null;
    this._schedule(true, quiet);
    this._update();
  }

  /** A new overall size; divisions the homeowner set scale along, the others go back to default. */
  _setSize(key, mm) {
    const s = this.s;
    s.config = resized(s.config, this._layout().root, s.touched, key, mm);
    this._schedule();
  }

  _setLayout(id) {
    const s = this.s;
    s.config = withLayout(s.config, id);
    s.touched = new Set();
    s.sel = null;
    this._schedule(true);
    this._update();
  }

  _setSection(sid, patch) {
    const s = this.s;
    s.config = withSection(s.config, sid, patch);
    s.sel = sid;
    // The bars are a number field (typed); an opening or fill is a radio (clicked).
    this._schedule(!("bars" in patch));
    this._paintSelection();
  }

  _setOption(gid, vid) {
    const s = this.s;
    s.config = withOption(s.config, gid, vid);
    // A colour of one side is seen from that side: the drawing turns to it (picture.js), so the click shows.
    const group = this.product.options.find((g) => g.id === gid);
    if (group && (group.finish === "inside" || group.finish === "outside")) this._turnDrawing(group.finish);
    this._schedule(true); // a radio or swatch: a click, nothing more is coming
  }

  /**
   * The "change it" button: apply the engine's suggestion and the value that needed it. The button
   * goes away with the answer, so focus moves to what changed (`_focusChanged`), never to <body>.
   * @param {Record<string, any>} change the engine's `change`
   * @param {Record<string, any>} also the value that needed it (`{layout}`, `{options}`, `{sections}`), or `{}`
   * @param {Element} [from] the button clicked: its step's heading when nothing else can take focus
   */
  _applyChange(change, also, from) {
    const s = this.s;
    const next = applyChange(s.config, change, also, this._layout().root, s.touched);
    if (also.layout) s.sel = null;
    for (const key of ["width_mm", "height_mm"]) if (change[key]) s.raw[key] = null;
    s.config = next.config;
    s.touched = next.touched;
    this._say(this._changeWords(next.said));
    this._schedule(true);
    this._update();
    this._focusChanged(change, also, from);
  }

  /**
   * A fix as a button: "Pas aan: Breedte 1.300 mm", applying the engine's `change` with `also` (the
   * value that needed it, `{}` for an error's fix). The price card's errors use it, and the steps'
   * unavailable values may: `_fixButton(change, also, key)` keeps this signature.
   * @param {Record<string, any>} change
   * @param {Record<string, any>} also
   * @param {string} key the button's `data-k`
   * @returns {HTMLElement}
   */
  _fixButton(change, also, key) {
    const t = this.s.t;
    const words = this._changeWords(change);
    const btn = h("button", { type: "button", class: "link fix", "data-k": key,
      text: words ? `${t.changeIt}: ${words}` : t.changeIt,
      onclick: () => this._applyChange(change, also, btn) });
    return btn;
  }

  /** Focus on what a fix changed: the value that needed it, else the size or value it set, else its step's heading. */
  _focusChanged(change, also, from) {
    const root = this._root;
    const keys = also.layout ? [`layout:${also.layout}`] : [];
    for (const c of [also, change]) {
      for (const [gid, vid] of Object.entries(c.options || {})) keys.push(`opt-${gid}:${vid}`);
      for (const [sid, sec] of Object.entries(c.sections || {})) keys.push(`open-${sid}:${sec.opening}`);
      if (c === also) for (const key of ["width_mm", "height_mm"]) if (change[key]) keys.push(`f-${key}`);
    }
    for (const k of keys) {
      const el = /** @type {HTMLInputElement | null} */ (root.querySelector(`[data-k="${CSS.escape(k)}"]`));
      if (el && !el.disabled) el.focus();
      if (el && root.activeElement === el) return;
    }
    const card = (from && from.isConnected && from.closest(".card")) || root.querySelector(".card");
    const heading = /** @type {HTMLElement | null} */ (card && card.querySelector("h2, h3"));
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }


  _pickSection(sid, moveFocus) {
    const s = this.s;
    s.sel = sid;
    this._paintSelection();
    for (const b of this._blocks) if (b.cur && b.cur.sync) b.cur.sync();
    if (!moveFocus) return;
    const box = this._root.querySelector(`[data-sec="${CSS.escape(sid)}"]`);
    if (!box) return;
    const target = box.querySelector("input:checked") || box.querySelector("input:not(:disabled)");
    box.scrollIntoView({ block: "nearest", behavior: "smooth" });
    if (target) target.focus({ preventScroll: true });
  }
}
