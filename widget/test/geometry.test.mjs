// Layout geometry: section rectangles from a layout tree and its divisions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { divisionsOf, leaves, sectionNodes } from "../src/geometry.js";

const ROOT = { split: "rows", divisions: [{ id: "d2" }], parts: [
  { split: "columns", divisions: [{ id: "d1" }], parts: [{ section: "left", openings: ["turn"] }, { section: "right" }] },
  { section: "bottom" }] };

test("without divisions the parts share the space equally", () => {
  assert.deepEqual(leaves(ROOT, 0, 0, 1000, 2000, null, []), [
    { id: "left", x: 0, y: 0, w: 500, h: 1000 }, { id: "right", x: 500, y: 0, w: 500, h: 1000 },
    { id: "bottom", x: 0, y: 1000, w: 1000, h: 1000 }]);
});

test("a division is the size of the part before it; the last part takes the rest", () => {
  assert.deepEqual(leaves(ROOT, 0, 0, 1000, 2000, { d1: 300, d2: 1500 }, []), [
    { id: "left", x: 0, y: 0, w: 300, h: 1500 }, { id: "right", x: 300, y: 0, w: 700, h: 1500 },
    { id: "bottom", x: 0, y: 1500, w: 1000, h: 500 }]);
});

test("divisions come with their axis and the section they size", () => {
  assert.deepEqual(divisionsOf(ROOT, []), [
    { id: "d2", axis: "height_mm", section: undefined }, { id: "d1", axis: "width_mm", section: "left" }]);
  assert.deepEqual(divisionsOf({ section: "main" }, []), []);
});

test("sections are found by id at any depth", () => {
  const nodes = sectionNodes(ROOT);
  assert.deepEqual(Object.keys(nodes), ["left", "right", "bottom"]);
  assert.deepEqual(nodes.left.openings, ["turn"]);
});
