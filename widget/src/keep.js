/**
 * Keeping the list across a reload: the whole list and the window being configured (never the
 * contact details) in the page's fragment under the widget's own key (fragment.js), written with
 * `history.replaceState`, so no history entry per click, no hashchange for a host page's router,
 * no cookies and no storage.
 */

import { Part } from "./part.js";
import { decodeSaved, encodeSaved, readPart, withPart } from "./fragment.js";
import { guard, h } from "./dom.js";

/** Writes are gathered: browsers throttle replaceState, and typing should not hit it per key. */
const KEEP_MS = 200;

export class Keeping extends Part {
  /** What the fragment keeps: the list, the window being configured, what is being edited. */
  _saved() {
    const s = this.s;
    return { items: s.items.map((it) => ({ config: it.config, note: it.note || "" })), current: s.config,
      editing: s.editing, dirty: Boolean(s.dirty) };
  }

  /** Keep the current state in the fragment soon. */
  _remember() {
    clearTimeout(this._keepTimer);
    this._keepTimer = setTimeout(guard(() => this._writeFragment()), KEEP_MS);
  }

  _writeFragment() {
    const s = this.s;
    if (!s || !s.config || !s.dealer) return;
    // Once sent, a reload must not bring the sent list back (and invite a second request).
    const value = s.done ? null : encodeSaved(this._saved());
    const hash = withPart(location.hash, s.dealer, value);
    if (hash === location.hash) return;
    try {
      history.replaceState(history.state, "", `${location.pathname}${location.search}${hash}`);
    } catch (e) {
      // A sandboxed frame may refuse: the list just is not kept.
    }
  }

  /**
   * The list and window from the fragment, or null. A part we cannot open (unknown ids, too
   * large, malformed) is not shown or echoed: `_linkBad` makes the widget say so once.
   * @returns {import("./fragment.js").Saved | null}
   */
  _restore() {
    const value = readPart(location.hash, this.s.dealer);
    if (value == null) return null;
    const out = decodeSaved(value, this.s.doc.products);
    if (!out.ok) {
      this._linkBad = true;
      return null;
    }
    return out.saved;
  }

  /** Say once, in the widget's language, that the link could not be opened. */
  _sayLinkBad() {
    if (!this._linkBad || !this._vs) return;
    this._linkBad = false;
    this._vs.prepend(h("div", { class: "alert", role: "alert", "data-k": "bad-link", text: this.s.t.badLink }));
  }
}
