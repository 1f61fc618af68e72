// The widget's part of the URL fragment: the whole list and the current window under its own key,
// other parts untouched, and nothing opened that the catalog does not know (or that is too large).
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_FRAGMENT, decodeSaved, encodeSaved, knownConfig, readPart, withPart } from "../src/fragment.js";
import { b64url } from "../src/encoding.js";

const ROOT = { split: "columns", divisions: [{ id: "d1" }], parts: [
  { section: "left", openings: ["fixed", "turn"], fills: ["glass", "panel"], max_bars: 3 }, { section: "right" }] };
const PRODUCTS = [{ id: "p", default_layout: "two", layouts: [{ id: "two", root: ROOT }, { id: "one", root: { section: "main" } }],
  openings: [{ id: "fixed" }, { id: "turn" }],
  options: [{ id: "glazing", default: "double", values: [{ id: "double" }, { id: "triple" }] }] }];
const WINDOW = { product: "p", layout: "two", width_mm: 1200, height_mm: 1400, divisions: { d1: 600 },
  sections: { left: { opening: "turn", fill: "panel", bars: { rows: 1, columns: 2 } } }, options: { glazing: "triple" }, quantity: 3 };

test("the widget's part is found, set and removed among a host page's own parts", () => {
  assert.equal(readPart("#/shop/windows&venster-demo=abc&x=1", "demo"), "abc");
  assert.equal(readPart("#venster-other=abc", "demo"), null);
  assert.equal(readPart("", "demo"), null);
  assert.equal(withPart("#/shop/windows", "demo", "abc"), "#/shop/windows&venster-demo=abc");
  assert.equal(withPart("#/shop&venster-demo=old&x=1", "demo", "new"), "#/shop&venster-demo=new&x=1");
  assert.equal(withPart("#/shop&venster-demo=old", "demo", null), "#/shop");
  assert.equal(withPart("#venster-demo=old", "demo", null), "");
  assert.equal(withPart("", "demo", "abc"), "#venster-demo=abc");
  assert.equal(withPart("#venster-other=1", "demo", "abc"), "#venster-other=1&venster-demo=abc");
});

test("the list, its notes, the current window and the edit come back as they were", () => {
  const saved = { items: [{ config: WINDOW, note: "Keuken é ü" }, { config: { product: "p" }, note: "" }],
    current: { product: "p", layout: "one" }, editing: 1, dirty: true };
  const out = decodeSaved(/** @type {string} */ (encodeSaved(saved)), PRODUCTS);
  assert.deepEqual(out, { ok: true, saved });
  const plain = decodeSaved(/** @type {string} */ (encodeSaved({ items: [], current: WINDOW, editing: -1 })), PRODUCTS);
  assert.deepEqual(plain, { ok: true, saved: { items: [], current: WINDOW, editing: -1, dirty: false } });
});

test("an old share link (one configuration) opens as the current window", () => {
  assert.deepEqual(decodeSaved(b64url(JSON.stringify(WINDOW)), PRODUCTS),
    { ok: true, saved: { items: [], current: WINDOW, editing: -1, dirty: false } });
});

test("anything the catalog does not know is refused, never half-opened", () => {
  const bad = [
    { ...WINDOW, product: "Buy now at evil.example" }, { ...WINDOW, layout: "gone" }, { ...WINDOW, nonsense: true },
    { ...WINDOW, options: { glazing: "<b>cheap</b>" } }, { ...WINDOW, options: { other: "double" } },
    { ...WINDOW, sections: { middle: { opening: "fixed" } } }, { ...WINDOW, sections: { left: { opening: "slide" } } },
    { ...WINDOW, sections: { left: { fill: "brick" } } }, { ...WINDOW, sections: { left: { colour: "red" } } },
    { ...WINDOW, sections: { left: { bars: { diagonal: 1 } } } }, { ...WINDOW, divisions: { d9: 300 } },
    { ...WINDOW, divisions: { d1: "600" } }, { ...WINDOW, width_mm: -5 }, { ...WINDOW, quantity: 0 }, { ...WINDOW, quantity: 1.5 },
  ];
  for (const c of bad) {
    assert.equal(knownConfig(c, PRODUCTS), false, JSON.stringify(c));
    assert.deepEqual(decodeSaved(b64url(JSON.stringify(c)), PRODUCTS), { ok: false });
    assert.deepEqual(decodeSaved(b64url(JSON.stringify({ v: 1, items: [{ c }], cur: null })), PRODUCTS), { ok: false });
    assert.deepEqual(decodeSaved(b64url(JSON.stringify({ v: 1, items: [], cur: c })), PRODUCTS), { ok: false });
  }
  assert.equal(knownConfig(WINDOW, PRODUCTS), true);
  for (const value of ["%%%", b64url("[1]"), b64url("null"), b64url('{"v":2,"items":[]}'), b64url('{"v":1,"items":[{"c":{"product":"p"},"n":5}]}'),
    b64url(JSON.stringify({ v: 1, items: Array(51).fill({ c: { product: "p" } }) }))]) {
    assert.deepEqual(decodeSaved(value, PRODUCTS), { ok: false }, value);
  }
});

test("a fragment too large is neither written nor read", () => {
  const huge = "x".repeat(MAX_FRAGMENT + 1);
  assert.deepEqual(decodeSaved(huge, PRODUCTS), { ok: false });
  const items = Array.from({ length: 50 }, () => ({ config: WINDOW, note: "n".repeat(200) + "é".repeat(200) }));
  assert.equal(encodeSaved({ items, current: WINDOW, editing: -1 }), null);
  // Fifty real windows with short notes fit.
  const fifty = encodeSaved({ items: Array.from({ length: 50 }, () => ({ config: WINDOW, note: "Keuken" })), current: WINDOW, editing: -1 });
  assert.ok(fifty && fifty.length <= MAX_FRAGMENT);
});
