// Bundles widget/src (ES modules) into the one script the server serves: widget/dist/venster.js,
// an IIFE (the embed snippet is a classic `<script async>`), minified. `make widget` runs it;
// tests/test_widget_build.py runs it into a temporary file and compares the bytes with dist.
//
//   node widget/build.mjs [outfile]     (default: widget/dist/venster.js)
import { build, transform } from "esbuild";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = resolve(process.argv[2] || resolve(here, "dist", "venster.js"));

// The stylesheet goes in as text (the shadow root adopts it as a string), minified by esbuild's
// own CSS minifier first: comments and spacing would otherwise be a third of it on the wire.
const minifiedCss = {
  name: "minified-css-text",
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const { code } = await transform(source, { loader: "css", minify: true, target: "chrome90", charset: "utf8" });
      return { contents: code.trim(), loader: "text" };
    });
  },
};

await build({
  entryPoints: [resolve(here, "src", "index.js")],
  outfile,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  charset: "utf8",
  legalComments: "none",
  plugins: [minifiedCss],
  // The modules were strict; the script stays so ("use strict" applies to this script only).
  banner: { js: '/*! venster — the <venster-configurator> custom element. Built from widget/src; see widget/ARCHITECTURE.md. */\n"use strict";' },
  tsconfigRaw: "{}", // the build reads no tsconfig.json (that one is for the type check only)
  logLevel: "warning",
});
