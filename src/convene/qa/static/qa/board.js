// The live board: keeps an open question list, moderation queue or presenter view up to
// date from the board's server-sent events. Without it the pages work the same; a reload
// shows what this script would have shown.
(function () {
  "use strict";
  var REFRESH_KINDS = ["question", "answer", "pinned", "board", "reset"];

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { timer = null; fn(); }, ms);
    };
  }

  function swap(root, url) {
    var open = [];
    root.querySelectorAll("details[open]").forEach(function (el) {
      var owner = el.closest("[data-question]");
      open.push(owner ? owner.getAttribute("data-question") : "");
    });
    var busy = root.contains(document.activeElement) &&
      /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (busy) { return false; }  // never pull a form from under the person typing
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        root.innerHTML = html;
        open.forEach(function (id) {
          var el = id ? root.querySelector('[data-question="' + id + '"] > .qa-body > details') : null;
          if (el) { el.open = true; }
        });
        root.dispatchEvent(new CustomEvent("qa:updated", { bubbles: true }));
      })
      .catch(function () { /* offline for a moment: the next event refreshes again */ });
  }

  function connect(root, url, onEvent) {
    if (!url || typeof EventSource === "undefined") { return; }
    var source = new EventSource(url);
    root.dataset.live = "connecting";
    source.addEventListener("open", function () { root.dataset.live = "open"; });
    source.addEventListener("error", function () { root.dataset.live = "retrying"; });
    ["vote"].concat(REFRESH_KINDS).forEach(function (kind) {
      source.addEventListener(kind, function (message) {
        var data = {};
        try { data = JSON.parse(message.data || "{}"); } catch (e) { data = {}; }
        onEvent(kind, data);
      });
    });
  }

  function board(root) {
    var pending = false;
    var refresh = debounce(function () {
      var result = swap(root, root.dataset.listUrl);
      if (result === false) { pending = true; }
    }, 250);
    root.addEventListener("focusout", function () {
      if (pending) { pending = false; refresh(); }
    });
    connect(root, root.dataset.stream, function (kind, data) {
      if (kind === "vote") {
        var count = root.querySelector('[data-votes="' + data.id + '"]');
        // Only the count changes in place: re-reading the list for every vote would
        // multiply the load by the number of viewers. A reload re-sorts.
        if (count) { count.textContent = String(data.votes); }
        return;
      }
      refresh();
    });
  }

  function presenter(root) {
    var refresh = debounce(function () { swap(root, root.dataset.pinnedUrl); }, 150);
    connect(root, root.dataset.stream, function (kind, data) {
      if (kind === "vote") {
        var shown = root.querySelector("[data-pinned]");
        if (!shown || shown.getAttribute("data-pinned") !== String(data.id)) { return; }
      }
      refresh();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var live = document.getElementById("qa-live");
    if (live) { board(live); }
    var stage = document.getElementById("qa-presenter");
    if (stage) { presenter(stage); }
    var full = document.querySelector("[data-fullscreen]");
    if (full && stage && document.fullscreenEnabled) {
      full.classList.remove("hidden");
      full.addEventListener("click", function () { stage.requestFullscreen().catch(function () {}); });
    }
  });
})();
