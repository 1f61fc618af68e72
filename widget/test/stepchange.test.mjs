import { test } from "node:test";
import assert from "node:assert/strict";
import { STEPS, changedSteps } from "../src/stepchange.js";

const base = { product: "pvc-window", width_mm: 1200, height_mm: 1000, layout: "single", sections: { main: { opening: "fixed" } },
  options: { "outside-colour": "white", glazing: "double" }, quantity: 1 };
const finish = (g) => g.endsWith("colour");

test("each step is named by what changed in it", () => {
  assert.deepEqual(changedSteps(base, { ...base, width_mm: 1300 }, finish), ["size"]);
  assert.deepEqual(changedSteps(base, { ...base, layout: "two" }, finish), ["size"]);
  assert.deepEqual(changedSteps(base, { ...base, sections: { main: { opening: "tilt-turn-left" } } }, finish), ["openings"]);
  assert.deepEqual(changedSteps(base, { ...base, divisions: { d1: 600 } }, finish), ["openings"]);
  assert.deepEqual(changedSteps(base, { ...base, options: { ...base.options, "outside-colour": "ral-7016" } }, finish), ["colours"]);
  assert.deepEqual(changedSteps(base, { ...base, options: { ...base.options, glazing: "triple" } }, finish), ["options"]);
  assert.deepEqual(changedSteps(base, { product: "alu-sliding-door", quantity: 1 }, finish), ["product"]);
  assert.equal(STEPS.colours, 3);
});

test("a fix that changes two steps names both; quantity and no change name none", () => {
  assert.deepEqual(changedSteps(base, { ...base, width_mm: 1600, options: { ...base.options, glazing: "triple" } }, finish), ["size", "options"]);
  assert.deepEqual(changedSteps(base, { ...base, quantity: 3 }, finish), []);
  assert.deepEqual(changedSteps(base, JSON.parse(JSON.stringify(base)), finish), []);
  assert.deepEqual(changedSteps(undefined, base, finish), []);
});
