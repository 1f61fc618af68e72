/** Constants the widget's parts share: languages, countries, timings and limits. */

export const TAG = "venster-configurator";
export const LANGS = ["nl", "en", "de"];
/** @type {Record<string, string>} */
export const LOCALES = { nl: "nl-NL", en: "en-GB", de: "de-DE" };
export const COUNTRIES = ["NL", "BE", "DE", "LU", "FR", "AT", "CH", "GB", "DK", "PL", "ES", "IT"];
/** @type {Record<string, string>} */
export const DEFAULT_COUNTRY = { nl: "NL", en: "NL", de: "DE" };
/** A country's postcode pattern and an example for the message. @type {Record<string, [RegExp, string]>} */
export const POSTCODES = { NL: [/^[1-9][0-9]{3} ?[A-Z]{2}$/, "1234 AB"], BE: [/^[1-9][0-9]{3}$/, "1000"], DE: [/^[0-9]{5}$/, "10115"] };
export const DEBOUNCE_MS = 150;
export const SVG_NS = "http://www.w3.org/2000/svg";
export const MAX_ITEMS = 50;
