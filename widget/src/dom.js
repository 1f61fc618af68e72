/** DOM building without innerHTML: elements and SVG from properties, attributes and children. */

import { SVG_NS } from "./constants.js";

/** Keys set as DOM properties rather than attributes. @type {Record<string, number>} */
const PROPS = { value: 1, checked: 1, disabled: 1, hidden: 1, selected: 1, readOnly: 1, open: 1, defaultValue: 1 };

/**
 * Report an error inside the widget instead of letting it reach the host page.
 * @param {unknown} err
 */
const onFault = (err) => { if (window.console) console.warn("venster:", err); };

/**
 * A listener that never throws into the page (sync errors and rejected promises alike).
 * @param {(this: any, ev?: any) => any} fn
 * @returns {(this: any, ev?: any) => void}
 */
export function guard(fn) {
  return function (ev) {
    try {
      const r = fn.call(this, ev);
      if (r && typeof r.catch === "function") r.catch(onFault);
    } catch (err) {
      onFault(err);
    }
  };
}

/**
 * Append children (nested arrays flattened; null and false skipped; other values as text).
 * @template {Node & ParentNode} T
 * @param {T} el
 * @param {any[]} kids
 * @returns {T}
 */
function append(el, kids) {
  for (const kid of kids) {
    if (kid == null || kid === false) continue;
    if (Array.isArray(kid)) append(el, kid);
    else el.append(kid instanceof Node ? kid : String(kid));
  }
  return el;
}

/**
 * Replace an element's children; null and false are skipped (replaceChildren would print "null").
 * @template {Node & ParentNode} T
 * @param {T} el
 * @param {...any} kids
 * @returns {T}
 */
export function put(el, ...kids) {
  el.replaceChildren();
  return append(el, kids);
}

/**
 * An HTML element: `class`, `text`, `on<event>` (guarded listeners), DOM properties, else attributes.
 * @param {string} tag
 * @param {Record<string, any> | null} [props]
 * @param {...any} kids
 * @returns {any}
 */
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  if (props) {
    for (const k of Object.keys(props)) {
      const v = props[k];
      if (v == null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), guard(v));
      else if (PROPS[k]) /** @type {any} */ (el)[k] = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  return append(el, kids);
}

/**
 * An SVG element with attributes and children.
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...any} kids
 * @returns {SVGElement}
 */
export function sv(tag, attrs, ...kids) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  const given = attrs || {};
  for (const k of Object.keys(given)) el.setAttribute(k, String(given[k]));
  return append(el, kids);
}
