/** Units: sizes are integer mm everywhere; imperial dealers see and type inches. Pure functions. */

export const IMPERIAL = /^(?:(\d+(?:\.\d+)?)\s*(?:'|ft|feet|foot)\s*-?\s*)?(?:(\d+(?:\.\d+)?)(?:\s*[\s-]\s*(\d+)\/(\d+))?|(\d+)\/(\d+))?\s*(?:"|''|in|inch|inches)?$/;

/**
 * Inches from text such as `36`, `36.5`, `36 1/2`, `3' 6"`; null when it is not a length.
 * @param {string} text
 * @returns {number | null} inches, rounded to 1/16
 */
export function parseInches(text) {
  const s = String(text).trim().toLowerCase().replace(/,/g, ".").replace(/[″”“]/g, '"').replace(/[′’‘]/g, "'");
  const m = IMPERIAL.exec(s);
  if (!s || !m || (m[1] == null && m[2] == null && m[5] == null)) return null;
  let inches = m[1] ? Number(m[1]) * 12 : 0;
  if (m[2]) inches += Number(m[2]);
  if (m[3]) {
    if (Number(m[4]) === 0) return null;
    inches += Number(m[3]) / Number(m[4]);
  }
  if (m[5]) {
    if (Number(m[6]) === 0) return null;
    inches += Number(m[5]) / Number(m[6]);
  }
  return Math.round(inches * 16) / 16; // to 1/16 inch
}

/** Millimetres per unit a homeowner may write after a metric size. */
const PER_UNIT = { mm: 1, cm: 10, m: 1000 };
const METRIC = /^([\d.,' \u00a0\u202f]*\d)\s*(mm|cm|m)?\.?$/;

/**
 * A number as people write it in `lang`: `1200,5` and `1.200` in Dutch and German (comma decimal,
 * point grouping), `1,200` and `1200.5` in English; one separator followed by other than three
 * digits is a decimal sign whatever the language (`1.2`, `1,25`); spaces and apostrophes group.
 * After a unit of metres a single separator is always the decimal sign (`1.200 m` is 1.2 m).
 * @param {string} digits
 * @param {string} lang
 * @param {boolean} decimalOnly
 * @returns {number | null}
 */
function readNumber(digits, lang, decimalOnly) {
  // A space or apostrophe groups only in threes (`1 200`, `1'200`), never `12 00`.
  if (/[' \u00a0\u202f]/.test(digits) && !/^\d{1,3}(?:[' \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/.test(digits)) return null;
  const s = digits.replace(/[' \u00a0\u202f]/g, "");
  const seps = s.match(/[.,]/g) || [];
  let dec = seps.length === 1 || new Set(seps).size === 2 ? seps[seps.length - 1] : null;
  // One separator before three digits is the language's grouping (`1.200` in nl and de, `1,200` in en).
  if (seps.length === 1 && !decimalOnly && dec === (lang === "en" ? "," : ".") && /[.,]\d{3}$/.test(s)) dec = null;
  const at = dec ? s.lastIndexOf(dec) : s.length;
  const whole = s.slice(0, at);
  const frac = s.slice(at + 1);
  const group = dec ? (dec === "," ? "." : ",") : seps[0];
  // Grouping only in threes (`1.200.000`), never `1.20.0`.
  if (group && whole.includes(group) && !new RegExp(`^\\d{1,3}(?:\\${group}\\d{3})+$`).test(whole)) return null;
  if (/[.,]/.test(frac)) return null;
  return Number(`${whole.split(group || " ").join("") || 0}.${frac || 0}`);
}

/**
 * Millimetres from what the homeowner typed, read the way people write it in `lang` (see
 * `readNumber`), with an optional unit (`120 cm`, `1,2 m`, `1200 mm`); floats kept for the
 * "did you mean" check; null when it is not a length. Imperial dealers read inches and feet.
 * @param {string} text
 * @param {string} units "metric" or "imperial"
 * @param {string} [lang] "nl", "en" or "de" (Dutch way when not given)
 * @returns {number | null}
 */
export function parseLength(text, units, lang) {
  if (units === "imperial") {
    const inches = parseInches(text);
    return inches == null ? null : inches * 25.4;
  }
  const m = METRIC.exec(String(text).trim().toLowerCase());
  if (!m) return null;
  const unit = m[2] || "mm";
  const value = readNumber(m[1], lang || "nl", unit === "m");
  return value == null ? null : Math.round(value * PER_UNIT[unit] * 1000) / 1000;
}

/**
 * `47 1/4` for 1200 mm: whole inches and a reduced sixteenth fraction. For a limit (`bound` "min"
 * or "max") the nearest sixteenth that, typed and sent as whole mm, keeps to it: a 350 mm minimum
 * is `13 13/16`, since `13 3/4` is sent as 349 (server/i18n/lengths.py, bound_sixteenths).
 * @param {number} mm
 * @param {"min" | "max"} [bound]
 * @returns {string}
 */
export function inchText(mm, bound) {
  let sixteenths = Math.round((mm / 25.4) * 16);
  const back = Math.round((sixteenths * 25.4) / 16);
  if (bound === "min" && back < mm) sixteenths += 1;
  if (bound === "max" && back > mm) sixteenths -= 1;
  const whole = Math.floor(sixteenths / 16);
  let num = sixteenths % 16;
  let den = 16;
  while (num && num % 2 === 0) {
    num /= 2;
    den /= 2;
  }
  return num ? (whole ? `${whole} ${num}/${den}` : `${num}/${den}`) : String(whole);
}

/**
 * What the homeowner probably meant by a size below the minimum: 120 typed where 1200 fits
 * (cm for mm), 1.2 for 1200 (m), feet for inches; null when nothing fits.
 * @param {unknown} typed the typed size in mm
 * @param {{min: number, max: number}} lim the product's range
 * @param {string} units "metric" or "imperial"
 * @returns {number | null}
 */
export function likelySize(typed, lim, units) {
  let guess = null;
  if (typeof typed === "number" && typed > 0 && typed < lim.min) {
    const factors = units === "imperial" ? [12] : typed < 10 ? [1000] : [10];
    for (const f of factors) {
      const g = Math.round(typed * f);
      if (g >= lim.min && g <= lim.max) guess = g;
    }
  }
  return guess;
}
