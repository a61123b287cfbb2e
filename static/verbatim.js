// verbatim.js upgrades an episode page: a compact player bar over the native <audio>/<video>
// (play, -15/+30 s, speed, a seek bar with chapter marks, the current chapter, keyboard shortcuts,
// the position remembered per episode), time links that seek it instead of opening the media
// file, a #t=… or turn anchor in the URL that seeks there, the turn being heard marked and
// followed, the timeline made a slider that plays from a moment, and a selection inside a turn
// copied as a link or an attributed quote. Every feature is an upgrade: the page reads, plays
// and links without this script. Plain ES2020, no dependencies. Whenever the position or the
// play state changes it dispatches CustomEvent("verbatim:time", {detail: {time, playing,
// duration}}) on document.
(() => {
  "use strict";

  const article = document.querySelector("article.episode");
  if (!article) return;
  const status = document.querySelector(".status");
  const playerBox = document.querySelector(".player");
  const title = (article.querySelector("h1") || {}).textContent || document.title;
  const turns = Array.from(article.querySelectorAll(".turn"));
  const chapterLinks = Array.from(article.querySelectorAll(".chapters a[data-start]"));

  // seconds parses a data-start value; untimed turns have none (or a negative one). A turn's
  // time link has no data-start of its own (it would be bytes on every turn): its turn's is used.
  const seconds = (el) => {
    if (el && el.matches && el.matches(".turn a.time:not([data-start])")) el = el.closest(".turn");
    const v = parseFloat(el && el.dataset.start);
    return Number.isFinite(v) && v >= 0 ? v : NaN;
  };

  // clock writes seconds as the page does: 0:05, 12:34, 1:02:03.
  const clock = (s) => {
    s = Math.max(0, Math.floor(s || 0));
    const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = String(s % 60).padStart(2, "0");
    return h ? h + ":" + String(m).padStart(2, "0") + ":" + sec : m + ":" + sec;
  };

  // latest returns the element of list with the latest start at or before t (+ a small slack, so
  // a seek to exactly a turn's start does not land on the turn before it), or null.
  const latest = (list, t) => {
    let best = null;
    let bestStart = -1;
    for (const el of list) {
      const s = seconds(el);
      if (s <= t + 0.25 && s > bestStart) {
        best = el;
        bestStart = s;
      }
    }
    return best;
  };
  // The timed turns in time order, with their starts, made on first use: the turn being heard is
  // looked up four times a second while playing, and the timeline steps from turn to turn.
  let timedTurns = null;
  const timed = () => timedTurns || (timedTurns = turns.map((el) => ({ el, t: seconds(el) }))
    .filter((x) => x.t >= 0).sort((a, b) => a.t - b.t));

  // turnAt returns the turn heard at t as latest would find it (the first of turns that start
  // together), or null.
  const turnAt = (t) => {
    const list = timed();
    let lo = 0, hi = list.length; // lo ends at the first turn that starts after t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].t <= t + 0.25) lo = mid + 1;
      else hi = mid;
    }
    let i = lo - 1;
    while (i > 0 && list[i - 1].t === list[i].t) i--;
    return i >= 0 ? list[i].el : null;
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
  // The message floats over the page under the player, so it goes after a while, unless it is
  // one the reader must act on (keep).
  let said = 0;
  const say = (msg, keep) => {
    if (!status) return;
    status.textContent = "";
    clearTimeout(said);
    setTimeout(() => { status.textContent = msg; }, 50);
    if (!keep) said = setTimeout(() => { if (status.textContent === msg) status.textContent = ""; }, 6000);
  };

  // reveal scrolls a turn to the top of the view. Turns out of view are not laid out (the
  // stylesheet's content-visibility: auto keeps a 1,000-turn page quick to load) and their heights
  // are estimates until they are, so a smooth scroll can end short of its turn: once it ends, the
  // turn is lined up again, at once.
  const reveal = (turn) => {
    turn.scrollIntoView({ block: "start", behavior: motion() });
    const stop = () => {
      clearTimeout(timer);
      window.removeEventListener("scrollend", again);
      for (const e of readerScrolls) window.removeEventListener(e, stop);
    };
    const again = () => {
      stop();
      turn.scrollIntoView({ block: "start", behavior: "auto" });
    };
    // Without scrollend (older Safari), line it up when a smooth scroll has surely ended.
    const timer = setTimeout("onscrollend" in window ? stop : again, 1200);
    window.addEventListener("scrollend", again);
    for (const e of readerScrolls) window.addEventListener(e, stop, { passive: true }); // the reader wins
  };
  // The events of a reader scrolling by their own hand (or about to, with a key): what the script
  // does to the page's scroll gives way to them.
  const readerScrolls = ["wheel", "touchmove", "keydown"];

  const motion = () =>
    window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";

  // ---- State: one place that hears the player, marks the page and tells other scripts ----

  const follow = makeFollow();
  let current = null;
  let currentChapter = null;
  let bar = null; // the control bar, when the player is an <audio> or <video>

  // onTime is called with the player's position and play state whenever either changes.
  let engaged = false; // played or moved: before, no turn is "current", nothing has happened
  function onTime(t, playing, duration) {
    article.classList.toggle("playing", playing);
    engaged = engaged || playing || t > 0;
    const turn = engaged ? turnAt(t) : null;
    if (turn !== current) {
      if (current) current.removeAttribute("aria-current");
      current = turn;
      if (turn) turn.setAttribute("aria-current", "true");
    }
    if (turn && playing && follow.active()) follow.show(turn);
    const chapter = latest(chapterLinks, t);
    if (chapter !== currentChapter) {
      if (currentChapter) currentChapter.removeAttribute("aria-current");
      currentChapter = chapter;
      if (chapter) chapter.setAttribute("aria-current", "true");
    }
    if (bar) bar.update(t, playing, duration, chapter);
    document.dispatchEvent(new CustomEvent("verbatim:time", { detail: { time: t, playing, duration } }));
  }

  const player = makePlayer(document.getElementById("media"));

  // ---- Seeking from links and from the URL ----

  document.addEventListener("click", (ev) => {
    const link = ev.target.closest && ev.target.closest("a[data-start], .turn a.time");
    if (!link || !player || !article.contains(link)) return;
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const t = seconds(link);
    if (Number.isNaN(t)) return;
    ev.preventDefault();
    const turn = link.closest(".turn") || turnAt(t);
    playFrom(t, turn, turn ? label(turn).time : link.textContent.trim());
  });

  // playFrom plays from t and says so ("Playing from 12:34, Ana"), with the turn heard there
  // (when there is one) in the address and followed.
  const playFrom = (t, turn, time) => {
    player.seek(t, true);
    follow.resume();
    const id = turn && anchorOf(turn);
    if (id) history.replaceState(history.state, "", "#" + id);
    const speaker = turn ? label(turn).speaker : "";
    say("Playing from " + (time || clock(t)) + (speaker ? ", " + speaker : ""));
  };

  // parseTime reads "754", "754.5", "12:34" or "1:02:03" (and a media fragment's "npt:" or ",end").
  const parseTime = (s) => {
    try { s = decodeURIComponent(s); } catch (e) { return NaN; }
    s = s.replace(/^npt:/, "").split(",")[0];
    if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(s)) return NaN;
    return s.split(":").reduce((acc, part) => acc * 60 + parseFloat(part), 0);
  };

  // fromHash seeks to the time or turn the URL names, and reports whether it named one.
  const fromHash = (initial) => {
    // Browsers strip a text directive (":~:text=") from location.hash; older ones may not.
    const hash = location.hash.slice(1).split(":~:")[0];
    if (!hash || !player) return false;
    const m = /^t=(.+)$/.exec(hash);
    if (m) {
      const t = parseTime(m[1]);
      if (Number.isNaN(t)) return false;
      player.seek(t, false, initial);
      const turn = turnAt(t);
      if (turn) reveal(turn);
      return true;
    }
    let target = null;
    try { target = document.getElementById(decodeURIComponent(hash)); } catch (e) { /* bad escape */ }
    // A turn's anchor (on its heading) seeks to its turn; a chapter heading's to the first turn after it.
    let turn = target && target.closest(".turn");
    if (target && !turn && target.matches(".chapter")) {
      turn = target.nextElementSibling;
      while (turn && !turn.matches(".turn")) turn = turn.nextElementSibling;
    }
    if (!turn || Number.isNaN(seconds(turn))) return false;
    player.seek(seconds(turn), false, initial);
    return true;
  };

  // ---- Following: keep the turn being heard in view unless the reader has other plans ----

  // makeFollow owns auto-scroll: a toggle button in the player (aria-pressed), switched off by
  // the reader's own scrolling (wheel, touch, scrolling keys) or by clicking or typing in the
  // search box, and back on with the button or a time link (a time link does not undo the reader
  // switching it off with the button). Tabbing through the page, search box included, leaves it
  // alone: focus passing by is not a reader with other plans.
  function makeFollow() {
    let on = !!playerBox;
    let refused = false;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "follow";
    // On a phone the bar shows "Follow"; the whole name stays for screen readers.
    const rest = document.createElement("span");
    rest.className = "rest";
    rest.textContent = " transcript";
    button.append("Follow", rest);
    const sync = () => button.setAttribute("aria-pressed", String(on));
    sync();
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
      if (ev.defaultPrevented) return; // a player shortcut, not a scroll
      const keys = ["PageUp", "PageDown", "ArrowUp", "ArrowDown", "Home", "End", " "];
      const t = ev.target;
      const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON|AUDIO|VIDEO)$/.test(t.tagName));
      if (keys.includes(ev.key) && !typing) pause();
    });
    const search = "input[type=search], form.search *";
    document.addEventListener("pointerdown", (ev) => { if (ev.target.closest && ev.target.closest(search)) pause(); });
    document.addEventListener("input", (ev) => { if (ev.target.matches && ev.target.matches(search)) pause(); });
    function show(turn) {
      const r = turn.getBoundingClientRect();
      const top = playerBox ? playerBox.getBoundingClientRect().bottom : 0;
      // Leave the reader alone while the turn's start sits comfortably in view.
      if (r.top >= top && r.top < top + (window.innerHeight - top) * 0.5) return;
      reveal(turn);
    }
    return {
      button,
      active: () => on,
      resume: () => { if (!on && !refused) { on = true; sync(); } },
      show,
    };
  }

  // ---- Players: one small interface over <audio>/<video> and a YouTube iframe ----

  // makePlayer returns {seek(t, play, initial), playing(), toggle(), skip(d), speed(step)} or
  // null when the page has no player.
  function makePlayer(el) {
    if (!el) return null;
    if (el instanceof HTMLMediaElement) return mediaPlayer(el);
    if (el.tagName === "IFRAME" && el.dataset.youtube) return youtube(el);
    return null;
  }

  const rates = [0.75, 1, 1.25, 1.5, 1.75, 2];

  // mediaPlayer drives an <audio> or <video>, and gives it the control bar, the keyboard
  // shortcuts and the remembered position.
  function mediaPlayer(el) {
    const report = () => onTime(el.currentTime, !el.paused && !el.ended, el.duration);
    for (const type of ["timeupdate", "seeked", "play", "pause", "ended", "durationchange", "ratechange"]) {
      el.addEventListener(type, report);
    }
    const p = {
      seek(t, play) {
        const go = () => {
          el.currentTime = t;
          if (play) p.play();
        };
        // Before metadata the media has no timeline yet; set the time as soon as it does.
        if (el.readyState >= 1) go();
        else {
          el.addEventListener("loadedmetadata", go, { once: true });
          if (el.preload === "none") el.load();
        }
      },
      play: () => el.play().catch(() => { /* refused or interrupted: the reader can press play */ }),
      playing: () => !el.paused && !el.ended,
      toggle: () => (p.playing() ? el.pause() : p.play()),
      skip(d) {
        const end = Number.isFinite(el.duration) ? el.duration : Infinity;
        p.seek(Math.min(Math.max(el.currentTime + d, 0), end), false);
      },
      // speed moves the rate one step up or down the list, or round it when step is 0 (the button).
      speed(step) {
        let i = rates.indexOf(el.playbackRate);
        if (i < 0) i = 1;
        i = step ? Math.min(Math.max(i + step, 0), rates.length - 1) : (i + 1) % rates.length;
        el.playbackRate = rates[i];
        try { localStorage.setItem("verbatim:rate", String(rates[i])); } catch (e) { /* no storage */ }
        say("Speed " + rates[i] + "\u00d7");
      },
    };
    try {
      const r = parseFloat(localStorage.getItem("verbatim:rate"));
      if (rates.includes(r)) el.playbackRate = el.defaultPlaybackRate = r;
    } catch (e) { /* no storage: normal speed */ }
    bar = makeBar(el, p);
    shortcuts(p);
    remember(el);
    return p;
  }

  // youtube drives the embed through the IFrame API's postMessage protocol (no external script):
  // commands go in as {"event":"command"}, and once we say "listening" the player reports its
  // state and currentTime back as "infoDelivery" messages. The embed keeps its own controls.
  function youtube(frame) {
    let origin;
    try { origin = new URL(frame.src, location.href).origin; } catch (e) { return null; }
    let state = -1;
    let time = 0;
    let duration = NaN;
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
      if (typeof info.duration === "number") duration = info.duration;
      if (typeof info.currentTime === "number") time = info.currentTime;
      onTime(time, state === 1, duration);
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
        time = t;
        onTime(t, state === 1 || !!play, duration);
      },
      playing: () => state === 1,
    };
  }

  // ---- The control bar: real buttons over the native element, which loses its controls ----

  // makeBar builds the bar and returns {update(t, playing, duration, chapter), offer(t)}.
  function makeBar(el, p) {
    const make = (tag, cls, text) => {
      const n = document.createElement(tag);
      n.className = cls;
      if (text) n.textContent = text;
      return n;
    };
    const button = (cls, text, name, keys, tip) => {
      const b = make("button", cls, text);
      b.type = "button";
      if (name) b.setAttribute("aria-label", name);
      if (keys) b.setAttribute("aria-keyshortcuts", keys);
      b.title = tip;
      return b;
    };
    const box = make("div", "controls");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Player");
    const play = button("play", "", "", "k Space", "Play or pause (k or Space)");
    const playName = make("span", "visually-hidden", "Play");
    play.append(playName);
    const back = button("back", "\u221215", "Back 15 seconds", "j ArrowLeft", "Back 15 seconds (j or \u2190)");
    const forward = button("forward", "+30", "Forward 30 seconds", "l ArrowRight", "Forward 30 seconds (l or \u2192)");
    const elapsed = make("span", "elapsed", "0:00");
    const total = make("span", "total", "");
    const seek = make("div", "seek");
    const range = document.createElement("input");
    range.type = "range";
    range.min = "0";
    range.step = "1";
    range.value = "0";
    range.setAttribute("aria-label", "Position");
    const marks = make("div", "marks");
    marks.setAttribute("aria-hidden", "true");
    seek.append(marks, range);
    const speed = button("speed", "1\u00d7", "Playback speed 1\u00d7", "< >", "Playback speed (< slower, > faster)");
    // The resume offer joins the bar only when there is a position to offer, and leaves it once
    // taken or once playback starts: no hidden control lingers in the Tab order's neighbourhood.
    const resume = make("button", "resume");
    resume.type = "button";
    const row = make("div", "row");
    row.append(play, back, forward, elapsed, seek, total, speed, follow.button);
    box.append(row);
    // The current chapter's line is there from the start, empty before the first chapter: the
    // player's height never changes as it plays, so nothing under it moves.
    let chapterNow = null;
    if (chapterLinks.length) {
      chapterNow = make("p", "chapter-now");
      box.append(chapterNow);
    }
    el.controls = false;
    el.after(box);
    playerBox.classList.add("has-bar");

    play.addEventListener("click", p.toggle);
    back.addEventListener("click", () => p.skip(-15));
    forward.addEventListener("click", () => p.skip(30));
    speed.addEventListener("click", () => p.speed(0));
    if (el.tagName === "VIDEO") {
      el.addEventListener("click", p.toggle);
      if (el.requestFullscreen) {
        const full = button("fullscreen", "Full screen", "", "", "Full screen");
        full.addEventListener("click", () => el.requestFullscreen().catch(() => {}));
        // In full screen the bar is out of sight: the video's own controls stand in for it.
        document.addEventListener("fullscreenchange", () => { el.controls = document.fullscreenElement === el; });
        speed.after(full);
      }
    }
    let dragging = false;
    range.addEventListener("pointerdown", () => { dragging = true; });
    for (const type of ["pointerup", "pointercancel", "change"]) range.addEventListener(type, () => { dragging = false; });
    range.addEventListener("input", () => p.seek(parseFloat(range.value), false));
    range.addEventListener("keydown", (ev) => {
      const d = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5 }[ev.key];
      if (!d) return;
      ev.preventDefault();
      p.skip(d);
    });
    resume.addEventListener("click", () => {
      p.seek(parseFloat(resume.dataset.time), true);
      resume.remove();
    });
    el.addEventListener("play", () => resume.remove(), { once: true });

    let marked = false;
    let shown = "";
    return {
      update(t, playing, duration, chapter) {
        const known = Number.isFinite(duration) && duration > 0;
        const name = playing ? "Pause" : "Play";
        if (playName.textContent !== name) {
          playName.textContent = name;
          play.classList.toggle("pause", playing);
        }
        const now = clock(t) + (known ? "/" + clock(duration) : "");
        if (now !== shown) {
          shown = now;
          elapsed.textContent = clock(t);
          total.textContent = known ? clock(duration) : "";
          range.setAttribute("aria-valuetext", clock(t) + (known ? " of " + clock(duration) : ""));
        }
        if (known) {
          if (range.max !== String(duration)) range.max = String(duration);
          if (!dragging) range.value = String(t);
          if (!marked) {
            marked = true;
            for (const link of chapterLinks) {
              if (!(seconds(link) > 0)) continue; // a chapter at 0:00 marks nothing
              const mark = make("span", "mark");
              mark.style.left = (100 * seconds(link) / duration) + "%";
              marks.append(mark);
            }
          }
        }
        const rate = el.playbackRate + "\u00d7";
        if (speed.textContent !== rate) {
          speed.textContent = rate;
          speed.setAttribute("aria-label", "Playback speed " + rate);
        }
        if (chapterNow) {
          const text = chapter ? "Chapter: " + chapter.textContent.replace(/^\s*[\d:]+\s*/, "") : "";
          if (chapterNow.textContent !== text) chapterNow.textContent = text;
        }
      },
      offer(t) {
        resume.dataset.time = String(t);
        resume.textContent = "Resume at " + clock(t);
        row.append(resume);
      },
    };
  }

  // shortcuts: Space or k plays and pauses, j or ← goes back 15 s, l or → forward 30 s, < and >
  // change the speed. Not while typing; Space and the arrows not on a control, whose own they are.
  function shortcuts(p) {
    document.addEventListener("keydown", (ev) => {
      if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const t = ev.target;
      const range = t.type === "range";
      if (t.isContentEditable || (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) && !range)) return;
      const control = range || /^(BUTTON|SUMMARY|AUDIO|VIDEO|IFRAME)$/.test(t.tagName);
      const act = {
        k: p.toggle, K: p.toggle, " ": !control && p.toggle,
        j: () => p.skip(-15), J: () => p.skip(-15), ArrowLeft: !control && (() => p.skip(-15)),
        l: () => p.skip(30), L: () => p.skip(30), ArrowRight: !control && (() => p.skip(30)),
        "<": () => p.speed(-1), ">": () => p.speed(1),
      }[ev.key];
      if (!act) return;
      ev.preventDefault();
      act();
    });
  }

  // remember keeps the position per episode (localStorage) while it is played, and offers it
  // back as "Resume at 12:34" on the next visit. It never seeks by itself: a linked time or turn
  // is what the reader came for.
  function remember(el) {
    const key = "verbatim:position:" + location.pathname;
    let played = false;
    let last = 0;
    const save = () => {
      if (!played) return;
      const t = el.currentTime;
      try {
        if (t < 10 || el.ended || (el.duration && t > el.duration - 15)) localStorage.removeItem(key);
        else localStorage.setItem(key, t.toFixed(1));
      } catch (e) { /* no storage: nothing remembered */ }
    };
    el.addEventListener("play", () => { played = true; });
    el.addEventListener("timeupdate", () => {
      if (!el.paused && Date.now() - last > 5000) { last = Date.now(); save(); }
    });
    el.addEventListener("pause", save);
    window.addEventListener("pagehide", save);
    let saved = NaN;
    try { saved = parseFloat(localStorage.getItem(key)); } catch (e) { /* no storage */ }
    if (saved >= 10 && bar) bar.offer(saved);
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
      if (!ok) { say("Copying failed. Select and copy this instead: " + text, true); return; }
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

  // The bar holds the follow toggle; a YouTube embed keeps its own controls, and the toggle sits under it.
  if (playerBox && !bar) playerBox.append(follow.button);
  if (playerBox && window.ResizeObserver) {
    new ResizeObserver(() => {
      document.documentElement.style.setProperty("--player-h", playerBox.offsetHeight + "px");
    }).observe(playerBox);
  }

  window.addEventListener("hashchange", () => fromHash(false));
  fromHash(true);

  // ---- The sticky video: compact once stuck ----
  // Scrolled past, a video player stays at the top of the window as a small picture beside its
  // bar (.player.compact, in the CSS); back at the top, it is full size again. The player's place
  // in the page keeps its full height, its bottom margin making up the difference, so nothing
  // under it moves. A zero-height mark before the player tells when it is stuck; the
  // ResizeObserver above then gives --player-h the compact height, so a linked turn still lands
  // clear of it. The change is instant, so reduced motion has nothing to turn off.
  if (playerBox && playerBox.dataset.kind === "video" && window.IntersectionObserver) {
    const mark = document.createElement("div");
    mark.setAttribute("aria-hidden", "true");
    playerBox.before(mark);
    // Where the content after the player starts, in the page (not the window: the page may scroll).
    const next = () => {
      const n = playerBox.nextElementSibling;
      return n ? n.getBoundingClientRect().top + window.scrollY : NaN;
    };
    const compact = (on) => {
      if (playerBox.classList.contains("compact") === on) return;
      const want = next();
      playerBox.style.removeProperty("--player-rest");
      playerBox.classList.toggle("compact", on);
      // Margins collapse with the next element's, so the difference is measured, not computed:
      // the second round corrects the first once the player's margin is the larger.
      let rest = 0;
      for (let i = 0; on && i < 3; i++) {
        const gap = want - next();
        if (!(Math.abs(gap) > 0.5)) break;
        rest += gap;
        playerBox.style.setProperty("--player-rest", rest + "px");
      }
    };
    // A jump to an anchor (the page opened at one, a link followed) that sticks the player lands
    // it under the full-size player; once the player is compact and --player-h has its new
    // height (two frames), the anchor is lined up again under it. The reader's own scrolling
    // first, or a few seconds, and it is left where it is.
    let landed = location.hash ? performance.now() : -Infinity;
    window.addEventListener("hashchange", () => { landed = performance.now(); });
    for (const type of readerScrolls) {
      window.addEventListener(type, () => { landed = -Infinity; }, { passive: true });
    }
    const lineUp = () => {
      const target = document.querySelector(":target");
      if (performance.now() - landed > 3000 || !target) return;
      landed = -Infinity;
      requestAnimationFrame(() => requestAnimationFrame(() => target.scrollIntoView({ block: "start", behavior: "instant" })));
    };
    let stuck = false;
    const topMargin = parseFloat(getComputedStyle(playerBox).marginTop) || 0;
    new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      stuck = !e.isIntersecting && e.boundingClientRect.top < 0;
      compact(stuck);
      if (stuck) lineUp();
    }, { rootMargin: topMargin + "px 0px 0px 0px" }).observe(mark);
    // A new window size gives the full player a new height, and the compact bar may change its
    // own (the media's length known, a resume offer): both are measured again, at once.
    const measureAgain = () => {
      if (!stuck) return;
      compact(false);
      compact(true);
    };
    window.addEventListener("resize", measureAgain);
    if (window.ResizeObserver) new ResizeObserver(measureAgain).observe(playerBox);
  }

  // The timeline is not needed to read or play: it is made in a task of its own, after the page's.
  setTimeout(makeTimeline, 0);

  // ---- Timeline: the picture of who spoke when (render/timeline.go draws it) becomes a slider ----

  // makeTimeline makes the timeline a slider: a click on the strip plays from that moment; the
  // playhead shows where the player is; the strip is one Tab stop, whose arrows move between turns
  // (Page Up/Down: 15 s; Home/End), and Enter or Space plays from there. The strip is drawn to the
  // end of the last turn's words; when the media runs longer, the drawing is narrowed to its share
  // and the axis ends at the media's end. Without a player it stays a picture, its text
  // alternative in its caption.
  function makeTimeline() {
    const plot = article.querySelector(".timeline-plot[data-duration]");
    const drawn = plot ? parseFloat(plot.dataset.duration) : NaN;
    if (!plot || !player || !(drawn > 0)) return;
    const track = plot.querySelector(".timeline-track");
    const svg = track.querySelector("svg");
    const end = plot.querySelector(".timeline-axis span:last-child");
    let total = drawn;

    const words = (t) => {
      const turn = turnAt(t);
      const head = turn && turn.querySelector(".turn-head .speaker, .turn-head .marker");
      const who = head ? head.textContent.trim() : "";
      return clock(t) + (who ? ", " + who + (turn.classList.contains("marker") ? "" : " speaking") : "");
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
    const value = (t) => {
      plot.setAttribute("aria-valuemax", String(Math.round(total)));
      plot.setAttribute("aria-valuenow", String(Math.round(t)));
      plot.setAttribute("aria-valuetext", words(t));
    };

    let now = 0; // where the player is
    let chosen = NaN; // where the keys have moved the cursor, not yet played
    value(now);

    // lengthen makes the strip the media's length when it runs past the drawing.
    const lengthen = (duration) => {
      if (!(duration > total + 0.5) || !Number.isFinite(duration)) return;
      total = duration;
      if (svg) svg.style.width = (drawn / total) * 100 + "%";
      if (end) end.textContent = clock(total);
    };

    const play = (t) => {
      t = Math.min(total, Math.max(0, t));
      chosen = NaN;
      cursor.hidden = true;
      playFrom(t, turnAt(t), clock(t));
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
    document.addEventListener("verbatim:time", (ev) => {
      lengthen(ev.detail.duration);
      update(ev.detail.time, ev.detail.playing);
    });
    const media = document.getElementById("media");
    if (media instanceof HTMLMediaElement) lengthen(media.duration);

    plot.addEventListener("click", (ev) => {
      const r = track.getBoundingClientRect();
      if (ev.button !== 0 || r.width <= 0 || ev.clientX < r.left || ev.clientX > r.right) return;
      play(((ev.clientX - r.left) / r.width) * total);
    });

    // step moves from a moment to the next turn's start (dir 1) or the one before (-1).
    const step = (from, dir) => {
      const list = timed();
      if (!list.length) return from + dir * 15;
      if (dir > 0) {
        const next = list.find((x) => x.t > from + 0.5);
        return next ? next.t : from;
      }
      let prev = 0;
      for (const x of list) {
        if (x.t >= from - 0.5) break;
        prev = x.t;
      }
      return prev;
    };
    plot.addEventListener("keydown", (ev) => {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      const from = Number.isNaN(chosen) ? now : chosen;
      const list = timed();
      let to;
      switch (ev.key) {
        case "ArrowLeft": case "ArrowDown": to = step(from, -1); break;
        case "ArrowRight": case "ArrowUp": to = step(from, 1); break;
        case "PageDown": to = from - 15; break;
        case "PageUp": to = from + 15; break;
        case "Home": to = 0; break;
        case "End": to = list.length ? list[list.length - 1].t : total; break;
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
  }
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
