/*
 * venster: the <venster-configurator> custom element (see widget/ARCHITECTURE.md). The bundle's
 * entry: defines the element once per page, however often the script is included.
 */

import { TAG } from "./constants.js";
import { ORIGIN } from "./origin.js";
import { inchText, parseLength } from "./units.js";
import { VensterConfigurator } from "./element.js";

if (typeof window !== "undefined" && window.customElements && !customElements.get(TAG)) {
  const Element = /** @type {any} */ (VensterConfigurator);
  // Test hooks for the unit parsers (pure functions; no state).
  Element.parseLength = parseLength;
  Element.inchText = inchText;
  Element.origin = ORIGIN;
  customElements.define(TAG, Element);
}
