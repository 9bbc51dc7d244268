// Minimal progressive enhancement: the site works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var toggle = document.querySelector(".main-nav__toggle");
  var list = document.getElementById("main-nav-list");
  if (!toggle || !list) return;
  var small = window.matchMedia("(max-width: 40em)");
  function sync() {
    if (small.matches) {
      toggle.hidden = false;
      var open = toggle.getAttribute("aria-expanded") === "true";
      list.setAttribute("data-collapsed", open ? "false" : "true");
    } else {
      toggle.hidden = true;
      list.removeAttribute("data-collapsed");
    }
  }
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    sync();
  });
  small.addEventListener("change", sync);
  sync();
})();
