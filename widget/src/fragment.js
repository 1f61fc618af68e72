/**
 * The widget's part of the page's URL fragment: `#venster-<dealer>=<base64url JSON>` among other
 * `&`-separated parts a host page may use (a router's `#/path` stays as it is). It holds the whole
 * list and the window being configured, never contact details. Pure: no DOM, no history.
 */

import { b64url, unb64url } from "./encoding.js";
import { sectionNodes, divisionsOf } from "./geometry.js";
import { MAX_ITEMS } from "./constants.js";

/** Longest value we write or read: far above 50 windows, far below what browsers keep in a URL. */
export const MAX_FRAGMENT = 32000;

/**
 * @typedef {Record<string, any>} Config
 * @typedef {{config: Config, note: string}} SavedItem
 * @typedef {{items: SavedItem[], current: Config | null, editing: number, dirty?: boolean}} Saved
 *   `dirty`: the current window has changes not on the list (sending asks about them)
 */

/**
 * The raw value of this dealer's part of `hash`, or null when there is none.
 * @param {string} hash `location.hash`, with or without its `#`
 * @param {string} dealer
 * @returns {string | null}
 */
export function readPart(hash, dealer) {
  const key = `venster-${dealer}=`;
  const part = hash.replace(/^#/, "").split("&").find((p) => p.startsWith(key));
  return part == null ? null : part.slice(key.length);
}

/**
 * `hash` with this dealer's part set to `value` (or removed for null); every other part stays,
 * in its place. Returns "" for an empty fragment.
 * @param {string} hash
 * @param {string} dealer
 * @param {string | null} value
 * @returns {string}
 */
export function withPart(hash, dealer, value) {
  const key = `venster-${dealer}=`;
  const parts = hash.replace(/^#/, "").split("&").filter((p) => p !== "");
  const at = parts.findIndex((p) => p.startsWith(key));
  if (value == null) {
    if (at >= 0) parts.splice(at, 1);
  } else if (at >= 0) parts[at] = key + value;
  else parts.push(key + value);
  return parts.length ? `#${parts.join("&")}` : "";
}

/**
 * The list and the current window as a fragment value; null when it would be too large.
 * @param {Saved} saved
 * @returns {string | null}
 */
export function encodeSaved(saved) {
  const data = { v: 1, items: saved.items.map((it) => (it.note ? { c: it.config, n: it.note } : { c: it.config })),
    cur: saved.current, ed: saved.editing >= 0 ? saved.editing : undefined, d: saved.dirty ? 1 : undefined };
  const value = b64url(JSON.stringify(data));
  return value.length > MAX_FRAGMENT ? null : value;
}

/**
 * A fragment value back to the list and the current window. `{ok: false}` for anything we would
 * not have written (too large, malformed, an id the dealer's catalog does not have): the caller
 * says the link could not be opened, and never shows the link's own text. An old share link (one
 * configuration) is the current window with an empty list.
 * @param {string} value
 * @param {any[]} products the configurator document's products
 * @returns {{ok: true, saved: Saved} | {ok: false}}
 */
export function decodeSaved(value, products) {
  if (value.length > MAX_FRAGMENT) return { ok: false };
  let data;
  try {
    data = JSON.parse(unb64url(value));
  } catch (e) {
    return { ok: false };
  }
  if (!isObject(data)) return { ok: false };
  if (data.v == null && "product" in data) {
    return knownConfig(data, products) ? { ok: true, saved: { items: [], current: data, editing: -1, dirty: false } } : { ok: false };
  }
  if (data.v !== 1 || !Array.isArray(data.items) || data.items.length > MAX_ITEMS) return { ok: false };
  const items = [];
  for (const it of data.items) {
    if (!isObject(it) || !knownConfig(it.c, products) || (it.n != null && (typeof it.n !== "string" || it.n.length > 200))) {
      return { ok: false };
    }
    items.push({ config: it.c, note: it.n || "" });
  }
  if (data.cur != null && !knownConfig(data.cur, products)) return { ok: false };
  const editing = Number.isInteger(data.ed) && data.ed >= 0 && data.ed < items.length ? data.ed : -1;
  return { ok: true, saved: { items, current: data.cur || null, editing, dirty: data.d === 1 } };
}

/** @param {any} v */
const isObject = (v) => v != null && typeof v === "object" && !Array.isArray(v);
/** @param {any} v */
const isCount = (v) => Number.isInteger(v) && v >= 0 && v <= 100000;

const CONFIG_KEYS = new Set(["product", "layout", "width_mm", "height_mm", "divisions", "sections", "options", "quantity"]);
const SECTION_KEYS = new Set(["opening", "fill", "bars"]);

/**
 * Whether every key and id in `c` is one the catalog offers (values are the server's to judge).
 * @param {any} c
 * @param {any[]} products
 * @returns {boolean}
 */
export function knownConfig(c, products) {
  if (!isObject(c) || Object.keys(c).some((k) => !CONFIG_KEYS.has(k))) return false;
  const p = products.find((x) => x.id === c.product);
  if (!p) return false;
  const layout = p.layouts.find((l) => l.id === (c.layout == null ? p.default_layout : c.layout));
  if (!layout) return false;
  if (c.quantity != null && !(Number.isInteger(c.quantity) && c.quantity >= 1 && c.quantity <= 999)) return false;
  for (const k of ["width_mm", "height_mm"]) if (c[k] != null && !isCount(c[k])) return false;
  const divs = new Set(divisionsOf(layout.root, []).map((d) => d.id));
  if (c.divisions != null && (!isObject(c.divisions)
    || Object.entries(c.divisions).some(([k, v]) => !divs.has(k) || !isCount(v)))) return false;
  const nodes = sectionNodes(layout.root);
  const openings = new Set(p.openings.map((/** @type {any} */ o) => o.id));
  if (c.sections != null) {
    if (!isObject(c.sections)) return false;
    for (const [sid, sec] of Object.entries(c.sections)) {
      const node = nodes[sid];
      if (!node || !isObject(sec) || Object.keys(sec).some((k) => !SECTION_KEYS.has(k))) return false;
      if (sec.opening != null && !openings.has(sec.opening)) return false;
      if (sec.fill != null && !(node.fills || []).includes(sec.fill)) return false;
      if (sec.bars != null && (!isObject(sec.bars) || Object.entries(sec.bars)
        .some(([k, v]) => !["rows", "columns"].includes(k) || !isCount(v)))) return false;
    }
  }
  if (c.options != null) {
    if (!isObject(c.options)) return false;
    for (const [gid, vid] of Object.entries(c.options)) {
      const g = p.options.find((/** @type {any} */ x) => x.id === gid);
      if (!g || !g.values.some((/** @type {any} */ v) => v.id === vid)) return false;
    }
  }
  return true;
}
