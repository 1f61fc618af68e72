/**
 * Money beside the server's figures, worked in whole cents (integers): no float error. The widget
 * never computes a total the server did not: these only show a line incl. VAT and one window's
 * own price when the single-window answer also holds fees once per order.
 */

/**
 * Cents from a money string ("12.34").
 * @param {string | number} text
 * @returns {number}
 */
export const cents = (text) => Math.round(Number(text) * 100);

/**
 * A money string ("12.34") from cents.
 * @param {number} c
 * @returns {string}
 */
export const fromCents = (c) => (c / 100).toFixed(2);

/**
 * VAT on ``c`` cents at ``rate`` ("21", "5.5"), rounded half up to a cent as server/engine/money.py does.
 * @param {number} c
 * @param {string | number} rate
 * @returns {number}
 */
export function vatCents(c, rate) {
  const [whole, frac = ""] = String(rate).split(".");
  const num = Number(whole + frac);
  const den = 100 * 10 ** frac.length;
  const x = Math.abs(c * num);
  return Math.sign(c) * Math.floor((2 * x + den) / (2 * den));
}

/**
 * A line as shown incl. VAT: its amount plus its VAT at its own rate, rounded to cents.
 * @param {{amount: string, vat_rate: string}} line
 * @returns {number}
 */
export const inclCents = (line) => cents(line.amount) + vatCents(cents(line.amount), line.vat_rate);

/**
 * One window's own price when the server's single-window answer also holds fees once per order:
 * the window's lines only, VAT per rate over them (as evaluate-list prices each item), so the
 * price shown for the window equals its row on the list. Without such fees: the server's figures.
 * @param {{lines: Array<{amount: string, vat_rate: string, per_order?: boolean}>, subtotal: string, vat: string, total: string}} price
 * @returns {any}
 */
export function windowPrice(price) {
  const own = price.lines.filter((l) => !l.per_order);
  if (own.length === price.lines.length) return price;
  const bases = new Map();
  for (const l of own) bases.set(l.vat_rate, (bases.get(l.vat_rate) || 0) + cents(l.amount));
  let sub = 0;
  let vat = 0;
  for (const [rate, base] of bases) {
    sub += base;
    vat += vatCents(base, rate);
  }
  return Object.assign({}, price, { lines: own, subtotal: fromCents(sub), vat: fromCents(vat), total: fromCents(sub + vat) });
}
