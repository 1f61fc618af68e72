// Which answer may be shown: only one asked for the newest state; and what a failed evaluation
// leaves on screen is out of date and cannot be added.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Latest, shownState } from "../src/latest.js";

test("an answer asked before a newer change is stale, whatever order the answers arrive in", () => {
  const latest = new Latest();
  const first = latest.changed();
  const asked = latest.rev; // the request for the first click is in flight
  assert.equal(latest.current(asked), true);
  const second = latest.changed(); // a second click during the first request's flight (or its debounce)
  assert.ok(second > first);
  assert.equal(latest.current(asked), false); // the first answer must not land
  assert.equal(latest.current(latest.rev), true);
});

test("random interleavings: only the answer for the last change is ever applied", () => {
  let seed = 16;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let run = 0; run < 200; run++) {
    const latest = new Latest();
    const inFlight = [];
    let applied = null;
    let chosen = null;
    for (let step = 0; step < 20; step++) {
      if (rnd() < 0.5) {
        chosen = latest.changed();
        inFlight.push(latest.rev); // a request asked for this state
      } else if (inFlight.length) {
        const rev = inFlight.splice(Math.floor(rnd() * inFlight.length), 1)[0]; // answers in any order
        if (latest.current(rev)) applied = rev;
      }
    }
    for (const rev of inFlight.splice(0)) if (latest.current(rev)) applied = rev;
    if (chosen != null) assert.equal(applied, chosen);
  }
});

test("after a failed evaluation the price is out of date and the window cannot be added", () => {
  assert.deepEqual(shownState({ ev: { valid: true }, evalErr: null }), { stale: false, canAdd: true });
  assert.deepEqual(shownState({ ev: { valid: true }, evalErr: new Error("offline") }), { stale: true, canAdd: false });
  assert.deepEqual(shownState({ ev: { valid: false }, evalErr: null }), { stale: false, canAdd: false });
  assert.deepEqual(shownState({ ev: null, evalErr: null }), { stale: false, canAdd: false });
});
