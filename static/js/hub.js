/* Small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Tell the server the browser's time zone so instants show in local time (see TimezoneMiddleware).
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("hub_tz=") === -1) {
      document.cookie = "hub_tz=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;SameSite=Lax";
    }
  } catch (e) { /* older browsers: the server falls back to UTC */ }

  // Move focus to an error summary so screen reader users hear it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.setAttribute("tabindex", "-1"); summary.focus(); }
  });
})();
