// search.js runs the search page (/search/) over the index the generator writes under search/ (see
// the Go package generator/search for the format). It fetches the small manifest, then only the
// dictionary pages and term shards a query names, the episode pages of the results it shows and, with
// Range requests, the parts of the episodes' text files that hold them, and keeps everything it fetched
// for the next query. A term's postings name turns and, apart, meta entries: episodes (found by title,
// show, description, chapters, speakers) and speakers (by name, role), which are shown first. The query comes from ?q= (the search box on every page submits there) and the
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
  const speakerSection = document.getElementById("search-speakers");
  const speakerList = speakerSection && speakerSection.querySelector("ul");
  const episodeSection = document.getElementById("search-episodes");
  const episodeList = episodeSection && episodeSection.querySelector("ol");
  const moreEpisodes = document.getElementById("search-more-episodes");
  const turnSection = document.getElementById("search-turns");
  const root = form.dataset.root || "/";
  const pageSize = 5; // turns shown at first and per "More turns", as Pagefind's UI does
  // Speakers and episodes come three at a time: each costs a fetch or two as a turn does, and the
  // turns below them should still show on the first screen.
  const metaPageSize = 3;

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

  // filters returns, for filtering, from the filters file: turn, from turn id to [show, speaker];
  // show, from episode index to its show; speaks, whether episode i has turns by speaker k; and
  // speaksOn, whether speaker k has turns in an episode of show.
  let filterer = null;
  const filters = (m) => {
    if (!filterer) {
      filterer = rows(`search/f/${m.filters}.txt`).then((list) => {
        const all = readEpisodes(list, 0);
        const speaks = (i, k) => all[i].runs.some((sp, j) => j % 2 === 0 && sp === k);
        return {
          turn: (id) => {
            const e = episodeOf(all, id);
            return [e.show, speakerAt(e, id)];
          },
          show: (i) => all[i].show,
          speaks,
          speaksOn: (k, show) => all.some((e, i) => e.show === show && speaks(i, k)),
        };
      });
      filterer.catch(() => { filterer = null; });
    }
    return filterer;
  };

  // shardsOf returns the shards listed by the dictionary page a term would be on: [first term, name].
  const shardsOf = async (m, term) =>
    rows(`search/d/${m.dict[last(m.dict, (d, t) => compare(d[0], t), term)][1]}.txt`);

  // A shard's line is "term<TAB>turn postings", then "<TAB>meta postings" when meta entries hold it.
  const shards = new Map(); // shard name → promise of a Map term → [turn postings text, meta postings text]
  const shard = (name) => kept(shards, name, () => fetchText(`search/t/${fanned(name)}.txt`).then((text) => {
    const terms = new Map();
    for (const line of text.split("\n")) {
      const [term, turns, meta] = line.split("\t");
      if (term && turns !== undefined) terms.set(term, [turns, meta || ""]);
    }
    return terms;
  }));

  // postings decodes postings into a map of id → weight (1..35).
  const postings = (text) => {
    const out = new Map();
    let id = 0;
    for (const p of text ? text.split(" ") : []) {
      id += parseInt(p.slice(1), 36);
      out.set(id, parseInt(p[0], 36));
    }
    return out;
  };
  // both decodes a term's two fields: its turns' postings and its meta entries'.
  const both = (fields) => ({ turns: postings(fields[0]), meta: postings(fields[1]) });

  // matches returns the turns and the meta entries holding term ({turns, meta}, maps of id → weight),
  // and with prefix also those holding the most frequent longer words that start with it in the same
  // shard, weighted down so an exact match ranks first.
  const maxExpansions = 8;
  const matches = async (m, term, prefix) => {
    if (!m.dict.length) return both(["", ""]); // an archive without words
    const list = await shardsOf(m, term);
    const i = last(list, (s, t) => compare(s[0], t), term);
    const first = await shard(list[i][1]);
    const out = both(first.get(term) || ["", ""]);
    if (!prefix) return out;
    const longer = [];
    for (const [t, fields] of first) {
      if (t !== term && t.startsWith(term)) longer.push(fields);
    }
    longer.sort((a, b) => b[0].length + b[1].length - a[0].length - a[1].length);
    for (const fields of longer.slice(0, maxExpansions)) {
      const more = both(fields);
      for (const kind of ["turns", "meta"]) {
        for (const [id, w] of more[kind]) out[kind].set(id, Math.max(out[kind].get(id) || 0, w / 2));
      }
    }
    return out;
  };

  // ranked returns the ids found in every one of lists (maps of id → weight), best first by BM25's
  // sum of idf × weight, where n is how many ids there are in all.
  const ranked = (lists, n) => {
    const order = lists.map((_, i) => i).sort((a, b) => lists[a].size - lists[b].size);
    const idf = lists.map((l) => Math.log(1 + (n - l.size + 0.5) / (l.size + 0.5)));
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
    return scores.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map((s) => s[0]);
  };

  // query returns the matching turn ids, best first, and the terms to highlight, or null when there
  // is nothing to look up yet. While the user is typing, the last word also matches longer words it
  // begins, once it has minPrefix characters; until then it is left out.
  const minPrefix = 3;
  const query = async (m, q, speaker, show, typing) => {
    let terms = [...new Set(tokens(q, m.stop))];
    typing = typing && !/\s$/.test(q);
    if (typing && terms.length && [...terms[terms.length - 1]].length < minPrefix) terms = terms.slice(0, -1);
    if (!terms.length) return typing && q.trim() ? null : { ids: [], episodes: [], speakers: [], terms };
    const lists = await Promise.all(terms.map((t, i) => matches(m, t, typing && i === terms.length - 1)));
    let ids = ranked(lists.map((l) => l.turns), m.turns);
    const meta = ranked(lists.map((l) => l.meta), m.episodes + m.speakers.length);
    let episodes = meta.filter((id) => id < m.episodes);
    let speakers = meta.filter((id) => id >= m.episodes).map((id) => id - m.episodes);
    if ((speaker >= 0 || show >= 0) && ids.length + meta.length) {
      const of = await filters(m);
      ids = ids.filter((id) => {
        const [sh, sp] = of.turn(id);
        return (speaker < 0 || sp === speaker) && (show < 0 || sh === show);
      });
      episodes = episodes.filter((i) => (show < 0 || of.show(i) === show) && (speaker < 0 || of.speaks(i, speaker)));
      speakers = speakers.filter((k) => (speaker < 0 || k === speaker) && (show < 0 || of.speaksOn(k, show)));
    }
    return { ids, episodes, speakers, terms, prefix: typing ? terms[terms.length - 1] : null };
  };

  // turn fetches the line of turn id from its episode's text file and returns what a result shows,
  // with who spoke it from their people page, for their face. A face that fails to load is left out.
  const turn = async (m, id) => {
    const at = await locate(m, id);
    const who = at.speaker >= 0 ? person(m, at.speaker).catch(() => null) : null;
    const head = await headOf(at.path, at.head);
    const [slug, title, date] = head.episode;
    const line = await fetchRange(at.path, head.starts[at.line], head.starts[at.line + 1]);
    const [anchor, time, text] = line.replace(/\n$/, "").split("\t");
    return { slug, title, date, anchor, time, text, speaker: m.speakers[at.speaker] || "", who: await who };
  };

  // episode fetches what episode i's result shows: its row of its episode page, the head of its text
  // file and the file's last line, "description<TAB>anchor<TAB>chapter title<TAB>…".
  const episode = async (m, i) => {
    const e = (await episodes(m, Math.floor(i / m.episodePage)))[i % m.episodePage];
    const path = `search/e/${fanned(e.row[0])}.txt`;
    const head = await headOf(path, Number(e.row[1]));
    const [slug, title, date] = head.episode;
    const end = head.starts.length - 1;
    const line = await fetchRange(path, head.starts[end - 1], head.starts[end]);
    const [description, ...rest] = line.replace(/\n$/, "").split("\t");
    const chapters = [];
    for (let k = 0; k + 1 < rest.length; k += 2) chapters.push({ anchor: rest[k], title: rest[k + 1] });
    const speakers = [...new Set(e.runs.filter((k, j) => j % 2 === 0 && k >= 0))].map((k) => m.speakers[k]);
    return { slug, title, date, show: m.shows[e.show] || "", description, chapters, speakers };
  };

  // person fetches what speaker k's result shows from their people page, peoplePage speakers a page,
  // a line each: "slug<TAB>role<TAB>episodes<TAB>colour<TAB>initials<TAB>avatar".
  const person = async (m, k) => {
    const page = await rows(`search/s/${m.people[Math.floor(k / m.peoplePage)]}.txt`);
    const [slug, role, count, color, initials, avatar] = page[k % m.peoplePage];
    return { name: m.speakers[k], slug, role, episodes: Number(count), color, initials, avatar: avatar || "" };
  };

  // webURL is src if it is an address of the web (http or https, or relative to this page), else "": the
  // generator writes only those (render.SafeURL), and a picture is never given another scheme here.
  const webURL = (src) => {
    try {
      return src && /^https?:$/.test(new URL(src, location.href).protocol) ? src : "";
    } catch {
      return "";
    }
  };

  // face is a speaker's face as the pages draw it (render/avatar.go), px pixels wide and high: their
  // picture, with empty alternative text since the name is beside it, loaded as it scrolls in; else
  // their initials, which the stylesheet draws in a disc of their colour and no screen reader reads.
  const face = (p, px) => {
    const color = p.color ? ` c${p.color}` : "";
    const src = webURL(p.avatar);
    if (!src) {
      const disc = make("span", "avatar" + color);
      disc.dataset.i = p.initials || "";
      return disc;
    }
    const img = make("img", "avatar" + color);
    img.alt = "";
    img.width = img.height = px;
    img.loading = "lazy";
    img.decoding = "async";
    img.src = src;
    return img;
  };
  // The sizes of faces: on a turn result as on the episode's turns, on a speaker result as on the
  // speakers page.
  const turnFace = 28, personFace = 40;

  // excerpt appends to el about length characters of text around the first query term, each term in
  // <mark>. Words are matched after folding, so "cafe" marks "Café".
  const excerptLength = 200;
  const hitter = (found) => (word) => {
    const f = fold(word);
    return found.terms.includes(f) || (found.prefix && f.startsWith(found.prefix));
  };
  const excerpt = (el, text, found, length = excerptLength) => {
    const hit = hitter(found);
    const words = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
    const first = words.find((w) => hit(w[0]));
    let from = 0;
    if (first && first.index > length / 3) {
      from = text.lastIndexOf(" ", first.index - length / 3) + 1;
    }
    let to = Math.min(text.length, from + length);
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
  const marks = (text, found) => [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].some((w) => hitter(found)(w[0]));

  const make = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  };

  // markQuery is what a result's link adds for the episode page to mark the query's words in the turn
  // or chapter it lands on (verbatim.js): ?mark= and the words, a prefix typed ending in "*".
  const markQuery = (found) =>
    "?" + new URLSearchParams({ mark: found.terms.map((t) => (t === found.prefix ? t + "*" : t)).join(" ") });

  const turnItem = (r, found) => {
    const li = make("li", "turn-ref search-result");
    const a = make("a");
    a.href = `${root}episodes/${r.slug}/${markQuery(found)}#${r.anchor}`;
    const body = make("span", "result-body");
    const head = make("span", "result-head" + (r.who && r.who.color ? ` c${r.who.color}` : ""));
    if (r.who) head.append(face(r.who, turnFace));
    head.append(make("strong", "", r.speaker || "Unattributed"), " in ", make("cite", "", r.title));
    const words = make("span", "excerpt");
    excerpt(words, r.text, found);
    body.append(head, document.createElement("br"), words);
    a.append(make("span", "time", r.time), body);
    li.append(a);
    return li;
  };

  // dateFormat writes an episode's date as its page does: "March 1, 2024".
  const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });
  const dateOf = (date) => {
    const time = make("time", "", dateFormat.format(new Date(date + "T00:00:00Z")));
    time.dateTime = date;
    return time;
  };

  // An episode result: its title, show and date, the speakers the query names, and the line of its
  // description that holds the query's words or else the chapter whose title does, to which it then
  // links.
  const episodeItem = (r, found) => {
    const li = make("li", "search-episode");
    const a = make("a");
    const chapter = !marks(r.description, found) && r.chapters.find((c) => marks(c.title, found));
    a.href = `${root}episodes/${r.slug}/` + (chapter ? `${markQuery(found)}#${chapter.anchor}` : "");
    const title = make("cite", "result-title");
    excerpt(title, r.title, found, Infinity);
    const meta = make("span", "result-meta");
    if (r.show) meta.append(make("span", "show", r.show));
    if (r.show && r.date) meta.append(" · ");
    if (r.date) meta.append(dateOf(r.date));
    const named = r.speakers.filter((name) => marks(name, found));
    if (named.length) {
      if (meta.childNodes.length) meta.append(" · ");
      meta.append("with ");
      named.forEach((name, i) => {
        if (i) meta.append(", ");
        excerpt(meta, name, found, Infinity);
      });
    }
    a.append(title);
    if (meta.childNodes.length) a.append(meta);
    if (chapter || r.description) {
      const words = make("span", "excerpt");
      if (chapter) words.append("Chapter: ");
      excerpt(words, chapter ? chapter.title : r.description, found, chapter ? Infinity : 160);
      a.append(words);
    }
    li.append(a);
    return li;
  };

  // A speaker result: their face, name, role and how many episodes they are in, linked to their page.
  const speakerItem = (r, found) => {
    const li = make("li", "search-person");
    const a = make(r.slug ? "a" : "span", "search-person-link");
    if (r.slug) a.href = `${root}speakers/${r.slug}/`;
    const who = make("span", "who");
    const name = make("strong");
    excerpt(name, r.name, found, Infinity);
    const about = make("span", "role");
    if (r.role) excerpt(about, r.role, found, Infinity);
    if (r.role) about.append(" · ");
    about.append(r.episodes === 1 ? "1 episode" : `${r.episodes} episodes`);
    who.append(name, about);
    a.append(face(r, personFace), who);
    li.append(a);
    return li;
  };

  // Each kind of result has its section, shown when it has results, size at a time.
  const kinds = [
    { key: "speakers", section: speakerSection, list: speakerList, more: document.getElementById("search-more-speakers"),
      fetch: person, item: speakerItem, size: metaPageSize },
    { key: "episodes", section: episodeSection, list: episodeList, more: moreEpisodes, fetch: episode, item: episodeItem,
      size: metaPageSize },
    { key: "ids", section: turnSection, list, more, fetch: turn, item: turnItem, size: pageSize },
  ].filter((k) => k.list);
  const shown = new Map(); // kind → results shown

  let found = null; // the last query's result
  let generation = 0; // a newer query supersedes an older one still fetching

  const showMore = async (kind, gen) => {
    const m = await load();
    const from = shown.get(kind) || 0;
    const ids = found[kind.key].slice(from, from + kind.size);
    const results = await Promise.all(ids.map((id) => kind.fetch(m, id)));
    if (gen !== generation) return;
    for (const r of results) kind.list.append(kind.item(r, found));
    shown.set(kind, from + ids.length);
    if (kind.section) kind.section.hidden = found[kind.key].length === 0;
    if (kind.more) kind.more.hidden = from + ids.length >= found[kind.key].length;
  };

  // describe says what matched: "One turn matches “q”.", "2 episodes and 14 turns match “q”."
  const describe = (f, q) => {
    if (!q.trim()) return "";
    const counts = [[f.speakers.length, "speaker"], [f.episodes.length, "episode"], [f.ids.length, "turn"]]
      .filter(([n]) => n > 0).map(([n, what]) => (n === 1 ? `one ${what}` : `${n} ${what}s`));
    if (!counts.length) return `Nothing matches “${q.trim()}”.`;
    const all = counts.length > 1 ? `${counts.slice(0, -1).join(", ")} and ${counts[counts.length - 1]}` : counts[0];
    const verb = counts.length === 1 && counts[0].startsWith("one ") ? "matches" : "match";
    return `${all[0].toUpperCase()}${all.slice(1)} ${verb} “${q.trim()}”.`;
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
      for (const kind of kinds) {
        shown.set(kind, 0);
        kind.list.replaceChildren();
        if (kind.more) kind.more.hidden = true;
      }
      await Promise.all(kinds.map((kind) => showMore(kind, gen)));
      if (gen === generation) status.textContent = describe(found, q);
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

  // fillSelect lists names in select, and shows it (in its .filter) only when there is a choice to
  // make: two names or more, or one the URL chose. It reports whether it showed it.
  const fillSelect = (select, names, chosen) => {
    if (!select) return false;
    for (const name of names) select.append(new Option(name, name, false, name === chosen));
    const show = names.length > 1 || (chosen !== null && names.includes(chosen));
    const filter = select.closest(".filter");
    if (filter) filter.hidden = !show;
    return show;
  };

  // The filters need the manifest; they stay hidden until it has filled them.
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  load().then((m) => {
    const speakers = fillSelect(speakerSelect, m.speakers, params.get("speaker"));
    const shows = fillSelect(showSelect, m.shows, params.get("show"));
    const filters = form.querySelector(".filters");
    if (filters) filters.hidden = !speakers && !shows;
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
  for (const kind of kinds) if (kind.more) kind.more.addEventListener("click", () => showMore(kind, generation));

  // Arrow keys move between the search box and the results; Tab works as always.
  form.parentElement.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
    const links = kinds.flatMap((kind) => Array.from(kind.list.querySelectorAll("a")));
    const at = links.indexOf(document.activeElement);
    if (at < 0 && document.activeElement !== input) return;
    ev.preventDefault();
    const next = ev.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) input.focus();
    else if (next < links.length) links[next].focus();
  });
})();
