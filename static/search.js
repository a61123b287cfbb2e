// search.js runs the search page (/search/) over the index the generator writes under search/ (see
// the Go package generator/search for the format). It fetches the small manifest, then only the
// dictionary pages and term shards a query names, the episode pages of the results it shows and, with
// Range requests, the parts of the episodes' text files that hold them, and keeps everything it fetched
// for the next query. The query comes from ?q= (the search box on every page submits there) and the
// URL follows the form, so a search can be bookmarked and shared. Plain ES2020, no dependencies.
(() => {
  "use strict";

  const form = document.querySelector("form.search-page");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const speakerSelect = form.querySelector("select[name=speaker]");
  const showSelect = form.querySelector("select[name=show]");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const root = form.dataset.root || "/";
  const pageSize = 5; // results shown at first and per "More results", as Pagefind's UI does

  // kept returns the promise map keeps for key, made by make the first time. A promise that fails is
  // forgotten, so that what failed is tried again next time.
  const kept = (map, key, make) => {
    if (!map.has(key)) {
      const p = make();
      p.catch(() => map.delete(key));
      map.set(key, p);
    }
    return map.get(key);
  };

  // fetched keeps every file fetched, as a promise of its text, so a repeated query fetches nothing.
  const fetched = new Map();
  const fetchText = (path) => kept(fetched, path, () => fetch(root + path).then((r) => {
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.text();
  }));
  // fetchRange returns bytes from..to-1 of the file at path as text, asked for with a Range request.
  // The Fetch standard sends Range with Accept-Encoding: identity, so offsets count stored bytes. A
  // host that ignores Range answers with the whole file, which is then kept and sliced.
  const decoder = new TextDecoder();
  const wholes = new Map(); // path → the bytes of a whole file a host sent instead of a range
  const fetchRange = (path, from, to) => kept(fetched, `${path} bytes=${from}-${to - 1}`, async () => {
    let bytes = wholes.get(path);
    if (!bytes) {
      const r = await fetch(root + path, { headers: { Range: `bytes=${from}-${to - 1}` } });
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      bytes = new Uint8Array(await r.arrayBuffer());
      if (r.status === 206) {
        const range = r.headers.get("Content-Range") || "";
        if (!range.startsWith(`bytes ${from}-${to - 1}/`) || bytes.length !== to - from) {
          throw new Error(`${path}: asked for bytes ${from}-${to - 1}, got ${range || bytes.length}`);
        }
        return decoder.decode(bytes);
      }
      wholes.set(path, bytes);
    }
    return decoder.decode(bytes.subarray(from, to));
  });
  // fanned is generator/search's fanned: shards and text files live in folders named by a hex digit.
  const fanned = (name) => `${name.slice(0, 1)}/${name.slice(1)}`;

  // fold and tokens are generator/search's Fold and Tokenize; the two must agree.
  // ς is σ: toLowerCase makes a word-final Σ ς where Go's ToLower makes it σ.
  const fold = (s) => s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ς/g, "σ");
  const maxTokenLength = 40;
  const tokens = (s, stop) =>
    fold(s).split(/[^\p{L}\p{N}]+/u).filter((t) => t && [...t].length <= maxTokenLength && !stop.has(t));

  // compare orders terms by code point, as Go sorts the shards' UTF-8 bytes.
  const compare = (a, b) => {
    const x = [...a], y = [...b];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  };

  let manifest = null;
  const load = () => {
    if (manifest) return manifest;
    manifest = fetchText("search/index.json").then((text) => {
      const m = JSON.parse(text);
      m.stop = new Set(m.stopwords);
      return m;
    });
    manifest.catch(() => { manifest = null; });
    return manifest;
  };

  // last is the index of the last row whose key is not greater than k (or 0), by binary search.
  const last = (rows, key, k) => {
    let lo = 0, hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (key(rows[mid], k) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  // rows fetches a page of the index once and keeps it split into tab-separated fields.
  const pages = new Map(); // path → promise of rows
  const rows = (path) => kept(pages, path, () => fetchText(path).then((text) =>
    text.split("\n").filter((line) => line).map((line) => line.split("\t"))));

  // readEpisodes reads rows that end in a show and speaker runs ("speaker turns speaker turns ...") as
  // episodes in turn-id order, the first starting at turn id first.
  const readEpisodes = (list, first) => {
    let next = first;
    return list.map((row) => {
      const r = row[row.length - 1];
      const runs = r ? r.split(" ").map(Number) : [];
      const e = { row, show: Number(row[row.length - 2]), runs, start: next };
      for (let i = 1; i < runs.length; i += 2) next += runs[i];
      return e;
    });
  };

  // episodeOf is the episode of list that holds turn id; speakerAt is who spoke turn id of episode e.
  const episodeOf = (list, id) => list[last(list, (e, k) => e.start - k, id)];
  const speakerAt = (e, id) => {
    for (let i = 0, n = e.start; i < e.runs.length; i += 2) {
      n += e.runs[i + 1];
      if (id < n) return e.runs[i];
    }
    return -1;
  };

  // episodes returns the episodes of episode page p, whose rows start with the name of the episode's
  // text file and the length of its head.
  const described = new Map(); // page index → promise of its episodes
  const episodes = (m, p) => kept(described, p, () =>
    rows(`search/p/${m.pages[p][0]}.txt`).then((list) => readEpisodes(list, m.pages[p][1])));

  // locate tells where turn id lives: its show, speaker, text file, the file's head and the turn's
  // line after it.
  const locate = async (m, id) => {
    const e = episodeOf(await episodes(m, last(m.pages, (p, k) => p[1] - k, id)), id);
    return { show: e.show, speaker: speakerAt(e, id), path: `search/e/${fanned(e.row[0])}.txt`,
      head: Number(e.row[1]), line: id - e.start };
  };

  // headOf reads the head of a text file, length bytes: its episode's slug, title and date, and the
  // length of each turn's line in base 36, from which it returns where each line starts and ends.
  const heads = new Map(); // path → promise of the head
  const headOf = (path, length) => kept(heads, path, () => fetchRange(path, 0, length).then((text) => {
    const [episode, lengths] = text.split("\n");
    const starts = [length];
    for (const n of lengths ? lengths.split(" ") : []) starts.push(starts[starts.length - 1] + parseInt(n, 36));
    return { episode: episode.split("\t"), starts };
  }));

  // filters returns, for filtering, a function from turn id to [show, speaker], from the filters file.
  let filterer = null;
  const filters = (m) => {
    if (!filterer) {
      filterer = rows(`search/f/${m.filters}.txt`).then((list) => {
        const all = readEpisodes(list, 0);
        return (id) => {
          const e = episodeOf(all, id);
          return [e.show, speakerAt(e, id)];
        };
      });
      filterer.catch(() => { filterer = null; });
    }
    return filterer;
  };

  // shardsOf returns the shards listed by the dictionary page a term would be on: [first term, name].
  const shardsOf = async (m, term) =>
    rows(`search/d/${m.dict[last(m.dict, (d, t) => compare(d[0], t), term)][1]}.txt`);

  const shards = new Map(); // shard name → promise of a Map term → postings text
  const shard = (name) => kept(shards, name, () => fetchText(`search/t/${fanned(name)}.txt`).then((text) => {
    const terms = new Map();
    for (const line of text.split("\n")) {
      const tab = line.indexOf("\t");
      if (tab > 0) terms.set(line.slice(0, tab), line.slice(tab + 1));
    }
    return terms;
  }));

  // postings decodes a term's postings into a map of turn id → weight (1..35).
  const postings = (text) => {
    const out = new Map();
    let id = 0;
    for (const p of text.split(" ")) {
      id += parseInt(p.slice(1), 36);
      out.set(id, parseInt(p[0], 36));
    }
    return out;
  };

  // matches returns the turns holding term, and with prefix also those holding the most frequent
  // longer words that start with it in the same shard, weighted down so an exact match ranks first.
  const maxExpansions = 8;
  const matches = async (m, term, prefix) => {
    if (!m.dict.length) return new Map(); // an archive without words
    const list = await shardsOf(m, term);
    const i = last(list, (s, t) => compare(s[0], t), term);
    const first = await shard(list[i][1]);
    const out = first.has(term) ? postings(first.get(term)) : new Map();
    if (!prefix) return out;
    const longer = [];
    for (const [t, text] of first) {
      if (t !== term && t.startsWith(term)) longer.push([t, text]);
    }
    longer.sort((a, b) => b[1].length - a[1].length);
    for (const [, text] of longer.slice(0, maxExpansions)) {
      for (const [id, w] of postings(text)) out.set(id, Math.max(out.get(id) || 0, w / 2));
    }
    return out;
  };

  // query returns the matching turn ids, best first, and the terms to highlight, or null when there
  // is nothing to look up yet. While the user is typing, the last word also matches longer words it
  // begins, once it has minPrefix characters; until then it is left out.
  const minPrefix = 3;
  const query = async (m, q, speaker, show, typing) => {
    let terms = [...new Set(tokens(q, m.stop))];
    typing = typing && !/\s$/.test(q);
    if (typing && terms.length && [...terms[terms.length - 1]].length < minPrefix) terms = terms.slice(0, -1);
    if (!terms.length) return typing && q.trim() ? null : { ids: [], terms };
    const lists = await Promise.all(terms.map((t, i) => matches(m, t, typing && i === terms.length - 1)));
    const order = lists.map((_, i) => i).sort((a, b) => lists[a].size - lists[b].size);
    const idf = lists.map((l) => Math.log(1 + (m.turns - l.size + 0.5) / (l.size + 0.5)));
    const scores = [];
    for (const [id] of lists[order[0]]) {
      let score = 0;
      let all = true;
      for (const i of order) {
        const w = lists[i].get(id);
        if (w === undefined) { all = false; break; }
        score += idf[i] * w;
      }
      if (all) scores.push([id, score]);
    }
    let ids = scores.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map((s) => s[0]);
    if ((speaker >= 0 || show >= 0) && ids.length) {
      const of = await filters(m);
      ids = ids.filter((id) => {
        const [sh, sp] = of(id);
        return (speaker < 0 || sp === speaker) && (show < 0 || sh === show);
      });
    }
    return { ids, terms, prefix: typing ? terms[terms.length - 1] : null };
  };

  // turn fetches the line of turn id from its episode's text file and returns what a result shows.
  const turn = async (m, id) => {
    const at = await locate(m, id);
    const head = await headOf(at.path, at.head);
    const [slug, title, date] = head.episode;
    const line = await fetchRange(at.path, head.starts[at.line], head.starts[at.line + 1]);
    const [anchor, time, text] = line.replace(/\n$/, "").split("\t");
    return { slug, title, date, anchor, time, text, speaker: m.speakers[at.speaker] || "" };
  };

  // excerpt appends to el about 200 characters of text around the first query term, each term in
  // <mark>. Words are matched after folding, so "cafe" marks "Café".
  const excerptLength = 200;
  const excerpt = (el, text, terms, prefix) => {
    const hit = (word) => {
      const f = fold(word);
      return terms.includes(f) || (prefix && f.startsWith(prefix));
    };
    const words = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
    const first = words.find((w) => hit(w[0]));
    let from = 0;
    if (first && first.index > excerptLength / 3) {
      from = text.lastIndexOf(" ", first.index - excerptLength / 3) + 1;
    }
    let to = Math.min(text.length, from + excerptLength);
    if (to < text.length) to = Math.max(text.lastIndexOf(" ", to), first ? first.index + first[0].length : to);
    if (from > 0) el.append("… ");
    let at = from;
    for (const w of words) {
      if (w.index < from || w.index + w[0].length > to || !hit(w[0])) continue;
      el.append(text.slice(at, w.index));
      const mark = document.createElement("mark");
      mark.textContent = w[0];
      el.append(mark);
      at = w.index + w[0].length;
    }
    el.append(text.slice(at, to));
    if (to < text.length) el.append(" …");
  };

  const item = (r, found) => {
    const li = document.createElement("li");
    li.className = "turn-ref search-result";
    const a = document.createElement("a");
    a.href = `${root}episodes/${r.slug}/#${r.anchor}`;
    const time = document.createElement("span");
    time.className = "time";
    time.textContent = r.time;
    const body = document.createElement("span");
    body.className = "result-body";
    const head = document.createElement("span");
    head.className = "result-head";
    const who = document.createElement("strong");
    who.textContent = r.speaker || "Unattributed";
    const title = document.createElement("cite");
    title.textContent = r.title;
    head.append(who, " in ", title);
    const words = document.createElement("span");
    words.className = "excerpt";
    excerpt(words, r.text, found.terms, found.prefix);
    body.append(head, document.createElement("br"), words);
    a.append(time, body);
    li.append(a);
    return li;
  };

  let found = null; // the last query's result
  let shown = 0;
  let generation = 0; // a newer query supersedes an older one still fetching

  const showMore = async (gen) => {
    const m = await load();
    const ids = found.ids.slice(shown, shown + pageSize);
    const results = await Promise.all(ids.map((id) => turn(m, id)));
    if (gen !== generation) return;
    for (const r of results) list.append(item(r, found));
    shown += ids.length;
    if (more) more.hidden = shown >= found.ids.length;
  };

  const describe = (n, q) => {
    if (!q.trim()) return "";
    if (n === 0) return `No turns match “${q.trim()}”.`;
    return `${n === 1 ? "One turn matches" : `${n} turns match`} “${q.trim()}”.`;
  };

  const run = async (typing) => {
    const gen = ++generation;
    const q = input.value;
    syncURL();
    try {
      const m = await load();
      const speaker = speakerSelect && speakerSelect.value ? m.speakers.indexOf(speakerSelect.value) : -1;
      const show = showSelect && showSelect.value ? m.shows.indexOf(showSelect.value) : -1;
      const result = await query(m, q, speaker, show, typing === true);
      if (gen !== generation || !result) return; // typing: too short to look up yet
      found = result;
      shown = 0;
      list.replaceChildren();
      if (more) more.hidden = true;
      await showMore(gen);
      if (gen === generation) status.textContent = describe(found.ids.length, q);
    } catch (err) {
      if (gen === generation) status.textContent = `Search could not load its index (${err.message}).`;
    }
  };

  const syncURL = () => {
    const url = new URL(location.href);
    for (const [name, value] of [["q", input.value], ["speaker", speakerSelect && speakerSelect.value],
      ["show", showSelect && showSelect.value]]) {
      if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
    }
    history.replaceState(null, "", url);
  };

  const fillSelect = (select, names, chosen) => {
    if (!select) return;
    for (const name of names) select.append(new Option(name, name, false, name === chosen));
  };

  // The filters need the manifest; they stay hidden until it has filled them.
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  load().then((m) => {
    fillSelect(speakerSelect, m.speakers, params.get("speaker"));
    fillSelect(showSelect, m.shows, params.get("show"));
    const filters = form.querySelector(".filters");
    if (filters) filters.hidden = false;
    if (input.value.trim()) run();
  }).catch((err) => { status.textContent = `Search could not load its index (${err.message}).`; });

  // typingPause is how long typing must stop before the query runs: 300 ms, as in Pagefind's UI, so
  // a word typed at an ordinary pace is looked up once, not letter by letter.
  const typingPause = 300;
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, typingPause, true);
  });
  for (const select of [speakerSelect, showSelect]) if (select) select.addEventListener("change", () => run());
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    run();
  });
  if (more) more.addEventListener("click", () => showMore(generation));

  // Arrow keys move between the search box and the results; Tab works as always.
  form.parentElement.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
    const links = Array.from(list.querySelectorAll("a"));
    const at = links.indexOf(document.activeElement);
    if (at < 0 && document.activeElement !== input) return;
    ev.preventDefault();
    const next = ev.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) input.focus();
    else if (next < links.length) links[next].focus();
  });
})();
