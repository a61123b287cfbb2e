// Checks every transcript.vtt under a site with webvtt-parser (the W3C
// validator's parser: any error or warning fails) and every .srt with
// srt-validator. Prints one line per problem; exits 1 when there is any.
//
//	node .ci/captions.mjs SITE
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(import.meta.dirname, "tools", "package.json"));
const { WebVTTParser } = require("webvtt-parser");
const srtValidator = require("srt-validator").default ?? require("srt-validator");
const entities = JSON.parse(readFileSync(require.resolve("webvtt-parser/html-entities.json"), "utf8"));

const site = process.argv[2];
const problems = [];
let vtt = 0, srt = 0;
for (const entry of readdirSync(site, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = join(entry.parentPath, entry.name);
  if (entry.name.endsWith(".vtt")) {
    vtt++;
    const tree = new WebVTTParser(entities).parse(readFileSync(file, "utf8"), "metadata");
    for (const e of tree.errors) problems.push(`${file}:${e.line}:${e.col}: ${e.message}`);
    if (tree.cues.length === 0) problems.push(`${file}: no cues`);
  } else if (entry.name.endsWith(".srt")) {
    srt++;
    for (const e of srtValidator(readFileSync(file, "utf8")))
      problems.push(`${file}:${e.lineNumber}: ${e.message} (${e.errorCode})`);
  }
}
if (vtt === 0) problems.push(`${site}: no .vtt file`);
if (srt === 0) problems.push(`${site}: no .srt file`);
problems.slice(0, 20).forEach((p) => console.log(p));
if (problems.length > 20) console.log(`(and ${problems.length - 20} more)`);
process.exit(problems.length ? 1 : 0);
