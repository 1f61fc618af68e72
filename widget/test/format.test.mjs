// Words and figures: placeholders, lengths, counts, price differences.
import { test } from "node:test";
import assert from "node:assert/strict";
import { capitalised, countText, deltaText, fill, lengthText } from "../src/format.js";
import { TEXTS } from "../src/texts.js";

test("fill replaces known placeholders and keeps unknown ones", () => {
  assert.equal(fill("From {min} to {max}", { min: "400 mm", max: "3000 mm" }), "From 400 mm to 3000 mm");
  assert.equal(fill("Section {id} of {n}", { id: 2 }), "Section 2 of {n}");
  assert.equal(fill("no placeholders"), "no placeholders");
  assert.equal(fill("{n}", { n: 0 }), "0");
});

test("lengths are written in the dealer's units and locale", () => {
  const nl = new Intl.NumberFormat("nl-NL", { useGrouping: false, maximumFractionDigits: 1 });
  assert.equal(lengthText(1200, "metric", nl), "1200 mm");
  assert.equal(lengthText(1200.5, "metric", nl), "1200,5 mm");
  assert.equal(lengthText(1200, "imperial", nl), "47 1/4\"");
});

test("window counts take the singular for one only", () => {
  assert.equal(countText(1, TEXTS.nl.windows), "1 raam");
  assert.equal(countText(3, TEXTS.nl.windows), "3 ramen");
  assert.equal(countText(0, TEXTS.en.windows), "0 windows");
});

test("a caption starts with a capital", () => {
  assert.equal(capitalised("gezien van binnen"), "Gezien van binnen");
  assert.equal(capitalised(""), "");
});

test("a price difference beside a choice: signed, in the dealer's money format, nothing for zero", () => {
  const money = (loc) => new Intl.NumberFormat(loc, { style: "currency", currency: "EUR" });
  // No-break spaces (Intl's own between figure and euro sign, ours after the sign): it never wraps apart.
  assert.equal(deltaText("45.00", money("nl-NL")), "+\u00a0€\u00a045,00");
  assert.equal(deltaText("-12.10", money("nl-NL")), "\u2212\u00a0€\u00a012,10");
  assert.equal(deltaText("1234.50", money("de-DE")), "+\u00a01.234,50\u00a0€");
  assert.equal(deltaText("-0.05", money("en-GB")), "\u2212\u00a0€0.05");
  for (const none of ["0.00", "-0.00", undefined, null, "", "x"]) assert.equal(deltaText(none, money("nl-NL")), "");
});
