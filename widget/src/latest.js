/**
 * Which answer may be shown: every change of what the homeowner asked for gets a new revision;
 * an answer is applied only when it was asked for the latest revision, so an older answer
 * arriving late (slow network, during the debounce) never reverts a newer choice. Pure.
 */

export class Latest {
  constructor() {
    /** The revision of the newest state. */
    this.rev = 0;
  }

  /**
   * The state changed: a new revision; answers asked for older ones are now stale.
   * @returns {number}
   */
  changed() {
    return ++this.rev;
  }

  /**
   * Whether an answer asked at revision `rev` is for the newest state.
   * @param {number} rev
   * @returns {boolean}
   */
  current(rev) {
    return rev === this.rev;
  }
}

/**
 * What the price card may offer: while the last evaluation failed, the price and drawing shown
 * are for an older state (out of date) and that window cannot be added.
 * @param {{ev?: any, evalErr?: any}} s
 * @returns {{stale: boolean, canAdd: boolean}}
 */
export function shownState(s) {
  const stale = Boolean(s.evalErr);
  return { stale, canAdd: Boolean(s.ev && s.ev.valid) && !stale };
}
