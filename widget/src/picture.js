/**
 * The drawing in the widget: the server's SVG (cleaned, cached per URL) or the placeholder,
 * clickable sections, the caption.
 */

import { Part } from "./part.js";
import { cleanSvg, placeholder } from "./drawing.js";
import { capitalised, fill } from "./format.js";
import { h, put } from "./dom.js";
import { ownUrl } from "./api.js";

/** The shown size is sent in steps of this many CSS px, so nearby sizes share a cached drawing. */
const SIZE_STEP = 40;
const MIN_SHOWN = 160;
const MAX_SHOWN = 4000;

export class Picture extends Part {
  /** The side the drawing shows: inside (where the homeowner stands) unless they chose outside. */
  _drawView() {
    return this._view === "outside" ? "outside" : "inside";
  }

  /**
   * The drawing's URL: the evaluate answer's, with the view and the size it is shown at (`w`, `h`:
   * the box's width and height limit, rounded down to SIZE_STEP so its text is never smaller than
   * the server sized it for). Without a laid-out box (the first drawing, fetched before the
   * controls) it carries no size.
   * @param {any} ev the evaluate answer
   * @param {boolean} [sized] with the size when the box is laid out (false: never)
   * @returns {string | null}
   */
  _drawingUrl(ev, sized = true) {
    const base = ev && ev.drawing && ev.drawing.svg && ownUrl(ev.drawing.svg);
    if (!base) return null;
    const u = new URL(base);
    u.searchParams.set("view", this._drawView());
    // Until a drawing has been painted the box's size would cost a layout of the whole fresh widget
    // before its first frame: the first drawing is the unsized one, sized after that frame (below).
    const size = sized && this._painted ? this._shownSize() : null;
    if (size) {
      u.searchParams.set("w", String(size.w));
      if (size.h) u.searchParams.set("h", String(size.h));
    }
    return u.href;
  }

  /**
   * The box the drawing is shown in, in CSS px: its width, and the height limit of its SVG
   * (styles.css), which shows a tall window narrower than the box.
   * @returns {{w: number, h: number | null} | null} null before layout
   */
  _shownSize() {
    const pic = this._pic;
    if (!pic || !pic.isConnected || !pic.clientWidth) return null;
    const cs = getComputedStyle(pic);
    const w = pic.clientWidth - parseFloat(cs.paddingLeft || "0") - parseFloat(cs.paddingRight || "0");
    const svg = pic.querySelector("svg");
    const maxH = svg ? parseFloat(getComputedStyle(svg).maxHeight) : NaN;
    const step = (/** @type {number} */ v) => Math.max(MIN_SHOWN, Math.min(MAX_SHOWN, Math.floor(v / SIZE_STEP) * SIZE_STEP));
    return { w: step(w), h: maxH > 0 ? step(maxH) : null };
  }

  /**
   * Show the other side: the drawing is fetched (or taken from the cache) in that view.
   * @param {string} view "inside" or "outside"
   */
  _setDrawView(view) {
    this._turnDrawing(view);
    const ev = this.s && this.s.ev;
    // While an evaluation is on its way its answer draws in this view: the shown one is older.
    if (ev && ev.valid && !this.s.busy) this._loadDrawing(ev, new AbortController().signal, this._seq);
  }

  /** The inside/outside toggle by the drawing: two native radio buttons (arrow keys move between them). */
  _viewToggle() {
    const t = this.s.t;
    const name = "drawview"; // radio groups are scoped to the shadow root: one per widget
    this._viewInputs = ["inside", "outside"].map((v) => h("input", { type: "radio", name, value: v, "data-k": `view:${v}`,
      checked: this._drawView() === v, onchange: (e) => { if (e.target.checked) this._setDrawView(v); } }));
    const words = { inside: t.viewInside, outside: t.viewOutside };
    return h("fieldset", { class: "views" }, h("legend", { class: "sr", text: t.viewLegend }),
      this._viewInputs.map((input) => h("label", { class: "chip" }, input, h("span", { text: words[input.value] }))));
  }

  /**
   * Turn the drawing to `view` for the evaluation on its way (a colour of that side chosen): the
   * toggle follows at once, the drawing with that evaluation's answer.
   * @param {string} view "inside" or "outside"
   */
  _turnDrawing(view) {
    this._view = view === "outside" ? "outside" : "inside";
    this._syncViewToggle();
  }

  _syncViewToggle() {
    for (const input of this._viewInputs || []) input.checked = input.value === this._drawView();
  }

