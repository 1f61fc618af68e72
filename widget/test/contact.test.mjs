// The contact form's checks (mirroring the server's): required, length, e-mail, phone, postcodes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { contactProblem, isEmail, isPhone, tidyPostcode } from "../src/contact.js";
import { TEXTS } from "../src/texts.js";

const t = TEXTS.en;
const REQUIRED = { required: true, max: 120 };

test("an empty field is a problem only when it is required", () => {
  assert.deepEqual(contactProblem("name", "   ", REQUIRED, "NL", t), { message: t.required });
  assert.deepEqual(contactProblem("company", "", { required: false, max: 120 }, "NL", t), { message: "" });
});

test("a value longer than the field allows says how long it may be", () => {
  assert.deepEqual(contactProblem("name", "x".repeat(121), REQUIRED, "NL", t), { message: "At most 120 characters." });
});

test("e-mail addresses and phone numbers", () => {
  assert.ok(isEmail("name@example.nl") && isEmail("a.b+c@sub.example.co.uk"));
  for (const bad of ["name@example", "name example@x.nl", "@example.nl", "a<b>@x.nl"]) assert.ok(!isEmail(bad), bad);
  assert.ok(isPhone("+31 20 123 4567") && isPhone("(020) 123-45.67") && isPhone("123456"));
  for (const bad of ["12345", "+31 20 123 4567 8901 23", "020 CALL ME", "++31 20 1234567"]) assert.ok(!isPhone(bad), bad);
  assert.deepEqual(contactProblem("email", "nope", REQUIRED, "NL", t), { message: t.badEmail });
  assert.deepEqual(contactProblem("phone", "12", REQUIRED, "NL", t), { message: t.badPhone });
});

test("postcodes are tidied and checked per country; other countries are free", () => {
  assert.equal(tidyPostcode("1234ab", "NL"), "1234 AB");
  assert.equal(tidyPostcode("1234   ab", "NL"), "1234 AB");
  assert.equal(tidyPostcode("sw1a 1aa", "GB"), "SW1A 1AA");
  assert.deepEqual(contactProblem("postcode", " 1234ab ", REQUIRED, "NL", t), { message: "", value: "1234 AB" });
  assert.deepEqual(contactProblem("postcode", "0123 AB", REQUIRED, "NL", t), { message: "Enter a postcode like 1234 AB." });
  assert.deepEqual(contactProblem("postcode", "1000", REQUIRED, "BE", t), { message: "", value: "1000" });
  assert.deepEqual(contactProblem("postcode", "1011", REQUIRED, "DE", t), { message: "Enter a postcode like 10115." });
  assert.deepEqual(contactProblem("postcode", "anything 1", REQUIRED, "FR", t), { message: "", value: "ANYTHING 1" });
});
