// Convene's one small script. Pages work without it; it only enhances.
(function () {
  "use strict";
  var COOKIE = "convene_tz";
  var browserZone = "";
  try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* old browser */ }

  function cookieZone() {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(COOKIE + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(COOKIE.length + 1)) : "";
  }

  // Tell the server the browser's zone (again when it changed), so that every later page,
  // also without JavaScript, is rendered in it.
  if (browserZone && cookieZone() !== browserZone) {
    document.cookie = COOKIE + "=" + encodeURIComponent(browserZone) + "; path=/; max-age=31536000; SameSite=Lax";
  }

  // A first visit was rendered in UTC: show it again as the server renders it in the
  // browser's zone, so that the zone bar and every time use the same words and the
  // zone's current name (Asia/Kathmandu, where the browser may say Asia/Katmandu). Once
  // per tab, and only when the cookie took (else the script re-renders the times below).
  var reloading = false;
  if (document.body && document.body.dataset.tzSource === "default" && browserZone
      && browserZone !== "UTC" && browserZone !== "Etc/UTC" && cookieZone() === browserZone) {
    try {
      if (!window.sessionStorage.getItem(COOKIE)) {
        window.sessionStorage.setItem(COOKIE, browserZone);
        reloading = true;
        document.body.dataset.tzReloading = "true";
        window.location.reload();
      }
    } catch (e) { /* storage blocked: no reload, the times are re-rendered below */ }
  }

  // When the server did not know the reader's zone, re-render <time data-local> in the browser's,
  // and say so in the zone bar.
  function localise() {
    if (reloading || document.body.dataset.tzSource !== "default" || !browserZone) { return; }
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
