/**
 * Step 1: width, height (typed in mm or inches, read as people write them: `1.200`, `1200,5`, `1,2 m`,
 * `120 cm`), the "did you mean" warning and the layout. Every range shown is the engine's live one
 * (`limits`): the hint, the field's min and max and the "did you mean" guess; an empty range is
 * never shown, its note says what to change.
 */

import { Part } from "../part.js";
import { fill } from "../format.js";
import { h, put } from "../dom.js";
import { inchText, likelySize, parseLength } from "../units.js";
import { layoutIcon } from "../drawing.js";

export class SizeStep extends Part {
  _sizeBlock() {
    const s = this.s;
    const t = s.t;
    const imperial = s.units === "imperial";
    const fields = ["width_mm", "height_mm"].map((key) => this._sizeField(key, key === "width_mm" ? t.width : t.height, imperial));
    const layout = this._layoutChips();
    const el = h("section", { class: "card", "aria-labelledby": "h-size" },
      h("h3", { id: "h-size", tabindex: "-1" }, h("span", { class: "n", "aria-hidden": "true", text: "1" }), t.step1),
      h("div", { class: "row" }, fields.map((f) => f.el)),
      h("div", { class: "sub" }, layout.el));
    return { el, sync: () => { fields.forEach((f) => f.sync()); layout.sync(); } };
  }

  _sizeField(key, label, imperial) {
    const s = this.s;
    const t = s.t;
    const id = `f-${key}`;
    const hint = h("div", { class: "hint", id: `h-${key}` });
    const warn = h("div", { class: "warn", id: `w-${key}`, hidden: true });
    const err = h("div", { class: "err", id: `e-${key}` });
    const input = h("input", {
      // Text, not a number field: a number field reads "1.200" as 1.2 and "1200,5" as nothing.
      id, "data-k": id, type: "text", inputmode: imperial ? "text" : "decimal",
      autocomplete: "off", spellcheck: imperial ? "false" : null, "aria-describedby": `h-${key} w-${key} e-${key}`,
      oninput: () => {
        const mm = parseLength(input.value, s.units, s.lang);
        s.raw[key] = mm;
        this._bad()[key] = mm == null && input.value.trim() !== "";
        this._smallWarning(warn, key);
        if (mm == null || mm <= 0) return;
        this._setSize(key, Math.round(mm));
      },
      onchange: () => this._syncSizeInput(input, key),
      onblur: () => this._syncSizeInput(input, key),
    });
    const unit = imperial ? "in" : "mm";
    const el = h("div", { class: "field" }, h("label", { for: id, text: label }),
      h("div", { class: "unit" }, input, h("span", { class: "u", "aria-hidden": "true", text: unit })), hint, warn, err);
    const sync = () => {
      const lim = s.ev && s.ev.limits && s.ev.limits[key];
      if (lim) {
        // An empty range (min above max) is never shown: its note says what to change instead.
        const open = !lim.note && lim.min <= lim.max;
        for (const [name, v] of [["min", lim.min], ["max", lim.max], ["step", lim.step || 1]]) {
          if (open && !imperial) input.setAttribute(name, String(v));
          else input.removeAttribute(name);
        }
        hint.textContent = open ? fill(t.range, { min: this._len(lim.min, "min"), max: this._len(lim.max, "max") }) : lim.note || "";
      }
      if (this._root.activeElement !== input) this._syncSizeInput(input, key);
      this._fieldError(input, err, s.errs[key]);
      this._smallWarning(warn, key);
    };
    return { el, sync };
  }

  _syncSizeInput(input, key) {
    // What the homeowner typed that is no length stays, with its warning, until it is corrected.
    if (this._bad()[key]) return;
    const v = this.s.config[key];
    if (typeof v === "number") input.value = this.s.units === "imperial" ? inchText(v) : String(v);
  }

  /**
   * "That is very small. Did you mean 1200 mm?" for 120 typed where 1200 fits the live limits (the
   * product's while those are empty); "That is not a size" for text that is none. The button puts
   * the size in the field and keeps focus there.
   */
  _smallWarning(warn, key) {
    const s = this.s;
    const live = s.ev && s.ev.limits && s.ev.limits[key];
    const lim = live && !live.note && live.min <= live.max ? live : this.product[key];
    if (this._bad()[key] && s.units !== "imperial") {
      warn.hidden = false;
      put(warn, h("span", { text: s.t.notLength }));
      return;
    }
    const typed = s.raw[key] != null ? s.raw[key] : s.config[key];
    const guess = likelySize(typed, lim, s.units);
    warn.hidden = guess == null;
    if (guess == null) return;
    const v = this._len(guess);
    put(warn, h("span", { text: fill(s.t.small, { v }) }),
      h("button", { type: "button", class: "link", "data-k": `use-${key}`, text: fill(s.t.use, { v }),
        onclick: () => {
          s.raw[key] = null;
          this._bad()[key] = false;
          this._setSize(key, guess);
          this._update();
          const input = /** @type {HTMLInputElement | null} */ (this._root.getElementById(`f-${key}`));
          if (input) {
            this._syncSizeInput(input, key);
            input.focus(); // the button goes with the warning: focus stays on the size it set
          }
        } }));
  }

  /** Which size fields hold text that is no length (kept on the state, made on first use). */
  _bad() {
    const s = this.s;
    if (!s.bad) s.bad = {};
    return s.bad;
  }

  _layoutChips() {
    const s = this.s;
    const p = this.product;
    return this._chips({
      name: "layout", legend: s.t.layout, k: "layout",
      items: p.layouts.map((l) => ({ id: l.id, label: l.label, icon: layoutIcon(l) })),
      get: () => this._layout().id, avail: () => (s.ev && s.ev.layouts) || {},
      choose: (id) => this._setLayout(id), errKey: "layout",
      change: (id) => ({ layout: id }),
    });
  }
}
