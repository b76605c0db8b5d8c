/* Re-runs the plain-Dutch check while staff type a parent text (progressive enhancement: without
   JavaScript the same warning shows after "Controleer de tekst" or saving). A textarea with
   data-readability-url="URL" and data-readability-target="ID" posts its text to URL (the server's
   check, ouderbetrokkenheid/readability.py) a moment after typing stops, and puts the answer, the
   warning with the hard words marked or nothing, into the element #ID. */
(function () {
  "use strict";
  var WAIT_MS = 700;

  function csrfToken(area) {
    var field = area.form && area.form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  document.querySelectorAll("textarea[data-readability-url]").forEach(function (area) {
    var target = document.getElementById(area.dataset.readabilityTarget);
    if (!target) { return; }
    var timer = null, sent = 0;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++sent;
        fetch(area.dataset.readabilityUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: {"X-CSRFToken": csrfToken(area)},
          body: new URLSearchParams({text: area.value})
        }).then(function (response) {
          return response.ok ? response.text() : null;
        }).then(function (html) {
          if (html !== null && mine === sent) { target.innerHTML = html; }  /* only the latest answer */
        }).catch(function () { /* offline: the check runs again on saving */ });
      }, WAIT_MS);
    });
  });
})();
