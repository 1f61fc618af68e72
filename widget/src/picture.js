/**
 * The drawing in the widget: the server's SVG (cleaned, cached per URL) or the placeholder,
 * clickable sections, the caption.
 */

import { Part } from "./part.js";
import { cleanSvg, placeholder } from "./drawing.js";
import { capitalised, fill } from "./format.js";
import { put } from "./dom.js";

export class Picture extends Part {
  async _loadDrawing(ev, signal, seq) {
    const s = this.s;
    const url = this._drawingUrl(ev); // evaluate.js: the answer's link with the widget's drawing parameters
    let node = null;
    if (url && (this._drawFails || 0) < 2) {
      const cached = this._svgCache.get(url);
      if (cached) node = cached.cloneNode(true);
      else {
        this._pic.classList.add("busy");
        this._pic.setAttribute("aria-busy", "true"); // assistive tech (and tests) see the drawing updating
        try {
          const res = await fetch(url, { signal, credentials: "omit", mode: "cors" });
          if (res.ok) node = cleanSvg(await res.text());
          this._drawFails = res.ok ? 0 : res.status === 404 || res.status === 405 ? 2 : (this._drawFails || 0) + 1;
        } catch (err) {
          if (err && err.name === "AbortError") return;
          this._drawFails = (this._drawFails || 0) + 1;
        }
        if (seq !== this._seq) return;
        if (node) {
          if (this._svgCache.size > 40) this._svgCache.delete(this._svgCache.keys().next().value);
          this._svgCache.set(url, node.cloneNode(true));
        }
      }
    }
    if (seq !== this._seq) return;
    const real = Boolean(node);
    if (!node) {
      const colourGroup = this.product.options.find((g) => g.finish === "outside");
      const value = colourGroup && colourGroup.values.find((v) => v.id === ev.configuration.options[colourGroup.id]);
      node = placeholder(ev.configuration, this._layout(), (value && value.swatch) || "#f1f0ea",
        (sid, opening) => [this._sectionName(sid), this._openingLabel(opening || "")],
        (mm) => this._len(mm), s.doc.dealer.drawing_convention === "vkg");
    }
    this._showDrawing(node, ev, real);
  }

  _showDrawing(node, ev, real) {
    const s = this.s;
    const t = s.t;
    const c = ev.configuration;
    node.removeAttribute("width");
    node.removeAttribute("height");
    node.setAttribute("role", "group");
    node.setAttribute("aria-label", fill(t.drawing, { w: this._len(c.width_mm), h: this._len(c.height_mm) }));
    node.setAttribute("focusable", "false");
    const sections = node.querySelectorAll("[data-section]");
    sections.forEach((g) => {
      const sid = g.getAttribute("data-section");
      const sec = (c.sections || {})[sid];
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", fill(t.sectionBtn, { s: this._sectionName(sid), o: this._openingLabel(sec ? sec.opening : "") }));
    });
    put(this._pic, node);
    this._pic.classList.remove("busy", "stale");
    this._pic.setAttribute("aria-busy", "false");
    const view = s.doc.dealer.drawing_convention === "vkg" ? t.outside : t.inside;
    const size = real ? `${this._len(c.width_mm)} × ${this._len(c.height_mm)} · ` : ""; // the placeholder prints it
    const caption = `${size}${view}${sections.length > 1 ? ` · ${t.pick}` : ""}`;
    this._caption.textContent = capitalised(caption);
    this._paintSelection();
  }

  _paintSelection() {
    const s = this.s;
    const many = this._pic.querySelectorAll("[data-section]").length > 1;
    this._pic.querySelectorAll("[data-section]").forEach((g) => {
      const on = many && g.getAttribute("data-section") === s.sel;
      g.classList.toggle("sel", on);
      g.setAttribute("aria-pressed", on ? "true" : "false");
    });
    this._root.querySelectorAll("[data-sec]").forEach((box) => box.classList.toggle("on", many && box.getAttribute("data-sec") === s.sel));
  }
}
