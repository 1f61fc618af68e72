/** Step 2: each section's opening type, fill and glazing bars, and the sizes of the divisions. */

import { Part } from "../part.js";
import { divisionsOf, leaves, sectionNodes } from "../geometry.js";
import { withDivision, withSection } from "../state.js";
import { fill } from "../format.js";
import { h } from "../dom.js";
import { inchText, parseLength } from "../units.js";

/**
 * A typed number of glazing bars kept within 0..max: the nearest allowed whole number, or null
 * when nothing sensible was typed.
 * @param {number} v
 * @param {number} max
 * @returns {number | null}
 */
export function barsValue(v, max) {
  if (!Number.isFinite(v)) return null;
  return Math.min(max, Math.max(0, Math.round(v)));
}

export class OpeningsStep extends Part {
  _openingsBlock() {
    const s = this.s;
    const t = s.t;
    const layout = this._layout();
    const cells = leaves(layout.root, 0, 0, 1, 1, null, []);
    const nodes = sectionNodes(layout.root);
    const groups = cells.map((c) => this._sectionGroup(c.id, nodes[c.id]));
    const divs = divisionsOf(layout.root, []).map((d) => this._divisionField(d));
    const off = this._offLine(groups.map((g) => g.chips)); // one line for the step's unavailable openings
    const el = h("section", { class: "card", "aria-labelledby": "h-open" },
      h("h3", { id: "h-open" }, h("span", { class: "n", "aria-hidden": "true", text: "2" }), t.step2),
      h("p", { class: "hint", text: t.openHint }),
      h("div", { class: "sub" }, groups.map((g) => g.el)),
      off.el,
      divs.length ? h("fieldset", { class: "sub" }, h("legend", { text: t.divisions }),
        h("div", { class: "row" }, divs.map((d) => d.el))) : null);
    return { el, sync: () => { groups.forEach((g) => g.sync()); off.sync(); divs.forEach((d) => d.sync()); } };
  }

  _sectionGroup(sid, node) {
    const s = this.s;
    const t = s.t;
    const sec = () => (s.config.sections && s.config.sections[sid]) || {};
    const chips = this._chips({
      name: `open-${sid}`, legend: this._sectionName(sid), k: `open-${sid}`,
      items: (node.openings || []).map((id) => ({ id, label: this._openingLabel(id), explanation: this._openingExplanation(id) })),
      shared: true,
      get: () => sec().opening || node.default_opening,
      avail: () => (s.ev && s.ev.sections && s.ev.sections[sid] && s.ev.sections[sid].openings) || {},
      choose: (id) => this._setSection(sid, { opening: id }), errKey: `sections.${sid}`,
      change: (id) => ({ sections: { [sid]: { opening: id } } }),
    });
    const el = h("div", { class: "sec", "data-sec": sid }, chips.el);
    const extras = [];
    if ((node.fills || []).length > 1) {
      const f = this._chips({ name: `fill-${sid}`, legend: t.fill, k: `fill-${sid}`, shared: true, // every fill is offered
        items: node.fills.map((id) => ({ id, label: t.fills[id] || id })),
        get: () => sec().fill || node.fills[0], avail: () => ({}), choose: (id) => this._chooseFill(sid, id) });
      extras.push(f);
    }
    if (node.max_bars) {
      const bars = [];
      // One note under both fields (they are narrow): what a typed number was corrected to.
      const said = h("div", { class: "hint fixed", id: `c-bars-${sid}`, "aria-live": "polite" });
      for (const [part, word] of [["rows", t.rows], ["columns", t.cols]]) {
        const id = `bars-${part}-${sid}`;
        const input = h("input", { id, "data-k": id, type: "number", min: 0, max: node.max_bars, step: 1, inputmode: "numeric",
          "aria-describedby": `c-bars-${sid}`,
          oninput: () => {
            said.textContent = "";
            if (input.value.trim() === "") return; // still typing: nothing to correct yet
            const v = Number(input.value);
            const ok = barsValue(v, node.max_bars);
            if (ok == null) return;
            if (ok !== v) {
              // Out of range: corrected to the nearest allowed number, and said so beside the field.
              input.value = String(ok);
              said.textContent = fill(t.barsFixed, { v: ok, min: 0, max: node.max_bars });
            }
            const bars = Object.assign({ rows: 0, columns: 0 }, sec().bars, { [part]: ok });
            this._setSection(sid, { bars });
          } });
        bars.push({ el: h("div", { class: "field" }, h("label", { for: id, text: word }), input),
          sync: () => {
            if (this._root.activeElement !== input) input.value = String(((sec().bars || {})[part]) || 0);
          } });
      }
      // Glazing bars divide glass: a panel has none, so the fields go while the fill is a panel.
      const box = h("fieldset", { class: "bars" }, h("legend", { text: t.bars }), h("div", { class: "extra" }, bars.map((b) => b.el)), said);
      extras.push({ el: box,
        sync: () => { box.hidden = (sec().fill || (node.fills || ["glass"])[0]) !== "glass"; bars.forEach((b) => b.sync()); } });
    }
    if (extras.length) el.append(h("div", { class: "extra" }, extras.map((x) => x.el)));
    return { el, chips, sync: () => {
      chips.sync();
      extras.forEach((x) => x.sync());
      el.classList.toggle("on", s.sel === sid && Object.keys(s.config.sections || {}).length > 1);
    } };
  }

