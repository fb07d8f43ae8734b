/* Autosave for the submission form (progressive enhancement: the form works without it).
   Every few seconds after a change, the step is sent to the server; a copy is also kept in
   the browser so a crash or a dropped connection loses nothing. */
(function () {
  "use strict";
  var INTERVAL = 5000;

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function snapshot(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) { values[el.name].push(el.value); }
      } else if (el.tagName !== "BUTTON") {
        values[el.name] = [el.value];
      }
    });
    return values;
  }

  function apply(form, values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values) || el.name === "revision") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values[el.name].indexOf(el.value) !== -1;
      } else if (el.type !== "file" && el.tagName !== "BUTTON") {
        el.value = values[el.name][0] || "";
      }
    });
  }

  function setup(form) {
    var status = form.querySelector(".autosave-status");
    var key = form.dataset.storageKey;
    var revision = form.querySelector("input[name=revision]");
    var dirty = false, busy = false;

    function say(text) { if (status) { status.textContent = text; } }
    function keepLocally() {
      try { localStorage.setItem(key, JSON.stringify({ revision: revision.value, values: snapshot(form) })); } catch (e) { /* storage full or disabled */ }
    }

    try {
      var saved = JSON.parse(localStorage.getItem(key) || "null");
      if (saved && saved.revision === revision.value) { apply(form, saved.values); dirty = true; say(form.dataset.msgRestored); }
      else if (saved) { localStorage.removeItem(key); }
    } catch (e) { /* ignore a damaged copy */ }

    form.addEventListener("input", function () { dirty = true; keepLocally(); });
    form.addEventListener("change", function () { dirty = true; keepLocally(); });
    form.addEventListener("submit", function () { dirty = false; });

    setInterval(function () {
      if (!dirty || busy) { return; }
      busy = true; dirty = false;
      var body = new FormData();
      var values = snapshot(form);
      Object.keys(values).forEach(function (name) { values[name].forEach(function (v) { body.append(name, v); }); });
      body.append("step", form.dataset.step);
      fetch(form.dataset.autosave, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(form) } })
        .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); })
        .then(function (result) {
          if (result.data.revision !== undefined) { revision.value = String(result.data.revision); }
          var notKept = result.data.not_kept && result.data.not_kept.length;
          if (result.data.status === "saved" && !notKept) { localStorage.removeItem(key); say(form.dataset.msgSaved); }
          else if (result.data.status === "saved") { say(result.data.message); }  /* the browser keeps the whole text */
          else if (result.data.status === "conflict") { say(form.dataset.msgConflict); }
          else { dirty = true; say(result.data.message || form.dataset.msgOffline); }
        })
        .catch(function () { dirty = true; say(form.dataset.msgOffline); })
        .then(function () { busy = false; });
    }, INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), setup);
  });
})();
