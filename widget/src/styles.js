/**
 * Styles: one constructable sheet shared by every instance, plus a tiny per-instance accent sheet.
 */

import STYLE from "./styles.css";
import { h } from "./dom.js";

/** @type {CSSStyleSheet | null} */
let sharedSheet = null;

/**
 * Give a shadow root the widget's stylesheet and `extra` (the accent), replacing what it had.
 * @param {ShadowRoot} root
 * @param {string} extra
 */
export function adopt(root, extra) {
  // Feature checks: the DOM types say these always exist; old browsers lack them.
  const sheets = /** @type {any} */ (window).CSSStyleSheet;
  if ("adoptedStyleSheets" in Document.prototype && sheets && sheets.prototype.replaceSync) {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(STYLE);
    }
    const own = new CSSStyleSheet();
    own.replaceSync(extra);
    root.adoptedStyleSheets = [sharedSheet, own];
    return;
  }
  // Old browsers without constructable sheets (never under a strict CSP in practice).
  root.querySelectorAll("style[data-vs]").forEach((n) => n.remove());
  root.prepend(h("style", { "data-vs": "", text: STYLE + extra }));
}

/**
 * Accent, the text colour on it, a darker ink for text on white (WCAG AA) and a soft tint.
 * @param {string} hex the dealer's accent ("#1f5f8b"); anything else gives the default
 * @returns {string} a `:host{...}` rule with the custom properties
 */
export function accentCss(hex) {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex || "");
  let c = m ? m[1] : "1f5f8b";
  if (c.length === 3) c = c.replace(/./g, "$&$&");
  const rgb = [0, 2, 4].map((i) => parseInt(c.slice(i, i + 2), 16));
  /** @param {number[]} v */
  const lum = (v) => {
    const l = v.map((x) => {
      const c = x / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  };
  /** @param {number[]} v */
  const contrastWhite = (v) => 1.05 / (lum(v) + 0.05);
  const on = contrastWhite(rgb) >= (lum(rgb) + 0.05) / 0.05 ? "#ffffff" : "#111111";
  let ink = rgb.slice();
  for (let i = 0; i < 20 && contrastWhite(ink) < 4.6; i++) ink = ink.map((x) => Math.round(x * 0.88));
  /** @param {number[]} v */
  const css = (v) => `rgb(${v.join(",")})`;
  const soft = rgb.map((x) => Math.round(x * 0.1 + 255 * 0.9));
  return `:host{--vs-accent:#${c};--vs-on:${on};--vs-ink:${css(ink)};--vs-soft:${css(soft)}}`;
}
