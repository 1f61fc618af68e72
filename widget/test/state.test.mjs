// State transitions of the configuration: sizes with their divisions, layouts, sections, options,
// the engine's suggested changes, shared links. None changes the configuration it is given.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyChange, clone, forProduct, nextWindow, resized, windowCount, withDivision, withLayout, withOption,
  withSection } from "../src/state.js";

// Two columns (division "d1": the left part's width) over a bottom row (division "d2": its height).
const ROOT = { split: "rows", divisions: [{ id: "d2" }], parts: [
  { split: "columns", divisions: [{ id: "d1" }], parts: [{ section: "left" }, { section: "right" }] },
  { section: "bottom" }] };
const BASE = Object.freeze({ product: "p", width_mm: 1000, height_mm: 2000, divisions: Object.freeze({ d1: 400, d2: 1500 }),
  quantity: 2 });

test("a new width scales the divisions the homeowner sized and drops the others on that axis", () => {
  const next = resized(BASE, ROOT, new Set(["d1"]), "width_mm", 1500);
  assert.deepEqual(next, { ...BASE, width_mm: 1500, divisions: { d1: 600, d2: 1500 } }); // 400 * 1500 / 1000
  const untouched = resized(BASE, ROOT, new Set(), "width_mm", 1500);
  assert.deepEqual(untouched.divisions, { d2: 1500 }); // back to the catalog's default
  const height = resized(BASE, ROOT, new Set(["d2"]), "height_mm", 1000);
  assert.deepEqual(height.divisions, { d1: 400, d2: 750 });
});

test("a size given for the first time drops the divisions on its axis", () => {
  const next = resized({ product: "p", divisions: { d1: 400 } }, ROOT, new Set(["d1"]), "width_mm", 900);
  assert.deepEqual(next, { product: "p", width_mm: 900, divisions: {} });
});

// Issue 16 changed this: a product change used to keep the quantity ("Uw prijs voor 3 ramen" for
// one sliding door); each new window now starts at 1.
test("a product change is a new window: the defaults and a quantity of 1", () => {
  assert.deepEqual(forProduct(BASE, "q"), { product: "q", quantity: 1 });
  assert.deepEqual(forProduct({ product: "p" }, "q"), { product: "q", quantity: 1 });
});

test("the window after one went onto the list keeps its choices and starts at quantity 1", () => {
  assert.deepEqual(nextWindow(BASE), { ...BASE, quantity: 1 });
  assert.equal(BASE.quantity, 2);
});

test("a layout starts afresh; sections, options and divisions merge", () => {
  const sectioned = withSection(withSection(BASE, "left", { opening: "tilt-turn" }), "left", { fill: "panel" });
  assert.deepEqual(sectioned.sections, { left: { opening: "tilt-turn", fill: "panel" } });
  assert.deepEqual(withLayout(sectioned, "single"), { ...sectioned, layout: "single", divisions: {}, sections: {} });
  assert.deepEqual(withOption(withOption(BASE, "glass", "triple"), "colour", "white").options,
    { glass: "triple", colour: "white" });
  assert.deepEqual(withDivision(BASE, "d1", 450).divisions, { d1: 450, d2: 1500 });
  assert.deepEqual(BASE.divisions, { d1: 400, d2: 1500 }); // frozen: nothing was changed in place
});

test("a suggested change applies the engine's change together with the value that needed it", () => {
  const config = { ...BASE, options: { glass: "double" }, sections: { left: { opening: "fixed", fill: "glass" } } };
  const change = { width_mm: { max: 900 }, options: { colour: "white" }, sections: { left: { opening: "turn" } } };
  const out = applyChange(config, change, { options: { glass: "triple" } }, ROOT, new Set(["d1"]));
  assert.equal(out.config.width_mm, 900);
  assert.deepEqual(out.config.divisions, { d1: 360, d2: 1500 });
  assert.deepEqual(out.config.options, { glass: "triple", colour: "white" });
  assert.deepEqual(out.config.sections, { left: { opening: "turn", fill: "glass" } });
  assert.deepEqual(out.said, { width_mm: { max: 900 }, options: { colour: "white", glass: "triple" },
    sections: { left: { opening: "turn" } } });
  assert.deepEqual(config.options, { glass: "double" });
});

test("a suggested layout starts afresh and forgets the sized divisions", () => {
  const config = { ...BASE, layout: "two", sections: { left: { opening: "turn" } } };
  const out = applyChange(config, { height_mm: { min: 1200 }, sections: { main: { opening: "fixed" } } }, { layout: "single" },
    ROOT, new Set(["d1", "d2"]));
  assert.equal(out.config.layout, "single");
  assert.equal(out.config.height_mm, 1200);
  assert.deepEqual(out.config.divisions, {});
  assert.deepEqual(out.config.sections, { main: { opening: "fixed" } });
  assert.equal(out.touched.size, 0);
});

test("the list counts windows, not lines", () => {
  assert.equal(windowCount([{ config: { quantity: 5 } }, { config: {} }, { config: { quantity: "2" } }]), 8);
  assert.equal(windowCount([]), 0);
});

test("clone copies deeply", () => {
  const a = { x: { y: [1, 2] } };
  const b = clone(a);
  b.x.y.push(3);
  assert.deepEqual(a.x.y, [1, 2]);
});
