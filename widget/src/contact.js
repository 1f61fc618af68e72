/**
 * The contact form's checks, mirroring the server's (so a homeowner hears of a mistake before
 * sending). Pure: the form shows the message and writes back the tidied postcode.
 */

import { POSTCODES } from "./constants.js";
import { fill } from "./format.js";

/**
 * An e-mail address: no spaces or brackets before the at sign, a dotted domain after it.
 * @param {string} v
 * @returns {boolean}
 */
export const isEmail = (v) => /^[^@\s<>()[\]\\,;:"]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(v);

/**
 * Digits with `+ ( ) . / -` and spaces, 6 to 15 digits.
 * @param {string} v
 * @returns {boolean}
 */
export function isPhone(v) {
  const digits = (v.match(/\d/g) || []).length;
  return /^\+?[0-9 ()./-]+$/.test(v) && digits >= 6 && digits <= 15;
}

/**
 * A postcode in capitals, a Dutch one as `1234 AB`.
 * @param {string} v trimmed
 * @param {string} country
 * @returns {string}
 */
export function tidyPostcode(v, country) {
  const up = v.toUpperCase();
  return country === "NL" ? up.replace(/^(\d{4})\s*([A-Z]{2})$/, "$1 $2") : up;
}

/**
 * What is wrong with one field's value ("" when nothing) and, for a valid postcode, its tidy form.
 * @param {string} name the field (`email`, `phone`, `postcode`, ...)
 * @param {string} value as typed
 * @param {{required: boolean, max: number}} field
 * @param {string} country the country chosen in the form
 * @param {Record<string, any>} t the widget's texts in the form's language
 * @returns {{message: string, value?: string}}
 */
export function contactProblem(name, value, field, country, t) {
  const v = value.trim();
  if (!v) return { message: field.required ? t.required : "" };
  if (v.length > field.max) return { message: fill(t.tooLong, { n: field.max }) };
  if (name === "email" && !isEmail(v)) return { message: t.badEmail };
  if (name === "phone" && !isPhone(v)) return { message: t.badPhone };
  if (name === "postcode") {
    const tidy = tidyPostcode(v, country);
    const rule = POSTCODES[country];
    if (rule && !rule[0].test(tidy)) return { message: fill(t.badPostcode, { ex: rule[1] }) };
    return { message: "", value: tidy };
  }
  return { message: "" };
}
