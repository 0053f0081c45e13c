// Search pickers: suggestions under a text input as one types (an ARIA combobox).
// Without this script the server resolves what was typed; see people/pickers.py.
(function () {
  "use strict";
  function term(input) {
    if (!input.hasAttribute("data-multiple")) { return input.value; }
    var parts = input.value.split(/[;,、،]/);
    return parts[parts.length - 1].trim();
  }
  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var timer = null, active = -1, asked = "";
    function items() { return list.querySelectorAll("li[data-code]"); }
    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }
    function show(index) {
      var all = items();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (li, i) { li.classList.toggle("active", i === active); li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function pick(li) {
      if (input.hasAttribute("data-multiple")) {
        var kept = input.value.split(/[;,、،]/).slice(0, -1).map(function (p) { return p.trim(); }).filter(Boolean);
        kept.push(li.dataset.name + " (" + li.dataset.code + ")");
        input.value = kept.join("; ") + "; ";
      } else {
        input.value = li.dataset.name;
      }
      close(); input.focus();
    }
    function ask() {
      var q = term(input);
      if (q === asked && !list.hidden) { return; }
      asked = q;
      var url = input.dataset.suggest + "?q=" + encodeURIComponent(q) + "&list=" + encodeURIComponent(list.id);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (q !== term(input)) { return; }
          list.innerHTML = html;
          if (!html.trim()) { close(); return; }
          list.hidden = false; active = -1;
          input.setAttribute("aria-expanded", "true");
        })
        .catch(close);
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 200); });
    input.addEventListener("focus", function () { if (!term(input)) { ask(); } });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) { ask(); } else { show(active + 1); } }
      else if (e.key === "ArrowUp") { e.preventDefault(); show(active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && !list.hidden && active >= 0) { e.preventDefault(); pick(items()[active]); }
    });
    list.addEventListener("mousedown", function (e) {
      var li = e.target.closest("li[data-code]");
      if (li) { e.preventDefault(); pick(li); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest]").forEach(setup);
  });
})();
