/**
 * The API is wherever this script came from. `document.currentScript` is only set while the
 * script runs, so this module is evaluated once, at load (the bundle runs every module then).
 */

/** @type {string} */
export const ORIGIN = (() => {
  const me = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  try {
    return new URL(me && me.src ? me.src : location.href).origin;
  } catch (e) {
    return location.origin;
  }
})();

/**
 * The page's own origin, exactly as a dealer lists it in `allowed_origins` (what to add when
 * the server refuses this page).
 * @returns {string}
 */
export function pageOrigin() {
  return location.origin;
}
