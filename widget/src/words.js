/**
 * The element's words: lengths, section, opening and value names, money, counts, suggested
 * changes.
 */

import { Part } from "./part.js";
import { countText, fill, lengthText } from "./format.js";
import { windowCount } from "./state.js";

export class Words extends Part {
  /** @param {number} mm @param {"min" | "max"} [bound] */
  _len(mm, bound) {
    return lengthText(mm, this.s.units, this.s.num, bound);
  }

  _sectionName(id) {
    const t = this.s.t;
    return t.sections[id] || fill(t.sectionN, { id });
  }

  _openingLabel(id) {
    const o = this.product.openings.find((x) => x.id === id);
    return o ? o.label : id;
  }

  _valueLabel(gid, vid) {
    const g = this.product.options.find((x) => x.id === gid);
    const v = g && g.values.find((x) => x.id === vid);
    return v ? v.label : vid;
  }

  _money(text) {
    return this.s.money.format(Number(text));
  }

  _windows(n) {
    return countText(n, this.s.t.windows);
  }

  /** Windows on the list, not lines: a line of 5 is 5 windows. */
  _windowCount() {
    return windowCount(this.s.items);
  }

  /** What a suggested change does, in words: "Width 1000 mm, Triple glazing". */
  _changeWords(change) {
    const t = this.s.t;
    const out = [];
    for (const [key, word] of [["width_mm", t.width], ["height_mm", t.height]]) {
      const c = change[key];
      if (c) out.push(`${word} ${c.max != null ? this._len(c.max, "max") : this._len(c.min, "min")}`);
    }
    for (const [gid, vid] of Object.entries(change.options || {})) out.push(this._valueLabel(gid, vid));
    for (const [sid, sec] of Object.entries(change.sections || {})) {
      out.push(`${this._sectionName(sid)}: ${this._openingLabel(sec.opening)}`);
    }
    return out.join(", ");
  }
}
