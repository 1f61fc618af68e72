// Typed lengths: inches (fractions, feet, decimal commas) and millimetres to mm; inches back to text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inchText, likelySize, parseInches, parseLength } from "../src/units.js";

test("inches are read in every way a homeowner writes them", () => {
  const cases = { "36": 36, "36.5": 36.5, "36,5": 36.5, "36 1/2": 36.5, "36-1/2": 36.5, "3' 6\"": 42, "3'6": 42,
    "3 ft 6 in": 42, "1/2": 0.5, "42 inches": 42, "42″": 42, "3’ 6”": 42, " 42 ": 42, "42 3/16\"": 42.1875 };
  for (const [text, inches] of Object.entries(cases)) assert.equal(parseInches(text), inches, text);
});

test("what is not a length gives null, and so does a zero denominator", () => {
  for (const text of ["", "abc", "36 1/0", "1/0", "-3", "3 m", "36 1/2 1/2"]) assert.equal(parseInches(text), null, text);
});

test("inches are snapped to the nearest sixteenth", () => {
  assert.equal(parseInches("36.04"), 36.0625); // 576.64 sixteenths
  assert.equal(parseInches("36.03"), 36); // 576.48
  assert.equal(parseInches("1/3"), 0.3125);
});

test("metric lengths take a decimal comma or point and nothing else", () => {
  assert.equal(parseLength("1200", "metric"), 1200);
  assert.equal(parseLength(" 1200,5 ", "metric"), 1200.5);
  assert.equal(parseLength("1200.5", "metric"), 1200.5);
  // "1.200,5" and "1200 mm" are understood since issue 16 (input as people type it).
  for (const text of ["", "12 00", "-5", "1e3"]) assert.equal(parseLength(text, "metric"), null, text);
});

test("sizes are read as people type them in Dutch and German", () => {
  for (const lang of ["nl", "de"]) {
    const cases = { "1200,5": 1200.5, "1.200": 1200, "1,2 m": 1200, "120 cm": 1200, "1.200,5": 1200.5,
      "1200 mm": 1200, "1200mm": 1200, "1 200": 1200, "1,2m": 1200, "1.2 m": 1200, "120,5 cm": 1205,
      "1.200 m": 1200, "1,2": 1.2, "12.00": 12 };
    for (const [text, mm] of Object.entries(cases)) assert.equal(parseLength(text, "metric", lang), mm, `${lang} ${text}`);
  }
});

test("sizes are read as people type them in English", () => {
  const cases = { "1,200": 1200, "1.2 m": 1200, "1200.5": 1200.5, "1,200.5": 1200.5, "120 cm": 1200, "1,2 m": 1200 };
  for (const [text, mm] of Object.entries(cases)) assert.equal(parseLength(text, "metric", "en"), mm, text);
});

test("never 12005 mm: a separator groups only in threes", () => {
  for (const lang of ["nl", "de", "en"]) {
    for (const text of ["1200,5", "1200.5", "1.200", "1,200"]) assert.ok(parseLength(text, "metric", lang) < 2000, `${lang} ${text}`);
    for (const text of ["1.20.0", "1,2,3", "12 00", "1.2.3", "1,2.3,4", "abc", "1200 km"]) {
      assert.equal(parseLength(text, "metric", lang), null, `${lang} ${text}`);
    }
  }
});

test("imperial lengths come back in mm", () => {
  assert.equal(parseLength("36 1/2", "imperial"), 36.5 * 25.4);
  assert.equal(parseLength("nonsense", "imperial"), null);
});

test("inchText writes whole inches and a reduced sixteenth", () => {
  assert.equal(inchText(1200), "47 1/4");
  assert.equal(inchText(927.1), "36 1/2");
  assert.equal(inchText(1066.8), "42");
  assert.equal(inchText(12.7), "1/2");
  assert.equal(inchText(1), "1/16");
  assert.equal(inchText(0), "0");
});

test("every sixteenth written by inchText is read back as the same inches", () => {
  for (let sixteenths = 0; sixteenths < 16 * 120; sixteenths++) {
    const mm = (sixteenths / 16) * 25.4;
    assert.equal(parseInches(inchText(mm)), sixteenths / 16);
  }
});

test("a size below the minimum suggests what was probably meant", () => {
  const lim = { min: 400, max: 3000 };
  assert.equal(likelySize(120, lim, "metric"), 1200); // cm
  assert.equal(likelySize(1.2, lim, "metric"), 1200); // m
  assert.equal(likelySize(350, lim, "metric"), null); // x10 is too large
  assert.equal(likelySize(500, lim, "metric"), null); // not below the minimum
  assert.equal(likelySize(0, lim, "metric"), null);
  assert.equal(likelySize(null, lim, "metric"), null);
  assert.equal(likelySize(4 * 25.4, lim, "imperial"), Math.round(48 * 25.4)); // 4 (feet) for 48 in
});
