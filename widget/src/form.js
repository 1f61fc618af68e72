/**
 * The contact form: fields with inline checks that mirror the server's, country names from
 * Intl.DisplayNames, privacy link, marketing opt-in, a honeypot.
 */

import { COUNTRIES, DEFAULT_COUNTRY } from "./constants.js";
import { contactProblem } from "./contact.js";
import { Part } from "./part.js";
import { guard, h, put } from "./dom.js";

export class ContactForm extends Part {
  _buildForm() {
    const s = this.s;
    const t = s.t;
    const d = s.doc.dealer;
    /** @type {Array<[string, string, string, boolean, number, string]>} name, type, autocomplete, required, max, span */
    const spec = [
      ["name", "text", "name", true, 120, "c3"], ["email", "email", "email", true, 254, "c3"],
      ["phone", "tel", "tel", true, 32, "c3"], ["company", "text", "organization", false, 120, "c3"],
      ["street", "text", "address-line1", true, 120, "c4"], ["house_number", "text", "", true, 16, "c2"],
      ["postcode", "text", "postal-code", true, 12, "c2"], ["city", "text", "address-level2", true, 80, "c2"],
      ["country", "select", "country", true, 2, "c2"], ["message", "textarea", "", false, 2000, "c6"],
    ];
    /** @type {Record<string, {input: any, err: HTMLElement, required: boolean, max: number}>} */
    this._fields = {};
    let names = null;
    try {
      names = new Intl.DisplayNames([s.loc], { type: "region" });
    } catch (e) {
      names = null;
    }
    const cells = spec.map(([name, type, auto, required, max, span]) => {
      const id = `c-${name}`;
      const err = h("div", { class: "err", id: `e-${id}` });
      let input;
      if (type === "select") {
        input = h("select", { id, "data-k": id, autocomplete: auto }, COUNTRIES.map((code) =>
          h("option", { value: code, text: names ? names.of(code) : code })));
        input.value = s.contact.country || DEFAULT_COUNTRY[s.lang];
      } else if (type === "textarea") {
        input = h("textarea", { id, "data-k": id, maxlength: max, rows: 4 });
      } else {
        input = h("input", { id, "data-k": id, type, autocomplete: auto || "off", maxlength: max,
          spellcheck: type === "text" ? null : "false" });
      }
      if (type !== "select" && s.contact[name]) input.value = s.contact[name];
      if (required) input.setAttribute("aria-required", "true");
      input.setAttribute("aria-describedby", `e-${id}`);
      input.addEventListener("blur", guard((e) => {
        s.contact[name] = input.value;
        // Leaving for the send button: the send checks everything, and a message appearing now
        // would move the button away from under the pointer between press and release.
        if (e.relatedTarget === this._sendBtn) return;
        if (s.showErrors || input.value.trim()) this._showFieldError(name, this._checkField(name));
      }));
      input.addEventListener("input", guard(() => {
        s.contact[name] = input.value;
        if (input.getAttribute("aria-invalid") === "true") this._showFieldError(name, this._checkField(name));
      }));
      if (type === "select") {
        input.addEventListener("change", guard(() => {
          s.contact[name] = input.value;
          if (this._fields.postcode.input.value.trim()) this._showFieldError("postcode", this._checkField("postcode"));
        }));
      }
      this._fields[name] = { input, err, required, max };
      return h("div", { class: `field ${span}` }, h("label", { for: id, text: t[`f_${name}`] }), input, err);
    });
    this._marketing = h("input", { id: "c-marketing", type: "checkbox", "data-k": "c-marketing" });
    this._honeypot = h("input", { id: "c-website", name: "website", type: "text", tabindex: "-1", autocomplete: "off", value: "" });
    this._formMsg = h("div", { class: "alert", role: "alert", hidden: true });
    this._sendBtn = h("button", { type: "submit", class: "btn primary", "data-k": "send", text: t.send });
    const privacy = h("p", { class: "privacy" }, `${t.privacy} `,
      d.privacy_notice_url && /^https?:\/\//i.test(d.privacy_notice_url)
        ? h("a", { href: d.privacy_notice_url, target: "_blank", rel: "noopener noreferrer", text: t.privacyLink }) : null);
    const form = h("form", { novalidate: true, onsubmit: (e) => { e.preventDefault(); return this._submit(); } },
      h("div", { class: "fgrid" }, cells,
        h("div", { class: "c6 privacy-row" }, privacy),
        h("div", { class: "c6 check" }, this._marketing, h("label", { for: "c-marketing", text: t.marketing })),
        h("div", { class: "hp", "aria-hidden": "true" }, h("label", { for: "c-website", text: t.honeypot }), this._honeypot),
        h("div", { class: "c6" }, this._formMsg),
        h("div", { class: "c6 sendrow" }, this._sendBtn)));
    put(this._form, h("h2", { id: "form-h", tabindex: "-1", text: t.contact }), form);
  }

  _focusForm() {
    const title = this._root.getElementById("form-h");
    if (!title) return;
    title.scrollIntoView({ block: "start", behavior: "smooth" });
    const first = this._fields.name.input;
    first.focus({ preventScroll: true });
  }

  /** The error text of one contact field now, or "". Mirrors the server's checks. */
  _checkField(name) {
    const f = this._fields[name];
    const country = this._fields.country.input.value;
    const { message, value } = contactProblem(name, f.input.value, f, country, this.s.t);
    if (value != null) {
      f.input.value = value;
      this.s.contact.postcode = value;
    }
    return message;
  }

  _showFieldError(name, message) {
    const f = this._fields[name];
    if (!f) return;
    this._fieldError(f.input, f.err, message);
  }

  _validateAll() {
    let first = null;
    for (const name of Object.keys(this._fields)) {
      const msg = this._checkField(name);
      this._showFieldError(name, msg);
      if (msg && !first) first = this._fields[name].input;
    }
    return first;
  }

  _formAlert(text, retry) {
    const t = this.s.t;
    if (!text) {
      this._formMsg.hidden = true;
      put(this._formMsg);
      return;
    }
    put(this._formMsg, h("span", { text }),
      retry ? h("button", { type: "button", class: "btn second", "data-k": "retry-send", text: t.retry, onclick: () => this._submit() }) : null);
    this._formMsg.hidden = false;
  }
}
