// Convene's one small script. Pages work without it; it only enhances.
(function () {
  "use strict";
  var COOKIE = "convene_tz";
  var browserZone = "";
  try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }

  // Tell the server the browser's zone, once, so the next page is rendered in it.
  if (browserZone && document.cookie.split("; ").every(function (c) { return c.indexOf(COOKIE + "=") !== 0; })) {
    document.cookie = COOKIE + "=" + encodeURIComponent(browserZone) + "; path=/; max-age=31536000; SameSite=Lax";
  }

  // When the server did not know the reader's zone, re-render <time data-local> in the browser's,
  // and say so in the zone bar.
  function localise() {
    if (document.body.dataset.tzSource !== "default" || !browserZone) { return; }
    var zoneText = document.getElementById("zone-text");
    if (zoneText && zoneText.dataset.browserText) {
      zoneText.textContent = zoneText.dataset.browserText.replace("{zone}", browserZone);
    }
    document.querySelectorAll("time[data-local][datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when)) { return; }
      var opts = el.dataset.local === "time"
        ? { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }
        : { dateStyle: "full", timeStyle: "short" };
      el.textContent = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        Object.assign({ timeZone: browserZone }, opts)).format(when) + (el.dataset.local === "time" ? "" : " (" + browserZone + ")");
      el.title = el.getAttribute("datetime");
    });
  }
  document.addEventListener("DOMContentLoaded", localise);
  document.addEventListener("htmx:afterSwap", localise);
})();
