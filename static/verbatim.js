// verbatim.js upgrades an episode page: time links seek the player on the page instead of opening the
// media file, a #t=… or turn anchor in the URL seeks there, the turn being heard is marked and followed,
// and a selection inside a turn can be copied as a link or as an attributed quote. Every feature is an
// upgrade: the page reads and links correctly without this script. Plain ES2020, no dependencies.
(() => {
  "use strict";

  const article = document.querySelector("article.episode");
  if (!article) return;
  const status = document.querySelector(".status");
  const playerBox = document.querySelector(".player");
  const title = (article.querySelector("h1") || {}).textContent || document.title;
  const turns = Array.from(article.querySelectorAll(".turn"));
  const player = makePlayer(document.getElementById("media"));

  // seconds parses a data-start value; untimed turns have none (or a negative one).
  const seconds = (el) => {
    const v = parseFloat(el && el.dataset.start);
    return Number.isFinite(v) && v >= 0 ? v : NaN;
  };

  // turnAt returns the turn being heard at time t: the latest-starting timed turn that has begun.
  // The small slack keeps a seek to exactly a turn's start from landing on the turn before it.
  const turnAt = (t) => {
    let best = null;
    let bestStart = -1;
    for (const turn of turns) {
      const s = seconds(turn);
      if (s <= t + 0.25 && s > bestStart) {
        best = turn;
        bestStart = s;
      }
    }
    return best;
  };

  // anchorOf returns a turn's anchor, which its heading carries (Pagefind's sub-results and the
  // page's outline both want it there).
  const anchorOf = (turn) => {
    const head = turn.querySelector(".turn-head");
    return head ? head.id : "";
  };

  const label = (turn) => {
    const speaker = turn.querySelector(".speaker");
    const time = turn.querySelector(".time");
    return {
      speaker: speaker ? speaker.textContent.trim() : "",
      time: time ? time.textContent.trim() : "",
    };
  };

  // say writes a polite status message; clearing first makes a repeated message be announced again.
  const say = (msg) => {
    if (!status) return;
    status.textContent = "";
    setTimeout(() => { status.textContent = msg; }, 50);
  };

  // ---- Seeking from links and from the URL ----

  document.addEventListener("click", (ev) => {
    const link = ev.target.closest && ev.target.closest("a[data-start]");
    if (!link || !player || !article.contains(link)) return;
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const t = seconds(link);
    if (Number.isNaN(t)) return;
    ev.preventDefault();
    const turn = link.closest(".turn") || turnAt(t);
    player.seek(t, true);
    follow.resume();
    const id = turn && anchorOf(turn);
    if (id) history.replaceState(history.state, "", "#" + id);
    const who = turn ? label(turn) : { speaker: "", time: link.textContent.trim() };
    say("Playing from " + (who.time || link.textContent.trim()) + (who.speaker ? ", " + who.speaker : ""));
  });

  // parseTime reads "754", "754.5", "12:34" or "1:02:03" (and a media fragment's "npt:" or ",end").
  const parseTime = (s) => {
    try { s = decodeURIComponent(s); } catch (e) { return NaN; }
    s = s.replace(/^npt:/, "").split(",")[0];
    if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(s)) return NaN;
    return s.split(":").reduce((acc, part) => acc * 60 + parseFloat(part), 0);
  };

  const fromHash = (initial) => {
    // Browsers strip a text directive (":~:text=") from location.hash; older ones may not.
    const hash = location.hash.slice(1).split(":~:")[0];
    if (!hash || !player) return;
    const m = /^t=(.+)$/.exec(hash);
    if (m) {
      const t = parseTime(m[1]);
      if (Number.isNaN(t)) return;
      player.seek(t, false, initial);
      const turn = turnAt(t);
      if (turn) turn.scrollIntoView({ block: "start", behavior: motion() });
      return;
    }
    let target = null;
    try { target = document.getElementById(decodeURIComponent(hash)); } catch (e) { /* bad escape */ }
    // A turn's anchor (on its heading) seeks to its turn; a chapter heading's to the first turn after it.
    let turn = target && target.closest(".turn");
    if (target && !turn && target.matches(".chapter")) {
      turn = target.nextElementSibling;
      while (turn && !turn.matches(".turn")) turn = turn.nextElementSibling;
    }
    if (turn && !Number.isNaN(seconds(turn))) player.seek(seconds(turn), false, initial);
  };

  const motion = () =>
    window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";

  // ---- Read-along: mark the current turn, follow it unless the reader has other plans ----

  const follow = makeFollow();
  let current = null;

  const onTime = (t) => {
    const turn = turnAt(t);
    if (turn === current) return;
    if (current) current.removeAttribute("aria-current");
    current = turn;
    if (!turn) return;
    turn.setAttribute("aria-current", "true");
    if (follow.active() && player.playing()) follow.show(turn);
  };

  // makeFollow owns auto-scroll: a toggle button in the player (aria-pressed), paused by the
  // reader's own scrolling or by focusing search, and back on with the button or a time link
  // (a time link does not undo the reader switching it off with the button).
  function makeFollow() {
    let on = !!playerBox;
    let refused = false;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "follow";
    button.textContent = "Follow transcript";
    const sync = () => button.setAttribute("aria-pressed", String(on));
    sync();
    if (playerBox) playerBox.appendChild(button);
    button.addEventListener("click", () => {
      on = !on;
      refused = !on;
      sync();
      if (on && current) show(current);
    });
    const pause = () => { if (on) { on = false; sync(); } };
    window.addEventListener("wheel", pause, { passive: true });
    window.addEventListener("touchmove", pause, { passive: true });
    window.addEventListener("keydown", (ev) => {
      const keys = ["PageUp", "PageDown", "ArrowUp", "ArrowDown", "Home", "End", " "];
      const t = ev.target;
      const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON|AUDIO|VIDEO)$/.test(t.tagName));
      if (keys.includes(ev.key) && !typing) pause();
    });
    document.addEventListener("focusin", (ev) => {
      if (ev.target.matches && ev.target.matches("input[type=search], form.search *")) pause();
    });
    function show(turn) {
      const r = turn.getBoundingClientRect();
      const top = playerBox ? playerBox.getBoundingClientRect().bottom : 0;
      // Leave the reader alone while the turn's start sits comfortably in view.
      if (r.top >= top && r.top < top + (window.innerHeight - top) * 0.5) return;
      turn.scrollIntoView({ block: "start", behavior: motion() });
    }
    return {
      active: () => on,
      resume: () => { if (!on && !refused) { on = true; sync(); } },
      show,
    };
  }

  // ---- Players: one small interface over <audio>/<video> and a YouTube iframe ----

  // makePlayer returns {seek(t, play, initial), playing()} or null when the page has no player.
  function makePlayer(el) {
    if (!el) return null;
    if (el instanceof HTMLMediaElement) {
      el.addEventListener("timeupdate", () => onTime(el.currentTime));
      el.addEventListener("seeked", () => onTime(el.currentTime));
      return {
        seek(t, play) {
          const go = () => {
            el.currentTime = t;
            if (play) el.play().catch(() => { /* refused or interrupted: the reader can press play */ });
          };
          // Before metadata the media has no timeline yet; set the time as soon as it does.
          if (el.readyState >= 1) go();
          else {
            el.addEventListener("loadedmetadata", go, { once: true });
            if (el.preload === "none") el.load();
          }
        },
        playing: () => !el.paused,
      };
    }
    if (el.tagName === "IFRAME" && el.dataset.youtube) return youtube(el);
    return null;
  }

  // youtube drives the embed through the IFrame API's postMessage protocol (no external script):
  // commands go in as {"event":"command"}, and once we say "listening" the player reports its
  // state and currentTime back as "infoDelivery" messages.
  function youtube(frame) {
    let origin;
    try { origin = new URL(frame.src, location.href).origin; } catch (e) { return null; }
    let state = -1;
    const post = (msg) => frame.contentWindow && frame.contentWindow.postMessage(JSON.stringify(msg), origin);
    const command = (func, args) => post({ event: "command", func, args: args || [], id: frame.id });
    const listen = () => post({ event: "listening", id: frame.id, channel: "widget" });
    frame.addEventListener("load", listen);
    listen();
    window.addEventListener("message", (ev) => {
      if (ev.origin !== origin || ev.source !== frame.contentWindow) return;
      let data;
      try { data = typeof ev.data === "string" ? JSON.parse(ev.data) : ev.data; } catch (e) { return; }
      const info = data && data.info;
      if (!info || typeof info !== "object") return;
      if (typeof info.playerState === "number") state = info.playerState;
      if (typeof info.currentTime === "number") onTime(info.currentTime);
    });
    return {
      seek(t, play, initial) {
        if (initial && !play) {
          // On load the player may not answer yet, and seekTo would start playback: ask the
          // embed to open at that second instead.
          const url = new URL(frame.src, location.href);
          url.searchParams.set("start", String(Math.floor(t)));
          if (url.href !== frame.src) frame.src = url.href;
          return;
        }
        command("seekTo", [t, true]);
        if (play) command("playVideo");
        onTime(t);
      },
      playing: () => state === 1,
    };
  }

  // ---- Quotes: a selection inside one turn offers a link to it and an attributed copy ----

  const popup = document.createElement("div");
  popup.className = "quote-popup";
  popup.setAttribute("role", "group");
  popup.setAttribute("aria-label", "Quote");
  popup.hidden = true;
  const linkButton = button("Copy link to quote");
  const quoteButton = button("Copy quote");
  popup.append(linkButton, quoteButton);
  let quote = null;

  function button(text) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    // Keep the selection when the button is pressed with a mouse.
    b.addEventListener("mousedown", (ev) => ev.preventDefault());
    return b;
  }

  // quoteOf describes the selection when it lies inside a single turn's text, or returns null.
  // The quote is widened to whole words, since a text fragment only matches on word boundaries.
  const quoteOf = (sel) => {
    if (!sel || sel.rangeCount !== 1 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    const box = (n) => (n.nodeType === 1 ? n : n.parentElement).closest(".turn .text");
    const text = box(range.startContainer);
    if (!text || text !== box(range.endContainer)) return null;
    const turn = text.closest(".turn");
    if (!anchorOf(turn)) return null;
    const blocks = [];
    let lead = null; // where the quote starts: the words before it there can tell it apart
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!range.intersectsNode(n)) continue;
      let from = n === range.startContainer ? range.startOffset : 0;
      let to = n === range.endContainer ? range.endOffset : n.data.length;
      if (n === range.startContainer) while (from > 0 && /\w/.test(n.data[from - 1])) from--;
      if (n === range.endContainer) while (to < n.data.length && /\w/.test(n.data[to])) to++;
      const block = n.parentElement.closest("p, li, pre, td, th, dt, dd, h1, h2, h3, h4, h5, h6") || text;
      if (!lead && n.data.slice(from, to).trim()) lead = { block, node: n, from };
      const last = blocks[blocks.length - 1];
      if (last && last.block === block) last.text += n.data.slice(from, to);
      else blocks.push({ block, text: n.data.slice(from, to) });
    }
    const parts = blocks.map((b) => b.text.replace(/\s+/g, " ").trim()).filter(Boolean);
    if (!parts.length) return null;
    const before = document.createRange();
    before.setStart(lead.block, 0);
    before.setEnd(lead.node, lead.from);
    const prefix = before.toString().replace(/\s+/g, " ").trim().split(" ").slice(-3).join(" ");
    return { turn, text: parts.join(" "), fragment: textFragment(parts, prefix) };
  };

  // textFragment builds a text directive: the exact words for a short quote within one block,
  // or its first and last words (start,end) when it is long or crosses blocks. A browser goes to
  // the first match on the page, and transcripts repeat themselves ("Yeah." "Right."), so when
  // the start is not unique the words before it in its paragraph go in front ("prefix-,"); when
  // even that is not unique it returns "" and the link is the turn's anchor alone.
  const textFragment = (parts, prefix) => {
    const enc = (s) => encodeURIComponent(s).replace(/-/g, "%2D");
    const first = parts[0].split(" ");
    const last = parts[parts.length - 1].split(" ");
    const exact = parts.length === 1 && first.length <= 8;
    const start = exact ? parts[0] : first.slice(0, 4).join(" ");
    const page = article.textContent.replace(/\s+/g, " ");
    const once = (s) => { const i = page.indexOf(s); return i >= 0 && i === page.lastIndexOf(s); };
    let pre = "";
    if (!once(start)) {
      if (!prefix || !once(prefix + " " + start)) return "";
      pre = enc(prefix) + "-,";
    }
    if (exact) return "text=" + pre + enc(start);
    return "text=" + pre + enc(start) + "," + enc(last.slice(-4).join(" "));
  };

  const pageURL = () => location.href.split("#")[0];

  // The popup goes in the page's flow right after the turn's text: it covers nothing, it is
  // next in Tab order after the turn, and it needs no positioning.
  const show = (q) => {
    quote = q;
    q.turn.querySelector(".text").after(popup);
    popup.hidden = false;
  };
  const hide = () => { popup.hidden = true; quote = null; };

  let pending = 0;
  document.addEventListener("selectionchange", () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      const q = quoteOf(window.getSelection());
      if (q) show(q);
      else if (!popup.contains(document.activeElement)) hide();
    }, 150);
  });
  popup.addEventListener("keydown", (ev) => { if (ev.key === "Escape") hide(); });

  const copy = async (text, done) => {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // No clipboard API (insecure page, old browser, refused permission): the textarea route,
      // which borrows the selection, so the reader's is put back afterwards.
      const sel = window.getSelection();
      const kept = sel.rangeCount ? sel.getRangeAt(0) : null;
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      if (kept) { sel.removeAllRanges(); sel.addRange(kept); }
      if (!ok) { say("Copying failed. Select and copy this instead: " + text); return; }
    }
    say(done);
  };

  linkButton.addEventListener("click", () => {
    if (!quote) return;
    const url = pageURL() + "#" + anchorOf(quote.turn) + (quote.fragment ? ":~:" + quote.fragment : "");
    linkButton.dataset.copied = url;
    copy(url, "Link to quote copied");
  });
  quoteButton.addEventListener("click", () => {
    if (!quote) return;
    const who = label(quote.turn);
    const cite = [who.speaker, title.trim(), who.time, pageURL() + "#" + anchorOf(quote.turn)].filter(Boolean);
    const text = "\u201c" + quote.text + "\u201d \u2014 " + cite.join(", ");
    quoteButton.dataset.copied = text;
    copy(text, "Quote copied");
  });

  // ---- Layout: let CSS know the sticky player's height so targeted turns clear it ----

  if (playerBox && window.ResizeObserver) {
    new ResizeObserver(() => {
      document.documentElement.style.setProperty("--player-h", playerBox.offsetHeight + "px");
    }).observe(playerBox);
  }

  window.addEventListener("hashchange", () => fromHash(false));
  fromHash(true);
})();

