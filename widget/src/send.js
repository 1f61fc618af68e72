/**
 * Sending the request: a form token fetched early, one Idempotency-Key per attempt (reused only
 * for a retry of the same body), errors put where they belong.
 */

import { NetError, call } from "./api.js";
import { Part } from "./part.js";
import { fill } from "./format.js";
import { h, put } from "./dom.js";
import { sleep, uuid } from "./encoding.js";

export class Sending extends Part {
  async _token(force) {
    const s = this.s;
    if (!force && s.token && Date.now() - s.tokenAt < 12 * 3600 * 1000) return s.token;
    const res = await call(`${this._base()}/form-token`);
    if (res.status !== 200 || !res.data || typeof res.data.form_token !== "string") throw res;
    s.token = res.data.form_token;
    s.tokenAt = Date.now();
    return s.token;
  }

  _payload() {
    const s = this.s;
    const d = s.doc.dealer;
    const v = (name) => this._fields[name].input.value.trim();
    return {
      items: s.items.map((it) => ({ configuration: it.config, note: (it.note || "").trim() })),
      contact: { name: v("name"), email: v("email"), phone: v("phone"), company: v("company") || null, street: v("street"),
        house_number: v("house_number"), postcode: v("postcode"), city: v("city"), country: v("country") },
      message: this._fields.message.input.value.trim(), lang: s.lang,
      privacy: { notice_url: d.privacy_notice_url, notice_version: d.privacy_notice_version, marketing_opt_in: this._marketing.checked },
      website: this._honeypot.value,
    };
  }

  /**
   * What the homeowner sees but the list does not hold: "edit" (a listed window changed and not
   * saved), "new" (a window configured and never added), or null.
   * @returns {"edit" | "new" | null}
   */
  _unsaved() {
    const s = this.s;
    if (!s.dirty) return null;
    return s.editing >= 0 && s.items[s.editing] ? "edit" : "new";
  }

  /**
   * The request holds what the homeowner sees, or we ask first: put the changed window on the
   * list (save the edit, add the new one) and send, or send the list without it.
   */
  _askUnsaved(kind) {
    const t = this.s.t;
    const canAdd = !this._addBtn.disabled;
    put(this._formMsg, h("span", { text: kind === "edit" ? fill(t.unsavedEdit, { n: this.s.editing + 1 }) : t.unsavedNew }),
      h("span", { class: "ask" },
        canAdd ? h("button", { type: "button", class: "btn primary", "data-k": "ask-add",
          text: kind === "edit" ? t.saveSend : t.addSend, onclick: () => this._addThenSend() }) : null,
        h("button", { type: "button", class: "btn second", "data-k": "ask-skip", text: t.sendWithout,
          onclick: () => this._sendWithout() })));
    this._formMsg.hidden = false;
    const first = this._formMsg.querySelector("button");
    if (first) first.focus();
  }

  async _addThenSend() {
    await this._add();
    if (this._unsaved()) {
      this._formAlert(this.s.t.fixErrors, false); // it could not be added (e.g. no valid price)
      return;
    }
    await this._submit();
  }

  _sendWithout() {
    const s = this.s;
    if (s.editing >= 0) this._cancelEdit(); // the listed window stays as it was
    s.dirty = false;
    this._remember();
    return this._submit();
  }

  /**
   * Send the request. One Idempotency-Key per attempt: a retry of the same body (after a network
   * failure or a 5xx) reuses it, so a request that did land is answered again, not stored twice.
   */
  async _submit() {
    const s = this.s;
    const t = s.t;
    if (s.sending || !s.items.length) return;
    const unsaved = this._unsaved();
    if (unsaved) {
      this._askUnsaved(unsaved);
      return;
    }
    s.showErrors = true;
    const bad = this._validateAll();
    if (bad) {
      this._formAlert(t.fixErrors, false);
      bad.focus();
      return;
    }
    const payload = this._payload();
    const print = JSON.stringify(payload);
    if (!s.attempt || s.attempt.print !== print) s.attempt = { print, key: uuid(), token: null, retried: false };
    const att = s.attempt;
    s.sending = true;
    this._sendBtn.disabled = true;
    this._sendBtn.textContent = t.sending;
    this._formAlert("");
    try {
      if (!att.token) att.token = await this._token();
      let res = await this._post(payload, att);
      if (res.status === 422 && this._tokenTrouble(res) && !att.retried) {
        att.retried = true;
        if (Date.now() - s.tokenAt < 10000) await sleep(3500); // too fresh: the server wants it a few seconds old
        else {
          att.token = await this._token(true);
          att.key = uuid();
        }
        res = await this._post(payload, att);
      }
      this._answered(res);
    } catch (err) {
      // No answer at all: keep the attempt (same key, same body) for the retry button.
      this._formAlert(err instanceof NetError ? t.netError : t.serverError, true);
    } finally {
      s.sending = false;
      this._sendBtn.disabled = false;
      this._sendBtn.textContent = t.send;
    }
  }

  _post(payload, att) {
    return call(`${this._base()}/quote-requests`, { method: "POST", headers: { "Idempotency-Key": att.key },
      body: JSON.stringify(Object.assign({}, payload, { form_token: att.token })) });
  }

  _tokenTrouble(res) {
    return Boolean(res.data && Array.isArray(res.data.errors) && res.data.errors.some((e) => e.field === "form_token"));
  }

  _answered(res) {
    const s = this.s;
    const t = s.t;
    if ((res.status === 201 || res.status === 200) && res.data && res.data.reference) {
      s.attempt = null;
      s.token = null; // a form token makes one request: the next one fetches its own
      s.done = res.data;
      this._remember(); // the sent list leaves the fragment
      this._showDone();
      this._emit("venster:submitted", { reference: res.data.reference });
      return;
    }
    if (res.status >= 500) {
      this._formAlert(t.serverError, true);
      return;
    }
    s.attempt = null;
    if (res.status === 422 && res.data && Array.isArray(res.data.errors)) {
      this._serverErrors(res.data.errors);
      return;
    }
    if (res.status === 429) {
      this._formAlert(fill(t.tooMany, { n: Math.max(1, Math.ceil((res.retryAfter || 60) / 60)) }), false);
      return;
    }
    this._formAlert(res.status === 403 ? t.forbidden : t.serverError, res.status !== 403);
  }

  /**
   * Put the server's field errors where they belong: contact fields, list items, or the banner.
   *
   * An error on a field the homeowner cannot change (the dealer's privacy notice, the language) is
   * not theirs to fix: the banner says so in their language, never the API's English words.
   */
  _serverErrors(errors) {
    const s = this.s;
    const t = s.t;
    let general = false;
    let marked = false;
    let first = null;
    s.itemErrors = {};
    for (const e of errors) {
      const m = /^items\[(\d+)\]/.exec(e.field || "");
      const contact = /^contact\.(\w+)$/.exec(e.field || "");
      const name = contact ? contact[1] : e.field === "message" ? "message" : null;
      if (m) {
        s.itemErrors[Number(m[1])] = s.itemErrors[Number(m[1])] || e.message;
        marked = true;
      } else if (name && this._fields[name]) {
        this._showFieldError(name, e.message);
        marked = true;
        if (!first) first = this._fields[name].input;
      } else if (e.field !== "form_token") general = true;
    }
    this._renderList();
    const cannot = general ? fill(t.cannotSend, { dealer: s.doc.dealer.name }) : "";
    this._formAlert([marked || !general ? t.fixErrors : "", cannot].filter(Boolean).join(" "), false);
    if (first) first.focus();
  }
}
