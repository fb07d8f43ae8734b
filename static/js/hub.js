/* Small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Tell the server the browser's time zone so instants show in local time (see TimezoneMiddleware).
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("hub_tz=") === -1) {
      document.cookie = "hub_tz=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;SameSite=Lax";
    }
  } catch (e) { /* older browsers: the server falls back to UTC */ }

  var wide = window.matchMedia ? window.matchMedia("(min-width: 50rem)") : { matches: true };

  // Disclosures that fold away on small screens only (main menu, a listing's choices) open on wide ones.
  function openWide(root) {
    if (!wide.matches) { return; }
    root.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  // Listings: a changed choice reloads only the listing (the server answers a request with the
  // HX-Request header with the listing's part); the address follows, so Back and sharing work.
  function query(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value !== "") { params.append(name, value); } });
    var text = params.toString();
    return form.action.split("?")[0] + (text ? "?" + text : "");
  }

  function swap(html) {
    var old = document.getElementById("listing");
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("listing");
    if (!old || !fresh) { return false; }
    var focused = document.activeElement, disclosure = old.querySelector("details");
    if (disclosure && fresh.querySelector("details")) { fresh.querySelector("details").open = disclosure.open; }
    old.replaceWith(fresh);
    if (focused && focused.name && old.contains(focused)) {
      var same = Array.prototype.find.call(fresh.querySelectorAll("[name]"), function (el) {
        return el.name === focused.name && (el.type !== "checkbox" || el.value === focused.value);
      });
      if (same) { same.focus(); }
    }
    var status = document.getElementById("listing-status"), count = fresh.querySelector(".results__count");
    if (status && count) { status.textContent = count.textContent; }
    return true;
  }

  function load(url, push) {
    var listing = document.getElementById("listing");
    listing.classList.add("is-loading");
    return fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        if (!swap(html)) { throw new Error("no listing"); }
        if (push) { history.pushState({ listing: true }, "", url); }
      })
      .catch(function () { window.location.assign(url); });
  }

  function liveListings() {
    if (!document.querySelector("form[data-live-listing]") || !window.fetch) { return; }
    history.replaceState({ listing: true }, "");
    document.addEventListener("change", function (event) {
      var form = event.target.form;
      if (form && form.hasAttribute("data-live-listing") && event.target.type !== "search") { load(query(form), true); }
    });
    document.addEventListener("submit", function (event) {
      if (!event.target.hasAttribute("data-live-listing")) { return; }
      event.preventDefault();
      load(query(event.target), true);
    });
    window.addEventListener("popstate", function (event) {
      if (event.state && event.state.listing) { load(window.location.href, false); }
    });
  }

  // A button with data-partial="ID" (e.g. "Suggest objectives from my text") posts its form and
  // puts in only the part of the answer with that id; without this, the whole page comes back.
  function partialButtons() {
    if (!window.fetch) { return; }
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-partial]") : null;
      if (!button || !button.form) { return; }
      var id = button.getAttribute("data-partial"), old = document.getElementById(id);
      if (!old) { return; }
      event.preventDefault();
      var data = new FormData(button.form);
      data.append(button.name, button.value);
      old.setAttribute("aria-busy", "true");
      fetch(button.form.action, { method: "POST", body: data, headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
          if (!fresh) { throw new Error("no part"); }
          old.replaceWith(fresh);
          var status = fresh.querySelector("[role=status]"), said = status ? status.textContent : "";
          if (status) { status.textContent = ""; setTimeout(function () { status.textContent = said; }, 50); }
          var again = fresh.querySelector("button[data-partial]");
          if (again) { again.focus(); }
        })
        .catch(function () { old.removeAttribute("aria-busy"); button.form.requestSubmit(button); });
    });
  }

  openWide(document);
  liveListings();
  partialButtons();

  // Move focus to an error summary so screen reader users hear it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.setAttribute("tabindex", "-1"); summary.focus(); }
  });
})();
