// Bundles widget/src (ES modules) into the one script the server serves: widget/dist/venster.js,
// an IIFE (the embed snippet is a classic `<script async>`), minified. `make widget` runs it;
// tests/test_widget_build.py runs it into a temporary file and compares the bytes with dist.
//
//   node widget/build.mjs [outfile]     (default: widget/dist/venster.js)
import { build } from "esbuild";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = resolve(process.argv[2] || resolve(here, "dist", "venster.js"));

await build({
  entryPoints: [resolve(here, "src", "index.js")],
  outfile,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  charset: "utf8",
  legalComments: "none",
  loader: { ".css": "text" },
  // The modules were strict; the script stays so ("use strict" applies to this script only).
  banner: { js: '/*! venster — the <venster-configurator> custom element. Built from widget/src; see widget/ARCHITECTURE.md. */\n"use strict";' },
  tsconfigRaw: "{}", // the build reads no tsconfig.json (that one is for the type check only)
  logLevel: "warning",
});
