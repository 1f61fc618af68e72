/** HTTP: only ever to ORIGIN, never with cookies; failures come back as values, not throws. */

import { ORIGIN } from "./origin.js";

/** No answer at all (offline, DNS, CORS refused): shown as "the server could not be reached". */
export class NetError extends Error {}

/**
 * @typedef {{status: number, data: any, retryAfter: number}} Answer
 */

/**
 * A request to the widget's own server; the JSON answer (or null) with its status, whatever the status.
 * Throws only NetError (no answer) and AbortError (aborted by the caller).
 * @param {string} path
 * @param {{method?: string, body?: string, headers?: Record<string, string>, signal?: AbortSignal}} [opts]
 * @returns {Promise<Answer>}
 */
export async function call(path, opts) {
  const o = opts || {};
  const headers = Object.assign(o.body != null ? { "Content-Type": "application/json" } : {}, o.headers || {});
  let res;
  try {
    res = await fetch(ORIGIN + path, { method: o.method || "GET", headers, body: o.body, signal: o.signal,
      credentials: "omit", mode: "cors", referrerPolicy: "strict-origin-when-cross-origin" });
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new NetError(String(err));
  }
  let data = null;
  try {
    data = await res.json();
  } catch (e) {
    data = null;
  }
  return { status: res.status, data, retryAfter: Number(res.headers.get("Retry-After")) || 0 };
}

/**
 * Only drawings on our own origin are fetched: the page must talk to no other host.
 * @param {string} path
 * @returns {string | null} the absolute URL, or null for another origin or a malformed URL
 */
export function ownUrl(path) {
  try {
    const u = new URL(path, ORIGIN);
    return u.origin === ORIGIN ? u.href : null;
  } catch (e) {
    return null;
  }
}

/**
 * Why the server refused to serve this page at all, from an error answer the CORS layer made
 * readable: "not-linked" (403: the page's origin is not in the dealer's `allowed_origins`),
 * "unknown-dealer" (404), or null for anything else (an outage, a 5xx: worth a retry).
 * @param {Answer | null} res
 * @returns {"not-linked" | "unknown-dealer" | null}
 */
export function refusal(res) {
  if (!res) return null;
  if (res.status === 403) return "not-linked";
  if (res.status === 404) return "unknown-dealer";
  return null;
}
