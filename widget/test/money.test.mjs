// Money beside the server's figures, in whole cents: VAT half up per rate, a window's own price.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cents, fromCents, inclCents, vatCents, windowPrice } from "../src/money.js";

test("money strings to cents and back without float error", () => {
  assert.equal(cents("0.29"), 29);
  assert.equal(cents("1234.56"), 123456);
  assert.equal(cents("-5.10"), -510);
  assert.equal(fromCents(123456), "1234.56");
  assert.equal(fromCents(5), "0.05");
});

test("VAT rounds half up to a cent, as server/engine/money.py does", () => {
  assert.equal(vatCents(1000, "21"), 210); // 10.00 * 21% = 2.10
  assert.equal(vatCents(50, "21"), 11); // 0.105 -> 0.11 (half up)
  assert.equal(vatCents(10, "5.5"), 1); // 0.0055 -> 0.01
  assert.equal(vatCents(9, "5.5"), 0); // 0.00495 -> 0.00
  assert.equal(vatCents(-50, "21"), -11); // a discount rounds away from zero the same way
  assert.equal(vatCents(1000, "0"), 0);
});

test("a line incl. VAT is its amount plus its own VAT", () => {
  assert.equal(inclCents({ amount: "82.50", vat_rate: "21" }), 8250 + 1733); // 17.325 -> 17.33
});

test("without fees once per order the server's price is kept as it is", () => {
  const price = { lines: [{ amount: "100.00", vat_rate: "21" }], subtotal: "100.00", vat: "21.00", total: "121.00" };
  assert.equal(windowPrice(price), price);
});

test("a window's own price leaves out fees once per order, VAT per rate over its lines", () => {
  const price = { includes_vat: true, subtotal: "282.50", vat: "59.33", total: "341.83", lines: [
    { amount: "100.05", vat_rate: "21" }, { amount: "100.05", vat_rate: "21" }, { amount: "0.40", vat_rate: "9" },
    { amount: "82.00", vat_rate: "21", per_order: true }] };
  const own = windowPrice(price);
  // 21%: 200.10 -> 42.021 -> 42.02; 9%: 0.40 -> 0.036 -> 0.04; subtotal 200.50, VAT 42.06
  assert.deepEqual([own.subtotal, own.vat, own.total], ["200.50", "42.06", "242.56"]);
  assert.equal(own.lines.length, 3);
  assert.equal(own.includes_vat, true);
  assert.equal(price.lines.length, 4); // the server's answer is not changed
});