  /** A fill chosen; a panel takes no glazing bars, so a section's bars are cleared with it. */
  _chooseFill(sid, id) {
    const s = this.s;
    const bars = (s.config.sections && s.config.sections[sid] && s.config.sections[sid].bars) || null;
    if (id !== "glass" && bars && (bars.rows || bars.columns)) s.config = withSection(s.config, sid, { bars: { rows: 0, columns: 0 } });
    this._setSection(sid, { fill: id });
  }

  /** The catalog's short explanation of an opening type, if any. */
  _openingExplanation(id) {
    const o = this.product.openings.find((x) => x.id === id);
    return (o && o.explanation) || null;
  }

  _divisionField(d) {
    const s = this.s;
    const t = s.t;
    const id = `f-div-${d.id}`;
    let name = d.section ? this._sectionName(d.section) : null;
    if (name && s.lang !== "de") name = name.charAt(0).toLowerCase() + name.slice(1); // German nouns keep capitals
    const label = name ? fill(d.axis === "width_mm" ? t.divW : t.divH, { s: name }) : fill(t.divN, { id: d.id });
    const hint = h("div", { class: "hint", id: `h-div-${d.id}` });
    const held = h("div", { class: "hint", id: `l-div-${d.id}` });
    const err = h("div", { class: "err", id: `e-divisions.${d.id}` });
    const imperial = s.units === "imperial";
    const show = (mm) => (typeof mm !== "number" ? "" : imperial ? inchText(mm) : String(mm));
    const input = h("input", { id, "data-k": id, type: imperial ? "text" : "number", inputmode: imperial ? "text" : "numeric",
      autocomplete: "off", "aria-describedby": `h-div-${d.id} l-div-${d.id} e-divisions.${d.id}`,
      oninput: () => {
        const mm = parseLength(input.value, s.units);
        if (mm == null || mm <= 0) return;
        s.touched.add(d.id);
        s.config = withDivision(s.config, d.id, Math.round(mm));
        this._schedule();
      },
      onblur: () => { input.value = show((s.config.divisions || {})[d.id]); } });
    const el = h("div", { class: "field" }, h("label", { for: id, text: label }),
      h("div", { class: "unit" }, input, h("span", { class: "u", "aria-hidden": "true", text: imperial ? "in" : "mm" })),
      hint, held, err);
    const sync = () => {
      const lim = s.ev && s.ev.limits && s.ev.limits.divisions && s.ev.limits.divisions[d.id];
      const v = (s.config.divisions || {})[d.id];
      if (this._root.activeElement !== input && typeof v === "number") input.value = show(v);
      if (lim) {
        if (!imperial) {
          input.min = lim.min;
          input.max = lim.max;
        }
        hint.textContent = lim.note || fill(t.range, { min: this._len(lim.min, "min"), max: this._len(lim.max, "max") }); // an empty range: what to change
        const why = typeof v !== "number" ? "" : v <= lim.min && lim.min_reason ? fill(t.heldMin, { r: lim.min_reason })
          : v >= lim.max && lim.max_reason ? fill(t.heldMax, { r: lim.max_reason }) : "";
        held.textContent = why;
      }
      this._fieldError(input, err, s.errs[`divisions.${d.id}`]);
    };
    return { el, sync };
  }
}
