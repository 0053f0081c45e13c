// Events: when the server did not know the reader's zone, re-render event times
// (<time data-event-start data-end>) in the browser's zone, start and end, zone named.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }

  function render() {
    // convene.js reloads a first visit to have it rendered in the browser's zone.
    if (!zone || document.body.dataset.tzSource !== "default" || document.body.dataset.tzReloading) { return; }
    var lang = document.documentElement.lang || undefined;
    var day = new Intl.DateTimeFormat(lang, { timeZone: zone, dateStyle: "full" });
    var hour = new Intl.DateTimeFormat(lang, { timeZone: zone, timeStyle: "short" });
    var both = new Intl.DateTimeFormat(lang, { timeZone: zone, dateStyle: "medium", timeStyle: "short" });
    document.querySelectorAll("time[data-event-start][datetime]").forEach(function (el) {
      var start = new Date(el.getAttribute("datetime"));
      var end = new Date(el.dataset.end || "");
      if (isNaN(start) || isNaN(end)) { return; }
      var text = day.format(start) === day.format(end)
        ? day.format(start) + ", " + hour.format(start) + "\u2013" + hour.format(end)
        : both.format(start) + " \u2013 " + both.format(end);
      el.textContent = text + " (" + zone + ")";
      el.title = el.getAttribute("datetime");
    });
  }
  document.addEventListener("DOMContentLoaded", render);
})();
