/**
 * Every choice is a native radio group (arrow keys work); an available value shows what choosing
 * it adds to the price (the server's `delta`) and, when the catalog gives one, its short
 * explanation. Unavailable values are shown quietly: muted, still in the group, their reason in a
 * bubble on hover, focus or tap, and one expandable line per step ("3 choices not possible now —
 * why?") lists every reason with the engine's suggested change as a button.
 */

import { Part } from "./part.js";
import { countText, deltaText, fill } from "./format.js";
import { h, put } from "./dom.js";
import { logoSrc } from "./steps/head.js";

export class Chips extends Part {
  /**
   * A radio group as chips (or colour swatches). An available value's price difference stands in
   * its label ("+ € 45,00"), so a screen reader says it with the name; its explanation is the
   * radio's description. An unavailable value is `aria-disabled` (not `disabled`: it stays
   * reachable by the arrow keys, so its reason can be read on focus); choosing it keeps the current
   * value and shows the reason instead. The reasons with their fixes go in `why` (a list per group):
   * a group of its own puts it in its own expandable line, a step with several groups (`shared`)
   * gathers them in one line (`_offLine`).
   */
  _chips(o) {
    const s = this.s;
    const t = s.t;
    const errId = `e-${o.errKey || o.name}`;
    const whyId = `why-${o.name}`;
    const chosenEl = o.swatch ? h("div", { class: "hint chosen" }) : null;
    const inputs = {};
    const deltas = {};
    const tips = {};
    const wraps = {};
    const list = h("div", { class: "chips" }, o.items.map((it) => {
      const input = h("input", { type: "radio", name: o.name, value: it.id, "data-k": `${o.k || o.name}:${it.id}`,
        onchange: () => {
          if (!input.checked) return;
          if (input.getAttribute("aria-disabled") === "true") {
            // Not possible now: keep the current choice; the bubble (focus) says why.
            input.checked = false;
            const cur = inputs[o.get()];
            if (cur) cur.checked = true;
            input.focus();
            return;
          }
          o.choose(it.id);
        } });
      inputs[it.id] = input;
      let mark = it.icon || null;
      if (o.swatch) {
        mark = h("i", {});
        if (it.swatch && /^#[0-9a-f]{3,8}$/i.test(it.swatch)) mark.style.background = it.swatch; // CSSOM: allowed by CSP
      }
      // The value's picture beside its name (decorative: the label says what it is); the server's own path only.
      const src = it.image ? logoSrc(it.image) : "";
      const pic = src ? h("img", { class: "vimg", part: "value-image", src, alt: "", loading: "lazy", decoding: "async" }) : null;
      deltas[it.id] = h("span", { class: "delta" });
      // The explanation is the radio's description, not part of its name (aria-hidden in the label).
      const explId = it.explanation ? `x-${o.name}-${it.id}` : null;
      const expl = explId ? h("small", { class: "expl", id: explId, "aria-hidden": "true", text: it.explanation }) : null;
      tips[it.id] = h("span", { class: "tip", id: `tip-${o.name}-${it.id}`, role: "tooltip" });
      wraps[it.id] = h("span", { class: "cw" },
        h("label", { class: "chip" }, input,
          h("span", {}, mark, pic, expl ? h("span", { class: "txt" }, h("span", { text: it.label }), expl) : h("span", { text: it.label }),
            deltas[it.id])),
        tips[it.id]);
      return wraps[it.id];
    }));
    const why = h("ul", { class: "why", id: whyId });
    /** @type {string[]} */
    let off = [];
    const err = h("div", { class: "err", id: errId, role: null });
    const own = o.shared ? null : this._offLine([{ why, count: () => off.length }]);
    const el = h("fieldset", { class: o.swatch ? "sw" : null, "aria-describedby": errId },
      h("legend", { text: o.legend }), chosenEl, list, own ? own.el : null, err);
    const sync = () => {
      const current = o.get();
      const avail = o.avail();
      const notes = [];
      off = [];
      for (const it of o.items) {
        const input = inputs[it.id];
        const a = avail[it.id];
        const muted = Boolean(a && a.available === false) && it.id !== current;
        input.checked = it.id === current;
        const described = [];
        if (muted) {
          input.setAttribute("aria-disabled", "true");
          described.push(tips[it.id].id);
          tips[it.id].textContent = this._reasonText(it, a);
          notes.push(this._whyItem(o, it, a, whyId));
          off.push(it.id);
        } else {
          input.removeAttribute("aria-disabled");
          tips[it.id].textContent = "";
        }
        if (it.explanation) described.push(`x-${o.name}-${it.id}`);
        if (described.length) input.setAttribute("aria-describedby", described.join(" "));
        else input.removeAttribute("aria-describedby");
        wraps[it.id].classList.toggle("off", muted);
        deltas[it.id].textContent = a && a.available !== false ? deltaText(a.delta, s.money) : "";
      }
      if (chosenEl) {
        const it = o.items.find((x) => x.id === current);
        chosenEl.textContent = it ? fill(t.chosen, { v: it.label }) : "";
      }
      put(why, ...notes);
      if (own) own.sync();
      err.textContent = this._errFor(o.errKey);
    };
    return { el, sync, why, legend: o.legend, count: () => off.length };
  }

  /**
   * One expandable line for the unavailable values of some groups: "3 choices not possible now —
   * why?" as a native `<details>`, hidden when every value can be chosen. `groups` are chips
   * (`why`, `count`, and a `legend` shown above each group's reasons when there are several).
   */
  _offLine(groups) {
    const s = this.s;
    const summary = h("summary", {});
    const parts = groups.map((g) => ({ g, head: groups.length > 1 && g.legend ? h("p", { class: "whyh", text: g.legend }) : null }));
    const el = h("details", { class: "off", hidden: true }, summary, parts.map((p) => [p.head, p.g.why]));
    const sync = () => {
      let n = 0;
      for (const p of parts) {
        const c = p.g.count();
        n += c;
        if (p.head) p.head.hidden = c === 0;
      }
      el.hidden = n === 0;
      summary.textContent = n ? countText(n, s.t.offLine) : "";
    };
    return { el, sync };
  }

  /** The engine's reason, with the value's name in front unless the reason starts with it (never said twice). */
  _reasonText(it, a) {
    const reason = a.reason || this.s.t.notNow;
    const said = reason.toLowerCase().startsWith(it.label.toLowerCase());
    return said ? reason : `${it.label}: ${reason}`;
  }

  _whyItem(o, it, a, whyId) {
    const t = this.s.t;
    const change = a.change && o.change ? Object.assign({}, a.change) : null;
    let btn = null;
    if (change) {
      const words = this._changeWords(a.change);
      btn = h("button", { type: "button", class: "link", "data-k": `chg-${o.name}-${it.id}`,
        text: words ? `${t.changeIt}: ${words}` : t.changeIt,
        onclick: () => this._applyChange(a.change, o.change(it.id)) });
    }
    return h("li", { id: `${whyId}-${it.id}` }, h("span", { text: this._reasonText(it, a) }), btn);
  }

  _errFor(key) {
    if (!key) return "";
    const errs = this.s.errs || {};
    if (errs[key]) return errs[key];
    const hit = Object.keys(errs).find((f) => f.startsWith(`${key}.`));
    return hit ? errs[hit] : "";
  }

  _fieldError(input, err, message) {
    err.textContent = message || "";
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}
