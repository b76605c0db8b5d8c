/* Small behaviours of every page, switched on by data attributes: the Content-Security-Policy
 * forbids inline scripts and event-handler attributes (onclick, onchange …), so templates mark
 * elements and this file (loaded by templates/base.html) does the rest (docs/security.md).
 *
 *   <select data-autosubmit>            submits its form when the choice changes
 *   <form data-confirm="Zeker weten?">  asks before it submits
 *   <input data-select-on-focus>        selects its text when it gets the focus
 *   <button data-copy="#id" hidden>     copies the value of #id to the clipboard (shown only where
 *                                       the browser can), then shows [data-copied]
 */
(function () {
  "use strict";

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });

  document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("focus", function () {
      input.select();
    });
  });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(document.querySelector(button.dataset.copy).value).then(function () {
        document.querySelectorAll("[data-copied]").forEach(function (note) {
          note.hidden = false;
        });
      });
    });
  });
})();
