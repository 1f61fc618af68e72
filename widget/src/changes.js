/**
 * The homeowner's changes: each applies a state transition (state.js), then schedules an
 * evaluation: at once for a click (product, layout, opening, fill, option), after the debounce
 * only for what is typed (sizes, glazing bars; divisions and quantity are typed in their steps).
 */

import { Part } from "./part.js";
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
    this._schedule(true); // a radio or swatch: a click, nothing more is coming
  }

  /** The "change it" button: apply the engine's suggestion and the value that needed it. */
  _applyChange(change, also) {
    const s = this.s;
    const next = applyChange(s.config, change, also, this._layout().root, s.touched);
    if (also.layout) s.sel = null;
    for (const key of ["width_mm", "height_mm"]) if (change[key]) s.raw[key] = null;
    s.config = next.config;
    s.touched = next.touched;
    this._say(this._changeWords(next.said));
    this._schedule(true);
    this._update();
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
