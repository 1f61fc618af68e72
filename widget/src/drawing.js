/** Drawings: layout icons, the server's SVG cleaned for inlining, and a neutral placeholder. */

import { sv } from "./dom.js";
import { leaves } from "./geometry.js";

/**
 * A small icon of a layout's sections, for its chip.
 * @param {{root: any}} layout
 * @returns {SVGElement}
 */
export function layoutIcon(layout) {
  const cells = leaves(layout.root, 2, 2, 40, 28, null, []);
  return sv("svg", { viewBox: "0 0 44 32", width: 44, height: 32, "aria-hidden": "true", focusable: "false" },
    sv("rect", { x: 1, y: 1, width: 42, height: 30, rx: 2, fill: "#ffffff", stroke: "currentColor", "stroke-width": 2 }),
    cells.map((c) => sv("rect", { x: c.x + 1.5, y: c.y + 1.5, width: Math.max(1, c.w - 3), height: Math.max(1, c.h - 3),
      fill: "#d4e5ee", stroke: "currentColor", "stroke-width": 1 })));
}

/** Elements that may run code, load something or restyle: removed from every drawing. */
const UNSAFE = "script,foreignObject,iframe,image,use,a,style,animate,set,animateMotion,animateTransform,link,object,embed";

/** @type {any} the Trusted Types policy (undefined: not made yet; null: none to be had) */
let policy;

/**
 * The text for DOMParser as the page requires it: a page with `require-trusted-types-for 'script'`
 * accepts only TrustedHTML there, made by our policy "venster" (the page must allow it: README,
 * "Embedding"). The policy passes the text unchanged: it is parsed as inert XML in a document of its
 * own (no script runs there) and cleaned before anything of it enters the page.
 * @param {string} text
 * @returns {any}
 */
function parsable(text) {
  const tt = /** @type {any} */ (window).trustedTypes;
  if (!tt || typeof tt.createPolicy !== "function") return text;
  if (policy === undefined) {
    try {
      policy = tt.createPolicy("venster", { createHTML: (/** @type {string} */ s) => s });
    } catch (e) {
      policy = null; // not allowed by the page (or made already by a second copy of the script)
    }
  }
  return policy ? policy.createHTML(text) : text;
}

/**
 * Parse SVG text as inert XML, drop anything active or external, import it into this document.
 * @param {string} text
 * @returns {SVGElement | null} null when the text is not an SVG document
 */
export function cleanSvg(text) {
  const doc = new DOMParser().parseFromString(parsable(text), "image/svg+xml");
  const root = doc.documentElement;
  if (!root || root.localName !== "svg" || doc.getElementsByTagName("parsererror").length) return null;
  root.querySelectorAll(UNSAFE).forEach((n) => n.remove());
  for (const el of [root, ...root.querySelectorAll("*")]) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      const value = a.value.trim().toLowerCase();
      if (name.slice(0, 2) === "on" || name === "style" || name === "href" || name === "xlink:href" ||
          /^(javascript|data|vbscript):/.test(value) || (value.includes("url(") && !value.includes("url(#"))) {
        el.removeAttribute(a.name);
      }
    }
  }
  return /** @type {SVGElement} */ (/** @type {unknown} */ (document.importNode(root, true)));
}

/**
 * A schematic window: frame, sections with their names, the size below; clickable like the real one.
 * @param {any} cfg the evaluated configuration (sizes, divisions, sections)
 * @param {{root: any}} layout
 * @param {string} colour the frame's fill
 * @param {(sid: string, opening: string | undefined) => string[]} texts the lines written in a section
 * @param {(mm: number) => string} lenText
 * @param {boolean} mirrored drawn as seen from outside
 * @returns {SVGElement}
 */
export function placeholder(cfg, layout, colour, texts, lenText, mirrored) {
  const W = cfg.width_mm || 1000;
  const H = cfg.height_mm || 1000;
  const frame = Math.max(20, Math.min(70, Math.min(W, H) * 0.06));
  const pad = Math.max(W, H) * 0.04;
  const font = Math.max(W, H) * 0.04;
  const svg = sv("svg", { viewBox: `${-pad} ${-pad} ${W + 2 * pad} ${H + pad * 2 + font * 2}`, "data-placeholder": "" });
  svg.append(sv("rect", { x: 0, y: 0, width: W, height: H, fill: colour, stroke: "#6e7171", "stroke-width": frame / 12 }));
  for (const c of leaves(layout.root, 0, 0, W, H, cfg.divisions || {}, [])) {
    const x = mirrored ? W - c.x - c.w : c.x;
    const inset = frame / 2;
    const g = sv("g", { "data-section": c.id });
    g.append(sv("rect", { x: x + inset, y: c.y + inset, width: Math.max(1, c.w - 2 * inset), height: Math.max(1, c.h - 2 * inset),
      fill: "#d4e5ee", stroke: "#6e7171", "stroke-width": frame / 12 }));
    const sec = (cfg.sections || {})[c.id];
    const lines = texts(c.id, sec && sec.opening);
    const longest = Math.max(...lines.map((l) => l.length), 4);
    const size = Math.min(font, (c.w * 0.8) / (longest * 0.56), c.h / 5);
    lines.forEach((line, i) => g.append(sv("text", { x: x + c.w / 2, y: c.y + c.h / 2 + (i - (lines.length - 1) / 2) * size * 1.3,
      "text-anchor": "middle", "dominant-baseline": "middle", "font-size": size, "font-weight": i ? 400 : 700,
      fill: "#1d2327", "font-family": "Arial, sans-serif" }, line)));
    svg.append(g);
  }
  svg.append(sv("text", { x: W / 2, y: H + pad + font, "text-anchor": "middle", "font-size": font, fill: "#1d2327",
    "font-family": "Arial, sans-serif" }, `${lenText(W)} × ${lenText(H)}`));
  return svg;
}

