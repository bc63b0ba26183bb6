/* A slow action shows that it is working and cannot be submitted twice: a form marked
   data-busy (or holding a button marked data-busy) disables its buttons once submitted and
   says "Trwa zapisywanie…" in a polite live region. The buttons are disabled only after the
   browser has taken the form's data (the clicked button's name and value included). The server refuses a second
   submission on its own; this only spares the person the wait and the doubt. */
(function () {
  "use strict";
  var status = null;
  var script = document.currentScript;
  var defaultText = (script && script.getAttribute("data-busy-text")) || "Trwa zapisywanie…";

  function liveRegion() {
    if (!status) {
      status = document.createElement("div");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    return status;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    if (!form.hasAttribute("data-busy") && !form.querySelector("[data-busy]")) { return; }
    if (form.getAttribute("data-submitting") === "1") { event.preventDefault(); return; }
    form.setAttribute("data-submitting", "1");
    var text = form.getAttribute("data-busy-text") || defaultText;
    var submitter = event.submitter;
    form.setAttribute("aria-busy", "true");
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"), function (button) {
      if (button === submitter || (!submitter && button.hasAttribute("data-busy"))) {
        button.setAttribute("data-label", button.textContent);
        button.textContent = text;
      }
      /* disabled after this event, so the browser still sends the form */
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
    liveRegion().textContent = text;
  });

  /* back from the browser's cache: the buttons work again */
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-submitting]"), function (form) {
      form.removeAttribute("data-submitting");
      form.removeAttribute("aria-busy");
      Array.prototype.forEach.call(form.querySelectorAll("[data-label]"), function (button) {
        button.textContent = button.getAttribute("data-label");
      });
      Array.prototype.forEach.call(form.querySelectorAll("button, input[type=submit]"), function (button) {
        button.disabled = false;
      });
    });
  });
})();
