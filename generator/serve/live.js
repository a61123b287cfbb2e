// verbatim serve: live reload. Injected into served pages only.
(function () {
  var es = new EventSource("/__verbatim/events?page=" + encodeURIComponent(location.pathname));
  var opened = false;
  es.addEventListener("open", function () {
    // A reconnect means the server restarted or dropped us: what we show may be stale.
    if (opened) location.reload();
    opened = true;
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function (e) {
    var paths = JSON.parse(e.data);
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var u = new URL(link.href, location.href);
      if (u.origin !== location.origin || paths.indexOf(u.pathname) < 0) return;
      u.searchParams.set("verbatim", Date.now());
      link.href = u.href;
    });
  });
  function overlay() { return document.getElementById("verbatim-overlay"); }
  es.addEventListener("error", function (e) {
    if (typeof e.data !== "string") return; // the connection's own error event
    var old = overlay();
    if (old) old.remove();
    document.body.insertAdjacentHTML("beforeend", JSON.parse(e.data));
  });
  es.addEventListener("ok", function () {
    var old = overlay();
    if (old) old.remove();
  });
})();