  /**
   * Show the drawing of `ev`: from the cache, the server, or the placeholder.
   * @param {any} ev
   * @param {AbortSignal} signal
   * @param {number} seq
   * @param {boolean} [quiet] a re-fetch of the drawing shown, sized for its box: not "busy" (it is current)
   */
  async _loadDrawing(ev, signal, seq, quiet = false) {
    const url = this._drawingUrl(ev);
    const view = this._drawView();
    let node = null;
    let from = url; // the URL of the drawing shown
    if (url && (this._drawFails || 0) < 2) {
      // The first drawing was fetched before layout, without `w`: shown at once, then sized (below).
      // (Not for that re-fetch itself: it asks for the sized one.)
      const bare = quiet || this._svgCache.has(url) ? null : this._drawingUrl(ev, false);
      const cached = this._svgCache.get(url) || (bare && this._svgCache.get(bare));
      if (cached && bare && !this._svgCache.has(url)) from = bare;
      if (cached) node = cached.cloneNode(true);
      else if (!quiet) {
        this._pic.classList.add("busy");
        this._pic.setAttribute("aria-busy", "true"); // assistive tech (and tests) see the drawing updating
      }
      if (!cached) {
        try {
          const res = await fetch(url, { signal, credentials: "omit", mode: "cors" });
          if (res.ok) node = cleanSvg(await res.text());
          this._drawFails = res.ok ? 0 : res.status === 404 || res.status === 405 ? 2 : (this._drawFails || 0) + 1;
        } catch (err) {
          if (err && err.name === "AbortError") return;
          this._drawFails = (this._drawFails || 0) + 1;
        }
        // A newer evaluation or view is on its way (or was shown meanwhile).
        if (seq !== this._seq || view !== this._drawView() || (this.s && ev !== this.s.ev)) return;
        if (node) {
          if (this._svgCache.size > 40) this._svgCache.delete(this._svgCache.keys().next().value);
          this._svgCache.set(url, node.cloneNode(true));
        }
      }
    }
    if (seq !== this._seq || (quiet && !node)) return; // a failed re-fetch keeps the drawing shown
    const real = Boolean(node);
    if (!node) {
      const colourGroup = this.product.options.find((g) => g.finish === this._drawView());
      const value = colourGroup && colourGroup.values.find((v) => v.id === ev.configuration.options[colourGroup.id]);
      node = placeholder(ev.configuration, this._layout(), (value && value.swatch) || "#f1f0ea",
        (sid, opening) => [this._sectionName(sid), this._openingLabel(opening || "")],
        (mm) => this._len(mm), this._drawView() === "outside");
    }
    this._showDrawing(node, ev, real);
    this._shownFrom = real && from ? { ev, url: from, seq } : null;
    if (real && from) {
      if (this._painted) this._checkShownWidth(ev, from, signal, seq);
      else {
        // After the first frame is painted: measuring now would force its layout twice.
        requestAnimationFrame(() => setTimeout(() => {
          this._painted = true;
          this._checkShownWidth(ev, from, signal, seq);
        }, 0));
      }
    }
  }

  /**
   * Once shown, the box's size is known: when the drawing's text was sized for a larger one (the
   * first drawing, fetched before layout without a size), fetch it again for this box.
   */
  _checkShownWidth(ev, url, signal, seq) {
    this._watchBox();
    const want = this._shownSize();
    const had = new URL(url).searchParams;
    const smaller = (/** @type {string} */ k, /** @type {number | null} */ v) => v != null && (!had.get(k) || v < Number(had.get(k)));
    if (want && (smaller("w", want.w) || smaller("h", want.h)) && seq === this._seq) {
      this._loadDrawing(ev, signal, seq, true).catch(() => null);
    }
  }

  /** When the box narrows (a window resized, a phone turned), the drawing shown is checked again (above). */
  _watchBox() {
    if (typeof ResizeObserver !== "function" || this._watched === this._pic) return;
    if (this._boxWatch) this._boxWatch.disconnect();
    this._watched = this._pic;
    this._boxWatch = new ResizeObserver(() => {
      clearTimeout(this._boxTimer);
      this._boxTimer = setTimeout(() => {
        const f = this._shownFrom;
        if (f && f.seq === this._seq) this._checkShownWidth(f.ev, f.url, new AbortController().signal, f.seq);
      }, 200);
    });
    this._boxWatch.observe(this._pic);
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
    node.setAttribute("data-view", this._drawView());
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
    // Out of date stays marked (a failed evaluation): a redraw in the other view is still the old state.
    this._paintBusy();
    this._pic.setAttribute("aria-busy", "false");
    const view = this._drawView() === "outside" ? t.outside : t.inside;
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
