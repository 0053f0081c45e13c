// The live board: keeps an open question list, moderation queue or presenter view up to
// date from the board's server-sent events. Without it the pages work the same; a reload
// shows what this script would have shown.
//
// The participants' list is patched in place from the events' data (a new question, a
// vote count, a state, an answer, the pinned question), so that a change costs the
// server nothing per viewer. The moderation queue and the presenter view re-read a small
// fragment instead (few viewers, forms that are easier rendered by the server).
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { timer = null; fn(); }, ms);
    };
  }

  function typing(root) {
    var el = document.activeElement;
    return root.contains(el) && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
  }

  function swap(root, url) {
    var open = [];
    root.querySelectorAll("details[open]").forEach(function (el) {
      var owner = el.closest("[data-question]");
      open.push(owner ? owner.getAttribute("data-question") : "");
    });
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        root.innerHTML = html;
        open.forEach(function (id) {
          var el = id ? root.querySelector('[data-question="' + id + '"] > .qa-body > details') : null;
          if (el) { el.open = true; }
        });
      })
      .catch(function () { /* offline for a moment: the next event refreshes again */ });
  }

  function connect(root, url, kinds, onEvent) {
    if (!url || typeof EventSource === "undefined") { return; }
    var source = new EventSource(url);
    var status = document.getElementById("qa-live-status");
    var words = labels();
    function show(state) {
      root.dataset.live = state;
      if (status) { status.textContent = words["live_" + state] || ""; }
    }
    root.dataset.live = "connecting";
    source.addEventListener("open", function () { show("open"); });
    source.addEventListener("error", function () { show("retrying"); });
    kinds.forEach(function (kind) {
      source.addEventListener(kind, function (message) {
        var data = {};
        try { data = JSON.parse(message.data || "{}"); } catch (e) { data = {}; }
        onEvent(kind, data || {});
      });
    });
  }

  // ------------------------------------------------------------ patching the list

  function labels() {
    var el = document.getElementById("qa-labels");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  }

  var ANSWERED = ["answered_live", "answered_written", "answered_elsewhere"];

  function setState(tag, state, words) {
    if (!tag) { return; }
    tag.setAttribute("data-state", state);
    tag.textContent = (words.states || {})[state] || state;
    tag.classList.toggle("ok", ANSWERED.indexOf(state) >= 0);
    tag.classList.toggle("warn", state === "pending" || state === "declined");
  }

  // "1 vote", "2 votes": the label for the count's plural category (CLDR, as ngettext).
  function setVotes(root, id, votes, words) {
    var count = root.querySelector('[data-votes="' + id + '"]');
    if (!count) { return; }
    count.textContent = String(votes);
    var label = count.parentNode.querySelector("[data-votes-label]");
    var forms = words.votes || {};
    if (label && window.Intl && Intl.PluralRules) {
      var category = new Intl.PluralRules(document.documentElement.lang || "en").select(votes);
      label.textContent = forms[category] || forms.other || label.textContent;
    }
  }

  function fillPart(li, name, value) {
    var part = li.querySelector("[data-" + name + "-part]");
    if (!part) { return; }
    part.querySelector("[data-" + name + "]").textContent = value || "";
    part.classList.toggle("hidden", !value);
  }

  function languageName(code, words) {
    var named = (words.languages || {})[code];
    if (named) { return named; }
    try {
      return new Intl.DisplayNames([document.documentElement.lang || "en"], {type: "language"}).of(code) || code;
    } catch (e) { return code; }
  }

  function itemOf(root, id) { return root.querySelector('li[data-question="' + id + '"]'); }

  function newItem(q, words) {
    var template = document.getElementById("qa-item-template");
    if (!template) { return null; }
    var li = template.content.firstElementChild.cloneNode(true);
    li.id = "q" + q.id;
    li.setAttribute("data-question", String(q.id));
    var count = li.querySelector("[data-votes]");
    count.setAttribute("data-votes", String(q.id));
    setVotes(li, q.id, q.votes || 0, words);
    var form = li.querySelector("[data-vote-form]");
    if (form) {
      form.setAttribute("action", "/questions/" + q.id + "/vote");
      form.querySelector("input[name=next]").value = location.pathname + location.search + "#q" + q.id;
    }
    if (q.kind === "comment") {
      [count, li.querySelector("[data-votes-label]"), form].forEach(function (el) { if (el) { el.remove(); } });
      li.querySelector("[data-comment-tag]").classList.remove("hidden");
    } else {
      li.querySelector("[data-comment-tag]").remove();
    }
    var text = li.querySelector(".qa-text");
    text.textContent = q.text;
    text.id = "qt" + q.id;
    if (q.language) { text.lang = q.language; }
    fillPart(li, "topic", q.topic);
    fillPart(li, "language", q.language ? languageName(q.language, words) : "");
    if (form) { form.querySelector("button").setAttribute("aria-describedby", "qt" + q.id); }
    li.querySelector("[data-author]").textContent = q.author || words.anonymous || "";
    li.querySelector("[data-link]").href = "/questions/" + q.id + "/";
    setState(li.querySelector("[data-state]"), q.state, words);
    return li;
  }

  function childList(parent) {
    var body = parent.querySelector(":scope > .qa-body");
    var list = body.querySelector(":scope > ol.qa-children");
    if (!list) {
      list = document.createElement("ol");
      list.className = "qa-list qa-children";
      body.appendChild(list);
    }
    return list;
  }

  function showQuestion(root, q, words) {
    var existing = itemOf(root, q.id);
    if (q.removed || q.hidden || q.state === "merged" || q.state === "pending" || q.state === "declined") {
      if (existing) { existing.remove(); }
      return true;
    }
    if (existing) {
      existing.querySelector(":scope > .qa-body > .qa-text").textContent = q.text;
      setState(existing.querySelector(":scope > .qa-body [data-state]"), q.state, words);
      setVotes(existing, q.id, q.votes, words);
      return true;
    }
    var li = newItem(q, words);
    if (!li) { return false; }
    if (q.parent_id) {
      var parent = itemOf(root, q.parent_id);
      if (!parent) { return true; }  // its question is not on this page
      childList(parent).appendChild(li);
      return showSubtree(root, q, words);
    }
    var list = root.querySelector("#qa-list");
    if (!list) { return false; }
    if (root.dataset.sort === "newest") { list.insertBefore(li, list.firstChild); } else { list.appendChild(li); }
    var empty = root.querySelector("#qa-empty");
    if (empty) { empty.remove(); }
    return showSubtree(root, q, words);
  }

  // A question that comes back on the board arrives with its answers and follow-ups
  // (see qa/event_types.py).
  function showSubtree(root, q, words) {
    (q.answers || []).forEach(function (a) {
      showAnswer(root, Object.assign({question_id: q.id}, a), words);
    });
    return (q.followups || []).every(function (child) { return showQuestion(root, child, words); });
  }

  function showAnswer(root, a, words) {
    var item = itemOf(root, a.question_id);
    if (!item) { return; }
    var body = item.querySelector(":scope > .qa-body");
    var list = body.querySelector(":scope > ul.qa-answers");
    if (!list) {
      list = document.createElement("ul");
      list.className = "qa-answers";
      body.insertBefore(list, body.querySelector(":scope > .qa-moderate, :scope > ol.qa-children"));
    }
    var li = document.createElement("li");
    var label = document.createElement("strong");
    var said = a.by ? (words.by_response || "%(by)s:").replace("%(by)s", a.by) : (words.response || "");
    if (a.by && a.by_url) {  // the body's page in the directory
      var link = document.createElement("a");
      link.href = a.by_url;
      link.textContent = said;
      label.appendChild(link);
    } else {
      label.textContent = said;
    }
    li.appendChild(label);
    var text = document.createElement("span");
    text.dir = "auto";
    text.textContent = " " + a.text;
    li.appendChild(text);
    list.appendChild(li);
  }

  function showPinned(root, data) {
    root.querySelectorAll("li.is-pinned").forEach(function (el) { el.classList.remove("is-pinned"); });
    var box = root.querySelector("#qa-pinned-box");
    if (!box) { return; }
    if (!data.id || !data.question) {
      box.classList.add("hidden");
      box.setAttribute("data-pinned", "");
      return;
    }
    box.setAttribute("data-pinned", String(data.id));
    var text = box.querySelector("[data-pinned-text]");
    text.textContent = data.question.text;
    if (data.question.language) { text.lang = data.question.language; } else { text.removeAttribute("lang"); }
    box.querySelector("[data-pinned-link]").href = "/questions/" + data.id + "/";
    box.classList.remove("hidden");
    var item = itemOf(root, data.id);
    if (item) { item.classList.add("is-pinned"); }
  }

  // Voting without leaving the page (the form still works without this script).
  function voteInPlace(root) {
    root.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches('form[action$="/vote"]')) { return; }
      event.preventDefault();
      var button = form.querySelector("button");
      var withdraw = form.querySelector("input[name=action][value=withdraw]");
      button.disabled = true;
      fetch(form.getAttribute("action"), {
        method: "POST", credentials: "same-origin", body: new FormData(form),
        headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
      }).then(function (response) {
        if (!response.ok) { form.submit(); return null; }  // let the server explain
        return response.json();
      }).then(function (data) {
        if (!data) { return; }
        setVotes(root, data.id, data.votes, labels());
        if (withdraw) {
          withdraw.remove();
          button.classList.remove("secondary");
          button.setAttribute("aria-pressed", "false");
          button.textContent = button.dataset.voteLabel || root.dataset.voteLabel || button.textContent;
        } else {
          var input = document.createElement("input");
          input.type = "hidden"; input.name = "action"; input.value = "withdraw";
          form.insertBefore(input, button);
          button.classList.add("secondary");
          button.setAttribute("aria-pressed", "true");
          button.textContent = root.dataset.withdrawLabel || button.textContent;
        }
      }).catch(function () { form.submit(); })
        .then(function () { button.disabled = false; });
    });
  }

  // "More questions": the next page appended in place (without this script, the link
  // opens that page). The list read again after a change then keeps every page shown.
  function moreInPlace(root) {
    root.addEventListener("click", function (event) {
      var more = event.target.closest ? event.target.closest("a[data-more]") : null;
      if (!more) { return; }
      event.preventDefault();
      var url = new URL(root.dataset.listUrl, location.href);
      var first = Number(url.searchParams.get("page") || "1");
      url.searchParams.set("page", more.dataset.more);
      url.searchParams.delete("pages");
      fetch(url.pathname + url.search, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { location.href = more.href; return; }
          var page = new DOMParser().parseFromString(html, "text/html");
          var list = root.querySelector("#qa-list");
          page.querySelectorAll("#qa-list > li").forEach(function (li) {
            if (!itemOf(root, li.getAttribute("data-question"))) { list.appendChild(document.adoptNode(li)); }
          });
          var next = page.querySelector("a[data-more]");
          if (next) { more.replaceWith(document.adoptNode(next)); } else { more.remove(); }
          var keep = new URL(root.dataset.listUrl, location.href);
          keep.searchParams.set("pages", String(Number(more.dataset.more) - first + 1));
          root.dataset.listUrl = keep.pathname + keep.search;
        })
        .catch(function () { location.href = more.href; });
    });
  }

  function board(root) {
    var words = labels();
    voteInPlace(root);
    moreInPlace(root);
    var pending = false;
    var refresh = debounce(function () {
      if (typing(root)) { pending = true; return; }
      swap(root, root.dataset.listUrl);
    }, 250);
    root.addEventListener("focusout", function () {
      if (pending) { pending = false; refresh(); }
    });
    var patch = root.dataset.mode === "patch";
    connect(root, root.dataset.stream, ["vote", "question", "answer", "pinned", "board", "reset"], function (kind, data) {
      if (kind === "vote") {
        // Only the count changes in place; a reload re-sorts.
        setVotes(root, data.id, data.votes, words);
        return;
      }
      if (!patch || kind === "board" || kind === "reset") { refresh(); return; }
      if (kind === "question" && !showQuestion(root, data, words)) { refresh(); }
      if (kind === "answer") { showAnswer(root, data, words); }
      if (kind === "pinned") { showPinned(root, data); }
    });
  }

  function presenter(root) {
    var refresh = debounce(function () { swap(root, root.dataset.pinnedUrl); }, 150);
    connect(root, root.dataset.stream, ["vote", "question", "answer", "pinned", "board", "reset"], function (kind, data) {
      var shown = root.querySelector("[data-pinned]");
      var current = shown ? shown.getAttribute("data-pinned") : "";
      if ((kind === "vote" || kind === "question") && current !== String(data.id)) { return; }
      if (kind === "answer") { return; }
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
