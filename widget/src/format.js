/** Words and figures: placeholders, lengths in mm or inches, window counts, price differences. No DOM, no state. */

import { inchText } from "./units.js";

/**
 * `text` with each `{name}` replaced by `vars[name]`; unknown placeholders stay as they are.
 * @param {string} text
 * @param {Record<string, unknown>} [vars]
 * @returns {string}
 */
export const fill = (text, vars) => String(text).replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));

/**
 * A length as the homeowner reads it, as the server writes it too: `1200 mm` (the locale's digits) or `47 1/4"`.
 * @param {number} mm
 * @param {string} units "metric" or "imperial"
 * @param {Intl.NumberFormat} num the dealer's number format (no grouping)
 * @param {"min" | "max"} [bound] a limit: see `inchText`
 * @returns {string}
 */
export function lengthText(mm, units, num, bound) {
  return units === "imperial" ? `${inchText(mm, bound)}"` : `${num.format(mm)} mm`;
}

/**
 * "1 window" / "3 windows" from the pair of texts for one and for more.
 * @param {number} n
 * @param {[string, string]} forms
 * @returns {string}
 */
export function countText(n, forms) {
  return fill(n === 1 ? forms[0] : forms[1], { n });
}

/**
 * The first letter in capitals (captions start with a word that is lower case mid-sentence).
 * @param {string} text
 * @returns {string}
 */
export const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What a choice adds to the price, as the homeowner reads it beside the choice: `+ € 45,00`,
 * `− € 12,10` (a true minus sign, which screen readers say), nothing when it costs the same
 * or the server gave no difference (an unavailable value, an invalid configuration).
 * @param {string | undefined} delta the server's money string (`"45.00"`, `"-12.10"`)
 * @param {Intl.NumberFormat} money the dealer's currency format in the widget's language
 * @returns {string}
 */
export function deltaText(delta, money) {
  const value = Number(delta);
  if (delta == null || !Number.isFinite(value) || value === 0) return "";
  // A no-break space after the sign: a narrow chip wraps the words, never the sign from its figure.
  return `${value > 0 ? "+" : "\u2212"}\u00a0${money.format(Math.abs(value))}`;
}
