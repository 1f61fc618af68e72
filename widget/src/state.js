/**
 * State transitions of the configuration being built: each takes a configuration and returns the
 * next one (never changing the one given). The element keeps the state; these decide what a
 * homeowner's change does to it. Pure: no DOM, no network.
 */

import { divisionsOf } from "./geometry.js";

/**
 * @typedef {Record<string, any>} Config a configuration as the public contract has it
 *   (`product`, `layout`, `width_mm`, `height_mm`, `divisions`, `sections`, `options`, `quantity`)
 */

/**
 * A deep copy of plain JSON data.
 * @template T
 * @param {T} v
 * @returns {T}
 */
export const clone = (v) => JSON.parse(JSON.stringify(v));

/**
 * Another product: a new window, with that product's defaults and a quantity of 1 (the last
 * window's quantity is not this one's).
 * @param {Config} config
 * @param {string} id
 * @returns {Config}
 */
export function forProduct(config, id) {
  return { product: id, quantity: 1 };
}

/**
 * The next window after one went onto the list: the same choices, a quantity of 1.
 * @param {Config} config
 * @returns {Config}
 */
export function nextWindow(config) {
  return Object.assign({}, config, { quantity: 1 });
}

/**
 * A new overall size; divisions the homeowner set (`touched`) scale along, the others on that
 * axis go back to the catalog's default (they are dropped).
 * @param {Config} config
 * @param {any} root the layout's tree
 * @param {Set<string>} touched ids of the divisions the homeowner sized
 * @param {string} key "width_mm" or "height_mm"
 * @param {number} mm
 * @returns {Config}
 */
export function resized(config, root, touched, key, mm) {
  const before = config[key];
  const divs = Object.assign({}, config.divisions);
  for (const d of divisionsOf(root, [])) {
    if (d.axis !== key || !(d.id in divs)) continue;
    if (touched.has(d.id) && before > 0) divs[d.id] = Math.round((divs[d.id] * mm) / before);
    else delete divs[d.id];
  }
  return Object.assign({}, config, { [key]: mm, divisions: divs });
}

/**
 * Another layout: it starts afresh, without the old one's divisions and sections.
 * @param {Config} config
 * @param {string} id
 * @returns {Config}
 */
export function withLayout(config, id) {
  return Object.assign({}, config, { layout: id, divisions: {}, sections: {} });
}

/**
 * One section's choices (`opening`, `fill`, `bars`) merged with `patch`.
 * @param {Config} config
 * @param {string} sid
 * @param {Record<string, any>} patch
 * @returns {Config}
 */
export function withSection(config, sid, patch) {
  const sections = Object.assign({}, config.sections);
  sections[sid] = Object.assign({}, sections[sid], patch);
  return Object.assign({}, config, { sections });
}

/**
 * One option group's value.
 * @param {Config} config
 * @param {string} gid
 * @param {string} vid
 * @returns {Config}
 */
export function withOption(config, gid, vid) {
  return Object.assign({}, config, { options: Object.assign({}, config.options, { [gid]: vid }) });
}

/**
 * A division's size, as the homeowner typed it.
 * @param {Config} config
 * @param {string} id
 * @param {number} mm
 * @returns {Config}
 */
export function withDivision(config, id, mm) {
  return Object.assign({}, config, { divisions: Object.assign({}, config.divisions, { [id]: mm }) });
}

/**
 * The "change it" button: the engine's suggested `change` together with `also`, the value that
 * needed it (`{layout}`, `{options: {...}}` or `{sections: {...}}`). A layout starts afresh (its
 * sections get the suggested openings, nothing of the old one) and forgets which divisions were
 * sized; sizes go to the suggested bound.
 * @param {Config} config
 * @param {{width_mm?: {min?: number, max?: number}, height_mm?: {min?: number, max?: number}, options?: Record<string, string>, sections?: Record<string, any>}} change
 * @param {{layout?: string, options?: Record<string, string>, sections?: Record<string, any>}} also
 * @param {any} root the current layout's tree (after a layout change there are no divisions to scale)
 * @param {Set<string>} touched
 * @returns {{config: Config, touched: Set<string>, said: Record<string, any>}} `said`: what changed, for the words
 */
export function applyChange(config, change, also, root, touched) {
  let c = config;
  let t = touched;
  if (also.layout) {
    c = withLayout(c, also.layout);
    t = new Set();
  }
  for (const key of ["width_mm", "height_mm"]) {
    const lim = change[key];
    if (lim) c = resized(c, root, t, key, lim.max != null ? lim.max : lim.min);
  }
  const merged = { options: Object.assign({}, change.options, also.options), sections: Object.assign({}, change.sections) };
  for (const [sid, sec] of Object.entries(also.sections || {})) merged.sections[sid] = Object.assign({}, merged.sections[sid], sec);
  const sections = Object.assign({}, c.sections);
  for (const [sid, sec] of Object.entries(merged.sections)) sections[sid] = Object.assign({}, sections[sid], sec);
  c = Object.assign({}, c, { options: Object.assign({}, c.options, merged.options), sections });
  return { config: c, touched: t, said: Object.assign({}, change, merged) };
}

/**
 * Windows on the list, not lines: a line of 5 is 5 windows.
 * @param {Array<{config: Config}>} items
 * @returns {number}
 */
export function windowCount(items) {
  return items.reduce((n, it) => n + (Number(it.config.quantity) || 1), 0);
}