// ---- Timeline: the picture of who spoke when (render/timeline.go draws it) becomes a slider ----
// A click on the strip plays from that moment; the playhead shows where the player is; the strip is
// one Tab stop, a slider whose arrows move between turns (Page Up/Down: 15 s; Home/End), and Enter
// or Space plays from there. It seeks through the page's own time links (a click on an
// a[data-start] inside the article seeks, plays and says so), so it works with every player the
// page has. Without a player it stays a picture, its text alternative in its caption.
(() => {
  "use strict";

  const plot = document.querySelector("article.episode .timeline-plot[data-duration]");
  const media = document.getElementById("media");
  const total = plot ? parseFloat(plot.dataset.duration) : NaN;
  if (!plot || !media || !(total > 0)) return;
  const track = plot.querySelector(".timeline-track");
  const article = plot.closest("article");

  // The turns' starts, in time order, with who spoke (or the marker's name: "Break").
  const turns = Array.from(article.querySelectorAll(".turn[data-start]"), (el) => ({
    t: parseFloat(el.dataset.start),
    who: ((el.querySelector(".turn-head .speaker, .turn-head .marker") || {}).textContent || "").trim(),
    speech: !el.classList.contains("marker"),
  })).filter((x) => Number.isFinite(x.t) && x.t >= 0).sort((a, b) => a.t - b.t);

  const clock = (s) => {
    s = Math.max(0, Math.floor(s));
    const two = (n) => String(n).padStart(2, "0");
    const h = Math.floor(s / 3600);
    const m = Math.floor(s / 60) % 60;
    return (h ? h + ":" + two(m) : String(m)) + ":" + two(s % 60);
  };
  const turnAt = (t) => {
    let best = null;
    for (const x of turns) {
      if (x.t > t + 0.25) break;
      best = x;
    }
    return best;
  };
  const words = (t) => {
    const x = turnAt(t);
    return clock(t) + (x && x.who ? ", " + x.who + (x.speech ? " speaking" : "") : "");
  };

  const mark = (name) => {
    const el = document.createElement("div");
    el.className = name;
    el.hidden = true;
    track.appendChild(el);
    return el;
  };
  const head = mark("timeline-head");
  const cursor = mark("timeline-cursor");
  const place = (el, t) => {
    el.style.left = Math.min(100, Math.max(0, (t / total) * 100)) + "%";
    el.hidden = false;
  };

  plot.removeAttribute("aria-hidden");
  plot.tabIndex = 0;
  plot.setAttribute("role", "slider");
  plot.setAttribute("aria-label", "Timeline, play from a moment");
  plot.setAttribute("aria-valuemin", "0");
  plot.setAttribute("aria-valuemax", String(Math.round(total)));
  const value = (t) => {
    plot.setAttribute("aria-valuenow", String(Math.round(t)));
    plot.setAttribute("aria-valuetext", words(t));
  };

  let now = 0; // where the player is
  let chosen = NaN; // where the keys have moved the cursor, not yet played
  value(now);

  // The page's time links seek: a hidden one, clicked, plays from any second.
  const link = document.createElement("a");
  link.hidden = true;
  link.className = "timeline-seek";
  plot.after(link);
  const play = (t) => {
    t = Math.min(total, Math.max(0, t));
    chosen = NaN;
    cursor.hidden = true;
    link.dataset.start = String(Math.round(t * 10) / 10);
    link.click();
    update(t, true);
  };

  // While the slider has focus a screen reader speaks each new value: playing, it changes with
  // the turn, not four times a second.
  let heard = null;
  const update = (t, playing) => {
    if (!Number.isFinite(t)) return;
    now = t;
    if (playing || t > 0) place(head, t);
    if (!Number.isNaN(chosen)) return;
    const turn = turnAt(t);
    if (document.activeElement !== plot || turn !== heard) value(t);
    heard = turn;
  };
  document.addEventListener("verbatim:time", (ev) => ev.detail && update(ev.detail.time, ev.detail.playing));
  for (const type of ["timeupdate", "seeked"]) {
    document.addEventListener(type, (ev) => { if (ev.target === media) update(media.currentTime, !media.paused); }, true);
  }

  plot.addEventListener("click", (ev) => {
    const r = track.getBoundingClientRect();
    if (ev.button !== 0 || r.width <= 0 || ev.clientX < r.left || ev.clientX > r.right) return;
    play(((ev.clientX - r.left) / r.width) * total);
  });

  const step = (from, dir) => {
    if (!turns.length) return from + dir * 15;
    if (dir > 0) {
      const next = turns.find((x) => x.t > from + 0.5);
      return next ? next.t : from;
    }
    let prev = 0;
    for (const x of turns) {
      if (x.t >= from - 0.5) break;
      prev = x.t;
    }
    return prev;
  };
  plot.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const from = Number.isNaN(chosen) ? now : chosen;
    let to;
    switch (ev.key) {
      case "ArrowLeft": case "ArrowDown": to = step(from, -1); break;
      case "ArrowRight": case "ArrowUp": to = step(from, 1); break;
      case "PageDown": to = from - 15; break;
      case "PageUp": to = from + 15; break;
      case "Home": to = 0; break;
      case "End": to = turns.length ? turns[turns.length - 1].t : total; break;
      case "Enter": case " ": play(from); break;
      default: return;
    }
    // The slider's keys are its own: not the page's shortcuts, not a scroll.
    ev.preventDefault();
    ev.stopPropagation();
    if (to === undefined) return;
    chosen = Math.min(total, Math.max(0, to));
    place(cursor, chosen);
    value(chosen);
  });
  plot.addEventListener("blur", () => {
    chosen = NaN;
    cursor.hidden = true;
    value(now);
  });
})();

