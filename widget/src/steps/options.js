/** Steps 3 and 4: colours (finish groups, as swatches) and the other options (as chips). */

import { Part } from "../part.js";
import { h } from "../dom.js";

export class OptionsStep extends Part {
  /** Colours (finish groups, as swatches) or the other options (as chips). */
  _groupsBlock(finishes) {
    const s = this.s;
    const t = s.t;
    const groups = this.product.options.filter((g) => Boolean(g.finish) === finishes);
    if (!groups.length) return { el: h("div", { hidden: true }) };
    const parts = groups.map((g) => {
      const chips = this._chips({
        name: `opt-${g.id}`, legend: g.label, k: `opt-${g.id}`, swatch: finishes,
        items: g.values.map((v) => ({ id: v.id, label: v.label, swatch: v.swatch, explanation: v.explanation || null, image: v.image || null })),
        shared: true,
        get: () => (s.config.options || {})[g.id] || g.default,
        avail: () => (s.ev && s.ev.options && s.ev.options[g.id]) || {},
        choose: (id) => this._setOption(g.id, id), errKey: `options.${g.id}`,
        change: (id) => ({ options: { [g.id]: id } }),
      });
      chips.el.classList.add("grp");
      return chips;
    });
    const n = finishes ? "3" : "4";
    const off = this._offLine(parts); // one line for the step's unavailable values
    const el = h("section", { class: "card", "aria-labelledby": `h-g${n}` },
      h("h3", { id: `h-g${n}` }, h("span", { class: "n", "aria-hidden": "true", text: n }), finishes ? t.step3 : t.step4),
      parts.map((p) => p.el), off.el);
    return { el, sync: () => { parts.forEach((p) => p.sync()); off.sync(); } };
  }
}
