// Searches a site that Pagefind has indexed (its bundle in SITE/pagefind/)
// with Pagefind's own pagefind.js, to show that a user who prefers Pagefind
// can run it on our output unchanged (issue 5): QUERY finds pages, some of
// its sub-results are turns (url ending in #t-…, titled "Speaker m:ss", from
// the turn headings), every h3 Pagefind records on an episode page is a turn
// heading, and the speaker and show filters have values. Prints one line per
// problem and a summary; exits 1 when there is any problem.
//
//	node .ci/pagefind-check.mjs SITE QUERY
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join, normalize } from "node:path";
import { pathToFileURL } from "node:url";

const [site, query] = process.argv.slice(2);
const turnId = /^t-[\w-]+$/;
const turnTitle = /^\S.* \d+:\d\d(:\d\d)?$/; // "Mara Okafor 12:34", "Ann 1:02:03"

// pagefind.js fetches its index relative to basePath, and Node's fetch
// reads no file: URLs, so the bundle is served over HTTP.
const bundle = join(site, "pagefind");
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  try {
    res.end(await readFile(join(bundle, path)));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

const problems = [];
let pages = 0, subs = 0, turns = 0, filters = {};
try {
  const pf = await import(pathToFileURL(join(bundle, "pagefind.js")));
  await pf.options({ basePath: `http://127.0.0.1:${server.address().port}/` });
  await pf.init();
  const search = await pf.search(query);
  pages = search.results.length;
  if (pages === 0) problems.push(`no page matches "${query}"`);
  for (const result of search.results) {
    const page = await result.data();
    if (page.url.startsWith("/episodes/"))
      for (const a of page.anchors)
        if (a.element === "h3" && !(turnId.test(a.id) && turnTitle.test(a.text)))
          problems.push(`${page.url}#${a.id}: an h3 that is not a turn heading: "${a.text}" (want id t-…, text "Speaker m:ss")`);
    for (const sub of page.sub_results) {
      subs++;
      const id = sub.url.split("#")[1];
      if (sub.anchor && turnId.test(id ?? "") && turnTitle.test(sub.title)) turns++;
    }
  }
  if (pages > 0 && turns === 0)
    problems.push(`no sub-result is a turn (url #t-…, title "Speaker m:ss"): Pagefind makes one for each heading with an id, so each turn's h3 needs its anchor`);
  filters = await pf.filters();
  for (const name of ["speaker", "show"])
    if (Object.keys(filters[name] ?? {}).length === 0)
      problems.push(`no values for the ${name} filter (data-pagefind-filter="${name}")`);
} catch (e) {
  problems.push(`pagefind.js: ${e.message}`);
} finally {
  server.close();
}

const counts = Object.entries(filters).map(([name, values]) => `${name} ${Object.keys(values).length}`);
console.log(`query "${query}": ${pages} pages, ${subs} sub-results, ${turns} of them turns; filters: ${counts.join(", ") || "none"}`);
problems.slice(0, 20).forEach((p) => console.log(p));
if (problems.length > 20) console.log(`(and ${problems.length - 20} more)`);
process.exit(problems.length ? 1 : 0);