// ---- Search: mark the query's words in the turn a search result led to ----
// A result's link carries the query's folded words in ?mark= ("hear sentence cont*", a prefix typed
// ends in "*"); the turn (or chapter heading) its fragment names gets each of those words in <mark>,
// matched as search.js matches them, so "cafe" marks "Café". Without the script the link still lands
// on the turn. The parameter is then taken out of the address, so a link copied from the page is the
// plain permalink.
(() => {
  "use strict";
  const params = new URLSearchParams(location.search);
  const words = (params.get("mark") || "").split(/\s+/).filter(Boolean);
  if (!words.length) return;
  params.delete("mark");
  const rest = params.toString();
  history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
  let target = null;
  try { target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return; }
  if (!target) return;
  const turn = target.closest(".turn");
  const scope = turn ? turn.querySelector(".text") : target;
  if (!scope) return;
  // fold is search.js's fold: the two must agree.
  const fold = (s) => s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ς/g, "σ");
  const exact = new Set(words.filter((w) => !w.endsWith("*")).map(fold));
  const prefixes = words.filter((w) => w.endsWith("*")).map((w) => fold(w.slice(0, -1))).filter(Boolean);
  const hit = (word) => {
    const f = fold(word);
    return exact.has(f) || prefixes.some((p) => f.startsWith(p));
  };
  const texts = [];
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (!walker.currentNode.parentElement.closest(".time, mark")) texts.push(walker.currentNode);
  }
  for (const node of texts) {
    const text = node.data;
    const found = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].filter((w) => hit(w[0]));
    if (!found.length) continue;
    const parts = document.createDocumentFragment();
    let at = 0;
    for (const w of found) {
      parts.append(text.slice(at, w.index));
      const mark = document.createElement("mark");
      mark.className = "found";
      mark.textContent = w[0];
      parts.append(mark);
      at = w.index + w[0].length;
    }
    parts.append(text.slice(at));
    node.replaceWith(parts);
  }
})();
