/* The accessibility panel: a high-contrast version and larger text, remembered in the
   browser (localStorage; nothing is sent to the server).
   Loaded in <head> without defer, so the saved choice is applied to <html> before the page
   is drawn (no flash). The panel's buttons are hidden in the HTML and shown here: with
   JavaScript off the page looks as usual and nothing is offered that would not work. */
(function () {
  "use strict";
  var MODES = {
    contrast: { key: "grants-a11y-contrast", css: "a11y-contrast" },
    text: { key: "grants-a11y-text", css: "a11y-text" }
  };
  var root = document.documentElement;

  function saved(key) {
    try {
      return window.localStorage.getItem(key) === "1";
    } catch (e) {
      return false; // storage blocked: the choice lasts for this page only
    }
  }

  function save(key, on) {
    try {
      if (on) {
        window.localStorage.setItem(key, "1");
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (e) {
      /* storage blocked: nothing to remember */
    }
  }

  Object.keys(MODES).forEach(function (name) {
    if (saved(MODES[name].key)) {
      root.classList.add(MODES[name].css);
    }
  });

  function wire(button) {
    var mode = MODES[button.getAttribute("data-a11y-mode")];
    if (!mode) {
      return;
    }
    button.setAttribute("aria-pressed", root.classList.contains(mode.css) ? "true" : "false");
    button.addEventListener("click", function () {
      var on = !root.classList.contains(mode.css);
      root.classList.toggle(mode.css, on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      save(mode.key, on);
    });
  }

  function start() {
    var panel = document.getElementById("a11y-panel");
    if (!panel) {
      return;
    }
    Array.prototype.forEach.call(panel.querySelectorAll("[data-a11y-mode]"), wire);
    panel.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
